"""Which rules may change which texts (``repairs.gates``, issue 14): the numpy pass against
the rules' own classes searched text by text, a rule with ``beside`` changing nothing
without it, and the bits kept after an edit a superset of the new text's."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis import cleaning
from analysis.repairs import gates, registry
from analysis.repairs.log import compose
from analysis.repairs.registry import rules
from tests.test_loading_repairs import texts

CHARACTER = rules("character")
# edits that make new neighbours: removed invisible characters, full-width digits, 의 → 的
NEIGHBOURS = st.lists(st.sampled_from([*"09 \u3000\n\u200b发展１의%年"]), max_size=20).map("".join)
BESIDE = [r for r in CHARACTER if r.beside is not None]


def reference_bits(text: str) -> int:
    """The bits of the rules that may change ``text``, found with each rule's own classes
    character by character (the text's edges read as line breaks)."""
    g = gates.gates()
    padded = f"\n{text}\n"
    out = 0
    for r, bit in zip(CHARACTER, g.bits, strict=True):
        if r.trigger is None:
            continue
        at = [i for i in range(1, len(padded) - 1) if r.trigger.fullmatch(padded[i])]
        if r.beside is not None:
            side = r.beside.fullmatch
            at = [i for i in at if side(padded[i - 1]) or side(padded[i + 1])]
        out |= bit if at else 0
    return out


def test_the_rules_with_a_neighbour_class() -> None:
    assert [(r.name, r.beside.pattern) for r in BESIDE] == [
        ("space_in_number", r"[\d]"),
        ("edge_whitespace", "[\n]"),
    ]
    g = gates.gates()
    assert g.bits == (1, 2, 4, 8, 16, 32, 64, 128, 256, 0, 0)
    assert g.besides == 32 | 128
    assert g.chars[" "] == 32 | 128 | 256 and g.near["\n"] == 128 and g.near["7"] == 32
    assert g.trigger[ord("\u3000")] == 32 | 128 | 256 and g.beside[ord("\u0663")] == 32


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(texts, NEIGHBOURS), max_size=6))
@example(["", " ", "1 ", " \n", "发 展", "１ 9", "a\u3000", "\r\n", "의の\u200b"])
def test_the_numpy_pass_gives_each_texts_own_bits(group: list[str]) -> None:
    assert gates.rule_masks(group, gates.gates()) == [reference_bits(t) for t in group]


@settings(max_examples=300, deadline=None)
@given(texts)
@example("发 展 工作")
@example("增长 ，年 月")
@example("\u3000发展 工作\u3000。")
def test_a_rule_changes_nothing_without_its_neighbour(text: str) -> None:
    bits = reference_bits(text)
    for r, bit in zip(CHARACTER, gates.gates().bits, strict=True):
        if r.beside is not None and not bits & bit:
            assert [e for e in r.fn(text) if e.changed] == [], r.name


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts, NEIGHBOURS))
@example("１ ９ 年의 \n发 展")
@example("增长 \u200b5%")  # the space next to a digit once the invisible one is gone
@example("发展 \u200b\n工作")  # ... at a line's edge
@example("越 越 织越 越密 ")
def test_the_bits_after_an_edit_hold_the_new_texts(text: str) -> None:
    g = gates.gates()
    (mask,) = gates.rule_masks([text], g)
    for r in CHARACTER:
        found = r.fn(text)
        changes = sorted((e.start, e.end, e.after) for e in compose(found) if e.changed)
        if not changes:
            continue
        mask = gates.edited(g, mask, text, changes)
        text = cleaning._spliced(text, changes)
        assert reference_bits(text) & ~mask == 0, r.name


def test_a_trigger_holding_the_separator_is_refused() -> None:
    bad = (*((r.trigger, r.beside) for r in CHARACTER), (re.compile("[\n]"), None))
    with pytest.raises(ValueError, match="may not hold"):
        gates._gates(bad)


def test_beside_needs_a_trigger_and_is_a_class() -> None:
    with pytest.raises(ValueError, match="beside needs a trigger"):
        registry.rule("x_rule", "character", "x", [("a", "a")], beside="[a]")
    with pytest.raises(ValueError, match="a beside is a character class"):
        registry.rule("x_rule", "character", "x", [("a", "a")], trigger="[a]", beside="ab")
