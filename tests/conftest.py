"""Shared fixtures: the seed, loaded once per test session; the on-disk memos of this process in
a folder of the session's own (a test never reads what an earlier build or session stored)."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.paths import SEEDS_DIR

SEED = SEEDS_DIR / "000_734b698157ae08b2.txt"


@pytest.fixture(scope="session", autouse=True)
def _own_memos(tmp_path_factory):
    """``build/memo/`` and ``build/tag_table/`` of this test process in a session folder."""
    from analysis import array_memo, tag_lookup

    folder = tmp_path_factory.mktemp("build")
    saved = array_memo.CACHE_DIR, tag_lookup.CACHE_DIR
    array_memo.CACHE_DIR, tag_lookup.CACHE_DIR = folder / "memo", folder / "tag_table"
    yield
    array_memo.CACHE_DIR, tag_lookup.CACHE_DIR = saved


@pytest.fixture(scope="session")
def seed_doc() -> analysis.Document:
    return analysis.load(SEED)


def sentence_table(*texts: str) -> pd.DataFrame:
    """A loader-style sentence table for hand-written sentences (one document, one article)."""
    return pd.DataFrame(
        [
            {
                "doc": "d",
                "article": 0,
                "section": 0,
                "paragraph": 0,
                "sentence": k,
                "text": t,
                "raw_start": 0,
                "raw_end": len(t),
            }
            for k, t in enumerate(texts)
        ]
    )
