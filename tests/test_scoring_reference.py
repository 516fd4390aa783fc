"""``scoring.find_hits`` builds one table from every entry's hits; the way it was before (one
DataFrame per entry, a pass over the vocabulary per word entry) is kept here as the reference,
and both give the same table on generated token tables and code books."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.codebook import Dictionary, Entry, dictionary_from_mapping
from analysis.ngrams import group_codes
from analysis.scoring import HIT_COLUMNS, find_hits, uncovered


def old_entry_rows(entry: Entry, words, codes, sent, touch) -> np.ndarray:
    if entry.kind != "phrase":
        hit_codes = [k for k, w in enumerate(words) if entry.matches(w)]
        return np.flatnonzero(np.isin(codes, hit_codes))
    k, n = len(entry.tokens), len(codes)
    if n < k:
        return np.zeros(0, np.int64)
    index = {w: i for i, w in enumerate(words)}
    if any(t not in index for t in entry.tokens):
        return np.zeros(0, np.int64)
    m = n - k + 1
    ok = sent[:m] == sent[k - 1 :]
    for j, t in enumerate(entry.tokens):
        ok &= codes[j : j + m] == index[t]
        if j < k - 1:
            ok &= touch[j : j + m]
    return np.flatnonzero(ok)


def old_hit_frame(columns, first, entry, c, cat, codes, words) -> pd.DataFrame:
    k = max(len(entry.tokens), 1)
    last = first + k - 1

    def take(name: str, rows: np.ndarray) -> Any:
        return columns[name][rows] if name in columns else None

    matched = words[codes[first]]
    for j in range(1, k):
        matched = matched + words[codes[first + j]]
    return pd.DataFrame(
        {
            "_row": first, "_cat": c, "doc": take("doc", first), "article": take("article", first),
            "section": take("section", first), "sentence": take("sentence", first),
            "category": cat, "entry": entry.text, "kind": entry.kind, "matched": matched,
            "start": take("start", first), "end": take("end", last),
            "raw_start": take("raw_start", first), "raw_end": take("raw_end", last),
        }
    )  # fmt: skip


def old_find_hits(tokens: pd.DataFrame, dictionary: Dictionary) -> pd.DataFrame:
    frames = [pd.DataFrame(columns=["_row", "_cat", *HIT_COLUMNS])]
    if not tokens.empty:
        codes, vocab = pd.factorize(tokens["token"])
        words = np.asarray(vocab, dtype=object)
        sent = group_codes(tokens, ("doc", "article", "sentence"))
        if {"start", "end"} <= set(tokens.columns):
            start, end = tokens["start"].to_numpy(), tokens["end"].to_numpy()
            touch = np.append(end[:-1] == start[1:], False)
        else:
            touch = np.ones(len(tokens), bool)
        columns = {c: tokens[c].to_numpy() for c in HIT_COLUMNS if c in tokens}
        for c, (cat, entries) in enumerate(dictionary.categories.items()):
            covered = np.zeros(len(tokens), bool)
            for entry in sorted(entries, key=lambda e: -len(e.tokens)):
                first = old_entry_rows(entry, words, codes, sent, touch)
                first = uncovered(first, max(len(entry.tokens), 1), covered)
                frames.append(old_hit_frame(columns, first, entry, c, cat, codes, words))
    hits = pd.concat(frames, ignore_index=True).sort_values(["_row", "_cat"], kind="stable")
    return hits.drop(columns=["_row", "_cat"]).reset_index(drop=True)


VOCAB = ["协作", "帮扶", "产业", "政府", "采购", "资金"]
ENTRIES = ["协作", "帮扶", "政府 采购", "产业 资金 协作", "资*", "/^产/", "采购", "对口"]


def table(rows: list[tuple[int, int, bool]]) -> pd.DataFrame:
    """Tokens (word, sentence step, touching the previous token) → a token table."""
    out, sentence, pos = [], 0, 0
    for word, step, touching in rows:
        sentence += step
        pos += 0 if touching else 1
        text = VOCAB[word]
        out.append(("d", 0, sentence % 2, sentence, text, pos, pos + len(text)))
        pos += len(text)
    columns = ["doc", "article", "section", "sentence", "token", "start", "end"]
    frame = pd.DataFrame(out, columns=columns)
    return frame.assign(raw_start=frame["start"] + 100, raw_end=frame["end"] + 100)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(VOCAB) - 1), st.integers(0, 1), st.booleans()), max_size=60
    ),
    st.dictionaries(
        st.sampled_from(["甲", "乙", "丙"]),
        st.lists(st.sampled_from(ENTRIES), min_size=1, max_size=5, unique=True),
        min_size=1,
    ),
)
def test_find_hits_equals_the_old_way(rows, categories) -> None:
    tokens, book = table(rows), dictionary_from_mapping(categories)
    pd.testing.assert_frame_equal(find_hits(tokens, book), old_find_hits(tokens, book))


def test_an_empty_table_has_no_hits_and_the_hit_columns() -> None:
    book = dictionary_from_mapping({"甲": ["协作", "政府 采购"]})
    empty = table([]).iloc[0:0]
    pd.testing.assert_frame_equal(find_hits(empty, book), old_find_hits(empty, book))
    assert list(find_hits(empty, book).columns) == HIT_COLUMNS
