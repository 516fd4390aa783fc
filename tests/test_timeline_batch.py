"""``timeline.extract_many``: one table for many texts, row for row what ``extract`` gives per
text; and the cheap frame and sentence paths behind both give what the general ones give."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import timeline
from analysis.sentences import sentence_index, split_sentences
from analysis.time import frames
from analysis.time.rules import TimeContext

REF = "2026-06-17"
# News paragraphs of other topics, written for these tests (one a line).
NEWS = (
    (Path(__file__).parent / "data" / "timeline" / "other_topics.txt")
    .read_text(encoding="utf-8")
    .splitlines()
)


def _per_text(texts, **kwargs) -> pd.DataFrame:
    parts = []
    for i, text in enumerate(texts):
        df = timeline.extract(text, kwargs.get("reference_date"), context=kwargs.get("context"))
        parts.append(df.assign(item=i)[["item", *timeline.COLUMNS]])
    return pd.concat(parts, ignore_index=True).astype({"item": "int64"})


def test_extract_many_rows_of_a_small_batch() -> None:
    texts = [NEWS[0], NEWS[10], NEWS[3], NEWS[11]]
    df = timeline.extract_many(texts, reference_date=REF)
    assert list(df.columns) == ["item", *timeline.COLUMNS]
    assert df[["item", "text", "start", "end", "value", "kind", "sentence"]].values.tolist() == [
        [0, "今天", 5, 7, "2026-06-17", "point", 0],
        [0, "今年前三季度", 12, 18, "2026-Q1/2026-Q3", "range", 0],
        [0, "9月份", 38, 41, "2026-09", "point", 0],
        [0, "8月份", 44, 47, "2026-08", "point", 0],
        [2, "2019年3月至2021年底", 12, 26, "2019-03/2021-12", "range", 0],  # 年底: to December
        [3, "次日凌晨", 17, 21, "2026-06-18T00/2026-06-18T05", "point", 1],
        [3, "三天后", 31, 34, "2026-06-20", "point", 2],
    ]
    assert [str(t) for t in df.dtypes[["item", "start", "end", "sentence", "relative"]]] == [
        "int64",
        "int64",
        "int64",
        "int64",
        "bool",
    ]


@pytest.mark.parametrize("ref", [REF, None, "2008-05-12"])
def test_extract_many_equals_extract_text_by_text(ref: str | None) -> None:
    texts = [*NEWS, "新华社北京3月5日电 今天上午，大会在北京开幕。", "", "\u3000"]
    many = timeline.extract_many(texts, reference_date=ref)
    pd.testing.assert_frame_equal(many, _per_text(texts, reference_date=ref), check_exact=True)
    assert many["item"].nunique() == len(texts) - 3  # 3 texts without any expression


def test_one_context_is_carried_from_text_to_text() -> None:
    """Like ``extract`` called in order with the same context: 次年 after 2016年 is 2017."""
    texts = ["2016年7月，协作座谈会召开。", "次年，两地又签订了新的协议。"]
    carried = timeline.extract_many(texts, reference_date=REF, context=TimeContext())
    assert carried["value"].tolist() == ["2016-07", "2017"]
    pd.testing.assert_frame_equal(
        carried, _per_text(texts, reference_date=REF, context=TimeContext())
    )
    fresh = timeline.extract_many(texts, reference_date=REF)
    assert fresh["value"].tolist() == ["2016-07", "2027"]


def test_extract_many_of_nothing_is_an_empty_typed_table() -> None:
    df = timeline.extract_many([], reference_date=REF)
    assert df.empty and list(df.columns) == ["item", *timeline.COLUMNS]
    assert str(df.dtypes["item"]) == "int64" and str(df.dtypes["relative"]) == "bool"


def test_frames_do_not_share_what_a_caller_changes() -> None:
    """Column and index objects, and the blocks of empty frames, are shared by construction:
    renaming or adding columns on one result must not reach the next."""
    a = timeline.extract("会议强调，要推动高质量发展。", REF)
    a.columns.name = "renamed"
    a.index.name = "row"
    a["extra"] = 1
    b = timeline.extract("会议强调，要推动高质量发展。", REF)
    assert b.columns.name is None and b.index.name is None
    assert list(b.columns) == timeline.COLUMNS
    c = timeline.extract(NEWS[3], REF)
    c.loc[0, "value"] = "changed"
    assert timeline.extract(NEWS[3], REF).loc[0, "value"] == "2019-03/2021-12"


ROW = st.fixed_dictionaries(
    {
        "a": st.one_of(st.none(), st.text(max_size=5)),
        "b": st.integers(-(2**40), 2**40),
        "c": st.booleans(),
        "d": st.one_of(st.none(), st.lists(st.integers(0, 9), max_size=3)),
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(ROW, max_size=6))
def test_the_direct_frame_equals_the_public_constructor(rows) -> None:
    layout = frames._layout(("a", "b", "c", "d"), frozenset({"b"}), frozenset({"c"}))
    assert frames._build is frames._direct  # the locked pandas takes the direct path
    blocks = [(frames._block(rows, k, names, len(rows)), p) for k, names, p in layout.blocks]
    made = frames.frame(rows, ["a", "b", "c", "d"], ints=("b",), bools=("c",))
    reference = frames._public(blocks, len(rows), layout)
    assert frames._same(made, reference)
    assert frames._same(frames._fallback(blocks, len(rows), layout), reference)  # any pandas
    assert made["d"].tolist() == [r["d"] for r in rows]  # lists stay lists, None stays None
    assert made["a"].tolist() == [r["a"] for r in rows]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("年月日。！？!?.…\n ，1二今天")), max_size=40))
def test_sentence_numbers_equal_the_splitter(text: str) -> None:
    rows = [{"start": i} for i, ch in enumerate(text) if ch in "年月日天"]
    spans = split_sentences(text)
    expected = [max(sentence_index(spans, r["start"]), 0) for r in rows]
    assert [r["sentence"] for r in timeline._with_sentences(text, rows)] == expected
