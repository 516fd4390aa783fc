"""Exact rows on news sentences of other topics (written for these tests in the style of real
reports): statistics, spaceflight, sports, earthquake, court, earnings, railway, holiday
travel, Traditional-character Taiwan and Hong Kong texts; plus honest uncertainty."""

from __future__ import annotations

import pytest

from analysis.timeline import extract

COLS = ["text", "start", "end", "value", "kind", "mod", "anchor", "role"]

CASES = [
    (  # statistics: Xinhua-style day after the subject; comparison base
        "国家统计局15日发布数据，今年一季度国内生产总值同比增长5.3%，比上年四季度加快0.1个百分点。",
        "2024-04-16",
        [
            ("15日", 5, 8, "2024-04-15", "point", None, "reference", None),
            ("今年一季度", 13, 18, "2024-Q1", "point", None, "reference", None),
            ("上年四季度", 34, 39, "2023-Q4", "point", None, "reference", "comparison_base"),
        ],
    ),
    (  # spaceflight: date and clock time as one expression; 神舟十八号 is a name
        "神舟十八号载人飞船于北京时间4月25日20时59分发射，约10分钟后进入预定轨道。",
        "2024-04-26",
        [
            ("4月25日20时59分", 14, 25, "2024-04-25T20:59", "point", None, "reference", None),
            ("约10分钟", 28, 33, "PT10M", "duration", "APPROX", None, None),
        ],
    ),
    (  # sports: weekday, an evening clock time on that day, next year's month
        "本届联赛将于下周六开幕，揭幕战安排在晚上7点半进行，常规赛持续到明年3月。",
        "2024-09-03",
        [
            ("下周六", 6, 9, "2024-09-14", "point", None, "reference", None),
            ("晚上7点半", 18, 23, "2024-09-14T19:30", "point", None, "previous", None),
            ("明年3月", 32, 36, "2025-03", "point", None, "reference", None),
        ],
    ),
    (  # earthquake: 震后 is not a window word; 72小时内 keeps its qualifier
        "据中国地震台网测定，5月12日14时28分，四川汶川发生8.0级地震，震后72小时内共发生余震3000余次。",
        "2008-05-13",
        [
            ("5月12日14时28分", 10, 21, "2008-05-12T14:28", "point", None, "reference", None),
            ("72小时内", 37, 42, "PT72H", "duration", "EQUAL_OR_LESS", None, None),
        ],
    ),
    (  # court: a month range, a sentence length
        "法院经审理查明，被告人于2019年3月至2021年6月间多次收受他人财物，一审判处有期徒刑十年。",
        "2022-11-08",
        [
            ("2019年3月至2021年6月", 12, 27, "2019-03/2021-06", "range", None, None, None),
            ("十年", 45, 47, "P10Y", "duration", None, None, None),
        ],
    ),
    (  # earnings: first three quarters; 较去年同期 is a comparison base
        "公司公告称，前三季度实现营业收入120亿元，较去年同期增长18%，其中第三季度单季净利润创新高。",
        "2023-10-28",
        [
            ("前三季度", 6, 10, "2023-Q1/2023-Q3", "range", None, "reference", None),
            ("去年", 23, 25, "2022", "point", None, "reference", "comparison_base"),
            ("第三季度", 35, 39, "2023-Q3", "point", None, "reference", None),
        ],
    ),
    (  # railway: qualifiers on durations
        "新建铁路定于12月26日开通运营，届时两地最快旅行时间将由5个多小时缩短至2小时左右。",
        "2023-12-20",
        [
            ("12月26日", 6, 12, "2023-12-26", "point", None, "reference", None),
            ("5个多小时", 29, 34, "PT5H", "duration", "MORE_THAN", None, None),
            ("2小时左右", 37, 42, "PT2H", "duration", "APPROX", None, None),
        ],
    ),
    (  # holiday travel: a holiday period as a range; 当天 = the last explicit date
        "国庆假期前三天，全国铁路累计发送旅客5000万人次，10月1日当天发送量创历史新高。",
        "2023-10-04",
        [
            ("国庆假期", 0, 4, "2023-10-01/2023-10-07", "range", None, "reference", None),
            ("三天", 5, 7, "P3D", "duration", None, None, None),
            ("10月1日", 26, 31, "2023-10-01", "point", None, "reference", None),
            ("当天", 31, 33, "2023-10-01", "point", None, "previous", None),
        ],
    ),
    (  # lunar new year: the holiday nearest the reference date, 除夕 in the same year
        "春节期间，景区接待游客较2019年同期增长12%，除夕当天客流达到峰值。",
        "2024-02-18",
        [
            ("春节", 0, 2, "2024-02-10", "point", None, "reference", None),
            ("2019年", 12, 17, "2019", "point", None, None, "comparison_base"),
            ("除夕", 25, 27, "2024-02-09", "point", None, "previous", None),
            ("当天", 27, 29, "2024-02-09", "point", None, "previous", None),
        ],
    ),
    (  # Taiwan: Republic-of-China year, 起 … 至今
        "民國109年起，臺灣地區實施新制，至今已滿兩年。",
        "2022-05-01",
        [
            ("民國109年起", 0, 7, "2020/2022-05-01", "range", None, "reference", None),
            ("兩年", 21, 23, "P2Y", "duration", None, None, None),
        ],
    ),
    (  # Hong Kong: Traditional characters, weekdays with parts of the day, a window
        "颱風預計週四晚間至週五凌晨登陸，天文臺表示未來三天風雨較大。",
        "2023-09-05",
        [
            (
                "週四晚間至週五凌晨",
                4,
                13,
                "2023-09-07T16/2023-09-08T05",
                "range",
                None,
                "reference",
                None,
            ),
            ("未來三天", 21, 25, "P3D", "duration", None, "reference", None),
        ],
    ),
    (
        "香港天文台今日上午10時發出三號強風信號，預料明日凌晨風勢增強。",
        "2023-09-01",
        [
            ("今日上午10時", 5, 12, "2023-09-01T10", "point", None, "reference", None),
            ("明日凌晨", 23, 27, "2023-09-02T00/2023-09-02T05", "point", None, "reference", None),
        ],
    ),
    (  # a deictic inside a quotation is the speaker's
        "他说：“我们今年一定要完成任务。”",
        "2024-06-01",
        [("今年", 6, 8, "2024", "point", None, "quote", None)],
    ),
    (  # year-end edge; a past window up to the reference day
        "截至去年底，全省累计建成5G基站10万个，近三年年均增长超过30%。",
        "2024-03-01",
        [
            ("去年底", 2, 5, "2023", "point", "END", "reference", None),
            ("近三年", 21, 24, "P3Y", "duration", None, "reference", None),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "ref", "expected"), CASES, ids=[c[0][:12] for c in CASES])
def test_news_sentence_rows(sentence: str, ref: str, expected: list[tuple]) -> None:
    df = extract(sentence, ref, detect=False)
    assert [tuple(r) for r in df[COLS].itertuples(index=False)] == expected


def test_intervals_and_windows() -> None:
    df = extract("截至去年底，近三年年均增长超过30%。", "2024-03-01", detect=False)
    assert df[["interval_start", "interval_end", "range_value"]].values.tolist() == [
        ["2023-01-01", "2023-12-31", None],
        ["2021-03-01", "2024-03-01", "2021-03-01/2024-03-01"],
    ]


def test_without_a_reference_date_values_are_underspecified_and_say_so() -> None:
    df = extract(
        "8月30日下午4点半，第二批救援队抵达现场。今天上午，余震仍在持续。", None, detect=False
    )
    assert df[["text", "value"]].values.tolist() == [
        ["8月30日下午4点半", "XXXX-08-30T16:30"],
        ["今天上午", None],
    ]
    assert all("REFERENCE_DATE" in note for note in df["note"])
    assert df["interval_start"].isna().all()


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("08年冬奥会申办成功后", "08年", "2008"),
        ("15年3月2日正式通车", "15年3月2日", "2015-03-02"),
        ("他07年以后再没回来", "07年以后", "2007"),  # mod AFTER
        ("２００９年５月", "２００９年５月", "2009-05"),
        ("2008 年 5 月 12 日", "2008 年 5 月 12 日", "2008-05-12"),
        ("夜里12点，列车抵达", "夜里12点", "2026-06-18T00"),
        ("昨日上午9点，会议开幕", "昨日上午9点", "2026-06-16T09"),
    ],
)
def test_years_spaces_and_clock_times(text: str, surface: str, value: str) -> None:
    df = extract(text, "2026-06-17", detect=False)
    assert dict(zip(df["text"], df["value"], strict=True))[surface] == value


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("他今年18周岁", [("今年", "2026")]),
        ("服刑8年", [("8年", "P8Y")]),
        ("连续18年增长", [("18年", "P18Y")]),
        ("编号P8Y", []),
    ],
)
def test_two_digit_numbers_before_年_are_not_years_without_context(text: str, rows) -> None:
    df = extract(text, "2026-06-17", detect=False)
    assert list(zip(df["text"], df["value"], strict=True)) == rows


@pytest.mark.parametrize(
    "text",
    [
        "新增就业岗位占全年目标的近1/3。",  # a fraction, not January 3rd
        "我讲三点意见。第一点，要稳增长。",  # points of a speech, not 3 o'clock
        "改革要快一点，步子要稳一点。",  # "a little"
        "神舟十八号飞船",  # a name with 号
        "三四年后再说",  # a vague count, not the year 1934
    ],
)
def test_numbers_that_are_not_times(text: str) -> None:
    df = extract(text, "2026-06-17", detect=False)
    assert [v for v in df["value"] if v and v[0] != "P"] == []


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("该市PM2.5年均浓度为28微克/立方米。", []),  # a pollutant's name, not 2.5 years
        ("COVID-19疫情3年来", [("3年来", "P3Y")]),  # the name's 19 is no count; 3年来 is
        ("iPhone15年销量", []),  # a product's number
    ],
)
def test_a_number_in_a_latin_name_is_no_time(text: str, rows: list) -> None:
    df = extract(text, "2026-06-17", detect=False)
    assert [(r.text, r.value) for r in df.itertuples()] == rows


def _plan_rows() -> list[tuple[str, str, str | None]]:
    from analysis.time import lexicon

    return [(w, edge, mod) for w, (edge, mod) in lexicon.plan_words().items()]


@pytest.mark.parametrize(("word", "edge", "mod"), _plan_rows())
def test_every_plan_word_reads_the_plan_or_its_edge(word: str, edge: str, mod) -> None:
    """十三五 + a plan word: the plan 2016/2020, or its first or last year with the word's mod."""
    df = extract(f"“十三五”{word}", "2026-06-17", detect=False)
    want = {"none": "2016/2020", "first": "2016", "last": "2020"}[edge]
    assert [(r.text, r.value, r.mod) for r in df.itertuples()] == [("十三五", want, mod)]
