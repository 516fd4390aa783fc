"""Day words, parts of the day and year edges as news reports write them (written for these
tests): a clock time in Chinese numerals after 当晚/今晚, 次日凌晨 with its hour, evening
ranges that end at midnight, and a year edge written with a second 年 (今年年初)."""

from __future__ import annotations

import pytest

from analysis import timeline

REF = "2024-06-14"


def _rows(text: str, ref: str | None = REF) -> list[tuple[str, str, str | None]]:
    return [(r["text"], r["value"], r.get("mod")) for r in timeline.extract_records(text, ref)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("当晚十时，现场清理完毕。", [("当晚十时", "2024-06-14T22", None)]),
        ("昨晚十一点多，雨势减弱。", [("昨晚十一点多", "2024-06-13T23", "MORE_THAN")]),
        ("当天十时，会议开幕。", [("当天十时", "2024-06-14T10", None)]),
        ("次日凌晨2时许，大火被扑灭。", [("次日凌晨2时", "2024-06-15T02", None)]),
        ("次日凌晨，水位回落。", [("次日凌晨", "2024-06-15T00/2024-06-15T05", None)]),
    ],
)
def test_a_clock_time_after_a_day_word(text: str, expected: list) -> None:
    assert _rows(text) == expected


def test_the_next_day_counts_from_the_last_date_of_the_text() -> None:
    rows = _rows("6月12日晚，暴雨来袭。次日凌晨2时，水位回落。")
    assert rows[-1] == ("次日凌晨2时", "2024-06-13T02", None)


@pytest.mark.parametrize("text", ["他晚一点到。", "当晚一时兴起，写了首诗。"])
def test_a_little_later_and_for_a_while_are_no_clock_times(text: str) -> None:
    assert [t for t, _, _ in _rows(text) if "一" in t] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("晚上十一点到十二点", "2024-06-14T23/2024-06-15T00"),
        ("晚上10点到12点半", "2024-06-14T22/2024-06-15T00:30"),
        ("晚上12点", "2024-06-15T00"),
        ("上午11点到12点", "2024-06-14T11/2024-06-14T12"),  # noon stays noon
        ("下午3点到5点", "2024-06-14T15/2024-06-14T17"),
    ],
)
def test_an_evening_hour_twelve_is_midnight(text: str, value: str) -> None:
    assert [v for _, v, _ in _rows(text)] == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年年初", ("2024年年初", "2024", "START")),
        ("今年年初以来", ("今年年初以来", "2024/2024", "START")),
        ("去年年底", ("去年年底", "2023", "END")),
        ("明年年中", ("明年年中", "2025", "MID")),
        ("2023年年末全省常住人口", ("2023年年末", "2023", "END")),
    ],
)
def test_a_year_edge_written_with_a_second_nian(text: str, expected: tuple) -> None:
    assert _rows(text) == [expected]


def test_china_after_this_year_is_no_mid_year() -> None:
    assert _rows("今年中国经济稳中有进。") == [("今年", "2024", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开放时间为上午9-11时。", [("上午9-11时", "2024-06-14T09/2024-06-14T11")]),
        ("下午2-4点在礼堂集中。", [("下午2-4点", "2024-06-14T14/2024-06-14T16")]),
        ("6月15日上午9至11时", [("6月15日上午9至11时", "2024-06-15T09/2024-06-15T11")]),
        ("今晚7-9点停水。", [("今晚7-9点", "2024-06-14T19/2024-06-14T21")]),
        ("晚上10-12点", [("晚上10-12点", "2024-06-14T22/2024-06-15T00")]),
    ],
)
def test_two_hours_sharing_one_unit_are_one_span(text: str, expected: list) -> None:
    assert [(t, v) for t, v, _ in _rows(text)] == expected


@pytest.mark.parametrize("text", ["指数上涨2-4点。", "2-4点意见"])
def test_two_bare_numbers_before_dian_are_no_clock_time(text: str) -> None:
    """Without a part of the day, 时 or minutes, 2-4点 may be index points: neither a span
    nor (as before) a wrong 04:00."""
    assert _rows(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "自6月1日起至6月30日止，全市开展安全检查。",
            [("6月1日起至6月30日止", "2024-06-01/2024-06-30")],
        ),
        (
            "本办法2024年1月1日起至2025年12月31日止施行。",
            [("2024年1月1日起至2025年12月31日止", "2024-01-01/2025-12-31")],
        ),
        ("即日起至6月30日，景区免票。", [("即日起至6月30日", "2024-06-14/2024-06-30")]),
    ],
)
def test_from_a_date_until_another_is_one_range(text: str, expected: list) -> None:
    assert [(t, v) for t, v, _ in _rows(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本月月初，全市启动了专项行动。", [("本月月初", "2024-06", "START")]),
        ("上月月底，项目正式开工。", [("上月月底", "2024-05", "END")]),
        ("本月月末，新馆将对外开放。", [("本月月末", "2024-06", "END")]),
    ],
)
def test_a_part_of_a_month_after_the_month_it_is_part_of_is_one_expression(text, expected):
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("排查从6月1日至6月底。", [("6月1日至6月底", "2024-06-01/2024-06-30", None)]),
        ("2月1日至2月底，全市开展演练。", [("2月1日至2月底", "2024-02-01/2024-02-29", None)]),
        ("3月1日至4月底开展排查。", [("3月1日至4月底", "2024-03-01/2024-04-30", None)]),
        ("2023年3月至年底，全省新增就业。", [("2023年3月至年底", "2023-03/2023-12", None)]),
    ],
)
def test_a_range_to_the_end_of_a_month_or_year_ends_on_its_last_day_or_month(text, expected):
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一季度末，全市贷款余额达到5000亿元。", [("一季度末", "2024-Q1", "END")]),
        ("截至三季度末，存款余额增长8%。", [("三季度末", "2024-Q3", "END")]),
        ("上季度末，库存回落。", [("上季度末", "2024-Q1", "END")]),
        ("截至上半年末，全省累计发放贷款。", [("上半年末", "2024-H1", "END")]),
        ("本季度初，新项目开工。", [("本季度初", "2024-Q2", "START")]),
    ],
)
def test_the_edge_of_a_quarter_or_half_without_a_year_keeps_its_mod(text, expected) -> None:
    """Economic news dates balances by the quarter's end (一季度末): the edge is read as with a
    year (2023年一季度末), not dropped."""
    assert _rows(text) == expected
