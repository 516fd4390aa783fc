"""Benchmarks for corpus scale, each a ratio or a curve measured in one run.

A SYNTHETIC corpus is written to a temporary folder: documents of 8–20 seed sentences drawn
with a fixed seed, each with a dateline of a different month (2016–2026), so there are many
documents and several periods. Usage:

    python benchmarks/bench_corpus.py workers --mb 20     # 2 local workers vs 1
    python benchmarks/bench_corpus.py dask --mb 20        # Dask LocalCluster (2) vs local (2)
    python benchmarks/bench_corpus.py memory --mb 500     # peak RSS of streamed frequencies
    python benchmarks/bench_corpus.py scaling --mb 10 40 160   # time and memory vs size
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.corpus import analyse_corpus
from analysis.paths import PROJ_ROOT, default_seed
from analysis.sentences import split_sentences


def synthetic_corpus(folder: Path, megabytes: float, *, seed: int = 20260617) -> int:
    """Write documents made of seed sentences until ``megabytes`` of UTF-8; return the count."""
    text = default_seed().read_text(encoding="utf-8")
    sentences = [text[a:b] for a, b in split_sentences(text) if b - a > 12]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total, k = 0, 0
    while total < megabytes * 1e6:
        year, month = 2016 + k % 11, 1 + k % 12
        body = "".join(rng.choice(sentences) for _ in range(rng.randint(8, 20)))
        doc = f"合成文档{k}\n\n{body}\n\n（新华社北京{month}月{1 + k % 28}日电）{year}年{month}月\n"
        data = doc.encode("utf-8")
        (folder / f"doc{k:06d}.txt").write_bytes(data)
        total += len(data)
        k += 1
    return k


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def bench_workers(mb: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        n = synthetic_corpus(Path(tmp), mb)
        one, t1 = timed(lambda: analyse_corpus(tmp, "tokens", workers=1, progress=False))
        two, t2 = timed(lambda: analyse_corpus(tmp, "tokens", workers=2, progress=False))
        assert one.table.equals(two.table)
        print(
            f"{n} documents, {mb} MB: 1 worker {t1:.1f} s, 2 workers {t2:.1f} s, "
            f"speed-up ×{t1 / t2:.2f}"
        )


def bench_dask(mb: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        n = synthetic_corpus(Path(tmp), mb)
        local, tl = timed(lambda: analyse_corpus(tmp, "tokens", workers=2, progress=False))
        dask, td = timed(
            lambda: analyse_corpus(tmp, "tokens", engine="dask", workers=2, progress=False)
        )
        assert local.table.equals(dask.table)
        print(
            f"{n} documents, {mb} MB: local (2 processes) {tl:.1f} s, Dask LocalCluster "
            f"(2 workers, cluster start included) {td:.1f} s, Dask/local ×{td / tl:.2f}"
        )


def _child_frequency(folder: str) -> None:
    result, seconds = timed(
        lambda: analyse_corpus(folder, "frequency", workers=2, batch_size=20, progress=False)
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{result.documents} {seconds:.2f} {own:.0f} {kids:.0f}")


def measure(mb: float) -> tuple[int, float, float, float]:
    """Documents, seconds, peak RSS (MB) of the parent and of the largest worker."""
    with tempfile.TemporaryDirectory() as tmp:
        synthetic_corpus(Path(tmp), mb)
        out = subprocess.run(
            [sys.executable, __file__, "_child", tmp],
            capture_output=True,
            text=True,
            check=True,
            cwd=PROJ_ROOT,
        ).stdout.split()
    return int(out[0]), float(out[1]), float(out[2]), float(out[3])


def bench_memory(mb: float) -> None:
    n, seconds, parent, worker = measure(mb)
    print(
        f"{n} documents, {mb} MB on disk: term frequencies in {seconds:.1f} s; peak RSS "
        f"parent {parent:.0f} MB, largest worker {worker:.0f} MB"
    )


def bench_scaling(sizes: list[float]) -> None:
    import matplotlib.pyplot as plt

    from analysis.figures import setup

    rows = [(mb, *measure(mb)) for mb in sizes]
    for mb, n, s, parent, worker in rows:
        print(
            f"{mb:6.0f} MB {n:7d} docs {s:8.1f} s {mb / s:6.2f} MB/s "
            f"RSS parent {parent:5.0f} MB worker {worker:5.0f} MB"
        )
    setup("bench_corpus")
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.5))
    a1.plot([r[0] for r in rows], [r[2] for r in rows], "o-")
    a1.set(
        xlabel="语料大小 / corpus size (MB)",
        ylabel="时间 / time (s)",
        title="词频统计耗时随语料增长",
    )
    a2.plot([r[0] for r in rows], [r[3] for r in rows], "o-", label="parent")
    a2.plot([r[0] for r in rows], [r[4] for r in rows], "s-", label="worker")
    a2.set(
        xlabel="语料大小 / corpus size (MB)",
        ylabel="峰值内存 / peak RSS (MB)",
        title="峰值内存随语料增长",
    )
    a2.legend(frameon=False)
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
    args = parser.parse_args()
    if args.what == "scaling":
        bench_scaling(args.mb)
    else:
        {"workers": bench_workers, "dask": bench_dask, "memory": bench_memory}[args.what](
            args.mb[0]
        )


if __name__ == "__main__":
    main()
