"""Reference date of a text: one detector for the whole package, ``analysis.dating`` (dateline,
stamp, heading line, anniversary, latest explicit date); re-exported here for the engine."""

from __future__ import annotations

from analysis.dating import as_date, detect_reference_date

__all__ = ["as_date", "detect_reference_date"]
