"""The warm kernels of a build (``analysis.build``): one per core, each driven by one thread.

A kernel is started on a thread's first notebook, made fresh between two notebooks
(``analysis.kernel_state`` run in it, over the shell channel only), and shut down when the
thread ends; Ctrl-C kills them all at once (their process groups), and no kernel starts
after. Its papermill client is ready at the kernel's own "idle" for its ``kernel_info``
request, without jupyter_client's 0.2 s wait for silence.
"""

from __future__ import annotations

import contextlib
import multiprocessing.util
import os
import threading
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from analysis.kernel_state import HEADLESS


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


# Each thread's kernel, by thread and folder: a build drives one kernel per core from one
# thread each, all in this process (one papermill import, no worker processes).
_WARM: dict[tuple[int, str], AsyncKernelManager] = {}
_LOCK = threading.Lock()  # guards _WARM: the build's threads add and remove their kernels
STOPPING = threading.Event()  # set by ``_kill_kernels`` (Ctrl-C); a new build clears it
# A build runs one kernel per core, so a kernel's numerical libraries get one thread each
# (unless the caller's environment says otherwise): scikit-learn's NMF and numpy's BLAS would
# start a thread per core in every kernel, which then spin waiting for work and take the
# other kernel's core (0.3 CPU s of notebook 04 alone). One thread also sums in one order,
# whatever the machine's core count. IPython's input history is off in a build's kernels: a
# build's cells are not the user's history (each cell was also one SQLite write).
_KERNEL_ARGS = ["--HistoryManager.enabled=False"]
_ONE_THREAD = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1")


def warm_kernel(folder: Path) -> AsyncKernelManager:
    """This thread's kernel for notebooks in ``folder``: started on first use, restarted if
    a notebook killed it, shut down when the build's thread ends (else when the process
    exits). A kernel is driven from the thread that started it: its sockets belong to that
    thread's event loop. Once a build is stopping (``kill_kernels``), none is started."""
    key = (threading.get_ident(), str(folder))
    km = _WARM.get(key)
    if km is not None and run_sync(km.is_alive)():
        return km
    if STOPPING.is_set():
        raise RuntimeError("the build is stopping: no kernel started")
    km = AsyncKernelManager(kernel_name="python3")
    km.client_class = f"{__name__}.WarmKernelClient"  # papermill's clients: no 0.2 s wait
    # Headless: ``save_figure`` closes each saved figure and shows its PNG, so the inline
    # backend does not draw it once more (a user's JupyterLab kernel still draws them).
    env = {**_ONE_THREAD, **os.environ, HEADLESS: "1"}
    with _LOCK:
        _WARM[key] = km  # listed before it starts: Ctrl-C during the start still finds it
    try:
        run_sync(km.start_kernel)(cwd=str(folder), env=env, extra_arguments=_KERNEL_ARGS)
    except BaseException:
        with _LOCK:
            _WARM.pop(key, None)
        raise
    multiprocessing.util.Finalize(km, _shutdown, args=(km,), exitpriority=10)
    if STOPPING.is_set():  # Ctrl-C came while it started: it would run a notebook after it
        _kill(km)
        raise RuntimeError("the build is stopping: kernel stopped")
    return km


def _shutdown(km: AsyncKernelManager) -> None:
    if run_sync(km.is_alive)():
        run_sync(km.shutdown_kernel)(now=True)


def _shutdown_own_kernels() -> None:
    """Shut down the kernels this thread started (at the end of a build's thread)."""
    me = threading.get_ident()
    with _LOCK:
        mine = [key for key in _WARM if key[0] == me]
    for key in mine:
        with contextlib.suppress(Exception):  # already dead, or its loop closed: nothing to do
            _shutdown(_WARM[key])
        with _LOCK:
            _WARM.pop(key, None)


def _kill_kernels() -> None:
    """Kill every build kernel at once (Ctrl-C), from any thread; no kernel starts after."""
    STOPPING.set()
    with _LOCK:
        kernels = list(_WARM.values())
    for km in kernels:
        _kill(km)


def _kill(km: AsyncKernelManager) -> None:
    """jupyter_client's own kill: SIGKILL to the kernel's process group, so what its notebook
    started (the corpus engine's workers, subprocesses) dies with it. Its provisioner only
    signals, so any thread may call it."""
    with contextlib.suppress(Exception):  # not started yet, or already gone
        if km.provisioner is not None:
            run_sync(km.provisioner.kill)()


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
