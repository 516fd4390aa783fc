"""Calendar rules: dates with their year, month, day, part of day and clock time as one
expression (2026年6月17日上午10时31分, 昨日上午9点 is combined later), lunar dates, eras and
Republic-of-China years, numeric dates (2019/03/14, 21.7.2016) and holidays."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from analysis.time import calendar, lexicon
from analysis.time import patterns as P
from analysis.time.clock import daypart_bounds, hour_minute, valid_clock
from analysis.time.rules import (
    NO_YEAR,
    Env,
    Example,
    Row,
    Rule,
    integer,
    row,
    two_digit_year,
    year_in_context,
    year_number,
)
from analysis.time.values import clock_value, date_value, safe_date

YEAR_NOT_WORD = r"(?!级|代|龄|纪|轻|薪|华|货|画|糕|味|关|报|鉴|检|夜|利|份|度|终|会|假|货|限)"
LUNAR_MONTHS = P.words(lexicon.lunar_months())
_MONTH_PREFIXES = P.words(p for p in lexicon.relative_prefixes() if p not in ("今", "本", "这"))
_REL_MONTH = rf"(?P<rm>{P.relative('M')})|(?P<mpre>{_MONTH_PREFIXES})月"


def _year_part() -> str:
    return (
        r"(?:(?:(?P<y>" + P.Y4 + r")|(?P<y2>" + P.Y2 + r")|(?P<ycn>" + P.CN_YEAR_NUMBER + r")"
        rf"|(?P<era>{P.words(lexicon.eras())})(?P<ey>元|[0-9]{{1,3}}|[{P.CN_ANY}]{{1,4}}))"
        rf"{P.SP}年(?P<yd>度)?|(?P<ry>{P.relative('Y')})(?P<yd2>度)?){YEAR_NOT_WORD}"
    )


# A part of the day followed by two hours (6月15日上午9-11时) is the clock span's.
_NOT_SPAN = rf"(?!{P.SP}(?:[0-9]{{1,2}}|{P.CN_HOUR}){P.SP}(?:-|~|～|—|至|到))"


def _month_day(p: str = "") -> str:
    """Month, then optionally day, part of day and clock; or a month edge (6月底)."""
    return (
        rf"(?:(?P<m>{P.MONTH}){P.SP}月份?|(?P<lm>{LUNAR_MONTHS})|{_REL_MONTH})"
        rf"(?:{P.SP}(?:(?P<d>{P.DAY})(?:{P.SP}(?:-|~|至|到){P.SP}(?P<d_to>{P.DAY}))?{P.SP}[日号]|(?P<ld>{P.LUNAR_DAY})(?![{P.CN_ANY}年月日号天个])"
        rf"|(?P<dcn>{P.CN_DAY})(?![{P.CN_ANY}年月日号天个万亿]))"
        rf"(?:{P.SP}(?:{P.clock('t')}|(?P<dpo>{P.dayparts()}){_NOT_SPAN}))?"
        rf"|{P.edge('me')}"
        rf"|的?第(?P<mw>[1-5]|[一二三四五])(?:个)?(?:周|星期|礼拜)(?P<mwd>{_WEEKDAYS})?"
        rf"|的?(?P<mfl>前|最后|头){P.SP}(?P<mfln>[0-9]{{1,2}}|[{P.CN_DIGIT}十两]{{1,3}}){P.SP}天)?"
    )


_WEEKDAYS = P.words(lexicon.weekdays())
_YEAR_SUFFIX = (
    r"年?(?P<ye>初|底|末|伊始|(?<=年年)中)(?![0-9一二三四五六七八九十])"  # 2024年年初, 今年年中
    r"|(?P<half>上|下|前|后|首)(?:个)?半年"
    rf"|(?:第?(?P<q>[一二三四1-4])季度?|首(?P<qn>[一二三]?)季度?|前(?P<qn2>[两二三])个?季度"
    rf"|(?P<qq>Q[1-4]))(?:{P.edge('qe')})?|(?P<first_month>首月)"
    r"|(?P<season>春|夏|秋|冬)(?:季|天)"
    rf"|的?第(?P<wn>[0-9]{{1,2}}|[{P.CN_DIGIT}十]{{1,3}})(?:个)?(?:周|星期|礼拜)"
    rf"|的?第(?P<mn>[0-9]{{1,2}}|[{P.CN_DIGIT}十]{{1,3}})个月"
    rf"|的?(?P<fl>前|最后|头){P.SP}(?P<fln>[0-9]{{1,2}}|[{P.CN_DIGIT}十两]{{1,3}}){P.SP}"
    r"(?P<flu>个?月|个?星期|周|天)"
)

DATE = (
    rf"(?:(?P<lunar>农历|阴历){P.SP})?"
    rf"(?:(?P<yp>{_year_part()})|(?<![0-9{P.CN_ANY}个第年]))"
    rf"(?:(?(yp){P.SP})(?P<md>{_month_day()})|(?(yp){P.SP}(?:{_YEAR_SUFFIX})|(?!)))?"
    r"(?(yp)|(?(md)|(?!)))"
)


def _valid_date(m: re.Match[str], norm: str) -> bool:
    g = m.groupdict()
    if not valid_clock(g, "t", norm[m.end() : m.end() + 2], "", after_date=True):
        return False
    has_month = bool(g["m"] or g["lm"] or g["rm"] or g["mpre"])
    keys = ("ye", "half", "q", "qn", "qn2", "qq", "season", "wn", "mn", "fl", "first_month")
    rest = any(g[k] is not None for k in keys)
    if g["y2"] and not (has_month or rest or g["y2"][0] in "0零〇" or not g["y2"].isdigit()):
        return (
            False  # 18年 is a duration unless a month or year part follows; 08年, 零八年 are years
        )
    if g["y2"] and not g["y2"].isdigit() and re.fullmatch(r"[一二三四五六七八九]{2}", g["y2"]):
        a, b = (P.CN_DIGIT.index(c) for c in g["y2"])
        if b - a == 1:
            return False  # 三四年: three or four years
    if g["ycn"] and not has_month:
        return False  # 两千年 alone is also "two thousand years"
    if g["ry"] and not (has_month or rest) and not lexicon.relative_words()[g["ry"]]["bare"]:
        return False
    if g["m"] and not 1 <= (integer(g["m"]) or 0) <= 12:
        return False
    if g["dcn"] and not (g["m"] or g["lm"]):
        return False
    if g["m"] and not (g["y"] or g["y2"] or g["ycn"] or g["era"] or g["ry"] or g["d"] or g["dcn"]):
        # a bare month: 6月 is June, but not inside 6月份额 ...; fine
        return True
    return True


def _year(g: dict[str, Any], env: Env) -> tuple[int | None, str | None]:
    if g["y"]:
        return year_number(g["y"]), None
    if g["y2"]:
        return two_digit_year(g["y2"]), None
    if g["ycn"]:
        return integer(g["ycn"]), None
    if g["era"]:
        n = 1 if g["ey"] == "元" else integer(g["ey"])
        return (lexicon.eras()[g["era"]] + n - 1 if n else None), None
    if g["ry"]:
        r = lexicon.relative_words()[g["ry"]]
        if r["anchor"] == "reference":
            return (env.ref.year + r["offset"] if env.ref else None), "reference"
        if env.ctx.year is not None:
            return env.ctx.year + r["offset"], "previous"
        return (env.ref.year + r["offset"], "reference") if env.ref else (None, "previous")
    return None, None


def _month(g: dict[str, Any], env: Env, y: int | None) -> tuple[int | None, int | None, str | None]:
    """(year, month, anchor) once the month part is read (本月/上个月 move the year too)."""
    if g["m"]:
        return y, integer(g["m"]), None
    if g["lm"]:
        return y, lexicon.lunar_months()[g["lm"]], None
    word = g["rm"] or g["mpre"]
    if not word:
        return y, None, None
    if g["rm"]:
        r = lexicon.relative_words()[g["rm"]]
        offset, base_anchor = r["offset"], r["anchor"]
    else:
        offset, base_anchor = lexicon.relative_prefixes()[g["mpre"]], "reference"
    if base_anchor == "reference":
        base = (env.ref.year, env.ref.month) if env.ref else None
    else:
        base = (env.ctx.year, env.ctx.month) if env.ctx.year and env.ctx.month else None
        if base is None and env.ref is not None:  # 同月 with no earlier date: the dateline's
            base, base_anchor = (env.ref.year, env.ref.month), "reference"
    if base is None:
        return y, None, base_anchor
    k = (y if y is not None else base[0]) * 12 + base[1] - 1 + offset
    return k // 12, k % 12 + 1, base_anchor


def _day(g: dict[str, Any]) -> int | None:
    if g["d"]:
        return integer(g["d"])
    if g["ld"]:
        return integer(g["ld"].removeprefix("初"))  # 初八, 初8
    if g["dcn"]:
        return integer(g["dcn"].replace("廿", "二十"))
    return None


def resolve_date(m: re.Match[str], env: Env) -> Row:
    g = m.groupdict()
    y, anchor = _year(g, env)
    explicit_year = bool(g["y"] or g["y2"] or g["ycn"] or g["era"] or g["ry"])
    y, mo, month_anchor = _month(g, env, y)
    anchor = anchor or month_anchor
    if not explicit_year and month_anchor is None and (mo or g["me"]):
        y, anchor = year_in_context(env)
    d = _day(g)
    lunar = bool(g["lunar"] or g["lm"] or g["ld"] or (g["dcn"] or "").startswith("廿"))
    if lunar and y is not None and mo:
        out = _lunar(y, mo, d, anchor)
        h, mi, s, next_day = hour_minute(g, "t")
        if h is not None and out["value"] and out["granularity"] == "day":
            day = dt.date.fromisoformat(out["value"]) + dt.timedelta(days=int(next_day))
            out["value"], out["granularity"] = day.isoformat() + clock_value(h, mi, s), "minute"
        return out
    if (g["mw"] or g["mfl"]) and y is not None and mo:
        return _month_part(g, y, mo, anchor)
    h, mi, s, next_day = hour_minute(g, "t")
    out = _year_suffix(g, y, anchor) if y is not None or explicit_year else None
    if out is not None:
        return out
    value, gran = date_value(y, mo, d, h, mi, s)
    if value and next_day and y is not None and mo and d:
        day = safe_date(y, mo, d)
        if day:
            value = (day + dt.timedelta(days=1)).isoformat() + value[10:]
    note = NO_YEAR if y is None and mo else None
    if g["d_to"] and value and y is not None and mo:
        last = safe_date(y, mo, integer(g["d_to"]) or 0)
        if last and d and last.day > d:
            return row(f"{value[:10]}/{last}", "range", "day", anchor is not None, anchor)
    if g["dpo"] and value and d and y is not None:
        a, b = daypart_bounds(g["dpo"])
        value, gran = f"{value}T{a:02d}/{value}T{b:02d}", "daypart"
    mod = None
    if g["me"]:
        from analysis.lang.qualifiers import timex_mod

        mod = timex_mod(g["me"], "edge")
    relative = anchor is not None or y is None
    return row(value, "point", gran, relative, anchor, mod, note=note)


def _month_part(g: dict[str, Any], y: int, mo: int, anchor: str | None) -> Row:
    """八月第一周 (the week from the month's first Monday), 5月第2个星期日, 9月前5天."""
    rel = anchor is not None
    if g["mfl"]:
        n = integer(g["mfln"]) or 1
        first = dt.date(y, mo, 1)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        a = first if g["mfl"] != "最后" else last - dt.timedelta(days=n - 1)
        b = a + dt.timedelta(days=n - 1)
        return row(f"{a}/{b}", "range", "day", rel, anchor)
    n = integer(g["mw"]) or 1
    if g["mwd"]:
        wd = lexicon.weekdays()[g["mwd"]][0]
        day = calendar.nth_weekday(y, mo, n, wd)
        return row(day.isoformat() if day else None, "point", "day", rel, anchor)
    monday = calendar.nth_weekday(y, mo, n, 1)
    if monday is None:
        return row(None, "point", "week", rel, anchor)
    return row(f"{monday}/{monday + dt.timedelta(days=6)}", "range", "week", rel, anchor)


def _lunar(y: int, mo: int, d: int | None, anchor: str | None) -> Row:
    if d is None:
        span = calendar.lunar_month_span(y, mo)
        value = f"{span[0].isoformat()}/{span[1].isoformat()}" if span else None
        return row(value, "range", "month", anchor is not None, anchor, note="lunar month")
    day = calendar.lunar_to_date(y, mo, d)
    note = "lunar date" if day else f"lunar {y}-{mo}-{d} does not exist"
    return row(
        day.isoformat() if day else None, "point", "day", anchor is not None, anchor, note=note
    )


def first_quarters(ys: str | None, n: int, mod: str | None, rel: bool, anchor: str | None) -> Row:
    """The first ``n`` quarters (前三季度, 首三季): the range Q1–Qn. Their end (前三季度末) is
    the end of Qn and their start that of Q1, each a point with its edge, as 一季度末 is."""
    if n == 1 or mod == "END":
        return row(f"{ys}-Q{n}" if ys else None, "point", "quarter", rel, anchor, mod)
    if mod == "START":
        return row(f"{ys}-Q1" if ys else None, "point", "quarter", rel, anchor, mod)
    # 前三季度中 is "during" them, not their middle: the range without a mod
    return row(f"{ys}-Q1/{ys}-Q{n}" if ys else None, "range", "quarter", rel, anchor)


def _year_suffix(g: dict[str, Any], y: int | None, anchor: str | None) -> Row | None:
    """2026年初, 上半年, 三季度, 首三季, 今年冬天, 2022年的第一周, 去年的前15天."""
    from analysis.lang.qualifiers import timex_mod

    rel = anchor is not None or y is None
    ys = f"{y:04d}" if y is not None else None
    if g["half"]:
        half = 1 if g["half"] in ("上", "前", "首") else 2
        return row(f"{ys}-H{half}" if ys else None, "point", "half_year", rel, anchor)
    if g["q"] or g["qq"]:
        q = integer(g["q"]) if g["q"] else int(g["qq"][1])
        mod = timex_mod(g["qe"], "edge")
        return row(f"{ys}-Q{q}" if ys else None, "point", "quarter", rel, anchor, mod)
    if g["qn"] is not None or g["qn2"]:
        n = integer(g["qn"] or g["qn2"]) or 1
        return first_quarters(ys, n, timex_mod(g["qe"], "edge"), rel, anchor)
    if g["first_month"]:
        return row(f"{ys}-01" if ys else None, "point", "month", rel, anchor)
    if g["season"]:
        code = lexicon.seasons()[g["season"]]
        return row(f"{ys}-{code}" if ys else None, "point", "season", rel, anchor)
    if g["wn"] and y is not None:
        n = integer(g["wn"]) or 1
        try:
            monday = dt.date.fromisocalendar(y, n, 1)
        except ValueError:
            return row(None, "point", "week", rel, anchor)
        return row(f"{y:04d}-W{monday.isocalendar()[1]:02d}", "point", "week", rel, anchor)
    if g["mn"] and y is not None:
        n = integer(g["mn"]) or 0
        return row(f"{y:04d}-{n:02d}" if 1 <= n <= 12 else None, "point", "month", rel, anchor)
    if g["fl"] and y is not None:
        return _first_last(g, y, rel, anchor)
    if g["ye"]:
        mod = timex_mod(g["ye"], "edge")
        return row(ys, "point", "year", rel, anchor, mod)
    if not (g["m"] or g["lm"] or g["rm"] or g["mpre"]):
        return row(ys, "point", "year", rel, anchor, note=None if ys else NO_YEAR)
    return None


def _first_last(g: dict[str, Any], y: int, rel: bool, anchor: str | None) -> Row:
    """2022年的前3周 (ISO weeks), 今年的最后3周, 去年的前15天, 2021年的最后4个月."""
    n = integer(g["fln"]) or 1
    unit = g["flu"]
    first = g["fl"] in ("前", "头")
    if unit.endswith("月"):
        a, b = (1, n) if first else (13 - n, 12)
        return row(f"{y:04d}-{a:02d}/{y:04d}-{b:02d}", "range", "month", rel, anchor)
    if unit == "天":
        start = dt.date(y, 1, 1) if first else dt.date(y, 12, 31) - dt.timedelta(days=n - 1)
        end = start + dt.timedelta(days=n - 1)
        return row(f"{start}/{end}", "range", "day", rel, anchor)
    if first:
        start = dt.date.fromisocalendar(y, 1, 1)
    else:
        last_week = dt.date(y, 12, 28).isocalendar()[1]
        start = dt.date.fromisocalendar(y, last_week - n + 1, 1)
    end = start + dt.timedelta(days=7 * n - 1)
    return row(f"{start}/{end}", "range", "week", rel, anchor)


# --- numeric dates ---------------------------------------------------------------------------
NUMERIC = (
    r"(?<![0-9.:/])(?:(?P<y>[12][0-9]{3})(?P<s>[-/.]|\s)(?P<m>1[0-2]|0?[1-9])(?P=s)"
    r"(?P<d>3[01]|[12][0-9]|0?[1-9])"
    r"|(?P<d2>3[01]|[12][0-9]|0?[1-9])(?P<s2>[-/.])(?P<m2>1[0-2]|0?[1-9])(?P=s2)"
    r"(?P<y2>[12][0-9]{3}|[0-9]{2})"
    r"|(?P<y3>[0-9]{2})-(?P<m3>1[0-2]|0?[1-9])-(?P<d3>3[01]|[12][0-9]|0?[1-9])"
    r"|(?P<m4>1[0-2]|0?[1-9])/(?P<d4>3[01]|[12][0-9]|0?[1-9])(?![/0-9])[号日]?"
    r"|(?P<m5>0[1-9]|1[0-2])-(?P<d5>0[1-9]|[12][0-9]|3[01])(?![-0-9]))(?![0-9.])"
    rf"(?:[T\s]*{P.clock('t')})?"
)


def _valid_numeric(m: re.Match[str], norm: str) -> bool:
    g = m.groupdict()
    after, before = norm[m.end() : m.end() + 1], norm[max(0, m.start() - 1) : m.start()]
    if g["m4"] and not m.group().endswith(("号", "日")):
        # 1/3 is more often a fraction (近1/3, 占1/3的) than a date
        after2 = norm[m.end() : m.end() + 2]
        if (before and before in "第比近约超逾达占的上下为是") or after2.startswith(
            ("的", "以", "左右", "多", "强", "%")
        ):
            return False
    return not ((g["m4"] or g["m5"]) and (after == "%" or before in ("第", "比")))


def resolve_numeric(m: re.Match[str], env: Env) -> Row:
    """2019/03/14, 2019 03 14, 21.7.2016 and 1/2/2020 (day first), 12-11-10 (year first), 12/1."""
    g = m.groupdict()
    anchor = None
    if g["y"]:
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
    elif g["d2"]:
        ys = g["y2"]
        y = int(ys) if len(ys) == 4 else two_digit_year(ys) or 0
        mo, d = int(g["m2"]), int(g["d2"])
    elif g["y3"]:
        y, mo, d = two_digit_year(g["y3"]) or 0, int(g["m3"]), int(g["d3"])
    else:
        (y, anchor), mo, d = year_in_context(env), int(g["m4"] or g["m5"]), int(g["d4"] or g["d5"])
    h, mi, s, _ = hour_minute(g, "t")
    value, gran = date_value(y, mo, d, h, mi, s)
    return row(value, "point", gran, anchor is not None, anchor, note=None if y else NO_YEAR)


RULES = (
    Rule(
        "date",
        DATE,
        resolve_date,
        priority=50,
        valid=_valid_date,
        examples=(
            Example(
                "2008年5月12日14时28分，汶川发生地震", "2008年5月12日14时28分", "2008-05-12T14:28"
            ),
            Example("5 月 27 日，神舟飞船返回", "5 月 27 日", "2026-05-27"),
            Example("民国109年，台湾", "民国109年", "2020"),
            Example("15年3月2日开通", "15年3月2日", "2015-03-02"),
            Example("08年奥运会", "08年", "2008"),
            Example("今年一季度，GDP增长", "今年一季度", "2026-Q1"),
            Example("首三季营收", "首三季", "2026-Q1/2026-Q3"),
            Example("2025年前三季度末，存款余额", "2025年前三季度末", "2025-Q3"),
            Example("2025年前三季度中，出口", "2025年前三季度中", "2025-Q1/2025-Q3"),
            Example("农历八月十五", "农历八月十五", "2026-09-25"),
            Example("5月2日15时57分", "5月2日15时57分", "2026-05-02T15:57"),
            Example("8月30日下午4点半", "8月30日下午4点半", "XXXX-08-30T16:30", None),
            Example("本月十日", "本月十日", "2026-06-10"),
            Example("2026年初", "2026年初", "2026"),
        ),
    ),
    Rule(
        "numeric_date",
        NUMERIC,
        resolve_numeric,
        needs="-/. ",
        priority=45,
        valid=_valid_numeric,
        examples=(
            Example("截至2019/03/14", "2019/03/14", "2019-03-14"),
            Example("2026-03-05 10:00开幕", "2026-03-05 10:00", "2026-03-05T10:00"),
        ),
    ),
)
