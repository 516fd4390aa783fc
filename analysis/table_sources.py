"""Table files of articles (CSV, JSONL, Parquet) read row by row, each row checked on its own.

Stage: load, under ``sources``. A table has one article per row: ``text``, optional ``id``,
``date`` (ISO), ``title``. Files are decoded like text files (UTF-8 with or without BOM,
GB18030/GBK as Excel saves CSV in China, Big5), line by line, so one undecodable line, a
non-object JSON line, a row with extra fields or a ``text`` that is not a string is one
problem row naming the file and line, and reading goes on. A file that cannot be read at all
(a truncated Parquet file, a table without a ``text`` column) is one problem row naming it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import math
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from analysis.reading import MAX_BYTES, TextFileError, decode_bytes, plausible_chinese

TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
FIELDS = ("id", "text", "date", "title")
SNIFF_BYTES = 1 << 20
Raw = tuple[str, int, Any, str]  # source label, line or row number, parsed row or problem, encoding
ROW_PROBLEM = object()  # key of a parsed row that is wrong as a whole (its id is still read)
JSON_KINDS = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def iter_rows(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[dict[str, Any]]:
    """Rows of a table file as dicts ``source, id, generated_id, text, date, title, problem``.

    A row without an id gets ``lineN`` (JSONL: its line) or ``rowN`` (CSV, Parquet: its row),
    made unique against the ids the table itself uses.
    """
    suffix = path.suffix.lower()
    reader = READERS[suffix]
    kind = "line" if suffix == ".jsonl" else "row"
    explicit: set[str] | None = None
    last = 0
    try:
        _check_regular(path)
        for label, n, payload, encoding in reader(path, max_bytes):
            last = n
            row = _row(payload, label, f"{kind}{n}", max_bytes, encoding)
            if row["generated_id"] and not row.get("problem"):
                if explicit is None:  # one extra pass, only for tables with id-less rows
                    explicit = _explicit_ids(reader, path, max_bytes)
                row["id"] = _free_id(row["id"], explicit)
            yield row
    except TextFileError as exc:
        yield _file_problem(path, last, str(exc).removeprefix(f"{path}: "))
    except Exception as exc:  # pyarrow, csv, OS errors: the file is named, the run goes on
        yield _file_problem(path, last, f"could not be read ({type(exc).__name__}: {exc})")


def _file_problem(path: Path, last: int, what: str) -> dict[str, Any]:
    where = f"reading stopped after {last} rows: " if last else ""
    return {"source": str(path), "id": "", "generated_id": False, "problem": where + what}


def _check_regular(path: Path) -> None:
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise TextFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    if not stat.S_ISREG(mode):
        raise TextFileError(f"{path}: not a regular file (a FIFO, device or socket): not read")


def _explicit_ids(reader: Callable[[Path, int], Iterator[Raw]], path: Path, limit: int) -> set[str]:
    ids = set()
    for _, _, payload, _ in reader(path, limit):
        if isinstance(payload, dict):
            try:
                rid = _id(payload.get("id"))
            except ValueError:
                continue
            if rid is not None:
                ids.add(rid)
    return ids


def _free_id(candidate: str, taken: set[str]) -> str:
    name, k = candidate, 1
    while name in taken:
        k += 1
        name = f"{candidate}~{k}"
    return name


def _row(payload: Any, source: str, auto_id: str, limit: int, encoding: str) -> dict[str, Any]:
    """Check one parsed row: its id, text, date and title, or the problem with it."""
    out: dict[str, Any] = {"source": source, "id": auto_id, "generated_id": True}
    if isinstance(payload, str):
        return {**out, "problem": payload}
    if not isinstance(payload, dict):
        kind = JSON_KINDS.get(type(payload), type(payload).__name__)
        return {**out, "problem": f"a JSON line that is {kind}, not an object with a 'text' field"}
    try:
        rid = _id(payload.get("id"))
        if rid is not None:
            out.update(id=rid, generated_id=False)
        if ROW_PROBLEM in payload:
            raise ValueError(payload[ROW_PROBLEM])
        if "text" not in payload:
            raise ValueError(f"no 'text' field (fields: {', '.join(map(str, payload)) or 'none'})")
        out["text"] = _text(payload["text"], limit, encoding)
        out["date"] = _date(payload.get("date"))
        title = payload.get("title")
        out["title"] = None if _missing(title) else str(title)
    except ValueError as exc:
        return {**out, "problem": str(exc)}
    return out


def _missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _id(value: Any) -> str | None:
    """An explicit id as given (a number as written), or None when there is none."""
    if _missing(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    raise ValueError(
        f"the id is {JSON_KINDS.get(type(value), type(value).__name__)}, not a string or a number"
    )


def _text(value: Any, limit: int, encoding: str) -> str:
    if isinstance(value, bytes | bytearray):
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("the text is binary data, not UTF-8 text") from None
    if value is None:
        raise ValueError("the text is missing (null)")
    if not isinstance(value, str):
        kind = JSON_KINDS.get(type(value), type(value).__name__)
        raise ValueError(f"the text is {kind}, not a string")
    if len(value) > limit // 4 and len(value.encode("utf-8", "replace")) > limit:
        raise ValueError(f"the text is over the size limit of {limit / 1024 / 1024:.1f} MB")
    if not value.strip():
        raise ValueError("the text is empty (no text to analyse)")
    if encoding not in ("utf-8", "str") and not plausible_chinese(value):
        raise ValueError(f"the text read as {encoding} is implausible for Chinese")
    return value


def _date(value: Any) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"the date {text!r} is not an ISO date (YYYY-MM-DD)") from None
    return text[:10]


# --- readers: each yields (source label, number, parsed row or problem text, encoding) --------


def _sniff(head: bytes, path: Path) -> tuple[str, int]:
    """Encoding of a line-based table and the length of its BOM, from its first megabyte.

    UTF-8 unless most non-ASCII lines are not UTF-8 (then the bad ones are problem rows);
    else the text-file detector decides on the lines that are not UTF-8 (GB18030, Big5 ...)
    and refuses Shift-JIS, EUC-KR and the like. Lines no Chinese encoding reads (stray bytes)
    leave the table UTF-8: they become problem rows, the file's other rows are kept.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", len(codecs.BOM_UTF8)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TextFileError(f"{path}: a UTF-16 table file; re-save it as UTF-8")
    lines = [line for line in head.split(b"\n") if not line.isascii()]
    bad = [line for line in lines if not _utf8_so_far(line)]
    if len(bad) <= len(lines) - len(bad):  # GBK or Big5 lines are almost never valid UTF-8
        return "utf-8", 0
    try:
        _, encoding = decode_bytes(b"\n".join(bad), str(path))
    except TextFileError:
        return "utf-8", 0
    return encoding, 0


def _utf8_so_far(line: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(line, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _lines(fh: Any, limit: int) -> Iterator[bytes | None]:
    """Lines of a binary file; None for a line over ``limit`` bytes (skipped, never held)."""
    while line := fh.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield line


def _over(limit: int) -> str:
    return f"the line is over the size limit of {limit / 1024 / 1024:.1f} MB"


def _jsonl(path: Path, limit: int) -> Iterator[Raw]:
    with path.open("rb") as fh:
        encoding, skip = _sniff(fh.read(SNIFF_BYTES), path)
        fh.seek(skip)
        for n, line in enumerate(_lines(fh, limit), 1):
            label = f"{path}, line {n}"
            if line is None:
                yield label, n, _over(limit), encoding
                continue
            if not line.strip():
                continue
            try:
                text = line.decode(encoding)
            except UnicodeDecodeError as exc:
                yield label, n, f"not valid {encoding} ({exc.reason} at byte {exc.start})", encoding
                continue
            try:
                yield label, n, json.loads(text), encoding
            except (ValueError, RecursionError) as exc:
                yield label, n, f"bad JSON: {exc}", encoding


def _csv(path: Path, limit: int) -> Iterator[Raw]:
    csv.field_size_limit(max(csv.field_size_limit(), limit + 1))
    with path.open("rb") as fh:
        encoding, skip = _sniff(fh.read(SNIFF_BYTES), path)
        fh.seek(skip)
        bad: dict[int, str] = {}
        reader = csv.reader(_decoded(fh, encoding, limit, bad))
        header = next(reader, None)
        if header is None:
            return
        if "text" not in header:
            raise TextFileError(f"{path}: no 'text' column (columns: {', '.join(header)})")
        start, n = reader.line_num + 1, 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                fields, problem = None, f"bad CSV: {exc}"
            first, start = start, reader.line_num + 1
            if fields == []:
                continue
            n += 1
            faults = [bad.pop(k) for k in range(first, start) if k in bad]
            label = f"{path}, line {first}"
            if fields is None or faults:
                yield label, n, faults[0] if faults else problem, encoding
                continue
            row: dict[Any, Any] = dict(zip(header, fields, strict=False))
            if len(fields) > len(header):
                row[ROW_PROBLEM] = f"{len(fields)} fields where the header has {len(header)}"
            yield label, n, row, encoding


def _decoded(fh: Any, encoding: str, limit: int, bad: dict[int, str]) -> Iterator[str]:
    for k, line in enumerate(_lines(fh, limit), 1):
        if line is None:
            bad[k] = _over(limit)
            yield "\n"
            continue
        try:
            yield line.decode(encoding)
        except UnicodeDecodeError as exc:
            bad[k] = f"not valid {encoding} ({exc.reason} at byte {exc.start})"
            yield line.decode(encoding, "replace")


def _parquet(path: Path, limit: int) -> Iterator[Raw]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:
        raise TextFileError(
            f"{path}: not a readable Parquet file ({type(exc).__name__}: {exc})"
        ) from None
    names = pf.schema_arrow.names
    if "text" not in names:
        raise TextFileError(f"{path}: no 'text' column (columns: {', '.join(names)})")
    n = 0
    for batch in pf.iter_batches(batch_size=64, columns=[c for c in FIELDS if c in names]):
        for row in batch.to_pylist():
            n += 1
            yield f"{path}, row {n}", n, row, "str"


READERS: dict[str, Callable[[Path, int], Iterator[Raw]]] = {
    ".jsonl": _jsonl,
    ".csv": _csv,
    ".parquet": _parquet,
}
