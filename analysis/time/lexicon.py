"""The timeline's vocabulary, read from the validated tables under ``analysis/lang/zh/``.

Each function returns plain Python data built from one table (cached); the patterns module
turns them into regex alternations. Nothing here knows how an expression is put together.
"""

from __future__ import annotations

import functools
from typing import Any

from analysis.lang.tables import Column, Schema, alternation, zh_table

UNITS = ("Y", "Q", "M", "W", "D", "BD", "H", "MIN", "S")
_EXAMPLE = Column("example")


def _has_word(key: str) -> Any:
    return lambda r: None if r[key] in r["example"] else f"example lacks {r[key]!r}"


def _rows(name: str, schema: Schema) -> tuple[dict[str, Any], ...]:
    return zh_table(name, schema)


@functools.cache
def units() -> dict[str, tuple[str, str]]:
    """Time-unit word → (ISO unit, counter rule): 年 → (Y, none), 小时 → (H, optional)."""
    schema = Schema(
        (
            Column("word"),
            Column("unit", choices=UNITS),
            Column("counter", choices=("none", "optional", "required")),
        ),
        unique=(("word",),),
    )
    return {r["word"]: (r["unit"], r["counter"]) for r in _rows("time_units.tsv", schema)}


@functools.cache
def relative_words() -> dict[str, dict[str, Any]]:
    """今天, 去年, 次日 ... → {unit, offset, anchor, daypart}."""
    schema = Schema(
        (
            Column("word"),
            Column("unit", choices=("Y", "M", "W", "D")),
            Column("offset", "int"),
            Column("anchor", choices=("reference", "previous")),
            Column("daypart", optional=True),
            _EXAMPLE,
            Column("not_after", optional=True, default=""),
            Column("bare", "bool"),
        ),
        unique=(("word",),),
        check=_has_word("word"),
    )
    return {r["word"]: r for r in _rows("relative_words.tsv", schema)}


@functools.cache
def relative_prefixes() -> dict[str, int]:
    """上周 / 下个月 prefixes → offset in units."""
    schema = Schema(
        (Column("prefix"), Column("offset", "int"), _EXAMPLE),
        unique=(("prefix",),),
        check=_has_word("prefix"),
    )
    return {r["prefix"]: r["offset"] for r in _rows("relative_prefixes.tsv", schema)}


@functools.cache
def weekdays() -> dict[str, tuple[int, int]]:
    """Day name after 周/星期/礼拜 → (first, last) ISO weekday: 五 → (5, 5), 末 → (6, 7)."""
    schema = Schema(
        (Column("word", "char"), Column("first", "int"), Column("last", "int"), _EXAMPLE),
        unique=(("word",),),
        check=lambda r: None if 1 <= r["first"] <= r["last"] <= 7 else "weekday not in 1..7",
    )
    return {r["word"]: (r["first"], r["last"]) for r in _rows("weekdays.tsv", schema)}


@functools.cache
def dayparts() -> dict[str, dict[str, Any]]:
    """上午, 下午, 夜里 ... → {code, first_hour, last_hour, clock}."""
    schema = Schema(
        (
            Column("word"),
            Column("code", choices=("MO", "MI", "AF", "EV", "NI", "DT")),
            Column("first_hour", "int"),
            Column("last_hour", "int"),
            Column("clock", choices=("am", "pm", "evening", "noon", "night")),
            _EXAMPLE,
        ),
        unique=(("word",),),
        check=lambda r: (
            None
            if 0 <= r["first_hour"] <= r["last_hour"] <= 23
            else "hours must be 0 <= first_hour <= last_hour <= 23"
        ),
    )
    return {r["word"]: r for r in _rows("dayparts.tsv", schema)}


@functools.cache
def seasons() -> dict[str, str]:
    """春/夏/秋/冬 → TIMEX3 season code."""
    schema = Schema(
        (Column("word", "char"), Column("code", choices=("SP", "SU", "FA", "WI")), _EXAMPLE),
        unique=(("word",),),
    )
    return {r["word"]: r["code"] for r in _rows("seasons.tsv", schema)}


@functools.cache
def eras() -> dict[str, int]:
    """Era name → Gregorian year of its first year (民国 → 1912)."""
    schema = Schema(
        (Column("era"), Column("first_year", "int"), _EXAMPLE),
        unique=(("era",),),
        check=_has_word("era"),
    )
    return {r["era"]: r["first_year"] for r in _rows("eras.tsv", schema)}


@functools.cache
def holidays() -> dict[str, dict[str, Any]]:
    """Holiday name → its calendar rule (see ``holidays.tsv``)."""
    schema = Schema(
        (
            Column("name"),
            Column(
                "calendar", choices=("gregorian", "lunar", "lunar_eve", "solar_term", "weekday")
            ),
            Column("month", "int", optional=True),
            Column("day", "int", optional=True),
            Column("term", optional=True),
            Column("nth", "int", optional=True),
            Column("weekday", "int", optional=True),
            Column("days", "int"),
            _EXAMPLE,
        ),
        unique=(("name",),),
        check=_holiday_problem,
    )
    return {r["name"]: r for r in _rows("holidays.tsv", schema)}


def _holiday_problem(r: dict[str, Any]) -> str | None:
    needs = {
        "gregorian": ("month", "day"),
        "lunar": ("month", "day"),
        "lunar_eve": (),
        "solar_term": ("term",),
        "weekday": ("month", "nth", "weekday"),
    }[r["calendar"]]
    missing = [k for k in needs if r[k] is None]
    if missing:
        return f"calendar {r['calendar']} needs {', '.join(missing)}"
    if r["term"] and r["term"] not in solar_terms():
        return f"unknown solar term {r['term']!r}"
    return None


@functools.cache
def solar_terms() -> tuple[str, ...]:
    """The 24 solar terms in calendar order."""
    schema = Schema((Column("name"), Column("order", "int")), unique=(("name",), ("order",)))
    rows = sorted(_rows("solar_terms.tsv", schema), key=lambda r: r["order"])
    return tuple(r["name"] for r in rows)


@functools.cache
def lunar_months() -> dict[str, int]:
    """正月/冬月/腊月 → lunar month number."""
    schema = Schema((Column("word"), Column("month", "int")), unique=(("word",),))
    return {r["word"]: r["month"] for r in _rows("lunar_months.tsv", schema)}


def alt(words: Any) -> str:
    """Longest-first alternation of the keys (or items) of a vocabulary."""
    return alternation(list(words))


@functools.cache
def plan_words() -> dict[str, tuple[str, str | None]]:
    """Words after a plan's name (规划, 期间, 末, 开局 …) → (edge: none | first | last, its mod),
    longest first (初期 before 初)."""
    schema = Schema(
        (
            Column("word"),
            Column("edge", choices=("none", "first", "last")),
            Column("mod", choices=("-", "START", "END")),
            _EXAMPLE,
        ),
        unique=(("word",),),
        check=_has_word("word"),
    )
    rows = sorted(_rows("plan_words.tsv", schema), key=lambda r: -len(r["word"]))
    return {r["word"]: (r["edge"], None if r["mod"] == "-" else r["mod"]) for r in rows}


@functools.cache
def windows() -> dict[str, str]:
    """Window words (过去, 近, 未来 …) → past | future."""
    schema = Schema(
        (Column("word"), Column("direction", choices=("past", "future")), _EXAMPLE),
        unique=(("word",),),
        check=_has_word("word"),
    )
    return {r["word"]: r["direction"] for r in _rows("windows.tsv", schema)}
