"""`import analysis` stays cheap: engines and numeral libraries load where they are used.

A corpus worker, a notebook's first cell and every test start with ``import analysis``; jieba's
part-of-speech tables (0.6 s), jieba itself (0.2 s, it imports pkg_resources) and cn2an (0.3 s)
are paid by the first call that needs them, and that call gives the same answer as before.
"""

from __future__ import annotations

import ast
import subprocess
import sys

LAZY = ["cn2an", "jieba", "jieba.posseg", "matplotlib", "networkx"]


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys; {code}; print(sorted(m for m in {LAZY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return ast.literal_eval(out.stdout.strip())


def test_import_analysis_loads_no_engine_and_no_numeral_library() -> None:
    assert _loaded_after("import analysis, analysis.corpus") == []


def test_first_use_loads_them_and_gives_the_documented_answers() -> None:
    code = (
        "import analysis; "
        "assert analysis.tokenize('30年来，我们推动闽宁协作和乡村振兴。') == "
        "['推动', '闽宁协作', '乡村振兴']; "
        "from analysis.lang.numbers import read_int; "
        "assert read_int('二十三') == 23"
    )
    assert _loaded_after(code) == ["cn2an", "jieba", "jieba.posseg"]
