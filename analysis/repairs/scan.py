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

import functools
from collections.abc import Iterator
from itertools import pairwise
from re import Match, Pattern
from typing import NamedTuple

import numpy as np

#: Characters per scanned chunk (its arrays are a few MB; the overlap covers a doubled unit).
CHUNK = 1 << 20
_OVERLAP = 8  # the longest doubled unit (4 + 4 characters) starting in a chunk
_PAD = np.arange(0x110000, 0x110000 + 8, dtype=np.uint32)  # no code point, each different


def codepoints(text: str) -> np.ndarray:
    """The code points of ``text`` (lone surrogates kept as their own values)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


class Repeats(NamedTuple):
    """Where a text repeats itself: candidates for the doubled-character and -word rules."""

    chars: list[int]  # i with text[i] == text[i+1]
    units: list[int]  # i with text[i:i+2] == text[i+k:i+k+2] for a k in 2, 3, 4


#: Repeats of many texts found in one scan (``share_repeats``), by text.
_SHARED: dict[str, Repeats] = {}


@functools.lru_cache(maxsize=1)  # both rules scan the same text unless the first changed it
def repeats(text: str) -> Repeats:
    """Every position where ``([HAN])\\1`` (``chars``) or ``([HAN]{2,4})\\1`` (``units``)
    can match: a repeated unit's first two characters recur k places later.

    A superset: ``matches_at`` checks each with the regex, so a non-Chinese repeat such as
    —— costs one failed match. Cleared by ``cleaning.clean_rows`` after each pass.
    """
    shared = _SHARED.get(text)
    if shared is not None:
        return shared
    chars: list[int] = []
    units: list[int] = []
    for base in range(0, len(text), CHUNK):
        piece = text[base : base + CHUNK + _OVERLAP]
        n = min(CHUNK, len(piece))  # starts in this chunk only
        p = np.concatenate((codepoints(piece), _PAD))  # past the end nothing repeats
        same = [p[: n + 1] == p[k : n + 1 + k] for k in (1, 2, 3, 4)]
        unit = (same[1][:-1] & same[1][1:]) | (same[2][:-1] & same[2][1:])
        unit |= same[3][:-1] & same[3][1:]
        chars += [base + i for i in np.nonzero(same[0][:n])[0].tolist()]
        units += [base + i for i in np.nonzero(unit)[0].tolist()]
    return Repeats(chars, units)


#: Below this many characters the regex alone is cheaper than numpy's fixed cost per call.
SHORT = 256


def share_repeats(texts: list[str]) -> None:
    """Find the repeats of many texts in one scan, which ``repeats`` then returns: numpy's
    fixed cost is paid once for all, not once per text (a pass over many texts, as
    ``cleaning.clean_texts`` makes). Texts are joined with ``_PAD`` (no code point, each
    different, longer than any repeat), so no repeat spans two texts; texts shorter than
    ``SHORT`` (never scanned) or longer than ``CHUNK`` (scanned in chunks) are left out.
    ``share_repeats([])`` forgets them.
    """
    _SHARED.clear()
    todo = list(dict.fromkeys(t for t in texts if SHORT <= len(t) <= CHUNK))
    if not todo:
        return
    p = _joined_codepoints(todo)
    n = len(p) - len(_PAD)
    same = [p[: n + 1] == p[k : n + 1 + k] for k in (1, 2, 3, 4)]
    unit = (same[1][:-1] & same[1][1:]) | (same[2][:-1] & same[2][1:])
    unit |= same[3][:-1] & same[3][1:]
    starts = np.cumsum([0] + [len(t) + len(_PAD) for t in todo])
    found = [np.nonzero(same[0][:n])[0], np.nonzero(unit)[0]]
    per_text = []  # each kind's positions within its text, cut text by text (lists, not numpy)
    for f in found:
        local = (f - starts[np.searchsorted(starts, f, "right") - 1]).tolist()
        cut = np.searchsorted(f, starts).tolist()
        per_text.append([local[a:b] for a, b in pairwise(cut)])
    for t, chars, units in zip(todo, *per_text, strict=True):
        _SHARED[t] = Repeats(chars, units)


def _joined_codepoints(texts: list[str]) -> np.ndarray:
    """The code points of the texts, each followed by ``_PAD``, then ``_PAD`` once more:
    encoded in one call (one call per text costs more than the scan of a news text); the
    pads are written over separator characters."""
    pad = len(_PAD)
    p = codepoints(("\0" * pad).join(texts) + "\0" * (2 * pad)).copy()
    ends = np.cumsum([len(t) + pad for t in texts]) - pad  # where each text's pad starts
    p[(ends[:, None] + np.arange(pad)).ravel()] = np.tile(_PAD, len(texts))
    p[len(p) - pad :] = _PAD
    return p


def doubled_matches(pattern: Pattern[str], text: str, kind: str) -> Iterator[Match[str]]:
    """``pattern.finditer(text)`` for ``([HAN])\\1`` (``kind="chars"``) or
    ``([HAN]{2,4})\\1`` (``kind="units"``): the regex tried only where ``repeats`` says it
    can match, except on a short text."""
    if len(text) < SHORT:
        return pattern.finditer(text)
    return matches_at(pattern, text, getattr(repeats(text), kind))


def matches_at(pattern: Pattern[str], text: str, starts: list[int]) -> Iterator[Match[str]]:
    """``pattern.finditer(text)`` when ``starts`` (ascending) holds every position where
    ``pattern`` matches (a pattern never empty, without ``^``/``\\A``; a lookbehind still
    sees the text before the position): the leftmost match, then the next one at or after
    its end."""
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
    breaks = [k for k, word in enumerate(words) if word == "\n"]
    breaks.append(len(words))
    out: list[list[str]] = []
    first, b = 0, 0
    for window in windows:
        b += window.count("\n")  # the window's own line breaks come first
        if b >= len(breaks):
            return [cut(w) for w in windows]
        part = words[first : breaks[b]]
        if "".join(part) != window:
            return [cut(w) for w in windows]
        out.append(part)
        first, b = breaks[b] + 1, b + 1
    if b != len(breaks):
        return [cut(w) for w in windows]
    return out


#: The characters of ``characters.SPACE``; a text with more of them than ``MANY_SPACES`` is
#: left to the regex engine (finding each by ``str.find`` would cost more than one scan).
SPACE_CHARS = " \t\u3000\u00a0"
MANY_SPACES = 64


#: A pass over many texts runs rule by rule, so the three space rules meet a group's texts
#: one after the other: the positions of each are kept for the pass (``cleaning`` clears
#: them after it); a text over ``CHUNK`` characters is not kept (``space_matches``).
@functools.lru_cache(maxsize=256)
def space_positions(text: str) -> tuple[int, ...] | None:
    """Ascending positions of the space characters of ``text`` (``SPACE_CHARS``), or None
    when there are more than ``MANY_SPACES``: news text has one or two (after a dateline),
    and ``str.count``/``str.find`` find them without the regex engine's per-character loop."""
    found: list[int] = []
    for ch in SPACE_CHARS:
        n = text.count(ch)
        if not n:
            continue
        if len(found) + n > MANY_SPACES:
            return None
        i = text.find(ch)
        while i >= 0:
            found.append(i)
            i = text.find(ch, i + 1)
    return tuple(sorted(found))


def space_matches(
    pattern: Pattern[str], text: str, *, shift: int = 0, chars: str = SPACE_CHARS
) -> Iterator[Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match has one of ``chars`` at its
    ``shift``-th character (0: the match opens with a space): the pattern is tried only at
    those positions (``matches_at``), or over the whole text when it has many spaces."""
    found = space_positions(text) if len(text) <= CHUNK else space_positions.__wrapped__(text)
    if found is None:
        return pattern.finditer(text)
    if chars != SPACE_CHARS:
        found = tuple(i for i in found if text[i] in chars)
    starts = [i - shift for i in found if i >= shift] if shift else list(found)
    return matches_at(pattern, text, starts)
