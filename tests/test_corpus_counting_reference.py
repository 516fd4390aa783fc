"""``numbered_counts`` (issue 14, round 7) against the version it replaced: every word of a
group counted and the dropped words left out at the end, against masking the kept tokens
first, on random word numbers and both ways of counting documents."""

from __future__ import annotations

from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st


def reference_numbered_counts(kept: np.ndarray, arrays: list[np.ndarray]) -> tuple:
    """``numbered_counts`` as it was before round 7 (the kept tokens masked first): the
    reference of the one that counts every word and drops the words at the end."""
    from analysis.corpus.counting import TABLE_CELLS

    lengths = np.fromiter(map(len, arrays), np.int64, len(arrays))
    numbers = np.concatenate(arrays)
    mask = kept[numbers]
    numbers = numbers[mask]
    doc = np.repeat(np.arange(len(arrays), dtype=np.int64), lengths)[mask]
    present = np.zeros(len(kept), dtype=bool)
    present[numbers] = True
    words = np.flatnonzero(present)
    local = (np.cumsum(present) - 1)[numbers]
    n, width = len(arrays), len(words)
    occurrences = np.bincount(local, minlength=width)
    pairs = doc * width + local
    if n * width <= TABLE_CELLS:
        docs = (np.bincount(pairs, minlength=n * width).reshape(n, width) > 0).sum(axis=0)
    else:
        docs = np.bincount(np.unique(pairs) % width, minlength=width)
    return words, occurrences, docs


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda size: st.tuples(
            st.lists(st.booleans(), min_size=size, max_size=size),
            st.lists(st.lists(st.integers(0, size - 1), max_size=25), min_size=1, max_size=9),
        )
    ),
    st.sampled_from([0, 1 << 22]),
)
def test_numbered_counts_equal_the_masking_reference(case: tuple, cells: int) -> None:
    from analysis.corpus import counting

    kept = np.array(case[0], dtype=bool)
    arrays = [np.array(a, np.int32) for a in case[1]]
    with mock.patch.object(counting, "TABLE_CELLS", cells):
        ours = counting.numbered_counts(kept, arrays)
        ref = reference_numbered_counts(kept, arrays)
    assert [a.tolist() for a in ours] == [a.tolist() for a in ref]
    assert [a.dtype for a in ours] == [np.dtype(np.int64)] * 3
