"""One test page per layout family (tests/data/layouts/, written for these tests in the style
of each family): exact articles, headings, datelines, dates, sections and sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import analysis
from analysis import frequency as fq

LAYOUTS = Path(__file__).parent / "data" / "layouts"


def load(name: str) -> analysis.Document:
    return analysis.load(LAYOUTS / f"{name}.txt")


def test_two_wire_reports_on_one_page_are_two_articles() -> None:
    doc = load("two_reports")
    heads = [(a.title, a.byline, a.dateline) for a in doc.articles]
    assert heads == [
        (
            "滇西北山洪过后 青石镇群众转移安置有序",
            "○新华社记者 张明 李华",
            "新华社昆明8月3日电（记者张明李华）",
        ),
        ("高原牧区迎来夏季转场 牧民搬进新建定居点", None, "新华社西宁8月4日电（记者马青）"),
    ]
    assert [len(a.sentences) for a in doc.articles] == [8, 5]
    first = doc.articles[0].sentences[0]
    assert first.text == "8月1日夜间，滇西北地区遭遇强降雨，丽江市青石镇部分村组发生山洪。"
    assert first.raw_spans == [(55, 88)] and doc.raw[55:88] == first.text
    # the dateline's month and day; the year from the latest explicit year-month (2023年7月)
    assert (doc.date, doc.date_method) == (dt.date(2023, 8, 3), "latest_explicit")


def test_headlines_are_units_of_their_own_with_a_token_flag() -> None:
    doc = load("two_reports")
    heads = [(h.index, h.text, h.raw_spans) for a in doc.articles for h in a.headlines]
    assert heads == [
        (-1, "滇西北山洪过后 青石镇群众转移安置有序", [(0, 19)]),
        (-1, "高原牧区迎来夏季转场 牧民搬进新建定居点", [(311, 331)]),
    ]
    tokens = analysis.token_table(doc)
    head = tokens[tokens.headline]
    assert head.token.tolist()[:4] == ["滇西北", "山洪", "过后", "青石"]
    assert (len(head), set(head.sentence)) == (18, {-1})
    by = fq.frequency_table(tokens, by=("headline",))
    assert by[by.headline].set_index("term").loc["牧民", "count"] == 1
    assert by[~by.headline].set_index("term").loc["牧民", "count"] == 5


def test_online_page_chrome_and_captions_are_not_body_text() -> None:
    doc = load("online_page")
    (art,) = doc.articles
    assert art.title == "社区“健康小屋”开进老旧小区 居民家门口测血压"
    assert art.dateline == "本报讯（记者陈晨）"
    assert [c.text for c in art.chrome] == [
        "发布时间：2024-05-20 09:15来源：江城日报编辑：王芳",
        "字号：大中小 | 打印 | 分享到",
        "责任编辑：刘洋",
        "阅读量：3521",
    ]
    assert [c.text for c in art.captions] == [
        "图为志愿者在“健康小屋”为老人测量血压。（图片来源：江城日报）"
    ]
    assert len(art.sentences) == 7
    assert not any("图片来源" in s.text or "阅读量" in s.text for s in art.sentences)
    assert (
        art.sentences[2].text
        == "和平里小区建成于上世纪九十年代，60岁以上的老人占常住人口的三成以上。"
    )
    assert (doc.date, doc.date_method) == (dt.date(2024, 5, 20), "stamp")


def test_report_with_spaced_digits_subtitle_date_speaker_and_subsections() -> None:
    doc = load("spaced_report")
    (art,) = doc.articles
    assert art.title == "2023年政府工作报告"
    assert art.subtitle == "——2023年1月10日在江城市第十六届人民代表大会第三次会议上"
    assert doc.raw[13:52] == "——2 0 2 3 年1 月1 0 日在江城市第十六届人民代表大会第三次会议上"
    assert art.heading_spans["subtitle"] == [(13, 52)]
    assert art.speaker == "江城市市长\u3000王建国"
    assert (doc.date, doc.date_method) == (dt.date(2023, 1, 10), "title_line")
    assert [(s.index, s.label, s.level, len(s.paragraphs)) for s in art.sections] == [
        (0, None, 1, 2),
        (1, "一、2022年工作回顾", 1, 1),
        (2, "（一）经济运行稳中有进", 2, 1),
        (3, "（二）民生保障持续加强", 2, 1),
        (4, "二、2023年工作安排", 1, 2),
    ]
    texts = [s.text for s in art.sentences]
    assert texts[2] == "过去一年，全市地区生产总值达到2156亿元，比上年增长5.2%。"
    assert texts[3] == "城乡居民人均可支配收入分别增长4.8%和6.1%。"
    assert texts[4] == "全市规模以上工业增加值增长7.3%，新开工亿元以上项目126个。"
    assert len(texts) == 10


def test_lost_characters_are_flagged_kept_and_never_split_a_sentence() -> None:
    doc = load("lost_characters")
    log = doc.corrections
    lost = log[log.rule == "lost_character"]
    assert lost[["raw_start", "before", "after", "changed"]].values.tolist() == [
        [1, "?", "\ufffd", True],
        [37, "?", "\ufffd", True],
        [57, "?", "\ufffd", True],
        [93, "□", "\ufffd", True],
        [104, "?", "\ufffd", True],
        [130, "\ufffd", "\ufffd", False],
        [158, "?", "\ufffd", True],
        [195, "?", "\ufffd", True],
    ]
    # after the question particle 吗, ? is a real question mark
    assert log[log.rule == "halfwidth_punct"].raw_start.tolist() == [164]
    (art,) = doc.articles
    assert art.title == "大\ufffd村的新茶季"
    texts = [s.text for s in art.sentences]
    assert len(texts) == 9 and sum("？" in t for t in texts) == 1
    assert texts[3] == "白\ufffd乡的茶农也赶来帮忙，\ufffd村之间的道路去年已经硬化。"
    assert texts[6] == "你尝过大\ufffd村的新茶吗？"


def test_anniversary_piece_is_dated_in_the_anniversary_year() -> None:
    doc = load("anniversary")
    assert doc.articles[0].title == "玉树地震十周年：高原新城焕新颜"
    assert doc.articles[0].dateline == "新华社西宁4月14日电（记者马青赵磊）"
    # the latest explicit year is 2013; the earthquake (2010) + 十周年 = 2020
    assert (doc.date, doc.date_method) == (dt.date(2020, 4, 14), "anniversary")
    assert "'地震' in a sentence with the year 2010 + 10" in doc.date_note


@pytest.mark.parametrize("name", sorted(p.stem for p in LAYOUTS.glob("*.txt")))
def test_every_layout_page_maps_back_to_the_raw_text(name: str) -> None:
    doc = load(name)
    for art in doc.articles:
        for unit in [*art.headlines, *art.sentences]:
            for s, e in unit.raw_spans:
                assert 0 <= s < e <= len(doc.raw)
    assert doc.date is not None
