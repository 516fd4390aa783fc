"""Tokenizing: domain terms whole, stopwords out, offsets back to the raw file, engines agree."""

from __future__ import annotations

from collections import Counter

import jieba
import pytest

from analysis.tokens import segment, token_table, tokenize, tokenize_with_offsets

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
    assert len(table) == 3080
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
    assert dict(top)["闽宁协作"] == 31  # body sentences; the 32nd is in the title


def test_engines_agree_on_the_seed(seed_doc) -> None:
    reference = [t.text for t in segment(seed_doc.text)]
    fast = [t.text for t in segment(seed_doc.text, engine="rjieba")]
    assert fast == reference
    assert len(reference) == 5467


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown engine 'spacy'"):
        segment("文本", engine="spacy")
