"""Corpus scale: streaming sources, local processes and Dask give the same tables."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.corpus import Item, analyse_corpus, iter_sources
from analysis.corpus import cache as cache_module
from tests.conftest import SEED

PARAGRAPHS = [p for p in SEED.read_text(encoding="utf-8").split("\n") if len(p) > 40]


def _docs(n: int) -> list[str]:
    """Synthetic documents: consecutive groups of five seed paragraphs."""
    return ["\n\n".join(PARAGRAPHS[(5 * k) % 60 : (5 * k) % 60 + 5]) for k in range(n)]


@pytest.fixture
def folder(tmp_path):
    for k, text in enumerate(_docs(6)):
        encoding = "gb18030" if k == 1 else "utf-8"
        (tmp_path / f"d{k}.txt").write_bytes(text.encode(encoding))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return tmp_path


def test_sources_folder_glob_list_and_tables(folder, tmp_path) -> None:
    ids = [i.id for i in iter_sources(folder)]
    assert ids == [f"{n}.txt" for n in ("binary", "d0", "d1", "d2", "d3", "d4", "d5", "empty")]
    assert [i.id for i in iter_sources(str(folder / "d[0-2].txt"))] == [
        "d0.txt",
        "d1.txt",
        "d2.txt",
    ]
    assert [i.id for i in iter_sources([folder / "d5.txt"])] == ["d5.txt"]
    rows = [{"id": f"a{k}", "text": t, "date": f"2026-0{k + 1}-01"} for k, t in enumerate(_docs(3))]
    pd.DataFrame(rows).to_csv(tmp_path / "c.csv", index=False)
    (tmp_path / "c.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
    )
    pd.DataFrame(rows).to_parquet(tmp_path / "c.parquet")
    for name in ("c.csv", "c.jsonl", "c.parquet"):
        items = list(iter_sources(tmp_path / name))
        assert [(i.id, i.date, i.text[:8]) for i in items] == [
            (r["id"], r["date"], r["text"][:8]) for r in rows
        ], name


def test_problems_are_reported_not_dropped(folder) -> None:
    result = analyse_corpus(folder, "summary", workers=1, progress=False)
    assert result.documents == 6
    assert [(p.id, p.problem.split(": ", 1)[1]) for p in result.problems.itertuples()] == [
        ("binary.txt", "binary data, not a text file"),
        ("empty.txt", "the file is empty (no text to analyse)"),
    ]
    items = [Item("x", "a", text=_docs(1)[0]), Item("x", "b", text=_docs(1)[0])]
    dup = analyse_corpus(items, "summary", workers=1, progress=False)
    assert dup.documents == 1
    assert dup.problems.problem.tolist() == ["duplicate id: skipped (first occurrence kept)"]


@pytest.mark.parametrize("analysis", ["tokens", "timeline", "quantities"])
def test_two_processes_give_the_same_table_as_one(folder, analysis) -> None:
    one = analyse_corpus(folder, analysis, workers=1, batch_size=2, progress=False)
    two = analyse_corpus(folder, analysis, workers=2, batch_size=2, progress=False)
    assert len(one.table) > 0
    pd.testing.assert_frame_equal(one.table, two.table)
    assert one.documents == two.documents == 6
    if analysis == "tokens":
        assert one.table.doc_id.unique().tolist() == [f"d{k}.txt" for k in range(6)]
        assert one.table.doc.unique().tolist() == [f"d{k}.txt" for k in range(6)]


def test_dask_local_cluster_matches_the_local_engine(folder) -> None:
    local = analyse_corpus(folder, "quantities", workers=1, batch_size=2, progress=False)
    dask = analyse_corpus(
        folder, "quantities", engine="dask", workers=2, batch_size=2, progress=False
    )
    pd.testing.assert_frame_equal(local.table, dask.table)
    pd.testing.assert_frame_equal(local.problems, dask.problems)


def test_token_cache_is_reused_and_invalidated_by_the_dictionary(
    folder, tmp_path, monkeypatch
) -> None:
    cache = tmp_path / "cache"
    first = analyse_corpus(folder, "tokens", workers=1, progress=False, cache_dir=cache)
    files = sorted(p.name for p in cache.iterdir())
    assert len(files) == 6
    again = analyse_corpus(folder, "tokens", workers=1, progress=False, cache_dir=cache)
    pd.testing.assert_frame_equal(first.table, again.table)
    assert sorted(p.name for p in cache.iterdir()) == files
    monkeypatch.setattr(cache_module, "_dictionary_fingerprint", lambda: "another dictionary")
    analyse_corpus(folder, "tokens", workers=1, progress=False, cache_dir=cache)
    assert len(list(cache.iterdir())) == 12


def test_unknown_engine_and_analysis_are_clear_errors(folder) -> None:
    with pytest.raises(ValueError, match="unknown engine 'spark'"):
        analyse_corpus(folder, "tokens", engine="spark")
    with pytest.raises(ValueError, match="unknown analysis 'sentiment'"):
        analyse_corpus(folder, "sentiment")


def test_streamed_frequency_equals_counting_the_token_table(folder) -> None:
    tokens = analyse_corpus(folder, "tokens", workers=1, progress=False).table
    freq = analyse_corpus(folder, "frequency", workers=2, batch_size=2, progress=False).table
    expected = tokens.groupby("token").size()
    assert freq.set_index("term")["count"].sort_index().to_dict() == expected.to_dict()
    docs = tokens.groupby("token").doc_id.nunique()
    assert freq.set_index("term")["doc_freq"].sort_index().to_dict() == docs.to_dict()
    assert freq["count"].is_monotonic_decreasing


def test_indicator_counts_per_document(folder) -> None:
    from analysis.quantities import CATEGORIES, counts_by_document

    table = analyse_corpus(folder, "quantities", workers=1, progress=False).table
    counts = counts_by_document(table)
    assert list(counts.columns) == ["doc_id", *CATEGORIES]
    assert counts.set_index("doc_id").sum(axis=1).to_dict() == table.doc_id.value_counts().to_dict()


@pytest.mark.parametrize("analysis", ["tokens", "timeline", "quantities", "summary", "frequency"])
def test_a_corpus_of_bad_files_gives_empty_tables_with_columns(tmp_path, analysis) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    result = analyse_corpus(tmp_path, analysis, workers=1, progress=False)
    assert result.documents == 0 and len(result.problems) == 2
    assert result.table.empty
    expected = {"frequency": "term", "summary": "han_characters", "tokens": "raw_start"}
    assert expected.get(analysis, "expr_raw_start") in result.table.columns
    if analysis != "frequency":
        assert list(result.table.columns[:2]) == ["doc_id", "doc_date"]
