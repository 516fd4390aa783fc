"""`import analysis` stays cheap: engines, tables and plotting load where they are used.

A corpus worker, a notebook's first cell and every test start with ``import analysis``; the
package itself imports nothing heavy (PEP 562 lazy attributes): jieba's part-of-speech tables
(0.6 s), jieba itself (0.2 s, it imports pkg_resources), cn2an (0.3 s), matplotlib, the time
and quantity tables and pandas are paid by the first use that needs them, and that use gives
the same answer as before.
"""

from __future__ import annotations

import ast
import subprocess
import sys

ENGINES = [
    "cn2an",
    "jieba",
    "jieba.posseg",
    "lunar_python",
    "matplotlib",
    "networkx",
    "scipy",
    "sklearn",
    "stopwordsiso",
]
# Loaded by nothing at all in ``import analysis``: pandas (and the pyarrow it imports) and
# the modules that compile the time and quantity tables.
TABLES = ["pandas", "pyarrow", "analysis.time.engine", "analysis.timeline", "analysis.quantities"]


def _loaded_after(code: str, watched: list[str]) -> list[str]:
    probe = f"import sys; {code}; print(sorted(m for m in {watched!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return ast.literal_eval(out.stdout.strip())


def test_import_analysis_loads_no_engine_no_table_and_no_pandas() -> None:
    assert _loaded_after("import analysis", ENGINES + TABLES) == []


def test_import_of_the_corpus_runner_loads_no_engine_and_no_numeral_library() -> None:
    # stopwordsiso (15 ms) comes with analysis.tokens, which every corpus worker uses anyway
    engines = [m for m in ENGINES if m != "stopwordsiso"]
    assert _loaded_after("import analysis, analysis.corpus", engines) == []


def test_public_names_are_the_same_objects_as_in_their_modules() -> None:
    code = (
        "import analysis, analysis.figures, analysis.loading, analysis.tokens; "
        "assert analysis.load is analysis.loading.load; "
        "assert analysis.tokenize is analysis.tokens.tokenize; "
        "assert analysis.save_figure is analysis.figures.save_figure; "
        "from analysis import timeline, frequency; "
        "assert timeline is sys.modules['analysis.timeline']; "
        "assert analysis.paths.display_path is not None; "
        "assert sorted(analysis.__all__) == sorted(analysis._SOURCES); "
        "assert set(analysis.__all__) <= set(dir(analysis))"
    )
    assert _loaded_after(code, ["analysis.timeline", "analysis.frequency"]) == [
        "analysis.frequency",
        "analysis.timeline",
    ]


def test_an_unknown_name_is_an_attribute_error() -> None:
    code = "import analysis; assert not hasattr(analysis, 'tokenise')"
    assert _loaded_after(code, []) == []


def test_first_use_loads_them_and_gives_the_documented_answers() -> None:
    code = (
        "import analysis; "
        "assert analysis.tokenize('30年来，我们推动闽宁协作和乡村振兴。') == "
        "['推动', '闽宁协作', '乡村振兴']; "
        "from analysis.lang.numbers import read_int; "
        "assert read_int('二十三') == 23"
    )
    # jieba itself is not imported: rjieba cuts, and the tag table is read from jieba's
    # dict.txt by one split (analysis.tokens.jieba_tags), not by importing jieba.posseg
    assert _loaded_after(code, ENGINES) == ["cn2an", "stopwordsiso"]
