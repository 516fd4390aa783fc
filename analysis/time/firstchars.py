"""Where a regex can start: the characters every match of a pattern begins with (engine helper).

Python's ``re`` tries a pattern at every position unless the pattern itself begins with a
literal or a character class; a rule that opens with an optional qualifier or a lookbehind is
tried in full (every branch) at every character of the text. ``first_chars`` reads the parsed
pattern and returns the class of characters a match can begin with; ``guarded`` puts it in a
lookahead in front of the pattern, so every other position fails in one class test, with the
same matches, groups and spans. Lookarounds count as zero-width here (they narrow nothing,
which is safe); a conditional ``(?(name)…|…)`` follows the branch the groups matched so far
decide, which is how ``(?(yp)|(?(md)|(?!)))`` (a date needs a year or a month) keeps the set
finite.

>>> first_chars(r"(?:约|近)?(?<![0-9])[0-9]+年")
'[0-9约近]'
>>> first_chars(r"(?:年)?") is None  # a pattern that can match the empty string: no set
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # the parser behind ``re.compile``; the engine scans plainly if it is not there
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11 or another implementation
    C = sre_parse = None

# A state: (groups matched, groups that may or may not have matched); all others unmatched.
State = tuple[frozenset[int], frozenset[int]]
_START: State = (frozenset(), frozenset())
_MAX_STATES = 64


class _Unbounded(Exception):
    """Some match may begin with any character (., [^…], \\w, a backreference, IGNORECASE)."""


def first_chars(pattern: str, limit: int = 1024) -> str | None:
    """A character class of every character a match of ``pattern`` can begin with.

    None when no such set is known: the pattern can match the empty string, can begin with
    any character (or with more than ``limit`` code points: jumping between them would cost
    more than trying every position), or uses a construct this reader does not know (the
    caller then scans with ``finditer`` at every position, which is always correct).
    """
    if sre_parse is None:
        return None
    try:
        parsed = sre_parse.parse(pattern)
        if parsed.state.flags & (C.SRE_FLAG_IGNORECASE | C.SRE_FLAG_VERBOSE):
            return None
        chars, ends = _walk(list(parsed), {_START})
    except (_Unbounded, RecursionError, re.error, TypeError, ValueError):
        return None
    if ends or not chars or sum(b - a + 1 for a, b in chars) > limit:
        return None
    return _char_class(chars)


def _walk(items: list, states: set[State]) -> tuple[set[tuple[int, int]], set[State]]:
    """Characters a sequence can begin with, and the states in which it ends empty."""
    chars: set[tuple[int, int]] = set()
    for op, av in items:
        if not states:
            break
        found, states = _item(op, av, states)
        chars |= found
        if len(states) > _MAX_STATES:
            raise _Unbounded
    return chars, states


def _item(op, av, states: set[State]) -> tuple[set[tuple[int, int]], set[State]]:
    if op is C.LITERAL:
        return {(av, av)}, set()
    if op is C.IN:
        return _charset(av), set()
    if op is C.BRANCH:
        chars: set[tuple[int, int]] = set()
        ends: set[State] = set()
        for alternative in av[1]:
            found, out = _walk(list(alternative), states)
            chars |= found
            ends |= out
        return chars, ends
    if op is C.SUBPATTERN:
        group, add_flags, _, sub = av
        if add_flags & (C.SRE_FLAG_IGNORECASE | C.SRE_FLAG_VERBOSE):
            raise _Unbounded
        found, out = _walk(list(sub), states)
        if group:
            out = {(m | {group}, u - {group}) for m, u in out}
        return found, out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
        return _repeat(av, states)
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _walk(list(av), states)
    if op is C.ASSERT:
        groups = frozenset(_groups(av[1]))
        return set(), {(m - groups, u | groups) for m, u in states}
    if op is C.ASSERT_NOT:
        return set(), set() if not list(av[1]) else states  # (?!) never matches
    if op is C.AT:
        return set(), states
    if op is C.GROUPREF_EXISTS:
        return _conditional(av, states)
    raise _Unbounded  # ANY, NOT_LITERAL, GROUPREF, and anything unknown


def _repeat(av, states: set[State]) -> tuple[set[tuple[int, int]], set[State]]:
    low, high, sub = av
    if high == 0:
        return set(), states
    chars, ends = _walk(list(sub), states)
    frontier = ends - states
    while frontier:  # the body can match empty: the next round starts from those states
        found, out = _walk(list(sub), frontier)
        chars |= found
        frontier = out - ends
        ends |= out
        if len(ends) > _MAX_STATES:
            raise _Unbounded
    return chars, ends | states if low == 0 else ends


def _conditional(av, states: set[State]) -> tuple[set[tuple[int, int]], set[State]]:
    group, yes, no = av
    chars: set[tuple[int, int]] = set()
    ends: set[State] = set()
    for state in states:
        matched, unknown = state
        branches = [yes] if group in matched else [no] if group not in unknown else [yes, no]
        for branch in branches:
            if branch is None:
                ends.add(state)
                continue
            found, out = _walk(list(branch), {state})
            chars |= found
            ends |= out
    return chars, ends


def _charset(av) -> set[tuple[int, int]]:
    chars = set()
    for op, value in av:
        if op is C.LITERAL:
            chars.add((value, value))
        elif op is C.RANGE:
            chars.add(value)
        else:  # NEGATE, CATEGORY (\d, \s, \w)
            raise _Unbounded
    return chars


def _groups(sub) -> Iterator[int]:
    """Every capturing group number inside a parsed pattern."""
    for op, av in sub:
        if op is C.SUBPATTERN:
            if av[0]:
                yield av[0]
            yield from _groups(av[3])
        elif op is C.BRANCH:
            for alternative in av[1]:
                yield from _groups(alternative)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
            yield from _groups(av[2])
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _groups(av[1])
        elif op is getattr(C, "ATOMIC_GROUP", None):
            yield from _groups(av)
        elif op is C.GROUPREF_EXISTS:
            yield from _groups(av[1])
            if av[2] is not None:
                yield from _groups(av[2])


def _char_class(chars: set[tuple[int, int]]) -> str:
    merged: list[list[int]] = []
    for low, high in sorted(chars):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    parts = []
    for low, high in merged:
        a, b = _escape(low), _escape(high)
        parts.append(a if low == high else f"{a}{b}" if high == low + 1 else f"{a}-{b}")
    return "[" + "".join(parts) + "]"


def _escape(code: int) -> str:
    ch = chr(code)
    return "\\" + ch if ch in "\\]^-[" else re.escape(ch) if ch.isspace() else ch


def guarded(pattern: str) -> str:
    """``pattern`` behind a lookahead for its first characters, so ``re`` rejects in one class
    test the positions where no match can begin: same matches, groups and spans.

    >>> guarded(r"(?:约|近)?[0-9]+年")
    '(?=[0-9约近])(?:(?:约|近)?[0-9]+年)'
    """
    first = first_chars(pattern)
    return pattern if first is None else f"(?={first})(?:{pattern})"
