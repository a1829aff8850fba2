"""The compare step of ``ld.compare`` written for DuckDB (SQL) and Polars (lazy expressions).

Both take harmonized records (``ld.harmonize``) and the years to compare, and give the rows of
``ld.compare(records, year=years)`` for the bench panel: every item of each agency's two years
side by side, compared as written where the agency's report forms agree and through the crosswalk
where they differ, groups the form prints no row for summed from their parts, change, growth,
ratio and the flags. What is worked out per distinct label (the crosswalk's name for each label,
and which group row a part adds up to) is done once in Python by :func:`label_tables`, the same
for both engines; every step per record is the engine's own (joins, sums, the roll-up, the
pairing). :func:`same_rows` checks them against ``ld.compare``.

Optional dependencies: ``pip install -e '.[bench]'`` (duckdb, polars).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from luzhou_disclosure._growth import NOTE_NO_BASE, NOTE_NO_CURRENT, NOTE_ZERO_BASE
from luzhou_disclosure.compare import RATIO_HIGH, RATIO_LOW, ROLLUP_GROUPS, ROLLUP_SECTIONS

LABEL = ["form", "section", "parent", "item", "field"]
NAME = ["section", "parent", "item", "field"]
FLAGS = (
    ("new_item", "new item"),
    ("dropped_item", "dropped item"),
    ("growth_from_zero", "growth from zero"),
    ("ratio_above_5", "ratio above 5"),
    ("ratio_below_0_2", "ratio below 0.2"),
    ("via_crosswalk", "through crosswalk"),
    ("judgement", "judgement call"),
    ("summed", "summed from parts"),
)
COLUMNS = [
    "agency",
    "year",
    "base_year",
    "form",
    "base_form",
    *NAME[:3],
    "applicant",
    "field",
    "measure",
    "current",
    "previous",
    "change",
    "growth_pct",
    "note",
    "ratio",
    *[f for f, _ in FLAGS],
    "flagged",
    "flags",
]


def label_tables(h: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per distinct label: its name in each mode (0 through the crosswalk, 1 as written) with the
    crosswalk flags; per (mode, section, group, field): the row its parts add up to."""
    cols = [*LABEL, "std_section", "std_parent", "std_item", "std_field", "mapping"]
    labels = h[cols].astype(object).drop_duplicates().reset_index(drop=True)
    labels = labels.where(labels.notna(), None)
    std = labels["mapping"].isin(["standard", "mapped", "judgement"])
    rows = []
    for mode in (0, 1):
        named = labels[LABEL].copy()
        named["mode"] = mode
        for c in NAME:
            named[f"n_{c}"] = labels[f"std_{c}"].where(std, labels[c]) if mode == 0 else labels[c]
        named["via"] = labels["mapping"].isin(["mapped", "judgement"]) & (mode == 0)
        named["judg"] = labels["mapping"].eq("judgement") & (mode == 0)
        rows.append(named)
    names = pd.concat(rows, ignore_index=True)
    names = names.astype(object).where(names.notna(), None)
    groups = []
    for mode in (0, 1):
        keys = list(
            dict.fromkeys(
                names.loc[names["mode"] == mode, [f"n_{c}" for c in NAME]].itertuples(
                    index=False, name=None
                )
            )
        )
        for section, parent, _item, field in keys:
            if section not in ROLLUP_SECTIONS or parent not in ROLLUP_GROUPS:
                continue
            stated = [t for t in keys if t[0] == section and t[2] == parent and t[3] == field]
            stated.sort(key=lambda t: t[1] is not None)
            target = stated[0] if stated else (section, None, parent, field)
            groups.append((mode, section, parent, field, *target))
    targets = pd.DataFrame(
        groups, columns=["mode", "g_section", "g_parent", "g_field", *[f"t_{c}" for c in NAME]]
    ).drop_duplicates()
    return names, targets.astype(object).where(targets.notna(), None)


def _inputs(h: pd.DataFrame, years: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    bases = [y - 1 for y in years]
    keep = h["year"].isin(years + bases) & h["measure"].isin(["count", "change", "amount"])
    records = h.loc[keep, ["agency", "year", *LABEL[:1], *NAME, "applicant", "measure"]].copy()
    records["year"] = records["year"].astype("int64")
    records["v"] = np.where(
        h.loc[keep, "measure"].eq("amount").to_numpy(dtype=bool),
        h.loc[keep, "value"].to_numpy(dtype="float64", na_value=np.nan),
        h.loc[keep, "count"].to_numpy(dtype="float64", na_value=np.nan),
    )
    # the text columns stay as they are (categorical in the bench panel): each engine reads
    # them in its own way (DuckDB as ENUM, Polars as Categorical, cast to strings in the query)
    pairs = pd.DataFrame({"p": range(len(years)), "cy": years, "by": bases})
    return records, pairs


SQL = f"""
WITH r AS (
    SELECT agency::VARCHAR AS agency, year, form::VARCHAR AS form, section::VARCHAR AS section,
           parent::VARCHAR AS parent, item::VARCHAR AS item, field::VARCHAR AS field,
           applicant::VARCHAR AS applicant, measure::VARCHAR AS measure, v
    FROM records
), forms AS (  -- each agency-year's form(s)
    SELECT agency, year, string_agg(DISTINCT form, ' + ' ORDER BY form) AS forms
    FROM r GROUP BY agency, year
), modes AS (  -- per pair and agency: through the crosswalk (0) only where the forms differ
    SELECT p.p, p.cy, p.by, a.agency, fc.forms AS form, fb.forms AS base_form,
           CASE WHEN fc.forms IS NOT NULL AND fb.forms IS NOT NULL AND fc.forms <> fb.forms
                THEN 0 ELSE 1 END AS mode
    FROM pairs p CROSS JOIN (SELECT DISTINCT agency FROM r) a
    LEFT JOIN forms fc ON fc.agency = a.agency AND fc.year = p.cy
    LEFT JOIN forms fb ON fb.agency = a.agency AND fb.year = p.by
), sides AS (  -- each record on its side of each pair it takes part in, named in the pair's mode
    SELECT m.p, m.agency, (r.year = m.cy) AS cur, m.mode,
           n.n_section, n.n_parent, n.n_item, n.n_field, r.applicant, r.measure, r.v,
           n.via, n.judg
    FROM r JOIN modes m ON r.agency = m.agency AND (r.year = m.cy OR r.year = m.by)
    JOIN names n ON n.mode = m.mode AND n.form IS NOT DISTINCT FROM r.form
        AND n.section IS NOT DISTINCT FROM r.section AND n.parent IS NOT DISTINCT FROM r.parent
        AND n.item IS NOT DISTINCT FROM r.item AND n.field IS NOT DISTINCT FROM r.field
), stated AS (
    SELECT p, agency, cur, mode, n_section, n_parent, n_item, n_field, applicant, measure,
           sum(v) AS v, bool_or(via) AS via, bool_or(judg) AS judg
    FROM sides GROUP BY ALL
), rolled AS (  -- a group's parts added up
    SELECT s.p, s.agency, s.cur, s.mode, g.t_section AS n_section, g.t_parent AS n_parent,
           g.t_item AS n_item, g.t_field AS n_field, s.applicant, s.measure,
           sum(s.v) AS v, bool_or(s.via) AS via, bool_or(s.judg) AS judg
    FROM stated s JOIN targets g ON g.mode = s.mode AND g.g_section IS NOT DISTINCT FROM s.n_section
        AND g.g_parent IS NOT DISTINCT FROM s.n_parent AND g.g_field IS NOT DISTINCT FROM s.n_field
    GROUP BY ALL
), kept AS (  -- the sum only where the group's own row states no figure
    SELECT k.* FROM rolled k WHERE NOT EXISTS (
        SELECT 1 FROM stated s WHERE s.v IS NOT NULL AND s.p = k.p AND s.agency = k.agency
        AND s.cur = k.cur AND s.mode = k.mode AND s.n_section IS NOT DISTINCT FROM k.n_section
        AND s.n_parent IS NOT DISTINCT FROM k.n_parent AND s.n_item IS NOT DISTINCT FROM k.n_item
        AND s.n_field IS NOT DISTINCT FROM k.n_field AND s.applicant = k.applicant
        AND s.measure = k.measure)
), items AS (
    SELECT *, false AS summed FROM stated s WHERE NOT EXISTS (
        SELECT 1 FROM kept k WHERE s.p = k.p AND s.agency = k.agency
        AND s.cur = k.cur AND s.mode = k.mode AND s.n_section IS NOT DISTINCT FROM k.n_section
        AND s.n_parent IS NOT DISTINCT FROM k.n_parent AND s.n_item IS NOT DISTINCT FROM k.n_item
        AND s.n_field IS NOT DISTINCT FROM k.n_field AND s.applicant = k.applicant
        AND s.measure = k.measure)
    UNION ALL SELECT *, true AS summed FROM kept
), paired AS (
    SELECT coalesce(c.p, b.p) AS p, coalesce(c.agency, b.agency) AS agency,
           coalesce(c.n_section, b.n_section) AS section,
           coalesce(c.n_parent, b.n_parent) AS parent,
           coalesce(c.n_item, b.n_item) AS item, coalesce(c.applicant, b.applicant) AS applicant,
           coalesce(c.n_field, b.n_field) AS field, coalesce(c.measure, b.measure) AS measure,
           c.v AS current, b.v AS previous, c.p IS NOT NULL AS in_cur, b.p IS NOT NULL AS in_base,
           coalesce(c.via, false) OR coalesce(b.via, false) AS via_crosswalk,
           coalesce(c.judg, false) OR coalesce(b.judg, false) AS judgement,
           coalesce(c.summed, false) OR coalesce(b.summed, false) AS summed
    FROM (SELECT * FROM items WHERE cur) c FULL JOIN (SELECT * FROM items WHERE NOT cur) b
    ON c.p = b.p AND c.agency = b.agency AND c.n_section IS NOT DISTINCT FROM b.n_section
       AND c.n_parent IS NOT DISTINCT FROM b.n_parent AND c.n_item IS NOT DISTINCT FROM b.n_item
       AND c.n_field IS NOT DISTINCT FROM b.n_field AND c.applicant = b.applicant
       AND c.measure = b.measure
), flagged AS (
    SELECT m.agency, m.cy AS year, m.by AS base_year, m.form, m.base_form, x.section, x.parent,
           x.item, x.applicant, x.field, x.measure, x.current, x.previous,
           x.current - x.previous AS change,
           CASE WHEN x.previous <> 0 THEN (x.current - x.previous) / x.previous * 100 END
               AS growth_pct,
           CASE WHEN x.current IS NULL THEN '{NOTE_NO_CURRENT}'
                WHEN x.previous IS NULL THEN '{NOTE_NO_BASE}'
                WHEN x.previous = 0 THEN '{NOTE_ZERO_BASE}' END AS note,
           CASE WHEN x.previous > 0 AND x.measure <> 'change' AND x.current IS NOT NULL
                THEN x.current / x.previous END AS ratio,
           x.in_cur AND NOT x.in_base AS new_item, x.in_base AND NOT x.in_cur AS dropped_item,
           coalesce(x.previous = 0 AND x.current > 0, false) AS growth_from_zero,
           x.via_crosswalk, x.judgement, x.summed
    FROM paired x JOIN modes m ON m.p = x.p AND m.agency = x.agency
)
SELECT agency, year, base_year, form, base_form, section, parent, item, applicant, field, measure,
       current, previous, change, growth_pct, note, ratio, new_item, dropped_item,
       growth_from_zero, coalesce(ratio > {RATIO_HIGH}, false) AS ratio_above_5,
       coalesce(ratio < {RATIO_LOW}, false) AS ratio_below_0_2, via_crosswalk, judgement, summed,
       new_item OR dropped_item OR growth_from_zero OR coalesce(ratio > {RATIO_HIGH}, false)
           OR coalesce(ratio < {RATIO_LOW}, false) OR via_crosswalk AS flagged,
       concat_ws(', ', {", ".join(f"CASE WHEN {c} THEN '{t}' END" for c, t in FLAGS[:2])},
           CASE WHEN growth_from_zero THEN 'growth from zero' END,
           CASE WHEN coalesce(ratio > {RATIO_HIGH}, false) THEN 'ratio above 5' END,
           CASE WHEN coalesce(ratio < {RATIO_LOW}, false) THEN 'ratio below 0.2' END,
           {", ".join(f"CASE WHEN {c} THEN '{t}' END" for c, t in FLAGS[5:])}) AS flags
FROM flagged
"""


def duckdb_compare(h: pd.DataFrame, years: list[int], *, to_pandas: bool = True):
    """The compare step in DuckDB: an Arrow table, or a pandas DataFrame (``to_pandas``)."""
    import duckdb

    names, targets = label_tables(h)
    r, pairs = _inputs(h, years)
    con = duckdb.connect()
    for name, frame in (("records", r), ("pairs", pairs), ("names", names), ("targets", targets)):
        con.register(name, frame)
    result = con.sql(SQL)
    if to_pandas:
        return result.df()
    table = result.arrow()  # a Table, or in newer DuckDB a RecordBatchReader
    return table.read_all() if hasattr(table, "read_all") else table


def polars_compare(h: pd.DataFrame, years: list[int], *, to_pandas: bool = True):
    """The compare step as one Polars lazy query: a Polars DataFrame, or pandas (``to_pandas``)."""
    import polars as pl

    names, targets = label_tables(h)
    r, pairs = _inputs(h, years)
    r = (
        pl.from_pandas(r)
        .lazy()
        .with_columns(pl.col("agency", *LABEL, "applicant", "measure").cast(pl.String))
    )
    pairs = pl.from_pandas(pairs).lazy()
    names = pl.from_pandas(names.astype({"via": bool, "judg": bool})).lazy()
    targets = pl.from_pandas(targets).lazy()
    key = ["n_section", "n_parent", "n_item", "n_field"]
    forms = r.group_by("agency", "year").agg(
        pl.col("form").unique().sort().str.join(" + ").alias("forms")
    )
    modes = (
        pairs.join(r.select("agency").unique(), how="cross")
        .join(forms, left_on=["agency", "cy"], right_on=["agency", "year"], how="left")
        .rename({"forms": "form"})
        .join(forms, left_on=["agency", "by"], right_on=["agency", "year"], how="left")
        .rename({"forms": "base_form"})
        .with_columns(
            pl.when(
                pl.col("form").is_not_null()
                & pl.col("base_form").is_not_null()
                & (pl.col("form") != pl.col("base_form"))
            )
            .then(0)
            .otherwise(1)
            .alias("mode")
        )
    )
    sides = (
        pl.concat(
            [
                r.join(modes, left_on=["agency", "year"], right_on=["agency", "cy"]).with_columns(
                    cur=pl.lit(True)
                ),
                r.join(modes, left_on=["agency", "year"], right_on=["agency", "by"]).with_columns(
                    cur=pl.lit(False)
                ),
            ],
            how="diagonal",
        )
        .join(names, on=["mode", *LABEL], nulls_equal=True)
        .select("p", "agency", "cur", "mode", *key, "applicant", "measure", "v", "via", "judg")
    )
    group = ["p", "agency", "cur", "mode", *key, "applicant", "measure"]
    agg = [
        pl.col("v").sum().alias("v").cast(pl.Float64),
        pl.col("v").is_not_null().any().alias("has"),
        pl.col("via").any(),
        pl.col("judg").any(),
    ]
    stated = sides.group_by(group).agg(agg)
    stated = stated.with_columns(pl.when(pl.col("has")).then(pl.col("v")).alias("v")).drop("has")
    rolled = (
        stated.join(
            targets,
            left_on=["mode", "n_section", "n_parent", "n_field"],
            right_on=["mode", "g_section", "g_parent", "g_field"],
            nulls_equal=True,
        )
        .drop(key)
        .rename({f"t_{c}": f"n_{c}" for c in NAME})
        .group_by(group)
        .agg(agg)
    )
    rolled = rolled.with_columns(pl.when(pl.col("has")).then(pl.col("v")).alias("v")).drop("has")
    kept = rolled.join(
        stated.filter(pl.col("v").is_not_null()).select(group),
        on=group,
        how="anti",
        nulls_equal=True,
    )
    items = pl.concat(
        [
            stated.join(kept.select(group), on=group, how="anti", nulls_equal=True).with_columns(
                summed=pl.lit(False)
            ),
            kept.with_columns(summed=pl.lit(True)),
        ],
        how="diagonal",
    )
    pair_key = ["p", "agency", *key, "applicant", "measure"]
    cur = items.filter(pl.col("cur")).drop("cur", "mode").with_columns(in_cur=pl.lit(True))
    base = items.filter(~pl.col("cur")).drop("cur", "mode").with_columns(in_base=pl.lit(True))
    paired = cur.join(base, on=pair_key, how="full", coalesce=True, nulls_equal=True)
    ratio = (
        pl.when(
            (pl.col("previous") > 0)
            & (pl.col("measure") != "change")
            & pl.col("current").is_not_null()
        )
        .then(pl.col("current") / pl.col("previous"))
        .alias("ratio")
    )
    out = (
        paired.join(
            modes.select("p", "agency", "cy", "by", "form", "base_form"), on=["p", "agency"]
        )
        .select(
            "agency",
            pl.col("cy").alias("year"),
            pl.col("by").alias("base_year"),
            "form",
            "base_form",
            *[pl.col(f"n_{c}").alias(c) for c in NAME[:3]],
            "applicant",
            pl.col("n_field").alias("field"),
            "measure",
            pl.col("v").alias("current"),
            pl.col("v_right").alias("previous"),
            pl.col("in_cur").fill_null(False),
            pl.col("in_base").fill_null(False),
            (pl.col("via").fill_null(False) | pl.col("via_right").fill_null(False)).alias(
                "via_crosswalk"
            ),
            (pl.col("judg").fill_null(False) | pl.col("judg_right").fill_null(False)).alias(
                "judgement"
            ),
            (pl.col("summed").fill_null(False) | pl.col("summed_right").fill_null(False)).alias(
                "summed"
            ),
        )
        .with_columns(
            (pl.col("current") - pl.col("previous")).alias("change"),
            pl.when(pl.col("previous") != 0)
            .then((pl.col("current") - pl.col("previous")) / pl.col("previous") * 100)
            .alias("growth_pct"),
            pl.when(pl.col("current").is_null())
            .then(pl.lit(NOTE_NO_CURRENT))
            .when(pl.col("previous").is_null())
            .then(pl.lit(NOTE_NO_BASE))
            .when(pl.col("previous") == 0)
            .then(pl.lit(NOTE_ZERO_BASE))
            .alias("note"),
            ratio,
            (pl.col("in_cur") & ~pl.col("in_base")).alias("new_item"),
            (pl.col("in_base") & ~pl.col("in_cur")).alias("dropped_item"),
            ((pl.col("previous") == 0) & (pl.col("current") > 0))
            .fill_null(False)
            .alias("growth_from_zero"),
        )
        .with_columns(
            (pl.col("ratio") > RATIO_HIGH).fill_null(False).alias("ratio_above_5"),
            (pl.col("ratio") < RATIO_LOW).fill_null(False).alias("ratio_below_0_2"),
        )
        .with_columns(
            pl.any_horizontal([f for f, _ in FLAGS[:6]]).alias("flagged"),
            pl.concat_str(
                [pl.when(pl.col(f)).then(pl.lit(t)) for f, t in FLAGS],
                separator=", ",
                ignore_nulls=True,
            ).alias("flags"),
        )
        .select(COLUMNS)
    )
    result = out.collect()
    return result.to_pandas() if to_pandas else result


def same_rows(got: pd.DataFrame, expected: pd.DataFrame) -> str:
    """'same rows (n)' when ``got`` holds the rows of ``expected`` (ld.compare) in any order: every
    column's values, figures to 1e-9, else what differs."""
    got = got[COLUMNS].astype(object)
    expected = expected[COLUMNS].astype(object)
    got = got.where(pd.notna(got), None)
    expected = expected.where(pd.notna(expected), None)
    keys = COLUMNS[:11]
    order = [
        pd.factorize(pd.concat([got[k], expected[k]], ignore_index=True).astype(str))[0]
        for k in keys
    ]
    n = len(got)
    if n != len(expected):
        return f"DIFFERENT: {n:,} rows against {len(expected):,}"
    got = got.take(np.lexsort([c[:n] for c in reversed(order)])).reset_index(drop=True)
    expected = expected.take(np.lexsort([c[n:] for c in reversed(order)])).reset_index(drop=True)
    for c in COLUMNS:
        a, b = got[c], expected[c]
        if c in ("current", "previous", "change", "growth_pct", "ratio"):
            x = a.to_numpy(dtype="float64", na_value=np.nan)
            y = b.to_numpy(dtype="float64", na_value=np.nan)
            same = np.isclose(x, y, rtol=1e-9, atol=0, equal_nan=True)
        else:
            same = np.array(
                [u == v or (u is None and v is None) for u, v in zip(a, b, strict=True)]
            )
        if not same.all():
            i = int(np.flatnonzero(~same)[0])
            return f"DIFFERENT in {c}: row {i}: {a[i]!r} against {b[i]!r} (ld.compare)"
    return f"same rows ({n:,})"
