"""Reading clock times and parts of the day out of a match (shared by the date and time rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from analysis.lang import qualifiers
from analysis.time import lexicon
from analysis.time.rules import integer


def hour_minute(g: dict[str, Any], p: str = "") -> tuple[int | None, int | None, int | None, bool]:
    """(hour, minute, second, next_day) of a clock match with group prefix ``p``.

    下午5:00 → 17:00; 中午1点 → 13; 夜里12点 → 00 of the next day; 5点半 → 5:30; 8点一刻 → 8:15.
    """
    if g.get(p + "h2"):
        h, mi = int(g[p + "h2"]), int(g[p + "mi2"])
        s = int(g[p + "ss2"]) if g.get(p + "ss2") else None
    elif g.get(p + "h"):
        h = integer(g[p + "h"])
        if h is None:
            return None, None, None, False
        mi = integer(g[p + "mi"]) if g.get(p + "mi") else None
        mi = int(g[p + "mi3"]) if g.get(p + "mi3") else mi
        mi = integer(g[p + "mi4"].lstrip("零〇")) if g.get(p + "mi4") else mi
        if g.get(p + "half"):
            mi = 30
        elif g.get(p + "quarter"):
            mi = 15 if g[p + "quarter"][0] in "一1" else 45
        elif g.get(p + "sharp"):
            mi = 0 if mi is None else mi
        s = integer(g[p + "ss"]) if g.get(p + "ss") else None
    else:
        return None, None, None, False
    ampm = (g.get(p + "ampm") or "").replace(".", "")
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    h, next_day = shift_by_daypart(h, g.get(p + "dp"))
    if h == 24:
        h, next_day = 0, True
    return h, mi, s, next_day


def shift_by_daypart(h: int, daypart: str | None) -> tuple[int, bool]:
    """Hour read after a part of the day (dayparts.tsv ``clock`` column)."""
    if not daypart:
        return h, False
    how = lexicon.dayparts()[daypart]["clock"]
    if how in ("pm", "evening") and h < 12:
        return h + 12, False
    if how == "evening" and h == 12:
        return 0, True  # 晚上十二点: midnight
    if how == "noon" and h < 3:
        return h + 12, False
    if how == "night":
        if h == 12:
            return 0, True
        if 6 <= h < 12:
            return h + 12, False
    return h, False


def valid_clock(
    g: dict[str, Any], p: str, after: str, before: str, *, after_date: bool = False
) -> bool:
    """A clock time a regex cannot judge: hour ≤ 24, minute ≤ 59, and 3点 / 一时 are clock
    times only with minutes, a part of the day or 整/钟, or right after a date (1月11日八点);
    Arabic 13点 / 15时 stand alone."""
    h = g.get(p + "h")
    if g.get(p + "h2"):
        return int(g[p + "h2"]) <= 24
    if not h:
        return True
    hv = integer(h)
    if hv is None or hv > 24:
        return False
    for k in ("mi", "ss"):
        v = g.get(p + k)
        if v and (integer(v) is None or (integer(v) or 0) > 59):
            return False
    exact = any(g.get(p + k) for k in ("mi", "mi3", "mi4", "half", "quarter", "sharp"))
    if (
        h == "一"
        and g.get(p + "hu") == "点"
        and not exact
        and g.get(p + "dp") in (None, "早", "晚")
    ):
        return False  # 早一点, 多一点: "a little"; 1 o'clock is written 下午一点, 一点半 ...
    has_more = exact or bool(g.get(p + "dp"))
    if has_more or after_date or g.get(p + "hu") == "点钟" or g.get("pre"):
        return True
    if (
        h in ("零", "〇")
        and g.get(p + "hu") == "点"
        and not (after[:1] and after[:1] in "几零一二三四五六七八九")
    ):
        return True
    b, a = before[-1:], after[:1]
    if (b and b in "第涨跌升降了近约") or (a and a in "几个"):
        return False  # 第3点, 上涨3点 (index points), 3点几
    if g.get(p + "hu") == "时":  # 15时; 当晚十时 (after a day word); 一时 is "for a while"
        return h.isdigit() or (h != "一" and b != "" and b in "晨天日号午夜晚")
    return (
        h.isdigit()
        or (b != "" and b in "在到至于从晨天日号午夜晚")
        or (a != "" and a in "多整前后左开起半")
    )


def clock_mod(word_before: str | None, after: str) -> str | None:
    """约十点 → APPROX; 8点多 → MORE_THAN; 10点左右 → APPROX."""
    if word_before:
        return qualifiers.timex_mod(word_before, "before")
    for w in qualifiers.words("after_unit", "time"):
        if after.startswith(w):
            return qualifiers.timex_mod(w, "after_unit")
    return None


def daypart_bounds(word: str) -> tuple[int, int]:
    r = lexicon.dayparts()[word]
    return r["first_hour"], r["last_hour"]


def with_clock(day: dt.date, h: int, mi: int | None, s: int | None, next_day: bool) -> str:
    from analysis.time.values import clock_value

    base = day + dt.timedelta(days=1) if next_day else day
    return base.isoformat() + clock_value(h, mi, s)
