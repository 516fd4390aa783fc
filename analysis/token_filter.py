"""Filtering tokens (stage: tokenize): the default filter (``keep_token``), its verdict per
distinct word memoised per process (``verdict_table``), and the text-level calls built on them
(``tokenize``, ``tokenize_with_offsets``, ``judged``; ``word_ids`` and ``engine_cut`` for
counting many texts). Re-exported by ``analysis.tokens``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from itertools import compress

import stopwordsiso

from analysis import jieba_rules
from analysis.tokens import (
    _CACHE_LIMIT,
    _MEMO,
    DEFAULT_ENGINE,
    DOMAIN_STOPWORDS,
    Token,
    _memo,
    _rjieba,
    _split_ascii_runs,
    _splits,
    _token_tuples,
    dictionary_tag,
    engine_words,
)

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


class WordIds(dict):
    """Word → a number of its own, for the words of the default filter (``tokenize``'s
    defaults); ``words[i]`` is word ``i`` and ``kept[i]`` is 1 if the filter keeps it.

    Why: counting many texts as arrays of word numbers (``np.fromiter(map(ids.__getitem__,
    words))``, one lookup per token in C) lets numpy count them and their documents a batch
    at a time, instead of a filtered list, a ``Counter`` and a ``set`` per text. A word that
    needs jieba's rules raises as in ``verdict_table`` (``SplitNeeded``, ``RecutNeeded``)
    and gets no number: the text holding it is tokenized on its own.
    """

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.kept = bytearray()
        self.verdicts = verdict_table(True, None, DEFAULT_ENGINE)

    def __missing__(self, word: str) -> int:
        verdict = self.verdicts[word]  # raises for a word that needs jieba's rules
        self[word] = number = len(self.words)
        self.words.append(word)
        self.kept.append(1 if verdict else 0)
        return number


def word_ids() -> WordIds:
    """The per-process ``WordIds`` (a new one once it holds ``_CACHE_LIMIT`` words: a
    caller keeps the table it got for a whole batch, so its numbers stay valid)."""
    table = _MEMO.get("word_ids")
    if table is None or len(table) > _CACHE_LIMIT:
        table = _memo("word_ids", WordIds)
    return table  # type: ignore[return-value]


def learned(table: WordIds, start: int) -> tuple[list[str], list[str]]:
    """The words ``table`` numbered from ``start`` on and their verdicts (what a worker
    judged during a batch: ``learn`` takes them into the parent)."""
    words = table.words[start:]
    return words, list(map(table.verdicts.__getitem__, words))


def learn(words: list[str], verdicts: list[str]) -> None:
    """Take words another process judged (``learned``) into this process's ``word_ids`` and
    verdict table, so that workers forked from it later judge them no more.

    Why: each worker of a corpus run judged every new word of its first batches (the tag
    lookup and the filter's rules: about 4 µs a word, 5–10 ms of a worker's 2 MB run), again
    in every run, as the verdicts it made ended with it. The verdicts are the filter's of the
    same dictionaries (the workers are forked from this process), so a word's is the one
    this process would make; a word it already judged keeps its own.
    """
    table = word_ids()
    if len(table) + len(words) > _CACHE_LIMIT:
        return
    known = table.verdicts
    for word, verdict in zip(words, verdicts, strict=True):
        if word not in table:
            verdict = known.setdefault(word, verdict)  # dict's own: no ``__missing__``
            table[word] = len(table.words)
            table.words.append(word)
            table.kept.append(1 if verdict else 0)


def engine_cut(text: str) -> list[str]:
    """The default engine's words of ``text``: the words ``tokenize(text)`` filters when
    none of them needs jieba's rules (``WordIds`` raises for those)."""
    return _quick_words(text, DEFAULT_ENGINE)


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
