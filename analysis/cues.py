"""Layout and damage cues (agencies, page chrome, captions, speaker titles, particles).

The words live in ``analysis/data/layout_cues.tsv`` (one cue a line, its kind and a note), so
a linguist can review them as a diff; this module reads and validates the table once. The
loader (``repairs``, ``structure``, ``dating``) asks for the words of one kind.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

CUES_PATH = Path(__file__).parent / "data" / "layout_cues.tsv"
KINDS = (
    "agency",
    "wire_open",
    "chrome",
    "caption",
    "speaker_title",
    "question_particle",
    "founding",
)
COLUMNS = ["cue", "kind", "note"]
HEADING_MAX = 40  # a title, byline or section line is at most this long


def is_heading_like(line: str) -> bool:
    """A title, byline or section line: short and without sentence punctuation (a shape
    cue shared by the character rules and the layout)."""
    return len(line) <= HEADING_MAX and not re.search(r"[。！？；，：,]", line)


class CueTableError(ValueError):
    """A bad row of a cue table; the message names the file and the line."""


def read_cues(path: Path = CUES_PATH) -> dict[str, tuple[str, ...]]:
    """Cues by kind, in file order. Raises ``CueTableError`` naming file and line."""
    by_kind: dict[str, list[str]] = {k: [] for k in KINDS}
    seen: dict[tuple[str, str], int] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [(n, line) for n, line in enumerate(lines, 1) if line and not line.startswith("#")]
    if not rows or rows[0][1].split("\t") != COLUMNS:
        raise CueTableError(f"{path}: the header must be {' | '.join(COLUMNS)} (tab-separated)")
    for n, line in rows[1:]:
        fields = next(csv.reader([line], delimiter="\t"))
        if len(fields) != len(COLUMNS):
            raise CueTableError(f"{path}:{n}: {len(fields)} fields, expected {len(COLUMNS)}")
        cue, kind, note = (f.strip() for f in fields)
        if not cue or re.search(r"\s", cue):
            raise CueTableError(f"{path}:{n}: empty cue or a cue with spaces: {cue!r}")
        if kind not in KINDS:
            raise CueTableError(f"{path}:{n}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        if not note:
            raise CueTableError(f"{path}:{n}: the note (why this cue) is empty")
        if (cue, kind) in seen:
            raise CueTableError(f"{path}:{n}: {cue!r} ({kind}) repeats line {seen[cue, kind]}")
        seen[cue, kind] = n
        by_kind[kind].append(cue)
    return {k: tuple(v) for k, v in by_kind.items()}


@functools.cache
def cues(kind: str) -> tuple[str, ...]:
    """The cue words of one kind from the shipped table."""
    if kind not in KINDS:
        raise KeyError(f"unknown cue kind {kind!r}")
    return read_cues()[kind]


def alternation(kind: str) -> str:
    """A regex alternation of the cues of ``kind``, longest first (责任编辑 before 编辑)."""
    return "|".join(re.escape(c) for c in sorted(cues(kind), key=lambda c: (-len(c), c)))
