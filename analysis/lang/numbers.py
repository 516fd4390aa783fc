"""The one numeral reader of the timeline and the quantities (stage: analyse).

Reads Arabic (``1,600``, ``2.5``), full-width (``２００９``), Chinese (``一千二百``, ``两``,
formal ``贰拾``), mixed (``2.5万``, ``3千``) and vague numerals (``十几``, ``几十``, ``一两``,
``五六十``) into a :class:`Reading`; year-style digit strings (``二〇〇八``) are read digit by
digit by :func:`read_digits`. The characters come from ``zh/numerals.tsv``; the positional
arithmetic of Chinese numerals is cn2an's.

>>> read_number("十几").value, read_number("十几").vague
(Decimal('10'), True)
>>> read_number("五六十")[:2]
(Decimal('50'), Decimal('60'))
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from analysis.chars import normalise
from analysis.lang.tables import Column, Schema, zh_table

_SCHEMA = Schema(
    columns=(
        Column("char", "char"),
        Column("value", "int"),
        Column("kind", choices=("digit", "magnitude", "tens")),
        Column("register", choices=("plain", "formal")),
    ),
    unique=(("char",),),
    check=lambda r: (
        "digit value must be 0-9"
        if r["kind"] == "digit" and not 0 <= r["value"] <= 9
        else "magnitude must be a power of ten"
        if r["kind"] == "magnitude" and str(r["value"]).rstrip("0") != "1"
        else None
    ),
)
_PLAIN_DIGITS = "零一二三四五六七八九"
_PLAIN_MAGNITUDE = {10: "十", 100: "百", 1000: "千", 10_000: "万", 100_000_000: "亿"}


class Reading(NamedTuple):
    """A numeral's value; ``value_max`` for 一两/五六十 (a range); ``vague`` for 几/数/多."""

    value: Decimal
    value_max: Decimal | None = None
    vague: bool = False


@functools.cache
def numeral_chars(*, formal: bool = True) -> dict[str, tuple[int, str]]:
    """Numeral character → (value, kind), from ``zh/numerals.tsv`` (``formal``: with 壹贰叁)."""
    return {
        r["char"]: (r["value"], r["kind"])
        for r in zh_table("numerals.tsv", _SCHEMA)
        if formal or r["register"] == "plain"
    }


@functools.cache
def _canonical() -> dict[int, str]:
    table: dict[int, str] = {}
    for ch, (value, kind) in numeral_chars().items():
        if kind == "digit":
            table[ord(ch)] = "二" if ch in "两兩" else _PLAIN_DIGITS[value]
        elif kind == "magnitude":
            table[ord(ch)] = _PLAIN_MAGNITUDE.get(value, ch)
        else:
            table[ord(ch)] = _PLAIN_DIGITS[value // 10] + "十"
    return table


def chinese_digits() -> str:
    """Plain digit characters (〇零一 … 九 两), for regex character classes."""
    return "".join(ch for ch, (_, k) in numeral_chars(formal=False).items() if k == "digit")


def chinese_numeral_chars() -> str:
    """Plain numeral characters (digits, magnitudes, 廿), for regex character classes."""
    return "".join(numeral_chars(formal=False))


_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"．": ".", "，": ","})


def _prepare(text: str) -> str:
    return normalise(text, "digit", "zero", "traditional").translate(_FULLWIDTH).strip()


_ARABIC = re.compile(
    r"(?P<n>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)\s*(?P<m>.*)"
)
_PAIR = re.compile(r"([一二三四五六七八九])([一二三四五六七八九])([十百千万亿]*)$")


def _cn2an(s: str) -> Decimal | None:
    import cn2an  # 0.3 s to import: paid by the first numeral, not by `import analysis`

    try:
        return Decimal(str(cn2an.cn2an(s, "normal")))
    except (ValueError, KeyError, IndexError, TypeError, InvalidOperation):
        return None


def _magnitudes(s: str) -> Decimal | None:
    value = Decimal(1)
    for ch in s:
        mag = numeral_chars().get(ch)
        if mag is None or mag[1] != "magnitude":
            return None
        value *= mag[0]
    return value


def _arabic(s: str) -> Reading | None:
    m = _ARABIC.fullmatch(s)
    if not m:
        return None
    value = Decimal(m["n"].replace(",", ""))
    if m["m"]:
        mag = _magnitudes(m["m"])
        if mag is None:
            return None
        value *= mag
    return Reading(value)


def _pair(s: str) -> Reading | None:
    """Adjacent digits that name a range: 一两 → 1–2, 五六十 → 50–60, 十五六 → 15–16."""
    pair = _PAIR.search(s)
    if not pair or "零" in s:
        return None
    a, b = _PLAIN_DIGITS.index(pair[1]), _PLAIN_DIGITS.index(pair[2])
    if not (b - a == 1 or (a, b) == (3, 5)):
        return None
    head, tail = s[: pair.start()], pair[3]
    if head and head[-1] in "十百千万亿":
        lo, hi = _cn2an(head + pair[1]), _cn2an(head + pair[2])
    else:
        lo, hi = _cn2an(head + pair[1] + tail), _cn2an(head + pair[2] + tail)
    return Reading(lo, hi, True) if lo is not None and hi is not None else None


def _chinese(s: str) -> Reading | None:
    vague = False
    if "几" in s or "数" in s:
        if s.strip("几数") == "":
            return None
        vague = True
        s = re.sub("^[几数](?=[十百千万亿])", "一", s)  # 几十 → 10; 十几万 → 十万
        s = s.replace("几", "").replace("数", "")
    s = s.translate(_canonical())
    if not s:
        return None
    if any(ch not in _PLAIN_DIGITS + "十百千万亿点" for ch in s):
        return None
    if not vague and "点" not in s and (found := _pair(s)):  # 一一二 after 点 are decimals
        return found
    if all(ch in "十百千万亿" for ch in s):
        mag = _magnitudes(s)
        return Reading(mag, None, vague) if mag is not None else None
    if len(s) > 1 and not re.search("[十百千万亿点]", s):
        return None  # a digit string (二〇〇八, 八七) is a name or a year: see read_digits
    value = _cn2an(s)
    return Reading(value, None, vague) if value is not None else None


@functools.lru_cache(maxsize=8192)
def read_number(text: str) -> Reading | None:
    """Numeral text → :class:`Reading`, or None when it is not one numeral.

    ``"1,600"`` → 1600; ``"２.５万"`` → 25000; ``"一千二百"`` → 1200; ``"两"`` → 2;
    ``"半"`` → 0.5; ``"十几"`` → 10 (vague); ``"一两"`` → 1–2; ``"几"`` → None (no value).
    """
    s = _prepare(text)
    if not s:
        return None
    if s == "半":
        return Reading(Decimal("0.5"))
    if s[0].isascii() and s[0].isdigit():
        return _arabic(s)
    return _chinese(s)


def read_int(text: str | None) -> int | None:
    """Whole-number value of a numeral (dates, hours, counts), or None (vague, fractional)."""
    if not text:
        return None
    found = read_number(text)
    if found is None or found.vague or found.value_max is not None:
        return None
    return int(found.value) if found.value == int(found.value) else None


def read_digits(text: str) -> int | None:
    """A numeral read digit by digit: ``"二〇〇八"`` → 2008, ``"２００９"`` → 2009."""
    s = _prepare(text)
    if s.isascii() and s.isdigit():
        return int(s)
    table = numeral_chars()
    digits = []
    for ch in s:
        entry = table.get(ch)
        if entry is None or entry[1] != "digit":
            return None
        digits.append(str(entry[0]))
    return int("".join(digits)) if digits else None
