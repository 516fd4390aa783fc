"""Benchmark: the full rebuild of figures/, and where its time goes.

Runs ``analysis.build`` into a temporary folder (the committed figures are not touched), then
splits each notebook's time using papermill's per-cell durations and the saving time that
``save_figure`` logs: kernel start and stop, the setup cell (imports, dictionary load,
loading the text), analysis cells (tokenizing, extraction, tables), drawing, and saving.
The components of the setup cell are then timed on their own in fresh processes.
Usage: ``python benchmarks/bench_build.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from analysis import build
from analysis.paths import BUILD_DIR, PROJ_ROOT

PARTS = ["kernel", "setup", "analysis", "drawing", "saving"]


def breakdown(name: str) -> dict[str, float]:
    """Seconds per part for one executed notebook (``build/NAME``)."""
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
    saving = json.loads(timings.read_text())["saving"] if timings.exists() else 0.0
    out["saving"] = saving
    out["drawing"] = max(out["drawing"] - saving, 0.0)
    return out


def fresh(code: str) -> float:
    """Seconds a fresh interpreter takes to run ``code`` (interpreter start subtracted)."""

    def run(src: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", src], check=True, cwd=PROJ_ROOT)
        return time.perf_counter() - start

    base = min(run("pass") for _ in range(3))
    return min(run(code) for _ in range(3)) - base


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANALYSIS_FIGURES_DIR"] = tmp
        start = time.perf_counter()
        timings = build.build(jobs=None)
        wall = time.perf_counter() - start
    rows = {name: breakdown(name) for name in timings}
    print(f"full rebuild: {wall:.1f} s wall on {os.cpu_count()} cores ({len(rows)} notebooks)")
    print(f"{'notebook':26s}" + "".join(f"{p:>10s}" for p in PARTS) + f"{'total':>10s}")
    sums = dict.fromkeys(PARTS, 0.0)
    for name, parts in rows.items():
        for p in PARTS:
            sums[p] += parts[p]
        cells = "".join(f"{parts[p]:10.1f}" for p in PARTS)
        print(f"{name:26s}{cells}{sum(parts.values()):10.1f}")
    print(f"{'all (CPU seconds)':26s}" + "".join(f"{sums[p]:10.1f}" for p in PARTS))
    imports = fresh("import analysis")
    dictionary = (
        fresh("import analysis.tokens as t; t._rjieba(); t._tag_table(); t._jieba()") - imports
    )
    load = fresh("import analysis; analysis.load(analysis.default_seed())") - imports
    print(
        f"setup cell, timed alone: imports {imports:.1f} s, dictionary load (jieba-rs, tags, "
        f"jieba for posseg) {dictionary:.1f} s, loading and repairing the seed "
        f"{load:.1f} s (includes the dictionary lookups the repairs need)"
    )


if __name__ == "__main__":
    main()
