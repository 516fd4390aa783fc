"""Page layout → articles in reading order (stage: clean → **structure** → tokenize).

A scraped newspaper page is a sequence of lines: titles, subtitles, bylines (○新华社记者),
datelines (（新华社北京6月17日电）), section markers (（一）) and body paragraphs. This module
classifies the lines, groups them into articles, repairs line breaks that cut a word or a
sentence, and moves a block that the page layout dropped into another article's sentence back
to the article it belongs to. Every repair is returned as a corrections-log row.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from analysis.cleaning import is_heading_like
from analysis.textmap import MappedText
from analysis.tokens import dictionary_cut

_CN_NUM = "一二三四五六七八九十"
SECTION_MARKER = re.compile(rf"^[（(]?[{_CN_NUM}]{{1,3}}[）)]$|^[{_CN_NUM}]{{1,3}}、.{{0,30}}$")
BYLINE = re.compile(
    r"^[○〇●◎]|^(?:本报|本報|新华社|新華社|中新社|人民日报|人民日報)?(?:特约|特約)?(?:记者|記者)[\s\S]{0,30}$"
)
DATELINE = re.compile(r"^[（(](?:新华社|本报|中新社|新华网|人民网)[^（）()]{0,20}?(?:电|讯)[）)]$")
DATELINE_PREFIX = re.compile(
    r"^(?:(?:新华社|新華社|本报|本報|中新社|中新网|新华网|人民网|人民日报|人民日報)"
    r"[^\s，。（(]{0,12}?\d{1,2}月\d{1,2}日(?:电|讯|電|訊)|(?:本报讯|本報訊|新华网讯|人民网讯))"
    r"(?:[（(](?:记者|記者)[^）)]{0,30}[）)])?"
)
SUBTITLE = re.compile(r"^(?:——|—|－－|--)")
# A paragraph ending in one of these is complete; anything else was cut by the layout.
TERMINAL = re.compile(r"[。！？!?…；;：:][”’」』）)\]]*$|[”’」』]$")
FRAGMENT_MAX = 20  # a displaced sentence's tail is short and has no clause breaks
SEARCH_WINDOW = 15  # how many paragraphs ahead a sentence's tail may have been pushed


@dataclass
class Block:
    """One line of the page (a paragraph candidate) and what kind of line it is."""

    mapped: MappedText
    kind: str = "body"  # title, subtitle, byline, dateline, section, body

    @property
    def text(self) -> str:
        return self.mapped.text


@dataclass
class ArticleBlocks:
    """The blocks of one article, before they become an ``Article``."""

    title: Block | None = None
    subtitle: Block | None = None
    byline: Block | None = None
    dateline: Block | None = None
    body: list[Block] = field(default_factory=list)


def split_blocks(mapped: MappedText) -> list[Block]:
    """Non-empty lines of ``mapped`` as blocks (offsets kept)."""
    blocks, pos = [], 0
    for line in mapped.text.split("\n"):
        if line.strip():
            blocks.append(Block(mapped[pos : pos + len(line)]))
        pos += len(line) + 1
    return blocks


def classify(blocks: list[Block]) -> list[Block]:
    """Set each block's kind from its shape and its neighbours."""
    for b in blocks:
        t = b.text.strip()
        if SECTION_MARKER.match(t):
            b.kind = "section"
        elif DATELINE.match(t):
            b.kind = "dateline"
        elif BYLINE.match(t) and len(t) <= 40 and "。" not in t:
            b.kind = "byline"
        elif SUBTITLE.match(t) and len(t) <= 80:
            b.kind = "subtitle"
    for i, b in enumerate(blocks):
        if b.kind != "body" or not is_heading_like(b.text):
            continue
        after = [x.kind for x in blocks[i + 1 : i + 3]]
        before = blocks[i - 1].kind if i else "start"
        if i == 0 and after and after[0] == "body" and len(blocks[1].text) > 2 * len(b.text):
            b.kind = "title"  # a short first line over a longer paragraph: the headline
            continue
        if (after and after[0] in ("subtitle", "byline")) or (
            before in ("start", "dateline")
            and after
            and (after[0] == "body" and DATELINE_PREFIX.match(blocks[i + 1].text))
        ):
            b.kind = "title"
    return blocks


def group_articles(blocks: list[Block]) -> list[ArticleBlocks]:
    """Group classified blocks into articles: a title opens one, a dateline may close it."""
    articles: list[ArticleBlocks] = []
    current = ArticleBlocks()
    for b in blocks:
        if b.kind == "title":
            if current.title or current.body:
                articles.append(current)
            current = ArticleBlocks(title=b)
        elif b.kind == "subtitle" and current.subtitle is None and not current.body:
            current.subtitle = b
        elif b.kind == "byline" and current.byline is None and not current.body:
            current.byline = b
        elif b.kind == "dateline":
            current.dateline = b
        else:
            if b.kind in ("subtitle", "byline"):
                b.kind = "body"
            current.body.append(b)
    if current.title or current.body or not articles:
        articles.append(current)
    for art in articles:
        first = next((b for b in art.body if b.kind == "body"), None)
        m = DATELINE_PREFIX.match(first.text) if first else None
        if first and m and art.dateline is None:
            # 新华社成都3月5日电（记者张三）正文… : the dateline opens the first paragraph
            art.dateline = Block(first.mapped[: m.end()], "dateline")
            first.mapped = first.mapped[m.end() :]
            if not first.text.strip():  # the dateline was a line of its own
                art.body.remove(first)
    return articles


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
        len(text) <= FRAGMENT_MAX
        and not re.search(r"[，,；;：:、“]", text)
        and bool(TERMINAL.search(text))
    )


def _similarity(a: str, b: str) -> float:
    """Cosine similarity of character bigram counts (language-independent, no tokenizer)."""
    ca = Counter(a[i : i + 2] for i in range(len(a) - 1))
    cb = Counter(b[i : i + 2] for i in range(len(b) - 1))
    dot = sum(ca[k] * cb[k] for k in ca.keys() & cb.keys())
    norm = (sum(v * v for v in ca.values()) * sum(v * v for v in cb.values())) ** 0.5
    return dot / norm if norm else 0.0


def _row(
    raw: str, span: tuple[int, int], after: str, rule: str, note: str, changed: bool = True
) -> dict[str, object]:
    return {
        "raw_start": span[0],
        "raw_end": span[1],
        "before": raw[span[0] : span[1]],
        "after": after,
        "rule": rule,
        "changed": changed,
        "note": note,
    }


def _gap(a: Block, b: Block) -> tuple[int, int]:
    return a.mapped.ends[-1], b.mapped.starts[0]


def repair_breaks(articles: list[ArticleBlocks], raw: str) -> list[dict[str, object]]:
    """Join paragraphs cut by line breaks; move displaced blocks to their article.

    A body paragraph without sentence-final punctuation was cut. If a dictionary word spans
    the cut (各项社|会事业), the next paragraph continues it. Otherwise, if a short clause-less
    fragment follows within ``SEARCH_WINDOW`` paragraphs (…创造 | [block] | 出人类减贫史上的
    奇迹。), the paragraphs in between are a block displaced by the layout: the sentence is
    rejoined and the block moves to the start of the body of the most similar other article.
    """
    rows: list[dict[str, object]] = []
    moves: list[tuple[list[Block], int, dict[str, object]]] = []
    for host_index, art in enumerate(articles):
        body = art.body
        i = 0
        while i < len(body):
            cur = body[i]
            if cur.kind != "body" or TERMINAL.search(cur.text) or i + 1 >= len(body):
                i += 1
                continue
            nxt = body[i + 1]
            if nxt.kind == "body" and _word_spans(cur.text, nxt.text):
                rows.append(
                    _row(
                        raw,
                        _gap(cur, nxt),
                        "",
                        "line_break_in_word",
                        f"{cur.text[-2:]}|{nxt.text[:2]}: a word spans the break",
                    )
                )
                cur.mapped = cur.mapped + nxt.mapped
                del body[i + 1]
                continue
            j = next(
                (
                    k
                    for k in range(i + 2, min(len(body), i + 2 + SEARCH_WINDOW))
                    if body[k].kind == "body" and _is_fragment(body[k].text)
                ),
                None,
            )
            if j is not None and all(b.kind == "body" for b in body[i + 1 : j]):
                block = body[i + 1 : j]
                frag = body[j]
                start, end = block[0].mapped.starts[0], block[-1].mapped.ends[-1]
                rows.append(
                    _row(
                        raw,
                        _gap(cur, block[0]),
                        "",
                        "broken_sentence_rejoined",
                        f"{cur.text[-4:]}|{frag.text[:6]}: sentence resumes after a "
                        f"{len(block)}-paragraph block",
                    )
                )
                row = _row(
                    raw,
                    (start, end),
                    "",
                    "displaced_block",
                    f"{len(block)} paragraphs interrupting a sentence",
                )
                rows.append(row)
                cur.mapped = cur.mapped + frag.mapped
                del body[i + 1 : j + 1]
                if len(articles) == 1:
                    body[i + 1 : i + 1] = block  # nowhere else to go: after the sentence
                    row["note"] += "; single article, block kept after the rejoined sentence"
                else:
                    moves.append((block, host_index, row))
                continue
            if nxt.kind == "body" and len(cur.text) > 10:
                rows.append(
                    _row(
                        raw,
                        _gap(cur, nxt),
                        "",
                        "line_break_in_sentence",
                        "paragraph lacks sentence-final punctuation; joined",
                    )
                )
                cur.mapped = cur.mapped + nxt.mapped
                del body[i + 1]
                continue
            rows.append(
                _row(
                    raw,
                    cur.mapped.raw_span(),
                    cur.text,
                    "no_final_punctuation",
                    "paragraph without sentence-final punctuation; kept",
                    False,
                )
            )
            i += 1
    for block, host_index, row in moves:
        row["note"] += _place_block(articles, block, host_index)
    return rows


def _place_block(articles: list[ArticleBlocks], block: list[Block], host_index: int) -> str:
    """Insert ``block`` at the start of the most similar other article; say where and why."""
    text = "".join(b.text for b in block)
    others = [
        (k, _similarity(text, "".join(b.text for b in a.body)))
        for k, a in enumerate(articles)
        if k != host_index
    ]
    target, _ = max(others, key=lambda kv: (kv[1], -kv[0]))
    articles[target].body[0:0] = block
    scores = ", ".join(f"article {k}: {s:.3f}" for k, s in others)
    return (
        f"; moved to the start of article {target}'s body (character-bigram similarity "
        f"{scores}; placement is a judgement call)"
    )


def unbalanced_quote_rows(blocks: list[Block], raw: str) -> list[dict[str, object]]:
    """Flag paragraphs whose quotation marks or brackets do not pair up (no change)."""
    rows = []
    for b in blocks:
        for left, right in (("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）")):
            nl, nr = b.text.count(left), b.text.count(right)
            if nl != nr:
                rows.append(
                    _row(
                        raw,
                        b.mapped.raw_span(),
                        b.text,
                        "unbalanced_quotes",
                        f"{nl}×{left} vs {nr}×{right}; kept",
                        False,
                    )
                )
                break
    return rows
