"""Specification of the document–term matrix export and the topic model, and the corpus run
on the government work reports in ../shared (skipped when ../shared is absent)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.codebook import EXAMPLE
from analysis.dtm import document_term_matrix, read_dtm, write_dtm
from analysis.scoring import score_dictionary
from analysis.topics import shares_by_period, topic_model

REPORTS = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "government_work_reports"
)


def docs_table(docs: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(d, 0, 0, 0, t) for d, toks in docs.items() for t in toks],
        columns=["doc", "article", "section", "sentence", "token"],
    )


HAND = docs_table({"b": ["资金", "协作", "资金"], "a": ["协作", "机制"], "c": ["机制"]})


def test_dtm_counts_rows_and_columns() -> None:
    dtm = document_term_matrix(HAND)
    assert dtm.docs == ["b", "a", "c"]  # first appearance
    assert dtm.terms == ["协作", "机制", "资金"]  # code-point order
    assert dtm.matrix.toarray().tolist() == [[1, 0, 2], [1, 1, 0], [0, 1, 0]]
    assert dtm.matrix.sum() == len(HAND)
    assert dtm.to_frame().values.tolist() == [
        ["b", "协作", 1], ["b", "资金", 2], ["a", "协作", 1], ["a", "机制", 1], ["c", "机制", 1]
    ]  # fmt: skip
    pruned = document_term_matrix(HAND, min_docs=2)
    assert pruned.terms == ["协作", "机制"] and pruned.settings["min_docs"] == 2


def test_dtm_from_batches_equals_one_table() -> None:
    whole = document_term_matrix(HAND)
    parts = document_term_matrix([HAND.iloc[:2], HAND.iloc[2:4], HAND.iloc[4:]])
    assert parts.docs == whole.docs and parts.terms == whole.terms
    assert (parts.matrix != whole.matrix).nnz == 0


def test_dtm_files_and_round_trip(tmp_path) -> None:
    dtm = document_term_matrix(HAND)
    paths = write_dtm(dtm, tmp_path, stem="hand")
    assert [p.name for p in paths] == [
        "hand.mtx",
        "hand_docs.csv",
        "hand_terms.csv",
        "hand_long.csv",
    ]
    lines = paths[0].read_text().splitlines()
    assert lines[0] == "%%MatrixMarket matrix coordinate integer general"
    assert [ln for ln in lines if not ln.startswith("%")] == [
        "3 3 5",
        "1 1 1",
        "1 3 2",
        "2 1 1",
        "2 2 1",
        "3 2 1",
    ]  # fmt: skip  (1-based row, column, count)
    assert paths[1].read_text(encoding="utf-8") == "doc_id\nb\na\nc\n"
    assert paths[2].read_text(encoding="utf-8") == "term\n协作\n机制\n资金\n"
    back = read_dtm(tmp_path, stem="hand")
    assert back.docs == dtm.docs and back.terms == dtm.terms
    assert (back.matrix != dtm.matrix).nnz == 0
    again = write_dtm(dtm, tmp_path / "again", stem="hand")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]


def test_dtm_files_must_agree(tmp_path) -> None:
    write_dtm(document_term_matrix(HAND), tmp_path)
    (tmp_path / "dtm_terms.csv").write_text("term\n协作\n", encoding="utf-8")
    with pytest.raises(ValueError, match="does not match the CSVs"):
        read_dtm(tmp_path)


# --- topic model ----------------------------------------------------------------------------------

TWO_THEMES = docs_table(
    {
        **{f"eco{i}": ["生态", "修复", "湿地", "水质"] * 3 + ["资金"] for i in range(4)},
        **{f"ind{i}": ["产业", "企业", "园区", "就业"] * 3 + ["资金"] for i in range(4)},
    }
)


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_topics_separate_two_vocabularies(method) -> None:
    model = topic_model(TWO_THEMES, n_topics=2, method=method, top_terms=4)
    assert model.settings["vocabulary"] == 8  # 资金 is in every document: > max_share, dropped
    shares = model.shares.pivot(index="doc_id", columns="topic", values="share")
    assert np.allclose(shares.sum(axis=1), 1, atol=1e-3)
    dominant = shares.idxmax(axis=1)
    assert dominant[[f"eco{i}" for i in range(4)]].nunique() == 1
    assert dominant[[f"ind{i}" for i in range(4)]].nunique() == 1
    assert dominant["eco0"] != dominant["ind0"]
    eco_topic = int(dominant["eco0"])
    assert set(model.terms[model.terms["topic"] == eco_topic]["term"]) == {
        "生态",
        "修复",
        "湿地",
        "水质",
    }
    again = topic_model(TWO_THEMES, n_topics=2, method=method, top_terms=4)
    assert again.terms.equals(model.terms) and again.shares.equals(model.shares)


def test_topics_refuse_too_small_input() -> None:
    with pytest.raises(ValueError, match="too few for 5 topics"):
        topic_model(HAND, n_topics=5, min_docs=1)
    with pytest.raises(ValueError, match="method"):
        topic_model(TWO_THEMES, method="lsa")


def test_shares_by_period_average_the_documents() -> None:
    dated = TWO_THEMES.assign(
        doc_date=np.where(TWO_THEMES["doc"].str.startswith("eco"), "2020-05-01", "2021-05-01")
    )
    model = topic_model(dated, n_topics=2)
    years = shares_by_period(model, dated)
    assert years["period"].unique().tolist() == ["2020", "2021"]
    assert years["documents"].unique().tolist() == [4]
    assert np.allclose(years.groupby("period")["share"].sum(), 1, atol=1e-3)


# --- the corpus run on the government work reports ------------------------------------------------


@pytest.fixture(scope="module")
def reports():
    if not REPORTS.is_dir():
        pytest.skip("../shared not available")
    from analysis.corpus import analyse_corpus

    return analyse_corpus(REPORTS, "tokens", workers=1, progress=False)


def test_reports_topics_and_dictionary_per_year(reports) -> None:
    tokens = reports.table
    loaded = tokens["doc_id"].nunique()
    assert reports.documents == loaded
    files = len(list(REPORTS.glob("*.txt")))  # 49 reports, 1954–2017
    assert loaded + len(reports.problems) == files  # each analysed or listed as a problem
    assert (loaded, len(reports.problems)) == (files, 0)  # 38 of 49 failed before issue 15
    model = topic_model(tokens, n_topics=5)
    years = shares_by_period(model, tokens)
    assert years["period"].nunique() == loaded  # one report a year
    assert np.allclose(years.groupby("period")["share"].sum(), 1, atol=1e-3)
    scores = score_dictionary(tokens, EXAMPLE, by="period")
    wide = scores.wide()
    assert len(wide) == loaded and list(wide.columns[1:]) == list(scores.dictionary.categories)
    # the three instrument types occur in every report; regional cooperation not in all years
    assert (wide.iloc[:, 1:4] > 0).all().all()
    assert 0 < (wide.iloc[:, 4] > 0).sum() < loaded
    again = topic_model(tokens, n_topics=5)
    assert again.terms.equals(model.terms)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from(["资金", "协作", "机制"])),
        min_size=1,
        max_size=30,
    ),
    st.integers(1, 4),
)
def test_dtm_counts_every_token_once(pairs, batches) -> None:
    tokens = pd.DataFrame(pairs, columns=["doc", "token"])
    size = max(1, len(tokens) // batches)
    dtm = document_term_matrix([tokens.iloc[i : i + size] for i in range(0, len(tokens), size)])
    assert dtm.matrix.sum() == len(tokens)
    expected = tokens.groupby(["doc", "token"]).size()
    frame = dtm.to_frame().set_index(["doc_id", "term"])["count"]
    assert frame.sort_index().equals(
        expected.sort_index().rename("count").rename_axis(["doc_id", "term"])
    )


def test_r_reads_the_matrix_market_files(tmp_path) -> None:
    """The R side of the quanteda round trip (Matrix::readMM + dimnames; ``as.dfm`` itself
    needs quanteda): skipped where R and its Matrix package are not installed."""
    if not shutil.which("Rscript"):
        pytest.skip("Rscript not installed")
    write_dtm(document_term_matrix(HAND), tmp_path)
    script = (
        'suppressMessages(library(Matrix)); m <- as(readMM("dtm.mtx"), "CsparseMatrix");'
        'dimnames(m) <- list(read.csv("dtm_docs.csv", encoding="UTF-8")$doc_id,'
        ' read.csv("dtm_terms.csv", encoding="UTF-8")$term);'
        'cat(dim(m), sum(m), m["b", "资金"], m["a", "机制"], sep=" ")'
    )
    done = subprocess.run(["Rscript", "-e", script], cwd=tmp_path, capture_output=True, text=True)
    if done.returncode and "Matrix" in done.stderr:
        pytest.skip("R package Matrix not installed")
    assert done.stdout.split() == ["3", "3", "6", "2", "1"]
