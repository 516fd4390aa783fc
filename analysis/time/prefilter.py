"""Cheap pre-checks for the time rules, read from each rule's parsed regex (engine helper).

Python's ``re`` tries a pattern at every position unless the pattern itself begins with a
literal or a character class, so a rule that opens with an optional qualifier or a lookbehind is
tried in full (every branch) at every character of the text. Two facts about a pattern avoid
most of that work, with exactly the same matches:

- ``first_chars``: the characters a match can begin with. ``guarded`` puts them in a lookahead
  in front of the pattern, so any other position fails in one class test.
- ``required_chars``: characters one of which every match contains. A paragraph without any
  of them cannot match, and the rule is not run on it at all.

Both are sound over-approximations: lookarounds count as zero-width (they narrow nothing), and
a conditional ``(?(name)…|…)`` follows the branch the groups matched so far decide, which is how
``(?(yp)|(?(md)|(?!)))`` (a date needs a year or a month) keeps the sets finite. When a pattern
uses something this reader does not know, or can match the empty string, it answers None and
the rule runs everywhere, as plain ``finditer`` would.

>>> first_chars(r"(?:约|近)?(?<![0-9])[0-9]+年")
'[0-9约近]'
>>> sorted(required_chars(r"(?:约|近)?[0-9]+(?:年|月)"))
['年', '月']
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

try:  # the parser behind ``re.compile``; without it every rule simply runs everywhere
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python implementation
    C = sre_parse = None

Span = tuple[int, int]  # a range of code points
# A state: (groups matched, groups that may or may not have matched), counting only groups a
# conditional reads; every other group is taken as unmatched.
State = tuple[frozenset[int], frozenset[int]]
# On the paths into one state: a few classes, each of which every such match contains (the
# cheapest first; empty: none known yet).
Need = tuple[frozenset[Span], ...]
_START: State = (frozenset(), frozenset())
_MAX_STATES = 64
_KEEP = 6  # classes kept per state
_COMMON = frozenset(map(ord, "0123456789〇零一二三四五六七八九十两"))  # in most paragraphs
_COMMON_CODES = sorted(_COMMON)
_REPEATS = tuple(
    getattr(C, op) for op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(C, op)
)


class _Unknown(Exception):
    """A construct whose characters are not known (., [^…], \\w, IGNORECASE, too many states)."""


def first_chars(pattern: str, limit: int = 1024) -> str | None:
    """A character class of every character a match of ``pattern`` can begin with.

    None when the pattern can match the empty string, can begin with any character (or with
    more than ``limit`` code points: a lookahead would then reject few positions), or uses a
    construct this reader does not know.
    """
    spans = _first_spans(pattern, limit)
    return _char_class(spans) if spans else None


def _first_spans(pattern: str, limit: int) -> set[Span] | None:
    reader = _Reader.of(pattern)
    if reader is None:
        return None
    try:
        chars, ends = reader.walk(reader.items, {_START})
    except (_Unknown, RecursionError):
        return None
    if ends or not chars or _size(chars) > limit:
        return None
    return chars


def required_chars(pattern: str, limit: int = 1024) -> frozenset[str] | None:
    """Characters one of which every match of ``pattern`` contains (None when none is known).

    Along the paths through the pattern a few classes they must consume are kept, and paths
    that meet are joined class by class (2年 | 3月 → [年月]), keeping the cheapest (fewest
    characters, digits and numerals counting as common: 年 rather than 2 in ``2[0-9]年``).
    """
    reader = _Reader.of(pattern)
    if reader is None:
        return None
    try:
        paths = reader.need(reader.items, _START)
        if not paths or not all(paths.values()):
            return None
        needs = list(paths.values())
        joined = needs[0]
        for need in needs[1:]:
            joined = _join(joined, need)
    except (_Unknown, RecursionError):
        return None
    finally:
        _key.cache_clear()  # the classes of one pattern are not those of the next
    spans = joined[0]
    if _size(spans) > limit:
        return None
    return frozenset(chr(c) for a, b in spans for c in range(a, b + 1))


def gates(pattern: str) -> tuple[frozenset[str], ...]:
    """Character sets a text must meet (share a character with) for ``pattern`` to match in
    it: its first characters and its required ones, each left out when not known."""
    spans = _first_spans(pattern, 1024)
    first = frozenset(chr(c) for a, b in spans for c in range(a, b + 1)) if spans else None
    return tuple(g for g in (first, required_chars(pattern)) if g)


def guarded(pattern: str) -> str:
    """``pattern`` behind a lookahead for its first characters: same matches, groups, spans.

    >>> guarded(r"(?:约|近)?[0-9]+年")
    '(?=[0-9约近])(?:(?:约|近)?[0-9]+年)'
    """
    first = first_chars(pattern)
    return pattern if first is None else f"(?={first})(?:{pattern})"


class _Reader:
    """Walks a parsed pattern, tracking only the groups its conditionals read."""

    def __init__(self, items: list, watched: frozenset[int]) -> None:
        self.items, self.watched = items, watched

    @classmethod
    @functools.lru_cache(maxsize=64)  # a few dozen rule patterns, each parsed once
    def of(cls, pattern: str) -> _Reader | None:
        if sre_parse is None:
            return None
        try:
            parsed = sre_parse.parse(pattern)
        except (re.error, TypeError, ValueError, RecursionError):
            return None
        if parsed.state.flags & C.SRE_FLAG_IGNORECASE:
            return None
        return cls(list(parsed), frozenset(_conditions(parsed)))

    # -- states ------------------------------------------------------------------------------
    def _set(self, state: State, group: int) -> State:
        if group not in self.watched:
            return state
        return state[0] | {group}, state[1] - {group}

    def _unsure(self, state: State, sub) -> State:
        groups = frozenset(_groups(sub)) & self.watched
        return state[0] - groups, state[1] | groups

    @staticmethod
    def _branches(av, state: State) -> list:
        group, yes, no = av
        matched, unknown = state
        return [yes] if group in matched else [no] if group not in unknown else [yes, no]

    # -- first characters ----------------------------------------------------------------------
    def walk(self, items: list, states: set[State]) -> tuple[set[Span], set[State]]:
        """Characters a sequence can begin with, and the states in which it ends empty."""
        chars: set[Span] = set()
        for op, av in items:
            if not states:
                break
            found, states = self._first(op, av, states)
            chars |= found
            if len(states) > _MAX_STATES:
                raise _Unknown
        return chars, states

    def _first(self, op, av, states: set[State]) -> tuple[set[Span], set[State]]:
        if op is C.LITERAL:
            return {(av, av)}, set()
        if op is C.IN:
            return _charset(av), set()
        if op is C.BRANCH:
            chars: set[Span] = set()
            ends: set[State] = set()
            for alternative in av[1]:
                found, out = self.walk(list(alternative), states)
                chars |= found
                ends |= out
            return chars, ends
        if op is C.SUBPATTERN:
            _flags(av)
            found, out = self.walk(list(av[3]), states)
            return found, {self._set(s, av[0]) for s in out} if av[0] else out
        if op in _REPEATS:
            return self._first_repeat(av, states)
        if op is getattr(C, "ATOMIC_GROUP", None):
            return self.walk(list(av), states)
        if op is C.ASSERT:
            return set(), {self._unsure(s, av[1]) for s in states}
        if op is C.ASSERT_NOT:
            return set(), set() if not list(av[1]) else states  # (?!) never matches
        if op is C.AT:
            return set(), states
        if op is C.GROUPREF_EXISTS:
            chars, ends = set(), set()
            for state in states:
                for branch in self._branches(av, state):
                    found, out = (
                        (set(), {state}) if branch is None else self.walk(list(branch), {state})
                    )
                    chars |= found
                    ends |= out
            return chars, ends
        raise _Unknown  # ANY, NOT_LITERAL, GROUPREF, and anything unknown

    def _first_repeat(self, av, states: set[State]) -> tuple[set[Span], set[State]]:
        low, high, sub = av
        if high == 0:
            return set(), states
        chars, ends = self.walk(list(sub), states)
        frontier = ends - states
        while frontier:  # the body can match empty: the next round starts from those states
            found, out = self.walk(list(sub), frontier)
            chars |= found
            frontier = out - ends
            ends |= out
            if len(ends) > _MAX_STATES:
                raise _Unknown
        return chars, ends | states if low == 0 else ends

    # -- required characters -----------------------------------------------------------------
    def need(self, items: list, state: State) -> dict[State, Need]:
        """For each state a sequence can end in, classes its paths there must contain."""
        paths: dict[State, Need] = {state: ()}
        for op, av in items:
            new: dict[State, Need] = {}
            for before, need in paths.items():
                for after, found in self._need(op, av, before).items():
                    _merge(new, {after: _best(set(need) | set(found))})
            paths = new
            if not paths:
                break
            if len(paths) > _MAX_STATES:
                raise _Unknown
        return paths

    def _need(self, op, av, state: State) -> dict[State, Need]:
        """Classes one item alone must consume, by the state it ends in."""
        if op is C.LITERAL or op is C.IN:
            try:
                return {state: (frozenset({(av, av)} if op is C.LITERAL else _charset(av)),)}
            except _Unknown:  # [^…], \d: consumes a character of no known class
                return {state: ()}
        out: dict[State, Need] = {}
        if op is C.BRANCH:
            for alternative in av[1]:
                _merge(out, self.need(list(alternative), state))
            return out
        if op is C.SUBPATTERN:
            _flags(av)
            found = self.need(list(av[3]), state)
            if not av[0]:
                return found
            for after, need in found.items():
                _merge(out, {self._set(after, av[0]): need})
            return out
        if op in _REPEATS:
            return self._need_repeat(av, state)
        if op is getattr(C, "ATOMIC_GROUP", None):
            return self.need(list(av), state)
        if op is C.ASSERT_NOT and not list(av[1]):
            return out  # (?!) never matches
        if op is C.ASSERT:
            return {self._unsure(state, av[1]): ()}
        if op in (C.ASSERT_NOT, C.AT, C.ANY, C.NOT_LITERAL, C.GROUPREF):
            return {state: ()}  # zero-width, or a character of no known class
        if op is C.GROUPREF_EXISTS:
            for branch in self._branches(av, state):
                _merge(out, {state: ()} if branch is None else self.need(list(branch), state))
            return out
        raise _Unknown

    def _need_repeat(self, av, state: State) -> dict[State, Need]:
        low, high, sub = av
        if high == 0:
            return {state: ()}
        out = dict(self.need(list(sub), state))
        frontier = {s: n for s, n in out.items() if s != state}
        while frontier:  # later rounds may match other groups (states a conditional reads)
            found: dict[State, Need] = {}
            for before, need in frontier.items():  # the first round's classes still hold
                _merge(found, {after: need for after in self.need(list(sub), before)})
            frontier = {s: n for s, n in found.items() if s not in out}
            _merge(out, frontier)
            if len(out) > _MAX_STATES:
                raise _Unknown
        if low == 0:
            _merge(out, {state: ()})
        return out


def _flags(av) -> None:
    if av[1] & C.SRE_FLAG_IGNORECASE:
        raise _Unknown


def _size(spans) -> int:
    return sum(b - a + 1 for a, b in spans)


@functools.lru_cache(maxsize=1 << 16)
def _key(need: frozenset[Span]) -> tuple[int, tuple[Span, ...]]:
    """Cheapest first: how often a class is expected in a paragraph (its size, digits and
    numerals ×9, counted in the first 65 code points of each range), then a fixed order."""
    cost = 0
    for a, b in need:
        cost += (b - a + 1) + 8 * (
            bisect.bisect_right(_COMMON_CODES, min(b, a + 64))
            - bisect.bisect_left(_COMMON_CODES, a)
        )
    return cost, tuple(sorted(need))


def _join(a: Need, b: Need) -> Need:
    """Classes valid for either of two paths: unions of one class of each."""
    if not a or not b:
        return ()
    return _best({x | y for x in a for y in b})


def _best(needs: set[frozenset[Span]]) -> Need:
    return tuple(sorted(needs, key=_key)[:_KEEP])


def _merge(into: dict[State, Need], paths: dict[State, Need]) -> None:
    """Paths ending in the same state are joined."""
    for state, need in paths.items():
        into[state] = _join(into[state], need) if state in into else need


def _charset(av) -> set[Span]:
    chars = set()
    for op, value in av:
        if op is C.LITERAL:
            chars.add((value, value))
        elif op is C.RANGE:
            chars.add(value)
        else:  # NEGATE, CATEGORY (\d, \s, \w)
            raise _Unknown
    return chars


def _children(op, av) -> Iterator:
    """The parsed sub-patterns directly inside one item."""
    if op is C.SUBPATTERN:
        yield av[3]
    elif op is C.BRANCH:
        yield from av[1]
    elif op in _REPEATS:
        yield av[2]
    elif op in (C.ASSERT, C.ASSERT_NOT):
        yield av[1]
    elif op is getattr(C, "ATOMIC_GROUP", None):
        yield av
    elif op is C.GROUPREF_EXISTS:
        yield from (b for b in av[1:] if b is not None)


def _groups(sub) -> Iterator[int]:
    """Every capturing group number inside a parsed pattern."""
    for op, av in sub:
        if op is C.SUBPATTERN and av[0]:
            yield av[0]
        for child in _children(op, av):
            yield from _groups(child)


def _conditions(sub) -> Iterator[int]:
    """The group numbers conditionals ``(?(n)…)`` read."""
    for op, av in sub:
        if op is C.GROUPREF_EXISTS:
            yield av[0]
        for child in _children(op, av):
            yield from _conditions(child)


def _char_class(chars: set[Span]) -> str:
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
