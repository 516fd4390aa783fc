"""Relative rules: days (今天, 次日), weeks and weekdays (上周五, 下下周), quarters and halves
without a year (上半年, 三季度), month edges (月底), a bare day (17日), N units ago or later,
parts of the day (上午) and vague present references (目前, 近日)."""

from __future__ import annotations

import datetime as dt
import re

from analysis.lang.qualifiers import timex_mod
from analysis.time import lexicon
from analysis.time import patterns as P
from analysis.time.calendar import week_monday
from analysis.time.clock import daypart_bounds
from analysis.time.rules import (
    NO_REFERENCE,
    Env,
    Example,
    Row,
    Rule,
    integer,
    num,
    row,
    year_in_context,
)
from analysis.time.rules_calendar import first_quarters
from analysis.time.values import shift

# --- days -------------------------------------------------------------------------------------
_NO_HOUR = r"(?![0-9一二三四五六七八九十两零:])"
RELATIVE_DAY = rf"(?P<w>{P.relative('D')})(?:{P.SP}(?P<dp>{P.dayparts()}){_NO_HOUR})?"


def _base_day(env: Env, anchor: str) -> dt.date | None:
    if anchor == "reference":
        return env.ref
    c = env.ctx
    if c.year and c.month and c.day:
        try:
            return dt.date(c.year, c.month, c.day)
        except ValueError:
            return None
    return None


def resolve_relative_day(m: re.Match[str], env: Env) -> Row:
    w = m["w"]
    r = lexicon.relative_words()[w]
    after = env.norm[m.end() : m.end() + 1]
    if w in ("今天", "今日") and after == "的" and not m["dp"]:  # 今天的闽宁镇: nowadays
        value = env.ref.isoformat() if env.ref else None
        return row(value, "point", "vague", True, "reference")
    base, anchor = _base_day(env, r["anchor"]), r["anchor"]
    if base is None and anchor == "previous" and env.ref is not None:
        base, anchor = env.ref, "reference"  # 当天 with no earlier date: the dateline's day
    if base is None:
        note = NO_REFERENCE if r["anchor"] == "reference" else "no earlier date in the text"
        return row(None, "point", "day", True, r["anchor"], note=note)
    day = base + dt.timedelta(days=r["offset"])
    daypart = m["dp"] or r["daypart"]
    if daypart:
        a, b = daypart_bounds(daypart)
        out = row(f"{day}T{a:02d}/{day}T{b:02d}", "point", "daypart", True, anchor)
        out["_daypart"] = daypart
        return out
    return row(day.isoformat(), "point", "day", True, anchor)


# --- weeks and weekdays ---------------------------------------------------------------------------
_WEEK = r"(?:个)?(?:周|星期|礼拜)"
WEEKDAY = (
    rf"(?P<pre>{P.prefixes()})?{_WEEK}(?:的?(?:周|星期|礼拜))?(?P<wd>{P.words(lexicon.weekdays())})"
    r"(?![0-9一二三四五六七八九十次个年天周位名项届])"
    rf"(?:{P.SP}(?P<dp>{P.dayparts()}){_NO_HOUR})?"
)
WEEK = rf"(?P<pre>{P.prefixes()}){_WEEK}(?![一二三四五六日天末0-9年岁])"


def resolve_weekday(m: re.Match[str], env: Env) -> Row:
    """周五 (this week), 上周五, 下下周日, 周末 (Saturday–Sunday)."""
    first, last = lexicon.weekdays()[m["wd"]]
    offset = lexicon.relative_prefixes()[m["pre"]] if m["pre"] else 0
    if env.ref is None:
        value = f"XXXX-WXX-{first}" if first == last else "XXXX-WXX-WE"
        return row(value, "point", "day", True, None, note=NO_REFERENCE)
    monday = week_monday(env.ref) + dt.timedelta(weeks=offset)
    a = monday + dt.timedelta(days=first - 1)
    if first == last and m["dp"]:
        h0, h1 = daypart_bounds(m["dp"])
        out = row(f"{a}T{h0:02d}/{a}T{h1:02d}", "point", "daypart", True, "reference")
        out["_daypart"] = m["dp"]
        return out
    if first == last:
        return row(a.isoformat(), "point", "day", True, "reference")
    b = monday + dt.timedelta(days=last - 1)
    return row(f"{a}/{b}", "range", "day", True, "reference")


def resolve_week(m: re.Match[str], env: Env) -> Row:
    offset = lexicon.relative_prefixes()[m["pre"]]
    if env.ref is None:
        return row(None, "point", "week", True, None, note=NO_REFERENCE)
    return row(shift(env.ref, offset, "W")[0], "point", "week", True, "reference")


# --- quarters, halves and edges without a year --------------------------------------------------
PERIOD_PART = (
    r"(?<![0-9年一二三四五六七八九十])"
    r"(?:(?:(?P<half>上|下|前|后|首)(?:个)?半年|(?P<qpre>上|下|本|这个|上个|下个)季度?(?!节|风|军)"
    r"|第?(?P<q>[一二三四1-4])季度|第(?P<q2>[一二三四1-4])季(?!节|军|赛)|首(?P<qn>[一二三])季(?:度)?"
    r"|前(?P<qn2>[两二三])个?季度)"
    rf"(?:{P.edge('pe')})?"  # 一季度末, 上半年末: the edge of the quarter or half
    r"|年(?P<ye>初|底|末)|月(?P<me>初|底|末|中旬|上旬|下旬)|(?P<mh>上|下)半月)"
)


def resolve_period_part(m: re.Match[str], env: Env) -> Row:
    g = m.groupdict()
    y, anchor = year_in_context(env)
    ys = f"{y:04d}" if y is not None else None
    rel = True
    edge = timex_mod(g["pe"], "edge") if g["pe"] else None
    if g["half"]:
        if g["half"] in ("上", "下") and m.group().startswith(("上个", "下个")):
            pass
        half = 1 if g["half"] in ("上", "前", "首") else 2
        return row(f"{ys}-H{half}" if ys else None, "point", "half_year", rel, anchor, edge)
    if g["qpre"]:
        if env.ref is None:
            return row(None, "point", "quarter", rel, None, edge, note=NO_REFERENCE)
        offset = lexicon.relative_prefixes()[g["qpre"]]
        return row(shift(env.ref, offset, "Q")[0], "point", "quarter", rel, "reference", edge)
    if g["q"] or g["q2"]:
        q = integer(g["q"] or g["q2"]) or 1
        return row(f"{ys}-Q{q}" if ys else None, "point", "quarter", rel, anchor, edge)
    if g["qn"] or g["qn2"]:
        return first_quarters(ys, integer(g["qn"] or g["qn2"]) or 1, edge, rel, anchor)
    if g["ye"]:
        return row(ys, "point", "year", rel, anchor, timex_mod(g["ye"], "edge"))
    c = env.ctx
    if c.month and c.same_paragraph:
        y, mo, anchor = c.year, c.month, "previous"
    elif env.ref:
        y, mo, anchor = env.ref.year, env.ref.month, "reference"
    else:
        return row(None, "point", "month", True, None, note=NO_REFERENCE)
    if g["mh"]:
        a, b = (1, 15) if g["mh"] == "上" else (16, _month_days(y, mo))
        return row(
            f"{y:04d}-{mo:02d}-{a:02d}/{y:04d}-{mo:02d}-{b:02d}", "range", "day", rel, anchor
        )
    return row(f"{y:04d}-{mo:02d}", "point", "month", rel, anchor, timex_mod(g["me"], "edge"))


def _month_days(y: int | None, mo: int) -> int:
    nxt = dt.date((y or 2001) + mo // 12, mo % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


# --- a day of the context month -----------------------------------------------------------------
DAY = (
    r"(?:(?<=[，。；:！？,;\n“\"（(\s于在至到的-])|^"
    rf"|(?<![0-9.{P.CN_ANY}第月年个每近前后余多超约连逾/-])(?=[0-9]{{1,2}}日))"
    rf"(?P<d>{P.DAY})(?P<u>日|号)(?:{P.SP}(?P<dp>{P.dayparts()}){_NO_HOUR})?"
    r"(?![本元语文常益子记程期内游报均产楼线院路元币圆])"
)


def resolve_day(m: re.Match[str], env: Env) -> Row:
    """17日 at a clause start (Xinhua style "17日，会议召开"): day of the context month."""
    c, d = env.ctx, integer(m["d"])
    if c.month and c.same_paragraph:
        y, mo, anchor = c.year, c.month, "previous"
    elif env.ref:
        y, mo, anchor = env.ref.year, env.ref.month, "reference"
    elif c.month:
        y, mo, anchor = c.year, c.month, "previous"
    else:
        return row(f"XXXX-XX-{d:02d}" if d else None, "point", "day", True, None, note=NO_REFERENCE)
    try:
        day = dt.date(y or 1, mo, d or 0)
    except ValueError:
        if anchor == "reference" and env.ref and d:  # 29日 in a February: the month before
            prev = env.ref.replace(day=1) - dt.timedelta(days=1)
            if d <= prev.day:
                return row(prev.replace(day=d).isoformat(), "point", "day", True, anchor)
        return row(None, "point", "day", True, anchor, note="no such day")
    if m["dp"]:
        a, b = daypart_bounds(m["dp"])
        return row(f"{day}T{a:02d}/{day}T{b:02d}", "point", "daypart", True, anchor)
    return row(day.isoformat(), "point", "day", True, anchor)


# --- N units ago / later ----------------------------------------------------------------------
AGO = (
    rf"{P.NOT_NUM_BEFORE}(?P<n>{P.COUNT}){P.SP}(?P<q>余|多)?(?P<ge>个)?{P.SP}"
    r"(?P<u>年|季度|月|星期|周|天)(?P<h2>半)?(?P<dir>以前|之前|前|以后|之后|后)"
    r"(?![者面端夕台景途沿线方排列])"
)
_UNIT = {"年": "Y", "季度": "Q", "月": "M", "星期": "W", "周": "W", "天": "D"}


def _valid_ago(m: re.Match[str], norm: str) -> bool:
    return not (m["u"] == "月" and not m["ge"] and not m["h2"])


def resolve_ago(m: re.Match[str], env: Env) -> Row:
    """30年前 → the year 30 years before the reference date; 5天后 → that day."""
    n, unit = num(m["n"]), _UNIT[m["u"]]
    later = m["dir"].endswith("后")
    if n is not None and m["h2"]:
        n += 0.5
    if n is not None and unit in ("Y", "Q") and (n != int(n) or unit == "Q"):
        n, unit = n * (12 if unit == "Y" else 3), "M"  # 3年半前 → 42 months before
    if n is None or n != int(n) or m["q"]:
        return row(None, "point", "vague", True, None, "APPROX")
    if later and unit == "Y" and env.ctx.year is not None:
        return row(f"{env.ctx.year + int(n):04d}", "point", "year", True, "previous")
    if env.ref is None:
        gran = {"Y": "year", "M": "month", "W": "week", "D": "day"}[unit]
        return row(None, "point", gran, True, note=NO_REFERENCE)
    value, gran = shift(env.ref, int(n) if later else -int(n), unit)
    return row(value, "point", gran, True, "reference")


# --- parts of the day and vague references ----------------------------------------------------
DAYPART = (
    rf"(?<![今昨明当次])(?P<dp>{P.dayparts()})(?![0-9一二三四五六七八九十两零]|好|班|餐|饭|报|间新)"
)


def _valid_daypart(m: re.Match[str], norm: str) -> bool:
    return len(m["dp"]) > 1 and m["dp"] not in ("早间", "晚间", "夜间")


def resolve_daypart(m: re.Match[str], env: Env) -> Row:
    """上午 → that part of the reference day (T08/T11), or of the last explicit day."""
    a, b = daypart_bounds(m["dp"])
    c = env.ctx
    if c.day and c.same_paragraph and c.year and c.month:
        day, anchor = dt.date(c.year, c.month, c.day), "previous"
    elif env.ref:
        day, anchor = env.ref, "reference"
    else:
        return row(f"T{a:02d}/T{b:02d}", "point", "daypart", True, None, note=NO_REFERENCE)
    return row(f"{day}T{a:02d}/{day}T{b:02d}", "point", "daypart", True, anchor)


VAGUE = (
    r"近日来?|如今|目前|当下|眼下|不久前|日前|近期|当前|现今|现阶段"
    r"|(?<![体表实出展呈发涌])现在|最近|近来|近年来?|近些年|近几年|马上"
)


def resolve_vague(m: re.Match[str], env: Env) -> Row:
    note = "past" if m.group() in ("不久前", "日前") else None
    value = env.ref.isoformat() if env.ref else None
    return row(
        value, "point", "vague", True, "reference", note=note or (None if value else NO_REFERENCE)
    )


SINCE = (
    r"(?:(?<=[，。；:！？,;\n“\"（(\s])|^)(?:自|从)?"
    r"(?P<ev>[\u4e00-\u9fff]{2,10}?)以来"
)


def _valid_since(m: re.Match[str], norm: str) -> bool:
    ev = m["ev"]
    return not re.search(r"[年月日天周时]|世纪", ev) and not ev.startswith(("自", "从"))


def resolve_since(m: re.Match[str], env: Env) -> Row:
    note = f"since event {m['ev']!r}: start not given in text"
    return row(None, "range", "vague", True, None, note=note)


RULES = (
    Rule(
        "relative_day",
        RELATIVE_DAY,
        resolve_relative_day,
        priority=30,
        examples=(
            Example("昨天，记者获悉", "昨天", "2026-06-16"),
            Example("大后天出发", "大后天", "2026-06-20"),
            Example("昨晚，地震发生", "昨晚", "2026-06-16T16/2026-06-16T19"),
        ),
    ),
    Rule(
        "weekday",
        WEEKDAY,
        resolve_weekday,
        needs="周星期礼拜",
        priority=30,
        examples=(
            Example("上周五，比赛开打", "上周五", "2026-06-12"),
            Example("下下周日", "下下周日", "2026-07-05"),
            Example("本周二", "本周二", "2026-06-16"),
            Example("礼拜五", "礼拜五", "2026-06-19"),
        ),
    ),
    Rule(
        "week",
        WEEK,
        resolve_week,
        needs="周星期礼拜",
        priority=29,
        examples=(
            Example("上上周，他回来", "上上周", "2026-W23"),
            Example("本周", "本周", "2026-W25"),
        ),
    ),
    Rule(
        "period_part",
        PERIOD_PART,
        resolve_period_part,
        priority=20,
        examples=(
            Example("上半年，全国铁路", "上半年", "2026-H1"),
            Example("三季度，营收", "三季度", "2026-Q3"),
            Example("上季度", "上季度", "2026-Q1"),
            Example("一季度末，贷款余额", "一季度末", "2026-Q1"),
            Example("前三季度末，贷款余额", "前三季度末", "2026-Q3"),
            Example("前两个季度，出口", "前两个季度", "2026-Q1/2026-Q2"),
            Example("截至上半年末，存款", "上半年末", "2026-H1"),
            Example("月底，游客", "月底", "2026-06"),
        ),
    ),
    Rule(
        "day",
        DAY,
        resolve_day,
        needs="日号",
        priority=20,
        examples=(Example("17日，会议召开", "17日", "2026-06-17"),),
    ),
    Rule(
        "ago",
        AGO,
        resolve_ago,
        needs="前后",
        priority=25,
        valid=_valid_ago,
        examples=(
            Example("30年前，两省", "30年前", "1996"),
            Example("3天后", "3天后", "2026-06-20"),
        ),
    ),
    Rule(
        "daypart",
        DAYPART,
        resolve_daypart,
        priority=5,
        valid=_valid_daypart,
        examples=(Example("上午，会议开幕", "上午", "2026-06-17T08/2026-06-17T11"),),
    ),
    Rule(
        "vague", VAGUE, resolve_vague, priority=5, examples=(Example("目前", "目前", "2026-06-17"),)
    ),
    Rule(
        "since",
        SINCE,
        resolve_since,
        needs="来",
        priority=1,
        valid=_valid_since,
        examples=(Example("党的十八大以来，", "党的十八大以来", None),),
    ),
)
