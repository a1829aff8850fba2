"""The one definition of a change between two figures, used by yoy_growth, the breakdowns and
compare."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._arrays import STRING

NOTE_NO_BASE = "no figure for the base year"
NOTE_NO_CURRENT = "no figure for this year"
NOTE_ZERO_BASE = "growth from zero is undefined"


def growth_columns(current: pd.Series, previous: pd.Series) -> pd.DataFrame:
    """``change``, ``growth_pct`` and ``note`` for aligned current and previous figures.

    Growth from a zero or missing base is NA with the reason in ``note``, never inf.

    >>> growth = growth_columns(pd.Series([811, 5, 3]), pd.Series([686, 0, None]))
    >>> growth["growth_pct"].round(2).tolist()
    [18.22, <NA>, <NA>]
    """
    cur = pd.to_numeric(current).astype("Float64")
    prev = pd.to_numeric(previous).astype("Float64")
    change = cur - prev
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (change / prev * 100).where(prev != 0)
    # the first that applies of: no current figure, no base figure, a zero base (taken from the
    # three strings, so that the notes are not made one by one)
    no_current = cur.isna().to_numpy()
    no_base = prev.isna().to_numpy()
    zero_base = (prev == 0).to_numpy(dtype=bool, na_value=False)
    code = np.where(no_current, 2, np.where(no_base, 1, np.where(zero_base, 0, -1)))
    notes = pd.array([NOTE_ZERO_BASE, NOTE_NO_BASE, NOTE_NO_CURRENT], dtype=STRING)
    note = pd.Series(notes.take(code, allow_fill=True), index=cur.index)
    out = pd.DataFrame(
        {"change": change, "growth_pct": growth.astype("Float64"), "note": note}, index=cur.index
    )
    if pd.api.types.is_integer_dtype(current.dtype) and pd.api.types.is_integer_dtype(
        previous.dtype
    ):
        out["change"] = out["change"].astype("Int64")
    return out
