"""One place knows the paths: project root, seeds, notebooks, and where outputs go.

Outputs of the bundled seed go to the committed ``figures/``; outputs of any other text go to
``output/<source-stem>/`` (git-ignored), so a run on one's own text never overwrites the
committed figures. ``ANALYSIS_FIGURES_DIR`` in the environment redirects the default (the
tests rebuild into a temporary folder); a notebook's ``OUTPUT_DIR`` parameter wins over both.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJ_ROOT / "seeds"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
BUILD_DIR = PROJ_ROOT / "build"
FIGURES_DIR = PROJ_ROOT / "figures"
OUTPUT_ROOT = PROJ_ROOT / "output"
ENV_OUTPUT = "ANALYSIS_FIGURES_DIR"

# The folder the current notebook exports into (set by ``analysis.setup``); None = default.
_active: dict[str, Path | None] = {"output": None}


def default_seed() -> Path:
    """The first text file in ``seeds/`` (sorted by name): the notebooks' default input."""
    seeds = sorted(p for p in SEEDS_DIR.glob("*.txt"))
    if not seeds:
        raise FileNotFoundError(f"{SEEDS_DIR}: no .txt file to analyse")
    return seeds[0]


def resolve_input(path: str | Path) -> Path:
    """A path as a user types it: absolute, relative to the working directory, or relative
    to the project root (a notebook's kernel runs in ``notebooks/``, where ``seeds/x.txt``
    would otherwise need ``../``)."""
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p.resolve()
    rooted = PROJ_ROOT / p
    return rooted.resolve() if rooted.exists() else p.resolve()


def is_bundled_seed(source: str | Path | None) -> bool:
    """Whether ``source`` is a text shipped in ``seeds/`` (``None`` = the default seed)."""
    if source is None:
        return True
    return resolve_input(source).parent == SEEDS_DIR.resolve()


def default_output_dir(source: str | Path | None = None, corpus: str | Path | None = None) -> Path:
    """``figures/`` for the bundled seed and corpus, ``output/<stem>/`` for any other input.

    >>> default_output_dir("tests/data/other_plain.txt").relative_to(PROJ_ROOT).as_posix()
    'output/other_plain'
    """
    if ENV_OUTPUT in os.environ:
        return Path(os.environ[ENV_OUTPUT])
    if source is not None and not is_bundled_seed(source):
        return OUTPUT_ROOT / _stem(source)
    if corpus is not None:
        return OUTPUT_ROOT / _stem(corpus)
    return FIGURES_DIR


def _stem(path: str | Path) -> str:
    """A folder name for an input: the file stem, or a glob/folder name made safe."""
    parts = []
    for part in Path(str(path)).parts:  # a glob names its folder: archive/*.jsonl → archive
        if any(ch in part for ch in "*?["):
            break
        parts.append(part)
    p = Path(*parts) if parts else Path("input")
    stem = p.stem or p.name or "input"
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)


def set_output_dir(path: str | Path | None) -> None:
    """Make ``path`` the folder every later save writes to (``None``: back to the default).

    A relative path is relative to the project root, wherever the kernel runs."""
    if path is None:
        _active["output"] = None
        return
    p = Path(path).expanduser()
    _active["output"] = p if p.is_absolute() else PROJ_ROOT / p


def figures_dir() -> Path:
    """Where figures and tables are exported now (created on demand)."""
    path = _active["output"] or default_output_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def display_path(path: str | Path) -> str:
    """A path as figures and tables show it: relative to the project root, else the file
    name alone (no absolute local paths in anything exported).

    >>> display_path(PROJ_ROOT / "seeds" / "a.txt")
    'seeds/a.txt'
    >>> display_path("/home/someone/article.txt")
    'article.txt'
    """
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    try:
        return p.resolve().relative_to(PROJ_ROOT).as_posix()
    except ValueError:
        return p.name


_ABSOLUTE = re.compile(r"(?<![\w.:/])/(?:[^\s/()（），,;；:：|]+/)+([^\s/()（），,;；:：|]+)")


def scrub(text: str) -> str:
    """``text`` with every absolute path shown as ``display_path`` shows it (captions and
    footers name a corpus or reference file as the user typed it, often absolute).

    >>> scrub("corpus /home/someone/archive/news.jsonl, 24 documents")
    'corpus news.jsonl, 24 documents'
    """
    return _ABSOLUTE.sub(lambda m: display_path(m.group(0)), text)
