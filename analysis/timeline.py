"""Time expressions in Chinese news text, and the events they date (stage: sentences → timeline).

``extract`` finds dates, ranges, durations and sets with TIMEX3-style values, ISO intervals
(``interval_start``/``interval_end``, inclusive), ``mod`` and ``anchor``; ``build_timeline``
turns the loader's sentence table into a chronological table of dated events. The engine is
``analysis.time`` (rules over the tables in ``analysis/lang/zh``); this module is its facade.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis import sentences
from analysis.sentences import sentence_index, split_sentences
from analysis.time import frames
from analysis.time.engine import RULES, extract_rows
from analysis.time.events import COLUMNS, EVENT_COLUMNS, actors, build_timeline
from analysis.time.prefilter import first_chars
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
    "extract_many",
    "extract_records",
    "five_year_plan",
    "sort_key",
]


# Where a sentence boundary can begin (read from the shared splitter's pattern): a text with
# none of them before its last expression has all its expressions in sentence 0.
_BOUNDARY = getattr(sentences, "_END", None)
_BOUNDARY_START = first_chars(_BOUNDARY.pattern) if _BOUNDARY is not None else None
_MAY_SPLIT = re.compile(_BOUNDARY_START) if _BOUNDARY_START else None
_ITEM_COLUMNS = ["item", *COLUMNS]
# The two tables' layouts, looked up once (``extract`` makes a frame per call)
_ONE = frames.layout(COLUMNS, ints=("start", "end", "sentence"), bools=("relative",))
_MANY = frames.layout(_ITEM_COLUMNS, ints=("item", "start", "end", "sentence"), bools=("relative",))


def _with_sentences(text: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rows:
        return rows
    last = max(r["start"] for r in rows)
    if _MAY_SPLIT is not None and _MAY_SPLIT.search(text, 0, last) is None:
        for r in rows:
            r["sentence"] = 0
        return rows
    spans = split_sentences(text)
    for r in rows:
        r["sentence"] = max(sentence_index(spans, r["start"]), 0)
    return rows


@functools.lru_cache(maxsize=64)
def _iso_date(value: str) -> dt.date | None:
    return as_date(value)  # a date is immutable: one parse per distinct string


def _rows(
    text: Any, reference_date: Any, context: TimeContext | None, detect: bool
) -> list[dict[str, Any]]:
    text = text if isinstance(text, str) else str(text)
    ref = _iso_date(reference_date) if isinstance(reference_date, str) else as_date(reference_date)
    if ref is None and reference_date is None and detect:
        ref = detect_reference_date(text)[0]
    rows = extract_rows(text, ref, context if context is not None else TimeContext())
    return _with_sentences(text, rows)


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
    rows = _rows(text, reference_date, context, detect)
    return frames.frame_in(_ONE, rows)


def extract_many(
    texts: Iterable[Any],
    *,
    reference_date: dt.date | str | None = None,
    context: TimeContext | None = None,
    detect: bool = True,
) -> pd.DataFrame:
    """``extract`` of many texts as ONE table, with an ``item`` column (the text's position).

    The rows of text ``i`` are those of ``extract(texts[i], reference_date, context=context,
    detect=detect)``, in the same order: each text gets its own context (and, without
    ``reference_date``, its own detected date) unless one ``context`` is passed, which is then
    carried from text to text. For many short texts (sentences, paragraphs): one DataFrame
    instead of one per text.

    >>> texts = ["1997年4月，他来到宁夏", "会议的日子还没有定", "今年3月"]
    >>> extract_many(texts, reference_date="2026-06-17")[["item", "text", "value"]].values.tolist()
    [[0, '1997年4月', '1997-04'], [2, '今年3月', '2026-03']]
    """
    rows: list[dict[str, Any]] = []
    for i, text in enumerate(texts):
        for r in _rows(text, reference_date, context, detect):
            r["item"] = i
            rows.append(r)
    return frames.frame_in(_MANY, rows)


def extract_records(
    text: str, reference_date: dt.date | str | None = None, *, context: TimeContext | None = None
) -> list[dict[str, Any]]:
    """``extract`` as plain rows (dicts keyed by ``COLUMNS``) with no date detection.

    For callers that run per sentence (the indicator table): no DataFrame per call.
    """
    return _rows(text, reference_date, context, detect=False)
