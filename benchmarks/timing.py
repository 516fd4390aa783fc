"""Wall-time helpers shared by the benchmarks (each script imports them by name: the scripts
run as ``python benchmarks/bench_x.py``, so this folder is on ``sys.path``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def wall_times(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall time of each of ``runs`` calls of ``fn()``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median_time(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls of ``fn()``."""
    return statistics.median(wall_times(fn, runs))


def best_of(fn: Callable[[], object], runs: int) -> float:
    """Best wall time of ``runs`` calls of ``fn()``."""
    return min(wall_times(fn, runs))
