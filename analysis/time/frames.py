"""Plain rows → DataFrame, cheaply (the timeline's tables; ``extract`` makes one per call).

``frame`` builds one block per dtype (object, int64, bool) and hands them to pandas as they are:
no per-column Series, no dtype inference (pandas 3 would infer ``str`` and turn None into NaN),
and the column Index made once per column list. On a paragraph the general constructor cost
more than finding the time expressions; this costs about a third of it.

The blocks go to pandas' block manager directly when its internals are the ones this module
was written against (checked once, at import, against the public
``pandas.api.internals.create_dataframe_from_blocks``, which is used otherwise); both give
the same frame, which ``tests/test_timeline_batch.py`` also checks.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class _Layout:
    index: pd.Index
    blocks: tuple[tuple[Any, tuple[str, ...], Any], ...]  # (dtype, column names, placement)
    empty: list[tuple[np.ndarray, Any]]  # the blocks of a frame without rows
    names: np.ndarray  # the column names (the values of ``index``)


def layout(columns: list[str], ints: Iterable[str] = (), bools: Iterable[str] = ()) -> _Layout:
    """The layout of one table, for ``frame_in``: a caller that makes a frame per call (the
    timeline's ``extract``) looks it up once instead of per call."""
    return _layout(tuple(columns), frozenset(ints), frozenset(bools))


def frame(
    rows: Rows, columns: list[str], ints: Iterable[str] = (), bools: Iterable[str] = ()
) -> pd.DataFrame:
    """DataFrame of ``rows`` (dicts) in ``columns``: ``ints`` int64, ``bools`` bool, the rest
    object columns holding the values as they are (None stays None, lists stay lists)."""
    return frame_in(layout(columns, ints, bools), rows)


def frame_in(layout: _Layout, rows: Rows) -> pd.DataFrame:
    """``frame`` with the table's layout given (see ``layout``)."""
    n = len(rows)
    if n == 0:  # zero-size blocks hold nothing to change: one set serves every empty frame
        return _build(layout.empty, 0, layout)
    blocks = [(_block(rows, kind, names, n), placement) for kind, names, placement in layout.blocks]
    return _build(blocks, n, layout)


def _block(rows: Rows, kind: Any, names: tuple[str, ...], n: int) -> np.ndarray:
    """One (columns × rows) block."""
    if kind is not object:
        flat = [r[c] for c in names for r in rows]  # one flat list: cheaper than nested
        return np.array(flat, dtype=kind).reshape(len(names), n)
    try:  # scalars (str, None, numbers): one call
        block = np.array([[r.get(c) for c in names] for r in rows], dtype=object)
        if block.shape == (n, len(names)):
            return block.T if n else np.empty((len(names), 0), dtype=object)
    except ValueError:  # ragged lists inside
        pass
    block = np.empty((len(names), n), dtype=object)  # element-wise: values may be lists
    for j, r in enumerate(rows):
        for k, c in enumerate(names):
            block[k, j] = r.get(c)
    return block


@functools.cache
def _layout(columns: tuple[str, ...], ints: frozenset[str], bools: frozenset[str]) -> _Layout:
    """The column Index and the (dtype, names, placement) of each block of one table."""
    blocks = []
    for kind, wanted in ((object, None), (np.int64, ints), (bool, bools)):
        if wanted is None:
            names = tuple(c for c in columns if c not in ints | bools)
        else:
            names = tuple(c for c in columns if c in wanted)
        if names:
            placement = np.array([columns.index(c) for c in names], dtype=np.intp)
            blocks.append((kind, names, _placement(placement)))
    empty = [(np.empty((len(names), 0), dtype=kind), p) for kind, names, p in blocks]
    index = pd.Index(list(columns))
    return _Layout(index, tuple(blocks), empty, index._values)


def _public(blocks: list, n: int, layout: _Layout) -> pd.DataFrame:
    from pandas.api.internals import create_dataframe_from_blocks

    plain = [(values, np.asarray(_as_array(placement))) for values, placement in blocks]
    return create_dataframe_from_blocks(plain, pd.RangeIndex(n), layout.index.view())


def _fallback(blocks: list, n: int, layout: _Layout) -> pd.DataFrame:
    """Any pandas: column by column (object columns kept as object)."""
    data: dict[str, Any] = {}
    for values, placement in blocks:
        for k, i in enumerate(_as_array(placement)):
            column = values[k]
            data[layout.index[i]] = pd.Series(column, dtype=column.dtype, copy=False)
    return pd.DataFrame(data, columns=list(layout.index), index=pd.RangeIndex(n))


try:  # pandas' block manager, used as pandas 2.2–3.x define it
    from pandas._libs.internals import BlockPlacement
    from pandas.core.internals.blocks import NumpyBlock
    from pandas.core.internals.managers import BlockManager

    def _placement(positions: np.ndarray) -> Any:
        return BlockPlacement(positions)

    def _as_array(placement: Any) -> np.ndarray:
        return placement.as_array

    _StrIndex = pd.Index._simple_new
    _Range = pd.RangeIndex._simple_new

    def _direct(blocks: list, n: int, layout: _Layout) -> pd.DataFrame:
        # fresh Index objects over the cached values: renaming one frame's axes stays there
        axes = [_StrIndex(layout.names, None), _Range(range(n), None)]
        made = tuple(NumpyBlock(values, placement, 2) for values, placement in blocks)
        return pd.DataFrame._from_mgr(BlockManager(made, axes, verify_integrity=False), axes)

except ImportError:  # pragma: no cover - another pandas
    _direct = None

    def _placement(positions: np.ndarray) -> Any:
        return positions

    def _as_array(placement: Any) -> np.ndarray:
        return placement


def _choose() -> Any:
    """The direct builder if it gives what the public one gives, else the public one."""
    try:
        from pandas.api.internals import create_dataframe_from_blocks  # noqa: F401

        reference_builder = _public
    except ImportError:  # pragma: no cover - pandas < 3
        reference_builder = _fallback
    if _direct is None:  # pragma: no cover
        return reference_builder
    sample = [
        {"a": "x", "b": 1, "c": True, "d": None, "e": [1, 2]},
        {"a": None, "b": 2, "c": False, "d": "y", "e": []},
    ]
    layout = _layout(("a", "b", "c", "d", "e"), frozenset({"b"}), frozenset({"c"}))
    try:
        built = [
            builder([(_block(sample, k, names, 2), p) for k, names, p in layout.blocks], 2, layout)
            for builder in (reference_builder, _direct)
        ]
        same = _same(*built) and built[1]["d"].tolist() == [None, "y"]
    except Exception:  # any change inside pandas: use the public builder
        same = False
    return _direct if same else reference_builder


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return (
        a.equals(b)
        and list(a.dtypes) == list(b.dtypes)
        and a.columns.equals(b.columns)
        and a.columns.dtype == b.columns.dtype
        and a.index.equals(b.index)
    )


_build = _choose()
