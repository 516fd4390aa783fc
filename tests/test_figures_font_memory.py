"""The bundled font opened from memory (``plots.font_memory``): the same font, the same
measures, the same PDF and SVG bytes as matplotlib's own reading of the file."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import font_manager

import analysis
from analysis.plots import font_memory
from analysis.plots.pdf_fonts import cached_subsets
from analysis.plots.style import FONT_PATH


@pytest.fixture(autouse=True)
def house_style():
    analysis.setup("test")


@pytest.fixture
def from_file(monkeypatch):
    """matplotlib's own font cache, reading the file (the reference)."""
    original = font_manager._get_font._analysis_original
    monkeypatch.setattr(font_manager, "_get_font", original)
    original.cache_clear()
    yield
    original.cache_clear()


def test_the_bundled_font_comes_from_memory_under_its_file_name() -> None:
    font = font_manager.get_font(str(FONT_PATH))
    assert font.fname == str(FONT_PATH)
    assert font.postscript_name == "WenQuanYiMicroHei" and font.num_glyphs == 49531
    assert font_manager._get_font._analysis_in_memory == frozenset({str(FONT_PATH)})


def test_other_files_open_as_before(tmp_path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"abc")
    with font_memory._open_from_memory(frozenset({str(FONT_PATH)})):
        with io.open(str(path), "rb") as fh:  # noqa: UP020 (the name patched)
            assert isinstance(fh, io.BufferedReader) and fh.read() == b"abc"
        with io.open(str(FONT_PATH), "rb") as fh:  # noqa: UP020
            assert isinstance(fh, font_memory._NamedBytes) and fh.name == str(FONT_PATH)
    assert io.open is open


def _measures(text: str) -> tuple:
    font = font_manager.get_font(str(FONT_PATH))
    font.set_size(8, 300)
    font.set_text(text, 0.0)
    return font.get_width_height(), font.get_descent(), font.get_bitmap_offset()


@settings(max_examples=20, deadline=None)
@given(st.text(alphabet="闽宁协作西海固東西部協作 abcXYZ0123，。（）%", min_size=1, max_size=30))
def test_measures_from_memory_are_the_files(text) -> None:
    ours = _measures(text)
    original = font_manager._get_font._analysis_original
    current = font_manager._get_font
    font_manager._get_font = original
    original.cache_clear()
    try:
        reference = _measures(text)
    finally:
        font_manager._get_font = current
        original.cache_clear()
    assert ours == reference


def _chart_bytes() -> dict[str, bytes]:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.barh(["闽宁协作", "西海固", "東西部協作"], [3, 1, 2])
    ax.set_title("词频：闽宁协作 / term frequency")
    out = {}
    for fmt in ("pdf", "svg"):
        buf = io.BytesIO()
        with cached_subsets():
            fig.savefig(
                buf, format=fmt, metadata={"CreationDate": None} if fmt == "pdf" else {"Date": None}
            )
        out[fmt] = buf.getvalue()
    plt.close(fig)
    return out


def test_pdf_and_svg_bytes_are_the_same_as_from_the_file(from_file) -> None:
    reference = _chart_bytes()
    font_memory.install(FONT_PATH)
    try:
        assert font_manager._get_font is not font_manager._get_font._analysis_original
        assert _chart_bytes() == reference
    finally:
        font_manager._get_font._analysis_original.cache_clear()
