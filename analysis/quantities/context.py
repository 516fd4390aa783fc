"""Whose figure, about when, and how meant (stage: analyse): ``subject``, ``refers_to`` and
``modality`` of every quantity of a sentence table, in ``indicator_table``.

- ``subject``: the place, organisation or person nearest before the number in its clause
  (宁夏9个贫困县 → 宁夏), else the first of its part of the sentence (after the last ；/：),
  else the sentence's first one before it; empty when the text names none.
- ``refers_to``: the time the figure is about: the nearest time expression before it in its
  sentence (a comparison base 比1980年 is skipped), else the year of the section heading that
  dates the paragraph (一、2016年工作回顾), else the document's year.
- ``modality``: actual unless a cue of ``modality.tsv`` says target / plan / forecast /
  comparison_base (预期目标, 计划, 预计, 比2015年的…).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pandas as pd

from analysis.document import LOCATION_COLUMNS
from analysis.entities import DEFAULT_ENGINE, Entity, entities
from analysis.quantities import vocab, when
from analysis.quantities.candidates import compact
from analysis.quantities.extractor import COLUMNS, extract_records
from analysis.quantities.wordtokens import tokens

INDICATOR_COLUMNS = [
    *LOCATION_COLUMNS,
    *[c for c in COLUMNS if c != "sentence"],
    "year",
    "refers_to",
    "subject",
    "modality",
    "human",
    "sentence_text",
]
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[部章节])"
)
_NO_SUBJECT = "no subject found"
_LOCATIVE = {"在", "于", "赴", "到", "从", "向"}
_WINDOW = 120  # characters before a number that subject and modality cues are looked for in
_OPENING = 12  # the longest opening clause that dates a paragraph (过去一年, 2007年上半年)


def heading_year(text: str) -> str | None:
    """The year a heading dates its section by: 一、2016年工作回顾 → 2016; other text → None."""
    t = text.strip()
    if len(t) > 40 or t[-1:] in "。！？；" or not (_HEADING.match(t) or len(t) <= 20):
        return None
    m = re.search(r"(?<!\d)([12]\d{3})年", compact(t).text)
    return m.group(1) if m else None


def subject(
    norm: str, start: int, found: list[Entity], indicator: str = ""
) -> tuple[str | None, str]:
    """Nearest actor before ``start`` in its clause, else the first of its sentence part (after
    the last ；/：), else the first of the sentence; and a note.

    ``found`` are the sentence's entities (``analysis.entities``, any engine) with offsets in
    ``norm``. Skipped: names of one character (闽), places where something happened, the
    source of the news (记者从省统计局获悉), and a "name" that is a word of the indicator itself
    (余震 of 余震次数, 新建 of 新建场馆: the dictionary tags some common words as names).
    """
    clause_start = max(norm.rfind(ch, 0, start) for ch in "，,；;：:") + 1
    floor = max(0, start - _WINDOW)
    actors = [
        e
        for e in found
        if floor <= e.start
        and e.end <= start
        and len(e.text) > 1
        and e.text not in indicator
        and not _locative(norm, e, found, start)
        and not _source(norm, e, start)
    ]
    near = [e for e in actors if e.start >= clause_start]
    if near:
        return near[-1].text, ""
    part = [e for e in actors if e.start >= _part_start(norm, start)]
    if part or actors:
        return (part or actors)[0].text, ""
    return None, _NO_SUBJECT


def _part_start(norm: str, start: int) -> int:
    """Where the sentence part of ``start`` begins: after the last semicolon or colon before
    it. A part's topic outranks the sentence's (…2600亿元；而地处西部的宁夏，地区生产总值只有
    202.9亿元 is 宁夏's; 以培训育人：…闽宁…超8万人次: a lead-in before a colon names no actor)."""
    return max(norm.rfind(ch, 0, start) for ch in "；;：:") + 1


def _source(norm: str, e: Entity, start: int) -> bool:
    """记者从[省统计局]获悉: a source verb later in the entity's clause marks where the news
    comes from."""
    clause_end = min([i for i in (norm.find(ch, e.end) for ch in "，,；;：:") if i >= 0] or [start])
    between = norm[e.end : min(clause_end, start)]
    return any(word in between for word in vocab.cue_words("source"))


def _locative(norm: str, e: Entity, found: list[Entity], start: int) -> bool:
    """在福建工作期间就5次出席: a place after 在/于 that a predicate separates from the number
    is where something happened, not whose figure it is (在宁夏隆德等5个县 stays 宁夏's)."""
    if e.start == 0 or norm[e.start - 1] not in _LOCATIVE:
        return False
    between = list(norm[e.end : start])
    for other in found:
        if e.end <= other.start and other.end <= start:
            between[other.start - e.end : other.end - e.end] = [""] * (other.end - other.start)
    return any(ch and ch not in "等的、和及" for ch in between)


@functools.cache
def _cues() -> tuple[dict[str, str], dict[str, str], re.Pattern[str] | None]:
    sentence, clause, adjacent = {}, {}, []
    for word, (modality, scope) in vocab.modality_cues().items():
        if scope == "sentence":
            sentence[word] = modality
        elif scope == "clause":
            clause[word] = modality
        else:
            adjacent.append(word)
    words = "|".join(sorted(adjacent, key=len, reverse=True))
    # 占比约26%: a word that ends in a cue (not_base) is no cue
    exempt = "".join(
        f"(?<!{re.escape(w[: -len(c)])})"
        for w in sorted(vocab.cue_words("not_base"))
        for c in adjacent
        if w.endswith(c) and len(w) > len(c)
    )
    near = re.compile(rf"{exempt}(?:{words})(?:[^，。；！？]{{0,12}}?的)?$") if words else None
    return sentence, clause, near


def _achieved(norm: str, at: int, clause_start: int) -> bool:
    """A ``done`` verb (完成) up to four characters before the cue at ``at``, in its clause:
    完成年度计划的117% reports what was achieved, not a plan."""
    before = norm[max(clause_start, at - 6) : at]
    return any(w in before for w in vocab.cue_words("done"))


def _clause_start(norm: str, start: int) -> int:
    """Where the clause of the figure at ``start`` begins; a clause that opens with a
    ``continues`` word (，比上年减少200亿元) goes on with the clause before it (not across ；)."""
    begin = max(norm.rfind(ch, 0, start) for ch in "，,；;") + 1
    while begin > 0 and norm[begin - 1] in "，," and _continues(norm, begin):
        begin = max(norm.rfind(ch, 0, begin - 1) for ch in "，,；;") + 1
    return begin


def _continues(norm: str, begin: int) -> bool:
    """Whether the clause at ``begin`` opens with a ``continues`` word, perhaps after a
    ``continues_joiner`` (，同时增加8亿元)."""
    opens = vocab.cue_words("continues")
    starts = [begin] + [
        begin + len(j) for j in vocab.cue_words("continues_joiner") if norm.startswith(j, begin)
    ]
    return any(norm.startswith(w, at) for at in starts for w in opens)


def modality(norm: str, start: int) -> str:
    """actual / target / plan / forecast / comparison_base of the figure at ``start``.

    The nearest cue before the number wins; a one-character cue (将, 拟) counts only as a word
    of its own (将近 is a qualifier, not a plan); a cue followed by 了 reports what was done
    (提出了5部法律议案), not a target.
    """
    sentence, clause, near = _cues()
    if near is not None and near.search(norm[max(0, start - 16) : start]):
        return "comparison_base"
    floor = max(0, start - _WINDOW)
    clause_start = _clause_start(norm, start)
    words = None
    best, where, width = "actual", -1, 0
    cues = sorted([*sentence.items(), *clause.items()], key=lambda c: len(c[0]) == 1)
    for cue, found in cues:  # word cues first: 预计…将达到 is a forecast
        at = norm.rfind(cue, floor, start)
        if at < 0 or at <= where or (cue in clause and cue not in sentence and at < clause_start):
            continue
        if norm[at + len(cue) : at + len(cue) + 1] == "了" or _achieved(norm, at, clause_start):
            continue
        if len(cue) == 1:
            words = words or {t.start for t in tokens(norm, floor, start) if len(t.text) == 1}
            if at not in words or (where >= clause_start and best != "actual"):
                continue  # 预计…将达到: the word cue of the clause wins over 将
        best, where, width = found, at, len(cue)
    if best in ("plan", "target") and _already(norm, max(where + width, clause_start), start):
        return "actual"
    return best


def _already(norm: str, begin: int, end: int) -> bool:
    """An ``already`` word (已, 已经) in ``norm[begin:end]``, as a word of its own that opens
    the figure's predicate: 其中已开工建设93个 is what was done. After a verb or a preposition
    it only describes a noun (计划改造已建成小区120个, 对已脱贫村庄投入…): still planned."""
    words = vocab.cue_words("already")
    if not any(w in norm[begin:end] for w in words):
        return False
    toks = tokens(norm, begin, end)
    for k, t in enumerate(toks):
        if t.text in words and not (k and toks[k - 1].pos[:1] in ("v", "p")):
            return True
    return False


def _rows_of(
    rec: dict[str, Any], reference_date: Any, fallback: str | None, engine: str, by_doc: bool
) -> list[dict]:
    """The quantities of one sentence with their context; ``fallback`` dates a figure the
    sentence does not date (``by_doc``: it is the document's year, no heading's or paragraph's)."""
    text = rec.get("text")
    if not isinstance(text, str) or not text:
        return []
    found = extract_records(text)
    if not found:
        return []
    times = when.sentence_times(text, reference_date)
    doc_year = _year_of(reference_date)
    norm = compact(text)
    names = entities(norm.text, engine=engine)
    rows = []
    for q in found:
        at = norm.index(int(q["start"]))
        row = {k: rec.get(k) for k in LOCATION_COLUMNS}
        row |= {k: q[k] for k in COLUMNS if k != "sentence"}
        value, stated = when.refers_to(times, int(q["start"]), text, fallback)
        if stated:  # 2018年…年均增长7.1% after 过去五年: the period 2014/2018
            value = when.average_period(times, int(q["start"]), text, value, fallback)
        # a year the sentence states (a period's last: 2025 of 1996/2025)
        year = (value[-4:] if when.is_period(value) else value[:4]) if value and stated else ""
        row["year"] = int(year) if year.isdigit() else None
        row["refers_to"] = value
        row["subject"], note = subject(norm.text, at, names, q["indicator"] or "")
        row["modality"] = modality(norm.text, at)
        if row["modality"] == "actual" and _future(value, doc_year):
            row["modality"] = "target"  # 到2025年…稳定在1400亿斤以上 in a 2024 text
        elif row["modality"] == "actual" and by_doc and not stated:  # 比上年增长6.3%, March
            row["refers_to"] = when.completed_year(text, int(q["start"]), value, reference_date)
        row["review"] = "; ".join(x for x in (q["review"], note) if x)
        row["human"] = q["text"]
        row["sentence_text"] = text
        rows.append(row)
    return rows


def section_headings(doc: Any) -> dict[tuple[Any, Any, Any], str]:
    """``(doc, article, section) → heading`` of a loaded Document (一、2014年工作回顾)."""
    return {
        (doc.doc_id, a.index, s.index): s.label for a in doc.articles for s in a.sections if s.label
    }


def indicator_table(
    sentences: pd.DataFrame | Any,
    reference_date: Any = None,
    *,
    headings: dict[tuple[Any, Any, Any], str] | None = None,
    entity_engine: str = DEFAULT_ENGINE,
) -> pd.DataFrame:
    """Quantities of every sentence of the loader's sentence table (or of a loaded Document:
    its sentences, date and section headings), with their context.

    Adds ``year`` (a year the sentence states) and ``refers_to`` (the time the figure is
    about: the sentence's time, else the year of its section heading from ``headings``
    (``section_headings(doc)``) or of a heading-like line, else the reference date's year),
    ``subject``, ``modality``, ``human`` (the figure as written: 超万元 stays 超万元) and
    ``sentence_text``; ``review`` also says when no subject was found. ``entity_engine``
    chooses who finds the names a subject is picked from (``analysis.entities``: the
    dictionary's tags by default, ``"lac"`` for Baidu LAC).
    """
    if hasattr(sentences, "sentences") and hasattr(sentences, "date"):  # a loaded Document
        doc = sentences
        sentences, reference_date = doc.sentences, reference_date or doc.date
        headings = section_headings(doc) if headings is None else headings
    elif not isinstance(sentences, pd.DataFrame):
        kind = type(sentences).__name__
        raise TypeError(f"indicator_table takes a Document or its sentence table, not {kind}")
    rows: list[dict] = []
    doc_year = _year_of(reference_date)
    current: tuple[Any, Any] | None = None
    section_year: str | None = None
    paragraph: tuple[Any, ...] | None = None
    paragraph_time: str | None = None
    for rec in sentences.to_dict("records"):
        key = (rec.get("doc"), rec.get("article"))
        if key != current:
            current, section_year = key, None
        here = (*key, rec.get("section"), rec.get("paragraph"))
        if here != paragraph:
            paragraph, paragraph_time = here, None
        text = rec.get("text")
        label = (headings or {}).get((rec.get("doc"), rec.get("article"), rec.get("section")))
        year = heading_year(label) if label else None
        year = year or (heading_year(text) if isinstance(text, str) else None)
        section_year = year or (section_year if not label else None)
        fallback = paragraph_time or section_year or doc_year
        by_doc = not (paragraph_time or section_year)
        rows += _rows_of(rec, reference_date, fallback, entity_engine, by_doc)
        paragraph_time = _opening_time(text, reference_date) or paragraph_time
    table = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    for col in ("qualifier", "year", "subject", "refers_to", "direction", "dimension"):
        table[col] = pd.Series([r[col] for r in rows], dtype=object, index=table.index)
    return table


def _opening_time(text: Any, reference_date: Any) -> str | None:
    """The time a sentence opens with (2007年，… / 过去一年，…): it dates the rest of its
    paragraph (过去一年，我们…。全省地区生产总值增长7.1% → 2018 in a 2019 report)."""
    if not isinstance(text, str):
        return None
    lead = re.split(r"[，,：:。；;]", text, maxsplit=1)[0]
    if len(lead) > _OPENING or "年" not in lead:
        return None
    return when.sentence_times(lead, reference_date).last


def _future(value: str | None, doc_year: str | None) -> bool:
    """A single year after the document's own: the figure cannot be an actual."""
    return bool(value and doc_year and not when.is_period(value) and value[:4] > doc_year)


def _year_of(reference_date: Any) -> str | None:
    if reference_date is None:
        return None
    text = str(reference_date)
    return text[:4] if re.match(r"[12]\d{3}", text) else None
