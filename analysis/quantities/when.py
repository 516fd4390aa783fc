"""The time a figure is about (stage: analyse): ``refers_to`` from the sentence's time
expressions (``analysis.timeline``), with periods kept apart from single years.

- a year stated before the number (2016年…增长6.7%) → ``2016``; a relative one (今年, 去年)
  is resolved by the timeline against the document's date;
- a span before it makes the figure a period figure, written as an ISO 8601 interval so an
  annual series never takes it for one year's: "十二五"期间 → ``2011/2015``; 过去五年 in a
  2008 report → ``2003/2007``; a comparison base more than a year back (2007年…比2002年增长
  65.5%) → ``2002/2007`` (a five-year cumulative growth, not the growth of 2007);
- 过去一年 (a past span of one year) is the year before the document's: ``2010`` in a March
  2011 report; a span in a text dated after March runs to the document's year (30年来 in a
  June 2026 article: ``1996/2026``, 过去一年 in a June 2026 one: ``2025/2026``);
- an actual whole-year figure with no time of its own (比上年增长6.3%, 全年…) in a text dated
  January–March is the year just ended's (``completed_year``).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from analysis import timeline
from analysis.quantities import vocab

_YEAR = re.compile(r"([12]\d{3})(?!\d)")
_RANGE = re.compile(r"([12]\d{3})/([12]\d{3})$")
_YEARS = re.compile(r"P(\d+)Y$")
_MONTH = re.compile(r"[12]\d{3}-(\d{2})")


class Times(NamedTuple):
    """Time expressions of one sentence: ``(start, value)`` pairs in text order."""

    points: list[tuple[int, str]]  # years the sentence's figures may be about
    bases: list[tuple[int, str]]  # comparison bases (比2002年, 与2000年相比)
    spans: list[tuple[int, str]]  # periods: 2011/2015

    @property
    def last(self) -> str | None:
        """The sentence's last point or period (it dates the next sentences of a paragraph)."""
        found = sorted([*self.points, *self.spans])
        return found[-1][1] if found else None


def sentence_times(text: str, reference_date: Any) -> Times:
    """The year points, comparison bases and periods of ``text``."""
    points: list[tuple[int, str]] = []
    bases: list[tuple[int, str]] = []
    spans: list[tuple[int, str]] = []
    try:
        rows = timeline.extract_records(text, reference_date)
    except Exception:
        return Times(points, bases, spans)
    year = _year_of(reference_date)
    for row in rows:
        start, value, kind = int(row["start"]), str(row.get("value") or ""), row.get("kind")
        if kind == "point" and _YEAR.match(value):
            base = row.get("role") == "comparison_base" or _base_before(text[:start])
            (bases if base else points).append((start, value[:4] if base else value))
        elif kind == "range" and (m := _RANGE.match(value)) and m.group(1) != m.group(2):
            spans.append((start, value))
        elif kind == "duration" and year and _past(str(row.get("text") or "")):
            n = int(m.group(1)) if (m := _YEARS.match(value)) else 0
            last = year - 1 if _early_in_year(reference_date) else year
            if n == 1 and last < year:
                points.append((start, str(last)))
            elif n >= 1:
                spans.append((start, f"{year - n}/{last}"))
    return Times(points, bases, spans)


def refers_to(times: Times, start: int, text: str, fallback: str | None) -> tuple[str | None, bool]:
    """The time the figure at ``start`` is about, and whether the sentence states it.

    The last point or period before the number wins, else a point later in its clause, else
    ``fallback`` (the paragraph's, section's or document's year); a comparison base more
    than one year before that time, in the same part of the sentence (not across a
    semicolon), turns it into the period from the base.
    """
    before = sorted(p for p in [*times.points, *times.spans] if p[0] < start)
    if before:
        value, stated = before[-1][1], True
    else:
        clause_end = min(
            [i for i in (text.find(ch, start) for ch in "，,；;。") if i >= 0] or [len(text)]
        )
        later = [v for s, v in times.points if start <= s < clause_end]
        value, stated = (later[0], True) if later else (fallback, False)
    part = max(text.rfind(ch, 0, start) for ch in "；;") + 1  # a base compares within its part
    base = [v for s, v in times.bases if part <= s < start]
    if base and value and _YEAR.fullmatch(value[:4]) and int(value[:4]) - int(base[-1]) > 1:
        value = f"{base[-1]}/{value[:4]}"
    return value, stated


def completed_year(text: str, start: int, value: str | None, reference_date: Any) -> str | None:
    """The year an actual figure without a time of its own is about, given the document's year
    ``value``: the year before it when the text is dated January–March and an ``annual`` cue
    (比上年, 全年) precedes the figure in its part of the sentence, since the current year is
    not over (地区生产总值比上年增长6.3% in a March 2019 report: 2018); else ``value``."""
    year, m = _year_of(reference_date), _MONTH.match(str(reference_date or ""))
    if year is None or m is None or int(m.group(1)) > 3 or value != str(year):
        return value
    part = max(text.rfind(ch, 0, start) for ch in "；;。") + 1
    if any(w in text[part:start] for w in vocab.cue_words("annual")):
        return str(year - 1)
    return value


def average_period(
    times: Times, start: int, text: str, value: str | None, fallback: str | None
) -> str | None:
    """The period a yearly average (年均增长8.2%, 平均每年增长9.4%) is about when its sentence
    names only the period's last year ``value``: the last span before it in the sentence, else
    the paragraph's (``fallback``), that ends in that year (过去五年，…2018年全省地区生产总值…
    年均增长7.1% → 2014/2018); else ``value``. An average is no one year's growth."""
    if not value or is_period(value):
        return value
    clause = max(text.rfind(ch, 0, start) for ch in "，,；;。") + 1
    if not any(w in text[clause:start] for w in vocab.cue_words("average")):
        return value
    spans = [v for s, v in sorted(times.spans) if s < start][::-1]
    for span in [*spans, fallback]:
        if is_period(span) and span.endswith("/" + value[:4]):
            return span
    return value


def is_period(value: str | None) -> bool:
    """Whether a ``refers_to`` value is a period (2002/2007), not one year."""
    return bool(value and "/" in value)


def _past(text: str) -> bool:
    """过去五年, 这五年, 五年来: a span reaching back from the document's date."""
    return any(text.startswith(w) or text.endswith(w) for w in vocab.cue_words("past_span"))


def _base_before(text: str) -> bool:
    """The text before a year ends in a comparison marker (比, 较, 与 … 相比)."""
    words = vocab.cue_words("comparison") - {"而"} | {"与"}
    return any(text.endswith(w) for w in words)


def _early_in_year(reference_date: Any) -> bool:
    """A date in the first quarter (or no month): a past span ends with the previous year,
    the last full one (五年来 in a March 2008 report: 2003/2007); later in the year it runs to
    the document's year (30年来 in a June 2026 article: 1996/2026)."""
    m = _MONTH.match(str(reference_date or ""))
    return m is None or int(m.group(1)) <= 3


def _year_of(reference_date: Any) -> int | None:
    m = _YEAR.match(str(reference_date or ""))
    return int(m.group(1)) if m else None
