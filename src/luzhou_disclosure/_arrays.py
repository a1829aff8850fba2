"""Typed pandas arrays for the records' columns, built through public pandas constructors only.

String columns use pandas' default string dtype, ``str``: its storage is whatever the running pandas
configures (pyarrow when it is installed, as it is for this package, python otherwise) and its
missing value is NaN (``pd.isna`` tells it, ``is pd.NA`` does not). Counts, amounts and flags are
masked arrays (``Int64``, ``Float64``, ``boolean``) whose missing value is ``pd.NA``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

#: The dtype of every string column the library makes.
STRING = "str"

#: ``None`` as a 0-d object array: ``np.where(mask, NONE, values)`` gives an object array with
#: None where ``mask`` holds (numpy's type stubs do not take a bare ``None`` there).
NONE = np.array(None, dtype=object)

#: each masked dtype: its pandas array class, the numpy type of its data, the filler under a mask
_MASKED = {
    "Int64": (pd.arrays.IntegerArray, np.int64, 0),
    "Float64": (pd.arrays.FloatingArray, np.float64, 0.0),
    "boolean": (pd.arrays.BooleanArray, np.bool_, False),
}


def strings(values: Sequence[Any] | np.ndarray) -> Any:
    """A string array of ``values`` (str, with ``None``, NaN or ``pd.NA`` for missing)."""
    return pd.array(
        np.asarray(values, dtype=object), dtype=_string_dtype(pd.get_option("mode.string_storage"))
    )


@lru_cache(maxsize=4)
def _string_dtype(storage: str) -> Any:
    """The dtype of :data:`STRING` under a storage option, resolved once: resolving the name costs
    more than building a short column (the text reader builds a dozen per report)."""
    return pd.api.types.pandas_dtype(STRING)


def masked(data: np.ndarray, mask: np.ndarray, dtype: str) -> Any:
    """An ``Int64``, ``Float64`` or ``boolean`` array of ``data``, ``mask`` True where missing."""
    cls, np_type, _ = _MASKED[dtype]
    return cls(np.asarray(data, dtype=np_type), np.asarray(mask, dtype=bool))


def masked_parts(values: Sequence[Any], dtype: str) -> tuple[np.ndarray, np.ndarray]:
    """The data and mask of a masked ``dtype`` array of Python values (``None``, ``pd.NA`` or NaN
    for missing). Raises ``TypeError``/``ValueError``/``OverflowError`` where numpy cannot hold a
    value, and ``TypeError`` for a count that is not an ``int`` (numpy would truncate 3.5)."""
    _, np_type, fill = _MASKED[dtype]
    mask = np.array([v is None or v is pd.NA or v != v for v in values], dtype=bool)
    data = [fill if m else v for v, m in zip(values, mask, strict=True)]
    if dtype == "Int64" and not all(isinstance(v, int | np.integer) for v in data):
        raise TypeError("a count that is not an int")
    if dtype == "boolean":
        data = [bool(v) for v in data]
    return np.array(data, dtype=np_type), mask


def from_floats(values: np.ndarray) -> pd.arrays.FloatingArray:
    """A float array as ``Float64`` with NaN as missing."""
    values = np.asarray(values, dtype=np.float64)
    return pd.arrays.FloatingArray(np.nan_to_num(values, nan=0.0), np.isnan(values))


def column(values: Sequence[Any], dtype: str) -> Any:
    """A typed array of Python values (``None``, ``pd.NA`` or NaN for missing), with no per-element
    type inference where the values already have the column's type (pandas checks the others, and
    refuses 3.5 as a count rather than truncating it)."""
    if dtype == STRING:
        return strings(values)
    if dtype in _MASKED:
        try:
            return masked(*masked_parts(values, dtype), dtype)
        except (OverflowError, TypeError, ValueError):
            pass
    return pd.array(list(values), dtype=dtype)
