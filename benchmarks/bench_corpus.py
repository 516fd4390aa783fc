"""Benchmarks for corpus scale, each a ratio or a curve measured in one run.

A SYNTHETIC corpus (``analysis.synthetic``: documents of 8–20 seed sentences drawn with a
fixed seed, each dated a different month of 2016–2026) is written to a temporary folder or
JSONL file. Usage:

    python benchmarks/bench_corpus.py workers --mb 20     # 2 local workers vs 1
    python benchmarks/bench_corpus.py dask --mb 20        # Dask LocalCluster (2) vs local (2)
    python benchmarks/bench_corpus.py memory --mb 500     # peak RSS of streamed frequencies
    python benchmarks/bench_corpus.py scaling --mb 10 40 160   # time and memory vs size, slope

Other benchmarks call ``scaling_rows(sizes)`` and ``slopes(rows)`` (time and peak memory per
size, and their log-log slopes).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.corpus import analyse_corpus
from analysis.paths import PROJ_ROOT
from analysis.synthetic import write_synthetic_corpus


def synthetic_corpus(target: Path, megabytes: float) -> int:
    """Write SYNTHETIC news-length documents (8–20 seed sentences) until ``megabytes`` of
    UTF-8 text: a JSONL file (one article per row, with a date) or a folder of .txt files.
    Returns the number of documents."""
    per_doc = 2_350  # bytes of text of a document of 8–20 sentences, on average
    n = max(1, int(megabytes * 1e6 / per_doc))
    write_synthetic_corpus(target, n, sentences=(8, 20))
    return n


def size_mb(path: Path) -> float:
    """Megabytes on disk of a file or of the files of a folder."""
    files = path.iterdir() if path.is_dir() else [path]
    return sum(f.stat().st_size for f in files) / 1e6


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def bench_workers(mb: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        n = synthetic_corpus(Path(tmp) / "docs", mb)
        tmp = str(Path(tmp) / "docs")
        one, t1 = timed(lambda: analyse_corpus(tmp, "tokens", workers=1, progress=False))
        two, t2 = timed(lambda: analyse_corpus(tmp, "tokens", workers=2, progress=False))
        assert one.table.equals(two.table)
        print(
            f"{n} documents, {mb} MB: 1 worker {t1:.1f} s, 2 workers {t2:.1f} s, "
            f"speed-up ×{t1 / t2:.2f}"
        )


def bench_dask(mb: float) -> None:
    from dask.distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        n = synthetic_corpus(Path(tmp) / "docs", mb)
        tmp = str(Path(tmp) / "docs")
        local, tl = timed(lambda: analyse_corpus(tmp, "tokens", workers=2, progress=False))
        (cluster, client), start = timed(
            lambda: (
                c := LocalCluster(
                    n_workers=2,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                ),
                Client(c),
            )
        )
        dask, td = timed(
            lambda: analyse_corpus(tmp, "tokens", engine="dask", client=client, progress=False)
        )
        client.close()
        cluster.close()
        assert local.table.equals(dask.table)
        print(
            f"{n} documents, {mb} MB: local (2 processes) {tl:.1f} s, Dask LocalCluster "
            f"(2 workers) {td:.1f} s + {start:.1f} s cluster start; Dask/local ×{td / tl:.2f} "
            f"(×{(td + start) / tl:.2f} with the start)"
        )


def _child_frequency(folder: str) -> None:
    result, seconds = timed(
        lambda: analyse_corpus(folder, "frequency", workers=2, batch_size=20, progress=False)
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{result.documents} {seconds:.2f} {own:.0f} {kids:.0f}")


def measure(mb: float) -> tuple[int, float, float, float, float]:
    """Documents, seconds, peak RSS (MB) of the parent and of the largest worker, MB on disk."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        synthetic_corpus(path, mb)
        disk = size_mb(path)
        out = subprocess.run(
            [sys.executable, __file__, "_child", str(path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=PROJ_ROOT,
        ).stdout.split()
    return int(out[0]), float(out[1]), float(out[2]), float(out[3]), disk


def bench_memory(mb: float) -> None:
    n, seconds, parent, worker, disk = measure(mb)
    print(
        f"{n} documents, {disk:.0f} MB on disk: term frequencies in {seconds:.1f} s; peak RSS "
        f"parent {parent:.0f} MB, largest worker {worker:.0f} MB"
    )


def scaling_rows(sizes: list[float]) -> list[dict[str, float]]:
    """Time and peak memory of streamed term frequencies (2 workers) for each corpus size in
    MB: one fresh process per size. Each row: documents, mb (JSONL on disk), seconds,
    mb_per_s, parent_rss_mb, worker_rss_mb. Callable from other benchmarks."""
    rows = []
    for mb in sizes:
        n, seconds, parent, worker, disk = measure(mb)
        rows.append(
            {
                "documents": n,
                "mb": disk,
                "seconds": seconds,
                "mb_per_s": disk / seconds,
                "parent_rss_mb": parent,
                "worker_rss_mb": worker,
            }
        )
    return rows


def slopes(rows: list[dict[str, float]]) -> dict[str, float]:
    """Log-log slopes against size (least squares): 1.0 is linear cost, 0.0 flat memory."""
    import numpy as np

    size = np.log([r["mb"] for r in rows])
    fit = {}
    for key in ("seconds", "parent_rss_mb", "worker_rss_mb"):
        fit[key] = float(np.polyfit(size, np.log([r[key] for r in rows]), 1)[0])
    return fit


def bench_scaling(sizes: list[float], plot: bool = True) -> None:
    rows = scaling_rows(sizes)
    for r in rows:
        print(
            f"{r['mb']:6.0f} MB {r['documents']:7.0f} docs {r['seconds']:8.1f} s "
            f"{r['mb_per_s']:6.2f} MB/s RSS parent {r['parent_rss_mb']:5.0f} MB "
            f"worker {r['worker_rss_mb']:5.0f} MB"
        )
    if len(rows) > 1:
        fit = slopes(rows)
        print(
            f"log-log slope against size: time {fit['seconds']:.2f} (1 = linear), peak RSS "
            f"parent {fit['parent_rss_mb']:.2f}, worker {fit['worker_rss_mb']:.2f} (0 = flat)"
        )
    if plot:
        draw_scaling(rows)


def draw_scaling(rows: list[dict[str, float]]) -> None:
    """The curve of ``scaling_rows`` as benchmarks/scaling.png."""
    import matplotlib.pyplot as plt

    from analysis.figures import setup

    setup("bench_corpus")
    sizes_mb = [r["mb"] for r in rows]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.5))
    a1.plot(sizes_mb, [r["seconds"] for r in rows], "o-")
    a1.set(
        xlabel="语料大小 / corpus size (MB, JSONL)",
        ylabel="时间 / time (s)",
        title="词频统计耗时随语料增长（2进程）",
    )
    a2.plot(sizes_mb, [r["parent_rss_mb"] for r in rows], "o-", label="parent")
    a2.plot(sizes_mb, [r["worker_rss_mb"] for r in rows], "s-", label="largest worker")
    a2.set(
        xlabel="语料大小 / corpus size (MB, JSONL)",
        ylabel="峰值内存 / peak RSS (MB)",
        title="峰值内存随语料增长",
        ylim=(0, None),
    )
    a2.legend(frameon=False)
    fig.text(
        0.01,
        -0.02,
        "Synthetic corpus (analysis.synthetic, seed sentences); benchmarks/bench_corpus.py scaling",
        fontsize=7,
        color="#555555",
    )
    fig.tight_layout()
    out = Path(__file__).with_name("scaling.png")
    fig.savefig(out, dpi=150, metadata={"Software": None})
    print(f"curve written to {out}")


def main() -> None:
    if sys.argv[1:2] == ["_child"]:
        _child_frequency(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["workers", "dask", "memory", "scaling"])
    parser.add_argument("--mb", type=float, nargs="+", default=[20.0])
    parser.add_argument("--no-plot", action="store_true", help="scaling: print, draw nothing")
    args = parser.parse_args()
    if args.what == "scaling":
        bench_scaling(args.mb, plot=not args.no_plot)
    else:
        {"workers": bench_workers, "dask": bench_dask, "memory": bench_memory}[args.what](
            args.mb[0]
        )


if __name__ == "__main__":
    main()
