"""Labels placed without collisions: each label tries positions around its point and takes
the first whose box (as the renderer measures it) overlaps no label placed before it.

Deterministic and greedy, most important label first; a label that finds no free place is
left out and counted, so the figure can say how many were omitted instead of overprinting.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from analysis.plots.style import SMALL, freeze_layout

__all__ = ["drawn_texts", "freeze_layout", "overlapping_texts", "place_labels"]

# Offsets in points from the point, nearest first: right, left, above, below, diagonals,
# then the same ring farther out (with a thin leader line).
_RING = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)]
_ALIGN = {1: "left", -1: "right", 0: "center"}
_VALIGN = {1: "bottom", -1: "top", 0: "center"}


def _overlaps(box: Bbox, boxes: Sequence[Bbox]) -> bool:
    return any(box.overlaps(b) for b in boxes)


def place_labels(
    ax: plt.Axes,
    points: Sequence[tuple[float, float]],
    labels: Sequence[str],
    *,
    fontsize: float = SMALL,
    colours: Sequence[str] | None = None,
    avoid: Sequence[Bbox] = (),
    distances: Sequence[float] = (4, 12, 22),
) -> int:
    """Label ``points`` (data coordinates) in the given order; return how many were left out.

    ``avoid`` holds boxes (display coordinates) labels must not cover, e.g. the legend.
    Call ``freeze_layout`` first when the figure uses a layout engine.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    placed: list[Bbox] = list(avoid)
    omitted = 0
    for k, ((x, y), label) in enumerate(zip(points, labels, strict=True)):
        colour = colours[k] if colours is not None else "#222222"
        for dist in distances:
            done = False
            for dx, dy in _RING:
                text = ax.annotate(
                    label,
                    (x, y),
                    xytext=(dx * dist, dy * dist),
                    textcoords="offset points",
                    ha=_ALIGN[dx],
                    va=_VALIGN[dy],
                    fontsize=fontsize,
                    color="#222222",
                    arrowprops=(
                        {"arrowstyle": "-", "color": colour, "lw": 0.4, "shrinkA": 0, "shrinkB": 2}
                        if dist > distances[0]
                        else None
                    ),
                    annotation_clip=False,
                )
                box = text.get_window_extent(renderer).expanded(1.04, 1.08)
                inside = axes_box.containsx(box.x0) and axes_box.containsx(box.x1)
                inside = inside and axes_box.containsy(box.y0) and axes_box.containsy(box.y1)
                if inside and not _overlaps(box, placed):
                    placed.append(box)
                    done = True
                    break
                text.remove()
            if done:
                break
        else:
            omitted += 1
    return omitted


def drawn_texts(fig: plt.Figure) -> list[tuple[str, Bbox]]:
    """Every non-empty text the renderer actually draws, with its box (display units).

    Recorded during a real draw, so tick labels outside the view, hidden axes and clipped
    texts, which matplotlib skips, are not counted.
    """
    drawn: list[plt.Text] = []
    original = Text.draw

    def record(self: Text, renderer: object) -> None:
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)

    Text.draw = record  # type: ignore[method-assign]
    try:
        fig.canvas.draw()
    finally:
        Text.draw = original  # type: ignore[method-assign]
    renderer = fig.canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in drawn]


def overlapping_texts(fig: plt.Figure) -> list[tuple[str, str]]:
    """Pairs of drawn texts of ``fig`` whose boxes overlap (by more than a hair: boxes include
    the font's line gap, so they are shrunk by 10% of their height first)."""
    boxes = [
        (
            s,
            Bbox.from_bounds(
                b.x0 + 0.01 * b.width, b.y0 + 0.05 * b.height, 0.98 * b.width, 0.9 * b.height
            ),
        )
        for s, b in drawn_texts(fig)
        if b.width > 0
    ]
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]
