"""Properties of ``timeline.extract`` on arbitrary text: it never crashes, offsets are valid
and ordered, rows never overlap, results are deterministic; its cost grows linearly."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.time import combine
from analysis.timeline import COLUMNS, extract

# characters that time expressions are made of, mixed with ordinary text and punctuation
ALPHABET = st.sampled_from(
    list("0123456789０１２年月日号时点分秒周星期礼拜天上下本今明昨前后近过去未来余多半约第")
    + list("一二三四五六七八九十百千两零〇初中旬底末春夏秋冬节农历正腊除夕国庆季度以来至到")
    + list("，。、“”（）-~/: \n的是在和与比较同也有会议新华社电民國週時點")
)
TEXTS = st.text(alphabet=ALPHABET, max_size=60)
REFS = st.sampled_from([None, "2026-06-17", "2008-02-29", "1999-12-31"])


@settings(max_examples=300, deadline=None)
@given(TEXTS, REFS)
def test_extract_never_crashes_and_offsets_are_valid(text: str, ref: str | None) -> None:
    df = extract(text, ref, detect=ref is None)
    assert list(df.columns) == COLUMNS
    last_end = 0
    for r in df.itertuples():
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start : r.end] == r.text
        assert r.start >= last_end  # in order, never overlapping
        last_end = r.end
        if r.interval_start is not None:
            assert r.interval_start <= r.interval_end


@settings(max_examples=100, deadline=None)
@given(TEXTS, REFS)
def test_extract_is_deterministic(text: str, ref: str | None) -> None:
    a = extract(text, ref, detect=False)
    b = extract(text, ref, detect=False)
    assert a.equals(b)


def _cost(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        extract(text, "2026-06-17")
        best = min(best, time.perf_counter() - start)
    return best


def test_cost_grows_linearly_with_the_input() -> None:
    """``"1年" * n``: four times the input costs about four times as much (was quadratic: a
    prefix copy per candidate). A ratio in one run, not a timed test; the bound is loose."""
    extract("1年" * 100, "2026-06-17")
    small, large = _cost("1年" * 2_000), _cost("1年" * 8_000)
    assert large / small < 8, (small, large)  # quadratic growth would give ~16


def _quotes_per_character(rows: list[dict], norm: str) -> None:
    """``combine._quotes`` as it was before issue 14: the depth read character by character
    (the reference of the marks-only version)."""
    if not rows or combine._OPENING.search(norm) is None:
        return
    depth, pos, marks = 0, 0, []
    for r in rows:
        for ch in norm[pos : r["start"]]:
            depth += ch in combine._OPEN
            depth -= ch in combine._CLOSE and depth > 0
        pos = r["start"]
        marks.append(depth > 0)
    for r, quoted in zip(rows, marks, strict=True):
        if quoted and r["anchor"] == "reference":
            r["anchor"] = "quote"
            r["note"] = combine._QUOTE_NOTE


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="“”「」『』今年说a", max_size=30),
    st.lists(
        st.tuples(st.integers(0, 32), st.sampled_from(["reference", "previous", None])),
        max_size=5,
    ),
)
def test_quotation_depth_from_the_marks_alone(norm: str, starts: list[tuple]) -> None:
    """Rows in any order (and past the text's end) get the marks the per-character reading
    gives them."""
    rows = [{"start": s, "anchor": a, "note": None} for s, a in starts]
    expected = [dict(r) for r in rows]
    _quotes_per_character(expected, norm)
    combine._quotes(rows, norm)
    assert rows == expected
