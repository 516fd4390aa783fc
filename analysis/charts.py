"""Compatibility name: the charts moved to ``analysis.plots.charts`` (all figure code lives in
``analysis/plots/``). ``from analysis.charts import timeline_chart`` keeps working."""

from analysis.plots.charts import (  # noqa: F401
    comparison_chart,
    indicator_panels,
    layout_chart,
    narrative_chart,
    table_figure,
    table_pages,
    timeline_chart,
    timeline_lanes,
    trend_chart,
)
