"""Findings: the tidy table that ``audit`` and ``check`` return, one row per check made.

Columns (in order):

=============  =========  ===================================================================
rule           string     the rule id (``printed_share``, ``printed_growth``, ``parts_total``,
                          ``R1`` … ``R10`` for the consistency rules of formats.md §4, …)
ok             boolean    True when the check passed
severity       string     ``error`` or ``warning`` for a failed check, ``ok`` for a passed one
agency         string
year           Int64
section        string
item           string     the item checked (a percentage's item, a total, …)
applicant      string
field          string
expected       Float64    what the figure should be (recomputed at the printed precision)
found          Float64    what the report states
difference     Float64    found − expected
message        string     a sentence a person can act on
sources        string     the sources of every figure involved, joined with " | "
=============  =========  ===================================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

FINDINGS_SCHEMA: dict[str, str] = {
    "rule": "string",
    "ok": "boolean",
    "severity": "string",
    "agency": "string",
    "year": "Int64",
    "section": "string",
    "item": "string",
    "applicant": "string",
    "field": "string",
    "expected": "Float64",
    "found": "Float64",
    "difference": "Float64",
    "message": "string",
    "sources": "string",
}
SOURCE_SEPARATOR = " | "


def make_findings(rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> pd.DataFrame:
    """Build a findings DataFrame from dicts or a DataFrame (missing columns become NA);
    ``difference`` is filled from ``found − expected`` when absent, ``severity`` defaults to
    ``ok`` / ``error`` from ``ok``."""
    if isinstance(rows, pd.DataFrame):
        frame = rows.reindex(columns=list(FINDINGS_SCHEMA)).reset_index(drop=True)
    else:
        frame = pd.DataFrame.from_records(list(rows), columns=list(FINDINGS_SCHEMA))
    for col, dtype in FINDINGS_SCHEMA.items():
        if isinstance(frame[col].dtype, pd.CategoricalDtype):
            frame[col] = frame[col].astype(object)
        frame[col] = frame[col].astype(dtype)
    frame["difference"] = frame["difference"].fillna(frame["found"] - frame["expected"])
    default = frame["ok"].map({True: "ok", False: "error"}).astype("string")
    frame["severity"] = frame["severity"].fillna(default)
    return frame.reset_index(drop=True)


def join_sources(sources: Iterable[Any]) -> str:
    """Join the distinct non-NA sources of the figures involved, in order."""
    seen: list[str] = []
    for s in sources:
        if s is not None and s is not pd.NA and s == s and str(s) not in seen:
            seen.append(str(s))
    return SOURCE_SEPARATOR.join(seen)


def group_sources(frame: pd.DataFrame, keys: list[str], column: str = "source") -> tuple[pd.DataFrame, list[str]]:
    """Groups of ``frame`` by ``keys`` (in order of first appearance) and, for each, its distinct
    sources joined with " | " in row order.

    Returns the group keys as a DataFrame and the joined strings, aligned. One pass over numpy
    arrays: fast enough for millions of rows, where a Python function per group is not.
    """
    grouped = frame.groupby(keys, sort=False, observed=True, dropna=False)
    groups = grouped.size().reset_index()[keys]
    n = len(groups)
    if n == 0:
        return groups, []
    if not frame[column].notna().any():
        return groups, [""] * n
    sources = frame[column].to_numpy(dtype=object, na_value=None)
    codes = grouped.ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    sorted_codes, sorted_sources = codes[order], sources[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    joined = [SOURCE_SEPARATOR.join(dict.fromkeys(s for s in chunk if isinstance(s, str) and s))
              for chunk in np.split(sorted_sources, starts[1:])]
    return groups, joined


def style_findings(findings: pd.DataFrame):
    """A pandas Styler that shows findings readably in a notebook: failed rows tinted by severity.

    >>> import luzhou_disclosure as ld
    >>> html = ld.style_findings(ld.audit(ld.load_example())).to_html()
    >>> "printed_share" in html
    True
    """
    colours = {"error": "background-color: #fde2e1", "warning": "background-color: #fff4ce"}

    def tint(row: pd.Series) -> list[str]:
        return [colours.get(str(row.get("severity")), "")] * len(row)

    return findings.style.apply(tint, axis=1).format(
        {c: "{:.2f}" for c in ("expected", "found", "difference")}, na_rep="—"
    )



def texts(values: np.ndarray | pd.Series, fmt) -> np.ndarray:
    """``fmt(v)`` for each value as an object array, calling ``fmt`` once per distinct value (NA is
    passed as ``None``, numbers as floats). Messages are f-strings of such pieces: formatting the
    numbers is what costs, and distinct figures are few."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        uniques = list(values.cat.categories)
    else:
        if isinstance(values, pd.Series):
            if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
                values = values.to_numpy(dtype="float64", na_value=np.nan)
            else:
                values = values.to_numpy(dtype=object, na_value=None)
        codes, uniques = pd.factorize(np.asarray(values), use_na_sentinel=True)
        uniques = list(uniques)
    na = [fmt(None)] if (codes < 0).any() else [""]
    formatted = np.array([fmt(None if u is pd.NA or (isinstance(u, float) and u != u) else u) for u in uniques] + na,
                         dtype=object)
    return formatted[codes]
