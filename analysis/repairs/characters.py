"""Character rules: repairs of scraped Chinese text that need no page layout.

Each rule is one function from the text to ``Edit`` values, registered with its examples.
They run in the order below, each on the output of the one before (``run_character_rules``),
so no span is ever edited twice.
"""

from __future__ import annotations

import re
import unicodedata

from analysis.cues import HEADING_MAX, cues, is_heading_like
from analysis.repairs.log import Edit
from analysis.repairs.registry import rule
from analysis.repairs.scan import cut_each, doubled_matches, share_repeats, space_matches
from analysis.tokens import in_dictionary

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·"
_CJK = f"[{HAN}{CJK_PUNCT}]"
SPACE = r"[ \t\u3000\u00a0]"
PLACEHOLDER = "\ufffd"  # the Unicode replacement character: "a character was lost here"

# Characters of other scripts that scrapers and OCR put where a Chinese character belongs,
# with the Chinese character they stand for. The Korean genitive particle 의 and the Japanese
# particle の both mean 的 and are the classic substitutions in mixed CJK pipelines.
FOREIGN_EQUIVALENTS: dict[str, str] = {"의": "的", "の": "的"}
_FOREIGN = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\uac00-\ud7af\u0400-\u04ff\u0370-\u03ff"
    r"\u0600-\u06ff\u0e00-\u0e7f]"
)
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}

# Patterns compiled once. A pattern that opens with a lookbehind is tried at every position
# of the text by the regex engine; written to open with a character class (the lookbehind
# moved after it, one character wider), the engine skips in C to where that class matches.
# ``X(?<=L.)X*`` matches exactly where ``(?<=L)X+`` does (tests/test_loading_repairs.py
# checks each rewritten rule against its straightforward form on random text).
_CJK_RE = re.compile(_CJK)
_HAN_RE = re.compile(f"[{HAN}]")
_S = SPACE
_LINE_ENDING = re.compile(r"\r\n?")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_LOST_MARKS = "?\ufffd□■"  # what scrapers put where a character was lost
_LOST = re.compile(f"[{_LOST_MARKS}](?<=[{HAN}，、：；“‘（《].)[{_LOST_MARKS}]*(?=[{HAN}])")
_FULLWIDTH_CHAR = r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0e\uff05]"
_FULLWIDTH = re.compile(f"{_FULLWIDTH_CHAR}{_FULLWIDTH_CHAR}*")
_SPACED_DIGITS = re.compile(r"\d(?<![\d.].)(?:[ \u3000][\d.])+(?![\d.])")
_NUMBER_SPACE = re.compile(
    f"{_S}(?:(?<=\\d.){_S}*(?=[{HAN}%％])|(?<=[{HAN}].){_S}*(?=\\d[\\d ]* ?[{HAN}%％]))"
)
_SPACE_BY_DIGIT = re.compile(f"{_S}(?:(?<=\\d.)|(?=\\d))")  # every match above has one
_BRACKETS = re.compile(r"\(([^()\n]{1,60})\)")
_HALF_PUNCT = re.compile(f"[,;:?!](?<=[{HAN}”’）》].)(?=[{HAN}“‘（《])")
_SPACE_RUN = re.compile(f"{_S}{_S}*")
_SPACE_IN_CJK = re.compile(f"{_S}(?<={_CJK}.){_S}*(?={_CJK})")
_DOUBLED_WORD = re.compile(f"([{HAN}]{{2,4}})\\1")
_TRANSPOSED = re.compile(f"([{HAN}])越越([{HAN}])")
_DOUBLED_CHAR = re.compile(f"([{HAN}])\\1")
_TRANSPOSED_MARK = "越越"  # in every transposed 越…越…

# Triggers (``registry.rule``): each rule changes only a text with a character of its trigger
# (a hypothesis test in tests/test_repairs_prefilter.py checks each on random text).
_FOREIGN_KNOWN = f"[{''.join(FOREIGN_EQUIVALENTS)}]"  # the other letters are only flagged
_LOST_CHANGED = f"[{_LOST_MARKS.replace(PLACEHOLDER, '')}]"  # a � already there is flagged
_HALF_TRIGGER = f"[({''.join(_HALF_TO_FULL)}]"


@rule(
    "line_endings",
    "character",
    "Windows/Mac line endings → \\n",
    [("甲。\r\n乙。", "甲。\n乙。")],
    trigger="[\r]",
)
def line_endings(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), "\n", "line_endings", "Windows/Mac line ending")
        for m in _LINE_ENDING.finditer(text)
    ]


@rule(
    "invisible_char",
    "character",
    "zero-width and soft-hyphen characters removed",
    [("协\u200b作", "协作")],
    trigger=_INVISIBLE.pattern,
)
def invisible(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), "", "invisible_char", f"U+{ord(m.group()):04X} removed")
        for m in _INVISIBLE.finditer(text)
    ]


@rule(
    "foreign_script",
    "character",
    "a letter of another script where a Chinese character belongs (의, の → 的); "
    "unknown ones are flagged",
    [("跨越山海의长情", "跨越山海的长情")],
    trigger=_FOREIGN_KNOWN,
)
def foreign_script(text: str) -> list[Edit]:
    """A non-Chinese letter wedged between Chinese characters: replace if known, else flag."""
    edits = []
    for m in _FOREIGN.finditer(text):
        i = m.start()
        left = text[i - 1] if i else ""
        right = text[i + 1] if i + 1 < len(text) else ""
        if not (_CJK_RE.match(left or "x") or _CJK_RE.match(right or "x")):
            continue  # a foreign word in its own right (e.g. a Korean name), not a stray char
        ch = m.group()
        name = unicodedata.name(ch, f"U+{ord(ch):04X}")
        if ch in FOREIGN_EQUIVALENTS:
            new = FOREIGN_EQUIVALENTS[ch]
            edits.append(Edit(i, i + 1, new, "foreign_script", f"{name} → {new}"))
        else:
            note = f"{name}: no known equivalent, kept"
            edits.append(Edit(i, i + 1, ch, "foreign_script", note, False))
    return edits


@rule(
    "lost_character",
    "character",
    "a character lost in scraping (? � □ ■ inside Chinese text): one placeholder �, flagged; "
    "never a question mark, never a sentence break",
    [("金沙江畔的拉?村", "金沙江畔的拉\ufffd村"), ("你去吗?我不去。", "你去吗？我不去。")],
    trigger=_LOST_CHANGED,
)
def lost_character(text: str) -> list[Edit]:
    """``?``, ``�``, ``□``, ``■`` before a Chinese character, after another one or after a
    comma or opening quote (，?村), stand for a lost character.

    A half-width ``?`` after a question particle (吗, 呢 …, ``layout_cues.tsv``) is a real
    question mark and is left to ``halfwidth_punct``.
    """
    edits: list[Edit] = []
    if not any(ch in text for ch in _LOST_MARKS):
        return edits
    particles = set(cues("question_particle"))
    for m in _LOST.finditer(text):
        if m.group() == "?" and text[m.start() - 1] in particles:
            continue
        for i in range(m.start(), m.end()):
            ch = text[i]
            note = f"{ch} inside Chinese text: a character lost in scraping; kept as {PLACEHOLDER}"
            edits.append(Edit(i, i + 1, PLACEHOLDER, "lost_character", note, ch != PLACEHOLDER))
    return edits


@rule(
    "fullwidth_alnum",
    "character",
    "full-width digits and letters → ASCII (１９８０年 → 1980年)",
    [("１９８０年８月", "1980年8月")],
    trigger=_FULLWIDTH_CHAR,
)
def fullwidth_alnum(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), unicodedata.normalize("NFKC", m.group()), "fullwidth_alnum")
        for m in _FULLWIDTH.finditer(text)
    ]


@rule(
    "space_in_number",
    "character",
    "spaces inside a spaced-out number and between a number and Chinese (1 9 9 8 年 → 1998年)",
    [
        ("——1 9 9 8 年3 月5 日在", "——1998年3月5日在"),
        ("增长1 1 %，", "增长11%，"),
        ("增长4 . 8%", "增长4.8%"),
    ],
    trigger=SPACE,
    beside=r"[\d]",  # every edit is at a space next to a digit (``_SPACE_BY_DIGIT``)
)
def space_in_number(text: str) -> list[Edit]:
    """Digits typeset one by one (1 9 9 8) and spaces between a digit and Chinese text."""
    edits: list[Edit] = []
    if next(space_matches(_SPACE_BY_DIGIT, text), None) is None:
        return edits
    for m in space_matches(_SPACED_DIGITS, text, shift=1, chars=" \u3000"):
        edits += [
            Edit(m.start() + k, m.start() + k + 1, "", "space_in_number", "spaced-out digits")
            for k in range(1, len(m.group()), 2)
        ]
    note = "space between a number and Chinese text"
    edits += [
        Edit(m.start(), m.end(), "", "space_in_number", note)
        for m in space_matches(_NUMBER_SPACE, text)
    ]
    return edits


@rule(
    "halfwidth_punct",
    "character",
    "ASCII brackets/punctuation in Chinese text → full width",
    [("我们(北京)同意,好", "我们（北京）同意，好")],
    trigger=_HALF_TRIGGER,
)
def halfwidth_punct(text: str) -> list[Edit]:
    """ASCII brackets and punctuation inside Chinese text → their full-width forms."""
    edits = []
    for m in _BRACKETS.finditer(text):
        ctx = text[max(0, m.start() - 1) : m.end() + 1]
        if _HAN_RE.search(ctx):
            edits.append(Edit(m.start(), m.start() + 1, "（", "halfwidth_punct", "( → （"))
            edits.append(Edit(m.end() - 1, m.end(), "）", "halfwidth_punct", ") → ）"))
    for m in _HALF_PUNCT.finditer(text):
        full = _HALF_TO_FULL[m.group()]
        edits.append(Edit(m.start(), m.end(), full, "halfwidth_punct", f"{m.group()} → {full}"))
    return edits


@rule(
    "edge_whitespace",
    "character",
    "spaces and indents (U+3000) at the edges of a line",
    [("\u3000\u3000各位代表：  \n", "各位代表：\n")],
    trigger=SPACE,
    beside="[\n]",  # a run of spaces at a line's (or the text's) edge
)
def edge_whitespace(text: str) -> list[Edit]:
    """Runs of spaces that start or end a line (what ``(?m)^S+|S+$`` finds, found as whole
    runs of spaces and kept when a line break or the text's edge touches them)."""
    n = len(text)
    return [
        Edit(m.start(), m.end(), "", "edge_whitespace", "space at line edge")
        for m in space_matches(_SPACE_RUN, text)
        if not m.start() or text[m.start() - 1] == "\n" or m.end() == n or text[m.end()] == "\n"
    ]


@rule(
    "space_in_cjk",
    "character",
    "a space between Chinese characters (kept in headings, where it separates parts)",
    [("特色产业发 展。", "特色产业发展。")],
    trigger=SPACE,
)
def space_in_cjk(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), "", "space_in_cjk", "space between Chinese characters")
        for m in space_matches(_SPACE_IN_CJK, text)
        if not (_between_words(text, m.start(), m.end()) and _in_short_line(text, m.start()))
    ]


def _in_short_line(text: str, pos: int) -> bool:
    """Whether ``pos`` is in a heading-like line (short, no sentence punctuation), where a
    space separates parts (两段式标题, 记者 张三 李四) rather than splitting a word."""
    lo, hi = max(0, pos - HEADING_MAX - 1), min(len(text), pos + HEADING_MAX + 1)
    start = text.rfind("\n", lo, pos)  # bounded: a heading is at most HEADING_MAX long, so
    end = text.find("\n", pos, hi)  # a single-line 50 MB file is not searched per space
    if (start < 0 and lo > 0) or (end < 0 and hi < len(text)):
        return False
    return is_heading_like(text[start + 1 : end if end >= 0 else len(text)].strip())


def _between_words(text: str, start: int, end: int) -> bool:
    """A space with a Chinese character on both sides (not punctuation: —— 习 is a stray)."""
    return bool(
        start and end < len(text) and _HAN_RE.match(text[start - 1]) and _HAN_RE.match(text[end])
    )


@rule(
    "duplicated_word",
    "character",
    "a word typed twice (招工招工难题 → 招工难题); grammatical reduplication flagged",
    [("解决招工招工难题", "解决招工难题"), ("研究研究再说", "研究研究再说")],
    prepare=share_repeats,
)
def duplicated_word(text: str) -> list[Edit]:
    """A doubled dictionary word glued to what follows loses its first copy; a reduplication
    (研究研究, 一步一步) is only flagged: Chinese reduplicates freely."""
    edits: list[Edit] = []
    for m in doubled_matches(_DOUBLED_WORD, text, "units"):
        unit = m.group(1)
        if len(set(unit)) == 1 or not in_dictionary(unit) or in_dictionary(unit * 2):
            continue
        if unit[0] == "一" or not _glued_to_next(unit, text[m.end() : m.end() + 3]):
            note = "repeated word, possibly a reduplication; kept"
            edits.append(Edit(m.start(), m.end(), m.group(), "duplicated_word", note, False))
            continue
        edits.append(
            Edit(m.start() + len(unit), m.end(), "", "duplicated_word", f"{unit} typed twice")
        )
    return edits


def _glued_to_next(unit: str, following: str) -> bool:
    """Whether the repeated word forms a dictionary word with what follows (招工|难题 → 招工难):
    a sign that the second copy belongs to the phrase and the first is the typo."""
    return any(in_dictionary(unit + following[:k]) for k in range(1, len(following) + 1))


@rule(
    "duplicated_char",
    "character",
    "a transposed 越…越… (织越越密 → 越织越密); other doubled characters unknown to the "
    "dictionary are flagged",
    [("网络织越越密", "网络越织越密"), ("静静矗立", "静静矗立")],
    changes=lambda text: transposed_correlatives(text)[0],
)
def duplicated_char(text: str) -> list[Edit]:
    """``织越越密`` → ``越织越密``; a doubled character that is neither a word nor a word
    boundary (工作|作出 is one) is flagged.

    The segmenter's verdict on each doubled character is asked for all of them in one call
    (``scan.cut_each``), not one call per character.
    """
    edits, taken = transposed_correlatives(text)
    pairs = [
        m.start()
        for m in doubled_matches(_DOUBLED_CHAR, text, "chars")
        if m.start() not in taken and m.start() + 1 not in taken
    ]
    windows = [text[max(0, i - 4) : i + 6] for i in pairs]
    for i, words in zip(pairs, cut_each(windows), strict=True):
        if not _apart_or_word(words, i - max(0, i - 4)):
            note = "doubled character that is neither a word nor a word boundary; kept"
            edits.append(Edit(i, i + 2, text[i : i + 2], "duplicated_char", note, False))
    return edits


def transposed_correlatives(text: str) -> tuple[list[Edit], set[int]]:
    """The edits of ``织越越密`` → ``越织越密`` (the only ones of ``duplicated_char`` that
    change the text) and the positions they cover."""
    edits: list[Edit] = []
    taken: set[int] = set()
    if _TRANSPOSED_MARK in text:
        for m in _TRANSPOSED.finditer(text):
            note = "越…越… correlative with a transposed character"
            edits.append(
                Edit(m.start(), m.end() - 1, "越" + m.group(1) + "越", "duplicated_char", note)
            )
            taken.update(range(m.start(), m.end()))
    return edits, taken


def _apart_or_word(words: list[str], i: int) -> bool:
    """True when the pair at ``i, i+1`` of a window cut into ``words`` is a dictionary word
    or splits two real words.

    ``工作作出`` → 工作|作出 (a boundary between words); ``静静`` is a word; ``越越`` is neither.
    """
    pos = 0
    first: tuple[int, str] | None = None
    for word in words:
        end = pos + len(word)
        if first is None and i < end:
            first = (pos, word)
        if i + 1 < end:
            assert first is not None
            (a_start, a_tok), (b_start, b_tok) = first, (pos, word)
            if a_start == b_start:
                return len(a_tok) >= 2 and in_dictionary(a_tok)
            return len(a_tok) >= 2 or len(b_tok) >= 2
        pos = end
    raise ValueError(f"the words of the window do not cover position {i + 1}")
