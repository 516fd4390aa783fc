"""Where jieba-rs cuts differently from jieba, and how its words are made jieba's (stage:
tokenize). Used by ``analysis.tokens``; a property test checks that both engines agree.

Two differences: Latin/digit runs joined by . - _ + # & % (jieba splits COVID-19 into
COVID - 19 with its finalseg rule, jieba-rs keeps it whole), and the ideographs that jieba-rs
counts as Han but jieba does not (jieba makes each one a token and breaks words there).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

JOINERS = re.compile(r"[A-Za-z0-9][.\-_+#&%]|[.\-_+#&%][A-Za-z0-9]")
_JIEBA_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
# Extension A, B–F, compatibility ideographs, U+9FD6–9FFF; and lone surrogates, which
# jieba-rs cannot take.
EXTRA_HAN = re.compile(
    "[\ud800-\udfff\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
)


def rjieba_cut(engine: Any, text: str, *, hmm: bool) -> list[str]:
    """jieba-rs's cut, with jieba's treatment of the ideographs only jieba-rs calls Han."""
    if not EXTRA_HAN.search(text):
        return engine.cut(text, hmm)
    words: list[str] = []
    pos = 0
    for m in EXTRA_HAN.finditer(text):
        if m.start() > pos:
            words += engine.cut(text[pos : m.start()], hmm)
        words.append(m.group())
        pos = m.end()
    if pos < len(text):
        words += engine.cut(text[pos:], hmm)
    return words


def splits(word: str, in_dictionary: Callable[[str], bool]) -> bool:
    """Whether jieba's rule splits this jieba-rs word: a joined ASCII run outside the
    dictionary that does not stay whole (12.98% and 202.9 do)."""
    return (
        word.isascii()
        and len(word) > 1
        and bool(JOINERS.search(word))
        and not in_dictionary(word)
        and jieba_split(word) != [word]
    )


def split_ascii_runs(words: list[str], in_dictionary: Callable[[str], bool]) -> list[str]:
    """``words`` with each word that jieba's rule splits replaced by its parts."""
    split = {w: jieba_split(w) for w in set(words) if splits(w, in_dictionary)}
    if not split:  # only the words that really split need the list rebuilt
        return words
    out: list[str] = []
    for w in words:
        if w in split:
            out.extend(split[w])
        else:
            out.append(w)
    return out


def jieba_split(word: str) -> list[str]:
    """jieba's finalseg rule for a non-Han run: alphanumerics (with a decimal part) whole,
    every other character on its own."""
    out: list[str] = []
    for piece in _JIEBA_SKIP.split(word):
        if _JIEBA_SKIP.fullmatch(piece):
            out.append(piece)
        else:
            out.extend(piece)
    return out
