"""Specification of the statistics of keyness, collocates and dispersion: each value is
computed again here, independently, from a small hand-built table."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.collocates import collocates
from analysis.dispersion import dispersion
from analysis.keyness import Reference, keyness, reference_from_tokens, reference_from_wordfreq


def table(sentences: list[list[str]], *, sections: list[int] | None = None) -> pd.DataFrame:
    """A token table with one sentence per list; ``sections`` gives each sentence's section."""
    rows = []
    for i, sent in enumerate(sentences):
        pos = 0
        for tok in sent:
            sec = sections[i] if sections else 0
            rows.append(("d", 0, sec, 0, i, tok, "n", pos, pos + len(tok)))
            pos += len(tok)
    cols = ["doc", "article", "section", "paragraph", "sentence", "token", "pos", "start", "end"]
    return pd.DataFrame(rows, columns=cols)


def g2_by_hand(a: float, b: float, c: float, d: float) -> float:
    """Rayson & Garside, written out: 2 Σ O ln(O/E) over target and reference."""
    total = 0.0
    for o, size in ((a, c), (b, d)):
        e = size * (a + b) / (c + d)
        if o:
            total += o * math.log(o / e)
    return 2 * total


# --- keyness against a reference ---------------------------------------------------------------

TARGET = table([["扶贫"] * 10 + ["产业"] * 5 + ["协作"] * 5])  # c = 20
REFERENCE = Reference("hand", {"扶贫": 20, "产业": 60, "教育": 20}, 100)


def test_keyness_values_against_a_hand_computation() -> None:
    key = keyness(TARGET, REFERENCE, min_count=1).set_index("term")
    # 扶贫: a=10, b=20, c=20, d=100: E1 = 5, E2 = 25
    assert key.loc["扶贫", "g2"] == 4.9372 == round(2 * (10 * math.log(2) + 20 * math.log(0.8)), 4)
    assert key.loc["扶贫", "log_ratio"] == round(math.log2((10 / 20) / (20 / 100)), 4) == 1.3219
    assert key.loc["扶贫", "p_value"] == pytest.approx(math.erfc(math.sqrt(4.937202 / 2)), rel=1e-5)
    assert key.loc["扶贫", "significance"] == "p<0.05"
    # 协作 is absent from the reference: log ratio with 0.5 for the zero count
    assert key.loc["协作", "count_ref"] == 0
    assert key.loc["协作", "g2"] == round(g2_by_hand(5, 0, 20, 100), 4)
    assert key.loc["协作", "log_ratio"] == round(math.log2((5 / 20) / (0.5 / 100)), 4)
    # 产业 is under-used: 5/20 < 60/100
    assert key.loc["产业", "direction"] == "-"
    assert key.loc["产业", "g2"] == round(g2_by_hand(5, 60, 20, 100), 4)
    assert key.loc["产业", "per_10k_ref"] == 6000.0


def test_keyness_filters_sorts_and_remembers() -> None:
    key = keyness(TARGET, REFERENCE, min_count=6)
    assert key["term"].tolist() == ["扶贫"]
    both = keyness(TARGET, REFERENCE, min_count=1, positive=True)
    assert both["term"].tolist() == ["协作", "扶贫"]  # g2 descending
    assert both.attrs["reference"] == "hand"
    assert both.attrs["reference_size"] == 100 and both.attrs["target_size"] == 20


def test_a_tiny_reference_warns_and_says_so() -> None:
    small = Reference("small", {"扶贫": 1}, 5)
    with pytest.warns(UserWarning, match="fewer than the target"):
        key = keyness(TARGET, small, min_count=1)
    assert "unreliable" in key.attrs["warning"]


def test_reference_from_a_token_table_counts_its_tokens() -> None:
    ref = reference_from_tokens(table([["教育", "教育", "扶贫"], ["医疗"]]), name="reports")
    assert ref.size == 4 and ref.counts == {"教育": 2, "扶贫": 1, "医疗": 1}
    with pytest.raises(ValueError, match="size must be positive"):
        Reference("empty", {}, 0)


# --- collocates in a window ---------------------------------------------------------------------

# positions: s0: 0 a 1 b 2 N 3 c 4 a | s1: 5 N 6 a 7 d 8 d 9 b | s2: 10 c 11 c 12 d
COLL = table([["a", "b", "N", "c", "a"], ["N", "a", "d", "d", "b"], ["c", "c", "d"]])


def cells_g2(o11: float, o12: float, o21: float, o22: float) -> float:
    n = o11 + o12 + o21 + o22
    rows, cols = (o11 + o12, o21 + o22), (o11 + o21, o12 + o22)
    total = 0.0
    for (i, j), o in {(0, 0): o11, (0, 1): o12, (1, 0): o21, (1, 1): o22}.items():
        if o:
            total += o * math.log(o / (rows[i] * cols[j] / n))
    return 2 * total


def test_collocates_region_and_statistics_by_hand() -> None:
    out = collocates(COLL, "N", left=2, right=2, min_count=1)
    # windows stop at sentence edges: N@2 → 0,1,3,4; N@5 → 6,7; W = 6; N = 13 − 2 nodes = 11
    assert out.attrs["W"] == 6 and out.attrs["N"] == 11 and out.attrs["node_freq"] == 2
    row = out.set_index("collocate").loc["a"]
    assert (row["count"], row["count_left"], row["count_right"], row["freq"]) == (3, 1, 2, 3)
    e11 = 6 * 3 / 11
    assert row["expected"] == round(e11, 4) == 1.6364
    assert row["mi"] == round(math.log2(3 / e11), 4) == 0.8745
    assert row["t_score"] == round((3 - e11) / math.sqrt(3), 4) == 0.7873
    assert row["g2"] == round(cells_g2(3, 3, 0, 5), 4) == 4.5732
    assert row["p_value"] == pytest.approx(math.erfc(math.sqrt(row["g2"] / 2)), rel=1e-3)
    d = out.set_index("collocate").loc["d"]  # d@7 in the region, d@8 and d@12 outside
    assert (d["count"], d["freq"], d["g2"]) == (1, 3, round(cells_g2(1, 5, 2, 3), 4))
    assert out["collocate"].tolist()[0] == "a"  # largest G²


def test_collocates_min_count_and_empty_node() -> None:
    assert collocates(COLL, "N", left=2, right=2, min_count=2)["collocate"].tolist() == ["a"]
    none = collocates(COLL, "不存在", min_count=1)
    assert none.empty and none.attrs["W"] == 0
    with pytest.raises(ValueError, match="window"):
        collocates(COLL, "N", left=0, right=0)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from("abcN"), min_size=1, max_size=8), min_size=1, max_size=5),
    st.integers(0, 3),
    st.integers(1, 3),
)
def test_collocate_counts_are_consistent(sentences, left, right) -> None:
    out = collocates(table(sentences), "N", left=left, right=right, min_count=1)
    assert (out["count_left"] + out["count_right"] == out["count"]).all()
    assert (out["count"] <= out["freq"]).all()
    assert out["count"].sum() == out.attrs["W"] <= out.attrs["N"]


# --- dispersion ---------------------------------------------------------------------------------

DISP = table([["x", "y", "x", "z"], ["y", "y", "z", "z"], ["x", "x"]], sections=[0, 1, 2])


def test_dp_and_juilland_d_by_hand() -> None:
    out = dispersion(DISP, ["x", "y", "absent"]).set_index("term")
    # x: parts of 4, 4, 2 tokens; 2, 0, 2 occurrences
    s, v = np.array([0.4, 0.4, 0.2]), np.array([0.5, 0.0, 0.5])
    assert out.loc["x", "dp"] == round(0.5 * np.abs(v - s).sum(), 4) == 0.4
    assert out.loc["x", "dp_norm"] == 0.5
    rel = np.array([2 / 4, 0, 2 / 2])
    cv = math.sqrt(((rel - rel.mean()) ** 2).mean()) / rel.mean()
    assert out.loc["x", "juilland_d"] == round(1 - cv / math.sqrt(2), 4) == 0.4226
    assert (out.loc["x", "count"], out.loc["x", "range"], out.loc["x", "parts"]) == (4, 2, 3)
    # y: 1, 2, 0 → v = 1/3, 2/3, 0
    assert out.loc["y", "dp"] == round(0.5 * (abs(1 / 3 - 0.4) + abs(2 / 3 - 0.4) + 0.2), 4)
    assert out.loc["absent", "count"] == 0 and math.isnan(out.loc["absent", "dp"])


def test_dispersion_defaults_to_the_most_frequent_terms() -> None:
    out = dispersion(DISP, top=2)
    assert out["term"].tolist() == ["x", "y"]  # 4 each; z has 3... ties by term
    assert out.attrs["part_sizes"] == [4, 4, 2]
    even = dispersion(table([["p"], ["p"]], sections=[0, 1]), ["p"])
    assert even.loc[0, "dp"] == 0.0 and even.loc[0, "juilland_d"] == 1.0


WORDS = st.sampled_from(["扶贫", "产业", "协作", "教育", "医疗"])
SENTENCES = st.lists(st.lists(WORDS, min_size=1, max_size=8), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(SENTENCES, st.dictionaries(WORDS, st.integers(0, 50)), st.integers(1, 3))
def test_keyness_is_well_formed(sentences, ref_counts, min_count) -> None:
    tokens = table(sentences)
    reference = Reference("r", ref_counts, max(sum(ref_counts.values()), 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        key = keyness(tokens, reference, min_count=min_count)
    assert (key["g2"] >= 0).all() and key["p_value"].between(0, 1).all()
    assert (key["count_target"] >= min_count).all()
    over = key["per_10k_target"] > key["per_10k_ref"]
    assert (key.loc[over, "direction"] == "+").all()
    assert key["g2"].is_monotonic_decreasing


@settings(max_examples=40, deadline=None)
@given(SENTENCES.map(lambda s: (s, [i % 3 for i in range(len(s))])))
def test_dispersion_stays_in_range(data) -> None:
    sentences, sections = data
    out = dispersion(table(sentences, sections=sections), ["扶贫", "协作"])
    seen = out[out["count"] > 0]
    assert seen["dp"].between(0, 1).all() and seen["dp_norm"].dropna().between(0, 1 + 1e-9).all()
    assert (seen["juilland_d"].dropna() <= 1 + 1e-9).all()
    assert (out["range"] <= out["parts"]).all()


def test_the_wordfreq_reference_counts_content_words_in_both_scripts() -> None:
    ref = reference_from_wordfreq()
    assert ref.name.startswith("wordfreq 3.") and "CC BY-SA 4.0" in ref.licence
    assert "的" not in ref.counts and "，" not in ref.counts  # filtered like our tokens
    assert ref.size == pytest.approx(sum(ref.counts.values()))
    assert ref.settings["nominal_size"] == pytest.approx(9.77e7, rel=0.01)  # 1 / the floor
    assert ref.count("發展") == ref.count("发展") > 0  # Traditional looked up as Simplified
    assert ref.count("闽宁协作") == 0
