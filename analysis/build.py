"""One command regenerates every figure: ``python -m analysis.build``.

Executes every numbered notebook (``notebooks/NN_*.ipynb``, whatever their number) headless
with papermill, one warm kernel per core: each kernel runs several notebooks one after the
other, made fresh between them (``analysis.kernel_state``), so kernel start, imports and the
dictionary load are paid once per core, not once per notebook. The kernels are driven from
one thread each of this process (``analysis.build_kernels``; papermill imported once, no
worker processes). Each notebook writes its figures and tables into ``figures/`` through
``save_figure``/``save_table``, which keep ``manifest.json`` and ``figures/README.md`` up to
date, atomically, after every file. At the end (or on Ctrl-C) both are rebuilt from what is
on disk. Two builds in one checkout run one after the other (a lock).
A failing cell stops the build, naming the notebook and the cell.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

from jupyter_client.manager import AsyncKernelManager

from analysis import build_kernels, outputs
from analysis.build_kernels import (  # noqa: F401 (names tests and callers use)
    _WARM,
    WarmKernelClient,
    _fresh_namespace,
    _kill_kernels,
    _shell_reply,
    _shutdown,
    _shutdown_own_kernels,
    warm_kernel,
)
from analysis.paths import BUILD_DIR, NOTEBOOKS_DIR, default_output_dir, display_path


def notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks, in order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


DURATIONS = BUILD_DIR / "timings" / "durations.json"  # seconds per notebook, last build


def estimated_cost(path: Path) -> float:
    """A notebook's expected run time in seconds: what it took in the last build that ran it
    (``build/timings/durations.json``), else an estimate from the figures and tables it
    exports (a figure ~0.6 s to lay out and save, a table ~0.05 s, 0.5 s for the rest)."""
    measured = _durations().get(path.name)
    if measured is not None:
        return measured
    text = path.read_text(encoding="utf-8")
    return 0.5 + 0.6 * text.count("save_figure(") + 0.05 * text.count("save_table(")


def _durations() -> dict[str, float]:
    try:
        found = json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): float(v) for k, v in found.items() if isinstance(v, int | float)}


def _keep_durations(timings: dict[str, float]) -> None:
    """Remember this build's seconds per notebook (merged with earlier ones) for the next."""
    with contextlib.suppress(OSError):
        DURATIONS.parent.mkdir(parents=True, exist_ok=True)
        merged = {**_durations(), **{k: round(v, 2) for k, v in timings.items()}}
        tmp = DURATIONS.with_name(f".{DURATIONS.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(merged, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, DURATIONS)


def run_notebook(
    path: Path, parameters: dict | None = None, *, kernel: AsyncKernelManager | None = None
) -> float:
    """Execute one notebook headless (output copy in ``build/``); return seconds taken.

    Without ``kernel``, in a new kernel of its own; with one (a warm kernel of a build), in
    that kernel after ``kernel_state.fresh_namespace`` made it fresh again.
    """
    BUILD_DIR.mkdir(exist_ok=True)
    start = time.perf_counter()
    papermill = _papermill()  # the first time, while the kernel starts
    if kernel is not None:
        _fresh_namespace(kernel, path.parent)
    papermill.execute_notebook(
        str(path),
        str(BUILD_DIR / path.name),
        parameters=parameters or {},
        kernel_name="python3",
        cwd=None if kernel is not None else str(path.parent),
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,  # written once at the end (and on a failed cell)
        km=kernel,
    )
    return time.perf_counter() - start


_UNUSED = ("rfc3987_syntax", "pyarrow.fs", "isoduration")  # optional imports papermill tries


def _papermill() -> ModuleType:
    """papermill, imported when first needed (by a build's first thread, while the kernels
    start; the other threads wait for it).

    nbformat, which papermill imports, imports jsonschema, whose optional "iri" format check
    imports rfc3987-syntax (installed with JupyterLab's jupyter-events): that module builds an
    Earley parser when imported, 2–3 s on this machine, for a format nbformat never checks
    (jsonschema issue 1392 is about the same parser's speed). Blocked here, in this process
    only, so that a build does not wait for it; jsonschema then leaves the "iri" check out.
    Two more optional imports are blocked the same way, each tried in a ``try/except
    ImportError``: papermill's HDFS handler (``pyarrow.fs``, 0.15 CPU s with numpy and
    pyarrow, for ``hdfs://`` paths a build never reads) and jsonschema's "duration" format
    (``isoduration``, with ``arrow``). papermill's import: 0.66 → 0.43 CPU s, once per build. The
    block is lifted once papermill is imported, so the process can still import them (pandas
    reads Parquet through ``pyarrow.fs``).
    """
    with _IMPORTING:
        blocked = [m for m in _UNUSED if m not in sys.modules]
        for optional in blocked:
            sys.modules[optional] = None  # type: ignore[assignment]
        try:
            import papermill
        finally:  # only papermill's import is spared them: pandas' parquet needs pyarrow.fs
            for optional in blocked:
                if optional in sys.modules and sys.modules[optional] is None:
                    del sys.modules[optional]
    return papermill


_IMPORTING = threading.Lock()


def _run_warm(path: Path) -> float:
    """One notebook of a build in this thread's warm kernel."""
    return run_notebook(path, kernel=warm_kernel(path.parent))


def write_readme(out: Path) -> Path:
    """``README.md`` of an output folder, from its manifest (kept for callers of the old name)."""
    outputs.reconcile(out)
    return out / outputs.README


def build_dir() -> Path:
    """The folder a build writes: where the notebooks' kernels save with their default
    parameters (``ANALYSIS_FIGURES_DIR``, else ``figures/``), never an output folder left
    active in this process by an earlier ``analysis.setup``."""
    out = default_output_dir()
    out.mkdir(parents=True, exist_ok=True)
    return out


def build(selected: list[Path] | None = None, *, jobs: int | None = None) -> dict[str, float]:
    """Run the notebooks; leave manifest, README and folder in agreement, even on Ctrl-C.

    Notebooks are independent (each loads its own input), so ``jobs`` of them run at once,
    one kernel each (default: one per core). A full build that finishes removes the files
    and entries it did not write again (a figure a notebook no longer makes); building ``selected``
    notebooks only updates their entries. An interrupted build keeps the previous files of
    the notebooks it did not reach. A second build of the same folder waits for the first.
    """
    out = build_dir()
    _compile_package()
    wait = lambda: print(f"another build is writing {display_path(out)}/: waiting", flush=True)  # noqa: E731
    with outputs.locked(out, "build", wait=wait):
        started = time.time()
        finished = False
        try:
            timings = _run_all(selected or notebooks(), jobs)
            finished = True
        finally:  # also on Ctrl-C or a failed cell: what is on disk is what the README lists
            if finished and selected is None:  # drop what this build did not write again
                names = {nb.stem for nb in notebooks()}
                outputs.reconcile(out, prune=True, notebooks=names, since=started, clean_temp=True)
            else:  # interrupted: keep the earlier files, drop half-written temporary ones
                outputs.reconcile(out, clean_temp=True)
    return timings


def _compile_package(folder: Path = Path(__file__).parent) -> None:
    """Byte-compile ``analysis/`` where a source changed (4 ms when none did, 0.2 s from
    nothing), so that the kernels load it compiled. Python writes no bytecode of its own when
    ``PYTHONDONTWRITEBYTECODE`` is set (as on machines that mount the code read-only or share
    it): every kernel then compiled the whole package from source again, 0.14 CPU s each. A
    folder that cannot be written is left as it is."""
    import compileall

    with contextlib.suppress(OSError):
        compileall.compile_dir(folder, quiet=2)


def _run_all(todo: list[Path], jobs: int | None) -> dict[str, float]:
    # Longest first (by the last build's seconds, else estimated), each to the first free
    # kernel, so the two cores finish together instead of one waiting on a late heavy notebook.
    queue = collections.deque(sorted(todo, key=lambda nb: -estimated_cost(nb)))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(queue)))
    timings: dict[str, float] = {}
    failed: list[BaseException] = []
    stop = threading.Event()
    build_kernels.STOPPING.clear()  # an earlier build of this process may have been stopped

    def drive(done: threading.Event) -> None:  # one kernel's thread: notebooks until none left
        nb = None
        try:
            while not stop.is_set():
                try:
                    nb = queue.popleft()
                except IndexError:
                    return
                timings[nb.name] = _run_warm(nb)
                print(f"{nb.name}: {timings[nb.name]:.1f} s", flush=True)
        except BaseException as err:  # reported by the main thread; the others stop
            interrupted = stop.is_set()  # Ctrl-C killed the kernel: nothing to report
            stop.set()
            failed.append(err)
            with contextlib.suppress(BaseException):
                if not interrupted:
                    failed[-1] = _reported(err, nb)
        finally:
            try:
                _shutdown_own_kernels()
            finally:
                done.set()

    # Waited for by events, not ``Thread.join``: a join that Ctrl-C interrupts can leave the
    # thread looking finished (CPython before 3.13), and the kernels must be shut down first.
    finished = [threading.Event() for _ in range(jobs)]
    for i, done in enumerate(finished):
        threading.Thread(target=drive, args=(done,), name=f"build-{i}", daemon=True).start()
    try:
        for done in finished:
            while not done.wait(0.5):  # in steps: Python sees Ctrl-C between two of them
                pass
    except KeyboardInterrupt:
        stop.set()
        _kill_kernels()  # the notebooks running now end at once; their threads then return
        for done in finished:
            done.wait(timeout=10)
        raise
    if failed:
        raise failed[0]
    missing = [nb.name for nb in todo if nb.name not in timings]
    if missing:  # a thread ended without a result or an error: never a build that prunes
        raise SystemExit(f"build failed: {', '.join(missing)} did not run")
    _keep_durations(timings)
    return dict(sorted(timings.items()))


def _reported(err: BaseException, nb: Path | None) -> BaseException:
    """The build's one-line error naming the notebook (and the cell, for a failed cell),
    printed now, not when the other kernels end their notebooks."""
    if nb is None:
        return err
    papermill = sys.modules.get("papermill")  # not imported again: that may be what failed
    if papermill is not None and isinstance(err, papermill.PapermillExecutionError):
        where = f"cell {err.exec_count} (index {err.cell_index}): {err.ename}: {err.evalue}"
    else:
        where = f"{type(err).__name__}: {err}"
    message = f"build failed in {display_path(nb)}, {where}"
    print(message, file=sys.stderr, flush=True)
    return SystemExit(message)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="only these notebooks")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks at once (cores)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        build([p.resolve() for p in args.notebooks] or None, jobs=args.jobs)
    except KeyboardInterrupt:
        out = display_path(build_dir())
        raise SystemExit(
            f"build interrupted: {out}/README.md and manifest.json list the files "
            "on disk (earlier ones kept where a notebook did not finish)"
        ) from None
    out = display_path(build_dir())
    print(f"build finished in {time.perf_counter() - start:.1f} s → {out}/")


if __name__ == "__main__":
    sys.exit(main())
