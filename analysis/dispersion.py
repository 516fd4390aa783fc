"""Dispersion of terms over the parts of a text: Gries's DP and Juilland's D (stage: tokens
→ **analyse** → the table beside ``plots.methods.dispersion_figure``).

For a term with frequency f, n parts of sizes s_i (share of all tokens) and v_i (share of
the term's occurrences in part i):

* DP = ½ Σ |v_i − s_i| (Gries 2008): 0 = spread as the part sizes predict, → 1 = all in
  one small part; DP_norm = DP / (1 − min s_i) (Lijffijt & Gries 2012) reaches 1.
* Juilland's D = 1 − V / √(n − 1), V the coefficient of variation (population standard
  deviation / mean) of the term's relative frequencies p_i = f_i / size_i, so that unequal
  parts do not count as unevenness: 1 = even, 0 = all in one part. With one part, D and
  DP_norm are undefined (NaN).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

DISPERSION_COLUMNS = ["term", "count", "parts", "range", "dp", "dp_norm", "juilland_d"]
PARTS = {
    "section": ["doc", "article", "section"],
    "article": ["doc", "article"],
    "document": ["doc"],
}


def dispersion(
    tokens: pd.DataFrame,
    terms: Sequence[str] | None = None,
    *,
    parts: str = "section",
    top: int = 10,
) -> pd.DataFrame:
    """DP, DP_norm and Juilland's D of ``terms`` (default: the ``top`` most frequent) over
    the ``parts`` ("section", "article" or "document") of the token table.

    Columns: term, count, parts (n), range (parts containing the term), dp, dp_norm,
    juilland_d. Rows in the order of ``terms``; a term that never occurs has count 0 and
    NaN statistics. ``attrs`` keeps ``parts`` and the part sizes.
    """
    if parts not in PARTS:
        raise ValueError(f"dispersion: parts must be one of {sorted(PARTS)}")
    keys = [c for c in PARTS[parts] if c in tokens.columns]
    if terms is None:
        counts = tokens["token"].value_counts()
        order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        terms = [t for t, _ in order[:top]]
    terms = list(terms)
    if tokens.empty or not keys:
        out = pd.DataFrame({"term": terms, "count": 0, "parts": 0, "range": 0})
        out[["dp", "dp_norm", "juilland_d"]] = np.nan
        return out[DISPERSION_COLUMNS]
    part = pd.MultiIndex.from_frame(tokens[keys]).factorize()[0]
    sizes = np.bincount(part).astype(float)
    table = np.zeros((len(terms), len(sizes)))
    sub = tokens["token"].isin(terms).to_numpy()
    row = {t: i for i, t in enumerate(terms)}
    np.add.at(table, (tokens["token"][sub].map(row).to_numpy(dtype=np.int64), part[sub]), 1)
    stats = [_measures(table[i], sizes) for i in range(len(terms))]
    out = pd.DataFrame(stats, columns=["dp", "dp_norm", "juilland_d"]).round(4)
    out.insert(0, "term", terms)
    out.insert(1, "count", table.sum(axis=1).astype(int))
    out.insert(2, "parts", len(sizes))
    out.insert(3, "range", (table > 0).sum(axis=1))
    out.attrs.update(parts=parts, part_sizes=sizes.astype(int).tolist())
    return out[DISPERSION_COLUMNS]


def _measures(freq: np.ndarray, sizes: np.ndarray) -> tuple[float, float, float]:
    """(DP, DP_norm, Juilland's D) of one term's frequencies per part."""
    total = freq.sum()
    if total == 0:
        return (np.nan, np.nan, np.nan)
    s = sizes / sizes.sum()
    dp = 0.5 * np.abs(freq / total - s).sum()
    dp_norm = dp / (1 - s.min()) if s.min() < 1 else np.nan
    n = len(sizes)
    if n < 2:
        return (dp, dp_norm, np.nan)
    rel = freq / sizes
    d = 1 - (rel.std() / rel.mean()) / np.sqrt(n - 1)
    return (float(dp), float(dp_norm), float(d))
