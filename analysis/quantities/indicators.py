"""What each quantity measures (stage: analyse): the ``indicator`` from the clause's predicate
and its argument, the ``direction`` of a change, a ``review`` note, and the ``category``.

死亡5人 → 死亡人数 (predicate + what the classifier counts); 国内生产总值增长7.5% →
国内生产总值增长 (a rate names its predicate); 9个贫困县 → 贫困县 (the noun after the measure
word); 援助资金76.8亿元 → 援助资金 (the noun before the number). Tokens and tags are the
project tokenizer's (``tokens.segment``: one tag table for both engines, not the pure-Python
``jieba.posseg``); a word only the HMM finds is tagged from its head character (盖度 n, 输转 v).
"""

from __future__ import annotations

import bisect
import functools

from analysis.quantities import patterns, phrases, vocab
from analysis.quantities.candidates import Quantity
from analysis.quantities.direction import change_cue, direction
from analysis.quantities.wordtokens import drop_word_internal, sentence_tokens, tokens
from analysis.tokens import Token, in_dictionary

_NOUN_TAGS = {"n", "nz", "vn", "nl", "l", "an", "j", "eng", "nrt", "s"}
_MODIFIER_TAGS = {"a", "b"}
_LEADING = {"b", "z"}  # 区别词 and 状态词 open a noun phrase (县级以下医院, 优良天数)
_PLACE_TAGS = {"ns", "nt", "nr", "nrfg", "nsf"}
_SKIP_TAGS = {"v", "vd", "vi", "p", "d", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "ad"}
_SKIP_TAGS |= {"zg", "ng", "y", "r", "q", "f", "m"}
_JOINERS = {"、", "及", "和", "与", "等"}
_BOUND = {"n", "j"}
__all__ = ["direction", "drop_word_internal", "fill", "sentence_tokens", "tokens"]
FALLBACK_NOTE = "indicator from the unit alone (no noun or predicate found)"


@functools.cache
def _not_indicator() -> frozenset[str]:
    """Words never the thing measured: the not_indicator cues and the modality cues (有望,
    预计, 力争: 出口有望突破160万辆 measures 出口, not 有望)."""
    return vocab.cue_words("not_indicator") | frozenset(vocab.modality_cues())


def _is_noun(t: Token, places: bool = False) -> bool:
    tags = _NOUN_TAGS | _PLACE_TAGS if places else _NOUN_TAGS
    if t.pos not in tags or t.text in _not_indicator() or t.text in vocab.cue_words("light"):
        return False
    return not t.text.isdigit()


class _Sentence:
    """Tokens of one sentence with a start-offset index (bisect, not a scan per quantity)."""

    def __init__(self, norm: str, orig: str, span: tuple[int, int], toks: list[Token]) -> None:
        self.norm, self.orig = norm, orig
        self.toks = toks
        self.starts = [t.start for t in self.toks]

    def after(self, begin: int, limit: int) -> list[Token]:
        """Tokens ending after ``begin`` and starting before ``limit``."""
        out = []
        for k in range(max(bisect.bisect_right(self.starts, begin) - 1, 0), len(self.toks)):
            t = self.toks[k]
            if t.start >= limit:
                break
            if t.end > begin:
                out.append(t)
        return out

    def before(self, end: int, floor: int) -> list[Token]:
        """Tokens ending by ``end`` and starting at or after ``floor``, in text order.

        Before a number a one-character noun (时, 闽) is read as a bound morpheme (``ng``), not
        as the thing measured: 脱贫时的4000多元, 在闽就业近6万人 (after a measure word it is the
        head: 三个字).
        """
        out = []
        for k in range(bisect.bisect_left(self.starts, end) - 1, -1, -1):
            t = self.toks[k]
            if t.start < floor:
                break
            if t.end <= end:
                out.append(t._replace(pos="ng") if self._bound(k) else t)
        return out[::-1]

    def _bound(self, k: int) -> bool:
        """A one-character noun not between two nouns (流感[样]病例 stays a noun)."""
        t = self.toks[k]
        if t.pos not in _BOUND or len(t.text) != 1:
            return False
        prev = self.toks[k - 1] if k else None
        nxt = self.toks[k + 1] if k + 1 < len(self.toks) else None
        return not (prev and nxt and _is_noun(prev) and _is_noun(nxt))


def _bound_head(t: Token) -> bool:
    """A one-character morpheme (jieba tags 县 and 村 ``zg``, 校 ``ng``) that names what a measure
    word right before it counts."""
    return len(t.text) == 1 and t.pos in ("zg", "ng") and t.text not in _not_indicator()


def _after_run(toks: list[Token], begin: int, limit: int, verbs: bool) -> tuple[int, int] | None:
    """Noun phrase right after ``begin``: 7000多名[教育、医疗等领域人才], 9个[贫困县]."""
    run: list[Token] = []
    pending: list[Token] = []
    for t in toks:
        if _is_noun(t, places=not run):
            run += [*pending, t]
            pending = []
        elif (
            t.pos in _MODIFIER_TAGS
            or (verbs and not run and not pending and t.pos == "v")
            or (t.text in _JOINERS and run)
        ):
            pending.append(t)
        else:
            break
        if len(pending) > 2:
            break
    while len(run) > 1 and run[-1].pos in ("vn", "v"):
        run = run[:-1]  # 医院[结对帮扶]: a verbal noun after the noun is the predicate
    if not run:
        return None
    start, end = max(run[0].start, begin), min(run[-1].end, limit)
    return (start, end) if 0 < end - start <= 20 else None


def _head_after_de(toks: list[Token], limit: int) -> tuple[int, int] | None:
    """39个经济较发达的[县]: the head noun after 的 within a few tokens of a classifier."""
    for i, t in enumerate(toks[:8]):
        if t.text == "的" and i + 1 < len(toks):
            nxt = toks[i + 1 :]
            head = [x for x in nxt[:3] if x.pos in _NOUN_TAGS | {"zg", "ng"}]
            if head and head[0] is nxt[0]:
                return _after_run(nxt, nxt[0].start, limit, False) or (head[0].start, head[0].end)
    return None


def _verb_phrase(toks: list[Token]) -> tuple[int, int] | None:
    """5次[出席联席会议], 33万人次[输转到福建就业]: up to four tokens starting with a verb."""
    picked = [t for t in toks if t.pos != "x"][:4]
    cut = next((i for i, t in enumerate(picked) if t.text in "，。；、"), len(picked))
    picked = picked[:cut]
    if not picked or not picked[0].pos.startswith("v"):
        return None
    return picked[0].start, picked[-1].end


def _nominal_verb(toks: list[Token], i: int, count: bool = False) -> bool:
    """营业[收入]4009亿元: a verb-tagged word right before the number, after a noun, that is no
    change, light or cue verb, names the measure (jieba tags 收入 and 投资 as verbs); before a
    count of people or things (因灾死亡3人) the verb is the count's predicate instead."""
    t = toks[i]
    cues = vocab.cue_words("up") | vocab.cue_words("down") | vocab.cue_words("light")
    return (
        not count
        and i == len(toks) - 1
        and t.pos == "v"
        and len(t.text) > 1
        and t.text not in cues
        and i > 0
        and _is_noun(toks[i - 1])
    )


def _noun_phrase(toks: list[Token], i: int, run: list[Token]) -> list[Token]:
    """The noun phrase ending at ``toks[i]`` (before ``run``, the words already in it): nouns,
    with the glue words that stay between them; a bracketed aside is stepped over, and words
    that cannot open a phrase are dropped from its front."""
    while i >= 0:
        t = toks[i]
        if t.text in ")）":
            j = i
            while j >= 0 and toks[j].text not in "(（":
                j -= 1
            if j < 0:
                break
            i = j - 1
            continue
        # a word between two words of the phrase (县级以下医院: 县级 is a 区别词)
        inner = i > 0 and (_is_noun(toks[i - 1]) or toks[i - 1].pos == "b")
        glue = run and (
            t.pos in _LEADING
            or (t.pos == "a" and len(t.text) == 1)  # [细]颗粒物, [新]企业
            or (inner and (t.pos == "a" or t.text in vocab.cue_words("nominal_verb")))
            or (inner and t.pos == "f" and t.text in vocab.cue_words("joins_nouns"))
            or (inner and t.pos == "v" and run[0].text in vocab.cue_words("measure_head"))
        )
        if not _is_noun(t) and not glue:
            break
        run.insert(0, t)
        i -= 1
    keep = vocab.cue_words("nominal_verb")  # [增速]高于全国: a measure of its own
    while run and not _is_noun(run[0]) and run[0].pos not in _LEADING and run[0].text not in keep:
        if run[0].pos == "a" and len(run[0].text) == 1 and len(run) > 1:
            break
        run = run[1:]  # a 区别词 opens the phrase (县级以下医院, 临时列车)
    return run


def _before_run(toks: list[Token], count: bool = False) -> tuple[tuple[int, int] | None, str]:
    """Noun phrase before the number and the predicate between them.

    宁夏[森林覆盖率]提升至12.98% → (森林覆盖率, 提升至); a bracketed aside is stepped over;
    at most five verbs/adverbs/particles are skipped; 区别词 (总, 主要) before a noun and
    adjectives between nouns stay in the phrase (农业机械总动力).
    """
    i, skipped = len(toks) - 1, 0
    verb_end = None
    verb_start = None
    run: list[Token] = []
    if i >= 0 and _nominal_verb(toks, i, count):
        run, i = [toks[i]], i - 1
    while not run and i >= 0 and not _is_noun(toks[i]) and toks[i].text not in ")）":
        t = toks[i]
        if t.text in vocab.cue_words("nominal_verb") and (i == 0 or _is_noun(toks[i - 1])):
            run, i = [t], i - 1  # 旅遊[收入]達85.6億元: the verb-tagged word names the measure
            break
        light = 0 if t.pos in _SKIP_TAGS else _light_at(toks, i)
        if light:  # 销量[突破]50万台, 出勤率[稳定在]95%: a light verb in any tag or in pieces
            verb_start, verb_end = toks[i - light + 1].start, verb_end or t.end
            i, skipped = i - light, skipped + 1
            continue
        if (t.pos not in _SKIP_TAGS and t.text not in _not_indicator()) or skipped >= 5:
            base = phrases.comparison_base_start(toks, i)
            if base is None or skipped >= 5:
                return None, ""
            i, skipped = base - 1, skipped + 1  # 工业增加值[比上年]增长8.9%
            continue
        if t.pos.startswith("v"):
            verb_start = t.start
            verb_end = verb_end or t.end
        skipped += 1
        i -= 1
    run = _noun_phrase(toks, i, run)

    verb = ""
    if verb_start is not None and toks:
        verb = "".join(t.text for t in toks if verb_start <= t.start < verb_end)
    return ((run[0].start, run[-1].end) if run else None), verb


def _light_at(toks: list[Token], i: int) -> int:
    """How many tokens ending at ``i`` belong to a light verb (突破: 1; 稳定 + 在: 2; else 0)."""
    light = vocab.cue_words("light")
    if toks[i].text in light or (i + 1 < len(toks) and toks[i].text + toks[i + 1].text in light):
        return 1  # 突破; 稳定 of 稳定 + 在 (在 was stepped over already)
    return 2 if i > 0 and toks[i - 1].text + toks[i].text in light else 0


def _predicate(toks: list[Token], orig: str) -> str:
    """The verb phrase that ends right before the number: 死亡[5人], 稳定在闽就业[近6万人];
    a light verb alone (拥有, 达到, 为) names nothing and gives ""."""
    words: list[Token] = []
    light = vocab.cue_words("light")
    for t in reversed(toks):
        if t.pos in _PLACE_TAGS | _NOUN_TAGS - {"vn"} and words:
            break
        if t.text in _not_indicator() or t.pos in ("m", "x", "q", "uj", "c", "f", "p"):
            break
        words.insert(0, t)
    while words and (not words[0].pos.startswith(("v", "a")) or words[0].text in light):
        words = words[1:]
    while words and words[-1].text in light:
        words = words[:-1]
    if not any(t.pos.startswith("v") or t.pos == "a" for t in words):
        return ""
    return orig[words[0].start : words[-1].end]


def _after_unit(sent: _Sentence, q: Quantity, nxt: int) -> tuple[int, int] | None:
    """Indicator span after the unit: 5次[出席联席会议], 9个[贫困县], 76.8亿元[资金]."""
    cls = vocab.classifiers().get(q.unit_word)
    after = sent.after(q.unit_end, max(nxt, q.unit_end))
    if cls and after and after[0].start == q.unit_end and _bound_head(after[0]):
        after[0] = after[0]._replace(pos="n")  # 5个[县], 3个[村]: the morpheme is the head
    if cls and cls.kind == "verbal":
        return _verb_phrase(after)
    relative = q.dimension in vocab.RELATIVE or q.unit == "share"
    if relative and q.unit != "share":
        return None
    begin = q.unit_end
    if q.unit_end != q.end and q.unit != "share" and q.unit_word:
        if not vocab.units().get(q.unit_word) or q.dimension in vocab.RELATIVE:
            return None
        begin = q.end  # 60岁以上[老年人]: the noun after the qualifier
        after = sent.after(begin, max(nxt, begin))
    span = _after_run(after, begin, max(nxt, begin), verbs=bool(cls))
    if span is None and q.unit == "share" and after and after[0].text == "的":
        span = _after_run(after[1:], after[0].end, max(nxt, after[0].end), False)
    elif (
        span is not None
        and q.unit_word in vocab.units()
        and q.unit != "share"
        and (
            span[0] != begin
            or after[0].pos not in ("n", "nz", "eng", "l")
            or not in_dictionary(after[0].text)
        )
    ):
        span = None  # 76.8亿元资金 yes; 两千公里的山海携手 no
    if cls and q.unit_end == q.end:
        follow = next((t for t in after if t.start >= (span or (0, q.end))[1]), None)
        if span is None or (follow is not None and follow.text != "的" and follow.start < nxt):
            span = _head_after_de(after, nxt) or span
    return span


def _count_predicate(sent: _Sentence, q: Quantity, prv: int, nxt: int) -> str:
    """死亡5人 / 造成12人死亡 → 死亡 (+ 人数): the verb before the number, else right after it."""
    pred = _predicate(sent.before(q.start, prv), sent.orig)
    if pred:
        return pred
    after = [t for t in sent.after(q.end, max(nxt, q.end)) if t.start >= q.end][:1]
    if after and after[0].pos.startswith("v") and after[0].text not in vocab.cue_words("light"):
        return sent.orig[after[0].start : after[0].end]
    return ""


def _indicator(sent: _Sentence, q: Quantity, prv: int, nxt: int, previous: Quantity | None) -> str:
    """Fill ``q.indicator``; returns the base noun a following rate or level may inherit."""
    norm, orig = sent.norm, sent.orig
    span = _after_unit(sent, q, nxt)
    if span is not None:
        q.indicator, q.found = orig[span[0] : span[1]], True
        return q.indicator
    cls = vocab.classifiers().get(q.unit_word)
    toks = phrases.before_comparative(sent.before(q.start, prv))
    noun, verb = _before_run(toks, count=q.unit_word in vocab.cue_words("names_count"))
    if noun and not verb:
        noun = (phrases.verb_start(toks, noun[0], q.unit_word), noun[1])
    base = orig[noun[0] : noun[1]] if noun else None
    inherit = previous.found and getattr(previous, "base", None) if previous else None
    relative = q.dimension in vocab.RELATIVE or q.unit == "share"
    between = norm[prv : q.start]
    if cls and cls.count_noun and (base is None or verb):
        # 比赛中斩获28金: a noun a verb separates from the count is not what is counted
        pred = _count_predicate(sent, q, prv, nxt)
        if pred or base is None:
            noun_word = base if cls.kind == "verbal" and base and not verb else pred
            if noun_word:
                q.indicator, q.found = noun_word + cls.count_noun, True
                return q.indicator
    level_after = between in ("至", "到", "达", "达到")  # 增长15%至1928.7亿元: the level
    if base is None and inherit and (relative or q.unit == previous.unit or level_after):
        base = inherit
    if base is None and len(q.cue) > 1:
        base = q.cue  # 气温零下5度 → 气温, 北纬30.43度 → 北纬, 4.5级地震 → 地震
    if base is None:
        return ""
    q.found = True
    cue = change_cue(norm, q.start, prv)
    grows = relative and q.direction and cue and q.dimension != "doubling"
    grows = grows and not base.endswith(cue.group("cue"))  # 价格上涨 is one dictionary word
    q.indicator = base + cue.group("cue") if grows else base
    return base


def fill(norm: str, orig: str, group: list[Quantity], span: tuple[int, int], cache: dict) -> None:
    """Indicators, directions and review notes of the quantities of one sentence.

    ``norm`` is the compact normalised copy the rules read, ``orig`` the same characters as
    written (indicators are sliced from it: 項目投資 stays 項目投資).
    """
    sent = _Sentence(norm, orig, span, sentence_tokens(norm, span, cache))
    breaks = [m.start() for m in patterns.CLAUSE_BREAK.finditer(norm, *span)]
    previous: Quantity | None = None
    for i, q in enumerate(group):
        c0, c1 = _clause(breaks, q.start, q.end, span)
        prv = max(c0, group[i - 1].end) if i else c0
        nxt = min(c1, group[i + 1].start) if i + 1 < len(group) else c1
        q.direction = direction(norm, q, prv)
        if q.indicator is None:
            q.base = _indicator(sent, q, prv, nxt, previous)  # type: ignore[attr-defined]
        else:
            q.base = q.indicator  # type: ignore[attr-defined]
            q.found = True
        if not q.indicator:
            cls = vocab.classifiers().get(q.unit_word)
            q.indicator, q.found = (cls.count_noun if cls and cls.count_noun else q.unit), False
            q.review = FALLBACK_NOTE
        cls = vocab.classifiers().get(q.unit_word)
        if (cls and cls.kind == "text") or q.indicator in vocab.cue_words("text_word"):
            q.review = "counts the words of the text itself (a figure of speech, not a measure)"
        previous = q


def _clause(breaks: list[int], start: int, end: int, span: tuple[int, int]) -> tuple[int, int]:
    """Bounds of the clause around ``[start, end)`` from the sorted clause-break offsets."""
    i = bisect.bisect_left(breaks, start)
    a = breaks[i - 1] + 1 if i else span[0]
    j = bisect.bisect_left(breaks, end)
    b = breaks[j] if j < len(breaks) else span[1]
    return a, b
