"""The engine's pre-checks change nothing: each rule behind its first-character lookahead finds
exactly what its plain pattern finds, and a text without a rule's gate characters has no match
of that rule (``analysis.time.prefilter``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.chars import normalise
from analysis.time import engine, lexicon
from analysis.time.engine import RULES, candidates
from analysis.time.prefilter import first_chars, gates, guarded, required_chars

PLAIN = {r.name: re.compile(r.pattern) for r in RULES}

# News paragraphs of other topics, written for these tests (statistics, weather, spaceflight,
# courts, tourism, railways, earnings, sport, a Traditional-script typhoon report, a quotation,
# a paragraph without any time expression, an earthquake follow-up in three sentences ...).
NEWS = (
    (Path(__file__).parent / "data" / "timeline" / "other_topics.txt")
    .read_text(encoding="utf-8")
    .splitlines()
)
EXAMPLES = [normalise(e.text) for rule in RULES for e in rule.examples]
ALPHABET = st.sampled_from(
    sorted({ch for text in NEWS + EXAMPLES for ch in normalise(text)}) + list(" \n")
)


def _spans(rx: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), tuple(sorted(m.groupdict().items()))) for m in rx.finditer(text)]


def _brute_candidates(norm: str) -> list[tuple[int, int, str]]:
    """``engine.candidates`` without any pre-check: every plain pattern over the whole text."""
    found = []
    for rule in RULES:
        engine._matches(rule, PLAIN[rule.name], norm, found)
    return [(c.start, c.end, c.rule.name) for c in engine.longest_first(found, len(norm))]


def test_first_chars_of_small_patterns() -> None:
    assert first_chars(r"(?:约|近)?(?<![0-9])[0-9]+年") == "[0-9约近]"
    # a conditional: without the year group the branch (?!) fails, so 月 cannot begin a match
    assert first_chars(r"(?:(?P<y>[0-9]{4})年)?(?(y)[0-9]{1,2}月|(?!))") == "[0-9]"
    assert first_chars(r"(?:(?P<y>[0-9]{4})年)?(?(y)|上)旬") == "[0-9上]"
    assert first_chars(r"(?P<w>周|星期)[一二三]") == "[周星]"
    assert guarded(r"今年|明年") == "(?=[今明])(?:今年|明年)"


@pytest.mark.parametrize(
    "pattern",
    [
        r"年?",
        r"(?:约)?",
        r".年",
        r"[^0-9]年",
        r"\w+年",
        r"(?i)q[1-4]",
        r"(?=年)",
        r"(?P<x>a?)(?P=x)b",
    ],
)
def test_no_set_when_any_start_or_empty_match_is_possible(pattern: str) -> None:
    assert first_chars(pattern) is None
    assert guarded(pattern) == pattern


def test_required_chars_of_small_patterns() -> None:
    assert required_chars(r"(?:约|近)?[0-9]+(?:年|月)") == frozenset("年月")
    assert required_chars(r"(?:[0-9]{4}年)?[0-9]{1,2}月") == frozenset("月")
    assert required_chars(r"(?:[12][0-9]{3}年|[0-9]{1,2}月)(?:初|底)?") == frozenset("年月")
    assert required_chars(r"春节|元宵节|中秋节") == frozenset("节")  # the one they share
    assert required_chars(r"[0-9]+") == frozenset("0123456789")
    assert required_chars(r"年?") is None
    assert required_chars(r".+") is None


def test_the_date_and_duration_rules_have_selective_gates() -> None:
    """The two rules most paragraphs would otherwise run: a date needs 年 or 月, a duration a
    character of a time unit (年 月 天 小时 …)."""
    by_name = {r.name: r for r in RULES}
    assert frozenset("年月") in gates(by_name["date"].pattern)
    unit_chars = {ch for word in lexicon.units() for ch in word}
    assert required_chars(by_name["duration"].pattern) <= unit_chars


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_guarded_rule_finds_what_the_plain_pattern_finds(rule) -> None:
    guarded_rx = rule.compiled()
    for text in NEWS + EXAMPLES:
        norm = normalise(text)
        assert _spans(guarded_rx, norm) == _spans(PLAIN[rule.name], norm), text
        if PLAIN[rule.name].search(norm):
            assert all(not g.isdisjoint(norm) for g in rule.gates()), text
            assert rule.word_gate() is None or rule.word_gate().search(norm), text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=50))
def test_prechecks_never_lose_a_match(text: str) -> None:
    for rule in RULES:
        plain = _spans(PLAIN[rule.name], text)
        assert _spans(rule.compiled(), text) == plain, rule.name
        if plain:
            assert all(not g.isdisjoint(text) for g in rule.gates()), rule.name
            assert rule.word_gate() is None or rule.word_gate().search(text), rule.name
    assert [(c.start, c.end, c.rule.name) for c in candidates(text)] == _brute_candidates(text)


# Pieces of holiday expressions (names, years, periods, the solar terms' context words) and
# other characters: random joins of them meet the holiday rule's word gate near its edges.
_HOLIDAY_PIECES = st.sampled_from(
    [
        *sorted({*lexicon.holidays(), *lexicon.solar_terms()}),
        *["2023年", "23年", "今年", "去年", "假期", "小长假", "黄金周", "节", "前后", "当天"],
        *"春节中秋国庆清明元宵端午冬至年大小 ，。0",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_HOLIDAY_PIECES, max_size=8).map("".join))
def test_word_gates_never_lose_a_match(text: str) -> None:
    """A rule with a word pre-check (the holidays' names) finds, on texts made of its own
    vocabulary, exactly what the unfiltered engine finds."""
    gated = [rule for rule in RULES if rule.needs_word]
    assert [rule.name for rule in gated] == ["holiday"]
    for rule in gated:
        if PLAIN[rule.name].search(text):
            assert rule.word_gate().search(text), text
    assert [(c.start, c.end, c.rule.name) for c in candidates(text)] == _brute_candidates(text)


def test_candidates_equal_the_unfiltered_engine_on_news() -> None:
    for text in NEWS + EXAMPLES:
        norm = normalise(text)
        found = [(c.start, c.end, c.rule.name) for c in candidates(norm)]
        assert found == _brute_candidates(norm), text
    assert len(candidates(normalise(NEWS[3]))) == 2  # 2019年3月 and 2021年底
