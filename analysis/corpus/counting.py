"""The counting path of corpus "frequency": term counts without the document model (stage:
analyse).

Counting needs the body sentences' content tokens, nothing else: no raw offsets of sentences
and paragraphs, no ``Document``, no reference date, no DataFrame per document (together about
half a worker's time on the full path). A document is read, repaired (character and layout
rules, exactly as ``analysis.load`` does), cut into its body sentences, and segmented once
(the sentences joined by line breaks: each keeps its own tokens, see
``analysis.token_columns``). A batch sends back a ``TermCounts``, two counters, not tables.
The result is the full path's table row for row, and its problems are the same (a test
compares both on a corpus with faults).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from itertools import repeat
from operator import add, methodcaller
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analysis.loading import text_only_articles
from analysis.sentences import split_sentences
from analysis.sources import Item, read_item
from analysis.structure import ArticleBlocks

if TYPE_CHECKING:
    from analysis.token_filter import WordIds

FREQUENCY_COLUMNS = ["term", "count", "doc_freq"]
GROUP_CHARS = 1 << 20  # texts repaired together (about 4 MB in memory, whatever the batch)
_HEADINGS = ("section", "subsection")  # body lines that are headings, not paragraphs


class TermCounts:
    """Term counts and document frequencies of some documents (what a batch sends back).

    ``counts`` and ``docs`` are two ``Counter``s. The numbered counts of ``count_bodies`` are
    kept as they come (terms and two arrays) until a counter is asked for: a batch sent to
    the parent travels as one list of terms and two arrays (``wire``), which the parent adds
    into a ``CountTable`` without building a dictionary per batch.
    """

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._docs: Counter[str] = Counter()
        self._parts: list[Wire] = []  # numbered counts not yet folded into the counters
        # words judged while counting, and their verdicts (``token_filter.learned``)
        self.learned: tuple[list[str], list[str]] = ([], [])

    @property
    def counts(self) -> Counter[str]:
        self._fold()
        return self._counts

    @property
    def docs(self) -> Counter[str]:
        self._fold()
        return self._docs

    @property
    def empty(self) -> bool:
        return not self.counts

    def add_document(self, tokens: list[str]) -> None:
        """Count one document's tokens."""
        self._counts.update(tokens)  # a list and a set: counted in C, not item by item
        self._docs.update(set(tokens))

    def add_numbered(self, table: WordIds, arrays: list[np.ndarray]) -> None:
        """Count documents given as arrays of word numbers of ``table`` (``count_bodies``);
        nothing is added if counting them raises."""
        kept = np.frombuffer(bytes(table.kept), dtype=np.bool_)  # a copy: the table grows
        words, occurrences, docs = numbered_counts(kept, arrays)
        terms = list(map(table.words.__getitem__, words.tolist()))
        self._parts.append((terms, occurrences.astype(np.int64), docs.astype(np.int64)))

    def update(self, other: TermCounts) -> None:
        """Add another batch's counts (a batch split document by document, ``merge``)."""
        _add_into(self.counts, other.counts)
        _add_into(self.docs, other.docs)

    def wire(self) -> Wire:
        """``(terms, counts, docs)``: each term once, its count and document frequency in two
        arrays, in the order of the counters (or of the one numbered part)."""
        if len(self._parts) == 1 and not self._counts:
            return self._parts[0]
        self._fold()
        terms = list(self._counts)
        n = len(terms)
        counts = np.fromiter(self._counts.values(), np.int64, n)
        docs = np.fromiter(map(self._docs.__getitem__, terms), np.int64, n)
        return terms, counts, docs

    def frame(self) -> pd.DataFrame:
        """The corpus frequency table: term, count, doc_freq; count descending, then term."""
        table = CountTable()
        table.add(self)
        return table.frame()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        terms, counts, docs = self.wire()
        words, verdicts = self.learned
        return _from_wire, ((_packed(terms), counts, docs), (_packed(words), _packed(verdicts)))

    def _fold(self) -> None:
        for terms, counts, docs in self._parts:
            _add_into(self._counts, dict(zip(terms, counts.tolist(), strict=True)))
            _add_into(self._docs, dict(zip(terms, docs.tolist(), strict=True)))
        self._parts.clear()


Wire = tuple[list[str], np.ndarray, np.ndarray]


def _from_wire(wire: tuple[Any, ...], learned: tuple[Any, Any] = ([], [])) -> TermCounts:
    """A ``TermCounts`` sent by a worker, kept as it came (see ``TermCounts``)."""
    out = TermCounts()
    terms, counts, docs = wire
    terms = _unpacked(terms)
    if len(terms):
        out._parts.append((terms, counts, docs))
    out.learned = (_unpacked(learned[0]), _unpacked(learned[1]))
    return out


def _packed(words: list[str]) -> str | list[str]:
    """Words as one string, joined by line breaks, or the list itself if a word holds one.

    Why: pickled, a list of words is an opcode and a memo entry per word (the parent read
    a batch's 1,500 terms at about 140 ns a word); one string and a ``split`` are a copy.
    """
    joined = "\n".join(words)
    return joined if joined.count("\n") == len(words) - 1 else words


def _unpacked(packed: str | list[str]) -> list[str]:
    return packed.split("\n") if isinstance(packed, str) else packed


class _Numbers(dict):
    """Term → its row in a ``CountTable`` (a new term gets the next row)."""

    def __missing__(self, term: str) -> int:
        self[term] = number = len(self)
        return number


class CountTable:
    """The parent's total of term counts: one row per term, counts in two numpy arrays.

    Why: folding each batch into two ``Counter``s cost the parent two dictionaries of the
    batch's vocabulary per batch (built, unpickled and added term by term); here a batch is
    one lookup per term (in C) and two array additions.
    """

    def __init__(self) -> None:
        self.rows = _Numbers()
        self.counts = np.zeros(1024, np.int64)
        self.docs = np.zeros(1024, np.int64)

    def add(self, part: TermCounts) -> None:
        """Add a batch's counts."""
        terms, counts, docs = part.wire()
        rows = np.fromiter(map(self.rows.__getitem__, terms), np.int64, len(terms))
        if len(self.rows) > len(self.counts):
            size = max(len(self.rows), 2 * len(self.counts))
            self.counts = np.concatenate((self.counts, np.zeros(size - len(self.counts), np.int64)))
            self.docs = np.concatenate((self.docs, np.zeros(size - len(self.docs), np.int64)))
        self.counts[rows] += counts  # each term once in a batch: no repeated index
        self.docs[rows] += docs

    def frame(self) -> pd.DataFrame:
        """The frequency table: term, count, doc_freq; count descending, then term."""
        if not self.rows:
            return pd.DataFrame(columns=FREQUENCY_COLUMNS)
        terms = list(self.rows)
        n = len(terms)
        by_term = np.array(sorted(range(n), key=terms.__getitem__), dtype=np.int64)
        order = by_term[np.argsort(-self.counts[by_term], kind="stable")]
        return pd.DataFrame(
            {
                "term": list(map(terms.__getitem__, order.tolist())),
                "count": self.counts[order],
                "doc_freq": self.docs[order],
            }
        )


#: Above this many cells (documents × distinct words of a group), document frequencies are
#: counted by sorting the (document, word) pairs instead of in a documents × words table.
TABLE_CELLS = 1 << 22


def count_bodies(bodies: list[tuple[int, str]], counts: TermCounts) -> dict[int, Exception]:
    """Add the content tokens of each ``(index, body)`` to ``counts``, exactly as
    ``counts.add_document(tokenize(body))`` for each would; return the exception of each
    body that cannot be tokenized, by index.

    Why: after the segmenter, a list, a ``Counter`` and a ``set`` per body were a third of
    a worker's time. Here each body's words become an array of word numbers
    (``token_filter.word_ids``: one lookup per token, in C) and numpy counts the kept words
    and their documents for all the bodies at once. The bodies are segmented together, in
    one call (``_numbered_together``), else one by one; a body with a word that needs
    jieba's rules (COVID-19, 𠀀) or a lone surrogate is tokenized on its own, as before.
    """
    from analysis.token_filter import word_ids
    from analysis.tokens import tokenize

    table = word_ids()
    together = _numbered_together([body for _, body in bodies], table)
    if together is not None:
        arrays, numbered, alone = together, list(bodies), []
    else:
        arrays, numbered, alone = _numbered_apart(bodies, table)
    try:
        if arrays:
            counts.add_numbered(table, arrays)
    except Exception:  # never a document lost: each counted on its own instead
        alone += numbered
    failed: dict[int, Exception] = {}
    for k, body in sorted(alone):
        try:
            counts.add_document(tokenize(body))
        except Exception as exc:  # one bad document must not stop a corpus run
            failed[k] = exc
    return failed


def _numbered_together(texts: list[str], table: WordIds) -> list[np.ndarray] | None:
    """The word numbers of each text from one segmenter call over the texts joined by line
    breaks (one call costs a tenth less than a call per news text), or None where that
    cannot be trusted: a text that needs jieba's rules or fails (``_numbered_apart`` then
    finds which), or line breaks not all tokens of their own.

    The engines end a block at a line break and make it a token (as ``body_text`` already
    relies on for the paragraphs of a body), so each text keeps its own words; that every
    line break is a token is checked by counting them, and the joining ones are found from
    the texts' own line breaks.
    """
    from analysis.token_filter import engine_cut

    if len(texts) < 2:
        return None
    try:
        words = engine_cut("\n".join(texts))
        numbers = np.fromiter(map(table.__getitem__, words), np.int32, len(words))
        breaks = np.flatnonzero(numbers == table["\n"])
    except Exception:  # jieba's rules, a lone surrogate ...: text by text
        return None
    inner = np.fromiter(map(methodcaller("count", "\n"), texts), np.int64, len(texts))
    if len(breaks) != int(inner.sum()) + len(texts) - 1:
        return None
    joins = breaks[np.cumsum(inner)[:-1] + np.arange(len(texts) - 1)].tolist()
    starts, ends = [0, *(j + 1 for j in joins)], [*joins, len(numbers)]
    return [numbers[a:b] for a, b in zip(starts, ends, strict=True)]


def _numbered_apart(
    bodies: list[tuple[int, str]], table: WordIds
) -> tuple[list[np.ndarray], list[tuple[int, str]], list[tuple[int, str]]]:
    """The word numbers of each body, one segmenter call each; the bodies numbered, and
    those to tokenize on their own (a word that needs jieba's rules, a lone surrogate)."""
    from analysis.token_filter import engine_cut

    number = table.__getitem__
    arrays: list[np.ndarray] = []
    numbered: list[tuple[int, str]] = []
    alone: list[tuple[int, str]] = []
    for k, body in bodies:
        try:
            words = engine_cut(body)
            arrays.append(np.fromiter(map(number, words), np.int32, len(words)))
            numbered.append((k, body))
        except Exception:  # jieba's rules, a lone surrogate ...: tokenize's own way
            alone.append((k, body))
    return arrays, numbered, alone


def numbered_counts(kept: np.ndarray, arrays: list[np.ndarray]) -> tuple[np.ndarray, ...]:
    """``(words, counts, docs)``: the kept word numbers present in the documents (``arrays``:
    one array of word numbers each; ``kept[i]`` true if word ``i`` is kept), how often each
    occurs, and in how many documents.

    Every word of the documents is counted and the words the filter drops are left out at
    the end, from the few distinct words: masking every token first (three passes over all
    of them, about half of them dropped) cost more than counting the dropped ones too.
    """
    lengths = np.fromiter(map(len, arrays), np.int64, len(arrays))
    numbers = np.concatenate(arrays) if arrays else np.zeros(0, np.int32)
    present = np.zeros(len(kept), dtype=bool)
    present[numbers] = True
    seen = np.flatnonzero(present)
    local = (np.cumsum(present) - 1).take(numbers)  # 0 .. len(seen) - 1
    n, width = len(arrays), len(seen)
    occurrences = np.bincount(local, minlength=width)
    pairs = np.repeat(np.arange(n, dtype=np.int64) * width, lengths) + local
    if n * width <= TABLE_CELLS:  # a table of booleans: a byte a cell, not bincount's eight
        cells = np.zeros(n * width, dtype=bool)
        cells[pairs] = True
        docs = np.count_nonzero(cells.reshape(n, width), axis=0)
    else:  # n * width > 0: width > 0
        docs = np.bincount(np.unique(pairs) % width, minlength=width)
    keep = kept.take(seen)
    return seen[keep], occurrences[keep], docs[keep].astype(np.int64)


def _add_into(total: Counter[str], part: dict[str, int]) -> None:
    """``total.update(part)`` with the loop in C: ``Counter.update`` adds a mapping item by
    item in Python, which the parent pays for every term of every batch it receives."""
    if not total:
        total.update(part)
        return
    terms = part.keys()
    sums = map(add, map(total.get, terms, repeat(0)), part.values())
    dict.update(total, zip(terms, sums, strict=True))


def body_text(item: Item, *, max_bytes: int | None = None) -> str:
    """The body paragraphs of an item, one a line: the text whose tokens are those of the
    sentences ``document_from_item(item)`` would give (with the same errors for a bad item).

    A paragraph is cut into sentences only where that changes its tokens: at a run of
    ASCII dots (...), which the engines read as part of a word. Every other sentence end
    (。！？!? …, closing quotes and brackets) and the whitespace trimmed around sentences
    already end an engine's block, so the paragraph's tokens are its sentences' tokens.
    """
    (body,) = body_texts([item], max_bytes=max_bytes)
    if isinstance(body, Exception):
        raise body
    return body


def body_texts(items: list[Item], *, max_bytes: int | None = None) -> list[str | Exception]:
    """``body_text`` of each item, or the exception it raises for that item."""
    return [body for group in body_groups(items, max_bytes=max_bytes) for _, body in group]


def body_groups(
    items: list[Item], *, max_bytes: int | None = None
) -> Iterator[list[tuple[int, str | Exception]]]:
    """``(index, body_text or its exception)`` of each item, in order, a group at a time.

    The texts of a group (``GROUP_CHARS`` characters, or one longer text) are repaired
    together (``loading.text_only_articles``), which is cheaper than one by one; memory
    holds one group's texts, never a whole batch of long files.
    """
    group: list[tuple[int, str | Exception]] = []
    raws: dict[int, str] = {}
    size = 0
    for k, item in enumerate(items):
        try:
            raw, _ = read_item(item, max_bytes=max_bytes)
            if item.date:
                dt.date.fromisoformat(item.date)  # the full path's check of a given date
            raws[k] = raw
            size += len(raw)
            group.append((k, ""))
        except Exception as exc:  # the full path's error for this item
            group.append((k, exc))
        if size >= GROUP_CHARS or k == len(items) - 1:
            yield _with_bodies(group, raws, items)
            group, raws, size = [], {}, 0


def _with_bodies(
    group: list[tuple[int, str | Exception]], raws: dict[int, str], items: list[Item]
) -> list[tuple[int, str | Exception]]:
    """The group with the body text (or the error) of each of its readable texts."""
    paths = [items[k].path or items[k].id for k in raws]
    done = dict(zip(raws, text_only_articles(list(raws.values()), paths), strict=True))
    out: list[tuple[int, str | Exception]] = []
    for k, read in group:
        found = done.get(k, read)
        out.append((k, _body_lines(found) if isinstance(found, list) else found))
    return out


def _body_lines(groups: list[ArticleBlocks]) -> str:
    """The body paragraphs of the articles, one a line (cut at ASCII dots, see ``body_text``)."""
    lines: list[str] = []
    for group in groups:
        for block in group.body:
            if block.kind in _HEADINGS:
                continue
            text = block.mapped.text
            if "..." in text:
                lines += [text[s:e] for s, e in split_sentences(text)]
            else:
                lines.append(text)
    return "\n".join(lines)


def document_tokens(item: Item, *, max_bytes: int | None = None) -> list[str]:
    """The content tokens of an item's body sentences, in reading order."""
    from analysis.tokens import tokenize

    return tokenize(body_text(item, max_bytes=max_bytes))
