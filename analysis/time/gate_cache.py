"""The time rules' pre-checks (``prefilter.guarded``, ``prefilter.gates``) kept between processes.

Reading them from the rules' parsed patterns takes about 0.1 s, paid by every process that
imports ``analysis.timeline`` (each notebook kernel, each corpus run). They depend only on
the pattern, the code of ``analysis.time.prefilter`` and Python's regex parser, so they are
kept in ``build/time_gates/`` (not committed) in a file named by a hash of that code, this
module's (the file's format) and the Python version: a change to any of them starts a new
file, and a pattern not in the file is read afresh and added. A file that cannot be read or
written is ignored (the values are computed).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path

from analysis.paths import BUILD_DIR
from analysis.time import prefilter

FOLDER = BUILD_DIR / "time_gates"
_table: dict[str, dict[str, object]] = {}
_loaded: list[Path] = []  # the file read into ``_table`` (once per process)
_changed: list[bool] = [False]


def _file() -> Path:
    """The table's file, named by the code that makes and reads it and Python's version."""
    code = b"".join(Path(m.__file__).read_bytes() for m in (prefilter, sys.modules[__name__]))
    return FOLDER / f"{hashlib.sha256(code + sys.version.encode()).hexdigest()[:16]}.json"


def _entry(pattern: str) -> dict[str, object]:
    if not _loaded:
        path = _file()
        _loaded.append(path)
        with contextlib.suppress(OSError, ValueError):  # unreadable: every value afresh
            found = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(found, dict):
                _table.update(found)
    entry = _table.get(pattern)
    if not isinstance(entry, dict):
        entry = _table[pattern] = {}
    return entry


def guarded(pattern: str) -> str:
    """``prefilter.guarded(pattern)``, from the file when it is there."""
    entry = _entry(pattern)
    if not isinstance(entry.get("guarded"), str):
        entry["guarded"] = prefilter.guarded(pattern)
        _changed[0] = True
    return entry["guarded"]  # type: ignore[return-value]


def gates(pattern: str) -> tuple[frozenset[str], ...]:
    """``prefilter.gates(pattern)``, from the file when it is there."""
    entry = _entry(pattern)
    kept = entry.get("gates")
    if not (isinstance(kept, list) and all(isinstance(g, str) for g in kept)):
        kept = entry["gates"] = ["".join(sorted(g)) for g in prefilter.gates(pattern)]
        _changed[0] = True
    return tuple(frozenset(g) for g in kept)


def save() -> None:
    """Write the table back if a pattern was read afresh (atomically; errors ignored)."""
    if not _changed[0] or not _loaded:
        return
    path = _loaded[0]
    with contextlib.suppress(OSError, ValueError):  # not writable, or not encodable: kept out
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(_table, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
        _changed[0] = False
