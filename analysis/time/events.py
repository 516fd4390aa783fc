"""The dated-event table: ``build_timeline`` turns the loader's sentence table into a
chronological table of events (one row per date and clause), with the actors of each clause."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import namedtuple
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.document import LOCATION_COLUMNS, SENTENCE_COLUMNS
from analysis.time.engine import extract_rows
from analysis.time.frames import frame as _frame
from analysis.time.reference import as_date, detect_reference_date
from analysis.time.rules import TimeContext
from analysis.time.values import sort_key

COLUMNS = [
    "text",
    "start",
    "end",
    "value",
    "kind",
    "granularity",
    "relative",
    "sentence",
    "anchor",
    "mod",
    "range_value",
    "note",
    "interval_start",
    "interval_end",
    "role",
]
EVENT_COLUMNS = [
    "date",
    "sort_key",
    "granularity",
    "kind",
    "expression",
    "event",
    *LOCATION_COLUMNS,
    "start",
    "end",
    "mentions",
    "sentences",
    "actors",
]


@dataclass
class _Row:
    text: str
    start: int
    end: int
    value: str | None
    kind: str
    granularity: str
    relative: bool
    anchor: str | None
    mod: str | None
    range_value: str | None
    note: str | None
    interval_start: str | None = None
    interval_end: str | None = None
    role: str | None = None
    sentence: int = 0


_CLAUSE_START = "，；。,;！？!?\n"
_CLAUSE_END = "。；！？!?;\n"
_STRIP = " \t\r\n，；。,;：:！？!?、…"  # quotes/brackets kept: they may pair up inside


def _clause(text: str, start: int, end: int, limit: int | None = None) -> str:
    """The clause an expression dates: from the previous ，；。 to the next 。；！？, whole (the
    exported tables keep full text; charts shorten their own labels), or cut at ``limit``."""
    a = max((text.rfind(ch, 0, start) for ch in _CLAUSE_START), default=-1) + 1
    ends = [i for i in (text.find(ch, end) for ch in _CLAUSE_END) if i >= 0]
    b = min(ends) if ends else len(text)
    clause = text[a:b].strip(_STRIP)
    if limit and len(clause) > limit:
        clause = clause[:limit].rstrip(_STRIP) + "…"
    return clause


def _bare(s: str) -> str:
    return re.sub(r"[\W_]+", "", s)


# The sentence-table columns build_timeline reads (every one but the list of raw spans).
_SENTENCE_FIELDS = tuple(c for c in SENTENCE_COLUMNS if c != "raw_spans")
_SentenceRow = namedtuple("_SentenceRow", _SENTENCE_FIELDS)


def build_timeline(
    sentences: pd.DataFrame,
    reference_date: dt.date | str | None = None,
    *,
    include: Iterable[str] = ("point", "range"),
) -> pd.DataFrame:
    """Chronological table of dated events from the loader's sentence table.

    Sentences are read in the table's order within each (doc, article); the most recent date
    is carried from sentence to sentence (reset per article, "same paragraph" per paragraph).
    ``reference_date`` None: detected per doc from its sentences. Vague references and
    durations are left out unless ``include`` names them; rows without a value (or with an
    underspecified one, XXXX-08-30) are dropped, and so are comparison bases (比1980年) and
    deictics inside quotations. Mentions of the same date whose clauses are equal or contained
    in one another are merged (``mentions``, ``sentences``).
    """
    kinds = set(include)
    df = sentences.reset_index(drop=True)
    cols = {c: df[c].tolist() if c in df else [None] * len(df) for c in _SENTENCE_FIELDS}
    # Group codes from pandas (missing keys form one group, as groupby(dropna=False) does),
    # rows grouped by plain lists: on a corpus this runs once per document, and iterating
    # groupby/itertuples cost more than the extraction itself.
    group_codes = df.groupby(["doc", "article"], sort=False, dropna=False).ngroup().tolist()
    doc_codes = pd.factorize(df["doc"], use_na_sentinel=False)[0].tolist()
    groups: dict[int, list[int]] = {}
    for i, code in enumerate(group_codes):
        groups.setdefault(code, []).append(i)
    refs: dict[Any, dt.date | None] = {}
    records: list[dict[str, Any]] = []
    order = itertools.count(1)  # reading order across articles: ties sort as read
    for indices in groups.values():
        doc_code = doc_codes[indices[0]]
        if doc_code not in refs:
            refs[doc_code] = _reference(reference_date, doc_code, doc_codes, cols["text"])
        records.extend(_article_events(indices, cols, refs[doc_code], kinds, order))
    # a dated event needs a place on the calendar: a bare clock time (上午10时30分 in an
    # undated text) has no sort key and stays in extract's table only; durations and sets
    # (included on request) sort last
    records = [r for r in records if r["sort_key"] or r["kind"] not in ("point", "range")]
    records.sort(key=lambda r: (r["sort_key"] or "9999", r["_order"]))
    merged = _merge_mentions(records)
    for m in merged:
        m["actors"] = actors(m["event"])
    return _frame(merged, EVENT_COLUMNS, ints=("start", "end", "mentions"))


def _reference(given: Any, doc_code: int, doc_codes: list[int], texts: list[Any]) -> Any:
    """The reference date of one document: the one given, else detected from its text."""
    if given is not None:
        return as_date(given)
    same = (t for c, t in zip(doc_codes, texts, strict=True) if c == doc_code)
    return detect_reference_date("\n".join(str(t) for t in same))[0]


def _article_events(
    indices: list[int],
    cols: dict[str, list[Any]],
    ref: Any,
    kinds: set[str],
    order: Iterator[int],
) -> list[dict[str, Any]]:
    """Event records of one article's sentences, the context carried from one to the next."""
    records = []
    ctx = TimeContext()
    paragraph = None
    for i in indices:
        row = _SentenceRow(*(cols[c][i] for c in _SENTENCE_FIELDS))
        if row.paragraph != paragraph:
            ctx.same_paragraph = False
            paragraph = row.paragraph
        text = str(row.text)
        for found in extract_rows(text, ref, ctx):
            position = next(order)
            r = _Row(**found)
            if r.kind not in kinds or r.value is None or r.value[0] in "TX":
                continue
            if r.role == "comparison_base" or r.anchor == "quote":
                continue  # 比1980年 is not an event; “今年…” is the speaker's year
            if r.granularity == "vague" and "vague" not in kinds:
                continue
            records.append(
                {
                    "date": r.value,
                    # a duration with a range (30年来 → 1996/2026) sorts by its start
                    "sort_key": sort_key(r.value) or sort_key(r.range_value),
                    "granularity": r.granularity,
                    "kind": r.kind,
                    "expression": r.text,
                    "event": _clause(text, r.start, r.end),
                    "doc": row.doc,
                    "article": row.article,
                    "section": row.section,
                    "sentence": row.sentence,
                    "raw_start": row.raw_start,
                    "raw_end": row.raw_end,
                    "start": r.start,
                    "end": r.end,
                    "_order": position,
                }
            )
    return records


def _merge_mentions(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same date with equal or nested clauses is one event mentioned several times."""
    merged: list[dict[str, Any]] = []
    for r in records:
        key = _bare(r["event"])
        for m in merged:
            if m["date"] != r["date"]:
                continue
            other = _bare(m["event"])
            if key == other or (key and other and (key in other or other in key)):
                m["mentions"] += 1
                m["sentences"].append(r["sentence"])
                break
        else:
            r["mentions"] = 1
            r["sentences"] = [r["sentence"]]
            merged.append(r)
    return merged


ACTOR_POS = ("nr", "ns", "nt")


def actors(clause: str) -> str:
    """People, places and organisations named in ``clause`` (tokenizer POS nr/ns/nt, which
    includes the user dictionary's names), in order of first mention, joined by 、.

    >>> actors("1997年4月，习近平同志来到宁夏调研")
    '习近平、宁夏'
    """
    from analysis.tokens import segment  # the tokenizer loads jieba only when needed

    seen: list[str] = []
    for tok in segment(clause):
        if tok.pos.startswith(ACTOR_POS) and len(tok.text) > 1 and tok.text not in seen:
            seen.append(tok.text)
    return "、".join(seen)
