"""Unit names without a number (stage: analyse): 人民币, 美元, 摄氏度 standing as their own word.

A researcher counting currency mentions finds them in ``extract`` (and ``extract_many``) as
rows of category ``unit_mention``: no value, the unit and dimension of ``units.tsv``, and a
``review`` note. Only the names marked ``mention`` in ``units.tsv`` count, and only where the
project's tokenizer cuts the name as a word of its own (以美元计价 yes, 欧元区 no). They are
never quantities: ``extract_records`` (the per-document path of ``indicator_table``) leaves
them out unless asked, so indicator tables, sums, series and compared pairs never see them.
"""

from __future__ import annotations

import bisect
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
    starts = [q.start for q in taken]  # sorted, never overlapping
    found = [m for m in _names().finditer(norm) if not _inside(m, taken, starts)]
    if not found:
        return []
    from analysis.tokens import cut  # the project's tokenizer, loaded only where names occur

    out = []
    breaks = [m.start() for m in patterns.CLAUSE_BREAK.finditer(norm)]
    bounds: dict[int, set[int]] = {}  # clause → offsets where the tokenizer cuts
    for m in found:
        i = bisect.bisect_left(breaks, m.start())
        if i not in bounds:
            a, b = breaks[i - 1] + 1 if i else 0, breaks[i] if i < len(breaks) else len(norm)
            bounds[i] = {a, *(a + n for n in accumulate(map(len, cut(norm[a:b]))))}
        if m.start() not in bounds[i] or m.end() not in bounds[i]:
            continue  # inside a longer word: 欧元区
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


def _inside(m: re.Match[str], taken: list[Quantity], starts: list[int]) -> bool:
    """Whether the name overlaps a quantity (5000万人民币 is a quantity, not a mention)."""
    i = bisect.bisect_right(starts, m.start()) - 1
    return (i >= 0 and taken[i].end > m.start()) or (
        i + 1 < len(taken) and taken[i + 1].start < m.end()
    )
