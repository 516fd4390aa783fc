"""When a figure is about and how it is meant, on sentences of our own in the style of reports:
period figures (a span, a base years back), a paragraph dated by its opening clause, targets
without a target word (提出…左右, a future year), and the words of the indicator rules."""

from __future__ import annotations

import pytest

from analysis.quantities import indicator_table
from analysis.quantities.when import is_period, refers_to, sentence_times
from tests.conftest import sentence_table


def _rows(*texts: str, date: str = "2019-03-05") -> list[tuple]:
    table = indicator_table(sentence_table(*texts), date)
    return list(table[["text", "refers_to", "modality"]].itertuples(index=False, name=None))


@pytest.mark.parametrize(
    ("text", "figure", "period"),
    [
        ("2018年，全省地区生产总值比2013年增长48.2%，年均增长8.2%。", "48.2%", "2013/2018"),
        ("2018年与2014年相比，粮食产量增加120亿斤。", "120亿斤", "2014/2018"),
        ("“十三五”期间，全县新建农村公路1860公里。", "1860公里", "2016/2020"),
        ("过去五年，城镇新增就业6500万人。", "6500万人", "2014/2018"),
    ],
)
def test_a_span_or_a_base_years_back_makes_a_period_figure(text, figure, period) -> None:
    got = {t: r for t, r, _ in _rows(text)}
    assert got[figure] == period and is_period(period)


def test_a_base_one_year_back_keeps_the_year() -> None:
    assert _rows("2018年，全省地区生产总值比2017年增长7.6%。")[0][1] == "2018"


def test_the_opening_clause_of_a_paragraph_dates_its_next_sentences() -> None:
    rows = _rows(
        "过去一年，我们坚持稳中求进。",
        "全省地区生产总值增长7.1%，城镇新增就业72万人。",
    )
    assert [r[1] for r in rows] == ["2018", "2018"]


def test_a_later_year_in_the_sentence_wins_over_the_paragraph() -> None:
    rows = _rows("去年，全省经济平稳运行。", "今年全省粮食产量稳定在700亿斤以上。")
    assert rows[0][1:] == ("2019", "actual")


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("提出全省地区生产总值增长7%左右。", "target"),
        ("今年经济社会发展的主要目标是：全省地区生产总值增长6.5%左右。", "target"),
        ("省里提出，到2022年粮食产能稳定在720亿斤以上。", "target"),  # a year after 2019
        ("省政府提出了12部地方性法规草案。", "actual"),  # 提出了: done, not a target
        ("全面完成年初确定的主要目标，全省地区生产总值增长7.1%。", "actual"),
    ],
)
def test_targets_without_a_target_word(text: str, modality: str) -> None:
    assert _rows(text)[0][2] == modality


def test_refers_to_without_any_time_falls_back() -> None:
    times = sentence_times("全省粮食产量增长3%。", "2019-03-05")
    assert refers_to(times, 6, "全省粮食产量增长3%。", "2018") == ("2018", False)
