"""Predicate-and-argument helpers of the indicator rules (stage: analyse): which words around
the noun before a number belong to what is measured.

- A verb before a noun of people or trips says which are counted: 接待[游客]186万人次 →
  接待游客, 紧急转移安置[群众]11.7万人 → 紧急转移安置群众 (the measure words are the
  ``names_count`` cues); a ``flow`` verb makes a stock a flow: 新增[客房]1.2万间 → 新增客房.
- A comparative verb splits its clause: [增速]高于全国3.1个百分点: the figure is the lead of
  the phrase before 高于, and what follows it is the base.
- A comparison base between the noun and its change verb is stepped over: 工业增加值[比上年]增长.
The words are cues of ``analysis/lang/zh/indicator_cues.tsv``; this module holds only structure.
"""

from __future__ import annotations

import functools

from analysis.quantities import vocab
from analysis.tokens import Token

_ADVERBIAL = {"a", "ad", "d"}
_MODIFIERS = {"a", "b"}
_MAX_VERBS = 2


def _plain_verb(t: Token) -> bool:
    """A verb that can name what is counted (not light, no change cue, not 累计/预计)."""
    skip = (
        vocab.cue_words("light")
        | vocab.cue_words("not_indicator")
        | vocab.cue_words("up")
        | vocab.cue_words("down")
    )
    return t.pos.startswith("v") and t.pos != "vn" and t.text not in skip


def verb_start(toks: list[Token], noun_start: int, unit_word: str) -> int:
    """Start of the verb phrase that stays in the indicator before the noun at ``noun_start``
    (``noun_start`` itself when none does): 紧急转移安置|群众11.7万人 → the start of 紧急.
    """
    k = next((i for i, t in enumerate(toks) if t.start == noun_start), None)
    if k is None or k == 0:
        return noun_start
    m = k
    while m > 1 and k - m < _MAX_VERBS and toks[m - 1].pos in _MODIFIERS:
        m -= 1  # 改造[老旧]小区, 增开[临时]列车
    if toks[m - 1].text in vocab.cue_words("flow"):
        return toks[m - 1].start
    if unit_word not in vocab.cue_words("names_count"):
        return noun_start
    j = k
    while j > 0 and k - j < _MAX_VERBS and _plain_verb(toks[j - 1]):
        j -= 1
    if j == k:
        return noun_start
    before = toks[j - 1] if j > 0 else None
    adverb = before is not None and before.pos in _ADVERBIAL and len(before.text) > 1
    if adverb and before.text not in vocab.cue_words("not_indicator"):
        j -= 1  # 紧急转移安置群众
    return toks[j].start


def before_comparative(toks: list[Token]) -> list[Token]:
    """The tokens before the last comparative verb (高于, 低于 …), else all of them."""
    words = vocab.cue_words("comparative")
    for i in range(len(toks) - 1, -1, -1):
        if toks[i].text in words:
            return toks[:i] if i else toks
        if i + 1 < len(toks) and toks[i].text + toks[i + 1].text in words:
            return toks[:i] if i else toks  # 快 + 于
    return toks


def comparison_base_start(toks: list[Token], i: int, reach: int = 4) -> int | None:
    """Index of a comparison marker (比, 较, 同比 …) among the ``reach`` tokens up to ``i``:
    工业增加值[比上年]增长8.9% steps back over 比上年; None when there is none."""
    words = vocab.cue_words("comparison") - vocab.cue_words("part") - {"而"}
    for j in range(i, max(i - reach, -1), -1):
        if toks[j].text in words:
            return j
    return None


def behind_target_lead(norm: str, start: int, floor: int) -> int | None:
    """Where a change verb must end when a stated target stands between it and the figure:
    经济增长[预期目标为]6%左右 → the end of 增长. None when the words right before ``start``
    are not such a lead (at least one ``target_lead`` word; ``lead_joiner`` and light words
    such as 的, 定为, 为 around it): 下降为4% is a level, not a change."""
    leads, by_last = _lead_words()
    end, stated = start, False
    for _ in range(4):  # 的 + 预期 + 目标 + 为 at most
        ending = by_last.get(norm[end - 1], ()) if end > floor else ()
        word = next((w for w in ending if norm.endswith(w, floor, end)), None)
        if word is None:
            break
        stated, end = stated or word in leads, end - len(word)
    return end if stated else None


@functools.cache
def _lead_words() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """The target-lead words, and every word a lead may be made of by its last character,
    longest first (the longest that ends there is taken)."""
    leads = vocab.cue_words("target_lead")
    by_last: dict[str, list[str]] = {}
    for w in sorted(leads | vocab.cue_words("lead_joiner") | vocab.cue_words("light"), key=len)[
        ::-1
    ]:
        by_last.setdefault(w[-1], []).append(w)
    return leads, {ch: tuple(ws) for ch, ws in by_last.items()}
