"""Benchmark: corpus "frequency" against corpus size, time and peak memory, and the slope.

For each size (default 10, 40 and 160 MB) a SYNTHETIC corpus (``analysis.synthetic``:
documents of 8–20 seed sentences, fixed seed) is written as one JSONL file, then counted by
the public API, ``analyse_corpus(path, "frequency", workers=2)``, in a fresh interpreter, so
the figures are that size's alone: seconds, MB/s, peak RSS of the parent and of the largest
worker (``ru_maxrss``). The slope is the extra seconds per extra MB between two sizes: equal
slopes mean linear cost, a growing slope a super-linear one. Whatever counting path
``analysis.corpus`` has when this runs is what is measured.

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
    print(
        json.dumps(
            {
                "documents": result.documents,
                "problems": len(result.problems),
                "terms": len(result.table),
                "seconds": seconds,
                "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
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
    print(f"{'MB':>7s} {'docs':>7s} {'s':>7s} {'MB/s':>6s} {'parent MB':>10s} {'worker MB':>10s}")
    rows = []
    for mb in sorted(args.mb):
        row = measure(mb, args.workers)
        rows.append(row)
        print(
            f"{row['mb']:7.1f} {row['documents']:7d} {row['seconds']:7.1f} "
            f"{row['mb'] / row['seconds']:6.2f} {row['parent_mb']:10.0f} {row['worker_mb']:10.0f}"
            + (f"   ({row['problems']} problems)" if row["problems"] else "")
        )
    for a, b in itertools.pairwise(rows):
        slope = (b["seconds"] - a["seconds"]) / (b["mb"] - a["mb"])
        print(f"slope {a['mb']:.0f}→{b['mb']:.0f} MB: {slope:.3f} s per MB")
    if len(rows) >= 3:
        first = (rows[1]["seconds"] - rows[0]["seconds"]) / (rows[1]["mb"] - rows[0]["mb"])
        last = (rows[-1]["seconds"] - rows[-2]["seconds"]) / (rows[-1]["mb"] - rows[-2]["mb"])
        print(f"last slope / first slope ×{last / first:.2f} (1 = linear)")


if __name__ == "__main__":
    main()
