"""The house style: one font, one palette, two page sizes, text never under 7 pt.

Figures are drawn at print size: ``SINGLE`` (3.5 in, one column) or ``FULL`` (7 in, the full
text width), so a font size here is the size on the printed page. The bundled WenQuanYi Micro
Hei font is registered with matplotlib at import, so Chinese renders on any machine.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import Bbox, TransformedBbox

from analysis.plots import font_memory

FONT_PATH = Path(__file__).resolve().parents[1] / "fonts" / "WenQuanYiMicroHei.ttf"
font_manager.fontManager.addfont(str(FONT_PATH))
font_memory.install(FONT_PATH)  # FreeType reads it from memory: text layout 3× faster
FONT_NAME = font_manager.FontProperties(fname=str(FONT_PATH)).get_name()
SEED = 20260617
PALETTE = ["#1f5a99", "#c8553d", "#588b8b", "#f2a541", "#7d5ba6", "#6b8f3a", "#8c8c8c"]
GREY = "#b0b0b0"

SINGLE = 3.5  # inches: one column of a two-column page
FULL = 7.0  # inches: the full text width
WIDTHS = {"single": SINGLE, "full": FULL}
MIN_FONT = 7.0  # points at print size: nothing smaller is drawn
SMALL, NORMAL, TITLE = 7.0, 8.0, 9.0

STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_NAME, "DejaVu Sans"],
    "font.size": NORMAL,
    "axes.titlesize": TITLE,
    "axes.labelsize": NORMAL,
    "xtick.labelsize": SMALL,
    "ytick.labelsize": SMALL,
    "legend.fontsize": SMALL,
    "legend.title_fontsize": SMALL,
    "figure.titlesize": TITLE,
    "axes.unicode_minus": False,
    "axes.formatter.useoffset": False,  # never "+2.00866e3" or "1e10" beside an axis
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.03,
    "pdf.fonttype": 42,  # TrueType embedded: text stays editable and searchable
    "ps.fonttype": 42,
    "svg.fonttype": "none",  # text as <text> elements, not paths: editable
    "svg.hashsalt": "analysis",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "normal",  # the bundled font has one weight
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "lines.linewidth": 1.0,
}


def page_width(size: str | float) -> float:
    """``"single"`` → 3.5, ``"full"`` → 7.0 (inches); a number is taken as inches."""
    if isinstance(size, int | float):
        return float(size)
    if size not in WIDTHS:
        raise ValueError(f"size {size!r}: choose 'single' (3.5 in) or 'full' (7 in)")
    return WIDTHS[size]


def new_figure(size: str | float = "full", height: float = 3.0, **subplots) -> tuple:
    """``plt.subplots`` at print size with constrained layout (nothing pushed off the page)."""
    subplots.setdefault("layout", "constrained")
    # A little under the page: saving adds ``savefig.pad_inches`` on each side.
    return plt.subplots(figsize=(page_width(size) - 0.06, height), **subplots)


def article_name(index: int) -> str:
    """Articles are numbered from 1 in every figure and table: index 0 → '文章1'."""
    return f"文章{int(index) + 1}"


def article_colour(index: int) -> str:
    return PALETTE[int(index) % len(PALETTE)]


def shorten(text: str, chars: int) -> str:
    """Display truncation for labels only (exported tables keep the full text)."""
    text = str(text)
    return text if len(text) <= chars else text[: chars - 1] + "…"


def chars_per_line(fig: plt.Figure, fontsize: float = SMALL, share: float = 0.98) -> int:
    """How many Chinese characters (1 em each) fit across ``share`` of the figure's width."""
    return max(10, int(fig.get_figwidth() * 72 * share / fontsize))


def freeze_layout(fig: plt.Figure) -> None:
    """Run the layout once and fix it, so boxes measured now are where they will be drawn.

    Only the layout engine runs (it measures what it places), not a whole draw; a second call
    on a frozen figure does nothing. Figure legends are pinned where the layout put them (in
    figure coordinates): a legend anchored to the figure's edge would otherwise jump to the edge
    of the cropped page when the figure is saved with a tight bounding box, onto the source note.
    The engine is then removed (not replaced by matplotlib's placeholder), so that saving does
    not run a layout draw of its own before each format.
    """
    if getattr(fig, _FROZEN, False):
        return
    engine = fig.get_layout_engine()
    if engine is not None and fig.axes:
        engine.execute(fig)
    renderer = fig.canvas.get_renderer()
    for legend in fig.legends:
        box = legend.get_window_extent(renderer).transformed(fig.transFigure.inverted())
        legend.set_bbox_to_anchor(box, transform=fig.transFigure)
        legend.set_loc("center")
    with matplotlib.rc_context(_NO_AUTO_LAYOUT):
        fig.set_layout_engine(None)  # None, not "none": "none" leaves a placeholder engine
    setattr(fig, _FROZEN, True)


_NO_AUTO_LAYOUT = {"figure.autolayout": False, "figure.constrained_layout.use": False}
_FROZEN = "_analysis_frozen_layout"
_TIGHT = "_analysis_tight_bbox"


def tight_bbox(fig: plt.Figure) -> Bbox:
    """The figure's tight bounding box (inches, unpadded), measured once per state of the figure.

    ``source_note`` measures it anyway to place the note, adds the note's own box and keeps
    the result; it is reused as long as nothing in the figure changed since (any change marks
    the figure stale), so saving three formats measures no text again.
    """
    kept = getattr(fig, _TIGHT, None)
    if kept is not None and not fig.stale and kept[0] == _geometry(fig):
        return kept[1]
    freeze_layout(fig)
    fig.draw_without_rendering()  # a figure without a note, or changed since: as measured before
    return fig.get_tightbbox(fig.canvas.get_renderer()).frozen()


def _geometry(fig: plt.Figure) -> tuple[float, float, float]:
    return (fig.dpi, *fig.get_size_inches())


def text_width(text: str) -> float:
    """Width of ``text`` in em: a Chinese character is 1 em, a Latin letter or digit ~0.55."""
    return sum(1.0 if ord(ch) > 0x2E7F or 0x2000 <= ord(ch) <= 0x206F else 0.55 for ch in text)


def fit(text: str, width_in: float, fontsize: float = NORMAL) -> str:
    """``text`` wrapped into lines no wider than ``width_in`` inches at ``fontsize`` points
    (Chinese and Latin widths counted apart, so mixed labels wrap where they should)."""
    limit = width_in * 72 / fontsize * 0.96  # a margin for glyphs a little over 1 em
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        words = re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", paragraph)
        # A Latin word wider than the line is cut into pieces that fit.
        step = max(1, int(limit / 0.55))
        words = [w[i : i + step] for w in words for i in range(0, len(w), step)]
        for word in words:
            if line and text_width(line + word.rstrip()) > limit:
                lines.append(line.rstrip())
                line = word.lstrip()
            else:
                line += word
        lines.append(line.rstrip())
    return "\n".join(lines)


def figure_title(fig: plt.Figure, text: str) -> None:
    """The figure's title, flush left and wrapped to the page width (never past its edge)."""
    fig.suptitle(fit(text, fig.get_figwidth() * 0.98, TITLE), x=0.01, ha="left")


def narrow(fig: plt.Figure) -> bool:
    """Whether the figure is a single-column one (less room: fewer columns, shorter labels)."""
    return fig.get_figwidth() < (SINGLE + FULL) / 2


def source_note(fig: plt.Figure, text: str) -> None:
    """A small note under everything else in the figure saying where the data came from,
    wrapped to the figure's width.

    The layout is run and frozen first, so the note goes below the lowest artist (legends
    and tick labels included) and no later layout pass can move anything onto it. The tight
    box measured for that, with the note's box added, is kept for saving (``tight_bbox``).
    """
    if not text:
        return
    freeze_layout(fig)
    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)
    bottom = box.y0 / fig.get_figheight()  # inches over the figure's height
    # A Chinese character is 1 em wide, a Latin one about half: wrap by the mixed width.
    lines = textwrap.wrap(text, width=int(chars_per_line(fig) * 1.6)) or [text]
    note = fig.text(
        0.0,
        min(0.0, bottom) - 0.01,
        "\n".join(lines),
        ha="left",
        va="top",
        fontsize=SMALL,
        color="#555555",
        transform=fig.transFigure,
    )
    note_box = TransformedBbox(note.get_tightbbox(renderer), fig.dpi_scale_trans.inverted())
    setattr(fig, _TIGHT, (_geometry(fig), Bbox.union([box, note_box])))
    fig.stale = False  # from here, any change to the figure marks it stale again


def no_data_figure(message: str, *, source: str = "", size: str | float = "full") -> plt.Figure:
    """A figure that says there is nothing to draw, and why (instead of crashing a notebook).

    Plot functions return it for empty input, so a notebook run on a short article with, say,
    no compared quantities still finishes and the exported file explains the gap.
    """
    fig, ax = new_figure(size, 1.2)
    ax.axis("off")
    text = "无可绘制的数据 / nothing to draw:\n" + fit(message, fig.get_figwidth() * 0.95)
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=NORMAL, color="#555555")
    source_note(fig, source)
    return fig


def wan_yi(value: float, _pos: object = None) -> str:
    """A tick label in Chinese number units: 12000 → '1.2万', 7.68e9 → '76.8亿'.

    >>> [wan_yi(v) for v in (25, 12000, 7.68e9)]
    ['25', '1.2万', '76.8亿']
    """
    sign = "-" if value < 0 else ""
    v = abs(value)
    for step, unit in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if v >= step:
            return f"{sign}{v / step:.4g}{unit}"
    if v >= 1 or v == 0:
        return f"{sign}{v:.4g}" if v else "0"
    small = f"{v:.4f}".rstrip("0").rstrip(".")  # 0.05, 0.0001: never 1e-05
    return f"{sign}{small}" if small != "0" else f"{sign}<0.0001"


WAN_YI = FuncFormatter(wan_yi)


def log_axis(ax: plt.Axes, axis: str = "x") -> None:
    """A log axis with plain tick labels (1, 10, 100, 1万, 1亿; no superscript mathtext, which
    prints exponents under 7 pt) and no minor labels."""
    from matplotlib.ticker import LogLocator, NullFormatter

    target = ax.xaxis if axis == "x" else ax.yaxis
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    target.set_major_locator(LogLocator(base=10, numticks=5))
    target.set_major_formatter(WAN_YI)
    target.set_minor_formatter(NullFormatter())
