"""The phenomena the quantities issue lists, one exact row each (news-style phrases written for
the tests): value in base units, value_max, unit, qualifier, direction, dimension."""

from __future__ import annotations

import math

import pytest

from analysis.quantities import extract

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
