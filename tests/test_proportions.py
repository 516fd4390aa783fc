"""``Proportions`` answers as the dict it replaces: the same keys in the same order, the same
floats (scaled ones too), membership, length, a pickle round trip."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.proportions import Proportions

WORDS = st.text(alphabet="发展闽宁协作经濟水a1 \ud7ff\U00020000", min_size=0, max_size=4)
TABLES = st.dictionaries(WORDS, st.floats(0, 1, allow_nan=False), max_size=40)


@settings(max_examples=300, deadline=None)
@given(table=TABLES, factor=st.floats(1e-3, 1e9, allow_nan=False), probes=st.lists(WORDS))
def test_proportions_answer_as_the_dict(table, factor, probes) -> None:
    props = Proportions.from_items(table)
    scaled = props.scaled(factor)
    assert list(props.items()) == list(table.items())
    assert list(scaled.items()) == [(w, p * factor) for w, p in table.items()]
    assert props.values_in_order() == list(table.values())
    assert scaled.values_in_order() == [p * factor for p in table.values()]
    assert len(props) == len(table) and (props == table)
    for word in [*probes, *table]:
        assert (word in props) == (word in table)
        assert props.get(word) == table.get(word)
        assert scaled.get(word, 0.0) == (table[word] * factor if word in table else 0.0)
    again = pickle.loads(pickle.dumps(scaled))
    assert list(again.items()) == list(scaled.items())


def test_a_missing_word_raises_key_error() -> None:
    props = Proportions.from_items({"发展": 0.5, "闽宁": 0.25})
    assert props["闽宁"] == 0.25 and props.get("水") is None and 1 not in props
    assert props.get(5) is None and props.get(None, 0.0) == 0.0  # type: ignore[arg-type]
    try:
        props["水"]
    except KeyError as err:
        assert err.args == ("水",)
    else:
        raise AssertionError("no KeyError")
