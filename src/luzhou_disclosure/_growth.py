"""The one definition of a change between two figures, used by yoy_growth, the breakdowns and compare."""

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

    >>> growth_columns(pd.Series([811, 5, 3]), pd.Series([686, 0, None]))["growth_pct"].round(2).tolist()
    [18.22, <NA>, <NA>]
    """
    cur = pd.to_numeric(current).astype("Float64")
    prev = pd.to_numeric(previous).astype("Float64")
    change = cur - prev
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (change / prev * 100).where(prev != 0)
    note = pd.Series(pd.NA, index=cur.index, dtype=STRING)
    note = (
        note.mask(prev == 0, NOTE_ZERO_BASE)
        .mask(prev.isna(), NOTE_NO_BASE)
        .mask(cur.isna(), NOTE_NO_CURRENT)
    )
    out = pd.DataFrame(
        {"change": change, "growth_pct": growth.astype("Float64"), "note": note}, index=cur.index
    )
    if pd.api.types.is_integer_dtype(current.dtype) and pd.api.types.is_integer_dtype(
        previous.dtype
    ):
        out["change"] = out["change"].astype("Int64")
    return out
