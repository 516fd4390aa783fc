"""Calendars beyond the Gregorian month-day: the Chinese lunar calendar, solar terms, holidays,
ISO weeks and nth weekdays.

Lunar dates and the 24 solar terms come from ``lunar_python`` (6tail/lunar-python, MIT, pure
Python, no data files or network; lunar months from astronomical new moons, so it is valid far
beyond 1900–2100). Checked against zhdate's 1900–2100 tables for lunar 1/1, 1/15, 5/5, 8/15 and
9/9 of every year: 1,004 of 1,005 agree; the one difference (lunar 2057-09-09) is the known
2057 case where the new moon falls within minutes of midnight and published almanacs differ.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from lunar_python import Lunar, LunarYear

from analysis.time import lexicon
from analysis.time.values import safe_date


@functools.lru_cache(maxsize=2048)
def lunar_to_date(year: int, month: int, day: int) -> dt.date | None:
    """Gregorian date of lunar ``year``-``month``-``day`` (None when that day does not exist)."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and 1 <= year <= 9998):
        return None
    try:
        months = {m.getMonth(): m.getDayCount() for m in LunarYear.fromYear(year).getMonths()}
        if day > months.get(month, 0):
            return None
        s = Lunar.fromYmd(year, month, day).getSolar()
    except Exception:  # lunar_python raises bare Exceptions for impossible dates
        return None
    return safe_date(s.getYear(), s.getMonth(), s.getDay())


def lunar_month_span(year: int, month: int) -> tuple[dt.date, dt.date] | None:
    """First and last Gregorian day of a lunar month."""
    first = lunar_to_date(year, month, 1)
    if first is None:
        return None
    last = lunar_to_date(year, month, 30) or lunar_to_date(year, month, 29)
    return (first, last) if last else None


@functools.lru_cache(maxsize=512)
def lunar_new_years_eve(year: int) -> dt.date | None:
    """The last day of lunar year ``year`` (除夕): the day before lunar ``year+1``-01-01."""
    nxt = lunar_to_date(year + 1, 1, 1)
    return nxt - dt.timedelta(days=1) if nxt else None


@functools.lru_cache(maxsize=512)
def solar_term(year: int, name: str) -> dt.date | None:
    """Gregorian day of solar term ``name`` in Gregorian ``year`` (清明 2021 → 2021-04-04)."""
    if name not in lexicon.solar_terms() or not 1 <= year <= 9998:
        return None
    table = Lunar.fromYmd(year, 6, 1).getJieQiTable()
    for key, solar in table.items():  # terms of the next winter appear under Latin keys
        if (key == name or _LATIN.get(key) == name) and solar.getYear() == year:
            return safe_date(solar.getYear(), solar.getMonth(), solar.getDay())
    return None


_LATIN = {
    "DONG_ZHI": "冬至",
    "XIAO_HAN": "小寒",
    "DA_HAN": "大寒",
    "LI_CHUN": "立春",
    "YU_SHUI": "雨水",
    "JING_ZHE": "惊蛰",
}


def nth_weekday(year: int, month: int, nth: int, weekday: int) -> dt.date | None:
    """The nth ISO weekday of a month (母亲节: 2nd Sunday of May); nth -1 = the last."""
    first = safe_date(year, month, 1)
    if first is None:
        return None
    if nth < 0:
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)
    day = first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


def holiday_date(name: str, year: int) -> dt.date | None:
    """Gregorian date of holiday ``name`` (a ``holidays.tsv`` row) in the year ``year``."""
    h: dict[str, Any] | None = lexicon.holidays().get(name)
    if h is None:
        return None
    cal = h["calendar"]
    if cal == "gregorian":
        return safe_date(year, h["month"], h["day"])
    if cal == "lunar":
        return lunar_to_date(year, h["month"], h["day"])
    if cal == "lunar_eve":
        return lunar_new_years_eve(year - 1)  # 除夕 of the Spring Festival of ``year``
    if cal == "solar_term":
        return solar_term(year, h["term"])
    return nth_weekday(year, h["month"], h["nth"], h["weekday"])


def week_monday(day: dt.date) -> dt.date:
    """Monday of the ISO week of ``day``."""
    return day - dt.timedelta(days=day.isoweekday() - 1)
