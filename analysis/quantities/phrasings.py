"""Fixed phrasings of quantities (stage: analyse): 翻三番, 百分之三十, 每…就有一把, 九折, $20,
20和30之间, 比30大: each a pattern of ``patterns`` and a reading here, tried before the general
number + unit pattern of ``candidates`` (they win where both match).
"""

from __future__ import annotations

import re
from decimal import Decimal

from analysis.lang.numbers import Reading, read_digits, read_number
from analysis.quantities import patterns
from analysis.quantities.candidates import Quantity, pre_qualifier, read, unit_info


def discount(m: re.Match[str]) -> Quantity | None:
    """九折 = 90 %, 75折 = 75 %, 7.5折 = 75 %, 三八折 = 38 %."""
    n1 = m.group("n1")
    if n1.isdigit() or re.fullmatch(r"\d+\.\d+", n1):
        value = Decimal(n1)
    elif len(n1) > 1 and (digits := read_digits(n1)) is not None and "十" not in n1:
        value = Decimal(digits)
    elif (reading := read_number(n1)) is not None:
        value = reading.value
    else:
        return None
    value = value * 10 if value < 10 else value
    if value > 100:
        return None
    return Quantity(
        m.start(),
        m.end(),
        float(value),
        "%",
        None,
        None,
        m.start("unit"),
        m.end(),
        "折",
        "discount",
    )


def special(norm: str, numerals: list[int] | None = None) -> list[Quantity]:
    """Fixed phrasings: 翻三番, 百分之三十, 每…就有一把, 九折, $20, 20和30之间, 比30大.

    ``numerals``: ``patterns.numeral_starts(norm)`` when the caller has it already.
    """
    out: list[Quantity] = []
    if "翻" in norm:  # 翻番 needs no numeral
        out += [q for m in patterns.doubling().finditer(norm) if (q := _doubling(m))]
    numerals = patterns.numeral_starts(norm) if numerals is None else numerals
    if not numerals:
        return out
    # each pattern runs only on a text with its fixed word (分之, 每, 折, 间, 比, a sign)
    if "分之" in norm:
        for m in patterns.scanner("fraction").finditer(norm, numerals):
            out.extend(_fraction(m))
    if "每" in norm:
        out += [q for m in patterns.ratio().finditer(norm) if (q := _ratio(m))]
    if "折" in norm:
        scan = patterns.scanner("discount").finditer(norm, numerals)
        out += [q for m in scan if (q := discount(m))]
    if patterns.currency_signs().search(norm):
        out += [q for m in patterns.prefixed_currency().finditer(norm) if (q := _prefixed(m))]
    if "间" in norm:
        for m in patterns.scanner("between").finditer(norm, numerals):
            out.extend(_between(m))
    if "比" in norm:
        out += [q for m in patterns.compared_to().finditer(norm) if (q := _compared(m))]
    return out


def _doubling(m: re.Match[str]) -> Quantity | None:
    parsed = read_number(m.group("n1")) if m.group("n1") else Reading(Decimal(1))
    if not parsed:
        return None
    s = m.start("n1") if m.group("n1") else m.start()
    e = m.end()
    return Quantity(s, e, float(parsed.value), "番", None, None, e - 1, e, "番", "doubling", "up")


def _ratio(m: re.Match[str]) -> Quantity | None:
    a, b = read_number(m.group("a")), read_number(m.group("b"))
    if not (a and b and a.value) or (m.group("ub") and m.group("ub") != m.group("ua")):
        return None
    value = float(b.value / a.value)
    return Quantity(
        m.start(), m.end(), value, "share", None, None, m.start("ua"), m.end("ua"), m.group("ua")
    )


def _prefixed(m: re.Match[str]) -> Quantity | None:
    r = read(m.group("n1"))
    if r is None:
        return None
    unit = unit_info(m["sign"])[0]
    return Quantity(
        m.start(),
        m.end(),
        float(r.value),
        unit,
        None,
        None,
        m.start(),
        m.end("sign"),
        m["sign"],
        "currency",
    )


def _compared(m: re.Match[str]) -> Quantity | None:
    r = read(m.group("n1"))
    if r is None:
        return None
    unit = m.group("unit") or ""
    canonical, dim = unit_info(unit)
    qualifier = "more_than" if m.group("cmp") in "大高多长重" else "less_than"
    return Quantity(
        m.start(),
        m.end(),
        float(r.value),
        canonical,
        qualifier,
        None,
        m.start("cmp"),
        m.end("cmp"),
        unit,
        dim,
        pass_=2,
    )


def _fraction(m: re.Match[str]) -> list[Quantity]:
    den, num = read(m.group("den")), read(m.group("n1"))
    if not den or not num or den.value == 0:
        return []
    q, start = pre_qualifier(m)
    e = m.end()
    if den.value == 100:
        return [Quantity(start, e, float(num.value), "%", q, None, e, e, "%", "percent")]
    if den.value == 1000:
        return [Quantity(start, e, float(num.value), "‰", q, None, e, e, "‰", "permille")]
    return [Quantity(start, e, float(num.value / den.value), "share", q, None, e, e, "share")]


def _between(m: re.Match[str]) -> list[Quantity]:
    a, b = read(m.group("n1")), read(m.group("n2"))
    if not a or not b or (m.group("u1") and m.group("unit") and m.group("u1") != m.group("unit")):
        return []
    unit = m.group("unit") or m.group("u1") or ""
    canonical, dim = unit_info(unit)
    value = -a.value if m.group("neg") else a.value
    return [
        Quantity(
            m.start(),
            m.end(),
            float(value),
            canonical,
            None,
            float(b.value),
            m.start("n2"),
            m.end(),
            unit,
            dim,
        )
    ]
