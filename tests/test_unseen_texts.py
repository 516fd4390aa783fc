"""Texts the package was not developed on: other agencies, years, topics, encodings, scripts.

The files in tests/data/ were written for these tests (synthetic news texts). Each must load
into the expected structure and go through every analysis and chart without an error.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

import analysis
from analysis import charts, quantities, timeline
from analysis import frequency as fq

DATA = Path(__file__).parent / "data"
FILES = sorted(DATA.glob("*.txt"))


def test_there_are_six_unseen_texts() -> None:
    assert [p.stem for p in FILES] == [
        "other_bom_business",
        "other_gbk_policy",
        "other_online_dateline",
        "other_plain",
        "other_traditional",
        "other_two_articles",
    ]


@pytest.mark.parametrize(
    ("name", "encoding", "date", "headings"),
    [
        (
            "other_bom_business",
            "utf-8-sig",
            None,
            [("新能源汽车出口持续走强 一季度同比增长42.5%", None, "本报讯（记者刘洋）")],
        ),
        (
            "other_gbk_policy",
            "gb18030",
            dt.date(2025, 3, 18),
            [("关于2024年度全省职业教育发展情况的报告", None, None)],
        ),
        (
            "other_online_dateline",
            "utf-8",
            dt.date(2024, 7, 12),
            [
                (
                    "四川多地全力开展防汛救灾工作 已转移安置群众12.6万人",
                    None,
                    "新华社成都7月12日电（记者张三李四）",
                )
            ],
        ),
        ("other_plain", "utf-8", None, [(None, None, None)]),
        (
            "other_traditional",
            "utf-8",
            None,
            [
                (
                    "港府推出新一輪青年創業資助計劃 兩年來已扶持逾千家初創企業",
                    "記者 王小明 報道",
                    None,
                )
            ],
        ),
        (
            "other_two_articles",
            "utf-8",
            dt.date(2025, 1, 8),
            [
                ("冬季供暖保障工作有序推进", "○本报记者 赵明", "（本报北京1月8日电）"),
                ("春运首日全国发送旅客超过一千万人次", "○本报记者 孙丽", "（本报北京1月14日电）"),
            ],
        ),
    ],
)
def test_structure_and_date(name, encoding, date, headings) -> None:
    doc = analysis.load(DATA / f"{name}.txt")
    assert doc.encoding == encoding
    assert doc.date == date
    assert [(a.title, a.byline, a.dateline) for a in doc.articles] == headings


def test_policy_report_sections_and_plain_text_repairs() -> None:
    policy = analysis.load(DATA / "other_gbk_policy.txt")
    assert [s.label for s in policy.articles[0].sections][1:] == [
        "一、基本情况",
        "二、主要工作和成效",
        "三、存在的问题",
        "四、下一步工作打算",
    ]
    plain = analysis.load(DATA / "other_plain.txt")
    log = plain.corrections
    assert log[log.changed].rule.tolist() == ["space_in_cjk", "line_break_in_word"]
    assert log[~log.changed].rule.tolist() == ["duplicated_word"]  # 配置配置: flagged, kept
    assert "完善基础设施" in plain.text and "超过百座城市面临" in plain.text


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_analysis_and_chart_runs(path) -> None:
    doc = analysis.load(path)
    analysis.setup("test")
    source = f"Source: {path.name}"
    tokens = analysis.token_table(doc)
    freq = fq.frequency_table(tokens)
    top = freq.term.head(6).tolist()
    events = doc.locate(timeline.build_timeline(doc.sentences, doc.date))
    table = doc.locate(quantities.indicator_table(doc.sentences, doc.date))

    def raw(s: int, e: int) -> str:  # full-width digits were repaired to ASCII
        return unicodedata.normalize("NFKC", doc.raw[s:e])

    assert all(raw(r.expr_raw_start, r.expr_raw_end) == r.expression for r in events.itertuples())
    assert all(raw(r.expr_raw_start, r.expr_raw_end) == r.text for r in table.itertuples())
    figures = [
        charts.layout_chart(doc),
        fq.bar_top_terms(freq, source=source),
        fq.wordcloud_figure(freq, source=source),
        fq.heatmap_by_section(tokens, top, source=source),
        fq.keyness_chart(fq.keyness(tokens), source=source),
        fq.network_figure(fq.cooccurrence_graph(fq.cooccurrence(tokens), freq), source=source),
        fq.dispersion_plot(tokens, top, source=source),
        charts.timeline_chart(events, source=source),
        charts.narrative_chart(events, doc.sentences, source=source),
        charts.indicator_panels(table, source=source),
        charts.comparison_chart(quantities.comparisons(table, doc.sentences), source=source),
    ]
    fq.collocations(tokens)
    fq.kwic(doc, top[:3])
    quantities.derived_indicators(table, doc.sentences)
    for fig in figures:
        fig.canvas.draw()
        plt.close(fig)


def test_undated_page_gets_its_year_from_the_text() -> None:
    doc = analysis.load(DATA / "other_online_dateline.txt")
    events = timeline.build_timeline(doc.sentences, doc.date)
    dates = dict(zip(events.expression, events.date, strict=False))
    assert dates["7月10日以来"] == "2024-07-10/2024-07-12"  # since the 10th, to the dateline
    # after 比去年同期 (a comparison base) the story is still in 2024
    assert dates["7月13日至15日"] == "2024-07-13/2024-07-15"
