"""The 49 State Council government work reports (1954–2017) in ../shared: every one loads,
is dated by its subtitle line (——1998年3月5日在…), and its sections (一、二、…) are found.

The files stay in ../shared (never copied here); without them the tests are skipped. The
expected date and section labels are read from each file by these tests' own simple rules
(the first ——line's first date; short 一、 lines), not typed in by hand.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from pathlib import Path

import pytest

import analysis

REPORTS = Path(__file__).parents[1] / ".." / "shared" / "corpora" / "government_work_reports"
FILES = sorted(REPORTS.glob("*.txt")) if REPORTS.is_dir() else []
SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}、[^。]{1,30}$")


def _norm(line: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", line))


def _subtitle_date(raw: str) -> dt.date:
    line = next(_norm(x) for x in raw.splitlines() if _norm(x).startswith(("——", "--")))
    y, m, d = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", line).groups()
    return dt.date(int(y), int(m), int(d))


@pytest.fixture(scope="module")
def reports() -> dict[str, analysis.Document]:
    if not FILES:
        pytest.skip("../shared not available (the government work reports corpus)")
    return {p.name: analysis.load(p) for p in FILES}


def test_all_49_reports_load(reports) -> None:
    assert len(reports) == 49
    assert all(doc.articles and doc.sentences.shape[0] > 50 for doc in reports.values())


def test_each_report_is_dated_by_its_subtitle_line(reports) -> None:
    for name, doc in reports.items():
        expected = _subtitle_date(doc.raw)
        assert (name, doc.date, doc.date_method) == (name, expected, "title_line")
        assert doc.date.year == int(name[:4])  # the file name's year agrees


def test_each_report_has_title_subtitle_and_speaker(reports) -> None:
    other_speaker = []
    for name, doc in reports.items():
        first = doc.articles[0]
        assert first.title and "报告" in first.title, name
        assert first.subtitle and first.subtitle.startswith(("——", "－－")), name
        assert first.speaker and re.search("(总理|主任)", first.speaker), name
        if not first.speaker.endswith(Path(name).stem.split("_")[1]):
            other_speaker.append((name[:4], first.speaker))
    # The 1991 file holds the plan report (delivered by the planning commission's head, and
    # twice: two articles), not the premier's report its name suggests.
    assert other_speaker == [("1991", "国务委员兼国家计划委员会主任邹家华")]


def test_sections_are_found_in_order(reports) -> None:
    with_sections = 0
    for name, doc in reports.items():
        expected = [_norm(x) for x in doc.raw.splitlines() if SECTION.match(_norm(x))]
        found = iter(_norm(s.label) for a in doc.articles for s in a.sections if s.label)
        assert all(label in found for label in expected), name  # a subsequence, in order
        with_sections += bool(expected)
    assert with_sections >= 35


def test_character_repairs_never_overlap(reports) -> None:
    from analysis.repairs.registry import rules

    names = [r.name for r in rules("character")]
    for doc in reports.values():
        log = doc.corrections
        changed = log[log.changed & (log.raw_end > log.raw_start) & log.rule.isin(names)]
        spans = sorted(zip(changed.raw_start, changed.raw_end, strict=True))
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
