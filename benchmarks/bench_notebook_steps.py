"""Benchmark: the notebooks' costliest analysis steps, each before and after, in one run.

Every step runs in a fresh process (what a notebook kernel pays: imports and first calls
included), ``--runs`` times; the medians of its CPU seconds are printed, old and new, with
the ratio old / new. The old way of each step is kept here as it was:

* wordfreq reference (notebook 04): the whole list filtered in memory, against
  ``reference_from_wordfreq`` reading ``build/wordfreq_reference/`` (written by a first run);
* word cloud (01): the layout on the 2100 × 1050 canvas, against 700 × 350 drawn ×3;
* TextRank (01): ``jieba.analyse.TextRank`` over jieba's posseg, against ``analysis.textrank``
  over ``segment``, both articles of the seed;
* χ² p-values (04): importing ``scipy.stats`` for ``chi2.sf``, against ``scipy.special``.

Usage: ``python benchmarks/bench_notebook_steps.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import textwrap

SETUP = """
import time
import analysis
from analysis.tokens import dictionary_tag, segment
dictionary_tag("的"); segment("闽宁协作")  # the tag table and the engine, shared by both ways
doc = analysis.load(analysis.paths.default_seed())
freq = analysis.frequency.frequency_table(analysis.token_table(doc))
start = time.process_time()
"""
CLOUD = """
from wordcloud import WordCloud
from analysis.plots.style import FONT_PATH
WordCloud(font_path=str(FONT_PATH), random_state=0, background_color="white", width={w},
          height={h}, scale={s}, prefer_horizontal=1.0, max_words=150, colormap="cividis",
          ).generate_from_frequencies(dict(zip(freq["term"], freq["count"]))).to_array()
"""
STEPS = {
    "wordfreq reference": (
        """
import wordfreq
from analysis.keyness_cache import filter_proportions
filter_proportions(wordfreq.get_frequency_dict("zh", wordlist="best"))
from wordfreq.chinese import simplify_chinese
""",
        "analysis.keyness.reference_from_wordfreq()",
    ),
    "word cloud layout": (CLOUD.format(w=2100, h=1050, s=1), CLOUD.format(w=700, h=350, s=3)),
    "TextRank, 2 articles": (
        """
import jieba.analyse
from analysis.tokens import _jieba, stopword_set
tr = jieba.analyse.TextRank()
tr.tokenizer = tr.postokenizer = _jieba()
tr.stop_words = set(tr.stop_words) | set(stopword_set())
for a in doc.articles:
    tr.textrank(a.text, topK=10, withWeight=True, allowPOS=analysis.frequency.TEXTRANK_POS)
""",
        "for a in doc.articles: analysis.frequency.textrank_keywords(a.text, top=10)",
    ),
    "chi2 p-values import": ("from scipy.stats import chi2", "from scipy.special import chdtrc"),
}


def cpu_seconds(code: str) -> float:
    """CPU seconds of ``code`` in a fresh interpreter, after the shared ``SETUP``."""
    script = SETUP + textwrap.dedent(code) + "\nprint(time.process_time() - start)\n"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per step and way")
    args = parser.parse_args()
    cpu_seconds(STEPS["wordfreq reference"][1])  # writes the cache entry if missing
    print(f"{'step':24s} {'old s':>7s} {'new s':>7s}  old/new   (CPU s, medians of {args.runs})")
    for name, (old, new) in STEPS.items():
        before = statistics.median(cpu_seconds(old) for _ in range(args.runs))
        after = statistics.median(cpu_seconds(new) for _ in range(args.runs))
        print(f"{name:24s} {before:7.3f} {after:7.3f}  ×{before / max(after, 1e-3):6.1f}")


if __name__ == "__main__":
    main()
