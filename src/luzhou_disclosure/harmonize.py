"""The crosswalk across the 2019 format change: every record's item in the 2021 standard vocabulary.

Between 2018 and 2019 the reports changed shape (docs/formats.md §5): pre-2019 narrative reports
name their own outcomes and refusal reasons (属于已主动公开范围, 商业秘密, 不属于本行政机关, …),
the 2019 standard form has items the 2021 form renamed, split or dropped. :func:`harmonize` adds,
to each record, the 2021 standard item it corresponds to, keeping the original columns untouched.

The mapping is data, not code: ``data/crosswalk.csv`` (documented in ``docs/crosswalk.md``), one row
per source label, with a ``judgement`` column for mappings that are a matter of opinion (whether
不属于本行政机关 belongs under 无法提供 or 其他处理). A user passes a whole table of their own or
overrides single entries (``mapping=``).

Each distinct label is mapped once, in Python; the result is spread over the records with integer
codes, so harmonizing ten million records costs a few vectorised passes.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._arrays import STRING
from ._checks import STANDARD_FORMS, check_request, renamed
from ._vocab import (
    ARTICLE20,
    NOT_PROCESSED,
    OTHER_HANDLING,
    REFUSED,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    STANDARD_APPLICATION_ROWS,
    STANDARD_OUTCOMES,
    UNABLE,
    match_key,
)
from .errors import DisclosureWarning, SchemaError

CROSSWALK_FILE = "crosswalk.csv"
CROSSWALK_COLUMNS = (
    "version",
    "to_form",
    "from_form",
    "section",
    "from_parent",
    "from_item",
    "from_field",
    "to_section",
    "to_parent",
    "to_item",
    "to_field",
    "judgement",
    "note",
)
ANY = "*"
#: columns harmonize adds
STD_COLUMNS = (
    "std_section",
    "std_parent",
    "std_item",
    "std_field",
    "mapping",
    "judgement",
    "mapping_note",
)
#: the columns crosswalk entries are keyed on
KEY_COLUMNS = ("form", "section", "parent", "item", "field")


def load_crosswalk(path: str | Path | None = None) -> pd.DataFrame:
    """The crosswalk table: the bundled ``data/crosswalk.csv``, or a CSV of the same columns.

    Blank cells are NA (a blank ``to_item`` means the item has no counterpart); ``*`` in a
    ``from_`` column matches anything; ``judgement`` is boolean.

    Examples
    --------
    >>> cw = load_crosswalk()
    >>> row = cw[cw["from_item"] == "不属于本行政机关"].iloc[0]
    >>> row["to_parent"], row["to_item"], bool(row["judgement"])
    ('无法提供', '本机关不掌握相关政府信息', True)
    """
    source = (
        Path(path)
        if path is not None
        else Path(str(resources.files("luzhou_disclosure") / "data" / CROSSWALK_FILE))
    )
    table = pd.read_csv(source, dtype=str, keep_default_na=False)
    return _check_table(table, str(source))


def _check_table(table: pd.DataFrame, where: str) -> pd.DataFrame:
    missing = [
        c
        for c in CROSSWALK_COLUMNS
        if c not in table.columns and c not in ("version", "note", "judgement")
    ]
    if missing:
        raise SchemaError.missing_columns(
            missing, lambda c: f"{where}: the crosswalk needs column {c!r}"
        )
    out = table.copy()
    for col in CROSSWALK_COLUMNS:
        if col not in out:
            out[col] = "" if col != "judgement" else False
    out = out[list(CROSSWALK_COLUMNS)].astype({c: object for c in CROSSWALK_COLUMNS})
    for col in CROSSWALK_COLUMNS:
        if col != "judgement":
            out[col] = out[col].map(
                lambda v: (
                    pd.NA
                    if v is None
                    or v is pd.NA
                    or (isinstance(v, float) and v != v)
                    or str(v).strip() == ""
                    else str(v).strip()
                )
            )
    out["judgement"] = out["judgement"].map(
        lambda v: str(v).strip().lower() in ("true", "1", "yes", "是")
    )
    return out.astype({c: STRING for c in CROSSWALK_COLUMNS if c != "judgement"}).reset_index(
        drop=True
    )


def _na(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _match_key(label: Any) -> str | None:
    if _na(label):
        return None
    if label == ANY:
        return ANY
    return match_key(label)


@lru_cache(maxsize=4)
def _standard_items(to: str) -> frozenset[tuple[str, str | None, str, str | None]]:
    """(section, parent, item, field) of every item of the ``to`` standard form, and its groups."""
    items: set[tuple[str, str | None, str, str | None]] = set()
    for it in STANDARD_OUTCOMES:
        if to in it.forms:
            items.add(("outcomes", it.parent, it.item, None))
    for group in (REFUSED, UNABLE, NOT_PROCESSED, OTHER_HANDLING):
        items.add(("outcomes", None, group, None))
    for label in STANDARD_APPLICATION_ROWS:
        items.add(("applications", None, label, None))
    for section, item, parent in REVIEW_GROUPS:
        for field in REVIEW_FIELDS:
            items.add((section, parent, item, field))
            if parent is not None:
                items.add((section, None, parent, field))
    for row in ARTICLE20.get(to, ()):
        for field, _ in row.fields:
            items.add(("article20", row.parent, row.item, field))
    return frozenset(items)


def _overrides(mapping: Mapping[str, Any], to: str) -> pd.DataFrame:
    """User overrides {from_item: to_item | (to_parent, to_item) | None} as crosswalk rows."""
    parents = {it.item: it.parent for it in STANDARD_OUTCOMES if to in it.forms}
    rows = []
    for src, target in mapping.items():
        if target is None:
            to_parent = to_item = None
        elif isinstance(target, str):
            to_parent, to_item = parents.get(target), target
        elif isinstance(target, Sequence) and len(target) == 2:
            to_parent, to_item = target
        else:
            raise ValueError(
                f"mapping[{src!r}] = {target!r}: expected an item, a (parent, item) pair or None"
            )
        rows.append(
            {
                "version": "user",
                "to_form": to,
                "from_form": ANY,
                "section": ANY,
                "from_parent": ANY,
                "from_item": src,
                "from_field": ANY,
                "to_section": "outcomes" if to_item else None,
                "to_parent": to_parent,
                "to_item": to_item,
                "to_field": None,
                "judgement": True,
                "note": "user override",
            }
        )
    return _check_table(pd.DataFrame(rows, columns=list(CROSSWALK_COLUMNS)), "mapping")


def _resolve_table(mapping: Any, to: str) -> pd.DataFrame:
    if mapping is None:
        table = load_crosswalk()
    elif isinstance(mapping, pd.DataFrame):
        table = _check_table(mapping, "mapping")
    elif isinstance(mapping, str | Path):
        table = load_crosswalk(mapping)
    elif isinstance(mapping, Mapping):
        table = pd.concat([_overrides(mapping, to), load_crosswalk()], ignore_index=True)
    else:
        raise TypeError(
            f"mapping={type(mapping).__name__}: expected None, a DataFrame, a CSV path or a dict "
            "of overrides"
        )
    known = set(table["to_form"].dropna())
    if to not in known:
        raise ValueError(
            f"to={to!r}: the crosswalk maps to {', '.join(sorted(known)) or 'nothing'}"
        )
    return table[table["to_form"] == to].reset_index(drop=True)


def _infer_form(year: Any) -> str | None:
    if year is None or year is pd.NA or year != year:
        return None
    return "narrative" if year < 2019 else "2019" if year < 2021 else "2021"


def map_keys(keys: pd.DataFrame, *, form: str = "2021", mapping: Any = None) -> pd.DataFrame:
    """Map distinct (form, section, parent, item, field) keys to the items of the standard
    ``form`` (one Python pass).

    Returns ``keys`` with the :data:`STD_COLUMNS` added. Crosswalk rows are tried in order of
    specificity (a row naming the parent or field before a ``*`` row; user overrides first); an
    item already in the standard vocabulary maps to itself; anything else is ``unmapped``.
    """
    table = _resolve_table(mapping, form)
    cols = ("from_form", "section", "from_parent", "from_item", "from_field")
    rules = []
    for rank, rec in enumerate(table.to_dict("records")):
        pattern = tuple(
            _match_key(rec[c])
            if c in ("from_parent", "from_item")
            else (None if _na(rec[c]) else rec[c])
            for c in cols
        )
        wild = sum(p == ANY for p in pattern)
        user = rec["version"] == "user"
        rules.append(((0 if user else 1, wild, rank), pattern, rec))
    rules.sort(key=lambda r: r[0])
    standard = _standard_items(form)
    out = []
    for from_form, section, parent, item, field in keys[list(KEY_COLUMNS)].itertuples(
        index=False, name=None
    ):
        from_form, section, parent, item, field = (
            None if _na(v) else v for v in (from_form, section, parent, item, field)
        )
        probe = (from_form, section, _match_key(parent), _match_key(item), field)
        hit = None
        for _, pattern, rec in rules:
            if all(p == ANY or p == v for p, v in zip(pattern, probe, strict=True)):
                hit = rec
                break
        if hit is not None and not _na(hit["to_item"]):
            field_out = (
                field
                if _na(hit["to_field"]) and section in ("reconsideration", "litigation")
                else hit["to_field"]
            )
            out.append(
                (
                    section if _na(hit["to_section"]) else hit["to_section"],
                    hit["to_parent"],
                    hit["to_item"],
                    field_out,
                    "judgement" if hit["judgement"] else "mapped",
                    bool(hit["judgement"]),
                    hit["note"],
                )
            )
        elif hit is not None:
            out.append(
                (None, None, None, None, "no_counterpart", bool(hit["judgement"]), hit["note"])
            )
        elif (section, parent, item, field) in standard:
            out.append((section, parent, item, field, "standard", False, None))
        else:
            out.append(
                (
                    None,
                    None,
                    None,
                    None,
                    "unmapped",
                    False,
                    f"no crosswalk entry for {item!r} (section {section}, parent {parent}) "
                    f"and not a {form} standard item",
                )
            )
    res = pd.DataFrame(out, columns=list(STD_COLUMNS), index=keys.index)
    res = res.astype({c: STRING for c in STD_COLUMNS if c != "judgement"}).astype(
        {"judgement": "boolean"}
    )
    return pd.concat([keys, res], axis=1)


def key_codes(frame: pd.DataFrame, cols: Sequence[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer codes of the distinct combinations of ``cols`` and the table of those combinations.

    Vectorised: each column is factorised (a categorical's codes are used as they are), the codes
    are combined into one int64 and factorised again. NA is a value of its own.
    """
    combined = np.zeros(len(frame), dtype=np.int64)
    for col in cols:
        series = frame[col]
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = series.cat.codes.to_numpy().astype(np.int64)
            n = len(series.cat.categories) + 1
        else:
            codes, uniques = pd.factorize(series, use_na_sentinel=True)
            codes = codes.astype(np.int64)
            n = len(uniques) + 1
        combined = combined * n + np.where(codes < 0, n - 1, codes)
        if len(frame) and int(combined.max()) > 2**40:  # keep the mixed radix far from overflow
            combined = pd.factorize(combined)[0].astype(np.int64)
    codes, _ = pd.factorize(combined)
    first = pd.Series(codes).drop_duplicates().index.to_numpy()
    table = frame[list(cols)].iloc[first].reset_index(drop=True)
    return codes.astype(np.int64), table


def harmonize(
    records: pd.DataFrame,
    *,
    form: str | None = None,
    mapping: Any = None,
    to: str | None = None,
) -> pd.DataFrame:
    """Add to each record the item of the standard ``form`` (2021) it corresponds to; keep the
    original.

    Parameters
    ----------
    records
        Records of any form (``narrative``, ``2019``, ``2021``). A missing ``form`` is taken from
        the year (before 2019 narrative, 2019–2020 the 2019 form, later the 2021 form).
    form
        The standard form to map to: ``"2021"`` (default; the bundled crosswalk maps to it) or
        ``"2019"``.
    mapping
        ``None``: the bundled crosswalk (:func:`load_crosswalk`). A DataFrame or CSV path with the
        crosswalk's columns: used instead. A dict ``{from_item: to_item}`` (or ``(to_parent,
        to_item)``, or ``None`` for "no counterpart"): overrides those entries, for any form, and
        marks them as judgements.
    to
        Deprecated name of ``form``: warns (``FutureWarning``); giving both is a ``TypeError``.

    Returns
    -------
    DataFrame
        The records, unchanged and in order, with ``std_section``, ``std_parent``, ``std_item``,
        ``std_field`` (NA when there is no standard item), ``mapping`` (``standard``: already a
        standard item; ``mapped``; ``judgement``: mapped by a judgement call; ``no_counterpart``:
        the standard form has nothing like it; ``unmapped``: the crosswalk does not know the label),
        ``judgement`` and ``mapping_note``. Unmapped labels are never dropped: their rows stay, a
        :class:`DisclosureWarning` names them and :func:`unmapped_labels` lists them. With
        categorical input columns the added columns are categorical too.

    Raises
    ------
    UnknownLabelError
        ``form`` is not a standard form (``"2019"`` or ``"2021"``; a ``ValueError``).

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> h = ld.harmonize(ld.load_example())
    >>> row = h[h["item"] == "商业秘密"].iloc[0]
    >>> row["std_parent"], row["std_item"], row["mapping"]
    ('不予公开', '保护第三方合法权益', 'mapped')
    >>> h.loc[h["item"] == "不属于本行政机关", "mapping"].iloc[0]
    'judgement'
    """
    form = renamed(form, to, function="harmonize", new_name="form", old_name="to", default="2021")
    check_request(
        records, "harmonize", choose={"form": (form, STANDARD_FORMS)}, hold=(), codes=False
    )
    missing = [c for c in ("year", "section", "item") if c not in records.columns]
    if missing:
        raise SchemaError.missing_columns(missing)
    frame = records
    cols = {}
    for col in KEY_COLUMNS:
        if col in frame:
            cols[col] = frame[col]
        else:
            cols[col] = pd.Series(pd.NA, index=frame.index, dtype=STRING)
    work = pd.DataFrame(cols, index=frame.index)
    if work["form"].isna().any():
        inferred = pd.Series(frame["year"].map(_infer_form), index=frame.index, dtype=STRING)
        work["form"] = work["form"].astype(STRING).fillna(inferred)
    codes, keys = key_codes(work, KEY_COLUMNS)
    mapped = map_keys(keys, form=form, mapping=mapping)
    categorical = isinstance(records["item"].dtype, pd.CategoricalDtype)
    added = {}
    for col in STD_COLUMNS:
        values = mapped[col]
        if col == "judgement":
            added[col] = pd.array(
                values.to_numpy(dtype=bool, na_value=False)[codes], dtype="boolean"
            )
            continue
        cat = pd.Categorical(values.astype(object).where(values.notna(), None))
        column = pd.Categorical.from_codes(np.asarray(cat.codes)[codes], categories=cat.categories)
        added[col] = column if categorical else pd.array(column.astype(object), dtype=STRING)
    out = records.assign(**{c: pd.Series(v, index=records.index) for c, v in added.items()})
    unmapped = mapped[mapped["mapping"] == "unmapped"]
    if len(unmapped):
        shown = ", ".join(dict.fromkeys(str(v) for v in unmapped["item"]))
        warnings.warn(
            f"{len(unmapped)} label(s) have no crosswalk entry and are kept unmapped "
            f"(mapping == 'unmapped'): {shown}",
            DisclosureWarning,
            stacklevel=2,
        )
    return out


def unmapped_labels(harmonized: pd.DataFrame) -> pd.DataFrame:
    """The distinct labels :func:`harmonize` could not map, with how many records carry each.

    >>> import luzhou_disclosure as ld
    >>> len(unmapped_labels(ld.harmonize(ld.load_example())))
    0
    """
    rows = harmonized[(harmonized["mapping"] == "unmapped").fillna(False).to_numpy(dtype=bool)]
    cols = [c for c in KEY_COLUMNS if c in rows]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=STRING) for c in cols}).assign(
            n_records=pd.Series(dtype="int64")
        )
    out = rows[cols].astype(STRING).value_counts(dropna=False).rename("n_records").reset_index()
    return out
