"""Local worker processes fed over pipes of their own, without helper threads (stage: analyse).

Why not ``concurrent.futures.ProcessPoolExecutor``: its parent side is three threads (the
caller, a manager thread and a queue feeder) taking turns at the interpreter lock, so a fresh
worker waited 15–20 ms for its first batch while the caller read documents. Here the caller
does it all: it writes batches to the workers' pipes without blocking (what a full pipe does
not take is written when it has room), reads their results, and waits on both in one
``poll``. A worker holds two batches, the one it runs and the next, so it never waits for
the caller between batches (the caller, on a machine with as many cores as workers, is
scheduled a millisecond or two late).

A worker that dies (the out-of-memory killer) loses only its own batches: the crew starts a
new worker in its place and hands them back to the caller.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import select
import struct
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any

Task = Callable[[Any], Any]
_READ = select.POLLIN | select.POLLHUP | select.POLLERR
_NONE = bytes(ForkingPickler.dumps(None))  # the job that ends a worker


class TaskError(RuntimeError):
    """A task raised in a worker and its exception could not be sent back as it was."""


def _serve(
    jobs: Connection,
    results: Connection,
    task: Task,
    warm: Callable[[], None] | None,
    inherited: list[int],
) -> None:
    """A worker's loop: a job in, its result (or the exception it raised) out, until a
    ``None`` job or the end of the job pipe. ``inherited``: the caller's ends of the other
    workers' pipes, copied by the fork, closed first (else a worker would hold its siblings'
    job pipes open)."""
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    if warm is not None:
        warm()
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply: tuple[bool, Any] = (True, task(job))
        except Exception as exc:  # raised again in the parent, as a pool's future does
            reply = (False, exc)
        try:
            results.send(reply)
        except Exception as exc:  # an unpicklable result or exception: say what it was
            results.send((False, TaskError(f"{type(exc).__name__}: {exc}")))


def header(size: int) -> bytes:
    """The length header ``Connection.recv`` reads before a message of ``size`` bytes."""
    return struct.pack("!i", size) if size <= 0x7FFFFFFF else struct.pack("!iQ", -1, size)


#: Bytes a pipe holds (Linux: ``F_SETPIPE_SZ``, up to ``/proc/sys/fs/pipe-max-size``, 1 MiB by
#: default): a batch of news texts fits whole, so a worker never waits for the caller to
#: write the rest of its next batch (64 KiB, the default, holds half of 50 news texts).
PIPE_BYTES = 1 << 20


def _widen(fd: int) -> None:
    """Give a pipe ``PIPE_BYTES`` of room where the system allows it (else it keeps its own)."""
    with contextlib.suppress(AttributeError, OSError):
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


class Worker:
    """One worker process, its two pipes, the jobs it holds (oldest first) and the bytes not
    yet written to it."""

    def __init__(self, task: Task, warm: Callable[[], None] | None, others: list[Worker]) -> None:
        jobs_in, jobs_out = multiprocessing.Pipe(duplex=False)
        results_in, results_out = multiprocessing.Pipe(duplex=False)
        forked = multiprocessing.get_start_method() == "fork"  # else nothing is inherited
        inherited = [fd for w in others for fd in w.fds()] if forked else []
        args = (jobs_in, results_out, task, warm, inherited)
        self.process = multiprocessing.Process(target=_serve, args=args, daemon=True)
        self.process.start()
        jobs_in.close()  # the worker's ends: its death is an end of file here
        results_out.close()
        os.set_blocking(jobs_out.fileno(), False)
        for conn in (jobs_out, results_in):
            _widen(conn.fileno())
        self.jobs_out, self.results = jobs_out, results_in
        self.jobs: deque[Any] = deque()
        self.pending = bytearray()

    def give(self, job: Any, payload: Any) -> None:
        """Queue ``payload`` for the worker; ``job`` comes back with its result."""
        data = ForkingPickler.dumps(payload)
        self.jobs.append(job)
        self.pending += header(len(data))
        self.pending += data
        self.write()

    def write(self) -> None:
        """Write what the pipe takes now (a dead worker's bytes are dropped: ``Crew``
        reports its death)."""
        try:
            while self.pending:
                del self.pending[: os.write(self.jobs_out.fileno(), self.pending)]
        except BlockingIOError:
            pass
        except OSError:  # a broken pipe: the worker is dead
            self.pending.clear()

    def fds(self) -> list[int]:
        """The caller's ends of this worker's pipes (none once closed)."""
        return [c.fileno() for c in (self.jobs_out, self.results) if not c.closed]

    def retire(self) -> None:
        """Ask an idle worker to end (it exits while the others finish their batches)."""
        if not self.jobs_out.closed:
            with contextlib.suppress(OSError):
                os.write(self.jobs_out.fileno(), header(len(_NONE)) + _NONE)
            self.jobs_out.close()

    def stop(self) -> None:
        """End the worker without waiting for it: asked to (idle), or killed (jobs in
        flight: an interrupt)."""
        if self.jobs:
            self.process.terminate()
        self.retire()
        self.results.close()


class Crew:
    """Up to ``size`` workers running ``task`` (``start``); ``warm`` runs in each new worker
    first."""

    @staticmethod
    def available() -> bool:
        """Whether this system can run a crew (Windows has no ``poll``, and its process
        handles are not file descriptors; ``engines.run_local`` then runs in one process)."""
        return hasattr(select, "poll")

    def __init__(self, size: int, task: Task, warm: Callable[[], None] | None) -> None:
        if not self.available():
            raise RuntimeError(
                "local worker processes need a POSIX system (Linux, macOS); "
                "use workers=1 or engine='dask' here"
            )
        self.size, self.task, self.warm = size, task, warm
        self.workers: list[Worker] = []

    def start(self) -> Worker:
        """One more worker (the caller gives it a batch before starting the next: the first
        runs while the others are forked)."""
        self.workers.append(Worker(self.task, self.warm, self.workers))
        return self.workers[-1]

    def busy(self) -> list[Worker]:
        return [w for w in self.workers if w.jobs]

    def idle(self) -> list[Worker]:
        return [w for w in self.workers if not w.jobs]

    def finished(self) -> list[tuple[Worker, bool | None, Any]]:
        """Wait until a worker answers or dies; for each answer, ``(worker, ok, (job,
        result))`` (``ok`` False: the task raised, ``result`` is its exception); for each
        death, ``(worker, None, jobs)``: the jobs it held, and a new worker in its place."""
        while True:
            ready = self._poll()
            out: list[tuple[Worker, bool | None, Any]] = []
            for w in ready:
                try:
                    ok, result = w.results.recv()  # sent before dying: still counts
                except (EOFError, OSError):
                    out.append((self.replace(w), None, list(w.jobs)))
                    continue
                out.append((w, ok, (w.jobs.popleft(), result)))
            if out:
                return out

    def _poll(self) -> list[Worker]:
        """Write to the workers whose pipes have room; return those with something to read
        (a result, or the end of file of a dead worker)."""
        poll = select.poll()
        by_fd: dict[int, Worker] = {}
        for w in self.busy():
            fd = w.results.fileno()
            by_fd[fd] = by_fd[w.jobs_out.fileno()] = by_fd[w.process.sentinel] = w
            poll.register(fd, _READ)
            poll.register(w.process.sentinel, _READ)
            if w.pending:
                poll.register(w.jobs_out.fileno(), select.POLLOUT)
        readable: list[Worker] = []
        for fd, _ in poll.poll():
            w = by_fd[fd]
            if fd == w.jobs_out.fileno():
                w.write()
            elif w not in readable:
                readable.append(w)
        return sorted(readable, key=self.workers.index)

    def replace(self, dead: Worker) -> Worker:
        """A new worker in the place of a dead one."""
        dead.jobs_out.close()
        dead.results.close()
        dead.process.join()
        k = self.workers.index(dead)
        new = Worker(self.task, self.warm, self.workers[:k] + self.workers[k + 1 :])
        self.workers[k] = new
        return new

    def close(self) -> None:
        """End every worker, then wait for them all (they exit side by side)."""
        for w in self.workers:
            w.stop()
        for w in self.workers:
            w.process.join()
