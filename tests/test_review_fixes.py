"""Regressions found in review: each a plausible input that once broke or misled."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import analysis
from analysis import timeline
from analysis.cleaning import clean
from analysis.corpus import analyse_corpus
from analysis.dating import find_reference_date
from analysis.reading import decode_bytes
from tests.conftest import sentence_table


def test_dateline_on_a_line_of_its_own() -> None:
    doc = analysis.document_from_text("标题在此\n新华社北京6月17日电\n2025年5月，某地开工。")
    art = doc.articles[0]
    assert (art.title, art.dateline) == ("标题在此", "新华社北京6月17日电")
    assert [s.text for s in art.sentences] == ["2025年5月，某地开工。"]
    assert doc.date == dt.date(2025, 6, 17)


def test_reduplicated_verbs_are_flagged_not_deleted() -> None:
    for text in ("我们研究研究再说。", "一步一步走。"):
        repaired, log = clean(text)
        assert repaired.text == text
        assert log[["rule", "changed"]].values.tolist() == [["duplicated_word", False]]
    repaired, log = clean("企业招工招工难题得到解决。")
    assert repaired.text == "企业招工难题得到解决。"


def test_a_target_year_is_not_the_publication_year() -> None:
    found = find_reference_date("（新华社北京6月17日电）2025年3月启动，到2030年12月底完成。")
    assert (found.date, found.method) == (dt.date(2025, 6, 17), "latest_explicit")
    assert "year 2025" in found.note


def test_big5_is_not_mistaken_for_gb18030() -> None:
    text = "香港特區政府宣布新一輪資助計劃，兩年來已扶持逾千家初創企業。"
    decoded, encoding = decode_bytes(text.encode("big5"))
    assert decoded == text
    assert encoding.lower().replace("-", "") in {"big5", "big5hkscs", "cp950"}


def test_a_clock_time_without_a_date_is_not_an_event() -> None:
    sents = sentence_table("上午10时30分，会议开幕。")
    assert timeline.build_timeline(sents).empty
    assert timeline.extract("上午10时30分，会议开幕。").value.tolist() == ["T10:30"]


def test_fullwidth_digits_keep_character_offsets() -> None:
    doc = analysis.document_from_text("ＡＢ２０２５年，某地开工。")
    sentence = doc.articles[0].sentences[0]
    assert sentence.text == "AB2025年，某地开工。"
    assert sentence.mapped.raw_span(2, 6) == (2, 6)


def test_table_dates_are_reference_dates_and_bad_rows_are_problems(tmp_path) -> None:
    rows = [
        {"id": "a", "text": "今年6月，某地完成首笔交易。", "date": "2024-07-01"},
        {"id": "b", "text": "去年，某县开工。", "date": "2023-02-01"},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows] + ["{not json"]
    (tmp_path / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = analyse_corpus(tmp_path / "c.jsonl", "timeline", workers=1, progress=False)
    assert result.table[["doc_id", "date"]].values.tolist() == [["a", "2024-06"], ["b", "2022"]]
    assert result.problems.id.tolist() == ["line3"]
    assert result.problems.problem.iloc[0].startswith("bad JSON")
    assert result.documents == 2


def test_timeline_groups_missing_articles_together_as_groupby_did() -> None:
    """Rows whose article is missing are one article: the date carries from 2020年5月 on."""
    import numpy as np

    from analysis.timeline import build_timeline

    table = sentence_table("2020年5月，甲项目开工。", "当月，乙项目完成。", "次年，丙项目投产。")
    events = build_timeline(table.assign(article=np.nan))
    assert events["date"].tolist() == ["2020-05", "2020-05", "2021"]


def test_corpus_counts_stay_integers_when_a_document_has_no_content_tokens() -> None:
    from analysis.corpus import Item, analyse_corpus

    items = [Item("a", "a", text="我们的。"), Item("b", "b", text="闽宁协作，闽宁协作。")]
    table = analyse_corpus(items, "frequency", workers=1, progress=False).table
    assert table.to_dict("records") == [{"term": "闽宁协作", "count": 2, "doc_freq": 1}]
    assert str(table["count"].dtype) == "int64"


def test_counts_by_period_needs_document_dates() -> None:
    from analysis.quantities import counts_by_document, indicator_table

    table = indicator_table(sentence_table("累计投入援助资金76.8亿元。"))
    with pytest.raises(ValueError, match="needs a doc_date column"):
        counts_by_document(table, period="year")
