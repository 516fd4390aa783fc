"""Where the batches of a corpus run execute: local processes or a Dask cluster (stage: analyse).

Both engines stream (locally one batch per worker and one read ahead, on Dask at most two
batches per worker in flight) and survive a killed worker, as the out-of-memory killer does.
Locally, a batch lost with its worker is given once more to a new worker, and a batch lost
twice is split and its documents analysed one by one in a process of their own (twice at
most); on Dask, a batch lost with its worker is split so at once. Only
a document that kills its process on its own too is a problem ("worker died while analysing").
Results are put back in source order: the table is the one of a run without the fault.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pandas as pd

from analysis.corpus.analyses import Analysis, Result, columns, died, merge
from analysis.corpus.counting import CountTable, TermCounts
from analysis.corpus.crew import Crew
from analysis.sources import Item

MAX_ATTEMPTS = 2  # a batch (or a document) lost with its worker this often is split (a problem)
Task = Callable[[list[Item]], Result]


class Results:
    """Batch results, put back in source order at the end.

    Term counts are folded in as they arrive: a frequency run keeps one ``CountTable`` (two
    arrays the size of the vocabulary), not one table per batch.
    """

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.fold = analysis == "frequency"
        self.tables: dict[int, pd.DataFrame] = {}
        self.problems: dict[int, list[dict[str, str]]] = {}
        self.notes: list[str] = []
        self.documents = 0
        self._counts = CountTable()

    def add(self, k: int, result: Result) -> None:
        self.problems[k] = result.problems
        self.documents += result.documents
        self.notes += result.notes
        if isinstance(result.table, TermCounts):
            self._counts.add(result.table)
        elif not self.fold:
            self.tables[k] = result.table

    def table(self) -> pd.DataFrame:
        if self.fold:
            return self._counts.frame()
        frames = [self.tables[k] for k in sorted(self.tables) if not self.tables[k].empty]
        if frames:
            return pd.concat(frames, ignore_index=True)
        return pd.DataFrame(columns=columns(self.analysis))

    def problem_rows(self) -> list[dict[str, str]]:
        return [p for k in sorted(self.problems) for p in self.problems[k]]


@dataclass
class _Unit:
    k: int
    batch: list[Item]
    attempts: int = 0


def warm_before_fork(warm: Callable[[], None] | None) -> bool:
    """Load the dictionaries in this process when the workers are forked from it: they then
    share its copy (about 0.6 s of loading and 100 MB saved per worker, and nothing to load
    on a later run) instead of each loading its own. True if it did."""
    if warm is None or multiprocessing.get_start_method() != "fork":
        return False
    warm()
    return True


def run_local(
    batches: Iterator[list[Item]],
    task: Task,
    workers: int,
    results: Results,
    bar: Any,
    warm: Callable[[], None] | None,
) -> None:
    """Run ``task`` over the batches on ``workers`` processes (1: in this process).

    The workers are a ``crew.Crew``: this process feeds them itself, two batches each (the
    one running and the next), giving a worker a new batch before folding in the result it
    just gave. A batch lost with its worker is given again to a new one (and the batch it
    held next, never started, too); lost twice, it is analysed document by document
    (``_one_by_one``).
    """
    if workers <= 1:
        for k, batch in enumerate(batches):
            results.add(k, task(batch))
            bar.update(len(batch))
        return
    from analysis.token_filter import learn  # here: imported with the segmenter, not at start

    feed = _Feed(batches)
    if warm_before_fork(warm):  # forked workers start warm: no initializer to run in each
        warm = None
    crew = Crew(workers, task, warm)
    try:
        for _ in range(workers):  # each worker's first batch as soon as it is forked
            feed.give(crew.start())
        for worker in crew.workers:  # and the next, so that it never waits
            feed.give(worker)
        while crew.busy():
            for worker, ok, outcome in crew.finished():
                if ok is None:  # died in its first batch: again, or one by one
                    running, *queued = outcome
                    feed.retry.extend(queued)  # never started: no attempt counted
                    if feed.lost(running):
                        results.add(running.k, _one_by_one(running.batch, task))
                        bar.update(len(running.batch))
                    feed.give(worker)  # a new worker
                    feed.give(worker)
                    continue
                feed.give(worker)  # the worker's next batch but one, then the fold
                unit, result = outcome
                if not ok:
                    raise result
                results.add(unit.k, result)
                if isinstance(result.table, TermCounts):  # the next run's workers start knowing
                    learn(*result.table.learned)  # the words these judged
                bar.update(len(unit.batch))
            if feed.done():  # the source is read: idle workers end while the others finish
                for worker in crew.idle():
                    worker.retire()
    finally:
        crew.close()


class _Feed:
    """The batches to give out, a batch lost once before any other."""

    def __init__(self, batches: Iterator[list[Item]]) -> None:
        self.numbered = (_Unit(k, b) for k, b in enumerate(batches))
        self.retry: deque[_Unit] = deque()
        self.exhausted = False

    def give(self, worker: Any) -> None:
        """The next batch to ``worker`` (nothing when none is left)."""
        unit = self.retry.popleft() if self.retry else next(self.numbered, None)
        if unit is not None:
            worker.give(unit, unit.batch)
        else:
            self.exhausted = True

    def done(self) -> bool:
        """Whether every batch has been given out (none read is left, none to retry)."""
        return self.exhausted and not self.retry

    def lost(self, unit: _Unit) -> bool:
        """A batch lost with its worker: True if it is to be split (lost ``MAX_ATTEMPTS``
        times), else it is given again before any other."""
        unit.attempts += 1
        if unit.attempts >= MAX_ATTEMPTS:
            return True
        self.retry.appendleft(unit)
        return False


def _one_by_one(batch: list[Item], task: Task) -> Result:
    """A batch that killed workers twice, document by document in a process of its own."""
    parts = []
    crew = Crew(1, task, None)
    crew.start()
    try:
        for item in batch:
            for _ in range(MAX_ATTEMPTS):
                crew.workers[0].give(item, [item])
                ((_, ok, outcome),) = crew.finished()
                if ok is None:  # died: a new worker, the document once more
                    continue
                if not ok:
                    raise outcome[1]
                parts.append(outcome[1])
                break
            else:
                parts.append(died(item))
    finally:
        crew.close()
    return merge(parts)


def local_cluster(workers: int) -> Any:
    """A Dask LocalCluster on the loopback interface, one thread per worker, no dashboard.

    A task whose worker dies fails at once (``KilledWorker``) instead of being rescheduled
    three times: the engine then retries its documents one by one itself (each worker restart
    costs seconds), so a document is reported only after killing three processes.
    """
    import dask
    from dask.distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )


def run_dask(
    batches: Iterator[list[Item]],
    task: Task,
    workers: int,
    client: Any,
    results: Results,
    bar: Any,
    warm: Callable[[], None] | None,
) -> None:
    """Map batches over a Dask cluster, streaming: at most two batches per worker in flight.

    Futures submitted as others finish (``as_completed``), not one ``client.map`` over a
    list, so the client never holds the whole corpus; results are put back in source order.
    """
    from dask.distributed import Client, as_completed

    own = client is None
    if own:
        cluster = local_cluster(workers)
        client = Client(cluster)
    try:
        if warm is not None:
            client.run(warm)
        window = 2 * max(1, len(client.scheduler_info()["workers"]))
        keys: dict[Any, tuple[int, list[Item]]] = {}

        def submit(k: int, batch: list[Item]) -> Any:
            fut = client.submit(task, batch, pure=False)
            keys[fut.key] = (k, batch)
            return fut

        numbered = enumerate(batches)
        running = as_completed([submit(k, b) for k, b in islice(numbered, window)])
        try:
            for fut in running:
                k, batch = keys.pop(fut.key)
                results.add(k, _dask_result(fut, task, batch))
                bar.update(len(batch))
                nxt = next(numbered, None)
                if nxt is not None:
                    running.add(submit(*nxt))
        except BaseException:  # a failed batch or an interrupt: free the user's cluster
            client.cancel(list(running.futures))
            raise
    finally:
        if own:
            client.close()
            cluster.close()


def _dask_result(fut: Any, task: Task, batch: list[Item]) -> Result:
    """A finished future's result. A batch lost with its worker (``KilledWorker``) is analysed
    again document by document in a local process of its own, as the local engine does:
    Dask blames every task of a dead worker, and each worker restart costs seconds."""
    from distributed import KilledWorker

    try:
        return fut.result()
    except KilledWorker:
        return _one_by_one(batch, task)
