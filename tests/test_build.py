"""Builds and saves: every file written atomically, manifest and README always agree with each
other and with the folder (also after an interrupted build), one build at a time, outputs of
another text never in figures/, provenance in every exported file."""

from __future__ import annotations

import gc
import json
import os
import threading
import time
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import analysis
from analysis import build, dictionaries, outputs, paths
from analysis.paths import FIGURES_DIR, OUTPUT_ROOT, PROJ_ROOT, SEEDS_DIR


@pytest.fixture
def out(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(paths.ENV_OUTPUT, str(tmp_path / "out"))
    paths.set_output_dir(None)
    yield tmp_path / "out"
    paths.set_output_dir(None)
    dictionaries.use_dictionaries(None)


def _readme_files(folder: Path) -> set[str]:
    """The files the README links to."""
    text = (folder / "README.md").read_text(encoding="utf-8")
    return {m for m in __import__("re").findall(r"\]\(([^)]+)\)", text)}


def _agree(folder: Path) -> set[str]:
    """Assert manifest, README and folder agree; return the files listed."""
    entries = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {f for e in entries.values() for f in e["files"]}
    assert listed == _readme_files(folder)
    on_disk = {p.name for p in folder.iterdir()} - {"manifest.json", "README.md"}
    assert listed == on_disk
    return listed


def test_output_folder_is_figures_only_for_the_bundled_seed(monkeypatch) -> None:
    monkeypatch.delenv(paths.ENV_OUTPUT, raising=False)
    seed = sorted(SEEDS_DIR.glob("*.txt"))[0]
    assert paths.default_output_dir() == FIGURES_DIR
    assert paths.default_output_dir(seed) == FIGURES_DIR
    assert paths.default_output_dir("tests/data/other_plain.txt") == OUTPUT_ROOT / "other_plain"
    assert paths.default_output_dir("/elsewhere/新闻 稿.txt") == OUTPUT_ROOT / "新闻_稿"
    assert paths.default_output_dir(None, "archive/*.jsonl") == OUTPUT_ROOT / "archive"
    monkeypatch.setenv(paths.ENV_OUTPUT, "/tmp/x")
    assert paths.default_output_dir("tests/data/other_plain.txt") == Path("/tmp/x")


def test_setup_resolves_source_output_and_dictionaries_from_the_parameters(out) -> None:
    run = analysis.setup(
        "01_t",
        parameters={
            "SOURCE": "tests/data/other_plain.txt",
            "OUTPUT_DIR": None,
            "DICTIONARIES": None,
            "TOP_N": 20,
            "doc": object(),
        },
    )
    assert run.source == PROJ_ROOT / "tests" / "data" / "other_plain.txt"
    assert run.output_dir == out and run.dictionaries == () and run.dictionary_label == "jieba"
    assert run.parameters == {
        "DICTIONARIES": None,
        "OUTPUT_DIR": None,
        "SOURCE": "tests/data/other_plain.txt",
        "TOP_N": 20,
    }
    assert analysis.tokenize("闽宁协作三十年") == ["闽宁", "协作", "三十年"]  # no seed pack
    seed = analysis.setup("01_t", parameters={"SOURCE": None, "OUTPUT_DIR": "output/mine"})
    assert seed.dictionaries == ("minning",) and seed.output_dir == OUTPUT_ROOT / "mine"
    assert analysis.tokenize("闽宁协作三十年") == ["闽宁协作", "三十年"]
    assert seed.note("x") == (
        "数据 / source: seeds/000_734b698157ae08b2.txt; 词典 / dictionaries: jieba + minning; "
        f"analysis {analysis.figures.package_version()}; x"
    )


def test_unknown_pack_and_bad_pack_file_are_clear_errors(tmp_path) -> None:
    with pytest.raises(ValueError, match=r"unknown dictionary pack\(s\) \['tibet'\]"):
        dictionaries.use_dictionaries(["tibet"])
    bad = tmp_path / "packs.toml"
    bad.write_text('[x]\nfile = "missing.txt"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"packs.toml: pack \[x\]: file missing.txt does not"):
        dictionaries.dictionary_packs(bad)


def test_saved_table_has_bom_full_text_articles_from_1_sidecar_and_no_local_paths(out) -> None:
    analysis.setup("00_t", parameters={"SOURCE": None})
    long = "福建先后安排39个经济较发达的县结对帮扶宁夏9个贫困县，" * 6
    table = pd.DataFrame(
        {
            "article": [0, 1],
            "text": [long, "短句。"],
            "path": [str(PROJ_ROOT / "seeds" / "a.txt"), "/home/x/b.txt"],
        }
    )
    saved = analysis.save_table(table, "00_probe", caption="A probe table")
    assert repr(saved) == "saved 00_probe.csv → out/" or repr(saved).startswith("saved 00_probe")
    raw = saved.read_bytes()
    assert raw[:3] == b"\xef\xbb\xbf" and b"\r\n" not in raw
    back = pd.read_csv(saved, encoding="utf-8-sig")
    assert back["article"].tolist() == [1, 2] and back["text"][0] == long
    assert back["path"].tolist() == ["seeds/a.txt", "b.txt"]
    side = json.loads((out / "00_probe.csv-metadata.json").read_text(encoding="utf-8"))
    assert side["source"] == "seeds/000_734b698157ae08b2.txt"
    assert len(side["source_sha256"]) == 64 and side["dictionaries"] == "jieba + minning"
    assert side["parameters"] == {"SOURCE": None} and side["dc:title"] == "A probe table"
    assert _agree(out) == {"00_probe.csv", "00_probe.csv-metadata.json"}


def test_figure_files_carry_source_hash_version_notebook_parameters_no_dates(out) -> None:
    run = analysis.setup("02_t", parameters={"SOURCE": "tests/data/other_plain.txt", "TOP_N": 5})
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_title("时间线")
    png, svg, pdf = analysis.save_figure(fig, "02_probe", caption="A probe figure")
    plt.close(fig)
    text = svg.read_text(encoding="utf-8")
    sha = run.source_sha256
    assert "<dc:title>A probe figure</dc:title>" in text and sha in text
    assert "tests/data/other_plain.txt" in text and '"TOP_N": 5' in text
    assert "<dc:date>" not in text and str(PROJ_ROOT) not in text
    assert sha.encode() in pdf.read_bytes() and b"/CreationDate" not in pdf.read_bytes()
    assert sha.encode() in png.read_bytes() and b"02_t" in png.read_bytes()


def test_interrupted_build_leaves_manifest_readme_and_folder_in_agreement(out, monkeypatch):
    analysis.setup("00_old", parameters={})
    for k in range(3):  # an earlier build's outputs
        analysis.save_table(pd.DataFrame({"a": [k]}), f"00_old{k}", caption=f"old {k}")
    (out / ".00_new.csv.x.tmp").write_text("half a file")  # a save killed mid-write

    def interrupted(todo, jobs):
        analysis.setup("01_new", parameters={})
        analysis.save_table(pd.DataFrame({"b": [1]}), "01_new", caption="new")
        raise KeyboardInterrupt  # Ctrl-C in the middle of the build

    monkeypatch.setattr(build, "_run_all", interrupted)
    monkeypatch.setattr(build, "notebooks", lambda: [Path("00_old.ipynb"), Path("01_new.ipynb")])
    with pytest.raises(KeyboardInterrupt):
        build.build()
    listed = {f for f in _readme_files(out)}
    assert {"00_old0.csv", "01_new.csv"} <= listed  # earlier files kept, new one listed
    assert not (out / ".00_new.csv.x.tmp").exists()  # the half-written file is cleaned up
    _agree(out)


def test_finished_full_build_drops_what_it_did_not_write_again(out, monkeypatch) -> None:
    analysis.setup("00_a", parameters={})
    analysis.save_table(pd.DataFrame({"a": [1]}), "00_gone", caption="no longer made")
    (out / "stray.csv").write_text("x")
    time.sleep(0.05)

    def finished(todo, jobs):
        analysis.setup("00_a", parameters={})
        analysis.save_table(pd.DataFrame({"a": [2]}), "00_kept", caption="made again")
        return {}

    monkeypatch.setattr(build, "_run_all", finished)
    monkeypatch.setattr(build, "notebooks", lambda: [Path("00_a.ipynb")])
    build.build()
    assert _agree(out) == {"00_kept.csv", "00_kept.csv-metadata.json"}


def test_a_second_build_waits_for_the_first(out) -> None:
    out.mkdir(parents=True)
    order: list[str] = []
    waited = threading.Event()
    with outputs.locked(out, "build"):

        def second() -> None:
            with outputs.locked(out, "build", wait=waited.set):
                order.append("second")

        t = threading.Thread(target=second)
        t.start()
        assert waited.wait(5)  # it found the lock taken and waits
        time.sleep(0.1)
        order.append("first done")
    t.join(5)
    assert order == ["first done", "second"]


def test_any_numbered_notebook_is_built_in_order(tmp_path) -> None:
    for name in ["04_methods", "00_corpus", "10_more", "scratch", "1_x"]:
        (tmp_path / f"{name}.ipynb").write_text("{}")
    assert [p.stem for p in build.notebooks(tmp_path)] == ["00_corpus", "04_methods", "10_more"]


def test_environment_is_locked_and_the_citation_names_the_version() -> None:
    """``make setup`` installs the lock file (exact versions, hashes), then the package alone;
    CITATION.cff carries the version every exported file records."""
    import tomllib

    version = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert f"\nversion: {version}\n" in (PROJ_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert analysis.figures.package_version() == version
    makefile = (PROJ_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r $(LOCK)" in makefile and "--no-deps -e ." in makefile
    lock = (PROJ_ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = [ln for ln in lock.splitlines() if "==" in ln and not ln.startswith(" ")]
    assert {p.split("==")[0] for p in pins} >= {"matplotlib", "pandas", "jieba", "pytest"}
    assert all(ln.rstrip().endswith("\\") for ln in pins)  # every pin carries its hashes
    assert (PROJ_ROOT / "runtime.txt").read_text().strip() == "python-3.11"


def test_captions_and_footers_show_no_absolute_path(out, tmp_path) -> None:
    corpus = tmp_path / "archive" / "news.jsonl"
    run = analysis.setup("02_t", parameters={"CORPUS": str(corpus)})
    assert run.corpus == "news.jsonl" and "news.jsonl" in run.note(f"corpus {corpus}")
    assert str(tmp_path) not in run.note(f"corpus {corpus}")
    analysis.save_table(pd.DataFrame({"a": [1]}), "02_c", caption=f"Events of {corpus} (2 docs)")
    entry = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["02_c.csv"]
    assert entry["caption"] == "Events of news.jsonl (2 docs)"
    assert paths.scrub("see https://example.org/a/b") == "see https://example.org/a/b"


def test_a_build_writes_its_own_folder_whatever_output_an_earlier_setup_left(
    out, tmp_path, monkeypatch
) -> None:
    """An earlier ``analysis.setup`` in the same process (a notebook, a test) leaves its output
    folder active; the build must neither list nor prune that folder (it once emptied figures/)."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "00_keep.csv").write_text("a\n1\n", encoding="utf-8")
    paths.set_output_dir(other)

    def finished(todo, jobs):
        return {}

    monkeypatch.setattr(build, "_run_all", finished)
    monkeypatch.setattr(build, "notebooks", lambda: [Path("00_a.ipynb")])
    build.build()
    assert (other / "00_keep.csv").read_text(encoding="utf-8") == "a\n1\n"
    assert sorted(p.name for p in other.iterdir()) == ["00_keep.csv"]
    assert (out / "manifest.json").exists()


def _notebook(path: Path, *cells: str) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def test_a_warm_kernel_gives_each_notebook_a_fresh_namespace(tmp_path) -> None:
    """Two notebooks in one kernel: the second sees nothing the first left behind."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    first = _notebook(
        folder / "90_first.ipynb",
        "import os, warnings\nimport matplotlib.pyplot as plt\nLEFT = 1\nplt.figure()",
        "plt.rcParams['font.size'] = 3.0\nwarnings.simplefilter('ignore')\nos.chdir('/')",
    )
    report = tmp_path / "second.json"
    second = _notebook(
        folder / "91_second.ipynb",
        "import gc, json, os, sys, warnings\nimport matplotlib.pyplot as plt",
        f"json.dump({{'left': 'LEFT' in globals(), 'size': plt.rcParams['font.size'], "
        "'gc': gc.get_threshold(), 'collect': gc.collect.__module__, "
        "'threads': os.environ.get('OMP_NUM_THREADS'), "
        "'history': get_ipython().history_manager.enabled, "
        f"'cwd': os.getcwd(), 'figures': plt.get_fignums(), 'filters': len(warnings.filters), "
        f"'fresh': 'matplotlib' in sys.modules}}, open({str(report)!r}, 'w'))",
    )
    kernel = build.warm_kernel(folder)
    try:
        build.run_notebook(first, kernel=kernel)
        pid = kernel.provisioner.pid
        build.run_notebook(second, kernel=kernel)
        assert build.warm_kernel(folder) is kernel and kernel.provisioner.pid == pid
    finally:
        build._shutdown(kernel)
        build._WARM.clear()
    seen = json.loads(report.read_text())
    fresh_filters = seen.pop("filters")
    assert seen.pop("gc") == [50_000, 20, 100]  # a build's kernel collects less often
    assert seen.pop("collect") == "gc"  # the reset's collector put back (the real one)
    assert seen.pop("threads") == "1"  # one thread per kernel: one kernel per core
    assert seen.pop("history") is False  # nothing written to the user's IPython history
    assert seen == {"left": False, "size": 10.0, "cwd": str(folder), "figures": [], "fresh": True}
    assert fresh_filters > 1  # the kernel's own filters, not the one 'ignore' left behind
    executed = json.loads((paths.BUILD_DIR / second.name).read_text(encoding="utf-8"))
    assert [c["execution_count"] for c in executed["cells"]] == [1, 2]


def test_notebooks_are_ordered_by_the_last_builds_durations(tmp_path, monkeypatch) -> None:
    """Seconds of the last build when known, else an estimate in seconds from the exports."""
    monkeypatch.setattr(build, "DURATIONS", tmp_path / "timings" / "durations.json")
    heavy = tmp_path / "01_heavy.ipynb"
    heavy.write_text("save_figure( save_figure( save_table(", encoding="utf-8")
    light = tmp_path / "02_light.ipynb"
    light.write_text("save_table(", encoding="utf-8")
    assert build.estimated_cost(heavy) == pytest.approx(0.5 + 1.2 + 0.05)
    assert build.estimated_cost(light) == pytest.approx(0.55)
    build._keep_durations({"02_light.ipynb": 9.0})  # it turned out to be the slow one
    build._keep_durations({"01_heavy.ipynb": 2.5})  # merged, not replaced
    assert json.loads(build.DURATIONS.read_text()) == {"01_heavy.ipynb": 2.5, "02_light.ipynb": 9.0}
    assert build.estimated_cost(light) == 9.0 and build.estimated_cost(heavy) == 2.5
    build.DURATIONS.write_text("not json")  # a damaged file: back to the estimates
    assert build.estimated_cost(light) == pytest.approx(0.55)


def test_papermill_is_imported_without_building_the_iri_parser() -> None:
    """nbformat's jsonschema would import rfc3987-syntax, which builds an Earley parser at
    import (2–3 s): the build blocks it in its own process and papermill still works; so are
    papermill's HDFS handler (pyarrow.fs, which imports numpy) and jsonschema's isoduration."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom analysis import build\npm = build._papermill()\n"
        "print(sys.modules.get('rfc3987_syntax', 'absent'), callable(pm.execute_notebook),\n"
        "      sys.modules.get('pyarrow.fs', 'absent'), sys.modules.get('isoduration', 'absent'),\n"
        "      'numpy' in sys.modules, 'pyarrow' in sys.modules)\n"
        "import pyarrow.fs\nprint(pyarrow.fs.LocalFileSystem is not None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # not imported while papermill was, and importable afterwards (pandas' Parquet needs it)
    assert out.stdout.split() == ["absent", "True", "absent", "absent", "False", "False", "True"]


def test_a_build_kernel_shows_saved_figures_as_their_png_not_drawn_again(tmp_path) -> None:
    """In a build's kernel a saved figure is closed and its PNG linked; a figure that is not
    saved is still drawn inline, as in JupyterLab."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    out = tmp_path / "out"
    nb = _notebook(
        folder / "92_figure.ipynb",
        f"import os\nos.environ['ANALYSIS_FIGURES_DIR'] = {str(out)!r}\nimport analysis\n"
        "import matplotlib.pyplot as plt\nanalysis.setup('92_figure')",
        "fig, ax = plt.subplots(figsize=(2, 1))\nax.set_title('闽宁')\n"
        "analysis.save_figure(fig, '92_probe', caption='probe');",
        "fig, ax = plt.subplots(figsize=(2, 1))\nax.set_title('未保存')",
    )
    kernel = build.warm_kernel(folder)
    try:
        build.run_notebook(nb, kernel=kernel)
    finally:
        build._shutdown(kernel)
        build._WARM.clear()
    executed = json.loads((paths.BUILD_DIR / nb.name).read_text(encoding="utf-8"))
    saved, unsaved = ([o.get("data", {}) for o in c["outputs"]] for c in executed["cells"][1:])
    assert saved == [
        {
            "text/markdown": [f"![92_probe]({_from_build(out / '92_probe.png')})"],
            "text/plain": ["<IPython.core.display.Markdown object>"],
        }
    ]
    assert any("image/png" in d for d in unsaved)
    assert (out / "92_probe.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _from_build(path: Path) -> str:
    """``path`` as a link from ``build/``, where the executed notebooks are."""
    import os

    return Path(os.path.relpath(path, paths.BUILD_DIR)).as_posix()


def test_a_warm_kernels_client_is_ready_without_waiting_and_leaves_no_stale_message(
    tmp_path,
) -> None:
    """papermill's client of a warm kernel: ready after the kernel's reply and its idle
    status, so the first IOPub message read after it belongs to the next request."""
    from jupyter_core.utils import run_sync

    kernel = build.warm_kernel(tmp_path)
    client = kernel.client()
    try:
        assert type(client) is build.WarmKernelClient
        client.start_channels()
        for _ in range(2):  # a fresh kernel, then one that has answered before
            run_sync(client.wait_for_ready)(timeout=60)
            msg_id = client.execute("print(6 * 7)")
            first = run_sync(client._async_get_iopub_msg)(timeout=10)
            assert first["parent_header"]["msg_id"] == msg_id
            assert first["content"] == {"execution_state": "busy"}
            out = run_sync(client._async_get_iopub_msg)(timeout=10)
            while out["msg_type"] != "stream":
                out = run_sync(client._async_get_iopub_msg)(timeout=10)
            assert out["content"]["text"] == "42\n"
            run_sync(client._idle_after)(msg_id, timeout=10)
    finally:
        client.stop_channels()
        build._shutdown(kernel)
        build._WARM.clear()


def test_a_warm_kernel_that_died_is_an_error_not_a_minutes_wait() -> None:
    from queue import Empty

    class Dead:
        async def is_alive(self) -> bool:
            return False

    class Silent:
        def get_shell_msg(self, timeout: float) -> dict:
            raise Empty

    class Answers:
        def __init__(self) -> None:
            self.replies = [
                {"parent_header": {"msg_id": "other"}},
                {"parent_header": {"msg_id": "m"}},
            ]

        def get_shell_msg(self, timeout: float) -> dict:
            return self.replies.pop(0)

    with pytest.raises(RuntimeError, match="died before it could be reset"):
        build._shell_reply(Dead(), Silent(), "m", timeout=60)
    assert build._shell_reply(Dead(), Answers(), "m", timeout=60) == {
        "parent_header": {"msg_id": "m"}
    }


def test_the_reset_between_notebooks_skips_ipythons_full_collections() -> None:
    """IPython's ``%reset`` calls ``gc.collect()`` twice; between two notebooks of a build
    those calls collect nothing, and the collector is the real one again afterwards."""
    from analysis import kernel_state

    def cycle() -> None:
        a: list = []
        a.append(a)

    gc.collect()
    with kernel_state._no_collection():
        cycle()
        assert gc.collect() == 0
    assert gc.collect() >= 1  # the cycle made inside the block is garbage, collected now


def test_a_build_compiles_only_the_changed_sources_of_the_package(tmp_path) -> None:
    """Kernels load ``analysis/`` compiled even where Python writes no bytecode itself."""
    import importlib.util

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("X = 1\n", encoding="utf-8")
    (package / "b.py").write_text("Y = 2\n", encoding="utf-8")
    cached = {n: Path(importlib.util.cache_from_source(str(package / n))) for n in ("a.py", "b.py")}
    build._compile_package(package)
    assert all(c.exists() for c in cached.values())
    before = {n: c.stat().st_mtime_ns for n, c in cached.items()}
    (package / "b.py").write_text("Y = 3  # changed\n", encoding="utf-8")
    later = (package / "b.py").stat().st_mtime + 10  # compileall compares whole seconds
    os.utime(package / "b.py", (later, later))
    build._compile_package(package)
    assert cached["a.py"].stat().st_mtime_ns == before["a.py"]  # not compiled again
    assert cached["b.py"].stat().st_mtime_ns != before["b.py"]


def test_a_failed_cell_stops_the_build_naming_it_and_no_kernel_is_left(
    tmp_path, capsys, monkeypatch
) -> None:
    """Two kernels, one thread each: the notebook that fails is named with its cell, the
    other kernel takes no further notebook, and both kernels are shut down."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    slow = _notebook(folder / "90_slow.ipynb", "import time\ntime.sleep(1.5)", "x = 1")
    bad = _notebook(folder / "91_bad.ipynb", "y = 2", "raise ValueError('闽宁 boom')")
    late = _notebook(folder / "92_late.ipynb", "z = 3")
    (paths.BUILD_DIR / late.name).unlink(missing_ok=True)  # its executed copy, if it ran
    started: list = []
    original = build.warm_kernel

    def tracked(where: Path):
        km = original(where)
        started.append(km)
        return km

    monkeypatch.setattr(build, "warm_kernel", tracked)
    monkeypatch.setattr(build, "estimated_cost", {slow: 9, bad: 5, late: 1}.get)
    with pytest.raises(SystemExit) as stopped:
        build._run_all([late, bad, slow], jobs=2)
    message = str(stopped.value)
    assert message == "build failed in 91_bad.ipynb, cell 2 (index 1): ValueError: 闽宁 boom"
    assert message in capsys.readouterr().err  # printed when it happened
    assert not (paths.BUILD_DIR / late.name).exists()  # the other kernel took no more
    assert len({id(k) for k in started}) == 2 and build._WARM == {}
    assert not any(run_sync_alive(k) for k in started)


def test_a_build_runs_every_notebook_and_shuts_its_kernels_down(tmp_path) -> None:
    folder = tmp_path / "nbs"
    folder.mkdir()
    books = [_notebook(folder / f"9{i}_n.ipynb", f"v = {i}") for i in range(3)]
    timings = build._run_all(books, jobs=2)
    assert sorted(timings) == [b.name for b in books]
    assert all(t > 0 for t in timings.values()) and build._WARM == {}


def run_sync_alive(km) -> bool:
    from jupyter_core.utils import run_sync

    return run_sync(km.is_alive)()


def test_ctrl_c_kills_the_running_notebooks_kernels_at_once(tmp_path, monkeypatch) -> None:
    import _thread

    folder = tmp_path / "nbs"
    folder.mkdir()
    sleepy = _notebook(folder / "90_sleepy.ipynb", "import time\ntime.sleep(60)")
    started: list = []
    original = build.warm_kernel
    track = lambda where: started.append(original(where)) or started[-1]  # noqa: E731
    monkeypatch.setattr(build, "warm_kernel", track)
    timer = threading.Timer(3.0, _thread.interrupt_main)  # Ctrl-C while the cell sleeps
    timer.start()
    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        build._run_all([sleepy], jobs=1)
    assert time.monotonic() - began < 20  # not the cell's minute
    assert len(started) == 1 and not run_sync_alive(started[0]) and build._WARM == {}


def test_a_failure_outside_a_cell_names_the_notebook_and_never_prunes(tmp_path, monkeypatch):
    """A kernel that dies (or papermill that cannot be imported) stops the build with the
    notebook's name; even when reporting the error fails, the build fails, not "finishes"."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    book = _notebook(folder / "90_x.ipynb", "x = 1")

    def dies(nb: Path) -> float:
        raise RuntimeError("the kernel died")

    monkeypatch.setattr(build, "_run_warm", dies)
    with pytest.raises(SystemExit, match=r"build failed in 90_x.ipynb, RuntimeError: the kernel"):
        build._run_all([book], jobs=1)

    def broken(err: BaseException, nb: Path | None) -> BaseException:
        raise ImportError("papermill")

    monkeypatch.setattr(build, "_reported", broken)
    with pytest.raises(RuntimeError, match="the kernel died"):
        build._run_all([book], jobs=1)


def test_once_a_build_is_stopping_no_kernel_starts(tmp_path) -> None:
    from analysis import build_kernels

    build_kernels._kill_kernels()
    try:
        with pytest.raises(RuntimeError, match="stopping"):
            build.warm_kernel(tmp_path)
        assert build._WARM == {}
    finally:
        build_kernels.STOPPING.clear()
