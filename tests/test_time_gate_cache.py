"""The time rules' pre-checks kept between processes (``analysis.time.gate_cache``)."""

from __future__ import annotations

import json

import pytest

from analysis.time import gate_cache, prefilter
from analysis.time.engine import RULES

PATTERNS = [rule.pattern for rule in RULES]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A new process's view: nothing read yet, the table file in a folder of its own."""
    monkeypatch.setattr(gate_cache, "FOLDER", tmp_path / "time_gates")

    def new_process() -> None:
        gate_cache._table.clear()
        gate_cache._loaded.clear()
        gate_cache._changed[0] = False

    new_process()
    yield new_process
    new_process()


def test_kept_values_are_the_prefilters_and_a_second_process_reads_them(fresh, monkeypatch):
    assert [gate_cache.guarded(p) for p in PATTERNS] == [prefilter.guarded(p) for p in PATTERNS]
    assert [gate_cache.gates(p) for p in PATTERNS] == [prefilter.gates(p) for p in PATTERNS]
    gate_cache.save()
    (written,) = gate_cache.FOLDER.iterdir()
    assert len(json.loads(written.read_text(encoding="utf-8"))) == len(set(PATTERNS))
    fresh()

    def never(pattern: str) -> None:
        raise AssertionError(f"read afresh: {pattern}")

    monkeypatch.setattr(prefilter, "guarded", never)
    monkeypatch.setattr(prefilter, "gates", never)
    kept = [(gate_cache.guarded(p), gate_cache.gates(p)) for p in PATTERNS]
    monkeypatch.undo()
    assert kept == [(prefilter.guarded(p), prefilter.gates(p)) for p in PATTERNS]


def test_a_damaged_file_is_read_afresh_and_written_again(fresh) -> None:
    path = gate_cache._file()
    path.parent.mkdir(parents=True)
    path.write_text('{"今年|明年": {"guarded": 3, "gates": "x"}, ', encoding="utf-8")
    assert gate_cache.guarded("今年|明年") == "(?=[今明])(?:今年|明年)"
    assert gate_cache.gates("今年|明年") == prefilter.gates("今年|明年")
    gate_cache.save()
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "今年|明年": {"guarded": "(?=[今明])(?:今年|明年)", "gates": ["今明", "年"]}
    }
    fresh()
    path.write_text('{"今年|明年": {"guarded": 3, "gates": [1]}}', encoding="utf-8")
    assert gate_cache.guarded("今年|明年") == "(?=[今明])(?:今年|明年)"  # wrong types: afresh
    assert gate_cache.gates("今年|明年") == prefilter.gates("今年|明年")


def test_the_file_is_named_by_the_code_that_makes_and_reads_it(fresh, monkeypatch) -> None:
    import hashlib
    import sys
    from pathlib import Path

    code = b"".join(Path(m.__file__).read_bytes() for m in (prefilter, gate_cache))
    name = hashlib.sha256(code + sys.version.encode()).hexdigest()[:16] + ".json"
    assert gate_cache._file().name == name
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert gate_cache._file().name != name
