"""Holiday rules: festivals and statutory holidays (春节, 国庆假期), lunar ones through
``analysis.time.calendar``, and the 24 solar terms where the context makes them dates."""

from __future__ import annotations

import datetime as dt
import re

from analysis.time import calendar, lexicon
from analysis.time import patterns as P
from analysis.time.rules import (
    NO_YEAR,
    Env,
    Example,
    Row,
    Rule,
    row,
    two_digit_year,
    year_in_context,
    year_number,
)

_HOLIDAYS = P.words(lexicon.holidays())
_SOLAR_TERMS = P.words(t for t in lexicon.solar_terms() if t not in lexicon.holidays())
_TERM_CONTEXT = r"节气|时节|前后|当天|这天|那天|之际|期间|到来|节|假期|小长假|以来|以后|之后|前夕"
HOLIDAY = (
    rf"(?:(?P<y>{P.Y4})年|(?P<y2>(?<![0-9.])[0-9]{{2}})年|(?P<ry>{P.relative('Y')}))?"
    rf"(?:(?P<h>{_HOLIDAYS})|(?P<t>{_SOLAR_TERMS}))"
    r"(?P<period>小长假|长假|假期|黄金周)?"
)


def _valid_holiday(m: re.Match[str], norm: str) -> bool:
    g = m.groupdict()
    name = g["h"] or g["t"]
    cal = lexicon.holidays().get(name, {}).get("calendar", "solar_term")
    year = g["y"] or g["y2"] or g["ry"]
    if g["t"] and not year and not re.match(_TERM_CONTEXT, norm[m.end() : m.end() + 4]):
        return False
    if cal == "solar_term" and not (year or g["period"] or name.endswith("节")):
        return bool(re.match(_TERM_CONTEXT, norm[m.end() : m.end() + 4]))
    return True


def resolve_holiday(m: re.Match[str], env: Env) -> Row:
    g = m.groupdict()
    name = g["h"] or g["t"]
    if g["y"] or g["y2"]:
        y, anchor = (year_number(g["y"]) if g["y"] else two_digit_year(g["y2"])), None
    elif g["ry"]:
        r = lexicon.relative_words()[g["ry"]]
        base = env.ref.year if r["anchor"] == "reference" and env.ref else env.ctx.year
        y, anchor = (base + r["offset"] if base else None), r["anchor"]
    else:
        y, anchor = year_in_context(env)
    if y is None:
        return row(None, "point", "day", True, None, note=f"holiday {name}: {NO_YEAR}")
    written = bool(g["y"] or g["y2"] or g["ry"])
    day = _holiday_day(
        name, bool(g["h"]), y, written=written, context=anchor == "previous", env=env
    )
    if day is None:
        return row(None, "point", "day", anchor is not None, anchor, note=f"holiday {name}")
    days = lexicon.holidays().get(name, {}).get("days", 0)
    if g["period"] and days:
        start = day - dt.timedelta(days=1) if name in ("春节",) else day
        end = start + dt.timedelta(days=days - 1)
        note = f"holiday {name}: {days}-day statutory period (approximate; the schedule varies)"
        return row(f"{start}/{end}", "range", "day", anchor is not None, anchor, note=note)
    return row(day.isoformat(), "point", "day", anchor is not None, anchor, note=f"holiday {name}")


def _holiday_day(
    name: str, holiday: bool, y: int, *, written: bool, context: bool, env: Env
) -> dt.date | None:
    """A year written (2023年除夕): that year's, 除夕 of the lunar year 2023; the year of the
    context: the one in that Gregorian year; none: the occurrence nearest the reference date
    (春节 in a December report is the coming one)."""

    def on(year: int) -> dt.date | None:
        if not holiday:
            return calendar.solar_term(year, name)
        if written and lexicon.holidays()[name]["calendar"] == "lunar_eve":
            return calendar.lunar_new_years_eve(year)
        return calendar.holiday_date(name, year)

    if written or context or env.ref is None:
        return on(y)
    days = [d for d in (on(y - 1), on(y), on(y + 1)) if d]
    return min(days, key=lambda d: (abs((d - env.ref).days), d)) if days else None


RULES = (
    Rule(
        "holiday",
        HOLIDAY,
        resolve_holiday,
        priority=55,
        valid=_valid_holiday,
        needs_word=f"{_HOLIDAYS}|{_SOLAR_TERMS}",  # group h or t: in every match
        examples=(
            Example("今年春节，游客", "今年春节", "2026-02-17"),
            Example("国庆假期，铁路", "国庆假期", "2026-10-01/2026-10-07"),
            Example("2023年中秋节", "2023年中秋节", "2023-09-29"),
            Example("清明假期出游", "清明假期", "2026-04-05/2026-04-07"),
        ),
    ),
)
