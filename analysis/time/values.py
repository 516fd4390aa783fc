"""Calendar arithmetic and value formats of the timeline (TIMEX3-style values, ISO intervals).

Values: ``2026`` year, ``2026-06`` month, ``2026-06-17`` day, ``2026-06-17T10:31(:45)`` clock,
``2026-H1`` half, ``2026-Q3`` quarter, ``2026-SU`` season, ``2026-W25`` ISO week, ``a/b`` range,
``P30Y`` / ``PT10H`` durations, ``XXXX-08-30`` a date whose year is unknown.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    """The date, or None when it does not exist (2月30日)."""
    try:
        return dt.date(y, m, d)
    except (ValueError, TypeError, OverflowError):
        return None


def fmt_num(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


def date_value(
    y: int | None,
    mo: int | None,
    d: int | None,
    h: int | None = None,
    mi: int | None = None,
    s: int | None = None,
) -> tuple[str | None, str]:
    """ISO value and granularity of a (partial) date; an unknown year is written XXXX."""
    gran = (
        "second"
        if s is not None
        else "minute"
        if mi is not None
        else "hour"
        if h is not None
        else "day"
        if d
        else "month"
        if mo
        else "year"
    )
    if y is None and mo is None:
        return None, gran
    ys = f"{y:04d}" if y is not None else "XXXX"
    if mo is None:
        return ys, gran
    if d is None:
        return f"{ys}-{mo:02d}", gran
    if y is not None and not safe_date(y, mo, d):
        return None, gran
    if y is None and not safe_date(2000, mo, d):
        return None, gran
    v = f"{ys}-{mo:02d}-{d:02d}"
    if h is not None:
        v += clock_value(h, mi, s)
    return v, gran


def clock_value(h: int, mi: int | None = None, s: int | None = None) -> str:
    """T17, T17:30, T17:30:05."""
    out = f"T{h:02d}"
    if mi is not None:
        out += f":{mi:02d}"
        if s is not None:
            out += f":{s:02d}"
    return out


def shift(ref: dt.date, n: int, unit: str) -> tuple[str, str]:
    """``ref`` moved by n units (negative = back): value and granularity of that period."""
    if unit == "Y":
        return f"{ref.year + n:04d}", "year"
    if unit == "Q":
        k = ref.year * 4 + (ref.month - 1) // 3 + n
        return f"{k // 4:04d}-Q{k % 4 + 1}", "quarter"
    if unit == "M":
        k = ref.year * 12 + ref.month - 1 + n
        return f"{k // 12:04d}-{k % 12 + 1:02d}", "month"
    if unit == "W":
        y, w, _ = (ref + dt.timedelta(weeks=n)).isocalendar()
        return f"{y:04d}-W{w:02d}", "week"
    return (ref + dt.timedelta(days=n)).isoformat(), "day"


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved by n months (the day clipped to the month's length)."""
    k = d.year * 12 + d.month - 1 + n
    y, m = k // 12, k % 12 + 1
    for day in (d.day, 30, 29, 28):
        found = safe_date(y, m, day)
        if found:
            return found
    raise ValueError(d)  # pragma: no cover


def move(ref: dt.date, n: float, unit: str) -> dt.date:
    """``ref`` moved by a whole number of Y/Q/M/W/D."""
    if unit == "Y":
        return add_months(ref, int(n) * 12)
    if unit == "Q":
        return add_months(ref, int(n) * 3)
    if unit == "M":
        return add_months(ref, int(n))
    return ref + dt.timedelta(days=int(n) * (7 if unit == "W" else 1))


def duration_value(n: float | None, unit: str) -> str:
    """P30Y, P6M, PT10H, P1.5Y → P18M (a fraction goes to the next smaller unit if whole)."""
    if n is None:
        return f"PTX{unit[0]}" if unit in ("H", "MIN", "S") else f"PX{unit}"
    smaller = {"Y": ("M", 12), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60)}
    if n != int(n) and unit in smaller and (n * smaller[unit][1]) == int(n * smaller[unit][1]):
        n, unit = n * smaller[unit][1], smaller[unit][0]
    if unit == "Q":
        n, unit = n * 3, "M"
    letter = {"MIN": "M"}.get(unit, unit)
    return f"PT{fmt_num(n)}{letter}" if unit in ("H", "MIN", "S") else f"P{fmt_num(n)}{letter}"


def compound_duration(parts: list[tuple[float, str]]) -> str:
    """P1Y3M20DT8H50M20S from (n, unit) parts in any order."""
    total = {u: 0.0 for u in ("Y", "M", "W", "D", "H", "MIN", "S")}
    for n, unit in parts:
        if unit == "Q":
            n, unit = n * 3, "M"
        total[unit] += n
    date = "".join(f"{fmt_num(total[u])}{u}" for u in ("Y", "M", "W", "D") if total[u])
    clock = "".join(
        f"{fmt_num(total[u])}{'M' if u == 'MIN' else u}" for u in ("H", "MIN", "S") if total[u]
    )
    return "P" + date + (f"T{clock}" if clock else "")


_POINT = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<h>H[12])|(?P<q>Q[1-4])|(?P<s>SP|SU|FA|WI)|W(?P<w>\d{2})"
    r"|(?P<m>\d{2})(?:-(?P<d>\d{2}))?))?"
    r"(?:T(?P<hh>\d{2})(?::(?P<mi>\d{2}))?(?::(?P<ss>\d{2}))?)?$"
)


def _point_bounds(v: str) -> tuple[str, str] | None:
    """First and last instant (inclusive, ISO) of one side of a value."""
    m = _POINT.fullmatch(v)
    if not m:
        return None
    y = int(m["y"])
    try:
        if m["h"] or m["q"] or m["s"] or not m["m"]:
            if m["h"]:
                a, months = dt.date(y, 1 if m["h"] == "H1" else 7, 1), 6
            elif m["q"]:
                a, months = dt.date(y, 3 * int(m["q"][1]) - 2, 1), 3
            elif m["s"]:
                a, months = dt.date(y, SEASON_MONTH[m["s"]], 1), 3
            else:
                a, months = dt.date(y, 1, 1), 12
            return a.isoformat(), (add_months(a, months) - dt.timedelta(days=1)).isoformat()
        if m["w"]:
            a = dt.date.fromisocalendar(y, int(m["w"]), 1)
            return a.isoformat(), (a + dt.timedelta(days=6)).isoformat()
        if not m["d"]:
            a = dt.date(y, int(m["m"]), 1)
            return a.isoformat(), (add_months(a, 1) - dt.timedelta(days=1)).isoformat()
        day = dt.datetime(y, int(m["m"]), int(m["d"]))
        if m["hh"] is None:
            return day.date().isoformat(), day.date().isoformat()
        a = day + dt.timedelta(hours=int(m["hh"]), minutes=int(m["mi"] or 0))
        a += dt.timedelta(seconds=int(m["ss"] or 0))
        step = (
            dt.timedelta(seconds=1)
            if m["ss"]
            else dt.timedelta(minutes=1)
            if m["mi"]
            else dt.timedelta(hours=1)
        )
        return a.isoformat(), (a + step - dt.timedelta(seconds=1)).isoformat()
    except ValueError:
        return None


@functools.lru_cache(maxsize=8192)
def interval(value: str | None) -> tuple[str | None, str | None]:
    """Inclusive ISO bounds of a value: '2026' → ('2026-01-01', '2026-12-31'); durations,
    sets and underspecified values (XXXX-…) → (None, None)."""
    if not value or value.startswith(("P", "T", "X")):
        return None, None
    parts = value.split("/")
    if len(parts) > 2:
        return None, None
    a, b = _point_bounds(parts[0]), _point_bounds(parts[-1])
    if not a or not b:
        return None, None
    return a[0], b[1]


_SORT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-H([12])|-Q([1-4])|-(SP|SU|FA|WI)|-W(\d{2}))?")


def sort_key(value: str | None) -> str | None:
    """Start of the period as yyyy-mm-dd: '2026/2030' → '2026-01-01', '2026-H2' → '2026-07-01'."""
    if not value:
        return None
    m = _SORT.match(value)
    if not m:
        return None
    y, mo, d, half, q, season, week = m.groups()
    if week:
        with_week = interval(f"{y}-W{week}")[0]
        return with_week
    month = (
        int(mo)
        if mo
        else 1 + 6 * (int(half) - 1)
        if half
        else 1 + 3 * (int(q) - 1)
        if q
        else SEASON_MONTH[season]
        if season
        else 1
    )
    return f"{y}-{month:02d}-{int(d) if d else 1:02d}"


def five_year_plan(n: int) -> tuple[int, int]:
    """Years of China's n-th five-year plan: 9 → (1996, 2000), 15 → (2026, 2030).

    Plans 1–2 run 1953–1962; 1963–65 were "adjustment" years, so plan n ≥ 3 starts in
    1966 + 5(n−3) (a plain 1953 + 5(n−1) would put 十五五 in 2023).
    """
    start = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    return start, start + 4
