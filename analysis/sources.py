"""Corpus sources: folders, globs, lists of files and tables read into raw items (stage: load).

``iter_sources`` yields one ``Item`` per article, lazily: a file to read later, or a table
row's text with its id, date and title. Whatever is wrong with one file or row becomes that
item's ``problem`` (the source and line or row are named) and reading goes on; a source that
matches nothing yields one problem item, never an empty success. Ids are unique by
construction: a file's id is its path relative to the source (suffix kept), and a row without
an id gets ``line N`` / ``row N`` unless the table itself uses that id. Used by
``loading.load_corpus`` and ``corpus.analyse_corpus``; imports neither.
"""

from __future__ import annotations

import glob as globlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from analysis import reading
from analysis.reading import TextFileError, read_text
from analysis.table_sources import TABLE_SUFFIXES, iter_rows

TEXT_SUFFIXES = (".txt", ".text", ".md")
GLOB_CHARS = "*?["


@dataclass(frozen=True)
class Item:
    """One article to analyse: where it came from, and its text or the path to read it from.

    ``problem`` says what is wrong with it (a bad row, a source that matched nothing): such an
    item is reported, not analysed.
    """

    id: str
    source: str
    path: str | None = None
    text: str | None = None
    date: str | None = None
    title: str | None = None
    problem: str | None = None


def iter_sources(
    source: str | Path | Iterable[str | Path], *, max_bytes: int | None = None
) -> Iterator[Item]:
    """Yield articles lazily from a folder, a glob, a list of paths or a table file.

    A folder gives its text files (``.txt``, ``.text``, ``.md``, sub-folders included, hidden
    files skipped); a glob or a list gives every path it names, a table file (``.csv``,
    ``.jsonl``, ``.parquet``: a ``text`` column, optional ``id``, ``date``, ``title``) one
    item per row. Text files are read only when their batch is processed.
    """
    paths, base, nothing = _expand(source)
    tables = sum(1 for p in paths if _is_table(p))
    yielded = 0
    for path in paths:
        if _is_table(path):
            prefix = f"{_relative(path, base)}:" if tables > 1 else ""
            for row in iter_rows(path, max_bytes=_limit(max_bytes)):
                yielded += 1
                yield _row_item(row, prefix)
        else:
            yielded += 1
            yield Item(id=_relative(path, base), source=str(path), path=str(path))
    if not yielded:
        yield Item(id="", source=str(source), problem=f"no documents matched: {nothing}")


def _limit(max_bytes: int | None) -> int:
    return reading.MAX_BYTES if max_bytes is None else max_bytes  # looked up now: configurable


def _is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES and not path.is_dir()


def _relative(path: Path, base: Path) -> str:
    try:
        return path.absolute().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _expand(source: str | Path | Iterable[str | Path]) -> tuple[list[Path], Path, str]:
    """The paths a source names, the folder ids are relative to, and what "nothing" means."""
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            return _folder(path)
        if any(ch in str(source) for ch in GLOB_CHARS) and not path.exists():
            paths = sorted(Path(p) for p in globlib.glob(str(source), recursive=True))
            return paths, _glob_base(str(source)), f"the pattern {source} matches no file"
        if _is_table(path):
            return [path], path.absolute().parent, f"{path} has no rows"
        return [path], path.absolute().parent, str(path)
    paths = [Path(p) for p in source]
    parents = [str(p.absolute().parent) for p in paths]
    base = Path(os.path.commonpath(parents)) if parents else Path.cwd()
    return paths, base, "the list of sources is empty"


def _folder(path: Path) -> tuple[list[Path], Path, str]:
    found: dict[str, int] = {}
    paths = []
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path)
        if any(part.startswith(".") for part in rel.parts) or p.is_dir():
            continue
        if p.suffix.lower() in TEXT_SUFFIXES:
            paths.append(p)
        else:
            suffix = p.suffix.lower() or "(no suffix)"
            found[suffix] = found.get(suffix, 0) + 1
    held = ", ".join(f"{n} {suffix}" for suffix, n in sorted(found.items()))
    nothing = f"no text files ({', '.join(TEXT_SUFFIXES)}) in the folder {path}" + (
        f" (it holds {held}; a table file is read when named itself)" if held else " (it is empty)"
    )
    return paths, path.absolute(), nothing


def _glob_base(pattern: str) -> Path:
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if any(ch in part for ch in GLOB_CHARS):
            break
        fixed.append(part)
    return Path(*fixed).absolute() if fixed else Path.cwd()


def _row_item(row: dict, prefix: str) -> Item:
    """A table row (from ``table_sources.iter_rows``) as an item; its id prefixed when the source
    has several tables, so generated ids of different tables cannot meet."""
    rid = row.get("id")
    return Item(
        id=f"{prefix}{rid}" if rid and row.get("generated_id") else (rid or ""),
        source=row["source"],
        text=row.get("text"),
        date=row.get("date"),
        title=row.get("title"),
        problem=row.get("problem"),
    )


def read_item(item: Item, *, max_bytes: int | None = None) -> tuple[str, str]:
    """The raw text of an item and its encoding ("str" for a table's text).

    Raises ``TextFileError`` naming the source: the item's own problem, or a file that is
    missing, not a regular file, over the size limit, empty, binary or undecodable.
    """
    if item.problem:
        raise TextFileError(f"{item.source}: {item.problem}")
    if item.text is not None:
        return item.text, "str"
    path = Path(item.path or "")
    if not os.path.lexists(path):
        raise TextFileError(f"{item.source}: cannot read the file (no such file)")
    return read_text(path, max_bytes=_limit(max_bytes))
