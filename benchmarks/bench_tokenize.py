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
from analysis.tokens import segment, tokenize


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
    parser.add_argument("--repeat", type=int, default=100, help="copies of the seed")
    args = parser.parse_args()
    raw, _ = read_text(default_seed())
    text = raw * args.repeat
    mb = len(text.encode("utf-8")) / 1e6
    jieba.setLogLevel(60)
    for warm in (jieba.lcut, segment, lambda t: segment(t, engine="rjieba")):
        warm(raw)  # dictionaries loaded before timing
    base = best_of(jieba.lcut, text)
    rows = {
        "bare jieba.lcut (baseline)": base,
        "segment, jieba engine": best_of(segment, text),
        "segment, rjieba engine": best_of(lambda t: segment(t, engine="rjieba"), text),
        "tokenize (filters), jieba": best_of(tokenize, text),
        "tokenize (filters), rjieba": best_of(lambda t: tokenize(t, engine="rjieba"), text),
    }
    print(f"text: seed × {args.repeat} = {mb:.1f} MB")
    for name, seconds in rows.items():
        print(f"{name:32s} {mb / seconds:7.2f} MB/s   speed vs baseline ×{base / seconds:5.2f}")


if __name__ == "__main__":
    main()
