"""The PNG of a saved figure, rasterised from its PDF by PDFium (``pypdfium2``).

Drawing a figure again with matplotlib's Agg renderer at 300 dpi costs about as much as the
PDF and the SVG together (every text laid out and rasterised once more, every image resampled);
PDFium renders the PDF that ``save_figure`` has just written in a fraction of that, from the
same embedded font subset, so the PNG shows exactly the PDF's content. PDFium is deterministic
for a given version (the lock file pins it), and the PNG keeps the metadata and the 300 dpi
that the figure conventions ask for. Without ``pypdfium2`` installed, ``save_figure`` draws
the PNG with matplotlib as before (``available`` says which).

The PNG is written here (``write_png``), not by Pillow: Pillow tries the five PNG row filters
on every row to pick one, which took 60% of its encoding time on these figures (flat colours,
anti-aliased text) and made the files larger, not smaller (6.5 MB against 6.2 MB for the 22
figures of the bundled seed; 1.15 s against 0.46 s). The rows are deflated by zlib-ng
(``zlib_ng``, the zlib format with SIMD code, PSF licence) at its level 2: on the 181 MB of
rows of those figures 0.16 CPU s and 6.45 MB, where the standard library's zlib took 0.40 s
for 6.50 MB at its fastest level. Without zlib-ng installed, the standard library's zlib
deflates them (the same format: every PNG reader reads both). Deflate output is not promised
byte for byte across zlib implementations, versions or CPUs (this is true of zlib too), so a
PNG is the same file on a rerun on one machine; the vector files are the reproducible ones.
"""

from __future__ import annotations

import contextlib
import functools
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np

try:
    from zlib_ng.zlib_ng import compress as _deflate

    COMPRESS_LEVEL = 2  # zlib-ng: smaller than the standard zlib's level 1 here, 2.5× faster
except ImportError:  # pragma: no cover - zlib-ng is a dependency; the format is the same
    from zlib import compress as _deflate

    COMPRESS_LEVEL = 1  # the standard zlib: as small as its levels 3 to 6 here, and fastest
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


IMAGE_LEVEL = 1  # zlib level of the images embedded in the PDF and the SVG


@contextlib.contextmanager
def quick_image_deflate(level: int = IMAGE_LEVEL) -> Iterator[None]:
    """Within the block, Pillow deflates a PNG at ``level`` unless the save asks for a level.

    matplotlib's PDF and SVG backends PNG-encode every image they embed (the word cloud, the
    heat maps) through Pillow at zlib's default level 6: the word cloud's 2100 × 1050 pixels
    took 0.11 s for the PDF and 0.12 s for the SVG; at level 1 0.06 and 0.07 s, and 8% larger
    (the same pixels: deflate is lossless). The PNG files themselves are written by
    ``write_png``, not by Pillow."""
    from PIL import Image

    Image.preinit()  # registers the PNG writer
    save = Image.SAVE.get("PNG")
    if save is None:  # pragma: no cover - a Pillow without PNG support
        yield
        return

    def quick(im, fp, filename, *args, **kwargs):
        im.encoderinfo.setdefault("compress_level", level)
        return save(im, fp, filename, *args, **kwargs)

    Image.SAVE["PNG"] = quick
    try:
        yield
    finally:
        Image.SAVE["PNG"] = save


@functools.cache
def available() -> bool:
    """Whether PDFium can rasterise the PNGs (``pypdfium2`` importable)."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def pdf_to_png(pdf: Path, png: Path, *, dpi: int, metadata: dict[str, str | None]) -> None:
    """Render the first page of ``pdf`` at ``dpi`` into ``png`` (RGB on white), with
    ``metadata`` as PNG text chunks (entries that are None left out, as matplotlib does)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        if len(document) != 1:
            raise ValueError(f"{pdf.name}: {len(document)} pages, a figure PDF has one")
        bitmap = document[0].render(scale=dpi / 72, rev_byteorder=True)
        if bitmap.n_channels != 3:
            raise ValueError(f"{pdf.name}: rendered with {bitmap.n_channels} channels, not RGB")
        rows = np.frombuffer(bitmap.buffer, dtype=np.uint8).reshape(bitmap.height, bitmap.stride)
        rgb = rows[:, : bitmap.width * 3]
        png.write_bytes(write_png(rgb, bitmap.width, dpi=dpi, metadata=metadata))
    finally:
        document.close()


def write_png(rgb: np.ndarray, width: int, *, dpi: int, metadata: dict[str, str | None]) -> bytes:
    """The bytes of an 8-bit RGB PNG of ``rgb`` (rows of ``3 * width`` bytes): the rows
    unfiltered (filter type 0), one IDAT chunk, the resolution (pHYs) and one text chunk per
    ``metadata`` entry (tEXt when Latin-1, else iTXt in UTF-8), the layout Pillow reads."""
    height = rgb.shape[0]
    filtered = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # a 0 (no filter) per row
    filtered[:, 1:] = rgb
    per_metre = round(dpi / 0.0254)
    chunks = [
        (b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
        (b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        *(_text_chunk(k, v) for k, v in metadata.items() if v is not None),
        (b"IDAT", _deflate(filtered, COMPRESS_LEVEL)),  # from the array's buffer: no copy
        (b"IEND", b""),
    ]
    return _SIGNATURE + b"".join(_chunk(kind, data) for kind, data in chunks)


def _text_chunk(key: str, value: str) -> tuple[bytes, bytes]:
    try:
        return b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1")
    except UnicodeEncodeError:  # iTXt: keyword, no compression, no language, no translation
        return b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + value.encode("utf-8")


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
