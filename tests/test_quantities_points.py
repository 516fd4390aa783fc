"""``quantities.target_and_actual``: the points of a target-against-actual series, on a table
of our own (the shape ``quantities.series`` returns)."""

from __future__ import annotations

import pandas as pd

from analysis.quantities import target_and_actual
from analysis.quantities.report import POINT_COLUMNS, SERIES_COLUMNS


def _series(*rows: tuple) -> pd.DataFrame:
    """Rows of (refers_to, modality, value, unit, doc_id, doc_date)."""
    out = []
    for k, (refers_to, modality, value, unit, doc, date) in enumerate(rows):
        out.append(
            {
                "refers_to": refers_to, "modality": modality, "value": value,
                "value_max": None, "unit": unit, "qualifier": None, "indicator": "经济增长",
                "doc_id": doc, "doc_date": date, "text": f"{value}{unit}",
                "sentence": f"经济增长{value}{unit}。", "raw_start": 10 * k, "raw_end": 10 * k + 4,
            }
        )  # fmt: skip
    return pd.DataFrame(out, columns=SERIES_COLUMNS)


def test_a_years_target_from_its_own_report_and_its_actual_from_a_later_one() -> None:
    series = _series(
        ("2010", "target", 9.0, "%", "2009.txt", "2009-03-05"),  # a target set a year ahead
        ("2010", "target", 8.0, "%", "2010.txt", "2010-03-05"),  # the year's own report
        ("2010", "actual", 9.6, "%", "2010.txt", "2010-07-01"),  # interim: the year not over
        ("2010", "actual", 10.3, "%", "2011.txt", "2011-03-05"),
        ("2010", "actual", 10.4, "%", "2012.txt", "2012-03-05"),  # revised later: not the first
        ("2011", "actual", 1.0, "个百分点", "2012.txt", "2012-03-05"),  # another unit
        ("2011/2015", "target", 7.0, "%", "2011.txt", "2011-03-05"),  # a period, not a year
    )
    points = target_and_actual(series)
    assert list(points.columns) == POINT_COLUMNS
    assert list(points[["year", "modality", "value", "doc_id"]].itertuples(index=False)) == [
        (2010, "target", 8.0, "2010.txt"),
        (2010, "actual", 10.3, "2011.txt"),
    ]
    assert points.raw_start.tolist() == [10, 30]  # each point keeps its offsets


def test_no_point_is_an_empty_table_with_the_columns() -> None:
    assert list(target_and_actual(_series()).columns) == POINT_COLUMNS
    only_points_unit = _series(("2011", "actual", 1.0, "个百分点", "2012.txt", "2012-03-05"))
    assert target_and_actual(only_points_unit).empty
