"""``analysis.textrank`` is jieba's TextRank over our tokens: jieba's own class, fed the same
tokens and tags, is the reference (same words, same weights, same order)."""

from __future__ import annotations

import jieba.analyse
import jieba.posseg
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import frequency as fq
from analysis.textrank import cooccurrences, rank, textrank
from analysis.tokens import Token, dictionary_tag, segment, stopword_set


class _Given:
    """A postokenizer for jieba's TextRank that yields the given tokens as posseg pairs."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens

    def cut(self, text: str):
        return iter([jieba.posseg.pair(t.text, t.pos) for t in self.tokens])


def jieba_textrank(tokens: list[Token], top, allow, stopwords) -> list[tuple[str, float]]:
    extractor = jieba.analyse.TextRank()
    extractor.tokenizer = extractor.postokenizer = _Given(tokens)
    extractor.stop_words = set(stopwords)
    return extractor.textrank("", topK=top, withWeight=True, allowPOS=tuple(allow))


WORDS = ["闽宁", "协作", "宁夏", "福建", "产业", "发展", "的", "，", "扶贫", "A股", " 村 ", "Ab"]
TAGS = ["n", "v", "vn", "ns", "nz", "x", "uj", "eng"]
TOKENS = st.lists(
    st.builds(lambda w, p: Token(w, p, 0, 0), st.sampled_from(WORDS), st.sampled_from(TAGS)),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(
    TOKENS,
    st.sampled_from([None, 1, 3, 10]),
    st.sampled_from([("n", "v", "vn", "ns"), fq.TEXTRANK_POS, ("n",)]),
    st.sampled_from([(), ("发展",), ("ab", "扶贫")]),
)
def test_the_same_keywords_and_weights_as_jiebas_textrank(tokens, top, allow, stopwords) -> None:
    expected = jieba_textrank(tokens, top, allow, stopwords)
    assert textrank(tokens, top=top, allow_pos=allow, stopwords=stopwords) == expected


def test_the_same_as_jieba_on_the_seed(seed_doc) -> None:
    for article in seed_doc.articles:
        tokens = segment(article.text)
        expected = jieba_textrank(tokens, 10, fq.TEXTRANK_POS, stopword_set())
        assert textrank(tokens, allow_pos=fq.TEXTRANK_POS, stopwords=stopword_set()) == expected


def test_jiebas_english_stopwords_cannot_pass_the_tag_filter() -> None:
    """jieba's extractor also drops ~30 English stopwords; ours need not: none of them is ever
    tagged with a TextRank tag (or our stopword list has it), so the keywords are the same."""
    for word in jieba.analyse.TextRank.STOP_WORDS:
        tags = {
            dictionary_tag(word),
            *(t.pos for t in segment(f"我们{word}发展") if t.text == word),
        }
        assert word in stopword_set() or not tags & set(fq.TEXTRANK_POS), word


def test_links_and_ranks_by_hand() -> None:
    toks = [
        Token(w, p, 0, 0) for w, p in [("产业", "n"), ("，", "x"), ("发展", "v"), ("产业", "n")]
    ]
    links = cooccurrences(toks, allow_pos=("n", "v"))
    assert links == {("产业", "发展"): 1, ("产业", "产业"): 1, ("发展", "产业"): 1}
    weights = rank(links)
    assert list(weights) == ["产业", "发展"] and weights["产业"] == 1.0
    # 产业 links to itself twice (both directions) and to 发展 once: out sums 3 and 2
    assert round(weights["发展"], 6) == 0.519787  # after ten passes, scaled by 产业's
    assert rank({}) == {} and textrank([]) == []


def test_seed_keywords_per_article(seed_doc) -> None:
    """Ranked over ``segment`` (before: over jieba's posseg): the same ten words per article,
    a few neighbours swapped (产业/生态, 总书记/闽宁 in article 1)."""
    top = [fq.textrank_keywords(a.text, top=10)["term"].tolist() for a in seed_doc.articles]
    assert top == [
        ["宁夏", "发展", "习近平", "闽宁协作", "协作", "福建", "生态", "产业", "闽宁", "总书记"],
        [
            "东西部协作",
            "闽宁协作",
            "习近平",
            "产业",
            "发展",
            "融合",
            "总书记",
            "红色",
            "农业",
            "推动",
        ],
    ]
    first = fq.textrank_keywords(seed_doc.articles[0].text, top=3)
    assert first["weight"].tolist() == [1.0, 0.76691, 0.709471]
