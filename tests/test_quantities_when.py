"""When a figure is about and how it is meant, on sentences of our own in the style of reports:
period figures (a span, a base years back), a paragraph dated by its opening clause, targets
without a target word (提出…左右, a future year), and the words of the indicator rules."""

from __future__ import annotations

import pytest

from analysis.quantities import indicator_table
from analysis.quantities.when import is_period, refers_to, sentence_times
from tests.conftest import sentence_table


def _rows(*texts: str, date: str = "2019-03-05") -> list[tuple]:
    table = indicator_table(sentence_table(*texts), date)
    return list(table[["text", "refers_to", "modality"]].itertuples(index=False, name=None))


@pytest.mark.parametrize(
    ("text", "figure", "period"),
    [
        ("2018年，全省地区生产总值比2013年增长48.2%，年均增长8.2%。", "48.2%", "2013/2018"),
        ("2018年与2014年相比，粮食产量增加120亿斤。", "120亿斤", "2014/2018"),
        ("“十三五”期间，全县新建农村公路1860公里。", "1860公里", "2016/2020"),
        ("过去五年，城镇新增就业6500万人。", "6500万人", "2014/2018"),
    ],
)
def test_a_span_or_a_base_years_back_makes_a_period_figure(text, figure, period) -> None:
    got = {t: r for t, r, _ in _rows(text)}
    assert got[figure] == period and is_period(period)


@pytest.mark.parametrize(
    ("date", "periods"),
    [
        ("2019-03-05", ["2014/2018", "2018", "1989/2018"]),  # a March report: last full year
        ("2026-06-17", ["2021/2026", "2025/2026", "1996/2026"]),  # mid-year: up to now
    ],
)
def test_a_past_span_ends_with_the_last_full_year_only_early_in_the_year(date, periods) -> None:
    texts = ("五年来，全省新建学校800所。", "过去一年，全市新增就业3万人。")
    texts += ("30年来，互派干部200多名。",)
    assert [r for _, r, _ in _rows(*texts, date=date)] == periods


@pytest.mark.parametrize(
    ("date", "years"),
    [
        ("2004-03-05", ["2003", "2003", "2003", "2003", "2004", "2002"]),  # a March report
        ("2004-07-01", ["2004", "2004", "2004", "2004", "2004", "2002"]),  # mid-year: as before
    ],
)
def test_an_annual_actual_without_a_year_early_in_the_year_is_the_last_years(date, years):
    """比上年 / 全年 before an actual figure that has no time of its own: in a text dated
    January–March the whole year meant is the one just ended; a stated year or a target stays."""
    texts = (
        "全市地区生产总值比上年增长6.3%，达到2.4万亿元。",
        "全年粮食总产量达到4.3亿吨，较上年增加388亿斤；今年全省粮食产量力争增长3%左右。",
        "2002年全省财政收入比上年增长12%。",
    )
    got = _rows(*texts, date=date)
    assert [r[1] for r in got] == years
    assert got[4][2] == "target"  # 今年…左右: the year's target, never moved back


def test_an_annual_actual_in_a_dated_paragraph_keeps_the_paragraphs_year() -> None:
    rows = _rows("2003年，我们克服了重重困难。", "全市生产总值比上年增长6.3%。", date="2005-03-05")
    assert rows[0][1] == "2003"


def test_a_base_one_year_back_keeps_the_year() -> None:
    assert _rows("2018年，全省地区生产总值比2017年增长7.6%。")[0][1] == "2018"


def test_the_opening_clause_of_a_paragraph_dates_its_next_sentences() -> None:
    rows = _rows(
        "过去一年，我们坚持稳中求进。",
        "全省地区生产总值增长7.1%，城镇新增就业72万人。",
    )
    assert [r[1] for r in rows] == ["2018", "2018"]


def test_a_later_year_in_the_sentence_wins_over_the_paragraph() -> None:
    rows = _rows("去年，全省经济平稳运行。", "今年全省粮食产量稳定在700亿斤以上。")
    assert rows[0][1:] == ("2019", "actual")


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("提出全省地区生产总值增长7%左右。", "target"),
        ("今年全区发展的主要目标是：规模以上工业增加值增长7%左右。", "target"),
        ("省里提出，到2022年粮食产能稳定在720亿斤以上。", "target"),  # a year after 2019
        ("省政府提出了12部地方性法规草案。", "actual"),  # 提出了: done, not a target
        ("全面完成年初确定的主要目标，全省地区生产总值增长7.1%。", "actual"),
    ],
)
def test_targets_without_a_target_word(text: str, modality: str) -> None:
    assert _rows(text)[0][2] == modality


def test_refers_to_without_any_time_falls_back() -> None:
    times = sentence_times("全省粮食产量增长3%。", "2019-03-05")
    assert refers_to(times, 6, "全省粮食产量增长3%。", "2018") == ("2018", False)


# The examples of the indicator cues this round added (indicator_cues.tsv), with the indicator
# each must give: the rule and its examples are checked together.
CUE_EXAMPLES = {
    "销量突破50万台": "销量",
    "出勤率稳定在95%以上": "出勤率",
    "撤离居民3000人": "撤离居民",
    "救治伤员50名": "救治伤员",
    "服务旅客40万人次": "服务旅客",
    "走访专家30位": "走访专家",
    "走访困难家庭300户": "走访困难家庭",
    "保障航班800架次": "保障航班",
    "新增耕地2万亩": "新增耕地",
    "新建学校8所": "新建学校",
    "改造老旧小区30个": "改造老旧小区",
    "增开临时列车6对": "增开临时列车",
    "新开工项目40个": "新开工项目",
    "增速高于全国1个百分点": "增速",
    "增速低于上年0.5个百分点": "增速",
    "增速快于全国2个百分点": "增速",
    "增速慢于上月1个百分点": "增速",
    "主营业务收入利润率为6%": "主营业务收入利润率",
    "技术改造投资增长15.1%": "技术改造投资增长",
    "财政支出增长5%": "财政支出增长",
    "居民消费价格上涨2%": "居民消费价格上涨",
    "增速回落0.3个百分点": "增速回落",
    "规模以上工业企业2.3万户": "规模以上工业企业",
    "县级以下医院120所": "县级以下医院",
    "全省小麦机收率达到99%": "小麦机收率",  # rate_suffix: 机收 + 率, not 率领
}


def _cue_rows() -> list[tuple[str, str, str]]:
    from analysis.lang.tables import zh_table
    from analysis.quantities.vocab import _CUES

    roles = {"names_count", "flow", "comparative", "nominal_verb", "joins_nouns"}
    return [
        (r["word"], r["role"], r["example"])
        for r in zh_table("indicator_cues.tsv", _CUES)
        if r["role"] in roles or r["example"] in CUE_EXAMPLES
    ]


@pytest.mark.parametrize(("word", "role", "example"), _cue_rows())
def test_every_new_indicator_cue_example(word: str, role: str, example: str) -> None:
    table = indicator_table(sentence_table(example), "2019-03-05")
    assert table.indicator.tolist() == [CUE_EXAMPLES[example]], (word, role)


@pytest.mark.parametrize(
    "text",
    [
        "记者从市商务局获悉，全市新增外资企业120家。",
        "记者从县政府得知，全县新建学校8所。",
        "市统计局数据显示，上半年新登记市场主体4.2万户。",
        "县农业农村局负责人介绍，今年新增高标准农田3万亩。",
    ],
)
def test_the_source_of_the_news_is_no_subject(text: str) -> None:
    assert indicator_table(sentence_table(text), "2019-03-05").subject.tolist() == [None]


def test_a_base_compares_within_its_part_of_the_sentence() -> None:
    """A base before a semicolon does not turn the next part's level into a period figure."""
    got = {
        t: r
        for t, r, _ in _rows(
            "2015年，全市工业增加值达到860亿元，比2010年翻一番；而相邻的县城工业增加值只有42.6亿元。"
        )
    }
    assert (got["一番"], got["42.6亿元"]) == ("2010/2015", "2015")


def test_subject_and_counted_morpheme_of_a_sentence_part() -> None:
    """The topic of the part after a semicolon or a lead-in colon is the subject; a
    one-character morpheme after a measure word (县, 村) is what is counted."""
    table = indicator_table(
        sentence_table(
            "江西省今年投入资金12亿元；而毗邻的湖南省，投入资金只有3.5亿元。",
            "以项目促发展：五年来，赣州市建成安置点16个，在瑞金等7个村建成卫生室。",
        ),
        "2019-03-05",
    )
    got = {r.text: (r.indicator, r.subject) for r in table.itertuples()}
    assert got["3.5亿元"][1] == "湖南省"
    assert got["16个"][1] == "赣州市"
    assert got["7个"][0] == "村"


def test_indicator_table_takes_a_document_or_says_what_it_takes(seed_doc) -> None:
    """indicator_table(doc) equals indicator_table(doc.sentences, doc.date, headings=…);
    anything else is a clear TypeError, not an AttributeError from inside pandas."""
    from analysis.quantities import section_headings

    by_doc = indicator_table(seed_doc)
    by_table = indicator_table(
        seed_doc.sentences, seed_doc.date, headings=section_headings(seed_doc)
    )
    assert len(by_doc) == 41 and by_doc.equals(by_table)
    with pytest.raises(TypeError, match="Document or its sentence table"):
        indicator_table("seeds/000_734b698157ae08b2.txt")


def _role_examples(role: str) -> list[str]:
    from analysis.lang.tables import zh_table
    from analysis.quantities.vocab import _CUES

    return [r["example"] for r in zh_table("indicator_cues.tsv", _CUES) if r["role"] == role]


@pytest.mark.parametrize("example", _role_examples("annual"))
def test_every_annual_cue_example_is_the_last_years_in_a_march_text(example: str) -> None:
    rows = indicator_table(sentence_table(example + "。"), "2019-03-05")
    assert rows.refers_to.tolist() == ["2018"] * len(rows) and len(rows) >= 1
    assert indicator_table(sentence_table(example + "。"), "2019-08-01").refers_to.tolist() == [
        "2019"
    ] * len(rows)


@pytest.mark.parametrize(
    "example", _role_examples("continues") + _role_examples("continues_joiner")
)
def test_every_continues_cue_example_keeps_the_clause_befores_modality(example: str) -> None:
    """The change in the second clause is the first clause's planned / targeted figure's."""
    modalities = indicator_table(sentence_table(example + "。"), "2019-03-05").modality.tolist()
    assert len(modalities) == 2 and modalities[0] == modalities[1] != "actual", modalities


def test_a_joiner_alone_does_not_carry_the_plan_into_a_new_clause() -> None:
    text = "拟安排债券资金50亿元，同时，全年完成投资80亿元。"
    rows = indicator_table(sentence_table(text), "2019-03-05")
    assert rows.modality.tolist() == ["plan", "actual"]


@pytest.mark.parametrize("example", _role_examples("average"))
def test_every_average_cue_example_is_the_paragraphs_period_ending_in_its_year(example) -> None:
    """A yearly average whose sentence names only 2018 is about the paragraph's 过去五年
    (2014/2018 in a March 2019 report); without such a span it keeps its year."""
    paragraph = sentence_table("过去五年，我们砥砺前行。", example + "。")
    opened = indicator_table(paragraph, "2019-03-05")
    assert opened.refers_to.tolist()[-1] == "2014/2018" and opened.year.tolist()[-1] == 2018
    alone = indicator_table(sentence_table(example + "。"), "2019-03-05")
    assert alone.refers_to.tolist()[-1] == "2018"


@pytest.mark.parametrize("example", _role_examples("not_base"))
def test_every_not_base_example_is_no_comparison_base(example: str) -> None:
    """占比约26%: the 比 of a word is no 比 before a base figure (比2015年的5000亿元)."""
    assert indicator_table(sentence_table(example + "。"), "2019-03-05").modality.tolist() == [
        "actual"
    ]


def test_a_modality_word_is_not_what_a_figure_measures() -> None:
    """有望, 预计, 力争 (modality.tsv) are never part of the indicator: 出口有望突破160万辆."""
    table = indicator_table(
        sentence_table("预计全年新能源汽车出口有望突破160万辆。", "其中，5月份新增订单120个。"),
        "2023-09-05",
    )
    assert table[["indicator", "modality"]].values.tolist() == [
        ["新能源汽车出口", "forecast"],
        ["新增订单", "actual"],
    ]


def test_a_time_noun_after_a_comparison_marker_is_no_part_of_the_indicator() -> None:
    """比去年同期增长6%: 去年同期 is the base's time; the change is the sales figure's."""
    table = indicator_table(
        sentence_table("全市零售总额达到80亿元，比去年同期增长6%。", "利润比上年同期下降4%。"),
        "2023-09-05",
    )
    assert table.indicator.tolist() == ["零售总额", "零售总额增长", "利润下降"]


@pytest.mark.parametrize("example", _role_examples("done"))
def test_every_done_cue_example_is_what_was_achieved(example: str) -> None:
    """完成年度计划的112%: the plan achieved, an actual figure, not a plan."""
    texts = sentence_table(example + "。", "今年计划完成投资120亿元。")
    table = indicator_table(texts, "2019-03-05")
    assert table.modality.tolist() == ["actual", "plan"]  # 计划 before 完成 is still a plan


@pytest.mark.parametrize("example", _role_examples("already"))
def test_every_already_cue_example_is_what_was_done(example: str) -> None:
    """其中已开工建设93个: the part already begun is actual, the planned whole is not."""
    modalities = indicator_table(sentence_table(example + "。"), "2019-03-05").modality.tolist()
    assert len(modalities) == 2 and modalities[0] in {"plan", "target"}, modalities
    assert modalities[1] == "actual", modalities


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("县里已计划投资50亿元。", "plan"),  # 已 before the cue: the plan is made
        ("计划改造已建成小区120个。", "plan"),  # after a verb: which estates
        ("计划对已脱贫村庄新增投入3000万元。", "plan"),  # after a preposition
        ("预计全年已完成投资50亿元。", "forecast"),  # a forecast stays one
    ],
)
def test_already_that_describes_a_noun_leaves_the_plan(text: str, modality: str) -> None:
    """已 counts only where it opens the figure's own predicate (其中已开工建设93个)."""
    assert indicator_table(sentence_table(text), "2019-03-05").modality.tolist() == [modality]
