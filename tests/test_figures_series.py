"""``plots.quantities.series_chart``: targets against actuals by year, gaps kept as gaps."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import analysis
from analysis.plots.charts import series_chart
from analysis.quantities.report import POINT_COLUMNS
from tests.test_figures_render import SIZES, cmap, figure_problems  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _style(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path))
    analysis.setup("test")  # the house style; a missing glyph is an error


def _points(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(
        [
            dict.fromkeys(POINT_COLUMNS) | {"year": y, "modality": m, "value": v, "value_max": x}
            for y, m, v, x in rows
        ],
        columns=POINT_COLUMNS,
    )


_POINTS = (
    (2001, "target", 8.0, None), (2001, "actual", 8.3, None),
    (2003, "target", 7.0, None), (2003, "actual", 9.1, None),
    (2004, "target", 6.5, 7.0),
)  # fmt: skip


def test_a_missing_year_is_a_gap_and_a_target_range_a_bar() -> None:
    fig = series_chart(_points(*_POINTS), label="经济增长", source="数据：测试")
    ax = fig.axes[0]
    target, actual = ax.get_lines()
    assert list(target.get_xdata()) == [2001, 2002, 2003, 2004]
    y = list(target.get_ydata())
    assert y[0] == 8.0 and math.isnan(y[1]) and y[2:] == [7.0, 6.5]  # 2002: no line across
    assert math.isnan(list(actual.get_ydata())[3])
    (bar,) = ax.collections  # the 2004 range 6.5–7
    assert bar.get_segments()[0].tolist() == [[2004.0, 6.5], [2004.0, 7.0]]
    assert fig._suptitle.get_text().startswith("经济增长：目标与实际（%）")
    plt.close(fig)


@pytest.mark.parametrize("size", SIZES)
def test_the_series_chart_fits_the_page_with_readable_unclashing_text(size, cmap) -> None:  # noqa: F811
    fig = series_chart(_points(*_POINTS), label="经济增长（国内生产总值）", source="数据：测试",
                       size=size)  # fmt: skip
    assert figure_problems(fig, f"series_{size}", size, cmap) == []
    plt.close(fig)


def test_no_points_say_so() -> None:
    fig = series_chart(_points(), label="经济增长", source="数据：测试")
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]
    assert any("no stated target or reported actual of 经济增长" in t for t in texts), texts
    plt.close(fig)
