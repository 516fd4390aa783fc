"""The build is the test: notebooks are committed clean and rebuild the committed figures."""

from __future__ import annotations

import json

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
