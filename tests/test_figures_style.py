"""House-style helpers: Chinese number ticks, wrapping by printed width, exported tables, and
analysis modules that import no plotting library."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analysis.figures import export_table
from analysis.plots.style import fit, text_width, wan_yi

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
MIXED = st.text(st.one_of(CJK, st.sampled_from("ab1 ，。（）-/")), max_size=80)


def test_ticks_in_wan_and_yi() -> None:
    values = [0, 3, 25, 1000, 12000, 350000, 7.68e9, 2.6e11, 1.2e13]
    assert [wan_yi(v) for v in values] == [
        "0",
        "3",
        "25",
        "1000",
        "1.2万",
        "35万",
        "76.8亿",
        "2600亿",
        "12万亿",
    ]


@given(st.floats(min_value=0, max_value=1e15, allow_nan=False))
def test_a_tick_label_is_short_and_never_scientific(value: float) -> None:
    label = wan_yi(value)
    assert "e" not in label and len(label) <= 8


@given(MIXED, st.floats(min_value=0.5, max_value=7.0))
def test_wrapped_lines_fit_the_width_and_keep_every_character(text: str, width: float) -> None:
    wrapped = fit(text, width, 7)
    limit = width * 72 / 7
    assert all(text_width(line) <= limit + 1.0 for line in wrapped.split("\n"))
    assert wrapped.replace("\n", "").replace(" ", "") == text.replace(" ", "")


def test_wrapping_a_title_at_one_column() -> None:
    assert fit("高频词在各部分的出现次数（数字）与相对频率（颜色）", 1.5, 9) == (
        "高频词在各部分的出现次\n数（数字）与相对频率（\n颜色）"
    )


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=20))
def test_exported_articles_count_from_one_and_the_table_is_left_alone(articles) -> None:
    table = pd.DataFrame({"article": articles, "text": ["闽宁协作"] * len(articles)})
    out = export_table(table)
    assert out["article"].tolist() == [a + 1 for a in articles]
    assert table["article"].tolist() == articles


def test_analysis_modules_import_no_plotting_library() -> None:
    """Corpus workers import these: matplotlib and networkx cost them ~0.7 s each."""
    code = (
        "import sys, analysis, analysis.frequency, analysis.timeline, analysis.quantities, "
        "analysis.corpus, analysis.tokens; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'matplotlib', 'networkx'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
