"""The wordfreq reference read from ``build/wordfreq_reference/`` is the one filtered in memory:
same counts (in the same order), size and settings; a damaged entry is made again, a folder
that cannot be written only costs time, and the key follows what the filter reads."""

from __future__ import annotations

import json
import math
from importlib import metadata

import numpy as np
import pytest
import wordfreq
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2

from analysis import dictionaries, keyness, keyness_cache
from analysis.tokens import Token, dictionary_tag, keep_token


def reference_implementation(lang: str = "zh", wordlist: str = "best") -> keyness.Reference:
    """``reference_from_wordfreq`` as it was before the cache: the whole list filtered here."""
    props = wordfreq.get_frequency_dict(lang, wordlist=wordlist)
    nominal = 1.0 / min(props.values())
    kept = {w: p for w, p in props.items() if keep_token(Token(w, dictionary_tag(w), 0, 0))}
    share = sum(kept.values())
    return keyness.Reference(
        name=f"wordfreq {metadata.version('wordfreq')} ({lang}, {wordlist})",
        counts={w: p * nominal for w, p in kept.items()},
        size=share * nominal,
        settings={"lang": lang, "wordlist": wordlist, "nominal_size": nominal, "kept": share},
    )


@pytest.fixture(scope="module")
def expected() -> keyness.Reference:
    return reference_implementation()


SMALL = {  # kept, a stopword, punctuation, rare, a number, Traditional, one-character words
    "发展": 0.004,
    "的": 0.03,
    "，": 0.02,
    "闽宁": 1e-6,
    "2024": 1e-5,
    "經濟": 2e-4,
    "村": 3e-5,  # 村 is zg in jieba's dictionary: a one-character function word
    "水": 5e-5,
}


@pytest.fixture
def small(monkeypatch) -> keyness.Reference:
    """wordfreq's list replaced by a few entries (kept, stopword, punctuation, number, ...)."""
    monkeypatch.setattr(wordfreq, "get_frequency_dict", lambda lang, wordlist: dict(SMALL))
    return reference_implementation()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of the test's own; the in-process memo cleared around it."""
    folder = tmp_path / "wordfreq_reference"
    monkeypatch.setattr(keyness_cache, "CACHE_DIR", folder)
    keyness.reference_from_wordfreq.cache_clear()
    yield folder
    keyness.reference_from_wordfreq.cache_clear()


def same(ref: keyness.Reference, expected: keyness.Reference) -> bool:
    return (
        list(ref.counts.items()) == list(expected.counts.items())
        and ref.size == expected.size
        and ref.settings == expected.settings
        and ref.name == expected.name
    )


def test_computed_then_read_references_equal_the_reference_implementation(cache, expected) -> None:
    computed = keyness.reference_from_wordfreq()
    (entry,) = cache.iterdir()
    assert entry.name.startswith("zh-best-") and entry.suffix == ".bin"
    keyness.reference_from_wordfreq.cache_clear()
    read = keyness.reference_from_wordfreq()
    assert same(computed, expected) and same(read, expected)
    assert len(read.counts) == 328_962  # of wordfreq 3.1's 334,609 Chinese entries
    assert read.count("發展") == read.count("发展") > 0 and read.count("的") == 0


def _other_key(data: bytes) -> bytes:
    line, _, payload = data.partition(b"\n")
    head = json.loads(line)
    other = ("1" if head["key"][0] == "0" else "0") + head["key"][1:]  # never the same key
    return json.dumps({**head, "key": other}).encode() + b"\n" + payload


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",  # empty
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of the last word flipped
        lambda data: b"garbage \x00\x01",
        lambda data: b"{}\n" + data.partition(b"\n")[2],  # a header without fields
        _other_key,  # another key's entry under this name
    ],
)
def test_a_damaged_entry_is_made_again(cache, small, damage) -> None:
    expected = small
    assert list(expected.counts) == ["发展", "闽宁", "經濟", "水"]  # what the filter keeps
    keyness.reference_from_wordfreq()
    (entry,) = cache.iterdir()
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    keyness.reference_from_wordfreq.cache_clear()
    assert same(keyness.reference_from_wordfreq(), expected)
    assert entry.read_bytes() == good  # rewritten whole


def test_a_folder_that_cannot_be_written_still_gives_the_reference(
    tmp_path, monkeypatch, small
) -> None:
    expected = small
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(keyness_cache, "CACHE_DIR", blocker / "wordfreq_reference")
    keyness.reference_from_wordfreq.cache_clear()
    try:
        assert same(keyness.reference_from_wordfreq(), expected)
    finally:
        keyness.reference_from_wordfreq.cache_clear()
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_key_follows_the_dictionary_packs_and_the_list() -> None:
    before = dictionaries.active_dictionaries()
    default = keyness_cache.cache_key("zh", "best")
    assert keyness_cache.cache_key("zh", "large") != default
    try:
        dictionaries.use_dictionaries([])
        assert keyness_cache.cache_key("zh", "best") != default
    finally:
        dictionaries.use_dictionaries(list(before))
    assert keyness_cache.cache_key("zh", "best") == default


def test_the_cached_simplifier_is_wordfreqs(cache, small) -> None:
    """Traditional terms are looked up as wordfreq's own ``simplify_chinese`` gives them."""
    from wordfreq.chinese import SIMPLIFIED_MAP, simplify_chinese

    keyness.reference_from_wordfreq()
    keyness.reference_from_wordfreq.cache_clear()
    simplify = keyness.reference_from_wordfreq().normalise  # read from the entry
    assert isinstance(simplify, keyness_cache.Simplifier)
    every = "".join(map(chr, SIMPLIFIED_MAP)) + "發展經濟 COVID-19 Ⅻ ﬁ ß 闽宁協作"
    assert simplify(every) == simplify_chinese(every)
    assert simplify("發展") == "发展" and simplify("ABC") == "abc"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(min_value=-1e-9, max_value=1e4, allow_nan=False),
            st.sampled_from([0.0, -0.0, 3.84, 6.63, 10.83, 1424.98, 1425.0, math.inf]),
        ),
        max_size=30,
    )
)
def test_p_values_are_those_of_scipy_stats_chi2(stats) -> None:
    """The old code's p-values (scipy.stats.chi2.sf with 1 df), kept here as the reference."""
    old = [float(f"{p:.6g}") for p in chi2.sf(np.asarray(stats, float), 1)]
    assert keyness.p_values(np.asarray(stats, float)) == old
