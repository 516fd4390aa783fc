"""Reference date of a text (dateline, stamp, latest explicit date), until ``analysis.dating``
(owned by the loading stage) replaces it; ``analysis.timeline.detect_reference_date`` keeps
working either way.
"""

from __future__ import annotations

import datetime as dt
import re

from analysis.chars import normalise
from analysis.time.values import safe_date as _safe_date

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


def detect_reference_date(text: str) -> tuple[dt.date | None, str]:
    """Infer the date a news text was written from its own words, and say how.

    Order: a dateline with a year (新华社北京2026年6月17日电); a publication stamp
    (2026年06月18日 08:23); a dateline without a year (（新华社北京6月17日电）, 本报北京6月17日讯)
    whose year is the stamp's or else the latest explicit year-month date in the text.

    >>> detect_reference_date("（新华社北京6月17日电）2026年6月9日投产")[0]
    datetime.date(2026, 6, 17)
    """
    norm = normalise(text)
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


def as_date(value: dt.date | str | None) -> dt.date | None:
    """An ISO string or date → date (None stays None); a bad string raises ValueError."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(
            f"reference_date {value!r} is not an ISO date (YYYY-MM-DD), e.g. '2008-05-12'"
        ) from None
