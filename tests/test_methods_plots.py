"""The methods' figures say what the tables say: significance lines and grey dots in the
keyness dot plot, the dispersion statistics beside the plot, a message for empty input."""

from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex

import analysis
from analysis.keyness import Reference, keyness
from analysis.plots import methods as mplots
from tests.test_methods_stats import DISP, TARGET, table

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _house_style():
    """The notebooks' setup: the bundled CJK font, and a missing glyph is an error."""
    with warnings.catch_warnings():
        analysis.setup()
        yield
    plt.close("all")


def _dot_colours(ax: plt.Axes) -> list[str]:
    """Colours of the keyness dots, bottom to top."""
    (dots,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    return [to_hex(c) for c in dots.get_facecolors()]


def test_keyness_figure_marks_significance() -> None:
    # 扶贫: G² 4.94 (p < 0.05), 协作: absent from the reference; 产业 is under-used: not drawn
    key = keyness(TARGET, Reference("hand", {"扶贫": 20, "产业": 60, "教育": 20}, 100), min_count=1)
    ax = mplots.keyness_figure(key, top=10).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["扶贫", "协作"]  # largest on top
    assert _dot_colours(ax) == [mplots.SIGNIFICANT] * 2
    assert sorted(line.get_xdata()[0] for line in ax.get_lines()) == [3.84, 6.63]
    # 甲: 6 of 10 against 50 of 100: G² 0.40, not significant: grey
    flat = keyness(table([["甲"] * 6 + ["乙"] * 4]), Reference("flat", {"甲": 50, "乙": 50}, 100),
                   min_count=1)  # fmt: skip
    grey = mplots.keyness_figure(flat, top=10).axes[0]
    assert _dot_colours(grey) == [mplots.GREY]
    assert grey.get_xscale() == "log" and len(grey.patches) == 0  # dots on a log axis, no bars


def test_a_tiny_reference_is_said_in_the_figure() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        key = keyness(TARGET, Reference("small", {"扶贫": 1}, 5), min_count=1)
    ax = mplots.keyness_figure(key).axes[0]
    assert "fewer than the target" in " ".join(ax.get_xlabel().split())  # wrapped to the page


def test_dispersion_statistics_stand_beside_the_plot() -> None:
    from analysis.dispersion import dispersion

    disp = dispersion(DISP, ["x", "y"])
    fig = mplots.dispersion_figure(DISP, disp)
    cells = fig.axes[1].tables[0].get_celld()
    header = [cells[(0, j)].get_text().get_text() for j in range(5)]
    assert header == ["次数", "范围", "DP", "DP norm", "Juilland D"]
    assert [cells[(1, j)].get_text().get_text() for j in range(5)] == [
        "4", "2/3", "0.400", "0.500", "0.423"
    ]  # fmt: skip


def test_empty_tables_give_a_figure_that_says_so() -> None:
    empty = pd.DataFrame(columns=["term", "g2", "direction", "log_ratio"])
    for fig in (
        mplots.keyness_figure(empty),
        mplots.bar_figure(empty, "term", "g2", title="t", xlabel="x"),
        mplots.dictionary_figure(pd.DataFrame(), "period", title="t"),
        mplots.topics_figure(pd.DataFrame(), pd.DataFrame()),
    ):
        assert "nothing to draw" in fig.axes[0].texts[0].get_text()


def test_long_ids_are_cut_in_the_middle_so_they_stay_apart() -> None:
    ids = ["000_734b698157ae08b2.txt/0/3", "000_734b698157ae08b2.txt/1/0", "1954"]
    assert [mplots.short_label(i, 14) for i in ids] == [
        "000_73…txt/0/3", "000_73…txt/1/0", "1954"
    ]  # fmt: skip
