"""Shared fixtures: the seed, loaded once per test session."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.paths import SEEDS_DIR

SEED = SEEDS_DIR / "000_734b698157ae08b2.txt"


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
