"""Quantities in Chinese news text: value, unit, qualifier, what is counted, and a category.

Stage: sentences → timeline / **quantities** → indicator tables; ``extract`` reads one string,
``indicator_table`` runs it over the loader's sentence table.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import cn2an
import pandas as pd

from analysis import timeline
from analysis.chars import FULLWIDTH_DIGITS, TRADITIONAL_TO_SIMPLIFIED
from analysis.document import LOCATION_COLUMNS
from analysis.sentences import sentence_index, split_sentences
from analysis.tokens import _jieba

__all__ = [
    "CATEGORIES",
    "CATEGORY_FILE",
    "COLUMNS",
    "INDICATOR_COLUMNS",
    "categorize",
    "extract",
    "format_human",
    "indicator_table",
    "load_categories",
]

COLUMNS = [
    "text",
    "start",
    "end",
    "value",
    "unit",
    "qualifier",
    "indicator",
    "category",
    "sentence",
    "value_max",
]
INDICATOR_COLUMNS = [
    *LOCATION_COLUMNS,
    *[c for c in COLUMNS if c != "sentence"],
    "year",
    "subject",
    "human",
]
CATEGORIES = (
    "funding",
    "projects",
    "people",
    "organisations",
    "institutions",
    "economy",
    "ecology",
    "energy",
    "infrastructure",
    "other",
)
CATEGORY_FILE = Path(__file__).parent / "data" / "indicator_categories.csv"

# --------------------------------------------------------------------------------------------
# Normalisation. Every mapping is one character to one character, so offsets in the normalised
# string are offsets in the input: regexes and jieba run on the normalised copy, row texts are
# sliced from the input. Full-width digits and signs here; Traditional → Simplified from
# ``analysis.chars`` (shared with the timeline), so jieba's Simplified dictionary segments
# Traditional text and the category patterns match.
_NORMALISE = str.maketrans(
    {
        **FULLWIDTH_DIGITS,
        "％": "%",
        "‰": "‰",
        "．": ".",
        "，": "，",
        "－": "-",
        "～": "~",
        **TRADITIONAL_TO_SIMPLIFIED,
    }
)


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


# --------------------------------------------------------------------------------------------
# Units. Measurement units keep their meaning with a bare 一 (一公里, 一亿元); classifiers
# (个, 次, 项 ...) after a bare 一 are article-like (一个重要举措) and skipped. Verbal classifiers
# count events; their indicator is the verb phrase after them (5次赴宁夏调研 → 赴宁夏调研).
# Time units (年 月 日 天 小时 周 ...) are absent on purpose: durations belong to the timeline.
MEASURE_UNITS = _words(
    "元 美元 欧元 日元 英镑 港元 港币 人民币 平方公里 平方千米 平方米 公顷 亩 公里 千米 英里 米 "
    "厘米 毫米 吨 千克 公斤 克 斤 立方米 升 毫升 千瓦时 度 千瓦 兆瓦 吉瓦 瓦 千伏 伏 标准箱 "
    "% ‰ 个百分点 百分点 倍 成 岁"
)
CLASSIFIERS = _words(
    "个 名 人 人次 人口 位 家 所 座 项 件 台 辆 架 架次 艘 条 只 头 匹 张 本 份 篇 部 套 户 对 "
    "双 株 棵 种 类 处 层 栋 幢 间 批 支 枚 根 道 门 例 起 宗 笔 箱 包 袋 瓶 粒 颗 把 片 块 口 "
    "字 盏 组 届 场 册 款"
)
VERBAL_UNITS = ("次", "回", "趟", "遍", "轮")
# surface → canonical unit (magnitudes are folded into the value, see _MAGNITUDE)
_CANONICAL = {"人口": "人", "个百分点": "百分点", "人民币": "元", "港币": "港元", "千米": "公里"}
_RELATIVE_UNITS = {"%", "‰", "倍", "番", "百分点", "share"}
_ALL_UNITS = sorted(set(MEASURE_UNITS) | set(CLASSIFIERS) | set(VERBAL_UNITS), key=len)[::-1]
_UNIT_RE = "|".join(re.escape(u) for u in _ALL_UNITS)

_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_CN_DIGITS = "〇零一二三四五六七八九两"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# 千 before 瓦/米/克/伏 is the SI prefix of the unit (1.2亿千瓦时), not a magnitude.
_QIAN = r"千(?![瓦米克伏卡帕焦])"
_MAGS = rf"(?:{_QIAN}|[十百万亿])+"
_CNRUN = rf"(?:[{_CN_DIGITS}几十百万亿]|{_QIAN})+(?:点[{_CN_DIGITS}]+)?"
_NUM = rf"(?:(?<![A-Za-z0-9.])(?:{_ARABIC})(?![0-9])[ \u3000]?(?:{_MAGS})?|{_CNRUN})"

# Qualifiers. 上 and 数 only qualify a bare magnitude (上万人, 数十个); 近/约 not after a character
# that makes them part of another word (附近, 最近, 节约, 预约).
_PRE = (
    r"(?P<pre>将近|接近|大约|超过|不超过|不少于|不足|不到|最多|至少|"
    r"(?<![附最靠临贴亲])近|(?<![节制预签公合条契隐])约|超|逾|上|数)(?:有|达|了)?"
)
_PRE_QUALIFIER = {
    "将近": "nearly",
    "接近": "nearly",
    "近": "nearly",
    "大约": "about",
    "约": "about",
    "超过": "more_than",
    "超": "more_than",
    "逾": "more_than",
    "上": "more_than",
    "不超过": "up_to",
    "最多": "up_to",
    "不足": "up_to",
    "不到": "up_to",
    "不少于": "at_least",
    "至少": "at_least",
    "数": "several",
}
_POST_QUALIFIER = {"左右": "about", "以上": "more_than", "以内": "up_to", "以下": "up_to"}
_MORE_QUALIFIER = {"多": "more_than", "余": "more_than", "来": "about"}

_QTY = re.compile(
    rf"(?:{_PRE})?"
    rf"(?P<n1>{_NUM})(?:(?P<m1>[多余来])(?P<t1>[万亿]*))?[ \u3000]?"
    rf"(?:(?P<u1>{_UNIT_RE})?[ \u3000]?(?P<sep>—{{1,2}}|[–~至到]|-)[ \u3000]?"
    rf"(?P<n2>{_NUM})(?:(?P<m2>[多余来])(?P<t2>[万亿]*))?[ \u3000]?)?"
    rf"(?P<unit>{_UNIT_RE})"
    r"(?P<post>左右|以上|以内|以下)?"
)
# 翻三番: the number of doublings (value 3, unit 番 = ×2³ = ×8); kept as stated, not multiplied out.
_FAN = re.compile(rf"翻了?(?P<n1>{_CNRUN}|\d+)(?P<unit>番)")
# 三分之一 → 1/3 share; 百分之三十 → 30 %; 千分之五 → 5 ‰.
_FRACTION = re.compile(rf"(?:{_PRE})?(?P<den>{_NUM})分之(?P<n1>{_NUM})")
# 每生产七把吉他，就有一把 → 1/7 share (also 每10人中就有3人).
_RATIO = re.compile(
    rf"每(?P<verb>[^\d，。；！？,;!?\s]{{0,6}}?)(?P<a>{_NUM})(?P<ua>{_UNIT_RE})"
    r"(?P<what>[^，。；！？,;!?]{0,10}?)[，,]?(?:就|便|即|则)?(?:有|是)"
    rf"(?P<b>{_NUM})(?P<ub>{_UNIT_RE})?"
)
# Short quoted stretches are names (“八七”计划, “千万工程”, “百村千户”): no quantities inside.
_QUOTED = re.compile(
    r"“[^“”，。；！？]{1,10}”|「[^「」，。；！？]{1,10}」|\"[^\"，。；！？]{1,10}\""
)
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！!？?\n…]")

# Fallback time expressions (used with, or instead of, analysis.timeline): years, dates,
# durations, counted in any written form. Quantities never overlap these spans.
_TN = rf"(?:\d+(?:\.\d+)?|[{_CN_DIGITS}十百千几]+)(?:[多余来])?"
_TIME_FALLBACK = re.compile(
    r"\d{4}[ ]?(?:—{1,2}|[–\-~至到])[ ]?\d{4}[ ]?年"
    rf"|(?:\d{{2,4}}|[{_CN_DIGITS}]{{2,4}})[ ]?年(?:\d{{1,2}}月(?:\d{{1,2}}[日号])?)?"
    r"|\d{1,2}月\d{1,2}[日号]"
    rf"|[{_CN_DIGITS}十]{{1,3}}月[{_CN_DIGITS}十]{{1,3}}[日号]"
    rf"|{_TN}[ ]?个?半?(?:周年|年代|年|个月|月|天|日|小时|钟头|分钟|秒|周|星期|世纪|季度|载)"
    r"(?:以来|来|前|后|间|内)?"
)

_NOUN_TAGS = {"n", "nz", "vn", "nl", "l", "an", "j", "eng", "nrt"}
_MODIFIER_TAGS = {"a", "b"}
_PLACE_TAGS = {"ns", "nt", "nr", "nrfg", "nsf"}
_SKIP_TAGS = {"v", "vd", "vi", "p", "d", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "ad"}
_SKIP_TAGS |= {"zg", "ng", "y", "r", "q", "f"}
_NOT_INDICATORS = {"同比", "环比", "累计", "共计", "合计", "总计", "其中", "全年", "目前", "当年"}
_NOT_INDICATORS |= {"预计", "预期", "预测", "计划", "共有", "总共", "平均"}
_JOINERS = {"、", "及", "和", "与", "等"}


@dataclass
class _Quantity:
    start: int
    end: int
    value: float
    unit: str
    qualifier: str | None
    value_max: float | None = None
    unit_start: int = 0
    unit_end: int = 0
    indicator: str | None = None
    found: bool = False  # indicator found in the text (not the unit fallback)


# --------------------------------------------------------------------------------------------
# Numbers


def _arabic_value(s: str) -> Decimal | None:
    """``'1,600'`` → 1600, ``'2.5万'`` → 25000, ``'1.2万亿'`` → 1.2e12."""
    m = re.match(r"([\d,.]+)[ \u3000]?(.*)", s)
    if not m:
        return None
    try:
        value = Decimal(m.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    for ch in m.group(2):
        value *= _MAGNITUDE[ch]
    return value


def _cn2an(s: str) -> Decimal | None:
    # cn2an does the positional arithmetic; digit strings (八七, 二〇二五) are names or years,
    # not amounts, so they are refused here rather than read digit by digit.
    if len(s) > 1 and not re.search("[十百千万亿点]", s):
        return None
    try:
        return Decimal(str(cn2an.cn2an(s, "normal")))
    except (ValueError, KeyError, IndexError, TypeError, InvalidOperation):
        return None


_CN_PAIR = re.compile(r"([一二三四五六七八九两])([一二三四五六七八九两])([十百千万亿]*)$")
_DIGIT_OF = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _cn_value(s: str) -> tuple[Decimal, Decimal | None, str | None] | None:
    """Chinese numeral → ``(value, value_max, qualifier)``.

    十几 → (10, None, several); 几十 → (10, None, several); 一两 → (1, 2, several);
    五六十 → (50, 60, several); 两千 → (2000, None, None); bare 万 → (10000, None, None).
    """
    qualifier = None
    if "几" in s:
        if s.strip("几") == "":
            return None
        qualifier = "several"
        s = re.sub("几(?=[十百千万亿])", "一", s).replace("几", "")
    pair = _CN_PAIR.search(s)
    if pair and not re.search("[〇零]", s):
        a, b = _DIGIT_OF[pair.group(1)], _DIGIT_OF[pair.group(2)]
        if b - a == 1 or (a, b) == (3, 5):
            head, tail = s[: pair.start()], pair.group(3)
            lo, hi = _cn2an(head + pair.group(1) + tail), _cn2an(head + pair.group(2) + tail)
            if head and head[-1] in "十百千万亿":  # 十五六 → 15–16, 三百五六 unlikely
                lo, hi = _cn2an(head + pair.group(1)), _cn2an(head + pair.group(2))
            if lo is not None and hi is not None:
                return lo, hi, "several"
    if s and all(ch in _MAGNITUDE for ch in s):  # bare magnitude: 万 → 10000, 十 → 10
        value = Decimal(1)
        for ch in s:
            value *= _MAGNITUDE[ch]
        return value, None, qualifier
    value = _cn2an(s.replace("两", "二"))
    return (value, None, qualifier) if value is not None else None


def _number(s: str) -> tuple[Decimal, Decimal | None, str | None] | None:
    """Arabic, mixed or Chinese numeral string → ``(value, value_max, qualifier)``."""
    if s and s[0].isdigit():
        v = _arabic_value(s)
        return (v, None, None) if v is not None else None
    return _cn_value(s)


def _is_bare_magnitude(s: str) -> bool:
    """True for numerals without a digit (万, 百万, 千): only valid after 超/近/数/上..."""
    return bool(s) and all(ch in "百千万亿" for ch in s)


# --------------------------------------------------------------------------------------------
# Time spans


@functools.lru_cache(maxsize=8)  # extract + year of the same sentence
def _timeline_rows(text: str) -> tuple[tuple[int, int, str, str, str], ...]:
    """``(start, end, text, kind, value)`` of the timeline extractor's rows for ``text``."""
    df = timeline.extract(text)
    cols = [df[c].tolist() for c in ("start", "end", "text", "kind", "value")]
    return tuple(
        (int(start), int(end), str(expr), str(kind), str(value))
        for start, end, expr, kind, value in zip(*cols, strict=True)
    )


def _time_spans(text: str) -> list[tuple[int, int]]:
    """Spans of time expressions in ``text`` (2026年, 6月17日, 30年来, 6个月, 十余个小时).

    The timeline extractor's spans plus those of a small regex of bare durations, so that a
    duration the timeline leaves out can never turn into a quantity such as 6个 月.
    """
    norm = text.translate(_NORMALISE)
    spans = {(m.start(), m.end()) for m in _TIME_FALLBACK.finditer(norm)}
    spans.update((s, e) for s, e, *_ in _timeline_rows(text))
    return sorted(spans)


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for s, e in spans)


# --------------------------------------------------------------------------------------------
# Candidates


def _qualifier(m: re.Match[str], start_of_number: int) -> tuple[str | None, int]:
    """Qualifier from the prefix/suffix/多余来 groups and the row's start offset."""
    pre = m.groupdict().get("pre")
    start = m.start()
    q = None
    if pre:
        n1 = m.group("n1")
        if pre in ("上", "数") and n1[0] not in "十百千万亿":
            start = start_of_number  # 上/数 before an ordinary number is not a qualifier
        else:
            q = _PRE_QUALIFIER[pre]
    more = m.groupdict().get("m1") or m.groupdict().get("m2")
    if more and q is None:
        q = _MORE_QUALIFIER[more]
    post = m.groupdict().get("post")
    if post and q is None:
        q = _POST_QUALIFIER[post]
    return q, start


def _general(norm: str, m: re.Match[str]) -> _Quantity | None:
    n1, unit = m.group("n1"), m.group("unit")
    parsed = _number(n1.strip())
    if parsed is None:
        return None
    value, value_max, several = parsed
    qualifier, start = _qualifier(m, m.start("n1"))
    if _is_bare_magnitude(n1) and start == m.start("n1"):
        return None  # 千万工程, 百万, 万亩: a magnitude alone is a word, not an amount
    if m.group("t1"):
        for ch in m.group("t1"):
            value *= _MAGNITUDE[ch]
    if m.group("n2"):
        parsed2 = _number(m.group("n2").strip())
        if parsed2 is None:
            return None
        value_max = parsed2[0]
        for ch in m.group("t2") or "":
            value_max *= _MAGNITUDE[ch]
        if m.group("u1") and m.group("u1") != unit:
            return None
        # 3—5万元: the magnitude of the second number applies to a bare first number
        tail = re.search(r"[十百千万亿]+$", m.group("n2").strip())
        if tail and n1.strip().replace(".", "").replace(",", "").isdigit() and value < value_max:
            for ch in tail.group():
                value *= _MAGNITUDE[ch]
            if value > value_max:
                value = parsed[0]
    prev = norm[start - 1] if start > 0 else ""
    if prev == "第" or (prev in _CN_DIGITS and not n1[0].isdigit()):
        return None  # ordinal (第十四批) or the tail of a longer numeral
    bare_one = n1 == "一" and not m.group("pre") and not m.group("m1") and not m.group("n2")
    if bare_one and unit not in MEASURE_UNITS:
        return None  # article-like 一: 一个重要举措, 一次“握手”, 一个也不能少
    if unit in CLASSIFIERS and norm[m.end("unit") : m.end("unit") + len(unit)] == unit:
        return None  # reduplication: 一个个, 两次次
    qualifier = qualifier or several
    canonical = _CANONICAL.get(unit, unit)
    if unit == "成":  # 三成 = 30 %
        value, canonical = value * 10, "%"
        value_max = value_max * 10 if value_max is not None else None
    indicator = "人口" if unit == "人口" else None
    return _Quantity(
        start,
        m.end(),
        float(value),
        canonical,
        qualifier,
        float(value_max) if value_max is not None else None,
        m.start("unit"),
        m.end("unit"),
        indicator,
        indicator is not None,
    )


def _special(norm: str) -> list[_Quantity]:
    """Fixed phrasings: 翻三番, 三分之一 / 百分之三十, 每生产七把吉他，就有一把."""
    out: list[_Quantity] = []
    for m in _FAN.finditer(norm):
        parsed = _number(m.group("n1"))
        if parsed:
            s, e = m.start("n1"), m.end()
            out.append(_Quantity(s, e, float(parsed[0]), "番", None, None, e - 1, e))
    for m in _FRACTION.finditer(norm):
        den, num = _number(m.group("den")), _number(m.group("n1"))
        if not den or not num or den[0] == 0:
            continue
        q, start = _qualifier(m, m.start("den"))
        e = m.end()
        if den[0] == 100:
            out.append(_Quantity(start, e, float(num[0]), "%", q, None, e, e))
        elif den[0] == 1000:
            out.append(_Quantity(start, e, float(num[0]), "‰", q, None, e, e))
        else:
            out.append(_Quantity(start, e, float(num[0] / den[0]), "share", q, None, e, e))
    for m in _RATIO.finditer(norm):
        a, b = _number(m.group("a")), _number(m.group("b"))
        if not a or not b or a[0] == 0:
            continue
        ub = m.group("ub")
        if ub and ub != m.group("ua"):
            continue
        out.append(
            _Quantity(
                m.start(),
                m.end(),
                float(b[0] / a[0]),
                "share",
                None,
                None,
                m.start("ua"),
                m.end("ua"),
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Tokens and indicators


def _posseg() -> Any:
    """The project's jieba POS tokenizer (user dictionary loaded once, shared with tokens)."""
    return _jieba()


@dataclass(frozen=True)
class _Tok:
    word: str
    tag: str
    start: int
    end: int


def _tokens(norm: str, offset: int) -> list[_Tok]:
    out, pos = [], offset
    for pair in _posseg().cut(norm):
        out.append(_Tok(pair.word, pair.flag, pos, pos + len(pair.word)))
        pos += len(pair.word)
    return out


def _is_noun(t: _Tok, places: bool = False) -> bool:
    tags = _NOUN_TAGS | _PLACE_TAGS if places else _NOUN_TAGS
    return t.tag in tags and t.word not in _NOT_INDICATORS and not t.word.isdigit()


def _trim_verbal(run: list[_Tok]) -> list[_Tok]:
    """A verbal noun (vn) only modifies a following noun: 医院[结对帮扶] → 医院."""
    while len(run) > 1 and run[-1].tag in ("vn", "v"):
        run = run[:-1]
    return run


def _after_run(
    toks: list[_Tok], begin: int, limit: int, text: str, verbs: bool = False
) -> tuple[int, int] | None:
    """Noun phrase starting right at ``begin``: 7000多名[教育、医疗等领域人才] → its span.

    Modifiers (a/b; v when ``verbs``, as in 550个[就业岗位]) and joiners (、及和与等) are kept
    only when a noun follows; a token that straddles ``begin`` (jieba's 名遊|客) contributes its
    part after ``begin``. Places count here (9个[贫困县], 3个村).
    """
    run: list[_Tok] = []
    pending: list[_Tok] = []
    for t in toks:
        if t.end <= begin:
            continue
        if t.start >= limit:
            break
        if _is_noun(t, places=not run):
            run += [*pending, t]
            pending = []
        elif (
            t.tag in _MODIFIER_TAGS
            or (verbs and not run and not pending and t.tag == "v")
            or (t.word in _JOINERS and run)
        ):
            pending.append(t)
        else:
            break
        if len(pending) > 2:
            break
    run = _trim_verbal(run)
    if not run:
        return None
    start, end = max(run[0].start, begin), min(run[-1].end, limit)
    if end - start > 20 or not text[start:end].strip():
        return None
    return start, end


def _head_after_de(toks: list[_Tok], begin: int, limit: int, text: str) -> tuple[int, int] | None:
    """39个经济较发达的[县]: the head noun after 的 within the next few tokens of a classifier."""
    seen = 0
    for i, t in enumerate(toks):
        if t.start < begin:
            continue
        if t.start >= limit or seen > 8:
            return None
        seen += 1
        if t.word == "的" and i + 1 < len(toks):
            return _after_run(toks, toks[i + 1].start, limit, text)
    return None


def _verb_phrase(toks: list[_Tok], begin: int, limit: int) -> tuple[int, int] | None:
    """5次[赴宁夏调研]: up to four tokens after a verbal classifier, starting with a verb."""
    picked = [t for t in toks if t.start >= begin and t.end <= limit][:4]
    if not picked or not picked[0].tag.startswith("v"):
        return None
    return picked[0].start, picked[-1].end


def _before_run(toks: list[_Tok], end: int, floor: int) -> tuple[int, int] | None:
    """Subject noun phrase before the number: 宁夏[森林覆盖率]提升至12.98% → its span.

    Walks back over at most five verbs/adverbs/prepositions/particles (提升 至, 达到, 只有,
    从刚脱贫时的) and then takes the contiguous nouns; a bracketed aside 企业(商户) is stepped
    over. Stops at places/persons, numbers, time words and the clause start ``floor``.
    """
    before = [t for t in toks if t.end <= end and t.start >= floor]
    i, skipped = len(before) - 1, 0
    while i >= 0 and not _is_noun(before[i]) and before[i].word not in ")）":
        t = before[i]
        if t.tag not in _SKIP_TAGS or skipped >= 5:
            return None
        skipped += 1
        i -= 1
    run: list[_Tok] = []
    while i >= 0:
        t = before[i]
        if t.word in ")）":
            j = i
            while j >= 0 and before[j].word not in "(（":
                j -= 1
            if j < 0:
                break
            i = j - 1
            continue
        if not _is_noun(t):
            break
        run.insert(0, t)
        i -= 1
    return (run[0].start, run[-1].end) if run else None


def _clause_bounds(norm: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    a = start
    while a > lo and not _CLAUSE_BREAK.match(norm[a - 1]):
        a -= 1
    b = end
    while b < hi and not _CLAUSE_BREAK.match(norm[b]):
        b += 1
    return a, b


def _indicators(
    text: str, norm: str, qs: list[_Quantity], sent: tuple[int, int], toks: list[_Tok]
) -> None:
    """Fill ``indicator`` of the quantities of one sentence (heuristics in order).

    1. verbal classifier (次/回/趟): the verb phrase after it;
    2. the noun phrase right after the unit (援助项目 ← 4000多个 is the other way round);
       for classifiers also the head after 的 (39个经济较发达的县 → 县);
    3. the noun phrase before the number (援助资金76.8亿元, 森林覆盖率提升至12.98%);
    4. a relative unit (%/倍/番) or the same unit as the previous quantity of the sentence
       inherits its indicator (较1996年增长近19倍 → 人均地区生产总值);
    5. otherwise the unit itself.
    """
    previous: _Quantity | None = None
    blocked = [(q.start, q.end) for q in qs]
    for q in qs:
        if q.indicator is None:
            c0, c1 = _clause_bounds(norm, q.start, q.end, sent[0], sent[1])
            nxt = min([s for s, _ in blocked if s >= q.end] + [c1])
            prv = max([e for _, e in blocked if e <= q.start] + [c0])
            span = None
            unit_here = norm[q.unit_start : q.unit_end]
            if unit_here in VERBAL_UNITS:
                span = _verb_phrase(toks, q.end, nxt)
            relative = unit_here in ("%", "‰", "成", "倍", "百分点", "个百分点")
            if span is None and not relative and (q.unit_end == q.end or q.unit == "share"):
                verbs = unit_here in CLASSIFIERS
                span = _after_run(toks, q.unit_end, max(nxt, q.unit_end), text, verbs)
                if span is None and q.unit == "share":  # 三分之一的[村民]
                    de = next((t for t in toks if t.start >= q.end), None)
                    if de is not None and de.word == "的":
                        span = _after_run(toks, de.end, max(nxt, de.end), text)
                elif span is not None and unit_here in MEASURE_UNITS:
                    first = next(t for t in toks if t.end > q.unit_end)
                    if span[0] != q.unit_end or first.tag not in ("n", "nz", "eng", "l"):
                        span = None  # 76.8亿元资金 yes; 两千公里的山海携手, 123万元建设 no
            if unit_here in CLASSIFIERS and q.unit_end == q.end:
                # 39个经济较发达的县: a run followed by more words and then 的 was a modifier
                follow = next((t for t in toks if t.start >= (span or (0, q.end))[1]), None)
                if span is None or (
                    follow is not None and follow.word != "的" and follow.start < nxt
                ):
                    span = _head_after_de(toks, q.end, nxt, text) or span
            if span is None:
                span = _before_run(toks, q.start, prv)
            if span is not None:
                q.indicator, q.found = text[span[0] : span[1]].strip(), True
            elif (
                previous is not None
                and previous.found
                and (q.unit in _RELATIVE_UNITS or q.unit == previous.unit)
            ):
                q.indicator, q.found = previous.indicator, True
        if not q.indicator:
            q.indicator, q.found = q.unit, False
        previous = q


# --------------------------------------------------------------------------------------------
# Categories


@functools.cache
def load_categories(path: Path = CATEGORY_FILE) -> tuple[tuple[str, str], ...]:
    """``(pattern, category)`` rows of the mapping CSV, in file order."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [
            (r["pattern"].strip(), r["category"].strip())
            for r in csv.DictReader(fh)
            if r.get("pattern") and r["pattern"].strip()
        ]
    unknown = {c for _, c in rows} - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown categories in {path}: {sorted(unknown)}")
    return tuple(rows)


def categorize(indicator: str | None, unit: str | None) -> str:
    """Category of an indicator: the first CSV row whose pattern is in the indicator, else the
    first whose pattern is in the unit, else ``other`` (援助资金 → funding; 个 → other).

    The indicator pass goes first because it is more specific than the unit (医院 counted in 家
    is an institution, not an organisation); within a pass the file order decides.
    """
    rows = load_categories()
    for field_ in (indicator, unit):
        key = (field_ or "").translate(_NORMALISE)
        if key:
            for pattern, category in rows:
                if pattern in key:
                    return category
    return "other"


# --------------------------------------------------------------------------------------------
# Public API


def _quantities(text: str, token_cache: dict[int, list[_Tok]]) -> list[_Quantity]:
    norm = text.translate(_NORMALISE)
    special = _special(norm)
    general = [q for q in (_general(norm, m) for m in _QTY.finditer(norm)) if q is not None]
    if not special and not general:
        return []  # nothing to check against time expressions: skip the timeline
    blocked = _time_spans(text) + [(m.start(), m.end()) for m in _QUOTED.finditer(norm)]
    accepted: list[_Quantity] = []
    taken: list[tuple[int, int]] = []
    for q in sorted(special, key=lambda q: (q.start, -q.end)):
        if not _overlaps(q.start, q.end, blocked + taken):
            accepted.append(q)
            taken.append((q.start, q.end))
    general = [q for q in general if not _overlaps(q.start, q.end, blocked + taken)]
    if general:
        general = _drop_word_internal(norm, general, token_cache)
    for q in general:
        if not _overlaps(q.start, q.end, blocked + taken):
            accepted.append(q)
            taken.append((q.start, q.end))
    accepted.sort(key=lambda q: q.start)
    return accepted


def _drop_word_internal(
    norm: str, qs: list[_Quantity], cache: dict[int, list[_Tok]]
) -> list[_Quantity]:
    """Drop Chinese-numeral quantities that sit inside a longer jieba word (六盘山, 一成不变,
    统一个): a numeral glued into a name or idiom is part of that word, not an amount."""
    keep = []
    spans = split_sentences(norm)
    for q in qs:
        if norm[q.start].isdigit() or norm[q.start] in "%":
            keep.append(q)
            continue
        si = max(sentence_index(spans, q.start), 0)
        if si not in cache:
            s0, s1 = spans[si] if spans else (0, len(norm))
            cache[si] = _tokens(norm[s0:s1], s0)
        first = next((t for t in cache[si] if t.start <= _num_start(norm, q) < t.end), None)
        if (
            first is not None
            and first.tag not in ("m", "mq", "q", "x", "t")
            and (first.start < q.start or first.end > q.end)
        ):
            continue
        keep.append(q)
    return keep


def _num_start(norm: str, q: _Quantity) -> int:
    i = q.start
    while i < q.end and norm[i] not in _CN_DIGITS + "十百千万亿几" and not norm[i].isdigit():
        i += 1
    return i


def extract(text: str) -> pd.DataFrame:
    """Quantities of ``text``, one row each, sorted by start, never overlapping.

    ``value`` is in base units (亿/万 folded in), ``unit`` is the unit or measure word,
    ``qualifier`` one of more_than / nearly / about / several / up_to / at_least,
    ``indicator`` what is counted, ``category`` from ``indicator_categories.csv``.

    >>> extract("累计投入援助资金76.8亿元")[["text", "value", "unit", "indicator"]].values.tolist()
    [['76.8亿元', 7680000000.0, '元', '援助资金']]
    """
    rows = extract_records(text)
    if not rows:
        return _empty()
    data: dict[str, pd.Series] = {}
    for name in COLUMNS:
        dtype = {"start": "int64", "end": "int64", "sentence": "int64"}.get(name, object)
        dtype = "float64" if name in ("value", "value_max") else dtype
        data[name] = pd.Series([r[name] for r in rows], dtype=dtype)
    return pd.DataFrame(data)


def extract_records(text: str) -> list[dict[str, Any]]:
    """``extract`` as plain rows (dicts keyed by ``COLUMNS``), without building a DataFrame.

    ``indicator_table`` calls this once per sentence; a DataFrame per sentence would cost
    more than the extraction on a corpus of short texts.
    """
    if not isinstance(text, str) or not text:
        return []
    token_cache: dict[int, list[_Tok]] = {}
    qs = _quantities(text, token_cache)
    if not qs:
        return []
    norm = text.translate(_NORMALISE)
    spans = split_sentences(text) or [(0, len(text))]
    by_sentence: dict[int, list[_Quantity]] = {}
    for q in qs:
        by_sentence.setdefault(max(sentence_index(spans, q.start), 0), []).append(q)
    rows = []
    for si, group in sorted(by_sentence.items()):
        s0, s1 = spans[si]
        if s0 > group[0].start or s1 < group[-1].end:  # defensive: quantity outside its span
            s0, s1 = min(s0, group[0].start), max(s1, group[-1].end)
            token_cache.pop(si, None)
        if si not in token_cache:
            token_cache[si] = _tokens(norm[s0:s1], s0)
        _indicators(text, norm, group, (s0, s1), token_cache[si])
        for q in group:
            values = (
                text[q.start : q.end],
                q.start,
                q.end,
                float(q.value),
                q.unit,
                q.qualifier,
                q.indicator,
                categorize(q.indicator, q.unit),
                si,
                float(q.value_max) if q.value_max is not None else float("nan"),
            )
            rows.append(dict(zip(COLUMNS, values, strict=True)))
    return rows


@functools.cache
def _empty_template() -> pd.DataFrame:
    dtypes = {"start": "int64", "end": "int64", "sentence": "int64"}
    dtypes |= {"value": "float64", "value_max": "float64"}
    return pd.DataFrame({c: pd.Series([], dtype=dtypes.get(c, object)) for c in COLUMNS})


def _empty() -> pd.DataFrame:
    return _empty_template().copy()


_PREFIX_WORD = {"nearly": "近", "about": "约", "up_to": "最多", "at_least": "至少"}


def _fmt_number(value: float) -> str:
    """7680000000 → 76.8亿, 330000 → 33万, 77981 → 77981 (亿/万 only when it reads cleanly)."""
    for size, word in ((10**12, "万亿"), (10**8, "亿"), (10**4, "万")):
        if abs(value) >= size:
            scaled = round(value / size, 4)
            if abs(scaled * size - value) < 1e-6 * max(abs(value), 1) and (
                round(scaled, 2) == scaled
            ):
                return f"{scaled:.2f}".rstrip("0").rstrip(".") + word
    return f"{value:.4f}".rstrip("0").rstrip(".")


def format_human(
    value: float, unit: str, qualifier: str | None = None, value_max: float | None = None
) -> str:
    """Readable form of a row: (7680000000, 元) → 76.8亿元; (4000, 个, more_than) → 4000多个."""
    if value is None or pd.isna(value):
        return ""
    if unit == "share":
        return f"{value * 100:.1f}%".replace(".0%", "%")
    number = _fmt_number(value)
    if value_max is not None and not pd.isna(value_max):
        number += "—" + _fmt_number(value_max)
    unit_text = "" if unit == "share" else unit
    if qualifier == "more_than" and unit == "%":
        return f"{number}%以上"  # 95%以上, not 95多%
    if qualifier in ("more_than", "several"):
        word = "多" if qualifier == "more_than" else "几"
        if number == "10" and qualifier == "several":
            return "十几" + unit_text  # 十几个, not 10几个
        return number + word + unit_text
    if unit == "share" or qualifier not in _PREFIX_WORD:
        return number + unit_text
    return _PREFIX_WORD[qualifier] + number + unit_text


def _years(text: str, reference_date: Any) -> list[tuple[int, int]]:
    """``(start, year)`` of the point-in-time expressions of a sentence, resolved against
    ``reference_date`` (今年, 去年); a comparison base (较1996年, 比2019年) is left out."""
    out = []
    for row in timeline.extract_records(text, reference_date):
        value = row["value"] or ""
        is_year = (
            row["kind"] == "point"
            and row["granularity"] != "vague"  # 如今/目前: no year of its own
            and re.match(r"[12]\d{3}(?!\d)", value)
        )
        if is_year and not timeline.COMPARISON_BASE.search(text[: row["start"]]):
            out.append((int(row["start"]), int(value[:4])))
    return out


def _year_before(years: list[tuple[int, int]], start: int) -> int | None:
    """The year of the last expression before ``start``, else the sentence's first year.

    ``2022年…3,985家，2023年上半年已增至4,257家`` → 3,985家: 2022, 4,257家: 2023.
    """
    before = [y for s, y in years if s < start]
    if before:
        return before[-1]
    return years[0][1] if years else None


def _subject(text: str, start: int) -> str | None:
    """The first place/organisation/person token of the clause before ``start`` (宁夏, 福建省)."""
    norm = text.translate(_NORMALISE)
    c0, _ = _clause_bounds(norm, start, start, 0, len(norm))
    for t in _tokens(norm[c0:start], c0):
        if t.tag in _PLACE_TAGS:
            return text[t.start : t.end]
    return None


def indicator_table(sentences: pd.DataFrame, reference_date: Any = None) -> pd.DataFrame:
    """Quantities of every sentence of the loader's sentence table, with context columns.

    Adds ``year`` (the year of the nearest time expression before the number, resolved
    against ``reference_date`` so 今年/去年 count), ``subject`` (place or actor named before
    the number in its clause) and ``human`` (76.8亿元, 4000多个) to ``extract``'s columns;
    ``sentence``/``raw_start``/``raw_end`` are those of the sentence row.
    """
    rows = []
    for rec in sentences.to_dict("records"):
        text = rec.get("text")
        if not isinstance(text, str) or not text:
            continue
        found = extract_records(text)
        if not found:
            continue
        years = _years(text, reference_date)
        for q in found:
            row = {k: rec.get(k) for k in ("doc", "article", "section", "sentence")}
            row |= {"raw_start": rec.get("raw_start"), "raw_end": rec.get("raw_end")}
            row |= {k: q[k] for k in COLUMNS if k != "sentence"}
            row["year"] = _year_before(years, int(q["start"]))
            row["subject"] = _subject(text, int(q["start"]))
            row["human"] = format_human(q["value"], q["unit"], q["qualifier"], q["value_max"])
            rows.append(row)
    table = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    for col in ("qualifier", "year", "subject"):  # keep None (not NaN/float) for missing values
        table[col] = pd.Series([r[col] for r in rows], dtype=object, index=table.index)
    return table


# --------------------------------------------------------------------------------------------
# Comparisons and derived indicators (computed from the indicator table, each with a formula)

_NOT_COMPARABLE_UNITS = {"%", "倍", "次", "share", "番"}
_GROWTH_MULTIPLE = re.compile(r"增长(?:了)?$|增加(?:了)?$|提高(?:了)?$")


def comparisons(table: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pairs of quantities a sentence sets side by side: same sentence, same unit, and the
    same thing counted (equal indicators, or one contained in the other).

    With the ``sentences`` table, a part of a total (…1.2亿人次，其中铁路1050万人次) and an
    increment next to a level (146.3万人，较2019年增加31万余人) are not paired.

    ``从刚脱贫时的4000多元提高到超万元`` → one pair (4000 → 10000, ratio 2.5);
    ``福建…2600亿元…宁夏…202.9亿元`` → one pair (Fujian vs Ningxia).
    """
    rows = []
    keys = ["doc", "article", "sentence"]
    text_of = (
        {}
        if sentences is None
        else {(r.doc, r.article, r.sentence): r.text for r in sentences.itertuples()}
    )
    for key, group in table.groupby(keys, sort=False):
        items = list(group.itertuples())
        text = text_of.get(key, "")
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if a.unit != b.unit or a.unit in _NOT_COMPARABLE_UNITS:
                    continue
                if text and _not_a_comparison(text, int(a.end), int(b.start)):
                    continue
                ia, ib = str(a.indicator or ""), str(b.indicator or "")
                if not (ia and ib and (ia in ib or ib in ia)):
                    continue
                big, small = (a, b) if a.value >= b.value else (b, a)
                rows.append(
                    {
                        "doc": a.doc,
                        "article": a.article,
                        "section": a.section,
                        "sentence": a.sentence,
                        "indicator": ia if len(ia) <= len(ib) else ib,
                        "unit": a.unit,
                        "label_a": _side_label(a),
                        "value_a": a.value,
                        "human_a": a.human,
                        "label_b": _side_label(b),
                        "value_b": b.value,
                        "human_b": b.human,
                        "ratio": big.value / small.value if small.value else None,
                        "formula": f"{big.human} / {small.human}",
                    }
                )
                break  # pair each quantity with the next comparable one only
    cols = [
        "doc",
        "article",
        "section",
        "sentence",
        "indicator",
        "unit",
        "label_a",
        "value_a",
        "human_a",
        "label_b",
        "value_b",
        "human_b",
        "ratio",
        "formula",
    ]
    return pd.DataFrame(rows, columns=cols)


_PART_OR_INCREMENT = re.compile(
    r"其中|(?:增加|增长|提高|减少|下降|新增|多出|少了)了?(?:约|近|超过|超)?$"
)


def _not_a_comparison(text: str, a_end: int, b_start: int) -> bool:
    """Between two quantities: 其中 (b is a part of a), or b is a change, not a level."""
    between = text[a_end:b_start]
    return "其中" in between or bool(_PART_OR_INCREMENT.search(between))


def _side_label(row: Any) -> str:
    """'福建省 1996 2600亿元': subject and year when stated, then the value as written."""
    parts = [str(x) for x in (row.subject, row.year) if x is not None and str(x) != "nan"]
    return " ".join([*parts, str(row.human)])


def derived_indicators(table: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Indicators the text implies but does not state, each with its formula.

    - a base level implied by growth: ``77981元，较1996年增长近19倍`` → 77981 / (1 + 19) ≈
      3899 元 in 1996 (增长N倍 read as "grew by N times", i.e. N + 1 times the base; the
      looser reading N times the base is given in ``note``);
    - ratios of the comparison pairs (``comparisons``);
    - shares stated in words (每…七把…就有一把 → 14.3%).
    """
    text_of = {(r.doc, r.article, r.sentence): r.text for r in sentences.itertuples()}
    rows = []
    for (doc, art, sent), group in table.groupby(["doc", "article", "sentence"], sort=False):
        sentence_text = text_of.get((doc, art, sent), "")
        multiples = group[group.unit == "倍"]
        levels = group[~group.unit.isin(_NOT_COMPARABLE_UNITS)]
        for m in multiples.itertuples():
            before = sentence_text[: int(m.start)].rstrip("近约超")
            base_year = re.search(r"较(\d{4})年", sentence_text)
            if not _GROWTH_MULTIPLE.search(before) or levels.empty:
                continue
            level = (
                levels[levels.start < m.start].iloc[-1]
                if (levels.start < m.start).any()
                else levels.iloc[0]
            )
            base = level.value / (1 + m.value)
            rows.append(
                {
                    "doc": doc,
                    "article": art,
                    "sentence": sent,
                    "indicator": f"{level.indicator}（隐含基期值）",
                    "year": int(base_year.group(1)) if base_year else None,
                    "value": base,
                    "unit": level.unit,
                    "formula": f"{level.human} / (1 + {m.value:g})",
                    "note": f"增长{m.human}: read as (1 + N) × base; if read as N × base: "
                    f"{level.value / m.value:,.0f} {level.unit}",
                }
            )
    for c in comparisons(table, sentences).itertuples():
        rows.append(
            {
                "doc": c.doc,
                "article": c.article,
                "sentence": c.sentence,
                "indicator": f"{c.indicator}：{c.label_a} vs {c.label_b}（大/小）",
                "year": None,
                "value": c.ratio,
                "unit": "倍",
                "formula": c.formula,
                "note": "ratio of two quantities the sentence compares",
            }
        )
    for s in table[table.unit == "share"].itertuples():
        rows.append(
            {
                "doc": s.doc,
                "article": s.article,
                "sentence": s.sentence,
                "indicator": f"{s.indicator}（份额）",
                "year": s.year,
                "value": s.value * 100,
                "unit": "%",
                "formula": f"{s.text} → {s.value:.6f} × 100",
                "note": "share stated in words",
            }
        )
    cols = ["doc", "article", "sentence", "indicator", "year", "value", "unit", "formula", "note"]
    return pd.DataFrame(rows, columns=cols)


QUALIFIER_LABELS = {
    "more_than": "多于",
    "nearly": "近",
    "about": "约",
    "several": "若干",
    "up_to": "至多",
    "at_least": "至少",
}


def key_figures(table: pd.DataFrame, sentences: pd.DataFrame, *, chars: int = 40) -> pd.DataFrame:
    """Report-ready key figures: indicator, value as written, qualifier, year, subject,
    category and the source sentence (trimmed to ``chars``), with raw offsets."""
    text_of = {(r.doc, r.article, r.sentence): r.text for r in sentences.itertuples()}
    out = pd.DataFrame(
        {
            "indicator": table.indicator,
            "value": table.human,
            "qualifier": table.qualifier.map(lambda q: QUALIFIER_LABELS.get(q, "")),
            "year": table.year.map(lambda y: "" if y is None or y != y else str(int(y))),
            "subject": table.subject.fillna(""),
            "category": table.category,
            "source_sentence": [
                _trim(text_of.get((r.doc, r.article, r.sentence), ""), chars)
                for r in table.itertuples()
            ],
            "article": table.article,
            "sentence": table.sentence,
            "expr_raw_start": table.get("expr_raw_start", table.raw_start),
            "expr_raw_end": table.get("expr_raw_end", table.raw_end),
        }
    )
    return out.reset_index(drop=True)


def _trim(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def counts_by_document(table: pd.DataFrame, *, period: str | None = None) -> pd.DataFrame:
    """How many quantities of each category every document has (a corpus view).

    With ``period`` ("year" or "month"), one row per period of the documents' dates instead
    (``doc_date`` column, as ``corpus.analyse_corpus`` adds), plus how many of its documents
    have any quantity (``documents_with_quantities``; the others have no row to count).
    """
    key = "period" if period else ("doc" if "doc" in table and "doc_id" not in table else "doc_id")
    extra = ["documents_with_quantities"] if period else []
    if table.empty:
        return pd.DataFrame(columns=[key, *extra, *CATEGORIES])
    if period:
        from analysis.corpus import period_of

        if "doc_date" not in table:
            raise ValueError(
                "counts_by_document(period=...) needs a doc_date column, as the tables of "
                "analysis.corpus.analyse_corpus have"
            )
        table = table.assign(period=period_of(table["doc_date"], period))
    counts = pd.crosstab(table[key], table["category"]).reindex(
        columns=list(CATEGORIES), fill_value=0
    )
    out = counts.reset_index().rename_axis(columns=None)
    if period:
        docs = table.groupby("period")["doc_id" if "doc_id" in table else "doc"].nunique()
        out.insert(1, "documents_with_quantities", out["period"].map(docs))
    return out
