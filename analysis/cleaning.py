"""Character-level repairs of scraped Chinese text (stage: load → **clean** → structure).

Each rule finds one defect class and returns edits; every edit, and every suspicion that is
only flagged, becomes a row of the corrections log with raw offsets and the rule's name.
Nothing is dropped silently. Rules that need the page layout (line breaks inside sentences,
displaced blocks) live in ``structure``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.textmap import MappedText
from analysis.tokens import in_dictionary, segment

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·"
_CJK = f"[{HAN}{CJK_PUNCT}]"

# Characters of other scripts that scrapers and OCR put where a Chinese character belongs,
# with the Chinese character they stand for. The Korean genitive particle 의 and the Japanese
# particle の both mean 的 and are the classic substitutions in mixed CJK pipelines.
FOREIGN_EQUIVALENTS: dict[str, str] = {"의": "的", "の": "的"}
_FOREIGN = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\uac00-\ud7af\u0400-\u04ff\u0370-\u03ff"
    r"\u0600-\u06ff\u0e00-\u0e7f]"
)
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}

CORRECTION_COLUMNS = ["raw_start", "raw_end", "before", "after", "rule", "changed", "note"]


@dataclass(frozen=True)
class Edit:
    """One repair (or flag) in the coordinates of the text it was found in."""

    start: int
    end: int
    after: str
    rule: str
    note: str = ""
    changed: bool = True


Rule = Callable[[str], list[Edit]]


def _line_endings(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), "\n", "line_endings", "Windows/Mac line ending")
        for m in re.finditer(r"\r\n?", text)
    ]


def _invisible(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), "", "invisible_char", f"U+{ord(m.group()):04X} removed")
        for m in re.finditer(r"[\u200b-\u200f\u2060\ufeff\u00ad]", text)
    ]


def _foreign_script(text: str) -> list[Edit]:
    """A non-Chinese letter wedged between Chinese characters: replace if known, else flag."""
    edits = []
    for m in _FOREIGN.finditer(text):
        i = m.start()
        left = text[i - 1] if i else ""
        right = text[i + 1] if i + 1 < len(text) else ""
        if not (re.match(_CJK, left or "x") or re.match(_CJK, right or "x")):
            continue  # a foreign word in its own right (e.g. a Korean name), not a stray char
        ch = m.group()
        name = unicodedata.name(ch, f"U+{ord(ch):04X}")
        if ch in FOREIGN_EQUIVALENTS:
            new = FOREIGN_EQUIVALENTS[ch]
            edits.append(Edit(i, i + 1, new, "foreign_script", f"{name} → {new or 'removed'}"))
        else:
            edits.append(
                Edit(i, i + 1, ch, "foreign_script", f"{name}: no known equivalent, kept", False)
            )
    return edits


def _fullwidth_alnum(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), unicodedata.normalize("NFKC", m.group()), "fullwidth_alnum")
        for m in re.finditer(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0e\uff05]+", text)
    ]


def _halfwidth_punct(text: str) -> list[Edit]:
    """ASCII brackets and punctuation inside Chinese text → their full-width forms."""
    edits = []
    for m in re.finditer(r"\(([^()\n]{1,60})\)", text):
        ctx = text[max(0, m.start() - 1) : m.end() + 1]
        if re.search(f"[{HAN}]", ctx):
            edits.append(Edit(m.start(), m.start() + 1, "（", "halfwidth_punct", "( → （"))
            edits.append(Edit(m.end() - 1, m.end(), "）", "halfwidth_punct", ") → ）"))
    for m in re.finditer(f"(?<=[{HAN}”’）》])[,;:?!](?=[{HAN}“‘（《])", text):
        full = _HALF_TO_FULL[m.group()]
        edits.append(Edit(m.start(), m.end(), full, "halfwidth_punct", f"{m.group()} → {full}"))
    return edits


def _spaces(text: str) -> list[Edit]:
    """Spaces inside Chinese text (between CJK characters) and at line edges."""
    edits = [
        Edit(m.start(), m.end(), "", "space_in_cjk", "space between Chinese characters")
        for m in re.finditer(f"(?<={_CJK})[ \t\u3000\u00a0]+(?={_CJK})", text)
        if not (_in_short_line(text, m.start()) and _between_words(text, m.start(), m.end()))
    ]
    for m in re.finditer(r"(?m)^[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+$", text):
        edits.append(Edit(m.start(), m.end(), "", "edge_whitespace", "space at line edge"))
    return edits


def _glued_to_next(unit: str, following: str) -> bool:
    """Whether the repeated word forms a dictionary word with what follows (招工|难题 → 招工难):
    a sign that the second copy belongs to the phrase and the first is the typo."""
    return any(in_dictionary(unit + following[:k]) for k in range(1, len(following) + 1))


def _in_short_line(text: str, pos: int) -> bool:
    """Whether ``pos`` is in a heading-like line (short, no sentence punctuation), where a
    space separates parts (两段式标题, 记者 张三 李四) rather than splitting a word."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return is_heading_like(text[start : end if end >= 0 else len(text)].strip())


def is_heading_like(line: str) -> bool:
    """A title, byline or section line: short and without sentence punctuation."""
    return len(line) <= 40 and not re.search(r"[。！？；，：,]", line)


def _between_words(text: str, start: int, end: int) -> bool:
    """A space with a Chinese character on both sides (not punctuation: —— 习 is a stray)."""
    han = re.compile(f"[{HAN}]")
    return bool(start and end < len(text) and han.match(text[start - 1]) and han.match(text[end]))


def _duplicates(text: str) -> list[Edit]:
    """Doubled words and characters that the dictionary does not know as reduplications.

    ``招工招工难题`` → ``招工难题`` (a word typed twice); ``织越越密`` → ``越织越密`` (the
    correlative 越…越… with its first 越 transposed). Other doubled characters that no
    dictionary word covers are only flagged: Chinese reduplicates freely (静静, 累累).
    """
    edits: list[Edit] = []
    for m in re.finditer(f"([{HAN}]{{2,4}})\\1", text):
        unit = m.group(1)
        if len(set(unit)) == 1 or not in_dictionary(unit) or in_dictionary(unit * 2):
            continue
        if unit[0] == "一" or not _glued_to_next(unit, text[m.end() : m.end() + 3]):
            # 研究研究, 商量商量, 一步一步: reduplication is grammatical; flag, do not delete
            edits.append(
                Edit(
                    m.start(),
                    m.end(),
                    m.group(),
                    "duplicated_word",
                    "repeated word, possibly a reduplication; kept",
                    False,
                )
            )
            continue
        edits.append(
            Edit(m.start() + len(unit), m.end(), "", "duplicated_word", f"{unit} typed twice")
        )
    taken = {i for e in edits for i in range(e.start, e.end)}
    for m in re.finditer(f"([{HAN}])越越([{HAN}])", text):
        if m.start() not in taken:
            edits.append(
                Edit(
                    m.start(),
                    m.end() - 1,
                    "越" + m.group(1) + "越",
                    "duplicated_char",
                    "越…越… correlative with a transposed character",
                )
            )
            taken.update(range(m.start(), m.end()))
    for m in re.finditer(f"([{HAN}])\\1", text):
        i = m.start()
        if i in taken or i + 1 in taken or _segmented_apart_or_word(text, i):
            continue
        edits.append(
            Edit(
                i,
                i + 2,
                m.group(),
                "duplicated_char",
                "doubled character that is neither a word nor a word boundary; kept",
                False,
            )
        )
    return edits


def _segmented_apart_or_word(text: str, i: int) -> bool:
    """True when the pair at ``i, i+1`` is a dictionary word or splits two real words.

    ``工作作出`` → 工作|作出 (a boundary between words); ``静静`` is a word; ``越越`` is neither.
    """
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


#: The character-level rules, in the order they run. Each sees the output of the previous.
RULES: list[tuple[str, Rule]] = [
    ("line_endings", _line_endings),
    ("invisible_char", _invisible),
    ("foreign_script", _foreign_script),
    ("fullwidth_alnum", _fullwidth_alnum),
    ("halfwidth_punct", _halfwidth_punct),
    ("spaces", _spaces),
    ("duplicates", _duplicates),
]


def correction_row(mapped: MappedText, raw: str, edit: Edit) -> dict[str, object]:
    """A corrections-log row for ``edit`` found in ``mapped`` (offsets made raw)."""
    rs, re_ = mapped.raw_span(edit.start, edit.end)
    return {
        "raw_start": rs,
        "raw_end": re_,
        "before": raw[rs:re_],
        "after": edit.after,
        "rule": edit.rule,
        "changed": edit.changed,
        "note": edit.note,
    }


def clean(raw: str) -> tuple[MappedText, pd.DataFrame]:
    """Apply every character-level rule to ``raw``; return the repaired text and the log.

    >>> text, log = clean("跨越山海의长情")
    >>> text.text, log.loc[0, "rule"], log.loc[0, "raw_start"]
    ('跨越山海的长情', 'foreign_script', 4)
    """
    mapped, rows = clean_rows(raw)
    return mapped, corrections_frame(rows)


def clean_rows(raw: str) -> tuple[MappedText, list[dict[str, object]]]:
    """``clean`` with the log as plain rows (the loader adds its rows, then builds one frame)."""
    mapped = MappedText.identity(raw)
    rows: list[dict[str, object]] = []
    for _, rule in RULES:
        edits = rule(mapped.text)
        rows.extend(correction_row(mapped, raw, e) for e in edits)
        changes = [(e.start, e.end, e.after) for e in edits if e.changed]
        if changes:
            mapped = mapped.apply(changes)
    return mapped, rows


def corrections_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """The corrections log as a DataFrame sorted by raw position."""
    # Sorted in Python, not with ``sort_values``: the loader calls this once per document,
    # and on a corpus pandas' per-call overhead is most of the loading time of a short text.
    rows = sorted(rows, key=lambda r: (r["raw_start"], r["raw_end"], r["rule"]))
    frame = pd.DataFrame(rows, columns=CORRECTION_COLUMNS)
    if rows:  # ints and bools are inferred; only an empty log needs its dtypes set
        return frame
    return frame.astype({"raw_start": "int64", "raw_end": "int64", "changed": "bool"})
