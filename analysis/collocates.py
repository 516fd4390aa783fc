"""Collocates of a node word in a window: MI, t-score, log-likelihood (stage: tokens →
**analyse**).

``frequency.collocations`` ranks adjacent pairs; this module asks what surrounds one word
(AntConc's Collocates, Wordless). The window region is the set of token positions within
``left``/``right`` tokens of an occurrence of the node, inside the same sentence, the node's
own positions excluded; each position counts once even where windows overlap. For a
collocate c, with N the tokens that are not the node, W the positions of the region and f(c)
the frequency of c, the 2×2 table is: O11 = occurrences of c in the region, O12 = W − O11,
O21 = f(c) − O11, O22 = N − W − O21; E11 = W·f(c)/N.

* MI = log2(O11 / E11) (Church & Hanks)
* t = (O11 − E11) / √O11
* G² = 2 Σ O·ln(O/E) over the four cells (Dunning), p from χ² with 1 degree of freedom.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.keyness import p_values
from analysis.ngrams import group_codes

COLLOCATE_COLUMNS = [
    "collocate",
    "count",
    "count_left",
    "count_right",
    "freq",
    "expected",
    "mi",
    "t_score",
    "g2",
    "p_value",
]
SENTENCE = ("doc", "article", "sentence")
DOCUMENT = ("doc",)


def _g2_cells(o11, o12, o21, o22) -> np.ndarray:
    """G² of 2×2 tables given as arrays of their four cells (0·ln 0 = 0)."""
    cells = [np.asarray(x, float) for x in (o11, o12, o21, o22)]
    n = sum(cells)
    r1, r2 = cells[0] + cells[1], cells[2] + cells[3]
    c1, c2 = cells[0] + cells[2], cells[1] + cells[3]
    total = np.zeros_like(n)
    for o, r, c in zip(cells, (r1, r1, r2, r2), (c1, c2, c1, c2), strict=True):
        with np.errstate(divide="ignore", invalid="ignore"):
            total += np.where(o > 0, o * np.log(o * n / (r * c)), 0.0)
    return 2 * total


def collocates(
    tokens: pd.DataFrame,
    node: str | Sequence[str],
    *,
    left: int = 5,
    right: int = 5,
    min_count: int = 3,
    within: str = "sentence",
) -> pd.DataFrame:
    """Collocates of ``node`` (a token, or several treated as one) with count ≥ ``min_count``.

    Columns: collocate, count (O11), count_left/count_right (of those, how many lie before /
    after their nearest node occurrence; they add up to count), freq (f(c)), expected (E11), mi,
    t_score, g2, p_value. ``within`` is "sentence" or "document" (windows stop at its edges).
    Sorted by g2 descending, then collocate. ``attrs``: node, window, N, W and settings.
    """
    if within not in ("sentence", "document"):
        raise ValueError("collocates: within is 'sentence' or 'document'")
    if left < 0 or right < 0 or left + right == 0:
        raise ValueError("collocates: the window needs at least one position")
    nodes = [node] if isinstance(node, str) else list(node)
    codes, vocab = pd.factorize(tokens["token"]) if not tokens.empty else (np.zeros(0, int), [])
    is_node = tokens["token"].isin(nodes).to_numpy() if not tokens.empty else np.zeros(0, bool)
    where = np.flatnonzero(is_node)
    group = group_codes(tokens, SENTENCE if within == "sentence" else DOCUMENT)
    region, before = _region(where, group, is_node, left, right)
    n_total = int((~is_node).sum())
    w = len(region)
    attrs = dict(node=nodes, left=left, right=right, min_count=min_count, within=within,
                 N=n_total, W=w, node_freq=len(where))  # fmt: skip
    if w == 0:
        out = pd.DataFrame(columns=COLLOCATE_COLUMNS)
        out.attrs.update(attrs)
        return out
    out = _statistics(codes, np.asarray(vocab, dtype=object), region, before, is_node, min_count)
    out.attrs.update(attrs)
    return out


def _statistics(
    codes: np.ndarray,
    vocab: np.ndarray,
    region: np.ndarray,
    before: np.ndarray,
    is_node: np.ndarray,
    min_count: int,
) -> pd.DataFrame:
    """The table of the module docstring for every collocate with O11 ≥ ``min_count``."""
    k, w, n_total = len(vocab), len(region), int((~is_node).sum())
    o11 = np.bincount(codes[region], minlength=k)
    freq = np.bincount(codes[~is_node], minlength=k)
    keep = np.flatnonzero(o11 >= min_count)
    o11, f = o11[keep].astype(float), freq[keep].astype(float)
    expected = w * f / n_total
    out = pd.DataFrame(
        {
            "collocate": vocab[keep],
            "count": o11.astype(int),
            "count_left": np.bincount(codes[region[before]], minlength=k)[keep],
            "count_right": np.bincount(codes[region[~before]], minlength=k)[keep],
            "freq": f.astype(int),
            "expected": expected.round(4),
            "mi": np.log2(o11 / expected).round(4),
            "t_score": ((o11 - expected) / np.sqrt(o11)).round(4),
        }
    )
    g2 = _g2_cells(o11, w - o11, f - o11, n_total - w - (f - o11))
    out["g2"] = g2.round(4)
    out["p_value"] = p_values(g2)
    return out.sort_values(["g2", "collocate"], ascending=[False, True]).reset_index(drop=True)


def _region(
    where: np.ndarray, group: np.ndarray, is_node: np.ndarray, left: int, right: int
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the window region (node positions excluded, each once), and for each
    whether it lies before its nearest node occurrence (ties: before)."""
    n = len(group)
    found = []
    for d in [*range(-left, 0), *range(1, right + 1)]:
        j = where + d
        ok = (j >= 0) & (j < n)
        j, i = j[ok], where[ok]
        found.append(j[(group[j] == group[i]) & ~is_node[j]])
    region = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
    if not len(region):
        return region.astype(np.int64), np.zeros(0, bool)
    k = np.searchsorted(where, region)
    nxt = where[np.minimum(k, len(where) - 1)]
    prv = where[np.maximum(k - 1, 0)]
    to_next = np.where((nxt > region) & (group[nxt] == group[region]), nxt - region, n + 1)
    from_prev = np.where((prv < region) & (group[prv] == group[region]), region - prv, n + 1)
    before = (to_next <= left) & ((to_next <= from_prev) | (from_prev > right))
    return region.astype(np.int64), before
