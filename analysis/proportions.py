"""A large word → number table read without building a dict (keyness helper; the reference list
of ``keyness.reference_from_wordfreq``).

wordfreq's filtered Chinese list holds 328,962 words, and a text asks for the counts of a few
thousand of them. Building the dict (and the scaled copy the reference holds) cost 0.2 s a
process; ``Proportions`` keeps the words sorted in one list with their values in one float64
array and finds a word by bisection (a C-level comparison of strings, about a microsecond),
while iterating in the list's own order. A value is ``value × scale``, computed when asked: the
very float a dict of ``p * scale`` would hold.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping

import numpy as np


class Proportions(Mapping):
    """word → ``value × scale``, iterated in the order the words were given."""

    def __init__(
        self, words: list[str], values: np.ndarray, order: np.ndarray, scale: float = 1.0
    ) -> None:
        """``words`` sorted, ``values`` aligned with them, ``order`` the positions in ``words``
        of the words in their given order (see ``from_items``)."""
        self._words, self._values, self._order, self.scale = words, values, order, scale

    @classmethod
    def from_items(cls, items: Mapping[str, float]) -> Proportions:
        """The table of ``items`` (its order kept for iteration)."""
        given = list(items)
        order = np.argsort(np.asarray(given, dtype=object), kind="stable")
        words = [given[i] for i in order]
        values = np.asarray([items[w] for w in words], dtype=np.float64)
        position = np.empty(len(given), dtype=np.int64)
        position[order] = np.arange(len(given))
        return cls(words, values, position)

    def scaled(self, factor: float) -> Proportions:
        """The same words with this table's scale multiplied by ``factor`` (the arrays are
        shared): a value is then ``value × (scale × factor)``."""
        return Proportions(self._words, self._values, self._order, self.scale * factor)

    def get(self, word: str, default: float | None = None) -> float | None:  # type: ignore[override]
        if not isinstance(word, str):
            return default  # as a dict of strings: no such key
        i = bisect.bisect_left(self._words, word)
        if i < len(self._words) and self._words[i] == word:
            value = float(self._values[i])
            return value * self.scale if self.scale != 1.0 else value
        return default

    def __getitem__(self, word: str) -> float:
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __iter__(self) -> Iterator[str]:
        words = self._words
        return (words[i] for i in self._order.tolist())

    def __len__(self) -> int:
        return len(self._words)

    def values_in_order(self) -> list[float]:
        """The values in iteration order, as ``list(self.values())`` but at C speed."""
        picked = self._values[self._order]
        return (picked * self.scale if self.scale != 1.0 else picked).tolist()
