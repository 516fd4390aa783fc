"""Keyword in context by token, phrase or regular expression (stage: document → **analyse**).

``kwic(doc, "协作", mode="token")`` finds the token 协作 (not the 协作 inside 闽宁协作: that
is one token); ``mode="phrase"`` finds a string whose two ends fall on token boundaries
("东西部 协作" or "东西部协作"); ``mode="regex"`` finds a regular expression anywhere in the
sentence. Contexts stay inside the sentence, ``window`` characters or tokens on each side;
every row keeps the match's raw offsets, so ``doc.raw[raw_start:raw_end]`` is the match as
scraped. ``sort="left"`` orders lines by the context just before the match (nearest
character first, AntConc's 1L), ``sort="right"`` by the context after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pandas as pd

from analysis.tokens import DEFAULT_ENGINE, segment

KWIC_COLUMNS = [
    "doc",
    "article",
    "section",
    "sentence",
    "left",
    "match",
    "right",
    "start",
    "end",
    "raw_start",
    "raw_end",
]
MODES = ("token", "phrase", "regex")
SORTS = ("position", "left", "right")
_WORD = re.compile(r"\w")


def documents_of(source: Any) -> list[Any]:
    """The documents of a Document, a Corpus or a list of Documents."""
    if hasattr(source, "articles"):
        return [source]
    docs = list(source)
    if not all(hasattr(d, "articles") for d in docs):
        raise TypeError("expected a Document, a Corpus or a list of Documents")
    return docs


def iter_sentences(source: Any) -> Iterator[tuple[str, int, Any]]:
    """(doc id, article index, Sentence) of every headline unit (title -1, subtitle -2) and
    sentence, in reading order, as in the token table."""
    for doc in documents_of(source):
        for art in doc.articles:
            for sent in [*getattr(art, "headlines", []), *art.sentences]:
                yield doc.doc_id, art.index, sent


def _matcher(pattern: str | Sequence[str], mode: str) -> re.Pattern[str]:
    """One compiled expression for the pattern (several token/phrase patterns: alternatives,
    longest first)."""
    if mode == "regex":
        if not isinstance(pattern, str):
            raise TypeError("kwic: a regex pattern is one string")
        try:
            return re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"kwic: bad regular expression {pattern!r}: {exc}") from None
    items = [pattern] if isinstance(pattern, str) else list(pattern)
    items = ["".join(p.split()) for p in items]
    if not all(items):
        raise ValueError("kwic: empty pattern")
    return re.compile("|".join(re.escape(p) for p in sorted(set(items), key=lambda p: -len(p))))


def _spans(text: str, rx: re.Pattern[str], mode: str, engine: str) -> tuple[list, list]:
    """Matches (start, end) in ``text`` and the sentence's word tokens (start, end)."""
    words = [(t.start, t.end) for t in segment(text, engine=engine) if _WORD.search(t.text)]
    if mode == "regex":
        found = [(m.start(), m.end()) for m in rx.finditer(text) if m.end() > m.start()]
        return found, words
    starts, ends, whole = {s for s, _ in words}, {e for _, e in words}, set(words)
    found = []
    for m in rx.finditer(text):  # alternatives longest first: a longer phrase wins
        s, e = m.start(), m.end()
        if s in starts and e in ends and (mode == "phrase" or (s, e) in whole):
            found.append((s, e))
    return found, words


def _context(text: str, s: int, e: int, words: list, window: int, unit: str) -> tuple[str, str]:
    if unit == "chars":
        return text[max(0, s - window) : s], text[e : e + window]
    before = [w for w in words if w[1] <= s][-window:] if window else []
    after = [w for w in words if w[0] >= e][:window] if window else []
    return (
        text[before[0][0] : s] if before else "",
        text[e : after[-1][1]] if after else "",
    )


def kwic(
    source: Any,
    pattern: str | Sequence[str],
    *,
    mode: str = "token",
    window: int = 15,
    window_unit: str = "chars",
    sort: str = "position",
    engine: str = DEFAULT_ENGINE,
) -> pd.DataFrame:
    """Concordance lines of ``pattern`` in a Document or Corpus.

    Columns: doc, article, section, sentence, left, match, right, start/end (in the
    sentence's text), raw_start/raw_end (in the raw file). ``window_unit`` is "chars" or
    "tokens" (words, punctuation not counted). ``attrs`` keeps pattern, mode, window and sort.

    In "进一步完善协作机制，优化协作方式。" the token 协作 gives two lines; with
    ``window=4``: left "一步完善", right "机制，优" (four characters each).
    """
    if mode not in MODES or sort not in SORTS or window_unit not in ("chars", "tokens"):
        raise ValueError(f"kwic: mode in {MODES}, sort in {SORTS}, window_unit chars|tokens")
    if window < 0:
        raise ValueError("kwic: window must be ≥ 0")
    rx = _matcher(pattern, mode)
    rows = []
    for doc_id, article, sent in iter_sentences(source):
        if mode != "regex" and not rx.search(sent.text):
            continue  # no candidate: skip the segmentation
        found, words = _spans(sent.text, rx, mode, engine)
        for s, e in found:
            left, right = _context(sent.text, s, e, words, window, window_unit)
            rs, re_ = sent.mapped.raw_span(s, e)
            rows.append(
                (
                    doc_id,
                    article,
                    sent.section,
                    sent.index,
                    left,
                    sent.text[s:e],
                    right,
                    s,
                    e,
                    rs,
                    re_,
                )
            )
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    out = sort_lines(out, sort)
    out.attrs.update(pattern=pattern, mode=mode, window=window, window_unit=window_unit, sort=sort)
    return out


def sort_lines(lines: pd.DataFrame, sort: str = "position") -> pd.DataFrame:
    """Concordance lines in reading order, or by left context (reversed) or right context."""
    keys: list[Iterable] = []
    if sort == "left":
        keys.append(lines["left"].map(lambda t: t[::-1]))
    elif sort == "right":
        keys.append(lines["right"])
    order = sorted(
        range(len(lines)),
        key=lambda i: (*[k.iloc[i] for k in keys], i),  # type: ignore[attr-defined]
    )
    return lines.iloc[order].reset_index(drop=True)
