"""Cheap scans for the character rules (stage: repair): where a rule can fire, found in C.

The doubled-character and doubled-word rules look for a character or a 2–4 character unit
typed twice. A backreference regex (``([HAN])\\1``) is tried at every position by Python's
regex engine; here the text's code points are compared with themselves shifted by k (numpy),
which gives every position where such a regex can match, and the regex is run only there.
The text is scanned in chunks, so a 50 MB page never holds more than a few MB of arrays.

The doubled-character rule asks the segmenter about a short window around each doubled
character; ``cut_each`` cuts all windows of a text in one call (joined by line breaks, which
end a block in both engines and are tokens of their own) instead of one call per window.
"""

from __future__ import annotations

from collections.abc import Iterator
from re import Match, Pattern

import numpy as np

#: Characters per scanned chunk (its arrays are a few MB; the overlap covers a doubled unit).
CHUNK = 1 << 20
_OVERLAP = 8  # the longest doubled unit (4 + 4 characters) starting in a chunk


def codepoints(text: str) -> np.ndarray:
    """The code points of ``text`` (lone surrogates kept as their own values)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def repeat_starts(text: str, sizes: tuple[int, ...]) -> list[int]:
    """Positions ``i`` where ``text[i:i+k] == text[i+k:i+2k]`` for some ``k`` in ``sizes``.

    Every match of ``([HAN]{a,b})\\1`` starts at one of them (``matches_at`` checks each
    with the regex, so non-Chinese repeats such as —— cost one failed match each).
    """
    found: list[int] = []
    for base in range(0, len(text), CHUNK):
        points = codepoints(text[base : base + CHUNK + _OVERLAP])
        limit = min(CHUNK, len(points))  # starts in this chunk only
        hit = np.zeros(limit, dtype=bool)
        for k in sizes:
            span = min(len(points) - 2 * k + 1, limit)  # starts with room for both copies
            if span <= 0:
                continue
            same = points[:-k] == points[k:]
            run = same[:span]
            for j in range(1, k):
                run = run & same[j : j + span]
            hit[:span] |= run
        found += (np.flatnonzero(hit) + base).tolist()
    return found


def matches_at(pattern: Pattern[str], text: str, starts: list[int]) -> Iterator[Match[str]]:
    """``pattern.finditer(text)`` when ``starts`` holds every position where ``pattern``
    matches (a pattern without lookbehind or anchors, never empty): the leftmost match, then
    the next one at or after its end."""
    pos = 0
    for i in starts:
        if i < pos:
            continue
        m = pattern.match(text, i)
        if m is not None:
            yield m
            pos = m.end()


def cut_each(windows: list[str]) -> list[list[str]]:
    """``[cut(w) for w in windows]`` in one call of the segmenter.

    The windows are joined by line breaks; both engines end a block at a line break and make
    it a token of its own, so each window keeps its own words. Should the words not tile the
    windows that way (a ``\\r`` before the break would make one ``\\r\\n`` token), each
    window is cut on its own.
    """
    from analysis.tokens import cut

    if len(windows) < 2 or any("\r" in w for w in windows):
        return [cut(w) for w in windows]
    words = cut("\n".join(windows))
    out: list[list[str]] = []
    k = 0
    for n, window in enumerate(windows):
        size, first = 0, k
        while size < len(window) and k < len(words):
            size += len(words[k])
            k += 1
        if size != len(window):
            return [cut(w) for w in windows]
        out.append(words[first:k])
        if n + 1 < len(windows):
            if k >= len(words) or words[k] != "\n":
                return [cut(w) for w in windows]
            k += 1
    if k != len(words):
        return [cut(w) for w in windows]
    return out
