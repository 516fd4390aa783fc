"""Benchmark: corpus "frequency" against corpus size, time and peak memory, and the slope.

For each size (default 10, 40 and 160 MB) a SYNTHETIC corpus (``analysis.synthetic``:
documents of 8–20 seed sentences, fixed seed) is written as one JSONL file, then counted by
the public API, ``analyse_corpus(path, "frequency", workers=2)``, in a fresh interpreter, so
the figures are that size's alone: seconds, MB/s, peak RSS of the parent and of the largest
worker (``ru_maxrss``), and CPU seconds of parent and workers (imports included), which other
jobs on a shared machine change less than wall time. The slope is the extra seconds per
extra MB between two sizes, in wall and in CPU seconds: equal slopes mean linear cost, a
growing slope a super-linear one (or, for wall time only, a machine that got busier).
Whatever counting path ``analysis.corpus`` has when this runs is what is measured.

Usage: ``python benchmarks/bench_scale.py [--mb 10 40 160] [--workers 2]``. 160 MB takes a
few minutes on the 2-core development machine; ``--mb 10 40`` takes under a minute.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BYTES_PER_DOC = 2_350  # a document of 8–20 seed sentences, on average


def _child(path: str, workers: int) -> None:
    """Run in a fresh interpreter: count one corpus, print one JSON line of figures."""
    from analysis.corpus import analyse_corpus

    start = time.perf_counter()
    result = analyse_corpus(path, "frequency", workers=workers, progress=False)
    seconds = time.perf_counter() - start
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(
        json.dumps(
            {
                "documents": result.documents,
                "problems": len(result.problems),
                "terms": len(result.table),
                "seconds": seconds,
                "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime,
                "parent_mb": own.ru_maxrss / 1024,
                "worker_mb": kids.ru_maxrss / 1024,
            }
        )
    )


def measure(mb: float, workers: int) -> dict[str, float]:
    """Write ``mb`` MB of SYNTHETIC documents and count them in a fresh process."""
    from analysis.synthetic import write_synthetic_corpus

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_synthetic_corpus(path, max(1, int(mb * 1e6 / BYTES_PER_DOC)), sentences=(8, 20))
        size = path.stat().st_size / 1e6
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path), "--workers", str(workers)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    row = json.loads(out.strip().splitlines()[-1])
    return {**row, "mb": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[10, 40, 160], help="sizes")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.workers)
        return
    print(f'corpus "frequency", {args.workers} workers, SYNTHETIC JSONL, one fresh run per size')
    print(
        f"{'MB':>7s} {'docs':>7s} {'s':>7s} {'CPU s':>7s} {'MB/s':>6s} "
        f"{'parent MB':>10s} {'worker MB':>10s}"
    )
    rows = []
    for mb in sorted(args.mb):
        row = measure(mb, args.workers)
        rows.append(row)
        print(
            f"{row['mb']:7.1f} {row['documents']:7d} {row['seconds']:7.1f} {row['cpu']:7.1f} "
            f"{row['mb'] / row['seconds']:6.2f} {row['parent_mb']:10.0f} {row['worker_mb']:10.0f}"
            + (f"   ({row['problems']} problems)" if row["problems"] else "")
        )
    slopes = [_slope(a, b) for a, b in itertools.pairwise(rows)]
    for (a, b), (wall, cpu) in zip(itertools.pairwise(rows), slopes, strict=True):
        print(f"slope {a['mb']:.0f}→{b['mb']:.0f} MB: {wall:.3f} s, {cpu:.3f} CPU s per MB")
    if len(slopes) >= 2:
        (wall0, cpu0), (wall1, cpu1) = slopes[0], slopes[-1]
        print(f"last slope / first slope ×{wall1 / wall0:.2f} wall, ×{cpu1 / cpu0:.2f} CPU")


def _slope(a: dict[str, float], b: dict[str, float]) -> tuple[float, float]:
    """Extra wall and CPU seconds per extra MB from size ``a`` to size ``b``."""
    mb = b["mb"] - a["mb"]
    return (b["seconds"] - a["seconds"]) / mb, (b["cpu"] - a["cpu"]) / mb


if __name__ == "__main__":
    main()
