"""The records model: one tidy DataFrame, one row per figure as a report states it.

See ``docs/records.md`` for the full vocabulary. In short, every row is one figure:

=============  ============  =========================================================================
column         dtype         meaning
=============  ============  =========================================================================
agency         str           the reporting agency (泸州市统计局)
year           Int64         the report year
form           str           the report's format: ``narrative`` (pre-2019), ``2019`` or ``2021``
section        str           proactive, channel, article20, applications, outcomes, fees,
                             reconsideration, litigation; other (other counts a report states)
item           str           the canonical item counted (工作动态类, 商业秘密, 予以公开, …)
parent         str           the item this one is a part of (a refusal reason's parent is 不予公开)
applicant      str           standard-form section 三 column (自然人 … 总计); 总计 elsewhere
field          str           the table column of section 二/四 tables (本年制发件数, 结果维持, …)
measure        str           count, change, amount, share_pct or growth_pct
count          Int64         the figure, for measures count and change
value          Float64       the figure, for measures amount, share_pct and growth_pct
unit           str           条, 件, 次, 项, 万元, 元, %
base           str           for share_pct: the item the percentage is of
decimals       Int64         for printed percentages and rates: how many decimals were printed
approx         boolean       True when the report gives the figure as approximate (400余条)
label          str           the label as the source wrote it
source         str           file + sheet!cell, text line and span, or ``derived: …``
=============  ============  =========================================================================

String columns have pandas' ``str`` dtype (pyarrow storage when pyarrow is installed; missing is
NaN), the others masked dtypes (missing is ``pd.NA``). NA means "not reported or not applicable",
never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ._arrays import STRING
from ._numbers import NA_TOKENS
from ._vocab import (
    APPLICANT_VALUES,
    COUNT_MEASURES,
    FORMS,
    MEASURES,
    SECTIONS,
    TOTAL,
    VALUE_MEASURES,
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
_DEFAULTS: dict[str, Any] = {"applicant": TOTAL, "approx": False}


def empty_records() -> pd.DataFrame:
    """An empty records DataFrame with the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SCHEMA.items()})


def make_records(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build records from dicts; missing keys become NA (``applicant`` 总计, ``approx`` False).

    >>> r = make_records([{"agency": "泸州市统计局", "year": 2017, "section": "proactive",
    ...                    "item": "主动公开政府信息总数", "measure": "count", "count": 811, "unit": "条"}])
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
    for col, default in _DEFAULTS.items():
        if col not in out:
            out[col] = default
        else:
            out[col] = out[col].astype(object).where(out[col].notna(), default)
    for col, dtype in SCHEMA.items():
        if col not in out:
            out[col] = pd.Series(pd.NA, index=out.index, dtype=dtype)
    out, problems = _cast_columns(out)
    if problems:
        raise SchemaError(_failures(problems))
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
        except (TypeError, ValueError) as exc:
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
        raise SchemaError(_failures(problems))

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
                "a value such as '—', '/', '无' or '不适用' means not reported: leave the cell NA instead",
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
        raise SchemaError(_failures(problems))
    return as_records(frame)


def _failures(problems: list[dict[str, Any]]) -> pd.DataFrame:
    out = pd.DataFrame(problems, columns=["check", "column", "row", "value", "message"])
    out["value"] = out["value"].astype(object)
    return out


def concat_records(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate records DataFrames, keeping the schema dtypes (an empty input gives empty records)."""
    frames = [as_records(f) for f in frames if len(f)]
    if not frames:
        return empty_records()
    return as_records(pd.concat(frames, ignore_index=True))
