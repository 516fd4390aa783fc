"""Figures more than one notebook draws: page layout (00), report tables in pages (03) and
corpus trends (01); the timeline figures are in ``plots.timeline``, the quantity figures in
``plots.quantities`` (re-exported here). Each takes the tables of the analysis modules and
returns a figure at print size (``style.SINGLE`` or ``style.FULL``)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Patch, Rectangle

from analysis.document import Document
from analysis.plots.quantities import comparison_chart, indicator_panels, series_chart
from analysis.plots.style import (
    SMALL,
    TITLE,
    WAN_YI,
    article_colour,
    article_name,
    figure_title,
    fit,
    narrow,
    new_figure,
    no_data_figure,
    page_width,
    shorten,
    source_note,
)
from analysis.plots.timeline import narrative_chart, timeline_chart, timeline_lanes


def layout_chart(doc: Document, *, size: str = "full", source: str | None = None) -> plt.Figure:
    """The page as paragraph blocks in raw order (top) and in reading order (bottom).

    Each paragraph is a block whose width is its length in characters, coloured by article;
    a line joins its raw position to its reading position, so a displaced block shows as
    lines that cross.
    """
    fig, ax = new_figure(size, 2.4)
    title_chars = 24 if not narrow(fig) else 14
    total = len(doc.raw)
    paras = [(a.index, p) for a in doc.articles for p in a.paragraphs]
    reading = 0
    scale = total / max(1, sum(len(p.text) for _, p in paras))
    blocks: list[Rectangle] = []
    links: list[tuple[list[tuple[float, float]], tuple[float, ...], float]] = []
    for art, p in paras:
        colour = article_colour(art)
        width = len(p.text) * scale
        for s, e in p.raw_spans:
            blocks.append(Rectangle((s, 1.0), e - s, 0.5, color=colour, lw=0))
        blocks.append(Rectangle((reading, 0.0), width, 0.5, color=colour, lw=0))
        crossed = abs(p.raw_start - reading) > total * 0.02
        rgba = to_rgba(colour, 0.9 if crossed else 0.35)
        links.append(([(p.raw_start, 1.0), (reading, 0.5)], rgba, 1.0 if crossed else 0.3))
        reading += width
    # Two collections, not one artist per block and line: a page has hundreds of paragraphs.
    ax.add_collection(PatchCollection(blocks, match_original=True))
    if links:
        segments, colours, widths = zip(*links, strict=True)
        ax.add_collection(LineCollection(segments, colors=colours, linewidths=widths))
    handles = [
        Patch(
            color=article_colour(a.index),
            label=f"{article_name(a.index)}：{shorten(a.title or '（无标题）', title_chars)}",
        )
        for a in doc.articles
    ]
    ax.set_xlim(0, total)
    ax.set_ylim(-0.1, 1.6)
    ax.set_yticks([0.25, 1.25], ["阅读顺序\nreading order", "原始页面\nraw order"])
    ax.xaxis.set_major_formatter(WAN_YI)
    ax.set_xlabel(
        fit("原始文件中的位置（字符） / raw position (characters)", fig.get_figwidth() * 0.8)
    )
    title = "页面版式还原：段落在原始文件中的位置与阅读顺序"
    figure_title(fig, title)
    ncol = min(1 if narrow(fig) else 2, len(handles))
    fig.legend(handles=handles, loc="outside lower center", ncol=ncol, frameon=False)
    default = f"Source: {doc.path.name}; paragraphs from analysis.load (structure stage)."
    source_note(fig, source if source is not None else default)
    return fig


def table_figure(
    table: pd.DataFrame,
    *,
    title: str,
    source: str,
    col_widths: list[float] | None = None,
    size: str = "full",
) -> plt.Figure:
    """A report-ready table as a figure: each cell wraps within its column (nothing runs into
    the next column or off the page) and each row is as tall as its longest cell."""
    fig = plt.figure(figsize=(page_width(size) - 0.06, 1.0))
    width = fig.get_figwidth() - 0.1  # the tight box adds a margin on each side
    shares = col_widths or [1 / len(table.columns)] * len(table.columns)
    shares = [w / sum(shares) for w in shares]
    pad, line = 0.04, SMALL * 1.25 / 72  # inches
    cols = [w * width for w in shares]
    rows = [list(map(str, table.columns)), *table.astype(str).to_numpy().tolist()]
    cells = [[fit(v, c - 2 * pad, SMALL) for v, c in zip(row, cols, strict=True)] for row in rows]
    heights = [max(c.count("\n") + 1 for c in row) * line + 2 * pad for row in cells]
    head = fit(title, width, TITLE)
    title_h = (head.count("\n") + 1) * TITLE * 1.3 / 72 + 0.05
    total = sum(heights) + title_h
    fig.set_figheight(total)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-0.05, width + 0.05)  # axis units are inches
    ax.set_ylim(total, 0)
    ax.axis("off")
    ax.text(0, 0.02, head, fontsize=TITLE, va="top", ha="left")
    y = title_h
    for k, (row, h) in enumerate(zip(cells, heights, strict=True)):
        if k == 0:
            ax.add_patch(Rectangle((0, y), width, h, color="#e8eef5", lw=0))
        ax.plot([0, width], [y + h, y + h], color="#cccccc", lw=0.4)
        x = 0.0
        for text, c in zip(row, cols, strict=True):
            ax.text(x + pad, y + pad, text, fontsize=SMALL, va="top", ha="left", linespacing=1.1)
            x += c
        y += h
    source_note(fig, source)
    return fig


def table_pages(
    table: pd.DataFrame,
    *,
    title: str,
    source: str,
    col_widths: list[float] | None = None,
    size: str = "full",
    page_height: float = 8.5,
) -> list[plt.Figure]:
    """``table_figure`` split into pages no taller than ``page_height`` inches (a report page
    less its margins): a long table becomes pages 1/n … n/n, never one 16-inch figure."""
    width = page_width(size) - 0.16
    shares = col_widths or [1 / len(table.columns)] * len(table.columns)
    cols = [w / sum(shares) * width for w in shares]
    line = SMALL * 1.25 / 72
    heights = [
        max(fit(str(v), c - 0.08, SMALL).count("\n") + 1 for v, c in zip(row, cols, strict=True))
        * line
        + 0.08
        for row in table.astype(str).to_numpy().tolist()
    ]
    budget = page_height - 1.0  # title, header row and source note
    pages, start, used = [], 0, 0.0
    for k, h in enumerate(heights):
        if used + h > budget and k > start:
            pages.append((start, k))
            start, used = k, 0.0
        used += h
    pages.append((start, len(heights)))
    return [
        table_figure(
            table.iloc[a:b],
            title=title if len(pages) == 1 else f"{title}（{i}/{len(pages)}）",
            source=source,
            col_widths=col_widths,
            size=size,
        )
        for i, (a, b) in enumerate(pages, start=1)
    ]


def trend_chart(trends: pd.DataFrame, *, source: str, size: str = "full") -> plt.Figure:
    """Relative frequency of terms per period (``frequency.term_trends``), one line per term."""
    if trends.empty:
        return no_data_figure("no dated documents", source=source, size=size)
    fig, ax = new_figure(size, 3.0)
    periods = sorted(trends.period.unique())
    for k, (term, group) in enumerate(trends.groupby("term", sort=False)):
        group = group.set_index("period").reindex(periods)
        ax.plot(
            range(len(periods)),
            group.per_10k,
            marker="os^D"[k // 10 % 4],
            color=f"C{k % 10}",
            label=term,
            ms=3,
        )
    docs = trends.drop_duplicates("period").set_index("period").documents.reindex(periods)
    ax.set_xticks(range(len(periods)), [f"{p}\n({int(n)}篇)" for p, n in docs.items()])
    ax.set_xlabel("时期（文档数）/ period (documents)")
    ax.set_ylabel("每万词 / per 10,000 tokens")
    figure_title(fig, "高频词随时间的变化（按文档日期分期）")
    fig.legend(loc="outside right upper", frameon=False)
    source_note(fig, source)
    return fig


__all__ = [
    "comparison_chart",
    "indicator_panels",
    "layout_chart",
    "narrative_chart",
    "series_chart",
    "table_figure",
    "table_pages",
    "timeline_chart",
    "timeline_lanes",
    "trend_chart",
]
