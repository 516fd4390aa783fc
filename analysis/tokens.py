"""Tokenizing Chinese text with jieba behind one small interface (stage: structure → **tokenize**).

The jieba engine is the reference; ``rjieba`` (the jieba-rs binding, the default) gives the
same tokens much faster. Both tag each word from the same dictionaries: jieba's own plus the
active dictionary packs (``analysis/data/packs.toml``; the seed's 闽宁 pack keeps 闽宁协作
whole), loaded once per process and per choice of packs (``use_dictionaries``).
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import accumulate, compress
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import stopwordsiso

from analysis import jieba_rules
from analysis.dictionaries import on_change, pack_files

if TYPE_CHECKING:  # jieba is imported where it is used (0.2 s + 0.6 s of tag tables)
    import jieba.posseg

DATA_DIR = Path(__file__).parent / "data"
USERDICT = DATA_DIR / "userdict.txt"
DOMAIN_STOPWORDS = DATA_DIR / "stopwords_domain.txt"
ENGINES = ("jieba", "rjieba")
# jieba-rs: the same tokens as jieba (tested on every text we have and on random strings), and
# several times faster; ``engine="jieba"`` remains the pure-Python reference.
DEFAULT_ENGINE = "rjieba"

# Part-of-speech tags (jieba's ICTCLAS set) of function words: single-character tokens with
# these tags are dropped by default (的, 了, 在, 和, 把 ...), content characters (水, 村) stay.
FUNCTION_POS = frozenset(
    {
        "u",
        "uj",
        "ul",
        "uz",
        "ud",
        "ug",
        "uv",
        "p",
        "c",
        "r",
        "d",
        "y",
        "e",
        "o",
        "f",
        "q",
        "zg",
        "df",
        "k",
        "h",
        "rr",
        "rz",
        "g",
    }
)
NUMERAL_POS = frozenset({"m", "mq", "t", "tg"})
_PUNCT_OR_SPACE = re.compile(r"^[\W_]+$")
_NUMBER = re.compile(r"^[\d０-９.,%％〇零一二三四五六七八九十百千万亿两几余多]+$")


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
    import rjieba

    engine = rjieba.Jieba()
    for word, freq, pos in _pack_entries():
        engine.add_word(word, freq, pos)
    return engine


def _forget_dictionaries() -> None:
    """Drop everything built from the previous packs (called when the packs change)."""
    for cached in (_jieba, _rjieba, _tag_table, _pack_entries):
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
    table = _tag_table()
    if table.get(word[0]) == "m":
        return "m"  # 五家, 十几
    head = table.get(word[-1], "")
    return head if head in _HEAD_TAGS else "n"


def in_dictionary(word: str) -> bool:
    """Whether ``word`` is a word of jieba's dictionary or the project's user dictionary.

    Looked up in the tag table, which holds exactly the words jieba gives a frequency (the
    same 349,107 words; a test checks it), so no jieba tokenizer is loaded just to ask.
    """
    return word in _tag_table()


@functools.cache
def _tag_table() -> dict[str, str]:
    """Word → tag: jieba's dictionary, overridden by the project's user dictionary.

    A private copy, fixed once: jieba's posseg merges user tags into its own table the first
    time it runs, so reading jieba's tables directly would make tags depend on call order.
    The user dictionary wins because its tags are deliberate (将台堡 ns, not the main n).
    """
    import jieba.posseg  # imported here, not at module level: see ``_jieba``

    table = dict(jieba.posseg.dt.word_tag_tab)  # read from jieba's dictionary at import
    table.update((word, pos) for word, _, pos in _pack_entries())
    return table


def dictionary_tag(word: str) -> str:
    """Part of speech of ``word`` from the dictionaries (the user dictionary's first).

    Both engines tag by this lookup, so they agree on tags as well as tokens. A word that only
    the HMM finds (not in any dictionary) gets a guessed tag (``_guess_tag``).
    """
    return _tag_table().get(word) or _guess_tag(word)


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
    for w in set(words).difference(cache):
        cache[w] = dictionary_tag(w)
    return list(map(cache.__getitem__, words))


@functools.cache
def stopword_set(extra: frozenset[str] = frozenset()) -> frozenset[str]:
    """stopwords-iso's Chinese list plus the commented domain list, plus ``extra``."""
    domain = {
        line.split("#", 1)[0].strip()
        for line in DOMAIN_STOPWORDS.read_text(encoding="utf-8").splitlines()
    }
    return frozenset(stopwordsiso.stopwords("zh")) | {w for w in domain if w} | extra


def keep_token(
    tok: Token, *, stopwords: bool | Iterable[str] = True, pos: Iterable[str] | None = None
) -> bool:
    """The default filter: no punctuation, numbers, single-char function words, stopwords.

    ``pos`` keeps only tokens whose tag starts with one of the given prefixes
    (``pos=("n", "v")`` keeps nouns and verbs, including ns/nr/nz/vn).
    """
    word = tok.text
    if not word.strip() or _PUNCT_OR_SPACE.match(word) or _NUMBER.match(word):
        return False
    if tok.pos in NUMERAL_POS and any(ch.isdigit() for ch in word):
        return False
    if len(word) == 1 and tok.pos in FUNCTION_POS:
        return False
    if stopwords is not False:
        words = stopword_set() if stopwords is True else stopword_set(frozenset(stopwords))
        if word in words:
            return False
    return pos is None or any(tok.pos.startswith(p) for p in pos)


class SplitNeeded(Exception):
    """A jieba-rs word that jieba's rule splits (COVID-19): the caller re-splits the words
    (``jieba_rules.split_ascii_runs``) and judges them again."""


class RecutNeeded(Exception):
    """A jieba-rs word holding an ideograph that only jieba-rs counts as Han (𠀀, 㐀): the
    text is cut again the careful way (``engine_words``), which makes each one a token."""


class _Verdicts(dict):
    """Word → its tag if the filter keeps it, "" if not; each word decided once per process.

    Why not ``keep_token`` per token: a corpus repeats a small vocabulary millions of times,
    and deciding each distinct word once makes filtering one dictionary lookup per token
    (``map(verdicts.__getitem__, words)`` in C; only a word never seen calls ``__missing__``).
    Two kinds of jieba-rs word are never stored, so they raise each time and texts without
    them (nearly all) skip jieba's rules altogether: one that jieba's rule for joined
    Latin/digit runs splits (``SplitNeeded``), and one holding an ideograph jieba does not
    count as Han (``RecutNeeded``: every character is in some word, so a text holding such
    an ideograph always meets one, and ``tokenize`` need not search the text for them first).
    """

    def __init__(self, stopwords: bool | frozenset[str], pos: tuple[str, ...] | None, split: bool):
        super().__init__()
        self.stopwords, self.pos, self.split = stopwords, pos, split

    def __missing__(self, word: str) -> str:
        if self.split and jieba_rules.EXTRA_HAN.search(word):
            raise RecutNeeded(word)
        return self.verdict(word)

    def verdict(self, word: str) -> str:
        """The verdict of any word, those with the rare ideographs included (decided, not
        stored); ``SplitNeeded`` for a word jieba's rule splits."""
        found = self.get(word)
        if found is not None:
            return found
        if self.split and _splits(word):
            raise SplitNeeded(word)
        tag = dictionary_tag(word)
        kept = keep_token(Token(word, tag, 0, 0), stopwords=self.stopwords, pos=self.pos)
        verdict = tag if kept else ""
        if not (self.split and jieba_rules.EXTRA_HAN.search(word)):
            self[word] = verdict
        return verdict


def verdict_table(
    stopwords: bool | Iterable[str], pos: Iterable[str] | None, engine: str
) -> _Verdicts:
    """The per-process verdict table of one filter setting (and engine family): ``table[word]``
    is the word's tag if the filter keeps it, else "" (``SplitNeeded`` if jieba splits it,
    ``RecutNeeded`` if it holds an ideograph only jieba-rs calls Han: ``table.verdict(word)``
    judges those)."""
    key_sw = stopwords if isinstance(stopwords, bool) else frozenset(stopwords)
    key = (key_sw, tuple(pos) if pos is not None else None, engine == "rjieba")
    table = _MEMO.get(key)  # the common case first: the table exists and has room
    if table is None or len(table) > _CACHE_LIMIT:
        table = _memo(key, lambda: _Verdicts(*key))  # type: ignore[arg-type]
    return table  # type: ignore[return-value]


def _quick_words(text: str, engine: str) -> list[str]:
    """The engine's words without looking for the rare ideographs first (the verdict table
    raises ``RecutNeeded`` on meeting one; jieba-rs refuses lone surrogates itself)."""
    if engine == "rjieba":
        return _rjieba().cut(text, True)
    return engine_words(text, engine)


def _judged(text: str, verdicts: _Verdicts, engine: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` (as ``cut`` gives them) and their verdicts."""
    try:
        words = _quick_words(text, engine)
        try:
            return words, list(map(verdicts.__getitem__, words))
        except SplitNeeded:  # COVID-19: the same words, jieba's rule applied
            words = _split_ascii_runs(words)
            return words, list(map(verdicts.__getitem__, words))
    except (RecutNeeded, UnicodeEncodeError):  # 𠀀 or a lone surrogate
        return _judged_carefully(text, verdicts, engine)


def _judged_carefully(text: str, verdicts: _Verdicts, engine: str) -> tuple[list[str], list[str]]:
    """``_judged`` of a text holding an ideograph only jieba-rs calls Han: the careful cut."""
    words = _split_ascii_runs(engine_words(text, engine))
    return words, list(map(verdicts.verdict, words))


def judged(
    text: str,
    *,
    stopwords: bool | Iterable[str] = True,
    pos: Iterable[str] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> tuple[list[str], list[str]]:
    """All words of ``text`` (as ``cut`` gives them) and, for each, its tag if the default
    filter keeps it, else "": what ``tokenize`` and the token table are made of."""
    return _judged(text, verdict_table(stopwords, pos, engine), engine)


def tokenize(
    text: str,
    *,
    stopwords: bool | Iterable[str] = True,
    pos: Iterable[str] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> list[str]:
    """Content tokens of ``text``: domain terms whole, stopwords and punctuation removed.

    >>> tokenize("30年来，我们推动闽宁协作和乡村振兴。")
    ['推动', '闽宁协作', '乡村振兴']
    """
    verdicts = verdict_table(stopwords, pos, engine)
    try:
        words = _quick_words(text, engine)
        try:  # one pass in C: the filter's verdict of each word is its truth
            return list(filter(verdicts.__getitem__, words))
        except SplitNeeded:  # COVID-19: the same words, jieba's rule applied
            return list(filter(verdicts.__getitem__, _split_ascii_runs(words)))
    except (RecutNeeded, UnicodeEncodeError):  # 𠀀 or a lone surrogate
        return list(compress(*_judged_carefully(text, verdicts, engine)))


def tokenize_with_offsets(
    text: str,
    *,
    stopwords: bool | Iterable[str] = True,
    pos: Iterable[str] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> list[Token]:
    """Like ``tokenize`` but returns ``Token`` objects (text, pos, start, end)."""
    words, tags = judged(text, stopwords=stopwords, pos=pos, engine=engine)
    return [t for t in _token_tuples(words, tags) if t.pos]


def dictionary_cut(text: str, *, engine: str = DEFAULT_ENGINE) -> list[str]:
    """Dictionary-only segmentation (no HMM): used to test whether a word spans a break."""
    if engine == "rjieba":
        return _rjieba_cut(text, hmm=False)
    return list(_jieba().tokenizer.cut(text, HMM=False))


def __getattr__(name: str) -> object:
    """``TOKEN_COLUMNS`` and ``token_table``, built column-wise in ``analysis.token_columns``
    and re-exported here on first use (so either module can be imported first)."""
    if name in ("TOKEN_COLUMNS", "token_table"):
        from analysis import token_columns

        return getattr(token_columns, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


on_change(_forget_dictionaries)
