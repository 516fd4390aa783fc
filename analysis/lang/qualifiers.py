"""The one qualifier vocabulary (``zh/qualifiers.tsv``), read by the timeline and the quantities.

A qualifier is a word next to a number or a period that says how exact it is (约, 近, 多, 左右,
以上) or which part of a period is meant (初, 中旬, 底). Its ``meaning`` is the same for both
extractors; the timeline writes it as a TIMEX3 ``mod`` through :data:`TIMEX_MOD`.

>>> qualifier("左右", "after_unit").meaning, timex_mod("左右", "after_unit")
('about', 'APPROX')
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from analysis.lang.tables import Column, Schema, alternation, zh_table

POSITIONS = ("before", "after", "after_unit", "edge")
MEANINGS = (
    "about",
    "nearly",
    "more_than",
    "less_than",
    "up_to",
    "at_least",
    "several",
    "start",
    "mid",
    "end",
)
TIMEX_MOD = {  # TimeML/TIMEX3 mod for each meaning (several has none: 几年 is a vague count)
    "about": "APPROX",
    "nearly": "LESS_THAN",
    "more_than": "MORE_THAN",
    "less_than": "LESS_THAN",
    "up_to": "EQUAL_OR_LESS",
    "at_least": "EQUAL_OR_MORE",
    "several": None,
    "start": "START",
    "mid": "MID",
    "end": "END",
}
_SCHEMA = Schema(
    columns=(
        Column("word"),
        Column("position", choices=POSITIONS),
        Column("meaning", choices=MEANINGS),
        Column("scope", choices=("both", "quantity", "time")),
        Column("not_after", optional=True, default=""),
        Column("example"),
    ),
    unique=(("word", "position"),),
    check=lambda r: None if r["word"] in r["example"] else f"example lacks {r['word']!r}",
)


class Qualifier(NamedTuple):
    """One row of the vocabulary."""

    word: str
    position: str
    meaning: str
    scope: str
    not_after: str
    example: str


@functools.cache
def qualifiers(scope: str = "both") -> tuple[Qualifier, ...]:
    """Rows readable by ``scope`` ("time", "quantity"; "both" = every row)."""
    rows = zh_table("qualifiers.tsv", _SCHEMA)
    return tuple(
        Qualifier(*(r[c.name] for c in _SCHEMA.columns))
        for r in rows
        if scope == "both" or r["scope"] in ("both", scope)
    )


def qualifier(word: str, position: str, scope: str = "both") -> Qualifier | None:
    """The row for ``word`` at ``position``, or None."""
    for q in qualifiers(scope):
        if q.word == word and q.position == position:
            return q
    return None


def meaning(word: str | None, position: str, scope: str = "both") -> str | None:
    """Meaning of a qualifier word (None when absent or unknown)."""
    q = qualifier(word, position, scope) if word else None
    return q.meaning if q else None


def timex_mod(word: str | None, position: str, scope: str = "time") -> str | None:
    """TIMEX3 ``mod`` of a qualifier word: 约 → APPROX, 多 → MORE_THAN, 底 → END."""
    m = meaning(word, position, scope)
    return TIMEX_MOD.get(m) if m else None


def words(position: str, scope: str = "both") -> tuple[str, ...]:
    """Qualifier words at ``position`` readable by ``scope``."""
    return tuple(q.word for q in qualifiers(scope) if q.position == position)


def pattern(position: str, scope: str = "both", group: str | None = None) -> str:
    """Regex alternation of the words at ``position``, each guarded by its ``not_after``.

    ``pattern("before", "time", "pre")`` → ``(?P<pre>将近|接近|...|(?<![附最...])近|...)``.
    """
    parts = []
    for q in sorted(
        (q for q in qualifiers(scope) if q.position == position),
        key=lambda q: (-len(q.word), q.word),
    ):
        guard = f"(?<![{q.not_after}])" if q.not_after else ""
        parts.append(guard + alternation([q.word]))
    body = "|".join(parts)
    return f"(?P<{group}>{body})" if group else f"(?:{body})"
