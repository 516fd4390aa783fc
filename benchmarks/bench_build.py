"""Benchmark: the full rebuild of figures/, and where its time goes.

Runs ``python -m analysis.build`` (the command ``make figures`` runs, interpreter start and
imports included) into a temporary folder (the committed figures are not touched), then
splits each notebook's time using papermill's per-cell durations and the saving time that
``save_figure`` logs: kernel (start and stop, or, for a notebook run in a warm kernel, making
it fresh again), the setup cell (imports, dictionary load, loading the text), analysis cells
(tokenizing, extraction, tables), drawing (building the figures, their layout included), and
saving (measuring the tight box when the figure changed after its note, the PDF, the PNG and
the SVG; split by format below the table). Besides the wall time it prints the CPU seconds
of the whole build (every worker and kernel), which a machine shared with other jobs changes
less than the wall time, and the load average. ``--cold`` runs with an empty PDF font-subset
cache (``build/font_subsets`` is set aside and put back), as a first build in a clean clone
does. The components of the setup cell are then timed on their own in fresh processes.
Usage: ``python benchmarks/bench_build.py [--cold]``."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

from analysis import build
from analysis.paths import BUILD_DIR, PROJ_ROOT
from analysis.plots.pdf_fonts import CACHE_DIR

PARTS = ["kernel", "setup", "analysis", "drawing", "saving"]


def breakdown(name: str) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds per part for one executed notebook (``build/NAME``), and its saving by part."""
    nb = json.loads((BUILD_DIR / name).read_text(encoding="utf-8"))
    total = nb["metadata"]["papermill"]["duration"]
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    seconds = [c["metadata"]["papermill"].get("duration") or 0.0 for c in cells]
    tags = [c["metadata"].get("tags", []) for c in cells]
    sources = ["".join(c["source"]) for c in cells]
    out = dict.fromkeys(PARTS, 0.0)
    out["kernel"] = total - sum(seconds)
    setup_done = False
    for sec, tag, src in zip(seconds, tags, sources, strict=True):
        if "parameters" in tag or "injected-parameters" in tag:
            out["setup"] += sec
        elif not setup_done and "analysis.setup(" in src:
            out["setup"] += sec
            setup_done = True
        elif "save_figure(" in src:
            out["drawing"] += sec
        else:
            out["analysis"] += sec
    timings = BUILD_DIR / "timings" / f"{name.removesuffix('.ipynb')}.json"
    logged = json.loads(timings.read_text()) if timings.exists() else {}
    out["saving"] = logged.get("saving", 0.0)
    out["drawing"] = max(out["drawing"] - out["saving"], 0.0)
    return out, logged.get("parts", {})


def fresh(code: str) -> float:
    """Seconds a fresh interpreter takes to run ``code`` (interpreter start subtracted)."""

    def run(src: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", src], check=True, cwd=PROJ_ROOT)
        return time.perf_counter() - start

    base = min(run("pass") for _ in range(3))
    return min(run(code) for _ in range(3)) - base


@contextlib.contextmanager
def font_cache(cold: bool):
    """With ``cold``, an empty font-subset cache for the block; the old one put back after."""
    aside = CACHE_DIR.with_name(CACHE_DIR.name + ".aside")
    if cold and CACHE_DIR.exists():
        shutil.rmtree(aside, ignore_errors=True)
        CACHE_DIR.rename(aside)
    try:
        yield
    finally:
        if cold and aside.exists():
            shutil.rmtree(CACHE_DIR, ignore_errors=True)
            aside.rename(CACHE_DIR)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="empty PDF font-subset cache")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, font_cache(args.cold):
        env = {**os.environ, "ANALYSIS_FIGURES_DIR": tmp}
        start, cpu = time.perf_counter(), _children_cpu()
        subprocess.run([sys.executable, "-m", "analysis.build"], check=True, env=env)
        wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    names = sorted(nb.name for nb in build.notebooks())
    rows = {name: breakdown(name) for name in names}
    cache = "empty" if args.cold else "as left by earlier builds"
    print(
        f"full rebuild (python -m analysis.build): {wall:.1f} s wall, {cpu:.1f} CPU seconds "
        f"(build, workers and kernels) on {os.cpu_count()} cores, {len(rows)} notebooks; "
        f"font-subset cache {cache}; load average {load:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after"
    )
    print(f"{'notebook':26s}" + "".join(f"{p:>10s}" for p in PARTS) + f"{'total':>10s}")
    sums = dict.fromkeys(PARTS, 0.0)
    formats: dict[str, float] = {}
    for name, (parts, saving) in rows.items():
        for p in PARTS:
            sums[p] += parts[p]
        for part, sec in saving.items():
            formats[part] = formats.get(part, 0.0) + sec
        cells = "".join(f"{parts[p]:10.1f}" for p in PARTS)
        print(f"{name:26s}{cells}{sum(parts.values()):10.1f}")
    print(f"{'sum of the notebooks':26s}" + "".join(f"{sums[p]:10.1f}" for p in PARTS))
    split = ", ".join(f"{part} {sec:.1f} s" for part, sec in formats.items())
    print(f"saving by part: {split}")
    setup_parts()


def setup_parts() -> None:
    """The setup cell's components, each in fresh interpreters (their start subtracted)."""
    imports = fresh(
        "import analysis.figures, analysis.frequency, analysis.timeline, analysis.quantities"
    )
    tokens = fresh("import analysis.tokens")
    warm = "import analysis.tokens as t; t.tokenize('闽宁协作'); t.token_table"
    dictionary = fresh(warm) - tokens
    load = fresh("import analysis; analysis.load(analysis.default_seed())") - fresh(
        "import analysis.loading"
    )
    print(
        f"setup cell, timed alone: imports {imports:.1f} s, dictionary load (first tokenize) "
        f"{dictionary:.1f} s, loading and repairing the seed {load:.1f} s (includes the "
        "dictionary lookups the repairs need)"
    )


if __name__ == "__main__":
    main()
