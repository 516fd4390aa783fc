"""Every time rule's own examples (input, reference date, surface, value), run as one test each;
the time tables load and reject bad rows; no rule matches the empty string."""

from __future__ import annotations

import re

import pytest

from analysis import timeline
from analysis.lang.tables import Column, Schema, TableError, parse_table
from analysis.time import lexicon
from analysis.time.engine import RULES

EXAMPLES = [(rule.name, ex) for rule in RULES for ex in rule.examples]


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[f"{n}:{e.text}" for n, e in EXAMPLES])
def test_rule_example(name, example) -> None:
    df = timeline.extract(example.text, example.ref, detect=False)
    found = dict(zip(df["text"], df["value"], strict=True))
    assert example.surface in found, f"{name}: {example.surface!r} not found in {found}"
    assert found[example.surface] == example.value


def test_every_rule_has_examples_and_a_unique_name() -> None:
    assert all(rule.examples for rule in RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_no_rule_matches_the_empty_string(rule) -> None:
    assert re.compile(rule.pattern).match("") is None


def test_time_tables_load() -> None:
    assert lexicon.relative_words()["次日"]["anchor"] == "previous"
    assert lexicon.weekdays()["末"] == (6, 7)
    assert lexicon.eras()["民国"] == 1912
    assert lexicon.holidays()["中秋节"]["calendar"] == "lunar"
    assert len(lexicon.solar_terms()) == 24
    assert lexicon.dayparts()["下午"]["clock"] == "pm"
    assert lexicon.windows()["未来"] == "future"


def test_a_holiday_row_without_its_day_is_refused() -> None:
    row = {"calendar": "lunar", "month": 8, "day": None, "term": None, "nth": None, "weekday": None}
    assert lexicon._holiday_problem(row) == "calendar lunar needs day"
    bad = {"calendar": "solar_term", "term": "清明节", "month": None, "day": None}
    assert lexicon._holiday_problem(bad | {"nth": None, "weekday": None}) == (
        "unknown solar term '清明节'"
    )


def test_a_misspelt_calendar_names_file_and_line() -> None:
    demo = Schema((Column("name"), Column("calendar", choices=("gregorian", "lunar"))))
    with pytest.raises(TableError, match=r"holidays.tsv:2: calendar 'gregorain' not one of"):
        parse_table(["name\tcalendar", "元旦\tgregorain"], demo, "holidays.tsv")
