"""Clock-time rules: 下午5:00, 10时31分45秒, 夜里12点 (00:00 of the next day), 8点多 (MORE_THAN),
约十点 (APPROX), on the reference day or the last explicit day of the text."""

from __future__ import annotations

import datetime as dt
import re

from analysis.time import patterns as P
from analysis.time.clock import clock_mod, hour_minute, valid_clock, with_clock
from analysis.time.rules import NO_REFERENCE, Env, Example, Row, Rule, row
from analysis.time.values import clock_value

CLOCK = rf"(?:{P.before_qualifier('pre')}{P.SP})?{P.clock()}(?P<tail>多|左右|前后)?"


def _valid_clock(m: re.Match[str], norm: str) -> bool:
    after = norm[m.end() : m.end() + 2]
    before = norm[max(0, m.start() - 2) : m.start()]
    return valid_clock(m.groupdict(), "", after, before)


def resolve_clock(m: re.Match[str], env: Env) -> Row:
    """上午10时30分 → the reference day (or the last explicit day) at 10:30."""
    h, mi, s, next_day = hour_minute(m.groupdict())
    if h is None:
        return row(None, "point", "hour", True)
    mod = clock_mod(m["pre"], m["tail"] or "")
    gran = "second" if s is not None else "minute" if mi is not None else "hour"
    c = env.ctx
    if c.day and c.same_paragraph and c.year and c.month:
        base, anchor = dt.date(c.year, c.month, c.day), "previous"
    elif env.ref:
        base, anchor = env.ref, "reference"
    else:
        return row(clock_value(h, mi, s), "point", gran, True, None, mod, note=NO_REFERENCE)
    return row(with_clock(base, h, mi, s, next_day), "point", gran, True, anchor, mod)


RULES = (
    Rule(
        "clock",
        CLOCK,
        resolve_clock,
        needs="点时:",
        priority=35,
        valid=_valid_clock,
        examples=(
            Example("下午5:00开始", "下午5:00", "2026-06-17T17:00"),
            Example("夜里12点", "夜里12点", "2026-06-18T00"),
            Example("9点整", "9点整", "2026-06-17T09:00"),
            Example("8点多", "8点多", "2026-06-17T08"),
            Example("10:31:45", "10:31:45", "2026-06-17T10:31:45"),
            Example("15时57分", "15时57分", "2026-06-17T15:57"),
            Example("上午10时30分", "上午10时30分", "T10:30", None),
        ),
    ),
)
