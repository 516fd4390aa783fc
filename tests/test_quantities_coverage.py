"""The phenomena the quantities issue lists, one exact row each (news-style phrases written for
the tests): value in base units, value_max, unit, qualifier, direction, dimension."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.quantities import (
    extract,
    extract_many,
    extract_records,
    indicator_table,
    mentions,
    vocab,
)
from tests.conftest import sentence_table

N = None
CASES = [
    ("受访者中六成三表示满意", "六成三", 63.0, N, "%", N, N, "percent"),
    ("全场商品打九折", "九折", 90.0, N, "%", N, N, "discount"),
    ("农村人口占比百分之三十", "百分之三十", 30.0, N, "%", N, N, "percent"),
    ("增速提高2个百分点", "2个百分点", 2.0, N, "百分点", N, "up", "points"),
    ("提前实现比1980年翻三番", "三番", 3.0, N, "番", N, "up", "doubling"),
    ("全年收入1亿5242万元", "1亿5242万元", 152420000.0, N, "元", N, N, "currency"),
    ("账户余额36，480.50元", "36，480.50元", 36480.5, N, "元", N, N, "currency"),
    ("净利润下降3.5%", "3.5%", 3.5, N, "%", N, "down", "percent"),
    ("营业利润为-2.1亿元", "-2.1亿元", -210000000.0, N, "元", N, "down", "currency"),
    ("出口增速为负2.7%", "负2.7%", -2.7, N, "%", N, "down", "percent"),
    ("预计接待游客十三至十四万人", "十三至十四万人", 130000.0, 140000.0, "人", N, N, N),
    ("门票价格在493元至666.5元", "493元至666.5元", 493.0, 666.5, "元", N, N, "currency"),
    ("气温在20和30之间", "在20和30之间", 20.0, 30.0, "", N, N, N),
    ("产量提高3—5倍", "3—5倍", 3.0, 5.0, "倍", N, "up", "multiple"),
    ("增速目标为6.5%-7%", "6.5%-7%", 6.5, 7.0, "%", N, N, "percent"),
    ("当地发生4.5级地震", "4.5级", 4.5, N, "级", N, N, "magnitude"),
    ("共发生三级以上余震5次", "三级以上", 3.0, N, "级", "more_than", N, "magnitude"),
    ("选手以9.8分夺冠", "9.8分", 9.8, N, "分", N, N, "score"),
    ("股东增持500万股", "500万股", 5000000.0, N, "股", N, N, "shares"),
    ("用户超过2.18亿用户", "超过2.18亿", 218000000.0, N, "", "more_than", N, N),
    ("一名79岁老人", "79岁", 79.0, N, "岁", N, N, "age"),
    ("十个月大的婴儿", "十个月大", 10.0, N, "月", N, N, "age"),
    ("夜间气温零下5度", "零下5度", -5.0, N, "度", N, "down", "temperature"),
    ("震中位于北纬30.43度", "30.43度", 30.43, N, "度", N, N, "angle"),
    ("不到5000人参加", "不到5000人", 5000.0, N, "人", "less_than", N, N),
    ("最多3000人参加", "最多3000人", 3000.0, N, "人", "up_to", N, N),
    ("控制在3000人以内", "3000人以内", 3000.0, N, "人", "up_to", N, N),
    ("全年增长7%左右", "7%左右", 7.0, N, "%", "about", "up", "percent"),
    ("一吨半钢材", "一吨半", 1.5, N, "吨", N, N, "mass"),
    ("手机壳五元三毛", "五元三毛", 5.3, N, "元", N, N, "currency"),
    ("大于15小于40的数", "大于15小于40", 15.0, 40.0, "", "more_than", N, N),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_phenomenon(case: tuple) -> None:
    text, surface, value, value_max, unit, qualifier, direction, dimension = case
    rows = [r for r in extract(text).to_dict("records") if r["text"] == surface]
    assert rows, (text, extract(text).text.tolist())
    r = rows[0]
    got_max = None if math.isnan(r["value_max"]) else r["value_max"]
    got = (r["value"], got_max, r["unit"], r["qualifier"], r["direction"], r["dimension"])
    assert got == (value, value_max, unit, qualifier, direction, dimension)


def test_medal_tally_is_three_counts() -> None:
    rows = extract("获得1金3银2铜").to_dict("records")
    assert [(r["text"], r["value"], r["indicator"]) for r in rows] == [
        ("1金", 1.0, "获得金牌数"),
        ("3银", 3.0, "银牌数"),
        ("2铜", 2.0, "铜牌数"),
    ]


def test_growth_to_a_level_is_a_rate_row_and_a_level_row() -> None:
    rows = extract("国内生产总值增长15%至1928.7亿元").to_dict("records")
    assert [(r["text"], r["direction"], r["indicator"]) for r in rows] == [
        ("15%", "up", "国内生产总值增长"),
        ("1928.7亿元", None, "国内生产总值"),
    ]


def test_classifiers_from_the_table_name_what_they_count() -> None:
    text = "捐赠帐篷200顶、床位50床、住房30套、车辆12辆、飞机3架、船只2艘、设备5台、教室8间"
    got = [(r["unit"], r["indicator"]) for r in extract(text).to_dict("records")]
    assert got == [
        ("顶", "帐篷"),
        ("床", "床位"),
        ("套", "住房"),
        ("辆", "车辆"),
        ("架", "飞机"),
        ("艘", "船只"),
        ("台", "设备"),
        ("间", "教室"),
    ]


# ---------------------------------------------------------------------------------------------
# A unit and its subunit (units.tsv part_of / parts): one amount

PARTS = [u for u in vocab.units().values() if u.part_of]


@pytest.mark.parametrize("part", PARTS, ids=[u.word for u in PARTS])
def test_every_subunit_after_its_unit_is_one_amount(part: vocab.Unit) -> None:
    whole = next(w for w, u in vocab.units().items() if u.canonical == part.part_of)
    text = f"售价2{whole}又3{part.word}"
    rows = extract(text).to_dict("records")
    assert [(r["text"], r["unit"]) for r in rows] == [(text[2:], part.part_of)]
    assert rows[0]["value"] == pytest.approx(2 + 3 / part.parts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每股派息1美元又20美分", [("1美元又20美分", 1.2, "美元")]),
        ("车票售价12欧元50欧分", [("12欧元50欧分", 12.5, "欧元")]),
        ("一碗拉面卖850日元", [("850日元", 850.0, "日元")]),  # 850日 is no duration
        ("售价3美元，另收5美分", [("3美元", 3.0, "美元"), ("5美分", 5.0, "美分")]),
        ("售价5美元20便士", [("5美元", 5.0, "美元"), ("20便士", 20.0, "便士")]),  # not its part
    ],
)
def test_compound_amounts(text: str, expected: list[tuple]) -> None:
    rows = extract(text).to_dict("records")
    assert [(r["text"], round(r["value"], 6), r["unit"]) for r in rows] == expected


def test_a_decimal_percentage_is_never_a_clock_time() -> None:
    rows = extract("本次投票率达到百分之九十二点零五").to_dict("records")  # not 十二点零五
    assert [(r["text"], r["value"], r["unit"]) for r in rows] == [
        ("百分之九十二点零五", 92.05, "%")
    ]


@pytest.mark.parametrize(
    ("text", "surface", "value", "value_max"),
    [
        ("展品估价9佰日元", "9佰日元", 900.0, None),  # a formal magnitude after a digit
        ("预算两到三仟澳元", "两到三仟澳元", 2000.0, 3000.0),
        ("清仓商品八点五折", "八点五折", 85.0, None),
        ("误差为千分之二点一二", "千分之二点一二", 2.12, None),  # 一二 after 点: decimals
    ],
)
def test_values_of_formal_and_decimal_numerals(
    text: str, surface: str, value: float, value_max: float | None
) -> None:
    r = extract(text).to_dict("records")[0]
    got_max = None if math.isnan(r["value_max"]) else r["value_max"]
    assert (r["text"], r["value"], got_max) == (surface, value, value_max)


# ---------------------------------------------------------------------------------------------
# Unit names without a number: mentions, never quantities

MENTIONED = [u for u in vocab.units().values() if u.mention]


@pytest.mark.parametrize("unit", MENTIONED, ids=[u.word for u in MENTIONED])
def test_every_mention_unit_alone_is_a_mention(unit: vocab.Unit) -> None:
    rows = extract(f"单位：{unit.word}。").to_dict("records")
    assert [(r["text"], r["unit"], r["dimension"], r["category"]) for r in rows] == [
        (unit.word, unit.canonical, unit.dimension, "unit_mention")
    ]
    assert math.isnan(rows[0]["value"]) and rows[0]["review"] == mentions.NOTE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("以美元计价的债券，欧元区经济回暖", [("美元", 1, "美元")]),  # 欧元区 is one word
        ("用人民币和港币结算", [("人民币", 1, "元"), ("港币", 5, "港元")]),
        ("气温单位用摄氏度表示", [("摄氏度", 5, "℃")]),
        ("温度计上标着°C和℉两种刻度", [("°C", 6, "℃"), ("℉", 9, "℉")]),
        ("投资5000万人民币", []),  # the name is the unit of a quantity
        ("欧元区国家", []),  # inside a longer word
    ],
)
def test_unit_mentions(text: str, expected: list[tuple]) -> None:
    rows = [r for r in extract(text).to_dict("records") if r["category"] == "unit_mention"]
    assert [(r["text"], r["start"], r["unit"]) for r in rows] == expected
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def test_a_currency_name_before_an_amount_in_yuan_is_its_currency() -> None:
    rows = extract("募集港币三千四百二十元，其中援助资金人民币约3亿元").to_dict("records")
    assert [(r["text"], r["value"], r["unit"], r["qualifier"]) for r in rows] == [
        ("港币三千四百二十元", 3420.0, "港元", None),
        ("人民币约3亿元", 300000000.0, "元", "about"),
    ]
    assert rows[1]["indicator"] == "援助资金"  # the name is the amount's, not the indicator's


def test_mentions_are_left_out_on_request_and_on_the_per_document_path() -> None:
    text = "用人民币结算，共支付3000元"
    assert extract(text).category.tolist() == ["unit_mention", "economy"]
    assert extract(text, mentions=False).text.tolist() == ["3000元"]
    assert [r["text"] for r in extract_records(text)] == ["3000元"]
    assert [r["text"] for r in extract_records(text, mentions=True)] == ["人民币", "3000元"]


def test_mentions_never_reach_the_indicator_table(seed_doc) -> None:
    seed = indicator_table(seed_doc.sentences, seed_doc.date)
    extra = seed_doc.sentences.tail(1).copy()
    extra["sentence"] += 1
    extra["text"] = "外贸合同改用人民币和欧元计价，温度以摄氏度记录。"
    both = indicator_table(pd.concat([seed_doc.sentences, extra]), seed_doc.date)
    pd.testing.assert_frame_equal(both, seed)  # the seed's table, unchanged by the mentions
    assert "unit_mention" not in set(seed.category) and seed.value.notna().all()
    mixed = indicator_table(sentence_table("用人民币结算，共支付3000元"))
    assert mixed.text.tolist() == ["3000元"]


def test_extract_many_is_one_frame_of_the_per_text_rows() -> None:
    texts = ["净利润下降3.5%", "", "没有数字", "以美元计价，售价2美元又5美分"]
    many = extract_many(texts)
    assert list(many.columns) == ["item", *extract(texts[0]).columns]
    assert many[["item", "text"]].values.tolist() == [
        [0, "3.5%"],
        [3, "美元"],
        [3, "2美元又5美分"],
    ]
    for item, text in enumerate(texts):
        one = many[many["item"] == item].drop(columns="item").reset_index(drop=True)
        pd.testing.assert_frame_equal(one, extract(text), check_index_type=False)
    assert extract_many([]).columns.tolist() == list(many.columns)
