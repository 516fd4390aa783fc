"""One place knows the paths: project root, seeds, notebooks, figures.

``ANALYSIS_FIGURES_DIR`` in the environment redirects exported figures (the tests use it to
rebuild into a temporary folder and compare bytes with the committed ones).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJ_ROOT / "seeds"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
BUILD_DIR = PROJ_ROOT / "build"


def figures_dir() -> Path:
    """Where figures and tables are exported (created on demand)."""
    path = Path(os.environ.get("ANALYSIS_FIGURES_DIR", PROJ_ROOT / "figures"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_seed() -> Path:
    """The first text file in ``seeds/`` (sorted by name): the notebooks' default input."""
    seeds = sorted(p for p in SEEDS_DIR.glob("*.txt"))
    if not seeds:
        raise FileNotFoundError(f"{SEEDS_DIR}: no .txt file to analyse")
    return seeds[0]
