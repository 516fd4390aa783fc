"""``extract``: the quantities of one string, one row each (stage: analyse).

Candidates (``candidates``, ``phrasings``) are checked against the time expressions (a
duration is the timeline's, never a quantity), quoted names, units that need a cue (度, 级, 分),
and numerals glued inside a longer word (六盘山, 一成不变); a unit and its subunit become one
amount (两美元又三美分); indicators are filled in per sentence. ``extract_records`` gives plain
rows per text, ``extract`` one DataFrame per text, ``extract_many`` one DataFrame per batch.
Unit names without a number (``mentions``) are ``unit_mention`` rows of ``extract`` and
``extract_many`` (``mentions=False`` drops them), of ``extract_records`` only on request.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from analysis import timeline
from analysis.quantities import indicators, patterns, vocab
from analysis.quantities.candidates import Compact, Quantity, compact, general
from analysis.quantities.categories import categorize
from analysis.quantities.mentions import CATEGORY as MENTION
from analysis.quantities.mentions import unit_mentions
from analysis.quantities.phrasings import special
from analysis.sentences import sentence_index, split_sentences

COLUMNS = [
    "text",
    "start",
    "end",
    "value",
    "unit",
    "qualifier",
    "indicator",
    "category",
    "sentence",
    "value_max",
    "direction",
    "dimension",
    "review",
]


class _Spans:
    """Sorted, non-overlapping taken spans with a logarithmic overlap test."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in sorted(spans or []):
            self.add(s, e, merge=True)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.ends, s + 1)  # first span ending after s
        return i < len(self.starts) and self.starts[i] < e

    def add(self, s: int, e: int, merge: bool = False) -> None:
        i = bisect.bisect_left(self.starts, s)
        if merge and i and self.ends[i - 1] >= s:
            self.ends[i - 1] = max(self.ends[i - 1], e)
            return
        self.starts.insert(i, s)
        self.ends.insert(i, e)


@functools.lru_cache(maxsize=8)
def _timeline_spans(text: str) -> tuple[tuple[int, int], ...]:
    try:
        rows = timeline.extract_records(text, None)
    except Exception:
        return ()
    return tuple((int(r["start"]), int(r["end"])) for r in rows)


def time_spans(
    text: str, c: Compact | None = None, numerals: list[int] | None = None
) -> list[tuple[int, int]]:
    """Spans (text offsets) of time expressions: the timeline's plus bare durations (6个月).

    ``c`` and ``numerals`` (``patterns.numeral_starts(c.text)``) when the caller has them."""
    c = c or compact(text)
    numerals = patterns.numeral_starts(c.text) if numerals is None else numerals
    spans = _fallback_spans(c, numerals) + _timeline_in(text, c)
    return sorted({c.span(s, e) for s, e in spans})


def _fallback_spans(c: Compact, numerals: list[int]) -> list[tuple[int, int]]:
    """Years, dates and durations of ``patterns.time_fallback`` (copy offsets)."""
    return [m.span() for m in patterns.scanner("time_fallback").finditer(c.text, numerals)]


def _timeline_in(text: str, c: Compact) -> list[tuple[int, int]]:
    """The timeline's expressions in copy offsets, but for a clock time read from inside a
    longer numeral (百分之八[十四点零一])."""
    numeral = patterns.numeral_class().match
    out = []
    for s, e in _timeline_spans(text):
        i = c.index(s)
        if 0 < i < len(c.text) and numeral(c.text, i - 1) and numeral(c.text, i):
            continue
        out.append((i, c.index(e - 1) + 1))
    return out


def _clause(norm: str, start: int, end: int) -> tuple[int, int]:
    a = start
    while a > 0 and not patterns.CLAUSE_BREAK.match(norm[a - 1]) and start - a < 80:
        a -= 1
    b = end
    while b < len(norm) and not patterns.CLAUSE_BREAK.match(norm[b]) and b - end < 80:
        b += 1
    return a, b


def _unit_allowed(norm: str, q: Quantity) -> bool:
    """Units that need a context: 十块 (clause end), 4.5级地震 / 气温5度 / 得98分 (a cue)."""
    row = vocab.units().get(q.unit_word)
    if row is None or row.context in ("any", "prefix"):
        return True
    if not _context_holds(norm, q, row) and q.unit_word in vocab.classifiers():
        q.unit, q.dimension = q.unit_word, None  # 3块金牌: the measure word, not money
        return True
    return _context_holds(norm, q, row)


def _context_holds(norm: str, q: Quantity, row: vocab.Unit) -> bool:
    if row.context == "age_suffix":  # 十个月大的时候, 三周大了; not 为期6天大桥
        return (
            q.end == len(norm)
            or norm[q.end] in "的了时"
            or bool(patterns.CLAUSE_BREAK.match(norm[q.end]))
        )
    c0, c1 = _clause(norm, q.start, q.end)
    if row.context == "clause_end":
        rest = norm[q.end : c1]
        return rest in ("", "钱") or rest.startswith(("钱", "毛"))
    for cue in vocab.cues_of(q.unit_word):
        before = cue["side"] == "before" and cue["cue"] in norm[c0 : q.unit_start]
        if before or (cue["side"] == "after" and cue["cue"] in norm[q.end : q.end + 6]):
            q.dimension, q.cue = cue["dimension"], cue["cue"]
            q.unit = cue["unit_as"] or q.unit  # 华氏95度 → ℉
            return True
    return False


def _resolve(text: str, c: Compact, cache: dict) -> list[Quantity]:
    norm = c.text
    numerals = patterns.numeral_starts(norm)
    found = special(norm, numerals)
    if not numerals and not found:
        return []  # every quantity but 翻番 has a numeral
    quantity, bare_scan = patterns.scanner("quantity"), patterns.scanner("bare")
    found += [q for m in quantity.finditer(norm, numerals) if (q := general(norm, m))]
    bare = [
        (m, q) for m in bare_scan.finditer(norm, numerals) if (q := general(norm, m, bare=True))
    ]
    if not found and not bare:
        return []  # nothing to check against time expressions: the timeline is not run
    blocked = _blocked(text, c, numerals, found, bare)
    taken = _Spans()
    accepted: list[Quantity] = []
    for q in sorted(found, key=lambda q: (q.pass_, q.start, -q.end)):
        if q.dimension != "age" and blocked.overlaps(q.start, q.end):
            continue
        if taken.overlaps(q.start, q.end) or not _unit_allowed(norm, q):
            continue
        accepted.append(q)
        taken.add(q.start, q.end)
    for m, q in bare:  # the match's span (with its qualifier) must be free, the row's too
        free = not taken.overlaps(m.start(), m.end()) and not blocked.overlaps(m.start(), m.end())
        if free and not taken.overlaps(q.start, q.end):
            accepted.append(q)
            taken.add(q.start, q.end)
    accepted.sort(key=lambda q: q.start)
    kept = indicators.drop_word_internal(norm, accepted, cache)
    return _per_unit(norm, _named_currency(norm, _merge_parts(norm, _merge_bounds(norm, kept))))


def _blocked(
    text: str,
    c: Compact,
    numerals: list[int],
    found: list[Quantity],
    bare: list[tuple[re.Match[str], Quantity]],
) -> _Spans:
    """Where quantities may not be: time expressions and short quoted names. The timeline runs
    only when a candidate outside the durations and quotes could still overlap one of its
    expressions (an age may: 十个月大)."""
    spans = _fallback_spans(c, numerals) + [m.span() for m in patterns.QUOTED.finditer(c.text)]
    near = _Spans(spans)
    if any(q.dimension != "age" and not near.overlaps(q.start, q.end) for q in found) or any(
        not near.overlaps(m.start(), m.end()) for m, _ in bare
    ):
        spans += _timeline_in(text, c)
    return _Spans(spans)


_LOWER = {"more_than", "at_least"}
_UPPER = {"less_than", "up_to"}
_JOIN = {"", "并", "且", "并且", "而", "同时", "的同时", "，", ","}


def _merge_bounds(norm: str, qs: list[Quantity]) -> list[Quantity]:
    """大于15小于40 → one row 10–20; 最多80最少30个 → 20–100 (two bounds of one range)."""
    out: list[Quantity] = []
    for q in qs:
        p = out[-1] if out else None
        if (
            p is not None
            and p.value_max is None
            and q.value_max is None
            and {p.qualifier, q.qualifier} & _LOWER
            and {p.qualifier, q.qualifier} & _UPPER
            and norm[p.end : q.start] in _JOIN
            and (not p.unit or not q.unit or p.unit == q.unit)
        ):
            lo, hi = (p, q) if p.qualifier in _LOWER else (q, p)
            p.value, p.value_max, p.qualifier = lo.value, hi.value, lo.qualifier
            p.end, p.unit = q.end, p.unit or q.unit
            p.unit_start, p.unit_end = q.unit_start, q.unit_end
            p.unit_word, p.dimension = q.unit_word or p.unit_word, q.dimension or p.dimension
            continue
        out.append(q)
    return out


def _merge_parts(norm: str, qs: list[Quantity]) -> list[Quantity]:
    """两美元又三美分 → 2.03 美元: a unit followed by its subunit (``part_of`` and ``parts`` of
    ``units.tsv``) is one amount, written with or without 又 between them."""
    out: list[Quantity] = []
    for q in qs:
        p = out[-1] if out else None
        part = vocab.units().get(q.unit_word)
        if (
            p is not None
            and part is not None
            and part.parts
            and part.part_of == p.unit
            and p.value_max is None
            and q.value_max is None
            and q.qualifier is None
            and norm[p.end : q.start] in patterns.part_joiners()
        ):
            p.value += q.value / part.parts
            p.end = q.end
            continue
        out.append(q)
    return out


def _named_currency(norm: str, qs: list[Quantity]) -> list[Quantity]:
    """港币三千四百二十元 → 3420 港元: a currency name written right before an amount in 元
    names its currency (and is part of it: the indicator of 援助资金人民币3亿元 is 援助资金)."""
    after = 0
    for q in qs:
        found = patterns.currency_name_before().search(norm, max(after, q.start - 8), q.start)
        if found and q.dimension == "currency" and q.unit == "元":
            q.start, q.unit = found.start(), vocab.units()[found.group()].canonical
        after = q.end
    return qs


_NOT_PER = ("percent", "permille", "multiple", "doubling", "share")


def _per_unit(norm: str, qs: list[Quantity]) -> list[Quantity]:
    """30微克/立方米 → unit 微克/立方米: a unit written per another one is a rate, not the
    first unit alone (the row keeps the first unit's dimension: 元/吨 is a price)."""
    for q in qs:
        counted = q.dimension is None and q.unit_word in vocab.classifiers()  # 120次/分钟
        if q.dimension in _NOT_PER or (q.dimension is None and not counted):
            continue
        m = patterns.per_unit().match(norm, q.end)
        if m and q.unit_word:
            den = vocab.units().get(m["den"])
            q.unit, q.end = f"{q.unit}/{den.canonical if den else m['den']}", m.end()
    return qs


def extract_records(text: str, *, mentions: bool = False) -> list[dict[str, Any]]:
    """``extract`` as plain rows (dicts keyed by ``COLUMNS``), without building a DataFrame.

    The per-document path (``indicator_table`` reads it): quantities only, unless
    ``mentions=True`` adds the unit names written without a number (``unit_mention`` rows).
    """
    if not isinstance(text, str) or not text:
        return []
    c = compact(text)
    cache: dict = {}  # sentence span → tokens, shared by the word check and the indicators
    qs = _resolve(text, c, cache)
    named = _mentions(text, c, qs) if mentions else []
    if not qs and not named:
        return []
    spans = split_sentences(c.text) or [(0, len(c.text))]
    by_sentence: dict[int, list[Quantity]] = {}
    for q in qs:
        by_sentence.setdefault(max(sentence_index(spans, q.start), 0), []).append(q)
    rows = []
    for si, group in sorted(by_sentence.items()):
        s0, s1 = spans[si]
        s0, s1 = min(s0, group[0].start), max(s1, group[-1].end)
        indicators.fill(c.text, c.orig, group, (s0, s1), cache)
        rows += [_row(text, c, q, si) for q in group]
    if named:
        rows += [_row(text, c, q, max(sentence_index(spans, q.start), 0)) for q in named]
        rows.sort(key=lambda r: r["start"])
    return rows


def _mentions(text: str, c: Compact, qs: list[Quantity]) -> list[Quantity]:
    """Unit names without a number, outside quantities and time expressions."""
    found = unit_mentions(c.text, qs)
    if not found:
        return []
    times = _Spans([(c.index(s), c.index(e - 1) + 1) for s, e in time_spans(text, c)])
    return [q for q in found if not times.overlaps(q.start, q.end)]


_category = functools.lru_cache(maxsize=4096)(categorize)  # a table scan per new indicator


def _row(text: str, c: Compact, q: Quantity, sentence: int) -> dict[str, Any]:
    start, end = c.span(q.start, q.end)
    mention = q.pass_ == 3
    return {
        "text": text[start:end],
        "start": start,
        "end": end,
        "value": float(q.value),
        "unit": q.unit,
        "qualifier": q.qualifier,
        "indicator": q.indicator,
        "category": MENTION if mention else _category(q.indicator, q.unit, q.dimension),
        "sentence": sentence,
        "value_max": float(q.value_max) if q.value_max is not None else float("nan"),
        "direction": q.direction,
        "dimension": q.dimension,
        "review": q.review,
    }


_DTYPES = {"start": "int64", "end": "int64", "sentence": "int64", "item": "int64"}
_DTYPES |= {"value": "float64", "value_max": "float64"}


def extract(text: str, *, mentions: bool = True) -> pd.DataFrame:
    """Quantities of ``text``, one row each, sorted by start, never overlapping.

    ``value`` is in base units (亿/万 folded in) with its sign as written (负2.7% → -3.9);
    ``unit`` the unit or measure word; ``qualifier`` about / nearly / more_than / less_than /
    up_to / at_least / several; ``direction`` up or down where the text says 增长/下降;
    ``indicator`` what is measured; ``review`` why a human should look (empty when supported).
    Unit names without a number (以美元计价) are rows of category ``unit_mention`` with no
    value; ``mentions=False`` leaves them out (``indicator_table`` never has them).

    >>> extract("累计投入援助资金76.8亿元")[["text", "value", "unit", "indicator"]].values.tolist()
    [['76.8亿元', 7680000000.0, '元', '援助资金']]
    """
    rows = extract_records(text, mentions=mentions)
    if not rows:
        return _empty(tuple(COLUMNS)).copy(deep=False)  # copy-on-write: nothing is copied
    return _frame(rows, COLUMNS)


def extract_many(texts: Iterable[str], *, mentions: bool = True) -> pd.DataFrame:
    """``extract`` of many texts as one DataFrame: ``item`` (the text's position in ``texts``)
    and the columns of ``extract``; one DataFrame per batch, not one per text.

    >>> extract_many(["增长5%", "没有数字", "建成3个项目"])[["item", "text"]].values.tolist()
    [[0, '5%'], [2, '3个']]
    """
    rows = []
    for item, text in enumerate(texts):
        for r in extract_records(text, mentions=mentions):
            r["item"] = item
            rows.append(r)
    columns = ["item", *COLUMNS]
    return _frame(rows, columns) if rows else _empty(tuple(columns)).copy(deep=False)


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Rows → DataFrame, column by column, sharing one index (no alignment)."""
    index = pd.RangeIndex(len(rows))
    data = {}
    for name in columns:  # object columns stay object: a missing qualifier is None, not NaN
        column = np.empty(len(rows), dtype=_DTYPES.get(name, object))
        column[:] = [r[name] for r in rows]
        data[name] = pd.Series(column, index=index, dtype=column.dtype, copy=False)
    return pd.DataFrame(data, index=index, columns=_empty(tuple(columns)).columns, copy=False)


@functools.cache
def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=_DTYPES.get(c, object)) for c in columns})
