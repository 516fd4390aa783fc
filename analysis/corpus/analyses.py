"""The per-document analyses of a corpus run and the batch task a worker runs (stage: analyse).

``process_batch`` loads and analyses one batch of items in a worker and returns its table,
its problems (one row per item that could not be analysed: nothing is raised) and notes
(cache repairs), so one bad document never stops a corpus run.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from analysis.corpus.counting import TermCounts, body_groups, count_bodies
from analysis.loading import document_from_item
from analysis.reading import TextFileError
from analysis.sources import Item

PROBLEM_COLUMNS = ["source", "id", "problem"]
WORKER_DIED = "worker died while analysing (the process was killed twice, e.g. out of memory)"


class Result(NamedTuple):
    """What a batch gives back: its table (term counts for "frequency"), problems, documents
    analysed, and notes."""

    table: pd.DataFrame | TermCounts
    problems: list[dict[str, str]]
    documents: int
    notes: list[str]


def _tokens(doc: Any) -> pd.DataFrame:
    from analysis.tokens import token_table

    return token_table(doc)


def _timeline(doc: Any) -> pd.DataFrame:
    from analysis.timeline import build_timeline

    return doc.locate(build_timeline(doc.sentences, doc.date)).drop(columns=["sentences"])


def _quantities(doc: Any) -> pd.DataFrame:
    from analysis.quantities import indicator_table, section_headings

    return doc.locate(indicator_table(doc.sentences, doc.date, headings=section_headings(doc)))


def _summary(doc: Any) -> pd.DataFrame:
    return doc.summary


def document_term_counts(doc: Any) -> pd.DataFrame:
    """Term counts of one loaded document (token, count): the full path of "frequency".

    A corpus run counts by ``analysis.corpus.counting`` instead, without loading documents;
    this function is its reference (a test compares the two).
    """
    from analysis.tokens import tokenize

    counts = Counter(w for a in doc.articles for s in a.sentences for w in tokenize(s.text))
    return pd.DataFrame(  # explicit dtypes: a document without content tokens stays int
        {
            "token": pd.Series(list(counts), dtype=object),
            "count": pd.Series(list(counts.values()), dtype="int64"),
        }
    )


ANALYSES: dict[str, Callable[[Any], pd.DataFrame]] = {
    "tokens": _tokens,
    "timeline": _timeline,
    "quantities": _quantities,
    "summary": _summary,
    "frequency": document_term_counts,
}
TOKENIZING = ("tokens", "frequency")
Analysis = str | Callable[[Any], pd.DataFrame]


def reduce_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Sum term counts (and document frequencies) over documents or batches."""
    if table.empty:
        return pd.DataFrame(columns=["term", "count", "doc_freq"])
    if "doc_freq" not in table:  # per-document counts: each row is one document's count
        table = table.rename(columns={"token": "term"}).assign(doc_freq=1)
    out = table.groupby("term", as_index=False)[["count", "doc_freq"]].sum()
    return out.sort_values(["count", "term"], ascending=[False, True], ignore_index=True)


def columns(analysis: Analysis) -> list[str]:
    """Columns of an analysis's corpus table, so that a run with no document analysed still
    returns a table notebooks can use (empty, with the right columns)."""
    from analysis.document import SUMMARY_COLUMNS
    from analysis.quantities import INDICATOR_COLUMNS
    from analysis.timeline import EVENT_COLUMNS
    from analysis.tokens import TOKEN_COLUMNS

    located = ["expr_raw_start", "expr_raw_end"]
    per_document = {
        "tokens": TOKEN_COLUMNS,
        "timeline": [c for c in EVENT_COLUMNS if c != "sentences"] + located,
        "quantities": INDICATOR_COLUMNS + located,
        "summary": SUMMARY_COLUMNS,
    }
    if analysis == "frequency":
        return ["term", "count", "doc_freq"]
    return ["doc_id", "doc_date", *per_document.get(analysis, [])]  # type: ignore[arg-type]


def problem_row(item: Item, problem: str) -> dict[str, str]:
    return {"source": item.source, "id": item.id, "problem": problem}


def _failed(exc: Exception) -> str:
    """The problem text of an item that could not be analysed."""
    if isinstance(exc, TextFileError | OSError | ValueError):
        return str(exc)
    return f"analysis failed: {type(exc).__name__}: {exc}"


def _analyse(item: Item, fn: Callable[[Any], pd.DataFrame], max_bytes: int | None) -> Any:
    """(document, frame) of one item, or the problem text when it cannot be analysed."""
    try:
        doc = document_from_item(item, max_bytes=max_bytes)
        return doc, fn(doc)
    except Exception as exc:  # one bad document must not stop a corpus run
        return _failed(exc)


def count_batch(batch: list[Item], max_bytes: int | None = None) -> Result:
    """Term counts of one batch by the counting path (no document model, no tables).

    In passes over a group of documents (``counting.body_groups``): the character repairs
    rule by rule, the structure text by text, then the segmenter over all bodies. The same
    work as one document after the other, but each stage's patterns and tables stay in the
    processor's cache (a fifth less time); problems are kept in item order. The bodies of
    a group are counted together (``counting.count_bodies``: arrays of word numbers counted
    by numpy). The counts carry the words this batch judged first, with their verdicts
    (``TermCounts.learned``: the parent of a local run takes them in, ``token_filter.learn``).
    """
    from analysis.token_filter import learned, word_ids

    counts = TermCounts()
    table = word_ids()
    start = len(table.words)
    problems: dict[int, dict[str, str]] = {}
    readable = [k for k, item in enumerate(batch) if not item.problem]
    for k, item in enumerate(batch):
        if item.problem:
            problems[k] = problem_row(item, item.problem)
    for group in body_groups([batch[k] for k in readable], max_bytes=max_bytes):
        bodies = []
        for j, body in group:
            if isinstance(body, Exception):  # one bad document must not stop a corpus run
                problems[readable[j]] = problem_row(batch[readable[j]], _failed(body))
            else:
                bodies.append((readable[j], body))
        for k, exc in count_bodies(bodies, counts).items():
            problems[k] = problem_row(batch[k], _failed(exc))
    if word_ids() is table:  # (a full table is replaced: its words are not sent)
        counts.learned = learned(table, start)
    rows = [problems[k] for k in sorted(problems)]
    return Result(counts, rows, len(batch) - len(rows), [])


def process_batch(
    batch: list[Item],
    analysis: Analysis,
    cache_dir: str | None = None,
    max_bytes: int | None = None,
) -> Result:
    """Load and analyse one batch (runs in a worker): its table, problems, documents, notes.

    ``analysis`` is one of ``ANALYSES`` or a function of a ``Document`` returning a table.
    """
    from analysis.corpus.cache import cached_tokens

    if analysis == "frequency":
        return count_batch(batch, max_bytes)
    fn = ANALYSES[analysis] if isinstance(analysis, str) else analysis
    notes: list[str] = []
    if cache_dir and analysis == "tokens":
        fn = functools.partial(cached_tokens, cache_dir=Path(cache_dir), notes=notes)
    frames, problems, ids, dates = [], [], [], []
    for item in batch:
        if item.problem:
            problems.append(problem_row(item, item.problem))
            continue
        outcome = _analyse(item, fn, max_bytes)
        if isinstance(outcome, str):
            problems.append(problem_row(item, outcome))
            continue
        doc, frame = outcome
        frames.append(frame)
        ids.append(item.id)
        dates.append(item.date or (doc.date.isoformat() if doc.date else None))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if frames:  # document columns added once per batch: per-frame inserts cost more than work
        lengths = [len(f) for f in frames]
        table.insert(0, "doc_id", [v for v, n in zip(ids, lengths, strict=True) for _ in range(n)])
        doc_dates = [v for v, n in zip(dates, lengths, strict=True) for _ in range(n)]
        # object dtype whatever the batch holds: one undated batch must not change the type
        table.insert(1, "doc_date", pd.Series(doc_dates, dtype=object))
    return Result(table, problems, len(batch) - len(problems), notes)


def merge(parts: list[Result]) -> Result:
    """One batch's result from the results of its parts (a batch split document by document)."""
    counted = [p.table for p in parts if isinstance(p.table, TermCounts)]
    frames = [p.table for p in parts if isinstance(p.table, pd.DataFrame) and not p.table.empty]
    if counted:  # term counts: summed again, one pair of counters a batch
        table: pd.DataFrame | TermCounts = TermCounts()
        for counts in counted:
            table.update(counts)
    else:
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return Result(
        table,
        [row for p in parts for row in p.problems],
        sum(p.documents for p in parts),
        [note for p in parts for note in p.notes],
    )


def died(item: Item) -> Result:
    """The result of a document whose worker was killed every time it was analysed."""
    return Result(pd.DataFrame(), [problem_row(item, WORKER_DIED)], 0, [])


WARM_PAGE = Path(__file__).parents[1] / "data" / "warm_page.txt"


def warm_worker() -> None:
    """Load jieba's dictionary once per worker process, before the first batch, and run the
    counting path over a short page (``data/warm_page.txt``, a line of each kind).

    Why the page: run in the parent before the workers are forked (``warm_before_fork``), it
    makes the imports (the filter and its stopword list), compiled patterns and caches of
    the counting path once, which every worker forked from it shares; without it each
    worker of each run paid them on its first batch (about 25 ms of a 12 ms batch).
    """
    from analysis.tokens import segment

    segment("预热")
    count_batch([Item("warm", str(WARM_PAGE), text=WARM_PAGE.read_text(encoding="utf-8"))])
