"""The counting path of corpus "frequency" gives the full path's table and problems."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import Item, analyse_corpus
from analysis.corpus.analyses import (
    count_batch,
    died,
    document_term_counts,
    merge,
    reduce_counts,
)
from analysis.corpus.counting import TermCounts, body_text, document_tokens
from analysis.loading import document_from_item
from analysis.tokens import tokenize
from tests.conftest import SEED
from tests.test_faults import CASES

DATA = SEED.parents[1] / "tests" / "data"
# Fault cases of tests/test_faults.py whose inputs are files or rows (no killed workers, no
# cache): each is analysed by both paths.
FAULTS = [
    "jsonl_non_objects",
    "jsonl_invalid_utf8",
    "jsonl_text_not_a_string",
    "csv_saved_as_gbk",
    "csv_row_with_extra_fields",
    "parquet_truncated",
    "empty_binary_and_missing_files",
    "foreign_encodings",
    "size_limit",
    "duplicate_ids",
]


def _full_path(source, **options) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Term frequencies as before issue 14: a ``Document`` per input, a table per document,
    reduced with ``reduce_counts``."""
    run = analyse_corpus(source, document_term_counts, progress=False, **options)
    table = run.table.drop(columns=["doc_id", "doc_date"], errors="ignore")
    return reduce_counts(table), run.problems


def _mixed_items() -> list[Item]:
    """Our own test texts (repairs, several articles, headings, datelines) and a few rows
    with faults of their own: an empty text, a date that is not ISO, text with no words."""
    items = [Item(p.name, str(p), path=str(p)) for p in sorted(DATA.glob("*.txt"))]
    items += [Item(p.name, str(p), path=str(p)) for p in sorted(DATA.glob("layouts/*.txt"))]
    items.append(Item("seed", str(SEED), path=str(SEED)))
    items += [
        Item("blank", "rows", text="  \n\u3000\n"),
        Item("bad-date", "rows", text="今年粮食产量再创新高。", date="2024-13-45"),
        Item("no-words", "rows", text="……！？12345"),
        Item("dotted", "rows", text="他说...我们明年再谈3...5个项目，A...B级。"),
        Item("dated", "rows", text="全年新增就业岗位120万个。", date="2024-06-17"),
    ]
    return items


@pytest.mark.parametrize("workers", [1, 2])
def test_counting_path_equals_the_full_path_on_mixed_texts(workers: int) -> None:
    items = _mixed_items()
    run = analyse_corpus(items, "frequency", workers=workers, batch_size=3, progress=False)
    table, problems = _full_path(items, workers=1)
    pd.testing.assert_frame_equal(run.table, table)
    pd.testing.assert_frame_equal(run.problems, problems)
    assert run.documents == len(items) - 2
    assert run.problems.problem.tolist() == [
        "blank: the text is empty (no text to analyse)",
        "month must be in 1..12",
    ]
    assert table.set_index("term").loc["闽宁协作", "count"] == 31  # body sentences of the seed


def test_dask_engine_folds_the_same_counts() -> None:
    items = _mixed_items()
    local = analyse_corpus(items, "frequency", workers=1, batch_size=3, progress=False)
    dask = analyse_corpus(
        items, "frequency", engine="dask", workers=2, batch_size=3, progress=False
    )
    pd.testing.assert_frame_equal(dask.table, local.table)
    pd.testing.assert_frame_equal(dask.problems, local.problems)


@pytest.mark.parametrize("name", FAULTS)
def test_counting_path_equals_the_full_path_on_faults(name: str, tmp_path: Path) -> None:
    case = CASES[name](tmp_path)
    run = analyse_corpus(case.source, "frequency", workers=1, batch_size=2, progress=False,
                         **case.options)  # fmt: skip
    table, problems = _full_path(case.source, batch_size=2, workers=1, **case.options)
    pd.testing.assert_frame_equal(run.table, table)
    pd.testing.assert_frame_equal(run.problems, problems)
    assert run.documents == len(case.good) and len(run.problems) == len(case.bad)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="闽宁协作发展。！？!?…...”）) \u3000\n好3A-", max_size=60))
def test_document_tokens_are_the_body_sentences_tokens(text: str) -> None:
    """A paragraph is cut whole unless ASCII dots end a sentence in it: same tokens."""
    item = Item("t", "t", text=text)
    try:
        doc = document_from_item(item)
    except ValueError:  # an empty text: the same error on both paths
        with pytest.raises(ValueError, match="empty"):
            document_tokens(item)
        return
    expected = [w for a in doc.articles for s in a.sentences for w in tokenize(s.text)]
    assert document_tokens(item) == expected


def test_a_batch_sends_back_two_counters() -> None:
    items = [Item("a", "x", text="推动闽宁协作。推动乡村振兴。"), Item("b", "x", text="闽宁协作。")]
    result = count_batch([*items, Item("c", "x", problem="binary data")])
    assert isinstance(result.table, TermCounts)
    assert result.table.counts == {"推动": 2, "闽宁协作": 2, "乡村振兴": 1}
    assert result.table.docs == {"推动": 1, "闽宁协作": 2, "乡村振兴": 1}
    assert (result.documents, result.problems) == (
        2,
        [{"source": "x", "id": "c", "problem": "binary data"}],
    )
    frame = result.table.frame()
    assert frame.to_dict("list") == {
        "term": ["推动", "闽宁协作", "乡村振兴"],
        "count": [2, 2, 1],
        "doc_freq": [1, 2, 1],
    }
    pd.testing.assert_frame_equal(TermCounts().frame(), reduce_counts(pd.DataFrame()))


def test_a_batch_split_after_a_dead_worker_merges_its_counts() -> None:
    """What the engines do with a batch that killed its workers: its documents one by one."""
    a, b = Item("a", "x", text="推动闽宁协作。"), Item("b", "x", text="闽宁协作见成效。")
    merged = merge([count_batch([a]), died(Item("k", "x", text="…")), count_batch([b])])
    assert merged.table.counts == {"推动": 1, "闽宁协作": 2, "见成效": 1}
    assert merged.table.docs == {"推动": 1, "闽宁协作": 2, "见成效": 1}
    assert merged.documents == 2 and [p["id"] for p in merged.problems] == ["k"]
    assert merge([died(a)]).table.empty


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(["推动", "闽宁协作", "乡村", "振兴", "发展"]), max_size=8),
             max_size=6)
)  # fmt: skip
def test_batches_fold_as_counter_updates_do(batches: list[list[str]]) -> None:
    """The parent's merge (a loop in C) gives what ``Counter.update`` gives."""
    folded, reference = TermCounts(), (Counter(), Counter())
    for tokens in batches:
        part = TermCounts()
        part.add_document(tokens)
        part.add_document(tokens[::2])
        folded.update(part)
        reference[0].update(part.counts)
        reference[1].update(part.docs)
    assert (folded.counts, folded.docs) == reference
    assert all(type(c) is Counter for c in (folded.counts, folded.docs))
    assert all(v > 0 for v in folded.counts.values())


def test_problems_of_both_passes_keep_the_items_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch is read in one pass and segmented in another: a document the segmenter fails
    on is still reported in its place among the others (the segmenter call under both the
    numbered counting and ``tokenize`` fails)."""
    import analysis.token_filter

    real = analysis.token_filter._quick_words

    def fails_on_b(text: str, engine: str):
        if "乡村" in text:
            raise RuntimeError("segmenter broke")
        return real(text, engine)

    monkeypatch.setattr(analysis.token_filter, "_quick_words", fails_on_b)
    batch = [
        Item("a", "x", problem="binary data"),
        Item("b", "x", text="推动乡村振兴。"),
        Item("c", "x", text="  "),
        Item("d", "x", text="闽宁协作。"),
    ]
    result = count_batch(batch)
    assert result.problems == [
        {"source": "x", "id": "a", "problem": "binary data"},
        {"source": "x", "id": "b", "problem": "analysis failed: RuntimeError: segmenter broke"},
        {"source": "x", "id": "c", "problem": "c: the text is empty (no text to analyse)"},
    ]
    assert (result.documents, result.table.counts) == (1, {"闽宁协作": 1})


@pytest.mark.parametrize("group_chars", [1, 40, 1 << 20])
def test_groups_of_texts_repaired_together_give_each_texts_body(group_chars: int) -> None:
    """Texts are repaired in groups (rule by rule over a group): each body and each error
    is the one ``body_text`` gives for that text alone, however the texts are grouped."""
    from analysis.corpus import counting

    items = _mixed_items()
    alone = []
    for item in items:
        try:
            alone.append(body_text(item))
        except Exception as exc:
            alone.append(f"{type(exc).__name__}: {exc}")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(counting, "GROUP_CHARS", group_chars)
        groups = list(counting.body_groups(items))
    together = [
        b if isinstance(b, str) else f"{type(b).__name__}: {b}" for g in groups for _, b in g
    ]
    assert together == alone
    assert [k for g in groups for k, _ in g] == list(range(len(items)))
    # one character a group: a group per text read (the bad date is not read: it joins the next)
    sizes = {1: len(items) - 1, 40: None, 1 << 20: 1}
    if sizes[group_chars] is not None:
        assert len(groups) == sizes[group_chars]
    else:
        assert 1 < len(groups) < len(items)
    assert "blank: the text is empty (no text to analyse)" in alone[-5]


def test_dictionaries_are_loaded_before_the_workers_are_forked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Forked workers share the parent's dictionaries; spawned ones load their own."""
    import multiprocessing

    from analysis.corpus.engines import warm_before_fork

    calls = []
    monkeypatch.setattr(multiprocessing, "get_start_method", lambda: "fork")
    assert warm_before_fork(lambda: calls.append("warm")) is True
    assert warm_before_fork(None) is False
    monkeypatch.setattr(multiprocessing, "get_start_method", lambda: "spawn")
    assert warm_before_fork(lambda: calls.append("warm")) is False
    assert calls == ["warm"]


def test_warming_runs_the_counting_path_over_the_warm_page() -> None:
    """What the parent runs before forking the workers: the page goes through every stage
    of the counting path (its body counted, title, dateline and section line not), so the
    filter and its stopword list are imported before the fork."""
    import sys

    from analysis.corpus.analyses import WARM_PAGE, warm_worker

    warm_worker()
    assert {"analysis.token_filter", "stopwordsiso"} <= set(sys.modules)
    result = count_batch([Item("warm", "w", text=WARM_PAGE.read_text(encoding="utf-8"))])
    assert (result.problems, result.documents) == ([], 1)
    assert sorted(result.table.counts.items()) == [
        ("ABC", 1), ("一段", 1), ("包含", 1), ("取得", 1), ("各项", 1), ("工作", 1),
        ("成效", 1), ("推进", 1), ("数字", 1), ("文字", 1), ("新", 1), ("百分比", 1),
        ("示例", 1), ("稳步", 1), ("统计", 1), ("英文", 1), ("计入", 1), ("这是", 1),
        ("进展", 1),
    ]  # fmt: skip


# --- the numbered counting of a group of bodies against tokenize, body by body ---

BODY_PIECES = [
    *"的了在和把水村年月日，。、；：“”！？（）",
    "闽宁协作",
    "乡村振兴",
    "推动",
    "研究研究",
    "发展",
    "我们",
    " ",
    "\n",
    "2026年",
    "4.8%",
    "COVID-19",  # a word jieba's rule splits
    "5G网络",
    "ABC",
    "𠀀",  # an ideograph only jieba-rs calls Han
    "\u3400",
    "\ud800",  # a lone surrogate: jieba-rs refuses the text
    "...",
]
bodies_strategy = st.lists(
    st.lists(st.sampled_from(BODY_PIECES), max_size=30).map("".join), max_size=8
)


def _reference_counts(bodies: list[str]) -> tuple[TermCounts, dict[int, str]]:
    """The counts before the numbered path: ``tokenize`` and ``add_document`` body by body."""
    counts, failed = TermCounts(), {}
    for k, body in enumerate(bodies):
        try:
            counts.add_document(tokenize(body))
        except Exception as exc:
            failed[k] = f"{type(exc).__name__}: {exc}"
    return counts, failed


@settings(max_examples=150, deadline=None)
@given(bodies_strategy, st.sampled_from([0, 1 << 22]))
def test_numbered_counts_of_bodies_equal_tokenize_body_by_body(
    bodies: list[str], cells: int
) -> None:
    """``count_bodies`` (word numbers counted by numpy; the documents counted in a table or,
    past ``TABLE_CELLS``, by sorting pairs) gives the counts, document frequencies and
    failures of ``tokenize`` and ``add_document`` for each body."""
    from analysis.corpus import counting

    counts = TermCounts()
    with mock.patch.object(counting, "TABLE_CELLS", cells):
        failed = counting.count_bodies(list(enumerate(bodies)), counts)
    ref, ref_failed = _reference_counts(bodies)
    assert (counts.counts, counts.docs) == (ref.counts, ref.docs)
    assert {k: f"{type(e).__name__}: {e}" for k, e in failed.items()} == ref_failed


def test_numbered_counts_of_three_documents() -> None:
    from analysis.corpus.counting import numbered_counts

    kept = np.array([True, False, True, True, False])
    arrays = [np.array(a, np.int32) for a in ([0, 1, 0, 2], [], [2, 4, 2])]
    for cells in (0, 1 << 22):
        with mock.patch("analysis.corpus.counting.TABLE_CELLS", cells):
            words, occurrences, docs = numbered_counts(kept, arrays)
        assert (words.tolist(), occurrences.tolist(), docs.tolist()) == ([0, 2], [2, 3], [1, 2])


def test_a_body_with_a_split_word_or_a_rare_ideograph_is_tokenized_alone() -> None:
    """COVID-19 (jieba's rule splits it) and 𠀀 get no word number: their bodies take
    ``tokenize``'s own path; the other bodies of the group are counted by number."""
    from analysis.corpus.counting import count_bodies
    from analysis.token_filter import word_ids

    bodies = ["推动乡村振兴。", "COVID-19疫情防控。", "乡村𠀀振兴。", "推动闽宁协作。"]
    counts = TermCounts()
    assert count_bodies(list(enumerate(bodies)), counts) == {}
    ref, _ = _reference_counts(bodies)
    assert (counts.counts, counts.docs) == (ref.counts, ref.docs)
    assert counts.docs["乡村振兴"] == 1 and counts.docs["推动"] == 2
    assert "COVID-19" not in word_ids() and "𠀀" not in word_ids()


def test_a_failure_of_the_numbered_counts_loses_no_document() -> None:
    """Should numpy's counting of a group fail, each body is counted on its own instead."""
    from analysis.corpus import counting

    bodies = ["推动乡村振兴。", "推动闽宁协作。", "\ud800乡村。"]
    counts = TermCounts()
    with mock.patch.object(counting, "numbered_counts", side_effect=RuntimeError("bug")):
        assert counting.count_bodies(list(enumerate(bodies)), counts) == {}
    ref, _ = _reference_counts(bodies)
    assert (counts.counts, counts.docs) == (ref.counts, ref.docs)
    assert counts.docs["推动"] == 2 and counts.counts["乡村"] == 1


JOINABLE = [p for p in BODY_PIECES if p not in ("COVID-19", "𠀀", "\u3400", "\ud800")]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(JOINABLE), max_size=30).map("".join), min_size=2, max_size=8)
)
def test_bodies_segmented_together_are_counted_as_one_by_one(bodies: list[str]) -> None:
    """Bodies without a word that needs jieba's rules are segmented in one call, joined by
    line breaks (line breaks, spaces, ASCII dots and empty bodies at the joins included),
    and counted exactly as ``tokenize`` body by body counts them."""
    from analysis.corpus import counting
    from analysis.token_filter import word_ids

    arrays = counting._numbered_together(bodies, word_ids())
    assert arrays is not None and len(arrays) == len(bodies)
    counts = TermCounts()
    assert counting.count_bodies(list(enumerate(bodies)), counts) == {}
    ref, _ = _reference_counts(bodies)
    assert (counts.counts, counts.docs) == (ref.counts, ref.docs)


def test_bodies_are_segmented_apart_where_a_join_cannot_be_trusted() -> None:
    """A carriage return before a line break makes one token of both: the joins cannot be
    found by counting line breaks, so each body is segmented on its own (same counts)."""
    from analysis.corpus import counting
    from analysis.token_filter import word_ids

    bodies = ["推动乡村振兴。\r", "\n推动闽宁协作。", "乡村。"]
    assert counting._numbered_together(bodies, word_ids()) is None
    assert counting._numbered_together(bodies[:1], word_ids()) is None  # one body: no join
    counts = TermCounts()
    assert counting.count_bodies(list(enumerate(bodies)), counts) == {}
    ref, _ = _reference_counts(bodies)
    assert (counts.counts, counts.docs) == (ref.counts, ref.docs)
    assert counts.docs["推动"] == 2
