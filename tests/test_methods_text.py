"""Specification of KWIC, n-gram clusters, dictionaries and name variants on short texts
written for the tests (tests/data/methods/) and on hand-built token tables."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis import codebook as D
from analysis.kwic import kwic
from analysis.ngrams import ngrams
from analysis.scoring import hits_in_context, score_dictionary
from analysis.variants import apply_variants, compound_counts, read_variants, variants_from_pairs

DATA = Path(__file__).parent / "data" / "methods"


@pytest.fixture(scope="module")
def report() -> analysis.Document:
    return analysis.load(DATA / "cooperation_report.txt")


@pytest.fixture(scope="module")
def corpus() -> analysis.Corpus:
    return analysis.load_corpus([DATA / "cooperation_report.txt", DATA / "ecology_notice.txt"])


# --- KWIC -----------------------------------------------------------------------------------------


def test_kwic_token_mode_finds_the_token_not_the_compound(report) -> None:
    lines = kwic(report, "协作", window=5)
    # 协作 alone: twice in the lead, once in （三）; never inside 东西部协作 (one token)
    assert lines[["sentence", "left", "match", "right"]].values.tolist() == [
        [0, "协作，完善", "协作", "机制，拓展"],
        [0, "机制，拓展", "协作", "领域。"],
        [6, "要健全", "协作", "机制，加大"],
    ]
    assert all(
        report.raw[s:e] == "协作" for s, e in zip(lines.raw_start, lines.raw_end, strict=True)
    )
    assert lines.attrs == {"pattern": "协作", "mode": "token", "window": 5,
                           "window_unit": "chars", "sort": "position"}  # fmt: skip


def test_kwic_sorts_by_left_and_right_context(report) -> None:
    left = kwic(report, "协作", window=5, sort="left")
    # nearest character first: 全 (要健全) < 善 (完善) < 展 (拓展)
    assert left["raw_start"].tolist() == [211, 43, 50]
    right = kwic(report, "协作", window=5, sort="right")
    assert right["right"].tolist() == ["机制，加大", "机制，拓展", "领域。"]


def test_kwic_phrase_and_regex(report) -> None:
    phrase = kwic(report, "东西部 协作", mode="phrase")
    assert phrase["match"].tolist() == ["东西部协作"] * 4
    assert phrase["sentence"].tolist() == [-1, 0, 5, 6]  # the title (-1) first
    regex = kwic(report, "(产业|劳务)协作", mode="regex", window=3, window_unit="tokens")
    assert regex[["left", "match", "right"]].values.tolist() == [
        ["", "产业协作", "带动当地群众"],
        ["当地群众就业，", "劳务协作", "帮助农民工稳定"],
    ]
    assert regex[["raw_start", "raw_end"]].values.tolist() == [[88, 92], [101, 105]]
    # a phrase must start and end on token boundaries: 部协 is inside the token 东西部协作
    assert kwic(report, "部协", mode="phrase").empty


def test_kwic_keeps_raw_offsets_through_repairs() -> None:
    doc = analysis.document_from_text("今年以来，两地持续深化东西部 协作，成效明显。")
    lines = kwic(doc, "东西部协作", mode="phrase")
    assert lines["match"].tolist() == ["东西部协作"]
    row = lines.iloc[0]
    assert doc.raw[row.raw_start : row.raw_end] == "东西部 协作"  # as scraped, space and all


def test_kwic_rejects_bad_patterns(report) -> None:
    with pytest.raises(ValueError, match="bad regular expression"):
        kwic(report, "协作(", mode="regex")
    with pytest.raises(ValueError, match="mode"):
        kwic(report, "协作", mode="fuzzy")
    assert list(kwic(report, "不存在的词").columns)[4:7] == ["left", "match", "right"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(list("协作机制资金投入发展，。；")), min_size=1, max_size=60),
    st.sampled_from(["协作", "资金", "[协资]"]),
    st.sampled_from(["position", "left", "right"]),
)
def test_kwic_lines_are_the_regex_matches(chars, pattern, sort) -> None:
    text = "".join(chars)
    try:
        doc = analysis.document_from_text(text)
    except analysis.TextFileError:
        return
    lines = kwic(doc, pattern, mode="regex", window=3, sort=sort)
    sentences = [s.text for a in doc.articles for s in a.sentences]
    assert len(lines) == sum(len(re.findall(pattern, s)) for s in sentences)
    for row in lines.itertuples():
        assert sentences[row.sentence][row.start : row.end] == row.match
        assert len(row.left) <= 3 and len(row.right) <= 3


# --- n-gram clusters ------------------------------------------------------------------------------


def hand_table() -> pd.DataFrame:
    """Two sections; sentence 1 has a gap (a removed stopword) between 资金 and 投入."""
    rows = [
        (0, 0, "完善", 0), (0, 0, "协作", 2), (0, 0, "机制", 4),
        (0, 1, "资金", 0), (0, 1, "投入", 3), (0, 1, "协作", 5), (0, 1, "机制", 7),
        (1, 2, "完善", 0), (1, 2, "协作", 2), (1, 2, "机制", 4),
    ]  # fmt: skip
    return pd.DataFrame(
        [("d", 0, sec, s, tok, start, start + len(tok), 100 * s + start)
         for sec, s, tok, start in rows],
        columns=["doc", "article", "section", "sentence", "token", "start", "end", "raw_start"],
    )  # fmt: skip


def test_ngram_counts_range_and_contiguity() -> None:
    out = ngrams(hand_table(), n=(2, 3), min_count=1)
    got = {r.ngram: (r.n, r.count, r.range, r.first_raw_start) for r in out.itertuples()}
    assert got == {
        "协作 机制": (2, 3, 2, 2),
        "完善 协作 机制": (3, 2, 2, 0),
        "完善 协作": (2, 2, 2, 0),
        "投入 协作": (2, 1, 1, 103),
        "投入 协作 机制": (3, 1, 1, 103),
    }  # 资金|投入 has a gap: no cluster crosses it; none crosses a sentence end
    assert out["ngram"].tolist()[:2] == ["协作 机制", "完善 协作 机制"]  # count, then longer first
    assert out.loc[0, "range_share"] == 1.0
    loose = ngrams(hand_table(), n=2, min_count=1, contiguous=False)
    assert "资金 投入" in set(loose["ngram"])
    assert ngrams(hand_table(), min_count=3)["ngram"].tolist() == ["协作 机制"]


def test_ngrams_on_a_text_with_stopwords_kept(report) -> None:
    out = ngrams(analysis.token_table(report, stopwords=False), min_count=2)
    assert out[["ngram", "count", "range"]].values.tolist() == [["协作 机制", 2, 2]]
    with pytest.raises(ValueError, match="unit"):
        ngrams(hand_table(), unit="page")


# --- dictionaries and scoring --------------------------------------------------------------------


def test_yaml_and_csv_code_books_read_the_same_entries() -> None:
    csv_book = D.read_dictionary(DATA / "instruments.csv")
    yaml_book = D.read_dictionary(DATA / "instruments.yaml")

    def shape(book):
        return {c: [(e.text, e.kind, e.tokens) for e in es] for c, es in book.categories.items()}

    assert shape(csv_book) == shape(yaml_book)
    assert shape(csv_book)["ecology"] == [("生态 保护", "phrase", ("生态", "保护")),
                                          ("生态", "word", ("生态",))]  # fmt: skip
    assert yaml_book.name == "test instruments"
    assert [e.line for e in csv_book.categories["supply"]] == [3, 4, 5]


def test_scores_per_document(corpus) -> None:
    scores = score_dictionary(corpus, DATA / "instruments.csv")
    counts = scores.counts.set_index(["doc", "category"])["count"].to_dict()
    assert counts == {
        # 资金 + 资金投入; 机制 ×2 + 制度; no 生态; 东西部协作 ×4 (one in the title), 协作 ×3,
        # 产业协作, 劳务协作
        ("cooperation_report.txt", "supply"): 2, ("cooperation_report.txt", "environment"): 3,
        ("cooperation_report.txt", "ecology"): 0, ("cooperation_report.txt", "cooperation"): 9,
        # 专项资金 (glob) + 资金投入; 机制 + 制度; 生态保护 ×3 (phrase; one in the title)
        # + 生态 ×2; 协作
        ("ecology_notice.txt", "supply"): 2, ("ecology_notice.txt", "environment"): 2,
        ("ecology_notice.txt", "ecology"): 5, ("ecology_notice.txt", "cooperation"): 1,
    }  # fmt: skip
    first = scores.counts.iloc[0]
    assert first["tokens"] == 67 and first["per_1k"] == round(2 / 67 * 1000, 4)  # title too
    assert scores.counts["count"].sum() == len(scores.hits) == 24
    ecology = scores.hits[scores.hits["category"] == "ecology"]
    assert ecology["matched"].tolist() == ["生态保护", "生态", "生态", "生态保护", "生态保护"]
    doc = corpus[1]
    for row in scores.hits[scores.hits["doc"] == "ecology_notice.txt"].itertuples():
        assert doc.raw[row.raw_start : row.raw_end] == row.matched


def test_scores_per_section_and_period_add_up(corpus, report) -> None:
    sections = score_dictionary(report, DATA / "instruments.yaml", by="section")
    coop = sections.counts[sections.counts["category"] == "cooperation"]
    assert coop["count"].tolist() == [4, 2, 1, 2]  # lead (with the title), （一）, （二）, （三）
    assert sections.wide("count").shape == (4, 3 + 4)
    tokens = analysis.token_table(corpus).assign(doc_date="2024-09-12")
    periods = score_dictionary(tokens, DATA / "instruments.csv", by="period")
    assert periods.counts["period"].unique().tolist() == ["2024"]
    assert periods.counts.set_index("category")["count"].to_dict() == {
        "supply": 4,
        "environment": 5,
        "ecology": 5,
        "cooperation": 10,
    }


def test_hits_in_context(report) -> None:
    scores = score_dictionary(report, DATA / "instruments.csv")
    lines = hits_in_context(scores.hits, report, window=4)
    title, first = lines.iloc[0], lines.iloc[1]
    assert (title["left"], title["matched"], title["right"]) == ("", "东西部协作", "结出新硕")
    assert (first["left"], first["matched"], first["right"]) == (
        "持续深化",
        "东西部协作",
        "，完善协",
    )
    assert list(lines.columns[7:10]) == ["left", "matched", "right"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad_regex.csv", "category,entry\nsupply,资金\nsupply,/资金(/\n", "line 3: bad regular"),
        ("twice.csv", "# note\ncategory,entry\nsupply,资金\nsupply,资金\n", "line 4: '资金' twice"),
        ("header.csv", "word,category\n资金,supply\n", "header must start"),
        ("short.csv", "category,entry\nsupply\n", "line 2: expected"),
        ("empty.yaml", "name: x\ncategories:\n  supply: []\n", "line 3: category 'supply'"),
        ("scalar.yaml", "categories: 资金\n", "'categories' must map"),
        ("glob.yaml", "categories:\n  a:\n    - 专项 资金*\n", "line 3: a glob matches one"),
        ("book.txt", "资金\n", "a .yaml, .yml or .csv"),
    ],
)
def test_bad_dictionaries_name_file_and_line(tmp_path, name, text, message) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(D.DictionaryError, match=re.escape(message)) as err:
        D.read_dictionary(path)
    assert name in str(err.value)


def test_the_example_dictionary_loads() -> None:
    book = D.read_dictionary(D.EXAMPLE)
    assert len(book.categories) == 4 and all(book.categories.values())
    assert {e.kind for _, e in book.entries} == {"word", "phrase", "glob", "regex"}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["资金", "投入", "机制", "生态", "保护", "协作"]),
            min_size=1,
            max_size=6,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_counts_always_equal_the_hits(sentences) -> None:
    tokens = pd.DataFrame(
        [("d", 0, 0, i, t) for i, s in enumerate(sentences) for t in s],
        columns=["doc", "article", "section", "sentence", "token"],
    )
    scores = score_dictionary(tokens, DATA / "instruments.csv")
    assert scores.counts["count"].sum() == len(scores.hits)
    # every 生态 is counted once for ecology: as the start of 生态 保护 or as a word
    ecology = scores.counts.set_index("category").loc["ecology", "count"]
    assert ecology == (tokens["token"] == "生态").sum()


# --- name variants and compounds -----------------------------------------------------------------


def test_variants_merge_before_counting() -> None:
    doc = analysis.document_from_text(
        "习近平总书记指出，要深化协作。习近平同志十分关心闽宁对口协作。"
    )
    merged = apply_variants(analysis.token_table(doc, stopwords=False), read_variants())
    assert merged.attrs["merged"] == 3
    rows = merged[merged["original"] != merged["token"]]
    assert rows[["token", "original"]].values.tolist() == [
        ["习近平", "习近平总书记"],
        ["习近平", "习近平同志"],
        ["闽宁协作", "闽宁对口协作"],
    ]
    for r in rows.itertuples():
        assert doc.raw[r.raw_start : r.raw_end] == r.original
    assert (merged["token"] == "习近平").sum() == 2 and "总书记" not in set(merged["token"])
    # the content table has dropped the stopword 同志: that variant is already plain 习近平
    content = apply_variants(analysis.token_table(doc), read_variants())
    assert content.attrs["merged"] == 2 and (content["token"] == "习近平").sum() == 2


def test_variant_tables_are_validated(tmp_path) -> None:
    path = tmp_path / "names.csv"
    path.write_text(
        "canonical,variant\n国务院,中华人民共和国国务院\n国务院,中华人民共和国国务院\n",
        encoding="utf-8",
    )
    with pytest.raises(D.DictionaryError, match=r"line 3: variant .* already on line 2"):
        read_variants(path)
    with pytest.raises(D.DictionaryError, match="a variant is a word or phrase"):
        variants_from_pairs([(1, ["国务院", "国务*"])])


def test_compounds_beside_their_components() -> None:
    tokens = pd.DataFrame({"token": ["闽宁协作", "协作", "东西部协作", "协作", "闽宁协作", "劳务"]})
    out = compound_counts(tokens, components=["协作", "闽宁"])
    assert out.values.tolist() == [
        ["协作", "闽宁协作", 2, 2, 3, 5],
        ["协作", "东西部协作", 1, 2, 3, 5],
        ["闽宁", "闽宁协作", 2, 0, 2, 2],
    ]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["完善", "协作", "机制", "资金"]), min_size=1, max_size=7),
        min_size=1,
        max_size=5,
    )
)
def test_clusters_are_runs_of_one_sentence(sentences) -> None:
    tokens = pd.DataFrame(
        [
            ("d", 0, 0, i, t, 2 * k, 2 * k + 2)
            for i, s in enumerate(sentences)
            for k, t in enumerate(s)
        ],
        columns=["doc", "article", "section", "sentence", "token", "start", "end"],
    )
    out = ngrams(tokens, n=(2, 3), min_count=1)
    bigrams = out[out["n"] == 2]["count"].sum()
    assert bigrams == sum(max(len(s) - 1, 0) for s in sentences)
    joined = [" ".join(s) for s in sentences]
    assert all(any(g in j for j in joined) for g in out["ngram"])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["习近平", "总书记", "同志", "协作", "闽宁", "对口协作"]),
        min_size=1,
        max_size=20,
    )
)
def test_variants_keep_every_character(words) -> None:
    pos = [0]
    for w in words:
        pos.append(pos[-1] + len(w))
    tokens = pd.DataFrame(
        {"doc": "d", "article": 0, "sentence": 0, "token": words, "start": pos[:-1], "end": pos[1:]}
    )
    merged = apply_variants(tokens, read_variants())
    assert "".join(merged["original"]) == "".join(words)  # nothing lost, nothing doubled
    assert (merged["end"] - merged["start"] == merged["original"].str.len()).all()
