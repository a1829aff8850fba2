"""Audit the figures a report prints against what they should be.

``audit`` recomputes every printed percentage (``share_pct``) and growth rate (``growth_pct``) from
the counts at the printed precision, rounded half up, and checks parts against their totals. It
returns a findings table (see :mod:`luzhou_disclosure._findings`) with one row per check, passed
or failed, naming the sources of the figures involved.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._arrays import STRING
from ._checks import check_request
from ._findings import (
    FINDINGS_SCHEMA,
    SOURCE_SEPARATOR,
    categorical,
    compact,
    concat_findings,
    make_findings,
    messages,
    severities,
    texts,
)
from ._keys import groups, keys, lookup, take
from ._numbers import percent_half_up
from ._vocab import TOTAL
from .records import KEY, SCHEMA

_GROUP = ["agency", "year"]
_ITEM = ["section", "parent", "item", "applicant", "field"]
SENTINEL = "∅NA∅"  # stands for NA in key columns (a NUL byte does not survive string arrays)


def audit(records: pd.DataFrame) -> pd.DataFrame:
    """Check every printed percentage and growth rate, and every total against its parts.

    Checks, each under the rule of docs/formats.md §4 it belongs to (``rule``), its own name
    opening the message (``[printed_share] …``):

    - ``printed_share`` (R6): a printed share equals the item's count ÷ the ``base`` item's
      count × 100, rounded half up to the printed decimals.
    - ``printed_growth`` (R6): a printed growth rate equals (this year − last year) ÷ last year
      × 100, rounded half up to the printed decimals.
    - ``parts_total`` (R5): the parts of a stated total (rows whose ``parent`` is that item) add
      up to it; parts above their total are an error, parts below it a warning.

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
        found, difference, message, sources. A failed check's message describes it in full
        (``商业秘密: 2 ÷ 33 (本年新收政府信息公开申请数量) = 6.06%, printed 6.10%``); a passed one
        has a short fixed message per rule (:data:`PASSED`), its figures being in ``expected``
        and ``found``.

    Warns
    -----
    DisclosureWarning
        The records are empty, or hold figures whose section, measure, form or applicant is outside
        the vocabulary (no rule looks at them).

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> findings = ld.audit(ld.load_example())
    >>> bool(findings["ok"].all()), len(findings)
    (True, 21)
    >>> findings["rule"].iloc[0], findings["message"].iloc[0]
    ('R6', '[printed_share] agrees at the printed precision')
    """
    check_request(records, "audit")
    parts = audit_parts(keyed_records(records))
    if not parts:
        return make_findings([])
    return make_findings(without_sentinel(concat_findings(parts, FINDINGS_SCHEMA)))


#: the message of a passed check, per rule (the figures are in ``expected`` and ``found``)
PASSED = {
    "printed_share": "agrees at the printed precision",
    "printed_growth": "agrees at the printed precision",
    "parts_total": "the parts add up to the total",
}


def without_sentinel(frame: pd.DataFrame) -> pd.DataFrame:
    """The key columns of concatenated findings with the NA sentinel made NA again
    (categoricals)."""
    for col in ("section", "item", "applicant", "field"):
        if col in frame and SENTINEL in frame[col].cat.categories:
            frame[col] = frame[col].cat.remove_categories([SENTINEL])
    return frame


def audit_parts(keyed: pd.DataFrame, cnt: pd.DataFrame | None = None) -> list[pd.DataFrame]:
    """The findings of each check of the audit (compacted, key columns with the sentinel), empty
    ones left out. ``cnt``: the count rows of ``keyed``, when already selected."""
    if cnt is None:
        cnt = keyed[keyed["measure"] == "count"]
    found = {
        "printed_share": _shares(keyed, cnt),
        "printed_growth": _growth(keyed, cnt),
        "parts_total": _parts_total(cnt),
    }
    return [compact(_named(part, check)) for check, part in found.items() if len(part)]


#: the rule of docs/formats.md §4 each check of the audit belongs to (its findings' ``rule``)
RULE_OF = {"printed_share": "R6", "printed_growth": "R6", "parts_total": "R5"}


def _named(part: pd.DataFrame, check: str) -> pd.DataFrame:
    """``part``, the findings of ``check``, each message opening with the check's name."""
    part["message"] = categorical(part["message"]).rename_categories(
        lambda message: f"[{check}] {message}"
    )
    return part


#: the columns the checks read: a figure's key (:data:`~luzhou_disclosure.records.KEY`), the
#: figure, how it was printed and where it stands
AUDIT_COLUMNS = (
    *(c for c in KEY if c != "base"),
    *("count", "value", "base", "decimals", "approx", "source"),
)
#: columns whose NA is replaced by the sentinel in :func:`keyed_records`
SENTINEL_COLUMNS = (*_ITEM, "base", "form")


def keyed_records(records: pd.DataFrame, columns: tuple[str, ...] = AUDIT_COLUMNS) -> pd.DataFrame:
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
                if SENTINEL not in series.cat.categories:
                    series = series.cat.add_categories([SENTINEL])
                series = series.fillna(SENTINEL)
            else:
                series = series.astype(STRING).fillna(SENTINEL)
        elif col == "approx":
            series = series.astype("boolean").fillna(False)
        elif col in ("count", "decimals"):
            series = series.astype("Int64")
        elif col == "value":
            series = series.astype("Float64")
        out[col] = series
    return pd.DataFrame(out, index=records.index)


def _codes(frame: pd.DataFrame, cols: list[str]) -> list[pd.Series]:
    return [frame[c] for c in cols]


def _at(series: pd.Series, pos: np.ndarray) -> np.ndarray:
    """``series`` values at rows ``pos`` as objects, None where ``pos`` is −1 or the value is NA."""
    values = na_to_none(series)
    out = np.full(len(pos), None, dtype=object)
    found = pos >= 0
    out[found] = values[pos[found]]
    return out


def _flag_at(series: pd.Series, pos: np.ndarray) -> np.ndarray:
    values = series.to_numpy(dtype=bool, na_value=False)
    return (pos >= 0) & (values[np.clip(pos, 0, None)] if len(values) else False)


def _int_text(v: float | None) -> str:
    return "None" if v is None else f"{int(v)}"


def _fixed(values: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Each value with its number of decimals (``f"{v:.{d}f}"``; NaN prints ``nan``)."""
    out = np.empty(len(values), dtype=object)
    for d in np.unique(decimals):
        rows = decimals == d
        out[rows] = texts(
            values[rows], lambda v, d=int(d): f"{float('nan') if v is None else v:.{d}f}"
        )
    return out


def _decimals(frame: pd.DataFrame) -> np.ndarray:
    """Printed decimals: the ``decimals`` column, else as many as the value shows."""
    dec = frame["decimals"].to_numpy(dtype="float64", na_value=np.nan)
    missing = np.isnan(dec)
    if missing.any():
        shown = texts(
            frame["value"].to_numpy(dtype="float64", na_value=np.nan)[missing], _decimals_shown
        )
        dec[missing] = shown.astype("float64")
    return dec.astype("int64")


def _shares(keyed: pd.DataFrame, cnt: pd.DataFrame) -> pd.DataFrame:
    shares = keyed[keyed["measure"] == "share_pct"]
    if shares.empty:
        return pd.DataFrame()
    k_share, k_cnt = keys(_codes(shares, [*_GROUP, *_ITEM]), _codes(cnt, [*_GROUP, *_ITEM]))
    pos_part = lookup(k_share, k_cnt)
    total = cnt[cnt["applicant"] == TOTAL]
    k_base, k_total = keys(_codes(shares, [*_GROUP, "base"]), _codes(total, [*_GROUP, "item"]))
    pos_base = lookup(k_base, k_total)
    part, base_count = take(cnt["count"], pos_part), take(total["count"], pos_base)
    decimals = _decimals(shares)
    expected = percent_half_up(part, base_count, decimals)
    found = shares["value"].to_numpy(dtype="float64", na_value=np.nan)
    ok = np.isclose(found, expected, rtol=0, atol=0.5 * 10.0 ** -(decimals + 1))
    checkable = ~np.isnan(expected)
    approx = _flag_at(cnt["approx"], pos_part) | _flag_at(total["approx"], pos_base)
    severity = severities(ok & checkable, ~checkable | approx)

    def detail(rows: np.ndarray) -> list[str]:
        item, base = texts(shares["item"].iloc[rows], str), texts(shares["base"].iloc[rows], str)
        p, bc, e, v, d = part[rows], base_count[rows], expected[rows], found[rows], decimals[rows]
        message = [
            f"{i}: {pt} ÷ {b} ({bs}) = {et}%, printed {vt}%"
            for i, pt, b, bs, et, vt in zip(
                item,
                texts(p, _int_text),
                texts(bc, _int_text),
                base,
                _fixed(e, d),
                _fixed(v, d),
                strict=True,
            )
        ]
        for r in np.flatnonzero(np.isnan(e)):
            message[r] = _share_message(
                item[r],
                None if np.isnan(p[r]) else int(p[r]),
                None if np.isnan(bc[r]) else int(bc[r]),
                base[r],
                v[r],
                e[r],
                d[r],
                False,
            )
        return message

    message = messages(ok & checkable, PASSED["printed_share"], detail)
    return pd.DataFrame(
        {
            "rule": RULE_OF["printed_share"],
            "ok": ok & checkable,
            "severity": severity,
            **{c: shares[c].array for c in (*_GROUP, *_ITEM)},
            "expected": expected,
            "found": found,
            "message": message,
            "sources": join_columns(
                shares["source"], _at(cnt["source"], pos_part), _at(total["source"], pos_base)
            ),
        }
    )


def _share_message(
    item, part, base_count, base, value, expected: float, decimals: int, checkable: bool
) -> str:
    if part is None:
        return f"printed share of {item} cannot be checked: no count for {item}"
    if base_count is None:
        return f"printed share of {item} cannot be checked: no count for its base {base}"
    if not checkable:
        return f"printed share of {item} cannot be checked: its base {base} is 0"
    computed, printed = f"{expected:.{decimals}f}%", f"{value:.{decimals}f}%"
    return f"{item}: {part} ÷ {base_count} ({base}) = {computed}, printed {printed}"


def na_to_none(series: pd.Series | np.ndarray) -> np.ndarray:
    """Values as Python objects, NA as None (fast to iterate)."""
    if isinstance(series, np.ndarray):
        return series
    return series.to_numpy(dtype=object, na_value=None)


def _growth(keyed: pd.DataFrame, cnt: pd.DataFrame) -> pd.DataFrame:
    growth = keyed[keyed["measure"] == "growth_pct"]
    if growth.empty:
        return pd.DataFrame()
    k_growth, k_cur, k_prev = keys(
        [growth["agency"], growth["year"], *_codes(growth, _ITEM)],
        [cnt["agency"], cnt["year"], *_codes(cnt, _ITEM)],
        [cnt["agency"], cnt["year"] + 1, *_codes(cnt, _ITEM)],
    )
    pos_cur, pos_prev = lookup(k_growth, k_cur), lookup(k_growth, k_prev)
    current, previous = take(cnt["count"], pos_cur), take(cnt["count"], pos_prev)
    decimals = _decimals(growth)
    expected = percent_half_up(current - previous, previous, decimals)
    found = growth["value"].to_numpy(dtype="float64", na_value=np.nan)
    checkable = ~np.isnan(expected)
    ok = np.isclose(found, expected, rtol=0, atol=0.5 * 10.0 ** -(decimals + 1)) & checkable
    approx = _flag_at(cnt["approx"], pos_cur) | _flag_at(cnt["approx"], pos_prev)
    severity = severities(ok, ~checkable | approx)

    def detail(rows: np.ndarray) -> list[str]:
        item = texts(growth["item"].iloc[rows], str)
        cur, prev, d = current[rows], previous[rows], decimals[rows]
        message = [
            f"{i}: ({c} − {p}) ÷ {p} = {e}%, printed {v}%"
            for i, c, p, e, v in zip(
                item,
                texts(cur, _int_text),
                texts(prev, _int_text),
                _fixed(expected[rows], d),
                _fixed(found[rows], d),
                strict=True,
            )
        ]
        for r in np.flatnonzero(np.isnan(expected[rows])):
            why = (
                "no count for this year"
                if np.isnan(cur[r])
                else "no count for last year"
                if np.isnan(prev[r])
                else "last year is 0"
            )
            message[r] = f"printed growth of {item[r]} cannot be checked: {why}"
        return message

    message = messages(ok, PASSED["printed_growth"], detail)
    return pd.DataFrame(
        {
            "rule": RULE_OF["printed_growth"],
            "ok": ok,
            "severity": severity,
            **{c: growth[c].array for c in (*_GROUP, *_ITEM)},
            "expected": expected,
            "found": found,
            "message": message,
            "sources": join_columns(
                growth["source"], _at(cnt["source"], pos_cur), _at(cnt["source"], pos_prev)
            ),
        }
    )


def _parts_total(cnt: pd.DataFrame) -> pd.DataFrame:
    children = cnt[cnt["parent"] != SENTINEL]
    if children.empty:
        return pd.DataFrame()
    link = [*_GROUP, "applicant", "field"]
    k_child, k_total = keys(_codes(children, [*link, "parent"]), _codes(cnt, [*link, "item"]))
    code, first = groups(k_child)
    n_groups = len(first)
    counts = children["count"].to_numpy(dtype="float64", na_value=np.nan)
    parts = np.bincount(code, weights=np.nan_to_num(counts), minlength=len(first))
    n_parts = np.bincount(code, minlength=len(first))
    any_approx = (
        np.bincount(
            code,
            weights=children["approx"].to_numpy(dtype=bool, na_value=False),
            minlength=len(first),
        )
        > 0
    )
    pos_total = lookup(k_child[first], k_total)
    has = pos_total >= 0
    if not has.any():
        return pd.DataFrame()
    first, pos_total = first[has], pos_total[has]
    parts, n_parts, any_approx = parts[has], n_parts[has], any_approx[has]
    total = take(cnt["count"], pos_total)
    ok = parts == total
    approx = any_approx | _flag_at(cnt["approx"], pos_total)
    severity = severities(ok, ~((parts > total) & ~approx))

    def detail(rows: np.ndarray) -> list[str]:
        tail = np.array(["", " (parts above total)", " (parts below total)"], dtype=object)[
            np.where(ok[rows], 0, np.where(parts[rows] > total[rows], 1, 2))
        ]
        return [
            f"the {n} parts of {p} add up to {s}, its stated total is {t}{x}"
            for n, p, s, t, x in zip(
                texts(n_parts[rows], _int_text),
                texts(children["parent"].iloc[first[rows]], str),
                texts(parts[rows], _int_text),
                texts(total[rows], lambda v: "<NA>" if v is None else f"{int(v)}"),
                tail,
                strict=True,
            )
        ]

    message = messages(ok, PASSED["parts_total"], detail)
    if children["source"].notna().any():
        part_sources = group_sources(code, children["source"], n_groups)[has]
    else:
        part_sources = np.full(len(first), None, dtype=object)
    row = children.iloc[first]
    return pd.DataFrame(
        {
            "rule": RULE_OF["parts_total"],
            "ok": ok,
            "severity": severity,
            **{c: row[c].array for c in (*_GROUP, "applicant", "field")},
            "section": cnt["section"].array.take(pos_total),
            "parent": cnt["parent"].array.take(pos_total),
            "item": row["parent"].array,
            "expected": total,
            "found": parts,
            "message": message,
            "sources": join_columns(cnt["source"].iloc[pos_total], part_sources),
        }
    )


def group_sources(code: np.ndarray, source: pd.Series, n: int) -> np.ndarray:
    """For each group code, the distinct sources of its rows joined with " | ", in row order."""
    order = np.argsort(code, kind="stable")
    values = na_to_none(source)[order]
    starts = np.searchsorted(code[order], np.arange(n + 1))
    return np.array(
        [
            SOURCE_SEPARATOR.join(dict.fromkeys(s for s in values[a:b] if isinstance(s, str) and s))
            for a, b in zip(starts[:-1], starts[1:], strict=True)
        ],
        dtype=object,
    )


def _decimals_shown(value: float) -> int:
    if pd.isna(value):
        return 2
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def join_columns(*columns: pd.Series | np.ndarray) -> list[str]:
    """Row by row, the distinct sources of several columns (Series or object arrays, NA as None)
    joined with " | "."""
    arrays = [na_to_none(c) for c in columns]
    if not any(bool(pd.notna(a).any()) for a in arrays):
        return [""] * len(columns[0])
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
