"""Unit names without a number (stage: analyse): 人民币, 美元, 摄氏度 standing as their own word.

A researcher counting currency mentions finds them in ``extract`` (and ``extract_many``) as
rows of category ``unit_mention``: no value, the unit and dimension of ``units.tsv``, and a
``review`` note. Only the names marked ``mention`` in ``units.tsv`` count, and only where the
project's tokenizer cuts the name as a word of its own (以美元计价 yes, 欧元区 no). They are
never quantities: ``extract_records`` (the per-document path of ``indicator_table``) leaves
them out unless asked, so indicator tables, sums, series and compared pairs never see them.
"""

from __future__ import annotations

import functools
import re
from itertools import accumulate

from analysis.lang.tables import alternation
from analysis.quantities import patterns, vocab
from analysis.quantities.candidates import Quantity

CATEGORY = "unit_mention"
NOTE = "a unit named without a number: counted as a mention, not a quantity"


@functools.cache
def _names() -> re.Pattern[str]:
    return re.compile(alternation(vocab.mention_words()))


def unit_mentions(norm: str, taken: list[Quantity]) -> list[Quantity]:
    """Mentions of unit names in ``norm`` (a compact copy) outside the quantities ``taken``.

    >>> [q.unit for q in unit_mentions("以美元计价的欧元区债券", [])]
    ['美元']
    """
    found = [m for m in _names().finditer(norm) if not any(_overlap(m, q) for q in taken)]
    if not found:
        return []
    from analysis.tokens import cut  # the project's tokenizer, loaded only where names occur

    out = []
    bounds: dict[tuple[int, int], set[int]] = {}
    for m in found:
        clause = _clause(norm, m.start(), m.end())
        if clause not in bounds:
            a, b = clause
            bounds[clause] = {a, *(a + n for n in accumulate(map(len, cut(norm[a:b]))))}
        if m.start() not in bounds[clause] or m.end() not in bounds[clause]:
            continue  # inside a longer word: 欧元区, 美元债
        row = vocab.units()[m.group()]
        out.append(
            Quantity(
                m.start(),
                m.end(),
                float("nan"),
                row.canonical,
                None,
                unit_start=m.start(),
                unit_end=m.end(),
                unit_word=m.group(),
                dimension=row.dimension,
                review=NOTE,
                pass_=3,
            )
        )
    return out


def _overlap(m: re.Match[str], q: Quantity) -> bool:
    return m.start() < q.end and q.start < m.end()


def _clause(norm: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``[start, end)``: between the nearest clause breaks (，。；…)."""
    breaks = patterns.CLAUSE_BREAK
    a = max((m.end() for m in breaks.finditer(norm, max(start - 80, 0), start)), default=0)
    b = next((m.start() for m in breaks.finditer(norm, end, end + 80)), min(len(norm), end + 80))
    return max(a, start - 80), b
