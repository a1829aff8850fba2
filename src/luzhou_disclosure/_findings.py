"""Findings: the tidy table that ``audit`` and ``check`` return, one row per check made.

Columns (in order):

=============  =========  ===================================================================
rule           string     the rule id (``printed_share``, ``printed_growth``, ``parts_total``,
                          ``R1`` … ``R10`` for the consistency rules of docs/formats.md §4, …)
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
message        string     a sentence a person can act on; a passed check has a short fixed
                          message per rule (its figures are in expected / found)
sources        string     the sources of every figure involved, joined with " | "
=============  =========  ===================================================================

The dtypes are those of :data:`FINDINGS_SCHEMA`. At panel scale (millions of checks) the columns
are built so that repeated values (rule, severity, agency, section, item, applicant, field, the
fixed pass messages) are one Python string each, shared by every row that has it: the rules build
categoricals (:func:`categorical`, :func:`concat_findings`), and :func:`make_findings` turns a
categorical into a ``string`` column by taking from its categories, not by creating a string per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from ._arrays import STRING

FINDINGS_SCHEMA: dict[str, str] = {
    "rule": STRING,
    "ok": "boolean",
    "severity": STRING,
    "agency": STRING,
    "year": "Int64",
    "section": STRING,
    "item": STRING,
    "applicant": STRING,
    "field": STRING,
    "expected": "Float64",
    "found": "Float64",
    "difference": "Float64",
    "message": STRING,
    "sources": STRING,
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
            if dtype == STRING:  # take from the categories: equal strings stay one object
                cat = frame[col].array
                cats = pd.array(np.asarray(cat.categories, dtype=object), dtype=STRING)
                frame[col] = pd.Series(
                    cats.take(np.asarray(cat.codes, dtype=np.intp), allow_fill=True),
                    index=frame.index,
                )
                continue
            frame[col] = frame[col].astype(object)
        frame[col] = frame[col].astype(dtype)
    frame["difference"] = frame["difference"].fillna(frame["found"] - frame["expected"])
    default = frame["ok"].map({True: "ok", False: "error"}).astype(STRING)
    frame["severity"] = frame["severity"].fillna(default)
    return frame.reset_index(drop=True)


def categorical(values: Any, n: int | None = None) -> pd.Categorical:
    """``values`` (a scalar repeated ``n`` times, an array, a Series or a categorical) as a categorical."""
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values, pd.Categorical):
        if values.categories.dtype == object:
            return values
        return pd.Categorical.from_codes(
            values.codes,
            categories=pd.Index(np.asarray(values.categories, dtype=object), dtype=object),
        )
    if n is not None and (values is None or np.ndim(values) == 0):
        if values is None or values is pd.NA:
            return pd.Categorical.from_codes(
                np.full(n, -1, dtype=np.int8), categories=pd.Index([], dtype=object)
            )
        return pd.Categorical.from_codes(
            np.zeros(n, dtype=np.int8), categories=pd.Index([values], dtype=object)
        )
    arr = np.asarray(
        values.to_numpy(dtype=object, na_value=None) if hasattr(values, "to_numpy") else values
    )
    if arr.dtype.kind != "O":
        arr = arr.astype(object)
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object))


def severities(ok: np.ndarray, warning: np.ndarray | bool = False) -> pd.Categorical:
    """``ok`` where ``ok``, else ``warning`` where ``warning``, else ``error``, as a categorical."""
    ok = np.asarray(ok, dtype=bool)
    codes = np.where(
        ok, 0, np.where(np.broadcast_to(np.asarray(warning, dtype=bool), ok.shape), 2, 1)
    )
    return pd.Categorical.from_codes(
        codes.astype(np.int8), categories=pd.Index(["ok", "error", "warning"], dtype=object)
    )


def messages(passed: np.ndarray, message: str, detail) -> np.ndarray:
    """The message of each check: ``message`` (one shared string) where ``passed``, else
    ``detail(rows)``, the detailed messages of the other rows (an array of row numbers)."""
    passed = np.asarray(passed, dtype=bool)
    out = np.full(len(passed), message, dtype=object)
    rows = np.flatnonzero(~passed)
    if len(rows):
        out[rows] = np.asarray(list(detail(rows)), dtype=object)
    return out


_CATEGORICAL = ("rule", "severity", "agency", "section", "item", "applicant", "field")


def compact(frame: pd.DataFrame) -> pd.DataFrame:
    """A rule's raw findings with only the findings columns: the repeated text columns as
    categoricals, ``message`` and ``sources`` as object arrays (shared strings stay shared)."""
    n = len(frame)
    out = {}
    for col in FINDINGS_SCHEMA:
        if col not in frame:
            continue
        if col in _CATEGORICAL:
            out[col] = categorical(frame[col], n)
        elif col in ("message", "sources"):
            out[col] = frame[col].to_numpy(dtype=object, na_value=None)
        else:
            out[col] = frame[col].array
    return pd.DataFrame(out, copy=False)


def concat_findings(parts: list[pd.DataFrame], columns: Iterable[str]) -> pd.DataFrame:
    """Concatenate raw findings frames: the repeated text columns as categoricals (categories
    unified, no string per row), the others as arrays (``message`` and ``sources`` as objects)."""
    n = [len(p) for p in parts]
    out = {}
    for col in columns:
        if col in _CATEGORICAL:
            out[col] = union_categoricals(
                [
                    categorical(p[col], len(p)) if col in p else categorical(None, len(p))
                    for p in parts
                ],
                ignore_order=True,
            )
        elif col in ("message", "sources"):
            out[col] = np.concatenate(
                [
                    np.asarray(
                        p[col].to_numpy(dtype=object, na_value=None)
                        if hasattr(p[col], "to_numpy")
                        else p[col],
                        dtype=object,
                    )
                    if col in p
                    else np.full(k, None, dtype=object)
                    for p, k in zip(parts, n, strict=True)
                ]
            )
        else:
            out[col] = pd.concat(
                [
                    p[col] if col in p else pd.Series(np.full(k, np.nan))
                    for p, k in zip(parts, n, strict=True)
                ],
                ignore_index=True,
            )
    return pd.DataFrame(out)


def style_findings(findings: pd.DataFrame, *, lang: str = "zh"):
    """A pandas Styler that shows findings readably in a notebook: failed rows tinted by severity,
    figures with two decimals, headers in ``lang`` (``"zh"``, the default, or ``"en"``).

    The data are not changed: the Styler's ``.data`` keeps the column names of the findings.

    >>> import luzhou_disclosure as ld
    >>> html = ld.style_findings(ld.audit(ld.load_example()), lang="en").to_html()
    >>> "printed_share" in html, "expected" in html
    (True, True)
    >>> "应为" in ld.style_findings(ld.audit(ld.load_example())).to_html()
    True
    """
    from ._english import check_lang, column_name

    check_lang(lang)
    colours = {"error": "background-color: #fde2e1", "warning": "background-color: #fff4ce"}

    def tint(row: pd.Series) -> list[str]:
        return [colours.get(str(row.get("severity")), "")] * len(row)

    return (
        findings.style.apply(tint, axis=1)
        .format({c: "{:.2f}" for c in ("expected", "found", "difference")}, na_rep="—")
        .format_index(lambda c: column_name(c, lang), axis="columns")
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
            if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
                values.dtype
            ):
                values = values.to_numpy(dtype="float64", na_value=np.nan)
            else:
                values = values.to_numpy(dtype=object, na_value=None)
        codes, uniques = pd.factorize(np.asarray(values), use_na_sentinel=True)
        uniques = list(uniques)
    na = [fmt(None)] if (codes < 0).any() else [""]
    formatted = np.array(
        [fmt(None if u is pd.NA or (isinstance(u, float) and u != u) else u) for u in uniques] + na,
        dtype=object,
    )
    return formatted[codes]
