"""Time expressions in Chinese news text, and the events they date (stage: sentences → timeline).

``extract`` finds dates, ranges, durations and sets with TIMEX3-style values, ISO intervals
(``interval_start``/``interval_end``, inclusive), ``mod`` and ``anchor``; ``build_timeline``
turns the loader's sentence table into a chronological table of dated events. The engine is
``analysis.time`` (rules over the tables in ``analysis/lang/zh``); this module is its facade.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from analysis.sentences import sentence_index, split_sentences
from analysis.time.engine import RULES, extract_rows
from analysis.time.events import COLUMNS, EVENT_COLUMNS, _frame, actors, build_timeline
from analysis.time.reference import as_date, detect_reference_date
from analysis.time.rules import TimeContext
from analysis.time.values import five_year_plan, sort_key

__all__ = [
    "COLUMNS",
    "EVENT_COLUMNS",
    "RULES",
    "TimeContext",
    "actors",
    "build_timeline",
    "detect_reference_date",
    "extract",
    "extract_records",
    "five_year_plan",
    "sort_key",
]


def _with_sentences(text: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if rows:
        spans = split_sentences(text)
        for r in rows:
            r["sentence"] = max(sentence_index(spans, r["start"]), 0)
    return rows


def extract(
    text: str,
    reference_date: dt.date | str | None = None,
    *,
    context: TimeContext | None = None,
    detect: bool = True,
) -> pd.DataFrame:
    """One row per time expression in ``text``: surface, offsets and a normalized value.

    ``reference_date`` resolves relative expressions (今年, 30年前, 近日); when None it is
    detected from the text (``detect_reference_date``) unless ``detect=False``. Without one,
    nothing is guessed: a month-day keeps an underspecified value (``XXXX-08-30``), deictics
    (今天) have no value, and ``note`` says to pass ``reference_date``. ``context`` carries
    the most recent date across calls and is updated in place.

    >>> extract("1997年4月，习近平来到宁夏")[["text", "value", "kind"]].values.tolist()
    [['1997年4月', '1997-04', 'point']]
    """
    text = text if isinstance(text, str) else str(text)
    ref = as_date(reference_date)
    if ref is None and reference_date is None and detect:
        ref = detect_reference_date(text)[0]
    rows = extract_rows(text, ref, context if context is not None else TimeContext())
    rows = _with_sentences(text, rows)
    return _frame(rows, COLUMNS, ints=("start", "end", "sentence"), bools=("relative",))


def extract_records(
    text: str, reference_date: dt.date | str | None = None, *, context: TimeContext | None = None
) -> list[dict[str, Any]]:
    """``extract`` as plain rows (dicts keyed by ``COLUMNS``) with no date detection.

    For callers that run per sentence (the indicator table): no DataFrame per call.
    """
    ctx = context if context is not None else TimeContext()
    text = str(text)
    return _with_sentences(text, extract_rows(text, as_date(reference_date), ctx))
