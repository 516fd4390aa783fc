"""Figures of notebooks 00, 02 and 03: page layout, timelines, narrative order, quantities
per unit, compared pairs, report tables and corpus trends. Each takes the tables of the
analysis modules and returns a figure at print size (``style.SINGLE`` or ``style.FULL``)."""

from __future__ import annotations

import math

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from analysis.document import Document
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
    narrow,
    new_figure,
    no_data_figure,
    page_width,
    shorten,
    source_note,
)


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
    for art, p in paras:
        colour = article_colour(art)
        width = len(p.text) * scale
        for s, e in p.raw_spans:
            ax.add_patch(Rectangle((s, 1.0), e - s, 0.5, color=colour, lw=0))
        ax.add_patch(Rectangle((reading, 0.0), width, 0.5, color=colour, lw=0))
        crossed = abs(p.raw_start - reading) > total * 0.02
        ax.plot(
            [p.raw_start, reading],
            [1.0, 0.5],
            color=colour,
            lw=1.0 if crossed else 0.3,
            alpha=0.9 if crossed else 0.35,
        )
        reading += width
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


def _when(values: pd.Series) -> pd.Series:
    """ISO dates or date-times ('1997-04-01', '2026-06-17T08:30') as timestamps."""
    return pd.to_datetime(values.astype(str).str[:19], errors="coerce", format="ISO8601")


def _range_end(date: str) -> pd.Timestamp:
    """End of an ISO range '2026/2030' → 2031-01-01 (the end year counted whole)."""
    end = str(date).split("/")[-1]
    stamp = pd.to_datetime(end[:10], errors="coerce", format="ISO8601")
    if pd.isna(stamp):
        return stamp
    return stamp + (pd.DateOffset(years=1) if len(end) == 4 else pd.DateOffset(days=1))


def _time_axis(ax: plt.Axes, axis: str = "x") -> None:
    """A date axis whose ticks scale from decades down to days and hours."""
    # The axis gets about half the figure (labels take the rest): a tick per 0.6 inch.
    fig = ax.figure
    inches = 0.5 * (fig.get_figwidth() if axis == "x" else fig.get_figheight())
    locator = mdates.AutoDateLocator(minticks=2, maxticks=max(3, int(inches / 0.6)))
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    target.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=True))


def _event_label(date: str, expression: str, event: str, chars: int) -> str:
    """'1997-04 率团首次来到宁夏…': the date, then the clause without its leading date."""
    clause = event[len(expression) :].lstrip("，, ") if event.startswith(expression) else event
    return f"{date} {shorten(clause, chars)}"


def timeline_chart(
    events: pd.DataFrame,
    *,
    source: str,
    label_chars: int | None = None,
    size: str = "full",
    max_events: int = 45,
) -> plt.Figure:
    """Dated events in chronological order, one row each: the label (date and clause) on
    the left, the point (or the range, as a bar) on a time axis that scales to the span,
    from decades to days or hours. Rows cannot collide, and the width stays that of the page.

    ``events`` is ``timeline.build_timeline``'s table; beyond ``max_events`` rows the note
    says how many more are in the table.
    """
    rows = events[events.kind.isin(["point", "range"])].copy()
    rows["start"] = _when(rows.sort_key)
    rows = rows.dropna(subset=["start"])
    if rows.empty:
        return no_data_figure(
            "no dated events (no point or range expressions)", source=source, size=size
        )
    rows["stop"] = [
        _range_end(d) if k == "range" else pd.NaT for d, k in zip(rows.date, rows.kind, strict=True)
    ]
    sort = [c for c in ("start", "doc", "article", "sentence") if c in rows]
    rows = rows.sort_values(sort, kind="stable")
    omitted = max(0, len(rows) - max_events)
    rows = rows.head(max_events).reset_index(drop=True)
    fig, ax = new_figure(size, 0.145 * len(rows) + 1.2)
    label_chars = label_chars or (26 if not narrow(fig) else 9)
    y = np.arange(len(rows))
    colours = [article_colour(a) for a in rows.article]
    for k, r in enumerate(rows.itertuples()):
        if r.kind == "range" and not pd.isna(r.stop):
            ax.plot(
                [r.start, r.stop], [k, k], color=colours[k], lw=3, alpha=0.5, solid_capstyle="butt"
            )
    ax.scatter(rows.start, y, s=10, color=colours, zorder=3)
    ax.set_yticks(
        y,
        [
            _event_label(str(r.date), str(r.expression), str(r.event), label_chars)
            for r in rows.itertuples()
        ],
    )
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="x", color="#eeeeee", lw=0.6)
    ax.tick_params(axis="y", length=0)
    _time_axis(ax)
    handles = [
        Line2D([], [], marker="o", ls="", color=article_colour(a), label=article_name(a))
        for a in sorted(rows.article.unique())
    ]
    handles.append(Line2D([], [], color="#888888", lw=3, alpha=0.5, label="时期 / range"))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        frameon=False,
        ncol=len(handles) if not narrow(fig) else 2,
    )
    figure_title(fig, "时间线：文本中有日期的事件，按时间排序")
    more = f"{omitted} more events in the events table; " if omitted else ""
    source_note(fig, more + source)
    return fig


def timeline_lanes(
    events: pd.DataFrame, *, source: str, size: str = "full", max_documents: int = 30
) -> plt.Figure:
    """The dated events of many documents: one lane per document (its id on the left), one
    dot per event on a shared time axis; no event labels, so nothing can overlap."""
    rows = events[events.kind.isin(["point", "range"])].copy()
    rows["start"] = _when(rows.sort_key)
    rows = rows.dropna(subset=["start"])
    if rows.empty:
        return no_data_figure("no dated events", source=source, size=size)
    docs = list(dict.fromkeys(rows.sort_values(["doc_id"]).doc_id))
    omitted = max(0, len(docs) - max_documents)
    docs = docs[:max_documents]
    lane = {d: k for k, d in enumerate(docs)}
    rows = rows[rows.doc_id.isin(lane)]
    fig, ax = new_figure(size, 0.16 * len(docs) + 1.1)
    ax.scatter(
        rows.start,
        rows.doc_id.map(lane),
        s=9,
        color=PALETTE[0],
        alpha=0.7,
        label="事件 / dated event",
    )
    ax.set_yticks(range(len(docs)), [shorten(d, 18) for d in docs])
    ax.set_ylim(len(docs) - 0.5, -0.5)
    ax.grid(axis="y", color="#eeeeee", lw=0.6)
    _time_axis(ax)
    ax.set_ylabel("文档 / document")
    figure_title(fig, "各文档的有日期事件（每行一篇）")
    fig.legend(loc="outside lower center", frameon=False)
    more = f"{omitted} more documents in the table; " if omitted else ""
    source_note(fig, more + source)
    return fig


def narrative_chart(
    events: pd.DataFrame, sentences: pd.DataFrame, *, source: str, size: str = "full"
) -> plt.Figure:
    """Narrative order vs story order: reading position (x) against the date referred to
    (y, a time axis scaling from years to days). Jumps show the reporting moving between
    past and present; dashed lines separate the articles."""
    order = {(r.doc, r.article, r.sentence): k for k, r in enumerate(sentences.itertuples())}
    rows = [
        (order[(e.doc, e.article, s)], e.sort_key, e.article)
        for e in events.itertuples()
        for s in e.sentences
        if (e.doc, e.article, s) in order
    ]
    if not rows:
        return no_data_figure("no dated mentions", source=source, size=size)
    mentions = pd.DataFrame(rows, columns=["position", "when", "article"])
    mentions["when"] = _when(mentions["when"])
    mentions = mentions.dropna(subset=["when"]).sort_values(["position", "when"])
    fig, ax = new_figure(size, 2.8)
    ax.plot(mentions.position, mentions.when, color="#999999", lw=0.5, zorder=1)
    for art, group in mentions.groupby("article"):
        ax.scatter(
            group.position,
            group.when,
            s=10,
            color=article_colour(art),
            label=article_name(art),
            zorder=2,
        )
    for k, r in enumerate(sentences.itertuples()):
        if k and r.article != sentences.article.iloc[k - 1]:
            ax.axvline(k - 0.5, color="#444444", lw=0.7, ls="--")
    _time_axis(ax, "y")
    ax.set_xlim(-1, len(sentences))
    ax.set_xlabel(
        fit(
            "叙述顺序：句子在文中的位置 / narrative order (sentence number)",
            fig.get_figwidth() * 0.8,
        )
    )
    ax.set_ylabel("故事顺序 / story order")
    figure_title(fig, "叙述顺序与故事顺序：报道如何在过去与现在之间跳跃")
    fig.legend(loc="outside lower center", ncol=8, frameon=False)
    source_note(fig, source)
    return fig


def _wide(values: pd.Series) -> bool:
    """Whether values span more than two orders of magnitude (then: a log axis)."""
    positive = values[values > 0]
    return len(positive) > 1 and positive.max() / positive.min() > 100


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
        labels = [
            shorten(f"{r.indicator}（{r.subject}）" if r.subject else str(r.indicator), 11)
            for r in rows.itertuples()
        ]
        y = np.arange(len(rows))
        ax.scatter(rows.value, y, s=12, color=[article_colour(a) for a in rows.article], zorder=3)
        ax.set_yticks(y, labels)
        ax.set_ylim(-0.6, in_row - 0.4)
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
    for ax in list(axes.flat)[len(units) :]:
        ax.set_visible(False)
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
    shown = sum(counts)
    more = (
        f"{len(data) - shown} more quantities in the indicators table; "
        if len(data) > shown
        else ""
    )
    source_note(fig, more + source)
    return fig


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
