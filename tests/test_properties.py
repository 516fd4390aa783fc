"""Property tests: the loader never crashes and its offsets always point into the raw text."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis.reading import TextFileError
from analysis.sentences import split_sentences

ALPHABET = st.sampled_from(
    [
        *list("闽宁协作西海固的了在是社会习近平（）()一二三，。！？；：“”‘’… \n\n의の,.;"),
        "（一）\n",
        "○新华社记者\n",
        "（新华社北京6月17日电）\n",
        "——副标题\n",
        "\n\n",
    ]
)
TEXTS = st.lists(ALPHABET, max_size=120).map("".join) | st.text(max_size=200)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_loader_never_crashes_and_offsets_are_valid(text: str) -> None:
    try:
        doc = analysis.document_from_text(text)
    except TextFileError:
        assert not text.strip()
        return
    n = len(text)
    for row in doc.corrections.itertuples():
        assert 0 <= row.raw_start <= row.raw_end <= n
        assert text[row.raw_start : row.raw_end] == row.before
    for art in doc.articles:
        for sent in art.sentences:
            assert sent.text.strip()
            for s, e in sent.raw_spans:
                assert 0 <= s <= e <= n
    again = analysis.document_from_text(text)
    assert again.text == doc.text
    assert again.corrections.equals(doc.corrections)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_sentences_tile_the_text(text: str) -> None:
    spans = split_sentences(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())
