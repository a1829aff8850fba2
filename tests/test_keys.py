"""Packed integer keys (_keys.Packing): the contract of the module docstring, checked against
pandas.

The reference for every property is pandas itself: ``DataFrame.sort_values`` and
``DataFrame.groupby`` on the code columns (or on the raw columns, for NA handling) must order and
group the rows exactly as the packed keys do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luzhou_disclosure._keys import Packing, column_codes, groups

FIELDS = ("agency", "year", "item", "applicant", "measure")


@st.composite
def coded_rows(draw, max_rows=60):
    """A packing of 1 to 5 fields (sizes 1 … 40) and a frame of codes in range for it."""
    nfields = draw(st.integers(1, len(FIELDS)))
    sizes = {name: draw(st.integers(1, 40)) for name in FIELDS[:nfields]}
    nrows = draw(st.integers(0, max_rows))
    frame = pd.DataFrame(
        {
            name: np.array(
                draw(st.lists(st.integers(0, n - 1), min_size=nrows, max_size=nrows)),
                dtype=np.int64,
            )
            for name, n in sizes.items()
        }
    )
    return Packing(**sizes), frame


def _pack(packing: Packing, frame: pd.DataFrame) -> np.ndarray:
    return packing.pack(**{name: frame[name].to_numpy() for name in packing.fields})


@settings(max_examples=100, deadline=None)
@given(coded_rows())
def test_unpack_of_pack_is_identity(drawn):
    packing, frame = drawn
    key = _pack(packing, frame)
    assert key.dtype == np.int64
    assert ((key >= 0) & (key < packing.size)).all()
    for name, codes in zip(packing.fields, packing.unpack(key), strict=True):
        np.testing.assert_array_equal(codes, frame[name].to_numpy())


@settings(max_examples=100, deadline=None)
@given(coded_rows())
def test_keys_sort_like_sort_values_on_the_codes(drawn):
    packing, frame = drawn
    key = _pack(packing, frame)
    expected = frame.sort_values(list(packing.fields), kind="stable").index.to_numpy()
    np.testing.assert_array_equal(np.argsort(key, kind="stable"), expected)


@settings(max_examples=100, deadline=None)
@given(coded_rows())
def test_keys_group_like_groupby_on_the_codes(drawn):
    packing, frame = drawn
    key = _pack(packing, frame)
    fields = list(packing.fields)
    # sorted groups: the rank of each key among the distinct keys is groupby's group number
    np.testing.assert_array_equal(
        np.unique(key, return_inverse=True)[1].reshape(-1),
        frame.groupby(fields, sort=True).ngroup().to_numpy(),
    )
    # groups in order of first appearance (_keys.groups) are groupby(sort=False)'s
    np.testing.assert_array_equal(
        groups(key)[0], frame.groupby(fields, sort=False).ngroup().to_numpy()
    )


_TEXT = st.sampled_from(["甲局", "乙局", "丙局", "a", "0", None])


@settings(max_examples=75, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT, st.sampled_from([2019, 2020, None])), max_size=40))
def test_na_is_a_code_of_its_own_and_groups_as_dropna_false(rows):
    """NA (None in text, NA in Int64) becomes the last code of its column: it forms its own group,
    as ``groupby(..., dropna=False)`` makes one."""
    frame = pd.DataFrame(rows, columns=["agency", "item", "year"]).astype(
        {"agency": "str", "item": "str", "year": "Int64"}
    )
    codes = {c: column_codes(frame[c]) for c in frame.columns}
    packing = Packing(**{c: n for c, (_, n) in codes.items()})
    key = packing.pack(**{c: code for c, (code, _) in codes.items()})
    expected = frame.groupby(list(frame.columns), sort=False, dropna=False).ngroup().to_numpy()
    np.testing.assert_array_equal(groups(key)[0], expected)


@settings(max_examples=75, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.sampled_from([2019, 2020, None])), max_size=40))
def test_categorical_codes_sort_like_sort_values_with_na_last(rows):
    """A categorical's codes are its categories' order and NA is the last code: packed keys sort as
    ``sort_values(..., na_position="last")`` sorts the categoricals."""
    frame = pd.DataFrame(rows, columns=["agency", "year"])
    frame = frame.astype({"agency": pd.CategoricalDtype(["丙局", "甲局", "乙局", "a", "0"])})
    frame = frame.astype({"year": pd.CategoricalDtype([2020, 2019])})
    codes = {c: column_codes(frame[c]) for c in frame.columns}
    packing = Packing(**{c: n for c, (_, n) in codes.items()})
    key = packing.pack(**{c: code for c, (code, _) in codes.items()})
    expected = frame.sort_values(["agency", "year"], kind="stable", na_position="last").index
    np.testing.assert_array_equal(np.argsort(key, kind="stable"), expected.to_numpy())


def test_the_largest_packing_an_int64_holds_round_trips():
    # 2**32 × 2**31 = 2**63 keys: the largest is 2**63 − 1, the largest int64 (by hand)
    packing = Packing(high=2**32, low=2**31)
    key = packing.pack(high=np.array([2**32 - 1, 0]), low=np.array([2**31 - 1, 1]))
    assert key.tolist() == [2**63 - 1, 1]
    high, low = packing.unpack(key)
    assert high.tolist() == [2**32 - 1, 0] and low.tolist() == [2**31 - 1, 1]


def test_overflow_is_refused_naming_the_fields():
    with pytest.raises(OverflowError, match=r"high=4294967296, low=2147483649.*more than 2\*\*63"):
        Packing(high=2**32, low=2**31 + 1)


@pytest.mark.parametrize("bad", [-1, 3])
def test_a_code_out_of_range_is_refused(bad):
    packing = Packing(unit=2, item=3)
    with pytest.raises(ValueError, match=rf"field 'item': code {bad} is outside 0 … 2"):
        packing.pack(unit=np.array([0, 1]), item=np.array([1, bad]))


def test_fields_must_be_given_and_sized():
    with pytest.raises(ValueError, match="field 'item' has 0 codes"):
        Packing(unit=2, item=0)
    with pytest.raises(ValueError, match="at least one field"):
        Packing()
    with pytest.raises(TypeError, match=r"pack takes the fields \['unit', 'item'\]"):
        Packing(unit=2, item=3).pack(unit=np.array([0]))
    assert repr(Packing(unit=2, item=3)) == "Packing(unit=2, item=3)"
