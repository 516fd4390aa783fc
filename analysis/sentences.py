"""Sentence boundaries for Chinese text: the one splitter every stage shares.

Used by structure (sentences of an article) and by the extractors (the ``sentence``
column of timeline and quantity tables), so all of them agree on what "sentence 3" is.
"""

from __future__ import annotations

import re

# A sentence ends at 。！？ (full- or half-width) or an ellipsis, followed by any closing
# quotes/brackets; a line break also ends a sentence (headings, list items, raw page text).
_END = re.compile(
    r"(?:[。！？!?]+|…{1,}|\.{3,})[”’」』）)\]]*"  # terminal punctuation + closers
    r"|\n+"  # or a line break
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text``, in order.

    Offsets index ``text`` itself; leading/trailing whitespace of a sentence is excluded
    and whitespace-only stretches produce no sentence.

    >>> s = "他说：“好。”我们走吧！\\n新的一行"
    >>> [s[a:b] for a, b in split_sentences(s)]
    ['他说：“好。”', '我们走吧！', '新的一行']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _END.finditer(text):
        end = m.end() if m.group().strip() else m.start()
        _append_trimmed(text, pos, end, spans)
        pos = m.end()
    _append_trimmed(text, pos, len(text), spans)
    return spans


def sentence_index(spans: list[tuple[int, int]], offset: int) -> int:
    """Index of the sentence in ``spans`` containing ``offset`` (or the nearest before it).

    Returns -1 when ``offset`` lies before the first sentence.
    """
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][0] <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _append_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
