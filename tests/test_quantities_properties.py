"""Properties of the quantity extractor: it never crashes, its offsets point at its text, it
is deterministic, and it is linear in the input (measured as a ratio, never a timed test)."""

from __future__ import annotations

import time

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.quantities import extract, extract_many, indicator_table, patterns, time_spans
from analysis.quantities.candidates import compact
from tests.conftest import sentence_table

NUMERALS = (
    "0123456789０１２３４５.,，%％‰-—~至到和之间"
    + "〇零一二三四五六七八九十百千万亿两几壹贰叁拾佰仟萬億"
)
UNITS = "元美港个名人次户辆顶床套级度分岁折成倍番万亿公里平方米吨kKw$￥°C℃"
WORDS = "约近超过不到不足最多至少以上以下左右余多来增长下降负零下比较从由大于小于气温地震北纬得"
WORDS += "人民币美元日元美分又摄氏度欧元区分之每间折翻番"
TEXTS = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=NUMERALS + UNITS + WORDS + "，。、：；“”（）　 \n", max_size=120),
)


def _check(text: str) -> None:
    df = extract(text)
    prev_end = 0
    times = time_spans(text)
    for r in df.itertuples():
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start : r.end] == r.text
        assert r.start >= prev_end  # sorted, never overlapping
        prev_end = r.end
        if r.dimension != "age":  # 十个月大 is an age, not the duration 十个月
            assert not any(s < r.end and r.start < e for s, e in times)
        assert r.direction in (None, "up", "down")
    pd.testing.assert_frame_equal(df, extract(text))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_never_crashes_offsets_valid_deterministic(text: str) -> None:
    _check(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=NUMERALS + UNITS + WORDS + "，。", max_size=30), max_size=3))
def test_indicator_table_never_crashes(parts: list[str]) -> None:
    table = indicator_table(sentence_table(*parts) if parts else sentence_table(""))
    assert set(table.modality.dropna()) <= {
        "actual",
        "target",
        "plan",
        "forecast",
        "comparison_base",
    }
    for r in table.itertuples():
        assert r.sentence_text[r.start : r.end] == r.text


def _seconds(text: str) -> float:
    start = time.perf_counter()
    extract(text)
    return time.perf_counter() - start


def test_linear_in_input_size() -> None:
    """100,000 characters of numerals take about ten times 10,000 (a quadratic engine: 100)."""
    extract("三个")  # dictionaries loaded first
    for unit in ("一", "1", "一二三四五六七八九十百千万亿", "三个"):
        small = (unit * (10_000 // len(unit) + 1))[:10_000]
        large = (unit * (100_000 // len(unit) + 1))[:100_000]
        ratio = _seconds(large) / max(_seconds(small), 1e-3)
        assert ratio < 30, (unit, ratio)


SCANNED = ("quantity", "bare", "fraction", "between", "discount", "time_fallback")


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_scanners_find_what_the_patterns_find(text: str) -> None:
    """Trying a pattern only at numerals (and the words before them) loses no match."""
    norm = compact(text).text
    numerals = patterns.numeral_starts(norm)
    for name in SCANNED:
        scanner = patterns.scanner(name)
        expected = [(m.span(), m.groupdict()) for m in scanner.pattern.finditer(norm)]
        assert [(m.span(), m.groupdict()) for m in scanner.finditer(norm, numerals)] == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(TEXTS, max_size=4))
def test_extract_many_equals_extract_per_text(texts: list[str]) -> None:
    many = extract_many(texts)
    assert many["item"].tolist() == sorted(many["item"].tolist())
    for item, text in enumerate(texts):
        one = many[many["item"] == item].drop(columns="item").reset_index(drop=True)
        pd.testing.assert_frame_equal(one, extract(text), check_index_type=False)
