"""Benchmark: our tokenizer against bare ``jieba.lcut`` on the same text, in one run.

Prints throughputs and ratios (never absolute pass/fail times). Usage:
``python benchmarks/bench_tokenize.py [--repeat N]`` (the seed replicated N times).
"""

from __future__ import annotations

import argparse
import time

import jieba

from analysis.paths import default_seed
from analysis.reading import read_text
from analysis.tokens import ENGINES, segment, tokenize


def best_of(fn, text: str, runs: int = 3) -> float:
    """Best wall time of ``runs`` calls of ``fn(text)``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=350, help="copies of the seed (350 ≈ 10 MB)")
    args = parser.parse_args()
    raw, _ = read_text(default_seed())
    text = raw * args.repeat
    mb = len(text.encode("utf-8")) / 1e6
    jieba.setLogLevel(60)
    for engine in ENGINES:
        segment(raw, engine=engine)  # dictionaries loaded before timing
    jieba.lcut(raw)
    base = best_of(jieba.lcut, text)
    rows = {"bare jieba.lcut (baseline)": base}
    for engine in ENGINES:
        rows[f"segment (tags, offsets), {engine}"] = best_of(
            lambda t, e=engine: segment(t, engine=e), text
        )
        rows[f"tokenize (filters), {engine}"] = best_of(
            lambda t, e=engine: tokenize(t, engine=e), text
        )
    print(f"text: seed × {args.repeat} = {mb:.1f} MB")
    for name, seconds in rows.items():
        print(f"{name:32s} {mb / seconds:7.2f} MB/s   speed vs baseline ×{base / seconds:5.2f}")


if __name__ == "__main__":
    main()
