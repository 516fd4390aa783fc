"""The fast character rules against their straightforward forms (issue 14).

Each rule that was rewritten for speed (patterns opening with a character class instead of a
lookbehind, a cheap check that skips a rule, repeats found with numpy, one segmenter call for
all doubled characters) must give the very same edits as the plain regex form it replaced.
The plain forms are kept here as the reference; random text mixes the characters each rule
reacts to (spaces, U+3000, line breaks, digits, ASCII punctuation, lost-character marks,
doubled and reduplicated Chinese characters).
"""

from __future__ import annotations

import re
import unicodedata
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis import cleaning
from analysis.cues import cues
from analysis.repairs import characters as ch
from analysis.repairs import scan
from analysis.repairs.log import Edit, compose, edit_row
from analysis.repairs.registry import rules
from analysis.repairs.scan import CHUNK, cut_each, matches_at, repeats, space_matches
from analysis.textmap import MappedText
from analysis.tokens import cut, in_dictionary, segment

HAN, SPACE, CJK = ch.HAN, ch.SPACE, ch._CJK


# --- the straightforward forms (one regex over the whole text, one segment call per pair) ---


def ref_lost_character(text: str) -> list[Edit]:
    particles = set(cues("question_particle"))
    edits = []
    for m in re.finditer(f"(?<=[{HAN}，、：；“‘（《])[?\ufffd□■]+(?=[{HAN}])", text):
        if m.group() == "?" and text[m.start() - 1] in particles:
            continue
        for i in range(m.start(), m.end()):
            c = text[i]
            note = f"{c} inside Chinese text: a character lost in scraping; kept as \ufffd"
            edits.append(Edit(i, i + 1, "\ufffd", "lost_character", note, c != "\ufffd"))
    return edits


def ref_fullwidth_alnum(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), unicodedata.normalize("NFKC", m.group()), "fullwidth_alnum")
        for m in re.finditer(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0e\uff05]+", text)
    ]


def ref_space_in_number(text: str) -> list[Edit]:
    edits = []
    for m in re.finditer(r"(?<![\d.])\d(?:[ \u3000][\d.])+(?![\d.])", text):
        edits += [
            Edit(m.start() + k, m.start() + k + 1, "", "space_in_number", "spaced-out digits")
            for k in range(1, len(m.group()), 2)
        ]
    pattern = f"(?<=\\d){SPACE}+(?=[{HAN}%％])|(?<=[{HAN}]){SPACE}+(?=\\d[\\d ]* ?[{HAN}%％])"
    note = "space between a number and Chinese text"
    return edits + [
        Edit(m.start(), m.end(), "", "space_in_number", note) for m in re.finditer(pattern, text)
    ]


def ref_halfwidth_punct(text: str) -> list[Edit]:
    edits = []
    for m in re.finditer(r"\(([^()\n]{1,60})\)", text):
        if re.search(f"[{HAN}]", text[max(0, m.start() - 1) : m.end() + 1]):
            edits.append(Edit(m.start(), m.start() + 1, "（", "halfwidth_punct", "( → （"))
            edits.append(Edit(m.end() - 1, m.end(), "）", "halfwidth_punct", ") → ）"))
    for m in re.finditer(f"(?<=[{HAN}”’）》])[,;:?!](?=[{HAN}“‘（《])", text):
        full = ch._HALF_TO_FULL[m.group()]
        edits.append(Edit(m.start(), m.end(), full, "halfwidth_punct", f"{m.group()} → {full}"))
    return edits


def ref_edge_whitespace(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), "", "edge_whitespace", "space at line edge")
        for m in re.finditer(f"(?m)^{SPACE}+|{SPACE}+$", text)
    ]


def ref_space_in_cjk(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), "", "space_in_cjk", "space between Chinese characters")
        for m in re.finditer(f"(?<={CJK}){SPACE}+(?={CJK})", text)
        if not (ch._between_words(text, m.start(), m.end()) and ch._in_short_line(text, m.start()))
    ]


def ref_duplicated_word(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in re.finditer(f"([{HAN}]{{2,4}})\\1", text):
        unit = m.group(1)
        if len(set(unit)) == 1 or not in_dictionary(unit) or in_dictionary(unit * 2):
            continue
        if unit[0] == "一" or not ch._glued_to_next(unit, text[m.end() : m.end() + 3]):
            note = "repeated word, possibly a reduplication; kept"
            edits.append(Edit(m.start(), m.end(), m.group(), "duplicated_word", note, False))
            continue
        edits.append(
            Edit(m.start() + len(unit), m.end(), "", "duplicated_word", f"{unit} typed twice")
        )
    return edits


def ref_duplicated_char(text: str) -> list[Edit]:
    edits: list[Edit] = []
    taken: set[int] = set()
    for m in re.finditer(f"([{HAN}])越越([{HAN}])", text):
        note = "越…越… correlative with a transposed character"
        edits.append(
            Edit(m.start(), m.end() - 1, "越" + m.group(1) + "越", "duplicated_char", note)
        )
        taken.update(range(m.start(), m.end()))
    for m in re.finditer(f"([{HAN}])\\1", text):
        i = m.start()
        if i in taken or i + 1 in taken or _ref_apart_or_word(text, i):
            continue
        note = "doubled character that is neither a word nor a word boundary; kept"
        edits.append(Edit(i, i + 2, m.group(), "duplicated_char", note, False))
    return edits


def _ref_apart_or_word(text: str, i: int) -> bool:
    lo = max(0, i - 4)
    pos, owner = lo, {}
    for tok in segment(text[lo : i + 6]):
        for k in range(pos, pos + len(tok.text)):
            owner[k] = (pos, tok.text)
        pos += len(tok.text)
    (a_start, a_tok), (b_start, b_tok) = owner[i], owner[i + 1]
    if a_start == b_start:
        return len(a_tok) >= 2 and in_dictionary(a_tok)
    return len(a_tok) >= 2 or len(b_tok) >= 2


REFERENCE = {
    "lost_character": ref_lost_character,
    "fullwidth_alnum": ref_fullwidth_alnum,
    "space_in_number": ref_space_in_number,
    "halfwidth_punct": ref_halfwidth_punct,
    "edge_whitespace": ref_edge_whitespace,
    "space_in_cjk": ref_space_in_cjk,
    "duplicated_word": ref_duplicated_word,
    "duplicated_char": ref_duplicated_char,
}


def ref_clean_rows(raw: str) -> tuple[MappedText, list[dict[str, object]]]:
    """The character pass with the reference rules and every rule's edits applied."""
    mapped, rows = MappedText.identity(raw), []
    for r in rules("character"):
        edits = compose(REFERENCE.get(r.name, r.fn)(mapped.text))
        rows.extend(edit_row(mapped, raw, e) for e in edits)
        changes = [(e.start, e.end, e.after) for e in edits if e.changed]
        if changes:
            mapped = mapped.apply(changes)
    return mapped, rows


# --- random text made of what the rules react to ---

PIECES = [
    *"越静工作出招难题研究一步的国发展年月日",  # doubled and reduplicated characters
    "招工",
    "研究",
    "发展",
    "一步",
    "越越",
    "静静",
    "作作",  # words typed twice when repeated
    *"0123456789",
    "１",
    "９",
    "Ａ",
    "％",
    "．",
    ".",
    "%",
    "a",
    "Z",
    "—",
    "……",
    " ",
    "\u3000",
    "\t",
    "\u00a0",
    "\n",
    "\r",
    *",;:?!()",
    *"，、：；“‘（《”’）》。？",
    "\ufffd",
    "□",
    "■",
    "吗",
    "의",
]
NUMBER_PIECES = [*"0123456789", " ", "\u3000", ".", "%", "％", "年", "增", "长", "\n", "，"]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.lists(st.sampled_from(NUMBER_PIECES), max_size=30).map("".join),  # spaced numbers
)


def test_every_rewritten_rule_has_a_reference() -> None:
    names = {r.name for r in rules("character")}
    assert set(REFERENCE) <= names
    assert len(REFERENCE) == 8


@settings(max_examples=300, deadline=None)
@given(texts)
@example("——1 9 9 8 年3 月5 日在\n\u3000\u3000各位代表：  \n特色产业发 展。")
@example("网络织越越密，解决招工招工难题，静静矗立，工作作出部署，静静静")
@example("金沙江畔的拉?村，你去吗?我不去。我们(北京)同意,好")
@example("增长12 3年，1 1 %，4 . 8%，2 0 2 5.1 年")
@example("他说。?村，（□国 a■的，\ufffd\ufffd年")
def test_fast_rules_give_the_reference_edits(text: str) -> None:
    # short texts skip the numpy scan, texts with many spaces the space positions: each
    # way checked
    for short, many in ((scan.SHORT, scan.MANY_SPACES), (0, 0)):
        with mock.patch.object(scan, "SHORT", short), mock.patch.object(scan, "MANY_SPACES", many):
            scan.space_positions.cache_clear()
            for name, reference in REFERENCE.items():
                fast = next(r.fn for r in rules("character") if r.name == name)
                assert fast(text) == reference(text), name
    scan.space_positions.cache_clear()


@settings(max_examples=150, deadline=None)
@given(texts)
@example("\u3000\u3000新华社北京1月2日电 招工招工难题 1 9 9 8 年，网络织越越密。")
def test_character_pass_equals_the_reference_pass(text: str) -> None:
    fast_text, fast_rows = cleaning.clean_rows(text)
    ref_text, ref_rows = ref_clean_rows(text)
    assert fast_text == ref_text
    assert fast_rows == ref_rows


@settings(max_examples=200, deadline=None)
@given(st.lists(texts.filter(bool), max_size=6))
@example(["工作作出", "静静矗立", "\u3000 静静", "A.B静静"])
def test_one_cut_for_all_windows_equals_one_cut_each(windows: list[str]) -> None:
    assert cut_each(windows) == [cut(w) for w in windows]


def test_cut_each_with_a_carriage_return_cuts_each_window() -> None:
    windows = ["静静矗立\r", "工作作出"]
    assert cut_each(windows) == [cut(w) for w in windows]


@settings(max_examples=200, deadline=None)
@given(texts)
def test_repeats_hold_every_regex_match(text: str) -> None:
    found = repeats(text)
    for pattern, starts in ((ch._DOUBLED_CHAR, found.chars), (ch._DOUBLED_WORD, found.units)):
        fast = [m.span() for m in matches_at(pattern, text, starts)]
        assert fast == [m.span() for m in pattern.finditer(text)]


def test_repeats_across_a_chunk_boundary() -> None:
    """A repeat that starts just before a chunk ends is found once, in the first chunk."""
    filler = ("甲乙丙丁戊己庚" * (CHUNK // 7 + 1))[: CHUNK - 3]  # no repeat within 4
    text = filler + "招工招工" + "国" + "发展" * 3 + "静静"
    found = repeats(text)
    assert found.units == [CHUNK - 3, CHUNK + 2, CHUNK + 3, CHUNK + 4]  # 发展发展 at 3 places
    assert found.chars == [CHUNK + 8]
    spans = [m.span() for m in matches_at(ch._DOUBLED_WORD, text, found.units)]
    assert spans == [(CHUNK - 3, CHUNK + 1), (CHUNK + 2, CHUNK + 6)]
    assert spans == [m.span() for m in ch._DOUBLED_WORD.finditer(text)]


SPACE_PATTERNS = [  # (pattern, which character of each match is a space, the spaces it takes)
    (ch._SPACE_BY_DIGIT, 0, scan.SPACE_CHARS),
    (ch._NUMBER_SPACE, 0, scan.SPACE_CHARS),
    (ch._SPACE_RUN, 0, scan.SPACE_CHARS),
    (ch._SPACE_IN_CJK, 0, scan.SPACE_CHARS),
    (ch._SPACED_DIGITS, 1, " \u3000"),
]


def test_the_space_characters_are_those_of_the_space_class() -> None:
    assert sorted(scan.SPACE_CHARS) == sorted(re.findall(SPACE, "".join(map(chr, range(0x3100)))))


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from([0, 1, 2, 64]))
@example("——1 9 9 8 年3 月5 日在\n\u3000\u3000各位代表：  \n特色产业发 展。", 64)
@example("增长12 3年，1 1 %，4 . 8%，2 0 2 5.1 年  \u00a0\t", 2)
def test_matches_at_the_spaces_are_the_regex_matches(text: str, many: int) -> None:
    """Tried only where the text has a space (or over the whole text past ``many``
    spaces), each space rule's pattern finds what ``finditer`` finds."""
    with mock.patch.object(scan, "MANY_SPACES", many):
        scan.space_positions.cache_clear()
        for pattern, shift, chars in SPACE_PATTERNS:
            fast = [m.span() for m in space_matches(pattern, text, shift=shift, chars=chars)]
            assert fast == [m.span() for m in pattern.finditer(text)], pattern.pattern
    scan.space_positions.cache_clear()


def test_space_positions_of_a_text() -> None:
    scan.space_positions.cache_clear()
    text = "新华社北京1月2日电 甲\u3000乙\t丙\u00a0 丁"
    assert scan.space_positions(text) == (10, 12, 14, 16, 17)
    assert scan.space_positions("甲乙") == ()
    with mock.patch.object(scan, "MANY_SPACES", 2):
        scan.space_positions.cache_clear()
        assert scan.space_positions("甲 乙 丙 丁") is None
        assert scan.space_positions("甲 乙 丙") == (1, 3)
    scan.space_positions.cache_clear()
