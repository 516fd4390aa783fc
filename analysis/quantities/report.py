"""Report tables over the indicator table (stage: analyse → notebooks): the human form of a
value, key figures, counts per document and period, and ``series`` of one indicator across
documents (a stated target against the reported actual, year by year).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.quantities.categories import CATEGORIES

_PREFIX_WORD = {"nearly": "近", "about": "约", "up_to": "最多", "at_least": "至少"}


def _fmt_number(value: float) -> str:
    """7680000000 → 76.8亿, 330000 → 33万, 77981 → 77981 (亿/万 only when it reads cleanly)."""
    for size, word in ((10**12, "万亿"), (10**8, "亿"), (10**4, "万")):
        if abs(value) >= size:
            scaled = round(value / size, 4)
            if abs(scaled * size - value) < 1e-6 * max(abs(value), 1) and (
                round(scaled, 2) == scaled
            ):
                return f"{scaled:.2f}".rstrip("0").rstrip(".") + word
    return f"{value:.4f}".rstrip("0").rstrip(".")


def format_human(
    value: float, unit: str, qualifier: str | None = None, value_max: float | None = None
) -> str:
    """Readable form of a row: (7680000000, 元) → 76.8亿元; (4000, 个, more_than) → 4000多个."""
    if value is None or pd.isna(value):
        return ""
    if unit == "share":
        return f"{value * 100:.1f}%".replace(".0%", "%")
    number = _fmt_number(value)
    if value_max is not None and not pd.isna(value_max):
        number += "—" + _fmt_number(value_max)
    unit_text = "" if unit == "share" else unit
    if qualifier == "more_than" and unit == "%":
        return f"{number}%以上"  # 95%以上, not 95多%
    if qualifier in ("more_than", "several"):
        word = "多" if qualifier == "more_than" else "几"
        if number == "10" and qualifier == "several":
            return "十几" + unit_text  # 十几个, not 10几个
        return number + word + unit_text
    if unit == "share" or qualifier not in _PREFIX_WORD:
        return number + unit_text
    return _PREFIX_WORD[qualifier] + number + unit_text


QUALIFIER_LABELS = {
    "more_than": "多于",
    "nearly": "近",
    "about": "约",
    "several": "若干",
    "less_than": "不到",
    "up_to": "至多",
    "at_least": "至少",
}


def key_figures(table: pd.DataFrame, sentences: pd.DataFrame, *, chars: int = 40) -> pd.DataFrame:
    """Report-ready key figures: indicator, value as written, qualifier, year, subject,
    modality, category and the source sentence (trimmed to ``chars``), with raw offsets."""
    text_of = {(r.doc, r.article, r.sentence): r.text for r in sentences.itertuples()}
    out = pd.DataFrame(
        {
            "indicator": table.indicator,
            "value": table.human,
            "qualifier": table.qualifier.map(lambda q: QUALIFIER_LABELS.get(q, "")),
            "year": table.year.map(lambda y: "" if y is None or y != y else str(int(y))),
            "subject": table.subject.fillna(""),
            "modality": table.get("modality", pd.Series("actual", index=table.index)),
            "category": table.category,
            "source_sentence": [
                _trim(text_of.get((r.doc, r.article, r.sentence), ""), chars)
                for r in table.itertuples()
            ],
            "article": table.article,
            "sentence": table.sentence,
            "expr_raw_start": table.get("expr_raw_start", table.raw_start),
            "expr_raw_end": table.get("expr_raw_end", table.raw_end),
        }
    )
    return out.reset_index(drop=True)


def _trim(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def counts_by_document(table: pd.DataFrame, *, period: str | None = None) -> pd.DataFrame:
    """How many quantities of each category every document has (a corpus view).

    With ``period`` ("year" or "month"), one row per period of the documents' dates instead
    (``doc_date`` column, as ``corpus.analyse_corpus`` adds), plus how many of its documents
    have any quantity (``documents_with_quantities``; the others have no row to count).
    """
    key = "period" if period else ("doc" if "doc" in table and "doc_id" not in table else "doc_id")
    extra = ["documents_with_quantities"] if period else []
    if table.empty:
        return pd.DataFrame(columns=[key, *extra, *CATEGORIES])
    if period:
        from analysis.corpus import period_of

        if "doc_date" not in table:
            raise ValueError(
                "counts_by_document(period=...) needs a doc_date column, as the tables of "
                "analysis.corpus.analyse_corpus have"
            )
        table = table.assign(period=period_of(table["doc_date"], period))
    counts = pd.crosstab(table[key], table["category"]).reindex(
        columns=list(CATEGORIES), fill_value=0
    )
    out = counts.reset_index().rename_axis(columns=None)
    if period:
        docs = table.groupby("period")["doc_id" if "doc_id" in table else "doc"].nunique()
        out.insert(1, "documents_with_quantities", out["period"].map(docs))
    return out


SERIES_COLUMNS = [
    "refers_to",
    "modality",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "indicator",
    "doc_id",
    "doc_date",
    "text",
    "sentence",
    "raw_start",
    "raw_end",
]


def series(
    table: pd.DataFrame, match: str, *, modality: str | None = None, periods: bool = False
) -> pd.DataFrame:
    """One indicator across documents, one row per figure, sorted by ``refers_to``.

    ``match`` is a regex (a plain substring works) searched in ``indicator``; ``modality``
    keeps only ``target``, ``actual`` … rows. ``text`` is the figure as written, ``sentence``
    its sentence, ``raw_start``/``raw_end`` its offsets in the document's file, so a target
    (7%左右 → 7, about) can be plotted against the reported actual, each point traceable.
    Figures about a period (``refers_to`` 2002/2007: 2018年…比2013年增长48.2%, a five-year growth)
    are no point of an annual series and are left out unless ``periods=True``.

    >>> series(corpus_table, "国内生产总值增长", modality="target")  # doctest: +SKIP
    """
    if table.empty or "indicator" not in table:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    pattern = re.compile(match)
    keep = table["indicator"].map(lambda s: bool(pattern.search(str(s or ""))))
    if modality is not None:
        keep &= table["modality"] == modality
    if not periods:
        keep &= ~table["refers_to"].map(lambda v: isinstance(v, str) and "/" in v)
    rows = table[keep]
    out = pd.DataFrame(
        {
            "refers_to": rows["refers_to"],
            "modality": rows["modality"],
            "value": rows["value"],
            "value_max": rows["value_max"],
            "unit": rows["unit"],
            "qualifier": rows["qualifier"],
            "indicator": rows["indicator"],
            "doc_id": rows["doc_id"] if "doc_id" in rows else rows["doc"],
            "doc_date": rows.get("doc_date"),
            "text": rows["text"],
            "sentence": rows["sentence_text"] if "sentence_text" in rows else rows["sentence"],
            "raw_start": rows["expr_raw_start"] if "expr_raw_start" in rows else rows["raw_start"],
            "raw_end": rows["expr_raw_end"] if "expr_raw_end" in rows else rows["raw_end"],
        }
    )
    order = out.assign(_r=out["refers_to"].astype(str)).sort_values(["_r", "doc_id"], kind="stable")
    return order.drop(columns="_r").reset_index(drop=True)


POINT_COLUMNS = [
    *("year", "modality", "value", "value_max", "qualifier", "unit"),
    *("doc_id", "doc_date", "text", "sentence", "raw_start", "raw_end"),
]


def target_and_actual(series_rows: pd.DataFrame, *, unit: str = "%") -> pd.DataFrame:
    """One stated target and one reported actual per year, from ``series`` rows in ``unit``.

    A year's target is the one stated in a document of that year (a report sets the year's
    goal), else the first of any document; its actual is the first one reported by a document
    dated after that year (the outcome of a year is known once it is over, so an "actual" dated
    in its own year is an interim figure, left out). Rows in another unit (a change of
    1个百分点 is not a growth rate of 1%) and rows whose ``refers_to`` is not one year are left
    out. Each point keeps its document, text and raw offsets, so a plotted value can be found.
    """
    rows = series_rows[series_rows["unit"] == unit] if len(series_rows) else series_rows
    refers = rows["refers_to"].astype(str) if len(rows) else pd.Series(dtype=str)
    rows = rows[refers.str.fullmatch(r"\d{4}")]
    if rows.empty:
        return pd.DataFrame(columns=POINT_COLUMNS)
    rows = rows.assign(
        year=rows["refers_to"].astype(int),
        _doc_year=pd.to_numeric(rows["doc_date"].astype(str).str[:4], errors="coerce"),
    )
    targets = rows[rows["modality"] == "target"]
    targets = targets.assign(_own=(targets["_doc_year"] != targets["year"]).astype(int))
    targets = targets.sort_values(["year", "_own"], kind="stable").drop_duplicates("year")
    actuals = rows[(rows["modality"] == "actual") & (rows["_doc_year"] > rows["year"])]
    actuals = actuals.sort_values(["year", "_doc_year"], kind="stable").drop_duplicates("year")
    points = pd.concat([targets, actuals], ignore_index=True)
    points = points.sort_values(["year", "modality"], ascending=[True, False], kind="stable")
    return points[POINT_COLUMNS].reset_index(drop=True)
