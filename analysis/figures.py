"""Export of every figure and table, with provenance (stage: analyse → figure → **export**).

``setup`` is the one call at the top of every notebook: it fixes style and random seeds,
resolves the source, the output folder and the dictionary packs from the notebook's
parameters, and returns the ``Run`` that every later save records. ``save_figure`` writes PNG
(300 dpi), SVG and PDF; ``save_table`` a CSV with a sidecar; each file atomically, each with
its source, the source's sha256, package version, notebook and parameters, and no timestamps.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import random
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.transforms import Bbox

from analysis import outputs, paths
from analysis.kernel_state import HEADLESS
from analysis.outputs import MANIFEST, SIDECAR, atomic_write
from analysis.paths import BUILD_DIR, display_path, figures_dir
from analysis.plots import raster
from analysis.plots.style import (  # re-exported: the names notebooks and tests import
    FONT_NAME,
    FONT_PATH,
    PALETTE,
    SEED,
    STYLE,
    no_data_figure,
    source_note,
    tight_bbox,
)

__all__ = [
    "FONT_NAME",
    "FONT_PATH",
    "MANIFEST",
    "PALETTE",
    "SEED",
    "Run",
    "no_data_figure",
    "save_figure",
    "save_table",
    "setup",
    "source_note",
]


@functools.cache
def package_version() -> str:
    """The installed version of this package (read once: every save and footer records it)."""
    try:
        return metadata.version("analysis")
    except metadata.PackageNotFoundError:  # running from a checkout that is not installed
        return "unknown"


def _json_safe(value: object) -> object:
    """A parameter value as metadata holds it: paths relative to the project, no objects."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Path):
        return display_path(value)
    if isinstance(value, str):
        return display_path(value) if Path(value).is_absolute() else value
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return str(value)


def notebook_parameters(namespace: dict) -> dict[str, object]:
    """The UPPER_CASE names of a notebook's namespace (its parameters), JSON-safe, sorted."""
    simple = (type(None), bool, int, float, str, Path, list, tuple, dict)
    return {
        k: _json_safe(v)
        for k, v in sorted(namespace.items())
        if k.isupper() and k.isidentifier() and not k.startswith("_") and isinstance(v, simple)
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


@dataclass
class Run:
    """What a notebook run analyses and where its outputs go; recorded by every save."""

    notebook: str | None = None
    source: Path | None = None
    corpus: str | None = None
    output_dir: Path | None = None
    dictionaries: tuple[str, ...] = ()
    parameters: dict[str, object] = field(default_factory=dict)

    @property
    def source_name(self) -> str:
        return display_path(self.source) if self.source else ""

    @property
    def source_sha256(self) -> str:
        return _sha256(self.source) if self.source else ""

    @property
    def dictionary_label(self) -> str:
        """'jieba + minning' (or 'jieba' alone): which dictionaries tokenized the text."""
        return " + ".join(["jieba", *self.dictionaries])

    def note(self, detail: str = "") -> str:
        """A figure footer: source, dictionaries, package version, then ``detail``."""
        parts = [f"数据 / source: {self.source_name}" if self.source else ""]
        parts.append(f"词典 / dictionaries: {self.dictionary_label}")
        parts.append(f"analysis {package_version()}")
        return paths.scrub("; ".join(p for p in [*parts, detail] if p))

    def provenance(self) -> dict[str, object]:
        return {
            "source": self.source_name,
            "source_sha256": self.source_sha256,
            "corpus": self.corpus,
            "dictionaries": self.dictionary_label,
            "package": f"analysis {package_version()}",
            "notebook": self.notebook,
            "parameters": self.parameters,
        }


_state: dict[str, object] = {"run": Run(), "saving": 0.0}


def setup(notebook: str | None = None, *, parameters: dict | None = None, seed: int = SEED) -> Run:
    """One call at the top of every notebook: font, style, dpi, random seeds, warnings, and
    the run's source, output folder and dictionaries, from its parameters (``globals()``).

    ``SOURCE`` None = the bundled seed; ``OUTPUT_DIR`` None = ``figures/`` for the bundled
    seed, ``output/<stem>/`` for any other text; ``DICTIONARIES`` None = the packs the
    bundled seed declares, none for another text. A missing-glyph warning becomes an error,
    so a figure with boxes instead of Chinese characters fails instead of being exported.
    """
    from analysis import dictionaries, tokens  # noqa: F401 (tokens: registers its caches)

    plt.rcParams.update(STYLE)
    random.seed(seed)
    np.random.seed(seed)
    warnings.filterwarnings("error", message=r"Glyph \d+ .*missing from font")
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.width", 160)
    params = notebook_parameters(parameters or {})
    given = (parameters or {}).get("SOURCE")
    corpus = (parameters or {}).get("CORPUS")
    source = paths.resolve_input(given) if given is not None else paths.default_seed()
    out = (parameters or {}).get("OUTPUT_DIR")
    paths.set_output_dir(out if out is not None else paths.default_output_dir(given, corpus))
    packs = (parameters or {}).get("DICTIONARIES")
    if packs is None:
        packs = dictionaries.packs_for(source)
    dictionaries.use_dictionaries(packs)
    run = Run(
        notebook,
        source,
        _json_safe(corpus) if corpus else None,
        figures_dir(),
        dictionaries.active_dictionaries(),
        params,
    )
    _state.update(run=run, saving=0.0, saving_parts={})
    return run


def current_run() -> Run:
    return _state["run"]  # type: ignore[return-value]


def _figure_metadata(caption: str, run: Run) -> dict[str, dict]:
    """Deterministic metadata for each format: no dates, no matplotlib version."""
    prov = json.dumps(run.provenance(), ensure_ascii=False, sort_keys=True)
    source = f"{run.source_name} (sha256 {run.source_sha256})" if run.source else ""
    creator = f"analysis {package_version()}"
    return {
        "png": {"Title": caption, "Source": source, "Description": prov, "Software": creator},
        "svg": {
            "Title": caption,
            "Source": source,
            "Description": prov,
            "Creator": creator,
            "Date": None,
        },
        "pdf": {
            "Title": caption,
            "Subject": prov,
            "Keywords": source,
            "Creator": creator,
            "Producer": None,
            "CreationDate": None,
            "ModDate": None,
        },
    }


class Saved(list):
    """The files one save wrote; shown as one short line, not a list of PosixPath objects."""

    def __repr__(self) -> str:
        if not self:
            return "saved nothing"
        names = ", ".join(p.name for p in self)
        return f"saved {names} → {display_path(self[0].parent)}/"


class SavedPath(type(Path())):  # type: ignore[misc]
    """A saved file's path, shown as one short line in a notebook."""

    def __repr__(self) -> str:
        return f"saved {self.name} → {display_path(self.parent)}/"


def save_figure(fig: plt.Figure, name: str, *, caption: str) -> list[Path]:
    """Write ``NAME.png`` (300 dpi), ``.svg`` and ``.pdf`` into the output folder; record them.

    Each file is written to a temporary file and renamed, so an interrupted save never leaves
    half a file; metadata that would change between runs (dates, versions of matplotlib) is
    left out, so a rebuild writes byte-identical SVG and PDF. The PDF's font subset is read
    from ``build/font_subsets/`` when the same glyphs were embedded before (``plots.pdf_fonts``).
    The figure is laid out and measured once (``plots.style.tight_bbox``) and drawn once for
    both the PDF and the SVG (``plots.vector_pair``); the PNG is rasterised from the PDF
    (``plots.raster``): three files of one drawing.
    In a headless build (``analysis.build``) the figure is then closed and the notebook shows
    the saved PNG instead of drawing the figure once more.
    """
    from analysis.plots.pdf_fonts import cached_subsets  # fontTools: only when saving
    from analysis.plots.vector_pair import stable_svg_ids, write_pdf_and_svg

    start = time.perf_counter()
    run = current_run()
    out = figures_dir()
    files = [out / f"{name}.{ext}" for ext in ("png", "svg", "pdf")]
    bbox = tight_bbox(fig).padded(plt.rcParams["savefig.pad_inches"])
    meta = _figure_metadata(paths.scrub(caption), run)

    def vectors(tmp_pdf: Path, tmp_svg: Path) -> None:
        with cached_subsets(), raster.quick_image_deflate():
            write_pdf_and_svg(
                fig, tmp_pdf, tmp_svg, dpi=DPI, bbox_inches=bbox,
                pdf_metadata=meta["pdf"], svg_metadata=meta["svg"],
            )  # fmt: skip
        stable_svg_ids(tmp_svg)

    def draw_png(tmp: Path) -> None:  # without PDFium: matplotlib draws the PNG itself
        _savefig(fig, tmp, "png", bbox, meta["png"])

    png, svg, pdf = files
    seconds = {"layout": time.perf_counter() - start}
    began = time.perf_counter()
    if plt.rcParams["savefig.transparent"]:  # applied by savefig only: each format on its own
        for path, ext in ((pdf, "pdf"), (svg, "svg")):
            with raster.quick_image_deflate():
                atomic_write(path, lambda tmp, ext=ext: _savefig(fig, tmp, ext, bbox, meta[ext]))
        stable_svg_ids(svg)
    else:
        outputs.atomic_pair(pdf, svg, vectors)
    seconds["pdf+svg"] = time.perf_counter() - began
    began = time.perf_counter()
    atomic_write(png, _rasterise(pdf, meta["png"]) if raster.available() else draw_png)
    seconds["png"] = time.perf_counter() - began
    _record(name, files, caption, run)
    _log_saving(time.perf_counter() - start, seconds)
    if os.environ.get(HEADLESS) == "1":
        _show_saved(fig, png)
    return Saved(files)


DPI = 300  # of the PNG


def _savefig(fig: plt.Figure, tmp: Path, ext: str, bbox: Bbox, metadata: dict) -> None:
    """``fig`` saved as one format the usual way (the PDF with its cached font subset)."""
    from analysis.plots.pdf_fonts import cached_subsets

    with cached_subsets() if ext == "pdf" else contextlib.nullcontext():
        fig.savefig(tmp, format=ext, dpi=DPI, bbox_inches=bbox, metadata=metadata)


def _show_saved(fig: plt.Figure, png: Path) -> None:
    """Close ``fig`` (the inline backend would render it again) and show the saved PNG."""
    from IPython.display import Markdown, display

    plt.close(fig)
    display(Markdown(f"![{png.stem}]({_link(png)})"))


def _link(png: Path) -> str:
    """``png`` relative to ``build/``, where the executed copies of the notebooks are."""
    return Path(os.path.relpath(png, BUILD_DIR)).as_posix()


def _record(name: str, files: list[Path], caption: str, run: Run) -> None:
    outputs.record(
        files[0].parent,
        name,
        {
            "files": [f.name for f in files],
            "caption": paths.scrub(caption),
            "notebook": run.notebook,
            "source": run.source_name,
            "dictionaries": run.dictionary_label,
        },
    )


def _rasterise(pdf: Path, metadata: dict[str, str | None]) -> Callable[[Path], None]:
    return lambda tmp: raster.pdf_to_png(pdf, tmp, dpi=DPI, metadata=metadata)


def _log_saving(seconds: float, parts: dict[str, float]) -> None:
    """Add to this notebook's time spent exporting figures, in all and by part (measuring the
    layout, each format), in ``build/timings/`` (not committed): ``benchmarks/bench_build.py``
    splits drawing from saving with it."""
    _state["saving"] = float(_state.get("saving") or 0.0) + seconds  # type: ignore[arg-type]
    split: dict[str, float] = _state.setdefault("saving_parts", {})  # type: ignore[assignment]
    for part, value in parts.items():
        split[part] = split.get(part, 0.0) + value
    notebook = current_run().notebook
    if notebook:
        folder = BUILD_DIR / "timings"
        folder.mkdir(parents=True, exist_ok=True)
        logged = {"saving": _state["saving"], "parts": _state["saving_parts"]}
        (folder / f"{notebook}.json").write_text(json.dumps(logged))


def export_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table as exported: articles numbered from 1 (as figures name them, 文章1), and
    absolute paths shown relative to the project (no local paths in anything exported)."""
    out = table.copy()
    if "article" in out and pd.api.types.is_integer_dtype(out["article"]):
        out["article"] = out["article"] + 1
    root = str(paths.PROJ_ROOT) + "/"
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: (
                    (
                        display_path(v)
                        if v.startswith("/") and "\n" not in v
                        else v.replace(root, "")
                    )
                    if isinstance(v, str)
                    else v
                )
            )
    return out


def save_table(table: pd.DataFrame, name: str, *, caption: str) -> Path:
    """Write ``NAME.csv`` and its sidecar ``NAME.csv-metadata.json``; record them.

    UTF-8 with a byte-order mark: Excel on Chinese Windows reads a CSV without one as
    GBK and shows mojibake; pandas, R and Python's csv read the BOM transparently. Full text
    in every column (truncation is for figures only), ``\\n`` line ends, no index.
    """
    run = current_run()
    path = figures_dir() / f"{name}.csv"
    exported = export_table(table)
    atomic_write(
        path,
        lambda tmp: exported.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8-sig"),
    )
    sidecar = path.with_name(path.name.removesuffix(".csv") + SIDECAR)
    meta = {
        "url": path.name,
        "dc:title": paths.scrub(caption),
        "dc:source": run.source_name,
        "encoding": "utf-8-sig",
        "note": "articles are numbered from 1",
        "tableSchema": {
            "columns": [{"name": str(c), "datatype": str(t)} for c, t in exported.dtypes.items()]
        },
        **run.provenance(),
    }
    outputs.atomic_text(
        sidecar, json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )
    _record(path.name, [path, sidecar], caption, run)  # keyed by file name: a figure may share
    return SavedPath(path)
