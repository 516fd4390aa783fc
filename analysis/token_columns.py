"""The tidy token table, built column-wise (stage: tokenize → **token table** → analyse).

One cut per document, not one per sentence: the document's units (each article's title and
subtitle, then its sentences) are joined with line breaks and segmented once. Both engines cut
text in blocks that a line break always ends, and a line break is always a token of its own,
so each unit gets exactly the tokens it gets alone (a property test checks this).

Everything after the cut works on word ids: the words of all documents are factorized once
(``pandas.factorize``, in C), so the filter's verdict, the length, the tag and the string of
each DISTINCT word are taken once (a corpus repeats a small vocabulary), and every per-token
column is a numpy ``take`` of them: cumulative lengths give the offsets, a ``searchsorted``
gives each token its unit, ``minimum/maximum.reduceat`` over the units' character maps give
its raw span, and the token and tag strings are a pyarrow ``take`` of the distinct ones. No
per-token Python object is made.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from itertools import chain
from operator import attrgetter
from typing import Any

import numpy as np
import pandas as pd

from analysis import jieba_rules
from analysis.token_filter import RecutNeeded, SplitNeeded, verdict_table
from analysis.tokens import DEFAULT_ENGINE, engine_words, gc_paused, in_dictionary, prefetch_tags

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
_UNIT_COLUMNS = ("article", "section", "paragraph", "sentence", "headline")
_SENTENCE_FIELDS = attrgetter("text", "section", "paragraph", "index", "source", "offset")
_ARRAY_COLUMNS = ("doc", *_UNIT_COLUMNS, "start", "end", "raw_start", "raw_end")
_SEPARATOR = "\n"
_BATCH_CHARS = 2_000_000  # raw characters per run of documents cut and judged together


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
    verdicts = verdict_table(stopwords, pos, engine)
    parts = [_batch_columns(documents, batch, verdicts, engine) for batch in _batches(documents)]
    parts = [p for p in parts if p is not None]
    if not parts:  # the empty table of the per-token builder: every column of dtype object
        return pd.DataFrame({c: [] for c in TOKEN_COLUMNS}, columns=TOKEN_COLUMNS)
    columns = {c: np.concatenate([p[c] for p in parts]) for c in _ARRAY_COLUMNS}
    columns["doc"] = _doc_ids(documents, columns["doc"])
    for name in ("token", "pos"):
        columns[name] = _strings([p[name] for p in parts])
    with gc_paused():  # object columns (a doc id of another type): nothing to collect
        return pd.DataFrame({c: columns[c] for c in TOKEN_COLUMNS})


def _batches(documents: list[Any]) -> Iterator[range]:
    """Runs of documents of about ``_BATCH_CHARS`` raw characters (one document at least):
    the words of one run are held at once, so a large corpus takes bounded memory."""
    first, size = 0, 0
    for k, doc in enumerate(documents):
        size += len(getattr(doc, "raw", ""))
        if size >= _BATCH_CHARS:
            yield range(first, k + 1)
            first, size = k + 1, 0
    if first < len(documents):
        yield range(first, len(documents))


def _batch_columns(
    documents: list[Any], batch: range, verdicts: dict[str, str], engine: str
) -> dict[str, Any] | None:
    """The columns of a run of documents (None when it has no content token); ``doc`` holds
    document positions, ``token`` and ``pos`` (distinct strings, ids) pairs."""
    units = _Units([documents[k] for k in batch])
    words = _Words(units, verdicts, engine)
    if not words.kept.size:
        return None
    starts, ends = words.starts[words.keep], words.ends[words.keep]
    unit = np.searchsorted(units.starts, starts, side="right") - 1
    local_start, local_end = starts - units.starts[unit], ends - units.starts[unit]
    crossing = np.flatnonzero(local_end > units.lengths[unit])
    if crossing.size:  # a token across units: an engine changed
        doc = documents[batch.start + units.doc[unit[crossing[0]]]]
        raise RuntimeError(f"{doc.doc_id}: a token spans two sentences; please report this")
    raw_start, raw_end = _raw_spans(units, unit, local_start, local_end)
    columns: dict[str, Any] = {
        "doc": units.doc[unit] + batch.start,
        "token": (words.vocabulary, words.kept),
        "pos": (words.tags, words.kept),
        "start": local_start,
        "end": local_end,
        "raw_start": raw_start,
        "raw_end": raw_end,
    }
    for name in _UNIT_COLUMNS:
        columns[name] = units.ids[name][unit]
    return columns


class _Units:
    """Every unit of the documents in reading order (each article's headlines, then its
    sentences): texts, ids, lengths, starts in the documents' joined texts laid end to end
    with a line break between documents too, and the sentences' character maps."""

    def __init__(self, documents: list[Any]) -> None:
        sentences: list[Any] = []
        article: list[int] = []
        headline: list[bool] = []
        counts: list[int] = []
        for doc in documents:
            before = len(sentences)
            for art in doc.articles:
                heads, body = getattr(art, "headlines", []), art.sentences
                sentences += heads
                sentences += body
                article += [art.index] * (len(heads) + len(body))
                headline += [True] * len(heads) + [False] * len(body)
            counts.append(len(sentences) - before)
        fields = list(zip(*map(_SENTENCE_FIELDS, sentences), strict=True)) or [()] * 6
        self.texts: tuple[str, ...] = fields[0]
        self.sources, self.offsets = fields[4], fields[5]
        self.ids = {
            "article": np.asarray(article, dtype=np.int64),
            "section": np.asarray(fields[1], dtype=np.int64),
            "paragraph": np.asarray(fields[2], dtype=np.int64),
            "sentence": np.asarray(fields[3], dtype=np.int64),
            "headline": np.asarray(headline, dtype=bool),
        }
        self.counts = counts
        self.doc = np.repeat(np.arange(len(documents)), counts)
        self.lengths = np.fromiter(map(len, self.texts), dtype=np.int64, count=len(self.texts))
        self.starts = np.cumsum(self.lengths + len(_SEPARATOR)) - self.lengths - len(_SEPARATOR)

    def joined(self) -> Iterator[str]:
        """Each document's units joined by line breaks (documents without units skipped)."""
        at = 0
        for n in self.counts:
            if n:
                yield _SEPARATOR.join(self.texts[at : at + n])
            at += n


class _Words:
    """The words of the documents' joined texts as ids into their distinct words
    (``vocabulary``), with each distinct word's verdict (``tags``: its tag if kept, else ""),
    the words' start and end on the units' axis, and which words are kept."""

    def __init__(self, units: _Units, verdicts: dict[str, str], engine: str) -> None:
        texts = list(units.joined())
        per_text = [engine_words(text, engine) for text in texts]
        try:
            self._judge(per_text, verdicts)
        except SplitNeeded:  # a joined Latin/digit run that jieba splits (COVID-19)
            per_text = [jieba_rules.split_ascii_runs(w, in_dictionary) for w in per_text]
            self._judge(per_text, verdicts)
        # a line break between documents, as between units: offsets on the units' axis
        counts = [len(w) for w in per_text]
        breaks = np.repeat(np.arange(len(per_text)), counts)
        lengths = self._lengths[self._codes]
        self.ends = np.cumsum(lengths) + breaks * len(_SEPARATOR)
        self.starts = self.ends - lengths
        self.keep = self._kept_word[self._codes]
        self.kept = self._codes[self.keep]

    def _judge(self, per_text: list[list[str]], verdicts: dict[str, str]) -> None:
        words = np.fromiter(chain.from_iterable(per_text), dtype=object)
        codes, vocabulary = pd.factorize(words)
        self.vocabulary: list[str] = vocabulary.tolist()
        prefetch_tags([w for w in self.vocabulary if w not in verdicts])
        try:
            self.tags: list[str] = list(map(verdicts.__getitem__, self.vocabulary))
        except RecutNeeded:  # words with an ideograph only jieba-rs calls Han (cut already)
            self.tags = list(map(verdicts.verdict, self.vocabulary))  # type: ignore[attr-defined]
        n = len(self.vocabulary)
        self._codes = codes
        self._lengths = np.fromiter(map(len, self.vocabulary), dtype=np.int64, count=n)
        self._kept_word = np.fromiter(map(bool, self.tags), dtype=bool, count=n)


@functools.cache
def _string_dtype() -> Any:
    """The dtype pandas gives a list of strings (pandas 3: ``str``, stored by pyarrow)."""
    return pd.Series(["闽宁"]).dtype


def _strings(parts: list[tuple[list[str], np.ndarray]]) -> Any:
    """The array pandas would make of ``[distinct[c] for distinct, codes in parts for c in
    codes]``, made by pyarrow ``take``s when that is the storage (each distinct string of a
    part converted once)."""
    dtype = _string_dtype()
    if getattr(dtype, "storage", None) == "pyarrow":
        import pyarrow as pa

        try:
            chunks = [pa.array(d, type=pa.large_string()).take(c) for d, c in parts]
            return pd.array(pa.concat_arrays(chunks) if len(chunks) > 1 else chunks[0], dtype=dtype)
        except (UnicodeEncodeError, pa.ArrowException):  # pandas raises its own error
            pass
    return [w for d, c in parts for w in np.asarray(d, dtype=object)[c].tolist()]


def _doc_ids(documents: list[Any], doc: np.ndarray) -> Any:
    """The ``doc`` column: each token's document id, as the array pandas makes of such a
    list (inferred from the ids of the documents with tokens, then a ``take``)."""
    has_tokens = np.bincount(doc, minlength=len(documents)) > 0  # ``doc`` is in reading order
    ids = [documents[k].doc_id for k in np.flatnonzero(has_tokens).tolist()]
    codes = (np.cumsum(has_tokens) - 1)[doc]
    if all(type(i) is str for i in ids):  # the usual case: as the token column (half the cost)
        return _strings([(ids, codes)])
    return pd.Series(ids).array.take(codes)


def _raw_spans(
    units: _Units, unit: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Raw ``(start, end)`` of each token: the least start and the greatest end of its
    characters (as ``MappedText.raw_span``), read from its sentence's character map.

    The sentences of a paragraph share one map: each distinct map is taken once, the maps
    are concatenated, and ``spans_of`` reads the tokens' character ranges from them.
    """
    keys = list(map(id, units.sources))
    maps = dict(zip(keys, units.sources, strict=True))  # distinct maps, first seen first
    order = dict(zip(maps, range(len(maps)), strict=True))
    sizes = np.fromiter((len(m.starts) for m in maps.values()), dtype=np.int64, count=len(maps))
    map_of = np.fromiter(map(order.__getitem__, keys), dtype=np.int64, count=len(keys))
    base = (np.cumsum(sizes) - sizes)[map_of] + np.asarray(units.offsets, dtype=np.int64)
    first = base[unit] + start
    char_starts = np.frombuffer(b"".join([m.starts for m in maps.values()]), np.int32)
    char_ends = np.frombuffer(b"".join([m.ends for m in maps.values()]), np.int32)
    return spans_of(char_starts, char_ends, first, first + (end - start))


def spans_of(
    char_starts: np.ndarray, char_ends: np.ndarray, first: np.ndarray, stop: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each non-empty range ``[first, stop)`` of characters, the least of their starts and
    the greatest of their ends (int64 arrays).

    Where the characters run forward (offsets never step back inside the range: all but the
    few a repair reordered), those are the first one's start and the last one's end, two
    gathers; the other ranges take a ``minimum/maximum.reduceat``.
    """
    last = stop - 1
    raw_start = char_starts[first].astype(np.int64)
    raw_end = char_ends[last].astype(np.int64)
    back = _backward_steps(char_starts) + _backward_steps(char_ends)  # both never decrease
    odd = np.flatnonzero(back[last] != back[first])
    if odd.size:
        bounds = np.empty(2 * odd.size, dtype=np.int64)
        bounds[0::2], bounds[1::2] = first[odd], stop[odd]
        pad = np.zeros(1, dtype=char_starts.dtype)  # a range may end at the last character
        raw_start[odd] = np.minimum.reduceat(np.concatenate([char_starts, pad]), bounds)[0::2]
        raw_end[odd] = np.maximum.reduceat(np.concatenate([char_ends, pad]), bounds)[0::2]
    return raw_start, raw_end


def _backward_steps(offsets: np.ndarray) -> np.ndarray:
    """For each character, how many characters up to it have an offset below the previous
    character's: equal at a range's first and last character when none of it steps back."""
    steps = np.zeros(len(offsets), dtype=np.int64)
    np.cumsum(offsets[1:] < offsets[:-1], out=steps[1:])
    return steps
