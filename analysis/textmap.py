"""Text that remembers where every character came from in the raw file.

Every repair and every re-ordering in the pipeline works on a ``MappedText``: each character
carries the raw span it was produced from, so any sentence, token or expression found in
the repaired text can be traced back to offsets in ``Document.raw``.

The spans are two machine-integer arrays (``array('i')``, 4 bytes per offset), not tuples of
Python ints (36 bytes per offset): a 50 MB page costs a few hundred MB, not several GB.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

#: The array type code of the offsets: signed 32-bit, so texts up to 2**31 - 1 characters.
TYPECODE = "i"
MAX_CHARS = 2**31 - 1


def offsets(values: Iterable[int] = ()) -> array:
    """An offsets array (the one place that picks the integer type)."""
    return array(TYPECODE, values)


def _extend(out: array, buf: array | memoryview) -> None:
    """Append an array or a view of one to ``out`` (a memory copy, no Python ints)."""
    if isinstance(buf, array):
        out.extend(buf)
    else:
        out.frombytes(buf.cast("B"))


def _owned(buf: array | memoryview) -> array:
    """An array of its own from an array or a view of one."""
    if isinstance(buf, array):
        return buf
    out = offsets()
    _extend(out, buf)
    return out


@dataclass(frozen=True, eq=False, slots=True)
class MappedText:
    """A string plus, per character, the ``[start, end)`` raw span it came from.

    ``starts``/``ends`` are arrays, or views of another text's arrays (``view``: the lines of
    a page and the sentences of a paragraph share their page's offsets, no copy).
    """

    text: str
    starts: array | memoryview
    ends: array | memoryview

    @classmethod
    def identity(cls, raw: str, offset: int = 0) -> MappedText:
        """Map ``raw`` onto itself (character i comes from raw[i:i+1])."""
        n = len(raw)
        if offset + n > MAX_CHARS:
            raise ValueError(f"text of {n:,} characters is longer than {MAX_CHARS:,}")
        ramp = np.arange(offset, offset + n + 1, dtype=np.int32).tobytes()  # not n Python ints
        size = np.dtype(np.int32).itemsize
        return cls(raw, array(TYPECODE, ramp[:-size]), array(TYPECODE, ramp[size:]))

    def __len__(self) -> int:
        return len(self.text)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MappedText):
            return NotImplemented
        return (self.text, self.starts, self.ends) == (other.text, other.starts, other.ends)

    def __getitem__(self, key: slice) -> MappedText:
        return MappedText(self.text[key], self.starts[key], self.ends[key])

    def view(self, start: int, end: int) -> MappedText:
        """Characters ``[start, end)`` sharing this text's offsets (a view, not a copy)."""
        return MappedText(
            self.text[start:end],
            memoryview(self.starts)[start:end],
            memoryview(self.ends)[start:end],
        )

    def __reduce__(self) -> tuple[type, tuple[str, array, array]]:
        return (MappedText, (self.text, _owned(self.starts), _owned(self.ends)))

    def __add__(self, other: MappedText) -> MappedText:
        starts, ends = offsets(), offsets()
        for part in (self, other):
            _extend(starts, part.starts)
            _extend(ends, part.ends)
        return MappedText(self.text + other.text, starts, ends)

    @staticmethod
    def join(parts: Iterable[MappedText], sep: str = "") -> MappedText:
        """Concatenate parts; separator characters map to the gap between neighbours."""
        text: list[str] = []
        starts, ends = offsets(), offsets()
        for i, part in enumerate(parts):
            if i and sep:
                anchor = ends[-1] if ends else (part.starts[0] if part.starts else 0)
                text.append(sep)
                starts.extend(offsets([anchor]) * len(sep))
                ends.extend(offsets([anchor]) * len(sep))
            text.append(part.text)
            _extend(starts, part.starts)
            _extend(ends, part.ends)
        return MappedText("".join(text), starts, ends)

    def point(self, pos: int) -> int:
        """The raw position of the boundary before character ``pos`` (an empty span)."""
        if pos < len(self.starts):
            return self.starts[pos]
        return self.ends[-1] if self.ends else 0

    def raw_span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """Raw ``(start, end)`` covering characters ``[start, end)`` of this text."""
        end = len(self.text) if end is None else end
        if end <= start:
            pos = self.point(start)
            return pos, pos
        if end - start == 1:
            return self.starts[start], self.ends[start]
        return min(self.starts[start:end]), max(self.ends[start:end])

    def raw_spans(self, raw: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Contiguous raw pieces behind ``[start, end)``.

        Gaps that contain only whitespace in ``raw`` (a removed space or line break) do not
        split a piece; a gap with text in it (a displaced block moved elsewhere) does.
        """
        end = len(self.text) if end is None else end
        if end <= start:
            return []
        if self.starts[start + 1 : end] == self.ends[start : end - 1]:
            return [(self.starts[start], self.ends[end - 1])]  # contiguous: the common case
        starts = np.frombuffer(self.starts, dtype=np.int32)[start:end]
        ends = np.frombuffer(self.ends, dtype=np.int32)[start:end]
        # runs of characters each starting where the one before ended: one raw piece each
        cuts = (np.flatnonzero(starts[1:] != ends[:-1]) + 1).tolist()
        spans: list[list[int]] = []
        for a, b in zip([0, *cuts], [*cuts, len(starts)], strict=True):
            s, e = int(starts[a]), int(ends[a:b].max())
            if (
                spans
                and spans[-1][0] <= s
                and (s <= spans[-1][1] or not raw[spans[-1][1] : s].strip())
            ):
                spans[-1][1] = max(spans[-1][1], e)
            else:
                spans.append([s, e])
        return [(s, e) for s, e in spans]

    def apply(self, edits: Sequence[tuple[int, int, str]]) -> MappedText:
        """Replace ``[start, end)`` by a string for each non-overlapping edit.

        Replacement characters map to the raw span of what they replace; an insertion maps
        to the position where it was inserted. Overlapping edits are a bug of the caller
        (``repairs.compose`` removes them first) and raise ``ValueError``.
        """
        text: list[str] = []
        starts, ends = offsets(), offsets()
        pos = 0
        for s, e, new in sorted(edits):
            if s < pos:
                raise ValueError(f"overlapping edits at {s}")
            text.append(self.text[pos:s])
            _extend(starts, self.starts[pos:s])
            _extend(ends, self.ends[pos:s])
            text.append(new)
            if len(new) == e - s and e > s:  # same length (２０２５ → 2025): char for char
                _extend(starts, self.starts[s:e])
                _extend(ends, self.ends[s:e])
            elif new:
                rs, re_ = self.raw_span(s, e)
                starts.extend(offsets([rs]) * len(new))
                ends.extend(offsets([re_]) * len(new))
            pos = e
        text.append(self.text[pos:])
        _extend(starts, self.starts[pos:])
        _extend(ends, self.ends[pos:])
        return MappedText("".join(text), starts, ends)


class PlainText:
    """A text without a character map, for a pass that keeps only the text (the corpus
    counting path): the structure and layout stages take it where they take a
    ``MappedText``, and give the same texts.

    Why: mapping a text onto itself costs two arrays per text and two memory views per line
    and per dateline, which the counting path never reads. Offsets asked of it (a layout
    rule's log row, thrown away on that path) are positions in its own text.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"PlainText({self.text!r})"

    @property
    def starts(self) -> array:
        return offsets(range(len(self.text)))

    @property
    def ends(self) -> array:
        return offsets(range(1, len(self.text) + 1))

    def view(self, start: int, end: int) -> PlainText:
        return PlainText(self.text[start:end])

    def __add__(self, other: PlainText | MappedText) -> PlainText:
        return PlainText(self.text + other.text)

    def raw_span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        end = len(self.text) if end is None else end
        return (start, end) if end > start else (start, start)
