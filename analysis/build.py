"""One command regenerates every figure: ``python -m analysis.build``.

Executes every numbered notebook (``notebooks/NN_*.ipynb``, whatever their number) headless
with papermill, one warm kernel per core: each kernel runs several notebooks one after the
other, made fresh between them (``analysis.kernel_state``), so kernel start, imports and the
dictionary load are paid once per core, not once per notebook. Each notebook writes its
figures and tables into ``figures/`` through ``save_figure``/``save_table``, which keep
``manifest.json`` and ``figures/README.md`` up to date, atomically, after every file. At the
end (or on Ctrl-C) both are rebuilt from what is on disk. Two builds in one checkout run one
after the other (a lock).
A failing cell stops the build, naming the notebook and the cell.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing.util
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from queue import Empty
from types import ModuleType

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from analysis import outputs
from analysis.kernel_state import HEADLESS
from analysis.paths import BUILD_DIR, NOTEBOOKS_DIR, PROJ_ROOT, default_output_dir, display_path


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
    """papermill, imported when first needed (in a build's worker, while its kernel starts).

    nbformat, which papermill imports, imports jsonschema, whose optional "iri" format check
    imports rfc3987-syntax (installed with JupyterLab's jupyter-events): that module builds an
    Earley parser when imported, 2–3 s on this machine, for a format nbformat never checks
    (jsonschema issue 1392 is about the same parser's speed). Blocked here, in this process
    only, so that a build does not wait for it; jsonschema then leaves the "iri" check out.
    Two more optional imports are blocked the same way, each tried in a ``try/except
    ImportError``: papermill's HDFS handler (``pyarrow.fs``, 0.15 CPU s with numpy and
    pyarrow, for ``hdfs://`` paths a build never reads) and jsonschema's "duration" format
    (``isoduration``, with ``arrow``). papermill's import: 0.66 → 0.43 CPU s per worker. The
    block is lifted once papermill is imported, so the process can still import them (pandas
    reads Parquet through ``pyarrow.fs``).
    """
    blocked = [m for m in _UNUSED if m not in sys.modules]
    for optional in blocked:
        sys.modules[optional] = None  # type: ignore[assignment]
    try:
        import papermill
    finally:  # only papermill's import is spared them: pandas' parquet needs pyarrow.fs later
        for optional in blocked:
            if optional in sys.modules and sys.modules[optional] is None:
                del sys.modules[optional]
    return papermill


class WarmKernelClient(AsyncKernelClient):
    """The client papermill (nbclient) makes for each notebook of a warm kernel.

    ``wait_for_ready`` as jupyter_client's, except for its last step: after the kernel's
    reply, jupyter_client reads IOPub until nothing came for 0.2 s, a wait paid by every
    notebook (1 s of idle kernels per build). Here IOPub is read until the kernel's "idle"
    status for this very request, the last message the kernel sends about it: the channel is
    connected and holds nothing older. If it does not come within a second (IOPub not yet
    connected), the request is sent again, as jupyter_client does.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (60.0 if timeout is None else timeout)
        while time.monotonic() < deadline:
            msg_id = self.kernel_info()
            try:
                reply = await self._async_recv_reply(msg_id, timeout=1)
                await self._idle_after(msg_id, timeout=1)
            except (Empty, TimeoutError):
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info") from None
                continue
            self._handle_kernel_info_reply(reply)
            return
        raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    async def _idle_after(self, msg_id: str, *, timeout: float) -> None:
        """Read IOPub up to the kernel's "idle" status for the request ``msg_id``."""
        end = time.monotonic() + timeout
        while True:
            msg = await self._async_get_iopub_msg(timeout=max(0.0, end - time.monotonic()))
            idle = msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
            if idle and msg["parent_header"].get("msg_id") == msg_id:
                return


_WARM: dict[str, AsyncKernelManager] = {}  # this worker process's kernel, by folder
# A build runs one kernel per core, so a kernel's numerical libraries get one thread each
# (unless the caller's environment says otherwise): scikit-learn's NMF and numpy's BLAS would
# start a thread per core in every kernel, which then spin waiting for work and take the
# other kernel's core (0.3 CPU s of notebook 04 alone). One thread also sums in one order,
# whatever the machine's core count. IPython's input history is off in a build's kernels: a
# build's cells are not the user's history (each cell was also one SQLite write).
_KERNEL_ARGS = ["--HistoryManager.enabled=False"]
_ONE_THREAD = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1")


def warm_kernel(folder: Path) -> AsyncKernelManager:
    """This process's kernel for notebooks in ``folder``: started on first use, restarted if
    a notebook killed it, shut down when the process exits (the build's worker ends)."""
    km = _WARM.get(str(folder))
    if km is not None and run_sync(km.is_alive)():
        return km
    km = AsyncKernelManager(kernel_name="python3")
    km.client_class = f"{__name__}.WarmKernelClient"  # papermill's clients: no 0.2 s wait
    # Headless: ``save_figure`` closes each saved figure and shows its PNG, so the inline
    # backend does not draw it once more (a user's JupyterLab kernel still draws them).
    env = {**_ONE_THREAD, **os.environ, HEADLESS: "1"}
    run_sync(km.start_kernel)(cwd=str(folder), env=env, extra_arguments=_KERNEL_ARGS)
    multiprocessing.util.Finalize(km, _shutdown, args=(km,), exitpriority=10)
    _WARM[str(folder)] = km
    return km


def _shutdown(km: AsyncKernelManager) -> None:
    if run_sync(km.is_alive)():
        run_sync(km.shutdown_kernel)(now=True)


def _fresh_namespace(km: AsyncKernelManager, folder: Path) -> None:
    """Run ``kernel_state.fresh_namespace`` in the kernel (silently: no cell number used).

    Only the shell channel and no readiness check (``wait_for_ready`` waits 0.2 s for
    silence on IOPub): the request waits in the shell socket's queue until the kernel, still
    starting the first time, reads it; the reply is awaited a second at a time, the kernel's
    life checked in between, so a kernel that died is an error, not a minute's wait.
    """
    client = km.blocking_client()
    client.start_channels(iopub=False, stdin=False, hb=False, control=False)
    try:
        code = f"from analysis import kernel_state\nkernel_state.fresh_namespace({str(folder)!r})"
        msg_id = client.execute(code, silent=True, store_history=False)
        reply = _shell_reply(km, client, msg_id, timeout=60)
    finally:
        client.stop_channels()
    if reply["content"]["status"] != "ok":
        content = reply["content"]
        raise RuntimeError(f"could not reset the warm kernel: {content.get('evalue')}")


def _shell_reply(
    km: AsyncKernelManager, client: BlockingKernelClient, msg_id: str, *, timeout: float
) -> dict:
    """The shell reply to ``msg_id``; RuntimeError if the kernel dies or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            reply = client.get_shell_msg(timeout=1)
        except Empty:
            if not run_sync(km.is_alive)():
                raise RuntimeError("the warm kernel died before it could be reset") from None
            continue
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply
    raise RuntimeError(f"the warm kernel did not answer in {timeout:.0f} s")


def _run_warm(path: Path) -> float:
    """Pool task of a build: one notebook in this worker's warm kernel."""
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
    todo = sorted(todo, key=lambda nb: -estimated_cost(nb))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    timings: dict[str, float] = {}
    # Processes, not threads: papermill and its kernel clients keep per-process state. Each
    # worker keeps one warm kernel for all the notebooks it is given.
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        running = {pool.submit(_run_warm, nb): nb for nb in todo}
        for fut in as_completed(running):
            nb = running[fut]
            try:
                timings[nb.name] = fut.result()
            except _papermill().PapermillExecutionError as err:
                message = (
                    f"build failed in {nb.relative_to(PROJ_ROOT)}, cell {err.exec_count} "
                    f"(index {err.cell_index}): {err.ename}: {err.evalue}"
                )
                print(message, file=sys.stderr, flush=True)  # now, not after the others end
                pool.shutdown(wait=False, cancel_futures=True)
                raise SystemExit(message) from None
            print(f"{nb.name}: {timings[nb.name]:.1f} s", flush=True)
    _keep_durations(timings)
    return dict(sorted(timings.items()))


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
