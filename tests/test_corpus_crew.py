"""The local engine's own workers (``analysis.corpus.crew``) and the parent's count table."""

from __future__ import annotations

import os
import pickle
import signal
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import Item
from analysis.corpus.analyses import WORKER_DIED, Result, problem_row
from analysis.corpus.counting import CountTable, TermCounts
from analysis.corpus.crew import Crew, TaskError
from analysis.corpus.engines import Results, run_local
from analysis.token_filter import word_ids

WORDS = ["推动", "闽宁协作", "乡村", "振兴", "发展"]


def _reference_frame(counts: Counter[str], docs: Counter[str]) -> pd.DataFrame:
    """The frequency table as ``TermCounts.frame`` built it before the count table: terms
    sorted by (-count, term) in Python, counts looked up one by one."""
    if not counts:
        return pd.DataFrame(columns=["term", "count", "doc_freq"])
    terms = sorted(counts, key=lambda t: (-counts[t], t))
    return pd.DataFrame(
        {
            "term": terms,
            "count": np.array([counts[t] for t in terms], dtype=np.int64),
            "doc_freq": np.array([docs[t] for t in terms], dtype=np.int64),
        }
    )


def _numbered_part(documents: list[list[str]]) -> TermCounts:
    """A batch counted the way ``count_bodies`` counts: arrays of word numbers."""
    table = word_ids()
    part = TermCounts()
    arrays = [np.fromiter(map(table.__getitem__, d), np.int32, len(d)) for d in documents]
    if arrays:
        part.add_numbered(table, arrays)
    return part


batches_of_documents = st.lists(
    st.lists(st.lists(st.sampled_from([*WORDS, "的", "，"]), max_size=6), max_size=4),
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(batches_of_documents, st.lists(st.booleans(), min_size=5, max_size=5))
def test_the_count_table_gives_the_counter_fold_s_frame(
    batches: list[list[list[str]]], numbered: list[bool]
) -> None:
    """Batches sent as terms and arrays (pickled, as a worker sends them) and added into the
    parent's ``CountTable`` give the frame of the old fold into two ``Counter``s, row for
    row: the same terms, counts, document frequencies, order and dtypes."""
    table, counts, docs = CountTable(), Counter(), Counter()
    for batch, by_number in zip(batches, numbered, strict=False):
        if by_number:
            part = _numbered_part(batch)
        else:
            part = TermCounts()
            for tokens in batch:
                part.add_document([w for w in tokens if w in WORDS])
        sent = pickle.loads(pickle.dumps(part))
        counts.update(part.counts)
        docs.update(part.docs)
        table.add(sent)
    pd.testing.assert_frame_equal(table.frame(), _reference_frame(counts, docs))


def test_a_count_table_sorts_by_count_then_term() -> None:
    part = TermCounts()
    for tokens in (["振兴", "乡村", "振兴"], ["乡村", "发展"], ["发展", "振兴"]):
        part.add_document(tokens)
    table = CountTable()
    table.add(part)
    table.add(pickle.loads(pickle.dumps(part)))
    assert table.frame().to_dict("list") == {
        "term": ["振兴", "乡村", "发展"],
        "count": [6, 4, 4],
        "doc_freq": [4, 4, 4],
    }


def test_term_counts_travel_as_terms_and_two_arrays() -> None:
    """A numbered part and counted documents together: one list of terms, two arrays."""
    part = _numbered_part([["推动", "乡村", "推动"], ["乡村"]])
    part.add_document(["发展", "推动"])
    terms, counts, docs = part.wire()
    assert dict(zip(terms, counts.tolist(), strict=True)) == {"推动": 3, "乡村": 2, "发展": 1}
    assert dict(zip(terms, docs.tolist(), strict=True)) == {"推动": 2, "乡村": 2, "发展": 1}
    back = pickle.loads(pickle.dumps(part))
    assert (back.counts, back.docs) == (part.counts, part.docs)
    assert pickle.loads(pickle.dumps(TermCounts())).empty


# --- the crew ------------------------------------------------------------------------------


def _length(batch: list[Item]) -> Result:
    """A task: the batch's size as its table, a problem row for an item saying "bad"; an
    item saying "raise" raises, "kill" kills the worker, "kill-once:<flag>" does so once."""
    for item in batch:
        text = item.text or ""
        if text == "raise":
            raise ValueError("the task broke")
        if text == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if text.startswith("kill-once:"):
            try:
                Path(text.split(":", 1)[1]).touch(exist_ok=False)
            except FileExistsError:
                pass
            else:
                os.kill(os.getpid(), signal.SIGKILL)
    problems = [problem_row(i, "bad") for i in batch if i.text == "bad"]
    return Result(pd.DataFrame({"n": [len(batch)]}), problems, len(batch) - len(problems), [])


class _Bar:
    def __init__(self) -> None:
        self.n = 0

    def update(self, n: int) -> None:
        self.n += n


def _items(texts: list[str]) -> list[Item]:
    return [Item(f"d{k}", "s", text=t) for k, t in enumerate(texts)]


def _run(items: list[Item], size: int, workers: int = 2) -> tuple[Results, _Bar]:
    results, bar = Results("summary"), _Bar()
    batches = (items[k : k + size] for k in range(0, len(items), size))
    run_local(batches, _length, workers, results, bar, None)
    return results, bar


def test_every_batch_comes_back_in_source_order() -> None:
    items = _items(["ok"] * 9 + ["bad"] + ["ok"] * 3)
    results, bar = _run(items, 2)
    assert results.table()["n"].tolist() == [2, 2, 2, 2, 2, 2, 1]
    assert results.problem_rows() == [{"source": "s", "id": "d9", "problem": "bad"}]
    assert (results.documents, bar.n) == (12, 13)


def test_the_source_is_read_two_batches_per_worker_ahead() -> None:
    """At most two batches per worker read and not yet folded in, and the one being folded
    in (memory stays flat)."""
    read, most = [0], [0]

    class Counting(Results):
        def add(self, k: int, result: Result) -> None:
            most[0] = max(most[0], read[0] - len(self.problems))
            super().add(k, result)

    def batches():
        for k in range(12):
            read[0] += 1
            yield _items(["ok", "ok"])[:1] if k % 2 else _items(["ok", "ok"])

    results = Counting("summary")
    run_local(batches(), _length, 2, results, _Bar(), None)
    assert results.documents == 18
    assert most[0] == 5  # two a worker, and the one being folded in


def test_a_task_that_raises_stops_the_run_with_its_error() -> None:
    with pytest.raises(ValueError, match="the task broke"):
        _run(_items(["ok", "ok", "raise", "ok", "ok"]), 1)


def test_a_killed_worker_loses_no_batch(tmp_path: Path) -> None:
    """Killed once: its batch is given to a new worker; killed every time: the batch is
    split, and only the document that kills its process alone is a problem."""
    once = _items(["ok", "ok", f"kill-once:{tmp_path / 'flag'}", "ok", "ok"])
    results, _ = _run(once, 2)
    assert results.table()["n"].tolist() == [2, 2, 1] and results.documents == 5
    always = _items(["ok", "ok", "ok", "kill", "ok"])
    results, _ = _run(always, 2)
    assert results.table()["n"].tolist() == [2, 1, 1]  # the split batch: d2 alone, d3 died
    assert results.problem_rows() == [{"source": "s", "id": "d3", "problem": WORKER_DIED}]
    assert results.documents == 4


def test_an_exception_that_cannot_be_pickled_is_named() -> None:
    crew = Crew(1, _unpicklable_error, None)
    try:
        crew.start().give("job", "payload")
        ((_, ok, (job, error)),) = crew.finished()
    finally:
        crew.close()
    assert (ok, job, type(error)) == (False, "job", TaskError)
    assert "pickle" in str(error).lower()


def _unpicklable_error(payload: str) -> None:
    exc = RuntimeError(payload)
    exc.handle = lambda: None  # a lambda: pickling the exception fails
    raise exc


def test_without_poll_the_crew_says_what_to_use(monkeypatch: pytest.MonkeyPatch) -> None:
    import select

    monkeypatch.delattr(select, "poll")
    with pytest.raises(RuntimeError, match="workers=1 or engine='dask'"):
        Crew(2, _length, None)


def test_a_batch_queued_behind_a_killer_is_not_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch a dead worker held next never started: it is given again without counting
    an attempt, so only the killer's own batch is analysed document by document."""
    from analysis.corpus import engines

    split = []
    real = engines._one_by_one

    def one_by_one(batch, task):
        split.append([i.id for i in batch])
        return real(batch, task)

    monkeypatch.setattr(engines, "_one_by_one", one_by_one)
    results, _ = _run(_items(["kill", "ok", "ok", "ok", "ok", "ok"]), 1)
    assert split == [["d0"]]
    assert results.documents == 5
    assert results.problem_rows() == [{"source": "s", "id": "d0", "problem": WORKER_DIED}]


def test_without_poll_a_corpus_run_uses_one_process_and_says_so(tmp_path, monkeypatch) -> None:
    """Windows: the same table as with two workers, and a warning naming the fallback."""
    import select
    import warnings

    from analysis.corpus import NO_LOCAL_WORKERS, analyse_corpus

    for i, text in enumerate(["闽宁协作推动产业发展。", "宁夏移民搬迁，产业发展。"]):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    parallel = analyse_corpus(tmp_path, "frequency", workers=2).table
    monkeypatch.delattr(select, "poll")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        run = analyse_corpus(tmp_path, "frequency", workers=2)
    assert NO_LOCAL_WORKERS in [str(w.message) for w in seen] and NO_LOCAL_WORKERS in run.warnings
    pd.testing.assert_frame_equal(run.table, parallel)


# --- the words the workers judged, taken into the parent ---------------------------------


def test_the_parent_learns_the_words_its_workers_judged(tmp_path: Path, monkeypatch) -> None:
    """After a 2-worker frequency run the parent holds each word its workers numbered, with
    the verdict it would make itself; the next run's workers judge none of them again."""
    from analysis import token_filter
    from analysis.corpus import analyse_corpus
    from analysis.token_filter import _Verdicts, engine_cut

    texts = ["蓝莓种植户在鄂尔多斯扩建冷库，订单排到明年。", "冷库扩建后，蓝莓种植户的订单翻番。"]
    for i, text in enumerate(texts * 3):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    before = set(word_ids())
    sent: list[list[str]] = []
    real = token_filter.learn
    monkeypatch.setattr(token_filter, "learn", lambda w, v: (sent.append(list(w)), real(w, v)))
    first = analyse_corpus(tmp_path, "frequency", workers=2, batch_size=2, progress=False)
    table = word_ids()
    words = {w for t in texts for w in engine_cut(t)}
    assert words <= set(table) and (words - before) <= {w for part in sent for w in part}
    fresh = _Verdicts(True, None, True)
    assert all(table.verdicts[w] == fresh.verdict(w) for w in words)
    assert all(table.kept[table[w]] == (1 if fresh.verdict(w) else 0) for w in words)
    sent.clear()
    second = analyse_corpus(tmp_path, "frequency", workers=2, batch_size=2, progress=False)
    assert [w for part in sent for w in part] == []  # nothing new to judge
    pd.testing.assert_frame_equal(second.table, first.table)


def test_learning_keeps_known_verdicts_and_a_full_table(monkeypatch) -> None:
    from analysis import tokens
    from analysis.token_filter import learn, learned

    monkeypatch.setattr(tokens, "_MEMO", {})
    monkeypatch.setattr("analysis.token_filter._MEMO", tokens._MEMO)
    table = word_ids()
    assert table["乡村振兴"] == 0  # judged here: a kept word
    learn(["乡村振兴", "甲乙丙丁"], ["x", ""])  # a known word keeps its own verdict
    assert (table.words, list(table.kept)) == (["乡村振兴", "甲乙丙丁"], [1, 0])
    assert table.verdicts["乡村振兴"] != "x" and table.verdicts["甲乙丙丁"] == ""
    assert learned(table, 1) == (["甲乙丙丁"], [""])
    monkeypatch.setattr("analysis.token_filter._CACHE_LIMIT", 2)
    learn(["戊己"], ["n"])  # over the limit: not taken
    assert "戊己" not in table


def test_term_counts_travel_as_one_string_of_terms_unless_a_term_has_a_line_break() -> None:
    from analysis.corpus.counting import _from_wire, _packed

    part = _from_wire((["推动", "a\nb", "乡村"], np.array([2, 1, 1]), np.array([1, 1, 1])))
    assert _packed(["推动", "乡村"]) == "推动\n乡村" and _packed(["a\nb", "c"]) == ["a\nb", "c"]
    assert _packed([]) == [] and _packed([""]) == ""
    back = pickle.loads(pickle.dumps(part))
    assert back.counts == Counter({"推动": 2, "a\nb": 1, "乡村": 1}) == part.counts
    assert pickle.loads(pickle.dumps(_numbered_part([["推动"]]))).counts == Counter({"推动": 1})


def test_term_counts_carry_what_their_batch_learned() -> None:
    part = _numbered_part([["推动", "乡村"]])
    part.learned = (["推动", "的"], ["v", ""])
    back = pickle.loads(pickle.dumps(part))
    assert back.learned == (["推动", "的"], ["v", ""]) and back.counts == part.counts
