"""Fault injection: corpus runs with bad rows, bad files, dead workers and broken caches finish,
lose no good document, and report every bad input by name, on both engines.

Each case writes a small corpus (good articles and one kind of fault) and lists the good
documents as a clean run would see them and, for each bad input, a string its problem row must
contain. Every case runs on the local engine (2 processes) and on a Dask LocalCluster on the
loopback interface, and checks: documents + problems == inputs, the table equals a clean run's
table of the good documents, and every bad input's problem names it.
"""

from __future__ import annotations

import json
import os
import re
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.corpus import WORKER_DIED, CorpusWarning, Item, analyse_corpus

SENTENCES = [
    "新华社杭州3月12日电 今年前两个月，全省规模以上工业增加值同比增长6.8%，高新技术投资增长12.4%。",
    "记者从省交通运输厅获悉，沿线新增的三座换乘枢纽将于年内投入使用，日均客流预计达到5万人次。",
    "据介绍，全省已建成乡村文化礼堂1.2万家，覆盖九成以上的行政村。",
    "2023年，该市新增城镇就业岗位8.6万个，城镇调查失业率保持在5%以内。",
    "专家表示，数字经济核心产业增加值占地区生产总值的比重逐年提高，去年首次超过一成。",
    "本报讯 昨天上午，第十二届农业合作论坛在福州开幕，来自各地的300余名代表参会。",
    "会议指出，要持续推进老旧小区改造，2024年计划完成改造项目420个，惠及居民约18万户。",
    "据统计，截至去年底，全国累计建成5G基站超过330万个，千兆光网覆盖超过5亿户家庭。",
]


def article(k: int) -> str:
    """A short news article of our own (title line, two sentences), distinct for every k."""
    return f"示例报道第{k}篇\n\n{SENTENCES[k % 8]}{SENTENCES[(k + 3) % 8]}\n"


def summary_or_die(doc: Any) -> pd.DataFrame:
    """The summary analysis, except that a document saying KILL-ALWAYS kills its worker
    process (as the out-of-memory killer does) and one saying KILL-ONCE:<flag> does so once."""
    if "KILL-ALWAYS" in doc.raw:
        os.kill(os.getpid(), signal.SIGKILL)
    once = re.search(r"KILL-ONCE:(\S+)", doc.raw)
    if once:
        try:
            Path(once.group(1)).touch(exist_ok=False)
        except FileExistsError:
            pass
        else:
            os.kill(os.getpid(), signal.SIGKILL)
    return doc.summary


@dataclass
class Case:
    source: Any
    good: list[Item]  # the good documents, with the ids the run must give them
    bad: list[str]  # per bad input: a string its problem row (source, id, problem) contains
    analysis: Any = "summary"
    options: dict[str, Any] = field(default_factory=dict)
    warns: bool = False

    @property
    def inputs(self) -> int:
        return len(self.good) + len(self.bad)


def good(k: int, ident: str | None = None, date: str | None = None) -> Item:
    return Item(ident or f"g{k}", f"clean {k}", text=article(k), date=date)


def write_jsonl(path: Path, lines: list[Any]) -> Path:
    """One line per entry: a dict or list as JSON, bytes as they are, a str as it is."""
    out = []
    for line in lines:
        if isinstance(line, bytes):
            out.append(line)
        elif isinstance(line, str):
            out.append(line.encode("utf-8"))
        else:
            out.append(json.dumps(line, ensure_ascii=False).encode("utf-8"))
    path.write_bytes(b"\n".join(out) + b"\n")
    return path


def rows(items: list[Item]) -> list[dict[str, str]]:
    return [{"id": i.id, "text": i.text} for i in items]


# --- table rows ------------------------------------------------------------------------------


def case_jsonl_non_objects(tmp: Path) -> Case:
    g = [good(k) for k in range(4)]
    lines = [*rows(g[:2]), [1, 2], '"s"', "42", "null", *rows(g[2:])]
    src = write_jsonl(tmp / "c.jsonl", lines)
    return Case(src, g, [f"{src}, line {n}" for n in (3, 4, 5, 6)])


def case_jsonl_row_without_text(tmp: Path) -> Case:
    g = [good(k) for k in range(3)]
    src = write_jsonl(tmp / "c.jsonl", [*rows(g[:1]), {"id": "x", "body": "正文"}, *rows(g[1:])])
    return Case(src, g, ["no 'text' field"])


def case_jsonl_invalid_utf8(tmp: Path) -> Case:
    g = [good(k) for k in range(3)]
    bad = b'{"id": "b", "text": "\xff\xfe\xd6\xd0"}'
    src = write_jsonl(tmp / "c.jsonl", [*rows(g[:2]), bad, *rows(g[2:])])
    return Case(src, g, [f"{src}, line 3"])


def case_jsonl_bom(tmp: Path) -> Case:
    g = [good(k) for k in range(3)]
    src = write_jsonl(tmp / "c.jsonl", rows(g))
    src.write_bytes(b"\xef\xbb\xbf" + src.read_bytes())
    return Case(src, g, [])


def case_jsonl_ids_without_collisions(tmp: Path) -> Case:
    texts = [article(k) for k in range(4)]
    lines = [{"id": "1", "text": texts[0]}, {"text": texts[1]}, {"text": texts[2]}]
    src = write_jsonl(tmp / "c.jsonl", [*lines, {"id": "line3", "text": texts[3]}])
    ids = ["1", "line2", "line3~2", "line3"]
    return Case(src, [Item(i, "", text=t) for i, t in zip(ids, texts, strict=True)], [])


def case_jsonl_text_not_a_string(tmp: Path) -> Case:
    g = [good(k) for k in range(2)]
    bad = [{"id": "l", "text": ["甲", "乙"]}, {"id": "n", "text": 42}, {"id": "z", "text": None}]
    src = write_jsonl(tmp / "c.jsonl", [*rows(g[:1]), *bad, *rows(g[1:])])
    return Case(src, g, ["the text is an array", "the text is a number", "the text is missing"])


def case_csv_saved_as_gbk(tmp: Path) -> Case:
    g = [good(k, date=f"2024-0{k + 1}-15") for k in range(4)]
    frame = pd.DataFrame([{"id": i.id, "date": i.date, "text": i.text} for i in g])
    src = tmp / "c.csv"
    src.write_bytes(frame.to_csv(index=False).encode("gbk"))
    return Case(src, g, [])


def case_csv_row_with_extra_fields(tmp: Path) -> Case:
    import csv

    g = [good(k) for k in range(3)]
    src = tmp / "c.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerows([["id", "text"], ["g0", g[0].text], ["x", "某地开工", "多出的一列"]])
        writer.writerows([[i.id, i.text] for i in g[1:]])
    return Case(src, g, ["x 3 fields where the header has 2"])


def case_parquet_truncated(tmp: Path) -> Case:
    g = [good(k) for k in range(3)]
    write_jsonl(tmp / "good.jsonl", rows(g))
    broken = tmp / "broken.parquet"
    pd.DataFrame(rows([good(k, f"p{k}") for k in range(3, 6)])).to_parquet(broken)
    broken.write_bytes(broken.read_bytes()[: broken.stat().st_size // 2])
    return Case([tmp / "good.jsonl", broken], g, ["broken.parquet"])


def case_parquet_binary_text(tmp: Path) -> Case:
    g = [good(k) for k in range(2)]
    data = [{"id": i.id, "text": i.text.encode("utf-8")} for i in g]
    data.insert(1, {"id": "gbk", "text": article(9).encode("gbk")})
    pd.DataFrame(data).to_parquet(tmp / "c.parquet")
    return Case(tmp / "c.parquet", g, ["binary data, not UTF-8"])


def case_parquet_list_text(tmp: Path) -> Case:
    g = [good(k) for k in range(2)]
    write_jsonl(tmp / "good.jsonl", rows(g))
    pd.DataFrame({"id": ["a", "b"], "text": [["甲", "乙"], ["丙"]]}).to_parquet(tmp / "l.parquet")
    return Case([tmp / "good.jsonl", tmp / "l.parquet"], g, ["row 1", "row 2"])


def case_dotted_ids_kept_as_given(tmp: Path) -> Case:
    g = [good(0, "2024.06.17"), good(1, "2024.06.18")]
    return Case(write_jsonl(tmp / "c.jsonl", rows(g)), g, [])


def case_duplicate_ids(tmp: Path) -> Case:
    g = [good(k) for k in range(3)]
    src = write_jsonl(
        tmp / "c.jsonl", [*rows(g[:2]), {"id": "g0", "text": article(7)}, *rows(g[2:])]
    )
    return Case(src, g, [f"{src}, line 3 g0 duplicate id"])


# --- files -----------------------------------------------------------------------------------


def case_same_stem_in_one_folder(tmp: Path) -> Case:
    names = ["a/top.txt", "news.md", "news.txt", "top.txt"]
    for k, name in enumerate(names):
        (tmp / name).parent.mkdir(exist_ok=True)
        (tmp / name).write_text(article(k), encoding="utf-8")
    return Case(tmp, [good(k, name) for k, name in enumerate(names)], [])


def case_empty_binary_and_missing_files(tmp: Path) -> Case:
    (tmp / "g0.txt").write_text(article(0), encoding="utf-8")
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 4)
    paths = [tmp / "g0.txt", tmp / "empty.txt", tmp / "binary.txt", tmp / "gone.txt"]
    return Case(paths, [good(0, "g0.txt")], ["empty.txt", "binary.txt", "gone.txt"])


def case_foreign_encodings(tmp: Path) -> Case:
    (tmp / "g0.txt").write_text(article(0), encoding="utf-8")
    japanese = (
        "東京の株式市場では、日経平均株価が前日比で大きく値上がりし、投資家の間に安心感が広がった。"
    )
    korean = "서울 증시에서 코스피 지수가 전날보다 크게 올랐으며 투자자들 사이에 안도감이 퍼졌다."
    (tmp / "sjis.txt").write_bytes((japanese * 2).encode("shift_jis"))
    (tmp / "euckr.txt").write_bytes((korean * 2).encode("euc_kr"))
    (tmp / "utf16.txt").write_bytes((SENTENCES[2] * 2).encode("utf-16-be"))
    return Case(tmp, [good(0, "g0.txt")], ["SHIFT-JIS", "EUC-KR", "UTF-16-BE"])


def case_fifo_and_device(tmp: Path) -> Case:
    (tmp / "g0.txt").write_text(article(0), encoding="utf-8")
    os.mkfifo(tmp / "x.txt")
    ident = (tmp / "g0.txt").relative_to("/").as_posix()  # ids relative to the paths' base: /
    return Case([tmp / "g0.txt", tmp / "x.txt", Path("/dev/zero")], [good(0, ident)],
                ["x.txt: a FIFO", "/dev/zero: a character device"])  # fmt: skip


def case_size_limit(tmp: Path) -> Case:
    (tmp / "g0.txt").write_text(article(0), encoding="utf-8")
    (tmp / "big.txt").write_text(article(1) * 40, encoding="utf-8")
    write_jsonl(tmp / "rows.jsonl", [{"id": "long", "text": article(2) * 40}])
    return Case(
        [tmp / "g0.txt", tmp / "big.txt", tmp / "rows.jsonl"],
        [good(0, "g0.txt")],
        ["big.txt", "rows.jsonl, line 1"],
        options={"max_bytes": 4000},
    )


def case_empty_folder(tmp: Path) -> Case:
    return Case(tmp, [], ["no documents matched"])


def case_folder_of_html(tmp: Path) -> Case:
    (tmp / "a.html").write_text("<p>示例</p>", encoding="utf-8")
    return Case(tmp, [], ["no documents matched: no text files"])


def case_glob_matching_nothing(tmp: Path) -> Case:
    return Case(str(tmp / "*.txt"), [], ["matches no file"])


# --- workers and caches ----------------------------------------------------------------------


def case_worker_killed_once(tmp: Path) -> Case:
    g = [good(k) for k in range(6)]
    g[3] = Item("g3", "clean 3", text=article(3) + f"KILL-ONCE:{tmp / 'flag'}\n")
    return Case(g, g, [], analysis=summary_or_die)


def case_document_that_always_kills(tmp: Path) -> Case:
    g = [good(k) for k in range(6)]
    killer = Item("killer", "killer", text=article(9) + "KILL-ALWAYS\n")
    return Case([*g[:3], killer, *g[3:]], g, [f"killer {WORKER_DIED}"], analysis=summary_or_die)


def _warm_cache(tmp: Path, g: list[Item]) -> Path:
    cache = tmp / "cache"
    analyse_corpus(g, "tokens", workers=1, progress=False, cache_dir=cache)
    return cache


def case_broken_cache_entries(tmp: Path) -> Case:
    g = [good(k) for k in range(6)]
    cache = _warm_cache(tmp, g)
    entries = sorted(cache.glob("*.parquet"))
    entries[0].write_bytes(b"")  # a full disk
    entries[1].write_bytes(entries[1].read_bytes()[:100])  # truncated
    entries[2].write_bytes(b"garbage" * 50)
    entries[3].write_bytes(entries[4].read_bytes())  # another document's valid entry
    return Case(g, g, [], analysis="tokens", options={"cache_dir": cache}, warns=True)


def case_cache_dir_is_a_file(tmp: Path) -> Case:
    g = [good(k) for k in range(4)]
    (tmp / "cache").write_text("not a folder", encoding="utf-8")
    return Case(g, g, [], analysis="tokens", options={"cache_dir": tmp / "cache"}, warns=True)


def case_cache_dir_under_a_file(tmp: Path) -> Case:
    g = [good(k) for k in range(4)]
    (tmp / "file").write_text("", encoding="utf-8")
    return Case(g, g, [], analysis="tokens", options={"cache_dir": tmp / "file" / "c"}, warns=True)


CASES: dict[str, Callable[[Path], Case]] = {
    name.removeprefix("case_"): fn for name, fn in globals().items() if name.startswith("case_")
}
# Cases that kill workers last: restarted Dask workers would slow the cases after them.
ORDER = sorted(CASES, key=lambda name: ("kill" in name, name))


@pytest.fixture(scope="module")
def dask_client():
    from dask.distributed import Client

    from analysis.corpus import local_cluster

    cluster = local_cluster(2)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture
def deadline():
    """A case that hangs (a FIFO read) fails after 120 s instead of blocking the suite."""

    def stop(signum: int, frame: Any) -> None:
        raise TimeoutError("the corpus run hung")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def run_case(case: Case, engine: str, client: Any) -> None:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = analyse_corpus(
            case.source,
            case.analysis,
            engine=engine,
            client=client,
            workers=2,
            batch_size=2,
            progress=False,
            **case.options,
        )
    clean_analysis = "summary" if callable(case.analysis) else case.analysis
    problems = [f"{p.source} {p.id} {p.problem}" for p in result.problems.itertuples()]
    assert result.documents + len(result.problems) == case.inputs, problems
    assert result.documents == len(case.good), problems
    for name in case.bad:
        assert sum(name in p for p in problems) == 1, (name, problems)
    if case.good:
        clean = analyse_corpus(case.good, clean_analysis, workers=1, progress=False)
        pd.testing.assert_frame_equal(result.table, clean.table)
        assert result.table.doc_id.unique().tolist() == [i.id for i in case.good]
        assert result.table["doc"].tolist() == result.table["doc_id"].tolist()  # ids as given
    else:
        assert result.table.empty
    corpus_warnings = [w for w in caught if issubclass(w.category, CorpusWarning)]
    assert len(corpus_warnings) == (1 if case.warns else 0), [str(w.message) for w in caught]


@pytest.mark.parametrize("name", ORDER)
def test_local_engine_survives(name: str, tmp_path: Path, deadline: None) -> None:
    run_case(CASES[name](tmp_path), "local", None)


@pytest.mark.parametrize("name", ORDER)
def test_dask_engine_survives(name: str, tmp_path: Path, dask_client: Any, deadline: None) -> None:
    run_case(CASES[name](tmp_path), "dask", dask_client)
