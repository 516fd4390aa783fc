"""Document–term matrix: SciPy sparse counts with their vocabulary and document ids, written
for other tools (stage: tokens → **matrix** → topics, R/quanteda, scikit-learn).

``write_dtm`` writes four files with one stem: ``STEM.mtx`` (Matrix Market, documents ×
terms, integer counts), ``STEM_docs.csv`` (row order: ``doc_id``), ``STEM_terms.csv``
(column order: ``term``) and ``STEM_long.csv`` (``doc_id,term,count``, the non-zero cells:
readable by any tool). In R: ``m <- Matrix::readMM("STEM.mtx")``, set ``dimnames`` from the
two CSVs and ``quanteda::as.dfm(m)`` (README, "Document–term matrix").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import io as spio
from scipy import sparse

UNITS = {
    "document": ["doc"],
    "article": ["doc", "article"],
    "section": ["doc", "article", "section"],
}


@dataclass
class DocumentTermMatrix:
    """Counts (CSR, documents × terms), the row ids and the column terms, and the settings."""

    matrix: sparse.csr_matrix
    docs: list[str]
    terms: list[str]
    settings: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The non-zero cells as a long table: doc_id, term, count (rows, then columns)."""
        coo = self.matrix.tocoo()
        order = np.lexsort((coo.col, coo.row))
        return pd.DataFrame(
            {
                "doc_id": np.asarray(self.docs, dtype=object)[coo.row[order]],
                "term": np.asarray(self.terms, dtype=object)[coo.col[order]],
                "count": coo.data[order].astype(np.int64),
            }
        )


def _unit_ids(tokens: pd.DataFrame, unit: str) -> pd.Series:
    cols = [c for c in UNITS[unit] if c in tokens.columns]
    if "doc_id" in tokens and unit == "document":
        cols = ["doc_id"]
    if not cols:
        raise ValueError(f"document_term_matrix: the token table has none of {UNITS[unit]}")
    if len(cols) == 1:
        return tokens[cols[0]].astype(str)
    return tokens[cols].astype(str).agg("/".join, axis=1)


def document_term_matrix(
    tokens: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    unit: str = "document",
    min_count: int = 1,
    min_docs: int = 1,
) -> DocumentTermMatrix:
    """Counts of every term per document (or article/section) of a token table.

    ``tokens`` may be one table or an iterable of tables (e.g. one per batch of a corpus
    run), so a corpus never needs one concatenated table: memory is the non-zero cells.
    Rows follow the documents' first appearance; columns are terms in code-point order.
    Terms with fewer than ``min_count`` occurrences or ``min_docs`` documents are dropped.
    """
    if unit not in UNITS:
        raise ValueError(f"document_term_matrix: unit must be one of {sorted(UNITS)}")
    tables = [tokens] if isinstance(tokens, pd.DataFrame) else tokens
    parts = []
    for table in tables:
        if table.empty:
            continue
        ids = _unit_ids(table, unit)
        parts.append(
            pd.DataFrame({"d": ids.to_numpy(), "t": table["token"].to_numpy()})
            .value_counts(sort=False)
            .reset_index()
        )
    cells = (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["d", "t", "count"])
    )
    cells = cells.groupby(["d", "t"], sort=False)["count"].sum().reset_index()
    totals = cells.groupby("t")["count"].sum()
    docs_per = cells.groupby("t").size()
    keep = totals.index[(totals >= min_count) & (docs_per >= min_docs)]
    cells = cells[cells["t"].isin(keep)]
    docs = list(dict.fromkeys(pd.concat([p["d"] for p in parts]).tolist())) if parts else []
    terms = sorted(keep)
    row = pd.Series(range(len(docs)), index=docs)
    col = pd.Series(range(len(terms)), index=terms, dtype=np.int64)
    matrix = sparse.csr_matrix(
        (
            cells["count"].to_numpy(np.int64),
            (row[cells["d"]].to_numpy(), col[cells["t"]].to_numpy()),
        ),
        shape=(len(docs), len(terms)),
        dtype=np.int64,
    )
    matrix.sort_indices()
    settings = {"unit": unit, "min_count": min_count, "min_docs": min_docs}
    return DocumentTermMatrix(matrix, docs, terms, settings)


def write_dtm(dtm: DocumentTermMatrix, folder: str | Path, *, stem: str = "dtm") -> list[Path]:
    """Write the matrix as Matrix Market plus the three CSVs (UTF-8, ``\\n``); return paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{stem}{s}" for s in (".mtx", "_docs.csv", "_terms.csv", "_long.csv")]
    spio.mmwrite(paths[0], dtm.matrix.tocoo(), field="integer", symmetry="general")
    pd.DataFrame({"doc_id": dtm.docs}).to_csv(paths[1], index=False, lineterminator="\n")
    pd.DataFrame({"term": dtm.terms}).to_csv(paths[2], index=False, lineterminator="\n")
    dtm.to_frame().to_csv(paths[3], index=False, lineterminator="\n")
    return paths


def read_dtm(folder: str | Path, *, stem: str = "dtm") -> DocumentTermMatrix:
    """Read back what ``write_dtm`` wrote (the round trip the tests check)."""
    folder = Path(folder)
    matrix = sparse.csr_matrix(spio.mmread(folder / f"{stem}.mtx"), dtype=np.int64)
    docs = pd.read_csv(folder / f"{stem}_docs.csv", dtype=str, keep_default_na=False)["doc_id"]
    terms = pd.read_csv(folder / f"{stem}_terms.csv", dtype=str, keep_default_na=False)["term"]
    if matrix.shape != (len(docs), len(terms)):
        raise ValueError(
            f"{folder / stem}.mtx: shape {matrix.shape} does not match the CSVs "
            f"({len(docs)} documents, {len(terms)} terms)"
        )
    return DocumentTermMatrix(matrix, docs.tolist(), terms.tolist(), {"read_from": str(folder)})
