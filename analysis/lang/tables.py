"""Load and validate the language tables (TSV under ``analysis/lang/zh/``).

A table is a header row and one row per line; ``#`` lines and blank lines are comments. Each
table is read against a :class:`Schema` (columns, types, allowed values, unique keys, regexes
that must compile); any problem raises :class:`TableError` naming the file and line, so a
linguist editing a table sees ``qualifiers.tsv:12: meaning 'aprox' not one of ...`` instead of
a traceback deep inside an extractor.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ZH = Path(__file__).parent / "zh"


class TableError(ValueError):
    """A language table is malformed; the message starts with ``file:line``."""


@dataclass(frozen=True)
class Column:
    """One column: ``kind`` is str, int, float, bool, char (one character), regex or list
    (``|``-separated words); ``choices`` restricts the values; optional columns may be empty."""

    name: str
    kind: str = "str"
    choices: tuple[str, ...] = ()
    optional: bool = False
    default: Any = None


@dataclass(frozen=True)
class Schema:
    """Columns of a table and the column tuples whose values must be unique."""

    columns: tuple[Column, ...]
    unique: tuple[tuple[str, ...], ...] = ()
    check: Callable[[dict[str, Any]], str | None] | None = field(default=None, compare=False)


_BOOL = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _convert(col: Column, raw: str) -> Any:
    """Cell text → typed value; raises ValueError with a short reason."""
    if raw == "":
        if col.optional:
            return col.default
        raise ValueError(f"column {col.name!r} is empty")
    if col.choices and raw not in col.choices:
        raise ValueError(f"{col.name} {raw!r} not one of {', '.join(col.choices)}")
    if col.kind == "int":
        return int(raw)
    if col.kind == "float":
        return float(raw)
    if col.kind == "bool":
        if raw.lower() not in _BOOL:
            raise ValueError(f"{col.name} {raw!r} is not a boolean (true/false)")
        return _BOOL[raw.lower()]
    if col.kind == "char":
        if len(raw) != 1:
            raise ValueError(f"{col.name} {raw!r} must be one character")
        return raw
    if col.kind == "regex":
        try:
            compiled = re.compile(raw)
        except re.error as exc:
            raise ValueError(f"{col.name} {raw!r} is not a valid regex ({exc})") from None
        if compiled.match(""):
            raise ValueError(f"{col.name} {raw!r} matches the empty string")
        return raw
    if col.kind == "list":
        items = tuple(raw.split("|"))
        if any(not item for item in items):
            raise ValueError(f"{col.name} {raw!r} has an empty item")
        return items
    return raw


def parse_table(lines: Sequence[str], schema: Schema, name: str) -> list[dict[str, Any]]:
    """Rows of a TSV given as lines (``name`` is used in error messages)."""
    rows: list[dict[str, Any]] = []
    header: list[str] | None = None
    seen: dict[tuple[str, ...], dict[tuple[Any, ...], int]] = {key: {} for key in schema.unique}
    wanted = [c.name for c in schema.columns]
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in wanted if c not in header]
            extra = [c for c in header if c not in wanted]
            if missing or extra:
                raise TableError(
                    f"{name}:{lineno}: header {header} — missing {missing}, unknown {extra}"
                )
            continue
        if len(cells) > len(header):
            raise TableError(f"{name}:{lineno}: {len(cells)} cells, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        by_name = dict(zip(header, (c.strip() for c in cells), strict=True))
        row: dict[str, Any] = {}
        try:
            for col in schema.columns:
                row[col.name] = _convert(col, by_name[col.name])
            problem = schema.check(row) if schema.check else None
            if problem:
                raise ValueError(problem)
        except ValueError as exc:
            raise TableError(f"{name}:{lineno}: {exc}") from None
        for key, where in seen.items():
            value = tuple(row[k] for k in key)
            if value in where:
                raise TableError(
                    f"{name}:{lineno}: duplicate {'/'.join(key)} {value} (first on line "
                    f"{where[value]})"
                )
            where[value] = lineno
        row["_line"] = lineno
        rows.append(row)
    if header is None:
        raise TableError(f"{name}:1: no header row")
    return rows


def load_table(path: Path | str, schema: Schema) -> list[dict[str, Any]]:
    """Rows of the TSV file at ``path`` (a bare name is looked up in ``analysis/lang/zh``)."""
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = ZH / path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TableError(f"{path}:0: cannot read table ({exc})") from None
    return parse_table(text.splitlines(), schema, path.name)


@functools.cache
def zh_table(name: str, schema: Schema) -> tuple[dict[str, Any], ...]:
    """Cached rows of ``analysis/lang/zh/<name>`` (tables are read once per process)."""
    return tuple(load_table(ZH / name, schema))


def alternation(words: Sequence[str]) -> str:
    """Regex alternation of literal words, longest first (so 上上周 wins over 上周)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
