"""Tokenizing Chinese text with jieba behind one small interface (stage: structure → **tokenize**).

The jieba engine is the reference; ``rjieba`` (the jieba-rs binding) gives the same tokens much
faster and can be chosen with ``engine="rjieba"``. Both load the project's user dictionary
(``analysis/data/userdict.txt``) once per process, so domain terms such as 闽宁协作 stay whole.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import jieba
import jieba.posseg
import pandas as pd
import stopwordsiso

DATA_DIR = Path(__file__).parent / "data"
USERDICT = DATA_DIR / "userdict.txt"
DOMAIN_STOPWORDS = DATA_DIR / "stopwords_domain.txt"
ENGINES = ("jieba", "rjieba")

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
def _jieba() -> jieba.posseg.POSTokenizer:
    """jieba's tokenizer with the user dictionary, built once per process."""
    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word, freq, pos in read_userdict():
        tk.add_word(word, freq, pos)
    return jieba.posseg.POSTokenizer(tk)


@functools.cache
def _rjieba():
    import rjieba

    engine = rjieba.Jieba()
    for word, freq, pos in read_userdict():
        engine.add_word(word, freq, pos)
    return engine


def _guess_tag(word: str) -> str:
    """Tag of a word outside the dictionary, by jieba-rs's rule: m, eng or x."""
    alnum = [ch for ch in word if ch.isascii() and ch.isalnum()]
    if not alnum:
        return "x"
    return "m" if all(ch.isdigit() for ch in alnum) else "eng"


def in_dictionary(word: str) -> bool:
    """Whether ``word`` is a word of jieba's dictionary or the project's user dictionary."""
    return bool(_jieba().tokenizer.FREQ.get(word))


def segment(text: str, *, engine: str = "jieba") -> list[Token]:
    """All tokens of ``text`` (punctuation and spaces included) with POS and offsets.

    >>> [t.text for t in segment("闽宁协作三十年")]
    ['闽宁协作', '三十年']
    """
    if engine == "jieba":
        # Plain ``cut`` + dictionary tags (as jieba-rs tags), not ``posseg.cut``: posseg runs
        # its own HMM over unknown stretches and would segment differently from both engines.
        # A word in both dictionaries keeps its main-dictionary tag, as in jieba-rs. Words that
        # only the HMM finds are tagged x here; jieba-rs tags them by HMM (tokens agree).
        pos_tk = _jieba()
        user, tags = pos_tk.tokenizer.user_word_tag_tab, pos_tk.word_tag_tab
        pairs = [
            (w, tags.get(w) or user.get(w) or _guess_tag(w))
            for w in pos_tk.tokenizer.cut(text, HMM=True)
        ]
    elif engine == "rjieba":
        pairs = _rjieba().tag(text, True)
    else:
        raise ValueError(f"unknown engine {engine!r}; choose one of {ENGINES}")
    tokens, pos = [], 0
    append = tokens.append
    for word, flag in pairs:
        end = pos + len(word)
        append(Token(word, flag, pos, end))
        pos = end
    return tokens


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


def tokenize(
    text: str,
    *,
    stopwords: bool | Iterable[str] = True,
    pos: Iterable[str] | None = None,
    engine: str = "jieba",
) -> list[str]:
    """Content tokens of ``text``: domain terms whole, stopwords and punctuation removed.

    >>> tokenize("30年来，我们推动闽宁协作和乡村振兴。")
    ['推动', '闽宁协作', '乡村振兴']
    """
    return [
        t.text for t in tokenize_with_offsets(text, stopwords=stopwords, pos=pos, engine=engine)
    ]


def tokenize_with_offsets(
    text: str,
    *,
    stopwords: bool | Iterable[str] = True,
    pos: Iterable[str] | None = None,
    engine: str = "jieba",
) -> list[Token]:
    """Like ``tokenize`` but returns ``Token`` objects (text, pos, start, end)."""
    pos = tuple(pos) if pos is not None else None
    return [t for t in segment(text, engine=engine) if keep_token(t, stopwords=stopwords, pos=pos)]


def dictionary_cut(text: str) -> list[str]:
    """Dictionary-only segmentation (no HMM): used to test whether a word spans a break."""
    return list(_jieba().tokenizer.cut(text, HMM=False))


TOKEN_COLUMNS = [
    "doc",
    "article",
    "section",
    "paragraph",
    "sentence",
    "token",
    "pos",
    "start",
    "end",
    "raw_start",
    "raw_end",
]


def token_table(
    source: object,
    *,
    stopwords: bool | Iterable[str] = True,
    pos: Iterable[str] | None = None,
    engine: str = "jieba",
) -> pd.DataFrame:
    """Tidy tokens of a ``Document`` or ``Corpus``: one row per token, in reading order.

    ``start``/``end`` index the sentence text; ``raw_start``/``raw_end`` index the raw file.
    """
    documents = [source] if hasattr(source, "articles") else list(source)  # type: ignore[arg-type]
    pos = tuple(pos) if pos is not None else None
    rows = []
    for doc in documents:
        for art in doc.articles:
            for sent in art.sentences:
                for t in tokenize_with_offsets(
                    sent.text, stopwords=stopwords, pos=pos, engine=engine
                ):
                    rs, re_ = sent.mapped.raw_span(t.start, t.end)
                    rows.append(
                        (
                            doc.doc_id,
                            art.index,
                            sent.section,
                            sent.paragraph,
                            sent.index,
                            t.text,
                            t.pos,
                            t.start,
                            t.end,
                            rs,
                            re_,
                        )
                    )
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)
