"""Regex building blocks of the time rules: how a year, a date or a clock time is put together.

Structure only; every word list comes from ``lexicon`` (the tables). All patterns run on the
normalised copy of the text (``analysis.chars.normalise``: same length, full-width digits and
Traditional characters already mapped), and none matches the empty string.
"""

from __future__ import annotations

import re

from analysis.lang import qualifiers
from analysis.lang.tables import alternation
from analysis.time import lexicon

CN_DIGIT = "〇零一二三四五六七八九"
CN_ANY = "〇零一二三四五六七八九十百千两几数"
SP = r"[ \t\u3000]?"  # one optional space inside an expression (2008 年, 5 月 27 日)
# not inside a number, an ordinal or a Latin name (PM2.5年均: no 2.5 years); 07 is a year
NOT_NUM_BEFORE = rf"(?<![0-9.{CN_ANY}第A-Za-z])(?!0[0-9])"

Y4 = rf"(?:(?<![0-9.])[12][0-9]{{3}}(?![0-9])|(?<![{CN_ANY}])[一二][{CN_DIGIT}]{{3}})"
# 08年, 15年3月 (two Arabic digits), 零八年 / 九八年 (two Chinese digits, no 十)
Y2 = rf"(?:(?<![0-9.:/-])[0-9]{{2}}(?![0-9])|(?<![{CN_ANY}])[{CN_DIGIT}]{{2}}(?![{CN_ANY}]))"
CN_YEAR_NUMBER = (
    r"(?:两千|二千)(?:零[一二三四五六七八九]|零?[一二三四五六七八九]?十[一二三四五六七八九]?)?"
)
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
DAY = r"(?:3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
CN_DAY = r"(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|廿[一二三四五六七八九])"
LUNAR_DAY = r"(?:初(?:十|[一二三四五六七八九]|10|[1-9](?![0-9])))"
COUNT = (
    r"(?:[0-9]{1,3}(?:\.[0-9]+)?(?![0-9])"
    rf"|[几数]?[{CN_DIGIT}两]?[十百千][{CN_ANY}]*|[一二三四五六七八九两几数多半])"
)
CN_HOUR = r"(?:二十[一二三四]?|十[一二三四五六七八九]?|[零〇一二三四五六七八九两])"
CN_MINUTE = (
    r"(?:[一二三四五]?十[一二三四五六七八九]?|[零〇][一二三四五六七八九]|[一二三四五六七八九])"
)


def words(vocab) -> str:
    """Alternation of a vocabulary's words, longest first."""
    return alternation(list(vocab))


def guarded(vocab: dict[str, dict]) -> str:
    """Alternation of words, each with a lookbehind for its ``not_after`` characters."""
    parts = []
    for w in sorted(vocab, key=lambda w: (-len(w), w)):
        guard = vocab[w].get("not_after") or ""
        parts.append((f"(?<![{re.escape(guard)}])" if guard else "") + re.escape(w))
    return "|".join(parts)


def dayparts() -> str:
    return words(lexicon.dayparts())


def relative(unit: str) -> str:
    """Relative words of one unit (今年 去年 … for Y, 今天 昨天 … for D), guarded."""
    return guarded({w: r for w, r in lexicon.relative_words().items() if r["unit"] == unit})


def prefixes() -> str:
    return words(lexicon.relative_prefixes())


def clock(p: str = "") -> str:
    """A clock time, groups prefixed by ``p``: 10时31分45秒, 5点半, 8点一刻, 9点整, 2:00pm.

    The daypart (上午, 夜里) is a separate group ``{p}dp`` in front; never matches empty.
    """
    return (
        rf"(?:(?<![今昨明当次])(?P<{p}dp>{dayparts()}){SP})?"
        r"(?:"
        rf"(?:(?<![0-9.])|(?=[零〇一二三四五六七八九十两]))(?P<{p}h>[01]?[0-9]|2[0-4]|{CN_HOUR})(?P<{p}hu>点钟|点|时)"
        rf"(?:(?P<{p}mi>[0-5]?[0-9]|{CN_MINUTE})分(?:钟)?(?:(?P<{p}ss>[0-5]?[0-9]|{CN_MINUTE})秒)?"
        rf"|(?P<{p}half>半)|(?P<{p}quarter>[一1三3]刻)|(?P<{p}sharp>整)"
        rf"|(?P<{p}mi4>零[一二三四五六七八九]|[一二三四五]十[一二三四五六七八九]?)(?![{CN_ANY}分年月天])"
        rf"|(?P<{p}mi3>[0-5][0-9])(?![0-9分秒]))?"
        rf"|(?<![0-9.:])(?P<{p}h2>[01]?[0-9]|2[0-4]):(?P<{p}mi2>[0-5][0-9])"
        rf"(?::(?P<{p}ss2>[0-5][0-9]))?(?![0-9])时?"
        rf"(?:{SP}(?P<{p}ampm>[ap]\.?m\.?))?"
        r")"
    )


def before_qualifier(group: str = "pre") -> str:
    """约/近/大约/超过 … before a number (the shared qualifier vocabulary, time scope)."""
    return qualifiers.pattern("before", "time", group)


def edge(group: str) -> str:
    """初/底/末/中旬/上旬/下旬 … after a year, month or decade."""
    return qualifiers.pattern("edge", "time", group)
