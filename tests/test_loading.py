"""Reading files: encodings that are normal for Chinese text, and clear errors for bad input."""

from __future__ import annotations

import codecs
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis.reading import TextFileError, decode_bytes
from tests.conftest import SEED

TEXT = "（新华社北京6月17日电）闽宁协作三十年，累计投入援助资金76.8亿元。"


def test_seed_is_byte_identical_to_the_shared_seed() -> None:
    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == "a1e9189fba25dd3a70549b03d861b7bf2472a0982dd41263064e4af2cde041d5"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_chinese_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    assert decode_bytes(data) == (TEXT, encoding)


def test_load_reports_the_encoding_it_used(tmp_path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(("标题\n\n" + TEXT).encode("gbk"))
    doc = analysis.load(path)
    assert doc.encoding == "gb18030"
    assert doc.raw == "标题\n\n" + TEXT


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n \n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
    ],
)
def test_bad_files_raise_a_clear_error_naming_the_file(tmp_path, content, message) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(TextFileError, match=rf"bad\.txt: {message}"):
        analysis.load(path)


def test_missing_file_and_folder_errors(tmp_path) -> None:
    with pytest.raises(TextFileError, match=r"nope\.txt: no such file"):
        analysis.load(tmp_path / "nope.txt")
    with pytest.raises(TextFileError, match="is a folder"):
        analysis.load(tmp_path)
    with pytest.raises(TextFileError, match="no text files"):
        analysis.load_corpus(tmp_path)


def test_load_corpus_reads_a_folder_in_name_order(tmp_path) -> None:
    (tmp_path / "b.txt").write_text("第二篇文章。", encoding="utf-8")
    (tmp_path / "a.txt").write_bytes("第一篇文章。".encode("gb18030"))
    corpus = analysis.load_corpus(tmp_path)
    assert [d.doc_id for d in corpus] == ["a.txt", "b.txt"]
    summary = corpus.summary
    assert summary[["doc", "encoding", "sentences", "characters"]].values.tolist() == [
        ["a.txt", "gb18030", 1, 6],
        ["b.txt", "utf-8", 1, 6],
    ]


def test_load_corpus_takes_globs_and_tables_and_names_bad_files(tmp_path) -> None:
    import json

    (tmp_path / "a.txt").write_text("第一篇文章。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("第二篇文章。", encoding="utf-8")
    assert [d.doc_id for d in analysis.load_corpus(str(tmp_path / "*.txt"))] == ["a.txt", "b.txt"]
    rows = [{"id": "x1", "date": "2024-03-05", "text": "今年经济增长5%。"}]
    table = tmp_path / "t.jsonl"
    table.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    (doc,) = analysis.load_corpus(table)
    assert (doc.doc_id, doc.date.isoformat(), doc.date_method, doc.date_note) == (
        "x1",
        "2024-03-05",
        "given",
        f"date column of {table}, line 1",
    )
    (tmp_path / "c.txt").write_bytes(b"")
    with pytest.raises(TextFileError, match=r"c\.txt: the (text|file) is empty"):
        analysis.load_corpus(tmp_path)
    with pytest.raises(TextFileError, match=r"gone\.txt: cannot read the file"):
        analysis.load_corpus([tmp_path / "gone.txt"])


# --- the reference date: detected with its method, or given ---------------------------------


def test_reference_date_given_overrides_detection(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("（新华社北京6月17日电）2026年6月9日，项目投产。", encoding="utf-8")
    assert (analysis.load(path).date_method, analysis.load(path).date.isoformat()) == (
        "latest_explicit",
        "2026-06-17",
    )
    doc = analysis.load(path, reference_date="2026-06-18")
    assert (doc.date.isoformat(), doc.date_method) == ("2026-06-18", "given")
    import datetime as dt

    doc = analysis.document_from_text("今年经济增长5%。", reference_date=dt.date(2024, 3, 5))
    assert (doc.date, doc.date_method) == (dt.date(2024, 3, 5), "given")
    with pytest.raises(TextFileError, match=r"a\.txt: reference_date '3月5日' is not an ISO date"):
        analysis.load(path, reference_date="3月5日")


def test_a_text_without_a_date_loads_and_says_so() -> None:
    doc = analysis.document_from_text("今年经济增长5%。明年还要继续努力。")
    assert (doc.date, doc.date_method) == (None, None)
    assert doc.date_note == "no dateline, stamp, heading date or full date found"


@pytest.mark.parametrize(
    ("text", "date", "method"),
    [
        ("新华社北京2024年3月5日电 今年政府工作报告提出。", "2024-03-05", "dateline"),
        ("发布时间：2023-11-02 08:30\n文章正文。2020年5月1日起施行。", "2023-11-02", "stamp"),
        ("报告标题\n——2019年3月5日在大会上\n正文2018年12月1日完成。", "2019-03-05", "title_line"),
        ("（本报北京12月30日电）截至2023年12月，全年目标完成。", "2023-12-30", "latest_explicit"),
        ("（本报北京1月2日电）\n发布时间：2024年01月03日 09:00", "2024-01-02", "stamp"),
        ("（本报北京12月30日电）\n发布时间：2024年01月03日 09:00", "2023-12-30", "stamp"),
        (
            "建校一百周年：百年学府再出发\n1924年10月8日，学校在江边创办。今天，校友们重返校园。",
            "2024-10-08",
            "anniversary",
        ),
        (  # a past anniversary (its sentence has its own year) does not date the text
            "（新华社北京6月17日电）2016年7月，在协作20周年之际召开座谈会。1996年协作启动。",
            "2016-06-17",
            "latest_explicit",
        ),
    ],
)
def test_reference_date_cues_in_order(text: str, date: str, method: str) -> None:
    from analysis.dating import detect_reference_date

    found, how = detect_reference_date(text)
    assert (found.isoformat(), how) == (date, method)


DATE_PIECES = st.lists(
    st.sampled_from(
        [
            "新华社北京",
            "（本报北京",
            "6月17日电）",
            "2024年",
            "3月",
            "5日",
            "——",
            "1 9 9 8 年",
            "２０２０年",
            "十周年",
            "一周年",
            "地震",
            "成立",
            "发布时间：",
            "2023-11-02 08:30",
            "\n",
            "。",
            "，",
            "今年",
            "截至",
            "到2030年",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(DATE_PIECES | st.text(max_size=80))
def test_reference_date_never_crashes_and_always_says_how(text: str) -> None:
    from analysis.dating import METHODS, find_reference_date

    found = find_reference_date(text)
    assert (found.date is None) == (found.method is None)
    assert found.method is None or found.method in METHODS
    assert found.note
    if found.date:
        assert 1800 <= found.date.year <= 2100


def test_a_bad_cue_table_row_names_the_file_and_line(tmp_path) -> None:
    from analysis.cues import CueTableError, read_cues

    path = tmp_path / "cues.tsv"
    path.write_text("# comment\ncue\tkind\tnote\n新华社\tagency\tXinhua\n来源\tbutton\tsource\n")
    with pytest.raises(CueTableError, match=r"cues\.tsv:4: kind 'button' not one of agency"):
        read_cues(path)
    path.write_text("cue\tkind\tnote\n新华社\tagency\t\n")
    with pytest.raises(CueTableError, match=r"cues\.tsv:2: column 'note' is empty"):
        read_cues(path)
    path.write_text("cue\tkind\tnote\n新华社\tagency\tXinhua\n新华社\tagency\tagain\n")
    with pytest.raises(CueTableError, match=r"cues\.tsv:3: duplicate cue/kind"):
        read_cues(path)
    assert read_cues()["agency"][:2] == ("新华社", "新華社")


@pytest.mark.parametrize("bad", [None, 5, ["seeds/x.txt"]])
def test_load_without_a_path_says_what_it_needs(bad) -> None:
    with pytest.raises(TypeError, match="give the path of a text file"):
        analysis.load(bad)
