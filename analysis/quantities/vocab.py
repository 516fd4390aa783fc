"""The quantities' language tables (stage: analyse): units, classifiers, unit cues, modality
cues and indicator cues, read from ``analysis/lang/zh/*.tsv`` and validated when loaded.

A linguist changes what the extractor knows by editing a table: a new currency is one row of
``units.tsv``, a new measure word one row of ``classifiers.tsv``. Every row carries an example
that ``tests/test_quantities_tables.py`` runs through the extractor.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

from analysis.lang.tables import Column, Schema, zh_table

DIMENSIONS = (
    "currency",
    "length",
    "area",
    "volume",
    "mass",
    "energy",
    "power",
    "voltage",
    "frequency",
    "data",
    "heat",
    "percent",
    "permille",
    "points",
    "multiple",
    "doubling",
    "discount",
    "age",
    "temperature",
    "magnitude",
    "score",
    "shares",
    "angle",
)
#: dimensions whose value is relative to another figure (a rate, not a level)
RELATIVE = frozenset({"percent", "permille", "points", "multiple", "doubling", "discount"})
MODALITIES = ("actual", "target", "plan", "forecast", "comparison_base")
CUE_ROLES = ("up", "down", "not_indicator", "light", "comparison", "part", "text_word")
CUE_ROLES += ("names_count", "flow", "comparative", "source", "nominal_verb", "joins_nouns")
CUE_ROLES += ("past_span",)


def _example_has(column: str) -> Any:
    return lambda r: None if r[column] in r["example"] else f"example lacks {r[column]!r}"


_UNITS = Schema(
    columns=(
        Column("word"),
        Column("canonical"),
        Column("dimension", choices=DIMENSIONS),
        Column("context", choices=("any", "clause_end", "after_cue", "prefix", "age_suffix")),
        Column("example"),
    ),
    unique=(("word",),),
    check=_example_has("word"),
)
_CLASSIFIERS = Schema(
    columns=(
        Column("word"),
        Column("kind", choices=("count", "verbal", "text")),
        Column("count_noun", optional=True, default=""),
        Column("example"),
    ),
    unique=(("word",),),
    check=_example_has("word"),
)
_UNIT_CUES = Schema(
    columns=(
        Column("unit"),
        Column("cue"),
        Column("side", choices=("before", "after")),
        Column("dimension", choices=DIMENSIONS),
        Column("example"),
    ),
    unique=(("unit", "cue"),),
    check=lambda r: (
        None
        if r["cue"] in r["example"] and r["unit"] in r["example"]
        else "example lacks the cue or the unit"
    ),
)
_MODALITY = Schema(
    columns=(
        Column("word"),
        Column("modality", choices=MODALITIES[1:]),
        Column("scope", choices=("sentence", "clause", "adjacent")),
        Column("example"),
    ),
    unique=(("word",),),
    check=_example_has("word"),
)
_CUES = Schema(
    columns=(Column("word"), Column("role", choices=CUE_ROLES), Column("example")),
    unique=(("word", "role"),),
    check=_example_has("word"),
)


class Unit(NamedTuple):
    """One row of ``units.tsv``."""

    word: str
    canonical: str
    dimension: str
    context: str
    example: str


class Classifier(NamedTuple):
    """One row of ``classifiers.tsv``."""

    word: str
    kind: str
    count_noun: str
    example: str


@functools.cache
def units() -> dict[str, Unit]:
    """Unit word → its row (元, 美元, 公里, %, 个百分点, 岁, 级 …)."""
    return {
        r["word"]: Unit(*(r[c.name] for c in _UNITS.columns)) for r in zh_table("units.tsv", _UNITS)
    }


@functools.cache
def classifiers() -> dict[str, Classifier]:
    """Measure word → its row (个, 名, 辆, 顶, 次 …)."""
    rows = zh_table("classifiers.tsv", _CLASSIFIERS)
    return {r["word"]: Classifier(*(r[c.name] for c in _CLASSIFIERS.columns)) for r in rows}


@functools.cache
def unit_cues() -> tuple[dict[str, Any], ...]:
    """Rows of ``unit_cues.tsv`` (unit, cue, side, dimension, example)."""
    return zh_table("unit_cues.tsv", _UNIT_CUES)


@functools.cache
def modality_cues() -> dict[str, tuple[str, str]]:
    """Cue word → (modality, scope): 预期目标 → (target, sentence), 比 → (comparison_base, …)."""
    return {r["word"]: (r["modality"], r["scope"]) for r in zh_table("modality.tsv", _MODALITY)}


@functools.cache
def cue_words(role: str) -> frozenset[str]:
    """Words of ``indicator_cues.tsv`` with ``role`` (up, down, not_indicator, comparison, part)."""
    if role not in CUE_ROLES:
        raise ValueError(f"unknown cue role {role!r}; known: {CUE_ROLES}")
    return frozenset(r["word"] for r in zh_table("indicator_cues.tsv", _CUES) if r["role"] == role)


def verbal_units() -> frozenset[str]:
    """Classifiers that count events (次, 回, 趟 …)."""
    return frozenset(w for w, c in classifiers().items() if c.kind == "verbal")


@functools.cache
def all_unit_words() -> tuple[str, ...]:
    """Every unit and classifier word, longest first (for one regex alternation)."""
    words = set(units()) | set(classifiers())
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def dimension(unit_word: str) -> str | None:
    """Dimension of a unit word as written (None for classifiers)."""
    row = units().get(unit_word)
    return row.dimension if row else None
