"""Many documents: streaming sources, parallel or Dask execution, one problems table.

Stage: load (many files or rows) → the same per-document analyses as for one text → pandas
tables. ``iter_sources`` reads lazily from a folder, a glob, a list of paths, or a CSV / JSONL /
Parquet file with one article per row; ``analyse_corpus`` runs an analysis over batches of
documents on local processes (``engine="local"``) or on a Dask cluster (``engine="dask"``)
and returns the same tables either way, plus every problem met, file by file.
"""

from __future__ import annotations

import datetime as dt
import functools
import glob as globlib
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.loading import TEXT_SUFFIXES, document_from_text
from analysis.reading import TextFileError, decode_bytes

TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
PROBLEM_COLUMNS = ["source", "id", "problem"]
Result = tuple[pd.DataFrame, list[dict[str, str]], int]  # table, problems, documents done


@dataclass(frozen=True)
class Item:
    """One article to analyse: where it came from, and its text or the path to read it from."""

    id: str
    source: str
    path: str | None = None
    text: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def iter_sources(source: str | Path | Iterable[str | Path]) -> Iterator[Item]:
    """Yield articles lazily from a folder, a glob, a list of paths or a table file.

    A table file (``.csv``, ``.jsonl``, ``.parquet``) has one article per row: a ``text``
    column, and optionally ``id``, ``date``, ``title``. Text files are read only when their
    batch is processed, so memory holds one batch of raw texts at a time.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        if path.suffix.lower() in TABLE_SUFFIXES and path.is_file():
            yield from _iter_table(path)
            return
        if path.is_dir():
            paths = sorted(p for p in path.iterdir() if p.suffix.lower() in TEXT_SUFFIXES)
        elif any(ch in str(source) for ch in "*?["):
            paths = sorted(Path(p) for p in globlib.glob(str(source), recursive=True))
        else:
            paths = [path]
    else:
        paths = [Path(p) for p in source]
    for p in paths:
        yield Item(id=p.stem, source=str(p), path=str(p))


def _iter_table(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            for k, line in enumerate(fh):
                if line.strip():
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as exc:
                        row = {"id": f"line{k + 1}", "text": "", "error": f"bad JSON: {exc}"}
                    yield _row_item(row, k, path)
        return
    if suffix == ".csv":
        for chunk in pd.read_csv(path, chunksize=1000, dtype=str, keep_default_na=False):
            for k, row in zip(chunk.index, chunk.to_dict("records"), strict=True):
                yield _row_item(row, int(k), path)
        return
    import pyarrow.parquet as pq

    offset = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1000):
        for k, row in enumerate(batch.to_pylist()):
            yield _row_item(row, offset + k, path)
        offset += batch.num_rows


def _row_item(row: dict[str, Any], k: int, path: Path) -> Item:
    if "text" not in row:
        raise TextFileError(f"{path}: no 'text' column (columns: {', '.join(row)})")
    meta = {c: row[c] for c in ("date", "title", "error") if row.get(c) not in (None, "")}
    return Item(
        id=str(row.get("id") or k), source=f"{path}#{k}", text=str(row["text"] or ""), meta=meta
    )


PERIOD_WIDTHS = {"year": 4, "month": 7}


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


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


# --- per-document analyses: each returns one DataFrame per document --------------------------


def _tokens(doc: Any) -> pd.DataFrame:
    from analysis.tokens import token_table

    return token_table(doc)


def _timeline(doc: Any) -> pd.DataFrame:
    from analysis.timeline import build_timeline

    return doc.locate(build_timeline(doc.sentences, doc.date)).drop(columns=["sentences"])


def _quantities(doc: Any) -> pd.DataFrame:
    from analysis.quantities import indicator_table

    return doc.locate(indicator_table(doc.sentences, doc.date))


def _summary(doc: Any) -> pd.DataFrame:
    return doc.summary


def _term_counts(doc: Any) -> pd.DataFrame:
    from collections import Counter

    from analysis.tokens import tokenize

    # The same tokens as ``token_table`` (the sentences' content words), without offsets:
    # counting needs no raw spans, and skipping them makes frequencies the cheapest analysis.
    counts = Counter(w for a in doc.articles for s in a.sentences for w in tokenize(s.text))
    return pd.DataFrame(  # explicit dtypes: a document without content tokens stays int
        {
            "token": pd.Series(list(counts), dtype=object),
            "count": pd.Series(list(counts.values()), dtype="int64"),
        }
    )


def _reduce_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Sum term counts (and document frequencies) over documents or batches."""
    if table.empty:
        return pd.DataFrame(columns=["term", "count", "doc_freq"])
    if "doc_freq" not in table:  # per-document counts: each row is one document's count
        table = table.rename(columns={"token": "term"}).assign(doc_freq=1)
    out = table.groupby("term", as_index=False)[["count", "doc_freq"]].sum()
    return out.sort_values(["count", "term"], ascending=[False, True], ignore_index=True)


def _columns(analysis: str) -> list[str]:
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
    return ["doc_id", "doc_date", *per_document[analysis]]


ANALYSES: dict[str, Callable[[Any], pd.DataFrame]] = {
    "tokens": _tokens,
    "timeline": _timeline,
    "quantities": _quantities,
    "summary": _summary,
    "frequency": _term_counts,
}


CACHE_VERSION = "tokens-v2"  # v2: both engines tag from the dictionaries


def _dictionary_fingerprint() -> str:
    """Hash of everything that changes tokens: the active dictionary packs, stopwords."""
    from analysis.dictionaries import active_dictionaries

    return _fingerprint_of(active_dictionaries())


@functools.cache
def _fingerprint_of(packs: tuple[str, ...]) -> str:
    """Hash of the packs' files, the domain stopwords and the cache version."""
    from analysis.dictionaries import pack_files
    from analysis.tokens import DOMAIN_STOPWORDS

    digest = hashlib.sha256(CACHE_VERSION.encode() + ",".join(packs).encode())
    for path in (*pack_files(packs), DOMAIN_STOPWORDS):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(raw: str) -> str:
    """Key of a document's token table: its text and the dictionaries that tokenized it."""
    return hashlib.sha256((_dictionary_fingerprint() + raw).encode("utf-8")).hexdigest()[:32]


def _cached_tokens(doc: Any, cache_dir: Path) -> pd.DataFrame:
    """The token table from ``cache_dir`` (Parquet) when text and dictionary are unchanged."""
    path = cache_dir / f"{cache_key(doc.raw)}.parquet"
    if path.exists():
        table = pd.read_parquet(path)
        table["doc"] = doc.doc_id
        return table
    table = _tokens(doc)
    cache_dir.mkdir(parents=True, exist_ok=True)
    table.to_parquet(path, index=False)
    return table


def load_item(item: Item) -> Any:
    """Read (unless the text is given), repair and structure one article: a ``Document``.

    A table's ``date`` becomes the reference date. Raises ``TextFileError`` naming the source
    for a missing, unreadable, empty or binary file, or a bad JSON line.
    """
    if item.meta.get("error"):
        raise TextFileError(f"{item.source}: {item.meta['error']}")
    if item.text is not None:
        raw, encoding = item.text, "str"
    else:
        try:
            data = Path(item.path or "").read_bytes()
        except OSError as exc:
            raise TextFileError(f"{item.source}: cannot read the file ({exc.strerror})") from None
        raw, encoding = decode_bytes(data, item.source)
    doc = document_from_text(raw, path=Path(item.path or item.id), encoding=encoding)
    if item.meta.get("date"):  # the table's own date is the reference date
        doc.date = dt.date.fromisoformat(str(item.meta["date"])[:10])
        doc.date_method = f"date column of {item.source}"
    return doc


def process_batch(
    batch: list[Item], analysis: str, cache_dir: str | None = None
) -> tuple[pd.DataFrame, list[dict[str, str]], int]:
    """Load and analyse one batch (runs in a worker): its table, problems, documents done.

    Problems (unreadable, empty, binary files) are returned, not raised.
    """
    fn = ANALYSES[analysis]
    if cache_dir and analysis == "tokens":
        fn = functools.partial(_cached_tokens, cache_dir=Path(cache_dir))
    frames, problems = [], []
    ids: list[str] = []
    dates: list[str | None] = []
    for item in batch:
        if item.meta.get("error"):
            problems.append({"source": item.source, "id": item.id, "problem": item.meta["error"]})
            continue
        try:
            doc = load_item(item)
            frame = fn(doc)
        except (TextFileError, OSError, ValueError) as exc:
            problems.append({"source": item.source, "id": item.id, "problem": str(exc)})
            continue
        except Exception as exc:  # one bad document must not stop a corpus run
            problems.append(
                {
                    "source": item.source,
                    "id": item.id,
                    "problem": f"analysis failed: {type(exc).__name__}: {exc}",
                }
            )
            continue
        frames.append(frame)
        ids.append(item.id)
        dates.append(item.meta.get("date") or (doc.date.isoformat() if doc.date else None))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if frames:  # document columns added once per batch: per-frame inserts cost more than work
        lengths = [len(f) for f in frames]
        table.insert(0, "doc_id", [v for v, n in zip(ids, lengths, strict=True) for _ in range(n)])
        table.insert(
            1, "doc_date", [v for v, n in zip(dates, lengths, strict=True) for _ in range(n)]
        )
    if analysis == "frequency":  # reduce in the worker: a batch sends back one small table
        table = _reduce_counts(table)
    return table, problems, len(batch) - len(problems)


@dataclass
class CorpusResult:
    """An analysis of a whole corpus: its table, the problems met, and how many documents."""

    table: pd.DataFrame
    problems: pd.DataFrame
    documents: int

    @property
    def summary(self) -> str:
        return f"{self.documents} documents analysed, {len(self.problems)} problems (see .problems)"


def analyse_corpus(
    source: str | Path | Iterable[str | Path] | Iterable[Item],
    analysis: str = "tokens",
    *,
    engine: str = "local",
    workers: int = 2,
    batch_size: int = 50,
    client: Any = None,
    progress: bool = True,
    cache_dir: str | Path | None = None,
) -> CorpusResult:
    """Run an analysis over a corpus: "tokens", "timeline", "quantities", "summary" (one row
    per article), or "frequency" (term counts and document frequencies, reduced batch by batch
    so memory does not grow with the corpus).

    ``engine="local"`` uses ``workers`` processes (1 = in this process); ``engine="dask"``
    maps the batches over a ``dask.distributed`` client (the one given, or a LocalCluster
    with ``workers`` workers). Both return the same table, in source order.
    """
    if analysis not in ANALYSES:
        raise ValueError(f"unknown analysis {analysis!r}; choose one of {sorted(ANALYSES)}")
    items = source if _is_items(source) else iter_sources(source)  # type: ignore[arg-type]
    items, problems = _dedupe(items)
    batches = _batches(items, batch_size)
    cache = str(cache_dir) if cache_dir else None
    results = _Results(analysis)
    if engine == "local":
        _run_local(batches, analysis, workers, progress, cache, results)
    elif engine == "dask":
        _run_dask(batches, analysis, workers, client, cache, progress, results)
    else:
        raise ValueError(f"unknown engine {engine!r}; choose 'local' or 'dask'")
    problems.extend(results.problem_rows())
    return CorpusResult(
        results.table(), pd.DataFrame(problems, columns=PROBLEM_COLUMNS), results.documents
    )


class _Results:
    """Batch results, put back in source order at the end.

    Term counts are folded in as they arrive: a frequency run keeps one table the size of the
    vocabulary, not one table per batch (which grew the parent by ~100 KB a batch).
    """

    FOLD_EVERY = 32

    def __init__(self, analysis: str) -> None:
        self.analysis = analysis
        self.fold = analysis == "frequency"
        self.tables: dict[int, pd.DataFrame] = {}
        self.problems: dict[int, list[dict[str, str]]] = {}
        self.documents = 0
        self._counts: list[pd.DataFrame] = []

    def add(self, k: int, result: Result) -> None:
        table, problems, n = result
        self.problems[k] = problems
        self.documents += n
        if not self.fold:
            self.tables[k] = table
            return
        if not table.empty:
            self._counts.append(table)
        if len(self._counts) >= self.FOLD_EVERY:
            self._counts = [_reduce_counts(pd.concat(self._counts, ignore_index=True))]

    def table(self) -> pd.DataFrame:
        if self.fold:
            counts = pd.concat(self._counts, ignore_index=True) if self._counts else pd.DataFrame()
            return _reduce_counts(counts)
        frames = [self.tables[k] for k in sorted(self.tables) if not self.tables[k].empty]
        if frames:
            return pd.concat(frames, ignore_index=True)
        return pd.DataFrame(columns=_columns(self.analysis))

    def problem_rows(self) -> list[dict[str, str]]:
        return [p for k in sorted(self.problems) for p in self.problems[k]]


def _is_items(source: Any) -> bool:
    return isinstance(source, list) and bool(source) and isinstance(source[0], Item)


def _dedupe(items: Iterable[Item]) -> tuple[Iterator[Item], list[dict[str, str]]]:
    """Skip items whose id was seen before, recording each as a problem (lazily)."""
    problems: list[dict[str, str]] = []
    seen: set[str] = set()

    def gen() -> Iterator[Item]:
        for item in items:
            if item.id in seen:
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


def _run_local(
    batches: Iterator[list[Item]],
    analysis: str,
    workers: int,
    progress: bool,
    cache: str | None,
    results: _Results,
) -> None:
    bar = _progress(progress)
    if workers <= 1:
        for k, batch in enumerate(batches):
            results.add(k, process_batch(batch, analysis, cache))
            bar.update(len(batch))
        bar.close()
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm_worker) as pool:
        pending: dict[Future, tuple[int, int]] = {}
        for k, batch in enumerate(batches):
            pending[pool.submit(process_batch, batch, analysis, cache)] = (k, len(batch))
            if len(pending) >= 2 * workers:  # bounded: at most 2 batches per worker in memory
                _collect(pending, results, bar, wait(pending, return_when=FIRST_COMPLETED).done)
        _collect(pending, results, bar, wait(pending).done)
    bar.close()


def _collect(pending: dict, results: _Results, bar: Any, done: set) -> None:
    for fut in done:
        k, n = pending.pop(fut)
        results.add(k, fut.result())
        bar.update(n)


def _warm_worker() -> None:
    """Load jieba's dictionary once per worker process, before the first batch."""
    from analysis.tokens import segment

    segment("预热")


def _progress(enabled: bool) -> Any:
    # The text bar, not the ipywidgets one: a notebook saved after a headless run shows a
    # widget as "Error displaying widget: model not found", the text bar as its last line.
    from tqdm.std import tqdm

    return tqdm(total=None, unit="doc", disable=not enabled, mininterval=1.0)


def _run_dask(
    batches: Iterator[list[Item]],
    analysis: str,
    workers: int,
    client: Any,
    cache: str | None,
    progress: bool,
    results: _Results,
) -> None:
    """Map batches over a Dask cluster, streaming: at most two batches per worker in flight.

    Futures submitted as others finish (``as_completed``), not one ``client.map`` over a
    list, so the client never holds the whole corpus; results are put back in source order.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    own = client is None
    if own:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
    bar = _progress(progress)
    try:
        client.run(_warm_worker)
        window = 2 * max(1, len(client.scheduler_info()["workers"]))
        keys: dict[Any, tuple[int, int]] = {}

        def submit(k: int, batch: list[Item]) -> Any:
            fut = client.submit(process_batch, batch, analysis, cache, pure=False)
            keys[fut.key] = (k, len(batch))
            return fut

        numbered = enumerate(batches)
        running = as_completed([submit(k, b) for k, b in islice(numbered, window)])
        try:
            for fut in running:
                k, n = keys.pop(fut.key)
                results.add(k, fut.result())
                bar.update(n)
                nxt = next(numbered, None)
                if nxt is not None:
                    running.add(submit(*nxt))
        except BaseException:  # a failed batch or an interrupt: free the user's cluster
            client.cancel(list(running.futures))
            raise
    finally:
        bar.close()
        if own:
            client.close()
            cluster.close()
