"""The records model: one tidy DataFrame, one row per figure as a report states it.

See ``docs/records.md`` for the full vocabulary. In short, every row is one figure:

=============  ============  =======================================================================
column         dtype         meaning
=============  ============  =======================================================================
agency         str           the reporting agency (泸州市统计局)
year           Int64         the report year
form           str           the report's format: ``narrative`` (pre-2019), ``2019`` or ``2021``
section        str           proactive, channel, article20, applications, outcomes, fees,
                             reconsideration, litigation; other (other counts a report states)
item           str           the canonical item counted (工作动态类, 商业秘密, 予以公开, …)
parent         str           the item this one is a part of (a refusal reason's parent is 不予公开)
applicant      str           standard-form section 三 column (自然人 … 总计); 总计 elsewhere
field          str           the table column of section 二/四 tables (本年制发件数, 结果维持, …)
measure        str           count, change, amount, share_pct, growth_pct or rate_pct
count          Int64         the figure, for measures count and change
value          Float64       the figure, for measures amount, share_pct, growth_pct and rate_pct
unit           str           条, 件, 次, 项, 万元, 元, %
base           str           for share_pct: the item the percentage is of
decimals       Int64         for printed percentages and rates: how many decimals were printed
approx         boolean       True when the report gives the figure as approximate (400余条)
label          str           the label as the source wrote it
source         str           file + sheet!cell, text line and span, or ``derived: …``
=============  ============  =======================================================================

String columns have pandas' ``str`` dtype (pyarrow storage when pyarrow is installed; missing is
NaN), the others masked dtypes (missing is ``pd.NA``). NA means "not reported or not applicable",
never 0.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ._arrays import STRING
from ._checks import closest, resolve_code
from ._numbers import MAX_FIGURE, NA_TOKENS, TOO_LARGE
from ._vocab import (
    APPLICANT_VALUES,
    ARTICLE20_ITEMS,
    CLOSED_ITEMS,
    CODES,
    COUNT_MEASURES,
    FORMS,
    KEY_ITEMS,
    MEASURES,
    PROACTIVE_TOTAL,
    SECTIONS,
    STANDARD_OUTCOME_ITEMS,
    TOTAL,
    VALUE_MEASURES,
    label_key,
)
from .errors import SchemaError

#: The records columns and their dtypes, in order.
SCHEMA: dict[str, str] = {
    "agency": STRING,
    "year": "Int64",
    "form": STRING,
    "section": STRING,
    "item": STRING,
    "parent": STRING,
    "applicant": STRING,
    "field": STRING,
    "measure": STRING,
    "count": "Int64",
    "value": "Float64",
    "unit": STRING,
    "base": STRING,
    "decimals": "Int64",
    "approx": "boolean",
    "label": STRING,
    "source": STRING,
}
COLUMNS: tuple[str, ...] = tuple(SCHEMA)
#: The columns that identify a figure: two rows with equal keys are a duplicate figure.
KEY: tuple[str, ...] = (
    "agency",
    "year",
    "section",
    "parent",
    "item",
    "applicant",
    "field",
    "measure",
    "base",
)
_REQUIRED = ("agency", "year", "section", "item", "measure")
#: what a column left out holds
DEFAULTS: dict[str, Any] = {"applicant": TOTAL, "approx": False}


def empty_records() -> pd.DataFrame:
    """An empty records DataFrame with the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SCHEMA.items()})


def make_records(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build records from dicts; missing keys become NA (``applicant`` 总计, ``approx`` False).

    >>> r = make_records([{"agency": "泸州市统计局", "year": 2017, "section": "proactive",
    ...                    "item": "主动公开政府信息总数", "measure": "count", "count": 811,
    ...                    "unit": "条"}])
    >>> r.loc[0, "item"], int(r.loc[0, "count"]), r.loc[0, "applicant"]
    ('主动公开政府信息总数', 811, '总计')
    """
    frame = pd.DataFrame.from_records(list(rows), columns=list(COLUMNS))
    return as_records(frame)


def as_records(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with the records columns in order and cast to their dtypes.

    Missing optional columns are added as NA; extra columns are kept after the records columns.
    Raises :class:`SchemaError` if a column cannot be cast.
    """
    out = frame.copy()
    for col, default in DEFAULTS.items():
        if col not in out:
            out[col] = default
        else:
            out[col] = out[col].astype(object).where(out[col].notna(), default)
    for col, dtype in SCHEMA.items():
        if col not in out:
            out[col] = pd.Series(pd.NA, index=out.index, dtype=dtype)
    out, problems = _cast_columns(out)
    if problems:
        raise SchemaError(failure_cases(problems))
    extra = [c for c in out.columns if c not in SCHEMA]
    return out[list(COLUMNS) + extra]


def _cast_columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """``frame`` with each records column it has cast to its dtype; a column that cannot be cast is
    dropped and described in the returned problems (check "wrong type")."""
    problems = []
    for col, dtype in SCHEMA.items():
        if col not in frame:
            continue
        try:
            frame[col] = _cast(frame[col], dtype)
        except (TypeError, ValueError, OverflowError) as exc:
            problems.append(
                {
                    "check": "wrong type",
                    "column": col,
                    "row": pd.NA,
                    "value": str(frame[col].dtype),
                    "message": f"expected {dtype}: {exc}",
                }
            )
            frame = frame.drop(columns=col)
    return frame, problems


def _cast(series: pd.Series, dtype: str) -> pd.Series:
    if dtype in ("Int64", "Float64") and str(series.dtype) != dtype and series.dtype.kind in "Oifu":
        numbers = series if series.dtype.kind != "O" else pd.to_numeric(series, errors="coerce")
        values = np.abs(numbers.to_numpy(dtype="float64", na_value=np.nan))
        beyond = values >= MAX_FIGURE  # NaN: False
        if beyond.any():
            at = int(np.argmax(beyond))
            raise ValueError(f"{series.iloc[at]!r} (row {series.index[at]!r}) is not {TOO_LARGE}")
    if dtype == "Int64" and series.dtype.kind == "f":
        frac = series.dropna() % 1
        if (frac != 0).any():
            raise ValueError(
                f"{series[series.notna() & (series % 1 != 0)].iloc[0]!r} is not a whole number"
            )
    if dtype == STRING and series.dtype == object:
        series = series.map(
            lambda v: v if v is None or v is pd.NA or isinstance(v, str) or v != v else str(v)
        )
    return series.astype(dtype)


def validate(records: pd.DataFrame) -> pd.DataFrame:
    """Check ``records`` against the records model; return them cast to the schema dtypes.

    Every problem is collected first (missing column, wrong type, missing agency/year/item, unknown
    section, measure, applicant or form, a figure in the wrong value column, a negative count, a
    duplicate figure); if there are any, one :class:`~luzhou_disclosure.errors.SchemaError` is
    raised whose ``failure_cases`` DataFrame lists them all (columns check, column, row, value,
    message). The input is not modified.

    >>> import luzhou_disclosure as ld
    >>> len(validate(ld.load_example())) > 0
    True
    """
    problems: list[dict[str, Any]] = []
    missing = [c for c in _REQUIRED if c not in records.columns]
    for col in missing:
        problems.append(
            {
                "check": "missing column",
                "column": col,
                "row": pd.NA,
                "value": pd.NA,
                "message": f"required column {col!r} is missing",
            }
        )
    frame, cast_problems = _cast_columns(records.copy())
    problems += cast_problems
    if missing:
        raise SchemaError(failure_cases(problems))

    def flag(mask: pd.Series, check: str, column: str, message: str) -> None:
        for idx in mask[mask.fillna(False)].index:
            val = frame.at[idx, column] if column in frame else pd.NA
            problems.append(
                {"check": check, "column": column, "row": idx, "value": val, "message": message}
            )

    for col in ("agency", "year", "section", "item", "measure"):
        if col in frame:
            flag(frame[col].isna(), "missing value", col, f"{col} is required for every figure")
    checks = (
        ("section", SECTIONS),
        ("measure", MEASURES),
        ("applicant", APPLICANT_VALUES),
        ("form", FORMS),
    )
    for col, allowed in checks:
        if col in frame:
            flag(
                frame[col].notna() & ~frame[col].isin(list(allowed)),
                f"unknown {col}",
                col,
                f"expected one of {', '.join(allowed)}",
            )
    if {"measure", "count", "value"} <= set(frame.columns):
        is_count = frame["measure"].isin(list(COUNT_MEASURES))
        is_value = frame["measure"].isin(list(VALUE_MEASURES))
        flag(
            is_count & frame["value"].notna(),
            "wrong value column",
            "value",
            "counts and changes go in column 'count', not 'value'",
        )
        flag(
            is_value & frame["count"].notna(),
            "wrong value column",
            "count",
            "amounts and percentages go in column 'value', not 'count'",
        )
        flag(
            (frame["measure"] == "count") & (frame["count"] < 0),
            "negative count",
            "count",
            "a count cannot be negative",
        )
        flag(
            (frame["measure"] == "amount") & (frame["value"] < 0),
            "negative count",
            "value",
            "an amount cannot be negative",
        )
    for col in ("section", "measure", "applicant", "form", "parent", "field", "unit", "base"):
        if col in frame:
            values = frame[col].astype(STRING)
            tokens = (
                values.str.normalize("NFKC")
                .str.replace(r"\s+", "", regex=True)
                .str.lower()
                .isin(list(NA_TOKENS))
            )
            flag(
                tokens & values.notna(),
                "NA written as text",
                col,
                "a value such as '—', '/', '无' or '不适用' means not reported: leave the cell NA "
                "instead",
            )
    if "base" in frame and "measure" in frame:
        flag(
            (frame["measure"] == "share_pct") & frame["base"].isna(),
            "missing value",
            "base",
            "a printed percentage needs the item it is a share of in column 'base'",
        )
    key = [c for c in KEY if c in frame]
    dup = frame.duplicated(subset=key, keep="first") & frame.duplicated(subset=key, keep=False)
    flag(
        dup,
        "duplicate figure",
        "item",
        "the same figure appears more than once (same " + ", ".join(key) + ")",
    )
    if problems:
        raise SchemaError(failure_cases(problems))
    return as_records(frame)


def failure_cases(problems: list[dict[str, Any]]) -> pd.DataFrame:
    """The ``failure_cases`` table of a :class:`~luzhou_disclosure.errors.SchemaError` from
    the problems found (dicts of check, column, row, value and message), one row each."""
    out = pd.DataFrame(problems, columns=["check", "column", "row", "value", "message"])
    out["value"] = out["value"].astype(object)
    return out


def concat_records(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate records DataFrames, keeping the schema dtypes (an empty input gives empty
    records)."""
    frames = [as_records(f) for f in frames if len(f)]
    if not frames:
        return empty_records()
    return as_records(pd.concat(frames, ignore_index=True))


# --- codes and items as people type them -------------------------------------------------------

#: the columns of a problem found by :func:`normalise_codes`
PROBLEM_COLUMNS = ("row", "column", "value", "expected", "closest", "severity")
#: how alike an item and an item the analyses look for must be to warn that it may be a typo
_NEAR_MISS = 0.8


def normalise_codes(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Codes and items typed by people, made the vocabulary's; and every cell that is not in it.

    - ``section``, ``measure``, ``form`` and ``applicant`` must be codes, in any width or case, or a
      documented alias (主动公开 → ``proactive``; docs/records.md); anything else is an error.
    - Items of a section whose items form a closed list (``applications``, ``reconsideration``,
      ``litigation``; ``outcomes`` and ``article20`` of a 2019 or 2021 form) must be those items.
      In ``proactive`` every item but the total 主动公开政府信息总数 is a category whose parent is
      that total: a blank parent is filled in, unless the item resembles the total (a misspelled
      total is an error, never a category). A label variant (full-width brackets, traditional
      characters, spaces) becomes the canonical item; anything else is an error.
    - In the other sections items are open; an item or parent that resembles one of the items the
      analyses look for (主动公开政府信息总数, 不予公开, …) without being it is a warning.

    Returns the frame with canonical codes and items, and the problems (:data:`PROBLEM_COLUMNS`:
    ``row`` is the position in ``frame``; ``severity`` is ``error`` or ``warning``).
    """
    out = frame.copy()
    problems: list[dict[str, Any]] = []
    for column in CODES:
        if column not in out:
            continue
        values = out[column].astype(object)
        recoded: dict[Any, str] = {}
        for value in pd.unique(values.dropna()):
            code = resolve_code(column, value)
            if code is None:
                for row in np.flatnonzero((values == value).to_numpy(dtype=bool)):
                    expected = "one of " + ", ".join(CODES[column])
                    problems.append(_problem(int(row), column, value, expected, column))
            elif code != value:
                recoded[value] = code
        if recoded:
            out[column] = values.replace(recoded)
    if {"section", "item"} <= set(out.columns):
        problems += _item_problems(out)
    table = pd.DataFrame(problems, columns=list(PROBLEM_COLUMNS))
    return out, table


def _problem(
    row: int, column: str, value: Any, expected: str, allowed: Any, severity: str = "error"
) -> dict[str, Any]:
    return {
        "row": int(row),
        "column": column,
        "value": value,
        "expected": expected,
        "closest": closest(value, allowed),
        "severity": severity,
    }


def _canonical(value: str, allowed: tuple[str, ...]) -> str | None:
    """``value`` as one of ``allowed`` (or several joined by ``+``, as prose sums are), matched
    through :func:`label_key`; None if it is not one of them."""
    keys = {label_key(a): a for a in allowed}
    parts = [keys.get(label_key(p)) for p in str(value).split("+")]
    return "+".join(parts) if all(parts) else None  # type: ignore[arg-type]


def _closed_items(section: str, form: Any) -> tuple[str, ...] | None:
    """The items of ``section`` in ``form`` when they form a closed list, else None."""
    if section in CLOSED_ITEMS:
        return CLOSED_ITEMS[section]
    if section == "outcomes":
        return STANDARD_OUTCOME_ITEMS.get(form)
    if section == "article20":
        return ARTICLE20_ITEMS.get(form) or tuple(
            dict.fromkeys(i for items in ARTICLE20_ITEMS.values() for i in items)
        )
    return None


def _item_problems(out: pd.DataFrame) -> list[dict[str, Any]]:
    """Check (and canonicalise in place) the items and parents of ``out``; return the problems."""
    cols = ["section", "form", "parent", "item"]
    keys = pd.DataFrame(
        {c: out[c].astype(object) if c in out else pd.Series(None, index=out.index) for c in cols}
    ).reset_index(drop=True)
    keys = keys.where(keys.notna(), None)
    problems: list[dict[str, Any]] = []
    fixed: dict[str, dict[int, str]] = {"parent": {}, "item": {}}
    groups = keys.groupby(cols, dropna=False, sort=False).indices
    total = (PROACTIVE_TOTAL,)
    for (section, form, parent, item), rows in groups.items():
        if section not in SECTIONS or _na(item):
            continue
        if section == "proactive" and _na(parent) and _canonical(item, total) is None:
            if closest(item, total) is None:  # a category typed without its parent
                fixed["parent"].update(dict.fromkeys(rows.tolist(), PROACTIVE_TOTAL))
                parent = PROACTIVE_TOTAL
        strict = _strict_checks(section, form, parent, item)
        for column, value, allowed, expected in strict:
            canonical = _canonical(value, allowed)
            if canonical is None:
                problems += [_problem(r, column, value, expected, allowed) for r in rows]
            elif canonical != value:
                fixed[column].update(dict.fromkeys(rows.tolist(), canonical))
        checked = {column for column, *_ in strict}
        for column, value in (("item", item), ("parent", parent)):
            if column in checked or _na(value) or value in KEY_ITEMS:
                continue
            near = difflib.get_close_matches(str(value), KEY_ITEMS, n=1, cutoff=_NEAR_MISS)
            if near:
                expected = f"any label, but the analyses look for {near[0]} by name"
                problems += [_problem(r, column, value, expected, near, "warning") for r in rows]
    for column, changes in fixed.items():
        if changes:
            if column not in out:
                out[column] = None
            values = out[column].astype(object).to_numpy(copy=True)
            for row, canonical in changes.items():
                values[row] = canonical
            out[column] = values
    return problems


def _strict_checks(
    section: str, form: Any, parent: Any, item: Any
) -> list[tuple[str, Any, tuple[str, ...], str]]:
    """(column, value, allowed, expected) of what must be in a closed list for this figure."""
    total = (PROACTIVE_TOTAL,)
    if section == "proactive" and _na(parent):
        expected = f"{PROACTIVE_TOTAL}, the total (or give a category its parent, the total)"
        return [("item", item, total, expected)]
    if section == "proactive":
        return [("parent", parent, total, f"{PROACTIVE_TOTAL} (the parent of every category)")]
    allowed = _closed_items(section, form)
    if allowed is None:
        return []
    where = f"section {section}" + (
        f", form {form}" if section in ("outcomes", "article20") and form in FORMS else ""
    )
    return [("item", item, allowed, f"an item of {where}: {', '.join(allowed)}")]


def _na(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)
