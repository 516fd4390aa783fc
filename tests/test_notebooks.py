"""The build is the test: notebooks are committed clean and rebuild the committed figures."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import build
from analysis.paths import PROJ_ROOT

NOTEBOOKS = build.notebooks()


def test_there_are_numbered_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS][:1] == ["00_corpus.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert any("parameters" in c["metadata"].get("tags", []) for c in code)


@pytest.mark.slow
def test_rebuild_reproduces_committed_tables_and_vector_figures(tmp_path, monkeypatch) -> None:
    """Run every notebook into a temporary folder: CSV, SVG and PDF are byte-identical."""
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path))
    build.build()
    committed = PROJ_ROOT / "figures"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(p.name for p in committed.iterdir())
    for name in names:
        if name.endswith((".csv", ".svg", ".pdf", ".md", ".json")):
            assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name


@pytest.mark.slow
def test_notebooks_take_a_corpus_and_give_per_document_and_per_period_views(
    tmp_path, monkeypatch
) -> None:
    """papermill parameter CORPUS: 24 dated synthetic articles (2016 and 2017) as JSONL."""
    from analysis.synthetic import write_synthetic_corpus

    corpus = write_synthetic_corpus(tmp_path / "corpus.jsonl", 24)
    out = tmp_path / "figures"
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(out))
    kernel = build.warm_kernel(build.NOTEBOOKS_DIR)  # one kernel for all, as a build runs them
    try:
        for nb in NOTEBOOKS:
            params = {"CORPUS": str(corpus)}
            if nb.name.startswith("01_"):
                params["TOKEN_CACHE"] = str(tmp_path / "cache")
            build.run_notebook(nb, params, kernel=kernel)
    finally:
        build._shutdown(kernel)
        build._WARM.clear()

    documents = pd.read_csv(out / "00_corpus_documents.csv", dtype=str)
    assert documents["doc_id"].tolist() == [f"syn{k:05d}" for k in range(1, 25)]
    assert pd.read_csv(out / "00_corpus_problems.csv").empty

    trends = pd.read_csv(out / "01_corpus_term_trends.csv", dtype={"period": str})
    assert sorted(trends["period"].unique()) == ["2016", "2017"]
    assert trends.groupby("period")["documents"].first().tolist() == [12, 12]
    assert (out / "01_corpus_term_trends.pdf").exists()  # two periods: a chart
    assert len(list((tmp_path / "cache").iterdir())) == 24  # one cached token table each
    per_doc = pd.read_csv(out / "01_corpus_top_terms_per_document.csv")
    assert per_doc["doc_id"].nunique() == 24 and per_doc.groupby("doc_id").size().max() <= 10

    merged = pd.read_csv(out / "02_corpus_timeline.csv")
    assert set(merged["doc_id"]) <= set(documents["doc_id"]) and len(merged) > 0
    assert (out / "02_corpus_timeline.svg").exists()

    per_period = pd.read_csv(out / "03_corpus_indicators_per_period.csv", dtype={"period": str})
    assert per_period["period"].tolist() == ["2016", "2017"]
    assert per_period["documents_with_quantities"].tolist() == [4, 5]
    indicators = pd.read_csv(out / "03_corpus_indicators.csv")
    per_document = pd.read_csv(out / "03_corpus_indicators_per_document.csv")
    counts = per_document.drop(columns="doc_id").sum(axis=1)
    by_period = per_period.drop(columns=["period", "documents_with_quantities"]).to_numpy().sum()
    assert counts.sum() == len(indicators) == by_period


REQUIRED = {
    "SOURCE",
    "REFERENCE_DATE",
    "OUTPUT_DIR",
    "DICTIONARIES",
    "CORPUS",
    "ENGINE",
    "WORKERS",
    "PERIOD",
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_is_one_name_a_line_with_its_comment_above(path) -> None:
    """papermill reads every parameter (an inline comment with '=' made it skip the line and
    print "Passed unknown parameter"), and each has its explanation on the line above."""
    import papermill

    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    lines = "".join(cell["source"]).splitlines()
    names = [ln.split("=", 1)[0].strip() for ln in lines if ln and not ln.startswith("#")]
    for k, line in enumerate(lines):
        if line and not line.startswith("#"):
            assert "#" not in line and lines[k - 1].startswith("# "), line
    assert set(papermill.inspect_notebook(str(path))) == set(names)
    if path.name[:2] in {"00", "01", "02", "03"}:
        assert set(names) >= REQUIRED
    source = "".join("".join(c["source"]) for c in nb["cells"])
    assert "parameters=globals()" in source and "reference_date=REFERENCE_DATE" in source


def test_term_frequency_takes_the_research_parameters() -> None:
    import papermill

    names = set(papermill.inspect_notebook(str(build.NOTEBOOKS_DIR / "01_term_frequency.ipynb")))
    assert {
        "TOP_N",
        "MIN_COUNT",
        "KWIC_TERMS",
        "KWIC_WINDOW",
        "EDGE_MIN",
        "KEYNESS_REFERENCE",
    } <= names


@pytest.mark.slow
def test_a_run_on_another_text_writes_its_own_folder_and_leaves_figures_alone(
    tmp_path, monkeypatch
) -> None:
    """papermill -p SOURCE other.txt: outputs in output/other_plain/ (here redirected by
    OUTPUT_DIR into a temporary folder), figures/ untouched, a manifest naming the text."""
    monkeypatch.delenv("ANALYSIS_FIGURES_DIR", raising=False)
    committed = PROJ_ROOT / "figures"
    before = {p.name: p.stat().st_mtime_ns for p in committed.iterdir()}
    out = tmp_path / "other"
    build.run_notebook(
        build.NOTEBOOKS_DIR / "02_timeline.ipynb",
        {"SOURCE": "tests/data/other_plain.txt", "OUTPUT_DIR": str(out)},
    )
    assert {p.name: p.stat().st_mtime_ns for p in committed.iterdir()} == before
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {e["source"] for e in manifest.values()} == {"tests/data/other_plain.txt"}
    assert {e["dictionaries"] for e in manifest.values()} == {"jieba"}
    listed = {f for e in manifest.values() for f in e["files"]}
    assert listed == {p.name for p in out.iterdir()} - {"manifest.json", "README.md"}
    for p in out.iterdir():
        if p.suffix in {".csv", ".svg", ".json", ".md"}:
            assert str(PROJ_ROOT) not in p.read_text(encoding="utf-8-sig"), p.name


@pytest.mark.slow
def test_notebook_03_draws_the_gdp_series_of_the_government_work_reports(
    tmp_path, monkeypatch
) -> None:
    """Notebook 03 on the 49 reports (../shared): the GDP growth series has stated targets and
    reported actuals for many report years, each with its sentence, and is drawn."""
    reports = PROJ_ROOT.parent / "shared" / "corpora" / "government_work_reports"
    if not reports.is_dir():
        pytest.skip("../shared not available: the government work reports are not here")
    out = tmp_path / "figures"
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(out))
    nb = next(p for p in NOTEBOOKS if p.name.startswith("03_"))
    build.run_notebook(nb, {"CORPUS": str(reports)})
    series = pd.read_csv(out / "03_corpus_series.csv", dtype={"refers_to": str})
    targets = series[series.modality == "target"]
    actuals = series[series.modality == "actual"]
    assert targets.refers_to.nunique() >= 10 and actuals.refers_to.nunique() >= 10
    assert series.sentence.str.contains("国内生产总值|经济").all()
    points = pd.read_csv(out / "03_corpus_series_points.csv")
    target_years = points[points.modality == "target"].year.tolist()
    assert target_years == [1998, *range(2003, 2018)]  # 经济增长 targets before 2005 too
    assert points[points.modality == "actual"].year.nunique() == 22  # 1993–2016 but 1999, 2007
    for ext in ("png", "svg", "pdf"):
        assert (out / f"03_corpus_series.{ext}").stat().st_size > 10_000
