"""The output folder's bookkeeping: atomic writes, the manifest and its README, locks.

Every exported file is written to a temporary file beside it and renamed into place, so an
interrupted save leaves the old file or the new one, never half of one. The manifest
(``manifest.json``) and ``README.md`` are rewritten together, atomically, after every save,
under a lock, and ``reconcile`` rebuilds both from the files actually on disk: whenever a build
stops, the two agree with each other and with the folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from analysis.paths import BUILD_DIR

MANIFEST = "manifest.json"
README = "README.md"
SIDECAR = ".csv-metadata.json"  # CSVW convention: NAME.csv → NAME.csv-metadata.json


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary file in ``path``'s folder, then rename it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return path


def atomic_pair(first: Path, second: Path, write: Callable[[Path, Path], object]) -> None:
    """``write(tmp_first, tmp_second)`` on two temporary files, then both renamed: when
    ``write`` fails, neither file is replaced (the renames themselves are two steps: an
    interrupt between them leaves the new second file beside the old first one)."""
    atomic_write(first, lambda tmp_first: atomic_write(second, lambda tmp: write(tmp_first, tmp)))


def atomic_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding=encoding, newline="\n"))


def _lock_path(folder: Path, kind: str) -> Path:
    """Lock files live in ``build/locks/`` (git-ignored), one per output folder and kind."""
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    locks = BUILD_DIR / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    return locks / f"{kind}-{key}.lock"


@contextlib.contextmanager
def locked(
    folder: Path, kind: str = "manifest", *, wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """An exclusive lock on ``folder`` for ``kind`` (``manifest``: one save at a time;
    ``build``: one build at a time). ``wait`` is called once if another holder has it."""
    with _lock_path(folder, kind).open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if wait is not None:
                wait()
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_manifest(folder: Path) -> dict[str, dict]:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:  # written atomically, so only a hand edit gets here
        raise ValueError(f"{path}: not a valid manifest ({err}); delete it and rebuild") from err


def readme_text(entries: dict[str, dict]) -> str:
    """The folder's README: every file with its caption, notebook and source."""
    lines = [
        "# Figures and tables",
        "",
        "Regenerated on every save (`analysis.save_figure` / `save_table`) and by `make figures`"
        " (`python -m analysis.build`); do not edit by hand. Each CSV has a sidecar"
        " `NAME.csv-metadata.json` (source, sha256, parameters, package version); each figure"
        " carries the same in its PNG/SVG/PDF metadata.",
        "",
        "| name | files | caption | notebook | source |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, e in sorted(entries.items(), key=lambda kv: (kv[1].get("notebook") or "", kv[0])):
        files = ", ".join(f"[{f.rsplit('.', 1)[1]}]({f})" for f in e["files"])
        caption = e["caption"].replace("|", "\\|").replace("\n", " ")
        source = e.get("source") or ""
        lines.append(f"| {name} | {files} | {caption} | {e.get('notebook')}.ipynb | {source} |")
    return "\n".join(lines) + "\n"


def _write_both(folder: Path, entries: dict[str, dict]) -> None:
    atomic_text(
        folder / MANIFEST, json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )
    atomic_text(folder / README, readme_text(entries))


def record(folder: Path, name: str, entry: dict) -> None:
    """Add or replace one manifest entry, then rewrite manifest and README (locked: the
    build runs notebooks in parallel, and two unlocked read-modify-writes would lose one)."""
    with locked(folder):
        entries = read_manifest(folder)
        entries[name] = entry
        _write_both(folder, entries)


def reconcile(
    folder: Path,
    *,
    prune: bool = False,
    notebooks: set[str] | None = None,
    since: float | None = None,
    clean_temp: bool = False,
) -> dict:
    """Make manifest, README and folder agree, from what is on disk.

    Entries whose files are missing are dropped, as are entries of notebooks not in
    ``notebooks`` and entries whose files are all older than ``since`` (not written again by
    the build that started then). With ``prune``, files no entry names are deleted (left over
    from an earlier build, or temporary files of an interrupted save). With ``clean_temp``
    (at the end of a build, when no save of ours can still be running), temporary files of
    saves killed between write and rename are deleted.
    """

    def current(e: dict) -> bool:
        files = [folder / f for f in e["files"]]
        if not all(f.exists() for f in files):
            return False
        if notebooks is not None and e.get("notebook") not in notebooks:
            return False
        return since is None or any(f.stat().st_mtime >= since for f in files)

    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder):
        entries = {name: e for name, e in read_manifest(folder).items() if current(e)}
        if clean_temp or prune:
            for f in folder.glob(".*.tmp"):  # left by a save killed between write and rename
                f.unlink(missing_ok=True)
        if prune:
            keep = {f for e in entries.values() for f in e["files"]} | {MANIFEST, README}
            for f in folder.iterdir():
                if f.is_file() and f.name not in keep:
                    f.unlink()
        _write_both(folder, entries)
        return entries
