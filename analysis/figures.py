"""House style and export of every figure and table (stage: analyse → **figure**).

The bundled WenQuanYi Micro Hei font is registered with matplotlib at import, so Chinese
renders on a machine with no CJK font installed. ``save_figure`` writes PNG (300 dpi), SVG and
PDF with deterministic metadata and editable text, and records a caption in the manifest.
"""

from __future__ import annotations

import fcntl
import json
import random
import time
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager

from analysis.paths import BUILD_DIR, figures_dir

FONT_PATH = Path(__file__).parent / "fonts" / "WenQuanYiMicroHei.ttf"
font_manager.fontManager.addfont(str(FONT_PATH))
FONT_NAME = font_manager.FontProperties(fname=str(FONT_PATH)).get_name()
MANIFEST = "manifest.json"
SEED = 20260617
PALETTE = ["#1f5a99", "#c8553d", "#588b8b", "#f2a541", "#7d5ba6", "#6b8f3a", "#8c8c8c"]

_state: dict[str, str | float | None] = {"notebook": None, "saving": 0.0}

STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_NAME, "DejaVu Sans"],
    "axes.unicode_minus": False,
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "pdf.fonttype": 42,  # TrueType embedded: text stays editable and searchable
    "ps.fonttype": 42,
    "svg.fonttype": "none",  # text as <text> elements, not paths: editable
    "svg.hashsalt": "analysis",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.titleweight": "normal",  # the bundled font has one weight
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
}


def setup(notebook: str | None = None, *, seed: int = SEED) -> None:
    """One call at the top of every notebook: font, style, dpi, random seeds, warnings.

    A missing-glyph warning becomes an error, so a figure with boxes instead of Chinese
    characters fails the build instead of being exported.
    """
    plt.rcParams.update(STYLE)
    random.seed(seed)
    np.random.seed(seed)
    warnings.filterwarnings("error", message=r"Glyph \d+ .*missing from font")
    _state["notebook"] = notebook
    _state["saving"] = 0.0
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.width", 160)


def source_note(fig: plt.Figure, text: str) -> None:
    """A small note under the figure saying where the data came from."""
    fig.text(0.01, -0.02, text, ha="left", va="top", fontsize=7, color="#555555")


def no_data_figure(message: str, *, source: str = "") -> plt.Figure:
    """A figure that says there is nothing to draw, and why (instead of crashing a notebook).

    Plot functions return it for empty input, so a notebook run on a short article with, say,
    no compared quantities still finishes and the exported file explains the gap.
    """
    fig, ax = plt.subplots(figsize=(6, 1.6))
    ax.axis("off")
    ax.text(
        0.5,
        0.5,
        f"无可绘制的数据 / nothing to draw:\n{message}",
        ha="center",
        va="center",
        fontsize=10,
        color="#555555",
        wrap=True,
    )
    if source:
        source_note(fig, source)
    return fig


def _record(name: str, files: list[Path], caption: str) -> None:
    """Add one entry to the manifest, under an exclusive lock: the build runs notebooks in
    parallel, and two unlocked read-modify-writes would lose an entry."""
    path = figures_dir() / MANIFEST
    with path.open("a+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        text = fh.read()
        entries = json.loads(text) if text.strip() else {}
        entries[name] = {
            "files": [f.name for f in files],
            "caption": caption,
            "notebook": _state["notebook"],
        }
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def save_figure(fig: plt.Figure, name: str, *, caption: str) -> list[Path]:
    """Write ``figures/NAME.png`` (300 dpi), ``.svg`` and ``.pdf``; record the caption.

    Metadata that would change between runs (dates, software versions) is left out, so a
    rebuild writes byte-identical SVG and PDF.
    """
    start = time.perf_counter()
    out = figures_dir()
    files = [out / f"{name}.{ext}" for ext in ("png", "svg", "pdf")]
    # The tight bounding box computed once, not by each of the three savefig calls: each
    # "tight" save lays the figure out in an extra draw, a third of the export time.
    fig.draw_without_rendering()  # lays out titles and tick labels, as savefig would
    bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(plt.rcParams["savefig.pad_inches"])
    fig.savefig(files[0], dpi=300, bbox_inches=bbox, metadata={"Software": None})
    fig.savefig(files[1], bbox_inches=bbox, metadata={"Date": None, "Creator": None})
    fig.savefig(
        files[2],
        bbox_inches=bbox,
        metadata={"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    )
    _record(name, files, caption)
    _log_saving(time.perf_counter() - start)
    return files


def _log_saving(seconds: float) -> None:
    """Add to this notebook's time spent exporting figures (``build/timings/``, not committed):
    ``benchmarks/bench_build.py`` splits drawing from saving with it."""
    _state["saving"] = float(_state.get("saving") or 0.0) + seconds
    if _state["notebook"]:
        folder = BUILD_DIR / "timings"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{_state['notebook']}.json").write_text(json.dumps({"saving": _state["saving"]}))


def save_table(table: pd.DataFrame, name: str, *, caption: str) -> Path:
    """Write ``figures/NAME.csv`` (UTF-8, no index, ``\\n`` line ends); record the caption."""
    path = figures_dir() / f"{name}.csv"
    table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    _record(path.name, [path], caption)  # keyed by file name: a figure may share the stem
    return path
