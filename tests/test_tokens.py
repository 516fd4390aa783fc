"""Tokenizing: domain terms whole, stopwords out, offsets back to the raw file, engines agree."""

from __future__ import annotations

import gc
from collections import Counter
from unittest.mock import patch

import jieba
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis import token_columns
from analysis.jieba_rules import EXTRA_HAN
from analysis.reading import read_text
from analysis.tokens import (
    TOKEN_COLUMNS,
    cut,
    gc_paused,
    keep_token,
    segment,
    token_table,
    tokenize,
    tokenize_with_offsets,
    verdict_table,
)
from tests.conftest import SEED

DATA = SEED.parents[1] / "tests" / "data"

DOMAIN_TERMS = [
    "闽宁协作",
    "西海固",
    "东西部协作",
    "闽宁镇",
    "对口帮扶",
    "脱贫攻坚",
    "乡村振兴",
    "常态化帮扶",
    "山海情",
    "井窖工程",
]


@pytest.mark.parametrize("term", DOMAIN_TERMS)
def test_domain_terms_come_out_whole(seed_doc, term) -> None:
    tokens = tokenize(seed_doc.text, stopwords=False)
    assert term in tokens


def test_bare_jieba_splits_what_the_user_dictionary_keeps(seed_doc) -> None:
    bare = jieba.lcut(seed_doc.text)
    assert "闽宁协作" not in bare and "东西部协作" not in bare


def test_tokenize_filters_stopwords_punctuation_numbers_and_function_words() -> None:
    assert tokenize("30年来，我们的闽宁协作在西海固取得了成果。") == [
        "闽宁协作",
        "西海固",
        "取得",
        "成果",
    ]
    assert tokenize("30年来，我们的闽宁协作", stopwords=False) == ["年来", "我们", "闽宁协作"]
    assert tokenize("福建对口帮扶宁夏的主战场", pos=("n",)) == ["福建", "宁夏", "主战场"]
    assert tokenize("福建对口帮扶宁夏的主战场", pos=("ns",)) == ["福建", "宁夏"]


def test_offsets_index_the_string() -> None:
    text = "闽宁镇利用当地的绿电资源"
    toks = tokenize_with_offsets(text)
    assert [(t.text, t.pos, t.start, t.end) for t in toks] == [
        ("闽宁镇", "ns", 0, 3),
        ("利用", "n", 3, 5),
        ("绿电", "n", 8, 10),
        ("资源", "n", 10, 12),
    ]
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_token_table_points_into_the_raw_file(seed_doc) -> None:
    table = token_table(seed_doc)
    assert len(table) == 3105  # 3080 body tokens + 25 of the two titles and the subtitle
    assert table.headline.sum() == 25
    assert list(table.columns[:6]) == [
        "doc",
        "article",
        "section",
        "paragraph",
        "sentence",
        "token",
    ]
    raw = seed_doc.raw
    exact = (table.apply(lambda r: raw[r.raw_start : r.raw_end], axis=1) == table.token).mean()
    assert exact > 0.995  # the rest are repaired tokens (越织 from 织越越)
    top = Counter(table.token).most_common(25)
    words = [w for w, _ in top]
    assert "30" not in words and "年来" not in words and "我们" not in words
    assert dict(top)["闽宁协作"] == 32  # 31 in body sentences, 1 in the title (a headline unit)


def test_engines_agree_on_the_seed(seed_doc) -> None:
    reference = [t.text for t in segment(seed_doc.text)]
    fast = [t.text for t in segment(seed_doc.text, engine="rjieba")]
    assert fast == reference
    assert len(reference) == 5467


@pytest.mark.parametrize("path", sorted([SEED, *DATA.glob("*.txt")]), ids=lambda p: p.stem)
def test_engines_agree_on_every_text_we_have(path) -> None:
    raw, _ = read_text(path)
    assert segment(raw, engine="rjieba") == segment(raw, engine="jieba")  # text, tag, offsets
    assert tokenize(raw, engine="rjieba") == tokenize(raw, engine="jieba")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("COVID-19疫情", ["COVID", "-", "19", "疫情"]),  # jieba's rule for Latin runs
        ("0.A级", ["0", ".", "A", "级"]),
        ("增长3.5%", ["增长", "3.5%"]),
        ("𠀀𠀀发展", ["𠀀", "𠀀", "发展"]),  # Extension B: one token per character
        ("\ud800发展", ["\ud800", "发展"]),  # a lone surrogate does not crash jieba-rs
    ],
)
def test_engines_agree_where_jieba_rs_differs_by_default(text, expected) -> None:
    from analysis.tokens import cut

    assert cut(text, engine="jieba") == expected
    assert cut(text, engine="rjieba") == expected


def test_tokenize_is_segment_filtered_by_keep_token(seed_doc) -> None:
    """The cached word-level filter decides exactly as ``keep_token`` does per token."""
    for pos in (None, ("n", "v")):
        expected = [t for t in segment(seed_doc.text) if keep_token(t, pos=pos)]
        assert tokenize_with_offsets(seed_doc.text, pos=pos) == expected
    assert len(tokenize(seed_doc.text)) == 3107
    assert tokenize("我们推动闽宁协作", stopwords={"推动"}) == ["闽宁协作"]
    assert tokenize("我们推动闽宁协作", stopwords=False) == ["我们", "推动", "闽宁协作"]


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown engine 'spacy'"):
        segment("文本", engine="spacy")


def test_dictionary_lookups_need_no_jieba_tokenizer() -> None:
    """``in_dictionary`` reads the tag table: the same words jieba gives a frequency."""
    from analysis.tokens import _jieba, _tag_table, in_dictionary

    freq = _jieba().tokenizer.FREQ
    assert {w for w, f in freq.items() if f} == set(_tag_table())
    assert in_dictionary("闽宁协作") and in_dictionary("发展") and not in_dictionary("闽宁协")


# --- the column-wise token table against the per-token builder it replaced -------------------


def _token_table_per_token(documents, **options) -> pd.DataFrame:
    """The token table as it was built before issue 14: one ``tokenize_with_offsets`` call
    per sentence and one ``raw_span`` lookup per token (the reference of the new builder)."""
    columns: dict[str, list] = {c: [] for c in TOKEN_COLUMNS}
    for doc in documents:
        for art in doc.articles:
            heads = art.headlines
            for k, sent in enumerate([*heads, *art.sentences]):
                toks = tokenize_with_offsets(sent.text, **options)
                for t in toks:
                    rs, re_ = sent.mapped.raw_span(t.start, t.end)
                    row = (doc.doc_id, art.index, sent.section, sent.paragraph, sent.index)
                    values = (*row, t.text, t.pos, t.start, t.end, rs, re_, k < len(heads))
                    for name, value in zip(TOKEN_COLUMNS, values, strict=True):
                        columns[name].append(value)
    return pd.DataFrame(columns, columns=TOKEN_COLUMNS)


# Joined Latin/digit runs (jieba's rule splits some), an Extension B ideograph, a repaired
# doubled character and a line that is a title: the paths of the builder that are not common.
MIXED = (
    "5G+工业互联网发展报告\n"
    "新华社北京6月3日电 今年COVID-19疫情后，A-1地块的𠀀字碑附近，增长12.98%。\n"
    "网络织越越密，C++和AT&T的工程师说：“好。”\n"
)


@pytest.mark.parametrize(
    "path", sorted([SEED, *DATA.glob("*.txt"), *DATA.glob("layouts/*.txt")]), ids=lambda p: p.stem
)
def test_token_table_equals_the_per_token_builder(path) -> None:
    doc = analysis.load(path)
    for options in ({}, {"pos": ("n", "v")}, {"stopwords": False}, {"stopwords": {"发展"}}):
        expected = _token_table_per_token([doc], **options)
        pd.testing.assert_frame_equal(token_table(doc, **options), expected)


def test_token_table_of_several_documents_and_of_none(seed_doc) -> None:
    mixed = analysis.document_from_text(MIXED, path="mixed.txt")
    docs = [seed_doc, mixed, seed_doc]
    table = token_table(docs)
    pd.testing.assert_frame_equal(table, _token_table_per_token(docs))
    with patch.object(token_columns, "_BATCH_CHARS", len(seed_doc.raw)):  # two runs
        assert list(token_columns._batches(docs)) == [range(0, 1), range(1, 3)]
        pd.testing.assert_frame_equal(token_table(docs), table)
    mine = table[table.doc == "mixed"]
    assert mine.token.tolist() == [
        *["5G", "工业", "互联网", "发展", "报告"],  # the title: headline tokens, sentence -1
        *["今年", "COVID", "疫情", "A", "地块", "𠀀", "字碑", "附近", "增长"],
        *["网络", "越织", "越密", "C++", "AT&T", "工程师"],
    ]
    assert mine.headline.sum() == 5 and mine.sentence.tolist()[4:6] == [-1, 0]
    repaired = mine[mine.token == "越织"].iloc[0]  # 织越 in the raw text, repaired
    assert (repaired.start, repaired.end, repaired.raw_start, repaired.raw_end) == (2, 4, 62, 64)
    assert MIXED[repaired.raw_start : repaired.raw_end] == "织越"
    pd.testing.assert_frame_equal(token_table([]), _token_table_per_token([]))
    assert token_table([]).columns.tolist() == TOKEN_COLUMNS


def test_token_table_keeps_doc_ids_of_other_types() -> None:
    """A corpus source may give ids that are not strings: the column is what pandas makes of
    them, as the reference's."""
    docs = [analysis.document_from_text(MIXED, path="a.txt") for _ in range(2)]
    docs[0].id, docs[1].id = 7, 8
    table = token_table(docs)
    pd.testing.assert_frame_equal(table, _token_table_per_token(docs))
    assert table.doc.dtype == "int64" and table.doc.unique().tolist() == [7, 8]


_PAGES = st.lists(
    st.text(alphabet="闽宁协作发展的了好0.A-_%𠀀 ，。abcCOVID19", max_size=12),
    min_size=1,
    max_size=4,
).map("\n".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PAGES.filter(str.strip), max_size=4), st.sampled_from([{}, {"pos": ("n",)}]))
def test_token_table_equals_the_per_token_builder_on_any_documents(pages, options) -> None:
    """Several documents at once (or none; some without a content token; joined runs that
    jieba splits): the word-id builder gives the reference's table, dtypes included."""
    docs = [analysis.document_from_text(page, path=f"d{k}.txt") for k, page in enumerate(pages)]
    expected = _token_table_per_token(docs, **options)
    pd.testing.assert_frame_equal(token_table(docs, **options), expected)
    with patch.object(token_columns, "_BATCH_CHARS", 10):  # runs of one or two documents
        pd.testing.assert_frame_equal(token_table(docs, **options), expected)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="闽宁协作发展好好0.A-_%𠀀㐀 \r，。abc", min_size=1), max_size=6))
def test_a_line_break_ends_every_word(units: list[str]) -> None:
    """Why one cut per document gives each sentence its own tokens: cutting the units joined
    by line breaks gives each unit's tokens, with the line break a token of its own."""
    for engine in ("jieba", "rjieba"):
        alone = cut(units[0], engine=engine) if units else []
        for unit in units[1:]:
            alone += ["\n", *cut(unit, engine=engine)]
        joined = cut("\n".join(units), engine=engine)
        if any(u.endswith("\r") for u in units[:-1]):  # \r\n is one whitespace token
            assert "".join(joined) == "".join(alone)
            continue
        assert joined == alone


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="闽宁协作发展COVID-19.5%+#&_ A3b，。𠀀㐀\ud800", max_size=40))
def test_tokenize_decides_as_keep_token_on_joined_runs(text: str) -> None:
    """The fast path (jieba's rules for joined runs and for the ideographs only jieba-rs
    calls Han applied only when a word needs them, lone surrogates included) keeps exactly
    the tokens ``keep_token`` keeps among ``segment``'s, with a warm memo as with a cold one."""
    expected = [t for t in segment(text) if keep_token(t)]
    for _ in range(2):
        assert tokenize_with_offsets(text) == expected
        assert tokenize(text) == [t.text for t in expected]
    assert not any(EXTRA_HAN.search(w) for w in verdict_table(True, None, "rjieba"))


@pytest.mark.parametrize("repeat", [1, 40])  # short texts and long ones take two routes
def test_segment_offsets_on_short_and_long_texts(repeat: int) -> None:
    text = "闽宁镇利用当地的绿电资源。" * repeat
    tokens = segment(text)
    assert [(t.text, t.pos, t.start, t.end) for t in tokens[:3]] == [
        ("闽宁镇", "ns", 0, 3),
        ("利用", "n", 3, 5),
        ("当地", "s", 5, 7),
    ]
    assert len(tokens) == 7 * repeat and tokens[-1] == ("。", "x", 13 * repeat - 1, 13 * repeat)
    assert all(type(t).__name__ == "Token" and text[t.start : t.end] == t.text for t in tokens)
    assert segment("") == [] and tokenize("") == [] and tokenize_with_offsets("") == []


def test_gc_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _spans_by_reduceat(char_starts, char_ends, first, stop):
    """The raw spans as the builder first read them: one ``reduceat`` over every token
    (the reference of ``spans_of``)."""
    pad = np.zeros(1, dtype=char_starts.dtype)
    bounds = np.empty(2 * len(first), dtype=np.int64)
    bounds[0::2], bounds[1::2] = first, stop
    starts = np.minimum.reduceat(np.concatenate([char_starts, pad]), bounds)[0::2]
    ends = np.maximum.reduceat(np.concatenate([char_ends, pad]), bounds)[0::2]
    return starts.astype(np.int64), ends.astype(np.int64)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 3)), min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 29), st.integers(1, 6)), min_size=1, max_size=20),
)
def test_raw_spans_by_gathers_equal_reduceat(chars, ranges) -> None:
    """Characters whose raw offsets run forward, step back (a reordering repair) or repeat:
    the gathers with a ``reduceat`` only where a range steps back give the reference's."""
    char_starts = np.array([s for s, _ in chars], dtype=np.int32)
    char_ends = np.array([s + w for s, w in chars], dtype=np.int32)
    n = len(chars)
    first = np.array([min(f, n - 1) for f, _ in ranges], dtype=np.int64)
    stop = np.minimum(first + np.array([w for _, w in ranges]), n)
    got = token_columns.spans_of(char_starts, char_ends, first, stop)
    want = _spans_by_reduceat(char_starts, char_ends, first, stop)
    assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()
    assert got[0].dtype == got[1].dtype == np.int64


def test_jieba_tags_are_the_table_jieba_posseg_reads() -> None:
    """The split of ``dict.txt`` gives jieba.posseg's own table, entry for entry."""
    import jieba.posseg

    from analysis.tokens import jieba_tags

    assert jieba_tags() == jieba.posseg.dt.word_tag_tab
    assert len(jieba_tags()) == 349045


def _jieba_reader(path):
    import jieba.posseg

    reader = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    reader.load_word_tag(path.open("rb"))
    return reader.word_tag_tab


_WORD = st.text(alphabet="闽宁协作西海固abc1", min_size=1, max_size=4)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(_WORD, st.integers(1, 999), st.sampled_from(["n", "v", "ns"])), max_size=8),
    st.sampled_from(["\n", "\r\n", "\n\n"]),
)
def test_jieba_tags_parse_like_jieba_on_any_dictionary(tmp_path_factory, entries, eol) -> None:
    """jieba's line reader is the reference: the same table (later lines win), blank lines
    and Windows line ends included."""
    from analysis.tokens import jieba_tags

    path = tmp_path_factory.mktemp("dict") / "dict.txt"
    path.write_bytes(eol.join(f"{w} {f} {t}" for w, f, t in entries).encode("utf-8"))
    assert jieba_tags(path) == _jieba_reader(path)


def test_jieba_tags_a_bad_line_is_named(tmp_path) -> None:
    from analysis.tokens import jieba_tags

    path = tmp_path / "dict.txt"
    path.write_text("闽宁 3 ns\n西海固 5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="at Line 2: 西海固 5"):
        jieba_tags(path)


def test_the_engine_is_rjiebas_class_without_its_default_tokenizer() -> None:
    """``rjieba/__init__.py`` (a default tokenizer of the whole dictionary) does not run for
    the project's engine; the cuts are those of the class imported as usual, and a later
    ``import rjieba`` still works in the same process."""
    import subprocess
    import sys

    text = "闽宁协作三十年来，西海固地区累计搬迁群众，新建移民村镇。"
    ours = (
        "import sys, analysis.tokens as t\n"
        f"words = t._rjieba().cut({text!r}, False)\n"
        "assert 'rjieba' not in sys.modules\n"
        "import rjieba\n"
        "assert rjieba.Jieba is sys.modules['rjieba.rjieba'].Jieba\n"
        "print('|'.join(words))"
    )
    theirs = (
        "import rjieba, analysis.tokens as t\n"
        "engine = rjieba.Jieba()\n"
        "for w, f, p in t._pack_entries():\n"
        "    engine.add_word(w, f, p)\n"
        f"print('|'.join(engine.cut({text!r}, False)))"
    )

    def run(code: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout

    assert run(ours) == run(theirs) and "闽宁协作" in run(ours)
