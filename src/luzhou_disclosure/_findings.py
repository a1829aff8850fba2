"""Findings: the tidy table that ``audit`` and ``check`` return, one row per check made.

Columns (in order):

=============  =========  ===================================================================
rule           string     the rule id: ``R1`` … ``R10``, the rules of docs/formats.md §4 (the
                          audit's checks are R5 and R6, their names opening the message), …
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
categorical into a ``string`` column by taking from its categories (one copy of the strings'
bytes, made by the string array's own ``take``), not by converting a string per row.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ._arrays import STRING
from .errors import DisclosureWarning

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
        frame[col] = findings_column(frame[col], dtype)
    frame["difference"] = frame["difference"].fillna(frame["found"] - frame["expected"])
    default = frame["ok"].map({True: "ok", False: "error"}).astype(STRING)
    frame["severity"] = frame["severity"].fillna(default)
    return frame.reset_index(drop=True)


def warn_first(
    findings: list[dict[str, Any]], see: str | None = None, *, path: object = None
) -> None:
    """Warn of the first of a reading's findings (its sources, else ``path``), saying how many
    more there are and where to ``see`` them; the warning points at the caller's caller."""
    first = findings[0]
    source = first.get("sources")
    if not source and path is not None:
        source = path
    where = f"; {see}" if see else ""
    more = f" (and {len(findings) - 1} more{where})" if len(findings) > 1 else ""
    warnings.warn(f"{source}: {first.get('message')}{more}", DisclosureWarning, stacklevel=3)


def findings_column(values: pd.Series, dtype: str) -> pd.Series:
    """A column of findings in its ``dtype`` (:data:`FINDINGS_SCHEMA`); a categorical becomes a
    ``string`` column by taking from its categories, not by making a string per row."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        if dtype == STRING:
            cat = values.array
            cats = pd.array(np.asarray(cat.categories, dtype=object), dtype=STRING)
            return pd.Series(
                cats.take(np.asarray(cat.codes, dtype=np.intp), allow_fill=True),
                index=values.index,
            )
        values = values.astype(object)
    return values.astype(dtype)


def categorical(values: Any, n: int | None = None) -> pd.Categorical:
    """``values`` (a scalar repeated ``n`` times, an array, a Series or a categorical) as a
    categorical."""
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


def messages(passed: np.ndarray, message: str, detail) -> pd.Categorical:
    """The message of each check: ``message`` where ``passed``, else ``detail(rows)``, the detailed
    messages of the other rows (an array of row numbers). A categorical: the passed checks share
    one category, so that millions of them cost a code each."""
    passed = np.asarray(passed, dtype=bool)
    codes = np.zeros(len(passed), dtype=np.int64)
    rows = np.flatnonzero(~passed)
    failed: Any = []
    if len(rows):
        codes[rows], failed = pd.factorize(np.asarray(list(detail(rows)), dtype=object))
        codes[rows] += 1
    categories = np.asarray([message, *failed], dtype=object)
    if len(set(categories)) < len(categories):  # a detailed message that is the passed one
        return categorical(categories[codes])
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))


#: columns held as categoricals until the findings are made: the repeated text columns, and the
#: messages and sources (a passed check's message is one string shared by every row that has it)
_CATEGORICAL = (
    "rule",
    "severity",
    "agency",
    "section",
    "item",
    "applicant",
    "field",
    "message",
    "sources",
)


def compact(frame: pd.DataFrame) -> pd.DataFrame:
    """A rule's raw findings with only the findings columns: the text columns as categoricals."""
    n = len(frame)
    out = {}
    for col in FINDINGS_SCHEMA:
        if col not in frame:
            continue
        if col in _CATEGORICAL:
            out[col] = categorical(frame[col], n)
        else:
            out[col] = frame[col].array
    return pd.DataFrame(out, copy=False)


def union_categories(parts: list[pd.Categorical]) -> pd.Categorical:
    """The categoricals ``parts`` one after another, their categories unified in order of first
    appearance: what ``union_categoricals(parts, ignore_order=True)`` gives, in time linear in
    the categories and codes (one hash table of all the parts' categories; pandas hashes each
    part's categories again, which grows with parts × categories when there are hundreds of
    parts of a panel's findings). The categories keep the dtype the parts share (else object)."""
    if not parts:
        raise ValueError("no categoricals to unite")
    dtypes = {p.categories.dtype for p in parts}
    every = np.concatenate([np.asarray(p.categories, dtype=object) for p in parts])
    new, uniques = pd.factorize(every)
    codes = np.concatenate([np.asarray(p.codes, dtype=np.int64) for p in parts])
    starts = np.repeat(
        np.cumsum([0] + [len(p.categories) for p in parts[:-1]]), [len(p) for p in parts]
    )
    known = codes >= 0
    codes[known] = new[starts[known] + codes[known]]
    dtype = dtypes.pop() if len(dtypes) == 1 else np.dtype(object)
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=dtype))


def concat_findings(parts: list[pd.DataFrame], columns: Iterable[str]) -> pd.DataFrame:
    """Concatenate raw findings frames: the text columns as categoricals (categories unified, no
    string per row), the others as arrays."""
    n = [len(p) for p in parts]
    out = {}
    for col in columns:
        if col in _CATEGORICAL:
            out[col] = union_categories(
                [
                    categorical(p[col], len(p)) if col in p else categorical(None, len(p))
                    for p in parts
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
    numbers is what costs, and distinct figures are few. Of a categorical only the categories the
    values use are formatted (a panel's agency column has every agency for a category)."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        codes, used = pd.factorize(values.cat.codes.to_numpy())
        categories = values.cat.categories
        formatted = np.array(
            [fmt(None) if c < 0 else fmt(_none_if_na(categories[c])) for c in used], dtype=object
        )
        return formatted[codes]
    if isinstance(values, pd.Series):
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
            values.dtype
        ):
            values = values.to_numpy(dtype="float64", na_value=np.nan)
        else:
            values = values.to_numpy(dtype=object, na_value=None)
    codes, uniques = pd.factorize(np.asarray(values), use_na_sentinel=True)
    na = [fmt(None)] if (codes < 0).any() else [""]
    formatted = np.array([fmt(_none_if_na(u)) for u in uniques] + na, dtype=object)
    return formatted[codes]


def _none_if_na(value: Any) -> Any:
    return None if value is pd.NA or (isinstance(value, float) and value != value) else value
