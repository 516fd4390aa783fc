"""One drawing for the PDF and the SVG (``analysis.plots.vector_pair``) against ``savefig``.

The reference is matplotlib's own path: each format saved on its own. The PDF must be the same
bytes; the SVG the same document, with text positions off by less than a twentieth of a point
(its text is placed with the PDF renderer's measures, which round a glyph's extent to 1/64 pt
where the SVG renderer's do not).
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.patheffects as path_effects
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.transforms import Bbox

import analysis
from analysis import outputs
from analysis.plots.style import freeze_layout, new_figure, tight_bbox
from analysis.plots.vector_pair import write_pdf_and_svg

PDF_META = {"Creator": "test", "Producer": None, "CreationDate": None, "ModDate": None}
SVG_META = {"Creator": "test", "Date": None}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


@pytest.fixture(autouse=True)
def _style():
    analysis.setup("test")  # the house style and its font (the notebooks' first cell)
    yield
    plt.close("all")


def _everything() -> plt.Figure:
    """A figure with the artists the notebooks draw: bars, lines with markers, a scatter
    collection, an image with a colour bar, rotated and multi-line Chinese text, a legend,
    an annotation with an arrow, text with a path effect, hatching and a filled band."""
    fig, (left, right) = new_figure("full", 3.2, ncols=2)
    left.bar(["福建", "宁夏", "闽宁镇"], [26, 12.5, 8], hatch="//", label="项目（个）")
    left.plot([0, 1, 2], [20, 15, 9], marker="o", color="C1", label="增长率")
    left.scatter([0.2, 1.4, 1.9], [5, 18, 11], s=[20, 60, 90], c=[1, 2, 3])
    left.fill_between([0, 1, 2], [1, 2, 3], [4, 6, 5], alpha=0.3)
    left.annotate("最高\n26个", xy=(0, 26), xytext=(1.2, 24), arrowprops={"arrowstyle": "->"})
    left.set_title("闽宁协作 1996—2026")
    left.tick_params(axis="x", labelrotation=30)
    left.legend(loc="upper right")
    image = right.imshow(np.arange(20.0).reshape(4, 5), cmap="viridis", aspect="auto")
    fig.colorbar(image, ax=right, label="次数")
    text = right.text(1, 1, "移民", color="white")
    text.set_path_effects([path_effects.withStroke(linewidth=2, foreground="black")])
    right.set_xlabel("年份")
    freeze_layout(fig)
    return fig


def _reference(fig: plt.Figure, folder: Path, bbox) -> tuple[bytes, str]:
    fig.savefig(folder / "ref.pdf", format="pdf", dpi=300, bbox_inches=bbox, metadata=PDF_META)
    fig.savefig(folder / "ref.svg", format="svg", dpi=300, bbox_inches=bbox, metadata=SVG_META)
    return (folder / "ref.pdf").read_bytes(), (folder / "ref.svg").read_text(encoding="utf-8")


def _pair(fig: plt.Figure, folder: Path, bbox) -> tuple[bytes, str]:
    pdf, svg = folder / "pair.pdf", folder / "pair.svg"
    write_pdf_and_svg(
        fig, pdf, svg, dpi=300, bbox_inches=bbox, pdf_metadata=PDF_META, svg_metadata=SVG_META
    )
    return pdf.read_bytes(), svg.read_text(encoding="utf-8")


def _without_clip_ids(svg: str) -> str:
    return re.sub(r"\bp[0-9a-f]{10}\b", "clip", svg)  # matplotlib hashes memory addresses


def _same_document(ours: str, theirs: str, *, tolerance: float) -> float:
    """The largest difference of a number between two SVGs that are otherwise equal."""
    ours, theirs = _without_clip_ids(ours), _without_clip_ids(theirs)
    assert _NUMBER.sub("#", ours) == _NUMBER.sub("#", theirs)
    a = [float(x) for x in _NUMBER.findall(ours)]
    b = [float(x) for x in _NUMBER.findall(theirs)]
    assert len(a) == len(b) > 100
    worst = max(abs(x - y) for x, y in zip(a, b, strict=True))
    assert worst < tolerance
    return worst


def test_the_pdf_is_savefigs_to_the_byte_and_the_svg_its_document(tmp_path) -> None:
    fig = _everything()
    bbox = tight_bbox(fig).padded(0.03)
    ref_pdf, ref_svg = _reference(fig, tmp_path, bbox)
    pdf, svg = _pair(fig, tmp_path, bbox)
    assert pdf == ref_pdf
    assert "闽宁协作 1996—2026" in svg and "<image" in svg
    worst = _same_document(svg, ref_svg, tolerance=0.05)
    assert worst > 0  # the text measures do differ: the test would see a wrong flip or scale


def test_saving_leaves_the_figure_as_it_was(tmp_path) -> None:
    fig = _everything()
    bbox = tight_bbox(fig).padded(0.03)
    dpi, size, box = fig.dpi, tuple(fig.get_size_inches()), fig.bbox.bounds
    first = _pair(fig, tmp_path, bbox)
    assert (fig.dpi, tuple(fig.get_size_inches()), fig.bbox.bounds) == (dpi, size, box)
    assert _pair(fig, tmp_path, bbox) == first  # and a second save writes the same bytes


def test_a_figure_with_a_layout_engine_is_refused(tmp_path) -> None:
    fig, ax = plt.subplots(layout="constrained")
    ax.plot([1, 2], [3, 4])
    with pytest.raises(ValueError, match="layout is frozen"):
        _pair(fig, tmp_path, Bbox.from_bounds(0, 0, 4, 3))
    assert not (tmp_path / "pair.svg").exists()


def test_a_failed_pair_write_replaces_neither_file(tmp_path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "a.svg"
    first.write_text("old pdf")
    second.write_text("old svg")

    def half(tmp_first: Path, tmp_second: Path) -> None:
        tmp_first.write_text("new pdf")
        tmp_second.write_text("new svg")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        outputs.atomic_pair(first, second, half)
    assert (first.read_text(), second.read_text()) == ("old pdf", "old svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "a.svg"]  # no temporaries
