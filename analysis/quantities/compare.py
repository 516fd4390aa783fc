"""Compared pairs and derived indicators (stage: analyse), computed from the indicator table,
each with its formula and its source sentence.

A pair needs both: the sentence marks a comparison (比, 较, 而, 从…提高到, 由…降至) and the two
rows measure the same thing (the same indicator, or one that only adds a short tail such as
规模). Parts (其中…) and increments (较上年增加31万人) are never paired with their total.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from analysis.quantities import vocab
from analysis.quantities.indicators import FALLBACK_NOTE

_NOT_COMPARABLE_UNITS = {"%", "倍", "次", "share", "番", "百分点", "‰"}
_GROWTH_MULTIPLE = re.compile(r"(?:增长|增加|提高)了?$")
_PART_OR_INCREMENT = re.compile(
    r"其中|(?:增加|增长|提高|减少|下降|新增|多出|少了)了?(?:约|近|超过|超)?$"
)
PAIR_COLUMNS = [
    "doc",
    "article",
    "section",
    "sentence",
    "indicator",
    "unit",
    "label_a",
    "value_a",
    "human_a",
    "label_b",
    "value_b",
    "human_b",
    "ratio",
    "formula",
]


def same_indicator(a: str, b: str) -> bool:
    """Equal, or one is the other plus at most two characters (地区生产总值 / 地区生产总值规模)."""
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and len(long_) - len(short) <= 2


def marks_comparison(text: str, a_start: int, a_end: int, b_start: int) -> bool:
    """The sentence sets the two figures side by side: a cue between them, or 从/由 … 到/至."""
    between = text[a_end:b_start]
    if "其中" in between or _PART_OR_INCREMENT.search(between):
        return False
    if any(cue in between for cue in vocab.cue_words("comparison")):
        return True
    clause_start = max(text.rfind(ch, 0, a_start) for ch in "，,；;。") + 1
    return bool(re.search("[从由]", text[clause_start:a_start]) and re.search("[到至]", between))


def _side_label(row: Any) -> str:
    """'福建省 1996 2600亿元': subject and year when stated, then the value as written."""
    parts = [str(x) for x in (row.subject, row.year) if x is not None and str(x) != "nan"]
    return " ".join([*parts, str(row.human)])


def comparisons(table: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pairs of quantities one sentence compares (same unit, same indicator, a marked
    comparison): ``从刚脱贫时的4000多元提高到超万元`` → 4000多元 vs 超万元, ratio 2.5."""
    rows = []
    text_of = (
        {}
        if sentences is None
        else {(r.doc, r.article, r.sentence): r.text for r in sentences.itertuples()}
    )
    for key, group in table.groupby(["doc", "article", "sentence"], sort=False):
        items = list(group.itertuples())
        text = text_of.get(key) or (getattr(items[0], "sentence_text", "") or "")
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if a.unit != b.unit or a.unit in _NOT_COMPARABLE_UNITS or not a.unit:
                    continue
                ia, ib = str(a.indicator or ""), str(b.indicator or "")
                fallback = FALLBACK_NOTE in str(a.review) or FALLBACK_NOTE in str(b.review)
                if fallback or not same_indicator(ia, ib):
                    continue
                if not marks_comparison(text, int(a.start), int(a.end), int(b.start)):
                    continue
                rows.append(_pair(a, b, min(ia, ib, key=len)))
                break  # pair each quantity with the next comparable one only
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def _pair(a: Any, b: Any, indicator: str) -> dict[str, Any]:
    big, small = (a, b) if a.value >= b.value else (b, a)
    return {
        "doc": a.doc,
        "article": a.article,
        "section": a.section,
        "sentence": a.sentence,
        "indicator": indicator,
        "unit": a.unit,
        "label_a": _side_label(a),
        "value_a": a.value,
        "human_a": a.human,
        "label_b": _side_label(b),
        "value_b": b.value,
        "human_b": b.human,
        "ratio": big.value / small.value if small.value else None,
        "formula": f"{big.human} / {small.human}",
    }


DERIVED_COLUMNS = [
    "doc",
    "article",
    "sentence",
    "indicator",
    "year",
    "value",
    "unit",
    "formula",
    "note",
    "source_sentence",
]


def derived_indicators(table: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Indicators the text implies but does not state, each with formula and source sentence.

    - a base level implied by growth: ``77981元，较1996年增长近19倍`` → 77981 / (1 + 19) ≈
      3899 元 in 1996 (增长N倍 read as "grew by N times"; the looser reading is in ``note``);
    - 翻三番 → ×2³ = 8 times the base;
    - ratios of the comparison pairs (``comparisons``);
    - shares stated in words (每…七把…就有一把 → 14.3%).
    """
    text_of = {(r.doc, r.article, r.sentence): r.text for r in sentences.itertuples()}
    rows = []
    for (doc, art, sent), group in table.groupby(["doc", "article", "sentence"], sort=False):
        text = text_of.get((doc, art, sent), "")
        rows += _implied_bases(doc, art, sent, group, text)
    for c in comparisons(table, sentences).itertuples():
        rows.append(
            {
                "doc": c.doc,
                "article": c.article,
                "sentence": c.sentence,
                "indicator": f"{c.indicator}：{c.label_a} vs {c.label_b}（大/小）",
                "year": None,
                "value": c.ratio,
                "unit": "倍",
                "formula": c.formula,
                "note": "ratio of two quantities the sentence compares",
                "source_sentence": text_of.get((c.doc, c.article, c.sentence), ""),
            }
        )
    for s in table[table.unit.isin(["share", "番"])].itertuples():
        share = s.unit == "share"
        rows.append(
            {
                "doc": s.doc,
                "article": s.article,
                "sentence": s.sentence,
                "indicator": f"{s.indicator}（{'份额' if share else '倍数'}）",
                "year": s.year,
                "value": s.value * 100 if share else 2**s.value,
                "unit": "%" if share else "倍",
                "formula": f"{s.text} → {s.value:.6f} × 100" if share else f"2^{s.value:g}",
                "note": "share stated in words" if share else "翻N番: N doublings of the base",
                "source_sentence": text_of.get((s.doc, s.article, s.sentence), ""),
            }
        )
    return pd.DataFrame(rows, columns=DERIVED_COLUMNS)


def _implied_bases(doc: Any, art: Any, sent: Any, group: pd.DataFrame, text: str) -> list[dict]:
    rows = []
    levels = group[~group.unit.isin(_NOT_COMPARABLE_UNITS) & (group.unit != "")]
    for m in group[group.unit == "倍"].itertuples():
        before = text[: int(m.start)].rstrip("近约超")
        base_year = re.search(r"较(\d{4})年", text)
        if not _GROWTH_MULTIPLE.search(before) or levels.empty:
            continue
        earlier = levels[levels.start < m.start]
        level = earlier.iloc[-1] if not earlier.empty else levels.iloc[0]
        rows.append(
            {
                "doc": doc,
                "article": art,
                "sentence": sent,
                "indicator": f"{level.indicator}（隐含基期值）",
                "year": int(base_year.group(1)) if base_year else None,
                "value": level.value / (1 + m.value),
                "unit": level.unit,
                "formula": f"{level.human} / (1 + {m.value:g})",
                "note": f"增长{m.human}: read as (1 + N) × base; if read as N × base: "
                f"{level.value / m.value:,.0f} {level.unit}",
                "source_sentence": text,
            }
        )
    return rows
