"""Rules for clock times, durations and windows (十余个小时, 近30天, 未来五年), sets (每天,
五年一规划), anniversaries, decades and centuries, five-year plans, and year/month ranges."""

from __future__ import annotations

import datetime as dt
import re

from analysis.lang import qualifiers
from analysis.time import lexicon
from analysis.time import patterns as P
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
from analysis.time.values import duration_value, five_year_plan, move, shift

GRAN = {
    "Y": "year",
    "Q": "quarter",
    "M": "month",
    "W": "week",
    "D": "day",
    "BD": "day",
    "H": "hour",
    "MIN": "minute",
    "S": "second",
}

# --- durations and windows ------------------------------------------------------------------------
_UNITS = {w: u for w, (u, _) in lexicon.units().items() if w != "日"}
_DUR_UNIT = (
    r"年" + r"(?!级|代|龄|纪|轻|薪|华|货|画|糕|味|关|报|鉴|检|夜|利|份|度|规划|计划|底|初|末)"
    rf"|{P.words(w for w in _UNITS if w not in ('年', '周'))}|周(?!年|边|围|到|全|末|岁)"
)


def _window_words() -> str:
    """Window words; one-character ones (前, 后, 上, 这) not inside a word (震后72小时)."""
    parts = []
    for w in sorted(lexicon.windows(), key=lambda w: (-len(w), w)):
        guard = r"(?:(?<=[在的将最])|(?<![\u4e00-\u9fff]))" if len(w) == 1 else ""
        parts.append(guard + re.escape(w))
    return "|".join(parts)


DURATION = (
    rf"(?:(?P<win>{_window_words()}){P.SP}|{P.before_qualifier('pre')}{P.SP})?"
    rf"{P.NOT_NUM_BEFORE}(?P<n>{P.COUNT}){P.SP}(?P<q>余|多|来|几)?(?P<ge>个)?(?P<q2>多|半)?{P.SP}"
    rf"(?P<u>{_DUR_UNIT})(?P<h2>半)?(?P<post>左右|以上|以内|之内|内|多)?(?P<lai>来|以来)?"
)


def _valid_duration(m: re.Match[str], norm: str) -> bool:
    u = m["u"]
    counter = lexicon.units()[u][1]
    if counter == "required" and not m["ge"]:
        return False  # 6月 is a month, 6个月 a duration
    if m["ge"] and counter == "none":
        return False  # 个 goes with 月/星期/小时, not 个年, 个天
    if m["win"] in ("前", "上", "后", "这") and not (
        m["n"][0].isdigit() or m["ge"] or len(m["n"]) > 1
    ):
        return m["win"] not in ("前", "后")  # 前一天 / 后三年 are other words unless 前1周
    return True


def resolve_duration(m: re.Match[str], env: Env) -> Row:
    unit = _UNITS[m["u"]]
    n = num(m["n"])
    if m["q"] == "几":
        n = None
    if n is not None and (m["q2"] == "半" or m["h2"]):
        n += 0.5
    mod = _duration_mod(m)
    value = duration_value(n, unit)
    rng = _window(m, env, n, unit)
    if rng:
        return row(value, "duration", GRAN[unit], False, "reference", mod, rng)
    note = NO_REFERENCE if m["win"] and env.ref is None else None
    return row(value, "duration", GRAN[unit], False, None, mod, note=note)


def _window(m: re.Match[str], env: Env, n: float | None, unit: str) -> str | None:
    """The period a duration spans from the reference date, as ``start/end`` (inclusive).

    近30天 / 过去三年: back to the reference day; 未来五年: from it (N units, the day before the
    anniversary); 17天内: from it to the same day N units later; 30年来: from the start of the
    unit N units back (1996) to the reference day; 5年半以来: whole months back.
    """
    ref = env.ref
    if ref is None or n is None:
        return None
    whole = n == int(n) and unit in ("Y", "Q", "M", "W", "D")
    direction = lexicon.windows().get(m["win"] or "")
    if m["lai"] and not m["win"]:
        months = n * {"Y": 12, "Q": 3, "M": 1}.get(unit, 0)
        if whole:
            return f"{shift(ref, -int(n), unit)[0]}/{ref.isoformat()}"
        if months and months == int(months):
            return f"{shift(ref, -int(months), 'M')[0]}/{ref.isoformat()}"
        return None
    if not whole:
        return None
    if m["post"] in ("内", "以内", "之内") and not direction:
        return f"{ref.isoformat()}/{move(ref, int(n), unit).isoformat()}"
    if direction == "past":
        return f"{move(ref, -int(n), unit).isoformat()}/{ref.isoformat()}"
    if direction == "future":
        end = move(ref, int(n), unit) - dt.timedelta(days=1)
        return f"{ref.isoformat()}/{end.isoformat()}"
    return None


def _duration_mod(m: re.Match[str]) -> str | None:
    """十余个小时 → MORE_THAN, 20来天 → APPROX, 约3年 → APPROX, 3年左右 → APPROX, 三年以内."""
    if m["q"] in ("余", "多") or m["q2"] == "多":
        return "MORE_THAN"
    if m["q"] == "来":
        return "APPROX"
    if m["pre"]:
        return qualifiers.timex_mod(m["pre"], "before")
    if m["post"] in ("内",):
        return "EQUAL_OR_LESS"
    if m["post"]:
        return qualifiers.timex_mod(m["post"], "after_unit")
    return None


ANNIVERSARY = rf"{P.NOT_NUM_BEFORE}(?P<n>{P.COUNT})(?P<q>多)?周年"


def resolve_anniversary(m: re.Match[str], env: Env) -> Row:
    mod = "MORE_THAN" if m["q"] else None
    return row(duration_value(num(m["n"]), "Y"), "duration", "year", mod=mod, note="anniversary")


# --- sets -----------------------------------------------------------------------------------------
SET = (
    rf"每(?:一)?(?:(?P<n>{P.COUNT}))?(?P<ge>个)?"
    rf"(?P<u>年度|年|月|季度|星期|周|天|日|小时|分钟)(?P<wd>{P.words(lexicon.weekdays())})?"
    rf"(?:{P.SP}(?P<dp>{P.dayparts()}))?"
)
SET_EVERY = (
    rf"{P.NOT_NUM_BEFORE}(?P<n>{P.COUNT})(?P<ge>个)?(?P<u>年|月|周|天)一"
    r"(?P<v>次|度|届|轮|换|规划|部署|考核|评估|更新|检查|循环|审|会)"
)
_SET_UNIT = {"年度": "Y", "日": "D"}


def _valid_set(m: re.Match[str], norm: str) -> bool:
    if m["wd"] and m["u"] not in ("周", "星期"):
        return False
    return not (m["ge"] and m["u"] not in ("月", "星期", "小时"))


def resolve_set(m: re.Match[str], env: Env) -> Row:
    n = num(m["n"]) if m["n"] else 1.0
    unit = _SET_UNIT.get(m["u"]) or _UNITS[m["u"]]
    if m.groupdict().get("wd"):
        unit, n = "W", 1.0
    return row(duration_value(n, unit), "set", GRAN[unit])


# --- decades, centuries, plans -------------------------------------------------------------------
DECADE = (
    rf"(?:(?P<c>上个?|本|[0-9]{{1,2}}|[{P.CN_DIGIT}]?十?[{P.CN_DIGIT}]?)世纪)?"
    rf"(?<![0-9{P.CN_ANY}])(?P<dec>[12][0-9]{{2}}0|[1-9]0|[一二三四五六七八九]十)年代"
    rf"(?:{P.edge('e')})?"
)
CENTURY = (
    rf"(?P<c>上个?|本|(?<![0-9])[0-9]{{1,2}}|[{P.CN_DIGIT}]?十?[{P.CN_DIGIT}]?)世纪"
    rf"(?:{P.edge('e')})?"
)


def _valid_century(m: re.Match[str], norm: str) -> bool:
    return bool(m["c"])


def resolve_century(m: re.Match[str], env: Env) -> Row:
    """上世纪90年代 → 1990/1999; 20世纪 → 1900/1999; 80年代 → the latest 1980s before the ref."""
    g = m.groupdict()
    ref = env.ref
    c = g.get("c") or ""
    ref_century = (ref.year - 1) // 100 + 1 if ref else None
    relative = c.startswith(("上", "本")) or not c
    century = (
        (ref_century - 1 if ref_century else None)
        if c.startswith("上")
        else ref_century
        if c.startswith("本")
        else integer(c)
        if c
        else None
    )
    mod = qualifiers.timex_mod(g.get("e"), "edge")
    if "dec" not in g:
        start, span, gran = ((century - 1) * 100 if century else None), 99, "century"
    else:
        d = g["dec"]
        dv = int(d) if d.isdigit() else integer(d)
        span, gran = 9, "decade"
        if dv is None:
            start = None
        elif dv >= 1000:
            start, relative = dv, False
        elif century is not None:
            start = (century - 1) * 100 + dv
        elif ref is not None:
            start = (ref.year // 100) * 100 + dv
            start = start - 100 if start > ref.year else start
        else:
            start = 1900 + dv
    anchor = "reference" if relative and ref is not None else None
    if start is None:
        return row(None, "range", gran, True, anchor, mod)
    return row(f"{start}/{start + span}", "range", gran, relative, anchor, mod)


_OPEN_QUOTES = "“\"「『‘'《"
_CLOSE_QUOTES = "”\"」』’'》"
PLAN = rf"(?<![{P.CN_ANY}])(?P<n>(?:二十|十)?[一二三四五六七八九]?)五(?![{P.CN_ANY}])"
PLAN_ORDINAL = rf"第(?P<n>{P.COUNT})个五年(?:规划|计划)"


def _valid_plan(m: re.Match[str], norm: str) -> bool:
    n = integer(m["n"]) if m["n"] else None
    if n is None or not 1 <= n <= 30:
        return False
    before = norm[m.start("n") - 1] if m.start("n") else ""
    after = norm[m.end() : m.end() + 2]
    quoted = (
        before != "" and before in _OPEN_QUOTES and after[:1] != "" and after[:1] in _CLOSE_QUOTES
    )
    return quoted or after.startswith(tuple(lexicon.plan_words()))


def resolve_plan(m: re.Match[str], env: Env) -> Row:
    n = integer(m["n"])
    if n is None or not 1 <= n <= 30:
        return row(None, "range", "year", note="plan number not understood")
    a, b = five_year_plan(n)
    after = m.string[m.end() : m.end() + 4].lstrip(_CLOSE_QUOTES)
    for word, (edge, mod) in lexicon.plan_words().items():
        if edge != "none" and after.startswith(word):  # “十三五”末: the end of 2020
            year = b if edge == "last" else a
            return row(f"{year}", "point", "year", mod=mod, note=f"five-year plan {n}")
    return row(f"{a}/{b}", "range", "year", note=f"five-year plan {n}")


# --- year and month ranges ---------------------------------------------------------------
YEAR_RANGE = (
    rf"(?P<y1>{P.Y4}){P.SP}年?{P.SP}(?:-{{1,2}}|至|到|~){P.SP}(?P<y2>{P.Y4}){P.SP}年"
    rf"|(?<=从)(?P<y3>{P.Y4})(?:-|至|到)(?P<y4>{P.Y4})(?![0-9年])"
)
MONTH_RANGE = (
    rf"(?:(?P<y>{P.Y4})年)?(?<![0-9{P.CN_ANY}])(?P<m1>{P.MONTH})月?(?:-{{1,2}}|至|到)"
    rf"(?P<m2>{P.MONTH})月(?!份?[0-9一二三四五六七八九十]+[日号])"
)


def _valid_year_range(m: re.Match[str], norm: str) -> bool:
    a, b = integer(m["y1"] or m["y3"]), integer(m["y2"] or m["y4"])
    return a is not None and b is not None and a < b


def resolve_year_range(m: re.Match[str], env: Env) -> Row:
    a, b = integer(m["y1"] or m["y3"]), integer(m["y2"] or m["y4"])
    return row(f"{a:04d}/{b:04d}", "range", "year")


def _valid_month_range(m: re.Match[str], norm: str) -> bool:
    a, b = integer(m["m1"]), integer(m["m2"])
    return a is not None and b is not None and 1 <= a < b <= 12


def resolve_month_range(m: re.Match[str], env: Env) -> Row:
    y, anchor = (integer(m["y"]), None) if m["y"] else year_in_context(env)
    a, b = integer(m["m1"]), integer(m["m2"])
    value = f"{y:04d}-{a:02d}/{y:04d}-{b:02d}" if y else None
    return row(value, "range", "month", anchor is not None or y is None, anchor)


RULES = (
    Rule(
        "duration",
        DURATION,
        resolve_duration,
        priority=10,
        valid=_valid_duration,
        examples=(
            Example("十余个小时", "十余个小时", "PT10H"),
            Example("近30天", "近30天", "P30D"),
            Example("未来五年", "未来五年", "P5Y"),
            Example("6 天", "6 天", "P6D"),
            Example("一年半", "一年半", "P18M"),
        ),
    ),
    Rule(
        "anniversary",
        ANNIVERSARY,
        resolve_anniversary,
        needs="年",
        priority=12,
        examples=(Example("建校100周年", "100周年", "P100Y"),),
    ),
    Rule(
        "set",
        SET,
        resolve_set,
        needs="每",
        priority=15,
        valid=_valid_set,
        examples=(Example("每天直播", "每天", "P1D"), Example("每周三", "每周三", "P1W")),
    ),
    Rule(
        "set_every",
        SET_EVERY,
        resolve_set,
        needs="一",
        priority=15,
        examples=(Example("四年一届", "四年一届", "P4Y"),),
    ),
    Rule(
        "decade",
        DECADE,
        resolve_century,
        needs="代",
        priority=30,
        examples=(Example("上世纪90年代", "上世纪90年代", "1990/1999"),),
    ),
    Rule(
        "century",
        CENTURY,
        resolve_century,
        needs="纪",
        priority=29,
        valid=_valid_century,
        examples=(Example("20世纪", "20世纪", "1900/1999"),),
    ),
    Rule(
        "plan",
        PLAN,
        resolve_plan,
        needs="五",
        priority=20,
        valid=_valid_plan,
        start_group="n",
        examples=(
            Example("“十五五”时期", "十五五", "2026/2030"),
            Example("比“十三五”末增加0.6人", "十三五", "2020"),
            Example("“十四五”开局之年", "十四五", "2021"),
        ),
    ),
    Rule(
        "plan_ordinal",
        PLAN_ORDINAL,
        resolve_plan,
        needs="五",
        priority=20,
        examples=(Example("第十个五年计划", "第十个五年计划", "2001/2005"),),
    ),
    Rule(
        "year_range",
        YEAR_RANGE,
        resolve_year_range,
        needs="-至到~",
        priority=60,
        valid=_valid_year_range,
        examples=(Example("2026—2030年", "2026—2030年", "2026/2030"),),
    ),
    Rule(
        "month_range",
        MONTH_RANGE,
        resolve_month_range,
        needs="-至到",
        priority=55,
        valid=_valid_month_range,
        examples=(Example("1-5月，销量", "1-5月", "2026-01/2026-05"),),
    ),
)
