"""The tidy token table, built column-wise (stage: tokenize → **token table** → analyse).

One cut per document, not one per sentence: the document's units (each article's title and
subtitle, then its sentences) are joined with line breaks and segmented once. Both engines cut
text in blocks that a line break always ends, and a line break is always a token of its own,
so each unit gets exactly the tokens it gets alone (a property test checks this). Offsets,
unit ids and raw spans are then numpy arrays: cumulative word lengths give the offsets, a
``searchsorted`` gives each token its unit, and ``minimum/maximum.reduceat`` over the units'
character maps give each token its raw span. No per-token Python object is made.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from itertools import chain, compress
from typing import Any

import numpy as np
import pandas as pd

from analysis.tokens import DEFAULT_ENGINE, gc_paused, judged

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
_INT_COLUMNS = ("start", "end", "raw_start", "raw_end")
_SEPARATOR = "\n"


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
    parts = [_document_columns(doc, stopwords, pos, engine) for doc in documents]
    parts = [p for p in parts if p is not None]
    if not parts:  # the empty table of the per-token builder: every column of dtype object
        return pd.DataFrame({c: [] for c in TOKEN_COLUMNS}, columns=TOKEN_COLUMNS)
    counts = [len(p["start"]) for p in parts]
    columns: dict[str, Any] = {"doc": _repeated([p["doc"] for p in parts], counts)}
    for name in ("token", "pos"):
        columns[name] = _strings(list(chain.from_iterable(p[name] for p in parts)))
    for name in (*_UNIT_COLUMNS, *_INT_COLUMNS):
        columns[name] = np.concatenate([p[name] for p in parts])
    with gc_paused():  # millions of strings into object columns: nothing to collect
        return pd.DataFrame({c: columns[c] for c in TOKEN_COLUMNS})


@functools.cache
def _string_dtype() -> Any:
    """The dtype pandas gives a list of strings (pandas 3: ``str``, stored by pyarrow)."""
    return pd.Series(["闽宁"]).dtype


def _strings(values: list[str]) -> Any:
    """The array pandas would make of ``values``, made by pyarrow directly when that is the
    storage (pandas checks every item first: half the cost, and tokens are all strings)."""
    dtype = _string_dtype()
    if getattr(dtype, "storage", None) != "pyarrow":
        return values
    import pyarrow as pa

    try:
        return pd.array(pa.array(values, type=pa.large_string()), dtype=dtype)
    except (UnicodeEncodeError, pa.ArrowException):  # pandas raises its own error
        return values


def _repeated(values: list[object], counts: list[int]) -> Any:
    """``values[k]`` repeated ``counts[k]`` times, as the array pandas makes of such a list
    (inferred from the distinct values, then a ``take``: no million-item list to convert)."""
    array = pd.Series(values).array
    return array.take(np.repeat(np.arange(len(values)), counts))


def _units(doc: Any) -> tuple[list[str], dict[str, list], list[Any]]:
    """The texts of a document's units in reading order, their ids, and their sentences."""
    texts: list[str] = []
    ids: dict[str, list] = {c: [] for c in _UNIT_COLUMNS}
    sentences: list[Any] = []
    for art in doc.articles:
        heads = getattr(art, "headlines", [])
        for k, sent in enumerate([*heads, *art.sentences]):
            texts.append(sent.text)
            sentences.append(sent)
            ids["article"].append(art.index)
            ids["section"].append(sent.section)
            ids["paragraph"].append(sent.paragraph)
            ids["sentence"].append(sent.index)
            ids["headline"].append(k < len(heads))
    return texts, ids, sentences


def _raw_spans(
    sentences: list[Any], unit: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Raw ``(start, end)`` of each token: the least start and the greatest end of its
    characters (as ``MappedText.raw_span``), read from its sentence's character map.

    The sentences of a paragraph share one map: each distinct map is taken once, the maps
    are concatenated, and one ``reduceat`` over [first, last) character pairs does the rest.
    """
    where: dict[int, int] = {}
    starts: list[Any] = []  # the maps' buffers (arrays or views of them), joined as bytes
    ends: list[Any] = []
    base: list[int] = []
    size = 0
    for sent in sentences:
        source = sent.source
        at = where.get(id(source))
        if at is None:
            at = where[id(source)] = size
            starts.append(source.starts)
            ends.append(source.ends)
            size += len(source.starts)
        base.append(at + sent.offset)
    pad = bytes(4)  # one more offset: a token may end at the last character
    first = np.asarray(base, dtype=np.int64)[unit] + start
    bounds = np.empty(2 * len(first), dtype=np.int64)
    bounds[0::2], bounds[1::2] = first, first + (end - start)
    char_starts = np.frombuffer(b"".join([*starts, pad]), dtype=np.int32)
    char_ends = np.frombuffer(b"".join([*ends, pad]), dtype=np.int32)
    raw_start = np.minimum.reduceat(char_starts, bounds)[0::2]
    raw_end = np.maximum.reduceat(char_ends, bounds)[0::2]
    return raw_start.astype(np.int64), raw_end.astype(np.int64)


def _document_columns(
    doc: Any, stopwords: bool | Iterable[str], pos: tuple[str, ...] | None, engine: str
) -> dict[str, Any] | None:
    """The token table's columns for one document (None when it has no content token)."""
    texts, ids, sentences = _units(doc)
    if not texts:
        return None
    words, tags = judged(_SEPARATOR.join(texts), stopwords=stopwords, pos=pos, engine=engine)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    word_ends = np.cumsum(lengths)
    word_starts = word_ends - lengths
    keep = np.fromiter(map(bool, tags), dtype=bool, count=len(tags))
    if not keep.any():
        return None
    unit_lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    unit_starts = np.cumsum(unit_lengths + len(_SEPARATOR)) - unit_lengths - len(_SEPARATOR)
    starts, ends = word_starts[keep], word_ends[keep]
    unit = np.searchsorted(unit_starts, starts, side="right") - 1
    local_start, local_end = starts - unit_starts[unit], ends - unit_starts[unit]
    if (local_end > unit_lengths[unit]).any():  # a token across units: an engine changed
        raise RuntimeError(f"{doc.doc_id}: a token spans two sentences; please report this")
    raw_start, raw_end = _raw_spans(sentences, unit, local_start, local_end)
    columns: dict[str, Any] = {
        "doc": doc.doc_id,
        "token": list(compress(words, tags)),
        "pos": list(filter(None, tags)),
        "start": local_start,
        "end": local_end,
        "raw_start": raw_start,
        "raw_end": raw_end,
    }
    for name in _UNIT_COLUMNS:
        dtype = bool if name == "headline" else np.int64
        columns[name] = np.asarray(ids[name], dtype=dtype)[unit]
    return columns
