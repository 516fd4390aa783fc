"""Tokens of a sentence for the quantity rules, and numerals that are part of a longer word
(stage: analyse; read by ``indicators`` and ``extractor``).

Tokens and tags are the project tokenizer's (``tokens.segment``: one tag table for both
engines), computed once per sentence and extraction.
"""

from __future__ import annotations

import bisect

from analysis.entities import name_kind
from analysis.quantities import patterns, vocab
from analysis.quantities.candidates import Quantity
from analysis.sentences import sentence_index, split_sentences
from analysis.tokens import Token, segment


def tokens(norm: str, start: int, end: int) -> list[Token]:
    """Tokens of ``norm[start:end]`` with the tokenizer's tags and offsets in ``norm``; a word
    tagged as a name that ``entities`` takes for no name (jieba's nr 农村居民 and 夏粮, ns 城市)
    is tagged a noun, so it can be part of what a figure measures (农村居民人均收入)."""
    out: list[Token] = []
    rate = vocab.cue_words("rate_suffix")
    for w, p, s, e in segment(norm[start:end]):
        if p in _NAME_TAGS and name_kind(w, p) is None:
            p = "n"
        elif w in rate and out and out[-1].pos in _RATE_OF and out[-1].end == s + start:
            prev = out.pop()  # 机收 + 率 → 机收率: the rate of what the noun names, not 率领
            out.append(Token(prev.text + w, "n", prev.start, e + start))
            continue
        out.append(Token(w, p, s + start, e + start))
    return out


_RATE_OF = frozenset({"n", "vn", "nz", "l", "j"})  # tags of the noun a rate suffix follows


_NAME_TAGS = frozenset({"nr", "nrfg", "ns"})  # the tags of common nouns jieba calls names


def sentence_tokens(norm: str, span: tuple[int, int], cache: dict) -> list[Token]:
    """Tokens of one sentence span, computed once per extraction (``cache`` keyed by span)."""
    if span not in cache:
        cache[span] = tokens(norm, *span)
    return cache[span]


def drop_word_internal(norm: str, qs: list[Quantity], tokens_of: dict) -> list[Quantity]:
    """Drop Chinese-numeral quantities inside a longer word (六盘山, 一成不变, 统一个)."""
    keep = []
    spans = split_sentences(norm) or [(0, len(norm))]
    cache: dict[int, tuple[list[int], list[Token]]] = {}
    deictic = vocab.number_words("deictic")
    for q in qs:
        if q.start and norm[q.start - 1] in deictic and _lone_one(norm, q.start):
            continue  # 比上一届: the previous one, no count of one (世界上八十六个 is)
        first_char = norm[q.start : q.end].lstrip("约近超逾上数多不足到少于大小高低最至过")
        if not first_char or first_char[0].isdigit() or q.pass_ == 0:
            keep.append(q)
            continue
        si = max(sentence_index(spans, q.start), 0)
        if si not in cache:
            toks = sentence_tokens(norm, spans[si], tokens_of)
            cache[si] = ([t.start for t in toks], toks)
        starts, toks = cache[si]
        at = _num_start(norm, q)
        j = bisect.bisect_right(starts, at) - 1
        first = toks[j] if 0 <= j < len(toks) and toks[j].start <= at < toks[j].end else None
        if (
            first is not None
            and first.pos not in ("m", "mq", "q", "x", "t")
            and (first.start < q.start or first.end > q.end)
        ):
            continue
        keep.append(q)
    return keep


def _lone_one(norm: str, at: int) -> bool:
    """一 at ``at`` is the whole number (一届, not 一百零八个)."""
    after = norm[at + 1 : at + 2]
    return norm.startswith("一", at) and not (after.isdigit() or after in patterns.cn_chars())


def _num_start(norm: str, q: Quantity) -> int:
    i = q.start
    chars = patterns.cn_chars()
    while i < q.end and norm[i] not in chars and not norm[i].isdigit():
        i += 1
    return i
