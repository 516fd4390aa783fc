"""Rules as named values: a pattern built from table macros, a resolver, a priority, examples.

A rule is found by its regex on the normalised text; ``valid`` rejects matches a regex cannot
judge (an hour above 24, 6月 read as a duration); ``resolve`` turns the match into a row given
the reference date and the running context. Among overlapping matches the longest wins, then
the higher ``priority`` (explicit, never a dict's order). Each rule lists examples (input,
reference date, expected surface and value) that ``tests/test_time_rules.py`` runs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from analysis.lang.numbers import read_digits, read_int, read_number
from analysis.time import gate_cache

Row = dict[str, Any]


@dataclass
class TimeContext:
    """What earlier text says about "when": carried from sentence to sentence by the caller.

    ``year``/``month``/``day`` are the most recent resolved date (the "most recent explicit
    year"); ``same_paragraph`` says whether it was set in the paragraph being read. A month-day
    without a year (6月17日) takes the context year only within the same paragraph (narrative
    "2016年7月…。19日…"); otherwise the reference year (news convention: a bare date is this
    year), and the context year only when there is no reference date.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    same_paragraph: bool = False
    _pos: int | None = field(default=None, repr=False)


@dataclass
class Env:
    """What a resolver may read: the reference date, the context, the normalised text."""

    ref: dt.date | None
    ctx: TimeContext
    norm: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Example:
    """``text`` (with ``ref``) must yield a row with this surface and value."""

    text: str
    surface: str
    value: str | None
    ref: str | None = "2026-06-17"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str
    resolve: Callable[[re.Match[str], Env], Row]
    priority: int = 0
    valid: Callable[[re.Match[str], str], bool] | None = None
    examples: tuple[Example, ...] = ()
    start_group: str | None = None  # the row starts at this group (a guard word before it)
    needs: str | None = None  # characters one of which every match contains (a cheap pre-check)
    # a regex one match of which every match contains (the rule's vocabulary: 春节, 国庆 …), for
    # rules whose character gates are common characters (国, 中, 大): one search of a word
    # alternation (a literal prefix scan) instead of the full pattern at every candidate position
    needs_word: str | None = None

    def compiled(self) -> re.Pattern[str]:
        """The pattern behind a lookahead for the characters a match can begin with.

        Positions where no match can begin fail in one class test (``prefilter.guarded``);
        the matches are those of ``pattern`` alone.
        """
        rx = re.compile(gate_cache.guarded(self.pattern))  # guarded when no match is empty
        if rx.match(""):
            raise ValueError(f"time rule {self.name!r} matches the empty string")
        return rx

    def word_gate(self) -> re.Pattern[str] | None:
        """``needs_word`` compiled (None: the rule has no word pre-check)."""
        return re.compile(self.needs_word) if self.needs_word else None

    def gates(self) -> tuple[frozenset[str], ...]:
        """Character sets a text must share a character with for the rule to match in it:
        ``needs`` and those read from the pattern (``prefilter.gates``)."""
        given = (frozenset(self.needs),) if self.needs else ()
        return given + gate_cache.gates(self.pattern)


def row(
    value: str | None,
    kind: str,
    gran: str,
    relative: bool = False,
    anchor: str | None = None,
    mod: str | None = None,
    range_value: str | None = None,
    note: str | None = None,
) -> Row:
    return {
        "value": value,
        "kind": kind,
        "granularity": gran,
        "relative": relative,
        "anchor": anchor,
        "mod": mod,
        "range_value": range_value,
        "note": note,
    }


NO_REFERENCE = "relative to an unknown reference date: pass reference_date (REFERENCE_DATE)"
NO_YEAR = "year unknown (no reference date): pass reference_date (REFERENCE_DATE)"


def num(s: str | None) -> float | None:
    """Numeral → float (None for 几/数/多 and ranges such as 一两)."""
    if not s:
        return None
    if s in ("多", "几", "数"):
        return None
    found = read_number(s)
    if found is None or found.vague or found.value_max is not None:
        return None
    return float(found.value)


def integer(s: str | None) -> int | None:
    return read_int(s) if s else None


def year_number(s: str) -> int | None:
    """1996, 二〇〇八 (digit by digit), 两千零四 (a number)."""
    if s.isdigit():
        return int(s)
    digits = read_digits(s)
    if digits is not None and len(s) == 4:
        return digits
    return read_int(s)


def two_digit_year(s: str) -> int | None:
    """08 → 2008, 98 → 1998, 零八 → 2008 (below 50: 20xx)."""
    v = int(s) if s.isdigit() else read_digits(s)
    if v is None:
        return None
    return 2000 + v if v < 50 else 1900 + v


def year_in_context(env: Env) -> tuple[int | None, str | None]:
    """Year for an expression without one (6月17日, 年底): see ``TimeContext``."""
    ctx, ref = env.ctx, env.ref
    if ctx.year is not None and ctx.same_paragraph:
        return ctx.year, "previous"
    if ref is not None:
        return ref.year, "reference"
    if ctx.year is not None:
        return ctx.year, "previous"
    return None, None
