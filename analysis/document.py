"""The structured document: articles, sections, paragraphs and sentences with raw offsets.

Built by ``analysis.load`` (read → clean → structure). Every unit keeps the raw spans it came
from, so a number in a figure can be traced to the sentence and to the bytes of the seed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.sentences import split_sentences
from analysis.textmap import MappedText


@dataclass(slots=True)
class Unit:
    """A piece of repaired text and where it came from in the raw file."""

    text: str
    raw_spans: list[tuple[int, int]]
    mapped: MappedText = field(repr=False)

    @property
    def raw_start(self) -> int:
        return self.raw_spans[0][0] if self.raw_spans else 0

    @property
    def raw_end(self) -> int:
        return self.raw_spans[-1][1] if self.raw_spans else 0

    @classmethod
    def from_mapped(cls, mapped: MappedText, raw: str) -> Unit:
        return cls(mapped.text, mapped.raw_spans(raw), mapped)


@dataclass(slots=True)
class Sentence:
    """A sentence; ``index`` counts sentences within its article.

    It keeps its paragraph's character map and its offset in it (``mapped`` is a view made
    on demand): a page of 300,000 sentences holds no per-sentence copy of offsets.
    """

    text: str
    raw_spans: list[tuple[int, int]]
    source: MappedText = field(repr=False)
    offset: int = 0
    index: int = 0
    paragraph: int = 0
    section: int = 0

    @property
    def mapped(self) -> MappedText:
        """The sentence's characters with their raw spans."""
        return self.source.view(self.offset, self.offset + len(self.text))

    @property
    def raw_start(self) -> int:
        return self.raw_spans[0][0] if self.raw_spans else 0

    @property
    def raw_end(self) -> int:
        return self.raw_spans[-1][1] if self.raw_spans else 0


@dataclass(slots=True)
class Paragraph(Unit):
    index: int = 0
    section: int = 0
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Section:
    """A numbered part of an article (一、… or （一）…); index 0 is the text before the first
    marker. ``level`` is 1 for a section, 2 for a subsection (（一） under 一、)."""

    index: int
    label: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    level: int = 1

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class Article:
    """One article of the page, in reading order."""

    index: int
    title: str | None
    subtitle: str | None
    byline: str | None
    dateline: str | None
    sections: list[Section]
    raw_spans: list[tuple[int, int]]
    heading_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    speaker: str | None = None
    #: The title and subtitle as units of their own (``index`` -1 and -2): tokens from them
    #: are marked ``headline`` in the token table, never glued into sentence 0.
    headlines: list[Sentence] = field(default_factory=list)
    #: Page furniture (发布时间 / 来源 / 编辑 lines) and picture captions: kept, not body text.
    chrome: list[Unit] = field(default_factory=list)
    captions: list[Unit] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for s in self.sections for p in s.paragraphs]

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    @property
    def text(self) -> str:
        """The body in reading order, paragraphs separated by line breaks."""
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def raw_start(self) -> int:
        return min(s for s, _ in self.raw_spans)

    @property
    def raw_end(self) -> int:
        return max(e for _, e in self.raw_spans)


@dataclass
class Document:
    """A loaded text file: raw text, repaired text, corrections log, articles and date."""

    path: Path
    raw: str
    encoding: str
    articles: list[Article]
    correction_rows: list[dict[str, object]]
    #: The reference date of relative time expressions, and the cue that fixed it: "given",
    #: "dateline", "stamp", "title_line", "anniversary", "latest_explicit"; None: not found
    #: (pass ``reference_date=`` to ``load``). ``date_note`` says how, in words.
    date: dt.date | None = None
    date_method: str | None = None
    date_note: str = ""
    id: str | None = None  # the id a corpus source gave (kept as given); else the file's stem

    @functools.cached_property
    def corrections(self) -> pd.DataFrame:
        """The corrections log, one row per repair or flag, sorted by raw position.

        Built on first use: a corpus run that never looks at it skips the DataFrame.
        """
        from analysis.cleaning import corrections_frame

        return corrections_frame(self.correction_rows)

    @property
    def doc_id(self) -> str:
        return self.id if self.id is not None else self.path.stem

    @property
    def text(self) -> str:
        """The repaired page in reading order: each article's headings and body."""
        parts = []
        for a in self.articles:
            head = [x for x in (a.title, a.subtitle, a.speaker, a.byline) if x]
            tail = [a.dateline] if a.dateline else []
            parts.append("\n".join([*head, a.text, *tail]))
        return "\n\n".join(parts)

    @property
    def sentences(self) -> pd.DataFrame:
        """One row per sentence: doc, article, section, paragraph, sentence, text, raw offsets."""
        rows = [
            {
                "doc": self.doc_id,
                "article": a.index,
                "section": s.section,
                "paragraph": s.paragraph,
                "sentence": s.index,
                "text": s.text,
                "raw_start": s.raw_start,
                "raw_end": s.raw_end,
                "raw_spans": s.raw_spans,
            }
            for a in self.articles
            for s in a.sentences
        ]
        return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)

    def locate(self, table: pd.DataFrame) -> pd.DataFrame:
        """Add ``expr_raw_start``/``expr_raw_end``: raw offsets of each row's span.

        ``table`` has ``article``, ``sentence`` and ``start``/``end`` offsets into that
        sentence's text (as the timeline and quantity tables do); repairs inside the sentence
        are accounted for, so ``raw[expr_raw_start:expr_raw_end]`` is the span as scraped.
        """
        sentences = {(a.index, s.index): s for a in self.articles for s in a.sentences}
        keys = zip(
            table["article"].tolist(),
            table["sentence"].tolist(),
            table["start"].tolist(),
            table["end"].tolist(),
            strict=True,
        )  # column lists, not itertuples: this runs once per document on a corpus
        spans = [sentences[(int(a), int(s))].mapped.raw_span(int(b), int(e)) for a, s, b, e in keys]
        out = table.copy()
        out["expr_raw_start"] = [s for s, _ in spans]
        out["expr_raw_end"] = [e for _, e in spans]
        return out

    @property
    def summary(self) -> pd.DataFrame:
        """Per-article statistics: title, sections, paragraphs, sentences, characters."""
        return pd.DataFrame(
            [
                {
                    "doc": self.doc_id,
                    "article": a.index,
                    "title": a.title,
                    "dateline": a.dateline,
                    "sections": len(a.sections),
                    "paragraphs": len(a.paragraphs),
                    "sentences": len(a.sentences),
                    "characters": sum(len(p.text) for p in a.paragraphs),
                    "han_characters": sum(_han(p.text) for p in a.paragraphs),
                }
                for a in self.articles
            ],
            columns=SUMMARY_COLUMNS,
        )


SUMMARY_COLUMNS = [
    "doc",
    "article",
    "title",
    "dateline",
    "sections",
    "paragraphs",
    "sentences",
    "characters",
    "han_characters",
]

#: Where a row of an analysis table comes from: document, article, section, sentence and the
#: sentence's raw offsets (shared by the timeline's events and the quantities' indicators).
LOCATION_COLUMNS = ["doc", "article", "section", "sentence", "raw_start", "raw_end"]

SENTENCE_COLUMNS = [
    "doc",
    "article",
    "section",
    "paragraph",
    "sentence",
    "text",
    "raw_start",
    "raw_end",
    "raw_spans",
]


def _han(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def build_headline(mapped: MappedText, raw: str, index: int) -> Sentence:
    """A title or subtitle as a unit of its own (``index`` -1: title, -2: subtitle)."""
    text = mapped.text.strip()
    lead = len(mapped.text) - len(mapped.text.lstrip())
    spans = mapped.raw_spans(raw, lead, lead + len(text))
    return Sentence(text, spans, mapped, lead, index=index, paragraph=-1, section=0)


def build_paragraph(
    mapped: MappedText, raw: str, index: int, section: int, first_sentence: int
) -> Paragraph:
    """A paragraph and its sentences (numbered from ``first_sentence``)."""
    para = Paragraph(mapped.text, mapped.raw_spans(raw), mapped, index=index, section=section)
    for k, (s, e) in enumerate(split_sentences(mapped.text)):
        para.sentences.append(
            Sentence(
                mapped.text[s:e],
                mapped.raw_spans(raw, s, e),
                mapped,
                s,
                index=first_sentence + k,
                paragraph=index,
                section=section,
            )
        )
    return para


@dataclass
class Corpus:
    """Several documents, iterable, with a summary table."""

    documents: list[Document]

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def __getitem__(self, i: int) -> Document:
        return self.documents[i]

    @property
    def summary(self) -> pd.DataFrame:
        """One row per article of every document, with the document's encoding and date."""
        frames = []
        for d in self.documents:
            f = d.summary
            f.insert(1, "encoding", d.encoding)
            f.insert(2, "date", d.date.isoformat() if d.date else None)
            frames.append(f)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    @property
    def sentences(self) -> pd.DataFrame:
        frames = [d.sentences for d in self.documents]
        return (
            pd.concat(frames, ignore_index=True)
            if frames
            else pd.DataFrame(columns=SENTENCE_COLUMNS)
        )
