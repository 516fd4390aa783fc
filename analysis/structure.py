"""Page layout → articles (stage: repair → **structure** → layout repairs → document).

A page is a sequence of lines. Each line gets a kind from its own cues, whatever the page's
family: wire copy (新华社成都3月5日电, 本报讯, （记者 …）), online pages (发布时间 / 来源 /
编辑 / 阅读量 chrome lines, image captions, 图片来源), official reports and speeches (title,
——date subtitle line, speaker line, 一、 sections, （一） subsections) and plain text. Lines
are then grouped into articles: a title opens one, and so does every dateline that finds an
article already under way (several reports on one page). The cue words are in
``analysis/data/layout_cues.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.cues import alternation, is_heading_like
from analysis.textmap import MappedText, PlainText

_CN_NUM = "一二三四五六七八九十"
SECTION_MARKER = re.compile(rf"^[{_CN_NUM}]{{1,3}}、.{{0,40}}$|^[（(][{_CN_NUM}]{{1,3}}[）)]$")
SUBSECTION_MARKER = re.compile(rf"^[（(][{_CN_NUM}]{{1,3}}[）)][^。！？]{{1,40}}$")
_AGENCY = alternation("agency")
BYLINE = re.compile(
    rf"^[○〇●◎]|^(?:{_AGENCY})?(?:特约|特約)?(?:记者|記者|通讯员|通訊員)[\s\S]{{0,30}}$"
)
DATELINE = re.compile(rf"^[（(](?:{_AGENCY})[^（）()]{{0,20}}?(?:电|讯|電|訊)[）)]$")
DATELINE_PREFIX = re.compile(
    rf"^(?:(?:{_AGENCY})[^\s，。（(]{{0,12}}?\d{{1,2}}月\d{{1,2}}日(?:电|讯|電|訊)"
    rf"|(?:{alternation('wire_open')}))"
    r"(?:\s*[（(](?:记者|記者)[^）)]{0,30}[）)])?"
)
SUBTITLE = re.compile(r"^(?:——|—|－－|--)")
CHROME = re.compile(rf"(?:^|[\s|｜丨])(?:{alternation('chrome')})\s*[：:]")
BUTTONS = re.compile(rf"^(?:(?:{alternation('chrome')})\s*[|｜丨/]?\s*){{2,}}$")
CAPTION = re.compile(rf"^(?:[（(]?(?:{alternation('caption')}))|^[（(]?[^。]{{0,30}}摄[）)]?$")
SPEAKER = re.compile(
    rf"^[^\s，。：]{{0,14}}?(?:{alternation('speaker_title')})\s*[\u4e00-\u9fff·]{{2,4}}$"
)
HEADINGS = ("title", "subtitle", "byline", "dateline", "speaker")
_SENTENCE_END = re.compile(r"[。！？；!?;]")  # a title-like line has none


@dataclass(slots=True)  # slots: made and read per line, cheaper without a __dict__
class Block:
    """One line of the page (a paragraph candidate) and what kind of line it is."""

    mapped: MappedText | PlainText  # PlainText on a text-only pass (``loading``)
    kind: str = "body"  # title, subtitle, byline, dateline, speaker, section, subsection,
    #                     chrome, caption, body

    @property
    def text(self) -> str:
        return self.mapped.text


@dataclass(slots=True)
class ArticleBlocks:
    """The blocks of one article, before they become an ``Article``."""

    title: Block | None = None
    subtitle: Block | None = None
    byline: Block | None = None
    dateline: Block | None = None
    speaker: Block | None = None
    body: list[Block] = field(default_factory=list)
    chrome: list[Block] = field(default_factory=list)
    captions: list[Block] = field(default_factory=list)


def split_blocks(mapped: MappedText | PlainText) -> list[Block]:
    """Non-empty lines of ``mapped`` as blocks (views of its offsets: no copy)."""
    blocks, pos = [], 0
    for line in mapped.text.split("\n"):
        if line.strip():
            blocks.append(Block(mapped.view(pos, pos + len(line))))
        pos += len(line) + 1
    return blocks


def line_kind(text: str) -> str:
    """The kind of one line from its own shape and cue words (no neighbours)."""
    t = text.strip()
    if SECTION_MARKER.match(t):
        return "section"
    if SUBSECTION_MARKER.match(t):
        return "subsection"
    if DATELINE.match(t):
        return "dateline"
    if len(t) <= 120 and (CHROME.search(t) or BUTTONS.match(t)):
        return "chrome"
    if len(t) <= 80 and CAPTION.match(t):
        return "caption"
    if len(t) <= 40 and BYLINE.match(t) and "。" not in t:  # the length first: cheaper
        return "byline"
    if len(t) <= 80 and SUBTITLE.match(t):
        return "subtitle"
    if len(t) <= 30 and SPEAKER.match(t):
        return "speaker"
    return "body"


def classify(blocks: list[Block]) -> list[Block]:
    """Set each block's kind from its shape, then find titles from their neighbours."""
    for b in blocks:
        b.kind = line_kind(b.text)
    for i in range(len(blocks) - 1, -1, -1):  # backwards: a title's next line is decided
        b = blocks[i]
        if b.kind != "body" or not _title_like(b.text):
            continue
        nxt = next((x for x in blocks[i + 1 :] if x.kind not in ("chrome", "caption")), None)
        before = blocks[i - 1].kind if i else "start"
        if nxt is None:
            continue
        opens_wire = nxt.kind == "body" and DATELINE_PREFIX.match(nxt.text)
        if nxt.kind in ("title", "subtitle", "byline", "speaker") or opens_wire:
            b.kind = "title"
        elif is_heading_like(b.text) and before in ("start", "chrome") and _over_longer(b, nxt):
            b.kind = "title"  # a short first line over a longer paragraph: the headline
    return blocks


def _title_like(text: str) -> bool:
    """A line that may be a headline above a heading line: short, no sentence end (a
    slogan title keeps its comma: 团结起来，为建设社会主义的现代化强国而奋斗)."""
    t = text.strip()
    return len(t) <= 40 and not _SENTENCE_END.search(t)


def _over_longer(b: Block, nxt: Block) -> bool:
    return nxt.kind == "body" and len(nxt.text) > 2 * len(b.text)


def group_articles(blocks: list[Block]) -> list[ArticleBlocks]:
    """Group classified blocks into articles.

    A title opens an article; so does a paragraph opening with a dateline (新华社…电) when
    the current article already has a body or a dateline. Headings after the body has begun
    are body text (a quoted 记者 line), except chrome and captions, which are never body.
    """
    articles: list[ArticleBlocks] = []
    current = ArticleBlocks()
    for b in blocks:
        started = bool(current.body or current.dateline)
        if b.kind == "title" and _only_title(current):
            # a two-line headline (引题 + 主题: 1998年政府工作报告 / 关于…的报告) is one title
            current.title = Block(MappedText.join([current.title.mapped, b.mapped], " "), "title")
            continue
        if b.kind == "title" or (
            b.kind == "body" and started and DATELINE_PREFIX.match(b.text) and current.body
        ):
            if current.title or current.body:
                articles.append(current)
            current = ArticleBlocks(title=b) if b.kind == "title" else ArticleBlocks()
            if b.kind == "title":
                continue
        if b.kind == "chrome":
            current.chrome.append(b)
        elif b.kind == "caption":
            current.captions.append(b)
        elif b.kind == "dateline" and (current.dateline is None or not current.body):
            current.dateline = b
        elif b.kind in HEADINGS and getattr(current, b.kind) is None and not current.body:
            setattr(current, b.kind, b)
        else:
            if b.kind in HEADINGS:
                b.kind = "body"
            current.body.append(b)
    if current.title or current.body or not articles:
        articles.append(current)
    for art in articles:
        _split_dateline_prefix(art)
    return articles


def _only_title(art: ArticleBlocks) -> bool:
    """An article with a title and nothing else yet."""
    heads = (art.subtitle, art.byline, art.dateline, art.speaker)
    return art.title is not None and not art.body and not any(heads)


def _split_dateline_prefix(art: ArticleBlocks) -> None:
    """新华社成都3月5日电（记者张三）正文… : the dateline opens the first paragraph."""
    first = next((b for b in art.body if b.kind == "body"), None)
    m = DATELINE_PREFIX.match(first.text) if first else None
    if not (first and m and art.dateline is None):
        return
    text = first.text
    rest = len(text) - len(text[m.end() :].lstrip())  # the body after the dateline's spaces
    art.dateline = Block(first.mapped.view(0, m.end()), "dateline")  # views: no copies
    first.mapped = first.mapped.view(rest, len(text))
    if not first.text.strip():  # the dateline was a line of its own
        art.body.remove(first)
