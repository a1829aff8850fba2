"""Check reports against the arithmetic that holds in them (docs/formats.md §4, rules 1–10).

:func:`check` runs every consistency rule and the printed-figure
:func:`~luzhou_disclosure.audit.audit` and returns one tidy findings table
(:mod:`luzhou_disclosure._findings`), one row per check made, passed or failed, naming the sources
of every figure involved so that a user can open the workbook at the cell (or the text at the line).

=====  ========  ===================================================================================
rule   severity  what must hold
=====  ========  ===================================================================================
R1     error     勾稽关系, per applicant: 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理
R2     error     section 三, every row: 总计 = the six applicant columns; 法人或其他组织 = the five
                 organisation columns (when that subtotal is given)
R3     error     （七）总计 = （一）+（二）+ Σ（三）+ Σ（四）+ Σ（五）+（六）(2021: Σ（六）1–3),
                 per applicant
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

from ._arrays import STRING
from ._checks import check_request
from ._findings import (
    FINDINGS_SCHEMA,
    compact,
    concat_findings,
    findings_column,
    make_findings,
    messages,
    severities,
    texts,
)
from ._keys import column_codes, groups, keys, lookup
from ._vocab import CARRIED_FORWARD, CARRIED_IN, LEGAL_PERSONS, RECEIVED, REVIEW_FIELDS, TOTAL
from .audit import (
    SENTINEL,
    group_sources,
    join_columns,
    keyed_records,
    na_to_none,
    without_sentinel,
)
from .records import KEY

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
#: the field of a figure a reader took from the prose of a standard-form report (docs/records.md)
PROSE_FIELD = "narrative"
_NONE = SENTINEL  # stands for NA in grouping keys
_CHECK_COLUMNS = (
    "agency",
    "year",
    "form",
    "section",
    "parent",
    "item",
    "applicant",
    "field",
    "measure",
    "count",
    "value",
    "base",
    "source",
)
#: the columns that identify a figure (R7 compares the figures stated twice under one key)
_KEY = list(KEY)
#: the message of a passed check, per rule (the figures are in ``expected`` and ``found``)
PASSED_CHECK = {
    "R1": "勾稽关系 holds",
    "R2": "the six applicant columns add up to 总计",
    "R2 法人或其他组织": "the five organisation columns add up to 法人或其他组织",
    "R3": "the outcome rows add up to （七）总计",
    "R4": "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    "R5": "the part does not exceed its whole",
    "R7": "stated with the same figure each time",
    "R8": "carried forward = 上年结转 of the next year",
    "R9": "现行有效件数 carries over",
    "R10": "year-over-year ratio within [0.2, 5]",
}


def check(records: pd.DataFrame) -> pd.DataFrame:
    """Check records against every rule of docs/formats.md §4 and audit their printed figures.

    Parameters
    ----------
    records
        Records of any number of agencies and years (for example from :func:`read_forms`). The
        input is not modified.

    Returns
    -------
    DataFrame
        Findings, one row per check made: ``rule`` (``R1`` … ``R10``, see :data:`RULES`), ``ok``,
        ``severity`` (``ok``, ``error`` or ``warning``), ``agency``, ``year``, ``section``,
        ``item``, ``applicant``, ``field``, ``expected``, ``found``, ``difference``
        (found − expected), ``message`` and ``sources`` (the sources of the figures involved,
        joined with `` | ``).
        A failed check's message describes it in full; a passed one has a short fixed message per
        rule (:data:`PASSED_CHECK`; the audit's, e.g. ``[printed_share] agrees at the printed
        precision``), its figures being in ``expected`` and ``found``.
        Show it in a notebook with :func:`luzhou_disclosure.style_findings`.

    Warns
    -----
    DisclosureWarning
        The records are empty, or hold figures whose section, measure, form or applicant is outside
        the vocabulary (no rule looks at them).

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> found = ld.check(ld.load_example())
    >>> sorted(found["rule"].unique().tolist())
    ['R10', 'R5', 'R6']
    >>> bool(found.loc[found["severity"] == "error"].empty)
    True
    >>> found.loc[found["rule"] == "R6", "message"].iloc[0]
    '[printed_share] agrees at the printed precision'
    """
    from .audit import AUDIT_COLUMNS

    check_request(records, "check")
    keyed = keyed_records(
        records, tuple(dict.fromkeys([*_CHECK_COLUMNS, *AUDIT_COLUMNS]))
    ).reset_index(drop=True)
    # every rule compares figures of one agency: the agencies are checked a chunk at a time, so
    # that the temporaries of the rules stay chunk-sized; the findings of every chunk, made
    # compact as soon as they are made, are put in order at the end
    parts = []
    for rows in _agency_chunks(keyed["agency"]):
        parts += _findings_of(keyed if rows is None else keyed.take(rows).reset_index(drop=True))
    del keyed
    if not parts:
        return make_findings([])
    # order: rule number, agency, year (NA last), stable
    order = {f"R{i}": i for i in range(1, 11)}
    rule = np.concatenate(
        [np.full(len(p), order.get(str(p["rule"].iloc[0]), 99), dtype=np.int64) for p in parts]
    )
    key = concat_findings(parts, ["agency", "year"])
    agency_codes = np.asarray(key["agency"].cat.codes, dtype=np.int64)
    agencies = np.asarray(
        key["agency"].cat.categories, dtype=object
    )  # distinct: the unified categories
    rank = (
        np.argsort(np.argsort(agencies, kind="stable"), kind="stable")
        if len(agencies)
        else agencies
    )
    agency_rank = np.where(
        agency_codes < 0,
        len(agencies),
        np.asarray(rank, dtype=np.int64)[np.clip(agency_codes, 0, None)],
    )
    year = pd.to_numeric(key["year"]).to_numpy(dtype="float64", na_value=np.nan)
    del key, agency_codes
    y0 = np.nanmin(year) if (~np.isnan(year)).any() else 0
    year_rank = np.where(
        np.isnan(year), np.nan_to_num(np.nanmax(year) - y0, nan=0) + 1, year - y0
    ).astype(np.int64)
    ny = int(year_rank.max()) + 1
    sort_key = (rule * (len(agencies) + 1) + agency_rank) * ny + year_rank
    del rule, agency_rank, year, year_rank
    return _in_order(parts, np.argsort(sort_key, kind="stable"))


def _in_order(parts: list[pd.DataFrame], order: np.ndarray) -> pd.DataFrame:
    """The findings of ``parts`` concatenated and taken in ``order``, as :func:`make_findings`
    makes them; built one column at a time, each column let go of in ``parts`` once taken, so that
    the findings are held about once, not three times (parts, concatenated, ordered)."""
    sizes = [len(p) for p in parts]
    pieces = [{col: p[col] for col in p.columns} for p in parts]
    parts.clear()
    columns = {}
    for col, dtype in FINDINGS_SCHEMA.items():
        if col == "difference":
            continue
        values = concat_findings(
            [
                pd.DataFrame({col: piece.pop(col)} if col in piece else {}, index=range(n))
                for piece, n in zip(pieces, sizes, strict=True)
            ],
            [col],
        )
        values = without_sentinel(values.take(order).reset_index(drop=True))
        columns[col] = findings_column(values[col], dtype)
        del values
    return make_findings(pd.DataFrame(columns, copy=False))


def _findings_of(keyed: pd.DataFrame) -> list[pd.DataFrame]:
    """The findings of every rule and of the audit on ``keyed`` records, each made compact
    (categoricals) as soon as it is made: at panel scale the raw frames of all rules would not fit
    next to the records."""
    from .audit import audit_parts

    is_count = (keyed["measure"] == "count").to_numpy(dtype=bool)
    counts = keyed.loc[is_count, [c for c in keyed.columns if c not in ("value", "decimals")]]
    # the tables' arithmetic (R1–R4, R8, R9) is that of the figures stated in the tables: a figure
    # the prose states again (field narrative) is compared with its table figure by R7, never added
    tables = counts[(counts["field"] != "narrative").to_numpy(dtype=bool)]
    parts = []
    for rule in (_r1, _r2, _r3, _r4, _r5, _r7, _r8, _r9, _r10):
        part = rule(
            keyed if rule is _r7 else tables if rule in (_r1, _r2, _r3, _r4, _r8, _r9) else counts
        )
        if len(part):
            parts.append(compact(part))
    return parts + audit_parts(keyed, counts)


#: records of the agencies :func:`check` works on at a time (an agency's records are never split)
CHUNK_ROWS = 1 << 19


def _agency_chunks(agency: pd.Series):
    """Rows of the records by chunks of whole agencies (about :data:`CHUNK_ROWS` each), in row
    order within a chunk; a single None when one chunk holds them all."""
    codes, n = column_codes(agency)
    chunk_of = np.cumsum(np.bincount(codes, minlength=n)) // CHUNK_ROWS
    nchunks = int(chunk_of[-1]) + 1 if len(codes) else 1
    if nchunks == 1:
        yield None
        return
    chunk = chunk_of[codes]
    order = np.argsort(chunk.astype(np.int16 if nchunks < 1 << 15 else np.int64), kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(chunk, minlength=nchunks))])
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        if b > a:
            yield order[a:b]


# --- building blocks ------------------------------------------------------------------------------


def _side(frame: pd.DataFrame, key: np.ndarray, sign: pd.Series | None) -> dict[str, np.ndarray]:
    """Per key (in order of first appearance): sum of counts, whether any is NA, number of figures,
    joined sources (None when there are none), first row."""
    code, first = groups(key)
    count = frame["count"].to_numpy(dtype="float64", na_value=np.nan)
    if sign is not None:
        count = count * sign.to_numpy(dtype="float64")
    n = len(first)
    has_sources = bool(frame["source"].notna().any())
    return {
        "key": key[first],
        "first": first,
        "sum": np.bincount(code, weights=np.nan_to_num(count), minlength=n),
        "na": np.bincount(code, weights=np.isnan(count), minlength=n) > 0,
        "n": np.bincount(code, minlength=n),
        "src": group_sources(code, frame["source"], n)
        if has_sources
        else np.full(n, None, dtype=object),
    }


def _balance(
    rule: str,
    left: pd.DataFrame,
    right: pd.DataFrame,
    by: list[str],
    *,
    section: str,
    describe,
    passed: str,
    n_left: int | None = None,
    n_right: int | None = None,
    severity: str = "error",
    item: str | None = None,
    field: str | None = None,
) -> pd.DataFrame:
    """One finding per key where both sides are complete: found = Σ left, expected = Σ right.

    A passed check gets the message ``passed``. For the others ``describe`` gets the texts of the
    key columns and of ``f`` (found), ``e`` (expected) and ``verdict``, as aligned arrays, and
    returns the messages."""
    if left.empty or right.empty:
        return pd.DataFrame()
    kl, kr = keys([left[c] for c in by], [right[c] for c in by])
    lhs, rhs = _side(left, kl, None), _side(right, kr, None)
    pos = lookup(lhs["key"], rhs["key"])
    keep = pos >= 0
    lhs = {k: v[keep] for k, v in lhs.items()}
    rhs = {k: v[pos[keep]] for k, v in rhs.items()}
    ok_shape = ~lhs["na"] & ~rhs["na"]
    if n_left is not None:
        ok_shape &= lhs["n"] == n_left
    if n_right is not None:
        ok_shape &= rhs["n"] == n_right
    lhs = {k: v[ok_shape] for k, v in lhs.items()}
    rhs = {k: v[ok_shape] for k, v in rhs.items()}
    if not len(lhs["key"]):
        return pd.DataFrame()
    m = left.iloc[lhs["first"]]
    found, expected = lhs["sum"], rhs["sum"]
    ok = found == expected

    def detail(rows: np.ndarray) -> list[str]:
        mr = m.iloc[rows]
        pieces = {c: texts(mr[c], str) for c in by if c != "year"}
        if "year" in by:
            year = mr["year"].to_numpy(dtype="float64", na_value=np.nan)
            pieces["year"] = texts(year, lambda v: f"{int(v)}")
            pieces["year_next"] = texts(year, lambda v: f"{int(v) + 1}")
            pieces["year_before"] = texts(year, lambda v: f"{int(v) - 1}")
        f, e = found[rows], expected[rows]
        pieces["f"], pieces["e"] = texts(f, _n), texts(e, _n)
        pieces["verdict"] = texts(f - e, lambda d: "holds" if d == 0 else f"is broken by {_n(d):s}")
        return describe(pieces)

    return pd.DataFrame(
        {
            "rule": rule,
            "ok": ok,
            "severity": severities(ok, severity == "warning"),
            "agency": m["agency"].array,
            "year": m["year"].to_numpy(),
            "section": section,
            "item": m["item"].array if "item" in by else item,
            "applicant": m["applicant"].array if "applicant" in by else TOTAL,
            "field": m["field"].array if "field" in by else field,
            "expected": expected,
            "found": found,
            "message": messages(ok, passed, detail),
            "sources": join_columns(lhs["src"], rhs["src"]),
        }
    )


def _n(v: float) -> str:
    return f"{int(v)}" if float(v).is_integer() else f"{v:g}"


# --- within one report ---------------------------------------------------------------------------


def _standard(counts: pd.DataFrame) -> pd.DataFrame:
    """The figures of a standard form's tables (a figure of the prose beside them, field
    ``narrative``, is R7's to compare, not a cell of the table)."""
    table = counts["form"].isin(_STANDARD) & (counts["field"] != PROSE_FIELD)
    return counts[table.to_numpy(dtype=bool, na_value=False)]


def _r1(counts: pd.DataFrame) -> pd.DataFrame:
    c = _standard(counts)
    left = c[(c["section"] == "applications") & c["item"].isin([RECEIVED, CARRIED_IN])]
    right = c[
        ((c["section"] == "applications") & (c["item"] == CARRIED_FORWARD))
        | ((c["section"] == "outcomes") & (c["item"] == TOTAL) & (c["parent"] == _NONE))
    ]
    by = ["agency", "year", "applicant"]
    return _balance(
        "R1",
        left,
        right,
        by,
        section="applications",
        item=RECEIVED,
        n_left=2,
        n_right=2,
        passed=PASSED_CHECK["R1"],
        describe=lambda d: [
            f"勾稽关系 ({a}): 本年新收 + 上年结转 = {f}, （七）总计 + 结转下年度继续办理 = {e}; {v}"
            for a, f, e, v in zip(d["applicant"], d["f"], d["e"], d["verdict"], strict=True)
        ],
    )


def _r2(counts: pd.DataFrame) -> pd.DataFrame:
    c = _standard(counts)
    c = c[c["section"].isin(["applications", "outcomes"])]
    by = ["agency", "year", "section", "parent", "item"]
    # the 总计 column against the six applicant columns, 法人或其他组织 against its five
    columns = (
        (TOTAL, _SIX, "six applicant columns", "R2"),
        (LEGAL_PERSONS, _ORGS, "five organisation columns", "R2 法人或其他组织"),
    )
    total, sub = (
        _balance(
            "R2",
            c[c["applicant"] == whole],
            c[c["applicant"].isin(cols)],
            by,
            section="outcomes",
            n_left=1,
            n_right=len(cols),
            passed=PASSED_CHECK[passed],
            describe=lambda d, whole=whole, name=name: [
                f"{i}: {whole} column says {f}, the {name} add up to {e}"
                for i, f, e in zip(d["item"], d["f"], d["e"], strict=True)
            ],
        )
        for whole, cols, name, passed in columns
    )
    if len(sub):
        sub["applicant"] = LEGAL_PERSONS
    parts = [p for p in (total, sub) if len(p)]
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts, ignore_index=True)


def _r3(counts: pd.DataFrame) -> pd.DataFrame:
    c = _standard(counts)
    c = c[c["section"] == "outcomes"]
    total = c[(c["item"] == TOTAL) & (c["parent"] == _NONE)]
    body = c[~((c["item"] == TOTAL) & (c["parent"] == _NONE))]
    body = body[(body["parent"] == _NONE) | body["parent"].isin(_GROUPS)]
    # a report giving both 其他处理 and its three reasons: count the reasons only
    with_reasons = body.loc[body["parent"] == "其他处理", ["agency", "year"]].drop_duplicates()
    if len(with_reasons):
        k_body, k_with = keys(
            [body["agency"], body["year"]], [with_reasons["agency"], with_reasons["year"]]
        )
        drop = np.isin(k_body, k_with) & (body["item"] == "其他处理").to_numpy()
        body = body[~drop]
    by = ["agency", "year", "applicant"]
    return _balance(
        "R3",
        total,
        body,
        by,
        section="outcomes",
        item=TOTAL,
        passed=PASSED_CHECK["R3"],
        describe=lambda d: [
            f"（七）总计 ({a}) is {f}, the outcome rows add up to {e}"
            for a, f, e in zip(d["applicant"], d["f"], d["e"], strict=True)
        ],
    )


def _r4(counts: pd.DataFrame) -> pd.DataFrame:
    c = counts[counts["section"].isin(["reconsideration", "litigation"])]
    by = ["agency", "year", "section", "parent", "item"]
    return _balance(
        "R4",
        c[c["field"] == TOTAL],
        c[c["field"].isin(REVIEW_FIELDS[:4])],
        by,
        section="reconsideration",
        field=TOTAL,
        n_left=1,
        n_right=4,
        passed=PASSED_CHECK["R4"],
        describe=lambda d: [
            f"{i}: 总计 is {f}, 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {e}"
            for i, f, e in zip(d["item"], d["f"], d["e"], strict=True)
        ],
    )


def _r5(counts: pd.DataFrame) -> pd.DataFrame:
    c = counts[counts["count"].notna()]
    rows = []
    neg = c[c["count"] < 0]
    for r in neg.itertuples(index=False):
        rows.append(
            {
                "rule": "R5",
                "ok": False,
                "severity": "error",
                "agency": r.agency,
                "year": r.year,
                "section": r.section,
                "item": r.item,
                "applicant": r.applicant,
                "field": r.field,
                "expected": 0.0,
                "found": float(r.count),
                "message": f"{r.item} is {r.count}: a count cannot be negative",
                "sources": r.source,
            }
        )
    if rows:
        neg_frame = pd.DataFrame(rows)
    else:
        neg_frame = pd.DataFrame()
    # each part against its whole (the whole stated as an item of the same report)
    link = ["agency", "year", "section", "applicant", "field"]
    parts = c[c["parent"] != _NONE]
    k_part, k_whole = keys(
        [*(parts[x] for x in link), parts["parent"]], [*(c[x] for x in link), c["item"]]
    )
    pos = lookup(k_part, k_whole)
    m, pos = parts[pos >= 0], pos[pos >= 0]
    if m.empty:
        return neg_frame
    found = m["count"].to_numpy(dtype="float64", na_value=np.nan)
    whole = c["count"].to_numpy(dtype="float64", na_value=np.nan)[pos]
    ok = found <= whole
    part_frame = _figure_findings(
        "R5",
        ok,
        m,
        expected=whole,
        found=found,
        message=messages(
            ok,
            PASSED_CHECK["R5"],
            lambda r: [
                f"{i} ({f}) is part of {p} ({w}){x}"
                for i, f, p, w, x in zip(
                    texts(m["item"].iloc[r], str),
                    texts(found[r], _int),
                    texts(m["parent"].iloc[r], str),
                    texts(whole[r], _int),
                    _tail(ok[r], ": a part above its whole"),
                    strict=True,
                )
            ],
        ),
        sources=join_columns(m["source"], na_to_none(c["source"])[pos]),
    )
    return pd.concat([f for f in (neg_frame, part_frame) if len(f)], ignore_index=True)


def _figure_findings(
    rule: str,
    ok: np.ndarray,
    m: pd.DataFrame,
    *,
    warning: bool = False,
    expected: np.ndarray,
    found: np.ndarray,
    message: pd.Categorical,
    sources: object,
) -> pd.DataFrame:
    """The findings of a rule checking figures one by one, each placed (agency … field) at its
    figure, the row of ``m``."""
    return pd.DataFrame(
        {
            "rule": rule,
            "ok": ok,
            "severity": severities(ok, warning),
            "agency": m["agency"].array,
            "year": m["year"].to_numpy(),
            "section": m["section"].array,
            "item": m["item"].array,
            "applicant": m["applicant"].array,
            "field": m["field"].array,
            "expected": expected,
            "found": found,
            "message": message,
            "sources": sources,
        }
    )


def _tail(ok: np.ndarray, text: str) -> np.ndarray:
    """ "" where ``ok``, else ``text`` (an object array: fast to iterate)."""
    return np.array(["", text], dtype=object)[(~ok).astype(np.intp)]


def _int(v: float) -> str:
    return f"{int(v)}"


def _r7(keyed: pd.DataFrame) -> pd.DataFrame:
    keyed, prose = _prose_as_table(keyed)
    count = keyed["count"].to_numpy(dtype="float64", na_value=np.nan)
    fig = np.where(
        np.isnan(count), keyed["value"].to_numpy(dtype="float64", na_value=np.nan), count
    )
    given = ~np.isnan(fig)
    k = keyed[given]
    (key,) = keys([k[c] for c in _KEY])
    code, _ = groups(key)
    duplicated = np.bincount(code)[code] > 1
    dup = k[duplicated].assign(
        _fig=fig[given][duplicated],
        _prose=prose[given][duplicated],
        _table=~prose[given][duplicated],
    )
    if dup.empty:
        return pd.DataFrame()
    g = dup.groupby(_KEY, sort=False, observed=True, dropna=False)
    agg = g.agg(
        first=("_fig", "first"),
        lo=("_fig", "min"),
        hi=("_fig", "max"),
        n=("_fig", "size"),
        prose=("_prose", "any"),
        table=("_table", "any"),
    ).reset_index()
    where = np.where(agg["prose"] & agg["table"], " in the prose (总体情况) and in a table", "")
    agg["src"] = (
        group_sources(
            dup.groupby(_KEY, sort=False, observed=True, dropna=False).ngroup().to_numpy(),
            dup["source"],
            len(agg),
        )
        if dup["source"].notna().any()
        else ""
    )
    found = np.where(agg["lo"] == agg["first"], agg["hi"], agg["lo"])
    ok = (agg["lo"] == agg["hi"]).to_numpy()
    return pd.DataFrame(
        {
            "rule": "R7",
            "ok": ok,
            "severity": severities(ok),
            "agency": agg["agency"],
            "year": agg["year"],
            "section": agg["section"],
            "item": agg["item"],
            "applicant": agg["applicant"],
            "field": agg["field"],
            "expected": agg["first"],
            "found": found,
            "message": messages(
                ok,
                PASSED_CHECK["R7"],
                lambda r: [
                    f"{i} is stated {n} times with different figures ({_n(lo)} … {_n(hi)}){w}"
                    for i, n, lo, hi, w in zip(
                        agg["item"].to_numpy()[r],
                        agg["n"].to_numpy()[r],
                        agg["lo"].to_numpy()[r],
                        agg["hi"].to_numpy()[r],
                        where[r],
                        strict=True,
                    )
                ],
            ),
            "sources": agg["src"],
        }
    )


def _prose_as_table(keyed: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The records with a prose figure of a standard-form report (``field="narrative"``) keyed as
    the table's figure of the same item (field NA; 总计 in section 四), so that R7 compares the
    总体情况 prose with the tables; and which records are prose."""
    prose = (keyed["field"] == PROSE_FIELD).to_numpy(dtype=bool, na_value=False)
    if not prose.any():
        return keyed, prose
    review = keyed["section"].isin(["reconsideration", "litigation"]).to_numpy(dtype=bool)
    field = keyed["field"].astype(object).to_numpy()
    field = np.where(prose, np.where(review, TOTAL, _NONE), field)
    return keyed.assign(field=pd.array(field, dtype=STRING)), prose


# --- across years ---------------------------------------------------------------------------------


def _next_year(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(year=frame["year"] - 1)


def _r8(counts: pd.DataFrame) -> pd.DataFrame:
    c = counts[counts["section"] == "applications"]
    this = c[c["item"] == CARRIED_FORWARD]
    nxt = _next_year(c[c["item"] == CARRIED_IN])
    by = ["agency", "year", "applicant"]
    out = _balance(
        "R8",
        this,
        nxt,
        by,
        section="applications",
        item=CARRIED_FORWARD,
        n_left=1,
        n_right=1,
        passed=PASSED_CHECK["R8"],
        describe=lambda d: [
            f"结转下年度继续办理 {y} ({a}) is {f}, 上年结转 {y1} is {e}"
            for y, a, f, e, y1 in zip(
                d["year"], d["applicant"], d["f"], d["e"], d["year_next"], strict=True
            )
        ],
    )
    return out


def _r9(counts: pd.DataFrame) -> pd.DataFrame:
    c = counts[(counts["section"] == "article20") & (counts["form"] == "2021")]
    if c.empty:
        return pd.DataFrame()
    by = ["agency", "year", "item"]
    now = c[c["field"] == "现行有效件数"]
    prev = now[[*by, "count", "source"]].assign(
        year=now["year"] + 1
    )  # year N's figure, keyed as N+1
    issued = c[c["field"] == "本年制发件数"]
    repealed = c[c["field"] == "本年废止件数"].assign(count=lambda f: -f["count"])
    right = pd.concat(
        [prev, issued[[*by, "count", "source"]], repealed[[*by, "count", "source"]]],
        ignore_index=True,
    )
    return _balance(
        "R9",
        now,
        right,
        by,
        section="article20",
        field="现行有效件数",
        n_left=1,
        n_right=3,
        passed=PASSED_CHECK["R9"],
        describe=lambda d: [
            f"{i} 现行有效件数 {y} is {f}; {y0}'s plus 本年制发 minus 本年废止 gives {e}"
            for i, y, f, e, y0 in zip(
                d["item"], d["year"], d["f"], d["e"], d["year_before"], strict=True
            )
        ],
    )


def _r10(counts: pd.DataFrame) -> pd.DataFrame:
    key = ["section", "parent", "item", "applicant", "field", "base"]
    c = counts[counts["count"].notna()]
    if c.empty:
        return pd.DataFrame()
    k_year, k_next = keys(
        [c["agency"], c["year"], *(c[x] for x in key)],
        [c["agency"], c["year"] + 1, *(c[x] for x in key)],
    )
    _, first = groups(k_year)  # one figure per key and year: the first
    prev = lookup(k_year[first], k_next[first])  # the row of the year before, among the first ones
    count = c["count"].to_numpy(dtype="float64")
    cur, before = count[first], np.where(prev >= 0, count[first[np.clip(prev, 0, None)]], np.nan)
    keep = before > 0
    rows, cur, before = first[keep], cur[keep], before[keep]
    if not len(rows):
        return pd.DataFrame()
    m = c.iloc[rows]
    ratio = cur / before
    ok = (ratio <= 5) & (ratio >= 0.2)
    return _figure_findings(
        "R10",
        ok,
        m,
        warning=True,
        expected=before,
        found=cur,
        message=messages(
            ok,
            PASSED_CHECK["R10"],
            lambda r: [
                f"{i}: {f} against {b} the year before (ratio {x}); "
                "a change this large deserves a look"
                for i, f, b, x in zip(
                    texts(m["item"].iloc[r], str),
                    texts(cur[r], _int),
                    texts(before[r], _int),
                    texts(ratio[r], lambda v: f"{v:.2f}"),
                    strict=True,
                )
            ],
        ),
        sources=join_columns(
            m["source"], na_to_none(c["source"])[first[np.clip(prev, 0, None)]][keep]
        ),
    )
