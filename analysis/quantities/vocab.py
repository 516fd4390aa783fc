"""The quantities' language tables (stage: analyse): units, classifiers, unit cues, modality
cues and indicator cues, read from ``analysis/lang/zh/*.tsv`` and validated when loaded.

A linguist changes what the extractor knows by editing a table: a new currency is one row of
``units.tsv``, a new measure word one row of ``classifiers.tsv``. Every row carries an example
that ``tests/test_quantities_tables.py`` runs through the extractor.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

from analysis.lang.tables import Column, Schema, TableError, zh_table

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
    "data_rate",
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
CUE_ROLES += ("past_span", "target_lead", "lead_joiner", "measure_head", "annual", "continues")
CUE_ROLES += ("average", "rate_suffix", "not_base", "done", "continues_joiner", "already")


def _example_has(column: str) -> Any:
    return lambda r: None if r[column] in r["example"] else f"example lacks {r[column]!r}"


def _unit_row(r: dict[str, Any]) -> str | None:
    if r["word"] not in r["example"]:
        return f"example lacks {r['word']!r}"
    if bool(r["part_of"]) != bool(r["parts"]):
        return "part_of and parts go together (美分: 美元, 100)"
    if r["parts"] and r["parts"] < 2:
        return f"parts {r['parts']} must be 2 or more"
    return None


_UNITS = Schema(
    columns=(
        Column("word"),
        Column("canonical"),
        Column("dimension", choices=DIMENSIONS),
        Column("context", choices=("any", "clause_end", "after_cue", "prefix", "age_suffix")),
        Column("example"),
        Column("part_of", optional=True, default=""),
        Column("parts", "int", optional=True, default=0),
        Column("mention", "bool", optional=True, default=False),
    ),
    unique=(("word",),),
    check=_unit_row,
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
        Column("unit_as", optional=True, default=""),
        Column("example"),
    ),
    unique=(("unit", "cue"),),
    check=lambda r: _unit_cue_problem(r),
)


def _unit_cue_problem(row: dict[str, Any]) -> str | None:
    """A unit cue's example must show the cue and the unit; a scale's unit must be a unit of
    ``units.tsv`` of the row's dimension (℃ and ℉ are temperatures)."""
    if row["cue"] not in row["example"] or row["unit"] not in row["example"]:
        return "example lacks the cue or the unit"
    scale = row["unit_as"]
    known = {(u.canonical, u.dimension) for u in units().values()}
    if scale and (scale, row["dimension"]) not in known:
        return f"unit_as {scale!r} is not a {row['dimension']} unit of units.tsv"
    return None


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
NUMBER_WORD_ROLES = ("link", "negative", "between_lead", "part_joiner", "duration", "per")
NUMBER_WORD_ROLES += ("deictic",)
_NUMBER_WORDS = Schema(
    columns=(Column("word"), Column("role", choices=NUMBER_WORD_ROLES), Column("example")),
    unique=(("word", "role"),),
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
    part_of: str = ""  # the canonical unit a subunit is a part of (美分 → 美元)
    parts: int = 0  # how many of the subunit make one of that unit (100)
    mention: bool = False  # the name alone is counted as a mention (人民币, 摄氏度)


class Classifier(NamedTuple):
    """One row of ``classifiers.tsv``."""

    word: str
    kind: str
    count_noun: str
    example: str


@functools.cache
def units() -> dict[str, Unit]:
    """Unit word → its row (元, 美元, 公里, %, 个百分点, 岁, 级 …)."""
    rows = check_parts(zh_table("units.tsv", _UNITS))
    return {r["word"]: Unit(*(r[c.name] for c in _UNITS.columns)) for r in rows}


def check_parts(rows: Sequence[dict[str, Any]], name: str = "units.tsv") -> Sequence[dict]:
    """``rows``, once every ``part_of`` names the canonical unit of another row (美分 → 美元)."""
    canonical = {(r["canonical"], r["dimension"]) for r in rows}
    for r in rows:
        if r["part_of"] and (r["part_of"], r["dimension"]) not in canonical:
            raise TableError(
                f"{name}:{r['_line']}: part_of {r['part_of']!r} is not the canonical form of "
                f"a {r['dimension']} unit"
            )
    return rows


def mention_words() -> tuple[str, ...]:
    """Unit names counted when they stand alone, without a number (人民币, 美元, 摄氏度)."""
    return tuple(w for w, u in units().items() if u.mention)


@functools.cache
def classifiers() -> dict[str, Classifier]:
    """Measure word → its row (个, 名, 辆, 顶, 次 …)."""
    rows = zh_table("classifiers.tsv", _CLASSIFIERS)
    return {r["word"]: Classifier(*(r[c.name] for c in _CLASSIFIERS.columns)) for r in rows}


@functools.cache
def unit_cues() -> tuple[dict[str, Any], ...]:
    """Rows of ``unit_cues.tsv`` (unit, cue, side, dimension, unit_as, example)."""
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


@functools.cache
def number_words(role: str) -> tuple[str, ...]:
    """The words of one role of ``number_words.tsv`` (links, signs, range leads …), in file
    order."""
    if role not in NUMBER_WORD_ROLES:
        raise ValueError(f"unknown number-word role {role!r}; known: {NUMBER_WORD_ROLES}")
    rows = zh_table("number_words.tsv", _NUMBER_WORDS)
    return tuple(r["word"] for r in rows if r["role"] == role)


def number_word_rows() -> list[dict[str, Any]]:
    """Every row of ``number_words.tsv`` (its examples run as tests)."""
    return list(zh_table("number_words.tsv", _NUMBER_WORDS))


@functools.cache
def cues_of(unit: str) -> tuple[dict[str, Any], ...]:
    """The rows of ``unit_cues.tsv`` for one unit word (度, 级, 分), in file order."""
    return tuple(r for r in unit_cues() if r["unit"] == unit)


@functools.cache
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
