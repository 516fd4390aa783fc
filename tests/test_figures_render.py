"""Every figure of the notebooks, drawn from the seed at both page sizes and checked from the
saved files: page width, smallest font size, no two text boxes overlapping, no missing glyph."""

from __future__ import annotations

import re
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from fontTools.ttLib import TTFont

import analysis
from analysis import frequency as fq
from analysis import quantities, timeline
from analysis.plots import charts
from analysis.plots import frequency as fplots
from analysis.plots.labels import overlapping_texts
from analysis.plots.style import FONT_PATH, MIN_FONT, WIDTHS

SIZES = list(WIDTHS)


@pytest.fixture(scope="module")
def seed_tables(seed_doc):
    tokens = analysis.token_table(seed_doc)
    freq = fq.frequency_table(tokens)
    events = timeline.build_timeline(seed_doc.sentences, seed_doc.date)
    table = quantities.indicator_table(seed_doc.sentences, seed_doc.date)
    edges = fq.cooccurrence(tokens, top_terms=30, min_count=2)
    corpus_events = events.assign(doc_id=[f"doc{k % 5}" for k in range(len(events))])
    return {
        "doc": seed_doc,
        "tokens": tokens,
        "freq": freq,
        "events": events,
        "table": table,
        "edges": edges,
        "corpus_events": corpus_events,
    }


PAGE_HEIGHT = 9.0  # inches of a report page inside its margins


def _figures(t: dict, size: str) -> dict[str, plt.Figure]:
    """Every figure the notebooks export for the seed, at ``size``."""
    doc, tokens, freq, note = t["doc"], t["tokens"], t["freq"], "数据 / source: seed"
    top = freq["term"].head(12).tolist()
    key = fq.keyness(tokens, unit="article", min_count=3)
    graph = fq.cooccurrence_graph(t["edges"][t["edges"]["weight"] >= 4], freq)
    pairs = quantities.comparisons(t["table"], doc.sentences)
    kf = quantities.key_figures(t["table"], doc.sentences)
    cols = ["indicator", "value", "qualifier", "year", "subject", "category", "source_sentence"]
    return {
        "00_layout": charts.layout_chart(doc, size=size),
        "01_top_terms": fplots.bar_top_terms(freq, 20, source=note, size=size),
        "01_wordcloud": fplots.wordcloud_figure(freq, source=note, size=size),
        "01_section_heatmap": fplots.heatmap_by_section(tokens, top, source=note, size=size),
        "01_dispersion": fplots.dispersion_plot(tokens, top[:6], source=note, size=size),
        "01_keyness": fplots.keyness_chart(
            key, 15, source=note, size=size, reference_sizes=fq.reference_sizes(tokens)
        ),
        "01_cooccurrence_network": fplots.network_figure(graph, source=note, size=size),
        "02_timeline": charts.timeline_chart(t["events"], source=note, size=size),
        "02_narrative_order": charts.narrative_chart(
            t["events"], doc.sentences, source=note, size=size
        ),
        "02_corpus_timeline": charts.timeline_lanes(t["corpus_events"], source=note, size=size),
        **{
            f"03_key_figures_{k}": page
            for k, page in enumerate(
                charts.table_pages(
                    kf[cols],
                    title="关键数据一览",
                    source=note,
                    size=size,
                    col_widths=[0.15, 0.1, 0.08, 0.06, 0.08, 0.1, 0.43],
                ),
                start=1,
            )
        },
        "03_indicators_by_unit": charts.indicator_panels(t["table"], source=note, size=size),
        "03_comparisons": charts.comparison_chart(pairs, source=note, size=size),
    }


_WIDTH = re.compile(r'<svg[^>]* width="([\d.]+)pt" height="([\d.]+)pt"')
_FONT = re.compile(r"font(?:-size)?:\s*([\d.]+)px")
_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


@pytest.fixture(scope="module")
def cmap() -> set[int]:
    return set(TTFont(str(FONT_PATH)).getBestCmap())


def figure_problems(fig: plt.Figure, name: str, size: str, cmap: set[int]) -> list[str]:
    """Save ``fig`` and say what is wrong with the saved files: too wide or too tall, text
    under ``MIN_FONT``, glyphs missing from the font, text boxes overlapping."""
    problems = []
    _, svg, pdf = analysis.save_figure(fig, name, caption=name)
    text = svg.read_text(encoding="utf-8")
    width_pt, height_pt = (float(v) for v in _WIDTH.search(text).groups())
    if width_pt / 72 > WIDTHS[size] + 0.05:
        problems.append(f"{name}: {width_pt / 72:.2f} in wide > {WIDTHS[size]}")
    if height_pt / 72 > PAGE_HEIGHT:
        problems.append(f"{name}: {height_pt / 72:.2f} in tall > {PAGE_HEIGHT}")
    sizes = [float(v) for v in _FONT.findall(text)]
    if min(sizes) < MIN_FONT - 0.01:
        problems.append(f"{name}: smallest text {min(sizes)} pt")
    chars = {ch for s in _TEXT.findall(text) for ch in s if ord(ch) > 0x2E7F}
    if missing := sorted(ch for ch in chars if ord(ch) not in cmap):
        problems.append(f"{name}: glyphs missing from the font: {missing}")
    if clashes := overlapping_texts(fig):
        problems.append(f"{name}: overlapping texts {clashes[:3]}")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    return problems


@pytest.mark.slow  # renders every figure at each size: 34–46 s a size on 2 cores
@pytest.mark.parametrize("size", SIZES)
def test_every_figure_fits_the_page_with_readable_unclashing_text(
    seed_tables, size, tmp_path, monkeypatch, cmap
) -> None:
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path))
    analysis.setup("test")
    problems = []
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph .* missing")  # fail on a box
        figures = _figures(seed_tables, size)
        for name, fig in figures.items():
            problems += figure_problems(fig, name, size, cmap)
            plt.close(fig)
    assert problems == [], "\n".join(problems)


def _ticks(fig: plt.Figure) -> list[str]:
    fig.canvas.draw()
    return [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]


def test_timeline_axis_scales_to_days_and_hours() -> None:
    """Events three days apart get a day axis, events within a day an hour axis, not years."""
    analysis.setup("test")

    def events(*stamps: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "kind": "point",
                "sort_key": list(stamps),
                "date": list(stamps),
                "expression": "某日",
                "event": "某日召开会议",
                "article": 0,
                "sentence": range(len(stamps)),
            }
        )

    days = _ticks(
        charts.timeline_chart(events("2026-06-15", "2026-06-17", "2026-06-18"), source="")
    )
    assert days and all(t.isdigit() and int(t) <= 31 for t in days if t != "Jun")
    hours = _ticks(charts.timeline_chart(events("2026-06-17T08:30", "2026-06-17T15:00"), source=""))
    assert hours and all(":" in t for t in hours if t[:1].isdigit())
    plt.close("all")
