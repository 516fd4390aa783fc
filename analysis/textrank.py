"""TextRank keywords over the project's own tokens (stage: tokens → **analyse**; used by
``frequency.textrank_keywords``).

The ranking is jieba's (``jieba.analyse.TextRank``): words that pass the filter (an allowed
tag, two characters or more, not a stopword) are linked when they lie fewer than ``SPAN``
tokens apart, links weighted by how often; ten in-place passes of PageRank with damping 0.85
over the nodes in code-point order; weights scaled by the largest. Ported here, not called,
for two reasons: jieba's extractor tags with its own ``posseg`` (a second segmentation, in
pure Python, unlike ``analysis.tokens.segment`` and its one tag table for both engines), and
importing ``jieba.analyse`` loads an IDF table TextRank never reads (0.7 s). The tests keep
jieba's class as the reference and check that both give the same keywords and weights.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from analysis.tokens import Token

SPAN = 5  # a word is linked to the next SPAN - 1 tokens (jieba's ``span``)
DAMPING = 0.85
ITERATIONS = 10


def cooccurrences(
    tokens: Sequence[Token], *, allow_pos: Iterable[str], stopwords: Iterable[str] = ()
) -> dict[tuple[str, str], int]:
    """Links (word, a later word within ``SPAN`` tokens) → count, in the order first seen.

    Positions count every token (punctuation and stopwords too), as in jieba; only tokens that
    pass the filter are linked.
    """
    allow, stop = frozenset(allow_pos), frozenset(stopwords)
    passes = [
        t.pos in allow and len(t.text.strip()) >= 2 and t.text.lower() not in stop for t in tokens
    ]
    links: dict[tuple[str, str], int] = defaultdict(int)
    for i, first in enumerate(tokens):
        if passes[i]:
            for j in range(i + 1, min(i + SPAN, len(tokens))):
                if passes[j]:
                    links[(first.text, tokens[j].text)] += 1
    return links


def rank(links: dict[tuple[str, str], int]) -> dict[str, float]:
    """Node → weight: jieba's ``UndirectWeightedGraph.rank`` (the same floats, in the same
    order: nodes as they first appear in ``links``)."""
    graph: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (start, end), weight in links.items():
        graph[start].append((end, weight))
        graph[end].append((start, weight))
    scores = {node: 1.0 / (len(graph) or 1.0) for node in graph}
    out_sum = {node: sum((w for _, w in edges), 0.0) for node, edges in graph.items()}
    order = sorted(graph)
    for _ in range(ITERATIONS):
        for node in order:  # in place (Gauss-Seidel), as jieba does
            total = 0
            for other, weight in graph[node]:
                total += weight / out_sum[other] * scores[other]
            scores[node] = (1 - DAMPING) + DAMPING * total
    if not scores:
        return scores
    low, high = min(scores.values()), max(scores.values())  # every score is at least 1 - d
    return {node: (s - low / 10.0) / (high - low / 10.0) for node, s in scores.items()}


def textrank(
    tokens: Sequence[Token],
    *,
    top: int | None = 10,
    allow_pos: Iterable[str] = ("ns", "n", "vn", "v"),
    stopwords: Iterable[str] = (),
) -> list[tuple[str, float]]:
    """The ``top`` words by TextRank weight, (word, weight) in descending weight (ties in the
    order first seen), as ``jieba.analyse.TextRank().textrank(..., withWeight=True)`` gives
    them for the same tokens and tags. ``top=None`` or 0: every ranked word.

    >>> from analysis.tokens import segment
    >>> [w for w, _ in textrank(segment("闽宁协作推动产业发展，产业发展带动闽宁协作。"), top=2)]
    ['发展', '产业']
    """
    weights = rank(cooccurrences(tokens, allow_pos=allow_pos, stopwords=stopwords))
    ranked = sorted(weights.items(), key=lambda item: item[1], reverse=True)
    return ranked[:top] if top else ranked
