"""Benchmark: the frequency analyses against tokenizing the same amount of text, in one run.

The seed's token table is replicated ``--repeat`` times (``doc`` changed per copy, so sections
and sentences stay distinct); frequency_table + keyness + cooccurrence are timed on it.
Tokenizing is timed with ``analysis.tokens.segment`` on the seed text replicated
``--repeat / --scale`` times and scaled up by ``--scale`` (tokenizing is linear in the text).
Prints times and the ratio analysis / tokenizing. Usage:
``python benchmarks/bench_frequency.py [--repeat N] [--scale K]``.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

import analysis
from analysis import frequency as fq
from analysis.paths import default_seed
from analysis.tokens import segment


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def replicated_seed_tokens(repeat: int) -> tuple[analysis.Document, pd.DataFrame, pd.DataFrame]:
    """The seed, its token table, and that table ``repeat`` times as many documents."""
    doc = analysis.load(default_seed())
    base = analysis.token_table(doc)
    tokens = pd.concat(
        [base.assign(doc=f"{base['doc'].iloc[0]}_{i}") for i in range(repeat)],
        ignore_index=True,
    )
    return doc, base, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1000, help="copies of the seed")
    parser.add_argument("--scale", type=int, default=10, help="tokenize repeat/scale copies")
    args = parser.parse_args()
    doc, _, tokens = replicated_seed_tokens(args.repeat)
    steps = {
        "frequency_table": lambda: fq.frequency_table(tokens),
        "keyness": lambda: fq.keyness(tokens),
        "cooccurrence": lambda: fq.cooccurrence(tokens),
    }
    analyse = 0.0
    print(f"{len(tokens):,} tokens ({args.repeat} copies of the seed)")
    for name, fn in steps.items():
        t = timed(fn)
        analyse += t
        print(f"  {name:16s} {t:8.2f} s")
    copies = max(1, args.repeat // args.scale)
    text = doc.text * copies
    segment(doc.text)  # dictionary loaded before timing
    tokenize = timed(lambda: segment(text)) * args.repeat / copies
    print(f"  analyses total   {analyse:8.2f} s")
    print(
        f"  tokenizing       {tokenize:8.2f} s (segment on {copies} copies, scaled ×"
        f"{args.repeat / copies:g})"
    )
    print(f"ratio analyses / tokenizing: {analyse / tokenize:.3f}")


if __name__ == "__main__":
    main()
