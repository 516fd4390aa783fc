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
    ids = tokens[cols[0]].astype(str)
    for c in cols[1:]:
        ids = ids + "/" + tokens[c].astype(str)
    return ids


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
    doc_index: dict[str, int] = {}
    term_index: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for table in tables:
        if table.empty:
            continue
        d_codes, d_names = pd.factorize(_unit_ids(table, unit))
        t_codes, t_names = pd.factorize(table["token"])
        d_global = np.array([doc_index.setdefault(d, len(doc_index)) for d in d_names])
        t_global = np.array([term_index.setdefault(t, len(term_index)) for t in t_names])
        pairs, counts = np.unique(
            d_codes.astype(np.int64) * len(t_names) + t_codes, return_counts=True
        )
        rows.append(d_global[pairs // len(t_names)])
        cols.append(t_global[pairs % len(t_names)])
        vals.append(counts)
    shape = (len(doc_index), len(term_index))
    if rows:
        matrix = sparse.csr_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=shape,
            dtype=np.int64,
        )  # duplicate cells (a document in two batches) are summed
    else:
        matrix = sparse.csr_matrix(shape, dtype=np.int64)
    names = np.asarray(list(term_index), dtype=object)
    totals = np.asarray(matrix.sum(axis=0)).ravel()
    spread = np.asarray((matrix > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero((totals >= min_count) & (spread >= min_docs))
    keep = keep[np.argsort(names[keep].astype(str), kind="stable")]
    matrix = matrix[:, keep].tocsr()
    matrix.sort_indices()
    settings = {"unit": unit, "min_count": min_count, "min_docs": min_docs}
    return DocumentTermMatrix(matrix, list(doc_index), names[keep].tolist(), settings)


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
