"""``load`` and ``load_corpus``: the pipeline's entry point (read → clean → structure).

``load(path)`` returns a ``Document`` whose every unit traces back to the raw file, with the
corrections log of every repair. ``load_corpus`` does the same for a folder, a glob, a list of
files or a table of articles.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from analysis import cleaning, structure
from analysis.dating import as_date, find_reference_date
from analysis.document import (
    Article,
    Corpus,
    Document,
    Section,
    Unit,
    build_headline,
    build_paragraph,
)
from analysis.reading import TextFileError, read_text
from analysis.repairs.layout import repair_layout
from analysis.sources import TEXT_SUFFIXES, Item, iter_sources, read_item
from analysis.textmap import MappedText, PlainText

__all__ = [
    "TEXT_SUFFIXES",
    "document_from_item",
    "document_from_text",
    "load",
    "load_corpus",
    "repaired_articles",
    "text_only_articles",
]


def load(path: str | Path, *, reference_date: dt.date | str | None = None) -> Document:
    """Read, repair and structure one text file.

    ``reference_date`` (ISO string or date) overrides the date detected from the text
    (``doc.date_method == "given"``); leave it None to detect.

    >>> doc = load(SEED)  # doctest: +SKIP
    >>> [a.title for a in doc.articles]  # doctest: +SKIP
    ['习近平总书记关心推动闽宁协作三十年启示录', '山海携手共赴振兴新征程']
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"load: give the path of a text file, not {path!r}")
    path = Path(path)
    raw, encoding = read_text(path)
    return document_from_text(raw, path=path, encoding=encoding, reference_date=reference_date)


def document_from_text(
    raw: str,
    *,
    path: str | Path = "<text>",
    encoding: str = "str",
    reference_date: dt.date | str | None = None,
) -> Document:
    """Build a ``Document`` from an already decoded string (tests, notebooks, other sources).

    Stages, each handing the next a finished result: character repairs → lines and articles
    → layout repairs → document → reference date. An unexpected error in a stage (a bug)
    is raised as ``TextFileError`` naming the text and the rule or stage.
    """
    given = _given_date(reference_date, path) if raw.strip() else None
    groups, rows = repaired_articles(raw, path=path, build=_article)
    articles = groups  # ``build`` made each group an ``Article``
    doc = Document(Path(path), raw, encoding, articles, rows)  # type: ignore[arg-type]
    if given:
        doc.date, doc.date_method, doc.date_note = given, "given", "reference_date argument"
    else:
        # the repaired page, headings included, and the page's chrome (发布时间 …)
        chrome = "\n".join(u.text for a in articles for u in a.chrome)
        found = find_reference_date(f"{chrome}\n{doc.text}" if chrome else doc.text)
        doc.date, doc.date_method, doc.date_note = found.date, found.method, found.note
    return doc


def repaired_articles(
    raw: str,
    *,
    path: str | Path = "<text>",
    build: Callable[..., Any] | None = None,
    log: bool = True,
) -> tuple[list[Any], list[dict[str, object]]]:
    """The first stages of ``document_from_text``: character repairs → lines and articles →
    layout repairs. Returns the articles' blocks (or ``build(k, blocks, raw)`` of each) and
    the corrections rows. ``path`` names the text in errors (made a ``Path`` only then, as
    the messages always showed it).

    ``log=False``: the blocks ``text_only_articles`` gives for this one text (no rows).
    """
    if not log:
        if build is not None:
            raise ValueError("a text-only pass has no raw offsets to build a document from")
        (found,) = text_only_articles([raw], [path])
        if isinstance(found, TextFileError):
            raise found
        return found, []
    _check_not_empty(raw, path)
    try:
        mapped, rows = cleaning.clean_rows(raw)
    except cleaning.RepairError as exc:
        raise _repair_failed(path, exc) from exc
    built, layout_rows = _structured(mapped, raw, path, log=True, build=build)
    return built, rows + layout_rows


def text_only_articles(
    raws: list[str], paths: list[str | Path]
) -> list[list[structure.ArticleBlocks] | TextFileError]:
    """The articles' blocks ``repaired_articles`` gives for each text, or the error it raises
    for that text, without the corrections log and without raw offsets (the blocks hold
    ``textmap.PlainText``, the repaired text without a character map): the corpus counting
    path needs the body's text only.

    The character pass runs over all the texts at once (``cleaning.clean_texts``), then each
    text is structured; a bad text is its error in place, the others go on.
    """
    out: list[Any] = [None] * len(raws)
    todo = []
    for k, raw in enumerate(raws):
        try:
            _check_not_empty(raw, paths[k])
            todo.append(k)
        except TextFileError as exc:
            out[k] = exc
    for k, text in zip(todo, cleaning.clean_texts([raws[k] for k in todo]), strict=True):
        try:
            if isinstance(text, cleaning.RepairError):
                raise _repair_failed(paths[k], text) from text
            out[k] = _structured(PlainText(text), text, paths[k], log=False)[0]
        except TextFileError as exc:
            out[k] = exc
    return out


def _check_not_empty(raw: str, path: str | Path) -> None:
    if not raw.strip():
        raise TextFileError(f"{Path(path)}: the text is empty (no text to analyse)")


def _repair_failed(path: str | Path, exc: cleaning.RepairError) -> TextFileError:
    return TextFileError(f"{Path(path)}: {exc}; please report this with the file")


def _structured(
    mapped: MappedText | PlainText,
    raw: str,
    path: str | Path,
    *,
    log: bool,
    build: Callable[..., Any] | None = None,
) -> tuple[list[Any], list[dict[str, object]]]:
    """Lines → articles → layout repairs (their rows if ``log``) → ``build`` of each article;
    a bug in any of them is raised as ``TextFileError`` naming the text."""
    try:
        groups = structure.group_articles(structure.classify(structure.split_blocks(mapped)))
        rows = repair_layout(groups, raw, flags=log)
        built = [build(k, g, raw) for k, g in enumerate(groups)] if build else groups
    except Exception as exc:  # a bug in a layout stage: name the text, never a bare error
        raise TextFileError(
            f"{Path(path)}: layout stage failed ({type(exc).__name__}: {exc}); please report this"
        ) from exc
    return built, rows if log else []


def _given_date(value: dt.date | str | None, path: str | Path) -> dt.date | None:
    try:
        return as_date(value)
    except ValueError as exc:
        raise TextFileError(f"{path}: {exc}") from None


def _sections(g: structure.ArticleBlocks, raw: str) -> list[Section]:
    """The body's paragraphs under their sections; （一） is a subsection under 一、."""
    has_top = any(b.kind == "section" and _is_top_section(b.text) for b in g.body)
    sections = [Section(0, None)]
    n_para = n_sent = 0
    for block in g.body:
        if block.kind in ("section", "subsection"):
            level = 2 if has_top and not _is_top_section(block.text) else 1
            sections.append(Section(len(sections), block.text.strip(), level=level))
            continue
        sec = sections[-1]
        para = build_paragraph(block.mapped, raw, n_para, sec.index, n_sent)
        n_para += 1
        n_sent += len(para.sentences)
        sec.paragraphs.append(para)
    if len(sections) > 1 and not sections[0].paragraphs:
        sections = sections[1:]  # no text before the first marker (indices kept)
    return sections


def _is_top_section(text: str) -> bool:
    return "、" in text.strip()[:4]


def _article(index: int, g: structure.ArticleBlocks, raw: str) -> Article:
    sections = _sections(g, raw)
    spans = sorted({sp for b in g.body for sp in b.mapped.raw_spans(raw)})
    headings = {
        name: getattr(g, name).mapped.raw_spans(raw)
        for name in ("title", "subtitle", "byline", "dateline", "speaker")
        if getattr(g, name)
    }
    headlines = [
        build_headline(b.mapped, raw, k) for k, b in ((-1, g.title), (-2, g.subtitle)) if b
    ]
    return Article(
        index=index,
        title=g.title.text.strip() if g.title else None,
        subtitle=g.subtitle.text.strip() if g.subtitle else None,
        byline=g.byline.text.strip() if g.byline else None,
        dateline=g.dateline.text.strip() if g.dateline else None,
        sections=sections,
        raw_spans=spans or [(0, 0)],
        heading_spans=headings,
        speaker=g.speaker.text.strip() if g.speaker else None,
        headlines=headlines,
        chrome=[Unit.from_mapped(b.mapped, raw) for b in g.chrome],
        captions=[Unit.from_mapped(b.mapped, raw) for b in g.captions],
    )


def document_from_item(item: Item, *, max_bytes: int | None = None) -> Document:
    """Read (unless the text is given), repair and structure one corpus item, keeping its id
    as given; a table's ``date`` becomes the reference date. Raises ``TextFileError`` naming
    the source (a bad row, a missing, unreadable, oversized, empty or binary file)."""
    raw, encoding = read_item(item, max_bytes=max_bytes)
    given = dt.date.fromisoformat(item.date) if item.date else None
    doc = document_from_text(
        raw, path=Path(item.path or item.id), encoding=encoding, reference_date=given
    )
    doc.id = item.id
    if given:
        doc.date_method, doc.date_note = "given", f"date column of {item.source}"
    return doc


def load_corpus(source: str | Path | Iterable[str | Path]) -> Corpus:
    """Load every article of a folder (sorted by name), a glob, a list of paths, or a CSV /
    JSONL / Parquet file with one article per row (``text``; optional ``id``, ``date``,
    ``title``), all in memory.

    For corpora larger than memory, ``analysis.corpus.analyse_corpus`` streams the same
    sources batch by batch and reports bad inputs instead of raising. Here the first input
    that cannot be read raises ``TextFileError`` naming it (a source matching nothing too).
    """
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.exists() and not any(ch in str(source) for ch in "*?["):
            raise TextFileError(f"{path}: no such file or folder")
    return Corpus([document_from_item(item) for item in iter_sources(source)])
