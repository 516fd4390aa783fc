"""Figures of the researcher methods (issue 12): keyness against a reference, clusters,
collocates, dictionary scores, dispersion with its statistics, topics.

Each function takes the table an analysis module returned and gives a matplotlib figure; an
empty table gives a figure saying what is missing (``figures.no_data_figure``).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.figures import PALETTE, no_data_figure, source_note

GREY = "#b8b8b8"
SIGNIFICANT = "#c8553d"
UNDERUSED = "#1f5a99"


def keyness_figure(
    key: pd.DataFrame, *, top: int = 20, source: str = "", title: str | None = None
) -> plt.Figure:
    """The ``top`` over-used terms by G² against the reference, with the 3.84 (p < 0.05) and
    6.63 (p < 0.01) lines; terms below 3.84 are grey; the log ratio is written at each bar.

    A reference smaller than the target (``key.attrs['warning']``) is said in the figure.
    """
    if key.empty:
        return no_data_figure("the keyness table is empty", source=source)
    part = key[key["direction"] == "+"].head(top).iloc[::-1]
    if part.empty:
        return no_data_figure("no term is over-used against the reference", source=source)
    crit = key.attrs.get("critical", {0.05: 3.84, 0.01: 6.63})
    fig, ax = plt.subplots(figsize=(7.5, 0.28 * len(part) + 1.6))
    colours = [SIGNIFICANT if g >= crit[0.05] else GREY for g in part["g2"]]
    bars = ax.barh(part["term"], part["g2"], color=colours)
    ax.bar_label(bars, labels=[f"LR {v:.1f}" for v in part["log_ratio"]], padding=2, fontsize=7)
    for p, style in ((0.05, "--"), (0.01, ":")):
        ax.axvline(
            crit[p],
            color="#333333",
            linestyle=style,
            linewidth=0.8,
            label=f"G² = {crit[p]}（p < {p}）",
        )
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    wide = part["g2"].max() > 100  # a log axis only where the values span decades
    if wide:
        ax.set_xscale("symlog", linthresh=10)
    ax.set_xlabel(f"对数似然值 G²（{'对数刻度；' if wide else ''}灰色＝不显著，p ≥ 0.05）")
    ref = key.attrs.get("reference", "reference")
    ax.set_title(title or f"相对参照语料（{ref}）的关键词")
    ax.margins(x=0.15)
    if key.attrs.get("warning"):  # a tiny reference: said under the axis, in red
        ax.set_xlabel(ax.get_xlabel() + "\n注意：" + key.attrs["warning"], color=SIGNIFICANT)
    fig.tight_layout()
    if source:
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
) -> plt.Figure:
    """Horizontal bars of ``value`` per ``label`` (the first ``top`` rows, in table order);
    ``note`` names a column written at each bar (range of a cluster, MI of a collocate)."""
    if table.empty:
        return no_data_figure(f"the table for “{title}” is empty", source=source)
    part = table.head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(7.5, 0.28 * len(part) + 1.4))
    bars = ax.barh(part[label].astype(str), part[value], color=PALETTE[0])
    if note:
        ax.bar_label(bars, labels=[f"{note} {v:g}" for v in part[note]], padding=2, fontsize=7)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.margins(x=0.15)
    fig.tight_layout()
    if source:
        source_note(fig, source)
    return fig


def dictionary_figure(
    counts: pd.DataFrame, unit: str, *, source: str = "", title: str
) -> plt.Figure:
    """Rate per 1,000 tokens of each category: lines over periods (``unit="period"``), else
    a heat map of units × categories with the values written in the cells."""
    if counts.empty:
        return no_data_figure("the dictionary scores are empty", source=source)
    cats = list(dict.fromkeys(counts["category"]))
    grid = counts.pivot_table(index=unit, columns="category", values="per_1k", sort=True)[cats]
    if unit == "period":
        fig, ax = plt.subplots(figsize=(9, 4))
        for k, cat in enumerate(cats):
            ax.plot(grid.index.astype(str), grid[cat], marker="os^Dv"[k % 5], label=cat)
        ax.set_xlabel("时期 / period")
        ax.set_ylabel("每千词命中次数 / hits per 1,000 tokens")
        ax.legend(frameon=False, fontsize=8)
        ax.tick_params(axis="x", rotation=60, labelsize=7)
    else:
        fig, ax = plt.subplots(figsize=(1.3 * len(cats) + 3, 0.35 * len(grid) + 1.6))
        im = ax.imshow(grid.to_numpy(), cmap="Blues", aspect="auto")
        ax.set_xticks(range(len(cats)), [c.replace(" (", "\n(") for c in cats], fontsize=8)
        ax.set_yticks(range(len(grid)), [str(i) for i in grid.index])
        ax.set_ylabel(unit)
        high = np.nanmax(grid.to_numpy()) / 2
        for (i, j), v in np.ndenumerate(grid.to_numpy()):
            ax.text(
                j,
                i,
                f"{v:.1f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if v > high else "black",
            )
        fig.colorbar(im, ax=ax, label="每千词命中次数")
        ax.spines[["left", "bottom"]].set_visible(False)
    ax.set_title(title)
    if source:
        source_note(fig, source)
    return fig


def dispersion_figure(tokens: pd.DataFrame, table: pd.DataFrame, *, source: str = "") -> plt.Figure:
    """Where each term of ``table`` (``dispersion.dispersion``) occurs, in reading order,
    with its count, range, DP, DP_norm and Juilland's D in a table beside the plot."""
    if tokens.empty or table.empty:
        return no_data_figure("no tokens or no terms for the dispersion plot", source=source)
    terms = table["term"].tolist()
    fig, (ax, tab_ax) = plt.subplots(
        1, 2, figsize=(12, 0.42 * len(terms) + 1.6), gridspec_kw={"width_ratios": [3, 1.6]}
    )
    tok = tokens["token"].to_numpy()
    for i, term in enumerate(terms):
        ax.vlines(np.flatnonzero(tok == term), i - 0.38, i + 0.38, color=PALETTE[0], linewidth=0.8)
    ax.set_yticks(range(len(terms)), terms)
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_xlim(0, len(tokens))
    ax.set_xlabel("词在全文中的位置（按阅读顺序的第几个词）")
    ax.set_title(f"高频词的分布与离散度（{table.attrs.get('parts', 'section')}为单位）")
    tab_ax.axis("off")
    cells = table[["count", "range", "dp", "dp_norm", "juilland_d"]].copy()
    cells["range"] = [f"{r}/{p}" for r, p in zip(table["range"], table["parts"], strict=True)]
    shown = tab_ax.table(
        cellText=[
            [f"{v:.3f}" if isinstance(v, float) else str(v) for v in row]
            for row in cells.itertuples(index=False)
        ],
        colLabels=["次数", "范围", "DP", "DP norm", "Juilland D"],
        loc="upper center",
        bbox=[0, 0, 1, (len(terms) + 1) / (len(terms) + 0.2)],
    )
    shown.auto_set_font_size(False)
    shown.set_fontsize(8)
    fig.tight_layout()
    if source:
        source_note(fig, source)
    return fig


def topics_figure(
    terms: pd.DataFrame,
    shares: pd.DataFrame,
    *,
    by: str = "doc_id",
    top: int = 8,
    source: str = "",
    labels: Sequence[str] | None = None,
) -> plt.Figure:
    """Top terms of each topic (one panel each) above the topic shares per ``by`` (documents,
    or years when ``shares`` has a ``period`` column and ``by="period"``), stacked to 1."""
    if terms.empty or shares.empty:
        return no_data_figure("the topic model has no topics", source=source)
    topics = sorted(terms["topic"].unique())
    fig = plt.figure(figsize=(max(9, 2.3 * len(topics)), 7.5))
    grid = fig.add_gridspec(2, len(topics), height_ratios=[1.1, 1])
    for k, t in enumerate(topics):
        ax = fig.add_subplot(grid[0, k])
        part = terms[terms["topic"] == t].head(top).iloc[::-1]
        ax.barh(part["term"], part["weight"], color=f"C{k % 10}")
        ax.set_title(f"主题 {t}", fontsize=10)
        ax.tick_params(axis="both", labelsize=7)
    bottom_ax = fig.add_subplot(grid[1, :])
    table = shares.pivot_table(index=by, columns="topic", values="share", sort=True).fillna(0)
    base = np.zeros(len(table))
    x = np.arange(len(table))
    for k, t in enumerate(topics):
        bottom_ax.bar(
            x,
            table[t],
            bottom=base,
            color=f"C{k % 10}",
            width=0.85,
            label=labels[k] if labels else f"主题 {t}",
        )
        base += table[t].to_numpy()
    bottom_ax.set_xticks(x, [str(i) for i in table.index], rotation=60, fontsize=7, ha="right")
    bottom_ax.set_ylabel("主题占比 / topic share")
    bottom_ax.set_ylim(0, 1)
    bottom_ax.legend(frameon=False, fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.suptitle("主题模型：各主题的高频词（上）与各文档的主题占比（下）")
    fig.tight_layout()
    if source:
        source_note(fig, source)
    return fig
