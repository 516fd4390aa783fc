"""Interactive exploration in JupyterLab: a KWIC browser and a term-trend picker (ipywidgets).

For looking around only: the exported static figures stay the citable output, and nothing
in the build depends on a widget (a headless run creates them and moves on).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.kwic import KWIC_COLUMNS, MODES, kwic


def kwic_browser(source: Any, *, pattern: str = "", window: int = 15, rows: int = 30) -> Any:
    """A search box (token, phrase or regex), a sort choice and a window slider above the
    sorted concordance lines of a Document or Corpus."""
    import ipywidgets as w
    from IPython.display import display

    box = w.Text(
        value=pattern, description="pattern", placeholder="协作 / 东西部 协作 / 协作.{0,2}机制"
    )
    mode = w.Dropdown(options=list(MODES), value="token", description="mode")
    sort = w.Dropdown(options=["position", "left", "right"], value="position", description="sort")
    size = w.IntSlider(value=window, min=2, max=40, description="window")
    out = w.Output()

    def refresh(*_: Any) -> None:
        out.clear_output()
        with out:
            if not box.value.strip():
                return
            try:
                lines = kwic(source, box.value, mode=mode.value, window=size.value, sort=sort.value)
            except (ValueError, TypeError) as exc:
                print(exc)
                return
            print(f"{len(lines)} lines")
            display(
                lines[[c for c in KWIC_COLUMNS if c != "doc" or lines["doc"].nunique() > 1]].head(
                    rows
                )
            )

    for widget in (box, mode, sort, size):
        widget.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HBox([box, mode]), w.HBox([sort, size]), out])


def trend_picker(
    tokens: pd.DataFrame, *, terms: Sequence[str] = (), period: str = "year", choices: int = 200
) -> Any:
    """Pick terms (among the ``choices`` most frequent) and see their per-period trend."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    from analysis.frequency import frequency_table, term_trends
    from analysis.plots.methods import no_data_figure

    vocab = frequency_table(tokens)["term"].head(choices).tolist() if not tokens.empty else []
    pick = w.SelectMultiple(
        options=vocab, value=[t for t in terms if t in vocab], rows=10, description="terms"
    )
    out = w.Output()

    def refresh(*_: Any) -> None:
        out.clear_output()
        with out:
            chosen = list(pick.value)
            if not chosen:
                return
            from analysis.charts import trend_chart

            trends = term_trends(tokens, terms=chosen, period=period)
            fig = (
                trend_chart(trends, source="")
                if trends["period"].nunique() > 1
                else no_data_figure("one period only: no trend")
            )
            display(fig)
            plt.close(fig)

    pick.observe(refresh, names="value")
    refresh()
    return w.VBox([pick, out])
