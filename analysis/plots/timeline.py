"""Figures of notebook 02 (timeline): dated events one row each on a time axis that scales
from decades to hours, one lane per document for a corpus, and narrative vs story order."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis.plots.style import (
    PALETTE,
    article_colour,
    article_name,
    figure_title,
    fit,
    narrow,
    new_figure,
    no_data_figure,
    shorten,
    source_note,
)


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


def _dated_rows(events: pd.DataFrame) -> pd.DataFrame:
    """The points and ranges of ``events`` with a ``start`` on the time axis (and a ``stop``
    for a range), in chronological order (then by document, article, sentence)."""
    rows = events[events.kind.isin(["point", "range"])].copy()
    rows["start"] = _when(rows.sort_key)
    rows = rows.dropna(subset=["start"])
    if rows.empty:
        return rows
    rows["stop"] = [
        _range_end(d) if k == "range" else pd.NaT for d, k in zip(rows.date, rows.kind, strict=True)
    ]
    sort = [c for c in ("start", "doc", "article", "sentence") if c in rows]
    return rows.sort_values(sort, kind="stable")


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
    rows = _dated_rows(events)
    if rows.empty:
        return no_data_figure(
            "no dated events (no point or range expressions)", source=source, size=size
        )
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
