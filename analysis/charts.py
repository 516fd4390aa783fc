"""Reusable charts that more than one notebook draws (stage: **figure**)."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from analysis.document import Document
from analysis.figures import PALETTE, source_note


def layout_chart(doc: Document) -> plt.Figure:
    """The page as paragraph blocks in raw order (top) and in reading order (bottom).

    Each paragraph is a block whose width is its length in characters, coloured by article;
    a line joins its raw position to its reading position, so a displaced block shows as
    lines that cross.
    """
    fig, ax = plt.subplots(figsize=(10, 3.2))
    total = len(doc.raw)
    paras = [(a.index, p) for a in doc.articles for p in a.paragraphs]
    reading = 0
    scale = total / max(1, sum(len(p.text) for _, p in paras))
    for art, p in paras:
        colour = PALETTE[art % len(PALETTE)]
        width = len(p.text) * scale
        for s, e in p.raw_spans:
            ax.add_patch(Rectangle((s, 1.0), e - s, 0.5, color=colour, lw=0))
        ax.add_patch(Rectangle((reading, 0.0), width, 0.5, color=colour, lw=0))
        crossed = p.raw_start - reading > total * 0.02 or reading - p.raw_start > total * 0.02
        ax.plot(
            [p.raw_start, reading],
            [1.0, 0.5],
            color=colour,
            lw=1.2 if crossed else 0.3,
            alpha=0.9 if crossed else 0.35,
        )
        reading += width
    for a in doc.articles:
        ax.plot(
            [],
            [],
            color=PALETTE[a.index % len(PALETTE)],
            lw=6,
            label=f"文章{a.index + 1}：{a.title or '（无标题）'}",
        )
    ax.set_xlim(0, total)
    ax.set_ylim(-0.1, 1.6)
    ax.set_yticks([0.25, 1.25], ["阅读顺序\n(reading order)", "原始页面\n(raw order)"])
    ax.set_xlabel("原始文本中的位置（字符） / position in the raw file (characters)")
    ax.set_title("页面版式还原：段落在原始文件中的位置与阅读顺序")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2, frameon=False, fontsize=8)
    source_note(fig, f"Source: {doc.path.name}; paragraphs from analysis.load (structure stage).")
    return fig
