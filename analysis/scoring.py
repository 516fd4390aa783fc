"""Dictionary scoring: counts and rates of each category per document, article, section or
period, and every hit in context (stage: tokens + ``dictionaries`` → **analyse**).

quanteda's ``tokens_lookup``/``dfm_lookup``, KH Coder's coding rules. A token matched by two
entries of one category counts once for that category; a token inside a phrase hit of a
category is not counted again as a word of the same category. Rates are per 1,000 tokens of
the unit, in the same token table (content tokens by default), so they compare across units.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.codebook import Dictionary, Entry, read_dictionary
from analysis.kwic import iter_sentences
from analysis.ngrams import group_codes

UNITS = {
    "document": ["doc"],
    "article": ["doc", "article"],
    "section": ["doc", "article", "section"],
    "period": ["period"],
    "corpus": [],
}
HIT_COLUMNS = [
    "doc", "article", "section", "sentence", "category", "entry", "kind", "matched",
    "start", "end", "raw_start", "raw_end",
]  # fmt: skip


@dataclass
class DictionaryScores:
    """Counts per unit and category (``counts``), every hit (``hits``), and the settings."""

    counts: pd.DataFrame
    hits: pd.DataFrame
    dictionary: Dictionary
    by: str
    tokens: int

    def wide(self, value: str = "per_1k") -> pd.DataFrame:
        """One row per unit, one column per category (``value``: count or per_1k)."""
        keys = [
            c for c in self.counts.columns if c not in ("category", "count", "tokens", "per_1k")
        ]
        if not keys:
            return self.counts.pivot_table(columns="category", values=value, sort=False)
        wide = self.counts.pivot_table(index=keys, columns="category", values=value, sort=False)
        return wide[list(self.dictionary.categories)].reset_index()


def _table(source: Any, tokens: pd.DataFrame | None) -> pd.DataFrame:
    if tokens is not None:
        return tokens
    if isinstance(source, pd.DataFrame):
        return source
    from analysis.tokens import token_table

    return token_table(source)


def entry_rows(
    entry: Entry,
    words: np.ndarray,
    codes: np.ndarray,
    sent: np.ndarray,
    touch: np.ndarray,
    index: dict[str, int] | None = None,
) -> np.ndarray:
    """First rows of the hits of one entry (phrases: consecutive touching tokens).

    ``index`` (word → its code in ``words``) may be passed when many entries are looked up in
    the same table: a word or a phrase then costs no pass over the vocabulary.
    """
    if entry.kind in ("word", "phrase") and index is None:
        index = {w: i for i, w in enumerate(words)}
    if entry.kind == "word":
        code = index.get(entry.text)  # type: ignore[union-attr]
        return np.flatnonzero(codes == code) if code is not None else np.zeros(0, np.int64)
    if entry.kind != "phrase":
        hit_codes = [k for k, w in enumerate(words) if entry.matches(w)]
        return np.flatnonzero(np.isin(codes, hit_codes))
    k, n = len(entry.tokens), len(codes)
    if n < k or any(t not in index for t in entry.tokens):  # type: ignore[operator]
        return np.zeros(0, np.int64)
    m = n - k + 1
    ok = sent[:m] == sent[k - 1 :]
    for j, t in enumerate(entry.tokens):
        ok &= codes[j : j + m] == index[t]  # type: ignore[index]
        if j < k - 1:
            ok &= touch[j : j + m]
    return np.flatnonzero(ok)


def find_hits(tokens: pd.DataFrame, dictionary: Dictionary) -> pd.DataFrame:
    """Every hit of every entry in a token table, in reading order (categories in file order).

    Longer entries first: a phrase hit covers its tokens for its category.
    """
    found: list[tuple[np.ndarray, int, str, Entry]] = []
    columns: dict[str, np.ndarray] = {}
    codes, words = np.zeros(0, np.int64), np.zeros(0, object)
    if not tokens.empty:
        codes, vocab = pd.factorize(tokens["token"])
        words = np.asarray(vocab, dtype=object)
        index = {w: i for i, w in enumerate(words)}
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
                first = entry_rows(entry, words, codes, sent, touch, index)
                first = uncovered(first, max(len(entry.tokens), 1), covered)
                found.append((first, c, cat, entry))
    return _hit_table(columns, found, codes, words)


def uncovered(first: np.ndarray, k: int, covered: np.ndarray) -> np.ndarray:
    """The hits (first rows, ``k`` tokens each) that touch no covered row; marks them covered."""
    hit = np.zeros(len(first), bool)
    for j in range(k):
        hit |= covered[first + j]
    first = first[~hit]
    if k > 1 and len(first) > 1 and (np.diff(first) < k).any():  # a phrase overlapping itself
        kept, last = [], -k
        for i in first:
            if i >= last + k:
                kept.append(i)
                last = i
        first = np.asarray(kept, dtype=np.int64)
    for j in range(k):
        covered[first + j] = True
    return first


def _hit_table(
    columns: dict[str, np.ndarray],
    found: list[tuple[np.ndarray, int, str, Entry]],
    codes: np.ndarray,
    words: np.ndarray,
) -> pd.DataFrame:
    """One table of every entry's hits (``HIT_COLUMNS``), in reading order, then category.

    Built once from the hits' row numbers, not one DataFrame per entry (a code book has
    dozens of entries). Columns keep the object dtype they always had.
    """
    sizes = [len(first) for first, *_ in found]
    first = np.concatenate([f for f, *_ in found]).astype(np.int64) if found else np.zeros(0, int)
    last = first + np.repeat([max(len(e.tokens), 1) - 1 for *_, e in found], sizes).astype(int)
    matched = [words[codes[f]] for f, *_ in found]
    for i, (f, _, _, entry) in enumerate(found):
        for j in range(1, len(entry.tokens)):
            matched[i] = matched[i] + words[codes[f + j]]

    def take(name: str, rows: np.ndarray) -> Any:
        return columns[name][rows] if name in columns else None

    def each(values: list) -> np.ndarray:
        return np.repeat(np.asarray(values, dtype=object), sizes)

    table = pd.DataFrame(
        {
            "_row": first, "_cat": np.repeat([c for _, c, _, _ in found], sizes).astype(int),
            "doc": take("doc", first), "article": take("article", first),
            "section": take("section", first), "sentence": take("sentence", first),
            "category": each([cat for _, _, cat, _ in found]),
            "entry": each([e.text for *_, e in found]), "kind": each([e.kind for *_, e in found]),
            "matched": np.concatenate(matched) if matched else np.zeros(0, object),
            "start": take("start", first), "end": take("end", last),
            "raw_start": take("raw_start", first), "raw_end": take("raw_end", last),
        }
    )  # fmt: skip
    table = table.sort_values(["_row", "_cat"], kind="stable").drop(columns=["_row", "_cat"])
    return table.astype(object).reset_index(drop=True)


def _with_period(tokens: pd.DataFrame, period: str) -> pd.DataFrame:
    if "period" in tokens:
        return tokens
    if "doc_date" not in tokens:
        raise ValueError("score_dictionary(by='period') needs a 'doc_date' column (a corpus run)")
    from analysis.corpus import period_of

    return tokens.assign(period=period_of(tokens["doc_date"], period))


def score_dictionary(
    source: Any,
    dictionary: Dictionary | str | Path,
    *,
    by: str = "document",
    tokens: pd.DataFrame | None = None,
    period: str = "year",
) -> DictionaryScores:
    """Count each category of ``dictionary`` per unit of ``source``.

    ``source`` is a Document, a Corpus or a token table (``analysis.token_table``, or the
    table of ``analyse_corpus(..., "tokens")``, which has ``doc_date`` for periods); pass
    ``tokens`` to reuse a table already built. ``by`` is "document", "article", "section",
    "period" (years or months of ``doc_date``: ``period``) or "corpus". ``dictionary`` is a
    ``Dictionary`` or the path of a YAML/CSV file. ``counts`` has one row per unit and
    category, zeros included: the unit columns, category, count, tokens, per_1k.
    """
    if by not in UNITS:
        raise ValueError(f"score_dictionary: by must be one of {sorted(UNITS)}")
    if not isinstance(dictionary, Dictionary):
        dictionary = read_dictionary(dictionary)
    table = _table(source, tokens)
    if by == "period":
        table = _with_period(table, period)
    keys = [c for c in UNITS[by] if c in table.columns]
    hits = find_hits(table, dictionary)
    if by == "period" and not table.empty:
        per_doc = table.drop_duplicates("doc").set_index("doc")["period"]
        hits.insert(0, "period", hits["doc"].map(per_doc))
    counts = _counts(table, hits, keys, list(dictionary.categories))
    return DictionaryScores(counts, hits, dictionary, by, len(table))


def _counts(
    table: pd.DataFrame, hits: pd.DataFrame, keys: list[str], cats: list[str]
) -> pd.DataFrame:
    cols = [*keys, "category", "count", "tokens", "per_1k"]
    if table.empty:
        return pd.DataFrame(columns=cols)
    if keys:
        sizes = table.groupby(keys, sort=True).size().rename("tokens").reset_index()
    else:
        sizes = pd.DataFrame({"tokens": [len(table)]})
    grid = sizes.merge(pd.DataFrame({"category": cats}), how="cross")
    found = hits.groupby([*keys, "category"]).size().rename("count").reset_index()
    out = grid.merge(found, on=[*keys, "category"], how="left").fillna({"count": 0})
    out["count"] = out["count"].astype(int)
    out["per_1k"] = (out["count"] / out["tokens"] * 1000).round(4)
    order = {c: i for i, c in enumerate(cats)}
    out = out.assign(_c=out["category"].map(order)).sort_values([*keys, "_c"]).drop(columns="_c")
    return out[cols].reset_index(drop=True)


def hits_in_context(hits: pd.DataFrame, source: Any, *, window: int = 15) -> pd.DataFrame:
    """The hits as a KWIC table: ``left`` and ``right`` (``window`` characters of the
    sentence) beside each hit; ``source`` is the Document or Corpus the hits come from."""
    texts = {(d, a, s.index): s.text for d, a, s in iter_sentences(source)}
    out = hits.copy()
    lefts, rights = [], []
    for d, a, s, b, e in zip(
        out["doc"], out["article"], out["sentence"], out["start"], out["end"], strict=True
    ):
        text = texts.get((d, a, s), "")
        lefts.append(text[max(0, b - window) : b])
        rights.append(text[e : e + window])
    out.insert(out.columns.get_loc("matched"), "left", lefts)
    out.insert(out.columns.get_loc("matched") + 1, "right", rights)
    return out
