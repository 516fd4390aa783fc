"""Dictionary packs: named user dictionaries added to jieba's own (stage: **tokenize**).

A pack is one jieba-format file (word, frequency, POS per line) listed in
``analysis/data/packs.toml`` with a description and the bundled seeds that use it. The seed's
闽宁 domain terms are the pack ``minning``; a new text gets jieba's dictionary plus the packs a
user names, so the seed's place names (正安) do not leak into another text's tokens.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

PACKS_FILE = Path(__file__).parent / "data" / "packs.toml"
# The active packs travel in the environment, so worker processes (local or Dask) tokenize
# with the same dictionaries as the notebook that started them. Unset: the project's packs.
PACKS_ENV = "ANALYSIS_DICTIONARIES"
DEFAULT_PACKS = ("minning",)
_HOOKS: list = []  # called when the packs change: the tokenizers drop what they built


class Pack(NamedTuple):
    """A named user dictionary: its file, what it covers, the bundled seeds that use it."""

    name: str
    path: Path
    description: str
    seeds: tuple[str, ...]


@functools.cache
def dictionary_packs(path: Path = PACKS_FILE) -> dict[str, Pack]:
    """The packs of ``packs.toml``, validated: a bad entry names the file and the pack."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ValueError(f"{path}: cannot read the dictionary packs ({err})") from err
    packs = {}
    for name, entry in table.items():
        where = f"{path}: pack [{name}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise ValueError(f'{where} needs file = "NAME.txt"')
        file = path.parent / entry["file"]
        if not file.is_file():
            raise ValueError(f"{where}: file {entry['file']} does not exist")
        seeds = entry.get("seeds", [])
        if not isinstance(seeds, list) or not all(isinstance(x, str) for x in seeds):
            raise ValueError(f"{where}: seeds must be a list of file names")
        packs[name] = Pack(name, file, str(entry.get("description", "")), tuple(seeds))
    return packs


def active_dictionaries() -> tuple[str, ...]:
    """The packs tokenizing now (besides jieba's own dictionary), in the order given."""
    value = os.environ.get(PACKS_ENV)
    if value is None:
        return DEFAULT_PACKS
    return tuple(p for p in value.split(",") if p)


def packs_for(source: str | Path) -> tuple[str, ...]:
    """The packs a bundled seed declares (``seeds`` in packs.toml); none for any other text."""
    name = Path(source).name
    return tuple(p.name for p in dictionary_packs().values() if name in p.seeds)


def pack_files(names: Iterable[str] | None = None) -> list[Path]:
    """The files of the named packs (default: the active ones): what a cache key hashes."""
    packs = dictionary_packs()
    return [packs[n].path for n in (active_dictionaries() if names is None else names)]


def use_dictionaries(names: Iterable[str] | str | None) -> tuple[str, ...]:
    """Tokenize with jieba's dictionary plus the named packs from now on (this process and
    the workers it starts). ``[]``: jieba's dictionary alone; ``None``: the project default.

    >>> use_dictionaries([]); tokens.tokenize("闽宁协作三十年")  # doctest: +SKIP
    ['闽宁', '协作', '三十年']
    """
    if names is None:
        chosen = DEFAULT_PACKS
    else:
        chosen = (names,) if isinstance(names, str) else tuple(dict.fromkeys(names))
    known = dictionary_packs()
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise ValueError(
            f"unknown dictionary pack(s) {unknown}; {PACKS_FILE.name} defines {sorted(known)}"
        )
    if chosen != active_dictionaries():
        os.environ[PACKS_ENV] = ",".join(chosen)
        for hook in _HOOKS:
            hook()
    return chosen


def on_change(hook) -> None:
    """Register ``hook()`` to run whenever ``use_dictionaries`` changes the packs."""
    _HOOKS.append(hook)
