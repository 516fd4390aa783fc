"""The widgets are built and react outside a browser (the notebook shows them only with
INTERACTIVE = True): a pattern typed in the KWIC browser lists its lines."""

from __future__ import annotations

from pathlib import Path

import analysis
from analysis.interactive import kwic_browser, trend_picker

DATA = Path(__file__).parent / "data" / "methods"


def test_kwic_browser_reacts_to_a_pattern(capsys) -> None:
    doc = analysis.load(DATA / "cooperation_report.txt")
    browser = kwic_browser(doc, pattern="协作", window=5)
    box, mode = browser.children[0].children
    assert (box.value, mode.value) == ("协作", "token")
    capsys.readouterr()
    box.value = "东西部协作"
    assert "4 lines" in capsys.readouterr().out  # the title's and three in the body
    mode.value = "regex"
    box.value = "协作("
    assert "bad regular expression" in capsys.readouterr().out


def test_trend_picker_offers_the_frequent_terms() -> None:
    tokens = analysis.token_table(analysis.load(DATA / "ecology_notice.txt"))
    picker = trend_picker(tokens.assign(doc_date="2024-09-12"), terms=["生态"], choices=5)
    pick = picker.children[0]
    assert pick.options[0] == "生态" and pick.value == ("生态",)
