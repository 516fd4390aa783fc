"""Local worker processes fed over one pipe each, without helper threads (stage: analyse).

Why not ``concurrent.futures.ProcessPoolExecutor``: its parent side is three threads (the
caller, a manager thread and a queue feeder) that take turns at the interpreter lock, so a
worker that finished a batch waited for the manager thread (to read its result) and the
feeder (to write the next batch) while the caller read documents: a few milliseconds per
batch, and 15–20 ms before the first batch reached a fresh worker. Here the caller does it
all: it waits on the workers' pipes (``multiprocessing.connection.wait``), reads a result,
sends the next batch at once (read ahead, so the worker never waits for the source), then
folds the result in. Each worker holds one batch, one more is read ahead, so memory holds
``workers + 1`` batches of raw text.

A worker that dies (the out-of-memory killer) loses only its own batch: the crew starts a
new worker in its place and tells the caller which batch was lost.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any

Task = Callable[[Any], Any]


class TaskError(RuntimeError):
    """A task raised in a worker and its exception could not be sent back as it was."""


def _serve(conn: Connection, task: Task, warm: Callable[[], None] | None) -> None:
    """A worker's loop: a job in, its result (or the exception it raised) out, until the
    pipe is closed or a ``None`` job arrives."""
    if warm is not None:
        warm()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply: tuple[bool, Any] = (True, task(job))
        except Exception as exc:  # raised again in the parent, as a pool's future does
            reply = (False, exc)
        try:
            conn.send(reply)
        except Exception as exc:  # an unpicklable result or exception: say what it was
            conn.send((False, TaskError(f"{type(exc).__name__}: {exc}")))


class Worker:
    """One worker process, its end of the pipe, and the job it holds (``None``: idle)."""

    def __init__(self, task: Task, warm: Callable[[], None] | None) -> None:
        ours, theirs = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_serve, args=(theirs, task, warm))
        self.process.daemon = True  # never outlives the caller, even after an interrupt
        self.process.start()
        theirs.close()  # so that the worker's death is an end of file here
        self.conn = ours
        self.job: Any = None

    def give(self, job: Any, payload: Any) -> None:
        """Send ``payload`` to the worker; ``job`` is what ``Crew.finished`` hands back with
        its result. A dead worker's send fails quietly: ``finished`` reports its death."""
        self.job = job
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.conn.send(payload)

    def stop(self) -> None:
        """End the worker: asked to (idle), or killed (a job in flight: an interrupt)."""
        with contextlib.suppress(OSError):
            if self.job is None:
                self.conn.send(None)
            else:
                self.process.terminate()
        self.conn.close()
        self.process.join()


class Crew:
    """``size`` workers running ``task``; ``warm`` runs in each new worker first."""

    def __init__(self, size: int, task: Task, warm: Callable[[], None] | None) -> None:
        self.task, self.warm = task, warm
        self.workers = [Worker(task, warm) for _ in range(size)]

    def idle(self) -> list[Worker]:
        return [w for w in self.workers if w.job is None]

    def busy(self) -> list[Worker]:
        return [w for w in self.workers if w.job is not None]

    def finished(self) -> list[tuple[Worker, bool | None, Any]]:
        """Wait until a worker is done; for each one done, ``(worker, ok, (job, result))``:
        ``ok`` False if the task raised (``result`` is its exception); or ``(worker, None,
        job)`` for a worker that died, replaced by ``worker``, a new one. Every worker
        returned is idle."""
        busy = {w.conn: w for w in self.busy()}
        sentinels = {w.process.sentinel: w for w in busy.values()}
        ready = wait([*busy, *sentinels])
        done = {busy[r] if r in busy else sentinels[r] for r in ready}
        out: list[tuple[Worker, bool | None, Any]] = []
        for w in sorted(done, key=self.workers.index):
            job, w.job = w.job, None
            try:
                ok, result = w.conn.recv()  # a result sent just before dying still counts
            except (EOFError, OSError):
                out.append((self.replace(w), None, job))
                continue
            out.append((w, ok, (job, result)))
        return out

    def replace(self, dead: Worker) -> Worker:
        """A new worker in the place of a dead one (idle)."""
        dead.conn.close()
        dead.process.join()
        new = Worker(self.task, self.warm)
        self.workers[self.workers.index(dead)] = new
        return new

    def close(self) -> None:
        for w in self.workers:
            w.stop()
