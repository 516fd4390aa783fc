"""Benchmark: loading throughput (MB/s) and peak memory per MB of input, in one run.

Each case runs in a fresh process (``resource.getrusage`` peak RSS minus the RSS after
imports), so cases do not share memory. Cases: ``single-line`` (the seed's paragraphs joined
into one line and repeated up to ``--mb`` megabytes: the worst case for the character map),
and ``articles`` (many short articles, at N and 2N characters: the ratio of times shows
whether ``document_from_text`` is linear in the number of articles). Throughput is compared
with a baseline measured in the same run: reading and decoding the same file
(``reading.read_text``). The ``repairs`` case times the character repairs alone
(``cleaning.clean_rows``, per MB, median of ``--runs``) against bare ``rjieba.cut`` of the
same texts: SYNTHETIC short documents (``analysis.synthetic``, as in the corpus benchmark)
and the seed repeated as one text. Usage: ``python benchmarks/bench_loading.py [--mb 50]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import median_time  # shared by the benchmarks

CHILD = r"""
import json, resource, sys, time
import analysis
from analysis.reading import read_text
path, kind = sys.argv[1], sys.argv[2]
def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# dictionaries, tokenizer and regexes loaded before measuring (a one-off cost per process)
analysis.document_from_text("工作作出部署，静静矗立。\n\n新华社北京6月1日电 招工招工难题。")
base = rss_mb()
t0 = time.perf_counter()
if kind == "read":
    read_text(path)
else:
    doc = analysis.load(path)
    n_art = len(doc.articles)
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "peak_mb": rss_mb() - base}))
"""


def _run(path: Path, kind: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), kind], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _seed_paragraphs() -> list[str]:
    from analysis.paths import default_seed
    from analysis.reading import read_text

    raw, _ = read_text(default_seed())
    return [p.strip() for p in raw.split("\n") if len(p.strip()) > 30]


def single_line(target: Path, mb: float) -> Path:
    """The seed's body paragraphs on one line, repeated up to ``mb`` megabytes (UTF-8)."""
    line = "".join(_seed_paragraphs())
    reps = max(1, int(mb * 1e6 / len(line.encode("utf-8"))))
    target.write_text(line * reps + "\n", encoding="utf-8")
    return target


def many_articles(target: Path, chars: int) -> Path:
    """Short articles (title, dateline paragraph, body) until ``chars`` characters; each
    has a sentence cut by a displaced block (a paragraph that must move to another article)."""
    paras = _seed_paragraphs()
    parts, n, k = [], 0, 0
    while n < chars:
        body = "\n\n".join(paras[(k + j) % len(paras)] for j in range(3))
        cut = (
            "各地持续推进协作项目落地，创造\n\n" + paras[(k + 5) % len(paras)] + "\n\n出新的成绩。"
        )
        head = f"第{k}号简讯标题\n\n○新华社记者\n\n新华社北京6月{k % 28 + 1}日电"
        art = f"{head} {body}\n\n{cut}\n\n"
        parts.append(art)
        n += len(art)
        k += 1
    target.write_text("".join(parts), encoding="utf-8")
    return target


def _single_line_case(tmp: Path, mb_target: float) -> None:
    big = single_line(tmp / "single.txt", mb_target)
    mb = big.stat().st_size / 1e6
    read = _run(big, "read")
    load = _run(big, "load")
    print(
        f"single-line {mb:.1f} MB: load {load['seconds']:.1f} s ({mb / load['seconds']:.2f} "
        f"MB/s), read alone {read['seconds']:.2f} s; load/read time "
        f"×{load['seconds'] / read['seconds']:.0f}; peak memory {load['peak_mb']:.0f} MB = "
        f"{load['peak_mb'] / mb:.1f} MB per MB of input"
    )


def _articles_case(tmp: Path, chars: int) -> None:
    small = _run(many_articles(tmp / "a1.txt", chars), "load")
    large = _run(many_articles(tmp / "a2.txt", 2 * chars), "load")
    print(
        f"many articles: {chars:,} chars {small['seconds']:.2f} s, {2 * chars:,} chars "
        f"{large['seconds']:.2f} s; ratio ×{large['seconds'] / small['seconds']:.2f} "
        "(2.0 = linear, 4.0 = quadratic)"
    )


def _repairs_case(docs: int, runs: int) -> None:
    """Character repairs per MB against bare ``rjieba.cut`` of the same texts."""
    import rjieba

    from analysis.cleaning import clean_rows
    from analysis.paths import default_seed
    from analysis.reading import read_text
    from analysis.synthetic import synthetic_documents

    seed, _ = read_text(default_seed())
    cases = {
        f"{docs} SYNTHETIC documents": [
            d["text"] for d in synthetic_documents(docs, sentences=(8, 20))
        ],
        "seed × 20, one text": [seed * 20],
    }
    clean_rows("工作作出部署，静静矗立。招工招工难题"), rjieba.cut(seed)  # tables loaded first
    for name, texts in cases.items():
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        base = median_time(lambda texts=texts: [rjieba.cut(t) for t in texts], runs)
        rep = median_time(lambda texts=texts: [clean_rows(t) for t in texts], runs)
        print(
            f"repairs, {name} ({mb:.2f} MB): {rep / mb * 1000:.0f} ms per MB; "
            f"×{rep / base:.2f} the time of rjieba.cut ({base / mb * 1000:.0f} ms per MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the single-line file")
    parser.add_argument("--chars", type=int, default=400_000, help="characters of many articles")
    parser.add_argument("--docs", type=int, default=850, help="SYNTHETIC documents, repairs")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of repairs, median")
    parser.add_argument("--only", choices=["single-line", "articles", "repairs"], help="one case")
    args = parser.parse_args()
    if args.only in (None, "repairs"):
        _repairs_case(args.docs, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "single-line"):
            _single_line_case(Path(tmp), args.mb)
        if args.only in (None, "articles"):
            _articles_case(Path(tmp), args.chars)


if __name__ == "__main__":
    main()
