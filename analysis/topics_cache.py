"""Topic fits kept on disk, so a rerun on the same matrix needs no scikit-learn (stage: matrix
→ **topics**; used by ``topics.topic_model``).

Importing scikit-learn's NMF and tf-idf takes 0.8–1.0 s per process (with SciPy's stats and
joblib), more than notebook 04's whole corpus section. A fit is a pure function of the count
matrix, the method, the number of topics and the seed, given the versions of scikit-learn,
NumPy and SciPy and the code of ``topics._fit``; ``fitted`` keeps its two arrays in
``build/topic_fits/`` under a key made of all of these, and a later process (the next build, a
test) reads them. The entry holds the arrays' float64 bytes, so a hit returns the very floats
the fit gave. A damaged, truncated or foreign entry is fitted again; where the folder cannot be
written (a read-only checkout) the model is fitted in memory as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import numpy as np

from analysis.paths import BUILD_DIR

CACHE_DIR = BUILD_DIR / "topic_fits"

Fit = Callable[[object, int, str, int], tuple[np.ndarray, np.ndarray]]


def cache_key(counts, n_topics: int, method: str, seed: int, fit: Fit) -> str:
    """Everything a fit depends on, hashed: the matrix (shape, structure, values), the settings,
    the versions of the numerical libraries and the source of the fitting function."""
    digest = hashlib.sha256()
    for package in ("scikit-learn", "numpy", "scipy"):
        digest.update(f"{package} {metadata.version(package)}\n".encode())
    digest.update(f"python {sys.version_info[:2]} {sys.byteorder}\n".encode())
    digest.update(f"{method} {n_topics} {seed}\n".encode())
    digest.update(_source(fit).encode("utf-8"))
    csr = counts.tocsr()
    digest.update(repr((csr.shape, csr.has_canonical_format)).encode())
    for part in (csr.indptr.astype("<i8"), csr.indices.astype("<i8"), csr.data.astype("<f8")):
        digest.update(part.tobytes())
    return digest.hexdigest()


def _source(fit: Fit) -> str:
    """The code of ``fit``: a function's own, or its class's ``__call__``."""
    try:
        return inspect.getsource(fit)
    except TypeError:
        return inspect.getsource(type(fit).__call__)


def _entry(key: str) -> Path:
    return CACHE_DIR / f"{key[:32]}.bin"


def _read(path: Path, key: str) -> tuple[np.ndarray, np.ndarray] | None:
    """The entry's (components, document × topic), or None when it is missing or not a whole
    one (its header names the key, both shapes and the payload's length and sha256)."""
    try:
        line, _, payload = path.read_bytes().partition(b"\n")
        head = json.loads(line)
        shapes = [tuple(int(n) for n in s) for s in head["shapes"]]
        sizes = [int(np.prod(s)) * 8 for s in shapes]
        if head["key"] != key or len(shapes) != 2 or len(payload) != sum(sizes):
            return None
        if hashlib.sha256(payload).hexdigest() != head["sha256"]:
            return None
        first = np.frombuffer(payload[: sizes[0]], dtype="<f8").reshape(shapes[0])
        second = np.frombuffer(payload[sizes[0] :], dtype="<f8").reshape(shapes[1])
        return first.astype(np.float64), second.astype(np.float64)  # writable, native copies
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _write(path: Path, key: str, arrays: tuple[np.ndarray, np.ndarray]) -> None:
    """A JSON header line, then both arrays' float64 bytes; written to a temporary name and
    renamed, so a reader sees a whole entry or none."""
    payload = b"".join(np.ascontiguousarray(a, dtype="<f8").tobytes() for a in arrays)
    head = {
        "key": key,
        "shapes": [list(a.shape) for a in arrays],
        "sha256": hashlib.sha256(payload).hexdigest(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(json.dumps(head).encode("utf-8") + b"\n" + payload)
    os.replace(tmp, path)


def fitted(
    counts, n_topics: int, method: str, seed: int, fit: Fit
) -> tuple[np.ndarray, np.ndarray]:
    """``fit(counts, n_topics, method, seed)``, read from the cache when it holds the entry,
    else computed and stored. Only float64 results are kept (the fit's own dtype)."""
    key = cache_key(counts, n_topics, method, seed, fit)
    path = _entry(key)
    found = _read(path, key)
    if found is not None:
        return found
    components, doc_topic = fit(counts, n_topics, method, seed)
    if components.dtype == np.float64 and doc_topic.dtype == np.float64:
        with contextlib.suppress(OSError):  # read-only checkout: fitted, not cached
            _write(path, key, (components, doc_topic))
    return components, doc_topic
