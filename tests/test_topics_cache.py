"""Topic fits read from ``build/topic_fits/`` are the fits themselves: the same floats, the same
model; a damaged entry is fitted again, a folder that cannot be written only costs time, the key
follows the matrix and the settings, and a hit imports no scikit-learn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from analysis import topics, topics_cache
from tests.test_methods_corpus import TWO_THEMES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "topic_fits"
    monkeypatch.setattr(topics_cache, "CACHE_DIR", target)
    return target


def _counts(seed: int = 3) -> sparse.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = rng.poisson(0.8, size=(9, 14)).astype(float)
    dense[:, 0] += 1  # no empty column
    return sparse.csr_matrix(dense)


class Counting:
    """``topics._fit`` that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, counts, n_topics, method, seed):
        self.calls += 1
        return topics._fit(counts, n_topics, method, seed)


@pytest.mark.parametrize("method", topics.METHODS)
def test_a_hit_gives_the_fit_s_own_floats_without_fitting(folder, method) -> None:
    counts = _counts()
    direct = topics._fit(counts, 3, method, 7)
    fit = Counting()
    first = topics_cache.fitted(counts, 3, method, 7, fit)
    second = topics_cache.fitted(counts, 3, method, 7, fit)
    assert fit.calls == 1
    assert len(list(folder.glob("*.bin"))) == 1
    for got, want in zip(second, direct, strict=True):
        assert got.dtype == np.float64 and got.flags.writeable
        assert got.shape == want.shape and got.tobytes() == want.tobytes()
    assert all(a.tobytes() == b.tobytes() for a, b in zip(first, second, strict=True))


def test_the_model_through_the_cache_is_the_model_fitted_in_memory(folder, monkeypatch) -> None:
    cached = [topics.topic_model(TWO_THEMES, n_topics=2, top_terms=4) for _ in range(2)]
    monkeypatch.setattr(topics_cache, "fitted", lambda c, n, m, s, fit: fit(c, n, m, s))
    fresh = topics.topic_model(TWO_THEMES, n_topics=2, top_terms=4)
    for model in cached:
        pd.testing.assert_frame_equal(model.terms, fresh.terms)
        pd.testing.assert_frame_equal(model.shares, fresh.shares)
        assert model.settings == fresh.settings


@pytest.mark.parametrize("damage", ["truncate", "flip", "header", "foreign"])
def test_a_damaged_entry_is_fitted_again(folder, damage) -> None:
    counts = _counts()
    fit = Counting()
    want = topics_cache.fitted(counts, 2, "nmf", 1, fit)
    (entry,) = folder.glob("*.bin")
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[:-9])
    elif damage == "flip":
        entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "header":
        entry.write_bytes(b"not json\n" + data.partition(b"\n")[2])
    else:  # a whole entry of another key under this name
        head, _, payload = data.partition(b"\n")
        other = json.loads(head) | {"key": "0" * 64}
        entry.write_bytes(json.dumps(other).encode() + b"\n" + payload)
    got = topics_cache.fitted(counts, 2, "nmf", 1, fit)
    assert fit.calls == 2
    assert all(a.tobytes() == b.tobytes() for a, b in zip(got, want, strict=True))
    assert topics_cache._read(entry, topics_cache.cache_key(counts, 2, "nmf", 1, fit)) is not None


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    monkeypatch.setattr(topics_cache, "CACHE_DIR", blocker / "topic_fits")
    counts = _counts()
    got = topics_cache.fitted(counts, 2, "nmf", 1, topics._fit)
    want = topics._fit(counts, 2, "nmf", 1)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(got, want, strict=True))


def test_the_key_follows_the_matrix_and_the_settings() -> None:
    counts = _counts()
    base = topics_cache.cache_key(counts, 3, "nmf", 7, topics._fit)
    changed = counts.copy()
    changed.data[0] += 1
    moved = sparse.csr_matrix(np.roll(counts.toarray(), 1, axis=1))
    others = [
        topics_cache.cache_key(changed, 3, "nmf", 7, topics._fit),
        topics_cache.cache_key(moved, 3, "nmf", 7, topics._fit),
        topics_cache.cache_key(counts, 4, "nmf", 7, topics._fit),
        topics_cache.cache_key(counts, 3, "lda", 7, topics._fit),
        topics_cache.cache_key(counts, 3, "nmf", 8, topics._fit),
        topics_cache.cache_key(counts, 3, "nmf", 7, Counting.__call__),
    ]
    assert len({base, *others}) == 7
    assert topics_cache.cache_key(counts.tocsc(), 3, "nmf", 7, topics._fit) == base


def test_a_hit_imports_no_scikit_learn(tmp_path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from analysis import topics, topics_cache\n"
        "from tests.test_methods_corpus import TWO_THEMES\n"
        f"topics_cache.CACHE_DIR = Path({str(tmp_path)!r})\n"
        "m = topics.topic_model(TWO_THEMES, n_topics=2, top_terms=4)\n"
        "print(m.terms.to_json(), 'sklearn' in sys.modules)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs[0][1] == "True" and runs[1][1] == "False"  # fitted, then read
    assert runs[0][0] == runs[1][0]
