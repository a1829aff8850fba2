"""Scripted comparisons: year against year (across the 2019 format change) and agency against peers.

``compare`` compares an agency's two years as the reports write them where both come from the same
report form, and through the crosswalk where the forms differ; ``peer_summary`` always ranks by the
*standard items* of :func:`~luzhou_disclosure.harmonize.harmonize`. Through the crosswalk, a
pre-2019 label is compared with the 2021 standard item it maps to, several labels that map to one
item are added up, and a group the standard form prints no row for
(不予公开, 无法提供, 不予处理, 其他处理, 行政诉讼) is the sum of its parts where no figure for it is
stated. Change and growth come from :func:`luzhou_disclosure._growth.growth_columns`, the one
definition that ``yoy_growth`` and the breakdowns use.

Everything is vectorised: distinct labels are mapped once, then the records are reduced to integer
codes and added up with ``np.bincount``, so a panel of ten million records takes seconds. Distinct
packed keys are found by a stable sort (:func:`luzhou_disclosure._keys.factorize`), not a hash
table, so that the cost stays linear when there are millions of them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._arrays import STRING, from_floats
from ._checks import STANDARD_FORMS, check_request, renamed
from ._english import reason as _reason
from ._growth import growth_columns
from ._keys import Packing, by_first_appearance, column_codes, dense_codes, factorize, isin
from ._vocab import (
    NOT_PROCESSED,
    OTHER_HANDLING,
    RECEIVED,
    REFUSED,
    SECTIONS,
    TOTAL,
    UNABLE,
)
from .errors import SchemaError
from .harmonize import STD_COLUMNS, map_keys
from .indicators import INDICATORS, peer_values, threshold_levels

#: measures compared (the printed share_pct and growth_pct are derived figures; audit checks them)
COMPARED_MEASURES = ("count", "change", "amount")
#: sections whose groups are summed from their parts when no figure for the group is stated
ROLLUP_SECTIONS = ("outcomes", "litigation")
#: a ratio current ÷ previous above HIGH or below LOW is flagged (docs/formats.md §4 rule 10)
RATIO_HIGH, RATIO_LOW = 5.0, 0.2
_KEY = ("form", "section", "parent", "item", "field")
_FLAG_NAMES = (
    "new item",
    "dropped item",
    "growth from zero",
    "ratio above 5",
    "ratio below 0.2",
    "through crosswalk",
    "judgement call",
    "summed from parts",
)


#: the indicators :func:`peer_summary` ranks on (``measure=``), defined in
#: :mod:`luzhou_disclosure.indicators` and docs/indicators.md
RATES = INDICATORS
DEFAULT_MIN_APPLICATIONS = 10


def _years(year: int | Sequence[int]) -> list[int]:
    return [int(year)] if isinstance(year, int | np.integer) else [int(y) for y in year]


def _by(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _categorical(values: pd.Series | np.ndarray | list, codes: np.ndarray) -> pd.Categorical:
    """values[codes] as a categorical, without materialising strings per row."""
    cat = pd.Categorical(
        pd.Series(values, dtype=object).where(pd.notna(pd.Series(values, dtype=object)), None)
    )
    return pd.Categorical.from_codes(
        np.asarray(cat.codes)[codes], categories=pd.Index(cat.categories, dtype=STRING)
    )


def _column_codes(
    records: pd.DataFrame, column: str, rows: np.ndarray, default: Any = None
) -> tuple[np.ndarray, pd.Index]:
    """Codes of ``column`` at ``rows`` (NA → its own last code) and the values they stand for: a
    categorical's own codes, other values numbered in order of first appearance among ``rows``. A
    column the records leave out holds ``default``."""
    none = pd.Index([None], dtype=object)
    if column not in records:
        return np.zeros(len(rows), dtype=np.int64), pd.Index([default], dtype=object).append(none)
    series = records[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, n = column_codes(series, rows)
        return codes, pd.Index(series.cat.categories, dtype=object).append(none)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    codes = codes[rows].astype(np.int64)
    na = codes < 0
    codes[na] = len(uniques)
    dense, first = dense_codes([(codes, len(uniques) + 1)])
    seen = codes[first]  # the values in order of first appearance; NA is moved last
    real = seen < len(uniques)
    renumber = np.full(len(first), int(real.sum()), dtype=np.int64)
    renumber[real] = np.arange(int(real.sum()))
    values = pd.Index(np.asarray(uniques, dtype=object)[seen[real]], dtype=object)
    return renumber[dense], values.append(none)


def _filled_forms(
    records: pd.DataFrame, rows: np.ndarray, year: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The form of each record at ``rows`` as codes, and the values they stand for (None last): a
    missing form is taken from the year (before 2019 narrative, 2019–2020 the 2019 form, later the
    2021 form)."""
    if "form" in records:
        series = records["form"]
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = np.asarray(series.array.codes)[rows].astype(np.int64)
            values = list(np.asarray(series.cat.categories, dtype=object))
        else:
            codes, uniques = pd.factorize(series, use_na_sentinel=True)
            codes, values = codes[rows].astype(np.int64), list(np.asarray(uniques, dtype=object))
    else:
        codes, values = np.full(len(rows), -1, dtype=np.int64), []
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        y = year[rows[missing]]
        for form, at in (
            ("narrative", y < 2019),
            ("2019", (y >= 2019) & (y < 2021)),
            ("2021", y >= 2021),
        ):
            if at.any():
                if form not in values:
                    values.append(form)
                codes[missing[at]] = values.index(form)
    codes[codes < 0] = len(values)
    return codes, np.array([*values, None], dtype=object)


def _floats(records: pd.DataFrame, column: str, rows: np.ndarray) -> np.ndarray:
    """``column`` at ``rows`` as float64, NaN where NA or where the records leave it out."""
    if column not in records:
        return np.full(len(rows), np.nan)
    return pd.to_numeric(records[column].iloc[rows]).to_numpy(dtype="float64", na_value=np.nan)


def _patterns(present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a boolean matrix (unit-years × forms), each row's pattern number and the patterns."""
    nf = present.shape[1]
    if nf > 62:
        patterns, signature = np.unique(present, axis=0, return_inverse=True)
        return signature.reshape(-1), patterns
    bits = present.astype(np.int64) @ (np.int64(1) << np.arange(nf, dtype=np.int64))
    uniq, signature = np.unique(bits, return_inverse=True)
    patterns = ((uniq[:, None] >> np.arange(nf, dtype=np.int64)) & 1).astype(bool)
    return signature.reshape(-1), patterns


#: records per chunk of units that compare and peer_summary add up at a time (a unit's records are
#: never split): large enough that the per-chunk work is vectorised, small enough that its
#: temporaries are reused rather than page-faulted afresh
CHUNK_ROWS = 1 << 18


#: how a unit's pair of years is read: through the crosswalk (its forms differ) or as written
THROUGH_CROSSWALK, AS_WRITTEN = 0, 1
#: groups whose parts are added up when no figure for the group is stated
ROLLUP_GROUPS = (REFUSED, UNABLE, NOT_PROCESSED, OTHER_HANDLING, "行政诉讼")


class _Items:
    """Records reduced to one figure per (unit, year, mode, item, applicant, measure), as codes.

    ``mode`` says how items are named: :data:`THROUGH_CROSSWALK`, the standard items (of ``form``)
    of the crosswalk, or :data:`AS_WRITTEN`, the records' own (section, parent, item, field).
    Without ``pairs`` every figure is read through the crosswalk (``peer_summary`` ranks agencies by
    standard items). With ``pairs`` (year, base year) a unit's pair is read through the crosswalk
    only where the unit's report forms differ between the two years, so that like is compared with
    like; ``pair_mode`` (pair × unit) says which, ``forms`` names each unit-year's form(s).

    Everything about labels is worked out once per distinct label (codes in order of first
    appearance, :func:`~luzhou_disclosure._keys.dense_codes`); the figures are then added up unit
    chunk by unit chunk (:meth:`chunks`, about :data:`CHUNK_ROWS` records each, a unit never
    split), so that the work per record, and the memory it takes, do not grow with the panel.
    """

    def __init__(
        self,
        records: pd.DataFrame,
        years: list[int],
        by: list[str],
        mapping: Any,
        form: str,
        want=None,
        applicant: str | None = None,
        pairs: list[tuple[int, int]] | None = None,
    ) -> None:
        """``want``: a function of the items table (``eff_keys``) giving which items are needed (a
        boolean array), ``applicant``: the one applicant column needed; the other records are left
        out before anything is added up (their groups' parts are kept)."""
        need = ["year", "section", "item", "measure", *by]
        missing = [c for c in dict.fromkeys(need) if c not in records.columns]
        if missing:
            raise SchemaError.missing_columns(missing)
        year = pd.to_numeric(records["year"]).to_numpy(dtype="float64", na_value=np.nan)
        self._records, self._in_years = records, np.isin(year, years)
        mask = self._in_years & records["measure"].isin(COMPARED_MEASURES).to_numpy(
            dtype=bool, na_value=False
        )
        sel = np.flatnonzero(mask)
        self.by = by
        n = len(sel)
        # -- standard item per distinct label ------------------------------------------------
        has_std = all(c in records.columns for c in STD_COLUMNS)
        key_cols = list(_KEY) + (list(STD_COLUMNS[:5]) if has_std else [])
        form_codes, form_values = _filled_forms(records, sel, year)
        kcodes, first = dense_codes(
            [
                (form_codes, len(form_values))
                if c == "form"
                else column_codes(records[c], sel)
                if c in records
                else (np.zeros(n, dtype=np.int64), 1)
                for c in key_cols
            ]
        )
        keys = pd.DataFrame(
            {
                c: pd.Series(form_values[form_codes[first]], dtype=STRING)
                if c == "form"
                else records[c].iloc[sel[first]].reset_index(drop=True)
                if c in records
                else pd.Series(pd.NA, index=range(len(first)), dtype=STRING)
                for c in key_cols
            }
        )
        if not has_std:
            keys = map_keys(keys[list(_KEY)], form=form, mapping=mapping)
        keys = keys.astype({c: object for c in keys.columns if c != "judgement"})
        via_status = keys["mapping"].isin(["mapped", "judgement"]).to_numpy()
        std_ok = keys["mapping"].isin(["standard", "mapped", "judgement"]).to_numpy()
        named = {
            THROUGH_CROSSWALK: pd.DataFrame(
                {
                    "section": np.where(std_ok, keys["std_section"], keys["section"]),
                    "parent": np.where(std_ok, keys["std_parent"], keys["parent"]),
                    "item": np.where(std_ok, keys["std_item"], keys["item"]),
                    "field": np.where(std_ok, keys["std_field"], keys["field"]),
                }
            ),
            AS_WRITTEN: keys[["section", "parent", "item", "field"]].reset_index(drop=True),
        }
        named = {
            k: v.astype(object).pipe(lambda f: f.where(f.notna(), None)) for k, v in named.items()
        }
        if has_std:
            judg = keys["mapping"].eq("judgement").to_numpy()
        else:
            judg = keys["judgement"].fillna(False).to_numpy(dtype=bool)
        # -- per-row unit and year; the modes each unit-year is needed in --------------------
        u_row, first_u = dense_codes([column_codes(records[c], sel) for c in by])
        self.units = pd.DataFrame(
            {c: records[c].iloc[sel[first_u]].reset_index(drop=True) for c in by}
        )
        self.y0 = min(years)
        self.ny = max(years) - self.y0 + 1
        y_row = year[sel].astype(np.int64) - self.y0
        nu = max(len(self.units), 1)
        nuy = nu * self.ny
        uy_row = u_row * self.ny + y_row
        needed = np.zeros((2, nuy), dtype=bool)
        if pairs is None:
            self.pair_mode = np.zeros((0, nu), dtype=np.int64)  # no pairs
            needed[THROUGH_CROSSWALK] = True
        else:
            form_codes, form_names = pd.factorize(keys["form"].astype(object))
            nf = len(form_names) + 1
            f_row = np.where(form_codes < 0, nf - 1, form_codes)[kcodes] if n else kcodes
            present = np.bincount(uy_row * nf + f_row, minlength=nuy * nf).reshape(nuy, nf) > 0
            signature, patterns = _patterns(present)
            has_form = np.any(present, axis=1)
            names = np.array([*map(str, form_names), "?"], dtype=object)
            pattern_names = [" + ".join(names[row]) if row.any() else None for row in patterns]
            self.forms = np.array(pattern_names, dtype=object)[signature]
            self.pair_mode = np.empty((len(pairs), nu), dtype=np.int64)
            first_uy = np.arange(nu, dtype=np.int64) * self.ny
            for p, (cur, base) in enumerate(pairs):
                ic, ib = first_uy + (cur - self.y0), first_uy + (base - self.y0)
                differ = has_form[ic] & has_form[ib] & (signature[ic] != signature[ib])
                mode = np.where(differ, THROUGH_CROSSWALK, AS_WRITTEN)
                self.pair_mode[p] = mode
                needed[mode, ic] = True
                needed[mode, ib] = True
        modes = [k for k in (THROUGH_CROSSWALK, AS_WRITTEN) if needed[k].any()]
        # -- the items table: every name in the modes needed, groups added, in section order -
        order = {s: i for i, s in enumerate(SECTIONS)}
        eff_keys = pd.concat([named[k] for k in modes], ignore_index=True).drop_duplicates()
        # each mode's names in order of first appearance (a set's order would vary from process
        # to process: hash(None) does in Python 3.11)
        key_sets = {k: dict.fromkeys(named[k].itertuples(index=False, name=None)) for k in modes}
        group_key: dict[tuple[int, tuple], tuple] = {}
        extra = []
        for k in modes:
            for section, parent, _item, field in key_sets[k]:
                if section not in ROLLUP_SECTIONS or parent not in ROLLUP_GROUPS:
                    continue
                stated = [
                    t for t in key_sets[k] if t[0] == section and t[2] == parent and t[3] == field
                ]
                stated.sort(key=lambda t: t[1] is not None)  # the top-level one first
                target = stated[0] if stated else (section, None, parent, field)
                group_key[(k, (section, parent, field))] = target
                if not stated:
                    extra.append(target)
        eff_keys = (
            pd.concat(
                [eff_keys, pd.DataFrame(extra, columns=eff_keys.columns, dtype=object)],
                ignore_index=True,
            )
            .drop_duplicates()
            .reset_index(drop=True)
        )
        eff_keys = (
            eff_keys.assign(_s=eff_keys["section"].map(order).fillna(len(order)))
            .sort_values(["_s"], kind="stable")
            .drop(columns=["_s"])
            .reset_index(drop=True)
        )
        tuples = {tuple(r): i for i, r in enumerate(eff_keys.itertuples(index=False, name=None))}
        self.eff_keys = eff_keys
        # group_of[mode, item]: the group an item's figure is added to (-1: none)
        group_of = np.full((2, len(eff_keys)), -1, dtype=np.int64)
        for (k, (section, parent, field)), target in group_key.items():
            for i, t in enumerate(eff_keys.itertuples(index=False, name=None)):
                if t[0] == section and t[1] == parent and t[3] == field and t in key_sets[k]:
                    group_of[k, i] = tuples[target]
        index_of = {
            k: np.array(
                [tuples[tuple(r)] for r in named[k].itertuples(index=False, name=None)],
                dtype=np.int64,
            )
            for k in modes
        }
        # -- per-row codes --------------------------------------------------------------------
        a_row, self.applicants = _column_codes(records, "applicant", sel, TOTAL)
        m_row, self.measures = _column_codes(records, "measure", sel)
        measure_is_amount = np.asarray(self.measures == "amount")[m_row]
        count = _floats(records, "count", sel)
        value = _floats(records, "value", sel)
        vals = np.where(measure_is_amount, value, count)
        self.ne, self.na, self.nm = len(eff_keys), len(self.applicants), len(self.measures)
        # the items wanted (and the parts of wanted groups), the applicant column wanted
        wanted = None
        if want is not None:
            w = np.asarray(want(eff_keys), dtype=bool)
            parts_of = group_of[THROUGH_CROSSWALK]
            wanted = w | np.where(parts_of >= 0, w[np.clip(parts_of, 0, None)], False)
        applicant_ok = (
            None if applicant is None else np.asarray(self.applicants == applicant, dtype=bool)
        )
        self._rows = {
            "u": u_row,
            "y": y_row,
            "label": kcodes,
            "a": a_row,
            "m": m_row,
            "value": vals,
        }
        self._labels = {
            "via": via_status,
            "judgement": judg,
            "index_of": index_of,
            "group_of": group_of,
            "needed": needed,
            "modes": modes,
            "wanted": wanted,
            "applicant_ok": applicant_ok,
        }

    @functools.cached_property
    def units_all(self) -> pd.DataFrame:
        """The units of the years asked for, whether or not they have a figure compared."""
        return self._records.loc[self._in_years, self.by].drop_duplicates().reset_index(drop=True)

    def chunks(self):
        """The table, chunk by chunk of units (in order): dicts of aligned arrays ``u``, ``y``,
        ``mode``, ``e``, ``a``, ``m`` (codes), ``value``, ``via``, ``judgement`` and ``summed``."""
        rows = self._rows
        n = len(rows["u"])
        nu = max(len(self.units), 1)
        per_unit = np.bincount(rows["u"], minlength=nu)
        # whole units to a chunk, in order; the records of each chunk in their own order
        chunk_of_unit = np.cumsum(per_unit) // CHUNK_ROWS
        nchunks = int(chunk_of_unit[-1]) + 1 if n else 0
        if nchunks <= 1:
            order, bounds = None, np.array([0, n])
        else:
            chunk = chunk_of_unit[rows["u"]]
            order = np.argsort(
                chunk.astype(np.int16 if nchunks < 1 << 15 else np.int32), kind="stable"
            )
            bounds = np.concatenate([[0], np.cumsum(np.bincount(chunk, minlength=nchunks))])
        unit_bounds = np.concatenate(
            [[0], np.cumsum(np.bincount(chunk_of_unit, minlength=max(nchunks, 1)))]
        )
        for c in range(len(bounds) - 1):
            pos = slice(None) if order is None else order[bounds[c] : bounds[c + 1]]
            yield self._chunk(
                {k: v[pos] for k, v in rows.items()}, int(unit_bounds[c]), int(unit_bounds[c + 1])
            )

    @property
    def table(self) -> dict[str, np.ndarray]:
        """The whole table: the chunks concatenated (the columns of :meth:`chunks`)."""
        parts = list(self.chunks())
        cols = ("u", "y", "mode", "e", "a", "m", "value", "via", "judgement", "summed")
        if not parts:
            table = {
                c: np.zeros(0, dtype=bool if c in ("via", "judgement", "summed") else np.int64)
                for c in cols
            }
            table["value"] = np.zeros(0)
        else:
            table = {c: np.concatenate([p[c] for p in parts]) for c in cols}
        return table

    def _chunk(self, rows: dict[str, np.ndarray], u_lo: int, u_hi: int) -> dict[str, np.ndarray]:
        """One chunk's figures added up: units ``u_lo`` … ``u_hi - 1``, their records ``rows``."""
        lab = self._labels
        modes, needed, index_of = lab["modes"], lab["needed"], lab["index_of"]
        ny = self.ny
        u_row = rows["u"] - u_lo  # units of the chunk, numbered from 0
        y_row, kcodes, a_row, m_row, vals = (rows[k] for k in ("y", "label", "a", "m", "value"))
        n = len(u_row)
        uy_row = u_row * ny + y_row
        needed = needed[:, u_lo * ny : u_hi * ny]
        via_row, judg_row = lab["via"][kcodes], lab["judgement"][kcodes]
        # -- each row once per mode its unit-year is needed in --------------------------------
        if len(modes) == 1:
            k = modes[0]
            mode_row = np.full(n, k, dtype=np.int64)
            e_row = index_of[k][kcodes]
            if k == AS_WRITTEN:
                via_row = judg_row = np.zeros(n, dtype=bool)
        else:
            take = [np.flatnonzero(needed[k][uy_row]) for k in modes]
            sel = np.concatenate(take)
            mode_row = np.concatenate(
                [np.full(len(t), k, dtype=np.int64) for k, t in zip(modes, take, strict=True)]
            )
            e_row = np.concatenate(
                [index_of[k][kcodes[t]] for k, t in zip(modes, take, strict=True)]
            )
            crosswalked = mode_row == THROUGH_CROSSWALK
            via_row = via_row[sel] & crosswalked
            judg_row = judg_row[sel] & crosswalked
            uy_row, a_row, m_row, vals = uy_row[sel], a_row[sel], m_row[sel], vals[sel]
        if lab["wanted"] is not None or lab["applicant_ok"] is not None:
            keep = np.ones(len(e_row), dtype=bool)
            if lab["wanted"] is not None:
                keep &= lab["wanted"][e_row]  # a wanted item, or a part of a wanted group
            if lab["applicant_ok"] is not None:
                keep &= lab["applicant_ok"][a_row]
            uy_row, e_row, a_row, m_row, mode_row = (
                x[keep] for x in (uy_row, e_row, a_row, m_row, mode_row)
            )
            vals, via_row, judg_row = vals[keep], via_row[keep], judg_row[keep]
        # -- add up stated figures, then groups from their parts ----------------------------
        # while adding up, unit, year and mode are one code numbered by first appearance
        # ("block"): the packed keys of records that come report by report then rise with the
        # rows, which makes the sorts of factorize and isin cheap
        ne, na, nm = self.ne, self.na, self.nm
        # uy_row is (unit, year) packed as unit_year_mode packs them, so this packs all three
        unit_year_mode = Packing(unit=max(u_hi - u_lo, 1), year=ny, mode=2)
        uym_row = uy_row * 2 + mode_row
        b_row, nb = by_first_appearance(uym_row, unit_year_mode.size)
        uym_of_block = np.zeros(nb, dtype=np.int64)
        uym_of_block[b_row] = uym_row

        packing = Packing(block=nb, item=max(ne, 1), applicant=na, measure=nm)
        stated = self._reduce(
            packing.pack(block=b_row, item=e_row, applicant=a_row, measure=m_row),
            vals,
            via_row,
            judg_row,
        )
        b, e, a, m = packing.unpack(stated["key"])
        group = lab["group_of"][unit_year_mode.unpack(uym_of_block[b])[2], e]
        has_group = group >= 0
        parts = {k: v[has_group] for k, v in stated.items()}
        rolled = self._reduce(
            packing.pack(
                block=b[has_group],
                item=group[has_group],
                applicant=a[has_group],
                measure=m[has_group],
            ),
            parts["value"],
            parts["via"],
            parts["judgement"],
        )
        keep = ~isin(rolled["key"], stated["key"][~np.isnan(stated["value"])])
        rolled = {k: v[keep] for k, v in rolled.items()}
        rolled["summed"] = np.ones(len(rolled["key"]), dtype=bool)
        stated["summed"] = np.zeros(len(stated["key"]), dtype=bool)
        replaced = isin(stated["key"], rolled["key"])
        stated = {k: v[~replaced] for k, v in stated.items()}
        table = {k: np.concatenate([stated[k], rolled[k]]) for k in stated}
        b, e, a, m = packing.unpack(table.pop("key"))
        u, y, mode = unit_year_mode.unpack(uym_of_block[b])
        return {"u": u + u_lo, "y": y, "mode": mode, "e": e, "a": a, "m": m, **table}

    @staticmethod
    def _reduce(
        key: np.ndarray, vals: np.ndarray, via: np.ndarray, judg: np.ndarray
    ) -> dict[str, np.ndarray]:
        codes, uniq = factorize(key)
        n = len(uniq)
        valid = ~np.isnan(vals)
        total = np.bincount(codes, weights=np.where(valid, vals, 0.0), minlength=n)
        nvalid = np.bincount(codes, weights=valid, minlength=n)
        return {
            "key": np.asarray(uniq, dtype=np.int64),
            "value": np.where(nvalid > 0, total, np.nan),
            "via": np.bincount(codes, weights=via, minlength=n) > 0,
            "judgement": np.bincount(codes, weights=judg, minlength=n) > 0,
        }


def _flags_text(bits: np.ndarray) -> pd.Categorical:
    """A readable list of the flags set in each bitmask, as a categorical (one string per
    pattern)."""
    patterns = np.flatnonzero(
        np.bincount(bits, minlength=1 << len(_FLAG_NAMES))
    )  # bits < 256: no sort
    remap = np.zeros(1 << len(_FLAG_NAMES), dtype=np.int64)
    remap[patterns] = np.arange(len(patterns))
    codes = remap[bits]
    labels = [", ".join(name for i, name in enumerate(_FLAG_NAMES) if p >> i & 1) for p in patterns]
    return pd.Categorical.from_codes(codes.reshape(-1), categories=pd.Index(labels, dtype=STRING))


def _paired(
    t: dict[str, np.ndarray], items: _Items, current_pair: np.ndarray, bases: list[int]
) -> dict[str, np.ndarray]:
    """One chunk's table (:meth:`_Items.chunks`) paired: each figure of a current year beside the
    same item of its base year, in the mode of the unit's pair; sorted by pair, unit, item,
    applicant, measure, with ``at``, where each pair's rows begin."""
    u, y, mode, e, a, m = (t[k] for k in ("u", "y", "mode", "e", "a", "m"))
    npairs = len(bases)
    u_lo = int(u.min()) if len(u) else 0
    nu = int(u.max()) - u_lo + 1 if len(u) else 1
    # current side: each year is current in at most one pair; a unit's figures are read in the
    # mode of its pair (through the crosswalk only where its forms differ)
    pc = current_pair[y]
    is_cur = pc >= 0
    is_cur[is_cur] = items.pair_mode[pc[is_cur], u[is_cur]] == mode[is_cur]
    rows_c = np.flatnonzero(is_cur)
    pc = pc[rows_c]
    # base side: a year can be the base of several pairs
    rows_of_pair, pair_of_row = [], []
    for p, base in enumerate(bases):
        r = np.flatnonzero(y == base - items.y0)
        r = r[items.pair_mode[p, u[r]] == mode[r]]
        rows_of_pair.append(r)
        pair_of_row.append(np.full(len(r), p, dtype=np.int64))
    rows_b, pb = np.concatenate(rows_of_pair), np.concatenate(pair_of_row)

    packing = Packing(
        pair=max(npairs, 1), unit=nu, item=max(items.ne, 1), applicant=items.na, measure=items.nm
    )

    def key(pair: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return packing.pack(
            pair=pair, unit=u[rows] - u_lo, item=e[rows], applicant=a[rows], measure=m[rows]
        )

    kc, kb = key(pc, rows_c), key(pb, rows_b)
    codes, uniq = factorize(np.concatenate([kc, kb]))
    n = len(uniq)
    cc, cb = codes[: len(kc)], codes[len(kc) :]
    current = np.full(n, np.nan)
    previous = np.full(n, np.nan)
    current[cc] = t["value"][rows_c]
    previous[cb] = t["value"][rows_b]
    in_cur = np.zeros(n, dtype=bool)
    in_cur[cc] = True
    in_base = np.zeros(n, dtype=bool)
    in_base[cb] = True
    via = np.zeros(n, dtype=bool)
    judg = np.zeros(n, dtype=bool)
    summed = np.zeros(n, dtype=bool)
    for side_codes, rows in ((cc, rows_c), (cb, rows_b)):
        via[side_codes[t["via"][rows]]] = True
        judg[side_codes[t["judgement"][rows]]] = True
        summed[side_codes[t["summed"][rows]]] = True
    order = np.argsort(uniq, kind="stable")  # keys sort as (pair, unit, item, applicant, measure)
    pp, uu, ee, aa, mm = packing.unpack(np.asarray(uniq, dtype=np.int64)[order])
    code = np.int32
    return {
        "pp": pp.astype(code),
        "uu": (uu + u_lo).astype(code),
        "ee": ee.astype(code),
        "aa": aa.astype(code),
        "mm": mm.astype(code),
        "current": current[order],
        "previous": previous[order],
        "in_cur": in_cur[order],
        "in_base": in_base[order],
        "via": via[order],
        "judg": judg[order],
        "summed": summed[order],
        "at": np.searchsorted(pp, np.arange(npairs + 1)),
    }


def compare(
    records: pd.DataFrame,
    *,
    year: int | Sequence[int],
    base_year: int | Sequence[int] | None = None,
    by: str | Sequence[str] = ("agency",),
    mapping: Any = None,
    form: str | None = None,
    to: str | None = None,
) -> pd.DataFrame:
    """Every item present in either year, for each agency: both values, change, growth and flags.

    Like is compared with like. Where an agency's two years come from the same report form (2017
    and 2018 both narrative, 2019 and 2020 both the 2019 form), items are compared as the reports
    write them. Only where the forms differ (a 2018 narrative report against a 2019 standard form)
    are they compared through the crosswalk, as the 2021 standard items of
    :func:`~luzhou_disclosure.harmonize.harmonize` (an item with no standard counterpart keeps its
    own label); labels that map to one item are then added up, and only those rows are flagged
    ``via_crosswalk`` ("through crosswalk"). A group the form prints no row for (不予公开 …) is the
    sum of its parts (``summed``).

    Parameters
    ----------
    records
        Records, harmonized or not (harmonized records keep their own mapping).
    year, base_year
        The year compared and the year compared against (default ``year - 1``). Several years
        (a sequence, each against its ``base_year`` or the year before) are compared in one pass.
    by
        The column naming the unit compared, or several (a tuple, as in
        :func:`~luzhou_disclosure.indicators`; default ``("agency",)``). The year is ``year``.
    mapping, form
        Passed to :func:`~luzhou_disclosure.harmonize.harmonize` for records not yet harmonized
        (``form``: the standard form compared through, default ``"2021"``).
    to
        Deprecated name of ``form``: warns (``FutureWarning``); giving both is a ``TypeError``.

    Returns
    -------
    DataFrame
        ``by`` columns, ``year``, ``base_year``, ``form`` and ``base_form`` (the report form of
        each year: ``narrative``, ``2019``, ``2021``; several joined with " + "; NA where the unit
        has no figures that year), ``section``, ``parent``, ``item``, ``applicant``,
        ``field``, ``measure`` (categorical), ``current``, ``previous``, ``change``, ``growth_pct``
        and ``note`` (from the one growth definition), ``ratio`` (current ÷ previous, for counts and
        amounts with a positive base), and the flags ``new_item``, ``dropped_item``,
        ``growth_from_zero``, ``ratio_above_5``, ``ratio_below_0_2``, ``via_crosswalk``,
        ``judgement`` (a judgement call of the crosswalk is involved), ``summed`` (a group computed
        from its parts), ``flagged`` (any of the first six: ``judgement`` and ``summed`` say how a
        figure was made, they flag nothing by themselves) and ``flags`` (the names of all eight).

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> c = ld.compare(ld.load_example(), year=2017, base_year=2016)
    >>> row = c[c["item"] == "主动公开政府信息总数"].iloc[0]
    >>> float(row["current"]), float(row["previous"]), round(float(row["growth_pct"]), 2)
    (811.0, 686.0, 18.22)
    >>> row = c[c["item"] == "属于已主动公开范围"].iloc[0]  # both years narrative: as written
    >>> bool(row["new_item"]), bool(row["via_crosswalk"]), row["form"], row["base_form"]
    (True, False, 'narrative', 'narrative')
    """
    form = renamed(form, to, function="compare", new_name="form", old_name="to", default="2021")
    years = _years(year)
    if base_year is None:
        bases = [y - 1 for y in years]
    else:
        bases = _years(base_year)
        if len(bases) == 1 and len(years) > 1:
            bases = bases * len(years)
        if len(bases) != len(years):
            raise ValueError(
                f"base_year={base_year!r}: expected one base year per year ({len(years)})"
            )
    if len(set(years)) != len(years):
        raise ValueError(f"year={year!r}: each year may be compared once")
    check_request(
        records,
        "compare",
        choose={"form": (form, STANDARD_FORMS)},
        hold=[{"year": years}, {"year": bases}],
    )
    by = _by(by)
    items = _Items(
        records,
        sorted(set(years) | set(bases)),
        by,
        mapping,
        form,
        pairs=list(zip(years, bases, strict=True)),
    )
    # each chunk of units paired on its own; the result is in order of pair, unit, item,
    # applicant, measure: each pair's rows of every chunk, chunk after chunk
    current_pair = np.full(items.ny, -1, dtype=np.int64)
    current_pair[np.asarray(years) - items.y0] = np.arange(len(years))
    pieces = [_paired(t, items, current_pair, bases) for t in items.chunks()]
    cols = (
        "pp",
        "uu",
        "ee",
        "aa",
        "mm",
        "current",
        "previous",
        "in_cur",
        "in_base",
        "via",
        "judg",
        "summed",
    )
    if pieces:
        got = {
            c: np.concatenate(
                [
                    piece[c][piece["at"][p] : piece["at"][p + 1]]
                    for p in range(len(years))
                    for piece in pieces
                ]
            )
            for c in cols
        }
    else:
        got = {c: np.zeros(0, dtype=np.int64) for c in cols}
    pieces.clear()
    pp, uu, ee, aa, mm = (got.pop(c).astype(np.int64) for c in ("pp", "uu", "ee", "aa", "mm"))
    current, previous, in_cur, in_base = (
        got.pop(c) for c in ("current", "previous", "in_cur", "in_base")
    )
    current, previous = current.astype(np.float64), previous.astype(np.float64)
    in_cur, in_base = in_cur.astype(bool), in_base.astype(bool)
    via, judg, summed = (got.pop(c).astype(bool) for c in ("via", "judg", "summed"))
    n = len(pp)
    out: dict[str, Any] = {}
    for col in by:
        out[col] = _categorical(items.units[col], uu)
    out["year"] = pd.array(np.asarray(years)[pp], dtype="Int64")
    out["base_year"] = pd.array(np.asarray(bases)[pp], dtype="Int64")
    first = uu * items.ny
    out["form"] = _categorical(items.forms, first + (np.asarray(years)[pp] - items.y0))
    out["base_form"] = _categorical(items.forms, first + (np.asarray(bases)[pp] - items.y0))
    for col in ("section", "parent", "item"):
        out[col] = _categorical(items.eff_keys[col], ee)
    out["applicant"] = _categorical(items.applicants, aa)
    out["field"] = _categorical(items.eff_keys["field"], ee)
    out["measure"] = _categorical(items.measures, mm)
    frame = pd.DataFrame(out)
    cur_s, prev_s = pd.Series(from_floats(current)), pd.Series(from_floats(previous))
    frame["current"] = cur_s
    frame["previous"] = prev_s
    growth = growth_columns(cur_s, prev_s)
    frame["change"] = growth["change"]
    frame["growth_pct"] = growth["growth_pct"]
    frame["note"] = growth["note"]
    is_change = np.asarray(items.measures == "change")[mm]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(
            (previous > 0) & ~is_change & ~np.isnan(current), current / previous, np.nan
        )
    frame["ratio"] = from_floats(ratio)
    flags = {
        "new_item": in_cur & ~in_base,
        "dropped_item": in_base & ~in_cur,
        "growth_from_zero": (previous == 0) & (current > 0),
        "ratio_above_5": ratio > RATIO_HIGH,
        "ratio_below_0_2": ratio < RATIO_LOW,
        "via_crosswalk": via,
        "judgement": judg,
        "summed": summed,
    }
    bits = np.zeros(n, dtype=np.int64)
    for i, (name, flag) in enumerate(flags.items()):
        frame[name] = flag
        bits |= flag.astype(np.int64) << i
    frame["flagged"] = (bits & ((1 << 6) - 1)) != 0
    frame["flags"] = _flags_text(bits)
    return frame


def peer_summary(
    records: pd.DataFrame,
    *,
    year: int | Sequence[int],
    item: str | None = None,
    measure: str | None = None,
    peers: str | Mapping[str, Any] | pd.Series | None = None,
    min_applications: int = DEFAULT_MIN_APPLICATIONS,
    thresholds: pd.DataFrame | None = None,
    by: str | Sequence[str] = ("agency",),
    applicant: str = TOTAL,
    field: str | None = None,
    mapping: Any = None,
    form: str | None = None,
    to: str | None = None,
) -> pd.DataFrame:
    """Each agency's value, rank and percentile among its peers, the peers' quartiles, and the
    red or yellow level of its value.

    Parameters
    ----------
    records
        Records (harmonized or not; items are compared as 2021 standard items).
    year
        The year (or years; each is ranked on its own).
    item
        A count to rank, named by its standard item (本年新收政府信息公开申请数量, 不予公开, …) or
        its own label for items without one (主动公开政府信息总数). Give ``item`` or ``measure``.
    measure
        An indicator of :func:`~luzhou_disclosure.indicators` (:data:`RATES`, docs/indicators.md):
        ``disclosure_rate`` (公开率), ``refusal_rate`` (不予公开率), ``unable_rate``,
        ``not_processed_rate``, ``completion_rate`` (办结率), ``carryover_rate`` (结转率),
        ``reconsideration_correction_rate`` and ``litigation_correction_rate`` (纠错率),
        ``reconsiderations_per_100``, ``lawsuits_per_100``, ``fees_per_application``.
    peers
        Who is compared with whom: ``None`` (all agencies of the year), the name of a records column
        (its first value per agency and year), or a mapping / Series agency → peer group (with
        several ``by`` columns, keyed by the tuple of their values).
    min_applications
        A measure is not ranked for an agency that received fewer applications (default 10): a rate
        of 1 refusal in 2 applications says little.
    thresholds
        The red and yellow bands, a table with columns ``indicator`` (the measure, or the item),
        ``level`` (``red`` or ``yellow``; 红, 黄), ``op`` (``<``, ``<=``, ``>``, ``>=``), ``value``
        and optionally ``peer_group`` (a row with a group applies to that group only; rows without
        one to every group that has none of its own). Default: the bands of docs/indicators.md
        (:data:`luzhou_disclosure.indicators.DEFAULT_THRESHOLDS`: 公开率 below 40 red, below 60
        yellow; 纠错率 above 15 red, above 10 yellow). An empty table sets no level.
    by
        The column naming the agency, or several (a tuple, as in
        :func:`~luzhou_disclosure.indicators` and :func:`compare`; default ``("agency",)``).
    applicant, field
        The applicant column (default 总计) and, for items with several, the table column of
        ``item`` (default: the item's 总计 or only field).
    mapping, form
        Passed to :func:`~luzhou_disclosure.harmonize.harmonize` for records not yet harmonized
        (``form``: the standard form ranked on, default ``"2021"``).
    to
        Deprecated name of ``form``: warns (``FutureWarning``); giving both is a ``TypeError``.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``year``, ``peer_group``, ``measure`` (the measure or item), ``value``,
        ``numerator``, ``denominator`` and ``applications`` (applications received; for
        measures), ``ranked``, ``rank`` (1 = highest value, ties share the best rank),
        ``n_ranked`` (peers ranked in the group), ``percentile`` (share of ranked peers with a value
        at or below this one × 100), ``p25``, ``p50``, ``p75`` (quartiles of the ranked peers'
        values, linear interpolation), ``level`` (``red``, ``yellow`` or ``green`` for a ranked
        agency whose measure has thresholds, NA otherwise), ``threshold`` (the threshold crossed,
        as ``< 40``) and ``excluded_reason`` (why an agency is not ranked).

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> p = ld.peer_summary(ld.load_example(), year=2017, measure="refusal_rate")
    >>> value = float(p.loc[0, "value"])
    >>> round(value, 2), int(p.loc[0, "rank"]), float(p.loc[0, "p50"]) == value
    (6.1, 1, True)
    >>> p = ld.peer_summary(ld.load_example(), year=2017, measure="disclosure_rate")
    >>> round(float(p.loc[0, "value"]), 2), p.loc[0, "level"]      # 93.90 % is above 60 %
    (93.9, 'green')
    """
    if (item is None) == (measure is None):
        raise ValueError(
            "give either item= (a count to rank) or measure= (one of " + ", ".join(RATES) + ")"
        )
    form = renamed(
        form, to, function="peer_summary", new_name="form", old_name="to", default="2021"
    )
    years = _years(year)
    check_request(
        records,
        "peer_summary",
        choose={
            "measure": (measure, tuple(RATES)),
            "applicant": (applicant, "applicant"),
            "form": (form, STANDARD_FORMS),
        },
        hold=[{"year": years}],
    )
    by = _by(by)
    missing = [c for c in by if c not in records.columns]
    if missing:
        raise SchemaError.missing_columns(missing)
    if measure is not None:
        name = measure
        table = peer_values(records, measure, by=by, years=years, mapping=mapping, form=form)
    else:
        assert item is not None  # checked above: exactly one of item and measure
        name = item
        table = _item_values(records, years, item, by, applicant, field, mapping, form)
    # the agency-years of these years, whether or not they have the figure
    in_years = records["year"].isin(years).fillna(False).to_numpy(dtype=bool)
    yy = pd.to_numeric(records.loc[in_years, "year"]).astype("int64")
    ay = records.loc[in_years, by].assign(year=yy.to_numpy()).drop_duplicates()
    ay = ay.reset_index(drop=True).merge(
        table.assign(year=table["year"].astype("int64")), on=[*by, "year"], how="left"
    )
    out = pd.DataFrame(
        {
            **{c: ay[c].to_numpy() for c in by},
            "year": pd.array(ay["year"].to_numpy(), dtype="Int64"),
        }
    )
    out["peer_group"] = _peer_groups(records, out, by, peers)
    out["measure"] = name
    for col in ("value", "numerator", "denominator", "applications"):
        out[col] = (
            pd.to_numeric(ay[col]).to_numpy(dtype="float64", na_value=np.nan)
            if col in ay
            else np.nan
        )
    reason = np.full(len(out), None, dtype=object)
    no_value = np.isnan(out["value"].to_numpy())
    if measure is not None:
        apps = out["applications"].to_numpy()
        notes = ay["note"].astype(object).to_numpy() if "note" in ay else reason
        reason[no_value] = np.where(
            pd.isna(notes[no_value]), _reason("no_figure", what=measure), notes[no_value]
        )
        reason[np.isnan(apps)] = _reason("no_figure", what=RECEIVED)
        reason[apps == 0] = _reason("no_applications")
        reason[(apps > 0) & (apps < min_applications)] = _reason(
            "few_applications", min_applications=min_applications
        )
    else:
        reason[no_value] = _reason("no_figure", what=item)
    reason[out["peer_group"].isna().to_numpy() & (reason == None)] = _reason("no_peer_group")  # noqa: E711
    out["ranked"] = reason == None  # noqa: E711
    out["excluded_reason"] = pd.array(reason, dtype=STRING)
    ranked = out[out["ranked"]]
    grp = ranked.groupby(["year", "peer_group"], sort=False, observed=True)["value"]
    out["rank"] = pd.array(np.full(len(out), None), dtype="Int64")
    out.loc[ranked.index, "rank"] = (
        grp.rank(method="min", ascending=False).astype("int64").to_numpy()
    )
    out["n_ranked"] = pd.array(np.full(len(out), None), dtype="Int64")
    out.loc[ranked.index, "n_ranked"] = grp.transform("size").to_numpy()
    out["percentile"] = np.nan
    out.loc[ranked.index, "percentile"] = (grp.rank(method="max", pct=True) * 100).to_numpy()
    if len(ranked):
        quart = grp.quantile([0.25, 0.5, 0.75]).unstack()
        quart.columns = ["p25", "p50", "p75"]
        out = out.merge(quart.reset_index(), on=["year", "peer_group"], how="left")
    else:  # nobody ranked: no quartiles (unstacking an empty result has no columns)
        out = out.assign(p25=np.nan, p50=np.nan, p75=np.nan)
    for col in ("value", "numerator", "denominator", "applications", "percentile"):
        out[col] = from_floats(out[col].to_numpy(dtype="float64", na_value=np.nan))
    for col in ("p25", "p50", "p75"):
        out[col] = from_floats(out[col].to_numpy(dtype="float64", na_value=np.nan))
    levels = threshold_levels(out.assign(value=out["value"].where(out["ranked"])), thresholds)
    out["level"], out["threshold"] = levels["level"], levels["threshold"]
    cols = [
        *by,
        "year",
        "peer_group",
        "measure",
        "value",
        "numerator",
        "denominator",
        "applications",
        "ranked",
        "rank",
        "n_ranked",
        "percentile",
        "p25",
        "p50",
        "p75",
        "level",
        "threshold",
        "excluded_reason",
    ]
    if item is not None:
        cols = [c for c in cols if c not in ("numerator", "denominator", "applications")]
    return (
        out[cols]
        .sort_values(["year", "peer_group", "rank", *by], na_position="last", kind="stable")
        .reset_index(drop=True)
    )


def _item_values(
    records: pd.DataFrame,
    years: list[int],
    item: str,
    by: list[str],
    applicant: str,
    field: str | None,
    mapping: Any,
    form: str,
) -> pd.DataFrame:
    """A count per agency and year (the ``by`` columns, ``year``, ``value``), read as a standard
    item of ``form``."""

    def wanted(ek: pd.DataFrame) -> np.ndarray:
        return (ek["item"] == item).to_numpy(dtype=bool)

    items = _Items(records, years, by, mapping, form, want=wanted, applicant=applicant)
    t = items.table
    u, y, e, a, m = (t[c] for c in ("u", "y", "e", "a", "m"))
    ek = items.eff_keys
    app_code = np.flatnonzero(np.asarray(items.applicants == applicant))
    cnt_code = np.flatnonzero(np.asarray(items.measures == "count"))
    sel = np.isin(a, app_code) & np.isin(m, cnt_code)
    nu, ny = len(items.units), items.ny
    uy = u * ny + y
    nuy = max(nu, 1) * ny
    match = ek["item"] == item
    fields = ek.loc[match, "field"]
    if field is not None:
        match &= ek["field"] == field
    elif fields.notna().any():
        match &= ek["field"] == (TOTAL if (fields == TOTAL).any() else fields.dropna().iloc[0])
    rows = sel & np.isin(e, np.flatnonzero(match)) & ~np.isnan(t["value"])
    total = np.bincount(uy[rows], weights=t["value"][rows], minlength=nuy)
    has = np.bincount(uy[rows], minlength=nuy) > 0
    value = np.where(has, total, np.nan)
    unit, year_of = np.divmod(np.arange(nuy), ny)
    return pd.DataFrame(
        {
            **{
                c: items.units[c].to_numpy()[unit] if nu else np.array([], dtype=object) for c in by
            },
            "year": year_of + items.y0 if nu else np.array([], dtype=np.int64),
            "value": value if nu else np.array([], dtype=float),
        }
    )


def _peer_groups(records: pd.DataFrame, out: pd.DataFrame, by: list[str], peers: Any) -> pd.Series:
    """The peer group of each unit-year of ``out`` (``peers`` as :func:`peer_summary` takes it)."""
    if peers is None:
        return pd.Series("all", index=out.index, dtype=STRING)
    if isinstance(peers, str):
        if peers not in records.columns:
            raise ValueError(f"peers={peers!r}: records have no such column")
        first = records[[*by, "year", peers]].dropna(subset=[peers])
        first = first.drop_duplicates([*by, "year"])
        first = first.assign(year=pd.to_numeric(first["year"]).astype("int64"))
        merged = (
            out[by]
            .assign(year=out["year"].astype("int64"))
            .merge(first, on=[*by, "year"], how="left")
        )
        return pd.Series(merged[peers].astype(STRING).to_numpy(), index=out.index, dtype=STRING)
    lookup = dict(peers.items()) if isinstance(peers, pd.Series) else dict(peers)
    if len(by) == 1:
        units = out[by[0]].tolist()
    else:  # several columns name a unit: the mapping is keyed by the tuple of their values
        units = list(zip(*(out[c].tolist() for c in by), strict=True))
    groups = pd.Series([lookup.get(u) for u in units], index=out.index, dtype=object)
    return groups.astype(STRING)
