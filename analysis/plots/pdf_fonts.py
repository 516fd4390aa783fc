"""PDF font subsets kept on disk: the same glyphs of the same font are subset once.

For every PDF, matplotlib subsets the embedded TrueType font with fontTools: about 0.5 s for
the bundled CJK font (49,531 glyphs, 4.6 MB), most of a PDF's saving time. The subset depends
only on the font file, the glyph numbers and the fontTools and matplotlib versions, so
``cached_subsets`` keeps each result (the subset font's bytes and matplotlib's glyph number
map) in ``build/font_subsets/`` under a key made of all four; a later save that embeds the
same glyphs (a rebuild, a test drawing the same figure) reads it, and the PDF's bytes are the
same by construction. A damaged or unreadable entry is made again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from matplotlib.backends import _backend_pdf_ps

from analysis.paths import BUILD_DIR

CACHE_DIR = BUILD_DIR / "font_subsets"
_SUBSET = _backend_pdf_ps.get_glyphs_subset  # matplotlib's own, used on a miss


class _SubsetBytes:
    """Stand-in for the subset ``TTFont``: matplotlib only saves it (``font_as_file``)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def save(self, file: IO[bytes], reorderTables: bool = False) -> None:
        file.write(self.data)

    def __enter__(self) -> _SubsetBytes:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@functools.lru_cache(maxsize=8)
def _font_digest(path: str, face: int, size: int, mtime_ns: int) -> str:
    versions = f"{metadata.version('fonttools')} {metadata.version('matplotlib')} {face}"
    return hashlib.sha256(Path(path).read_bytes() + versions.encode()).hexdigest()


def _key(fontfile: str, glyphs: Iterable[int]) -> str:
    stat = os.stat(fontfile)
    face = int(getattr(fontfile, "face_index", 0))
    digest = _font_digest(str(fontfile), face, stat.st_size, stat.st_mtime_ns)
    numbers = ",".join(str(g) for g in sorted(set(glyphs)))
    return hashlib.sha256(f"{digest}:{numbers}".encode()).hexdigest()[:32]


def _read(key: str) -> tuple[bytes, dict[int, int]] | None:
    try:
        data = (CACHE_DIR / f"{key}.ttf").read_bytes()
        pairs = json.loads((CACHE_DIR / f"{key}.json").read_text(encoding="utf-8"))
        return data, {int(a): int(b) for a, b in pairs}
    except (OSError, ValueError, TypeError):
        return None


def _write(key: str, data: bytes, glyph_map: dict[int, int]) -> None:
    """Both files written to temporary names and renamed, the map last (it marks a full entry)."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for name, content in (
        (f"{key}.ttf", data),
        (f"{key}.json", json.dumps(sorted(glyph_map.items())).encode()),
    ):
        tmp = CACHE_DIR / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(content)
        os.replace(tmp, CACHE_DIR / name)


def cached_glyphs_subset(fontfile: str, glyphs: Iterable[int]) -> Any:
    """``matplotlib.backends._backend_pdf_ps.get_glyphs_subset``, read from the cache if there."""
    glyphs = list(glyphs)
    key = _key(fontfile, glyphs)
    found = _read(key)
    if found is None or not set(glyphs) <= set(found[1]):  # the map adds .notdef and kin
        with _SUBSET(fontfile, set(glyphs)) as subset:
            data = _backend_pdf_ps.font_as_file(subset.font).getvalue()
            found = data, dict(subset.glyph_index_map)
        with contextlib.suppress(OSError):  # read-only checkout: the PDF is written, not cached
            _write(key, *found)
    data, glyph_map = found
    return _backend_pdf_ps.SubsetResults(_SubsetBytes(data), glyph_map)._as_cm()


@contextlib.contextmanager
def cached_subsets() -> Iterator[None]:
    """Within the block, matplotlib's PDF backend takes font subsets from the cache.

    Only with the subsetting interface this was written against (the locked matplotlib 3.11:
    ``SubsetResults``, a context manager); with an older matplotlib it subsets as usual.
    """
    if not hasattr(_backend_pdf_ps, "SubsetResults"):
        yield
        return
    previous = _backend_pdf_ps.get_glyphs_subset
    _backend_pdf_ps.get_glyphs_subset = cached_glyphs_subset
    try:
        yield
    finally:
        _backend_pdf_ps.get_glyphs_subset = previous
