"""Figures: Chinese glyphs render, PDF text is embedded TrueType, output is deterministic."""

from __future__ import annotations

import hashlib
import warnings

import matplotlib.pyplot as plt
import pytest

import analysis
from analysis.figures import FONT_NAME


@pytest.fixture
def figdir(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path))
    return tmp_path


def _chart() -> plt.Figure:
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.barh(["闽宁协作", "西海固", "東西部協作"], [32, 14, 23])
    ax.set_title("词频：闽宁协作（繁體：協作）")
    ax.set_xlabel("次数")
    return fig


def test_chinese_labels_render_without_missing_glyphs(figdir) -> None:
    analysis.setup("test")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analysis.save_figure(_chart(), "probe", caption="probe")
    assert [str(w.message) for w in caught if "missing" in str(w.message)] == []
    assert FONT_NAME == "WenQuanYi Micro Hei"


def test_missing_glyph_is_an_error_after_setup(figdir) -> None:
    analysis.setup("test")
    plt.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    fig, ax = plt.subplots()
    ax.set_title("闽宁")
    with pytest.raises(UserWarning, match="missing from font"):
        fig.canvas.draw()
    analysis.setup("test")


def test_exports_png_svg_pdf_with_editable_embedded_text(figdir) -> None:
    analysis.setup("test")
    png, svg, pdf = analysis.save_figure(_chart(), "probe", caption="A probe figure")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg_text = svg.read_text(encoding="utf-8")
    assert "闽宁协作" in svg_text  # text, not paths
    assert "<dc:date>" not in svg_text
    pdf_bytes = pdf.read_bytes()
    assert b"/FontFile2" in pdf_bytes  # TrueType font program embedded (Type 42)
    assert b"WenQuanYi" in pdf_bytes and b"/CreationDate" not in pdf_bytes
    manifest = (figdir / "manifest.json").read_text(encoding="utf-8")
    assert '"caption": "A probe figure"' in manifest and '"notebook": "test"' in manifest


def test_saving_twice_gives_identical_bytes(figdir) -> None:
    analysis.setup("test")
    first = [
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in analysis.save_figure(_chart(), "a", caption="a")
    ]
    analysis.setup("test")
    second = [
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in analysis.save_figure(_chart(), "a", caption="a")
    ]
    assert first == second
