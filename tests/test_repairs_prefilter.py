"""The text-only repair pass (issue 14): triggers, ``changes`` functions, one prefilter.

``cleaning.clean_text`` skips a character rule when none of its trigger characters is in the
text and calls a rule's ``changes`` function instead of the rule where there is one. Both
are only sound if a rule never changes a text without its trigger and ``changes`` gives
exactly the rule's changing edits: checked here rule by rule on random text, and the whole
pass against ``clean_rows`` (the full pass, with its log) as the oracle.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis import cleaning, structure
from analysis.loading import repaired_articles, text_only_articles
from analysis.reading import TextFileError, read_text
from analysis.repairs import registry, scan
from analysis.repairs.layout import is_complete
from analysis.repairs.registry import rules
from analysis.textmap import MappedText, PlainText
from tests.conftest import SEED
from tests.test_loading_repairs import PIECES, texts

DATA = SEED.parents[1] / "tests" / "data"
TRIGGERED = [r for r in rules("character") if r.trigger is not None]
WITH_CHANGES = [r for r in rules("character") if r.changes is not None]
# every character some rule reacts to, and a few that none does
CHARS = sorted({c for p in PIECES for c in p} | set("\u200b\ufeff\u00adの１ａ（)"))


def _changing(edits: list) -> list:
    return [e for e in edits if e.changed]


def test_the_rules_that_may_be_skipped() -> None:
    assert [r.name for r in TRIGGERED] == [
        "line_endings",
        "invisible_char",
        "foreign_script",
        "lost_character",
        "fullwidth_alnum",
        "space_in_number",
        "halfwidth_punct",
        "edge_whitespace",
        "space_in_cjk",
    ]
    assert [r.name for r in WITH_CHANGES] == ["duplicated_char"]


@settings(max_examples=300, deadline=None)
@given(texts)
@example("——1 9 9 8 年3 月5 日在\n\u3000\u3000各位代表：  \n特色产业发 展。")
@example("金沙江畔的拉?村，你去吗?我不去。我们(北京)同意,好，跨越山海의长情")
def test_a_rule_changes_nothing_without_its_trigger(text: str) -> None:
    for r in TRIGGERED:
        bare = r.trigger.sub("", text)
        assert _changing(r.fn(bare)) == [], r.name


@settings(max_examples=300, deadline=None)
@given(texts)
@example("网络织越越密，解决招工招工难题，静静矗立，工作作出部署，越越越静静静")
def test_changes_are_the_rules_changing_edits(text: str) -> None:
    for r in WITH_CHANGES:
        assert r.changes(text) == _changing(r.fn(text)), r.name


@pytest.mark.parametrize("char", CHARS)
def test_the_prefilter_is_the_union_of_the_triggers(char: str) -> None:
    in_some = any(r.trigger.fullmatch(char) for r in TRIGGERED)
    assert bool(cleaning.prefilter().fullmatch(char)) is in_some


@settings(max_examples=300, deadline=None)
@given(texts)
@example("\u3000\u3000新华社北京1月2日电 招工招工难题 1 9 9 8 年，网络织越越密。\r\n")
@example("１９８０年，拉?村의(北京)同意,好\u200b")
@example("越 越 织越 越密")  # spaces removed: a 越越 made by an earlier rule
@example("增长 \u200b5%，发展 \u200b\n工作")  # a space beside a digit, at an edge, once edited
def test_text_only_pass_equals_the_full_pass(text: str) -> None:
    assert cleaning.clean_text(text) == cleaning.clean_rows(text)[0].text


def test_a_trigger_must_be_a_character_class() -> None:
    with pytest.raises(ValueError, match="character class"):
        registry.rule("x_rule", "character", "x", [("a", "a")], trigger="越越")


def _blocks(raw: str, log: bool) -> list[list[tuple[str, str]]]:
    groups, _ = repaired_articles(raw, log=log)
    out = []
    for g in groups:
        heads = [(name, getattr(g, name).text) for name in ("title", "subtitle", "byline")
                 if getattr(g, name)]  # fmt: skip
        out.append(heads + [(b.kind, b.text) for b in g.body])
    return out


def _our_texts() -> list[str]:
    paths = sorted(DATA.glob("*.txt")) + sorted(DATA.glob("layouts/*.txt")) + [SEED]
    return [read_text(p)[0] for p in paths]


def test_text_only_articles_equal_the_full_ones_on_our_texts() -> None:
    raws = _our_texts()
    assert len(raws) >= 10
    for raw in raws:
        assert _blocks(raw, log=False) == _blocks(raw, log=True)
    _, rows = repaired_articles(raws[-1], log=False)
    assert rows == []  # no log on the text-only path


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, min_size=1, max_size=5).map("\n\n".join))
@example("关于政府工作的报告\n——2017年3月5日\n一、工作回顾\n各项社\n\n会事业不断推进。他说：“好")
def test_text_only_articles_equal_the_full_ones_on_random_pages(raw: str) -> None:
    try:
        full = _blocks(raw, log=True)
    except TextFileError as exc:  # an empty text: the same error on both paths
        with pytest.raises(TextFileError) as lean:
            _blocks(raw, log=False)
        assert str(lean.value) == str(exc) == "<text>: the text is empty (no text to analyse)"
        return
    assert _blocks(raw, log=False) == full


def test_a_failing_rule_is_named_on_the_text_only_path() -> None:
    k = next(k for k, r in enumerate(registry.RULES) if r.name == "space_in_cjk")
    kept = registry.RULES[k]

    def broken(text: str) -> list:
        raise KeyError("boom")

    registry.RULES[k] = dataclasses.replace(kept, fn=broken)
    try:
        with pytest.raises(TextFileError) as err:
            repaired_articles("发 展", path=Path("x.txt"), log=False)
    finally:
        registry.RULES[k] = kept
    assert str(err.value) == (
        "x.txt: repair rule 'space_in_cjk' failed (KeyError: 'boom'); "
        "please report this with the file"
    )
    assert cleaning.clean_text("特色产业发 展。") == "特色产业发展。"  # restored


# the layout's test of a complete paragraph as it was written before issue 14 (a reference)
REF_TERMINAL = re.compile(r"[。！？!?…；;：:][”’」』）)\]]*$|[”’」』]$")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="。！？!?…；;：:”’」』）)]发展\n \u3000", max_size=30))
@example("他说：“好。”\n")
@example("好。\n\n")
@example("”")
def test_the_tail_search_for_a_sentence_end_equals_the_whole_search(text: str) -> None:
    assert is_complete(text) is bool(REF_TERMINAL.search(text))


def test_a_rule_failing_on_one_text_of_a_group_spares_the_others() -> None:
    k = next(k for k, r in enumerate(registry.RULES) if r.name == "space_in_cjk")
    kept = registry.RULES[k]

    def fails_on_one(text: str) -> list:
        if "坏" in text:
            raise KeyError("boom")
        return kept.fn(text)

    raws = [
        "特色产业发 展。",
        "坏 特色产业发 展。",
        "   ",
        "乡村振兴取得了新的进展和\n\n明显成效。",
    ]
    registry.RULES[k] = dataclasses.replace(kept, fn=fails_on_one)
    try:
        found = text_only_articles(raws, ["a", "b", "c", "d"])
    finally:
        registry.RULES[k] = kept
    assert [type(f).__name__ for f in found] == ["list", "TextFileError", "TextFileError", "list"]
    assert str(found[1]) == (
        "b: repair rule 'space_in_cjk' failed (KeyError: 'boom'); please report this with the file"
    )
    assert str(found[2]) == "c: the text is empty (no text to analyse)"
    assert [[b.text for b in g.body] for g in found[0]] == [["特色产业发展。"]]
    assert [[b.text for b in g.body] for g in found[3]] == [["乡村振兴取得了新的进展和明显成效。"]]


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, max_size=8))
@example(["招工招工难题", "静静矗立", "", "工作作出部署，越越"])
def test_repeats_found_for_many_texts_at_once_are_each_texts_own(group: list[str]) -> None:
    with mock.patch.object(scan, "SHORT", 0):  # every text in the shared scan
        alone = []
        for text in group:
            scan.repeats.cache_clear()
            alone.append(scan.repeats(text))
        scan.share_repeats(group)
        try:
            for text, own in zip(group, alone, strict=True):
                scan.repeats.cache_clear()
                assert scan.repeats(text) == own
            assert set(scan._SHARED) == set(group)
        finally:
            scan.share_repeats([])
            scan.repeats.cache_clear()
    assert scan._SHARED == {}


def test_a_pass_over_texts_shares_the_repeats_scan_and_forgets_it() -> None:
    long = "各地解决招工招工难题，" * 30  # over SHORT characters: scanned
    seen = []
    real = scan.share_repeats

    def spy(texts: list[str]) -> None:
        seen.append(len(texts))
        real(texts)

    k = next(k for k, r in enumerate(registry.RULES) if r.name == "duplicated_word")
    kept = registry.RULES[k]
    registry.RULES[k] = dataclasses.replace(kept, prepare=spy)
    try:
        out = cleaning.clean_texts([long, "静静矗立", long + "再说"])
    finally:
        registry.RULES[k] = kept
    assert seen == [3, 0] and scan._SHARED == {}
    assert out == [cleaning.clean_rows(t)[0].text for t in (long, "静静矗立", long + "再说")]
    assert out[0] == "各地解决招工难题，" * 30


def test_plain_text_gives_the_texts_a_mapped_text_gives() -> None:
    """The text-only pass structures a ``PlainText``: the same texts, offsets its own."""
    text = "合成新闻1号\n\n新华社北京1月2日电 正文。"
    plain, mapped = PlainText(text), MappedText.identity(text)
    assert plain.view(8, 14).text == mapped.view(8, 14).text == "新华社北京1"
    assert (plain.view(0, 2) + plain.view(8, 10)).text == "合成新华"
    assert (plain.view(0, 2) + mapped.view(8, 10)).text == "合成新华"
    assert len(plain) == 22 and plain.raw_span() == (0, 22) and plain.raw_span(3, 3) == (3, 3)
    assert list(plain.view(2, 5).starts) == [0, 1, 2] and list(plain.view(2, 5).ends) == [1, 2, 3]
    joined = MappedText.join([plain.view(0, 2), plain.view(8, 10)], " ")
    assert joined.text == "合成 新华"
    blocks = structure.split_blocks(plain)
    assert [(type(b.mapped), b.text) for b in blocks] == [
        (PlainText, "合成新闻1号"),
        (PlainText, "新华社北京1月2日电 正文。"),
    ]
