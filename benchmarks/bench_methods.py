"""Benchmark: n-gram clusters, collocates, code-book scoring and the document–term matrix
against tokenizing the same amount of text, in one run.

The seed's token table is replicated ``--repeat`` times (``doc`` changed per copy, so each
copy is a document of its own); each method is timed on it. Tokenizing is timed with
``analysis.tokens.segment`` on the seed text replicated ``--repeat / --scale`` times and
scaled up by ``--scale`` (tokenizing is linear in the text). Prints each time and its ratio
to tokenizing. Usage: ``python benchmarks/bench_methods.py [--repeat N] [--scale K]``.
"""

from __future__ import annotations

import argparse

from bench_frequency import replicated_seed_tokens, timed  # same setup as the frequency benchmark

from analysis.codebook import EXAMPLE, read_dictionary
from analysis.collocates import collocates
from analysis.dtm import document_term_matrix
from analysis.ngrams import ngrams
from analysis.scoring import score_dictionary
from analysis.tokens import segment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1000, help="copies of the seed")
    parser.add_argument("--scale", type=int, default=10, help="tokenize repeat/scale copies")
    args = parser.parse_args()
    doc, base, tokens = replicated_seed_tokens(args.repeat)
    node = base["token"].value_counts().index[0]
    book = read_dictionary(EXAMPLE)
    steps = {
        "ngrams n=2-5": lambda: ngrams(tokens, n=(2, 3, 4, 5), min_count=2),
        f"collocates ({node})": lambda: collocates(tokens, node, min_count=3),
        "score_dictionary": lambda: score_dictionary(tokens, book, by="document"),
        "document_term_matrix": lambda: document_term_matrix(tokens),
    }
    copies = max(1, args.repeat // args.scale)
    text = doc.text * copies
    segment(doc.text)  # dictionary loaded before timing
    tokenize = timed(lambda: segment(text)) * args.repeat / copies
    print(f"{len(tokens):,} tokens ({args.repeat} copies of the seed)")
    print(
        f"  {'tokenizing':24s} {tokenize:8.2f} s "
        f"(segment on {copies} copies, ×{args.repeat / copies:g})"
    )
    for name, fn in steps.items():
        t = timed(fn)
        print(f"  {name:24s} {t:8.2f} s   ratio to tokenizing {t / tokenize:6.3f}")


if __name__ == "__main__":
    main()
