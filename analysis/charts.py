"""Reusable charts that more than one notebook draws (stage: **figure**)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from analysis.document import Document
from analysis.figures import PALETTE, no_data_figure, source_note


def layout_chart(doc: Document) -> plt.Figure:
    """The page as paragraph blocks in raw order (top) and in reading order (bottom).

    Each paragraph is a block whose width is its length in characters, coloured by article;
    a line joins its raw position to its reading position, so a displaced block shows as
    lines that cross.
    """
    fig, ax = plt.subplots(figsize=(10, 3.2))
    total = len(doc.raw)
    paras = [(a.index, p) for a in doc.articles for p in a.paragraphs]
    reading = 0
    scale = total / max(1, sum(len(p.text) for _, p in paras))
    for art, p in paras:
        colour = PALETTE[art % len(PALETTE)]
        width = len(p.text) * scale
        for s, e in p.raw_spans:
            ax.add_patch(Rectangle((s, 1.0), e - s, 0.5, color=colour, lw=0))
        ax.add_patch(Rectangle((reading, 0.0), width, 0.5, color=colour, lw=0))
        crossed = p.raw_start - reading > total * 0.02 or reading - p.raw_start > total * 0.02
        ax.plot(
            [p.raw_start, reading],
            [1.0, 0.5],
            color=colour,
            lw=1.2 if crossed else 0.3,
            alpha=0.9 if crossed else 0.35,
        )
        reading += width
    for a in doc.articles:
        ax.plot(
            [],
            [],
            color=PALETTE[a.index % len(PALETTE)],
            lw=6,
            label=f"文章{a.index + 1}：{a.title or '（无标题）'}",
        )
    ax.set_xlim(0, total)
    ax.set_ylim(-0.1, 1.6)
    ax.set_yticks([0.25, 1.25], ["阅读顺序\n(reading order)", "原始页面\n(raw order)"])
    ax.set_xlabel("原始文本中的位置（字符） / position in the raw file (characters)")
    ax.set_title("页面版式还原：段落在原始文件中的位置与阅读顺序")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2, frameon=False, fontsize=8)
    source_note(fig, f"Source: {doc.path.name}; paragraphs from analysis.load (structure stage).")
    return fig


def year_fraction(iso: str) -> float:
    """'1997-04-01' → 1997.25: a position on a continuous year axis."""
    y, m, d = (int(x) for x in iso.split("-"))
    return y + (m - 1) / 12 + (d - 1) / 365


def _axis_segments(years: list[float], *, gap: float = 20.0) -> list[tuple[float, float]]:
    """Split the year range where no event falls for ``gap`` years (a broken axis)."""
    ys = sorted(years)
    segments = [[ys[0], ys[0]]]
    for y in ys[1:]:
        if y - segments[-1][1] > gap:
            segments.append([y, y])
        else:
            segments[-1][1] = y
    return [(a - 1.5, b + 1.5) for a, b in segments]


def _event_label(date: str, expression: str, event: str, chars: int) -> str:
    """'1997-04 率团首次来到宁夏…': the date, then the clause without its leading date."""
    clause = event[len(expression) :].lstrip("，, ") if event.startswith(expression) else event
    return f"{date} {clause[:chars]}{'…' if len(clause) > chars else ''}"


def timeline_chart(events: pd.DataFrame, *, source: str, label_chars: int = 14) -> plt.Figure:
    """Dated events on a year axis: points labelled with the event, ranges shaded as eras.

    ``events`` is ``timeline.build_timeline``'s table. Long empty stretches (1936 … 1996)
    break the axis so that the dense decades stay readable; labels are stacked in levels so
    they do not overlap.
    """
    points = events[events.kind == "point"].copy()
    ranges = events[events.kind == "range"].copy()
    if points.empty and ranges.empty:
        return no_data_figure("no dated events (no point or range expressions)", source=source)
    points["x"] = points.sort_key.map(year_fraction)
    ranges["x0"] = ranges.sort_key.map(year_fraction)
    ranges["x1"] = ranges.date.map(lambda v: float(str(v).split("/")[-1][:4]) + 1)
    years = [*points.x, *ranges.x0, *ranges.x1]
    segments = _axis_segments(years)
    widths = [max(b - a, 4.0) for a, b in segments]
    ranges = (
        ranges.groupby("date", sort=False)
        .agg(
            expression=("expression", lambda x: " / ".join(dict.fromkeys(x))),
            x0=("x0", "first"),
            x1=("x1", "first"),
        )
        .reset_index()
    )
    fig, axes = plt.subplots(
        1,
        len(segments),
        figsize=(14, 9),
        sharey=True,
        gridspec_kw={"width_ratios": widths, "wspace": 0.04},
    )
    axes = list(np.atleast_1d(axes))
    levels = 20
    for ax, (a, b) in zip(axes, segments, strict=True):
        ax.set_xlim(a, b)
        for k, r in enumerate(ranges.itertuples()):
            if r.x1 > a and r.x0 < b:
                ax.axvspan(r.x0, r.x1, color=PALETTE[(k + 2) % len(PALETTE)], alpha=0.12, lw=0)
                ax.text(
                    max(r.x0, a) + 0.2,
                    levels + 0.6 - (k % 3) * 0.7,
                    f"{r.expression}（{r.date.replace('/', '–')}）",
                    fontsize=7.5,
                    color="#333333",
                    va="top",
                )
        ax.axhline(0, color="#444444", lw=0.8)
        ax.set_ylim(-0.8, levels + 1)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
    last_x = [-1e9] * levels
    span = sum(widths)
    for p in points.sort_values(["x", "article", "sentence"]).itertuples():
        ax = axes[next(i for i, (a, b) in enumerate(segments) if a <= p.x <= b)]
        min_gap = span * 0.2  # about the width of a label, in years
        level = next(
            (lv for lv in range(1, levels) if p.x - last_x[lv] > min_gap),
            1 + int(np.argmin(last_x[1:])),
        )
        last_x[level] = p.x
        colour = PALETTE[int(p.article) % len(PALETTE)]
        ax.plot([p.x, p.x], [0, level], color=colour, lw=0.6, alpha=0.6)
        ax.plot(p.x, 0, "o", color=colour, ms=4)
        ax.text(
            p.x,
            level,
            _event_label(str(p.date), str(p.expression), str(p.event), label_chars),
            fontsize=7,
            va="center",
            ha="left",
            color="#222222",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": colour, "lw": 0.5},
        )
    for ax in axes[1:]:
        ax.spines["left"].set_visible(False)
        ax.tick_params(left=False)
    for ax, (a, b) in zip(axes, segments, strict=True):
        if b - a < 8:  # a short stretch of the broken axis: one tick at its event year
            ax.set_xticks([round((a + b) / 2)])
        else:
            ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=int((b - a) // 4)))
    fig.supxlabel("年份 / year (axis broken where no event falls for 20+ years)", fontsize=9)
    axes[0].set_title("时间线：文本中提到的有日期事件（点）与时期（阴影）", loc="left")
    source_note(fig, source)
    return fig


def narrative_chart(events: pd.DataFrame, sentences: pd.DataFrame, *, source: str) -> plt.Figure:
    """Narrative order vs story order: reading position (x) against the year referred to (y).

    ``events`` is ``build_timeline``'s table (every mention of a merged event is drawn) and
    ``sentences`` the document's sentence table, which gives each sentence its number in
    reading order. Jumps show the reporting moving between past and present.
    """
    order = {(r.doc, r.article, r.sentence): k for k, r in enumerate(sentences.itertuples())}
    rows = [
        (order[(e.doc, e.article, s)], year_fraction(e.sort_key), e.article)
        for e in events.itertuples()
        for s in e.sentences
        if (e.doc, e.article, s) in order
    ]
    if not rows:
        return no_data_figure("no dated mentions", source=source)
    mentions = pd.DataFrame(rows, columns=["position", "year", "article"]).sort_values(
        ["position", "year"]
    )
    fig, ax = plt.subplots(figsize=(11, 4.5))
    ax.plot(mentions.position, mentions.year, color="#999999", lw=0.6, zorder=1)
    for art, group in mentions.groupby("article"):
        ax.scatter(
            group.position,
            group.year,
            s=16,
            color=PALETTE[int(art) % len(PALETTE)],
            label=f"文章{int(art) + 1}",
            zorder=2,
        )
    for k, r in enumerate(sentences.itertuples()):
        if k and r.article != sentences.article.iloc[k - 1]:
            ax.axvline(k - 0.5, color="#444444", lw=0.8, ls="--")
    ax.set_xlabel("叙述顺序：句子在文中的位置 / narrative order (sentence number)")
    ax.set_ylabel("故事顺序：所指年份 / story order (year)")
    ax.set_title("叙述顺序与故事顺序：报道如何在过去与现在之间跳跃")
    ax.legend(frameon=False, fontsize=8)
    source_note(fig, source)
    return fig


def _log_if_wide(ax: plt.Axes, values: pd.Series) -> bool:
    """Use a log axis when the values span more than two orders of magnitude."""
    positive = values[values > 0]
    wide = len(positive) > 1 and positive.max() / positive.min() > 100
    if wide:
        ax.set_xscale("log")
    return wide


def indicator_panels(table: pd.DataFrame, *, source: str, max_panels: int = 9) -> plt.Figure:
    """One panel per unit (元, 人, 个, 家, % …), each on its own scale: never 7.68e9 next to
    25 on one linear axis. Bars are labelled with the value as the text writes it."""
    data = table[~table.unit.isin(["share", "番"])]
    if data.empty:
        return no_data_figure("no quantities", source=source)
    units = data.groupby("unit").size().sort_values(ascending=False).index[:max_panels]
    ncols = min(3, len(units))
    nrows = -(-len(units) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 2.6 * nrows), squeeze=False)
    for ax, unit in zip(axes.flat, units, strict=False):
        rows = data[data.unit == unit].sort_values("value")
        labels = [
            f"{r.indicator}（{r.subject}）" if r.subject else str(r.indicator)
            for r in rows.itertuples()
        ]
        colours = [PALETTE[int(a) % len(PALETTE)] for a in rows.article]
        ax.barh(range(len(rows)), rows.value, color=colours)
        ax.set_yticks(range(len(rows)), labels, fontsize=7)
        wide = _log_if_wide(ax, rows.value)
        for k, r in enumerate(rows.itertuples()):
            ax.text(r.value, k, f" {r.human}", va="center", fontsize=7)
        ax.set_xlabel(f"{unit}{'（对数刻度 / log scale）' if wide else ''}", fontsize=8)
        ax.set_title(f"单位：{unit}", fontsize=9, loc="left")
        ax.margins(x=0.25)
    for ax in list(axes.flat)[len(units) :]:
        ax.set_visible(False)
    fig.suptitle("文本中的数量指标，按单位分面（每个面板独立刻度）", x=0.01, ha="left")
    fig.tight_layout()
    source_note(fig, source)
    return fig


def comparison_chart(pairs: pd.DataFrame, *, source: str) -> plt.Figure:
    """Paired bars for the quantities a sentence compares (before/after, place vs place)."""
    if pairs.empty:
        return no_data_figure("the text compares no pair of quantities", source=source)
    fig, axes = plt.subplots(1, len(pairs), figsize=(2.6 * len(pairs) + 1, 3.6), squeeze=False)
    for ax, r in zip(axes.flat, pairs.itertuples(), strict=True):
        ax.bar([0, 1], [r.value_a, r.value_b], color=[PALETTE[0], PALETTE[1]], width=0.6)
        ax.set_xticks([0, 1], [str(r.label_a), str(r.label_b)], fontsize=7, rotation=15)
        for k, (v, h) in enumerate([(r.value_a, r.human_a), (r.value_b, r.human_b)]):
            ax.text(k, v, str(h), ha="center", va="bottom", fontsize=7)
        ax.set_title(f"{r.indicator}\n比值 ×{r.ratio:.2f}", fontsize=8)
        ax.set_ylabel(str(r.unit), fontsize=8)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
    fig.suptitle("文本中并列比较的数量（同一句中、同一单位、同一指标）", x=0.01, ha="left")
    fig.tight_layout()
    source_note(fig, source)
    return fig


def table_figure(
    table: pd.DataFrame, *, title: str, source: str, col_widths: list[float] | None = None
) -> plt.Figure:
    """A report-ready table as a figure (for slides and reports that take images)."""
    fig, ax = plt.subplots(figsize=(12, 0.27 * (len(table) + 2) + 0.6))
    ax.axis("off")
    tab = ax.table(
        cellText=table.astype(str).values,
        colLabels=list(table.columns),
        loc="upper left",
        cellLoc="left",
        colLoc="left",
        colWidths=col_widths,
    )
    tab.auto_set_font_size(False)
    tab.set_fontsize(7)
    tab.scale(1, 1.15)
    for (row, _), cell in tab.get_celld().items():
        cell.set_linewidth(0.2)
        if row == 0:
            cell.set_facecolor("#e8eef5")
    ax.set_title(title, loc="left")
    source_note(fig, source)
    return fig


def trend_chart(trends: pd.DataFrame, *, source: str) -> plt.Figure:
    """Relative frequency of terms per period (``frequency.term_trends``), one line per term."""
    if trends.empty:
        return no_data_figure("no dated documents", source=source)
    fig, ax = plt.subplots(figsize=(9, 4))
    periods = sorted(trends.period.unique())
    for k, (term, group) in enumerate(trends.groupby("term", sort=False)):
        group = group.set_index("period").reindex(periods)
        ax.plot(periods, group.per_10k, marker="os^D"[k // 10 % 4], color=f"C{k % 10}", label=term)
    docs = trends.drop_duplicates("period").set_index("period").documents.reindex(periods)
    ax.set_xticks(range(len(periods)), [f"{p}\n({int(n)}篇)" for p, n in docs.items()])
    ax.set_xlabel("时期（文档数）/ period (documents)")
    ax.set_ylabel("每万词出现次数 / per 10,000 tokens")
    ax.set_title("高频词随时间的变化（按文档日期分期）")
    ax.legend(frameon=False, fontsize=8, ncol=2)
    source_note(fig, source)
    return fig
