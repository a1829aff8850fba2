"""Analyses of records: category shares, year-over-year growth, application outcomes and refusals.

Every function takes records with any number of agencies and years, groups them (``by``), returns a
tidy DataFrame with numeric, unrounded columns, and never modifies its input. Rounding is for
display, or on request (``rounding=``), half up as reports round.

Every function checks what it is asked for (:func:`luzhou_disclosure._checks.check_request`): a
``section`` or ``applicant`` outside the vocabulary raises
:class:`~luzhou_disclosure.errors.UnknownLabelError` (a ``ValueError``) naming the allowed values
and the closest one; a valid one, a year, an item or a parent the records do not hold gives a
:class:`~luzhou_disclosure.errors.DisclosureWarning` naming what is missing, and the empty result.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import pandas as pd

from ._checks import check_request
from ._growth import growth_columns
from ._numbers import round_half_up
from ._vocab import ANSWERED, CARRIED_FORWARD, CARRIED_IN, PROACTIVE_TOTAL, RECEIVED, REFUSED, TOTAL
from .records import as_records

#: the total item of a section, where it has one
SECTION_TOTALS = {"proactive": PROACTIVE_TOTAL, "applications": RECEIVED}
_ITEM_KEY = ["section", "parent", "item", "applicant", "field"]
#: the columns of :func:`refusal_breakdown` after its keys (and before ``is_total``)
REFUSAL_COLUMNS = (
    "item",
    "count",
    "refused",
    "applications",
    "share_of_refusals_pct",
    "share_of_applications_pct",
)


def counts(
    records: pd.DataFrame, *, section: str | None = None, applicant: str | None = TOTAL
) -> pd.DataFrame:
    """The ``count`` rows of ``records`` (optionally one section and one applicant column)."""
    frame = as_records(records)
    mask = frame["measure"] == "count"
    if section is not None:
        mask &= frame["section"] == section
    if applicant is not None:
        mask &= frame["applicant"] == applicant
    return frame[mask.fillna(False)]


def _by(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _filter_year(frame: pd.DataFrame, year: int | Sequence[int] | None) -> pd.DataFrame:
    if year is None:
        return frame
    years = [year] if isinstance(year, int | np.integer) else list(year)
    return frame[frame["year"].isin(years)]


def _lookup(frame: pd.DataFrame, keys: list[str], item: str, name: str) -> pd.DataFrame:
    """Per group, the count of ``item`` (first if stated twice) as column ``name``."""
    rows = frame[frame["item"] == item]
    return rows.groupby(keys, dropna=False, sort=False)["count"].first().rename(name).reset_index()


def category_shares(
    records: pd.DataFrame,
    *,
    section: str = "proactive",
    parent: str | None = None,
    year: int | Sequence[int] | None = None,
    by: str | Sequence[str] = ("agency", "year"),
    rounding: str | None = None,
    decimals: int = 2,
) -> pd.DataFrame:
    """Each item's count and its share of the total, per agency and year.

    Parameters
    ----------
    records
        Records (any number of agencies and years).
    section
        The section whose items are shared out (default ``proactive``: categories of the total).
    parent
        The total the parts belong to. Default: the section's total (主动公开政府信息总数 for
        ``proactive``); for sections without one, the top-level items, shared of their sum.
    year
        Keep only this year (or these years).
    by
        Grouping columns.
    rounding
        ``None`` (default): only the unrounded ``share_pct``. ``"half_up"``: add
        ``share_pct_rounded`` rounded half up to ``decimals``, as reports print.
        ``"largest_remainder"``: add ``share_pct_rounded`` whose values add to exactly 100 when the
        parts make up the total.
    decimals
        Decimals for ``share_pct_rounded``.

    Returns
    -------
    DataFrame
        ``by`` columns, ``item``, ``count``, ``total``, ``total_stated`` (True when the total is a
        stated figure, False when it is the sum of the parts), ``share_pct`` and, with ``rounding``,
        ``share_pct_rounded``.

    Raises
    ------
    UnknownLabelError
        ``section`` is not a section of the records model (a ``ValueError``).

    Warns
    -----
    DisclosureWarning
        The records hold no counts of ``section`` (in ``year``, under ``parent``): the result is
        empty.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> s = ld.category_shares(ld.load_example(), rounding="half_up")
    >>> s.set_index("item")["share_pct_rounded"]["工作动态类"]
    np.float64(29.47)
    """
    if rounding not in (None, "half_up", "largest_remainder"):
        raise ValueError(f"rounding={rounding!r}: expected None, 'half_up' or 'largest_remainder'")
    parent = parent if parent is not None else SECTION_TOTALS.get(section)
    check_request(
        records,
        "category_shares",
        choose={"section": (section, "section")},
        hold=[{"section": section, "measure": "count", "year": year, "parent": parent}],
    )
    keys = _by(by)
    frame = _filter_year(counts(records, section=section), year)
    if parent is not None:
        parts = frame[frame["parent"] == parent]
        totals = _lookup(counts(records), keys, parent, "total")
    else:
        parents = set(frame["parent"].dropna())
        parts = frame[frame["parent"].isna() & ~frame["item"].isin(parents)]
        totals = pd.DataFrame(columns=[*keys, "total"])
    parts = parts[[*keys, "item", "count"]].reset_index(drop=True)
    sums = (
        parts.groupby(keys, dropna=False, sort=False)["count"]
        .sum()
        .rename("parts_sum")
        .reset_index()
    )
    out = parts.merge(sums, on=keys, how="left").merge(totals, on=keys, how="left")
    out["total_stated"] = out["total"].notna()
    out["total"] = out["total"].astype("Int64").fillna(out["parts_sum"].astype("Int64"))
    out["share_pct"] = (
        out["count"].astype("Float64") / out["total"].astype("Float64") * 100
    ).where(out["total"] != 0)
    if rounding == "half_up":
        out["share_pct_rounded"] = [
            float(round_half_up(Fraction(int(c) * 100, int(t)), decimals))
            if pd.notna(c) and pd.notna(t) and t
            else np.nan
            for c, t in zip(out["count"], out["total"], strict=True)
        ]
    elif rounding == "largest_remainder":
        out["share_pct_rounded"] = np.nan
        for _, idx in out.groupby(keys, dropna=False, sort=False).groups.items():
            group = out.loc[idx]
            out.loc[idx, "share_pct_rounded"] = _largest_remainder(
                group["count"], group["total"].iloc[0], decimals
            )
    return out.drop(columns="parts_sum")


def _largest_remainder(part_counts: pd.Series, total: int, decimals: int) -> list[float]:
    """Shares rounded so that they add to the rounded sum of the exact shares (100 for a
    partition)."""
    if pd.isna(total) or total == 0 or part_counts.isna().any():
        return [np.nan] * len(part_counts)
    unit = 10**decimals
    quotas = [Fraction(int(c) * 100 * unit, int(total)) for c in part_counts]
    floors = [q.numerator // q.denominator for q in quotas]
    target = int(round_half_up(sum(quotas, Fraction(0)), 0))
    order = sorted(
        range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), -int(part_counts.iloc[i]), i)
    )
    for i in order[: max(0, target - sum(floors))]:
        floors[i] += 1
    return [f / unit for f in floors]


def yoy_growth(
    records: pd.DataFrame,
    *,
    year: int,
    base_year: int | None = None,
    section: str = "proactive",
    item: str | Sequence[str] | None = None,
    by: str | Sequence[str] = ("agency",),
    applicant: str = TOTAL,
) -> pd.DataFrame:
    """Change of items from ``base_year`` (default ``year - 1``) to ``year``, per agency.

    Parameters
    ----------
    records
        Records holding both years.
    year, base_year
        The year compared and the year compared against.
    section
        The section of the items (default ``proactive``).
    item
        The item or items; default the section's total (主动公开政府信息总数, 本年新收…), or every
        item of a section without a total.
    by
        Grouping columns besides the item (default agency).
    applicant
        Standard-form applicant column (default 总计).

    Returns
    -------
    DataFrame
        ``by`` columns, ``section``, ``parent``, ``item``, ``field``, ``year``, ``base_year``,
        ``current``, ``previous``, ``change``, ``growth_pct`` (unrounded; NA from a zero or missing
        base) and ``note`` (why growth is NA).

    Raises
    ------
    UnknownLabelError
        ``section`` or ``applicant`` is not in the vocabulary (a ``ValueError``).

    Warns
    -----
    DisclosureWarning
        The records hold no counts of the item(s) in ``year`` (the result is empty); a missing
        ``base_year`` figure is said in each row's ``note``.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> g = ld.yoy_growth(ld.load_example(), year=2017)
    >>> growth = round(float(g["growth_pct"].iloc[0]), 2)
    >>> g[["current", "previous", "change"]].iloc[0].tolist(), growth
    ([811, 686, 125], 18.22)
    """
    base_year = year - 1 if base_year is None else base_year
    items = [item] if isinstance(item, str) else list(item) if item is not None else None
    if items is None and section in SECTION_TOTALS:
        items = [SECTION_TOTALS[section]]
    want = {"section": section, "measure": "count", "applicant": applicant, "item": items}
    check_request(
        records,
        "yoy_growth",
        choose={"section": (section, "section"), "applicant": (applicant, "applicant")},
        hold=[{**want, "year": year}],  # a missing base year is in the rows' note
    )
    keys = [k for k in _by(by) if k != "year"]
    frame = counts(records, section=section, applicant=applicant)
    if items is not None:
        frame = frame[frame["item"].isin(items)]
    join = [*keys, *_ITEM_KEY]
    cur = frame[frame["year"] == year][[*join, "count"]].rename(columns={"count": "current"})
    prev = frame[frame["year"] == base_year][[*join, "count"]].rename(columns={"count": "previous"})
    cur, prev = (f.drop_duplicates(subset=join) for f in (cur, prev))
    out = cur.merge(prev, on=join, how="outer", sort=False)
    out.insert(len(join), "year", pd.array([year] * len(out), dtype="Int64"))
    out.insert(len(join) + 1, "base_year", pd.array([base_year] * len(out), dtype="Int64"))
    out = pd.concat(
        [
            out.reset_index(drop=True),
            growth_columns(out["current"], out["previous"]).reset_index(drop=True),
        ],
        axis=1,
    )
    return out.drop(columns="applicant").reset_index(drop=True)


def refusal_breakdown(
    records: pd.DataFrame,
    *,
    year: int | Sequence[int] | None = None,
    by: str | Sequence[str] = ("agency", "year"),
    base: str = RECEIVED,
) -> pd.DataFrame:
    """Each refusal reason (items under 不予公开): its count, share of refusals and of applications.

    The refusal total is the stated 不予公开 figure where a report gives one (pre-2019), otherwise
    the sum of the reasons (the standard form prints no subtotal). The last row of each group is the
    total itself (``is_total``).

    Parameters
    ----------
    records
        Records.
    year
        Keep only this year (or these years).
    by
        Grouping columns.
    base
        The item whose count is "all applications" (default 本年新收政府信息公开申请数量, which the
        seed's percentages use).

    Returns
    -------
    DataFrame
        ``by`` columns, ``item``, ``count``, ``refused``, ``applications``,
        ``share_of_refusals_pct``, ``share_of_applications_pct``, ``is_total``.

    Warns
    -----
    DisclosureWarning
        The records hold no refusal reasons (outcomes under 不予公开) or no ``base`` in ``year``.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> r = ld.refusal_breakdown(ld.load_example(), year=2017).set_index("item")
    >>> of_refusals = round(float(r.loc["商业秘密", "share_of_refusals_pct"]), 2)
    >>> of_refusals, round(float(r.loc["不予公开", "share_of_applications_pct"]), 2)
    (26.67, 6.1)
    """
    check_request(
        records,
        "refusal_breakdown",
        hold=[
            {"section": "outcomes", "measure": "count", "year": year, "parent": REFUSED},
            {"item": base, "measure": "count", "year": year},
        ],
    )
    keys = _by(by)
    frame = _filter_year(counts(records, section="outcomes"), year)
    reasons = frame[frame["parent"] == REFUSED][[*keys, "item", "count"]]
    stated = _lookup(frame, keys, REFUSED, "refused")
    summed = (
        reasons.groupby(keys, dropna=False, sort=False)["count"]
        .sum()
        .rename("reasons_sum")
        .reset_index()
    )
    totals = summed.merge(stated, on=keys, how="outer")
    totals["refused"] = (
        totals["refused"].astype("Int64").fillna(totals["reasons_sum"].astype("Int64"))
    )
    apps = _lookup(_filter_year(counts(records), year), keys, base, "applications")
    total_rows = totals[[*keys, "refused"]].assign(
        item=REFUSED, count=totals["refused"], is_total=True
    )
    out = pd.concat(
        [reasons.assign(is_total=False), total_rows[[*keys, "item", "count", "is_total"]]],
        ignore_index=True,
    )
    out = out.merge(totals[[*keys, "refused"]], on=keys, how="left").merge(
        apps, on=keys, how="left"
    )
    out["count"] = out["count"].astype("Int64")
    out["share_of_refusals_pct"] = (
        out["count"].astype("Float64") / out["refused"].astype("Float64") * 100
    ).where(out["refused"] != 0)
    out["share_of_applications_pct"] = (
        out["count"].astype("Float64") / out["applications"].astype("Float64") * 100
    ).where(out["applications"] != 0)
    out = out.sort_values([*keys, "is_total"], kind="stable").reset_index(drop=True)
    return out[[*keys, *REFUSAL_COLUMNS, "is_total"]]


_FLOW = (RECEIVED, CARRIED_IN, ANSWERED, CARRIED_FORWARD)


def outcome_breakdown(
    records: pd.DataFrame,
    *,
    year: int | Sequence[int] | None = None,
    by: str | Sequence[str] = ("agency", "year"),
) -> pd.DataFrame:
    """Application flow and outcomes: received, carried over, answered, carried forward; each
    outcome's share.

    Flow rows (``kind`` = ``flow``) are the application counts as stated; ``answered`` is
    办理答复数量 (pre-2019) or the standard form's （七）总计. Outcome rows (``kind`` = ``outcome``)
    are the top-level outcomes: a pre-2019 report's own labels, or the standard groups 予以公开,
    部分公开, 不予公开, 无法提供, 不予处理, 其他处理 — a group without a stated figure is the sum of
    its reasons (``summed`` True). Shares are of the answered total (or, without one, of received +
    carried over).

    Returns
    -------
    DataFrame
        ``by`` columns, ``kind``, ``item``, ``count``, ``summed``, ``base``, ``share_pct``.

    Warns
    -----
    DisclosureWarning
        The records hold no counts of section ``applications`` or ``outcomes`` in ``year``.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> o = ld.outcome_breakdown(ld.load_example(), year=2017).set_index("item")
    >>> row = o.loc["属于已主动公开范围"]
    >>> int(row["count"]), round(float(row["share_pct"]), 2)
    (231, 93.9)
    """
    check_request(
        records,
        "outcome_breakdown",
        hold=[{"section": ("applications", "outcomes"), "measure": "count", "year": year}],
    )
    keys = _by(by)
    frame = _filter_year(counts(records), year)
    flow = frame[(frame["section"] == "applications") & frame["item"].isin(_FLOW)][
        [*keys, "item", "count"]
    ]
    outcomes = frame[frame["section"] == "outcomes"]
    std_total = outcomes[outcomes["item"] == TOTAL][[*keys, "count"]].assign(item=ANSWERED)
    flow = pd.concat([flow, std_total], ignore_index=True).drop_duplicates(subset=[*keys, "item"])
    flow = flow.assign(kind="flow", summed=False)
    top = outcomes[
        (outcomes["parent"].isna() | (outcomes["parent"] == ANSWERED)) & (outcomes["item"] != TOTAL)
    ]
    top = top[[*keys, "item", "count"]].assign(summed=False)
    children = outcomes[outcomes["parent"].notna() & (outcomes["parent"] != ANSWERED)]
    groups = (
        children.groupby([*keys, "parent"], dropna=False, sort=False)["count"]
        .sum(min_count=1)
        .reset_index()
    )
    groups = groups.rename(columns={"parent": "item"})
    present = top.set_index([*keys, "item"]).index
    groups = groups[~groups.set_index([*keys, "item"]).index.isin(present)].assign(summed=True)
    outs = pd.concat([top, groups], ignore_index=True).assign(kind="outcome")
    wide = flow.pivot_table(
        index=keys, columns="item", values="count", aggfunc="first", dropna=False
    )
    base = wide[ANSWERED] if ANSWERED in wide else pd.Series(dtype="float64")
    if RECEIVED in wide:
        fallback = wide[RECEIVED] + (wide[CARRIED_IN].fillna(0) if CARRIED_IN in wide else 0)
        base = base.reindex(wide.index).fillna(fallback) if len(base) else fallback
    base = base.rename("base").reset_index() if len(wide) else pd.DataFrame(columns=[*keys, "base"])
    out = pd.concat([flow, outs], ignore_index=True).merge(base, on=keys, how="left")
    out["count"] = out["count"].astype("Int64")
    out["base"] = out["base"].astype("Int64")
    out["share_pct"] = (out["count"].astype("Float64") / out["base"].astype("Float64") * 100).where(
        out["base"] != 0
    )
    order = {item: i for i, item in enumerate(_FLOW)}
    out["_order"] = (
        out["item"].map(order).fillna(len(order)).where(out["kind"] == "flow", len(order) + 1)
    )
    out = (
        out.sort_values([*keys, "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    return out[[*keys, "kind", "item", "count", "summed", "base", "share_pct"]]
