"""Many documents: streaming sources, parallel or Dask execution, one problems table.

Stage: load (many files or rows, ``analysis.sources``) → the same per-document analyses as for
one text → pandas tables. ``analyse_corpus`` runs an analysis over batches of documents on
local processes (``engine="local"``) or on a Dask cluster (``engine="dask"``) and returns the
same tables either way, plus every problem met, input by input: every input ends up either
analysed or as one problem row (bad rows and files, duplicate ids, documents whose worker was
killed), so ``documents + len(problems)`` is the number of inputs.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.corpus.analyses import (
    ANALYSES,
    PROBLEM_COLUMNS,
    TOKENIZING,
    WORKER_DIED,
    Analysis,
    process_batch,
    warm_worker,
)
from analysis.corpus.cache import CACHE_VERSION, cache_key, usable_cache_dir
from analysis.corpus.crew import Crew
from analysis.corpus.engines import Results, local_cluster, run_dask, run_local
from analysis.loading import document_from_item as load_item
from analysis.sources import TEXT_SUFFIXES, Item, iter_sources
from analysis.table_sources import TABLE_SUFFIXES

# Where local worker processes cannot run (Windows: no select.poll), a corpus run says so
NO_LOCAL_WORKERS = (
    "local worker processes need select.poll (Linux, macOS): this run used one process; "
    "engine='dask' runs in parallel here"
)

__all__ = [
    "ANALYSES",
    "CACHE_VERSION",
    "PROBLEM_COLUMNS",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "WORKER_DIED",
    "CorpusResult",
    "CorpusWarning",
    "Item",
    "analyse_corpus",
    "cache_key",
    "corpus_source",
    "iter_sources",
    "load_item",
    "local_cluster",
    "period_of",
    "process_batch",
]

PERIOD_WIDTHS = {"year": 4, "month": 7}


class CorpusWarning(UserWarning):
    """Something a corpus run worked around: an unusable cache folder, repaired entries."""


def period_of(dates: pd.Series, period: str = "year") -> pd.Series:
    """Period labels of ISO dates: "2024" (year) or "2024-06" (month); missing → "undated"."""
    if period not in PERIOD_WIDTHS:
        raise ValueError(f"unknown period {period!r}; choose one of {sorted(PERIOD_WIDTHS)}")
    labels = dates.astype("string").str[: PERIOD_WIDTHS[period]].fillna("undated")
    return labels.astype(object)


def corpus_source(corpus: str | Path | None) -> tuple[str | Path, str]:
    """The corpus a notebook analyses and how to name it: ``None`` means every text in seeds/."""
    from analysis.paths import SEEDS_DIR

    if corpus is None:
        return SEEDS_DIR, "seeds/ (every text file)"
    return corpus, str(corpus)


@dataclass
class CorpusResult:
    """An analysis of a whole corpus: its table, the problems met, how many documents, and
    the warnings of the run (cache repairs, local workers not available)."""

    table: pd.DataFrame
    problems: pd.DataFrame
    documents: int
    warnings: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return f"{self.documents} documents analysed, {len(self.problems)} problems (see .problems)"


def analyse_corpus(
    source: str | Path | Iterable[str | Path] | Iterable[Item],
    analysis: Analysis = "tokens",
    *,
    engine: str = "local",
    workers: int = 2,
    batch_size: int = 50,
    client: Any = None,
    progress: bool = True,
    cache_dir: str | Path | None = None,
    max_bytes: int | None = None,
) -> CorpusResult:
    """Run an analysis over a corpus: "tokens", "timeline", "quantities", "summary" (one row
    per article), "frequency" (term counts and document frequencies, reduced batch by batch
    so memory does not grow with the corpus), or a function of a ``Document`` returning a
    table (importable by the workers).

    ``engine="local"`` uses ``workers`` processes (1 = in this process); ``engine="dask"``
    maps the batches over a ``dask.distributed`` client (the one given, or a LocalCluster
    with ``workers`` workers). Both return the same table, in source order. ``max_bytes``
    caps one document (default ``analysis.reading.MAX_BYTES``, 200 MB): a larger one is a
    problem, not an out-of-memory kill.
    """
    if isinstance(analysis, str) and analysis not in ANALYSES:
        raise ValueError(f"unknown analysis {analysis!r}; choose one of {sorted(ANALYSES)}")
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r}; choose 'local' or 'dask'")
    notes: list[str] = []
    cache = None
    if cache_dir is not None and analysis == "tokens":
        cache, why_not = usable_cache_dir(cache_dir)
        notes += [why_not] if why_not else []
    items = source if _is_items(source) else iter_sources(source, max_bytes=max_bytes)
    items, problems = _dedupe(items)  # type: ignore[arg-type]
    task = functools.partial(process_batch, analysis=analysis, cache_dir=cache, max_bytes=max_bytes)
    warm = warm_worker if analysis in TOKENIZING else None
    results = _Run(analysis, progress)
    batches = _batches(items, batch_size)
    if engine == "local" and workers > 1 and not Crew.available():  # Windows: one process
        notes.append(NO_LOCAL_WORKERS)
        workers = 1
    try:
        if engine == "local":
            run_local(batches, task, workers, results, results.bar, warm)
        else:
            run_dask(batches, task, workers, client, results, results.bar, warm)
    finally:
        results.bar.close()
    problems.extend(results.problem_rows())
    notes += _cache_notes(results.notes)
    for note in notes:
        warnings.warn(note, CorpusWarning, stacklevel=2)
    return CorpusResult(
        results.table(), pd.DataFrame(problems, columns=PROBLEM_COLUMNS), results.documents, notes
    )


class _Run(Results):
    """Results with the progress bar of the run (tqdm's text bar: a notebook saved after a
    headless run shows a widget bar as "Error displaying widget: model not found")."""

    def __init__(self, analysis: Analysis, progress: bool) -> None:
        from tqdm.std import tqdm

        super().__init__(analysis)
        self.bar = tqdm(total=None, unit="doc", disable=not progress, mininterval=1.0)


def _cache_notes(notes: list[str]) -> list[str]:
    """One warning for all cache repairs of a run, naming the first few entries."""
    if not notes:
        return []
    shown = "; ".join(notes[:3]) + (f"; and {len(notes) - 3} more" if len(notes) > 3 else "")
    return [f"token cache: {len(notes)} entries repaired or not written: {shown}"]


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _is_items(source: Any) -> bool:
    return isinstance(source, list) and bool(source) and isinstance(source[0], Item)


def _dedupe(items: Iterable[Item]) -> tuple[Iterator[Item], list[dict[str, str]]]:
    """Skip documents whose id was seen before, recording each as a problem (lazily)."""
    problems: list[dict[str, str]] = []
    seen: set[str] = set()

    def gen() -> Iterator[Item]:
        for item in items:
            if item.problem is None and item.id in seen:
                problems.append(
                    {
                        "source": item.source,
                        "id": item.id,
                        "problem": "duplicate id: skipped (first occurrence kept)",
                    }
                )
                continue
            seen.add(item.id)
            yield item

    return gen(), problems
