"""The bundled font read by FreeType from memory, not through a Python file object.

matplotlib's ``FT2Font`` opens a font path with ``io.open`` and gives FreeType a stream whose
every read is a Python ``seek`` and ``read`` on that buffered file (system calls included).
The bundled CJK font (4.6 MB, 49,531 glyphs) is read glyph by glyph whenever text is laid
out, measured or embedded, so this stream was a large share of every figure's drawing:
laying out an 80-character source note took 1.8 ms from the file and 0.6 ms from memory, a
glyph load 19.5 µs against 7.2 µs. ``install`` makes matplotlib's font cache open the
bundled font from one in-memory copy of its bytes (a ``BytesIO`` named like the file, so
``FT2Font.fname`` and everything keyed by it are unchanged); FreeType reads the same bytes,
so every measure and every drawn glyph is the same, and the SVG and PDF files too (the
rebuild tests compare them byte for byte). Any other file is opened as before.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from matplotlib import font_manager


class _NamedBytes(io.BytesIO):
    """The font's bytes, with the file's name (``FT2Font.fname`` reads the stream's name)."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


@functools.cache
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


@contextlib.contextmanager
def _open_from_memory(paths: frozenset[str]) -> Iterator[None]:
    """Within the block, ``io.open(path, "rb")`` of one of ``paths`` gives its bytes in memory."""
    real = io.open

    def opener(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if mode == "rb" and isinstance(file, str) and file in paths and not args and not kwargs:
            return _NamedBytes(_font_bytes(file), file)
        return real(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    io.open = opener  # type: ignore[assignment]
    try:
        yield
    finally:
        io.open = real


def install(*fonts: Path) -> None:
    """Make matplotlib's font cache (``font_manager._get_font``) open ``fonts`` from memory.

    Only when the cache is matplotlib's own LRU function (the locked matplotlib 3.11); done
    once per process (a second call adds the fonts to the first one's).
    """
    current = font_manager._get_font
    paths = frozenset(str(Path(f).resolve()) for f in fonts)
    previous: frozenset[str] = getattr(current, "_analysis_in_memory", frozenset())
    original: Callable = getattr(current, "_analysis_original", current)
    if not hasattr(original, "cache_clear"):
        return
    every = paths | previous

    def _get_font(font_filepaths: tuple, **kwargs: object) -> object:
        with _open_from_memory(every):
            return original(font_filepaths, **kwargs)

    _get_font.cache_clear = original.cache_clear  # type: ignore[attr-defined]
    _get_font.cache_info = original.cache_info  # type: ignore[attr-defined]
    _get_font._analysis_original = original  # type: ignore[attr-defined]
    _get_font._analysis_in_memory = every  # type: ignore[attr-defined]
    font_manager._get_font = _get_font
    original.cache_clear()  # fonts opened from their files before this now come from memory
