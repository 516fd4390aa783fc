"""Which character rules may change which texts of a group, found in one numpy pass (stage:
repair).

A rule's ``trigger`` is a character class with a character of every text the rule changes;
a rule may also name ``beside``, a class with a character next to a trigger character in
every such text (a text's start and end count as line breaks). The text-only pass
(``cleaning.clean_texts``) runs a rule only on the texts whose bit ``rule_masks`` sets.

Why: the trigger scan was a regex pass per text (``findall``, about 4 ns a character) and a
regex search per rule and text; the space rules (every news text has a space after its
dateline) ran on nearly every text, although they change few: the space next to a digit or
at a line edge that they need is rare. Here the texts of a group are encoded once and
looked up in two tables of code points (built once per process from the rules' own classes,
so they cannot drift); ``edited`` keeps a text's bits a superset after an edit without
scanning the text again.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import numpy as np

from analysis.repairs.registry import rules
from analysis.repairs.scan import codepoints

SEPARATOR = "\n"  # between the texts of a group: what a rule's ``beside`` reads as an edge
_CODE_POINTS = 0x110000


class Gates(NamedTuple):
    """The tables of the character rules of one registry state."""

    bits: tuple[int, ...]  # per character rule, in order: its bit (0: no trigger, runs always)
    trigger: np.ndarray  # code point → bits of the rules whose trigger holds it
    beside: np.ndarray  # code point → bits of the rules whose ``beside`` class holds it
    chars: dict[str, int]  # a trigger character → its bits
    near: dict[str, int]  # a character of a rule's trigger or beside → that rule's bit
    besides: int  # bits of the rules with a ``beside`` class


def gates() -> Gates:
    """The tables of the registered character rules (built once per registry state)."""
    return _gates(tuple((r.trigger, r.beside) for r in rules("character")))


@functools.lru_cache(maxsize=4)
def _gates(classes: tuple[tuple[re.Pattern[str] | None, re.Pattern[str] | None], ...]) -> Gates:
    """The tables of the rules' ``(trigger, beside)`` classes, in running order."""
    if sum(t is not None for t, _ in classes) > 16:
        raise ValueError("more than 16 rules with a trigger: widen the tables' type")
    every = np.arange(_CODE_POINTS, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    trigger = np.zeros(_CODE_POINTS, np.uint16)
    beside = np.zeros(_CODE_POINTS, np.uint16)
    bits: list[int] = []
    chars: dict[str, int] = {}
    near: dict[str, int] = {}
    besides = 0
    for cls, side in classes:
        bit = 1 << sum(b > 0 for b in bits) if cls is not None else 0
        bits.append(bit)
        if cls is None:
            continue
        members = cls.findall(every)  # all of Unicode, by the regex engine: the class itself
        if SEPARATOR in members:
            raise ValueError(f"a trigger may not hold {SEPARATOR!r}: {cls.pattern}")
        trigger[np.fromiter(map(ord, members), np.int64, len(members))] |= bit
        for ch in members:
            chars[ch] = chars.get(ch, 0) | bit
        if side is not None:
            besides |= bit
            sides = side.findall(every)
            beside[np.fromiter(map(ord, sides), np.int64, len(sides))] |= bit
            for ch in members + sides:
                near[ch] = near.get(ch, 0) | bit
    return Gates(tuple(bits), trigger, beside, chars, near, besides)


def rule_masks(texts: list[str], g: Gates) -> list[int]:
    """For each text, the bits (``g.bits``, ``g = gates()``) of the rules that may change it: the
    rule's trigger holds one of its characters and, for a rule with ``beside``, one such
    character stands next to a ``beside`` character (or the text's edge)."""
    if not texts:
        return []
    p = codepoints(SEPARATOR + SEPARATOR.join(texts) + SEPARATOR)
    trig = g.trigger.take(p)  # take: twice as fast as indexing
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])) + 1
    masks = np.bitwise_or.reduceat(trig, starts)
    if g.besides:  # looked at only where a trigger of such a rule is (a space or two a text)
        besides = np.uint16(g.besides)
        at = np.flatnonzero(trig & besides)  # never the separators at both ends of ``p``
        hit = trig[at] & (g.beside.take(p[at - 1]) | g.beside.take(p[at + 1]))
        found = np.zeros(len(texts), np.uint16)
        np.bitwise_or.at(found, np.searchsorted(starts, at, "right") - 1, hit)
        masks = (masks & ~besides) | found
    return masks.tolist()


def edited(g: Gates, mask: int, text: str, changes: list[tuple[int, int, str]]) -> int:
    """``mask`` of ``text`` after its ``(start, end, new)`` changes: still a superset of the
    rules that may change the new text. A new character adds its trigger bits; a rule with
    ``beside`` gets its bit where a character around a change (the new ones, the ones on
    either side, or the text's edge) is one of its trigger or beside characters."""
    chars, near = g.chars.get, g.near.get
    for start, end, new in changes:
        for ch in new:
            mask |= chars(ch, 0) | near(ch, 0)
        if g.besides:
            mask |= near(text[start - 1] if start else SEPARATOR, 0)
            mask |= near(text[end] if end < len(text) else SEPARATOR, 0)
    return mask
