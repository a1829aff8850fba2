"""Audit the figures a report prints against what they should be.

``audit`` recomputes every printed percentage (``share_pct``) and growth rate (``growth_pct``) from
the counts at the printed precision, rounded half up, and checks parts against their totals. It
returns a findings table (see :mod:`luzhou_disclosure._findings`) with one row per check, passed
or failed, naming the sources of the figures involved.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._findings import SOURCE_SEPARATOR, group_sources, make_findings
from ._numbers import percent_half_up
from ._vocab import TOTAL
from .records import SCHEMA

_GROUP = ["agency", "year"]
_ITEM = ["section", "parent", "item", "applicant", "field"]
_EMPTY = "∅NA∅"  # stands for NA in key columns (a NUL byte does not survive string arrays)


def audit(records: pd.DataFrame) -> pd.DataFrame:
    """Check every printed percentage and growth rate, and every total against its parts.

    Rules:

    - ``printed_share``: a printed share equals the item's count ÷ the ``base`` item's count × 100,
      rounded half up to the printed decimals.
    - ``printed_growth``: a printed growth rate equals (this year − last year) ÷ last year × 100,
      rounded half up to the printed decimals.
    - ``parts_total``: the parts of a stated total (rows whose ``parent`` is that item) add up to it;
      parts above their total are an error, parts below it a warning.

    A check that cannot be made (the base or last year's figure is missing) is a warning saying so.
    A failure involving an approximate figure (400余条) is a warning, not an error.

    Parameters
    ----------
    records
        Records of any number of agencies and years.

    Returns
    -------
    DataFrame
        Findings: rule, ok, severity, agency, year, section, item, applicant, field, expected,
        found, difference, message, sources.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> findings = ld.audit(ld.load_example())
    >>> bool(findings["ok"].all()), len(findings)
    (True, 21)
    """
    keyed = keyed_records(records)
    cnt = keyed[keyed["measure"] == "count"]
    parts = [_shares(keyed, cnt), _growth(keyed, cnt), _parts_total(cnt)]
    parts = [p for p in parts if len(p)]
    if not parts:
        return make_findings([])
    out = pd.concat(parts, ignore_index=True)
    for col in _ITEM:
        if col in out:
            values = out[col].astype(object)
            out[col] = values.where(values != _EMPTY, None)
    return make_findings(out)


_AUDIT_COLUMNS = ("agency", "year", "section", "parent", "item", "applicant", "field", "measure",
                  "count", "value", "base", "decimals", "approx", "source")
#: columns whose NA is replaced by the sentinel in :func:`keyed_records`
SENTINEL_COLUMNS = (*_ITEM, "base", "form")


def keyed_records(records: pd.DataFrame, columns: tuple[str, ...] = _AUDIT_COLUMNS) -> pd.DataFrame:
    """The columns a check needs, with NA in the key columns (``SENTINEL_COLUMNS``) replaced by a
    sentinel so that merges and groupings match NA with NA. Categorical columns stay categorical
    (fast at scale); the input is not modified and not cast as a whole."""
    out = {}
    for col in columns:
        if col not in records:
            out[col] = pd.Series(pd.NA, index=records.index, dtype=SCHEMA[col])
            if col == "approx":
                out[col] = out[col].fillna(False)
            continue
        series = records[col]
        if col in SENTINEL_COLUMNS:
            if isinstance(series.dtype, pd.CategoricalDtype):
                if _EMPTY not in series.cat.categories:
                    series = series.cat.add_categories([_EMPTY])
                series = series.fillna(_EMPTY)
            else:
                series = series.astype("string").fillna(_EMPTY)
        elif col == "approx":
            series = series.astype("boolean").fillna(False)
        elif col in ("count", "decimals"):
            series = series.astype("Int64")
        elif col == "value":
            series = series.astype("Float64")
        out[col] = series
    return pd.DataFrame(out, index=records.index)


def _first(frame: pd.DataFrame, keys: list[str], cols: dict[str, str]) -> pd.DataFrame:
    return frame.drop_duplicates(subset=keys)[[*keys, *cols]].rename(columns=cols)


def _shares(keyed: pd.DataFrame, cnt: pd.DataFrame) -> pd.DataFrame:
    shares = keyed[keyed["measure"] == "share_pct"]
    if shares.empty:
        return pd.DataFrame()
    part = _first(cnt, [*_GROUP, *_ITEM], {"count": "part", "source": "part_source", "approx": "part_approx"})
    base = _first(cnt[cnt["applicant"] == TOTAL], [*_GROUP, "item"],
                  {"count": "base_count", "source": "base_source", "approx": "base_approx"}).rename(columns={"item": "base"})
    m = shares.merge(part, on=[*_GROUP, *_ITEM], how="left").merge(base, on=[*_GROUP, "base"], how="left")
    decimals = m["decimals"].fillna(m["value"].map(_decimals_shown)).astype("int64")
    expected = percent_half_up(m["part"].astype("Float64").to_numpy(na_value=np.nan),
                               m["base_count"].astype("Float64").to_numpy(na_value=np.nan), decimals.to_numpy())
    found = m["value"].astype("float64").to_numpy(na_value=np.nan)
    ok = np.isclose(found, expected, rtol=0, atol=0.5 * 10.0 ** -(decimals.to_numpy() + 1))
    checkable = ~np.isnan(expected)
    approx = (m["part_approx"].fillna(False) | m["base_approx"].fillna(False)).to_numpy(dtype=bool)
    severity = np.where(ok & checkable, "ok", np.where(~checkable | approx, "warning", "error"))
    message = [
        _share_message(item, part, base_count, base, value, e, d, c)
        for item, part, base_count, base, value, e, d, c in zip(
            _objects(m["item"]), _objects(m["part"]), _objects(m["base_count"]), _objects(m["base"]),
            found, expected, decimals.to_numpy(), checkable, strict=True)
    ]
    return pd.DataFrame({
        "rule": "printed_share", "ok": ok & checkable, "severity": severity,
        **{c: m[c].to_numpy() for c in (*_GROUP, *_ITEM)},
        "expected": expected, "found": found, "message": message,
        "sources": _join_columns(m["source"], m["part_source"], m["base_source"]),
    })


def _share_message(item, part, base_count, base, value, expected: float, decimals: int, checkable: bool) -> str:
    if part is None:
        return f"printed share of {item} cannot be checked: no count for {item}"
    if base_count is None:
        return f"printed share of {item} cannot be checked: no count for its base {base}"
    if not checkable:
        return f"printed share of {item} cannot be checked: its base {base} is 0"
    return f"{item}: {part} ÷ {base_count} ({base}) = {expected:.{decimals}f}%, printed {value:.{decimals}f}%"


def _objects(series: pd.Series) -> np.ndarray:
    """Values as Python objects, NA as None (fast to iterate)."""
    return series.to_numpy(dtype=object, na_value=None)


def _growth(keyed: pd.DataFrame, cnt: pd.DataFrame) -> pd.DataFrame:
    growth = keyed[keyed["measure"] == "growth_pct"]
    if growth.empty:
        return pd.DataFrame()
    key = ["agency", *_ITEM]
    cur = _first(cnt, [*key, "year"], {"count": "current", "source": "current_source", "approx": "current_approx"})
    prev = _first(cnt, [*key, "year"], {"count": "previous", "source": "previous_source", "approx": "previous_approx"})
    prev = prev.assign(year=prev["year"] + 1)
    m = growth.merge(cur, on=[*key, "year"], how="left").merge(prev, on=[*key, "year"], how="left")
    decimals = m["decimals"].fillna(m["value"].map(_decimals_shown)).astype("int64")
    change = (m["current"].astype("Float64") - m["previous"].astype("Float64")).to_numpy(na_value=np.nan)
    expected = percent_half_up(change, m["previous"].astype("Float64").to_numpy(na_value=np.nan), decimals.to_numpy())
    found = m["value"].astype("float64").to_numpy(na_value=np.nan)
    checkable = ~np.isnan(expected)
    ok = np.isclose(found, expected, rtol=0, atol=0.5 * 10.0 ** -(decimals.to_numpy() + 1)) & checkable
    approx = (m["current_approx"].fillna(False) | m["previous_approx"].fillna(False)).to_numpy(dtype=bool)
    severity = np.where(ok, "ok", np.where(~checkable | approx, "warning", "error"))
    message = []
    for item, cur, prev, value, e, d, c in zip(
            _objects(m["item"]), _objects(m["current"]), _objects(m["previous"]), found, expected,
            decimals.to_numpy(), checkable, strict=True):
        if not c:
            why = "no count for this year" if cur is None else "no count for last year" if prev is None else "last year is 0"
            message.append(f"printed growth of {item} cannot be checked: {why}")
        else:
            message.append(f"{item}: ({cur} − {prev}) ÷ {prev} = {e:.{d}f}%, printed {value:.{d}f}%")
    return pd.DataFrame({
        "rule": "printed_growth", "ok": ok, "severity": severity,
        **{c: m[c].to_numpy() for c in (*_GROUP, *_ITEM)},
        "expected": expected, "found": found, "message": message,
        "sources": _join_columns(m["source"], m["current_source"], m["previous_source"]),
    })


def _parts_total(cnt: pd.DataFrame) -> pd.DataFrame:
    children = cnt[cnt["parent"] != _EMPTY]
    if children.empty:
        return pd.DataFrame()
    link = [*_GROUP, "applicant", "field"]
    grouped = children.groupby([*link, "parent"], sort=False, observed=True, dropna=False)
    sums = grouped.agg(parts=("count", "sum"), n_parts=("count", "size"), any_approx=("approx", "any")).reset_index()
    _, sums["part_sources"] = group_sources(children, [*link, "parent"])
    totals = _first(cnt, [*link, "item"], {"count": "total", "source": "total_source", "approx": "total_approx",
                                          "parent": "total_parent", "section": "section"})
    m = sums.merge(totals.rename(columns={"item": "parent"}), on=[*link, "parent"], how="inner")
    if m.empty:
        return pd.DataFrame()
    parts = m["parts"].astype("float64").to_numpy()
    total = m["total"].astype("Float64").to_numpy(na_value=np.nan)
    ok = parts == total
    approx = (m["any_approx"] | m["total_approx"].fillna(False)).to_numpy(dtype=bool)
    severity = np.where(ok, "ok", np.where((parts > total) & ~approx, "error", "warning"))
    message = [
        f"the {n} parts of {p} add up to {int(s)}, its stated total is {t}" + ("" if s == t else " (parts above total)" if s > t else " (parts below total)")
        for n, p, s, t in zip(m["n_parts"], m["parent"], parts, m["total"], strict=True)
    ]
    return pd.DataFrame({
        "rule": "parts_total", "ok": ok, "severity": severity,
        **{c: m[c].to_numpy() for c in (*_GROUP, "section", "applicant", "field")},
        "parent": m["total_parent"].to_numpy(), "item": m["parent"].to_numpy(),
        "expected": total, "found": parts, "message": message,
        "sources": _join_columns(m["total_source"], m["part_sources"]),
    })


def _decimals_shown(value: float) -> int:
    if pd.isna(value):
        return 2
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def _join_columns(*columns: pd.Series) -> list[str]:
    """Row by row, the distinct sources of several columns joined with " | "."""
    if not any(bool(c.notna().any()) for c in columns):
        return [""] * len(columns[0])
    arrays = [_objects(c) for c in columns]
    return [_join(*row) for row in zip(*arrays, strict=True)]


def _join(*sources: object) -> str:
    seen: list[str] = []
    for s in sources:
        if s is None or s is pd.NA or (isinstance(s, float) and s != s):
            continue
        for part in str(s).split(SOURCE_SEPARATOR):
            if part and part not in seen:
                seen.append(part)
    return SOURCE_SEPARATOR.join(seen)
