"""Quantities in Chinese news text: value, unit, qualifier, what is measured, whose, when.

Stage: sentences → timeline / **quantities** → indicator tables. ``extract`` reads one string;
``indicator_table`` runs it over the loader's sentence table and adds ``subject``,
``refers_to``, ``modality`` and ``review``; ``comparisons`` and ``derived_indicators`` work on
that table; ``series`` merges one indicator across documents. The vocabulary lives in
``analysis/lang/zh/`` (units, classifiers, unit cues, qualifiers, modality and indicator cues).

Modules: ``vocab`` (tables), ``patterns`` (regexes built from them), ``candidates`` (matches →
values), ``extract``, ``indicators`` (indicator, direction, category), ``phrases`` (predicate
and argument around the noun), ``context`` (subject from ``analysis.entities``, modality),
``when`` (refers_to: years and periods), ``compare`` (pairs, derived), ``report`` (key
figures, counts, series).
"""

from analysis.quantities.categories import CATEGORIES, CATEGORY_FILE, categorize, load_categories
from analysis.quantities.compare import comparisons, derived_indicators
from analysis.quantities.context import INDICATOR_COLUMNS, indicator_table, section_headings
from analysis.quantities.extractor import (
    COLUMNS,
    extract,
    extract_many,
    extract_records,
    time_spans,
)
from analysis.quantities.report import (
    QUALIFIER_LABELS,
    counts_by_document,
    format_human,
    key_figures,
    series,
    target_and_actual,
)

_time_spans = time_spans  # the name the first tests used

__all__ = [
    "CATEGORIES",
    "CATEGORY_FILE",
    "COLUMNS",
    "INDICATOR_COLUMNS",
    "QUALIFIER_LABELS",
    "categorize",
    "comparisons",
    "counts_by_document",
    "derived_indicators",
    "extract",
    "extract_many",
    "extract_records",
    "format_human",
    "indicator_table",
    "key_figures",
    "load_categories",
    "section_headings",
    "series",
    "target_and_actual",
    "time_spans",
]
