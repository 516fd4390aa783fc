"""``load`` and ``load_corpus``: the pipeline's entry point (read → clean → structure).

``load(path)`` returns a ``Document`` whose every unit traces back to the raw file, with the
corrections log of every repair. ``load_corpus`` does the same for a folder, a glob, a list of
files or a table of articles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from analysis import cleaning, structure
from analysis.document import Article, Corpus, Document, Section, build_paragraph
from analysis.reading import TextFileError, read_text
from analysis.timeline import detect_reference_date

TEXT_SUFFIXES = (".txt", ".text", ".md")


def load(path: str | Path, *, reference_date: dt.date | str | None = None) -> Document:
    """Read, repair and structure one text file.

    >>> doc = load(SEED)  # doctest: +SKIP
    >>> [a.title for a in doc.articles]  # doctest: +SKIP
    ['习近平总书记关心推动闽宁协作三十年启示录', '山海携手共赴振兴新征程']
    """
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

    ``reference_date`` (ISO string or date) overrides the detected one (``date_method``
    "given")."""
    if not raw.strip():
        raise TextFileError(f"{path}: the text is empty (no text to analyse)")
    mapped, log = cleaning.clean_rows(raw)
    blocks = structure.classify(structure.split_blocks(mapped))
    groups = structure.group_articles(blocks)
    rows = structure.repair_breaks(groups, raw)
    articles = [_article(k, g, raw) for k, g in enumerate(groups)]
    rows += structure.unbalanced_quote_rows([b for g in groups for b in g.body], raw)
    doc = Document(Path(path), raw, encoding, articles, log + rows)
    # The reference date for relative time expressions: the timeline's own detector, run on
    # the repaired page with its headings (datelines included).
    if reference_date is not None:
        given = reference_date if isinstance(reference_date, dt.date) else None
        doc.date = given or dt.date.fromisoformat(str(reference_date))
        doc.date_method = "given"
    else:
        doc.date, doc.date_method = detect_reference_date(doc.text)
    return doc


def _article(index: int, g: structure.ArticleBlocks, raw: str) -> Article:
    sections = [Section(0, None)]
    n_sent = 0
    for block in g.body:
        if block.kind == "section":
            sections.append(Section(len(sections), block.text.strip()))
            continue
        sec = sections[-1]
        para = build_paragraph(
            block.mapped, raw, sum(len(s.paragraphs) for s in sections), sec.index, n_sent
        )
        n_sent += len(para.sentences)
        sec.paragraphs.append(para)
    if len(sections) > 1 and not sections[0].paragraphs:
        sections = sections[1:]
    spans = sorted({sp for b in g.body for sp in b.mapped.raw_spans(raw)})
    headings = {
        name: getattr(g, name).mapped.raw_spans(raw)
        for name in ("title", "subtitle", "byline", "dateline")
        if getattr(g, name)
    }
    return Article(
        index=index,
        title=g.title.text.strip() if g.title else None,
        subtitle=g.subtitle.text.strip() if g.subtitle else None,
        byline=g.byline.text.strip() if g.byline else None,
        dateline=g.dateline.text.strip() if g.dateline else None,
        sections=sections,
        raw_spans=spans or [(0, 0)],
        heading_spans=headings,
    )


def load_corpus(source: str | Path | Iterable[str | Path]) -> Corpus:
    """Load every article of a folder (sorted by name), a glob, a list of paths, or a CSV /
    JSONL / Parquet file with one article per row (``text``; optional ``id``, ``date``,
    ``title``), all in memory.

    For corpora larger than memory, ``analysis.corpus.analyse_corpus`` streams the same
    sources batch by batch. A file that cannot be read raises ``TextFileError`` naming it.
    """
    from analysis.corpus import iter_sources, load_item  # corpus builds on this module

    if isinstance(source, str | Path):
        path = Path(source)
        if not path.exists() and not any(ch in str(source) for ch in "*?["):
            raise TextFileError(f"{path}: no such file or folder")
    documents = [load_item(item) for item in iter_sources(source)]
    if not documents:
        raise TextFileError(f"{source}: no text files ({', '.join(TEXT_SUFFIXES)}) in it")
    return Corpus(documents)
