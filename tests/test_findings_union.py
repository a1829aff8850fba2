"""_findings.union_categories: the findings of many chunks put together as one categorical, the
categories in order of first appearance and each row's value kept, as pandas'
``union_categoricals(..., ignore_order=True)`` gives them (the reference), in linear time."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.api.types import union_categoricals

from luzhou_disclosure._findings import categorical, union_categories

values = st.lists(st.one_of(st.none(), st.sampled_from(["甲局", "乙局", "R1", "ok", "", "a b"])))
parts = st.lists(
    st.tuples(values, st.lists(st.sampled_from(["丙局", "x", "y"]), max_size=2, unique=True)),
    min_size=1,
    max_size=6,
)


def _categorical(vals: list, unused: list) -> pd.Categorical:
    """``vals`` as check makes them (``categorical``), with some unused categories added."""
    cat = categorical(vals) if vals else categorical(None, 0)
    extra = [u for u in unused if u not in set(cat.categories)]
    categories = pd.Index([*cat.categories, *extra], dtype=object)
    return pd.Categorical.from_codes(cat.codes, categories=categories)


@settings(max_examples=300, deadline=None)
@given(parts)
def test_union_categories_is_pandas_union(drawn):
    cats = [_categorical(v, u) for v, u in drawn]
    want = union_categoricals(cats, ignore_order=True)
    got = union_categories(cats)
    assert list(got.categories) == list(want.categories)
    assert np.asarray(got.codes).tolist() == np.asarray(want.codes).tolist()
    # each row's value as it was (NA stays NA)
    flat = [None if pd.isna(x) else x for c in cats for x in np.asarray(c, dtype=object)]
    assert [None if pd.isna(x) else x for x in np.asarray(got, dtype=object)] == flat


def test_union_categories_of_only_missing_values_and_of_nothing():
    got = union_categories([categorical(None, 2), categorical(None, 1)])
    assert np.asarray(got.codes).tolist() == [-1, -1, -1] and len(got.categories) == 0
    try:
        union_categories([])
    except ValueError as exc:
        assert "no categoricals" in str(exc)
    else:
        raise AssertionError("an empty list was accepted")
