"""The indicators analysts rank agencies on (公开率, 不予公开率, 办结率, 纠错率, …), each defined
once.

:func:`indicators` turns records into one tidy table of rates per agency and year: each indicator
is a numerator over a denominator (docs/indicators.md gives every formula and the items it uses),
computed from the 2021 standard items of :func:`~luzhou_disclosure.harmonize.harmonize`, so a
pre-2019 report and a 2021 one are measured the same way. Where a figure is missing or a base is
zero the value is NA and ``note`` says why; the sources of the figures behind every value travel
with it.

:data:`DEFAULT_THRESHOLDS` are the red and yellow bands :func:`~luzhou_disclosure.peer_summary`
flags ranked agencies with; :func:`threshold_levels` applies a table of them (the user's own, or
these), per peer group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._arrays import NONE, STRING
from ._checks import STANDARD_FORMS, check_request, renamed
from ._english import reason as _reason
from ._findings import SOURCE_SEPARATOR
from ._vocab import (
    CARRIED_FORWARD,
    CARRIED_IN,
    NOT_PROCESSED,
    OTHER_HANDLING,
    RECEIVED,
    REFUSED,
    TOTAL,
    UNABLE,
)
from .harmonize import harmonize, key_codes

__all__ = ["indicators", "INDICATORS", "DEFAULT_THRESHOLDS", "threshold_levels"]

#: a prose figure of a standard-form report (docs/records.md) carries this field
PROSE_FIELD = "narrative"
DISCLOSED = ("予以公开", "部分公开")
LITIGATION = "行政诉讼"
RECONSIDERATION = "行政复议"
#: the outcome groups whose figure is either stated or the sum of their reasons
GROUPS = (REFUSED, UNABLE, NOT_PROCESSED, OTHER_HANDLING)
#: section 四's columns: every case ends in one of the first three results or is still open
CONCLUDED = ("结果维持", "结果纠正", "其他结果")
PENDING, CORRECTED = "尚未审结", "结果纠正"
_SECTIONS = ("applications", "outcomes", "reconsideration", "litigation", "fees")
_FEES = "收取费用"
_YUAN = {"元": 1.0, "万元": 10_000.0}


@dataclass(frozen=True)
class Indicator:
    """An indicator: ``numerator`` ÷ ``denominator`` × ``scale``, both named as components (the
    figures :func:`indicators` adds up per report; docs/indicators.md lists them), in ``unit``
    (``pct``, ``per_100`` applications, ``yuan`` per application). The indicator's words (its name
    and formula, Chinese and English) are in :data:`luzhou_disclosure._english.INDICATOR_NAMES`."""

    numerator: str
    denominator: str
    scale: float
    unit: str


#: every indicator, by code, in the order of docs/indicators.md
INDICATORS: dict[str, Indicator] = {
    "disclosure_rate": Indicator("disclosed", "answered", 100.0, "pct"),
    "refusal_rate": Indicator("refused", "answered", 100.0, "pct"),
    "unable_rate": Indicator("unable", "answered", 100.0, "pct"),
    "not_processed_rate": Indicator("not_processed", "answered", 100.0, "pct"),
    "completion_rate": Indicator("answered", "to_handle", 100.0, "pct"),
    "carryover_rate": Indicator("carried_forward", "to_handle", 100.0, "pct"),
    "reconsideration_correction_rate": Indicator(
        "reconsideration_corrected", "reconsideration_concluded", 100.0, "pct"
    ),
    "litigation_correction_rate": Indicator(
        "litigation_corrected", "litigation_concluded", 100.0, "pct"
    ),
    "reconsiderations_per_100": Indicator("reconsiderations", "received", 100.0, "per_100"),
    "lawsuits_per_100": Indicator("lawsuits", "received", 100.0, "per_100"),
    "fees_per_application": Indicator("fees", "received", 1.0, "yuan"),
}

#: what each component is, in the words of the notes (``no figure for …``, ``… is 0``); 审结 (cases
#: concluded) is 结果维持 + 结果纠正 + 其他结果
COMPONENT_NAMES: dict[str, str] = {
    "received": RECEIVED,
    "carried_in": CARRIED_IN,
    "to_handle": f"{RECEIVED} + {CARRIED_IN}",
    "answered": f"办理结果{TOTAL}",
    "carried_forward": CARRIED_FORWARD,
    "disclosed": " + ".join(DISCLOSED),
    "refused": REFUSED,
    "unable": UNABLE,
    "not_processed": NOT_PROCESSED,
    "reconsiderations": f"{RECONSIDERATION}{TOTAL}",
    "reconsideration_corrected": f"{RECONSIDERATION}{CORRECTED}",
    "reconsideration_concluded": f"{RECONSIDERATION}审结",
    "lawsuits": f"{LITIGATION}{TOTAL}",
    "litigation_corrected": f"{LITIGATION}{CORRECTED}",
    "litigation_concluded": f"{LITIGATION}审结",
    "fees": _FEES,
}

#: the red and yellow bands of docs/indicators.md: red as the peer project KIROGOVCOMPARE flags
#: (公开率 below 40 %, 纠错率 above 15 %), yellow bands of this project's own choosing
DEFAULT_THRESHOLDS = pd.DataFrame(
    {
        "indicator": [
            "disclosure_rate",
            "disclosure_rate",
            "reconsideration_correction_rate",
            "reconsideration_correction_rate",
            "litigation_correction_rate",
            "litigation_correction_rate",
        ],
        "peer_group": pd.array([None] * 6, dtype=STRING),
        "level": ["red", "yellow", "red", "yellow", "red", "yellow"],
        "op": ["<", "<", ">", ">", ">", ">"],
        "value": [40.0, 60.0, 15.0, 10.0, 15.0, 10.0],
    }
).astype({"indicator": STRING, "level": STRING, "op": STRING})


def indicators(
    records: pd.DataFrame,
    *,
    by: str | Sequence[str] = ("agency", "year"),
    indicator: str | Sequence[str] | None = None,
    year: int | Sequence[int] | None = None,
    mapping: Any = None,
    form: str | None = None,
    to: str | None = None,
) -> pd.DataFrame:
    """The standard disclosure indicators of every agency and year, one row per indicator.

    Parameters
    ----------
    records
        Records of any form (narrative, 2019, 2021). Figures are read as 2021 standard items
        through the crosswalk (:func:`~luzhou_disclosure.harmonize.harmonize`; ``mapping`` and
        ``form`` are passed to it), so the indicators of a 2017 report and of a 2021 one are
        comparable. In a standard-form report a table's figure is used before the prose's
        (``field="narrative"``, docs/records.md), the prose's where the table has none.
    by
        Grouping columns. The default, agency and year, gives each report's indicators; other
        columns (``"year"`` alone, or a column naming peer groups) pool the reports of a group:
        the numerators and denominators of the reports that state both are added up, then divided.
    indicator
        A code of :data:`INDICATORS`, or several (default: every one, in the order of
        docs/indicators.md).
    year
        Keep only this year (or these years).
    mapping, form
        Passed to :func:`~luzhou_disclosure.harmonize.harmonize` (``form``: the standard form the
        figures are read as, default ``"2021"``).
    to
        Deprecated name of ``form``: warns (``FutureWarning``); giving both is a ``TypeError``.

    Returns
    -------
    DataFrame
        One row per group and indicator: the ``by`` columns, ``form`` (the report form or forms of
        the group), ``indicator`` (the code), ``value`` (Float64, unrounded: a percentage for the
        rates, cases per 100 applications, or 元 per application), ``numerator`` and
        ``denominator`` (Float64), ``unit`` (``pct``, ``per_100`` or ``yuan``), ``note`` (why
        ``value`` is NA: ``no figure for …``, ``… is 0``, or that a pre-2019 report counts those
        cases under a group it states; NA where there is a value), ``judgement`` (a figure behind
        the value is mapped by a judgement call of the crosswalk, as a pre-2019 不予公开 is),
        ``numerator_sources`` and ``denominator_sources`` (the sources of the figures added up,
        joined with `` | ``).

    Raises
    ------
    UnknownLabelError
        ``indicator`` is not a code of :data:`INDICATORS`, or ``form`` not a standard form (it is a
        ``ValueError``).

    Warns
    -----
    DisclosureWarning
        The records hold no figure of ``year``.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> ind = ld.indicators(ld.load_example(), year=2017).set_index("indicator")
    >>> round(float(ind.loc["disclosure_rate", "value"]), 2)  # (231 + 0 + 0) ÷ 246 × 100
    93.9
    >>> (round(float(ind.loc["refusal_rate", "value"]), 2),
    ...  bool(ind.loc["refusal_rate", "judgement"]))
    (6.1, True)
    >>> ind.loc["completion_rate", "note"]                    # the report states no 上年结转
    'no figure for 上年结转政府信息公开申请数量'
    """
    form = renamed(form, to, function="indicators", new_name="form", old_name="to", default="2021")
    codes = list(INDICATORS) if indicator is None else _values(indicator)
    years = None if year is None else [int(y) for y in _values(year)]
    check_request(
        records,
        "indicators",
        choose={"indicator": (codes, tuple(INDICATORS)), "form": (form, STANDARD_FORMS)},
        hold=[{"year": years}],
    )
    by = [by] if isinstance(by, str) else list(by)
    units, parts = components(records, by=by, year=years, mapping=mapping, to=form)
    keys = _unit_keys(by)
    tables = []
    for code in codes:
        table = _ratio(units, parts, INDICATORS[code])
        if keys != by:
            table = _pooled(table, by, INDICATORS[code])
        tables.append(table.assign(indicator=code, unit=INDICATORS[code].unit))
    cols = [*dict.fromkeys([*by, "form"]), "indicator", "value", "numerator", "denominator"]
    cols += ["unit", "note"]
    cols += ["judgement", "numerator_sources", "denominator_sources"]
    out = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=cols)
    out = out[cols]
    for c in cols[len(by) :]:
        out[c] = out[c].astype(_DTYPES.get(c, STRING))
    if "year" in by:
        out["year"] = out["year"].astype("Int64")
    rank = {code: i for i, code in enumerate(codes)}
    order = np.lexsort(
        [out["indicator"].map(rank).to_numpy(dtype=np.int64)]
        + [pd.factorize(out[c], sort=True)[0] for c in reversed(by)]
    )
    return out.take(order).reset_index(drop=True)


_DTYPES = {
    "value": "Float64",
    "numerator": "Float64",
    "denominator": "Float64",
    "judgement": "boolean",
}


def _values(value: Any) -> list[Any]:
    return [value] if isinstance(value, str | int | np.integer) else list(value)


def _unit_keys(by: list[str]) -> list[str]:
    """A report is one agency and year; other ``by`` columns are attributes of its reports."""
    return list(dict.fromkeys(["agency", "year", *by]))


def _ratio(units: pd.DataFrame, parts: dict[str, _Part], ind: Indicator) -> pd.DataFrame:
    num, den = parts[ind.numerator], parts[ind.denominator]
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(den.figure > 0, num.figure * ind.scale / den.figure, np.nan)
    value = np.where(np.isnan(num.figure), np.nan, value)
    note = np.full(len(units), None, dtype=object)
    zero = _reason("zero_base", what=COMPONENT_NAMES[ind.denominator])
    for missing, text in (
        (np.isnan(num.figure), num.note),
        (den.figure == 0, np.full(len(units), zero, dtype=object)),
        (np.isnan(den.figure), den.note),
    ):
        note = np.where(missing, text, note)
    return units.assign(
        value=value,
        numerator=num.figure,
        denominator=den.figure,
        note=note,
        judgement=num.judgement | den.judgement,
        numerator_sources=num.sources,
        denominator_sources=den.sources,
    )


def _pooled(table: pd.DataFrame, by: list[str], ind: Indicator) -> pd.DataFrame:
    """Reports pooled per ``by`` group: Σ numerator ÷ Σ denominator over the reports stating
    both."""
    both = table["numerator"].notna() & table["denominator"].notna()
    t = table.assign(
        numerator=table["numerator"].where(both),
        denominator=table["denominator"].where(both),
        _n=both,
        judgement=table["judgement"] & both,
        numerator_sources=table["numerator_sources"].where(both),
        denominator_sources=table["denominator_sources"].where(both),
    )
    g = t.groupby(by, sort=False, dropna=False)
    forms = {} if "form" in by else {"form": g["form"].agg(_forms)}
    out = pd.DataFrame(
        {
            **forms,
            "numerator": g["numerator"].sum(min_count=1),
            "denominator": g["denominator"].sum(min_count=1),
            "_n": g["_n"].sum(),
            "_note": g["note"].agg(lambda n: n.iloc[0] if n.nunique(dropna=False) == 1 else None),
            "judgement": g["judgement"].any(),
            "numerator_sources": g["numerator_sources"].agg(_join),
            "denominator_sources": g["denominator_sources"].agg(_join),
        }
    ).reset_index()
    num, den = out["numerator"].to_numpy(dtype=float), out["denominator"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["value"] = np.where(den > 0, num * ind.scale / den, np.nan)
    # the reports' own reason where they all have the same one
    alike = out["_note"].astype(object).where(out["_note"].notna(), _reason("no_complete_report"))
    note = np.where(out["_n"] == 0, alike, None)
    zero = (out["_n"] > 0) & (den == 0)
    out["note"] = np.where(zero, _reason("zero_base", what=COMPONENT_NAMES[ind.denominator]), note)
    return out.drop(columns=["_n", "_note"])


def _join(sources: pd.Series) -> str | None:
    """The distinct sources of a group's figures, each once, in order."""
    seen = dict.fromkeys(p for s in sources.dropna() for p in str(s).split(SOURCE_SEPARATOR) if p)
    return SOURCE_SEPARATOR.join(seen) or None


def _forms(forms: pd.Series) -> str | None:
    return " + ".join(sorted({f for joined in forms.dropna() for f in joined.split(" + ")})) or None


# --- the components: figures added up per report ----------------------------------------------


@dataclass
class _Part:
    """A component per report (aligned arrays): the figure (NaN: none), whether a judgement call
    of the crosswalk is behind it, the sources of its figures (None when not asked for) and why it
    is NA."""

    figure: np.ndarray
    judgement: np.ndarray
    sources: np.ndarray
    note: np.ndarray


class _Atoms:
    """The figures of the records summed per report and *atom*: the smallest piece a component is
    made of (本年新收; 行政复议's 结果纠正; a reason of 不予公开 listed under the label P). Each
    distinct label is given its atoms once; the figures are then added up with ``np.bincount``."""

    def __init__(
        self,
        unit: np.ndarray,
        atom: np.ndarray,
        names: list[str],
        figure: np.ndarray,
        judgement: np.ndarray,
        source: np.ndarray | None,
        n: int,
    ) -> None:
        self.n = n
        self.names = {name: i for i, name in enumerate(names)}
        na = max(len(names), 1)
        cell = atom * n + unit
        size = na * n
        self.has = (np.bincount(cell, minlength=size) > 0).reshape(na, n)
        self.sum = np.bincount(cell, weights=figure, minlength=size).reshape(na, n)
        self.judgement = (np.bincount(cell, weights=judgement, minlength=size) > 0).reshape(na, n)
        self._unit, self._atom, self._source = unit, atom, source

    def part(self, name: str, what: str) -> _Part:
        """The atom ``name`` per report; NA (``no figure for what``) where there is none."""
        return self.parts([name], what)

    def parts(self, names: list[str], what: str) -> _Part:
        """The sum of the atoms ``names`` per report; NA where none of them is given."""
        rows = [self.names[m] for m in names if m in self.names]
        has: np.ndarray = self.has[rows].any(axis=0)  # type: ignore[assignment]  # 2-d: an array
        total = self.sum[rows].sum(axis=0)
        judgement: np.ndarray = self.judgement[rows].any(axis=0)  # type: ignore[assignment]  # 2-d
        note = np.where(has, NONE, _reason("no_figure", what=what)).astype(object)
        return _Part(np.where(has, total, np.nan), judgement, self.sources(rows), note)

    def present(self, name: str) -> np.ndarray:
        return self.has[self.names[name]] if name in self.names else np.zeros(self.n, dtype=bool)

    def sources(self, rows: list[int]) -> np.ndarray:
        """The sources of the figures of atoms ``rows``, joined per report."""
        out = np.full(self.n, None, dtype=object)
        if self._source is None or not rows:
            return out
        take = np.isin(self._atom, rows)
        pairs = pd.DataFrame({"u": self._unit[take], "s": self._source[take]}).dropna()
        pairs = pairs.drop_duplicates()
        if len(pairs):
            joined = pairs.groupby("u", sort=False)["s"].agg(SOURCE_SEPARATOR.join)
            out[joined.index.to_numpy()] = joined.to_numpy()
        return out


def components(
    records: pd.DataFrame,
    *,
    by: Sequence[str] = ("agency", "year"),
    year: Sequence[int] | None = None,
    mapping: Any = None,
    to: str = "2021",
    sources: bool = True,
) -> tuple[pd.DataFrame, dict[str, _Part]]:
    """The reports (agency, year, the other ``by`` columns and ``form``) and every component of
    :data:`COMPONENT_NAMES` per report (with the sources of its figures when ``sources``).

    Only the columns needed are read and categorical columns stay categorical: each distinct label
    is mapped once, so a panel of millions of records costs a few vectorised passes."""
    keys = _unit_keys(list(by))
    missing = [c for c in (*keys, "section", "item", "measure") if c not in records.columns]
    if missing:
        raise ValueError(f"the records have no column {', '.join(dict.fromkeys(missing))}")
    frame = records[[c for c in dict.fromkeys((*keys, *_COLUMNS)) if c in records.columns]]
    years = pd.to_numeric(frame["year"]).to_numpy(dtype="float64", na_value=np.nan)
    keep = ~np.isnan(years) & frame["agency"].notna().to_numpy(dtype=bool, copy=True)
    if year is not None:
        keep &= np.isin(years, list(year))
    frame, years = frame[keep], years[keep]
    for column in _COLUMNS:
        if column not in frame:
            default = TOTAL if column == "applicant" else None
            frame = frame.assign(**{column: pd.Series(default, index=frame.index, dtype=object)})
    unit_of, units = key_codes(frame, keys)
    units = units.reset_index(drop=True)
    units = units.astype(
        {k: object for k in keys if isinstance(units[k].dtype, pd.CategoricalDtype)}
    )
    if "form" not in keys:
        units["form"] = _forms_of(unit_of, frame["form"], len(units))
    atoms = _atoms(frame, unit_of, years, len(units), mapping=mapping, to=to, sources=sources)
    return units, _component_parts(atoms)


def _forms_of(unit_of: np.ndarray, form: pd.Series, n: int) -> np.ndarray:
    """The report form(s) of each report, as ``2019 + 2021`` where a report mixes them: one bit
    per distinct form, one name per pattern of bits."""
    codes, names = pd.factorize(form.astype(object), sort=True)
    given = codes >= 0
    bits = np.zeros(n, dtype=np.int64)
    np.bitwise_or.at(bits, unit_of[given], np.left_shift(1, codes[given].astype(np.int64)))
    patterns, inverse = np.unique(bits, return_inverse=True)
    text = [" + ".join(str(f) for k, f in enumerate(names) if p >> k & 1) or None for p in patterns]
    return np.asarray(text, dtype=object)[inverse.reshape(-1)]


#: the records columns the components are made of
_COLUMNS = (
    "form",
    "section",
    "parent",
    "item",
    "applicant",
    "field",
    "measure",
    "count",
    "value",
    "unit",
    "source",
)
_KEY = ["form", "section", "parent", "item", "field", "measure", "_prose"]


def _atoms(
    frame: pd.DataFrame,
    unit_of: np.ndarray,
    years: np.ndarray,
    n: int,
    *,
    mapping: Any,
    to: str,
    sources: bool,
) -> _Atoms:
    """The counts and fees of the applicant column 总计, summed per report and atom: one figure
    per report and label (a figure stated twice counts once), a table's before the prose's."""
    applicant = frame["applicant"]
    mask = frame["section"].isin(_SECTIONS).to_numpy(dtype=bool, copy=True)
    mask &= (applicant.isna() | (applicant == TOTAL)).to_numpy(dtype=bool)
    mask &= frame["measure"].isin(["count", "amount"]).to_numpy(dtype=bool)
    f = frame[mask]
    unit, years = unit_of[mask], years[mask]
    amount = (f["measure"] == "amount").to_numpy(dtype=bool)
    scale = pd.to_numeric(f["unit"].astype(object).map(_YUAN), errors="coerce")
    figure = np.where(
        amount,
        pd.to_numeric(f["value"]).to_numpy(dtype="float64", na_value=np.nan)
        * scale.fillna(1.0).to_numpy(dtype="float64"),
        pd.to_numeric(f["count"]).to_numpy(dtype="float64", na_value=np.nan),
    )
    given = ~np.isnan(figure)
    f, unit, years, figure = f[given], unit[given], years[given], figure[given]
    inferred = np.where(years < 2019, "narrative", np.where(years < 2021, "2019", "2021"))
    f = f.assign(
        form=f["form"].astype(object).where(f["form"].notna(), pd.Series(inferred, index=f.index)),
        _prose=(f["field"] == PROSE_FIELD).to_numpy(dtype=bool),
    )
    code, labels = key_codes(f, _KEY)
    # a figure stated twice (same report, same label) counts once: the first
    first = np.unique(unit * max(len(labels), 1) + code, return_index=True)[1]
    first.sort()
    unit, code, figure = unit[first], code[first], figure[first]
    source = f["source"].to_numpy(dtype=object, na_value=None)[first] if sources else None
    std, atom_lists = _label_atoms(labels, mapping=mapping, to=to)
    # prose figures only where the report's tables have none of the same standard item
    std_code = std[code]
    prose = labels["_prose"].to_numpy(dtype=bool)[code]
    nstd = int(std.max()) + 1 if len(std) else 1
    cell = unit * nstd + std_code
    table = np.bincount(cell[~prose], minlength=n * nstd) > 0
    use = ~(prose & table[cell])
    unit, code, figure = unit[use], code[use], figure[use]
    source = source[use] if source is not None else None
    judgement = labels["_judgement"].to_numpy(dtype=bool)[code]
    # every (figure, atom) pair: a label may count in several atoms (a stated 不予公开 counts as
    # the group and under its own label)
    index: dict[str, int] = {}
    label_of, atom_of = [], []
    for label, atoms in enumerate(atom_lists):
        for name in atoms:
            label_of.append(label)
            atom_of.append(index.setdefault(name, len(index)))
    per_label = np.bincount(np.asarray(label_of, dtype=np.int64), minlength=len(atom_lists))
    first_of = np.r_[0, np.cumsum(per_label)[:-1]]  # label_of is sorted: labels in order
    n_atoms = per_label[code]
    row = np.repeat(np.arange(len(code)), n_atoms)
    offset = np.arange(int(n_atoms.sum())) - np.repeat(np.cumsum(n_atoms) - n_atoms, n_atoms)
    atom = np.asarray(atom_of, dtype=np.int64)[first_of[code][row] + offset]
    names = list(index)
    return _Atoms(
        unit[row],
        atom,
        names,
        figure[row],
        judgement[row],
        source[row] if source is not None else None,
        n,
    )


def _label_atoms(
    labels: pd.DataFrame, *, mapping: Any, to: str
) -> tuple[np.ndarray, list[list[str]]]:
    """For each distinct label: its standard item (as a number: labels of the same standard item
    share it) and the atoms its figure counts in. Adds ``_judgement`` to ``labels``."""
    rows = labels.astype(object).where(labels.notna(), None)
    prose = rows["_prose"].to_numpy(dtype=bool)
    review = rows["section"].isin(["reconsideration", "litigation"]).to_numpy(dtype=bool)
    field = np.where(
        prose & review, TOTAL, np.where(prose, None, rows["field"].to_numpy(dtype=object))
    )
    rows = rows.assign(field=field)
    own = rows["item"].map(lambda v: "+" in str(v)).to_numpy(dtype=bool) | (
        rows["section"] == "fees"
    ).to_numpy(dtype=bool)
    std = pd.DataFrame(
        {
            "std_section": rows["section"],
            "std_parent": rows["parent"],
            "std_item": rows["item"],
            "std_field": rows["field"],
            "mapping": "standard",
            "judgement": False,
        }
    )
    if (~own).any():
        with_year = rows.loc[~own, ["form", "section", "parent", "item", "field"]].assign(year=2021)
        mapped = harmonize(with_year, form=to, mapping=mapping)
        for c in std.columns:
            std.loc[~own, c] = mapped[c].astype(object).where(mapped[c].notna(), None).to_numpy()
    ok = std["mapping"].isin(["standard", "mapped", "judgement"]).to_numpy(dtype=bool)
    labels["_judgement"] = std["judgement"].fillna(False).to_numpy(dtype=bool)
    std_key = std[["std_section", "std_parent", "std_item", "std_field"]].astype(str)
    std_code = pd.factorize(pd.MultiIndex.from_frame(std_key))[0]
    atoms = [
        _atoms_of(*(None if v is None or v != v else v for v in values), own_parent=p, own_item=i)
        if good
        else []
        for values, p, i, good in zip(
            std[["std_section", "std_parent", "std_item", "std_field"]].itertuples(
                index=False, name=None
            ),
            rows["parent"],
            rows["item"],
            ok,
            strict=True,
        )
    ]
    return np.asarray(std_code, dtype=np.int64), atoms


def _atoms_of(
    section: str | None,
    parent: str | None,
    item: str | None,
    field: str | None,
    *,
    own_parent: str | None,
    own_item: str | None,
) -> list[str]:
    """The atoms a figure of this standard item counts in (see :func:`_component_parts`)."""
    if section == "applications" and parent is None and field is None:
        return [
            {
                RECEIVED: "received",
                CARRIED_IN: "carried_in",
                CARRIED_FORWARD: "carried_forward",
                f"{RECEIVED}+{CARRIED_IN}": "to_handle",
            }.get(item or "", "")
        ]
    if section == "fees":
        return ["fees"] if item == _FEES else []
    if section == "outcomes":
        if parent is None and field is None:
            if item == TOTAL:
                return ["answered"]
            if item in DISCLOSED or item == "+".join(DISCLOSED):
                return [f"disclosed:{item}"]
            if item in GROUPS:
                return [f"stated:{item}", f"stated_as:{own_item}"]
        if parent in GROUPS:
            return [f"part:{parent}:{own_parent}"]
        return []
    if section == "reconsideration" and item == RECONSIDERATION and parent is None:
        return [f"review:{RECONSIDERATION}:{field}"]
    if section == "litigation":
        if item == LITIGATION and parent is None:
            return [f"review:{LITIGATION}:{field}"]
        if parent == LITIGATION:
            return [f"kind:{LITIGATION}:{field}"]
    return []


def _component_parts(atoms: _Atoms) -> dict[str, _Part]:
    """Every component of :data:`COMPONENT_NAMES`, per report."""
    parts: dict[str, _Part] = {}
    for name, item in (
        ("received", RECEIVED),
        ("carried_in", CARRIED_IN),
        ("carried_forward", CARRIED_FORWARD),
    ):
        parts[name] = atoms.part(name, item)
    parts["answered"] = atoms.part("answered", COMPONENT_NAMES["answered"])
    parts["to_handle"] = _either(
        _add(parts["received"], parts["carried_in"]),
        atoms.part("to_handle", COMPONENT_NAMES["to_handle"]),
    )
    parts["disclosed"] = _either(
        _add(*(atoms.part(f"disclosed:{it}", it) for it in DISCLOSED)),
        atoms.part("disclosed:" + "+".join(DISCLOSED), COMPONENT_NAMES["disclosed"]),
    )
    for name, group in (("refused", REFUSED), ("unable", UNABLE), ("not_processed", NOT_PROCESSED)):
        parts[name] = _group(atoms, group)
    for prefix, group, total in (
        ("reconsideration", RECONSIDERATION, "reconsiderations"),
        ("litigation", LITIGATION, "lawsuits"),
    ):
        column = {
            f: _either(
                atoms.part(f"review:{group}:{f}", f"{group}{f}"),
                atoms.part(f"kind:{group}:{f}", f"{group}{f}"),
            )
            for f in (*CONCLUDED, PENDING, TOTAL)
        }
        parts[total] = column[TOTAL]
        parts[f"{prefix}_corrected"] = column[CORRECTED]
        parts[f"{prefix}_concluded"] = _concluded(column, COMPONENT_NAMES[f"{prefix}_concluded"])
    parts["fees"] = atoms.part("fees", _FEES)
    return parts


def _add(*parts: _Part) -> _Part:
    """The sum of components, NA unless each is given (the note of the first that is not)."""
    figure = np.sum([p.figure for p in parts], axis=0)
    note = np.full(len(figure), None, dtype=object)
    for p in reversed(parts):
        note = np.where(np.isnan(p.figure), p.note, note)
    judgement = np.logical_or.reduce([p.judgement for p in parts])
    return _Part(figure, judgement, _join_sources(*(p.sources for p in parts)), note)


def _join_sources(*sources: np.ndarray) -> np.ndarray:
    """Sources of several components, joined per report (each source once)."""
    given = [s for s in sources if (s != None).any()]  # noqa: E711
    if len(given) < 2:
        return given[0] if given else sources[0]
    return np.array(
        [
            SOURCE_SEPARATOR.join(
                dict.fromkeys(p for s in row if s for p in s.split(SOURCE_SEPARATOR))
            )
            or None
            for row in zip(*given, strict=True)
        ],
        dtype=object,
    )


def _either(first: _Part, fallback: _Part) -> _Part:
    """``first`` where it has a figure, else ``fallback`` where that has one (a prose sum such as
    予以公开+部分公开, a group summed from its kinds); else ``first``'s note."""
    use = np.isnan(first.figure) & ~np.isnan(fallback.figure)
    return _Part(
        np.where(use, fallback.figure, first.figure),
        np.where(use, fallback.judgement, first.judgement),
        np.where(use, fallback.sources, first.sources),
        np.where(use, NONE, first.note),
    )


def _group(atoms: _Atoms, group: str) -> _Part:
    """An outcome group: its stated figure where the report states one, else the sum of its
    reasons. A reason that a pre-2019 report lists under a group it states (申请信息不存在 under
    不予公开) is counted there, never again under the group the crosswalk maps it to."""
    stated = atoms.part(f"stated:{group}", group)
    prefix = f"part:{group}:"
    summed = _Part(
        np.full(atoms.n, np.nan),
        np.zeros(atoms.n, dtype=bool),
        np.full(atoms.n, None, dtype=object),
        np.full(atoms.n, _reason("no_figure", what=group), dtype=object),
    )
    hidden = np.full(atoms.n, None, dtype=object)
    for name in [name for name in atoms.names if name.startswith(prefix)]:
        under = name[len(prefix) :]
        inside = atoms.present(f"stated_as:{under}")  # listed under a group the report states
        part = atoms.part(name, group)
        given = ~np.isnan(part.figure)
        hidden = np.where(given & inside & (hidden == None), under, hidden)  # noqa: E711
        part = _Part(np.where(inside, np.nan, part.figure), part.judgement, part.sources, part.note)
        summed = _either(_add(summed, part), _either(summed, part))
    none = np.isnan(summed.figure) & (hidden != None)  # noqa: E711
    summed.note = summed.note.copy()
    summed.note[none] = [_reason("counted_in_group", group=g) for g in hidden[none]]
    part = _either(stated, summed)
    part.note = np.where(np.isnan(part.figure), summed.note, NONE).astype(object)
    return part


def _concluded(column: dict[str, _Part], what: str) -> _Part:
    """Cases concluded: 结果维持 + 结果纠正 + 其他结果 where all three are given, else
    总计 − 尚未审结, else 0 where 总计 is 0 (no case at all)."""
    three = _add(*(column[f] for f in CONCLUDED))
    total, pending = column[TOTAL], column[PENDING]
    open_ = _add(total, _Part(-pending.figure, pending.judgement, pending.sources, pending.note))
    none = _Part(
        np.where(total.figure == 0, 0.0, np.nan), total.judgement, total.sources, total.note
    )
    part = _either(_either(three, open_), none)
    part.note = np.where(np.isnan(part.figure), _reason("no_figure", what=what), NONE).astype(
        object
    )
    return part


# --- thresholds -------------------------------------------------------------------------------

#: the comparisons a threshold may make, and the levels it may give (Chinese aliases accepted)
THRESHOLD_OPS = ("<", "<=", ">", ">=")
THRESHOLD_LEVELS = ("red", "yellow")
_LEVEL_ALIASES = {"红": "red", "红色": "red", "黄": "yellow", "黄色": "yellow"}
_OP_ALIASES = {"≤": "<=", "≥": ">=", "＜": "<", "＞": ">"}


def thresholds_table(thresholds: pd.DataFrame | None) -> pd.DataFrame:
    """A thresholds table checked and in canonical form (columns ``indicator``, ``peer_group``,
    ``level``, ``op``, ``value``); None gives :data:`DEFAULT_THRESHOLDS`.

    Raises :class:`~luzhou_disclosure.errors.UnknownLabelError` for a level or comparison outside
    :data:`THRESHOLD_LEVELS` and :data:`THRESHOLD_OPS`, and ``ValueError`` for a missing column
    or a value that is no number.

    >>> t = thresholds_table(pd.DataFrame({"indicator": ["refusal_rate"], "level": ["红"],
    ...                                    "op": [">"], "value": [20]}))
    >>> t[["indicator", "peer_group", "level", "op", "value"]].values.tolist()
    [['refusal_rate', nan, 'red', '>', 20.0]]
    """
    if thresholds is None:
        return DEFAULT_THRESHOLDS.copy()
    missing = [c for c in ("indicator", "level", "op", "value") if c not in thresholds.columns]
    if missing:
        raise ValueError(
            f"thresholds: missing column(s) {', '.join(missing)}; expected indicator, level "
            "(red or yellow), op (<, <=, > or >=), value and, optionally, peer_group"
        )
    out = pd.DataFrame(
        {
            "indicator": thresholds["indicator"].astype(STRING),
            "peer_group": thresholds["peer_group"].astype(STRING)
            if "peer_group" in thresholds
            else pd.array([None] * len(thresholds), dtype=STRING),
            "level": thresholds["level"].map(
                lambda v: _LEVEL_ALIASES.get(str(v).strip(), str(v).strip())
            ),
            "op": thresholds["op"].map(lambda v: _OP_ALIASES.get(str(v).strip(), str(v).strip())),
            "value": pd.to_numeric(thresholds["value"], errors="coerce"),
        }
    ).reset_index(drop=True)
    check_request(
        pd.DataFrame(),
        "thresholds",
        choose={
            "level": (list(out["level"]), THRESHOLD_LEVELS),
            "op": (list(out["op"]), THRESHOLD_OPS),
        },
        hold=(),
        codes=False,
    )
    bad = out["value"].isna()
    if bad.any():
        rows = ", ".join(str(i) for i in out.index[bad])
        raise ValueError(f"thresholds: row(s) {rows}: value is no number")
    return out.astype({"level": STRING, "op": STRING, "value": "float64"})


def threshold_levels(
    frame: pd.DataFrame,
    thresholds: pd.DataFrame | None = None,
    *,
    indicator: str = "measure",
    value: str = "value",
    group: str = "peer_group",
) -> pd.DataFrame:
    """The level (``red``, ``yellow``, ``green``) of each row's value against the thresholds of
    its indicator and peer group.

    A threshold row with a ``peer_group`` applies to that group only; rows without one apply to
    every group that has none of its own for the indicator. A red threshold is tried before a
    yellow one; a value that crosses neither is ``green``; a value that is NA, or of an indicator
    without thresholds, has no level (NA).

    Returns
    -------
    DataFrame
        Aligned with ``frame``: ``level`` and ``threshold`` (the threshold crossed, as ``< 40``).

    Examples
    --------
    >>> rows = pd.DataFrame({"measure": ["disclosure_rate"] * 3, "peer_group": "all",
    ...                      "value": [35.0, 55.0, 90.0]})
    >>> threshold_levels(rows).values.tolist()
    [['red', '< 40'], ['yellow', '< 60'], ['green', nan]]
    """
    table = thresholds_table(thresholds)
    n = len(frame)
    level = np.full(n, None, dtype=object)
    crossed = np.full(n, None, dtype=object)
    values = pd.to_numeric(frame[value]).to_numpy(dtype="float64", na_value=np.nan)
    names = frame[indicator].astype(object).to_numpy()
    groups = (
        frame[group].astype(object).where(frame[group].notna(), None).to_numpy()
        if group in frame
        else np.full(n, None, dtype=object)
    )
    for (name, grp), rows in (
        pd.DataFrame({"n": names, "g": groups})
        .groupby(["n", "g"], dropna=False, sort=False)
        .groups.items()
    ):
        rules = table[table["indicator"] == name]
        own = (
            rules[rules["peer_group"] == grp] if grp is not None and grp == grp else rules.iloc[:0]
        )
        rules = own if len(own) else rules[rules["peer_group"].isna()]
        if rules.empty:
            continue
        at = np.asarray(rows)
        v = values[at]
        out = np.where(np.isnan(v), NONE, "green").astype(object)
        text = np.full(len(at), None, dtype=object)
        for lvl in reversed(THRESHOLD_LEVELS):  # yellow first, red over it
            for rule in rules[rules["level"] == lvl].itertuples(index=False):
                hit = _compare(v, rule.op, rule.value)
                out = np.where(hit, lvl, out)
                text = np.where(hit, f"{rule.op} {_short(rule.value)}", text)
        level[at], crossed[at] = out, text
    return pd.DataFrame(
        {"level": pd.array(level, dtype=STRING), "threshold": pd.array(crossed, dtype=STRING)},
        index=frame.index,
    )


def _compare(v: np.ndarray, op: str, limit: float) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return {
            "<": v < limit,
            "<=": v <= limit,
            ">": v > limit,
            ">=": v >= limit,
        }[op] & ~np.isnan(v)


def _short(v: float) -> str:
    return f"{int(v)}" if float(v).is_integer() else f"{v:g}"


def peer_values(
    records: pd.DataFrame,
    code: str,
    *,
    by: Sequence[str] = ("agency",),
    years: Sequence[int],
    mapping: Any = None,
    form: str = "2021",
) -> pd.DataFrame:
    """What :func:`~luzhou_disclosure.peer_summary` ranks for an indicator: per agency (the
    ``by`` columns) and year, ``value``, ``numerator``, ``denominator``, ``applications``
    (received: the base of its small-base rule) and ``note``."""
    units, parts = components(
        records, by=[*by, "year"], year=years, mapping=mapping, to=form, sources=False
    )
    table = _ratio(units, parts, INDICATORS[code])
    return table[[*by, "year", "value", "numerator", "denominator", "note"]].assign(
        applications=parts["received"].figure
    )
