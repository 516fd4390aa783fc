"""Read a text file into a Python string: the first stage of the pipeline (load).

Chinese news files arrive as UTF-8, UTF-8 with BOM or GB18030/GBK; all are normal input.
Anything else (missing, empty, binary, undecodable) raises ``TextFileError`` naming the file.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes


class TextFileError(ValueError):
    """A text file that cannot be read as Chinese text; the message names file and problem."""


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > max(8, len(sample) // 100)


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    Order of trials: UTF-8 with BOM, strict UTF-8, strict GB18030 (a superset of GBK and
    GB2312), then charset-normalizer's best guess for anything else (Big5, UTF-16 ...).

    >>> decode_bytes("闽宁协作".encode("gb18030"))
    ('闽宁协作', 'gb18030')
    """
    if not data.strip():
        raise TextFileError(f"{name}: the file is empty (no text to analyse)")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if _looks_binary(data):
        raise TextFileError(f"{name}: binary data, not a text file")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Big5 bytes often decode "successfully" as GB18030 into private-use characters:
        # then it was not GB18030, and detection below decides.
        if encoding == "utf-8" or not re.search("[\ue000-\uf8ff]", text):
            return text, encoding
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise TextFileError(
            f"{name}: unknown text encoding (tried UTF-8, UTF-8 with BOM, GB18030/GBK and "
            "automatic detection); re-save the file as UTF-8"
        )
    text = str(best)
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if han < max(1, len(text) // 10):
        raise TextFileError(
            f"{name}: not UTF-8 or GB18030, and no Chinese text under the guessed encoding "
            f"{best.encoding}; re-save the file as UTF-8"
        )
    return text, best.encoding


def read_text(path: str | Path) -> tuple[str, str]:
    """Read ``path`` and return ``(text, encoding)``; errors name the file and the problem."""
    path = Path(path)
    if not path.exists():
        raise TextFileError(f"{path}: no such file")
    if path.is_dir():
        raise TextFileError(f"{path}: is a folder, not a text file (use load_corpus for folders)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TextFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    text, encoding = decode_bytes(data, str(path))
    if not text.strip():
        raise TextFileError(f"{path}: the file is empty (no text to analyse)")
    return text, encoding
