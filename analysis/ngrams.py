"""N-gram clusters (n = 2–5) with frequency and range (stage: tokens → **analyse**).

A cluster is a run of consecutive tokens inside one sentence (AntConc's Clusters/N-grams,
quanteda's ``tokens_ngrams``). With ``contiguous=True`` (default) the tokens must touch in
the text (``end`` of one = ``start`` of the next), so a cluster never jumps over a stopword
or punctuation mark that the token table left out: build the table with
``token_table(doc, stopwords=False)`` to see phrases such as 东西部 协作 机制. Range is
the number of units (sections by default, or documents) that contain the cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

NGRAM_COLUMNS = ["ngram", "n", "count", "range", "range_share", "first_raw_start"]
SENTENCE = ("doc", "article", "sentence")
UNITS = {
    "section": ("doc", "article", "section"),
    "document": ("doc",),
    "article": ("doc", "article"),
}


def group_codes(tokens: pd.DataFrame, cols: Sequence[str]) -> np.ndarray:
    """One integer per distinct combination of ``cols`` (the columns present): each column
    factorized, then folded pairwise (cheaper than a MultiIndex on arrow-backed strings)."""
    present = [c for c in cols if c in tokens.columns]
    codes = np.zeros(len(tokens), dtype=np.int64)
    for c in present:
        col, uniques = pd.factorize(tokens[c])
        codes, _ = pd.factorize(codes * (len(uniques) + 1) + col)
    return codes.astype(np.int64)


def _valid_starts(tokens: pd.DataFrame, n: int, contiguous: bool, sent: np.ndarray) -> np.ndarray:
    """Row indices where an n-gram of ``n`` tokens starts (same sentence, touching tokens)."""
    m = len(tokens) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.int64)
    ok = sent[:m] == sent[n - 1 :]
    if contiguous and {"start", "end"} <= set(tokens.columns):
        start, end = tokens["start"].to_numpy(), tokens["end"].to_numpy()
        touch = np.append(end[:-1] == start[1:], False)  # row i touches row i+1
        for k in range(n - 1):
            ok &= touch[k : k + m]
    return np.flatnonzero(ok)


def ngrams(
    tokens: pd.DataFrame,
    *,
    n: int | Iterable[int] = (2, 3, 4, 5),
    min_count: int = 2,
    unit: str = "section",
    contiguous: bool = True,
    sep: str = " ",
) -> pd.DataFrame:
    """Clusters of ``n`` tokens with count ≥ ``min_count``, their range and first raw offset.

    Columns: ngram (tokens joined by ``sep``), n, count, range (units containing it; ``unit``
    is "section", "article" or "document"), range_share (range / units in the table),
    first_raw_start (raw offset of the first occurrence, when the table has raw offsets).
    Sorted by count descending, then n descending, then ngram. ``attrs`` keeps the settings.
    """
    sizes = [n] if isinstance(n, int) else sorted(set(n))
    if any(k < 1 for k in sizes) or unit not in UNITS:
        raise ValueError(f"ngrams: n must be ≥ 1 and unit one of {sorted(UNITS)}")
    frames = []
    if not tokens.empty:
        codes, vocab = pd.factorize(tokens["token"])
        sent = group_codes(tokens, SENTENCE)
        units = group_codes(tokens, UNITS[unit])
        n_units = int(units.max()) + 1
        raw = tokens["raw_start"].to_numpy() if "raw_start" in tokens else None
        for k in sizes:
            frames.append(_count(codes, vocab, sent, units, raw, tokens, k, contiguous, sep))
        for f in frames:
            f["range_share"] = (f["range"] / n_units).round(4)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=NGRAM_COLUMNS)
    out = out[out["count"] >= min_count]
    out = out.sort_values(["count", "n", "ngram"], ascending=[False, False, True])
    out = out[NGRAM_COLUMNS].reset_index(drop=True)
    out.attrs.update(n=sizes, min_count=min_count, unit=unit, contiguous=contiguous)
    return out


def _count(
    codes: np.ndarray,
    vocab: pd.Index,
    sent: np.ndarray,
    units: np.ndarray,
    raw: np.ndarray | None,
    tokens: pd.DataFrame,
    k: int,
    contiguous: bool,
    sep: str,
) -> pd.DataFrame:
    """Counts of the k-grams: ids built by folding one token code at a time (factorized at
    each step, so the id stays below the number of rows whatever the vocabulary)."""
    starts = _valid_starts(tokens, k, contiguous, sent)
    ids = codes[starts].astype(np.int64)
    for j in range(1, k):
        ids, _ = pd.factorize(ids * len(vocab) + codes[starts + j])
    if not len(ids):
        return pd.DataFrame(columns=["ngram", "n", "count", "range", "first_raw_start"])
    count = np.bincount(ids)
    first = np.full(len(count), len(starts), dtype=np.int64)
    np.minimum.at(first, ids, np.arange(len(ids)))
    pair, _ = pd.factorize(ids * (int(units.max()) + 1) + units[starts])
    seen = np.zeros(int(pair.max()) + 1, dtype=np.int64)
    seen[pair] = ids
    rng = np.bincount(seen, minlength=len(count))
    words = vocab.to_numpy()
    first_rows = starts[first]
    names = [sep.join(words[codes[r : r + k]]) for r in first_rows]
    return pd.DataFrame(
        {
            "ngram": names,
            "n": k,
            "count": count,
            "range": rng,
            "first_raw_start": raw[first_rows] if raw is not None else -1,
        }
    )
