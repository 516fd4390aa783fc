"""The PDF and the SVG of a figure from one drawing of it (``write_pdf_and_svg``).

``fig.savefig`` draws the whole figure once per file: every artist computes its paths,
transforms, ticks and text layout again, and only the last step, the renderer's output,
differs between the formats. Here the figure is drawn once into a renderer that passes each
drawing call on to matplotlib's own PDF and SVG renderers (``_Pair``), each writing its file as
``savefig`` would. Queries (text extents, canvas size, whether the y axis points down) are
answered by the PDF renderer; text positions are flipped for the SVG renderer as matplotlib's
``Text.draw`` does for it. The SVG's text is therefore placed with the PDF renderer's glyph
measures, which round to 1/64 pt where the SVG renderer's do not. A test draws one figure with
every kind of artist the notebooks use both ways: the PDF is ``savefig``'s to the byte, the SVG
the same document with its numbers within 0.05 pt.

This follows ``FigureCanvasBase.print_figure``, ``FigureCanvasPdf.print_pdf`` and
``FigureCanvasSVG.print_svg`` of the locked matplotlib (3.11) step for step: the same figure
dpi changes, the same tight-box adjustment and the same renderers. It is only used for a
figure saved with an explicit bounding box and no layout engine (``save_figure`` freezes the
layout first), the one case it reproduces; ``savefig.transparent`` (applied by
``Figure.savefig``, not here) is not supported: ``save_figure`` then saves each format apart.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib import _tight_bbox, cbook
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_pdf import PdfFile, RendererPdf
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

# Drawing calls passed on to both renderers; the graphics context (first argument) is the pair's.
_DRAW = (
    "draw_path",
    "draw_markers",
    "draw_path_collection",
    "draw_quad_mesh",
    "draw_gouraud_triangles",
    "draw_image",
)
_BOTH = ("open_group", "close_group", "start_filter", "finalize")


class _PairGC:
    """Two graphics contexts set alike: every ``set_*`` (and ``restore``) goes to both."""

    def __init__(self, first: Any, second: Any) -> None:
        self._first = first
        self._second = second

    def __getattr__(self, name: str) -> Any:
        first = getattr(self._first, name)
        if not (name.startswith("set_") or name in ("restore", "copy_properties")):
            return first
        second = getattr(self._second, name)

        def both(*args: Any, **kwargs: Any) -> Any:
            second(*args, **kwargs)
            return first(*args, **kwargs)

        return both


class _Pair:
    """A renderer that draws into ``first`` (PDF) and ``second`` (SVG) at once."""

    def __init__(self, first: RendererPdf, second: RendererSVG) -> None:
        self._first = first
        self._second = second
        self._height = first.get_canvas_width_height()[1]

    def __getattr__(self, name: str) -> Any:
        if name in _DRAW:
            return self._draw(name)
        if name in _BOTH:
            return self._both(name)
        return getattr(self._first, name)

    def new_gc(self) -> _PairGC:
        return _PairGC(self._first.new_gc(), self._second.new_gc())

    def _draw(self, name: str) -> Callable[..., None]:
        first, second = getattr(self._first, name), getattr(self._second, name)

        def draw(gc: _PairGC, *args: Any, **kwargs: Any) -> None:
            first(gc._first, *args, **kwargs)
            second(gc._second, *args, **kwargs)

        return draw

    def _both(self, name: str) -> Callable[..., Any]:
        first, second = getattr(self._first, name), getattr(self._second, name)

        def both(*args: Any, **kwargs: Any) -> Any:
            second(*args, **kwargs)
            return first(*args, **kwargs)

        return both

    def stop_filter(self, filter_func: Callable) -> None:
        self._second.stop_filter(filter_func)
        self._first.stop_filter(filter_func)

    def draw_text(self, gc: _PairGC, x: float, y: float, *args: Any, **kwargs: Any) -> None:
        self._first.draw_text(gc._first, x, y, *args, **kwargs)
        self._second.draw_text(gc._second, x, self._flipped(y), *args, **kwargs)

    def draw_tex(self, gc: _PairGC, x: float, y: float, *args: Any, **kwargs: Any) -> None:
        self._first.draw_tex(gc._first, x, y, *args, **kwargs)
        self._second.draw_tex(gc._second, x, self._flipped(y), *args, **kwargs)

    def _flipped(self, y: float) -> float:
        """``y`` as ``Text.draw`` gives it to a renderer whose y axis points down (the SVG's)."""
        return y if self._first.flipy() == self._second.flipy() else self._height - y


def write_pdf_and_svg(
    fig: Figure,
    pdf: Path,
    svg: Path,
    *,
    dpi: float,
    bbox_inches: Bbox,
    pdf_metadata: dict[str, Any],
    svg_metadata: dict[str, Any],
) -> None:
    """Write ``fig`` as PDF to ``pdf`` and as SVG to ``svg``, drawing it once.

    The same files as ``fig.savefig(pdf, format="pdf", dpi=dpi, bbox_inches=bbox_inches,
    metadata=pdf_metadata)`` and its SVG twin, for a figure without a layout engine.
    """
    if fig.get_layout_engine() is not None:
        raise ValueError("write_pdf_and_svg needs a figure whose layout is frozen")
    with contextlib.ExitStack() as stack:
        # as print_figure: no GUI window is resized by the dpi changes below
        stack.enter_context(cbook._setattr_cm(fig.canvas, manager=None))
        stack.enter_context(cbook._setattr_cm(fig.canvas, _is_saving=True))
        for prop in ("facecolor", "edgecolor"):
            color = mpl.rcParams[f"savefig.{prop}"]
            if not cbook._str_equal(color, "auto"):
                stack.enter_context(fig._cm_set(**{prop: color}))
        stack.enter_context(cbook._setattr_cm(fig, dpi=dpi))
        restore_bbox = _tight_bbox.adjust_bbox(fig, bbox_inches, None, 72)
        stack.callback(restore_bbox)
        stack.enter_context(cbook._setattr_cm(fig, dpi=dpi))
        _draw_both(fig, (pdf, svg), dpi, (bbox_inches, restore_bbox), (pdf_metadata, svg_metadata))


def _draw_both(
    fig: Figure, out: tuple[Path, Path], dpi: float, restore: tuple, meta: tuple
) -> None:
    """``print_pdf`` and ``print_svg`` of one figure in one: the same renderers, one draw.
    ``out`` and ``meta`` are the PDF's and the SVG's; ``restore`` is the tight-box state."""
    (pdf, svg), (pdf_metadata, svg_metadata) = out, meta
    fig.dpi = 72  # points: both formats draw in them
    width, height = fig.get_size_inches()
    file = PdfFile(pdf, metadata=pdf_metadata)
    try:
        file.newPage(width, height)
        with open(svg, "w", encoding="utf-8") as fh:
            svg_renderer = RendererSVG(
                width * 72, height * 72, fh, image_dpi=dpi, metadata=svg_metadata
            )
            pair = _Pair(RendererPdf(file, dpi, height, width), svg_renderer)
            renderer = MixedModeRenderer(fig, width, height, dpi, pair, bbox_inches_restore=restore)
            fig.draw(renderer)
            renderer.finalize()
        file.finalize()
    finally:
        file.close()


_CLIP_ID = re.compile(r"\bp[0-9a-f]{10}\b")


def stable_svg_ids(path: Path) -> None:
    """Number the SVG's clip-path ids in order of appearance. matplotlib hashes a path clip
    with the clip object's memory address, so the same figure would get other ids on a rerun."""
    text = path.read_text(encoding="utf-8")
    ids: dict[str, str] = {}
    for found in _CLIP_ID.findall(text):
        ids.setdefault(found, f"clip{len(ids) + 1}")
    if ids:
        path.write_text(_CLIP_ID.sub(lambda m: ids[m.group()], text), encoding="utf-8")
