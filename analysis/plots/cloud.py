"""The word cloud of notebook 01: the layout of the most frequent terms (wordcloud), kept on
disk between runs (``array_memo``), drawn as a raster image in a figure at print size."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis import array_memo
from analysis.plots.style import (
    FONT_PATH,
    SEED,
    figure_title,
    new_figure,
    no_data_figure,
    source_note,
)

CLOUD_SIZE = (2100, 1050)  # px of the word cloud: 7 in × 3.5 in at 300 dpi
CLOUD_SCALE = 3  # its layout is computed on a 700 × 350 canvas, then drawn ×3


def ellipse_mask(width: int = 1600, height: int = 900) -> np.ndarray:
    """A filled ellipse as a wordcloud mask (255 = outside, where no word is drawn)."""
    y, x = np.ogrid[:height, :width]
    inside = ((x - width / 2) / (width / 2)) ** 2 + ((y - height / 2) / (height / 2)) ** 2 <= 1
    return np.where(inside, 0, 255).astype(np.uint8)


def wordcloud_figure(
    freq: pd.DataFrame,
    *,
    seed: int = SEED,
    max_words: int = 150,
    mask: np.ndarray | None = None,
    source: str = "",
    size: str = "full",
) -> plt.Figure:
    """A word cloud from the frequency table (not raw text), with a fixed seed.

    The cloud is a raster image (2100 × 1050 px, 300 dpi at full width) in every format, and
    the figure says so: the counts behind it are in the frequency table. The layout is
    computed on a canvas ``CLOUD_SCALE`` times smaller and drawn at full size (wordcloud's
    ``scale``: 0.4 s instead of 2.3 s, every word still placed); a ``mask`` sets the canvas
    itself, so it is laid out at its own size. The image is shown without interpolation:
    SVG and PDF embed its own pixels instead of a resampled copy, and saving the three
    formats takes about half the time (the PNG is 2% smaller than the image, a difference
    nearest-pixel scaling does not show in text this size).
    """
    if freq.empty:
        return no_data_figure("the frequency table is empty", source=source, size=size)
    counts = dict(zip(freq["term"], freq["count"], strict=True))
    image = cloud_image(counts, seed=seed, max_words=max_words, mask=mask)
    fig, ax = new_figure(size, 3.9 if size == "full" else 2.3)
    ax.imshow(image, interpolation="none")
    ax.set_axis_off()
    title = f"词云：前{min(max_words, len(freq))}个高频词，字号与次数成正比（位图 / raster image）"
    figure_title(fig, title)
    source_note(fig, source)
    return fig


def cloud_image(
    counts: dict[str, int],
    *,
    seed: int = SEED,
    max_words: int = 150,
    mask: np.ndarray | None = None,
) -> np.ndarray:
    """The word cloud's pixels (height × width × RGB, uint8) for ``counts`` (term → count).

    The layout is a pure function of the counts, the settings, the font and the versions of
    wordcloud, Pillow, NumPy and matplotlib (its colour map), so it is kept in
    ``build/memo/word_clouds/`` (``array_memo``) under a key of all of these and of this
    function's code: a rerun on the same text gets the same pixels without the 0.4 s layout.
    """
    items = list(counts.items())
    digest = array_memo.key(
        array_memo.versions(("wordcloud", "pillow", "numpy", "matplotlib")),
        array_memo.file_digest(FONT_PATH),
        [seed, max_words, CLOUD_SIZE[0], CLOUD_SIZE[1], CLOUD_SCALE, _layout],
        [w for w, _ in items],
        np.asarray([c for _, c in items], dtype="<f8"),
        mask if mask is None else np.asarray(mask),
    )
    return array_memo.arrays(
        "word_clouds", digest, lambda: (_layout(counts, seed, max_words, mask),)
    )[0]


def _layout(
    counts: dict[str, int], seed: int, max_words: int, mask: np.ndarray | None
) -> np.ndarray:
    from wordcloud import WordCloud

    scale = 1 if mask is not None else CLOUD_SCALE
    cloud = WordCloud(
        mask=mask,
        font_path=str(FONT_PATH),
        random_state=seed,
        background_color="white",
        width=CLOUD_SIZE[0] // scale,
        height=CLOUD_SIZE[1] // scale,
        scale=scale,
        prefer_horizontal=1.0,
        max_words=max_words,
        colormap="cividis",
    ).generate_from_frequencies(counts)
    return cloud.to_array()
