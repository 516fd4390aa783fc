"""Notebook 04's figures, drawn from the seed at both page sizes with the checks of
``test_figures_render``: page width and height, smallest font, no overlapping text, no
missing glyph. The corpus figures get a 49-period series (as many years as a long corpus
has) so crowded axes are checked too."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import codebook, collocates, dispersion, keyness, ngrams, scoring, topics
from analysis.frequency import frequency_table
from analysis.plots import methods as mplots
from tests.test_figures_render import SIZES, cmap, figure_problems  # noqa: F401  (fixture)

NOTE = "数据 / source: seed"


def _periods(categories: list[str], years: int = 49) -> pd.DataFrame:
    """A dictionary-score series over ``years`` periods (smooth made-up rates, fixed seed)."""
    rng = np.random.default_rng(7)
    rows = [
        {"period": str(1954 + y), "category": c, "per_1k": round(float(rng.gamma(2, 3)), 2)}
        for y in range(years)
        for c in categories
    ]
    return pd.DataFrame(rows)


def seed_methods_tables(seed_doc: analysis.Document) -> dict:
    """The tables notebook 04 draws, for the seed (and made-up 49-period corpus series)."""
    tokens = analysis.token_table(seed_doc)
    words = analysis.token_table(seed_doc, stopwords=False)
    freq = frequency_table(tokens)
    scores = scoring.score_dictionary(seed_doc, codebook.EXAMPLE, by="section", tokens=tokens)
    counts = scores.counts.assign(
        section=[
            f"{a + 1}·{s}"
            for a, s in zip(scores.counts["article"], scores.counts["section"], strict=True)
        ]
    )
    model = topics.topic_model(tokens, n_topics=3, unit="section")
    years = sorted({str(1954 + y) for y in range(49)})
    shares = pd.DataFrame(
        [
            {"period": y, "topic": t, "share": share}
            for k, y in enumerate(years)
            for t, share in zip((1, 2, 3), np.roll([0.5, 0.3, 0.2], k % 3), strict=True)
        ]
    )
    return {
        "tokens": tokens,
        "key": keyness.keyness(tokens, keyness.reference_from_wordfreq(), min_count=3),
        "clusters": ngrams.ngrams(words, n=(2, 3, 4, 5), min_count=3),
        "coll": collocates.collocates(tokens, freq["term"].iloc[0], left=5, right=5, min_count=3),
        "counts": counts,
        "periods": _periods(list(dict.fromkeys(scores.counts["category"]))),
        "disp": dispersion.dispersion(tokens, freq["term"].head(10).tolist(), parts="section"),
        "model": model,
        "shares": shares,
    }


@pytest.fixture(scope="module")
def methods_tables(seed_doc) -> dict:
    return seed_methods_tables(seed_doc)


def _figures(t: dict, size: str) -> dict[str, plt.Figure]:
    """Every figure notebook 04 exports, at ``size`` (same calls as the notebook)."""
    model = t["model"]
    labels = list(model.labels(3).values())
    return {
        "04_keyness_reference": mplots.keyness_figure(t["key"], top=20, source=NOTE, size=size),
        "04_ngram_clusters": mplots.bar_figure(
            t["clusters"],
            "ngram",
            "count",
            note="range",
            top=20,
            source=NOTE,
            size=size,
            title="高频词串（2–5词）及其分布范围（部分数）",
            xlabel="出现次数",
        ),
        "04_collocates": mplots.bar_figure(
            t["coll"],
            "collocate",
            "g2",
            note="mi",
            top=20,
            source=NOTE,
            size=size,
            title="搭配词（左右各5词，按G²排序；数字为MI）",
            xlabel="对数似然值 G²",
        ),
        "04_codebook_per_section": mplots.dictionary_figure(
            t["counts"], "section", source=NOTE, size=size, title="政策工具各类词（每千词）"
        ),
        "04_dispersion": mplots.dispersion_figure(t["tokens"], t["disp"], source=NOTE, size=size),
        "04_corpus_topics": mplots.topics_figure(
            model.terms, t["shares"], by="period", source=NOTE, labels=labels, size=size
        ),
        "04_corpus_topics_sections": mplots.topics_figure(
            model.terms, model.shares, source=NOTE, labels=labels, size=size
        ),
        "04_corpus_codebook_per_period": mplots.dictionary_figure(
            t["periods"], "period", source=NOTE, size=size, title="政策工具各类词随时间的变化"
        ),
    }


@pytest.mark.parametrize("size", SIZES)
def test_methods_figures_fit_the_page_with_readable_unclashing_text(
    methods_tables,
    size,
    tmp_path,
    monkeypatch,
    cmap,  # noqa: F811
) -> None:
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path))
    analysis.setup("test")
    problems = []
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph .* missing")  # fail on a box
        for name, fig in _figures(methods_tables, size).items():
            problems += figure_problems(fig, name, size, cmap)
            plt.close(fig)
    assert problems == [], "\n".join(problems)


def test_every_colour_of_a_methods_figure_has_a_legend_entry(methods_tables) -> None:
    """Topic colours and dictionary categories are named in the figure's legend."""
    analysis.setup("test")
    t = methods_tables
    fig = mplots.topics_figure(t["model"].terms, t["shares"], by="period", size="single")
    names = [x.get_text() for x in fig.legends[0].get_texts()]
    assert [n.split("：")[0] for n in names] == ["主题 1", "主题 2", "主题 3"]
    cats = list(dict.fromkeys(t["periods"]["category"]))
    lines = mplots.dictionary_figure(t["periods"], "period", title="t", size="single")
    assert [x.get_text() for x in lines.legends[0].get_texts()] == cats
    plt.close("all")
