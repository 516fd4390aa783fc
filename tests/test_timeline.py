"""Time expressions and the event timeline: a sentence in, the exact rows out."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.paths import SEEDS_DIR
from analysis.sentences import split_sentences
from analysis.timeline import (
    COLUMNS,
    EVENT_COLUMNS,
    actors,
    build_timeline,
    detect_reference_date,
    extract,
    five_year_plan,
    sort_key,
)

SEED = SEEDS_DIR / "000_734b698157ae08b2.txt"
REF = "2026-06-17"
MAIN = ["text", "start", "end", "value", "kind", "granularity", "relative", "sentence"]


def rows(text: str, ref: str | dt.date | None = REF) -> list[tuple]:
    """The eight required columns of ``extract`` as plain tuples."""
    df = extract(text, ref, detect=False) if ref is None else extract(text, ref)
    return [tuple(r) for r in df[MAIN].itertuples(index=False)]


# --- sentences of the seed -----------------------------------------------------------------
SEED_CASES = [
    (
        "1997年4月，时任福建省委副书记习近平担任福建省对口帮扶宁夏领导小组组长不久，率团首次来到宁夏。",
        [("1997年4月", 0, 7, "1997-04", "point", "month", False, 0)],
    ),
    (
        "2026年初，《宁夏现代渔业高质量发展实施方案(2026—2030年)》向社会公开征求意见。",
        [
            ("2026年初", 0, 6, "2026", "point", "year", False, 0),
            ("2026—2030年", 24, 34, "2026/2030", "range", "year", False, 0),
        ],
    ),
    (
        "迈入“十五五”，五年过渡期圆满收官，帮扶工作转入常态化新阶段。",
        [
            ("十五五", 3, 6, "2026/2030", "range", "year", False, 0),
            ("五年", 8, 10, "P5Y", "duration", "year", False, 0),
        ],
    ),
    (  # 5次 and 4次 are counts, not times
        "30年来，习近平同志5次赴宁夏调研，4次踏访西海固，仅在福建工作期间就5次出席闽宁对口扶贫协作联席会议。",
        [("30年来", 0, 4, "P30Y", "duration", "year", False, 0)],
    ),
    (
        "今年6月，闽宁完成首笔省际绿电交易，成交电量1.2亿千瓦时。",
        [("今年6月", 0, 4, "2026-06", "point", "month", True, 0)],
    ),
    (
        "闽宁镇的闽宁禾美电商车间里，主播马燕每天直播十余个小时，努力打通戈壁好物出山销路；",
        [
            ("每天", 18, 20, "P1D", "set", "day", False, 0),
            ("十余个小时", 22, 27, "PT10H", "duration", "hour", False, 0),
        ],
    ),
    ("走进福建省第十四批援宁干部、泾源县委副书记王树强的办公室。", []),
    (
        "在梁家河插队7年的习近平同志对西北的贫穷早有切身体会。",
        [("7年", 6, 8, "P7Y", "duration", "year", False, 0)],
    ),
    (
        "西海固6天的所见所闻，让习近平同志对闽宁协作的模式有了更深刻的思考。",
        [("6天", 3, 5, "P6D", "duration", "day", False, 0)],
    ),
    (
        "作为浙江深入推进东西部劳务协作、实施“蓝鹰工程”的受益者，他在完成6个月的技能培训后顺利入职。",
        [("6个月", 33, 36, "P6M", "duration", "month", False, 0)],
    ),
    (  # 20周年: an anniversary is kept as a duration (P20Y, note 'anniversary')
        "2016年7月，在东西部扶贫协作20周年之际，习近平总书记在宁夏主持召开东西部扶贫协作座谈会。",
        [
            ("2016年7月", 0, 7, "2016-07", "point", "month", False, 0),
            ("20周年", 16, 20, "P20Y", "duration", "year", False, 0),
        ],
    ),
    (  # 2600亿元 and 202.9亿元 are amounts
        "1996年，福建省地区生产总值规模达2600亿元，提前实现比1980年翻三番的目标；"
        "而地处西部的宁夏，地区生产总值只有202.9亿元。",
        [
            ("1996年", 0, 5, "1996", "point", "year", False, 0),
            ("1980年", 30, 35, "1980", "point", "year", False, 0),
        ],
    ),
    (
        "贺兰巍峨，闽水浩荡。30年前，福建与宁夏的一次“握手”，开启了跨越山海的长情奔赴。",
        [("30年前", 10, 14, "1996", "point", "year", True, 1)],
    ),
    (
        "6月17日，全国东西部协作工作会议在宁夏银川召开。",
        [("6月17日", 0, 5, "2026-06-17", "point", "day", True, 0)],
    ),
    (  # the text never says when the 18th Party Congress was: value left null
        "党的十八大以来，习近平总书记站在党和国家事业发展全局高度，持续谋划区域协调发展新思路。",
        [("党的十八大以来", 0, 7, None, "range", "vague", True, 0)],
    ),
    (  # “五年规划” names a kind of plan: not a duration
        "脱贫攻坚以来，闽宁两省区将“五年规划”深度嵌入协作体系，坚持五年一规划、一年一部署。",
        [
            ("脱贫攻坚以来", 0, 6, None, "range", "vague", True, 0),
            ("五年一规划", 30, 35, "P5Y", "set", "year", False, 0),
            ("一年一部署", 36, 41, "P1Y", "set", "year", False, 0),
        ],
    ),
    (  # 77981元, 19倍 are quantities
        "这样一组数据引人注目：30年来，闽宁协作带动区域经济总量大幅攀升，"
        "宁夏2025年人均地区生产总值达到77981元，较1996年增长近19倍。",
        [
            ("30年来", 11, 15, "P30Y", "duration", "year", False, 0),
            ("2025年", 35, 40, "2025", "point", "year", False, 0),
            ("1996年", 58, 63, "1996", "point", "year", False, 0),
        ],
    ),
    (
        "不远处，静静矗立的中国工农红军长征将台堡会师纪念碑，镌刻着90年前胜利会师的红旗漫卷。",
        [("90年前", 29, 33, "1936", "point", "year", True, 0)],
    ),
    (
        "站在新的历史起点，传承30载积淀的宝贵启示。",
        [("30载", 11, 14, "P30Y", "duration", "year", False, 0)],
    ),
    (
        "习近平总书记关心推动闽宁协作三十年启示录",
        [("三十年", 14, 17, "P30Y", "duration", "year", False, 0)],
    ),
    ("学习运用“千万工程”经验，推进科技、绿色、质量、品牌农业；", []),
    ("宁夏森林覆盖率提升至12.98%，草原综合植被盖度达到57%。", []),
    ("他在第十六次会议上作了报告，第9期培训班共办了4次，第六届对话会召开。", []),
    ("国家八七扶贫攻坚计划启动。", []),
]


@pytest.mark.parametrize(("sentence", "expected"), SEED_CASES)
def test_seed_sentences(sentence: str, expected: list[tuple]) -> None:
    assert rows(sentence) == expected


# --- sentences in other contexts -----------------------------------------------------------
OTHER_CASES = [
    (
        "2008年5月12日14时28分，四川汶川发生8.0级地震。",
        [("2008年5月12日14时28分", 0, 16, "2008-05-12T14:28", "point", "minute", False, 0)],
    ),
    (
        "二〇〇八年，北京举办奥运会。",
        [("二〇〇八年", 0, 5, "2008", "point", "year", False, 0)],
    ),
    (
        "上世纪80年代，深圳开始建设经济特区。",
        [("上世纪80年代", 0, 7, "1980/1989", "range", "decade", True, 0)],
    ),
    (
        "去年12月，该项目开工建设，预计明年上半年完工。",
        [
            ("去年12月", 0, 5, "2025-12", "point", "month", True, 0),
            ("明年上半年", 16, 21, "2027-H1", "point", "half_year", True, 0),
        ],
    ),
    ("3年前，他离开了家乡。", [("3年前", 0, 3, "2023", "point", "year", True, 0)]),
    (
        "2019年至2021年，该市GDP年均增长6%。",
        [("2019年至2021年", 0, 11, "2019/2021", "range", "year", False, 0)],
    ),
    (
        "“十四五”时期，我国将推进新型城镇化。",
        [("十四五", 1, 4, "2021/2025", "range", "year", False, 0)],
    ),
    (
        "1996年到2011年，“九五”“十五”和“十一五”规划相继实施。",
        [
            ("1996年到2011年", 0, 11, "1996/2011", "range", "year", False, 0),
            ("九五", 13, 15, "1996/2000", "range", "year", False, 0),
            ("十五", 17, 19, "2001/2005", "range", "year", False, 0),
            ("十一五", 22, 25, "2006/2010", "range", "year", False, 0),
        ],
    ),
    (  # Traditional characters
        "二〇二三年十月，該公司兩年來營收增長三成。",
        [
            ("二〇二三年十月", 0, 7, "2023-10", "point", "month", False, 0),
            ("兩年來", 11, 14, "P2Y", "duration", "year", False, 0),
        ],
    ),
    (
        "過去三個月，物價持續上漲。",
        [("過去三個月", 0, 5, "P3M", "duration", "month", False, 0)],
    ),
    (  # full-width digits
        "２０２４年３月，新规正式实施。",
        [("２０２４年３月", 0, 7, "2024-03", "point", "month", False, 0)],
    ),
    (
        "会议于上午9时30分开幕，10:31结束。",
        [
            ("上午9时30分", 3, 10, "2026-06-17T09:30", "point", "minute", True, 0),
            ("10:31", 13, 18, "2026-06-17T10:31", "point", "minute", True, 0),
        ],
    ),
    ("17日，国务院召开常务会议。", [("17日", 0, 3, "2026-06-17", "point", "day", True, 0)]),
    (
        "该计划在1-5月完成，到2025年底全面铺开。",
        [
            ("1-5月", 4, 8, "2026-01/2026-05", "range", "month", True, 0),
            ("2025年底", 12, 18, "2025", "point", "year", False, 0),
        ],
    ),
    (
        "自2012年以来，该市累计投入资金30亿元。",
        [("2012年以来", 1, 8, "2012/2026", "range", "year", True, 0)],
    ),
    (
        "每两年举办一届，一年一度的盛会。",
        [
            ("每两年", 0, 3, "P2Y", "set", "year", False, 0),
            ("一年一度", 8, 12, "P1Y", "set", "year", False, 0),
        ],
    ),
    (
        "今天是2024年3月5日。昨天下雨。",
        [
            ("今天", 0, 2, "2026-06-17", "point", "day", True, 0),
            ("2024年3月5日", 3, 12, "2024-03-05", "point", "day", False, 0),
            ("昨天", 13, 15, "2026-06-16", "point", "day", True, 1),
        ],
    ),
    (
        "2026年6月1日至5日，展会在上海举行。",
        [("2026年6月1日至5日", 0, 12, "2026-06-01/2026-06-05", "range", "day", True, 0)],
    ),
    (
        "1997年7月1日，香港回归祖国。次年，亚洲金融危机蔓延。",
        [
            ("1997年7月1日", 0, 9, "1997-07-01", "point", "day", False, 0),
            ("次年", 17, 19, "1998", "point", "year", True, 1),
        ],
    ),
    (
        "第一季度，全国GDP同比增长5.3%。",
        [("第一季度", 0, 4, "2026-Q1", "point", "quarter", True, 0)],
    ),
    (
        "他用了一年半时间、三个半月和半个小时。",
        [
            ("一年半", 3, 6, "P18M", "duration", "year", False, 0),
            ("三个半月", 9, 13, "P3.5M", "duration", "month", False, 0),
            ("半个小时", 14, 18, "PT30M", "duration", "hour", False, 0),
        ],
    ),
    ("不同年龄段的人都来了，这体现在工作中。", []),
    (
        "2026年06月18日 08:23 来源：新华网",
        [("2026年06月18日 08:23", 0, 17, "2026-06-18T08:23", "point", "minute", False, 0)],
    ),
    (
        "20世纪初，中国社会剧变。本世纪以来，科技迅速发展。",
        [
            ("20世纪初", 0, 5, "1900/1999", "range", "century", False, 0),
            ("本世纪以来", 13, 18, "2000/2026", "range", "century", True, 1),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), OTHER_CASES)
def test_other_sentences(sentence: str, expected: list[tuple]) -> None:
    assert rows(sentence) == expected


def test_month_day_takes_the_year_of_the_same_paragraph_else_the_reference() -> None:
    text = "2016年7月，他来到宁夏。19日，他考察闽宁镇。\n6月17日，会议召开。"
    got = rows(text)
    assert got[1] == ("19日", 14, 17, "2016-07-19", "point", "day", True, 1)
    assert got[2] == ("6月17日", 26, 31, "2026-06-17", "point", "day", True, 2)


def test_without_reference_relative_values_are_underspecified_or_null() -> None:
    assert rows("今年6月，30年前，近日", None) == [
        ("今年6月", 0, 4, "XXXX-06", "point", "month", True, 0),  # underspecified, with a note
        ("30年前", 5, 9, None, "point", "year", True, 0),
        ("近日", 10, 12, None, "point", "vague", True, 0),
    ]


def test_vague_references_get_the_reference_date() -> None:
    got = extract("如今，目前，当下，眼下，不久前", REF)
    assert got["value"].tolist() == [REF] * 5
    assert set(got["granularity"]) == {"vague"}


def test_duration_since_carries_a_range_value() -> None:
    got = extract("30年来，闽宁协作成果丰硕。", REF).iloc[0]
    # 30年来: from the start of the year 30 years back to the reference day
    expected = ("P30Y", "1996/2026-06-17", "reference")
    assert (got["value"], got["range_value"], got["anchor"]) == expected


def test_five_year_plan_numbers() -> None:
    assert five_year_plan(1) == (1953, 1957)
    assert five_year_plan(9) == (1996, 2000)
    assert five_year_plan(14) == (2021, 2025)
    assert five_year_plan(15) == (2026, 2030)


def test_sort_key() -> None:
    assert sort_key("2026/2030") == "2026-01-01"
    assert sort_key("2026-H2") == "2026-07-01"
    assert sort_key("2026-Q3") == "2026-07-01"
    assert sort_key("2008-05-12T14:28") == "2008-05-12"
    assert sort_key(None) is None


def test_columns_and_empty_text() -> None:
    assert list(extract("", REF).columns) == COLUMNS
    assert COLUMNS[:8] == MAIN
    assert extract("没有时间", REF).empty


def test_reference_date_string_or_date() -> None:
    assert rows("今年", REF) == rows("今年", dt.date(2026, 6, 17))


# --- reference date --------------------------------------------------------------------------
def test_detect_reference_date_on_the_seed() -> None:
    date, how = detect_reference_date(SEED.read_text(encoding="utf-8"))
    # the dateline has no year: it comes from the latest explicit year of the text
    assert (date, how) == (dt.date(2026, 6, 17), "latest_explicit")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新华社北京2024年3月5日电 会议召开。", dt.date(2024, 3, 5)),
        ("本报北京6月17日讯（记者 王某）2025年5月的数据显示……", dt.date(2025, 6, 17)),
        ("2026年06月18日 08:23 来源：新华网\n正文", dt.date(2026, 6, 18)),
        ("新华社北京1月3日电\n2025年12月30日 10:00 发布", dt.date(2025, 1, 3)),
        ("这里没有任何日期，只有5次会议。", None),
        ("（新华社北京6月17日电）", None),
    ],
)
def test_detect_reference_date_forms(text: str, expected: dt.date | None) -> None:
    assert detect_reference_date(text)[0] == expected


def test_extract_detects_the_reference_date_itself() -> None:
    got = extract("（新华社北京6月17日电）2026年6月9日投产。今年6月完成交易。")
    assert got["value"].tolist() == ["2026-06-17", "2026-06-09", "2026-06"]


# --- the whole seed --------------------------------------------------------------------------
def test_whole_seed() -> None:
    text = SEED.read_text(encoding="utf-8")
    got = extract(text, REF)
    assert len(got) == SEED_COUNT
    assert got["kind"].value_counts().to_dict() == SEED_KINDS
    records = {(r.text, r.start, r.value, r.kind) for r in got.itertuples()}
    assert ("1997年4月", 690, "1997-04", "point") in records
    assert ("2026年6月9日", 5573, "2026-06-09", "point") in records
    assert ("十五五", 7121, "2026/2030", "range") in records
    assert ("今年6月", 8006, "2026-06", "point") in records
    # the displaced block after 2021年4月 still dates the meeting by the reference year
    assert ("6月17日", 1575, "2026-06-17", "point") in records
    assert (got["text"] == [text[a:b] for a, b in zip(got["start"], got["end"], strict=True)]).all()


SEED_COUNT = 85
SEED_KINDS = {"point": 44, "duration": 32, "range": 5, "set": 4}


# --- timeline --------------------------------------------------------------------------------
def _sentence_table(texts: list[tuple[int, int, str]]) -> pd.DataFrame:
    """Hand-made loader output: (article, paragraph, text) rows."""
    out, raw = [], 0
    for i, (article, paragraph, text) in enumerate(texts):
        out.append(
            {
                "doc": "d",
                "article": article,
                "section": 0,
                "paragraph": paragraph,
                "sentence": i,
                "text": text,
                "raw_start": raw,
                "raw_end": raw + len(text),
            }
        )
        raw += len(text) + 1
    return pd.DataFrame(out)


def test_build_timeline() -> None:
    table = _sentence_table(
        [
            (0, 0, "1997年4月，习近平同志来到宁夏调研。"),
            (0, 0, "19日，他考察西海固。"),
            (0, 1, "30年来，闽宁协作成果丰硕。"),
            (0, 1, "1996年，党中央部署东西部扶贫协作，福建对口帮扶宁夏。"),
            (0, 2, "1997年4月，习近平同志来到宁夏调研，一路走一路看。"),
            (1, 0, "今年6月，闽宁完成首笔省际绿电交易。"),
            (1, 0, "6月17日，会议在银川召开。"),
        ]
    )
    tl = build_timeline(table, REF)
    assert list(tl.columns) == EVENT_COLUMNS
    assert tl[["date", "sort_key", "expression", "mentions"]].values.tolist() == [
        ["1996", "1996-01-01", "1996年", 1],
        ["1997-04", "1997-04-01", "1997年4月", 2],
        ["1997-04-19", "1997-04-19", "19日", 1],
        ["2026-06", "2026-06-01", "今年6月", 1],
        ["2026-06-17", "2026-06-17", "6月17日", 1],
    ]
    first = tl.iloc[1]
    assert first["event"] == "1997年4月，习近平同志来到宁夏调研"
    assert first["sentences"] == [0, 4]
    assert (first["raw_start"], first["raw_end"], first["start"], first["end"]) == (0, 20, 0, 7)
    assert tl.iloc[0]["event"] == "1996年，党中央部署东西部扶贫协作，福建对口帮扶宁夏"


def test_build_timeline_detects_reference_and_can_include_durations() -> None:
    table = _sentence_table([(0, 0, "30年来，成果丰硕。"), (0, 0, "（新华社北京6月17日电）")])
    assert build_timeline(table, None).empty  # no year anywhere: 6月17日 cannot be dated
    tl = build_timeline(table, REF, include=("point", "range", "duration"))
    assert tl[["date", "sort_key", "kind"]].values.tolist() == [
        ["P30Y", "1996-01-01", "duration"],
        ["2026-06-17", "2026-06-17", "point"],
    ]


# --- properties --------------------------------------------------------------------------------
CHINESE_ISH = st.text(
    alphabet=list(
        "0123456789０１２３４５６７８９年月日号今去明前后来個个天小时時第次十百千零一二三四五六七八九两兩〇"
        "上下半初底末余多几每周星期世纪代以自从至到—-~：:，。；“”\n 的在是"
    ),
    max_size=60,
)


def _check(text: str) -> None:
    a = extract(text, REF)
    b = extract(text, REF)
    pd.testing.assert_frame_equal(a, b)
    last_end = 0
    for r in a.itertuples():
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start : r.end] == r.text
        assert r.start >= last_end
        last_end = r.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_property_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(CHINESE_ISH)
def test_property_chinese_like_text(text: str) -> None:
    _check(text)
    extract(text)  # reference detection on the same text never raises either


def seed_sentence_table() -> pd.DataFrame:
    """The seed as a sentence table: one paragraph per non-empty line, split_sentences inside."""
    text = SEED.read_text(encoding="utf-8")
    out, paragraph, offset = [], 0, 0
    for line in text.split("\n"):
        if line.strip():
            for a, b in split_sentences(line):
                out.append((0, paragraph, line[a:b], offset + a, offset + b))
            paragraph += 1
        offset += len(line) + 1
    table = pd.DataFrame(out, columns=["article", "paragraph", "text", "raw_start", "raw_end"])
    return table.assign(doc="seed", section=0, sentence=range(len(table)))


def test_build_timeline_on_the_seed() -> None:
    table = seed_sentence_table()
    tl = build_timeline(table, REF)
    assert (len(table), len(tl), tl["mentions"].sum()) == (217, 31, 32)
    assert tl["sort_key"].is_monotonic_increasing
    assert tl.iloc[0][["date", "expression"]].tolist() == ["1936", "90年前"]
    assert tl.iloc[-1][["date", "expression", "mentions"]].tolist() == ["2026-06-17", "6月17日", 2]
    text = SEED.read_text(encoding="utf-8")
    for r in tl.itertuples():  # raw offsets point at the sentence, start/end at the expression
        assert text[r.raw_start : r.raw_end][r.start : r.end] == r.expression
    assert len(build_timeline(table, None)) == 31  # reference detected from the dateline


# --- the events table on the loaded seed: actors and raw offsets of every expression ---------


def test_seed_events_trace_back_to_the_raw_file(seed_doc) -> None:
    events = seed_doc.locate(build_timeline(seed_doc.sentences, seed_doc.date))
    assert len(events) == 30
    raw = seed_doc.raw
    assert all(raw[r.expr_raw_start : r.expr_raw_end] == r.expression for r in events.itertuples())
    first = events.iloc[0]
    assert (first.date, first.expression, first.article, first.section) == ("1936", "90年前", 0, 1)
    visit = events[events.date == "1997-04"].iloc[0]
    assert visit.actors == "福建省委、习近平、福建省、宁夏、西海固"


def test_actors_are_people_places_and_organisations() -> None:
    assert actors("2016年7月，习近平总书记在宁夏主持召开东西部扶贫协作座谈会") == "习近平、宁夏"
