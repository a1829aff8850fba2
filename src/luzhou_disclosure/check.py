"""Check reports against the arithmetic that holds in them (formats.md §4, rules 1–10).

:func:`check` runs every consistency rule and the printed-figure :func:`~luzhou_disclosure.audit.audit`
and returns one tidy findings table (:mod:`luzhou_disclosure._findings`), one row per check made,
passed or failed, naming the sources of every figure involved so that a user can open the workbook
at the cell (or the text at the line).

=====  ========  ===================================================================================
rule   severity  what must hold
=====  ========  ===================================================================================
R1     error     勾稽关系, per applicant: 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理
R2     error     section 三, every row: 总计 = the six applicant columns; 法人或其他组织 = the five
                 organisation columns (when that subtotal is given)
R3     error     （七）总计 = （一）+（二）+ Σ（三）+ Σ（四）+ Σ（五）+（六）(2021: Σ（六）1–3), per applicant
R4     error     section 四, each group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结
R5     error     counts ≥ 0; a part never exceeds its whole; parts add up to their stated total
                 (the audit's ``parts_total``, parts below the total a warning)
R6     error     printed percentages and growth rates (the audit's ``printed_share`` and
                 ``printed_growth``)
R7     error     a figure stated twice (narrative and table) is the same both times
R8     error     结转下年度继续办理 (year N) = 上年结转 (year N+1), per applicant
R9     error     现行有效件数 (N+1) = 现行有效件数 (N) + 本年制发件数 (N+1) − 本年废止件数 (N+1)
R10    warning   a figure's year-over-year ratio (N+1 ÷ N) lies within [0.2, 5]
=====  ========  ===================================================================================

A check whose figures are not all given (NA: not reported or not applicable) is not made. Rules
8–10 are made when consecutive years of an agency are present.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._findings import group_sources, make_findings
from ._vocab import CARRIED_FORWARD, CARRIED_IN, LEGAL_PERSONS, RECEIVED, REVIEW_FIELDS, TOTAL
from .audit import _EMPTY, _join_columns, _objects, keyed_records

__all__ = ["check", "RULES"]

#: rule id → what must hold
RULES: dict[str, str] = {
    "R1": "本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理, per applicant column",
    "R2": "section 三: 总计 column = sum of the six applicant columns (法人或其他组织 = its five)",
    "R3": "（七）总计 = sum of the outcome rows, per applicant column",
    "R4": "section 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, in each group",
    "R5": "counts are ≥ 0, parts never exceed their whole, parts add up to their stated total",
    "R6": "printed percentages and growth rates equal what the counts give",
    "R7": "a figure stated twice (narrative and table) is the same both times",
    "R8": "结转下年度继续办理 (year N) = 上年结转政府信息公开申请数量 (year N+1)",
    "R9": "现行有效件数 (N+1) = 现行有效件数 (N) + 本年制发件数 (N+1) − 本年废止件数 (N+1)",
    "R10": "a year-over-year ratio above 5 or below 0.2 deserves a look",
}
_ORGS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
_SIX = ("自然人", *_ORGS)
_GROUPS = ("不予公开", "无法提供", "不予处理", "其他处理")
_STANDARD = ("2019", "2021")
_NONE = _EMPTY  # stands for NA in grouping keys
_CHECK_COLUMNS = ("agency", "year", "form", "section", "parent", "item", "applicant", "field", "measure",
                  "count", "value", "base", "source")
_KEY = ["agency", "year", "section", "parent", "item", "applicant", "field", "measure", "base"]
_AUDIT_RULES = {"printed_share": "R6", "printed_growth": "R6", "parts_total": "R5"}


def check(records: pd.DataFrame) -> pd.DataFrame:
    """Check records against every rule of formats.md §4 and audit their printed figures.

    Parameters
    ----------
    records
        Records of any number of agencies and years (for example from :func:`read_forms`). The
        input is not modified.

    Returns
    -------
    DataFrame
        Findings, one row per check made: ``rule`` (``R1`` … ``R10``, see :data:`RULES`), ``ok``,
        ``severity`` (``ok``, ``error`` or ``warning``), ``agency``, ``year``, ``section``, ``item``,
        ``applicant``, ``field``, ``expected``, ``found``, ``difference`` (found − expected),
        ``message`` and ``sources`` (the sources of the figures involved, joined with `` | ``).
        Show it in a notebook with :func:`luzhou_disclosure.style_findings`.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> found = ld.check(ld.load_example())
    >>> sorted(found["rule"].unique().tolist())
    ['R10', 'R5', 'R6']
    >>> bool(found.loc[found["severity"] == "error"].empty)
    True
    """
    from .audit import audit

    keyed = keyed_records(records, _CHECK_COLUMNS)
    counts = keyed[keyed["measure"] == "count"]
    parts = [
        _r1(counts), _r2(counts), _r3(counts), _r4(counts), _r5(counts), _r7(keyed),
        _r8(counts), _r9(counts), _r10(counts),
    ]
    audited = audit(records)
    if len(audited):
        audited = audited.copy()
        original = audited["rule"].astype(str)
        audited["rule"] = original.map(lambda r: _AUDIT_RULES.get(r, r))
        audited["message"] = "[" + original + "] " + audited["message"].astype(str)
        parts.append(audited)
    parts = [p for p in parts if len(p)]
    if not parts:
        return make_findings([])
    out = pd.concat([make_findings(p) for p in parts], ignore_index=True)
    for col in ("section", "item", "applicant", "field"):
        out[col] = out[col].mask(out[col] == _NONE)
    order = {f"R{i}": i for i in range(1, 11)}
    out = out.assign(_o=out["rule"].map(order).fillna(99)).sort_values(["_o", "agency", "year"], kind="stable")
    return make_findings(out.drop(columns="_o"))


# --- building blocks ------------------------------------------------------------------------------


def _side(frame: pd.DataFrame, keys: list[str], prefix: str, sign: pd.Series | None = None) -> pd.DataFrame:
    """Sum of counts per key (NA when any is NA), number of figures, joined sources."""
    f = frame.assign(_v=frame["count"] if sign is None else frame["count"] * sign, _na=frame["count"].isna())
    g = f.groupby(keys, sort=False, dropna=False, observed=True)
    out = g.agg(**{f"{prefix}sum": ("_v", "sum"), f"{prefix}na": ("_na", "any"), f"{prefix}n": ("_v", "size")})
    out = out.reset_index()
    _, out[f"{prefix}src"] = group_sources(f, keys)
    return out


def _balance(rule: str, left: pd.DataFrame, right: pd.DataFrame, keys: list[str], *, section: str,
             describe, n_left: int | None = None, n_right: int | None = None,
             severity: str = "error", item: str | None = None, field: str | None = None) -> pd.DataFrame:
    """One finding per key where both sides are complete: found = Σ left, expected = Σ right."""
    if left.empty or right.empty:
        return pd.DataFrame()
    m = _side(left, keys, "l_").merge(_side(right, keys, "r_"), on=keys, how="inner")
    ok_shape = ~m["l_na"] & ~m["r_na"]
    if n_left is not None:
        ok_shape &= m["l_n"] == n_left
    if n_right is not None:
        ok_shape &= m["r_n"] == n_right
    m = m[ok_shape]
    if m.empty:
        return pd.DataFrame()
    found = m["l_sum"].astype("float64").to_numpy()
    expected = m["r_sum"].astype("float64").to_numpy()
    ok = found == expected
    out = pd.DataFrame({
        "rule": rule, "ok": ok, "severity": np.where(ok, "ok", severity),
        "agency": m["agency"].to_numpy(), "year": m["year"].to_numpy(), "section": section,
        "item": m["item"].to_numpy() if "item" in m else item,
        "applicant": m["applicant"].to_numpy() if "applicant" in m else TOTAL,
        "field": m["field"].to_numpy() if "field" in m else field,
        "expected": expected, "found": found,
        "message": [describe(row, f, e) for row, f, e in zip(m.itertuples(index=False), found, expected, strict=True)],
        "sources": _join_columns(m["l_src"], m["r_src"]),
    })
    return out


def _n(v: float) -> str:
    return f"{int(v)}" if float(v).is_integer() else f"{v:g}"


def _verdict(f: float, e: float) -> str:
    return "holds" if f == e else f"is broken by {_n(f - e):s}"


# --- within one report ---------------------------------------------------------------------------


def _standard(counts: pd.DataFrame) -> pd.DataFrame:
    return counts[counts["form"].isin(_STANDARD)]


def _r1(counts: pd.DataFrame) -> pd.DataFrame:
    c = _standard(counts)
    left = c[(c["section"] == "applications") & c["item"].isin([RECEIVED, CARRIED_IN])]
    right = c[((c["section"] == "applications") & (c["item"] == CARRIED_FORWARD))
              | ((c["section"] == "outcomes") & (c["item"] == TOTAL) & (c["parent"] == _NONE))]
    keys = ["agency", "year", "applicant"]
    return _balance("R1", left, right, keys, section="applications", item=RECEIVED, n_left=2, n_right=2,
                    describe=lambda r, f, e: f"勾稽关系 ({r.applicant}): 本年新收 + 上年结转 = {_n(f)}, "
                    f"（七）总计 + 结转下年度继续办理 = {_n(e)}; {_verdict(f, e)}")


def _r2(counts: pd.DataFrame) -> pd.DataFrame:
    c = _standard(counts)
    c = c[c["section"].isin(["applications", "outcomes"])]
    keys = ["agency", "year", "section", "parent", "item"]
    total = _balance("R2", c[c["applicant"] == TOTAL], c[c["applicant"].isin(_SIX)], keys,
                     section="outcomes", n_left=1, n_right=6,
                     describe=lambda r, f, e: f"{r.item}: 总计 column says {_n(f)}, the six applicant columns "
                     f"add up to {_n(e)}")
    sub = _balance("R2", c[c["applicant"] == LEGAL_PERSONS], c[c["applicant"].isin(_ORGS)], keys,
                   section="outcomes", n_left=1, n_right=5,
                   describe=lambda r, f, e: f"{r.item}: 法人或其他组织 column says {_n(f)}, the five "
                   f"organisation columns add up to {_n(e)}")
    parts = [p for p in (total, sub) if len(p)]
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    if "section" in out and len(out):
        out["applicant"] = np.where(out["message"].str.contains("法人或其他组织 column"), LEGAL_PERSONS, TOTAL)
    return out


def _r3(counts: pd.DataFrame) -> pd.DataFrame:
    c = _standard(counts)
    c = c[c["section"] == "outcomes"]
    total = c[(c["item"] == TOTAL) & (c["parent"] == _NONE)]
    body = c[~((c["item"] == TOTAL) & (c["parent"] == _NONE))]
    body = body[(body["parent"] == _NONE) | body["parent"].isin(_GROUPS)]
    # a report giving both 其他处理 and its three reasons: count the reasons only
    with_reasons = body.loc[body["parent"] == "其他处理", ["agency", "year"]].drop_duplicates()
    if len(with_reasons):
        flagged = body[["agency", "year"]].merge(with_reasons.assign(_r=True), on=["agency", "year"], how="left")
        drop = flagged["_r"].fillna(False).to_numpy(dtype=bool) & (body["item"] == "其他处理").to_numpy()
        body = body[~drop]
    keys = ["agency", "year", "applicant"]
    return _balance("R3", total, body, keys, section="outcomes", item=TOTAL,
                    describe=lambda r, f, e: f"（七）总计 ({r.applicant}) is {_n(f)}, the outcome rows add up to {_n(e)}")


def _r4(counts: pd.DataFrame) -> pd.DataFrame:
    c = counts[counts["section"].isin(["reconsideration", "litigation"])]
    keys = ["agency", "year", "section", "parent", "item"]
    return _balance("R4", c[c["field"] == TOTAL], c[c["field"].isin(REVIEW_FIELDS[:4])], keys,
                    section="reconsideration", field=TOTAL, n_left=1, n_right=4,
                    describe=lambda r, f, e: f"{r.item}: 总计 is {_n(f)}, 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {_n(e)}")


def _r5(counts: pd.DataFrame) -> pd.DataFrame:
    c = counts[counts["count"].notna()]
    rows = []
    neg = c[c["count"] < 0]
    for r in neg.itertuples(index=False):
        rows.append({"rule": "R5", "ok": False, "severity": "error", "agency": r.agency, "year": r.year,
                     "section": r.section, "item": r.item, "applicant": r.applicant, "field": r.field,
                     "expected": 0.0, "found": float(r.count), "message": f"{r.item} is {r.count}: a count cannot "
                     "be negative", "sources": r.source})
    if rows:
        neg_frame = pd.DataFrame(rows)
    else:
        neg_frame = pd.DataFrame()
    # each part against its whole (the whole stated as an item of the same report)
    link = ["agency", "year", "section", "applicant", "field"]
    parts = c[c["parent"] != _NONE]
    wholes = c.drop_duplicates([*link, "item"])[[*link, "item", "count", "source"]].rename(
        columns={"item": "parent", "count": "whole", "source": "whole_source"})
    m = parts.merge(wholes, on=[*link, "parent"], how="inner")
    if m.empty:
        return neg_frame
    found = m["count"].astype("float64").to_numpy()
    whole = m["whole"].astype("float64").to_numpy()
    ok = found <= whole
    part_frame = pd.DataFrame({
        "rule": "R5", "ok": ok, "severity": np.where(ok, "ok", "error"),
        "agency": m["agency"].to_numpy(), "year": m["year"].to_numpy(), "section": m["section"].to_numpy(),
        "item": m["item"].to_numpy(), "applicant": m["applicant"].to_numpy(), "field": m["field"].to_numpy(),
        "expected": whole, "found": found,
        "message": [f"{i} ({int(f)}) is part of {p} ({int(w)})" + ("" if f <= w else ": a part above its whole")
                    for i, p, f, w in zip(_objects(m["item"]), _objects(m["parent"]), found, whole, strict=True)],
        "sources": _join_columns(m["source"], m["whole_source"]),
    })
    return pd.concat([f for f in (neg_frame, part_frame) if len(f)], ignore_index=True)


def _r7(keyed: pd.DataFrame) -> pd.DataFrame:
    k = keyed.copy()
    k["_fig"] = k["count"].astype("Float64").fillna(k["value"]).astype("float64")
    k = k[~np.isnan(k["_fig"].to_numpy())]
    dup = k[k.duplicated(_KEY, keep=False)]
    if dup.empty:
        return pd.DataFrame()
    g = dup.groupby(_KEY, sort=False, observed=True, dropna=False)
    agg = g.agg(first=("_fig", "first"), lo=("_fig", "min"), hi=("_fig", "max"), n=("_fig", "size")).reset_index()
    _, agg["src"] = group_sources(dup, _KEY)
    found = np.where(agg["lo"] == agg["first"], agg["hi"], agg["lo"])
    ok = (agg["lo"] == agg["hi"]).to_numpy()
    return pd.DataFrame({
        "rule": "R7", "ok": ok, "severity": np.where(ok, "ok", "error"),
        "agency": agg["agency"], "year": agg["year"], "section": agg["section"], "item": agg["item"],
        "applicant": agg["applicant"], "field": agg["field"], "expected": agg["first"], "found": found,
        "message": [f"{i} is stated {n} times" + (" with the same figure" if o else f" with different figures ({_n(lo)} … {_n(hi)})")
                    for i, n, o, lo, hi in zip(agg["item"], agg["n"], ok, agg["lo"], agg["hi"], strict=True)],
        "sources": agg["src"],
    })


# --- across years ---------------------------------------------------------------------------------


def _next_year(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(year=frame["year"] - 1)


def _r8(counts: pd.DataFrame) -> pd.DataFrame:
    c = counts[counts["section"] == "applications"]
    this = c[c["item"] == CARRIED_FORWARD]
    nxt = _next_year(c[c["item"] == CARRIED_IN])
    keys = ["agency", "year", "applicant"]
    out = _balance("R8", this, nxt, keys, section="applications", item=CARRIED_FORWARD, n_left=1, n_right=1,
                   describe=lambda r, f, e: f"结转下年度继续办理 {r.year} ({r.applicant}) is {_n(f)}, 上年结转 "
                   f"{r.year + 1} is {_n(e)}")
    return out


def _r9(counts: pd.DataFrame) -> pd.DataFrame:
    c = counts[(counts["section"] == "article20") & (counts["form"] == "2021")]
    if c.empty:
        return pd.DataFrame()
    keys = ["agency", "year", "item"]
    now = c[c["field"] == "现行有效件数"]
    prev = now[[*keys, "count", "source"]].assign(year=now["year"] + 1)  # year N's figure, keyed as N+1
    issued = c[c["field"] == "本年制发件数"]
    repealed = c[c["field"] == "本年废止件数"].assign(count=lambda f: -f["count"])
    right = pd.concat([prev, issued[[*keys, "count", "source"]], repealed[[*keys, "count", "source"]]], ignore_index=True)
    return _balance("R9", now, right, keys, section="article20", field="现行有效件数", n_left=1, n_right=3,
                    describe=lambda r, f, e: f"{r.item} 现行有效件数 {r.year} is {_n(f)}; {r.year - 1}'s plus "
                    f"本年制发 minus 本年废止 gives {_n(e)}")


def _r10(counts: pd.DataFrame) -> pd.DataFrame:
    key = ["agency", "section", "parent", "item", "applicant", "field", "base"]
    c = counts[counts["count"].notna()].drop_duplicates([*key, "year"])
    if c.empty:
        return pd.DataFrame()
    prev = c[[*key, "year", "count", "source"]].assign(year=lambda f: f["year"] + 1).rename(
        columns={"count": "prev", "source": "prev_source"})
    m = c.merge(prev, on=[*key, "year"], how="inner")
    m = m[m["prev"] > 0]
    if m.empty:
        return pd.DataFrame()
    cur = m["count"].astype("float64").to_numpy()
    before = m["prev"].astype("float64").to_numpy()
    ratio = cur / before
    ok = (ratio <= 5) & (ratio >= 0.2)
    return pd.DataFrame({
        "rule": "R10", "ok": ok, "severity": np.where(ok, "ok", "warning"),
        "agency": m["agency"].to_numpy(), "year": m["year"].to_numpy(), "section": m["section"].to_numpy(),
        "item": m["item"].to_numpy(), "applicant": m["applicant"].to_numpy(), "field": m["field"].to_numpy(),
        "expected": before, "found": cur,
        "message": [f"{i}: {int(f)} against {int(b)} the year before (ratio {r:.2f})"
                    + ("" if o else "; a change this large deserves a look")
                    for i, f, b, r, o in zip(_objects(m["item"]), cur, before, ratio, ok, strict=True)],
        "sources": _join_columns(m["source"], m["prev_source"]),
    })
