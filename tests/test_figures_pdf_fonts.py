"""PDF font subsets read from the cache give the same PDF bytes as matplotlib's own subsetting."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.backends import _backend_pdf_ps

import analysis
from analysis.plots import pdf_fonts

MATPLOTLIB_SUBSET = _backend_pdf_ps.get_glyphs_subset


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path / "out"))
    monkeypatch.setattr(pdf_fonts, "CACHE_DIR", tmp_path / "subsets")
    analysis.setup("test")
    return tmp_path / "subsets"


def _chart(title: str) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(3.4, 2))
    ax.barh(["闽宁协作", "西海固", "移民搬迁"], [32, 14, 23])
    ax.set_title(title)
    return fig


def _pdf(fig: plt.Figure, path) -> bytes:
    fig.savefig(path, format="pdf", metadata={"CreationDate": None, "Producer": None})
    return path.read_bytes()


def test_a_cached_subset_gives_the_bytes_of_a_fresh_one(cache, tmp_path, monkeypatch) -> None:
    fig = _chart("协作三十年：对口支援")
    plain = _pdf(fig, tmp_path / "plain.pdf")  # matplotlib alone, no cache involved
    assert not cache.exists()
    with pdf_fonts.cached_subsets():
        first = _pdf(fig, tmp_path / "first.pdf")  # a miss: subset and stored
    entries = sorted(p.suffix for p in cache.iterdir())
    assert entries == [".json", ".ttf"]
    calls = []
    monkeypatch.setattr(pdf_fonts, "_SUBSET", lambda *a: calls.append(a))  # must not be needed
    with pdf_fonts.cached_subsets():
        second = _pdf(fig, tmp_path / "second.pdf")  # a hit: read back
    assert calls == []
    assert plain == first == second
    assert _backend_pdf_ps.get_glyphs_subset is MATPLOTLIB_SUBSET  # restored after the block


def test_other_characters_are_another_entry(cache, tmp_path) -> None:
    with pdf_fonts.cached_subsets():
        _pdf(_chart("东西部协作"), tmp_path / "a.pdf")
        _pdf(_chart("山海情深"), tmp_path / "b.pdf")
    assert len(list(cache.glob("*.ttf"))) == 2


def test_a_damaged_entry_is_made_again(cache, tmp_path) -> None:
    fig = _chart("产业扶贫")
    plain = _pdf(fig, tmp_path / "plain.pdf")
    with pdf_fonts.cached_subsets():
        _pdf(fig, tmp_path / "first.pdf")
    (entry,) = cache.glob("*.json")
    entry.write_text("[[1, ", encoding="utf-8")  # cut short, as by a full disk
    with pdf_fonts.cached_subsets():
        again = _pdf(fig, tmp_path / "again.pdf")
    assert again == plain
    assert entry.read_text(encoding="utf-8").startswith("[[")
    assert len(entry.read_text(encoding="utf-8")) > 10


def test_save_figure_uses_the_cache_and_stays_deterministic(cache) -> None:
    *_, pdf = analysis.save_figure(_chart("劳务协作"), "probe", caption="probe")
    first = pdf.read_bytes()
    assert len(list(cache.glob("*.ttf"))) == 1
    mtime = next(cache.glob("*.ttf")).stat().st_mtime_ns
    *_, pdf = analysis.save_figure(_chart("劳务协作"), "probe", caption="probe")
    assert pdf.read_bytes() == first
    assert next(cache.glob("*.ttf")).stat().st_mtime_ns == mtime  # read, not made again


def test_without_the_interface_it_was_written_for_matplotlib_subsets_as_usual(
    cache, tmp_path, monkeypatch
) -> None:
    fig = _chart("东西协作")
    plain = _pdf(fig, tmp_path / "plain.pdf")
    monkeypatch.delattr(_backend_pdf_ps, "SubsetResults")  # as in matplotlib before 3.11
    with pdf_fonts.cached_subsets():
        assert _backend_pdf_ps.get_glyphs_subset is MATPLOTLIB_SUBSET
    monkeypatch.undo()
    assert not cache.exists()
    assert _pdf(fig, tmp_path / "again.pdf") == plain
