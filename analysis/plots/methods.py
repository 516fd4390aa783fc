"""Figures of the researcher methods (issue 12): keyness against a reference, clusters,
collocates, dictionary scores, dispersion with its statistics, topics.

Each function takes the table an analysis module returned and gives a matplotlib figure in
the house style (``analysis.plots.style``): drawn at ``size="full"`` (7 in) or ``"single"``
(3.5 in), at most 9 in tall, no text under 7 pt, a legend for every colour. An empty table
gives a figure saying what is missing (``no_data_figure``).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.plots.frequency import keyness_handles, keyness_panel
from analysis.plots.style import (
    GREY,
    NORMAL,
    PALETTE,
    SMALL,
    figure_title,
    fit,
    narrow,
    new_figure,
    no_data_figure,
    shorten,
    source_note,
)

SIGNIFICANT = PALETTE[1]
NOT_SIGNIFICANT = GREY
UNDERUSED = PALETTE[0]
MAX_HEIGHT = 9.0  # inches: a report page inside its margins
ROW = 0.16  # inches per label row at 7 pt (the label's height and a gap)


def _label_chars(fig: plt.Figure, share: float = 0.3) -> int:
    """How many characters a category label may have (``share`` of the width at 7 pt)."""
    return max(6, int(fig.get_figwidth() * share * 72 / SMALL))


def short_label(text: object, chars: int) -> str:
    """``text`` cut to ``chars`` in the middle, so ids that differ only at the end stay apart:
    ``"000_734b698157ae08b2.txt/0/3"`` → ``"000_7…txt/0/3"``."""
    text = str(text)
    if len(text) <= chars:
        return text
    tail = max(1, chars // 2)
    return text[: chars - tail - 1] + "…" + text[-tail:]


def keyness_figure(
    key: pd.DataFrame,
    *,
    top: int = 20,
    source: str = "",
    title: str | None = None,
    size: str = "full",
) -> plt.Figure:
    """Dot plot of the ``top`` over-used terms by G² (log axis) against the reference, with the
    3.84 (p < 0.05) and 6.63 (p < 0.01) lines; terms below 3.84 are grey; the log ratio is
    written at each dot. Drawn by the same panel code as ``frequency.keyness_chart``.

    A reference smaller than the target (``key.attrs['warning']``) is said in the figure.
    """
    if key.empty:
        return no_data_figure("the keyness table is empty", source=source, size=size)
    part = key[key["direction"] == "+"].head(top)
    if part.empty:
        msg = "no term is over-used against the reference"
        return no_data_figure(msg, source=source, size=size)
    crit = key.attrs.get("critical", {0.05: 3.84, 0.01: 6.63})
    critical = (float(crit[0.05]), float(crit[0.01]))
    fig, ax = new_figure(size, min(MAX_HEIGHT, ROW * len(part) + 1.9))
    part = part.assign(term=[shorten(t, 12) for t in part["term"]])
    keyness_panel(ax, part, float(part["g2"].max()), critical)
    xlabel = "对数似然值 G²（对数刻度；灰色＝不显著，p ≥ 0.05）"
    if key.attrs.get("warning"):  # a tiny reference: said under the axis, in red
        xlabel += "\n注意：" + key.attrs["warning"]
        ax.xaxis.label.set_color(SIGNIFICANT)
    ax.set_xlabel(fit(xlabel, fig.get_figwidth() * 0.8, NORMAL))
    ref = key.attrs.get("reference", "reference")
    figure_title(fig, title or f"相对参照语料（{ref}）的关键词（LR＝对数比）")
    fig.legend(
        handles=keyness_handles(critical),
        loc="outside lower center",
        ncol=2 if narrow(fig) else 4,
        frameon=False,
    )
    source_note(fig, source)
    return fig


def bar_figure(
    table: pd.DataFrame,
    label: str,
    value: str,
    *,
    note: str | None = None,
    top: int = 20,
    title: str,
    xlabel: str,
    source: str = "",
    size: str = "full",
) -> plt.Figure:
    """Horizontal bars (linear axis from 0) of ``value`` per ``label`` (the first ``top`` rows,
    in table order, first on top); ``note`` names a column written at each bar (range of a
    cluster, MI of a collocate), said in the axis label."""
    if table.empty:
        return no_data_figure(f"the table for “{title}” is empty", source=source, size=size)
    part = table.head(top).iloc[::-1]
    fig, ax = new_figure(size, min(MAX_HEIGHT, ROW * len(part) + 1.3))
    names = [shorten(v, _label_chars(fig, 0.4)) for v in part[label].astype(str)]
    y = np.arange(len(part))
    bars = ax.barh(y, part[value], color=PALETTE[0], height=0.7)
    ax.set_yticks(y, names)
    ax.set_ylim(-0.6, len(part) - 0.4)
    if note:
        ax.bar_label(bars, labels=[f"{v:.3g}" for v in part[note]], padding=2, fontsize=SMALL)
        xlabel += f"（柱旁数字＝{note}）"
    ax.set_xlabel(fit(xlabel, fig.get_figwidth() * 0.6, NORMAL))
    ax.margins(x=0.12)
    figure_title(fig, title)
    source_note(fig, source)
    return fig


def _period_lines(ax: plt.Axes, grid: pd.DataFrame, cats: list[str], fig: plt.Figure) -> None:
    """One line per category over the periods, with at most ~1 tick label per 0.3 in."""
    x = np.arange(len(grid))
    for k, cat in enumerate(cats):
        ax.plot(
            x, grid[cat], marker="os^Dv"[k % 5], ms=3, color=PALETTE[k % len(PALETTE)], label=cat
        )
    step = max(1, int(np.ceil(len(x) / (fig.get_figwidth() / 0.3))))
    ax.set_xticks(x[::step], [str(i) for i in grid.index[::step]], rotation=90)
    ax.set_xlabel("时期 / period")
    ax.set_ylabel("每千词命中次数")
    fig.legend(loc="outside lower center", ncol=2 if narrow(fig) else 3, frameon=False)


def _heat_map(ax: plt.Axes, grid: pd.DataFrame, cats: list[str], unit: str, fig) -> None:
    """Units × categories with the value written in each cell and a colour bar."""
    values = grid.to_numpy()
    im = ax.imshow(values, cmap="Blues", aspect="auto", interpolation="none")
    cell = fig.get_figwidth() * 0.55 / len(cats)
    ax.set_xticks(range(len(cats)), [fit(c, cell, SMALL) for c in cats])
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(grid)), [shorten(i, _label_chars(fig)) for i in grid.index])
    ax.set_ylabel(unit)
    high = np.nanmax(values) / 2
    for (i, j), v in np.ndenumerate(values):
        if not np.isnan(v):
            ax.text(
                j,
                i,
                f"{v:.1f}",
                ha="center",
                va="center",
                fontsize=SMALL,
                color="white" if v > high else "black",
            )
    bar = fig.colorbar(im, ax=ax, location="bottom", shrink=0.6, aspect=30)
    bar.set_label("每千词命中次数 / hits per 1,000 tokens")
    ax.spines[["left", "bottom"]].set_visible(False)


def dictionary_figure(
    counts: pd.DataFrame, unit: str, *, source: str = "", title: str, size: str = "full"
) -> plt.Figure:
    """Rate per 1,000 tokens of each category: lines over periods (``unit="period"``), else
    a heat map of units × categories with the values written in the cells."""
    if counts.empty:
        return no_data_figure("the dictionary scores are empty", source=source, size=size)
    cats = list(dict.fromkeys(counts["category"]))
    grid = counts.pivot_table(index=unit, columns="category", values="per_1k", sort=True)[cats]
    if unit == "period":
        fig, ax = new_figure(size, 3.6 if narrow_size(size) else 3.2)
        _period_lines(ax, grid, cats, fig)
    else:
        height = min(MAX_HEIGHT, 0.2 * len(grid) + 2.4)
        fig, ax = new_figure(size, height)
        _heat_map(ax, grid, cats, unit, fig)
    figure_title(fig, title)
    source_note(fig, source)
    return fig


def narrow_size(size: str | float) -> bool:
    """Whether ``size`` names the single-column width."""
    return size == "single" or (isinstance(size, int | float) and size < 5.25)


def dispersion_figure(
    tokens: pd.DataFrame, table: pd.DataFrame, *, source: str = "", size: str = "full"
) -> plt.Figure:
    """Where each term of ``table`` (``dispersion.dispersion``) occurs, in reading order,
    above a table of its count, range, DP, DP_norm and Juilland's D (one row per term)."""
    if tokens.empty or table.empty:
        msg = "no tokens or no terms for the dispersion plot"
        return no_data_figure(msg, source=source, size=size)
    terms = table["term"].tolist()
    plot_h, table_h = 0.2 * len(terms) + 0.7, 0.17 * (len(terms) + 1) + 0.1
    fig, (ax, tab_ax) = new_figure(
        size,
        min(MAX_HEIGHT, plot_h + table_h + 0.7),
        nrows=2,
        gridspec_kw={"height_ratios": [plot_h, table_h]},
    )
    tok = tokens["token"].to_numpy()
    for i, term in enumerate(terms):
        ax.vlines(np.flatnonzero(tok == term), i - 0.38, i + 0.38, color=PALETTE[0], linewidth=0.6)
    names = [shorten(t, 8) for t in terms]
    ax.set_yticks(range(len(terms)), names)
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_xlim(0, len(tokens))
    ax.set_xlabel("词在全文中的位置（按阅读顺序的第几个词）")
    tab_ax.axis("off")
    cells = table[["count", "range", "dp", "dp_norm", "juilland_d"]].copy()
    cells["range"] = [f"{r}/{p}" for r, p in zip(table["range"], table["parts"], strict=True)]
    shown = tab_ax.table(
        cellText=[
            [f"{v:.3f}" if isinstance(v, float) else str(v) for v in row]
            for row in cells.itertuples(index=False)
        ],
        rowLabels=names,
        colLabels=["次数", "范围", "DP", "DP norm", "Juilland D"],
        loc="center",
        bbox=[0.16, 0, 0.84, 1],
    )
    shown.auto_set_font_size(False)
    shown.set_fontsize(SMALL)
    figure_title(fig, f"高频词的分布与离散度（{table.attrs.get('parts', 'section')}为单位）")
    source_note(fig, source)
    return fig


def _topic_terms(fig, grid, topics: list, terms: pd.DataFrame, top: int, ncols: int) -> None:
    """One small bar panel of the top terms per topic, in the topic's colour."""
    for k, t in enumerate(topics):
        ax = fig.add_subplot(grid[k // ncols, k % ncols])
        part = terms[terms["topic"] == t].head(top).iloc[::-1]
        ax.barh(
            [shorten(v, 5) for v in part["term"]], part["weight"], color=PALETTE[k % len(PALETTE)]
        )
        ax.set_title(f"主题 {t}", fontsize=NORMAL, loc="left", color=PALETTE[k % len(PALETTE)])
        ax.tick_params(axis="x", labelbottom=False, length=0)


def topics_figure(
    terms: pd.DataFrame,
    shares: pd.DataFrame,
    *,
    by: str = "doc_id",
    top: int = 8,
    source: str = "",
    labels: Sequence[str] | None = None,
    size: str = "full",
) -> plt.Figure:
    """Top terms of each topic (small multiples) above the topic shares per ``by`` (documents,
    or years when ``shares`` has a ``period`` column and ``by="period"``), stacked to 1."""
    if terms.empty or shares.empty:
        return no_data_figure("the topic model has no topics", source=source, size=size)
    topics = sorted(terms["topic"].unique())
    ncols = min(len(topics), 2 if narrow_size(size) else 3)
    nrows = -(-len(topics) // ncols)
    panel = ROW * top + 0.35
    fig = new_figure(size, min(MAX_HEIGHT, nrows * panel + 3.4))[0]
    fig.clear()
    grid = fig.add_gridspec(nrows + 1, ncols, height_ratios=[panel] * nrows + [2.2])
    _topic_terms(fig, grid, topics, terms, top, ncols)
    ax = fig.add_subplot(grid[nrows, :])
    table = shares.pivot_table(index=by, columns="topic", values="share", sort=True).fillna(0)
    base, x = np.zeros(len(table)), np.arange(len(table))
    for k, t in enumerate(topics):
        name = f"主题 {t}" + (f"：{labels[k]}" if labels else "")
        ax.bar(x, table[t], bottom=base, color=PALETTE[k % len(PALETTE)], width=0.85, label=name)
        base += table[t].to_numpy()
    step = max(1, int(np.ceil(len(x) / (fig.get_figwidth() / 0.14))))
    ax.set_xticks(x[::step], [short_label(i, 14) for i in table.index[::step]], rotation=90)
    ax.set_ylabel("主题占比")
    ax.set_ylim(0, 1)
    fig.legend(loc="outside lower center", ncol=1 if narrow_size(size) else 2, frameon=False)
    unit = "各时期" if by == "period" else "各文档"
    figure_title(fig, f"主题模型：各主题的高频词（上）与{unit}的主题占比（下）")
    source_note(fig, source)
    return fig
