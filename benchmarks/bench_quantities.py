"""Benchmark: quantity extraction against bare ``rjieba.cut`` on the same paragraphs, one run.

The seed's paragraphs × ``--copies`` (the paragraphs of ``bench_ratios.py``), each path timed
as the median of ``--runs`` runs against the baseline measured in the same run, printed as a
cost ratio (time / ``rjieba.cut`` time; lower is better; issue 14's target is ≤ 10×):

- ``extract_records``: plain rows, one call per paragraph (the per-document path);
- ``extract_many``: one DataFrame for all paragraphs (the batch path);
- ``extract``: one DataFrame per paragraph.

``--profile`` adds where ``extract_records`` spends its time (cProfile, so a little slower than
the timed runs): the share inside ``jieba.posseg`` (the POS tags of the indicator rules), inside
the timeline (time expressions that quantities may not overlap), and the slowest functions.
Usage: ``python benchmarks/bench_quantities.py [--copies 5] [--runs 5] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from pathlib import Path

import rjieba
from timing import median_time  # shared by the benchmarks

from analysis import quantities
from analysis.paths import default_seed
from analysis.reading import read_text


def _cumulative(stats: pstats.Stats, where: str, names: tuple[str, ...]) -> float:
    """Largest cumulative time of the functions ``names`` in files whose path has ``where``."""
    found = [
        cum
        for (path, _, name), (_, _, _, cum, _) in stats.stats.items()  # type: ignore[attr-defined]
        if where in Path(path).as_posix() and name in names
    ]
    return max(found, default=0.0)


def profile(paragraphs: list[str]) -> None:
    """Shares of ``jieba.posseg`` and the timeline in ``extract_records``, slowest functions."""
    profiler = cProfile.Profile()
    profiler.enable()
    for p in paragraphs:
        quantities.extract_records(p)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    posseg = _cumulative(stats, "jieba/posseg/", ("cut", "lcut"))
    timeline = _cumulative(stats, "analysis/timeline.py", ("extract_records",))
    print(f"profile of extract_records ({total:.2f} s under cProfile):")
    print(f"    jieba.posseg        {posseg / total:6.1%}")
    print(f"    timeline (spans)    {timeline / total:6.1%}")
    print(f"    the rest            {1 - (posseg + timeline) / total:6.1%}")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:8]  # type: ignore[attr-defined]
    for (path, line, name), (_, _, own, _, _) in rows:
        print(f"    {own / total:6.1%} own  {Path(path).name}:{line}({name})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5, help="copies of the seed's paragraphs")
    parser.add_argument("--runs", type=int, default=5, help="timed runs, median taken")
    parser.add_argument("--profile", action="store_true", help="where extract_records spends")
    args = parser.parse_args()
    raw, _ = read_text(default_seed())
    paragraphs = [p for p in raw.split("\n") if p.strip()] * args.copies
    mb = sum(len(p.encode("utf-8")) for p in paragraphs) / 1e6
    rjieba.cut(raw), quantities.extract(raw)  # dictionaries and tables loaded before timing

    base = median_time(lambda: [rjieba.cut(p) for p in paragraphs], args.runs)
    paths = {
        "quantities.extract_records (rows per call)": lambda: [
            quantities.extract_records(p) for p in paragraphs
        ],
        "quantities.extract_many (one DataFrame)": lambda: quantities.extract_many(paragraphs),
        "quantities.extract (a DataFrame per call)": lambda: [
            quantities.extract(p) for p in paragraphs
        ],
    }
    print(f"text: seed × {args.copies} = {len(paragraphs)} paragraphs, {mb:.2f} MB")
    print(f"median of {args.runs}; cost = time / bare rjieba.cut time (lower is better)")
    print(f"{'bare rjieba.cut (baseline)':44s} {base * 1000:8.1f} ms   cost ×    1.0")
    for name, fn in paths.items():
        seconds = median_time(fn, args.runs)
        print(f"{name:44s} {seconds * 1000:8.1f} ms   cost ×{seconds / base:7.1f}")
    print(f"rows: {len(quantities.extract_many(paragraphs))}")
    if args.profile:
        profile(paragraphs)


if __name__ == "__main__":
    main()
