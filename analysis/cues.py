"""Layout and damage cues (agencies, page chrome, captions, speaker titles, particles).

The words live in ``analysis/data/layout_cues.tsv`` (one cue a line, its kind and a note), so
a linguist can review them as a diff; this module reads and validates the table once. The
loader (``repairs``, ``structure``, ``dating``) asks for the words of one kind.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from analysis.lang.tables import Column, Schema, TableError, load_table

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
HEADING_MAX = 40  # a title, byline or section line is at most this long


def is_heading_like(line: str) -> bool:
    """A title, byline or section line: short and without sentence punctuation (a shape
    cue shared by the character rules and the layout)."""
    return len(line) <= HEADING_MAX and not re.search(r"[。！？；，：,]", line)


CueTableError = TableError  # a bad row of the cue table; the message names file and line

SCHEMA = Schema(
    (Column("cue"), Column("kind", choices=KINDS), Column("note")),
    unique=(("cue", "kind"),),
    check=lambda row: "a cue with spaces" if re.search(r"\s", row["cue"]) else None,
)


def read_cues(path: Path = CUES_PATH) -> dict[str, tuple[str, ...]]:
    """Cues by kind, in file order, read and validated by the shared table loader
    (``analysis.lang.tables``). Raises ``TableError`` naming file and line."""
    by_kind: dict[str, list[str]] = {k: [] for k in KINDS}
    for row in load_table(path, SCHEMA):
        by_kind[row["kind"]].append(row["cue"])
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
