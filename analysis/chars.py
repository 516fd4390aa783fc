"""Character tables the extractors share (stage: analyse), read from ``lang/zh/normalisation.tsv``.

Every mapping is one character to one character, so offsets in a normalised copy of a text
are offsets in the text: regexes and jieba run on the copy, results are sliced from the
original. Not a full Traditional→Simplified converter (phrase converters such as OpenCC may
change the length of the text): the Traditional forms of numerals, time words, measure words
and common indicator nouns, so the Simplified patterns and dictionary apply to both scripts.

>>> normalise("２００８年５月１２日－１４時", "digit", "dash", "traditional")
'2008年5月12日-14时'
"""

from __future__ import annotations

import functools

from analysis.lang.tables import Column, Schema, zh_table

KINDS = ("digit", "latin", "sign", "dash", "zero", "traditional")
_SCHEMA = Schema(
    columns=(Column("from", "char"), Column("to", "char"), Column("kind", choices=KINDS)),
    unique=(("from",),),
    check=lambda r: "maps a character to itself" if r["from"] == r["to"] else None,
)


@functools.cache
def mapping(*kinds: str) -> dict[str, str]:
    """Character → replacement for the rows of the given kinds (all kinds when none given)."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown normalisation kinds {sorted(unknown)}; known: {KINDS}")
    wanted = kinds or KINDS
    rows = zh_table("normalisation.tsv", _SCHEMA)
    return {r["from"]: r["to"] for r in rows if r["kind"] in wanted}


@functools.cache
def translation(*kinds: str) -> dict[int, str]:
    """``str.translate`` table for the given kinds (all kinds when none given)."""
    return str.maketrans(mapping(*kinds))


def normalise(text: str, *kinds: str) -> str:
    """Same-length normalised copy of ``text`` (all kinds when none given)."""
    return text.translate(translation(*kinds))


FULLWIDTH_DIGITS = mapping("digit")
TRADITIONAL_TO_SIMPLIFIED = mapping("traditional")
