"""Reading bytes: implausible decodings are errors naming the encoding; only regular files of a
bounded size are read; every encoding that is normal for Chinese text still decodes."""

from __future__ import annotations

import codecs
import os
import re
import socket
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis import reading
from analysis.reading import TextFileError, decode_bytes, plausible_chinese, read_text

DATA = Path(__file__).parent / "data"
REPORTS = Path(__file__).parents[1] / ".." / "shared" / "corpora" / "government_work_reports"

CHINESE = "国务院常务会议今天召开，会议部署进一步稳定就业的措施，要求各地加大对中小企业的支持力度。"
TRADITIONAL = "香港特區政府今日公布新一輪資助計劃，兩年來已扶持逾千家初創企業，涵蓋科技與文化產業。"
JAPANESE = (
    "東京の株式市場では、日経平均株価が前日比で大きく値上がりし、投資家の間に安心感が広がった。"
)
KOREAN = "서울 증시에서 코스피 지수가 전날보다 크게 올랐으며 투자자들 사이에 안도감이 퍼졌다."


@pytest.mark.parametrize(
    ("text", "encoding", "named"),
    [
        (JAPANESE, "shift_jis", "SHIFT-JIS (Japanese text)"),
        (JAPANESE, "euc_jp", "EUC-JP (Japanese text)"),
        (KOREAN, "euc_kr", "EUC-KR (Korean text)"),
        (CHINESE, "utf-16-be", "UTF-16-BE without a byte-order mark"),
        (CHINESE, "utf-16-le", "UTF-16-LE without a byte-order mark"),
        (CHINESE + "\n2024年3月5日\n", "utf-16-be", "UTF-16-BE without a byte-order mark"),
    ],
)
def test_foreign_bytes_are_errors_naming_the_likely_encoding(text, encoding, named) -> None:
    with pytest.raises(TextFileError, match="^x.txt: .*likely " + re.escape(named)):
        decode_bytes((text * 2).encode(encoding), "x.txt")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (CHINESE.encode("utf-8"), (CHINESE, "utf-8")),
        (codecs.BOM_UTF8 + CHINESE.encode("utf-8"), (CHINESE, "utf-8-sig")),
        (CHINESE.encode("gbk"), (CHINESE, "gb18030")),
        (CHINESE.encode("gb18030"), (CHINESE, "gb18030")),
        (CHINESE.encode("utf-16"), (CHINESE, "utf-16")),
        ("闽宁协作".encode("gb18030"), ("闽宁协作", "gb18030")),
    ],
)
def test_chinese_encodings_still_decode(data, expected) -> None:
    assert decode_bytes(data) == expected


def test_big5_traditional_still_decodes() -> None:
    text, encoding = decode_bytes(TRADITIONAL.encode("big5"))
    assert text == TRADITIONAL
    assert encoding.lower().replace("-", "") in {"big5", "big5hkscs", "cp950"}


def test_invalid_utf8_after_a_bom_is_an_error_naming_the_byte() -> None:
    with pytest.raises(TextFileError, match=r"^a.txt: UTF-8 byte-order mark but invalid UTF-8"):
        decode_bytes(codecs.BOM_UTF8 + "闽宁".encode() + b"\xff", "a.txt")


@pytest.mark.parametrize("path", sorted(DATA.glob("*.txt")), ids=lambda p: p.name)
def test_our_test_texts_are_plausible_in_gbk_too(path: Path) -> None:
    text, _ = read_text(path)
    assert plausible_chinese(text)
    if max(text) >= "\u4e00":  # every character has a GB18030 form
        assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


def test_the_49_reports_are_plausible_chinese() -> None:
    if not REPORTS.is_dir():
        pytest.skip("../shared not available")
    files = sorted(REPORTS.glob("*.txt"))
    assert len(files) == 49
    for path in files:
        text, _ = read_text(path)
        assert plausible_chinese(text), path.name
        assert decode_bytes(text.encode("gb18030"), path.name)[1] == "gb18030"


def test_plausibility_counts_common_ideographs_rare_ones_and_kana() -> None:
    assert plausible_chinese("闽宁协作")  # too short to judge
    assert not plausible_chinese(JAPANESE.encode("shift_jis").decode("gb18030"))
    assert not plausible_chinese(JAPANESE.encode("euc_jp").decode("gb18030", "replace"))
    assert not plausible_chinese("\ue000\ue001\ue002\ue003" + CHINESE)  # private use


def test_fifos_devices_and_sockets_are_refused_without_blocking(tmp_path) -> None:
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    with pytest.raises(TextFileError, match=r"x\.txt: a FIFO \(named pipe\), not a regular file"):
        analysis.load(fifo)
    with pytest.raises(TextFileError, match="/dev/zero: a character device, not a regular file"):
        read_text("/dev/zero")
    sock_path = tmp_path / "s.txt"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        with pytest.raises(TextFileError, match=r"s\.txt: (a socket|cannot read)"):
            read_text(sock_path)
    finally:
        sock.close()


def test_size_limit_is_a_clear_error_and_configurable(tmp_path, monkeypatch) -> None:
    path = tmp_path / "big.txt"
    path.write_text(CHINESE * 100, encoding="utf-8")  # 13,500 bytes
    size = path.stat().st_size
    with pytest.raises(TextFileError, match=r"big\.txt: 0\.0 MB, over the size limit of 0\.0 MB"):
        read_text(path, max_bytes=size - 1)
    assert read_text(path, max_bytes=size)[0] == CHINESE * 100
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    with pytest.raises(TextFileError, match="max_bytes=1000"):
        analysis.load(path)
    assert reading.MAX_BYTES == 1000 and size > 1000


def test_missing_file_and_folder_keep_their_messages(tmp_path) -> None:
    with pytest.raises(TextFileError, match=r"nope\.txt: no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(TextFileError, match="is a folder"):
        read_text(tmp_path)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_raise_text_file_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except TextFileError:
        return
    assert isinstance(text, str) and encoding


COMMON = sorted(reading.COMMON_HAN)[:3000:7]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from([*COMMON, "，", "。", "1", "9", "年", "%"]), min_size=1))
def test_gb18030_chinese_text_round_trips(text: str) -> None:
    data = text.encode("gb18030")
    try:
        decoded, encoding = decode_bytes(data)
    except TextFileError:
        assert not data.strip()
        return
    if encoding == "gb18030":
        assert decoded == text
