"""Tags read word by word from the SQLite copy of jieba's dictionary are the whole table's:
for every word of the dictionary and for words it lacks, in one process or a forked one, in
bulk, and where no copy can be written or the copy is damaged."""

from __future__ import annotations

import multiprocessing
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import tag_lookup, tokens

NOT_WORDS = [
    "闽宁协",
    "",
    "x" * 40,
    "森林覆盖率提升",
    "ﾃｽﾄ",
    "\x00",
    "2026年",
    "\ud800",
    "发\udfff",
]


@pytest.fixture(scope="module")
def whole() -> dict[str, str]:
    return tokens.jieba_tags()


@pytest.fixture
def lookup(tmp_path, monkeypatch, whole) -> tag_lookup.TagLookup:
    monkeypatch.setattr(tag_lookup, "CACHE_DIR", tmp_path / "tag_table")
    return tag_lookup.TagLookup(tokens._dictionary_file(), lambda: whole)


def test_every_word_of_the_dictionary_has_the_whole_table_s_tag(lookup, whole, monkeypatch):
    monkeypatch.setattr(tag_lookup, "BULK", 10**7)
    assert lookup.get("发展") == whole["发展"]  # the copy is made (from the whole table)
    lookup = tag_lookup.TagLookup(tokens._dictionary_file(), lambda: whole)  # a later process
    assert lookup.get_many(set(whole)) == whole
    assert lookup._table is None and len(list(tag_lookup.CACHE_DIR.glob("*.sqlite"))) == 1
    sample = list(whole)[::997]
    assert [lookup.get(w) for w in sample] == [whole[w] for w in sample]
    assert [lookup.get(w) for w in NOT_WORDS] == [None] * len(NOT_WORDS)
    assert lookup.get_many(set(NOT_WORDS) | {"发展"}) == {"发展": whole["发展"]}


def test_many_lookups_switch_to_the_whole_table(lookup, whole, monkeypatch):
    monkeypatch.setattr(tag_lookup, "BULK", 50)
    assert lookup.get("发展") == whole["发展"]  # the copy is made
    lookup = tag_lookup.TagLookup(tokens._dictionary_file(), dict)  # a later process
    lookup._full = lambda: whole
    words = list(whole)[:200]
    assert [lookup.get(w) for w in words] == [whole[w] for w in words]
    assert lookup._table is whole


def test_without_a_writable_folder_the_whole_table_answers(tmp_path, monkeypatch, whole):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    monkeypatch.setattr(tag_lookup, "CACHE_DIR", blocker / "tag_table")
    lookup = tag_lookup.TagLookup(tokens._dictionary_file(), lambda: whole)
    assert lookup.get("发展") == whole["发展"] and lookup.get("闽宁协") is None
    assert lookup._table is whole


def test_a_damaged_copy_is_removed_and_the_whole_table_answers(lookup, whole):
    assert lookup.get("发展") == whole["发展"]  # the copy is made
    (copy,) = tag_lookup.CACHE_DIR.glob("*.sqlite")
    copy.write_bytes(b"not a database" * 100)
    fresh = tag_lookup.TagLookup(tokens._dictionary_file(), lambda: whole)
    assert fresh.get("福建") == whole["福建"] and fresh.get("闽宁协") is None
    assert fresh._table is whole and not copy.exists()
    again = tag_lookup.TagLookup(tokens._dictionary_file(), lambda: whole)
    assert again.get("福建") == whole["福建"] and copy.exists()  # remade
    third = tag_lookup.TagLookup(tokens._dictionary_file(), lambda: whole)
    assert third.get("福建") == whole["福建"] and third._table is None  # read


def test_another_dictionary_file_gets_its_own_copy(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tag_lookup, "CACHE_DIR", tmp_path / "tag_table")
    source = tmp_path / "dict.txt"
    source.write_text("协作 10 vn\n闽宁 5 ns\n", encoding="utf-8")
    first = tag_lookup.TagLookup(source, lambda: tokens.jieba_tags(source))
    assert (first.get("闽宁"), first.get("协作"), first.get("发展")) == ("ns", "vn", None)
    source.write_text("协作 10 v\n", encoding="utf-8")
    os.utime(source, ns=(10**18, 10**18))
    second = tag_lookup.TagLookup(source, lambda: tokens.jieba_tags(source))
    assert (second.get("协作"), second.get("闽宁")) == ("v", None)
    assert len(list((tmp_path / "tag_table").glob("*.sqlite"))) == 1  # the first removed


def _child_tags(lookup: tag_lookup.TagLookup, words: list[str], out) -> None:
    out.put([lookup.get(w) for w in words] + [lookup._pid == os.getpid()])


def test_a_forked_process_opens_its_own_connection(lookup, whole) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    words = ["发展", "闽宁协", "福建", "就业"]
    assert lookup.get("发展") == whole["发展"]  # the copy is made
    lookup = tag_lookup.TagLookup(tokens._dictionary_file(), lambda: whole)
    assert lookup.get("福建") == whole["福建"] and lookup._db is not None  # the parent's open
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_child_tags, args=(lookup, words, out))
    child.start()
    got = out.get(timeout=60)
    child.join(timeout=60)
    assert got == [whole.get(w) for w in words] + [True]


_WORDS = sorted(tokens.jieba_tags())


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.sampled_from(_WORDS),
        st.builds(
            lambda w, a, b: w[a:b], st.sampled_from(_WORDS), st.integers(0, 3), st.integers(1, 6)
        ),
        st.text(alphabet="闽宁协作发展就业福建\ud800𠀀", max_size=4),
    )
)
def test_the_tokenizer_s_tags_are_the_merged_table_s(word: str) -> None:
    """``dictionary_tag`` and ``in_dictionary`` read the lookup; the whole merged table (jieba's
    dictionary with the packs over it) is the reference."""
    table = tokens._tag_table()
    assert tokens.in_dictionary(word) == (word in table)
    assert tokens.dictionary_tag(word) == (table.get(word) or tokens._guess_tag(word))
    assert tokens._tags([word, word]) == [tokens.dictionary_tag(word)] * 2


def test_a_copy_damaged_in_its_middle_is_dropped_at_the_first_bad_page(lookup, whole) -> None:
    """A copy that opens and answers 的 but has a damaged page: the lookup that meets it
    answers from the whole table, the copy is removed, and the next process remakes it."""
    assert lookup.get("发展") == whole["发展"]  # the copy is made
    (copy,) = tag_lookup.CACHE_DIR.glob("*.sqlite")
    data = bytearray(copy.read_bytes())
    page = 4096
    for k in range(len(data) // page // 3, 2 * len(data) // page // 3):
        data[k * page + 8 : (k + 1) * page] = b"\xa5" * (page - 8)
    copy.write_bytes(bytes(data))
    fresh = tag_lookup.TagLookup(tokens._dictionary_file(), lambda: whole)
    words = list(whole)[::50]
    assert [fresh.get(w) for w in words] == [whole[w] for w in words]
    assert fresh.get_many(set(words[:600])) == {w: whole[w] for w in words[:600]}
    assert fresh._table is whole and not copy.exists()


def test_a_copy_sqlite_cannot_open_is_kept(lookup, whole, monkeypatch) -> None:
    import sqlite3

    assert lookup.get("发展") == whole["发展"]
    (copy,) = tag_lookup.CACHE_DIR.glob("*.sqlite")

    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    fresh = tag_lookup.TagLookup(tokens._dictionary_file(), lambda: whole)
    assert fresh.get("福建") == whole["福建"] and copy.exists()


def test_a_new_copy_replaces_the_copies_of_other_dictionaries(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tag_lookup, "CACHE_DIR", tmp_path / "tag_table")
    source = tmp_path / "dict.txt"
    for k, tag in enumerate(("ns", "n")):
        source.write_text(f"闽宁 5 {tag}\n", encoding="utf-8")
        os.utime(source, ns=(10**18 + k, 10**18 + k))
        found = tag_lookup.TagLookup(source, lambda: tokens.jieba_tags(source)).get("闽宁")
        assert found == tag and len(list((tmp_path / "tag_table").glob("*.sqlite"))) == 1
    assert not list((tmp_path / "tag_table").glob(".*.tmp"))


def test_words_that_are_not_strings_are_in_no_dictionary(lookup) -> None:
    assert lookup.get(5) is None and lookup.get_many({5, None}) == {}  # type: ignore[arg-type]
    assert tokens.in_dictionary(5) is False  # type: ignore[arg-type]
