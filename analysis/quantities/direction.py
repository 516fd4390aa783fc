"""The direction of a change (stage: analyse): up or down, from the change verb right before a
figure (增长7%, 下降了3个百分点) or before a stated target of it (经济增长预期目标为6%左右).
The verbs are the ``up`` and ``down`` cue words of ``zh/indicator_cues.tsv``.
"""

from __future__ import annotations

import functools
import re

from analysis.quantities import phrases, vocab
from analysis.quantities.candidates import Quantity


@functools.cache
def _direction_re() -> re.Pattern[str]:
    up, down = vocab.cue_words("up"), vocab.cue_words("down")
    words = "|".join(sorted(up | down, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?P<cue>{words})了?$")


def change_cue(norm: str, start: int, floor: int) -> re.Match[str] | None:
    """The change verb right before a figure (增长7%), or before a stated target of it
    (经济增长预期目标为6%左右: ``phrases.behind_target_lead``)."""
    m = _direction_re().search(norm[max(floor, start - 6) : start])
    end = None if m else phrases.behind_target_lead(norm, start, floor)
    return m or (_direction_re().search(norm[max(floor, end - 6) : end]) if end else None)


def direction(norm: str, q: Quantity, floor: int) -> str | None:
    """up / down when a change verb stands right before the number (增长7%, 下降了3个百分点)."""
    if q.direction:
        return q.direction
    m = change_cue(norm, q.start, floor)
    if not m:
        return None
    return "up" if m.group("cue") in vocab.cue_words("up") else "down"
