"""Clock-time rules: 下午5:00, 10时31分45秒, 夜里12点 (00:00 of the next day), 8点多 (MORE_THAN),
约十点 (APPROX), on the reference day or the last explicit day of the text; and times kept on a
stopwatch (2小时08分15秒: a duration)."""

from __future__ import annotations

import datetime as dt
import re

from analysis.time import patterns as P
from analysis.time.clock import clock_mod, hour_minute, valid_clock, with_clock
from analysis.time.rules import NO_REFERENCE, Env, Example, Row, Rule, row
from analysis.time.values import clock_value, compound_duration

CLOCK = rf"(?:{P.before_qualifier('pre')}{P.SP})?{P.clock()}(?P<tail>多|左右|前后)?"


# A bare hour (no unit, no minutes) and a range mark right before a clock time: 2-4点.
_SPAN_END = re.compile(
    rf"(?:^|[^0-9:：.点时分])(?:[0-9]{{1,2}}|{P.CN_HOUR}){P.SP}(?:-|~|～|—|至|到)$"
)


def _valid_clock(m: re.Match[str], norm: str) -> bool:
    after = norm[m.end() : m.end() + 2]
    before = norm[max(0, m.start() - 2) : m.start()]
    if m["h"] and not m["dp"] and _SPAN_END.search(norm[max(0, m.start() - 6) : m.start()]):
        return False  # the 4点 of 2-4点: the end of two hours, a clock span or nothing
    return valid_clock(m.groupdict(), "", after, before)


def _day(env: Env) -> tuple[dt.date | None, str | None]:
    """The day a clock time is on: the last explicit day of the paragraph, else the reference."""
    c = env.ctx
    if c.day and c.same_paragraph and c.year and c.month:
        return dt.date(c.year, c.month, c.day), "previous"
    return (env.ref, "reference") if env.ref else (None, None)


def resolve_clock(m: re.Match[str], env: Env) -> Row:
    """上午10时30分 → the reference day (or the last explicit day) at 10:30."""
    h, mi, s, next_day = hour_minute(m.groupdict())
    if h is None:
        return row(None, "point", "hour", True)
    mod = clock_mod(m["pre"], m["tail"] or "")
    gran = "second" if s is not None else "minute" if mi is not None else "hour"
    return _on_day(env, [(h, mi, s, next_day)], "point", gran, mod)


def _on_day(env: Env, times: list[tuple], kind: str, gran: str, mod: str | None = None) -> Row:
    """Clock times ``(hour, minute, second, next_day)`` on their day; without a day to put
    them on, the bare clock values and a note."""
    base, anchor = _day(env)
    if base is None:
        value = "/".join(clock_value(h, mi, s) for h, mi, s, _ in times)
        return row(value, kind, gran, True, None, mod, note=NO_REFERENCE)
    value = "/".join(with_clock(base, h, mi, s, nd) for h, mi, s, nd in times)
    return row(value, kind, gran, True, anchor, mod)


# 上午9-11时, 下午2至4点, 晚上7～9点半: two hours sharing one unit (and the part of the day).
CLOCK_SPAN = (
    rf"(?:(?<![今昨明当次])(?P<dp>{P.dayparts()}){P.SP})?"
    rf"(?<![0-9.:：])(?P<h1>[01]?[0-9]|2[0-4]|{P.CN_HOUR}){P.SP}(?:-|~|～|—|至|到){P.SP}"
    rf"(?P<h>[01]?[0-9]|2[0-4]|{P.CN_HOUR})(?P<hu>点钟|点|时)"
    rf"(?:(?P<half>半)|(?P<mi>[0-5]?[0-9]|{P.CN_MINUTE})分)?"
)


def _valid_span(m: re.Match[str], norm: str) -> bool:
    """Two hours are a clock span after a part of the day or a day (9日9至11时), with 时 or
    with minutes (9~12点半): 2-4点 alone may be index points."""
    before = norm[max(0, m.start() - 1) : m.start()]
    exact = m["half"] or m["mi"]  # 9~12点半
    return bool(m["dp"] or exact or m["hu"] == "时" or (before and before in "日号天晚晨午夜"))


def resolve_clock_span(m: re.Match[str], env: Env) -> Row:
    """下午2-4点 → 14:00 to 16:00 of the clock time's day."""
    g = m.groupdict()
    h1, _, _, nd1 = hour_minute({"h": g["h1"], "hu": g["hu"], "dp": g["dp"]})
    h2, mi, _, nd2 = hour_minute(g)
    if h1 is None or h2 is None or (nd1, h1) >= (nd2, h2 if mi is None else h2 + 0.5):
        return row(None, "range", "hour", True)
    gran = "minute" if mi is not None else "hour"
    return _on_day(env, [(h1, None, None, nd1), (h2, mi, None, nd2)], "range", gran)


# A time kept in hours, minutes and seconds (2小时08分15秒, 3分28秒, 历时2小时30分): 分 is a
# minute only here, between hours and seconds; alone it is points, cents or a tenth.
STOPWATCH = (
    r"(?<![0-9.])(?:(?P<h>[0-9]{1,3})个?小时)?(?P<mi>[0-9]{1,3})分"
    r"(?:(?P<s>[0-9]{1,2}(?:\.[0-9]+)?)秒|(?(h)(?![0-9钟])|(?!)))"
)


def resolve_stopwatch(m: re.Match[str], env: Env) -> Row:
    parts = [(float(m[g]), u) for g, u in (("h", "H"), ("mi", "MIN"), ("s", "S")) if m[g]]
    return row(compound_duration(parts), "duration", _GRAIN[parts[-1][1]])


_GRAIN = {"H": "hour", "MIN": "minute", "S": "second"}


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
    Rule(
        "clock_span",
        CLOCK_SPAN,
        resolve_clock_span,
        needs="点时",
        priority=36,
        valid=_valid_span,
        examples=(
            Example("上午9-11时开放", "上午9-11时", "2026-06-17T09/2026-06-17T11"),
            Example("下午2至4点", "下午2至4点", "2026-06-17T14/2026-06-17T16"),
            Example("晚上7～9点半", "晚上7～9点半", "2026-06-17T19/2026-06-17T21:30"),
            Example("每天8—18时", "8—18时", "2026-06-17T08/2026-06-17T18"),
        ),
    ),
    Rule(
        "stopwatch",
        STOPWATCH,
        resolve_stopwatch,
        needs="分",
        priority=9,
        examples=(
            Example("冠军成绩为2小时08分15秒", "2小时08分15秒", "PT2H8M15S"),
            Example("以3分28秒夺冠", "3分28秒", "PT3M28S"),
            Example("全程历时2小时30分。", "2小时30分", "PT2H30M"),
        ),
    ),
)
