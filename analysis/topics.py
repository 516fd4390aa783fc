"""Topic models over a corpus: scikit-learn NMF or LDA on the document–term matrix, fixed
seed (stage: tokens → ``dtm`` → **topics** → figure).

Limits: the matrix is held in memory as sparse counts (about 12 bytes per non-zero cell: a
corpus of 100,000 news articles with ~300 distinct terms each is ~360 MB), and fitting is
single-process. For bigger corpora build the matrix from the corpus engine's per-batch
token tables (``document_term_matrix`` takes an iterable of tables), raise ``min_docs`` to
shrink the vocabulary, or sample documents. Topics are descriptive: name them by reading
their top terms and the documents with the largest shares, and check another seed or
``n_topics`` before drawing conclusions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from analysis import array_memo
from analysis.dtm import DocumentTermMatrix, document_term_matrix

SEED = 20260617  # the house seed (analysis.figures.SEED); not imported: no plotting here

METHODS = ("nmf", "lda")


@dataclass
class TopicModel:
    """Top terms per topic, each document's topic shares, and the settings of the fit."""

    terms: pd.DataFrame  # topic, rank, term, weight
    shares: pd.DataFrame  # doc_id, topic, share
    settings: dict = field(default_factory=dict)

    def labels(self, n: int = 3) -> dict[int, str]:
        """Topic number → its ``n`` top terms joined by ``·`` (for legends)."""
        top = self.terms[self.terms["rank"] <= n]
        return {int(t): "·".join(g["term"]) for t, g in top.groupby("topic")}


def topic_model(
    source: pd.DataFrame | DocumentTermMatrix,
    *,
    n_topics: int = 5,
    method: str = "nmf",
    top_terms: int = 10,
    min_docs: int = 2,
    max_share: float = 0.95,
    unit: str = "document",
    seed: int = SEED,
) -> TopicModel:
    """Fit ``n_topics`` topics to the documents of a token table (or a DTM).

    Terms in fewer than ``min_docs`` documents or in more than ``max_share`` of them are
    left out (too rare to define a topic, too common to tell topics apart). ``unit`` may be
    "section" or "article" to model the parts of a few long documents. NMF (default:
    deterministic nndsvd start) is fitted on tf-idf weights, LDA on counts (batch, seeded).
    ``terms``: topic (1-based), rank, term, weight (the topic's normalised loading);
    ``shares``: doc_id, topic, share (each document's shares sum to 1).
    """
    if method not in METHODS:
        raise ValueError(f"topic_model: method must be one of {METHODS}")
    dtm = (
        source
        if isinstance(source, DocumentTermMatrix)
        else document_term_matrix(source, unit=unit, min_docs=min_docs)
    )
    n_docs = len(dtm.docs)
    keep = np.flatnonzero(np.asarray((dtm.matrix > 0).sum(axis=0)).ravel() <= max_share * n_docs)
    if n_docs < 2 or len(keep) < n_topics or n_topics < 1:
        raise ValueError(
            f"topic_model: {n_docs} documents and {len(keep)} usable terms are too few for "
            f"{n_topics} topics (lower min_docs, or use a larger corpus)"
        )
    counts = dtm.matrix[:, keep].astype(float)
    terms = np.asarray(dtm.terms, dtype=object)[keep]
    components, doc_topic = fitted(counts, n_topics, method, seed)
    settings = dict(
        unit=dtm.settings.get("unit", unit),
        method=method,
        n_topics=n_topics,
        seed=seed,
        min_docs=min_docs,
        max_share=max_share,
        documents=n_docs,
        vocabulary=len(keep),
    )
    return TopicModel(
        _top_terms(components, terms, top_terms), _shares(doc_topic, dtm.docs), settings
    )


def fitted(counts, n_topics: int, method: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``_fit``'s arrays, kept in ``build/memo/topic_fits/`` (``array_memo``) under a key of the
    matrix (structure and values), the settings, the versions of scikit-learn, NumPy and SciPy
    and the code of ``_fit``: a rerun on the same corpus imports no scikit-learn (0.8–1.0 s a
    process, more than the rest of notebook 04's corpus section) and gets the same floats."""
    csr = sparse.csr_matrix(counts, copy=True)  # a dense array too
    csr.sum_duplicates()  # canonical: the same counts, the same key
    digest = array_memo.key(
        array_memo.versions(("scikit-learn", "numpy", "scipy")),
        [method, n_topics, seed, _fit, str(counts.dtype)],
        [csr.shape, csr.indptr.astype("<i8"), csr.indices.astype("<i8"), csr.data.astype("<f8")],
    )
    return array_memo.arrays("topic_fits", digest, lambda: _fit(counts, n_topics, method, seed))


def _fit(counts, n_topics: int, method: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(topic × term loadings, document × topic weights) from scikit-learn."""
    if method == "nmf":
        from sklearn.decomposition import NMF
        from sklearn.feature_extraction.text import TfidfTransformer

        weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
        model = NMF(n_components=n_topics, init="nndsvd", random_state=seed, max_iter=500)
    else:
        from sklearn.decomposition import LatentDirichletAllocation

        weights = counts
        model = LatentDirichletAllocation(
            n_components=n_topics, learning_method="batch", random_state=seed, max_iter=50
        )
    doc_topic = model.fit_transform(weights)
    return model.components_, doc_topic


def _top_terms(components: np.ndarray, terms: np.ndarray, top: int) -> pd.DataFrame:
    rows = []
    for k, row in enumerate(components, 1):
        total = row.sum() or 1.0
        weights = np.round(row / total, 6)
        order = sorted(range(len(row)), key=lambda j: (-weights[j], terms[j]))[:top]
        rows += [(k, r, terms[j], float(weights[j])) for r, j in enumerate(order, 1)]
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])


def _shares(doc_topic: np.ndarray, docs: list[str]) -> pd.DataFrame:
    sums = doc_topic.sum(axis=1, keepdims=True)
    sums[sums == 0] = 1.0
    shares = np.round(doc_topic / sums, 4)
    n_docs, n_topics = shares.shape
    return pd.DataFrame(
        {
            "doc_id": np.repeat(np.asarray(docs, dtype=object), n_topics),
            "topic": np.tile(np.arange(1, n_topics + 1), n_docs),
            "share": shares.ravel(),
        }
    )


def shares_by_period(
    model: TopicModel, tokens: pd.DataFrame, *, period: str = "year"
) -> pd.DataFrame:
    """Mean topic share of the documents of each period (``doc_date`` of a corpus token
    table: years or months; no date: "undated"). Columns: period, topic, share, documents."""
    from analysis.corpus import period_of

    cols = ["period", "topic", "share", "documents"]
    key = "doc_id" if "doc_id" in tokens else "doc"
    if "doc_date" not in tokens or model.shares.empty:
        return pd.DataFrame(columns=cols)
    dates = tokens.drop_duplicates(key).set_index(key)["doc_date"]
    shares = model.shares.assign(period=period_of(model.shares["doc_id"].map(dates), period))
    out = shares.groupby(["period", "topic"], sort=True)["share"].mean().round(4).reset_index()
    docs = shares.groupby("period")["doc_id"].nunique()
    out["documents"] = out["period"].map(docs)
    return out[cols]
