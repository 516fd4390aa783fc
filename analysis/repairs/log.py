"""Edits and the corrections log: the one place an edit becomes a log row.

A rule returns ``Edit`` values in the coordinates of the text it read; ``edit_row`` turns one
into a row with raw offsets (through the text's character map), ``span_row`` does the same
for a repair found on raw spans (a line break, a displaced block). ``corrections_frame``
builds the log table.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from analysis.textmap import MappedText

CORRECTION_COLUMNS = ["raw_start", "raw_end", "before", "after", "rule", "changed", "note"]
Row = dict[str, object]


class Edit(NamedTuple):
    """One repair (or flag) in the coordinates of the text it was found in (a named tuple:
    a rule makes one per change, and a frozen dataclass costs four times as much to make)."""

    start: int
    end: int
    after: str
    rule: str
    note: str = ""
    changed: bool = True


def compose(edits: list[Edit]) -> list[Edit]:
    """The edits of one pass with every span decided once.

    Changes are taken in order of position (the longer first at a tie); a change that
    overlaps one already taken is dropped, so ``MappedText.apply`` never sees overlapping
    edits. Flags (``changed=False``) never alter the text and are all kept.
    """
    if len(edits) == 1:  # nothing to overlap
        return list(edits)
    kept: list[Edit] = []
    end = -1
    for e in sorted((e for e in edits if e.changed), key=lambda e: (e.start, -e.end)):
        if e.start < end:
            continue
        kept.append(e)
        end = max(end, e.end)
    return sorted(kept + [e for e in edits if not e.changed], key=lambda e: (e.start, e.end))


def span_row(
    raw: str, span: tuple[int, int], after: str, rule: str, note: str, changed: bool = True
) -> Row:
    """A log row for a repair of the raw span ``span``."""
    return {
        "raw_start": span[0],
        "raw_end": span[1],
        "before": raw[span[0] : span[1]],
        "after": after,
        "rule": rule,
        "changed": changed,
        "note": note,
    }


def edit_row(mapped: MappedText, raw: str, edit: Edit) -> Row:
    """A log row for ``edit`` found in ``mapped`` (its offsets made raw)."""
    span = mapped.raw_span(edit.start, edit.end)
    return span_row(raw, span, edit.after, edit.rule, edit.note, edit.changed)


def corrections_frame(rows: list[Row]) -> pd.DataFrame:
    """The corrections log as a DataFrame sorted by raw position."""
    # Sorted in Python, not with ``sort_values``: the loader calls this once per document,
    # and on a corpus pandas' per-call overhead is most of the loading time of a short text.
    rows = sorted(rows, key=lambda r: (r["raw_start"], r["raw_end"], r["rule"]))
    frame = pd.DataFrame(rows, columns=CORRECTION_COLUMNS)
    if rows:  # ints and bools are inferred; only an empty log needs its dtypes set
        return frame
    return frame.astype({"raw_start": "int64", "raw_end": "int64", "changed": "bool"})
