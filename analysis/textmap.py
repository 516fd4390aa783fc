"""Text that remembers where every character came from in the raw file.

Every repair and every re-ordering in the pipeline works on a ``MappedText``: each character
carries the raw span it was produced from, so any sentence, token or expression found in
the repaired text can be traced back to offsets in ``Document.raw``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MappedText:
    """A string plus, per character, the ``[start, end)`` raw span it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def identity(cls, raw: str, offset: int = 0) -> MappedText:
        """Map ``raw`` onto itself (character i comes from raw[i:i+1])."""
        n = len(raw)
        return cls(raw, tuple(range(offset, offset + n)), tuple(range(offset + 1, offset + n + 1)))

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, key: slice) -> MappedText:
        return MappedText(self.text[key], self.starts[key], self.ends[key])

    def __add__(self, other: MappedText) -> MappedText:
        return MappedText(
            self.text + other.text, self.starts + other.starts, self.ends + other.ends
        )

    @staticmethod
    def join(parts: Iterable[MappedText], sep: str = "") -> MappedText:
        """Concatenate parts; separator characters map to the gap between neighbours."""
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for i, part in enumerate(parts):
            if i and sep:
                anchor = ends[-1] if ends else (part.starts[0] if part.starts else 0)
                text.append(sep)
                starts.extend([anchor] * len(sep))
                ends.extend([anchor] * len(sep))
            text.append(part.text)
            starts.extend(part.starts)
            ends.extend(part.ends)
        return MappedText("".join(text), tuple(starts), tuple(ends))

    def raw_span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """Raw ``(start, end)`` covering characters ``[start, end)`` of this text."""
        end = len(self.text) if end is None else end
        if end <= start:
            pos = (
                self.starts[start]
                if start < len(self.starts)
                else (self.ends[-1] if self.ends else 0)
            )
            return pos, pos
        return min(self.starts[start:end]), max(self.ends[start:end])

    def raw_spans(self, raw: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Contiguous raw pieces behind ``[start, end)``.

        Gaps that contain only whitespace in ``raw`` (a removed space or line break) do not
        split a piece; a gap with text in it (a displaced block moved elsewhere) does.
        """
        end = len(self.text) if end is None else end
        if end > start and self.starts[start + 1 : end] == self.ends[start : end - 1]:
            return [(self.starts[start], self.ends[end - 1])]  # contiguous: the common case
        spans: list[list[int]] = []
        for s, e in zip(self.starts[start:end], self.ends[start:end], strict=True):
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
        to the position where it was inserted.
        """
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for s, e, new in sorted(edits):
            if s < pos:
                raise ValueError(f"overlapping edits at {s}")
            text.append(self.text[pos:s])
            starts.extend(self.starts[pos:s])
            ends.extend(self.ends[pos:s])
            if e > s:
                rs, re_ = min(self.starts[s:e]), max(self.ends[s:e])
            else:
                rs = re_ = (
                    self.starts[s] if s < len(self.starts) else (self.ends[-1] if self.ends else 0)
                )
            text.append(new)
            if len(new) == e - s and e > s:  # same length (２０２５ → 2025): char for char
                starts.extend(self.starts[s:e])
                ends.extend(self.ends[s:e])
            else:
                starts.extend([rs] * len(new))
                ends.extend([re_] * len(new))
            pos = e
        text.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return MappedText("".join(text), tuple(starts), tuple(ends))
