"""Character-level repairs of scraped Chinese text (stage: read → **repair** → structure).

Runs the registered character rules (``analysis.repairs.characters``) in order, each on the
output of the one before, and logs every edit and every flag with raw offsets and the rule's
name (``analysis.repairs.log``). Nothing is dropped silently. Rules that need the page
layout (line breaks inside sentences, displaced blocks) are in ``analysis.repairs.layout``.
``clean_text`` is the same pass for a caller that needs only the repaired text (corpus term
counts): no log, no raw offsets.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from analysis.cues import is_heading_like
from analysis.repairs import characters as _characters  # noqa: F401  (registers the rules)
from analysis.repairs.characters import HAN
from analysis.repairs.gates import edited, gates, rule_masks
from analysis.repairs.log import CORRECTION_COLUMNS, Edit, Row, compose, corrections_frame, edit_row
from analysis.repairs.registry import rules
from analysis.repairs.scan import repeats, space_positions
from analysis.textmap import MappedText

__all__ = [
    "CORRECTION_COLUMNS",
    "HAN",
    "Edit",
    "RepairError",
    "clean",
    "clean_rows",
    "clean_text",
    "clean_texts",
    "corrections_frame",
    "is_heading_like",
]


class RepairError(RuntimeError):
    """An unexpected error inside one repair rule (a bug): names the rule."""

    def __init__(self, rule: str, exc: BaseException) -> None:
        super().__init__(f"repair rule {rule!r} failed ({type(exc).__name__}: {exc})")
        self.rule = rule


def clean(raw: str) -> tuple[MappedText, pd.DataFrame]:
    """Apply every character rule to ``raw``; return the repaired text and the log.

    >>> text, log = clean("跨越山海의长情")
    >>> text.text, log.loc[0, "rule"], log.loc[0, "raw_start"]
    ('跨越山海的长情', 'foreign_script', 4)
    """
    mapped, rows = clean_rows(raw)
    return mapped, corrections_frame(rows)


def clean_rows(raw: str) -> tuple[MappedText, list[Row]]:
    """``clean`` with the log as plain rows (the loader adds its rows, then builds one frame).

    Each rule's edits are composed (every span decided once) before they are applied; an
    unexpected error inside a rule is raised as ``RepairError`` naming the rule.
    """
    mapped = MappedText.identity(raw)
    rows: list[Row] = []
    for r in rules("character"):
        try:
            found = r.fn(mapped.text)
            if not found:  # most rules find nothing in most texts
                continue
            edits = compose(found)
            rows.extend(edit_row(mapped, raw, e) for e in edits)
            changes = [(e.start, e.end, e.after) for e in edits if e.changed]
            if changes:
                mapped = mapped.apply(changes)
        except Exception as exc:  # a bug in a rule, reported with its name
            raise RepairError(r.name, exc) from exc
    repeats.cache_clear()  # the scans of the last text, not kept alive after the pass
    space_positions.cache_clear()
    return mapped, rows


@functools.cache
def prefilter() -> re.Pattern[str]:
    """Every character any rule's trigger holds, as one class (built from the rules' own
    triggers, so it cannot drift)."""
    classes = [r.trigger.pattern for r in rules("character") if r.trigger is not None]
    return re.compile("|".join(classes))


def clean_text(raw: str) -> str:
    """The repaired text of ``clean_rows(raw)``, without its log or its character map
    (``clean_texts`` of one text). Errors are those of ``clean_rows`` (``RepairError``)."""
    (text,) = clean_texts([raw])
    if isinstance(text, RepairError):
        raise text
    return text


def clean_texts(raws: list[str]) -> list[str | RepairError]:
    """The repaired text of ``clean_rows(raw)`` for each text, or the ``RepairError`` of a
    text a rule failed on (the other texts go on).

    Why: corpus term counts need the text only. One numpy pass over the texts
    (``gates.rule_masks``) tells which rules may change each one: a rule none of whose
    trigger characters occurs (or, for a rule with ``beside``, none next to a character of
    that class) is skipped, as it would change nothing; a rule with a ``changes`` function
    gives only the edits that change the text, and no flag is made. Rule by rule over all
    the texts, not text by text: each text still meets the rules in order, and a rule's
    patterns and tables stay in the processor's cache (a fifth less time on news-length
    texts).
    """
    out: list[str | RepairError] = list(raws)
    g = gates()
    masks = rule_masks(raws, g)
    later = [sum(g.bits[j + 1 :]) for j in range(len(g.bits))]  # the bits still to be read
    for r, bit, ahead in zip(rules("character"), g.bits, later, strict=True):
        fn = r.changes or r.fn
        if r.prepare is not None:  # work shared by the texts; the rule alone finds the same
            r.prepare([t for t in out if isinstance(t, str)])
        todo = range(len(out)) if not bit else [k for k, m in enumerate(masks) if m & bit]
        for k in todo:
            text = out[k]
            if isinstance(text, RepairError):
                continue
            try:
                changes = _changes(fn(text))
                if changes:
                    out[k] = _spliced(text, changes)
                    if ahead:
                        masks[k] = edited(g, masks[k], text, changes)
            except Exception as exc:  # a bug in a rule, reported with its name
                out[k] = RepairError(r.name, exc)
                out[k].__cause__ = exc
        if r.prepare is not None:
            r.prepare([])
    repeats.cache_clear()
    space_positions.cache_clear()
    return out


def _changes(found: list[Edit]) -> list[tuple[int, int, str]]:
    """The ``(start, end, new)`` of a rule's edits that change the text, sorted and composed
    (one edit, the common case, needs no composing)."""
    if len(found) == 1:
        e = found[0]
        return [(e.start, e.end, e.after)] if e.changed else []
    if not found:
        return []
    return sorted((e.start, e.end, e.after) for e in compose(found) if e.changed)


def _spliced(text: str, changes: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``[start, end)`` replaced (sorted, not overlapping: ``compose``)."""
    if len(changes) == 1:  # the common case: one splice
        start, end, new = changes[0]
        return text[:start] + new + text[end:]
    parts, pos = [], 0
    for start, end, new in changes:
        parts += (text[pos:start], new)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
