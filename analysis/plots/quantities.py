"""Figures of notebook 03 (indicators): quantities per unit as small multiples on their own
scales, the pairs a sentence compares, and one indicator's targets against its results."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.plots.style import (
    NORMAL,
    PALETTE,
    SMALL,
    TITLE,
    WAN_YI,
    article_colour,
    article_name,
    figure_title,
    fit,
    log_axis,
    new_figure,
    no_data_figure,
    shorten,
    source_note,
)


def _wide(values: pd.Series) -> bool:
    """Whether values span more than two orders of magnitude (then: a log axis)."""
    positive = values[values > 0]
    return len(positive) > 1 and positive.max() / positive.min() > 100


def _unit_panel(ax: plt.Axes, rows: pd.DataFrame, unit: str, height_rows: int) -> None:
    """One unit's panel: a dot per quantity labelled as the text writes it, its own scale."""
    labels = [
        shorten(f"{r.indicator}（{r.subject}）" if r.subject else str(r.indicator), 11)
        for r in rows.itertuples()
    ]
    y = np.arange(len(rows))
    ax.scatter(rows.value, y, s=12, color=[article_colour(a) for a in rows.article], zorder=3)
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, height_rows - 0.4)
    ax.grid(axis="x", color="#eeeeee", lw=0.6)
    wide = _wide(rows.value)
    low, high = float(rows.value.min()), float(rows.value.max())
    if wide:
        log_axis(ax)
        ax.set_xlim(low / 2, high * 60)  # room for the value labels right of the dots
    else:
        ax.xaxis.set_major_formatter(WAN_YI)
        ax.xaxis.set_major_locator(plt.MaxNLocator(3))
        ax.set_xlim(0, high * 1.7 if high > 0 else 1)
    for k, r in enumerate(rows.itertuples()):
        ax.annotate(
            str(r.human),
            (r.value, k),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=SMALL,
        )
    ax.set_title(f"单位：{unit}{'（对数 / log）' if wide else ''}", fontsize=NORMAL, loc="left")


def indicator_panels(
    table: pd.DataFrame,
    *,
    source: str,
    max_panels: int | None = None,
    max_rows: int | None = None,
    size: str = "full",
) -> plt.Figure:
    """Small multiples, one panel per unit (元, 人, 个, 家, % …) on its own scale, two
    panels a row at page width: a dot per quantity, labelled with the value as written,
    ticks in 万/亿, a log axis where values span more than two orders of magnitude.

    At most ``max_panels`` units with ``max_rows`` quantities each (default 8 × 10 at full
    width, 4 × 6 in one column, so the figure stays within a page); the note counts the rest.
    """
    max_panels = max_panels or (8 if size == "full" else 4)
    max_rows = max_rows or (10 if size == "full" else 6)
    data = table[~table.unit.isin(["share", "番"])]
    if data.empty:
        return no_data_figure("no quantities", source=source, size=size)
    units = list(
        data.groupby("unit").size().sort_values(ascending=False, kind="stable").index[:max_panels]
    )
    ncols = min(2 if size == "full" else 1, len(units))
    nrows = math.ceil(len(units) / ncols)
    counts = [min(max_rows, int((data.unit == u).sum())) for u in units]
    heights = [max(counts[i : i + ncols]) * 0.19 + 0.75 for i in range(0, len(units), ncols)]
    fig, axes = new_figure(
        size,
        sum(heights) + 0.5,
        nrows=nrows,
        ncols=ncols,
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    for k_ax, (ax, unit) in enumerate(zip(axes.flat, units, strict=False)):
        row_of = k_ax // ncols
        in_row = max(counts[row_of * ncols : (row_of + 1) * ncols])
        rows = data[data.unit == unit].sort_values("value", kind="stable").tail(max_rows)
        _unit_panel(ax, rows, unit, in_row)
    for ax in list(axes.flat)[len(units) :]:
        ax.set_visible(False)
    _frame_panels(fig, data, len(data) - sum(counts), source)
    return fig


def _frame_panels(fig: plt.Figure, data: pd.DataFrame, hidden: int, source: str) -> None:
    """The panels' shared legend (one colour per article), title and source note, which
    counts the quantities left out of the panels."""
    arts = sorted(data.article.unique())
    fig.legend(
        handles=[
            Line2D([], [], marker="o", ls="", color=article_colour(a), label=article_name(a))
            for a in arts
        ],
        loc="outside lower center",
        ncol=len(arts),
        frameon=False,
    )
    fig.suptitle(
        fit("文本中的数量指标，按单位分面（每个面板独立刻度）", fig.get_figwidth(), TITLE),
        x=0.01,
        ha="left",
    )
    more = f"{hidden} more quantities in the indicators table; " if hidden > 0 else ""
    source_note(fig, more + source)


def comparison_chart(
    pairs: pd.DataFrame, *, source: str, size: str = "full", ncols: int = 3
) -> plt.Figure:
    """Small multiples of the pairs a sentence compares (before/after, place vs place):
    ``ncols`` panels a row at page width, each with both values as written and the ratio."""
    if pairs.empty:
        return no_data_figure("the text compares no pair of quantities", source=source, size=size)
    ncols = min(ncols if size == "full" else 2, len(pairs))
    nrows = math.ceil(len(pairs) / ncols)
    fig, axes = new_figure(size, 1.9 * nrows + 0.6, nrows=nrows, ncols=ncols, squeeze=False)
    # Each tick label gets under half a panel's width: wrapped, at most two lines.
    label_in = fig.get_figwidth() / ncols * 0.4
    tick = lambda text: "\n".join(fit(text, label_in, SMALL).split("\n")[:2])  # noqa: E731
    for ax, r in zip(axes.flat, pairs.itertuples(), strict=False):
        ax.bar([0, 1], [r.value_a, r.value_b], color=[PALETTE[0], PALETTE[1]], width=0.55)
        ax.set_xticks([0, 1], [tick(str(r.label_a)), tick(str(r.label_b))])
        for k, (v, h) in enumerate([(r.value_a, r.human_a), (r.value_b, r.human_b)]):
            ax.annotate(
                str(h),
                (k, v),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=SMALL,
            )
        ax.set_ylim(0, max(r.value_a, r.value_b) * 1.3)
        ax.set_xlim(-0.6, 1.6)
        ax.set_title(
            f"{shorten(str(r.indicator), 10)}（{r.unit}）\n比值 ×{r.ratio:.2f}", fontsize=NORMAL
        )
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
    for ax in list(axes.flat)[len(pairs) :]:
        ax.set_visible(False)
    fig.suptitle(
        fit("文本中并列比较的数量（同一句中、同一单位、同一指标）", fig.get_figwidth(), TITLE),
        x=0.01,
        ha="left",
    )
    fig.legend(
        handles=[
            Patch(color=PALETTE[0], label="前者 / first named"),
            Patch(color=PALETTE[1], label="后者 / second named"),
        ],
        loc="outside lower center",
        ncol=2,
        frameon=False,
    )
    source_note(fig, source)
    return fig


_SERIES_LINES = (
    ("target", "o", PALETTE[1], "目标 / stated target"),
    ("actual", "s", PALETTE[0], "实际 / reported actual"),
)


def series_chart(
    points: pd.DataFrame, *, label: str, source: str, unit: str = "%", size: str = "full"
) -> plt.Figure:
    """One indicator's stated target against its reported actual, by the year they are about
    (``quantities.target_and_actual``). A year without a figure leaves a gap in its line (no
    line is drawn across missing years); a target range (6.5%-7%) is a bar from its low to its
    high end; ``label`` names the indicator in the title."""
    if points.empty:
        return no_data_figure(
            f"no stated target or reported actual of {label}", source=source, size=size
        )
    fig, ax = new_figure(size, 3.0)
    years = range(int(points["year"].min()), int(points["year"].max()) + 1)
    for modality, marker, colour, name in _SERIES_LINES:
        part = points[points["modality"] == modality].set_index("year")
        ax.plot(
            years,
            part["value"].reindex(years),
            marker=marker,
            ms=3.5,
            lw=1.1,
            color=colour,
            label=name,
        )
        ranged = part[part["value_max"].notna()]
        if len(ranged):
            ax.vlines(ranged.index, ranged["value"], ranged["value_max"], color=colour, lw=2.2)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_xlabel("所指年份 / year the figure is about")
    ax.set_ylabel(f"数值 / value ({unit})")
    ax.grid(axis="y", color="#eeeeee", lw=0.6)
    ax.legend(frameon=False, fontsize=SMALL)
    figure_title(fig, f"{label}：目标与实际（{unit}），按所指年份")
    source_note(fig, source)
    return fig
