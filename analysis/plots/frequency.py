"""Figures of notebook 01 (term frequency): top terms, word cloud, section heat map,
keyness, co-occurrence network and dispersion. Each takes the tables of
``analysis.frequency`` and returns a figure at print size; empty input gives a figure that
says what is missing."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis.frequency import frequency_table, section_label
from analysis.plots.cloud import (  # noqa: F401  (the word cloud: its own module)
    CLOUD_SCALE,
    CLOUD_SIZE,
    cloud_image,
    ellipse_mask,
    wordcloud_figure,
)
from analysis.plots.labels import freeze_layout, place_labels
from analysis.plots.style import (
    GREY,
    NORMAL,
    PALETTE,
    SEED,
    SMALL,
    TITLE,
    figure_title,
    fit,
    log_axis,
    narrow,
    new_figure,
    no_data_figure,
    source_note,
)

if TYPE_CHECKING:  # networkx is imported by the one figure that draws a graph
    import networkx as nx

G2_05, G2_01 = 3.84, 6.63  # χ²(1) critical values: p < .05 and p < .01
TINY_REFERENCE = 2000  # tokens: below this a G² is unstable, and the chart says so


def _missing(*items: tuple[object, str]) -> str | None:
    """The message for the first empty input, or None when every input has data."""
    for data, what in items:
        empty = data.empty if hasattr(data, "empty") else len(data) == 0  # type: ignore[arg-type]
        if empty:
            return f"{what} is empty"
    return None


def bar_top_terms(
    freq: pd.DataFrame, n: int = 20, *, source: str = "", size: str = "single"
) -> plt.Figure:
    """Horizontal bars of the ``n`` most frequent terms, counts written at the bars."""
    if msg := _missing((freq, "the frequency table")):
        return no_data_figure(msg, source=source, size=size)
    top = freq.head(n).iloc[::-1]
    fig, ax = new_figure(size, 0.16 * len(top) + 0.9)
    bars = ax.barh(top["term"], top["count"], color=PALETTE[0], height=0.7)
    ax.bar_label(bars, labels=[str(c) for c in top["count"]], padding=2, fontsize=SMALL)
    ax.set_xlabel("出现次数 / count")
    figure_title(fig, f"高频词前{len(top)}位")
    ax.margins(x=0.12, y=0.01)
    source_note(fig, source)
    return fig


def heatmap_by_section(
    tokens: pd.DataFrame, terms: Sequence[str], *, source: str = "", size: str = "full"
) -> plt.Figure:
    """Counts of ``terms`` in each section, coloured by count per 10,000 tokens of the section.

    Each cell shows the count itself, and each column the section's size n (tokens), so a
    dark cell from 2 occurrences in a short section reads as what it is.
    """
    if msg := _missing((tokens, "the token table"), (list(terms), "the term list")):
        return no_data_figure(msg, source=source, size=size)
    by = frequency_table(tokens, by=("article", "section"))
    units = tokens[["article", "section"]].drop_duplicates().sort_values(["article", "section"])
    sizes = tokens.groupby(["article", "section"]).size()
    per_article = units.groupby("article").size()
    labels = [
        f"{section_label(a, s, only=per_article[a] == 1)}\nn={sizes[(a, s)]}"
        for a, s in units.itertuples(index=False)
    ]
    columns = pd.MultiIndex.from_frame(units)
    picked = by[by["term"].isin(terms)]
    grid = {
        v: picked.pivot_table(
            index="term", columns=["article", "section"], values=v, fill_value=0.0
        )
        .reindex(index=list(terms), columns=columns)
        .fillna(0.0)
        .to_numpy()
        for v in ("per_10k", "count")
    }
    fig, ax = new_figure(size, 0.2 * len(terms) + (1.3 if size == "full" else 1.9))
    im = ax.imshow(grid["per_10k"], cmap="Blues", aspect="auto", interpolation="none")
    ax.set_xticks(range(len(labels)), labels, rotation=90 if narrow(fig) else 0)
    ax.set_yticks(range(len(terms)), list(terms))
    ax.tick_params(length=0)
    high = grid["per_10k"].max() / 2 if grid["per_10k"].size else 0
    for (i, j), count in np.ndenumerate(grid["count"]):
        ax.text(
            j,
            i,
            f"{count:.0f}",
            ha="center",
            va="center",
            fontsize=SMALL,
            color="white" if grid["per_10k"][i, j] > high else "black",
        )
    fig.colorbar(im, ax=ax, label="每万词 / per 10k tokens", shrink=0.9, pad=0.01)
    title = "高频词在各部分的出现次数（数字）与相对频率（颜色）；n＝该部分词数"
    figure_title(fig, title)
    ax.spines[["left", "bottom"]].set_visible(False)
    source_note(fig, source)
    return fig


def _unit_name(u: object) -> str:
    return f"文章{int(u) + 1}" if str(u).isdigit() else str(u)


def keyness_panel(
    ax: plt.Axes,
    part: pd.DataFrame,
    g2_max: float,
    critical: tuple[float, float] = (G2_05, G2_01),
) -> None:
    """One keyness dot plot (shared by ``keyness_chart`` and the methods' keyness figure):
    ``part``'s terms by G² on a log axis, largest on top, grey below ``critical[0]``, the log
    ratio beside each dot, dashed/dotted lines at the two critical values."""
    part = part.iloc[::-1]
    significant = part["g2"] >= critical[0]
    colours = [PALETTE[1] if s else GREY for s in significant]
    y = np.arange(len(part))
    low = max(0.01, min(0.5, float(part["g2"].min()) * 0.6))  # a G² under 0.5 stays in view
    g2 = part["g2"].clip(lower=low)
    ax.hlines(y, low, g2, color="#dddddd", lw=0.6)
    ax.scatter(g2, y, color=colours, s=14, zorder=3)
    for k, (v, lr) in enumerate(zip(g2, part["log_ratio"], strict=True)):
        ax.text(v * 1.12, k, f"LR {lr:.1f}", va="center", fontsize=SMALL, color="#444444")
    ax.set_yticks(y, part["term"])
    for tick, sig in zip(ax.get_yticklabels(), significant, strict=True):
        tick.set_color("#222222" if sig else "#999999")
    log_axis(ax)
    ax.set_xlim(low, max(g2_max, critical[1]) * 4)
    for value, style in zip(critical, ("--", ":"), strict=True):
        ax.axvline(value, color="#555555", lw=0.7, ls=style)


def keyness_handles(critical: tuple[float, float] = (G2_05, G2_01)) -> list[Line2D]:
    """Legend entries of a keyness dot plot: the two lines and the two colours."""
    return [
        Line2D([], [], ls="--", color="#555555", lw=0.7, label=f"G² {critical[0]} (p<.05)"),
        Line2D([], [], ls=":", color="#555555", lw=0.7, label=f"G² {critical[1]} (p<.01)"),
        Line2D([], [], marker="o", ls="", color=PALETTE[1], label="显著 / significant"),
        Line2D([], [], marker="o", ls="", color=GREY, label="不显著 / not significant"),
    ]


def keyness_chart(
    keyness_df: pd.DataFrame,
    top: int = 15,
    *,
    source: str = "",
    size: str = "full",
    reference_sizes: Mapping[object, int] | None = None,
) -> plt.Figure:
    """Dot plot of the ``top`` key terms of each unit by G² (log axis), one panel per unit.

    Dashed lines mark G² = 3.84 (p < .05) and 6.63 (p < .01); terms below 3.84 are grey: not
    significant. ``reference_sizes`` (unit → tokens of its reference) adds a warning to any
    panel whose reference is under 2,000 tokens. Log ratio is written beside each dot.
    """
    if msg := _missing((keyness_df, "the keyness table")):
        return no_data_figure(msg, source=source, size=size)
    units = list(dict.fromkeys(keyness_df["unit"]))
    rows = min(top, int(keyness_df.groupby("unit").size().max()))
    ncols = min(2 if size == "full" else 1, len(units))
    nrows = math.ceil(len(units) / ncols)
    fig, axes = new_figure(
        size, nrows * (0.15 * rows + 0.9) + 0.4, nrows=nrows, ncols=ncols, squeeze=False
    )
    g2_max = float(keyness_df["g2"].max())
    for ax, u in zip(axes.flat, units, strict=False):
        keyness_panel(ax, keyness_df[keyness_df["unit"] == u].head(top), g2_max)
        ax.set_xlabel("G²（对数刻度 / log scale）")
        title = f"{_unit_name(u)}相对其余文本"
        ref = (reference_sizes or {}).get(u)
        if ref is not None and ref < TINY_REFERENCE:
            title += f"\n注意：参照很小（{ref}词），G²不稳定"
        ax.set_title(
            fit(title, fig.get_figwidth() / ncols * 0.9, NORMAL), loc="left", fontsize=NORMAL
        )
    for ax in list(axes.flat)[len(units) :]:
        ax.set_visible(False)
    handles = keyness_handles()
    fig.legend(
        handles=handles, loc="outside lower center", ncol=4 if ncols > 1 else 2, frameon=False
    )
    fig.suptitle(
        fit("各文章的关键词（对数似然 G²，LR＝对数比）", fig.get_figwidth(), TITLE),
        x=0.01,
        ha="left",
    )
    source_note(fig, source)
    return fig


def _sample_values(values: np.ndarray) -> list[int]:
    """Three round values spanning ``values`` for a size legend."""
    lo, hi = int(values.min()), int(values.max())
    return sorted({lo, round((lo + hi) / 2), hi})


def _network_legend(fig: plt.Figure, counts: np.ndarray, weights: np.ndarray, area, width) -> None:
    """A legend for node size (three counts) and edge width (three shared-sentence counts)."""
    size_handles = [
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            markersize=math.sqrt(area(c)),
            color="#9ecae1",
            markeredgecolor=PALETTE[0],
            label=f"{c}次",
        )
        for c in _sample_values(counts)
    ]
    width_handles = [
        Line2D([], [], color="#c8c8c8", lw=width(w), label=f"{w}句")
        for w in (_sample_values(weights) if weights.size else [])
    ]
    handles = size_handles + width_handles
    title = "节点＝出现次数 / node: count；线宽＝共现句数 / width: shared sentences"
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=len(handles) if not narrow(fig) else max(1, len(size_handles)),
        frameon=False,
        title=fit(title, fig.get_figwidth() * 0.95, SMALL),
    )


def network_figure(
    graph: nx.Graph, *, seed: int = SEED, source: str = "", size: str = "full"
) -> plt.Figure:
    """The co-occurrence network: spring layout (fixed seed), node area by count, edge width
    by shared sentences, each with a legend; labels placed so that none overlaps another
    (a label with no free place is left out and counted in the note)."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return no_data_figure("the co-occurrence graph has no nodes", source=source, size=size)
    nodes = sorted(graph.nodes)
    ordered = nx.Graph()
    ordered.add_nodes_from((n, graph.nodes[n]) for n in nodes)
    ordered.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in graph.edges(data=True)))
    pos = nx.spring_layout(
        ordered, seed=seed, weight=None, k=3.0 / math.sqrt(len(nodes)), iterations=200
    )
    counts = np.array([ordered.nodes[n].get("count", ordered.degree(n)) for n in nodes], float)
    area = lambda c: 12 + 160 * c / counts.max()  # noqa: E731
    weights = np.array([d["weight"] for _, _, d in ordered.edges(data=True)], float)
    width = lambda w: 0.3 + 2.2 * w / weights.max() if weights.size else 0.8  # noqa: E731
    fig, ax = new_figure(size, 5.2 if size == "full" else 3.6)
    for u, v, d in ordered.edges(data=True):
        (x0, y0), (x1, y1) = pos[u], pos[v]
        ax.plot([x0, x1], [y0, y1], color="#c8c8c8", lw=width(d["weight"]), zorder=1)
    xy = np.array([pos[n] for n in nodes])
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=area(counts),
        color="#9ecae1",
        edgecolors=PALETTE[0],
        linewidths=0.5,
        zorder=2,
    )
    ax.set_axis_off()
    ax.margins(0.12)
    _network_legend(fig, counts, weights, area, width)
    figure_title(fig, "高频词共现网络（同句出现）")
    freeze_layout(fig)
    order = np.argsort(-counts, kind="stable")
    omitted = place_labels(
        ax,
        [tuple(xy[i]) for i in order],
        [nodes[i] for i in order],
        colours=[PALETTE[0]] * len(nodes),
    )
    note = f"{omitted} labels left out (no free place); " if omitted else ""
    source_note(fig, note + source)
    return fig


def dispersion_plot(
    tokens: pd.DataFrame, terms: Sequence[str], *, source: str = "", size: str = "full"
) -> plt.Figure:
    """Where each term occurs: x = token position in reading order, one row per term.
    Dashed vertical lines mark article boundaries."""
    if msg := _missing((tokens, "the token table"), (list(terms), "the term list")):
        return no_data_figure(msg, source=source, size=size)
    position = np.arange(len(tokens))
    fig, ax = new_figure(size, 0.22 * len(terms) + 1.1)
    tok = tokens["token"].to_numpy()
    for i, term in enumerate(terms):
        ax.vlines(position[tok == term], i - 0.38, i + 0.38, color=PALETTE[0], linewidth=0.6)
    key = [c for c in ("doc", "article") if c in tokens]
    starts = np.flatnonzero((tokens[key] != tokens[key].shift()).any(axis=1).to_numpy())
    for s in starts[1:]:
        ax.axvline(s - 0.5, color=PALETTE[1], linestyle="--", linewidth=0.8)
    ax.set_yticks(range(len(terms)), list(terms))
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_xlim(0, len(tokens))
    top = ax.secondary_xaxis("top")
    top.set_xticks(
        starts, [f"文章{int(tokens['article'].iloc[s]) + 1}" for s in starts], color=PALETTE[1]
    )
    top.tick_params(length=0)
    ax.set_xlabel(
        fit(
            "词在全文中的位置（按阅读顺序） / token position in reading order",
            fig.get_figwidth() * 0.8,
        )
    )
    figure_title(fig, "高频词在全文中的分布（离散图）")
    source_note(fig, source)
    return fig
