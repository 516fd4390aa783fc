"""Time expressions in Chinese news text, and the events they date (stage: sentences → timeline).

``extract`` finds dates, ranges, durations and sets with ISO-8601 style values;
``build_timeline`` turns the loader's sentence table into a chronological table of dated events.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import cn2an
import numpy as np
import pandas as pd

from analysis.chars import FULLWIDTH_DIGITS, TRADITIONAL_TO_SIMPLIFIED
from analysis.document import LOCATION_COLUMNS, SENTENCE_COLUMNS
from analysis.sentences import sentence_index, split_sentences

__all__ = [
    "COLUMNS",
    "EVENT_COLUMNS",
    "TimeContext",
    "actors",
    "build_timeline",
    "detect_reference_date",
    "extract",
    "five_year_plan",
    "sort_key",
]

COLUMNS = [
    "text",
    "start",
    "end",
    "value",
    "kind",
    "granularity",
    "relative",
    "sentence",
    "anchor",
    "mod",
    "range_value",
    "note",
]
EVENT_COLUMNS = [
    "date",
    "sort_key",
    "granularity",
    "kind",
    "expression",
    "event",
    *LOCATION_COLUMNS,
    "start",
    "end",
    "mentions",
    "sentences",
    "actors",
]

# ---------------------------------------------------------------------------------------------
# Normalization. Every pattern runs on a copy of the text where each character is replaced by
# exactly one character (same length, so offsets stay valid): full-width digits → ASCII, dash
# variants → "-", ○ → 〇, and Traditional characters → Simplified (``analysis.chars``, shared
# with the quantities).
# ---------------------------------------------------------------------------------------------
_NORMALIZE = str.maketrans(
    {
        **FULLWIDTH_DIGITS,
        **dict.fromkeys("—–―－‐‑~～〜", "-"),
        "○": "〇",
        "◯": "〇",
        "：": ":",
        "．": ".",
        **TRADITIONAL_TO_SIMPLIFIED,
    }
)

# Building blocks (on normalized text).
_CN_DIGIT = "〇零一二三四五六七八九"
_CN_ANY = "〇零一二三四五六七八九十百千两几数"
_NOT_NUM_BEFORE = rf"(?<![0-9.{_CN_ANY}第])"  # not inside a number, not an ordinal (第十六次)
_Y4 = rf"(?:(?<![0-9.])[12][0-9]{{3}}(?![0-9])|(?<![{_CN_ANY}])[一二][{_CN_DIGIT}]{{3}})"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
# Counting numerals (three, 30, 十余 ...); a 4-digit Arabic number before 年 is a year instead.
_COUNT = (
    r"(?:[0-9]{1,3}(?:\.[0-9]+)?(?![0-9])"
    rf"|[几数]?[{_CN_DIGIT}两]?[十百千][{_CN_ANY}]*|[一二三四五六七八九两几数多半])"
)
_DAYPART = r"凌晨|清晨|早晨|早上|上午|中午|午后|下午|傍晚|晚上|晚间|夜间|深夜|夜里|半夜|晚"


def _time_part(p: str) -> str:
    """Clock-time sub-pattern with group names prefixed by ``p`` (上午10时31分, 10:31)."""
    return (
        rf"(?:\s*(?P<{p}dp>{_DAYPART}))?"
        rf"(?:\s*(?:(?<![0-9.])(?P<{p}h>[01]?[0-9]|2[0-4]|两|[一二三四五六七八九十]{{1,3}})"
        rf"(?P<{p}hu>时|点)(?:(?P<{p}mi>[0-5]?[0-9]|[零〇一二三四五六七八九十]{{1,3}})分"
        rf"|(?P<{p}half>半))?"
        rf"|(?<![0-9.:])(?P<{p}h2>[01]?[0-9]|2[0-3]):(?P<{p}mi2>[0-5][0-9])(?![0-9:])))?"
    )


_YEAR_REL = r"(?P<ry>今|去|明|本|次|翌|上一|前一|下一|第二|(?<!提)前|(?<!不)同|当|后)"
_YEAR_NOT_WORD = r"(?!级|代|龄|纪|轻|薪|华|货|画|糕|味|关|报|鉴|检|夜|利|份|度)"
_PATTERNS: dict[str, str] = {
    # 2026年6月17日上午10时31分, 2026年初, 今年上半年, 去年12月, 2012年以来
    "date": (
        rf"(?:(?P<y>{_Y4})年(?P<yd>度)?|{_YEAR_REL}年{_YEAR_NOT_WORD})"
        rf"(?:(?P<m>{_MONTH})月份?(?:(?P<d>{_DAY})[日号]{_time_part('t')})?"
        r"(?P<me>初|底|末|中旬|上旬|下旬)?"
        r"|(?P<ye>初|底|末)|(?P<half>上|下)半年|第?(?P<q>[一二三四1-4])季度"
        r"|(?P<season>春|夏|秋|冬)(?:季|天))?"
        r"(?P<since>以来)?"
    ),
    # 6月17日, 六月, 6月17日电, 6月底 (year from context, see _bare_year)
    "month_day": (
        rf"(?<![0-9{_CN_ANY}个第年])(?P<m>{_MONTH})月份?"
        rf"(?:(?P<d>{_DAY})[日号]{_time_part('t')})?(?P<me>初|底|末|中旬|上旬|下旬)?"
    ),
    # 17日 at a clause start (Xinhua style "17日，会议召开"): day of the context month
    "day": (
        r"(?:(?<=[，。；:！？,;\n“\"（(\s于在至到-])|^)"
        rf"(?P<d>{_DAY})日{_time_part('t')}(?![本元语文常益子记程期内游报均产])"
    ),
    "year_part": (
        r"(?<![0-9年])(?:年(?P<ye>初|底|末)|(?P<half>上|下)半年|第?(?P<q>[一二三四1-4])季度)"
    ),
    "month_edge": rf"(?<![0-9{_CN_ANY}个])月(?P<me>初|底|末)",
    "iso": (
        r"(?<![0-9.])(?P<y>[12][0-9]{3})(?P<s>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=s)"
        r"(?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9])"
        r"(?:[T\s]+(?P<h>[01]?[0-9]|2[0-3]):(?P<mi>[0-5][0-9])(?![0-9]))?"
    ),
    "time": _time_part(""),
    # 1996年至2011年, 2026—2030年, 2019到2021年
    "year_range": rf"(?P<y1>{_Y4})年?\s*(?:-{{1,2}}|至|到)\s*(?P<y2>{_Y4})年",
    # 1-5月, 2025年1—5月
    "month_range": (
        rf"(?:(?P<y>{_Y4})年)?(?<![0-9{_CN_ANY}])(?P<m1>{_MONTH})月?(?:-{{1,2}}|至|到)"
        rf"(?P<m2>{_MONTH})月"
    ),
    # 上世纪90年代, 20世纪80年代末, 1990年代, 八十年代
    "decade": (
        rf"(?:(?P<c>上个?|本|[0-9]{{1,2}}|[{_CN_DIGIT}]?十?[{_CN_DIGIT}]?)世纪)?"
        rf"(?<![0-9{_CN_ANY}])(?P<dec>[12][0-9]{{2}}0|[1-9]0|[一二三四五六七八九]十)年代"
        r"(?P<e>初期?|中期|中后期|末期?|后期|前期)?(?P<since>以来)?"
    ),
    "century": (
        rf"(?P<c>上个?|本|(?<![0-9])[0-9]{{1,2}}|[{_CN_DIGIT}]?十?[{_CN_DIGIT}]?)世纪"
        r"(?P<e>初|末|中叶|上半叶|下半叶)?(?P<since>以来)?"
    ),
    # “十五五” (quoted or followed by 规划/时期 ...): five-year plan number n
    "plan": rf"(?<![{_CN_ANY}])(?P<n>(?:二十|十)?[一二三四五六七八九]?)五(?![{_CN_ANY}])",
    "plan_ordinal": rf"第(?P<n>{_COUNT})个五年(?:规划|计划)",
    # 30年来, 6个月, 十余个小时, 20来天, 一年半, 过去三个月, 近30年
    "duration": (
        rf"(?P<past>过去|最近|近)?{_NOT_NUM_BEFORE}(?P<n>{_COUNT})(?P<q>余|多|来|几)?"
        r"(?P<ge>个)?(?P<q2>多|半)?"
        rf"(?P<u>年{_YEAR_NOT_WORD}(?!规划|计划)|载|月|星期|礼拜|周(?!年|边|围|到|全|末)|天|小时|钟头|分钟|秒钟|秒)"
        r"(?P<h2>半)?(?P<zy>左右)?(?P<lai>来|以来)?"
    ),
    # 3年前, 90年前, 两个月后
    "ago": (
        rf"{_NOT_NUM_BEFORE}(?P<n>{_COUNT})(?P<q>余|多)?(?P<ge>个)?(?P<u>年|月|星期|周|天)"
        r"(?P<dir>以前|之前|前|以后|之后|后)(?![者面端夕台景途沿线方排列])"
    ),
    "anniversary": rf"{_NOT_NUM_BEFORE}(?P<n>{_COUNT})(?P<q>多)?周年",
    # 每年, 每天, 每两年, 每个月
    "set": (
        rf"每(?:一)?(?:(?P<n>{_COUNT}))?(?P<ge>个)?"
        r"(?P<u>年度|年|月|季度|星期|周|天|日|小时|分钟)"
    ),
    # 五年一规划, 一年一部署, 一年一度, 四年一届
    "set_every": (
        rf"{_NOT_NUM_BEFORE}(?P<n>{_COUNT})(?P<ge>个)?(?P<u>年|月|周|天)一"
        r"(?P<v>次|度|届|轮|换|规划|部署|考核|评估|更新|检查|循环|审|会)"
    ),
    "relative_day": (
        r"(?P<w>今天|今日|昨天|昨日|(?<!提)前天|明天|明日|当天|当日|同日|次日|翌日|第二天)"
    ),
    "relative_month": r"(?P<w>本月|这个月|上个月|上月|下个月|下月|当月|同月|次月)",
    "vague": (
        r"近日来?|如今|目前|当下|眼下|不久前|日前|近期|当前|现今|现阶段"
        r"|(?<![体表实出展呈发涌])现在|最近|近来"
        r"|近年来?|近些年|近几年"
    ),
    # 党的十八大以来, 改革开放以来 at a clause start: a period anchored to an event
    "since": (
        r"(?:(?<=[，。；:！？,;\n“\"（(\s])|^)(?:自|从)?"
        r"(?P<ev>[\u4e00-\u9fff]{2,10}?)以来"
    ),
}
# Earlier names win ties between equally long candidates at the same position.
_ORDER = list(_PATTERNS)
_REGEXES = {name: re.compile(p) for name, p in _PATTERNS.items()}
_PLAN_SUFFIX = ("规划", "计划", "时期", "期间", "末", "初", "开局", "收官", "以来", "中期", "期")
_OPEN_QUOTES = "“\"「『‘'《"
_CLOSE_QUOTES = "”\"」』’'》"
_UNIT = {
    "年": "Y",
    "载": "Y",
    "年度": "Y",
    "月": "M",
    "季度": "Q",
    "星期": "W",
    "礼拜": "W",
    "周": "W",
    "天": "D",
    "日": "D",
    "小时": "H",
    "钟头": "H",
    "分钟": "MIN",
    "秒钟": "S",
    "秒": "S",
}
_GRAN = {
    "Y": "year",
    "Q": "quarter",
    "M": "month",
    "W": "week",
    "D": "day",
    "H": "hour",
    "MIN": "minute",
    "S": "second",
}
_PM = ("下午", "傍晚", "晚上", "晚间", "夜间", "深夜", "夜里", "晚")
_VAGUE_PAST = ("不久前", "日前")


@dataclass
class TimeContext:
    """What earlier text says about "when": carried from sentence to sentence by the caller.

    ``year``/``month``/``day`` are the most recent resolved date (the "most recent explicit
    year"); ``same_paragraph`` says whether it was set in the paragraph being read. A month-day
    without a year (6月17日) takes the context year only within the same paragraph (narrative
    "2016年7月…。19日…"); otherwise the reference year (news convention: a bare date is this
    year), and the context year only when there is no reference date.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    same_paragraph: bool = False
    _pos: int | None = field(default=None, repr=False)


@dataclass
class _Cand:
    start: int
    end: int
    name: str
    m: re.Match[str]


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=4096)
def _num(s: str) -> float | None:
    """Arabic or Chinese numeral → number (cn2an, cached); None for 几/数/多 (unknown)."""
    if not s:
        return None
    if s == "半":
        return 0.5
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", s):
        return float(s)
    if any(c in "几数多" for c in s):
        return None
    try:
        return float(cn2an.cn2an(s, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _int(s: str | None) -> int | None:
    v = _num(s) if s else None
    return int(v) if v is not None and v == int(v) else None


def _fmt_num(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


# ---------------------------------------------------------------------------------------------
# Five-year plans
# ---------------------------------------------------------------------------------------------
def five_year_plan(n: int) -> tuple[int, int]:
    """Years of China's n-th five-year plan: 9 → (1996, 2000), 15 → (2026, 2030).

    Plans 1–2 run 1953–1962; 1963–65 were "adjustment" years, so plan n ≥ 3 starts in
    1966 + 5(n−3) (a plain 1953 + 5(n−1) would put 十五五 in 2023).
    """
    start = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    return start, start + 4


# ---------------------------------------------------------------------------------------------
# Reference date
# ---------------------------------------------------------------------------------------------
_DATELINE = re.compile(
    r"(?:(?P<y>[12][0-9]{3})年)?(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12][0-9]|0?[1-9])日\s*"
    r"(?:电|讯)(?=\s|$|[（）()\[\]【】，,。:]|记者)"
)
_STAMP = re.compile(
    r"(?<![0-9])(?P<y>[12][0-9]{3})(?:年|-|/|\.)(?P<m>1[0-2]|0?[1-9])(?:月|-|/|\.)"
    r"(?P<d>3[01]|[12][0-9]|0?[1-9])日?\s+(?:[01]?[0-9]|2[0-3]):[0-5][0-9]"
)
# A year-month already reached: not a target (到2030年12月, 至2025年6月) nor a deadline (…前).
_EXPLICIT_YM = re.compile(r"(?<![0-9到至\-])([12][0-9]{3})年(1[0-2]|0?[1-9])月(?!前|底前)")


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def detect_reference_date(text: str) -> tuple[dt.date | None, str]:
    """Infer the date a news text was written from its own words, and say how.

    Order: a dateline with a year (新华社北京2026年6月17日电); a publication stamp
    (2026年06月18日 08:23); a dateline without a year (（新华社北京6月17日电）, 本报北京6月17日讯)
    whose year is the stamp's or else the latest explicit year-month date in the text.

    >>> detect_reference_date("（新华社北京6月17日电）2026年6月9日投产")[0]
    datetime.date(2026, 6, 17)
    """
    norm = text.translate(_NORMALIZE)
    datelines = list(_DATELINE.finditer(norm))
    for m in datelines:
        if m.group("y"):
            d = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if d:
                return d, f"dateline {m.group().strip()!r} with explicit year"
    stamp = _STAMP.search(norm)
    stamp_date = (
        _safe_date(int(stamp.group("y")), int(stamp.group("m")), int(stamp.group("d")))
        if stamp
        else None
    )
    if datelines:
        m = datelines[0]
        month, day = int(m.group("m")), int(m.group("d"))
        if stamp_date:
            # a dateline of December in a stamp of January belongs to the year before
            year = stamp_date.year - (1 if month > stamp_date.month else 0)
            d = _safe_date(year, month, day)
            if d:
                return (
                    d,
                    f"dateline {m.group().strip()!r}; year {year} from stamp {stamp.group()!r}",
                )
        dates = [
            (int(y), int(mo)) for y, mo in _EXPLICIT_YM.findall(norm) if 1900 <= int(y) <= 2100
        ]
        if dates:
            year = max(dates)[0]
            d = _safe_date(year, month, day)
            if d:
                return d, (
                    f"dateline {m.group().strip()!r} (no year); year {year} inferred from the "
                    f"latest explicit year-month date in the text"
                )
        years = [int(y) for y in _PAST_YEAR.findall(norm) if 1900 <= int(y) <= 2100]
        if years:
            d = _safe_date(max(years), month, day)
            if d:
                return d, (
                    f"dateline {m.group().strip()!r} (no year); year {max(years)} inferred from "
                    f"the latest year the text mentions (no year-month date in the text)"
                )
        return None, f"dateline {m.group().strip()!r} has no year and the text gives none"
    if stamp_date:
        return stamp_date, f"publication stamp {stamp.group()!r}"
    full = [_safe_date(int(y), int(mo), int(dd)) for y, mo, dd in _EXPLICIT_YMD.findall(norm)]
    full = [d for d in full if d]
    if full:
        return max(full), "no dateline or stamp; the latest explicit full date in the text"
    return None, "no dateline, publication stamp or full date found"


# A year the text mentions as already reached (2024年以来, 2025年春运), not a target
# (到2030年, 2030年前) nor the end of a range (2021—2025年).
_PAST_YEAR = re.compile(r"(?<![0-9到至\-])([12][0-9]{3})年(?![代前])")
_EXPLICIT_YMD = re.compile(
    r"(?<![0-9])([12][0-9]{3})年(1[0-2]|0?[1-9])月([12][0-9]|3[01]|0?[1-9])日"
)


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# ---------------------------------------------------------------------------------------------
# Candidates: every pattern, then the longest non-overlapping matches
# ---------------------------------------------------------------------------------------------
def _valid(c: _Cand, norm: str) -> bool:
    """Static checks a regex cannot express (ranges of numbers, context words)."""
    g = c.m.groupdict()
    name = c.name
    if c.end <= c.start:
        return False
    if name in ("date", "month_day", "day") and not _valid_time(g, "t"):
        return False
    if name == "time" and (not _valid_time(g, "") or not (g["h"] or g["h2"])):
        return False
    if (
        name == "date"
        and g.get("ry")
        and not any(g.get(k) for k in ("m", "ye", "half", "q", "season", "since"))
    ):
        # a bare relative year: 当年/同年/后年 are often words (当年的, 今后年份 ...)
        return g["ry"] in ("今", "去", "明", "本", "前", "次", "翌", "上一", "前一", "同", "当")
    if g.get("m") is not None and (_int(g["m"]) or 0) not in range(1, 13):
        return False
    if g.get("d") is not None and _int(g["d"]) is not None:
        mo = _int(g.get("m")) if g.get("m") else 1
        if not _safe_date(2000, mo or 1, _int(g["d"]) or 0):
            return False
    if name == "month_range":
        a, b = _int(g["m1"]), _int(g["m2"])
        return a is not None and b is not None and 1 <= a < b <= 12
    if name == "year_range":
        a, b = _int(g["y1"]), _int(g["y2"])
        return a is not None and b is not None and a < b
    if name == "plan":
        n = _int(g["n"]) if g["n"] else None
        if n is None or not 1 <= n <= 30:
            return False
        before = norm[c.start - 1] if c.start else ""
        after = norm[c.end : c.end + 2]
        quoted = before in _OPEN_QUOTES and after[:1] in _CLOSE_QUOTES
        return quoted or after.startswith(_PLAN_SUFFIX)
    if name in ("duration", "ago", "set", "set_every"):
        unit = g.get("u") or ""
        if unit == "月" and not g.get("ge") and name in ("duration", "ago"):
            return False  # 6月 is a month, 6个月 a duration
        if g.get("ge") and unit not in ("月", "星期", "礼拜", "小时", "钟头"):
            return False  # 个 only goes with 月/星期/小时 (not 个年, 个天)
    if name == "century":
        return bool(g["c"])
    if name == "since":
        ev = g["ev"]
        return not re.search(r"[年月日天周时]", ev) and not ev.startswith(("自", "从"))
    return True


def _valid_time(g: dict[str, Any], p: str) -> bool:
    h = g.get(p + "h")
    if not h:
        return True
    hv = _int(h)
    if hv is None or hv > 24:
        return False
    mi = g.get(p + "mi")
    if mi and (_int(mi) is None or (_int(mi) or 0) > 59):
        return False
    chinese = not h.isdigit()
    # 一时 (for a while), 3点 (three points): a clock time needs 分, 半 or 上午/下午 ...
    return not (
        (chinese or g.get(p + "hu") == "点") and not (mi or g.get(p + "half") or g.get(p + "dp"))
    )


def _candidates(norm: str) -> list[_Cand]:
    cands: list[_Cand] = []
    for name in _ORDER:
        for m in _REGEXES[name].finditer(norm):
            c = _Cand(m.start(), m.end(), name, m)
            if name == "plan":
                c.start = m.start("n")
            if _valid(c, norm):
                cands.append(c)
    # Longest match first, then leftmost, then pattern order: no two rows overlap.
    rank = {n: i for i, n in enumerate(_ORDER)}
    cands.sort(key=lambda c: (c.start - c.end, c.start, rank[c.name]))
    taken = bytearray(len(norm) + 1)
    chosen = []
    for c in cands:
        if not any(taken[c.start : c.end]):
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


# ---------------------------------------------------------------------------------------------
# Resolution against the reference date and the context
# ---------------------------------------------------------------------------------------------
def _row(
    value: str | None,
    kind: str,
    gran: str,
    relative: bool = False,
    anchor: str | None = None,
    mod: str | None = None,
    range_value: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    return {
        "value": value,
        "kind": kind,
        "granularity": gran,
        "relative": relative,
        "anchor": anchor,
        "mod": mod,
        "range_value": range_value,
        "note": note,
    }


def _bare_year(ctx: TimeContext, ref: dt.date | None) -> tuple[int | None, str | None]:
    """Year for an expression without one (6月17日, 年底): see ``TimeContext``."""
    if ctx.year is not None and ctx.same_paragraph:
        return ctx.year, "previous"
    if ref is not None:
        return ref.year, "reference"
    if ctx.year is not None:
        return ctx.year, "previous"
    return None, None


def _hour_minute(g: dict[str, Any], p: str) -> tuple[int | None, int | None]:
    if g.get(p + "h2"):
        return int(g[p + "h2"]), int(g[p + "mi2"])
    if not g.get(p + "h"):
        return None, None
    h = _int(g[p + "h"])
    mi = _int(g[p + "mi"]) if g.get(p + "mi") else (30 if g.get(p + "half") else None)
    dp = g.get(p + "dp") or ""
    if h is not None and ((dp in _PM and h < 12) or (dp == "中午" and h < 3)):
        h += 12
    return h, mi


def _date_value(
    y: int | None, mo: int | None, d: int | None, h: int | None, mi: int | None
) -> tuple[str | None, str]:
    """ISO value and granularity of a (partial) calendar date."""
    gran = "minute" if mi is not None else "hour" if h is not None else "day" if d else "month"
    gran = gran if mo else "year"
    if y is None:
        return None, gran
    if mo is None:
        return f"{y:04d}", gran
    if d is None:
        return f"{y:04d}-{mo:02d}", gran
    if not _safe_date(y, mo, d):
        return None, gran
    v = f"{y:04d}-{mo:02d}-{d:02d}"
    if h is not None:
        v += f"T{h:02d}" + (f":{mi:02d}" if mi is not None else "")
    return v, gran


_EDGE_MOD = {
    "初": "START",
    "上旬": "START",
    "初期": "START",
    "前期": "START",
    "底": "END",
    "末": "END",
    "下旬": "END",
    "末期": "END",
    "后期": "END",
    "中旬": "MID",
    "中期": "MID",
    "中叶": "MID",
    "中后期": "MID",
    "上半叶": "START",
    "下半叶": "END",
}
_SEASON = {"春": "SP", "夏": "SU", "秋": "FA", "冬": "WI"}


def _resolve_calendar(
    g: dict[str, Any], name: str, ctx: TimeContext, ref: dt.date | None
) -> dict[str, Any]:
    """date / month_day / day / year_part / month_edge / iso → a point (or a since-range)."""
    anchor = None
    y = int(g["y"]) if g.get("y") and g["y"].isdigit() else _int(g.get("y"))
    ry = g.get("ry")
    if ry:
        offset = {"今": 0, "本": 0, "去": -1, "前": -2, "明": 1, "后": 2}.get(ry)
        if offset is not None:
            y, anchor = (ref.year + offset if ref else None), "reference"
        elif ry in ("当", "同"):
            y, anchor = ctx.year, "previous"
        elif ry in ("上一", "前一"):
            y, anchor = (ctx.year - 1, "previous") if ctx.year else (None, "previous")
        else:  # 次年, 翌年, 第二年, 下一年
            y, anchor = (ctx.year + 1, "previous") if ctx.year else (None, "previous")
    mo = _int(g.get("m")) if g.get("m") else None
    d = _int(g.get("d")) if g.get("d") else None
    if name == "day":
        if ctx.month and ctx.same_paragraph:
            y, mo, anchor = ctx.year, ctx.month, "previous"
        elif ref:
            y, mo, anchor = ref.year, ref.month, "reference"
        elif ctx.month:
            y, mo, anchor = ctx.year, ctx.month, "previous"
        else:
            anchor = None
    elif name == "month_edge":
        if ctx.month and ctx.same_paragraph:
            y, mo, anchor = ctx.year, ctx.month, "previous"
        elif ref:
            y, mo, anchor = ref.year, ref.month, "reference"
        else:
            y, mo = None, None
    elif y is None and not ry:
        y, anchor = _bare_year(ctx, ref)
    h, mi = (int(g["h"]), int(g["mi"])) if name == "iso" and g.get("h") else _hour_minute(g, "t")
    relative = anchor is not None or (y is None)
    mod = None
    if g.get("half"):
        value, gran = (f"{y:04d}-H{1 if g['half'] == '上' else 2}" if y else None), "half_year"
    elif g.get("q"):
        q = _int(g["q"]) if not g["q"].isdigit() else int(g["q"])
        value, gran = (f"{y:04d}-Q{q}" if y else None), "quarter"
    elif g.get("season"):
        value, gran = (f"{y:04d}-{_SEASON[g['season']]}" if y else None), "season"
    else:
        if name == "month_edge" and mo is None:
            value, gran = None, "month"
        else:
            value, gran = _date_value(y, mo, d, h, mi)
    edge = g.get("ye") or g.get("me")
    if edge:
        mod = _EDGE_MOD.get(edge)
    if g.get("since"):
        end = _date_value(
            ref.year if ref else None,
            ref.month if ref and mo else None,
            ref.day if ref and d else None,
            None,
            None,
        )[0]
        rng = f"{value}/{end}" if value and end else None
        return _row(rng, "range", gran, True, anchor or "reference", mod, note="since")
    return _row(value, "point", gran, relative, anchor, mod)


def _duration_value(n: float | None, unit: str) -> str:
    """P30Y, P6M, PT10H, P1.5Y → P18M (a fraction goes to the next smaller unit if whole)."""
    if n is None:
        return f"PT{'X'}{unit[0]}" if unit in ("H", "MIN", "S") else f"PX{unit}"
    smaller = {"Y": ("M", 12), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60)}
    if n != int(n) and unit in smaller and (n * smaller[unit][1]) == int(n * smaller[unit][1]):
        n, unit = n * smaller[unit][1], smaller[unit][0]
    if unit == "Q":
        n, unit = n * 3, "M"
    letter = {"MIN": "M"}.get(unit, unit)
    return f"PT{_fmt_num(n)}{letter}" if unit in ("H", "MIN", "S") else f"P{_fmt_num(n)}{letter}"


def _shift(ref: dt.date, n: int, unit: str) -> tuple[str, str]:
    """``ref`` moved by n units (negative = back): ISO value and granularity."""
    if unit == "Y":
        return f"{ref.year + n:04d}", "year"
    if unit == "M":
        k = ref.year * 12 + ref.month - 1 + n
        return f"{k // 12:04d}-{k % 12 + 1:02d}", "month"
    days = n * (7 if unit == "W" else 1)
    return (ref + dt.timedelta(days=days)).isoformat(), "day"


def _resolve(c: _Cand, ctx: TimeContext, ref: dt.date | None, norm: str) -> dict[str, Any]:
    g = c.m.groupdict()
    name = c.name
    if name in ("date", "month_day", "day", "year_part", "month_edge", "iso"):
        return _resolve_calendar(g, name, ctx, ref)
    if name == "time":
        h, mi = _hour_minute(g, "")
        if ctx.day and ctx.same_paragraph:
            base, anchor = dt.date(ctx.year or 1, ctx.month or 1, ctx.day), "previous"
        elif ref:
            base, anchor = ref, "reference"
        else:
            base, anchor = None, None
        t = f"T{h:02d}" + (f":{mi:02d}" if mi is not None else "")
        value = (base.isoformat() + t) if base else t
        return _row(value, "point", "minute" if mi is not None else "hour", True, anchor)
    if name == "year_range":
        a, b = _int(g["y1"]), _int(g["y2"])
        return _row(f"{a:04d}/{b:04d}", "range", "year")
    if name == "month_range":
        y = _int(g["y"]) if g.get("y") else None
        anchor = None
        if y is None:
            y, anchor = _bare_year(ctx, ref)
        a, b = _int(g["m1"]), _int(g["m2"])
        value = f"{y:04d}-{a:02d}/{y:04d}-{b:02d}" if y else None
        return _row(value, "range", "month", anchor is not None or y is None, anchor)
    if name in ("decade", "century"):
        return _resolve_century(g, name, ref)
    if name in ("plan", "plan_ordinal"):
        n = _int(g["n"])
        if n is None or not 1 <= n <= 30:
            return _row(None, "range", "year", note="plan number not understood")
        a, b = five_year_plan(n)
        return _row(f"{a}/{b}", "range", "year", note=f"five-year plan {n}")
    if name == "duration":
        return _resolve_duration(g, ref)
    if name == "ago":
        n = _num(g["n"])
        unit = _UNIT[g["u"]]
        later = g["dir"].endswith("后")
        if n is None or n != int(n) or g.get("q"):
            return _row(None, "point", "vague", True, None, "APPROX")
        n = int(n)
        if later and unit == "Y" and ctx.year is not None:
            return _row(f"{ctx.year + n:04d}", "point", "year", True, "previous")
        if ref is None:
            return _row(None, "point", _GRAN[unit], True)
        value, gran = _shift(ref, n if later else -n, unit)
        return _row(value, "point", gran, True, "reference")
    if name == "anniversary":
        n = _num(g["n"])
        return _row(
            _duration_value(n, "Y"),
            "duration",
            "year",
            mod="MORE_THAN" if g.get("q") else None,
            note="anniversary",
        )
    if name in ("set", "set_every"):
        n = _num(g["n"]) if g.get("n") else 1.0
        unit = _UNIT[g["u"]]
        return _row(_duration_value(n, unit), "set", _GRAN[unit])
    if name == "relative_day":
        return _resolve_relative_day(g["w"], ctx, ref, norm[c.end : c.end + 1])
    if name == "relative_month":
        w = g["w"]
        if w in ("当月", "同月", "次月"):
            if ctx.month is None or ctx.year is None:
                return _row(None, "point", "month", True, "previous")
            k = ctx.year * 12 + ctx.month - 1 + (1 if w == "次月" else 0)
            return _row(f"{k // 12:04d}-{k % 12 + 1:02d}", "point", "month", True, "previous")
        if ref is None:
            return _row(None, "point", "month", True)
        n = -1 if w.startswith("上") else 1 if w.startswith("下") else 0
        return _row(_shift(ref, n, "M")[0], "point", "month", True, "reference")
    if name == "vague":
        note = "past" if c.m.group() in _VAGUE_PAST else None
        return _row(
            ref.isoformat() if ref else None, "point", "vague", True, "reference", note=note
        )
    if name == "since":
        return _row(
            None,
            "range",
            "vague",
            True,
            None,
            note=f"since event {g['ev']!r}: start not given in text",
        )
    raise AssertionError(name)  # pragma: no cover


def _resolve_relative_day(
    w: str, ctx: TimeContext, ref: dt.date | None, after: str
) -> dict[str, Any]:
    if w in ("今天", "今日") and after == "的":  # 今天的闽宁镇: "today's" = nowadays
        return _row(ref.isoformat() if ref else None, "point", "vague", True, "reference")
    if w in ("当天", "当日", "同日", "次日", "翌日", "第二天"):
        if not (ctx.year and ctx.month and ctx.day):
            return _row(None, "point", "day", True, "previous")
        base = _safe_date(ctx.year, ctx.month, ctx.day)
        if base is None:
            return _row(None, "point", "day", True, "previous")
        n = 0 if w in ("当天", "当日", "同日") else 1
        return _row((base + dt.timedelta(days=n)).isoformat(), "point", "day", True, "previous")
    if ref is None:
        return _row(None, "point", "day", True)
    n = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1}[w]
    return _row((ref + dt.timedelta(days=n)).isoformat(), "point", "day", True, "reference")


def _resolve_century(g: dict[str, Any], name: str, ref: dt.date | None) -> dict[str, Any]:
    """上世纪90年代 → 1990/1999; 20世纪 → 1900/1999; 本世纪以来 → 2000/<reference year>."""
    c = g.get("c") or ""
    ref_century = (ref.year - 1) // 100 + 1 if ref else None  # 2026 → 21
    relative = c.startswith(("上", "本")) or not c
    if c.startswith("上"):
        century = ref_century - 1 if ref_century else None
    elif c.startswith("本"):
        century = ref_century
    else:
        century = _int(c) if c else None
    mod = _EDGE_MOD.get(g.get("e") or "")
    gran = name
    start: int | None = None
    if name == "century":
        # N世纪 is taken as the 19xx/20xx hundred years (matching 90年代 → 1990/1999)
        start = (century - 1) * 100 if century else None
        span = 99
    else:
        d = g["dec"]
        dv = int(d) if d.isdigit() else _int(d)
        span = 9
        if dv is None:
            start = None
        elif dv >= 1000:
            start, relative = dv, False
        elif century is not None:
            start = (century - 1) * 100 + dv
        elif ref is not None:
            # 80年代 without a century: the latest such decade not after the reference date
            start = (ref.year // 100) * 100 + dv
            if start > ref.year:
                start -= 100
        else:
            start = 1900 + dv
    anchor = "reference" if relative and ref is not None else None
    if start is None:
        return _row(None, "range", gran, True, anchor, mod)
    if g.get("since"):
        end = f"{ref.year}" if ref else None
        value = f"{start}/{end}" if end else None
        return _row(value, "range", gran, True, "reference", mod, note="since")
    return _row(f"{start}/{start + span}", "range", gran, relative, anchor, mod)


def _resolve_duration(g: dict[str, Any], ref: dt.date | None) -> dict[str, Any]:
    raw_u = g["u"]
    unit = _UNIT["年" if raw_u.startswith("年") else raw_u]
    n = _num(g["n"])
    if g.get("q") == "几":
        n = None
    if n is not None and (g.get("q2") == "半" or g.get("h2")):
        n += 0.5
    mod = (
        "MORE_THAN"
        if g.get("q") in ("余", "多") or g.get("q2") == "多"
        else "APPROX"
        if g.get("q") == "来" or g.get("zy") or g.get("past") == "近"
        else None
    )
    value = _duration_value(n, unit)
    range_value = None
    anchor = None
    whole = n is not None and n == int(n) and unit in ("Y", "M", "W", "D")
    if (g.get("lai") or g.get("past")) and ref is not None and whole:
        start, _ = _shift(ref, -int(n), unit)
        end = _shift(ref, 0, unit)[0]
        range_value, anchor = f"{start}/{end}", "reference"
    return _row(value, "duration", _GRAN[unit], False, anchor, mod, range_value)


def _update_context(ctx: TimeContext, row: dict[str, Any], pos: int) -> None:
    """A resolved point becomes the context for later bare dates (6月, 17日, 当年)."""
    v = row["value"]
    if row["kind"] != "point" or not v or row["granularity"] == "vague" or v.startswith("T"):
        return
    m = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", v)
    if not m:
        return
    ctx.year = int(m.group(1))
    ctx.month = int(m.group(2)) if m.group(2) else None
    ctx.day = int(m.group(3)) if m.group(3) else None
    ctx.same_paragraph = True
    ctx._pos = pos


COMPARISON_BASE = re.compile(r"(?:比|较|同比|相比|与)$")
_RANGE_JOIN = re.compile(r"\s*(?:-{1,2}|至|到)\s*")
_JOINABLE = ("year", "half_year", "quarter", "month", "day", "hour", "minute")


def _merge_ranges(rows: list[dict[str, Any]], norm: str, text: str) -> list[dict[str, Any]]:
    """Two points joined by 至/到/— become one range (2026年6月1日至5日)."""
    out: list[dict[str, Any]] = []
    for r in rows:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev["kind"] == "point"
            and r["kind"] == "point"
            and prev["value"]
            and r["value"]
            and prev["granularity"] in _JOINABLE
            and r["granularity"] in _JOINABLE
            and _RANGE_JOIN.fullmatch(norm[prev["end"] : r["start"]])
            and prev["value"] < r["value"]
        ):
            prev.update(
                text=text[prev["start"] : r["end"]],
                end=r["end"],
                value=f"{prev['value']}/{r['value']}",
                kind="range",
                relative=prev["relative"] or r["relative"],
                anchor=prev["anchor"] or r["anchor"],
            )
            continue
        out.append(r)
    return out


def extract(
    text: str,
    reference_date: dt.date | str | None = None,
    *,
    context: TimeContext | None = None,
    detect: bool = True,
) -> pd.DataFrame:
    """One row per time expression in ``text``: surface, offsets and a normalized value.

    ``reference_date`` resolves relative expressions (今年, 30年前, 近日); when None it is
    detected from the text (``detect_reference_date``) unless ``detect=False``; without one,
    relative values are None (flagged ``relative=True``, never guessed). ``context`` carries
    the most recent date across calls and is updated in place.

    >>> extract("1997年4月，习近平来到宁夏")[["text", "value", "kind"]].values.tolist()
    [['1997年4月', '1997-04', 'point']]
    """
    text = text if isinstance(text, str) else str(text)
    ref = _as_date(reference_date)
    if ref is None and reference_date is None and detect:
        ref = detect_reference_date(text)[0]
    rows = _extract_rows(text, ref, context if context is not None else TimeContext())
    return _frame(rows, COLUMNS, ints=("start", "end", "sentence"), bools=("relative",))


def extract_records(
    text: str, reference_date: dt.date | str | None = None, *, context: TimeContext | None = None
) -> list[dict[str, Any]]:
    """``extract`` as plain rows (dicts keyed by ``COLUMNS``) with no date detection.

    For callers that run per sentence (the indicator table): no DataFrame per call.
    """
    ctx = context if context is not None else TimeContext()
    return _extract_rows(str(text), _as_date(reference_date), ctx)


def _extract_rows(text: str, ref: dt.date | None, ctx: TimeContext) -> list[dict[str, Any]]:
    """``extract`` without the DataFrame (build_timeline calls it once per sentence)."""
    ctx._pos = None
    norm = text.translate(_NORMALIZE)
    rows: list[dict[str, Any]] = []
    for c in _candidates(norm):
        if ctx._pos is not None and "\n" in norm[ctx._pos : c.start]:
            ctx.same_paragraph = False
        row = _resolve(c, ctx, ref, norm)
        row.update(text=text[c.start : c.end], start=c.start, end=c.end)
        rows.append(row)
        if not COMPARISON_BASE.search(norm[: c.start]):  # 比去年同期: not the story's time
            _update_context(ctx, row, c.end)
    if ctx._pos is not None and "\n" in norm[ctx._pos :]:
        ctx.same_paragraph = False
    rows = _merge_ranges(rows, norm, text)
    if rows:
        spans = split_sentences(text)
        for r in rows:
            r["sentence"] = max(sentence_index(spans, r["start"]), 0)
    return rows


def _frame(
    rows: list[dict[str, Any]],
    columns: list[str],
    ints: Iterable[str] = (),
    bools: Iterable[str] = (),
) -> pd.DataFrame:
    """DataFrame with object columns holding None (not NaN) for missing values."""
    if not rows and columns is COLUMNS:
        return _EMPTY.copy()
    ints, bools = set(ints), set(bools)
    data = {}
    for c in columns:
        if c in ints or c in bools:
            data[c] = np.array([r[c] for r in rows], dtype=np.int64 if c in ints else bool)
        else:
            col = np.empty(len(rows), dtype=object)  # element-wise: values may be lists
            for i, r in enumerate(rows):
                col[i] = r.get(c)
            # an explicit object Series keeps None (pandas 3 would infer str and use NaN)
            data[c] = pd.Series(col, dtype=object, copy=False)
    return pd.DataFrame(data, columns=columns)


# ---------------------------------------------------------------------------------------------
# Timeline
# ---------------------------------------------------------------------------------------------
_SORT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-H([12])|-Q([1-4])|-(SP|SU|FA|WI))?")


def sort_key(value: str | None) -> str | None:
    """Start of the period as yyyy-mm-dd: '2026/2030' → '2026-01-01', '2026-H2' → '2026-07-01'."""
    if not value:
        return None
    m = _SORT.match(value)
    if not m:
        return None
    y, mo, d, half, q, season = m.groups()
    month = (
        int(mo)
        if mo
        else 1 + 6 * (int(half) - 1)
        if half
        else 1 + 3 * (int(q) - 1)
        if q
        else {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
        if season
        else 1
    )
    return f"{y}-{month:02d}-{int(d) if d else 1:02d}"


_EMPTY = _frame([], COLUMNS[:], ints=("start", "end", "sentence"), bools=("relative",))


@dataclass
class _Row:
    text: str
    start: int
    end: int
    value: str | None
    kind: str
    granularity: str
    relative: bool
    sentence: int
    anchor: str | None
    mod: str | None
    range_value: str | None
    note: str | None


_CLAUSE_START = "，；。,;！？!?\n"
_CLAUSE_END = "。；！？!?;\n"
_STRIP = " \t\r\n，；。,;：:！？!?、…"  # quotes/brackets kept: they may pair up inside


def _clause(text: str, start: int, end: int, limit: int = 80) -> str:
    """The clause an expression dates: from the previous ，；。 to the next 。；！？ (≤ limit)."""
    a = max((text.rfind(ch, 0, start) for ch in _CLAUSE_START), default=-1) + 1
    ends = [i for i in (text.find(ch, end) for ch in _CLAUSE_END) if i >= 0]
    b = min(ends) if ends else len(text)
    clause = text[a:b].strip(_STRIP)
    if len(clause) > limit:
        clause = clause[:limit].rstrip(_STRIP) + "…"
    return clause


def _bare(s: str) -> str:
    return re.sub(r"[\W_]+", "", s)


# The sentence-table columns build_timeline reads (every one but the list of raw spans).
_SENTENCE_FIELDS = tuple(c for c in SENTENCE_COLUMNS if c != "raw_spans")
_SentenceRow = namedtuple("_SentenceRow", _SENTENCE_FIELDS)


def build_timeline(
    sentences: pd.DataFrame,
    reference_date: dt.date | str | None = None,
    *,
    include: Iterable[str] = ("point", "range"),
) -> pd.DataFrame:
    """Chronological table of dated events from the loader's sentence table.

    Sentences are read in the table's order within each (doc, article); the most recent date
    is carried from sentence to sentence (reset per article, "same paragraph" per paragraph).
    ``reference_date`` None: detected per doc from its sentences. Vague references and
    durations are left out unless ``include`` names them; rows without a value are dropped.
    Mentions of the same date whose clauses are equal or contained in one another are merged
    (``mentions``, ``sentences``).
    """
    kinds = set(include)
    records: list[dict[str, Any]] = []
    df = sentences.reset_index(drop=True)
    refs: dict[Any, dt.date | None] = {}
    order = 0
    cols = {c: df[c].tolist() if c in df else [None] * len(df) for c in _SENTENCE_FIELDS}
    # Group codes from pandas (missing keys form one group, as groupby(dropna=False) does),
    # rows grouped by plain lists: on a corpus this runs once per document, and iterating
    # groupby/itertuples cost more than the extraction itself.
    group_codes = df.groupby(["doc", "article"], sort=False, dropna=False).ngroup().tolist()
    doc_codes = pd.factorize(df["doc"], use_na_sentinel=False)[0].tolist()
    groups: dict[int, list[int]] = {}
    for i, code in enumerate(group_codes):
        groups.setdefault(code, []).append(i)
    for indices in groups.values():
        doc, article = cols["doc"][indices[0]], cols["article"][indices[0]]
        doc_code = doc_codes[indices[0]]
        if doc_code not in refs:
            if reference_date is not None:
                refs[doc_code] = _as_date(reference_date)
            else:
                same = (t for c, t in zip(doc_codes, cols["text"], strict=True) if c == doc_code)
                refs[doc_code] = detect_reference_date("\n".join(str(t) for t in same))[0]
        ref = refs[doc_code]
        ctx = TimeContext()
        paragraph = None
        for i in indices:
            row = _SentenceRow(*(cols[c][i] for c in _SENTENCE_FIELDS))
            para = row.paragraph
            if para != paragraph:
                ctx.same_paragraph = False
                paragraph = para
            text = str(row.text)
            for found in _extract_rows(text, ref, ctx):
                order += 1
                r = _Row(**found)
                if r.kind not in kinds or r.value is None:
                    continue
                if r.granularity == "vague" and "vague" not in kinds:
                    continue
                records.append(
                    {
                        "date": r.value,
                        # a duration with a range (30年来 → 1996/2026) sorts by its start
                        "sort_key": sort_key(r.value) or sort_key(r.range_value),
                        "granularity": r.granularity,
                        "kind": r.kind,
                        "expression": r.text,
                        "event": _clause(text, r.start, r.end),
                        "doc": doc,
                        "article": article,
                        "section": row.section,
                        "sentence": row.sentence,
                        "raw_start": row.raw_start,
                        "raw_end": row.raw_end,
                        "start": r.start,
                        "end": r.end,
                        "_order": order,
                    }
                )
    # a dated event needs a place on the calendar: a bare clock time (上午10时30分 in an
    # undated text) has no sort key and stays in extract's table only; durations and sets
    # (included on request) sort last
    records = [r for r in records if r["sort_key"] or r["kind"] not in ("point", "range")]
    records.sort(key=lambda r: (r["sort_key"] or "9999", r["_order"]))
    merged: list[dict[str, Any]] = []
    for r in records:
        key = _bare(r["event"])
        for m in merged:
            if m["date"] != r["date"]:
                continue
            other = _bare(m["event"])
            if key == other or (key and other and (key in other or other in key)):
                m["mentions"] += 1
                m["sentences"].append(r["sentence"])
                break
        else:
            r["mentions"] = 1
            r["sentences"] = [r["sentence"]]
            merged.append(r)
    for m in merged:
        m["actors"] = actors(m["event"])
    return _frame(merged, EVENT_COLUMNS, ints=("start", "end", "mentions"))


ACTOR_POS = ("nr", "ns", "nt")


def actors(clause: str) -> str:
    """People, places and organisations named in ``clause`` (tokenizer POS nr/ns/nt, which
    includes the user dictionary's names), in order of first mention, joined by 、.

    >>> actors("1997年4月，习近平同志来到宁夏调研")
    '习近平、宁夏'
    """
    from analysis.tokens import segment  # the tokenizer loads jieba only when needed

    seen: list[str] = []
    for tok in segment(clause):
        if tok.pos.startswith(ACTOR_POS) and len(tok.text) > 1 and tok.text not in seen:
            seen.append(tok.text)
    return "、".join(seen)
