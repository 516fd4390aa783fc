"""Articles, sections, sentences and the document date, with exact raw offsets."""

from __future__ import annotations

import datetime as dt

import analysis


def test_seed_has_two_articles_with_headings(seed_doc) -> None:
    heads = [(a.title, a.subtitle, a.byline, a.dateline) for a in seed_doc.articles]
    assert heads == [
        (
            "习近平总书记关心推动闽宁协作三十年启示录",
            None,
            "○新华社记者",
            "（新华社北京6月17日电）",
        ),
        (
            "山海携手共赴振兴新征程",
            "——习近平总书记对常态化做好东西部协作工作的重要指示精神温暖人心催人奋进",
            "○新华社记者",
            "（新华社北京6月17日电）",
        ),
    ]


def test_sections_of_the_main_article(seed_doc) -> None:
    first, second = seed_doc.articles
    assert [(s.index, s.label, len(s.paragraphs)) for s in first.sections] == [
        (0, None, 5),
        (1, "（一）", 28),
        (2, "（二）", 30),
        (3, "（三）", 20),
        (4, "（四）", 29),
    ]
    assert [(s.index, s.label, len(s.paragraphs)) for s in second.sections] == [(0, None, 22)]
    assert [len(a.sentences) for a in seed_doc.articles] == [157, 44]


def test_displaced_block_is_back_in_the_second_article(seed_doc) -> None:
    first, second = seed_doc.articles
    assert "一任接着一任干，创造出人类减贫史上的奇迹。" in first.text
    assert "全国东西部协作工作会议6月17日" not in first.text
    assert second.text.startswith("全国东西部协作工作会议6月17日在宁夏银川召开。")
    assert second.paragraphs[6].text.startswith("“这是对闽宁协作成果和经验的高度肯定。”")
    rejoined = first.sentences[28]
    assert rejoined.raw_spans == [(1522, 1562), (2179, 2190)]
    assert seed_doc.raw[2179:2190] == "出人类减贫史上的奇迹。"
    log = seed_doc.corrections
    block = log[log.rule == "displaced_block"].iloc[0]
    assert (block.raw_start, block.raw_end) == (1564, 2177)
    assert "moved to the start of article 1" in block.note


def test_every_sentence_maps_back_to_raw_text(seed_doc) -> None:
    """Sentences untouched by a repair are exactly their raw pieces (line breaks aside)."""
    log = seed_doc.corrections[seed_doc.corrections.changed]
    log = log[log.rule != "displaced_block"]
    exact = repaired = 0
    for art in seed_doc.articles:
        for sent in art.sentences:
            pieces = "".join(seed_doc.raw[s:e] for s, e in sent.raw_spans)
            touched = ((log.raw_start < sent.raw_end) & (log.raw_end > sent.raw_start)).any()
            if touched:
                repaired += 1
            else:
                assert "".join(pieces.split()) == sent.text
                exact += 1
    assert (exact, repaired) == (184, 17)


def test_document_date_from_dateline_and_inferred_year(seed_doc) -> None:
    assert seed_doc.date == dt.date(2026, 6, 17)
    assert seed_doc.date_method == "latest_explicit"  # the year; the day is the dateline's
    assert "6月17日电" in seed_doc.date_note and "year 2026" in seed_doc.date_note


def test_plain_text_is_one_article_without_headings() -> None:
    doc = analysis.document_from_text("今天天气很好。我们去公园散步！\n公园里人很多。")
    assert len(doc.articles) == 1
    art = doc.articles[0]
    assert (art.title, art.byline, art.dateline) == (None, None, None)
    assert [s.text for s in art.sentences] == [
        "今天天气很好。",
        "我们去公园散步！",
        "公园里人很多。",
    ]
    assert [(s.raw_start, s.raw_end) for s in art.sentences] == [(0, 7), (7, 15), (16, 23)]
    assert doc.date is None


def test_online_article_with_dateline_prefix_and_year() -> None:
    text = "某县推进乡村振兴\n\n新华社成都3月5日电（记者张三）2024年3月，某县启动新一轮帮扶。\n"
    doc = analysis.document_from_text(text)
    assert doc.articles[0].title == "某县推进乡村振兴"
    assert doc.date == dt.date(2024, 3, 5)
