"""A warm notebook kernel made fresh again between two notebooks of one build (runs in the kernel).

``analysis.build`` runs several notebooks one after another in the same kernel, so the kernel
start, the imports and the dictionary load are paid once per core instead of once per notebook.
Before each notebook, ``fresh_namespace`` gives it what a new kernel would: an empty namespace,
no open figure, matplotlib's settings and the warning filters as the kernel started with them,
the notebook folder as working directory, and cell numbers from 1. What stays is what is meant
to: imported modules and their caches (dictionaries, compiled tables). Every notebook's first
cell calls ``analysis.setup``, which sets style, random seeds and the output folder itself.
What survives a reset is frozen out of the garbage collector (``gc.freeze``): the modules and
caches of the earlier notebooks are never scanned again, so the reset's own collection and the
next notebook's automatic ones look at that notebook's objects only. A build's kernel also
collects less often (``GC_THRESHOLDS``): with the default (700, 10, 10) the collector ran
about 650 times per kernel, 0.4–0.5 s of its 7–8 s; at (50,000, 20, 100) it runs 7 times in
0.07 s, for 4% more peak memory. IPython's ``%reset`` collects twice in full (0.12 s after
notebook 04, paid on the build's critical path three times); the reset here skips them, so the
last notebook's garbage is frozen with the survivors instead of freed (the kernels' peak RSS
416/480/503 MB before, 416/480/506 MB after). No result depends on when garbage is collected
(figures are closed explicitly, files written and closed by their ``with`` blocks).
"""

from __future__ import annotations

import contextlib
import gc
import os
import warnings
from collections.abc import Iterator

# Set (to "1") in the environment of a build's kernels: figures are saved, not drawn inline.
HEADLESS = "ANALYSIS_HEADLESS"
GC_THRESHOLDS = (50_000, 20, 100)  # a build's kernels: objects allocated between collections
_FRESH: dict[str, object] = {}


def fresh_namespace(cwd: str) -> None:
    """First call: remember the fresh kernel's state. Later calls: restore it."""
    import matplotlib
    import matplotlib.pyplot as plt
    from IPython import get_ipython
    from matplotlib.style.core import STYLE_BLACKLIST

    shell = get_ipython()
    if not _FRESH:
        _FRESH["rc"] = {k: v for k, v in matplotlib.rcParams.items() if k not in STYLE_BLACKLIST}
        _FRESH["filters"] = list(warnings.filters)
        os.chdir(cwd)
        gc.set_threshold(*GC_THRESHOLDS)
        gc.freeze()
        return
    plt.close("all")
    with _no_collection():
        shell.run_line_magic("reset", "-f")  # user namespace, history, outputs (not modules)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated keys are in the copy too
        matplotlib.rcParams.update(_FRESH["rc"])
    warnings.filters[:] = _FRESH["filters"]  # type: ignore[index]
    getattr(warnings, "_filters_mutated", lambda: None)()  # forget warnings already shown
    os.chdir(cwd)
    shell.execution_count = 1
    gc.freeze()  # the last notebook's objects (garbage too) are never scanned again


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Within the block, ``gc.collect()`` collects nothing (returns 0): IPython's reset calls it."""
    collect = gc.collect
    gc.collect = lambda generation=2: 0  # type: ignore[assignment]
    try:
        yield
    finally:
        gc.collect = collect
