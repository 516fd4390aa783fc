"""Find, resolve and combine time expressions (the engine behind ``analysis.timeline.extract``).

1. every rule's regex runs once over the normalised text (linear: no pattern matches the empty
   string, no per-candidate copies of the text);
2. the longest non-overlapping candidates win (ties: the higher rule priority, then leftmost);
3. each is resolved in reading order against the reference date and the running context;
4. combinations: a day and its clock time become one expression (昨日上午9点), two points
   joined by 至/到/— (or 和…之间) one range, adjacent durations one duration, 以前/以后 a mod,
   以来 a range up to the reference date; comparison bases (比1980年) and deictics inside
   quotations are marked.
"""

from __future__ import annotations

import functools
import re
from operator import or_
from typing import Any

from analysis.chars import mapping, normalise
from analysis.time import combine, gate_cache
from analysis.time.rules import Env, Rule, TimeContext
from analysis.time.rules_calendar import RULES as CALENDAR
from analysis.time.rules_clock import RULES as CLOCK
from analysis.time.rules_holidays import RULES as HOLIDAYS
from analysis.time.rules_relative import RULES as RELATIVE
from analysis.time.rules_span import RULES as SPAN
from analysis.time.values import interval

RULES: tuple[Rule, ...] = CALENDAR + HOLIDAYS + CLOCK + RELATIVE + SPAN
_COMPILED = [(rule, rule.compiled(), rule.gates()) for rule in RULES]
gate_cache.save()  # the pre-checks read afresh, for the next process (build/time_gates/)
# Each distinct gate (a set of characters, see ``Rule.gates``) is one bit; a character sets the
# bits of the gates it belongs to, and a rule runs on a text whose bits cover all of its own.
_GATES = sorted({g for *_, gates in _COMPILED for g in gates}, key=sorted)
_CHAR_BITS: dict[str, int] = {}
for _bit, _gate in enumerate(_GATES):
    for _ch in _gate:
        _CHAR_BITS[_ch] = _CHAR_BITS.get(_ch, 0) | 1 << _bit
_RULE_BITS = [
    (rule, rx, rule.word_gate(), sum(1 << _GATES.index(g) for g in set(gates)))
    for rule, rx, gates in _COMPILED
]
_GATE_CHARS = re.compile("[" + "".join(map(re.escape, sorted(_CHAR_BITS))) + "]")


@functools.lru_cache(maxsize=4096)
def _runnable(bits: int) -> tuple[tuple[Rule, re.Pattern[str], re.Pattern[str] | None], ...]:
    """The rules whose gates a text with these gate bits meets, in rule order (with each
    one's word pre-check, if any)."""
    return tuple((rule, rx, word) for rule, rx, word, need in _RULE_BITS if bits & need == need)


# Characters the normalisation maps (full-width digits, Traditional forms …): most paragraphs
# have none, and one class search is much cheaper than translating every character.
_MAPPED = re.compile("[" + "".join(map(re.escape, sorted(mapping()))) + "]")
_NAMES = [r.name for r in RULES]
assert len(set(_NAMES)) == len(_NAMES), "time rule names must be unique"


class _Cand:
    __slots__ = ("end", "m", "rule", "start")

    def __init__(self, start: int, end: int, rule: Rule, m: re.Match[str]) -> None:
        self.start, self.end, self.rule, self.m = start, end, rule, m


def _matches(rule: Rule, rx: re.Pattern[str], norm: str, found: list[_Cand]) -> None:
    for m in rx.finditer(norm):
        start = m.start(rule.start_group) if rule.start_group else m.start()
        if m.end() <= start:
            continue
        if rule.valid is not None and not rule.valid(m, norm):
            continue
        found.append(_Cand(start, m.end(), rule, m))


def candidates(norm: str) -> list[_Cand]:
    """The longest non-overlapping matches of all rules, in text order."""
    found: list[_Cand] = []
    bits = functools.reduce(or_, map(_CHAR_BITS.__getitem__, set(_GATE_CHARS.findall(norm))), 0)
    for rule, rx, word in _runnable(bits):  # a paragraph without 年 or 月 has no date
        if word is None or word.search(norm):  # nor one without a holiday's name a holiday
            _matches(rule, rx, norm, found)
    return longest_first(found, len(norm))


def longest_first(found: list[_Cand], size: int) -> list[_Cand]:
    """Of overlapping matches the longest (then the higher priority, then the earlier) wins;
    the winners in text order."""
    if len(found) < 2:  # most paragraphs: nothing to choose between
        return found
    found.sort(key=lambda c: (c.start - c.end, -c.rule.priority, c.start))
    taken = bytearray(size + 1)
    chosen = []
    for c in found:
        if taken.find(1, c.start, c.end) < 0:
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _update_context(ctx: TimeContext, row: dict[str, Any], pos: int) -> None:
    """A resolved point becomes the context for later bare dates (6月, 17日, 当年)."""
    v = row["value"]
    if row["kind"] != "point" or not v or row["granularity"] == "vague" or v[0] in "TXP":
        return
    m = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", v)
    if not m:
        return
    ctx.year = int(m.group(1))
    ctx.month = int(m.group(2)) if m.group(2) else None
    ctx.day = int(m.group(3)) if m.group(3) else None
    ctx.same_paragraph = True
    ctx._pos = pos


def extract_rows(text: str, ref: Any, ctx: TimeContext) -> list[dict[str, Any]]:
    """Rows (dicts keyed by the timeline columns, without ``sentence``) for one text."""
    ctx._pos = None
    norm = normalise(text) if _MAPPED.search(text) else text
    found = candidates(norm)
    if not found:
        return []  # most paragraphs: nothing to resolve or combine
    rows: list[dict[str, Any]] = []
    for c in found:
        if ctx._pos is not None and "\n" in norm[ctx._pos : c.start]:
            ctx.same_paragraph = False
        env = Env(ref, ctx, norm, c.start, c.end)
        row = c.rule.resolve(c.m, env)
        row.update(text=text[c.start : c.end], start=c.start, end=c.end, rule=c.rule.name)
        row["role"] = (
            "comparison_base" if combine.is_comparison_base(norm, c.start, c.end) else None
        )
        rows.append(row)
        if row["role"] is None:
            _update_context(ctx, row, c.end)
    if ctx._pos is not None and "\n" in norm[ctx._pos :]:
        ctx.same_paragraph = False
    rows = combine.combine(rows, norm, text, ref)
    for r in rows:
        r["interval_start"], r["interval_end"] = interval(r["value"])
        if r["interval_start"] is None and r.get("range_value"):
            r["interval_start"], r["interval_end"] = interval(r["range_value"])
        r.pop("rule", None)  # the engine's own keys: the rule's name and "_"-prefixed ones
        for key in [k for k in r if k[:1] == "_"]:
            del r[key]
    return rows
