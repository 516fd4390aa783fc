"""Results read from ``build/memo/`` are the computations' own: the same bytes, dtypes and
shapes, so the same topic model and the same word cloud; a damaged entry is computed again, a
folder that cannot be written only costs time, the key follows every part, and a hit imports
neither scikit-learn nor wordcloud."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import sparse

from analysis import array_memo, topics
from analysis.plots import cloud
from tests.test_methods_corpus import TWO_THEMES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "memo"
    monkeypatch.setattr(array_memo, "CACHE_DIR", target)
    return target


class Counting:
    """A computation that counts its calls and returns fixed arrays."""

    def __init__(self, *arrays: np.ndarray) -> None:
        self.arrays, self.calls = arrays, 0

    def __call__(self) -> tuple[np.ndarray, ...]:
        self.calls += 1
        return self.arrays


def _same(got: tuple[np.ndarray, ...], want: tuple[np.ndarray, ...]) -> bool:
    return len(got) == len(want) and all(
        g.dtype == w.dtype and g.shape == w.shape and g.tobytes() == w.tobytes()
        for g, w in zip(got, want, strict=True)
    )


ARRAYS = st.lists(
    hnp.arrays(
        st.sampled_from([np.float64, np.float32, np.int64, np.uint8, np.bool_]),
        hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(arrays=ARRAYS)
def test_a_hit_returns_the_computed_bytes_dtypes_and_shapes(tmp_path_factory, arrays) -> None:
    folder = tmp_path_factory.mktemp("memo")
    original = array_memo.CACHE_DIR
    array_memo.CACHE_DIR = folder
    try:
        compute = Counting(*arrays)
        digest = array_memo.key("test", *arrays)
        first = array_memo.arrays("kind", digest, compute)
        second = array_memo.arrays("kind", digest, compute)
    finally:
        array_memo.CACHE_DIR = original
    assert compute.calls == 1
    assert _same(first, tuple(arrays)) and _same(second, tuple(arrays))
    assert all(a.flags.writeable and a.dtype.isnative for a in second)


@pytest.mark.parametrize("damage", ["truncate", "flip", "header", "foreign", "object dtype"])
def test_a_damaged_entry_is_computed_again(folder, damage) -> None:
    compute = Counting(np.arange(12.0).reshape(3, 4), np.array([1, 2, 3], dtype=np.uint8))
    digest = array_memo.key("damage")
    want = array_memo.arrays("kind", digest, compute)
    (entry,) = (folder / "kind").glob("*.bin")
    data = entry.read_bytes()
    head, _, payload = data.partition(b"\n")
    if damage == "truncate":
        entry.write_bytes(data[:-5])
    elif damage == "flip":
        entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "header":
        entry.write_bytes(b"not json\n" + payload)
    elif damage == "foreign":  # a whole entry of another key under this name
        other = json.loads(head) | {"key": "0" * 64}
        entry.write_bytes(json.dumps(other).encode() + b"\n" + payload)
    else:
        other = json.loads(head) | {"dtypes": ["|O", "|u1"]}
        entry.write_bytes(json.dumps(other).encode() + b"\n" + payload)
    got = array_memo.arrays("kind", digest, compute)
    assert compute.calls == 2
    assert _same(got, want)
    assert array_memo._read(entry, digest) is not None  # written whole again


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    monkeypatch.setattr(array_memo, "CACHE_DIR", blocker / "memo")
    compute = Counting(np.ones(3))
    assert _same(array_memo.arrays("kind", array_memo.key("ro"), compute), (np.ones(3),))
    assert _same(array_memo.arrays("kind", array_memo.key("ro"), compute), (np.ones(3),))
    assert compute.calls == 2


def test_object_arrays_are_returned_not_stored(folder) -> None:
    compute = Counting(np.array(["a", None], dtype=object))
    got = array_memo.arrays("kind", array_memo.key("obj"), compute)
    assert got[0].tolist() == ["a", None] and not folder.exists()


def test_the_key_frames_its_parts() -> None:
    keys = {
        array_memo.key("ab", "c"),
        array_memo.key("a", "bc"),
        array_memo.key(["ab", "c"]),
        array_memo.key(b"ab", "c"),
        array_memo.key(1, "c"),
        array_memo.key(1.0, "c"),
        array_memo.key(True, "c"),
        array_memo.key(np.array([1, 2], dtype="<i8")),
        array_memo.key(np.array([1, 2], dtype="<i4")),
        array_memo.key(np.array([[1, 2]], dtype="<i8")),
        array_memo.key(None),
        array_memo.key(topics._fit),
    }
    assert len(keys) == 12
    assert array_memo.key("ab", "c") == array_memo.key("ab", "c")
    assert array_memo.key(np.int64(5), np.float64(0.5)) == array_memo.key(5, 0.5)
    assert array_memo.key("\ud800") != array_memo.key("\udfff")  # lone surrogates hash
    with pytest.raises(TypeError, match="cannot hash a set"):
        array_memo.key({1})
    with pytest.raises(TypeError, match="dtype object"):
        array_memo.key(np.array(["a", None], dtype=object))


def _edited(factor: float):
    def compute(x):
        return x * factor if x in {"a", "b"} else x

    return compute


def test_the_key_of_a_function_is_its_loaded_code_not_its_place() -> None:
    """An edited function (another constant) keys apart; the same code keys alike wherever it
    stands and in any process (a set constant's order follows string hashing)."""
    code = (
        "from analysis import array_memo, topics\n"
        "def f(x):\n    return x * 3 if x in {'a', 'b', 'c'} else x\n"
        "print(array_memo.key(topics._fit), array_memo.key(f))\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1
    fit_key, f_key = runs.pop().split()
    assert fit_key == array_memo.key(topics._fit)
    assert array_memo.key(_edited(2.0)) == array_memo.key(_edited(3.0))  # closures: same code

    def g(x):
        return x * 4 if x in {"a", "b", "c"} else x

    assert array_memo.key(g) != f_key


@pytest.mark.parametrize("method", topics.METHODS)
def test_a_fit_is_the_same_twice_without_the_memo(method) -> None:
    """What the memo stores is reproducible: two fits in one process give the same floats."""
    counts = _counts(5)
    assert _same(topics._fit(counts, 3, method, 7), topics._fit(counts, 3, method, 7))


def test_a_cloud_layout_is_the_same_twice_without_the_memo() -> None:
    first = cloud._layout(COUNTS, cloud.SEED, 150, None)
    assert first.tobytes() == cloud._layout(COUNTS, cloud.SEED, 150, None).tobytes()


# --- the topic fits ------------------------------------------------------------------------------


def _counts(seed: int = 3) -> sparse.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = rng.poisson(0.8, size=(9, 14)).astype(float)
    dense[:, 0] += 1
    return sparse.csr_matrix(dense)


@pytest.mark.parametrize("method", topics.METHODS)
def test_a_fit_read_back_is_the_fit_itself(folder, method) -> None:
    counts = _counts()
    want = topics._fit(counts, 3, method, 7)
    assert _same(topics.fitted(counts, 3, method, 7), want)  # fitted and stored
    assert _same(topics.fitted(counts.tocsc(), 3, method, 7), want)  # read: same key
    assert len(list((folder / "topic_fits").glob("*.bin"))) == 1
    changed = counts.copy()
    changed.data[0] += 1
    topics.fitted(changed, 3, method, 7)
    topics.fitted(counts, 3, method, 8)
    assert len(list((folder / "topic_fits").glob("*.bin"))) == 3


def test_the_model_through_the_memo_is_the_model_fitted_in_memory(folder, monkeypatch) -> None:
    cached = [topics.topic_model(TWO_THEMES, n_topics=2, top_terms=4) for _ in range(2)]
    monkeypatch.setattr(topics, "fitted", topics._fit)
    fresh = topics.topic_model(TWO_THEMES, n_topics=2, top_terms=4)
    for model in cached:
        pd.testing.assert_frame_equal(model.terms, fresh.terms)
        pd.testing.assert_frame_equal(model.shares, fresh.shares)
        assert model.settings == fresh.settings


# --- the word cloud ------------------------------------------------------------------------------

COUNTS = {"协作": 9, "产业": 7, "移民": 5, "就业": 4, "生态": 3, "教育": 2, "医疗": 2, "资金": 1}


def test_a_cloud_read_back_is_the_layout_itself(folder) -> None:
    want = cloud._layout(COUNTS, cloud.SEED, 150, None)
    assert want.shape == (1050, 2100, 3) and want.dtype == np.uint8
    for _ in range(2):
        got = cloud.cloud_image(COUNTS)
        assert got.dtype == np.uint8 and got.tobytes() == want.tobytes()
    assert len(list((folder / "word_clouds").glob("*.bin"))) == 1
    cloud.cloud_image({**COUNTS, "资金": 2})
    cloud.cloud_image(COUNTS, seed=1)
    cloud.cloud_image(dict(reversed(list(COUNTS.items()))))  # order is part of the layout
    mask = cloud.ellipse_mask(300, 150)
    masked = cloud.cloud_image(COUNTS, mask=mask)
    assert masked.shape == (150, 300, 3)
    assert masked.tobytes() == cloud._layout(COUNTS, cloud.SEED, 150, mask).tobytes()
    assert len(list((folder / "word_clouds").glob("*.bin"))) == 5


def test_a_hit_imports_neither_scikit_learn_nor_wordcloud(tmp_path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from analysis import array_memo, topics\n"
        "from analysis.plots import cloud\n"
        "from tests.test_methods_corpus import TWO_THEMES\n"
        f"array_memo.CACHE_DIR = Path({str(tmp_path)!r})\n"
        "m = topics.topic_model(TWO_THEMES, n_topics=2, top_terms=4)\n"
        f"image = cloud.cloud_image({COUNTS!r})\n"
        "print(m.terms.to_json(), int(image.sum()), 'sklearn' in sys.modules,"
        " 'wordcloud' in sys.modules)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs[0][2:] == ["True", "True"] and runs[1][2:] == ["False", "False"]
    assert runs[0][:2] == runs[1][:2]


def test_each_kind_keeps_its_most_recently_used_entries(folder, monkeypatch) -> None:
    monkeypatch.setattr(array_memo, "MAX_ENTRIES", 3)
    computes = [Counting(np.full(4, float(i))) for i in range(5)]
    digests = [array_memo.key("lru", i) for i in range(5)]
    for i in range(3):
        array_memo.arrays("kind", digests[i], computes[i])
        entry = array_memo._entry("kind", digests[i])
        os.utime(entry, ns=(10**18 + i, 10**18 + i))  # written in this order, 1 ns apart
    array_memo.arrays("kind", digests[0], computes[0])  # a hit: 0 is now the newest
    array_memo.arrays("other", digests[4], computes[4])  # another kind counts apart
    array_memo.arrays("kind", digests[3], computes[3])  # one too many: 1 goes
    kept = {p.name for p in (folder / "kind").glob("*.bin")}
    assert kept == {array_memo._entry("kind", digests[i]).name for i in (0, 2, 3)}
    assert [c.calls for c in computes] == [1, 1, 1, 1, 1]
    array_memo.arrays("kind", digests[1], computes[1])
    assert computes[1].calls == 2 and len(list((folder / "kind").glob("*.bin"))) == 3


def test_a_word_cloud_entry_is_small(folder) -> None:
    cloud.cloud_image(COUNTS)
    (entry,) = (folder / "word_clouds").glob("*.bin")
    assert entry.stat().st_size < 1_000_000  # of 6,615,000 bytes of pixels
