"""The registry of repair rules: each a small named function with its examples.

A rule is registered with ``@rule(name, stage, summary, examples)``. Character rules take the
text and return ``Edit`` values; they run in registry order, each on the output of the one
before, so no two rules ever edit the same span. A character rule may name a ``trigger``, a
character class with a character of every text it changes, and a ``changes`` function (its
changing edits without its flags): the text-only pass (``cleaning.clean_text``) skips a rule
whose trigger is absent and calls ``changes`` where there is one. Layout rules run on the
page's articles (``repairs.layout``). Examples are ``(input, expected)`` pairs run as a
parametrised test (``tests/test_cleaning.py``), and the README's repair table is
``repair_table()``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from re import Pattern
from typing import Any

STAGES = ("character", "layout", "flag")


@dataclass(frozen=True)
class Rule:
    """A named repair: what it fixes, its function and its examples."""

    name: str
    stage: str
    summary: str
    examples: tuple[tuple[str, str], ...]
    fn: Callable[..., Any]
    trigger: Pattern[str] | None = None  # a class: in every text the rule changes
    changes: Callable[[str], Any] | None = None  # the changing edits only (no flags)
    prepare: Callable[[list[str]], None] | None = None  # shared work for a pass over texts
    beside: Pattern[str] | None = None  # a class: next to a trigger character in such texts


RULES: list[Rule] = []


def rule(
    name: str,
    stage: str,
    summary: str,
    examples: list[tuple[str, str]],
    *,
    trigger: str | None = None,
    changes: Callable[[str], Any] | None = None,
    prepare: Callable[[list[str]], None] | None = None,
    beside: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the rule ``name`` (order of registration = order
    of running within its stage).

    ``trigger``: a character class (``[...]``) with a character of every text in which the
    rule changes something (flags aside); ``changes``: a function giving exactly the rule's
    edits that change the text; ``prepare``: called with the texts of a pass over many texts
    before the rule meets them (work done once for all), and with ``[]`` after; ``beside``
    (with a trigger): a character class with a character next to a trigger character in
    every such text, a text's start and end counting as line breaks (``repairs.gates``).
    They only let a text-only pass skip or share work.
    """
    for what, cls in (("trigger", trigger), ("beside", beside)):
        if cls is not None and not (cls.startswith("[") and cls.endswith("]")):
            raise ValueError(f"rule {name}: a {what} is a character class, not {cls!r}")
    if beside is not None and trigger is None:
        raise ValueError(f"rule {name}: beside needs a trigger")
    if stage not in STAGES:
        raise ValueError(f"rule {name}: unknown stage {stage!r}")

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        if any(r.name == name for r in RULES):
            raise ValueError(f"rule {name} registered twice")
        found = re.compile(trigger) if trigger is not None else None
        side = re.compile(beside) if beside is not None else None
        RULES.append(Rule(name, stage, summary, tuple(examples), fn, found, changes, prepare, side))
        return fn

    return register


def rules(stage: str) -> list[Rule]:
    """The registered rules of one stage, in running order."""
    return [r for r in RULES if r.stage == stage]


def repair_table() -> str:
    """The README's repair table (Markdown), generated from the registry."""
    from analysis.repairs import characters, layout  # noqa: F401  (every rule registered)

    lines = ["| rule | stage | what it fixes | example |", "| --- | --- | --- | --- |"]
    for r in sorted(RULES, key=lambda r: STAGES.index(r.stage)):  # stable: order within stage
        before, after = (_visible(x) for x in r.examples[0])
        lines.append(f"| `{r.name}` | {r.stage} | {_cell(r.summary)} | `{before}` → `{after}` |")
    return "\n".join(lines)


def _visible(text: str) -> str:
    """An example as a table cell: line breaks as ⏎, invisible characters as escapes."""
    for ch, shown in (("\r", "\\r"), ("\n", "⏎"), ("\u3000", "\\u3000"), ("\u200b", "\\u200b")):
        text = text.replace(ch, shown)
    return _cell(text)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
