"""Tokenizing Chinese text with jieba behind one small interface (stage: structure → **tokenize**).

The jieba engine is the reference; ``rjieba`` (the jieba-rs binding, the default) gives the
same tokens much faster. Both tag each word from the same dictionaries: jieba's own plus the
active dictionary packs (``analysis/data/packs.toml``; the seed's 闽宁 pack keeps 闽宁协作
whole), loaded once per process and per choice of packs (``use_dictionaries``).

This module cuts and tags (``cut``, ``segment``); the filter and ``tokenize`` live in
``analysis.token_filter``, the token table in ``analysis.token_columns``; both are
re-exported here, so ``from analysis.tokens import tokenize, token_table`` keeps working.
"""

from __future__ import annotations

import functools
import gc
import importlib.machinery
import importlib.util
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from analysis import jieba_rules, tag_lookup
from analysis.dictionaries import on_change, pack_files
from analysis.tag_lookup import dictionary_file as _dictionary_file
from analysis.tag_lookup import jieba_tags

if TYPE_CHECKING:  # jieba is imported where it is used (0.2 s + 0.6 s of tag tables)
    import jieba.posseg

DATA_DIR = Path(__file__).parent / "data"
USERDICT = DATA_DIR / "userdict.txt"
DOMAIN_STOPWORDS = DATA_DIR / "stopwords_domain.txt"
ENGINES = ("jieba", "rjieba")
# jieba-rs: the same tokens as jieba (tested on every text we have and on random strings), and
# several times faster; ``engine="jieba"`` remains the pure-Python reference.
DEFAULT_ENGINE = "rjieba"


class Token(NamedTuple):
    """One token with its part of speech and offsets in the tokenized string.

    A NamedTuple rather than a dataclass: millions are created on a corpus, and tuple
    creation is several times cheaper.
    """

    text: str
    pos: str
    start: int
    end: int


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small containers (restored on
    exit as it was): tuples and lists of strings form no cycles, and each automatic pass
    would re-scan every container made so far."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_userdict(path: Path = USERDICT) -> list[tuple[str, int, str]]:
    """Entries ``(word, freq, pos)`` of a jieba-format user dictionary."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if parts:
            freq = int(parts[1]) if len(parts) > 1 else 100
            entries.append((parts[0], freq, parts[2] if len(parts) > 2 else "nz"))
    return entries


@functools.cache
def _pack_entries() -> tuple[tuple[str, int, str], ...]:
    """Entries of every active pack, in pack order (a later pack's tag wins)."""
    return tuple(e for path in pack_files() for e in read_userdict(path))


@functools.cache
def _jieba() -> jieba.posseg.POSTokenizer:
    """jieba's tokenizer with the active packs, built once per process."""
    import jieba.posseg  # binds ``jieba`` too; paid on first use, not by `import analysis`

    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word, freq, pos in _pack_entries():
        tk.add_word(word, freq, pos)
    # ``POSTokenizer(tk)`` would read the main dictionary's tags a second time (0.7 s per
    # process); importing jieba.posseg already read them into its default tokenizer.
    pos_tk = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos_tk.tokenizer = tk
    pos_tk.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
    return pos_tk


@functools.cache
def _rjieba():
    engine = _rjieba_class()()
    for word, freq, pos in _pack_entries():
        engine.add_word(word, freq, pos)
    return engine


def _rjieba_class() -> type:
    """rjieba's ``Jieba`` class, without running ``rjieba/__init__.py`` if it has not run yet:
    that file builds a default tokenizer of the whole dictionary at import (0.12 s a process),
    which the project never uses (``_rjieba`` builds its own, with the user dictionary). The
    compiled module is registered as ``rjieba.rjieba``, where the package's own import looks
    for it, so a later ``import rjieba`` works as usual (and does not load it twice)."""
    if "rjieba" in sys.modules:
        return sys.modules["rjieba"].Jieba
    if "rjieba.rjieba" not in sys.modules:
        spec = importlib.util.find_spec("rjieba")
        folder = spec.submodule_search_locations if spec else None
        found = [
            path
            for suffix in importlib.machinery.EXTENSION_SUFFIXES
            for path in (Path(d) / f"rjieba{suffix}" for d in folder or ())
            if path.exists()
        ]
        if not found:  # not the layout of the wheel: the package's own import
            import rjieba

            return rjieba.Jieba
        loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(found[0]))
        module = importlib.util.module_from_spec(
            importlib.util.spec_from_loader("rjieba.rjieba", loader)
        )
        loader.exec_module(module)
        sys.modules["rjieba.rjieba"] = module
    return sys.modules["rjieba.rjieba"].Jieba


def _forget_dictionaries() -> None:
    """Drop everything built from the previous packs (called when the packs change)."""
    for cached in (_jieba, _rjieba, _tag_table, _pack_tags, _pack_entries):
        cached.cache_clear()
    _MEMO.clear()


# Tags an HMM-only word takes from its last character (the head of a Chinese compound); a
# last character with any other tag (a bound morpheme 度 zg, a measure word) makes a noun.
_HEAD_TAGS = frozenset({"n", "v", "a", "d", "vn", "an", "ad", "vd"})
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def _guess_tag(word: str) -> str:
    """Tag of a word outside the dictionary (one only the HMM finds).

    Alphanumerics by jieba-rs's rule (m, eng); a run of two or more Chinese characters by its
    head, the last character's dictionary tag (输转 v, 专技 n, 从刚 d; 盖度 n: 度 is bound),
    as jieba's POS tagger would guess; m when it starts with a numeral (五家); anything else x.
    """
    alnum = [ch for ch in word if ch.isascii() and ch.isalnum()]
    if alnum:
        return "m" if all(ch.isdigit() for ch in alnum) else "eng"
    if not _HAN.match(word):
        return "x"
    if _lookup_tag(word[0]) == "m":
        return "m"  # 五家, 十几
    head = _lookup_tag(word[-1]) or ""
    return head if head in _HEAD_TAGS else "n"


def in_dictionary(word: str) -> bool:
    """Whether ``word`` is a word of jieba's dictionary or the project's user dictionary.

    Looked up in the tag table, which holds exactly the words jieba gives a frequency (the
    same 349,107 words; a test checks it), so no jieba tokenizer is loaded just to ask.
    """
    return word in _pack_tags() or _main_tags().get(word) is not None


@functools.cache
def _pack_tags() -> dict[str, str]:
    """Word → tag of the active packs (a later pack's tag wins)."""
    return {word: pos for word, _, pos in _pack_entries()}


@functools.cache
def _main_tags() -> tag_lookup.TagLookup:
    """Tags of jieba's main dictionary, word by word from its on-disk copy (``tag_lookup``):
    a process asks for a few thousand words, not the 349,107 the whole table holds."""
    return tag_lookup.TagLookup(_dictionary_file(), jieba_tags)


def prefetch_tags(words: list[str]) -> None:
    """Ask the tag copy for ``words`` in a few queries (not one per word), ahead of the per-word
    ``dictionary_tag`` calls of a batch that meets them first; nothing when the whole table
    is in memory already."""
    lookup = _main_tags()
    if not lookup.in_memory and words:
        lookup.get_many(set(words).difference(_pack_tags()))


def _lookup_tag(word: str) -> str | None:
    """The dictionaries' tag of ``word`` (the packs' first), or None."""
    return _pack_tags().get(word) or _main_tags().get(word)


@functools.cache
def _tag_table() -> dict[str, str]:
    """Word → tag: jieba's dictionary, overridden by the project's user dictionary.

    A private copy, fixed once: jieba's posseg merges user tags into its own table the first
    time it runs, so reading jieba's tables directly would make tags depend on call order.
    The user dictionary wins because its tags are deliberate (将台堡 ns, not the main n).
    """
    table = jieba_tags()
    table.update((word, pos) for word, _, pos in _pack_entries())
    return table


def dictionary_tag(word: str) -> str:
    """Part of speech of ``word`` from the dictionaries (the user dictionary's first).

    Both engines tag by this lookup, so they agree on tags as well as tokens. A word that only
    the HMM finds (not in any dictionary) gets a guessed tag (``_guess_tag``).
    """
    return _lookup_tag(word) or _guess_tag(word)


def _rjieba_cut(text: str, *, hmm: bool) -> list[str]:
    """jieba-rs's cut, with jieba's treatment of the ideographs only jieba-rs calls Han."""
    return jieba_rules.rjieba_cut(_rjieba(), text, hmm=hmm)


def _split_ascii_runs(words: list[str]) -> list[str]:
    """jieba-rs's words with the joined Latin/digit runs that jieba splits split."""
    return jieba_rules.split_ascii_runs(words, in_dictionary)


def _splits(word: str) -> bool:
    return jieba_rules.splits(word, in_dictionary)


def engine_words(text: str, engine: str) -> list[str]:
    """The engine's own words, before jieba's rule for joined Latin/digit runs is applied
    (``SplitNeeded`` from a verdict table says when it must be)."""
    if engine == "rjieba":  # the default first, and no intermediate call: paid per clause
        return jieba_rules.rjieba_cut(_rjieba(), text, hmm=True)
    if engine == "jieba":
        return list(_jieba().tokenizer.cut(text, HMM=True))
    raise ValueError(f"unknown engine {engine!r}; choose one of {ENGINES}")


def cut(text: str, *, engine: str = DEFAULT_ENGINE) -> list[str]:
    """The words of ``text`` (punctuation and spaces included), without tags or offsets."""
    words = engine_words(text, engine)
    if engine == "rjieba" and jieba_rules.JOINERS.search(text):
        return _split_ascii_runs(words)
    return words


def segment(text: str, *, engine: str = DEFAULT_ENGINE) -> list[Token]:
    """All tokens of ``text`` (punctuation and spaces included) with POS and offsets.

    >>> [t.text for t in segment("闽宁协作三十年")]
    ['闽宁协作', '三十年']
    """
    # Plain ``cut`` + dictionary tags, not ``posseg.cut``: posseg runs its own HMM over
    # unknown stretches and would segment differently from both engines.
    words = cut(text, engine=engine)
    tags = _tags(words)
    return _token_tuples(words, tags)


_SHORT = 64
_new_token = functools.partial(tuple.__new__, Token)  # a Token from a 4-tuple, in C


def _token_tuples(words: list[str], tags: list[str]) -> list[Token]:
    """``Token`` tuples of words (tiling their string) and their tags.

    Made by ``tuple.__new__`` in C (the NamedTuple's own ``__new__`` is a Python call per
    token). A long text's tuples are made with the collector paused: a 10 MB string gives
    millions of them, and each collection pass re-scans every one made before (68% of
    ``segment``'s time); a clause's few are made directly (the repairs and the timeline
    segment thousands of clauses, where any fixed cost counts).
    """
    if len(words) < _SHORT:
        ends = list(accumulate(map(len, words)))
        starts = [0, *ends[:-1]] if ends else []
        return list(map(_new_token, zip(words, tags, starts, ends, strict=True)))
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    cumulative = np.cumsum(lengths)
    rows = zip(words, tags, (cumulative - lengths).tolist(), cumulative.tolist(), strict=True)
    with gc_paused():
        return list(map(_new_token, rows))


# Per-process memo tables: word → tag, and per filter setting word → tag-if-kept. Each is
# replaced by an empty one past _CACHE_LIMIT words (about 60 MB), and at most _SETTINGS filter
# settings are remembered. Callers keep a reference to the table they fill, so a table swapped
# by another thread meanwhile cannot make a lookup fail.
_CACHE_LIMIT = 500_000
_SETTINGS = 16
_MEMO: dict[object, dict[str, str]] = {}


def _memo(key: object, factory: Callable[[], dict[str, str]] = dict) -> dict[str, str]:
    table = _MEMO.get(key)
    if table is None or len(table) > _CACHE_LIMIT:
        if len(_MEMO) >= _SETTINGS:
            _MEMO.clear()
        table = _MEMO[key] = factory()
    return table


def _tags(words: list[str]) -> list[str]:
    """Dictionary tags of ``words``, each distinct word looked up once per process."""
    cache = _memo("tags")
    missing = set(words).difference(cache)
    if missing:
        packs = _pack_tags()
        found = _main_tags().get_many(missing.difference(packs))
        for w in missing:
            cache[w] = packs.get(w) or found.get(w) or _guess_tag(w)
    return list(map(cache.__getitem__, words))


def dictionary_cut(text: str, *, engine: str = DEFAULT_ENGINE) -> list[str]:
    """Dictionary-only segmentation (no HMM): used to test whether a word spans a break."""
    if engine == "rjieba":
        return _rjieba_cut(text, hmm=False)
    return list(_jieba().tokenizer.cut(text, HMM=False))


_LAZY = {  # re-exported on first use, so that either module can be imported first
    "TOKEN_COLUMNS": "analysis.token_columns",
    "token_table": "analysis.token_columns",
    **dict.fromkeys(
        (
            "FUNCTION_POS",
            "NUMERAL_POS",
            "RecutNeeded",
            "SplitNeeded",
            "judged",
            "keep_token",
            "stopword_set",
            "tokenize",
            "tokenize_with_offsets",
            "verdict_table",
        ),
        "analysis.token_filter",
    ),
}


def __getattr__(name: str) -> object:
    """The token table (``analysis.token_columns``) and the filter (``analysis.token_filter``),
    built on this module and re-exported here on first use."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


on_change(_forget_dictionaries)
