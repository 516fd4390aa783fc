"""Combinations of resolved rows: date + clock time, A至B ranges, compound durations,
以前/以后/以来 after a date, comparison bases and quotations (see ``engine``)."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from typing import Any

from analysis.time.clock import shift_by_daypart
from analysis.time.values import compound_duration, interval

Row = dict[str, Any]
_JOIN = re.compile(r"\s*(?:起|开始)?\s*(?:-{1,2}|至|到|~)\s*")  # 自6月1日起至30日止
_UNTIL_END = re.compile(r"\s*止")
_BETWEEN = re.compile(r"\s*(?:和|与|跟|及)\s*")
_BETWEEN_END = re.compile(r"\s*(?:之间|间)")
_JOINABLE = (
    "year",
    "half_year",
    "quarter",
    "month",
    "week",
    "day",
    "daypart",
    "hour",
    "minute",
    "second",
)
_CLOCK_RULES = ("clock", "clock_span", "daypart")
_DAY_RULES = ("relative_day", "weekday", "holiday", "date", "numeric_date", "day")
_COMPARE_BEFORE = re.compile(r"(?:比|较|较之|相较于?|同比|环比|比上年|相对于)\s*$")
_COMPARE_AROUND = re.compile(r"(?:与|和|同|跟)\s*$")
_COMPARE_AFTER = re.compile(r"\s*(?:同期)?(?:相比|比较|相较|持平)")
_OPEN, _CLOSE = "“「『", "”」』"
_OPENING = re.compile(f"[{_OPEN}]")
_QUOTE_MARKS = re.compile(f"[{_OPEN}{_CLOSE}]")
_QUOTE_NOTE = "inside a quotation: resolved against the article's date; the speaker's may differ"


def is_comparison_base(norm: str, start: int, end: int) -> bool:
    """比1980年, 较1996年增长, 与2019年相比: the period compared with, not the story's time."""
    before = norm[max(0, start - 6) : start]
    if _COMPARE_BEFORE.search(before):
        return True
    return bool(_COMPARE_AROUND.search(before) and _COMPARE_AFTER.match(norm, end))


def combine(rows: list[Row], norm: str, text: str, ref: dt.date | None) -> list[Row]:
    rows = _part_of_named(rows, norm, text)
    rows = _date_and_clock(rows, norm, text)
    rows = _durations(rows, norm, text)
    rows = _ranges(rows, norm, text)
    rows = _suffixes(rows, norm, text, ref)
    _quotes(rows, norm)
    return rows


def _gap(norm: str, a: Row, b: Row) -> str:
    return norm[a["end"] : b["start"]]


def _extend(a: Row, b: Row, text: str, **changes: Any) -> None:
    a.update(text=text[a["start"] : b["end"]], end=b["end"], **changes)


def _part_of_named(rows: list[Row], norm: str, text: str) -> list[Row]:
    """本月月初, 上月月底, 今年年底: a part (月初, mod START) right after the month or year it
    is part of, read against it, is one expression: the named one with the part's ``mod``."""
    out: list[Row] = []
    for r in rows:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not _gap(norm, prev, r)
            and r["anchor"] == "previous"
            and r["mod"]
            and not prev["mod"]
            and r["value"] == prev["value"]
            and r["granularity"] == prev["granularity"]
        ):
            _extend(prev, r, text, mod=r["mod"])
            continue
        out.append(r)
    return out


def _date_and_clock(rows: list[Row], norm: str, text: str) -> list[Row]:
    """明天下午3:00, 周一上午10点, 5月2日 15时57分: a day and its time are one expression."""
    out: list[Row] = []
    for r in rows:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev["rule"] in _DAY_RULES
            and prev["granularity"] in ("day", "daypart")
            and r["rule"] in _CLOCK_RULES
            and _gap(norm, prev, r) in ("", " ", "的")
        ):
            value = r["value"]
            if prev["value"] and value and value.startswith("T"):
                value = prev["value"] + value if "/" not in value else value
            if prev.get("_daypart") and value and r["rule"] in ("clock", "clock_span"):
                value = "/".join(_shift_clock(v, prev["_daypart"]) for v in value.split("/"))
            _extend(
                prev,
                r,
                text,
                value=value,
                granularity=r["granularity"],
                mod=r["mod"] or prev["mod"],
                rule=r["rule"],
            )
            continue
        out.append(r)
    return out


def _shift_clock(value: str, daypart: str) -> str:
    """今晚8点: the clock hour read after the day word's part of the day (T08 → T20)."""
    m = re.match(r"(\d{4}-\d{2}-\d{2})T(\d{2})", value)
    if not m:
        return value
    h, next_day = shift_by_daypart(int(m.group(2)), daypart)
    day = dt.date.fromisoformat(m.group(1)) + dt.timedelta(days=1 if next_day else 0)
    return f"{day.isoformat()}T{h:02d}{value[m.end() :]}"


_DUR = re.compile(
    r"P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?"
    r"(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
    r"(?:(\d+(?:\.\d+)?)S)?)?$"
)


def _parts(value: str | None) -> list[tuple[float, str]] | None:
    m = _DUR.fullmatch(value or "")
    if not m:
        return None
    units = ("Y", "M", "W", "D", "H", "MIN", "S")
    return [(float(x), u) for x, u in zip(m.groups(), units, strict=True) if x]


def _durations(rows: list[Row], norm: str, text: str) -> list[Row]:
    """两年又三个月10天, 6天10小时, 三个星期5小时: adjacent durations are one duration."""
    out: list[Row] = []
    for r in rows:
        prev = out[-1] if out else None
        parts = _parts(r["value"]) if r["kind"] == "duration" else None
        if r["rule"] == "clock" and re.fullmatch(r"[0-9]{1,2}时", r["text"]):
            parts = [(float(r["text"][:-1]), "H")]
        if (
            prev is not None
            and prev["kind"] == "duration"
            and parts
            and _gap(norm, prev, r) in ("", "又", "零", " ", "余", "多")
            and not prev.get("range_value")
            and (prev_parts := _parts(prev["value"]))
            and not {u for _, u in parts} & {u for _, u in prev_parts}  # 1年1年: two durations
        ):
            _extend(
                prev,
                r,
                text,
                value=compound_duration(prev_parts + parts),
                mod=prev["mod"] or r["mod"],
            )
            continue
        out.append(r)
    return out


def _later_clock(a: str, b: str) -> str:
    """下午3:00到4:00: the second clock time inherits the afternoon (T04 → T16); after an
    evening hour 12 is midnight, 00 of the next day (晚上十一点到十二点)."""
    ma, mb = re.search(r"T(\d{2})", a), re.search(r"T(\d{2})", b)
    if ma and mb and a[: ma.start()] != b[: mb.start()]:
        return b  # 22:10~次日06:30: another day
    if ma and mb and int(mb.group(1)) < int(ma.group(1)) and int(mb.group(1)) <= 12:
        h = int(mb.group(1)) + 12
        if h == 24 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", b[: mb.start()]):
            day = dt.date.fromisoformat(b[: mb.start()]) + dt.timedelta(days=1)
            return f"{day.isoformat()}T00{b[mb.end(1) :]}"  # 晚上十一点到十二点: midnight
        if h > int(ma.group(1)) and h < 24:
            return b[: mb.start(1)] + f"{h:02d}" + b[mb.end(1) :]
    return b


def _ranges(rows: list[Row], norm: str, text: str) -> list[Row]:
    """2026年6月1日至5日, 下午3:00到4:00, 2007年与2009年之间: two points → one range."""
    out: list[Row] = []
    for r in rows:
        prev = out[-1] if out else None
        if prev is None or not _rangeable(prev) or not _rangeable(r):
            out.append(r)
            continue
        gap = _gap(norm, prev, r)
        between = _BETWEEN.fullmatch(gap) and _BETWEEN_END.match(norm, r["end"])
        if not (_JOIN.fullmatch(gap) or between):
            out.append(r)
            continue
        a, b = prev["value"], r["value"]
        if r["granularity"] == "vague" and r.get("note") is None:
            b = b[:10]  # 前年到现在: up to the reference day
        if "T" in a and "T" in b:
            b = _later_clock(a, b)
        a0 = a.split("/")[0]
        b1 = b.split("/")[-1]
        if r["mod"] == "END" and len(a0) > len(b1) and len(a0) in (7, 10):
            b1 = _last_day(b1)[: len(a0)]  # 6月1日至6月底: to June 30; 3月至年底: to December
        if not a0 < b1 and not ("T" in a0 and "T" in b1):
            out.append(r)
            continue
        end = between.end() if between else r["end"]
        if not between and (until := _UNTIL_END.match(norm, end)):
            end = until.end()
        prev.update(
            text=text[prev["start"] : end],
            end=end,
            value=f"{a0}/{b1}",
            kind="range",
            relative=prev["relative"] or r["relative"],
            anchor=prev["anchor"] or r["anchor"],
        )
        continue
    return out


def _last_day(value: str) -> str:
    """The last day of a month (2026-06 → 2026-06-30) or year (2026 → 2026-12-31); else as is."""
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-12-31"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m.group(1)), int(m.group(2))
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value


def _rangeable(r: Row) -> bool:
    return (
        r["kind"] in ("point", "range")
        and bool(r["value"])
        and (r["granularity"] in _JOINABLE or r["text"] in _NOW)
        and r["value"][0] not in "XP"
    )


_NOW = ("现在", "目前", "如今", "当前")


_SUFFIX = re.compile(r"\s*(以前|之前|以后|之后|以来|(?:起)?至今|起|前(?![后夕身景途线沿往来进]))")
_SUFFIX_MOD = {
    "前": "BEFORE",
    "以前": "BEFORE",
    "之前": "BEFORE",
    "以后": "AFTER",
    "之后": "AFTER",
    "起": "ON_OR_AFTER",
}


def _suffixes(rows: list[Row], norm: str, text: str, ref: dt.date | None) -> list[Row]:
    """2016年以前 (mod BEFORE), 07年以后 (AFTER), 2012年以来 → 2012/<reference year>."""
    for r in rows:
        if r["granularity"] in ("vague",) or r["rule"] == "ago":
            continue
        if r["kind"] != "point" and r["granularity"] not in ("century", "decade"):
            continue
        m = _SUFFIX.match(norm, r["end"])
        if not m:
            continue
        word = m.group(1)
        r.update(text=text[r["start"] : m.end()], end=m.end())
        since = word == "起" and _starts_before(r["value"], ref)  # 从去年7月起: until the ref
        if (word.endswith("至今") or since) and r["value"] and ref is not None:
            start = r["value"].split("/")[0]
            r.update(value=f"{start}/{ref.isoformat()}", kind="range", relative=True)
            r.update(anchor=r["anchor"] or "reference", note="until now")
            continue
        if word != "以来":
            edge, r["mod"] = r["mod"], _SUFFIX_MOD.get(word)
            _deadline(r, ref, edge)
            continue
        value = r["value"]
        if r["kind"] == "range" and value:  # 本世纪以来: from the century's start
            value = value.split("/")[0]
        end = _same_granularity(ref, value) if value else None
        r.update(
            value=f"{value.split('/')[0]}/{end}" if value and end else None,
            kind="range",
            relative=True,
            anchor=r["anchor"] or "reference",
            note="since",
        )
    return rows


def _starts_before(value: str | None, ref: dt.date | None) -> bool:
    start = interval(value)[0] if value else None
    return bool(ref and start and start[:10] < ref.isoformat())


def _deadline(r: Row, ref: dt.date | None, edge: str | None) -> None:
    """2035年前 / 年底前 still ahead of the reference date: a deadline, from now until then."""
    if r["mod"] != "BEFORE" or ref is None or not r["value"]:
        return
    start, end = interval(r["value"])
    if not (start and end):
        return
    ahead = start[:10] > ref.isoformat() or (edge == "END" and end[:10] >= ref.isoformat())
    if ahead:
        r["range_value"] = f"{ref.isoformat()}/{r['value'].split('/')[-1]}"


def _same_granularity(ref: dt.date | None, value: str) -> str | None:
    if ref is None or value[0] in "TX":
        return None
    head = value.split("/")[0]
    if re.fullmatch(r"\d{4}", head):
        return f"{ref.year:04d}"
    if re.fullmatch(r"\d{4}-\d{2}", head):
        return f"{ref.year:04d}-{ref.month:02d}"
    return ref.isoformat() if interval(head)[0] else None


def _quotes(rows: list[Row], norm: str) -> None:
    """“…今年完成了…”: a deictic inside a quotation is the speaker's, not the article's date.

    The quotation depth before each row is read from the quotation marks alone (found by one
    search; every other character leaves it as it is), not character by character.
    """
    if not rows or _OPENING.search(norm) is None:
        return
    found = list(_QUOTE_MARKS.finditer(norm))
    at = [m.start() for m in found]
    depth, pos, marks = 0, 0, []
    for r in rows:
        for m in found[bisect.bisect_left(at, pos) : bisect.bisect_left(at, r["start"])]:
            ch = m.group()
            depth += ch in _OPEN
            depth -= ch in _CLOSE and depth > 0
        pos = r["start"]
        marks.append(depth > 0)
    for r, quoted in zip(rows, marks, strict=True):
        if quoted and r["anchor"] == "reference":
            r["anchor"] = "quote"
            r["note"] = _QUOTE_NOTE
