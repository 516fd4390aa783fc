"""The corrections log: every repair of the seed, with exact raw offsets and rules."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis.cleaning import clean
from analysis.reading import TextFileError
from analysis.repairs import layout as _layout  # noqa: F401  (registers the layout rules)
from analysis.repairs.registry import RULES, repair_table


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


# --- the registry: every rule's own examples, run as tests ---------------------------------


# (rule, example number, input, expected): example 0 shows the rule at work, later ones may
# show where it must not act
CHARACTER_EXAMPLES = [
    (r.name, k, before, after)
    for r in RULES
    if r.stage == "character"
    for k, (before, after) in enumerate(r.examples)
]
PAGE_EXAMPLES = [
    (r.name, k, before, after)
    for r in RULES
    if r.stage != "character"
    for k, (before, after) in enumerate(r.examples)
]


@pytest.mark.parametrize(("rule", "k", "before", "after"), CHARACTER_EXAMPLES)
def test_character_rule_examples(rule: str, k: int, before: str, after: str) -> None:
    text, log = clean(before)
    assert text.text == after
    assert k or rule in set(log.rule)


@pytest.mark.parametrize(("rule", "k", "before", "after"), PAGE_EXAMPLES)
def test_layout_rule_examples(rule: str, k: int, before: str, after: str) -> None:
    doc = analysis.document_from_text(before)
    assert "\n".join(p.text for a in doc.articles for p in a.paragraphs) == after
    assert rule in set(doc.corrections.rule)


def test_every_rule_has_examples_and_the_readme_table_lists_them() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)) and all(r.examples for r in RULES)
    table = repair_table()
    assert all(f"| `{n}` |" in table for n in names)
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert table in readme, (
        "README repair table is stale: paste analysis.repairs.registry.repair_table()"
    )


# --- repairs compose: no overlapping edits, internal errors name the file and the rule -----

INDENTED = st.lists(
    st.sampled_from(
        [
            "\u3000",
            "\u3000\u3000",
            " ",
            "  ",
            "\n",
            "\n\n",
            "\t",
            "各",
            "位",
            "代表",
            "，",
            "。",
            "：",
            "（一）",
            "1",
            "9",
            " 9 ",
            "年",
            "?",
            "□",
            "의",
            "(",
            ")",
        ]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(INDENTED)
def test_random_indents_spaces_and_breaks_never_make_overlapping_edits(text: str) -> None:
    try:
        doc = analysis.document_from_text(text)
    except TextFileError as exc:
        assert not text.strip(), exc
        return
    log = doc.corrections
    assert all(text[r.raw_start : r.raw_end] == r.before for r in log.itertuples())
    lost = set(log[log.rule == "lost_character"].raw_start)
    for i, ch in enumerate(text):  # ? between Chinese characters is a lost character
        if (
            ch == "?"
            and 0 < i < len(text) - 1
            and text[i - 1] in "各位代表"
            and text[i + 1] in "各位代表"
        ):
            assert i in lost and "？" not in set(log[log.raw_start == i].after)


def test_the_report_indent_that_crashed_the_loader() -> None:
    doc = analysis.document_from_text(
        "\u3000\u3000各位代表：\n\u3000\u3000现在，我代表国务院报告工作。"
    )
    assert [s.text for s in doc.articles[0].sentences] == [
        "各位代表：",
        "现在，我代表国务院报告工作。",
    ]
    assert doc.corrections.rule.tolist() == ["edge_whitespace", "edge_whitespace"]


def test_an_internal_error_in_a_rule_is_a_text_file_error_naming_file_and_rule(
    monkeypatch, tmp_path
) -> None:
    from analysis.repairs import registry

    def broken(text: str) -> list:
        raise ValueError("overlapping edits at 3")

    patched = [
        dataclasses.replace(r, fn=broken) if r.name == "space_in_cjk" else r for r in registry.RULES
    ]
    monkeypatch.setattr(registry, "RULES", patched)
    path = tmp_path / "report.txt"
    path.write_text("各位代表：现在报告工作。", encoding="utf-8")
    with pytest.raises(TextFileError, match=r"report\.txt: repair rule 'space_in_cjk' failed"):
        analysis.load(path)
