"""The reference date of a text: the day it speaks from (stage: document).

Relative expressions (今年, 上月, 6月17日) need the date a text was written. The cues, in
order of trust: a dateline (新华社北京2026年6月17日电), a publication stamp
(2026-06-18 08:23 or 发布时间：2026年06月18日), a date on a title or subtitle line
(——1998年3月5日在第九届全国人民代表大会第一次会议上), an anniversary (汶川地震一周年 with the
earthquake's year: N years after the founding event), and only then the latest explicit
date in the text. A dateline without a year (（新华社北京6月17日电）) takes its year from the
next cue that has one. ``date_method`` names the cue that fixed the year. Imports nothing
from the extractors: the loader calls it on the repaired page.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from analysis.cues import alternation

METHODS = ("given", "dateline", "stamp", "title_line", "anniversary", "latest_explicit")
_Y = r"(?P<y>1[89][0-9]{2}|20[0-9]{2})"
_M = r"(?P<m>1[0-2]|0?[1-9])"
_D = r"(?P<d>3[01]|[12][0-9]|0?[1-9])"
DATELINE = re.compile(
    rf"(?m)(?:^|[（(])\s*(?:{alternation('agency')})[^\s，。（()\d]{{0,12}}?"
    rf"(?:{_Y}年)?{_M}月{_D}日\s*(?:电|讯|電|訊)"
)
STAMP = re.compile(
    rf"(?<![0-9]){_Y}(?:年|-|/|\.){_M}(?:月|-|/|\.){_D}日?\s*(?:[01]?[0-9]|2[0-3]):[0-5][0-9]"
    rf"|(?:{alternation('chrome')})\s*[：:]\s*{_Y.replace('y', 'y2')}(?:年|-|/|\.)"
    rf"{_M.replace('m', 'm2')}(?:月|-|/|\.){_D.replace('d', 'd2')}"
)
FULL_DATE = re.compile(rf"(?<![0-9]){_Y}年{_M}月{_D}日")
# A year-month already reached (截至2023年12月): not a target (到2030年12月, 至2025年6月) nor a
# deadline (…前).
YEAR_MONTH = re.compile(rf"(?<![0-9到\-])(?<![^截]至){_Y}年{_M}月(?!前|底前)")
# A year already reached (2024年以来, 2025年春运): not a target (到2030年, 2030年前) nor the
# end of a range (2021—2025年).
PAST_YEAR = re.compile(rf"(?<![0-9到\-—~～])(?<![^截]至){_Y}年(?![代前])")
ANNIVERSARY = re.compile(
    r"(?P<event>[\u4e00-\u9fff]{2,10}?)(?P<n>[0-9]{1,3}|[一二三四五六七八九十百]{1,4})周年"
)
_EVENT_PREFIX = re.compile(r"^(?:纪念|庆祝|迎来|迎接|在|于|是|暨|之|的)+")
TITLE_LINES = 8  # a title or subtitle line is among the first lines of the page
SENTENCE_MAX = 300  # characters either side of a cue word searched for its sentence's ends
SPACED = re.compile(r"(?<=\d)[ \u3000]+(?=[\d年月日])")
_SENTENCE_END = re.compile(r"[。！？!?\n]")


@dataclass(frozen=True)
class DateFinding:
    """A reference date, the cue that fixed it (one of ``METHODS``) and how, in words."""

    date: dt.date | None
    method: str | None
    note: str


def normalise(text: str) -> str:
    """Full-width digits to ASCII and spaced-out digits closed up (1 9 9 8 年 → 1998年)."""
    if re.search("[\uff10-\uff19]", text):  # no copy of a long text that needs none
        text = unicodedata.normalize("NFKC", text)
    if SPACED.search(text):
        text = SPACED.sub("", text)
    return text


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _groups(m: re.Match[str]) -> tuple[int, int, int]:
    g = {k.rstrip("2"): v for k, v in m.groupdict().items() if v}
    return int(g["y"]), int(g["m"]), int(g["d"])


def stamp_date(norm: str) -> dt.date | None:
    """The first publication stamp (a date with a clock time, or after a chrome label)."""
    for m in STAMP.finditer(norm):
        d = _date(*_groups(m))
        if d:
            return d
    return None


def title_line_date(norm: str) -> tuple[dt.date | None, str]:
    """The first full date on one of the first lines when that line is a heading (a
    ——subtitle line, or short and without sentence punctuation): the date a report or
    speech was delivered."""
    lines = [ln.strip() for ln in norm.splitlines() if ln.strip()][:TITLE_LINES]
    for line in lines:
        heading = len(line) <= 40 and not re.search(r"[。，；！？,;!?]", line)
        if not (line.startswith(("——", "—", "--", "－－")) or heading):
            continue
        m = FULL_DATE.search(line)
        if m and (d := _date(*_groups(m))):
            return d, line
    return None, ""


def _sentences(norm: str) -> list[str]:
    return [s for s in re.split(r"[。！？!?\n]+", norm) if s.strip()]


def _sentences_with(norm: str, word: str) -> list[str]:
    """The sentences of ``norm`` that contain ``word`` (without splitting the whole text)."""
    out, pos = [], norm.find(word)
    while pos >= 0:
        lo = max(0, pos - SENTENCE_MAX)  # bounded: never a scan back over a whole line
        start = max(lo - 1, *(norm.rfind(ch, lo, pos) for ch in "。！？!?\n")) + 1
        m = _SENTENCE_END.search(norm, pos, pos + SENTENCE_MAX)
        end = m.start() if m else min(len(norm), pos + SENTENCE_MAX)
        out.append(norm[start:end])
        pos = norm.find(word, end)
    return out


def _founding_year(norm: str, event: str) -> tuple[int | None, str]:
    """The year of the event an anniversary counts from: a sentence that names the event
    (or its last characters: 汶川地震 → 地震) with a year; else a founding verb's year."""
    sentences = [s for s in _sentences(norm) if "周年" not in s]
    for k in range(len(event), 1, -1):
        key = event[-k:]
        years = [
            int(m.group("y")) for s in sentences if key in s for m in re.finditer(_Y + "年", s)
        ]
        if years:
            return min(years), f"{key!r} in a sentence with the year {min(years)}"
    verbs = alternation("founding")
    years = [
        int(m.group("y"))
        for s in sentences
        if re.search(verbs, s)
        for m in re.finditer(_Y + "年", s)
    ]
    if years:
        return min(years), f"the year {min(years)} of a founding ({verbs.split('|')[0]} …)"
    return None, ""


def anniversary_year(norm: str) -> tuple[int | None, int | None, str]:
    """The year of the text's own anniversary: N周年 in a sentence without a year of its own
    (2016年，在协作20周年之际 is a past anniversary), counted from the founding year."""
    if "周年" not in norm:
        return None, None, ""
    latest = max((int(m.group("y")) for m in YEAR_MONTH.finditer(norm)), default=0)
    for s in _sentences_with(norm, "周年"):
        if re.search(_Y + "年", s):
            continue
        for m in ANNIVERSARY.finditer(s):
            event = _EVENT_PREFIX.sub("", m.group("event"))
            import cn2an  # imported on first use: 0.3 s that `import analysis` need not pay

            n = int(cn2an.cn2an(m.group("n"), "smart"))
            founded, how = _founding_year(norm, event)
            if founded and n and founded + n >= latest:
                return founded + n, founded, f"{m.group()!r}: {how} + {n}"
    return None, None, ""


def latest_explicit(norm: str) -> tuple[dt.date | None, int | None]:
    """The latest full date in the text, and the latest year-month's year (else the latest
    year the text mentions as reached)."""
    full = [d for m in FULL_DATE.finditer(norm) if (d := _date(*_groups(m)))]
    years = [int(m.group("y")) for m in YEAR_MONTH.finditer(norm)]
    years = years or [int(m.group("y")) for m in PAST_YEAR.finditer(norm)]
    return (max(full) if full else None), (max(years) if years else None)


def find_reference_date(text: str) -> DateFinding:
    """The reference date of ``text`` with its method and an explanation.

    >>> find_reference_date("（新华社北京6月17日电）2026年6月9日投产").method
    'latest_explicit'
    """
    norm = normalise(text)
    datelines = [m for m in DATELINE.finditer(norm)]
    for m in datelines:
        if m.group("y") and (d := _date(*_groups(m))):
            return DateFinding(d, "dateline", f"dateline {m.group().strip()!r}")
    stamp = stamp_date(norm)
    titled, line = title_line_date(norm)
    if not datelines:
        if stamp:
            return DateFinding(stamp, "stamp", "publication stamp")
        if titled:
            return DateFinding(titled, "title_line", f"date on the heading line {line!r}")
    return _from_years(norm, datelines, stamp, titled)


def _from_years(
    norm: str, datelines: list[re.Match[str]], stamp: dt.date | None, titled: dt.date | None
) -> DateFinding:
    """A dateline without a year takes one from the stamp, the title line, an anniversary
    or the latest explicit date; without a dateline, an anniversary or the latest date."""
    year, founded, how = anniversary_year(norm)
    latest, latest_year = latest_explicit(norm)
    if datelines:
        m = datelines[0]
        month, day = int(m.group("m")), int(m.group("d"))
        where = f"dateline {m.group().strip()!r} (no year)"
        candidates = [
            ("stamp", stamp and stamp.year - (1 if month > stamp.month else 0), "the stamp"),
            ("title_line", titled and titled.year, "the heading line"),
            ("anniversary", year, how),
            (
                "latest_explicit",
                latest_year,
                "the latest explicit year (year-month first) in the text",
            ),
        ]
        for method, y, source in candidates:
            if y and (d := _date(y, month, day)):
                return DateFinding(d, method, f"{where}; year {y} from {source}")
        return DateFinding(None, None, f"{where} and the text gives no year")
    if year:
        found = [d for m in FULL_DATE.finditer(norm) if (d := _date(*_groups(m)))]
        base = min((d for d in found if d.year == founded), default=None)
        if base and (d := _date(year, base.month, base.day)):
            return DateFinding(d, "anniversary", f"anniversary {how}, on the founding day")
    if latest:
        return DateFinding(latest, "latest_explicit", "the latest explicit full date in the text")
    return DateFinding(None, None, "no dateline, stamp, heading date or full date found")


def detect_reference_date(text: str) -> tuple[dt.date | None, str | None]:
    """``(date, method)`` of ``text`` (see ``find_reference_date``); ``(None, None)`` when
    the text gives no date."""
    found = find_reference_date(text)
    return found.date, found.method


def as_date(value: dt.date | str | None, *, name: str = "reference_date") -> dt.date | None:
    """An ISO string or a date as a ``datetime.date`` (a clear error for anything else)."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"{name} {value!r} is not an ISO date (YYYY-MM-DD)") from None
