"""Results of costly pure computations kept on disk as arrays, so a rerun on the same input
needs neither the computation nor the library behind it (stage: any; used by ``topics`` for
scikit-learn's fits and by the word cloud's layout).

A fit or a layout is a function of its input, its settings, the versions of the libraries it
runs and its own code. The caller hashes all of these into a key (``key``); ``arrays`` keeps
the result under ``build/memo/<kind>/`` and a later process (the next notebook, the next build,
a test) reads it. An entry holds the arrays' own bytes with their dtypes and shapes, so a hit
returns the very values the computation gave. A damaged, truncated or foreign entry is computed
again; where the folder cannot be written (a read-only checkout) the result is computed in
memory, as without the memo. Only plain numeric arrays are kept (never objects, never pickles).

The payload is deflated (zlib, its fastest level): a word cloud's
6.6 MB of mostly white pixels takes about 0.5 MB. Each kind keeps its ``MAX_ENTRIES`` most
recently used entries (a hit touches its entry), so running a notebook on one text after
another does not fill the disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import types
import zlib
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

import numpy as np

from analysis.paths import BUILD_DIR

CACHE_DIR = BUILD_DIR / "memo"
MAX_ENTRIES = 32  # per kind: the most recently used are kept
_KINDS = "biuf"  # bool, signed, unsigned, float: arrays whose bytes are their values


def key(*parts: object) -> str:
    """A sha256 over ``parts``: strings, bytes, numbers (NumPy's too), numeric arrays (dtype,
    shape and bytes), functions (their loaded code, not the file on disk, which may have been
    edited since) and sequences of these, each framed so that no two different lists of parts
    hash alike."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]} {sys.byteorder}\n".encode())
    for part in parts:
        _update(digest, part)
    return digest.hexdigest()


def _update(digest, part: object) -> None:
    if isinstance(part, np.generic):
        part = part.item()  # np.int64(5) is 5: the same key
    if isinstance(part, np.ndarray):
        if part.dtype.kind not in _KINDS:
            raise TypeError(f"array_memo.key: cannot hash an array of dtype {part.dtype}")
        data = np.asarray(part, order="C")  # (ascontiguousarray makes 0-d arrays 1-d)
        digest.update(f"array {data.dtype.str} {data.shape}\n".encode())
        digest.update(data.tobytes())
    elif isinstance(part, bytes):
        digest.update(f"bytes {len(part)}\n".encode() + part)
    elif isinstance(part, str):
        digest.update(f"str {len(part)}\n{part}".encode("utf-8", "surrogatepass"))
    elif isinstance(part, bool | int | float | type(None)):
        digest.update(f"{type(part).__name__} {part!r}\n".encode())
    elif isinstance(part, types.CodeType):
        _update(digest, _code_parts(part))
    elif callable(part):
        code = getattr(part, "__code__", None) or type(part).__call__.__code__
        _update(digest, code)
    elif isinstance(part, list | tuple):
        digest.update(f"seq {len(part)}\n".encode())
        for item in part:
            _update(digest, item)
    else:
        raise TypeError(f"array_memo.key: cannot hash a {type(part).__name__}")


def _code_parts(code: types.CodeType) -> list[object]:
    """What a function does: its bytecode, names and constants (nested functions' too), not
    where it stands in its file (line numbers)."""
    consts = [_const(c) for c in code.co_consts]
    names = [*code.co_names, *code.co_varnames, *code.co_freevars, *code.co_cellvars]
    return ["code", code.co_code, code.co_argcount, code.co_kwonlyargcount, names, consts]


def _const(value: object) -> object:
    """A constant as its key part: code as code, a frozenset by its sorted members (its own
    order follows the process's string hashing), anything else by its repr."""
    if isinstance(value, types.CodeType):
        return value
    if isinstance(value, frozenset):
        return ["frozenset", sorted(map(repr, value))]
    return repr(value)


def versions(packages: Iterable[str]) -> str:
    """``name version`` of each installed distribution, one a line (part of a key)."""
    return "".join(f"{name} {metadata.version(name)}\n" for name in packages)


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes (a font, a mask image), as part of a key."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _entry(kind: str, digest: str) -> Path:
    return CACHE_DIR / kind / f"{digest[:32]}.bin"


def _read(path: Path, digest: str) -> tuple[np.ndarray, ...] | None:
    """The entry's arrays, or None when it is missing or not a whole one (its header names the
    key, each array's dtype and shape, and the payload's length and sha256)."""
    try:
        line, _, packed = path.read_bytes().partition(b"\n")
        head = json.loads(line)
        if hashlib.sha256(packed).hexdigest() != head["sha256"]:
            return None
        payload = zlib.decompress(packed)
        dtypes = [np.dtype(d) for d in head["dtypes"]]
        shapes = [tuple(int(n) for n in s) for s in head["shapes"]]
        sizes = [int(np.prod(s)) * d.itemsize for s, d in zip(shapes, dtypes, strict=True)]
        if head["key"] != digest or len(payload) != sum(sizes):
            return None
        if any(d.kind not in _KINDS for d in dtypes):
            return None
        found, start = [], 0
        for dtype, shape, size in zip(dtypes, shapes, sizes, strict=True):
            found.append(np.frombuffer(payload[start : start + size], dtype=dtype).reshape(shape))
            start += size
        return tuple(a.astype(a.dtype.newbyteorder("="), copy=True) for a in found)
    except (OSError, ValueError, TypeError, KeyError, zlib.error):
        return None


def _write(path: Path, digest: str, arrays: tuple[np.ndarray, ...]) -> None:
    """A JSON header line, then each array's bytes; written to a temporary name and renamed,
    so a reader sees a whole entry or none."""
    parts = [np.asarray(a, order="C") for a in arrays]
    packed = zlib.compress(b"".join(a.tobytes() for a in parts), 1)
    head = {
        "key": digest,
        "dtypes": [a.dtype.str for a in parts],
        "shapes": [list(a.shape) for a in parts],
        "sha256": hashlib.sha256(packed).hexdigest(),
    }
    from analysis.outputs import atomic_write

    atomic_write(path, lambda tmp: tmp.write_bytes(json.dumps(head).encode() + b"\n" + packed))
    _prune(path.parent, keep=path)


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the ``MAX_ENTRIES`` most recently used entries of ``folder`` (never
    ``keep``, the one just written); an entry another process removes first is skipped."""
    entries = []
    for entry in folder.glob("*.bin"):
        with contextlib.suppress(OSError):
            entries.append((entry.stat().st_mtime_ns, entry.name, entry))
    entries.sort(reverse=True)
    for _, _, entry in entries[MAX_ENTRIES:]:
        if entry != keep:
            with contextlib.suppress(OSError):
                entry.unlink()


def arrays(
    kind: str, digest: str, compute: Callable[[], tuple[np.ndarray, ...]]
) -> tuple[np.ndarray, ...]:
    """``compute()``'s arrays, read from ``build/memo/<kind>/`` when it holds the entry of
    ``digest`` (made by ``key``), else computed and stored. A result with an array that is not
    plain numeric is returned, not stored."""
    path = _entry(kind, digest)
    found = _read(path, digest)
    if found is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used: the last to be pruned
        return found
    result = tuple(compute())
    if all(isinstance(a, np.ndarray) and a.dtype.kind in _KINDS for a in result):
        with contextlib.suppress(OSError):  # read-only checkout: computed, not stored
            _write(path, digest, result)
    return result
