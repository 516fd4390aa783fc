"""The quantities' language tables: every row's example runs through the extractor, and a
malformed table names its file and line."""

from __future__ import annotations

import pytest

from analysis.lang import qualifiers
from analysis.lang.tables import TableError, parse_table
from analysis.quantities import extract, indicator_table, patterns, vocab
from tests.conftest import sentence_table

UNITS = list(vocab.units().values())
CLASSIFIERS = list(vocab.classifiers().values())
QUANTITY_QUALIFIERS = [
    q for q in qualifiers.qualifiers("quantity") if q.position != "edge" and q.scope != "time"
]


def _rows(text: str) -> list[dict]:
    return extract(text).to_dict("records")


@pytest.mark.parametrize("row", UNITS, ids=[u.word for u in UNITS])
def test_every_unit_example_is_read_with_its_unit(row: vocab.Unit) -> None:
    got = [(r["unit"], r["dimension"]) for r in _rows(row.example)]
    assert (row.canonical, row.dimension) in got, (row.example, got)


@pytest.mark.parametrize("row", CLASSIFIERS, ids=[c.word for c in CLASSIFIERS])
def test_every_classifier_example_counts_with_it(row: vocab.Classifier) -> None:
    if row.example.startswith("第"):  # 第一批, 第三轮: ordinals are never quantities
        assert _rows(row.example) == []
        return
    assert row.word in [r["unit"] for r in _rows(row.example)], row.example


@pytest.mark.parametrize("row", vocab.unit_cues(), ids=[c["example"] for c in vocab.unit_cues()])
def test_every_unit_cue_example_gets_its_dimension(row: dict) -> None:
    rows = _rows(row["example"])
    assert row["dimension"] in [r["dimension"] for r in rows], row["example"]
    if row["unit_as"]:  # a scale names the unit: 华氏95度 is ℉, not a bare 度
        assert [r["unit"] for r in rows if r["dimension"] == row["dimension"]] == [row["unit_as"]]


def test_a_temperature_scale_names_the_unit_a_plain_cue_does_not() -> None:
    rows = _rows("当天最高气温华氏95度，夜间气温降到零下3度，体温摄氏37.5度")
    assert [(r["text"], r["value"], r["unit"]) for r in rows] == [
        ("95度", 95.0, "℉"),
        ("零下3度", -3.0, "度"),
        ("37.5度", 37.5, "℃"),
    ]


def test_a_cue_word_is_needed_for_ambiguous_units() -> None:
    assert _rows("这是三级医院，比分落后") == []
    assert _rows("3块金牌")[0]["unit"] == "块"  # a medal count, not money
    assert _rows("花了十块")[0]["unit"] == "元"


MODALITY = list(vocab.modality_cues().items())


@pytest.mark.parametrize(("word", "row"), MODALITY, ids=[w for w, _ in MODALITY])
def test_every_modality_example_gets_its_modality(word: str, row: tuple[str, str]) -> None:
    from analysis.lang.tables import zh_table
    from analysis.quantities.vocab import _MODALITY

    example = next(r["example"] for r in zh_table("modality.tsv", _MODALITY) if r["word"] == word)
    table = indicator_table(sentence_table(example))
    assert row[0] in table.modality.tolist(), (example, table.modality.tolist())


CUES = [(w, role) for role in ("up", "down") for w in sorted(vocab.cue_words(role))]


@pytest.mark.parametrize(("word", "role"), CUES, ids=[w for w, _ in CUES])
def test_direction_cues(word: str, role: str) -> None:
    from analysis.lang.tables import zh_table
    from analysis.quantities.vocab import _CUES

    example = next(
        r["example"]
        for r in zh_table("indicator_cues.tsv", _CUES)
        if r["word"] == word and r["role"] == role
    )
    assert role in [r["direction"] for r in _rows(example)], example


def _lead_rows() -> list[dict]:
    from analysis.lang.tables import zh_table
    from analysis.quantities.vocab import _CUES

    rows = zh_table("indicator_cues.tsv", _CUES)
    return [r for r in rows if r["role"] in ("target_lead", "lead_joiner")]


@pytest.mark.parametrize("row", _lead_rows(), ids=lambda r: f"{r['role']}:{r['word']}")
def test_a_stated_target_between_change_and_figure_keeps_the_change(row: dict) -> None:
    """经济增长预期目标为6%左右: the figure is the change (up), the indicator names it."""
    (got,) = _rows(row["example"])
    assert got["direction"] == "up", row["example"]
    assert got["indicator"].endswith("增长"), (row["example"], got["indicator"])


def test_a_light_verb_alone_after_a_change_verb_gives_a_level() -> None:
    """下降为4% is where the rate ended, not how far it fell: no direction, no 下降 in it."""
    (got,) = _rows("城镇登记失业率下降为4%")
    assert (got["indicator"], got["direction"]) == ("失业率", None)


@pytest.mark.parametrize(
    "row", QUANTITY_QUALIFIERS, ids=[f"{q.word}-{q.position}" for q in QUANTITY_QUALIFIERS]
)
def test_every_quantity_qualifier_example(row: qualifiers.Qualifier) -> None:
    got = [r["qualifier"] for r in _rows(row.example)]
    if got:  # time examples (十余个小时, 3年左右) are the timeline's, not quantities
        assert row.meaning in got, (row.example, got)


def test_bad_table_row_names_file_and_line() -> None:
    header = "word\tcanonical\tdimension\tcontext\texample\tpart_of\tparts\tmention"
    lines = [header, "元\t元\tmoney\tany\t5元"]
    with pytest.raises(TableError, match=r"units.tsv:2: dimension 'money' not one of"):
        parse_table(lines, vocab._UNITS, "units.tsv")
    lines = [header, "美分\t美分\tcurrency\tany\t3美分\t美元"]
    with pytest.raises(TableError, match=r"units.tsv:2: part_of and parts go together"):
        parse_table(lines, vocab._UNITS, "units.tsv")
    dollar, cent = "美元\t美元\tcurrency\tany\t3美元", "美分\t美分\tcurrency\tany\t3美分\t美金\t100"
    lines = [header, dollar, cent]
    with pytest.raises(TableError, match=r"units.tsv:3: part_of '美金' is not the canonical form"):
        vocab.check_parts(parse_table(lines, vocab._UNITS, "units.tsv"))
    lines = [header, "元\t元\tcurrency\tany\t5元\t\t\tmaybe"]
    with pytest.raises(TableError, match=r"units.tsv:2: mention 'maybe' is not a boolean"):
        parse_table(lines, vocab._UNITS, "units.tsv")
    lines = ["word\tkind\tcount_noun\texample", "辆\tcount\t辆数\t5台车"]
    with pytest.raises(TableError, match=r"classifiers.tsv:2: example lacks '辆'"):
        parse_table(lines, vocab._CLASSIFIERS, "classifiers.tsv")


def _number_word_holds(row: dict) -> bool:
    """What a row of ``number_words.tsv`` does to its example, by role."""
    word, example = row["word"], row["example"]
    if row["role"] == "duration":  # the duration is one time span that quantities skip
        m = patterns.time_fallback().search(example)
        return m is not None and word in m.group()
    if row["role"] == "deictic":  # 比上一届增加五枚: the one after 上 is no count, the 五 is
        texts = [r["text"] for r in _rows(example)]
        return not any(t.startswith("一") for t in texts) and len(texts) == 1
    found = [r for r in _rows(example) if word in r["text"]]
    if row["role"] == "link":
        return any(r["qualifier"] for r in found)
    if row["role"] == "negative":
        return any(r["value"] < 0 for r in found)
    if row["role"] == "per":  # 30微克/立方米: one unit per another
        return any("/" in r["unit"] for r in found)
    if row["role"] == "between_lead":
        return any(r["value_max"] == r["value_max"] for r in found)  # not NaN: a range
    return any(r["value"] != int(r["value"]) for r in found)  # part_joiner: 2.03 美元


@pytest.mark.parametrize("row", vocab.number_word_rows(), ids=lambda r: f"{r['role']}:{r['word']}")
def test_every_number_word_example(row: dict) -> None:
    """Each link, sign, range lead, subunit joiner, duration, per and deictic word of
    ``number_words.tsv`` does its job on its own example (a pattern that stopped reading the
    table fails here)."""
    assert _number_word_holds(row), row


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市PM2.5平均浓度为30微克/立方米。", ("30微克/立方米", 30.0, "微克/立方米", "mass")),
        ("玉米收购价2400元／吨。", ("2400元／吨", 2400.0, "元/吨", "currency")),
        ("亩产600公斤每亩。", ("600公斤每亩", 600.0, "公斤/亩", "mass")),
        ("门诊量日均3万人次/天。", ("3万人次/天", 30000.0, "人次/天", None)),
        ("增速为12.5%/年。", ("12.5%", 12.5, "%", "percent")),  # a share per year stays a share
    ],
)
def test_a_unit_per_another_unit_is_one_rate(text: str, expected: tuple) -> None:
    (got,) = _rows(text)
    assert (got["text"], got["value"], got["unit"], got["dimension"]) == expected


def _measure_head_rows() -> list[dict]:
    from analysis.lang.tables import zh_table
    from analysis.quantities.vocab import _CUES

    return [r for r in zh_table("indicator_cues.tsv", _CUES) if r["role"] == "measure_head"]


@pytest.mark.parametrize("row", _measure_head_rows(), ids=lambda r: r["word"])
def test_a_verb_before_a_measure_head_stays_in_the_indicator(row: dict) -> None:
    """城镇登记[失业]人数3.2万人: verb + 人数 is one compound noun, the indicator keeps both."""
    from analysis.tokens import segment

    (got,) = _rows(row["example"])
    words = [t for t in segment(row["example"]) if t.text == row["word"]]
    verb = next(t for t in segment(row["example"]) if t.end == words[0].start)
    assert got["indicator"].endswith(verb.text + row["word"]), (row["example"], got["indicator"])


@pytest.mark.parametrize(
    ("text", "indicator"),
    [("优良天数比例为88%", "优良天数比例"), ("细颗粒物浓度为35微克/立方米", "细颗粒物浓度")],
)
def test_a_status_word_or_one_character_adjective_opens_the_phrase(text: str, indicator: str):
    assert _rows(text)[0]["indicator"] == indicator


def test_a_deictic_word_drops_a_lone_one_only() -> None:
    """上一届 is the previous one; 世界上八十六个城市 still counts 86 cities."""
    assert [r["text"] for r in _rows("全省已与世界上八十六个城市结好，比上一届多五个")] == [
        "八十六个",
        "五个",
    ]
