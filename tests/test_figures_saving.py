"""Saving a figure: laid out and measured once, PDF and SVG drawn once each, the PNG rasterised
from the PDF (the same picture as matplotlib's own 300-dpi PNG, kept here as the reference),
and a headless build's figures closed once saved instead of drawn inline again."""

from __future__ import annotations

import io
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from PIL import Image

import analysis
from analysis import figures
from analysis.kernel_state import HEADLESS
from analysis.plots import raster
from analysis.plots.style import freeze_layout, new_figure, source_note, tight_bbox

needs_pdfium = pytest.mark.skipif(not raster.available(), reason="pypdfium2 not installed")
TERMS = ["闽宁协作", "西海固", "東西部協作", "移民搬迁", "产业扶贫", "对口支援"]


@pytest.fixture(autouse=True)
def house_style(monkeypatch):
    monkeypatch.delenv(HEADLESS, raising=False)
    analysis.setup("test")


@pytest.fixture
def figdir(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path))
    monkeypatch.delenv(HEADLESS, raising=False)
    analysis.setup("test")
    return tmp_path


def _chart(n: int = 4, *, legend: bool = True, note: str = "数据 / source: 测试") -> Figure:
    """A small house-style chart: bars with Chinese labels, a figure legend, a source note."""
    fig, ax = new_figure("single", 2.2)
    ax.barh(TERMS[:n], range(1, n + 1), label="次数")
    ax.set_title("词频：闽宁协作（繁體：協作）")
    ax.set_xlabel("次数 / count")
    if legend:
        fig.legend(loc="outside lower center")
    source_note(fig, note)
    return fig


def _remeasured(fig: Figure):
    """The tight box as the old ``save_figure`` measured it: a full draw, then the box."""
    fig.draw_without_rendering()
    return fig.get_tightbbox(fig.canvas.get_renderer()).frozen()


@settings(max_examples=8, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=len(TERMS)),
    legend=st.booleans(),
    note=st.text(st.sampled_from("数据来源闽宁协作 source:;/ab12"), min_size=1, max_size=140),
)
def test_the_box_kept_by_the_note_is_the_box_a_fresh_draw_measures(n, legend, note) -> None:
    fig = _chart(n, legend=legend, note=note)
    try:
        kept = tight_bbox(fig)
        assert kept.bounds == _remeasured(fig).bounds
    finally:
        plt.close(fig)


def test_a_change_after_the_note_is_measured_again() -> None:
    fig = _chart()
    before = tight_bbox(fig)
    fig.text(1.4, 0.5, "图外的字")  # right of the figure: the box must grow
    after = tight_bbox(fig)
    assert after.x1 > before.x1 + 0.3 and after.bounds == _remeasured(fig).bounds
    plt.close(fig)


def test_freezing_twice_lays_out_once_and_leaves_no_engine(monkeypatch) -> None:
    fig, ax = new_figure("single", 2.0)
    ax.plot([1, 2], [3, 4])
    engine = fig.get_layout_engine()
    runs = []
    monkeypatch.setattr(type(engine), "execute", lambda self, f: runs.append(f))
    freeze_layout(fig)
    freeze_layout(fig)
    assert runs == [fig] and fig.get_layout_engine() is None
    plt.close(fig)


def _count_draws(monkeypatch) -> list[str]:
    drawn: list[str] = []
    original = Figure.draw

    def draw(self: Figure, renderer) -> None:  # vector formats wrap theirs in a mixed one
        drawn.append(type(getattr(renderer, "_vector_renderer", renderer)).__name__)
        original(self, renderer)

    monkeypatch.setattr(Figure, "draw", draw)
    return drawn


@needs_pdfium
def test_saving_draws_the_figure_once_for_the_pdf_and_the_svg_and_nothing_else(figdir, monkeypatch):
    fig = _chart()
    drawn = _count_draws(monkeypatch)
    analysis.save_figure(fig, "probe", caption="probe")
    assert drawn == ["_Pair"]  # plots.vector_pair: one drawing, both renderers
    plt.close(fig)


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)


@needs_pdfium
def test_the_png_from_the_pdf_is_matplotlibs_picture_at_300_dpi(figdir, monkeypatch) -> None:
    """The old path (matplotlib's Agg at 300 dpi) is the reference: same size to a pixel of
    rounding, the same picture up to anti-aliasing, 300 dpi and the provenance text chunks."""
    png, _, _ = analysis.save_figure(_chart(), "new", caption="标题 probe")
    monkeypatch.setattr(raster, "available", lambda: False)
    old, _, _ = analysis.save_figure(_chart(), "old", caption="标题 probe")
    new_image, old_image = Image.open(png), Image.open(old)
    assert new_image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert old_image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    for key in ("Title", "Source", "Description", "Software"):
        assert new_image.text[key] == old_image.text[key]
    a, b = _pixels(png.read_bytes()), _pixels(old.read_bytes())
    assert abs(a.shape[0] - b.shape[0]) <= 1 and abs(a.shape[1] - b.shape[1]) <= 1
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    diff = np.abs(a[:h, :w] - b[:h, :w])
    assert diff.mean() < 4.0  # anti-aliasing and a sub-pixel offset, nothing more
    ink = lambda img: (img.min(axis=2) < 128).mean()  # noqa: E731 dark pixels: the text
    assert ink(a) == pytest.approx(ink(b), rel=0.1)
    plt.close("all")


@needs_pdfium
def test_a_missing_glyph_still_fails_the_save(figdir) -> None:
    plt.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_title("闽宁")
    with pytest.raises(UserWarning, match="missing from font"):
        analysis.save_figure(fig, "boxes", caption="boxes")
    assert not (figdir / "boxes.png").exists()
    plt.close(fig)
    analysis.setup("test")


def test_a_multi_page_pdf_is_refused(tmp_path) -> None:
    from matplotlib.backends.backend_pdf import PdfPages

    if not raster.available():
        pytest.skip("pypdfium2 not installed")
    pdf = tmp_path / "two.pdf"
    with PdfPages(pdf) as pages:
        for _ in range(2):
            fig = plt.figure(figsize=(1, 1))
            pages.savefig(fig)
            plt.close(fig)
    with pytest.raises(ValueError, match=r"two\.pdf: 2 pages, a figure PDF has one"):
        raster.pdf_to_png(pdf, tmp_path / "two.png", dpi=300, metadata={})


def test_headless_saving_closes_the_figure_a_notebook_keeps_it_open(figdir, monkeypatch):
    """In JupyterLab the saved figure stays open, so the inline backend shows it; in a build's
    kernel (``ANALYSIS_HEADLESS=1``) it is closed and the saved PNG shown instead."""
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj.data))
    kept = _chart()
    analysis.save_figure(kept, "kept", caption="kept")
    assert plt.fignum_exists(kept.number) and shown == []
    monkeypatch.setenv(HEADLESS, "1")
    closed = _chart()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        analysis.save_figure(closed, "closed", caption="closed")
    assert not plt.fignum_exists(closed.number)
    assert shown == [f"![closed]({figures._link(figdir / 'closed.png')})"]
    plt.close("all")


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 40),
    st.integers(1, 30),
    st.integers(0, 2**32 - 1),
    st.dictionaries(st.sampled_from(["Title", "Source", "Software"]), st.text(max_size=12)),
)
def test_write_png_decodes_to_the_pixels_pillow_would_have_written(w, h, seed, meta) -> None:
    """Pillow's encoder (the old path) is the reference: the same pixels, dpi and text back."""
    rgb = np.random.default_rng(seed).integers(0, 256, (h, 3 * w), dtype=np.uint8)
    ours = Image.open(io.BytesIO(raster.write_png(rgb, w, dpi=300, metadata=meta)))
    ref = io.BytesIO()
    Image.fromarray(rgb.reshape(h, w, 3), "RGB").save(ref, format="png", dpi=(300, 300))
    assert ours.mode == "RGB" and ours.size == (w, h)
    assert np.array_equal(np.asarray(ours), np.asarray(Image.open(ref)))
    assert ours.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert {k: ours.text[k] for k in meta} == meta


def test_write_png_header_chunks_are_pillows() -> None:
    """The exact layout: signature, then IHDR and pHYs (11811 px/m = 300 dpi) byte for byte as
    Pillow writes them, a tEXt chunk, IDAT, IEND."""
    rgb = np.array([[255, 0, 0, 0, 0, 255]], dtype=np.uint8)
    data = raster.write_png(rgb, 2, dpi=300, metadata={"Title": "a"})
    ref = io.BytesIO()
    Image.fromarray(rgb.reshape(1, 2, 3), "RGB").save(ref, format="png", dpi=(300, 300))
    assert data[:54] == ref.getvalue()[:54]  # signature, IHDR (25 bytes), pHYs (21 bytes)
    assert data[33:45] == b"\x00\x00\x00\x09pHYs\x00\x00\x2e\x23"
    assert data[54:69] == b"\x00\x00\x00\x07tEXtTitle\x00a"
    assert data.endswith(b"\x00\x00\x00\x00IEND\xaeB`\x82")


@needs_pdfium
def test_a_transparent_save_draws_each_format_with_savefig(figdir, monkeypatch) -> None:
    """``savefig.transparent`` is applied by ``Figure.savefig``: then each format is drawn on
    its own, and the SVG has no opaque background."""
    fig = _chart()
    drawn = _count_draws(monkeypatch)
    with plt.rc_context({"savefig.transparent": True}):
        pdf_svg = analysis.save_figure(fig, "clear", caption="probe")
    assert drawn == ["RendererPdf", "RendererSVG"]
    svg = (figdir / "clear.svg").read_text(encoding="utf-8")
    assert "fill: #ffffff" not in svg.split('<g id="axes_1">')[0] and len(pdf_svg) == 3
    plt.close(fig)
