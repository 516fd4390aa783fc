"""Shared fixtures: the seed, loaded once per test session."""

from __future__ import annotations

import pytest

import analysis
from analysis.paths import SEEDS_DIR

SEED = SEEDS_DIR / "000_734b698157ae08b2.txt"


@pytest.fixture(scope="session")
def seed_doc() -> analysis.Document:
    return analysis.load(SEED)
