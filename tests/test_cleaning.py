"""The corrections log: every repair of the seed, with exact raw offsets and rules."""

from __future__ import annotations

from analysis.cleaning import clean


def test_seed_corrections_by_rule(seed_doc) -> None:
    counts = seed_doc.corrections.rule.value_counts().to_dict()
    assert counts == {
        "halfwidth_punct": 10,
        "foreign_script": 5,
        "space_in_cjk": 4,
        "line_break_in_word": 4,
        "unbalanced_quotes": 2,
        "broken_sentence_rejoined": 1,
        "displaced_block": 1,
        "duplicated_char": 1,
        "duplicated_word": 1,
    }


def test_every_repair_is_visible_in_the_repaired_text(seed_doc) -> None:
    """Each character-level replacement's ``after`` text is in the repaired page."""
    log = seed_doc.corrections
    replaced = log[log.changed & (log.after != "")]
    assert sorted(set(replaced.after)) == ["的", "越织越", "（", "）"]
    for after in replaced.after:
        assert after in seed_doc.text


def test_korean_particle_replaced_by_de(seed_doc) -> None:
    log = seed_doc.corrections
    rows = log[log.rule == "foreign_script"]
    assert rows.raw_start.tolist() == [67, 99, 137, 152, 194]
    assert set(rows.before) == {"의"} and set(rows.after) == {"的"}
    assert "의" not in seed_doc.text
    assert "开启了跨越山海的长情奔赴" in seed_doc.text


def test_spaces_duplicates_and_widths_repaired(seed_doc) -> None:
    text = seed_doc.text
    assert "特色产业发展" in text and "产业发 展" not in text
    assert "让更多西部务工人员在东部的热土上" in text
    assert "招工难题" in text and "招工招工" not in text
    assert "网络越织越密" in text
    assert "村（社区）结对" in text and "(2026—2030年)" not in text
    assert "——习近平总书记对常态化" in text


def test_line_breaks_inside_words_joined(seed_doc) -> None:
    log = seed_doc.corrections
    rows = log[log.rule == "line_break_in_word"]
    assert rows.raw_start.tolist() == [5293, 6904, 8973, 9415]
    assert set(rows.before) == {"\n\n"}
    for word in (
        "各项社会事业不断推进",
        "习近平总书记明确",
        "实施“蓝鹰工程”",
        "认真落实常态化帮扶责任",
    ):
        assert word in seed_doc.text


def test_reduplications_are_not_touched() -> None:
    text, log = clean("静静矗立，沉甸甸的分量，结出累累硕果，工作作出部署。")
    assert text.text == "静静矗立，沉甸甸的分量，结出累累硕果，工作作出部署。"
    assert log.empty


def test_clean_on_other_text_records_raw_offsets() -> None:
    text, log = clean("他說 ：“好の方法”,我们(北京)同意。")
    assert text.text == "他說：“好的方法”，我们（北京）同意。"
    assert log[["raw_start", "raw_end", "before", "after", "rule"]].values.tolist() == [
        [2, 3, " ", "", "space_in_cjk"],
        [6, 7, "の", "的", "foreign_script"],
        [10, 11, ",", "，", "halfwidth_punct"],
        [13, 14, "(", "（", "halfwidth_punct"],
        [16, 17, ")", "）", "halfwidth_punct"],
    ]
    assert text.raw_span(2, 3) == (3, 4)  # the colon after the removed space
