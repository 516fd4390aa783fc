"""Specification of ``analysis.frequency`` on the seed and on tiny hand-made token tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import analysis
from analysis import frequency as fq
from analysis.tokens import stopword_set


@pytest.fixture(scope="module")
def tokens(seed_doc) -> pd.DataFrame:
    return analysis.token_table(seed_doc)


@pytest.fixture(scope="module")
def freq(tokens) -> pd.DataFrame:
    return fq.frequency_table(tokens)


def make(sentences: list[list[str]], article: int = 0) -> pd.DataFrame:
    """A token table with one sentence per list (section 0), tagged n."""
    rows = [("d", article, 0, 0, i, tok, "n") for i, sent in enumerate(sentences) for tok in sent]
    return pd.DataFrame(
        rows, columns=["doc", "article", "section", "paragraph", "sentence", "token", "pos"]
    )


# --- frequency table on the seed ----------------------------------------------------------------


# 闽宁协作: 31 in the body + 1 in the first article's title (headlines are token units)
@pytest.mark.parametrize(("term", "count"), [("闽宁协作", 32), ("宁夏", 47), ("西海固", 14)])
def test_counts_match_the_token_stream(freq, tokens, term, count) -> None:
    row = freq.set_index("term").loc[term]
    assert row["count"] == count == (tokens["token"] == term).sum()
    assert row["per_10k"] == round(count / len(tokens) * 10_000, 2)


def test_frequency_table_shape_and_order(freq, tokens) -> None:
    assert list(freq.columns) == ["term", "pos", "count", "per_10k", "doc_freq"]
    assert freq["count"].sum() == len(tokens)
    assert freq["term"].is_unique
    ordered = freq.sort_values(["count", "term"], ascending=[False, True])
    assert freq["term"].tolist() == ordered["term"].tolist()
    # doc_freq counts sections: the seed has 6 (lead + （一）–（四） of article 1, article 2)
    assert freq["doc_freq"].max() == 6
    assert freq.set_index("term").loc["闽宁协作", "pos"] == "nz"


def test_top_20_has_no_stopword_and_no_punctuation(freq) -> None:
    top = freq["term"].head(20)
    assert not set(top) & stopword_set()
    assert all(any(ch.isalnum() for ch in t) for t in top)
    assert top.tolist()[:4] == ["习近平", "宁夏", "发展", "闽宁协作"]


def test_frequency_by_section_sums_to_the_total(freq, tokens) -> None:
    by = fq.frequency_table(tokens, by=("article", "section"))
    assert list(by.columns) == ["article", "section", "term", "pos", "count", "per_10k"]
    assert by.groupby("term")["count"].sum().loc["闽宁协作"] == 32
    assert by[["article", "section"]].drop_duplicates().shape[0] == 6


def test_empty_table_gives_empty_frequency_table() -> None:
    assert fq.frequency_table(make([])).empty


# --- keyness ------------------------------------------------------------------------------------


def test_keyness_by_hand() -> None:
    # article 0: 甲 甲 甲 乙 (c = 4); article 1: 乙 乙 丙 丙 (d = 4)
    # 甲 in article 0: a = 3, b = 0, E1 = E2 = 4·3/8 = 1.5, G² = 2·3·ln(3/1.5) = 6 ln 2 = 4.1589
    # log ratio = log2((3/4) / (0.5/4)) = log2 6 = 2.5850 (zero count smoothed to 0.5)
    toks = pd.concat([make([["甲", "甲", "甲", "乙"]], 0), make([["乙", "乙", "丙", "丙"]], 1)])
    key = fq.keyness(toks, min_count=3)
    assert key[["unit", "term", "count_target", "count_ref"]].values.tolist() == [[0, "甲", 3, 0]]
    assert key.loc[0, "g2"] == round(6 * math.log(2), 4)
    assert key.loc[0, "log_ratio"] == round(math.log2(6), 4)
    # article 1 with min_count 2: 丙 (a=2, b=0): G² = 4 ln 2 = 2.7726, log ratio 2;
    # 乙 (a=2, b=1, E = 1.5): G² = 2(2 ln(2/1.5) + ln(1/1.5)) = 0.3398
    key2 = fq.keyness(toks, min_count=2)
    art1 = key2[key2["unit"] == 1]
    assert art1["term"].tolist() == ["丙", "乙"]
    assert art1["g2"].tolist() == [
        round(4 * math.log(2), 4),
        round(2 * (2 * math.log(2 / 1.5) + math.log(1 / 1.5)), 4),
    ]
    assert art1["log_ratio"].tolist()[0] == 2.0
    assert set(key2["direction"]) == {"+"}
    # 乙 is under-used in article 0: only with positive=False
    both = fq.keyness(toks, min_count=1, positive=False)
    assert both.set_index(["unit", "term"]).loc[(0, "乙"), "direction"] == "-"


def test_keyness_single_unit_is_empty() -> None:
    assert fq.keyness(make([["甲", "甲", "甲"]])).empty


def test_keyness_on_the_seed(tokens) -> None:
    key = fq.keyness(tokens)
    assert set(key["unit"]) == {0, 1}
    assert (key["count_target"] >= 3).all() and (key["g2"] >= 0).all()
    assert key.groupby("unit")["g2"].apply(lambda g: g.is_monotonic_decreasing).all()


# --- keywords -----------------------------------------------------------------------------------


def test_tfidf_by_hand() -> None:
    # units: article 0 = 甲 甲 乙, article 1 = 乙; N = 2
    # 甲: tf 2/3, df 1, idf ln 2 + 1 → 0.6667 · 1.6931 = 1.128763; 乙 in article 1: 1 · 1 = 1
    toks = pd.concat([make([["甲", "甲", "乙"]], 0), make([["乙"]], 1)])
    kw = fq.tfidf_keywords(toks, unit=("article",), top=1)
    assert kw[["article", "term"]].values.tolist() == [[0, "甲"], [1, "乙"]]
    assert kw["tfidf"].tolist() == [round(2 / 3 * (math.log(2) + 1), 6), 1.0]


def test_textrank_keeps_domain_terms(seed_doc) -> None:
    kw = fq.textrank_keywords(seed_doc.articles[0].text, top=10)
    assert list(kw.columns) == ["rank", "term", "weight"] and len(kw) == 10
    assert "闽宁协作" in set(kw["term"])


# --- KWIC ---------------------------------------------------------------------------------------


def test_kwic_raw_offsets_point_at_the_term(seed_doc, tokens) -> None:
    conc = fq.kwic(seed_doc, "闽宁协作", tokens=tokens)
    # 31 in body sentences + 1 in the first title (sentence -1, a headline unit)
    assert list(conc.columns) == fq.KWIC_COLUMNS and len(conc) == 32
    assert conc.sentence.tolist()[0] == -1
    assert all(
        seed_doc.raw[s:e] == "闽宁协作" for s, e in zip(conc.raw_start, conc.raw_end, strict=True)
    )
    assert conc["left"].str.len().max() <= 15 and conc["right"].str.len().max() <= 15


def test_kwic_of_an_absent_term_is_empty(seed_doc, tokens) -> None:
    conc = fq.kwic(seed_doc, "不存在的词", tokens=tokens)
    assert conc.empty and list(conc.columns) == fq.KWIC_COLUMNS


# --- collocations and co-occurrence -------------------------------------------------------------


def test_collocations_by_hand() -> None:
    # bigrams: (A,B)×3, (B,C), (B,D); N = 5; f1(A)=3, f1(B)=2; f2(B)=3, f2(C)=f2(D)=1
    # (A,B): pmi = log2(3·5/(3·3)) = 0.7370; 2×2 table 3,0,0,2:
    #   G² = 2(3 ln(3·5/9) + 2 ln(2·5/4)) = 6.7301
    # (B,C): pmi = log2(5/2) = 1.3219; table 1,1,0,3:
    #   G² = 2(ln(5/2) + ln(5/8) + 3 ln(15/12)) = 2.2314
    toks = make([["A", "B", "C"], ["A", "B"], ["A", "B", "D"]])
    coll = fq.collocations(toks, min_count=1)
    assert coll[["first", "second", "count"]].values.tolist() == [
        ["A", "B", 3],
        ["B", "C", 1],
        ["B", "D", 1],
    ]
    assert coll["pmi"].tolist() == [
        round(math.log2(5 / 3), 4),
        round(math.log2(2.5), 4),
        round(math.log2(2.5), 4),
    ]
    g_ab = 2 * (3 * math.log(15 / 9) + 2 * math.log(10 / 4))
    g_bc = 2 * (math.log(5 / 2) + math.log(5 / 8) + 3 * math.log(15 / 12))
    assert coll["g2"].tolist() == [round(g_ab, 4), round(g_bc, 4), round(g_bc, 4)]
    assert fq.collocations(toks, min_count=2)[["first", "second"]].values.tolist() == [["A", "B"]]


def test_collocations_do_not_cross_sentences() -> None:
    assert fq.collocations(make([["A"], ["B"]]), min_count=1).empty


def test_cooccurrence_by_hand() -> None:
    toks = make([["A", "B", "C"], ["A", "B"], ["A", "C", "C"]])
    edges = fq.cooccurrence(toks, min_count=1)
    assert edges.values.tolist() == [["A", "B", 2], ["A", "C", 2], ["B", "C", 1]]
    assert fq.cooccurrence(toks, min_count=2).values.tolist() == [["A", "B", 2], ["A", "C", 2]]
    graph = fq.cooccurrence_graph(edges, fq.frequency_table(toks))
    assert graph["A"]["B"]["weight"] == 2 and graph.nodes["C"]["count"] == 3


# --- figures ------------------------------------------------------------------------------------


def _message(fig) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def test_plots_of_empty_input_say_there_is_nothing_to_draw() -> None:
    empty = make([])
    cases = [
        (fq.bar_top_terms(fq.frequency_table(empty)), "the frequency table is empty"),
        (fq.keyness_chart(fq.keyness(empty)), "the keyness table is empty"),
        (fq.dispersion_plot(empty, ["A"]), "the token table is empty"),
        (fq.heatmap_by_section(make([["A"]]), []), "the term list is empty"),
        (fq.network_figure(fq.cooccurrence_graph(fq.cooccurrence(empty))), "has no nodes"),
    ]
    for fig, message in cases:
        assert "nothing to draw" in _message(fig) and message in _message(fig)


def test_collocations_below_min_count_is_an_empty_table() -> None:
    table = fq.collocations(make([["A", "B"], ["C", "D"]]), min_count=3)
    assert table.empty and list(table.columns) == ["first", "second", "count", "pmi", "g2"]


def test_plots_of_the_seed(tokens, freq) -> None:
    import matplotlib.pyplot as plt

    fig = fq.bar_top_terms(freq, 20)
    assert len(fig.axes[0].patches) == 20
    fig2 = fq.heatmap_by_section(tokens, freq["term"].head(3).tolist())
    labels = [t.get_text() for t in fig2.axes[0].get_xticklabels()]
    assert labels == [  # each section with its size n (content tokens; titles count in the lead)
        "文章1·导语\nn=129",
        "文章1·（一）\nn=575",
        "文章1·（二）\nn=562",
        "文章1·（三）\nn=450",
        "文章1·（四）\nn=724",
        "文章2·全文\nn=665",
    ]
    counts = [t.get_text() for t in fig2.axes[0].texts]  # the counts, not per-10k values
    top = freq["term"].iloc[0]
    per_section = tokens[tokens["token"] == top].groupby(["article", "section"]).size()
    assert counts[:6] == [
        str(per_section.get(k, 0)) for k in [(0, 0), (0, 1), (0, 2), (0, 3), (0, 4), (1, 0)]
    ]
    plt.close("all")


def test_wordcloud_is_full_size_and_the_same_on_every_run(freq) -> None:
    """Laid out on a 700 × 350 canvas and drawn ×3: still 2100 × 1050 px, every word placed,
    and the fixed seed gives the same pixels twice (an exported figure is reproducible)."""
    import matplotlib.pyplot as plt
    import numpy as np

    from analysis.plots.frequency import CLOUD_SCALE, CLOUD_SIZE

    assert (CLOUD_SIZE, CLOUD_SCALE) == ((2100, 1050), 3)
    first = fq.wordcloud_figure(freq).axes[0].images[0].get_array()
    second = fq.wordcloud_figure(freq).axes[0].images[0].get_array()
    assert first.shape == (1050, 2100, 3)
    assert np.array_equal(first, second)
    white = (first == 255).all(axis=2).mean()
    assert 0.5 < white < 0.9  # words cover a fair part of the canvas, not all of it
    plt.close("all")


def test_wordcloud_with_a_mask_is_laid_out_at_the_mask_size(freq) -> None:
    import matplotlib.pyplot as plt

    fig = fq.wordcloud_figure(freq.head(20), mask=fq.ellipse_mask(400, 200))
    image = fig.axes[0].images[0].get_array()
    assert image.shape == (200, 400, 3)
    assert (image[0, 0] == 255).all() and (image[-1, -1] == 255).all()  # corners stay empty
    plt.close("all")


def test_ellipse_mask_leaves_the_corners_empty() -> None:
    assert fq.ellipse_mask(6, 4).tolist() == [
        [255, 255, 255, 0, 255, 255],
        [255, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [255, 0, 0, 0, 0, 0],
    ]


def test_term_trends_per_year_of_document_date() -> None:
    tokens = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "b", "c"],
            "doc_date": [
                "2024-05-01",
                "2024-05-01",
                "2024-05-01",
                "2025-01-08",
                "2025-01-08",
                None,
            ],
            "token": ["甲", "乙", "甲", "甲", "丙", "甲"],
            "pos": ["n"] * 6,
        }
    )
    assert fq.term_trends(tokens, terms=["甲", "乙"]).values.tolist() == [
        ["2024", "甲", 2, 6666.67, 1],
        ["2024", "乙", 1, 3333.33, 1],
        ["2025", "甲", 1, 5000.0, 1],
        ["2025", "乙", 0, 0.0, 1],
        ["undated", "甲", 1, 10000.0, 1],
        ["undated", "乙", 0, 0.0, 1],
    ]
    assert fq.term_trends(tokens.drop(columns="doc_date")).empty
