"""Benchmark: quantity extraction against bare ``jieba.lcut`` on the same text, in one run.

Builds the seed replicated N times, times ``extract`` paragraph by paragraph and ``jieba.lcut``
over the same paragraphs (both warmed first), and prints throughputs and the ratio.
Usage: ``python benchmarks/bench_quantities.py [--repeat N]``. The default is 100 copies, not
1,000: at 1,000 copies (≈10 M characters) the extraction alone takes several minutes.
"""

from __future__ import annotations

import argparse
import time

import jieba

from analysis.paths import default_seed
from analysis.quantities import extract
from analysis.reading import read_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100, help="copies of the seed (100)")
    args = parser.parse_args()
    raw, _ = read_text(default_seed())
    paragraphs = [p for p in raw.split("\n") if p.strip()] * args.repeat
    chars = sum(len(p) for p in paragraphs)
    jieba.setLogLevel(60)
    jieba.lcut(raw)  # dictionaries loaded before timing
    extract(raw)

    start = time.perf_counter()
    for p in paragraphs:
        jieba.lcut(p)
    tokenize_s = time.perf_counter() - start

    start = time.perf_counter()
    found = sum(len(extract(p)) for p in paragraphs)
    extract_s = time.perf_counter() - start

    mb = sum(len(p.encode("utf-8")) for p in paragraphs) / 1e6
    print(f"text: seed × {args.repeat} = {len(paragraphs)} paragraphs, {chars} chars, {mb:.1f} MB")
    print(f"jieba.lcut (baseline)  {tokenize_s:8.2f} s  {chars / tokenize_s:10.0f} chars/s")
    print(f"quantities.extract     {extract_s:8.2f} s  {chars / extract_s:10.0f} chars/s")
    print(f"quantities found: {found}")
    print(f"ratio extract / tokenize: ×{extract_s / tokenize_s:.2f}")


if __name__ == "__main__":
    main()
