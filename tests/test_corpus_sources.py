"""Corpus sources: random mixes of good and bad rows and files never abort a run, and every
input ends up as exactly one document or one problem; plus the exact ids, lines and messages."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import analysis
from analysis.corpus import analyse_corpus
from analysis.reading import TextFileError
from analysis.sources import iter_sources
from tests.test_faults import article

# JSONL lines: (kind, is a good document); blank lines are not inputs.
JSON_KINDS = {
    "good": True,
    "no_id": True,
    "duplicate": False,
    "array": False,
    "number": False,
    "null": False,
    "bad_json": False,
    "bad_bytes": False,
    "no_text": False,
    "list_text": False,
    "empty_text": False,
    "bad_date": False,
}


def jsonl_line(kind: str, n: int) -> bytes:
    text = article(n)
    line = {
        "good": {"id": f"r{n}", "text": text, "date": "2024-05-01"},
        "no_id": {"text": text},
        "duplicate": {"id": "r-dup", "text": text},
        "array": [1, 2],
        "number": 42,
        "null": None,
        "no_text": {"id": f"r{n}", "body": text},
        "list_text": {"id": f"r{n}", "text": [text]},
        "empty_text": {"id": f"r{n}", "text": "  "},
        "bad_date": {"id": f"r{n}", "text": text, "date": "五月一日"},
    }.get(kind)
    if kind == "bad_json":
        return b'{"id": "x", "text": '
    if kind == "bad_bytes":
        return b'{"id": "b", "text": "\xff\xfe"}'
    return json.dumps(line, ensure_ascii=False).encode("utf-8")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kinds=st.lists(st.sampled_from(sorted(JSON_KINDS)), max_size=12),
    bom=st.booleans(),
    blank=st.booleans(),
)
# stray bytes on the only non-ASCII line: still one problem row, not the whole file lost
@example(kinds=["array", "bad_bytes"], bom=False, blank=False)
def test_random_jsonl_rows_never_abort_a_run(kinds: list[str], bom: bool, blank: bool) -> None:
    lines = [jsonl_line(kind, n) for n, kind in enumerate(kinds)]
    numbered = list(enumerate(kinds))
    if blank:
        lines.insert(len(lines) // 2, b"   ")
        numbered.insert(len(numbered) // 2, (-1, "blank"))
    expected, dup_seen = [], False
    for line_no, (n, kind) in enumerate(numbered, 1):
        if kind == "good":
            expected.append(f"r{n}")
        elif kind == "no_id":
            expected.append(f"line{line_no}")
        elif kind == "duplicate" and not dup_seen:  # the first "r-dup" is a document
            expected.append("r-dup")
            dup_seen = True
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rows.jsonl"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + b"\n".join(lines))
        result = analyse_corpus(path, "summary", workers=1, progress=False)
    assert result.documents == len(expected), result.problems.to_dict("records")
    assert result.documents + len(result.problems) == (len(kinds) or 1)  # nothing: 1 problem
    assert result.table.doc_id.drop_duplicates().tolist() == expected


FILE_KINDS = {
    "utf8": True,
    "gbk": True,
    "bom": True,
    "empty": False,
    "binary": False,
    "shift_jis": False,
    "fifo": False,
    "html": None,  # not a text file of the folder: ignored, not an input
}


def write_file(folder: Path, kind: str, n: int) -> None:
    name = (
        folder
        / (f"sub{n % 2}" if n % 3 == 0 else "")
        / f"f{n}.{'html' if kind == 'html' else 'txt'}"
    )
    name.parent.mkdir(exist_ok=True)
    text = article(n)
    if kind == "fifo":
        os.mkfifo(name)
        return
    data = {
        "utf8": text.encode("utf-8"),
        "gbk": text.encode("gbk"),
        "bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "empty": b"",
        "binary": bytes(range(256)),
        "shift_jis": ("東京の株式市場では日経平均株価が大きく値上がりした。" * 2).encode(
            "shift_jis"
        ),
        "html": f"<p>{text}</p>".encode(),
    }[kind]
    name.write_bytes(data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds=st.lists(st.sampled_from(sorted(FILE_KINDS)), max_size=10))
def test_random_folders_never_abort_a_run(kinds: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for n, kind in enumerate(kinds):
            write_file(Path(tmp), kind, n)
        result = analyse_corpus(tmp, "summary", workers=1, progress=False)
    texts = [k for k in kinds if FILE_KINDS[k] is not None]
    assert result.documents == sum(FILE_KINDS[k] for k in texts)
    assert result.documents + len(result.problems) == (len(texts) or 1)
    assert result.table.doc_id.drop_duplicates().tolist() == sorted(
        {
            f"{'sub' + str(n % 2) + '/' if n % 3 == 0 else ''}f{n}.txt"
            for n, k in enumerate(kinds)
            if FILE_KINDS[k]
        }
    )


# --- exact cases -------------------------------------------------------------------------------


def test_table_problems_name_file_line_and_id(tmp_path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [jsonl_line("good", 0), jsonl_line("array", 1), jsonl_line("no_text", 2)]
    path.write_bytes(b"\n".join([*lines, jsonl_line("bad_bytes", 3), b"", b"{oops"]))
    problems = [(i.source, i.id, i.problem) for i in iter_sources(path) if i.problem]
    assert problems == [
        (f"{path}, line 2", "line2", "a JSON line that is an array, not an object with a 'text' "
         "field"),
        (f"{path}, line 3", "r2", "no 'text' field (fields: id, body)"),
        (f"{path}, line 4", "line4", "not valid utf-8 (invalid start byte at byte 21)"),
        (f"{path}, line 6", "line6", "bad JSON: Expecting property name enclosed in double quotes: "
         "line 1 column 2 (char 1)"),
    ]  # fmt: skip


def test_gbk_csv_with_bom_less_header_and_quoted_newlines(tmp_path) -> None:
    frame = pd.DataFrame(
        {"id": ["a", "b"], "date": ["2024-01-02", ""], "text": [article(0), article(1)]}
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(frame.to_csv(index=False).encode("gbk"))
    items = list(iter_sources(path))
    assert [(i.id, i.date, i.text, i.source) for i in items] == [
        ("a", "2024-01-02", article(0), f"{path}, line 2"),
        ("b", None, article(1), f"{path}, line 6"),  # the article above spans 4 lines
    ]


def test_generated_ids_never_meet_explicit_ones(tmp_path) -> None:
    path = tmp_path / "c.csv"
    frame = pd.DataFrame({"id": ["row2", "", "", "7"], "text": [article(k) for k in range(4)]})
    frame.to_csv(path, index=False)
    assert [i.id for i in iter_sources(path)] == ["row2", "row2~2", "row3", "7"]
    both = [tmp_path / "c.csv", tmp_path / "d.jsonl"]
    both[1].write_bytes(jsonl_line("no_id", 5))
    assert [i.id for i in iter_sources(both)] == ["row2", "c.csv:row2~2", "c.csv:row3", "7",
                                                  "d.jsonl:line1"]  # fmt: skip


def test_parquet_text_types(tmp_path) -> None:
    path = tmp_path / "t.parquet"
    pd.DataFrame({"id": [1, 2, 3], "text": [article(0).encode(), b"\xff\xfe", None]}).to_parquet(
        path
    )
    items = list(iter_sources(path))
    assert [(i.id, i.text, i.problem) for i in items] == [
        ("1", article(0), None),
        ("2", None, "the text is binary data, not UTF-8 text"),
        ("3", None, "the text is missing (null)"),
    ]


def test_a_truncated_parquet_file_is_one_problem_naming_it(tmp_path) -> None:
    path = tmp_path / "t.parquet"
    pd.DataFrame({"text": [article(0)]}).to_parquet(path)
    path.write_bytes(path.read_bytes()[:-20])
    (item,) = iter_sources(path)
    assert item.source == str(path)
    assert item.problem.startswith("not a readable Parquet file (ArrowInvalid: ")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d, "no documents matched: no text files (.txt, .text, .md) in the folder"),
        (lambda d: str(d / "*.txt"), "no documents matched: the pattern"),
        (lambda d: [], "no documents matched: the list of sources is empty"),
    ],
)
def test_sources_that_match_nothing_say_so(tmp_path, make, message) -> None:
    (tmp_path / "page.html").write_text("<p>示例</p>", encoding="utf-8")
    result = analyse_corpus(make(tmp_path), "summary", workers=1, progress=False)
    assert result.documents == 0
    assert result.problems.problem.tolist()[0].startswith(message)
    with pytest.raises(TextFileError, match="no documents matched"):
        analysis.load_corpus(make(tmp_path))


def test_folder_of_html_names_what_it_holds(tmp_path) -> None:
    (tmp_path / "page.html").write_text("<p>示例</p>", encoding="utf-8")
    (item,) = iter_sources(tmp_path)
    assert item.problem.endswith("(it holds 1 .html; a table file is read when named itself)")


def test_the_token_table_keeps_dotted_ids_as_given(tmp_path) -> None:
    path = tmp_path / "c.jsonl"
    ids = ["2024.06.17", "2024.06.18"]
    path.write_bytes(b"\n".join(json.dumps({"id": i, "text": article(0)}).encode() for i in ids))
    table = analyse_corpus(path, "tokens", workers=1, progress=False).table
    assert table["doc"].unique().tolist() == ["2024.06.17", "2024.06.18"]
    assert table["doc_id"].unique().tolist() == ["2024.06.17", "2024.06.18"]


def test_the_size_limit_is_configured_in_one_place(tmp_path, monkeypatch) -> None:
    from analysis import reading

    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "text": article(0) * 5}), encoding="utf-8")
    (tmp_path / "long.txt").write_text(article(2) * 5, encoding="utf-8")
    (tmp_path / "short.txt").write_text(article(3), encoding="utf-8")
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    paths = [path, tmp_path / "long.txt", tmp_path / "short.txt"]
    result = analyse_corpus(paths, "summary", workers=1, progress=False)
    assert result.documents == 1
    assert result.problems.problem.str.replace(str(tmp_path), "~").tolist() == [
        "the line is over the size limit of 0.0 MB",
        "~/long.txt: 0.0 MB, over the size limit of 0.0 MB (max_bytes=1000): not read",
    ]
