"""Layout rules: repairs that need the page's articles (line breaks, displaced blocks).

``repair_layout`` walks each article's body; at a paragraph without sentence-final
punctuation it tries the layout rules in registry order (a word cut by the break, a sentence
resumed after a displaced block, a sentence cut by the break), and flags the paragraph when
none applies. Each rule is one function ``(body, i, page) -> bool`` (True: it joined
something, look at paragraph ``i`` again). Displaced blocks are placed once all articles are
repaired, each into the most similar nearby article (linear in the number of articles).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from analysis.repairs.log import Row, span_row
from analysis.repairs.registry import rule, rules
from analysis.structure import ArticleBlocks, Block
from analysis.tokens import dictionary_cut

# A paragraph ending in one of these is complete; anything else was cut by the layout.
CLOSERS = "”’」』）)]"  # closing quotes and brackets after a sentence end
TERMINAL = re.compile(f"[。！？!?…；;：:][{re.escape(CLOSERS)}]*$|[”’」』]$")
FRAGMENT_MAX = 20  # a displaced sentence's tail is short and has no clause breaks
SEARCH_WINDOW = 15  # how many paragraphs ahead a sentence's tail may have been pushed
PLACE_WINDOW = 8  # how many articles before and after the host a displaced block may go to


@dataclass(slots=True)
class Page:
    """What the layout rules share: the raw text, the log, the blocks waiting to be placed."""

    raw: str
    articles: list[ArticleBlocks]
    host: int = 0
    rows: list[Row] = field(default_factory=list)
    moves: list[tuple[list[Block], int, Row]] = field(default_factory=list)


def is_complete(text: str) -> bool:
    """``TERMINAL.search(text)``, searched from where a match can start: the last character
    before the text's closing quotes and brackets (a search from the start tries every
    sentence end of a long paragraph before failing or reaching the end)."""
    core = text[:-1] if text.endswith("\n") else text  # ``$`` matches before a final \n
    return TERMINAL.search(text, max(0, len(core.rstrip(CLOSERS)) - 1)) is not None


def _gap(a: Block, b: Block) -> tuple[int, int]:
    return a.mapped.ends[-1], b.mapped.starts[0]


def _word_spans(left: str, right: str) -> bool:
    """Whether a dictionary word runs across the join of ``left`` and ``right``.

    ``_word_spans("各项社", "会事业")`` is True (社会); ``("创造", "全国")`` is False.
    """
    a, b = left[-4:], right[:4]
    pos = 0
    for word in dictionary_cut(a + b):
        if pos < len(a) < pos + len(word):
            return True
        pos += len(word)
    return False


def _is_fragment(text: str) -> bool:
    return (
        len(text) <= FRAGMENT_MAX and not re.search(r"[，,；;：:、“]", text) and is_complete(text)
    )


@rule(
    "line_break_in_word",
    "layout",
    "a page break inside a word (社|会)",
    [("社会发展方面，各项社\n\n会事业不断推进。", "社会发展方面，各项社会事业不断推进。")],
)
def line_break_in_word(body: list[Block], i: int, page: Page) -> bool:
    cur, nxt = body[i], body[i + 1]
    if nxt.kind != "body" or not _word_spans(cur.text, nxt.text):
        return False
    note = f"{cur.text[-2:]}|{nxt.text[:2]}: a word spans the break"
    page.rows.append(span_row(page.raw, _gap(cur, nxt), "", "line_break_in_word", note))
    cur.mapped = cur.mapped + nxt.mapped
    del body[i + 1]
    return True


@rule(
    "broken_sentence_rejoined",
    "layout",
    "a sentence cut by a block the layout dropped into it is rejoined; the block "
    "(`displaced_block`) moves to the most similar nearby article",
    [
        (
            "一任接着一任干，创造\n\n会议在银川召开。\n\n出人类减贫史上的奇迹。",
            "一任接着一任干，创造出人类减贫史上的奇迹。\n会议在银川召开。",
        )
    ],
)
def broken_sentence_rejoined(body: list[Block], i: int, page: Page) -> bool:
    """…创造 | [block] | 出人类减贫史上的奇迹。: the block interrupts the sentence."""
    j = next(
        (
            k
            for k in range(i + 2, min(len(body), i + 2 + SEARCH_WINDOW))
            if body[k].kind == "body" and _is_fragment(body[k].text)
        ),
        None,
    )
    if j is None or not all(b.kind == "body" for b in body[i + 1 : j]):
        return False
    cur, block, frag = body[i], body[i + 1 : j], body[j]
    note = f"{cur.text[-4:]}|{frag.text[:6]}: sentence resumes after a {len(block)}-paragraph block"
    page.rows.append(span_row(page.raw, _gap(cur, block[0]), "", "broken_sentence_rejoined", note))
    span = (block[0].mapped.starts[0], block[-1].mapped.ends[-1])
    note = f"{len(block)} paragraphs interrupting a sentence"
    row = span_row(page.raw, span, "", "displaced_block", note)
    page.rows.append(row)
    cur.mapped = cur.mapped + frag.mapped
    del body[i + 1 : j + 1]
    if len(page.articles) == 1:
        body[i + 1 : i + 1] = block  # nowhere else to go: after the sentence
        row["note"] += "; single article, block kept after the rejoined sentence"
    else:
        page.moves.append((block, page.host, row))
    return True


@rule(
    "line_break_in_sentence",
    "layout",
    "a line break inside a sentence (the paragraph has no final punctuation)",
    [("乡村振兴取得了新的进展和\n\n明显成效。", "乡村振兴取得了新的进展和明显成效。")],
)
def line_break_in_sentence(body: list[Block], i: int, page: Page) -> bool:
    cur, nxt = body[i], body[i + 1]
    if nxt.kind != "body" or len(cur.text) <= 10:
        return False
    note = "paragraph lacks sentence-final punctuation; joined"
    page.rows.append(span_row(page.raw, _gap(cur, nxt), "", "line_break_in_sentence", note))
    cur.mapped = cur.mapped + nxt.mapped
    del body[i + 1]
    return True


@rule(
    "no_final_punctuation",
    "flag",
    "a paragraph without sentence-final punctuation (flagged only)",
    [("短段落\n\n（一）\n\n正文。", "短段落\n正文。")],
)
def no_final_punctuation(body: list[Block], i: int, page: Page) -> bool:
    cur = body[i]
    note = "paragraph without sentence-final punctuation; kept"
    page.rows.append(
        span_row(page.raw, cur.mapped.raw_span(), cur.text, "no_final_punctuation", note, False)
    )
    return False


@rule(
    "unbalanced_quotes",
    "flag",
    "a paragraph whose quotation marks or brackets do not pair up (flagged only)",
    [("他说：“我们到了。", "他说：“我们到了。")],
)
def unbalanced_quotes(blocks: list[Block], raw: str) -> list[Row]:
    """Flag paragraphs whose quotation marks or brackets do not pair up (no change)."""
    rows = []
    for b in blocks:
        for left, right in (("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）")):
            nl, nr = b.text.count(left), b.text.count(right)
            if nl != nr:
                note = f"{nl}×{left} vs {nr}×{right}; kept"
                rows.append(
                    span_row(raw, b.mapped.raw_span(), b.text, "unbalanced_quotes", note, False)
                )
                break
    return rows


def repair_layout(articles: list[ArticleBlocks], raw: str, *, flags: bool = True) -> list[Row]:
    """Run the layout rules over every article's body; place displaced blocks; flag quotes
    (``flags=False``: no quote flags, for a caller that keeps only the text)."""
    page = Page(raw, articles)
    joins: list = []  # the rules, listed at the first paragraph that needs them (few do)
    for host, art in enumerate(articles):
        page.host, body, i = host, art.body, 0
        while i < len(body):
            cur = body[i]
            if cur.kind != "body" or i + 1 >= len(body) or is_complete(cur.text):
                i += 1
                continue
            joins = joins or [r.fn for r in rules("layout")] + [no_final_punctuation]
            if not any(fn(body, i, page) for fn in joins):
                i += 1
    if page.moves:
        profiles = [_profile(a) for a in articles]
        for block, host, row in page.moves:
            row["note"] += _place_block(articles, profiles, block, host)
    if not flags:
        return page.rows
    return page.rows + unbalanced_quotes([b for a in articles for b in a.body], raw)


def _bigrams(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def _profile(article: ArticleBlocks) -> tuple[Counter[str], float]:
    counts = Counter[str]()
    for b in article.body:
        counts.update(_bigrams(b.text))
    return counts, sum(v * v for v in counts.values()) ** 0.5


def _place_block(
    articles: list[ArticleBlocks],
    profiles: list[tuple[Counter[str], float]],
    block: list[Block],
    host: int,
) -> str:
    """Insert ``block`` at the start of the most similar nearby article; say where and why.

    Similarity: cosine of character-bigram counts (language-independent, no tokenizer),
    computed against each article's profile, built once: the cost is the block's length
    times ``2 * PLACE_WINDOW`` articles, whatever the number of articles on the page.
    """
    mine = _bigrams("".join(b.text for b in block))
    norm = sum(v * v for v in mine.values()) ** 0.5
    lo, hi = max(0, host - PLACE_WINDOW), min(len(articles), host + PLACE_WINDOW + 1)
    others = []
    for k in range(lo, hi):
        if k == host:
            continue
        counts, other_norm = profiles[k]
        dot = sum(mine[g] * counts[g] for g in mine.keys() & counts.keys())
        others.append((k, dot / (norm * other_norm) if norm and other_norm else 0.0))
    target, _ = max(others, key=lambda kv: (kv[1], -kv[0]))
    articles[target].body[0:0] = block
    scores = ", ".join(f"article {k}: {s:.3f}" for k, s in others)
    return (
        f"; moved to the start of article {target}'s body (character-bigram similarity "
        f"{scores}; placement is a judgement call)"
    )
