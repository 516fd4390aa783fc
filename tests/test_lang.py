"""Language tables: loader and validator, the shared numeral reader, qualifiers, character map."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.chars import mapping, normalise
from analysis.lang import numbers, qualifiers
from analysis.lang.tables import ZH, Column, Schema, TableError, load_table, parse_table

SCHEMA = Schema(
    columns=(Column("word"), Column("n", "int"), Column("rx", "regex", optional=True)),
    unique=(("word",),),
)


def test_parse_table_types_comments_and_line_numbers():
    rows = parse_table(["# note", "word\tn\trx", "", "年初\t1\t年初", "月底\t2"], SCHEMA, "t.tsv")
    assert [(r["word"], r["n"], r["rx"], r["_line"]) for r in rows] == [
        ("年初", 1, "年初", 4),
        ("月底", 2, None, 5),
    ]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["word\tn\trx", "年初\tone"], "t.tsv:2: invalid literal"),
        (
            ["word\tn\trx", "年初\t1", "# c", "年初\t2"],
            "t.tsv:4: duplicate word ('年初',) (first on line 2)",
        ),
        (["word\tn\trx", "年初\t1\t(年"], "t.tsv:2: rx '(年' is not a valid regex"),
        (["word\tn\trx", "年初\t1\t年?"], "t.tsv:2: rx '年?' matches the empty string"),
        (["word\tn"], "t.tsv:1: header ['word', 'n'] — missing ['rx']"),
        (["word\tn\trx", "\t1"], "t.tsv:2: column 'word' is empty"),
        (["word\tn\trx", "a\t1\tb\tc"], "t.tsv:2: 4 cells, header has 3"),
        (["# only a comment"], "t.tsv:1: no header row"),
    ],
)
def test_bad_rows_name_file_and_line(lines, message):
    with pytest.raises(TableError) as err:
        parse_table(lines, SCHEMA, "t.tsv")
    assert str(err.value).startswith(message)


def test_load_table_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(TableError, match=r"nope\.tsv:0: cannot read table"):
        load_table(tmp_path / "nope.tsv", SCHEMA)


def test_every_shipped_table_loads():
    assert len(qualifiers.qualifiers()) >= 30
    assert len(numbers.numeral_chars()) >= 30
    assert len(mapping()) >= 200
    assert sorted(p.name for p in ZH.glob("*.tsv"))[:1]  # tables exist beside the package


@pytest.mark.parametrize(
    ("text", "value", "value_max", "vague"),
    [
        ("1,600", "1600", None, False),
        ("２.５万", "25000", None, False),
        ("一千二百", "1200", None, False),
        ("两", "2", None, False),
        ("兩萬", "20000", None, False),
        ("半", "0.5", None, False),
        ("十几", "10", None, True),
        ("几十", "10", None, True),
        ("数百", "100", None, True),
        ("十几万", "100000", None, True),
        ("二十几万", "200000", None, True),
        ("几百万", "1000000", None, True),
        ("一两", "1", "2", True),
        ("五六十", "50", "60", True),
        ("十五六", "15", "16", True),
        ("3千", "3000", None, False),
        ("贰拾", "20", None, False),
        ("廿三", "23", None, False),
        ("二十万", "200000", None, False),
    ],
)
def test_read_number(text, value, value_max, vague):
    got = numbers.read_number(text)
    assert got is not None
    assert got.value == Decimal(value)
    assert got.value_max == (Decimal(value_max) if value_max else None)
    assert got.vague is vague


@pytest.mark.parametrize("text", ["", "几", "二〇〇八", "年", "1.2.3", "万年"])
def test_read_number_refuses(text):
    assert numbers.read_number(text) is None


def test_read_digits_and_int():
    assert numbers.read_digits("二〇〇八") == 2008
    assert numbers.read_digits("二○○八") == 2008
    assert numbers.read_digits("２００９") == 2009
    assert numbers.read_digits("二十") is None
    assert numbers.read_int("十二") == 12
    assert numbers.read_int("十几") is None
    assert numbers.read_int("2.5") is None


@given(st.text(alphabet="0123456789,.〇零一二三四五六七八九十百千万亿两几数半廿壹拾 ", max_size=12))
def test_read_number_never_crashes(text):
    got = numbers.read_number(text)
    assert got is None or got.value >= 0


@pytest.mark.parametrize(
    ("word", "position", "meaning", "mod"),
    [
        ("约", "before", "about", "APPROX"),
        ("近", "before", "nearly", "LESS_THAN"),
        ("余", "after", "more_than", "MORE_THAN"),
        ("左右", "after_unit", "about", "APPROX"),
        ("以内", "after_unit", "up_to", "EQUAL_OR_LESS"),
        ("至少", "before", "at_least", "EQUAL_OR_MORE"),
        ("初", "edge", "start", "START"),
        ("中旬", "edge", "mid", "MID"),
        ("底", "edge", "end", "END"),
    ],
)
def test_one_qualifier_vocabulary(word, position, meaning, mod):
    assert qualifiers.meaning(word, position) == meaning
    assert qualifiers.timex_mod(word, position) == mod


def test_qualifier_pattern_guards_word_internal_uses():
    import re

    rx = re.compile(qualifiers.pattern("before", "time", "pre") + "三年")
    assert rx.search("附近三年") is None
    assert rx.search("历时近三年")["pre"] == "近"
    assert "上" not in qualifiers.words("before", "time")  # 上 qualifies only quantities (上万人)


def test_normalisation_keeps_length():
    raw = "２０２０年１２月３１日—民國１０９年 臺灣「時間」"
    out = normalise(raw)
    assert len(out) == len(raw)
    assert out == "2020年12月31日-民国109年 台湾「时间」"
    assert normalise("５％", "digit") == "5％"
