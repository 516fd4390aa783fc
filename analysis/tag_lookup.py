"""Tags of jieba's dictionary looked up word by word in an on-disk table (tokenize helper; used
by ``analysis.tokens`` for ``dictionary_tag`` and ``in_dictionary``).

A process asks for the tags of a few thousand distinct words (about 2,000 in each of the
build's kernels), but building the whole word → tag table from jieba's ``dict.txt`` costs
0.2–0.25 s a process: 349,107 words split and put in a dict, paid by every kernel, corpus
worker and first ``analysis.load`` of a session. So the table is written once into an SQLite
file (Python's own ``sqlite3``) under ``build/tag_table/``, named by jieba's version and the
dictionary file's path, size and modification time; a process opens it read-only and asks for
each distinct word once (a few microseconds each). A process that asks for very many words (the
keyness reference filters 334,609) switches to the whole table in memory after ``BULK``
lookups. Where the folder cannot be written, or SQLite is missing, the whole table is built as
before. The answers are the same either way (a test compares every word). ``jieba_tags``
reads the whole table from ``dict.txt`` (the fallback, and what the copy is made of).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from analysis.paths import BUILD_DIR

CACHE_DIR = BUILD_DIR / "tag_table"
BULK = 20_000  # lookups after which the whole table is read into memory
_FORMAT = "1"  # of the file: one table ``tags(word TEXT PRIMARY KEY, tag TEXT)``


class TagLookup:
    """word → tag of a dictionary file, read from its SQLite copy (made on first use) or, in
    bulk or where no copy can be made, from the whole table built by ``full``."""

    def __init__(self, source: Path, full: Callable[[], dict[str, str]]) -> None:
        self.source, self._full = source, full
        self._table: dict[str, str] | None = None
        self._db = None
        self._pid = -1
        self._lookups = 0
        self._memo: dict[str, str | None] = {}
        self._path: Path | None = None
        self._inherited: list[object] = []

    @property
    def in_memory(self) -> bool:
        """Whether the whole table is read (then a lookup costs a dict access)."""
        return self._table is not None

    def get(self, word: str) -> str | None:
        """The word's tag, or None when the dictionary does not hold it."""
        if self._table is not None:
            return self._table.get(word)
        if word in self._memo:
            return self._memo[word]
        if not _storable(word):
            return None  # not a string, or a lone surrogate: no word of a UTF-8 dictionary
        self._lookups += 1
        db = self._connection() if self._lookups <= BULK else None
        rows = self._query(db, "SELECT tag FROM tags WHERE word = ?", [word])
        if rows is None:
            return self.whole().get(word)
        tag = self._memo[word] = rows[0][0] if rows else None
        return tag

    def get_many(self, words: set[str]) -> dict[str, str]:
        """The tags of those of ``words`` the dictionary holds: one query per 500 words."""
        if self._table is None and len(self._memo) + len(words) > BULK:
            self.whole()
        if self._table is not None:
            return {w: t for w in words if (t := self._table.get(w)) is not None}
        asked = sorted(w for w in words if w not in self._memo and _storable(w))
        db = self._connection() if asked else None
        for k in range(0, len(asked), 500):
            chunk = asked[k : k + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(db, f"SELECT word, tag FROM tags WHERE word IN ({marks})", chunk)
            if rows is None:
                self.whole()  # no copy, or a damaged one: the whole table from now on
                return self.get_many(words)
            found = dict(rows)
            self._memo.update((w, found.get(w)) for w in chunk)
        self._lookups += len(asked)
        return {w: t for w in words if (t := self._memo.get(w)) is not None}

    def whole(self) -> dict[str, str]:
        """The whole table in memory (built once; every later lookup reads it)."""
        if self._table is None:
            self._table = self._full()
            self._memo.clear()
        return self._table

    def _query(self, db, sql: str, params: list[str]) -> list[tuple] | None:
        """The rows of one query, or None without a copy or when the copy proves damaged (it
        is then closed and removed, so that the next process makes it again)."""
        if db is None:
            return None
        import sqlite3

        try:
            return db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError:  # 'database disk image is malformed': a damaged page
            self._drop(db)
            return None

    def _drop(self, db) -> None:
        """Close ``db`` and remove its file; this process answers from the whole table."""
        with contextlib.suppress(Exception):
            db.close()
        if self._path is not None:
            with contextlib.suppress(OSError):
                self._path.unlink()
        self._db = None
        self.whole()

    def _connection(self):
        """The open copy of this process (a forked child opens its own), or None."""
        if self._pid == os.getpid():
            return self._db  # None after a failure: the whole table from then on
        if self._db is not None:
            self._inherited.append(self._db)  # the parent's: kept, never used or closed here
        self._db, self._pid = None, os.getpid()
        try:
            import sqlite3
        except ImportError:  # pragma: no cover - Python built without SQLite
            return None
        self._path = path = self._copy()
        if path is None:
            return None
        try:
            db = sqlite3.connect(str(path), check_same_thread=False)
        except sqlite3.Error:  # cannot be opened here (a path SQLite refuses): not damage
            return None
        try:
            db.execute("PRAGMA query_only = ON")
            if db.execute("PRAGMA user_version").fetchone()[0] != int(_FORMAT):
                raise sqlite3.DatabaseError("not a tag table of this format")
            db.execute("SELECT tag FROM tags WHERE word = ?", ("的",)).fetchone()
        except sqlite3.DatabaseError:  # damaged or foreign
            self._drop(db)
            return None
        self._db = db
        return db

    def _copy(self) -> Path | None:
        """The SQLite copy of the dictionary, written if missing; None if it cannot be."""
        try:
            stat = self.source.stat()
        except OSError:
            return None
        from analysis.array_memo import key  # the code that reads and writes the table too

        name = key(
            str(self.source.resolve()), stat.st_size, stat.st_mtime_ns, _FORMAT,
            f"jieba {_version('jieba')}", jieba_tags, _three_fields_a_line, _write,
        )  # fmt: skip
        path = CACHE_DIR / f"{name[:24]}.sqlite"
        if path.exists():
            return path
        with contextlib.suppress(OSError, ImportError):
            _write(path, self.whole())
            for other in CACHE_DIR.glob("*.sqlite"):  # copies of other dictionaries or code
                if other != path:
                    with contextlib.suppress(OSError):
                        other.unlink()
            return path
        return None


def jieba_tags(path: Path | None = None) -> dict[str, str]:
    """Word → tag of jieba's main dictionary (``dict.txt``: lines ``word freq tag``), the
    table ``jieba.posseg`` reads when imported, read without importing jieba: one split of
    the file, 0.17 s, where importing ``jieba.posseg`` takes 0.4–0.6 s per process (its
    line-by-line reader, and jieba itself). A file that is not three fields a line is left to
    jieba's own reader, which names the bad line."""
    path = path or dictionary_file()
    text = path.read_bytes().decode("utf-8")
    fields = text.split()
    if not _three_fields_a_line(text, fields):
        import jieba.posseg

        reader = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        reader.load_word_tag(path.open("rb"))  # raises ValueError naming the line; closes it
        return reader.word_tag_tab
    return dict(zip(fields[0::3], fields[2::3], strict=True))


def dictionary_file() -> Path:
    """jieba's main dictionary, ``dict.txt`` in its package (found without importing it)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jieba is not installed: its dictionary gives the tags")
    return Path(spec.submodule_search_locations[0]) / "dict.txt"


def _three_fields_a_line(text: str, fields: list[str]) -> bool:
    """Whether ``fields`` (``text`` split) are ``word freq tag`` lines: three per line and a
    number in every second place. Lines are counted by their ends first (no blank line: jieba's
    own dictionary), one pass in C; only if that fails are the non-blank lines counted."""
    if not all(map(str.isdigit, fields[1::3])):
        return False
    lines = text.count("\n") + (not text.endswith("\n"))
    if len(fields) == 3 * lines:
        return True
    return len(fields) == 3 * sum(1 for line in text.splitlines() if line.strip())


def _storable(word: object) -> bool:
    """Whether ``word`` is a string SQLite can take (UTF-8 text: no lone surrogate)."""
    if not isinstance(word, str):
        return False
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _write(path: Path, table: dict[str, str]) -> None:
    """The table into a new SQLite file under a temporary name, renamed when complete, so a
    reader sees a whole copy or none."""
    import sqlite3

    from analysis.outputs import atomic_write

    def fill(tmp: Path) -> None:
        db = sqlite3.connect(tmp)
        try:
            db.execute("CREATE TABLE tags (word TEXT PRIMARY KEY, tag TEXT NOT NULL) WITHOUT ROWID")
            db.executemany("INSERT INTO tags VALUES (?, ?)", table.items())
            db.execute(f"PRAGMA user_version = {int(_FORMAT)}")
            db.commit()
        finally:
            db.close()

    try:
        atomic_write(path, fill)
    except sqlite3.Error as err:
        raise OSError(f"tag table copy not written: {err}") from err
