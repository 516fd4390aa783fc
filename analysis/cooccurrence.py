"""Collocations and sentence co-occurrence of the token table (stage: analyse → figure).

Adjacent bigrams with PMI and G² (``collocations``) and the co-occurrence network of the most
frequent terms (``cooccurrence``, ``cooccurrence_graph``, ``edge_threshold``). The functions
are also reachable as ``analysis.frequency.collocations`` and so on, where they used to live.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.frequency import SENTENCE_KEY, _key, frequency_table

if TYPE_CHECKING:
    import networkx as nx


def _g2_2x2(o11: float, o12: float, o21: float, o22: float) -> float:
    """G² of a 2×2 contingency table (0·ln0 = 0)."""
    n = o11 + o12 + o21 + o22
    r1, r2, c1, c2 = o11 + o12, o21 + o22, o11 + o21, o12 + o22
    cells = ((o11, r1 * c1), (o12, r1 * c2), (o21, r2 * c1), (o22, r2 * c2))
    return 2 * sum(o * math.log(o * n / e) for o, e in cells if o > 0)


def collocations(tokens: pd.DataFrame, *, min_count: int = 3, top: int = 20) -> pd.DataFrame:
    """Adjacent content-token bigrams within a sentence, with count, PMI and G².

    Adjacent means consecutive rows of the token table, i.e. neighbours once stopwords and
    punctuation are removed. With N bigrams, f1/f2 the counts of the first/second word in
    first/second position: pmi = log2(count·N / (f1·f2)); g2 is the log-likelihood of the 2×2
    table (count, f1−count, f2−count, N−f1−f2+count). Bigrams with ``count >= min_count``,
    sorted by g2 descending, then count descending, then the words; the first ``top`` rows.
    """
    cols = ["first", "second", "count", "pmi", "g2"]
    key = _key(tokens, SENTENCE_KEY)
    nxt = tokens.groupby(key, sort=False)["token"].shift(-1) if not tokens.empty else None
    if nxt is None or nxt.notna().sum() == 0:
        return pd.DataFrame(columns=cols)
    pairs = pd.DataFrame({"first": tokens["token"], "second": nxt}).dropna()
    n = len(pairs)
    f1, f2 = pairs["first"].value_counts(), pairs["second"].value_counts()
    out = pairs.groupby(["first", "second"]).size().reset_index(name="count")
    out = out[out["count"] >= min_count]
    if out.empty:
        return pd.DataFrame(columns=cols)
    a, b = out["first"].map(f1), out["second"].map(f2)
    out["pmi"] = np.log2(out["count"] * n / (a * b)).round(4)
    out["g2"] = [
        round(_g2_2x2(o, x - o, y - o, n - x - y + o), 4)
        for o, x, y in zip(out["count"], a, b, strict=True)
    ]
    out = out.sort_values(["g2", "count", "first", "second"], ascending=[False, False, True, True])
    return out[cols].head(top).reset_index(drop=True)


def cooccurrence(tokens: pd.DataFrame, *, top_terms: int = 30, min_count: int = 2) -> pd.DataFrame:
    """Sentence co-occurrence among the ``top_terms`` most frequent terms: an edge list.

    Columns: source, target (source < target in code-point order), weight = number of
    sentences containing both. Edges with ``weight >= min_count``, sorted by weight
    descending, then source, target.
    """
    cols = ["source", "target", "weight"]
    terms = frequency_table(tokens)["term"].head(top_terms).tolist()
    sub = tokens[tokens["token"].isin(terms)]
    if sub.empty:
        return pd.DataFrame(columns=cols)
    key = _key(tokens, SENTENCE_KEY)
    sentence = sub.groupby(key, sort=False).ngroup()
    incidence = (pd.crosstab(sentence, sub["token"]) > 0).astype(int)
    both = incidence.T @ incidence
    names = list(both.columns)
    rows = [(s, t, int(both.loc[s, t])) for i, s in enumerate(names) for t in names[i + 1 :]]
    out = pd.DataFrame(rows, columns=cols)
    out = out[out["weight"] >= min_count]
    out = out.sort_values(["weight", "source", "target"], ascending=[False, True, True])
    return out.reset_index(drop=True)


def cooccurrence_graph(edges: pd.DataFrame, freq: pd.DataFrame | None = None) -> nx.Graph:
    """An undirected networkx graph of a co-occurrence edge list (edge attribute ``weight``).

    With a frequency table, each node gets its ``count`` (used for node size when drawing).
    """
    import networkx as nx  # imported here: only the network figure needs a graph

    graph = nx.Graph()
    for r in edges.itertuples():
        graph.add_edge(r.source, r.target, weight=int(r.weight))
    if freq is not None:
        counts = dict(zip(freq["term"], freq["count"], strict=True))
        nx.set_node_attributes(graph, {n: int(counts.get(n, 1)) for n in graph}, "count")
    return graph


def edge_threshold(n_sentences: int) -> int:
    """Default co-occurrence threshold (shared sentences) scaled to the text's length: one
    per 50 sentences, at least 2 (the seed's 201 sentences → 4)."""
    return max(2, round(n_sentences / 50))
