"""Read a text file into a Python string: the first stage of the pipeline (load).

Chinese news files arrive as UTF-8, UTF-8 with BOM, GB18030/GBK or Big5; all are normal input.
Anything else (missing, empty, binary, not a regular file, over the size limit, or bytes whose
decoded text is implausible for Chinese, as Shift-JIS or EUC-KR read as GB18030 are) raises
``TextFileError`` naming the file and, where it can be told, the likely encoding.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from charset_normalizer import from_bytes

MAX_BYTES = 200 * 1024 * 1024
"""Default size limit of one text (file or table value): larger inputs are a clear error, not
an out-of-memory kill. Change it here, or pass ``max_bytes=`` where a function takes it."""

MIN_COMMON_SHARE = 0.8  # real Chinese text: 99.7 % or more (49 reports, seed, test texts)
MIN_HAN_TO_JUDGE = 20
SAMPLE_CHARS = 100_000
_HAN = re.compile("[\u4e00-\u9fff]")
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_ODD = re.compile("[\ue000-\uf8ff\u3400-\u4dbf\U00020000-\U0003ffff]")  # private use, rare


def _level_one(encoding: str, leads: range, trails: list[int]) -> set[str]:
    """The ideographs of a range of double-byte codes (Big5's C6 row also holds kana)."""
    out = set()
    for lead in leads:
        for trail in trails:
            try:
                ch = bytes([lead, trail]).decode(encoding)
            except UnicodeDecodeError:
                continue
            if _HAN.fullmatch(ch):
                out.add(ch)
    return out


# The commonly used characters as the national standards define them, no list of our own:
# GB2312 level 1 (3,755 Simplified, bytes B0A1-D7F9) and Big5 level 1 (5,401 Traditional,
# A440-C67E). Shift-JIS bytes read as GB18030 give mostly characters outside both (24 %
# inside); EUC-KR and EUC-JP are told by their hangul and kana instead.
COMMON_HAN = frozenset(
    _level_one("gb2312", range(0xB0, 0xD8), list(range(0xA1, 0xFF)))
    | _level_one("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
)
# (encoding, script, share of the non-ASCII characters in that script, language) that mark
# bytes as Japanese or Korean rather than Chinese mojibake.
FOREIGN = (
    ("shift_jis", _KANA, 0.2, "Japanese"),
    ("euc_jp", _KANA, 0.2, "Japanese"),
    ("euc_kr", _HANGUL, 0.7, "Korean"),
    ("cp949", _HANGUL, 0.7, "Korean"),
)


class TextFileError(ValueError):
    """A text file that cannot be read as Chinese text; the message names file and problem."""


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > max(8, len(sample) // 100)


def _utf16_without_bom(data: bytes) -> str | None:
    """ "UTF-16-BE" / "UTF-16-LE" when the bytes decode as UTF-16 into plausible Chinese:
    mostly ideographs, nearly all of them common ones (random bytes give a third)."""
    sample = data[: min(len(data), 8192) // 2 * 2]
    for encoding in ("utf-16-be", "utf-16-le"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        han = len(_HAN.findall(text))
        if han >= max(4, len(text) // 3) and plausible_chinese(text):
            return encoding.upper()
    return None


def plausible_chinese(text: str) -> bool:
    """Whether a decoded text reads as Chinese: enough of its ideographs are common ones and
    few of its characters are private-use or rare. Too few ideographs to judge: plausible.

    >>> plausible_chinese("国务院总理在政府工作报告中指出，今年经济增长的预期目标是百分之五左右。")
    True
    >>> plausible_chinese("搶嫗偺姅幃巗応偱偼丄擔宱暯嬒姅壙偑慜擔斾偱戝偒偔抣忋偑傝偟丄")
    False

    (the second is Japanese Shift-JIS bytes read as GB18030.)
    """
    if len(text) > 2 * SAMPLE_CHARS:  # judged on its start and middle: bounded memory
        middle = len(text) // 2
        text = text[:SAMPLE_CHARS] + text[middle : middle + SAMPLE_CHARS]
    ideographs = _HAN.findall(text)
    han = len(ideographs)
    odd = len(_ODD.findall(text))
    foreign = len(_KANA.findall(text)) + len(_HANGUL.findall(text))
    if odd > max(2, len(text) // 20) or foreign > max(2, (han + foreign) // 10):
        return False
    if han < MIN_HAN_TO_JUDGE:
        return True
    common = sum(1 for ch in ideographs if ch in COMMON_HAN)
    return common >= MIN_COMMON_SHARE * han


def _foreign(data: bytes) -> str | None:
    """ "SHIFT-JIS (Japanese text)" and the like when the bytes read as Japanese or Korean."""
    sample = data[:65536]
    for encoding, script, share, language in FOREIGN:
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        wide = sum(1 for ch in text if not ch.isascii() and ch.isalpha())
        spaced = language != "Korean" or text.count(" ") >= max(1, len(text) // 20)  # words
        if wide >= 8 and len(script.findall(text)) >= share * wide and spaced:
            return f"{encoding.replace('_', '-').upper()} ({language} text)"
    return None


def _likely_encoding(data: bytes) -> str:
    """Name the encoding the bytes most likely are (for the error message), or say unknown."""
    utf16 = _utf16_without_bom(data)
    if utf16:
        return f"{utf16} without a byte-order mark"
    foreign = _foreign(data)
    if foreign:
        return foreign
    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding is None:
        return "an unknown encoding"
    name = best.encoding.replace("_", "-").upper()
    return f"{name} ({best.language} text)" if best.language != "Unknown" else name


def _implausible(name: str, data: bytes, tried: str) -> TextFileError:
    return TextFileError(
        f"{name}: the text read as {tried} is implausible for Chinese (mostly rare characters "
        f"or symbols); the file is likely {_likely_encoding(data)}; re-save it as UTF-8"
    )


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    Order of trials: UTF-8 with BOM, UTF-16 with BOM, strict UTF-8, strict GB18030 (a superset
    of GBK and GB2312) when its text is plausible Chinese, then charset-normalizer's best guess
    (Big5 ...), again only when plausible. Shift-JIS, EUC-KR or BOM-less UTF-16 are errors
    naming the likely encoding, not mojibake.

    >>> decode_bytes("闽宁协作".encode("gb18030"))
    ('闽宁协作', 'gb18030')
    """
    if not data.strip():
        raise TextFileError(f"{name}: the file is empty (no text to analyse)")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise TextFileError(
                f"{name}: UTF-8 byte-order mark but invalid UTF-8 ({exc.reason} "
                f"at byte {exc.start + 3})"
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise TextFileError(f"{name}: UTF-16 byte-order mark but invalid UTF-16") from None
    if _looks_binary(data):
        utf16 = _utf16_without_bom(data)
        if utf16:
            raise TextFileError(
                f"{name}: the file is likely {utf16} without a byte-order mark; re-save it as UTF-8"
            )
        raise TextFileError(f"{name}: binary data, not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _decode_legacy(data, name)


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Bytes that are not UTF-8: GB18030 when plausible, else the detector's plausible guess."""
    if _foreign(data):
        raise _implausible(name, data, "GB18030")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    # Big5 bytes often decode "successfully" as GB18030 into private-use characters, and
    # Shift-JIS into rare ideographs: then it was not GB18030.
    if text is not None and plausible_chinese(text):
        return text, "gb18030"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        if text is not None:
            raise _implausible(name, data, "GB18030")
        raise TextFileError(
            f"{name}: unknown text encoding (tried UTF-8, UTF-8 with BOM, GB18030/GBK and "
            "automatic detection); re-save the file as UTF-8"
        )
    guess = str(best)
    if best.language in ("Japanese", "Korean") or not plausible_chinese(guess):
        raise _implausible(name, data, "GB18030" if text is not None else best.encoding)
    if not _HAN.search(guess):
        raise TextFileError(
            f"{name}: not UTF-8 or GB18030, and no Chinese text under the guessed encoding "
            f"{best.encoding}; re-save the file as UTF-8"
        )
    return guess, best.encoding


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def read_bytes(path: str | Path, *, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` (default ``MAX_BYTES``).

    FIFOs, devices and sockets are refused before they can block or stream forever (the file
    is opened non-blocking and checked with ``fstat``); a larger file is refused unread.
    """
    path = Path(path)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise TextFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise TextFileError(
            f"{path}: is a folder, not a text file (use load_corpus for folders)"
        ) from None
    except OSError as exc:
        raise TextFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise TextFileError(f"{path}: is a folder, not a text file (use load_corpus)")
        if not stat.S_ISREG(info.st_mode):
            raise TextFileError(f"{path}: {_kind(info.st_mode)}, not a regular file: not read")
        if info.st_size > limit:
            raise TextFileError(
                f"{path}: {_megabytes(info.st_size)}, over the size limit of "
                f"{_megabytes(limit)} (max_bytes={limit}): not read"
            )
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise TextFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # a file that grew while read
        raise TextFileError(f"{path}: over the size limit of {_megabytes(limit)}: not read")
    return data


def read_text(path: str | Path, *, max_bytes: int | None = None) -> tuple[str, str]:
    """Read ``path`` and return ``(text, encoding)``; errors name the file and the problem."""
    data = read_bytes(path, max_bytes=max_bytes)
    text, encoding = decode_bytes(data, str(path))
    if not text.strip():
        raise TextFileError(f"{path}: the file is empty (no text to analyse)")
    return text, encoding
