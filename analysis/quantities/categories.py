"""Categories of indicators (stage: analyse): funding, people, economy … from
``analysis/data/indicator_categories.csv`` (pattern → category, first match wins), and ages,
temperatures and coordinates by their dimension."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from analysis.chars import normalise

CATEGORIES = (
    "funding",
    "projects",
    "people",
    "organisations",
    "institutions",
    "economy",
    "ecology",
    "energy",
    "infrastructure",
    "ages",
    "temperature",
    "geography",
    "other",
)
CATEGORY_FILE = Path(__file__).resolve().parent.parent / "data" / "indicator_categories.csv"
_DIMENSION_CATEGORY = {"age": "ages", "temperature": "temperature", "angle": "geography"}


@functools.cache
def load_categories(path: Path = CATEGORY_FILE) -> tuple[tuple[str, str], ...]:
    """``(pattern, category)`` rows of the mapping CSV, in file order; a bad row names its line."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for lineno, r in enumerate(csv.DictReader(fh), 2):
            pattern, category = (r.get("pattern") or "").strip(), (r.get("category") or "").strip()
            if not pattern:
                continue
            if category not in CATEGORIES:
                known = ", ".join(CATEGORIES)
                raise ValueError(f"{path.name}:{lineno}: category {category!r} not one of {known}")
            rows.append((pattern, category))
    return tuple(rows)


def categorize(indicator: str | None, unit: str | None, dimension: str | None = None) -> str:
    """Category of an indicator: ages and temperatures by their dimension, then the first CSV
    row whose pattern is in the indicator, else in the unit, else ``other`` (援助资金 → funding)."""
    if dimension in _DIMENSION_CATEGORY:
        return _DIMENSION_CATEGORY[dimension]
    rows = load_categories()
    for field_ in (indicator, unit):
        key = normalise(field_ or "", "traditional", "digit")
        if key:
            for pattern, category in rows:
                if pattern in key:
                    return category
    return "other"
