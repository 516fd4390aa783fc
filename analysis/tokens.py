"""Tokenizing Chinese text with jieba behind one small interface (stage: structure → **tokenize**).

The jieba engine is the reference; ``rjieba`` (the jieba-rs binding, the default) gives the
same tokens much faster. Both tag each word from the same dictionaries: jieba's own plus the
active dictionary packs (``analysis/data/packs.toml``; the seed's 闽宁 pack keeps 闽宁协作
whole), loaded once per process and per choice of packs (``use_dictionaries``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from itertools import accumulate, compress
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd
import stopwordsiso

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


# Latin/digit runs joined by . - _ + # & %: jieba splits them (COVID-19 → COVID - 19) with its
# finalseg rule, jieba-rs keeps them whole. We re-split jieba-rs's words by jieba's own rule so
# that both engines give the same tokens on every text (a property test checks this).
_JOINERS = re.compile(r"[A-Za-z0-9][.\-_+#&%]|[.\-_+#&%][A-Za-z0-9]")
_JIEBA_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


# Ideographs jieba-rs counts as Han but jieba does not (Extension A, B–F, compatibility
# ideographs, U+9FD6–9FFF; and lone surrogates, which jieba-rs cannot take): jieba makes each
# one a token of its own and breaks words there.
_EXTRA_HAN = re.compile(
    "[\ud800-\udfff\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
)


def _rjieba_cut(text: str, *, hmm: bool) -> list[str]:
    """jieba-rs's cut, with jieba's treatment of the ideographs only jieba-rs calls Han."""
    engine = _rjieba()
    if not _EXTRA_HAN.search(text):
        return engine.cut(text, hmm)
    words: list[str] = []
    pos = 0
    for m in _EXTRA_HAN.finditer(text):
        if m.start() > pos:
            words += engine.cut(text[pos : m.start()], hmm)
        words.append(m.group())
        pos = m.end()
    if pos < len(text):
        words += engine.cut(text[pos:], hmm)
    return words


def _split_ascii_runs(words: list[str]) -> list[str]:
    split = {
        w: _jieba_split(w)
        for w in set(words)
        if w.isascii() and len(w) > 1 and _JOINERS.search(w) and not in_dictionary(w)
    }
    # Most joined runs stay whole under jieba's rule too (12.98%, 202.9): only the words that
    # really split need the list rebuilt (the rebuild was 17–19% of ``tokenize``).
    split = {w: parts for w, parts in split.items() if parts != [w]}
    if not split:
        return words
    out: list[str] = []
    for w in words:
        if w in split:
            out.extend(split[w])
        else:
            out.append(w)
    return out


def _jieba_split(word: str) -> list[str]:
    """jieba's finalseg rule for a non-Han run: alphanumerics (with a decimal part) whole,
    every other character on its own."""
    out: list[str] = []
    for piece in _JIEBA_SKIP.split(word):
        if _JIEBA_SKIP.fullmatch(piece):
            out.append(piece)
        else:
            out.extend(piece)
    return out


def cut(text: str, *, engine: str = DEFAULT_ENGINE) -> list[str]:
    """The words of ``text`` (punctuation and spaces included), without tags or offsets."""
    if engine == "jieba":
        return list(_jieba().tokenizer.cut(text, HMM=True))
    if engine == "rjieba":
        words = _rjieba_cut(text, hmm=True)
        return _split_ascii_runs(words) if _JOINERS.search(text) else words
    raise ValueError(f"unknown engine {engine!r}; choose one of {ENGINES}")


def segment(text: str, *, engine: str = DEFAULT_ENGINE) -> list[Token]:
    """All tokens of ``text`` (punctuation and spaces included) with POS and offsets.

    >>> [t.text for t in segment("闽宁协作三十年")]
    ['闽宁协作', '三十年']
    """
    # Plain ``cut`` + dictionary tags, not ``posseg.cut``: posseg runs its own HMM over
    # unknown stretches and would segment differently from both engines.
    words = cut(text, engine=engine)
    tags = _tags(words)
    ends = accumulate(map(len, words))
    return [Token(w, t, e - len(w), e) for w, t, e in zip(words, tags, ends, strict=True)]


# Per-process memo tables: word → tag, and per filter setting word → tag-if-kept. Each is
# replaced by an empty one past _CACHE_LIMIT words (about 60 MB), and at most _SETTINGS filter
# settings are remembered. Callers keep a reference to the table they fill, so a table swapped
# by another thread meanwhile cannot make a lookup fail.
_CACHE_LIMIT = 500_000
_SETTINGS = 16
_MEMO: dict[object, dict[str, str]] = {}


def _memo(key: object) -> dict[str, str]:
    table = _MEMO.get(key)
    if table is None or len(table) > _CACHE_LIMIT:
        if len(_MEMO) >= _SETTINGS:
            _MEMO.clear()
        table = _MEMO[key] = {}
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


def _filtered(
    words: list[str], stopwords: bool | Iterable[str], pos: Iterable[str] | None
) -> list[str]:
    """For each word, its tag if the filter keeps it, else "" (one decision per distinct word).

    Why not ``keep_token`` per token: a corpus repeats a small vocabulary millions of times,
    and deciding each distinct word once makes filtering cost one dictionary lookup per token.
    """
    key_sw = stopwords if isinstance(stopwords, bool) else frozenset(stopwords)
    key_pos = tuple(pos) if pos is not None else None
    verdicts = _memo((key_sw, key_pos))  # word → its tag if kept, "" if filtered out
    for w in set(words).difference(verdicts):
        tag = dictionary_tag(w)
        verdicts[w] = tag if keep_token(Token(w, tag, 0, 0), stopwords=key_sw, pos=key_pos) else ""
    return list(map(verdicts.__getitem__, words))


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
    words = cut(text, engine=engine)
    return list(compress(words, _filtered(words, stopwords, pos)))


def tokenize_with_offsets(
    text: str,
    *,
    stopwords: bool | Iterable[str] = True,
    pos: Iterable[str] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> list[Token]:
    """Like ``tokenize`` but returns ``Token`` objects (text, pos, start, end)."""
    words = cut(text, engine=engine)
    tags = _filtered(words, stopwords, pos)
    ends = accumulate(map(len, words))
    return [Token(w, t, e - len(w), e) for w, t, e in zip(words, tags, ends, strict=True) if t]


def dictionary_cut(text: str, *, engine: str = DEFAULT_ENGINE) -> list[str]:
    """Dictionary-only segmentation (no HMM): used to test whether a word spans a break."""
    if engine == "rjieba":
        return _rjieba_cut(text, hmm=False)
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
    "headline",
]


def token_table(
    source: object,
    *,
    stopwords: bool | Iterable[str] = True,
    pos: Iterable[str] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> pd.DataFrame:
    """Tidy tokens of a ``Document`` or ``Corpus``: one row per token, in reading order.

    ``start``/``end`` index the sentence text; ``raw_start``/``raw_end`` index the raw file.
    Each article's title and subtitle come first, as units of their own (``sentence`` -1 and
    -2, ``headline`` True), so a frequency table can count headline words apart.
    """
    documents = [source] if hasattr(source, "articles") else list(source)  # type: ignore[arg-type]
    pos = tuple(pos) if pos is not None else None
    columns: dict[str, list] = {c: [] for c in TOKEN_COLUMNS}
    texts, tags, starts, ends = columns["token"], columns["pos"], columns["start"], columns["end"]
    raw_starts, raw_ends = columns["raw_start"], columns["raw_end"]
    for doc in documents:
        for art in doc.articles:
            heads = getattr(art, "headlines", [])
            for k, sent in enumerate([*heads, *art.sentences]):
                toks = tokenize_with_offsets(sent.text, stopwords=stopwords, pos=pos, engine=engine)
                raw_span = sent.mapped.raw_span
                for t in toks:
                    texts.append(t.text)
                    tags.append(t.pos)
                    starts.append(t.start)
                    ends.append(t.end)
                    rs, re_ = raw_span(t.start, t.end)
                    raw_starts.append(rs)
                    raw_ends.append(re_)
                n = len(toks)
                columns["doc"] += [doc.doc_id] * n
                columns["article"] += [art.index] * n
                columns["section"] += [sent.section] * n
                columns["paragraph"] += [sent.paragraph] * n
                columns["sentence"] += [sent.index] * n
                columns["headline"] += [k < len(heads)] * n
    # Built column by column: one list per column is cheaper than a tuple per token.
    return pd.DataFrame(columns, columns=TOKEN_COLUMNS)


on_change(_forget_dictionaries)
