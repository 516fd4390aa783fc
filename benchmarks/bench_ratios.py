"""Benchmark: issue 14's ratios against bare ``rjieba.cut``, all measured in one run.

Every path is timed on the same bytes as its baseline (median of ``--runs`` runs, default 3),
and only ratios (and the throughputs behind them) are printed, never a pass/fail time:

- ``tokenize`` vs ``rjieba.cut`` on the seed × ``--repeat`` (speed ratio, higher is better);
  this row, token_table's, timeline's and quantities' also give the paired CPU ratio
  (``cpu_pairs``: the median of 2 × ``--runs`` + 1 back-to-back pairs), steadier on a shared
  machine;
- ``token_table`` of the loaded seed (× ``--docs`` copies) vs ``rjieba.cut`` of its sentences;
- ``timeline.extract`` and ``quantities.extract``, one call per paragraph, vs ``rjieba.cut``
  of the same paragraphs (cost ratio, lower is better); ``timeline.extract_many`` (one table
  for all paragraphs) and jionlp's ``extract_time`` (if installed) on the same paragraphs;
  quantities also as plain rows per paragraph (``extract_records``) and as one DataFrame for
  all (``extract_many``);
- corpus "frequency" with 2 workers vs a 2-process pool of ``rjieba.cut`` over the same
  SYNTHETIC documents (``--mb``), both including their process start and the reading of the
  JSONL file (the pool with the texts already in memory, the baseline before 2026-12-01, is
  printed too), in wall time and in CPU seconds of the parent and its workers (less
  sensitive to the other processes of a shared machine; also the parent's and the workers'
  apart, in ms); and a worker's counting path alone
  (``count_batch`` over the documents in this process, no processes, no reading) against
  ``rjieba.cut`` of the same texts, as a paired CPU ratio (the steadiest of the three);
- ``import analysis`` vs ``import numpy, pandas`` in fresh interpreters (startup subtracted),
  and the first use of a notebook's names (``analysis.load``, ``tokenize``, ``frequency``,
  ``timeline``, ``quantities``: their modules load then), with the slowest packages of that
  first use from ``-X importtime``.

The rebuild (``benchmarks/bench_build.py``, a full build of the notebooks, about a minute)
and the 10/40/160 MB slope (``benchmarks/bench_scale.py``, minutes) are too long for this
run; their scripts are named at the end.

Usage: ``python benchmarks/bench_ratios.py [--repeat 40] [--paragraph-copies 5] [--mb 2]
[--runs 3] [--only text|corpus|import]``. The defaults take about a minute on the 2-core
development machine; ``--only corpus --runs 5`` is the corpus row alone (about 10 s).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import rjieba
from timing import median_time  # shared by the benchmarks

import analysis
from analysis import quantities, timeline
from analysis.corpus import analyse_corpus
from analysis.paths import default_seed
from analysis.reading import read_text
from analysis.synthetic import write_synthetic_corpus
from analysis.tokens import token_table, tokenize

REFERENCE_DATE = "2026-06-17"
WATCHED = {"matplotlib.pyplot", "jieba.posseg"}  # submodules named apart from their package


def cut_all(texts: list[str]) -> None:
    """Bare ``rjieba.cut`` of every text (the baseline of every row)."""
    for t in texts:
        rjieba.cut(t)


def row(name: str, seconds: float, base: float, mb: float, paired: float | None = None) -> None:
    """One printed line: throughput, speed ratio (baseline time / time) and cost ratio; with
    ``paired``, also the paired CPU cost ratio (``cpu_pairs``)."""
    print(
        f"{name:44s} {mb / seconds:7.2f} MB/s   speed ×{base / seconds:6.3f} of rjieba.cut"
        f"   cost ×{seconds / base:7.1f}"
        + (f"   paired CPU: speed ×{1 / paired:6.3f} cost ×{paired:5.2f}" if paired else "")
    )


def cpu_pairs(base: Callable[[], object], path: Callable[[], object], pairs: int) -> float:
    """Median over ``pairs`` back-to-back runs of (CPU time of ``path``) / (CPU time of
    ``base``): on a machine shared with other jobs the two runs of a pair see about the same
    load, and CPU time leaves out the waits, so this ratio varies far less than the ratio of
    two wall-time medians taken a few seconds apart."""
    ratios = []
    for _ in range(pairs):
        start = time.process_time()
        base()
        middle = time.process_time()
        path()
        ratios.append((time.process_time() - middle) / (middle - start))
    return statistics.median(ratios)


def bench_text(repeat: int, copies: int, docs: int, runs: int) -> None:
    """tokenize, token_table, timeline.extract and quantities.extract against rjieba.cut."""
    raw, _ = read_text(default_seed())
    text = raw * repeat
    mb = len(text.encode("utf-8")) / 1e6
    pairs = 2 * runs + 1
    tokenize(raw), rjieba.cut(raw)  # dictionaries loaded before timing
    base = median_time(lambda: rjieba.cut(text), runs)
    print(f"text: seed × {repeat} = {mb:.2f} MB, median of {runs} (paired CPU: of {pairs} pairs)")
    row("bare rjieba.cut (baseline)", base, base, mb)
    paired = cpu_pairs(partial(rjieba.cut, text), partial(tokenize, text), pairs)
    row("analysis.tokenize", median_time(lambda: tokenize(text), runs), base, mb, paired)

    doc = analysis.load(default_seed())
    sentences = [s.text for a in doc.articles for s in a.sentences] * docs
    mb = sum(len(s.encode("utf-8")) for s in sentences) / 1e6
    token_table(doc)  # pyarrow's kernels loaded before timing
    base = median_time(lambda: cut_all(sentences), runs)
    print(f"token_table: loaded seed × {docs} documents, {len(sentences)} sentences, {mb:.2f} MB")
    table = partial(token_table, [doc] * docs)
    paired = cpu_pairs(partial(cut_all, sentences), table, pairs)
    row("token_table (offsets, POS, sentence ids)", median_time(table, runs), base, mb, paired)

    paragraphs = [p for p in raw.split("\n") if p.strip()] * copies
    mb = sum(len(p.encode("utf-8")) for p in paragraphs) / 1e6
    timeline.extract(raw, REFERENCE_DATE), quantities.extract(raw)  # tables loaded, warmed
    base = median_time(lambda: cut_all(paragraphs), runs)
    print(f"extractors: seed × {copies} = {len(paragraphs)} paragraphs, {mb:.2f} MB, one call each")
    timeline_paths = {
        "timeline.extract": lambda: [timeline.extract(p, REFERENCE_DATE) for p in paragraphs],
        "timeline.extract_many (one table)": lambda: timeline.extract_many(
            paragraphs, reference_date=REFERENCE_DATE
        ),
    }
    for name, fn in timeline_paths.items():
        paired = cpu_pairs(partial(cut_all, paragraphs), fn, pairs)
        row(name, median_time(fn, runs), base, mb, paired)
    bench_jionlp(paragraphs, base, mb, runs)
    quantity_paths = {  # bench_quantities.py --profile says where the time goes
        "quantities.extract_records (rows per call)": lambda: [
            quantities.extract_records(p) for p in paragraphs
        ],
        "quantities.extract_many (one DataFrame)": lambda: quantities.extract_many(paragraphs),
        "quantities.extract (a DataFrame per call)": lambda: [
            quantities.extract(p) for p in paragraphs
        ],
    }
    for name, fn in quantity_paths.items():
        paired = cpu_pairs(partial(cut_all, paragraphs), fn, pairs)
        row(name, median_time(fn, runs), base, mb, paired)


# jionlp's extract_time on the same 750 paragraphs, when it was last measured here
JIONLP_RECORDED = (
    "cost ×20–65 of rjieba.cut, ×3.4–7.3 of timeline.extract "
    "(2026-12-01, jionlp 1.5.31, 2-core machine shared, load 2–6)"
)


def bench_jionlp(paragraphs: list[str], base: float, mb: float, runs: int) -> None:
    """jionlp's ``extract_time`` on the same paragraphs (if installed; else the recorded one)."""
    try:
        import jionlp
    except ImportError:
        print(f"{'jionlp.ner.extract_time':44s} not installed; recorded: {JIONLP_RECORDED}")
        return
    stamp = time.mktime(time.strptime(REFERENCE_DATE, "%Y-%m-%d"))
    jionlp.ner.extract_time(paragraphs[0], time_base=stamp)  # its dictionaries loaded
    seconds = median_time(
        lambda: [jionlp.ner.extract_time(p, time_base=stamp) for p in paragraphs], runs
    )
    row("jionlp.ner.extract_time (peer)", seconds, base, mb)


def _cut_count(text: str) -> int:
    """Pool worker of the corpus baseline: segment one document, return its token count."""
    return len(rjieba.cut(text))


def _pool_of_cut(texts: list[str]) -> int:
    """The corpus baseline: a 2-process pool of ``rjieba.cut`` over the documents."""
    with multiprocessing.Pool(2) as pool:
        return sum(pool.map(_cut_count, texts, chunksize=50))


def _read_texts(path: Path) -> list[str]:
    """The texts of a JSONL corpus: what the baseline reads (our run reads and checks them)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh]


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process and of its finished children (the pools' workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time(), children.ru_utime + children.ru_stime


#: The parent's and the workers' CPU seconds (medians) of the last ``wall_and_cpu``.
LAST_SPLIT: dict[str, float] = {}


def wall_and_cpu(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU seconds (parent and workers) of ``runs`` calls; the
    parent's and the workers' medians apart in ``LAST_SPLIT``."""
    walls, cpus, parents, workers = [], [], [], []
    for _ in range(runs):
        (parent, children), wall = _cpu_seconds(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - wall)
        parent_after, children_after = _cpu_seconds()
        parents.append(parent_after - parent)
        workers.append(children_after - children)
        cpus.append(parents[-1] + workers[-1])
    LAST_SPLIT.update(parent=statistics.median(parents), workers=statistics.median(workers))
    return statistics.median(walls), statistics.median(cpus)


def bench_corpus(mb: float, runs: int) -> None:
    """Corpus "frequency" with 2 workers against a 2-process pool of rjieba.cut: both read
    the JSONL file and start their processes; the pool with the texts already in memory
    (the baseline before 2026-12-01, which left the reading to our side only) for comparison."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        n = max(1, int(mb * 1e6 / 2_350))  # a document of 8–20 seed sentences ≈ 2,350 bytes
        write_synthetic_corpus(path, n, sentences=(8, 20))
        texts = _read_texts(path)
        size = path.stat().st_size / 1e6
        held, _ = wall_and_cpu(lambda: _pool_of_cut(texts), runs)
        base, base_cpu = wall_and_cpu(lambda: _pool_of_cut(_read_texts(path)), runs)
        freq, freq_cpu = wall_and_cpu(
            lambda: analyse_corpus(path, "frequency", workers=2, progress=False), runs
        )
        split = dict(LAST_SPLIT)
        worker = _worker_pairs(path, runs)
    print(f"corpus: {n} SYNTHETIC documents, {size:.2f} MB JSONL, median of {runs}")
    row("2-process pool of rjieba.cut (baseline)", base, base, size)
    row('corpus "frequency", 2 workers', freq, base, size)
    print(
        f"    CPU seconds, parent + workers: baseline {base_cpu:.2f}, frequency {freq_cpu:.2f}"
        f" (speed ×{base_cpu / freq_cpu:.3f}); against the pool of texts held in memory"
        f" ({size / held:.2f} MB/s, the old baseline): speed ×{held / freq:.3f}"
    )
    print(
        f"    frequency's CPU: parent {split['parent'] * 1000:.0f} ms,"
        f" workers {split['workers'] * 1000:.0f} ms (medians); wall {freq * 1000:.0f} ms"
    )
    print(
        f"    a worker's counting path in this process (count_batch, batches of 50) vs"
        f" rjieba.cut of the same texts, paired CPU: speed ×{1 / worker:.3f}"
        f" cost ×{worker:.2f}"
    )


def _worker_pairs(path: Path, runs: int) -> float:
    """Paired CPU cost ratio (``cpu_pairs``) of what a worker does per document, without
    processes or reading: ``count_batch`` over the corpus in batches of 50 (the default),
    the dictionaries and the filter's verdicts warm, against ``rjieba.cut`` of the texts."""
    from analysis.corpus.analyses import count_batch, warm_worker
    from analysis.sources import iter_sources

    items = list(iter_sources(path))
    texts = [item.text or "" for item in items]
    batches = [items[k : k + 50] for k in range(0, len(items), 50)]
    warm_worker()
    for batch in batches:  # each distinct word judged once, as a worker's first batches do
        count_batch(batch)
    return cpu_pairs(
        lambda: cut_all(texts), lambda: [count_batch(b) for b in batches], 2 * runs + 1
    )


def _fresh(code: str, runs: int) -> float:
    """Median wall time of a fresh interpreter running ``code``."""
    return median_time(lambda: subprocess.run([sys.executable, "-c", code], check=True), runs)


FIRST_USE = (
    "import analysis; analysis.load; analysis.tokenize; analysis.frequency; "
    "analysis.timeline; analysis.quantities"
)


def slowest_imports(code: str = FIRST_USE, n: int = 6) -> list[tuple[str, float]]:
    """The ``n`` slowest packages (cumulative seconds, ``-X importtime``) that ``code`` imports."""
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    found: dict[str, float] = {}
    for line in err.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].strip()
        if name.startswith("analysis") or ("." in name and name not in WATCHED):
            continue
        found[name] = int(parts[1]) / 1e6
    return sorted(found.items(), key=lambda kv: -kv[1])[:n]


def bench_import(runs: int) -> None:
    """``import analysis`` and its first use against ``import numpy, pandas``, start subtracted."""
    bare = _fresh("pass", runs)
    pandas = _fresh("import numpy, pandas", runs) - bare
    ours = _fresh("import analysis", runs) - bare
    first = _fresh(FIRST_USE, runs) - bare
    print(f"imports: fresh interpreter, median of {runs}, startup {bare:.2f} s subtracted")
    print(f"import numpy, pandas  {pandas:5.2f} s")
    print(f"import analysis       {ours:5.2f} s   ×{ours / pandas:.2f} of numpy + pandas")
    print(
        f"first use of load, tokenize, frequency, timeline, quantities  {first:5.2f} s   "
        f"×{first / pandas:.2f} of numpy + pandas; slowest packages it imports:"
    )
    for name, seconds in slowest_imports():
        print(f"    {name:28s} {seconds:5.2f} s cumulative ({seconds / first:4.0%} of first use)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40, help="seed copies for tokenize")
    parser.add_argument("--docs", type=int, default=5, help="seed documents for token_table")
    parser.add_argument("--paragraph-copies", type=int, default=5, help="seed copies, extractors")
    parser.add_argument("--mb", type=float, default=2.0, help="MB of SYNTHETIC corpus")
    parser.add_argument("--runs", type=int, default=3, help="timed runs, median taken")
    parser.add_argument(
        "--only", choices=["text", "corpus", "import"], help="one section (default: all)"
    )
    args = parser.parse_args()
    if args.only in (None, "text"):
        bench_text(args.repeat, args.paragraph_copies, args.docs, args.runs)
    if args.only in (None, "corpus"):
        bench_corpus(args.mb, args.runs)
    if args.only in (None, "import"):
        bench_import(args.runs)
    print(
        "rebuild of the notebooks: python benchmarks/bench_build.py; "
        "10/40/160 MB time, memory and slope: python benchmarks/bench_scale.py"
    )


if __name__ == "__main__":
    main()
