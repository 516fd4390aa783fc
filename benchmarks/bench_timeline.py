"""Benchmark: ``timeline.extract`` against bare ``jieba.lcut`` and ``rjieba.cut`` on the same
text, in one run.

Prints throughputs and the ratios extract time / tokenizing time (never absolute pass/fail
times). Usage: ``python benchmarks/bench_timeline.py [--repeat N]`` (the seed replicated N
times). extract is timed once per paragraph (one DataFrame per call), as ``extract_many`` over
all paragraphs (one DataFrame) and once on the whole text. The default is 100 copies, not
1,000: bare jieba needs ~40 s per pass over 1,000 copies (29 MB), several minutes with best of 3;
``--repeat 1000`` works (one timed pass above 20 MB)."""

from __future__ import annotations

import argparse

import jieba
import rjieba
from timing import best_of  # shared by the benchmarks

from analysis.paths import default_seed
from analysis.reading import read_text
from analysis.timeline import extract, extract_many


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100, help="copies of the seed")
    parser.add_argument("--runs", type=int, default=0, help="timed runs (default: 3 if small)")
    args = parser.parse_args()
    raw, _ = read_text(default_seed())
    text = "\n".join([raw] * args.repeat)
    paragraphs = [p for p in text.split("\n") if p.strip()]
    mb = len(text.encode("utf-8")) / 1e6
    runs = args.runs or (3 if mb < 20 else 1)  # best of 3 for small inputs

    jieba.setLogLevel(60)
    jieba.lcut(raw)  # dictionary loaded before timing
    extract(raw, "2026-06-17")  # regexes compiled, cn2an warmed

    found = 0

    def per_paragraph() -> None:
        nonlocal found
        found = sum(len(extract(p, "2026-06-17")) for p in paragraphs)

    t_para = best_of(per_paragraph, runs)
    t_many = best_of(lambda: extract_many(paragraphs, reference_date="2026-06-17"), runs)
    t_whole = best_of(lambda: extract(text, "2026-06-17"), runs)
    t_jieba = best_of(lambda: jieba.lcut(text), runs)
    t_cut = best_of(lambda: [rjieba.cut(p) for p in paragraphs], runs)
    print(f"text: seed × {args.repeat} = {mb:.1f} MB, {len(paragraphs)} paragraphs, best of {runs}")
    print(f"bare jieba.lcut (baseline)       {mb / t_jieba:7.2f} MB/s")
    print(f"bare rjieba.cut, per paragraph   {mb / t_cut:7.2f} MB/s")
    print(f"extract, one call per paragraph  {mb / t_para:7.2f} MB/s   ({found} expressions)")
    print(f"extract_many, all paragraphs     {mb / t_many:7.2f} MB/s")
    print(f"extract, one call on all text    {mb / t_whole:7.2f} MB/s")
    print(
        f"ratio extract / jieba.lcut time: per paragraph {t_para / t_jieba:.2f}, "
        f"extract_many {t_many / t_jieba:.2f}, whole text {t_whole / t_jieba:.2f}"
    )
    print(
        f"cost × rjieba.cut of the same paragraphs: per paragraph {t_para / t_cut:.1f}, "
        f"extract_many {t_many / t_cut:.1f}"
    )


if __name__ == "__main__":
    main()
