"""How a quantity is put together (stage: analyse): the regexes of the extractor, built from
the language tables (units, classifiers, qualifiers, numerals) rather than spelled out here.

Every numeral run starts with a look-behind that refuses a start inside another numeral
(``(?<![一二…])``), so the engine tries each run once: extraction is linear in the input
(``"一" * 100_000`` is one failed attempt, not 100,000 rescans of the rest of the run).

The patterns that need a numeral are not run over every character: a :class:`Scanner` tries
its pattern only where a match can begin, at a numeral character (one compiled character
class, :func:`numeral_starts`) or a few characters before one where a word that may precede
the number starts (约, 超过, 负, 位于 …): the same matches as ``finditer``, for a fraction of
its cost on text where numerals are rare.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from analysis.lang import qualifiers
from analysis.lang.numbers import numeral_chars
from analysis.lang.tables import alternation
from analysis.quantities import vocab

# Latin magnitude letters of informal money (15k, 30w) and 个亿 (两个亿); values in _LATIN_MAG.
LATIN_MAG = {"k": 1000, "K": 1000, "w": 10_000, "W": 10_000}
SEPARATORS = r"—{1,2}|--?|[–~至到]"
#: the hyphen is a sign only right before a digit (and not inside 3-5 or A-1)
_HYPHEN_SIGN = r"(?<![\dA-Za-z.])-(?=\d)"


def links() -> tuple[str, ...]:
    """Verbs between a qualifier and its number (超过了300, 约为80万吨): ``number_words.tsv``."""
    return vocab.number_words("link")


def negatives() -> tuple[str, ...]:
    """Signs before a number (负, 零下, -): ``number_words.tsv``."""
    return vocab.number_words("negative")


def between_leads() -> tuple[str, ...]:
    """Words before a range written with 和/与 … 之间 (位于, 介于, 在): ``number_words.tsv``."""
    return vocab.number_words("between_lead")


def part_joiners() -> tuple[str, ...]:
    """What may stand between a unit and its subunit: nothing, or a word of ``number_words.tsv``."""
    return ("", *vocab.number_words("part_joiner"))


@functools.cache
def time_units() -> tuple[str, ...]:
    """Units of the durations that quantities never overlap (6个月, 三年来): the timeline's
    ``time_units.tsv`` and the ``duration`` words of ``number_words.tsv``, longest first."""
    from analysis.time import lexicon

    words = {*lexicon.units(), *vocab.number_words("duration")}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@functools.cache
def per_unit() -> re.Pattern[str]:
    """元/吨, 公里每小时: the word of ``per`` and the unit counted per (group ``den``)."""
    dens = {*vocab.units(), *vocab.classifiers(), *time_units()} - {"%", "％"}
    words = sorted(dens, key=lambda w: (-len(w), w))
    per = alternation(list(vocab.number_words("per")))
    return re.compile(rf"(?:{per})(?P<den>{alternation(words)})")


def _sign() -> str:
    """The ``neg`` alternative: a written sign, or a hyphen right before a digit."""
    words = [w for w in negatives() if w != "-"]
    return "|".join([alternation(words)] * bool(words) + [_HYPHEN_SIGN] * ("-" in negatives()))


@functools.cache
def cn_chars() -> str:
    """Plain and formal numeral characters (digits, magnitudes, 廿) plus 几."""
    return "".join(numeral_chars()) + "几"


def _magnitude(ch: str) -> str:
    """A magnitude character that is not the first character of a unit: 千 before 瓦 is the
    SI prefix of 千瓦 (1.2亿千瓦时), 百 before 分点 belongs to 百分点 (0.5百分点)."""
    rests = sorted({w[1:] for w in vocab.units() if len(w) > 1 and w[0] == ch}, key=len)[::-1]
    return f"{ch}(?!{'|'.join(map(re.escape, rests))})" if rests else ch


@functools.cache
def number() -> str:
    """One numeral: Arabic (1,600 / 82，225.00 / 2.5万 / 15k) or Chinese (一千二百 / 十几)."""
    cn = re.escape(cn_chars())
    mags = "|".join(_magnitude(ch) for ch in "十百千万亿")
    digits = re.escape("".join(c for c, (_, k) in numeral_chars().items() if k == "digit"))
    plain = re.escape("".join(c for c in cn_chars() if c not in "十百千万亿"))
    cn_body = f"(?:[{plain}]|{mags})+(?:点[{digits}]+)?"
    # digit groups: ASCII commas always; a full-width comma (also a clause break) only before
    # decimals, in two or more groups, or where no unit follows (36，480.50元; not $15，200美圆)
    wide = r"\d{1,3}(?:，\d{3}){2,}(?!\d)|\d{1,3}，\d{3}(?=\.\d)|\d{1,3}，\d{3}(?![\d\w%])"
    arabic = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|{wide}|\d+)(?:\.\d+)?"
    formal = "".join(c for c, (_, k) in numeral_chars().items() if k == "magnitude")
    formal = "".join(c for c in formal if c not in "十百千万亿")
    mags = f"(?:{mags}|[{formal}])+"  # 2.5万, 9佰
    latin = "[" + "".join(LATIN_MAG) + "](?![A-Za-z])"
    return (
        rf"(?:(?<![A-Za-z0-9.]){arabic}(?:亿\d{{1,4}}(?:\.\d+)?万|{mags}|{latin})?"
        rf"|(?<![{cn}]){cn_body})"
    )


@functools.cache
def numeral_class() -> re.Pattern[str]:
    """One character class of every character a numeral can start with (digits, 一 … 亿, 几)."""
    return re.compile(rf"[\d{re.escape(cn_chars())}]")


def numeral_starts(norm: str) -> list[int]:
    """Offsets of the numeral characters of ``norm``: where a number can start (sorted)."""
    return [m.start() for m in numeral_class().finditer(norm)]


class Scanner(NamedTuple):
    """A pattern whose every match has a numeral within ``reach`` characters of its start,
    where only a word beginning with one of the ``lead`` characters can come first."""

    pattern: re.Pattern[str]
    lead: str = ""
    reach: int = 0

    def starts(self, norm: str, numerals: list[int]) -> list[int]:
        """Where a match can begin: each numeral, and each lead character a numeral follows
        within ``reach`` characters."""
        if not self.lead or not numerals:
            return numerals
        found = [m.start() for m in _lead_class(self.lead, self.reach).finditer(norm)]
        return sorted(set(found).union(numerals)) if found else numerals

    def finditer(self, norm: str, numerals: list[int]) -> Iterator[re.Match[str]]:
        """``pattern.finditer(norm)``, trying only the starts above (``numerals`` from
        :func:`numeral_starts`)."""
        after = 0
        match = self.pattern.match
        for i in self.starts(norm, numerals):
            if i >= after and (m := match(norm, i)):
                yield m
                after = m.end()


@functools.cache
def _lead_class(lead: str, reach: int) -> re.Pattern[str]:
    """A lead character with a numeral character at most ``reach`` characters after it."""
    numeral = numeral_class().pattern
    return re.compile(rf"[{re.escape(lead)}](?=.{{0,{reach - 1}}}{numeral})", re.DOTALL)


def _lead(words: list[str] | tuple[str, ...]) -> tuple[str, int]:
    """First characters and the longest length of the words that may come before a number."""
    return "".join(sorted({w[0] for w in words})), max((len(w) for w in words), default=0)


@functools.cache
def unit_alternation(contexts: tuple[str, ...] = ("any", "clause_end", "after_cue")) -> str:
    """Units (of the given contexts) and classifiers, longest first."""
    words = [w for w, u in vocab.units().items() if u.context in contexts]
    words += list(vocab.classifiers())
    return f"{first_of(words)}(?:{alternation(words)})"


def first_of(words: list[str] | tuple[str, ...]) -> str:
    """A look-ahead that fails at once where none of ``words`` can start: the engine tests one
    character class instead of every word of a long alternation."""
    return f"(?={initials(words)})"


def initials(words: list[str] | tuple[str, ...]) -> str:
    """A character class of the first characters of ``words``."""
    return f"[{re.escape(''.join(sorted({w[0] for w in words})))}]"


def _qualifier(position: str, group: str | None = None) -> str:
    """The shared qualifier words at ``position`` (``qualifiers.pattern``), guarded."""
    words = qualifiers.words(position, "quantity")
    return f"(?:{first_of(words)}{qualifiers.pattern(position, 'quantity', group)})"


@functools.cache
def quantity(with_unit: bool = True) -> re.Pattern[str]:
    """Number (or range) + unit, with qualifiers before, inside and after.

    ``with_unit=False``: the same without the unit (超过300, 700多亿, 两千到两千五百); the
    extractor keeps such a number only with a qualifier, a magnitude or a range.

    Groups: pre, neg, n1, m1 (多/余/来/几), t1 (a magnitude after 多: 700多亿), u1 (unit of
    the first number of a range), sep, n2, m2, t2, unit, half (一吨半), tenth (六成三), post.
    The range's second unit must equal the first (``(?(u1)(?P=u1)|…)``), so 增长15%至1928.7亿元
    is a rate and a level, not a range.
    """
    num = number()
    units = unit_alternation(("any", "clause_end", "after_cue", "age_suffix"))
    pre, more = _qualifier("before", "pre"), _qualifier("after")
    post = _qualifier("after_unit", "post")
    digit = "".join(c for c, (_, k) in numeral_chars().items() if k == "digit")
    mag_tail = r"(?:个亿|[万亿])*"
    unit = rf"(?P<unit>(?(u1)(?P=u1)|(?:{units})))" if with_unit else ""
    return re.compile(
        rf"(?:{pre}(?:{alternation(links())})?)?"
        rf"(?P<neg>{_sign()})?"
        rf"(?P<n1>{num})(?P<m1>{more})?(?P<t1>{mag_tail})"
        rf"(?:(?P<u1>{units})?(?P<sep>{SEPARATORS})"
        rf"(?P<n2>{num})(?P<m2>{more})?(?P<t2>{mag_tail}))?"
        rf"{unit}"
        rf"(?P<half>半(?![年月天日小个]))?"
        rf"(?:(?<=成)(?P<tenth>[{digit}])(?![{re.escape(cn_chars())}\d]))?"
        rf"(?:(?<=[元块圆])(?:(?P<jiao>[{digit}]|\d)[角毛])?(?:(?P<fen>[{digit}]|\d)分)?钱?)?"
        rf"{post}?"
    )


@functools.cache
def scanner(name: str) -> Scanner:
    """The :class:`Scanner` of a pattern that needs a numeral: ``quantity``, ``bare`` (the
    quantity without its unit), ``fraction``, ``between``, ``discount``, ``time_fallback``."""
    pre = qualifiers.words("before", "quantity")
    lead, longest = _lead([*pre, *negatives()])
    link = max(map(len, links())) + max(map(len, negatives()))
    if name in ("quantity", "bare"):
        return Scanner(quantity(with_unit=name == "quantity"), lead, longest + link)
    if name == "fraction":
        return Scanner(fraction(), *_lead(pre))
    if name == "between":
        lead, longest = _lead(list(between_leads()))
        return Scanner(between(), lead, longest + 1)
    if name in ("discount", "time_fallback"):
        return Scanner(discount() if name == "discount" else time_fallback())
    raise ValueError(f"no scanner {name!r}")


@functools.cache
def prefixed_currency() -> re.Pattern[str]:
    """A currency sign before the number: $20, ￥300."""
    signs = alternation([w for w, u in vocab.units().items() if u.context == "prefix"])
    return re.compile(rf"(?P<sign>{signs})(?P<n1>{number()})")


@functools.cache
def currency_name_before() -> re.Pattern[str]:
    """A currency name (a mention word of ``units.tsv``) ending where the searched stretch ends:
    the 港币 of 港币三千四百二十元."""
    names = [w for w, u in vocab.units().items() if u.mention and u.dimension == "currency"]
    return re.compile(rf"(?:{alternation(names)})$")


@functools.cache
def currency_signs() -> re.Pattern[str]:
    """The first characters of the currency signs written before a number ($, ￥ …)."""
    return re.compile(initials([w for w, u in vocab.units().items() if u.context == "prefix"]))


@functools.cache
def fraction() -> re.Pattern[str]:
    """三分之一 → a share; 百分之三十 → 30 %; 千分之五 → 5 ‰."""
    num = number()
    return re.compile(rf"(?:{_qualifier('before', 'pre')})?(?P<den>{num})分之(?P<n1>{num})")


@functools.cache
def between() -> re.Pattern[str]:
    """20和30之间, 3000与5000之间: a range written with 和/与 … 之间."""
    num, units = number(), unit_alternation()
    lead = alternation([w for w in between_leads() if w != "-"])
    return re.compile(
        rf"(?:{lead})?(?P<neg>-)?(?P<n1>{num})(?P<u1>{units})?[和与到至]"
        rf"(?P<n2>{num})(?P<unit>{units})?之?间"
    )


@functools.cache
def compared_to() -> re.Pattern[str]:
    """比三十大, 比170低: a number as a bound of a comparison (more_than / less_than)."""
    return re.compile(
        rf"比(?P<n1>{number()})(?P<unit>{unit_alternation()})?(?P<cmp>[大高多长重小低少短轻])"
    )


@functools.cache
def doubling() -> re.Pattern[str]:
    """翻三番 (three doublings, ×8) and 翻番 / 翻一番 (×2)."""
    cn = re.escape(cn_chars())
    return re.compile(rf"翻了?(?P<n1>[{cn}]+|\d+)?(?P<unit>番)")


@functools.cache
def ratio() -> re.Pattern[str]:
    """每生产七把吉他，就有一把 → 1/7 (also 每10人中就有3人)."""
    num, units = number(), unit_alternation()
    return re.compile(
        rf"每(?P<verb>[^\d，。；！？,;!?\s]{{0,6}}?)(?P<a>{num})(?P<ua>{units})"
        r"(?P<what>[^，。；！？,;!?]{0,10}?)[，,]?(?:就|便|即|则)?(?:有|是)"
        rf"(?P<b>{num})(?P<ub>{units})?"
    )


@functools.cache
def discount() -> re.Pattern[str]:
    """九折, 75折, 7.5折, 三八折, 八点五折: a price as a share of the full price (九折 = 90 %)."""
    cn = re.escape(cn_chars())
    digits = re.escape("".join(c for c, (_, k) in numeral_chars().items() if k == "digit"))
    n1 = rf"[{cn}]+(?:点[{digits}]+)?|\d+(?:\.\d+)?"
    return re.compile(rf"(?<![{cn}\d.])(?P<n1>{n1})(?P<unit>折)(?!扣|叠|合|射|算)")


#: short quoted stretches are names (“八七”计划, “千万工程”): no quantities inside
QUOTED = re.compile(
    r"“[^“”，。；！？]{1,10}”|「[^「」，。；！？]{1,10}」|\"[^\"，。；！？]{1,10}\""
)
CLAUSE_BREAK = re.compile(r"[，,。；;：:！!？?\n…]")


@functools.cache
def time_fallback() -> re.Pattern[str]:
    """Years, dates and durations in any written form; quantities never overlap these spans."""
    cn = re.escape(cn_chars())
    digits = "〇零一二三四五六七八九两"
    tn = rf"(?:(?<![\d.])\d+(?:\.\d+)?|(?<![{cn}])[{digits}十百千几]+)(?:[多余来])?"
    return re.compile(
        r"(?<!\d)\d{4}(?:—{1,2}|[–\-~至到])\d{4}年"
        rf"|(?<![\d{digits}])(?:\d{{2,4}}|[{digits}]{{2,4}})年(?:\d{{1,2}}月(?:\d{{1,2}}[日号])?)?"
        r"|(?<!\d)\d{1,2}月\d{1,2}[日号]"
        rf"|(?<![{digits}十])[{digits}十]{{1,3}}月[{digits}十]{{1,3}}[日号]"
        r"|(?<!\d)\d{1,2}分\d{1,2}秒(?:\d{1,3})?"
        rf"|{tn}个?半?(?:{'|'.join(map(_time_unit, time_units()))})"
        r"(?:以来|来|前|后|间|内)?"
    )


def _time_unit(word: str) -> str:
    """A time unit that does not begin a currency name: 日 but not the 日 of 10日元."""
    rests = [
        u[len(word) :]
        for u, row in vocab.units().items()
        if u.startswith(word) and len(u) > len(word) and row.dimension == "currency"
    ]
    return f"{word}(?!{alternation(rests)})" if rests else word
