"""Candidate quantities of one text (stage: analyse): the general number + unit pattern
matched on a compact, normalised copy, values read by the shared numeral reader (the fixed
phrasings are ``phrasings``; overlaps are resolved by ``extractor``).

The copy is the text normalised character for character (full width, Traditional, dashes) with
the spaces inside numbers taken out (``三 十 二 个 百 分 点``, ``2008 年``); ``Compact.raw``
maps every character of the copy back to the text, so rows keep the text's offsets.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from analysis.chars import mapping
from analysis.lang import qualifiers
from analysis.lang.numbers import Reading, numeral_chars, read_number
from analysis.quantities import patterns, vocab

_COUNTING = "十几" + "".join(c for c, (_, k) in numeral_chars().items() if k == "digit")
_MIXED = re.compile(r"(\d+(?:\.\d+)?)亿(\d{1,4}(?:\.\d+)?)万")
_SPACE_RUN = re.compile("[ \u3000\t\xa0]+")
_MAGNITUDE_MARK = re.compile("[万亿kKwW]")  # what makes a bare number a magnitude (_bare_ok)


@dataclass
class Compact:
    """A normalised copy of a text without inner spaces; ``raw[i]`` = offset in the text."""

    text: str
    raw: Sequence[int]
    orig: str = ""  # the same characters as written (not normalised)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the copy's ``[start, end)``."""
        return self.raw[start], self.raw[end - 1] + 1

    def index(self, offset: int) -> int:
        """Copy offset of a text offset (the next kept character)."""
        return bisect.bisect_left(self.raw, offset)


@functools.cache
def _to_normalise() -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    table = mapping()
    return re.compile(f"[{re.escape(''.join(table))}]"), lambda m: table[m.group()]


def _normalise(text: str) -> str:
    """``chars.normalise(text)``, replacing only the characters that change: ``str.translate``
    looks every character up in a dict, and most characters of a news text need no change."""
    chars, replace = _to_normalise()
    return chars.sub(replace, text)


def compact(text: str) -> Compact:
    """Normalise ``text`` and drop spaces unless they sit between two Latin letters."""
    norm = _normalise(text)
    drop = set()
    for m in _SPACE_RUN.finditer(norm):
        a, b = m.start(), m.end()
        left, right = norm[a - 1] if a else "", norm[b] if b < len(norm) else ""
        if not (left.isascii() and left.isalpha() and right.isascii() and right.isalpha()):
            drop.update(range(a, b))
    if not drop:
        return Compact(norm, range(len(norm)), text)  # a range indexes and bisects like a list
    keep = [i for i in range(len(norm)) if i not in drop]
    return Compact("".join(norm[i] for i in keep), keep, "".join(text[i] for i in keep))


@dataclass
class Quantity:
    """One quantity in copy offsets (``start``/``end``), before indicators are filled in."""

    start: int
    end: int
    value: float
    unit: str
    qualifier: str | None
    value_max: float | None = None
    unit_start: int = 0
    unit_end: int = 0
    unit_word: str = ""
    dimension: str | None = None
    direction: str | None = None
    indicator: str | None = None
    found: bool = False
    review: str = ""
    cue: str = ""  # the unit cue that made 度/级/分 a unit (气温, 北纬, 地震)
    pass_: int = 0  # 0 fixed phrasings, 1 number + unit, 2 bare number


# ---------------------------------------------------------------------------------------------
# Numbers


def _latin_tail(s: str) -> tuple[str, int]:
    if s and s[-1] in patterns.LATIN_MAG:
        return s[:-1], patterns.LATIN_MAG[s[-1]]
    return s, 1


def read(s: str) -> Reading | None:
    """The shared reader plus informal magnitudes (15k, 30w) and full-width digit groups."""
    s, scale = _latin_tail(s.replace("，", ","))
    mixed = _MIXED.fullmatch(s)  # 1亿5242万 = 1亿 + 5242万
    if mixed:
        return Reading(Decimal(mixed[1]) * 10**8 + Decimal(mixed[2]) * 10**4)
    found = read_number(s)
    if found is None:
        return None
    if scale != 1 or ("几" in s and not found.vague):
        return Reading(found.value * scale, found.value_max, found.vague or "几" in s)
    return found


@functools.cache
def _magnitudes() -> dict[str, int]:
    """Magnitude characters (十 百 千 万 亿, formal 拾 佰 仟) → value; 个 of 个亿 is 1."""
    table = {c: v for c, (v, k) in numeral_chars().items() if k == "magnitude"}
    return table | {"个": 1}


def _tail(s: str) -> str:
    """The magnitude characters ending a numeral: 三千 → 千, 两万 → 万."""
    i = len(s)
    while i and s[i - 1] in _magnitudes() and s[i - 1] != "个":
        i -= 1
    return s[i:]


def _mags(s: str) -> Decimal:
    value = Decimal(1)
    for ch in s:
        value *= _magnitudes()[ch]
    return value


# ---------------------------------------------------------------------------------------------
# Matches → quantities


def pre_qualifier(m: re.Match[str]) -> tuple[str | None, int]:
    """Meaning of the word before the number and the row's start (上/数 only before 万/十…)."""
    pre = m.groupdict().get("pre")
    if not pre:
        return None, m.start()
    if pre in ("上", "数") and m.group("n1")[0] not in "十百千万亿":
        return None, m.start("n1") if m.group("neg") is None else m.start("neg")
    return qualifiers.meaning(pre, "before", "quantity"), m.start()


def unit_info(word: str) -> tuple[str, str | None]:
    row = vocab.units().get(word)
    if row:
        return row.canonical, row.dimension
    return word, None


def general(norm: str, m: re.Match[str], *, bare: bool = False) -> Quantity | None:
    """A quantity from a match of ``patterns.quantity()``; None when it is not one."""
    n1 = m.group("n1")
    marked = m.group("pre") or m.group("post") or m.group("t1") or m.group("n2")
    if bare and not marked and not _MAGNITUDE_MARK.search(n1):
        return None  # a bare number needs a qualifier, a magnitude or a range (_bare_ok)
    parsed = read(n1)
    if parsed is None:
        return None
    qualifier, start = pre_qualifier(m)
    value, value_max = parsed.value, parsed.value_max
    several = "several" if parsed.vague else None
    if n1 and all(ch in "百千万亿" for ch in n1) and start == m.start("n1"):
        return None  # 千万工程, 百万: a magnitude alone is a word, not an amount
    value *= _mags(m.group("t1") or "")
    if m.group("n2"):
        second = read(m.group("n2"))
        if second is None:
            return None
        value_max = second.value * _mags(m.group("t2") or "")
        if not m.group("u1") and not re.search("[万亿]$", n1):
            value = _scale_first(value, value_max, _tail(m.group("n2")))
    if _ordinal_or_tail(norm, m, start):
        return None
    unit = m.groupdict().get("unit") or ""
    more = m.group("m1") or m.group("m2")
    post = m.group("post")
    qualifier = (
        qualifier
        or (qualifiers.meaning(more, "after", "quantity") if more else None)
        or (qualifiers.meaning(post, "after_unit", "quantity") if post else None)
        or several
    )
    if bare and not _bare_ok(m, qualifier, value):
        return None
    if not bare and _not_an_amount(norm, m, unit, bool(more)):
        return None
    canonical, dim = unit_info(unit)
    value, value_max = _unit_value(m, unit, value, value_max)
    if m.group("neg"):
        value, value_max = -value, (-value_max if value_max is not None else None)
    unit_start = m.start("unit") if unit else m.end("n1")
    return Quantity(
        start,
        m.end(),
        float(value),
        canonical,
        qualifier,
        float(value_max) if value_max is not None else None,
        unit_start,
        m.end("unit") if unit else m.end("n1"),
        unit,
        dim,
        "down" if m.group("neg") else None,
        pass_=2 if bare else 1,
    )


def _ordinal_or_tail(norm: str, m: re.Match[str], start: int) -> bool:
    """第十四批 (an ordinal) or the tail of a longer numeral glued before it."""
    prev = norm[start - 1] if start > 0 else ""
    before_n1 = norm[m.start("n1") - 1] if m.start("n1") > 0 else ""
    glued = m.start("n1") == start and before_n1 and before_n1 in patterns.cn_chars()
    return prev == "第" or bool(glued and not m.group("n1")[0].isdigit())


def _not_an_amount(norm: str, m: re.Match[str], unit: str, more: bool) -> bool:
    """Article-like 一 (一个重要举措, 一次“握手”) and reduplication (一个个, 两次次)."""
    bare_one = m.group("n1") == "一" and not m.group("pre") and not more and not m.group("n2")
    if bare_one and unit not in vocab.units():
        return True
    end = m.end("unit")
    return unit in vocab.classifiers() and norm[end : end + len(unit)] == unit


def _scale_first(value: Decimal, value_max: Decimal, tail: str) -> Decimal:
    """两到三万 → 2万: the shortest magnitude of the second number that the first can take."""
    for i in range(len(tail) - 1, -1, -1):
        scaled = value * _mags(tail[i:])
        if scaled <= value_max:
            return scaled
    return value


def _bare_ok(m: re.Match[str], qualifier: str | None, value: Decimal) -> bool:
    """A number without a unit is kept with a comparison qualifier, a 万/亿 magnitude, a range."""
    n1 = m.group("n1")
    magnitude = bool(m.group("t1")) or bool(re.search("[万亿]", n1)) or n1[-1:] in "kKwW"
    has_digit = any(ch.isdigit() or ch in _COUNTING for ch in n1)  # 十几万 yes, 千万 no
    if not has_digit:
        return False
    return (
        bool(m.group("pre") and qualifier)
        or bool(m.group("post"))
        or magnitude
        or bool(m.group("n2") and m.group("sep") in ("至", "到", "~"))
    )


def _unit_value(
    m: re.Match[str], unit: str, value: Decimal, value_max: Decimal | None
) -> tuple[Decimal, Decimal | None]:
    """Unit arithmetic: 三成 = 30 %, 六成三 = 63 %, 一吨半, 五元三毛 = 5.3 元."""
    if m.groupdict().get("half"):
        value += Decimal("0.5")
    if unit == "成":
        value = value * 10 + (read_number(m.group("tenth")).value if m.group("tenth") else 0)
        value_max = value_max * 10 if value_max is not None else None
    jiao, fen = m.groupdict().get("jiao"), m.groupdict().get("fen")
    for part, size in ((jiao, Decimal("0.1")), (fen, Decimal("0.01"))):
        if part:
            reading = read_number(part)
            value += reading.value * size if reading else 0
    return value, value_max
