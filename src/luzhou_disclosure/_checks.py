"""Checks of what is asked for against the vocabulary and against what the records hold.

:func:`check_request` runs at the entry of every public analysis: an argument outside the vocabulary
(``section="主动公开x"``) is an :class:`~luzhou_disclosure.errors.UnknownLabelError` (a
``ValueError``) naming the allowed values and the closest one; a valid value, or a year, that the
records do not hold is a :class:`~luzhou_disclosure.errors.DisclosureWarning` naming what is
missing, so that an empty result never comes without a word. :func:`resolve_code` and
:func:`closest` are also what the records reader uses for cells.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._vocab import CODE_ALIASES, CODES, label_key
from .errors import DisclosureWarning, UnknownLabelError

#: the forms records can be harmonized to (``form=``)
STANDARD_FORMS = ("2019", "2021")
#: how alike (difflib ratio) a typed value and a known one must be to suggest the known one
_CUTOFF = 0.6
#: at most this many values of a column are listed in a message
_LISTED = 12


def renamed(
    new: Any, old: Any, *, function: str, new_name: str, old_name: str, default: Any = None
) -> Any:
    """The value of a keyword that was renamed: ``new``, or ``old`` when the caller still uses the
    old name, or ``default`` when neither is given (``None``: not given). The old name warns
    (``FutureWarning``, pointing at the caller of ``function``); it goes in the next release.
    Both names at once is a ``TypeError``.
    """
    if old is None:
        return default if new is None else new
    if new is not None:
        raise TypeError(
            f"{function}: give {new_name}= only; {old_name}= is its deprecated name, not both"
        )
    warnings.warn(
        f"{function}: {old_name}= is renamed {new_name}=; use {new_name}={old!r} "
        "(the old name goes in the next release)",
        FutureWarning,
        stacklevel=3,
    )
    return old


def code_key(value: object) -> str:
    """The key under which typed codes match: NFKC, simplified, no spaces, lower case."""
    return label_key(str(value)).lower()


def resolve_code(column: str, value: object) -> str | None:
    """The code of ``column`` that ``value`` stands for (the code itself in any width or case, or a
    documented alias, see ``docs/records.md``), or None.

    >>> (resolve_code("section", "主动公开"), resolve_code("measure", " Count "),
    ...  resolve_code("form", 2019))
    ('proactive', 'count', '2019')
    """
    key = code_key(value)
    return _lookup(column).get(key)


def _lookup(column: str) -> dict[str, str]:
    table = _LOOKUPS.get(column)
    if table is None:
        table = {code_key(code): code for code in CODES[column]}
        for alias, code in CODE_ALIASES.get(column, {}).items():
            table.setdefault(code_key(alias), code)
        _LOOKUPS[column] = table
    return table


_LOOKUPS: dict[str, dict[str, str]] = {}


def closest(
    value: object, allowed: str | Collection[str], *, cutoff: float = _CUTOFF
) -> str | None:
    """The allowed value most like ``value`` (through the aliases when ``allowed`` names a code
    column), or None when none is alike.

    >>> (closest("proactiv", "section"), closest("主动公开x", "section"),
    ...  closest("itme", ["item", "agency"]))
    ('proactive', 'proactive', 'item')
    """
    key = code_key(value)
    if isinstance(allowed, str):
        table = _lookup(allowed)
    else:
        table = {code_key(a): a for a in allowed}
    match = difflib.get_close_matches(key, list(table), n=1, cutoff=cutoff)
    return table[match[0]] if match else None


def unknown(name: str, value: object, allowed: str | Collection[str]) -> str:
    """``name=value: expected one of …; did you mean …?`` for a value outside the vocabulary."""
    options = CODES[allowed] if isinstance(allowed, str) else tuple(allowed)
    message = f"{name}={value!r}: expected one of {', '.join(map(str, options))}"
    suggestion = closest(value, allowed)
    return message + (f"; did you mean {suggestion!r}?" if suggestion is not None else "")


def check_request(
    records: pd.DataFrame,
    caller: str,
    *,
    choose: Mapping[str, tuple[Any, str | Collection[str]]] | None = None,
    hold: Sequence[Mapping[str, Any]] = ({},),
    codes: bool = True,
) -> None:
    """Check an analysis' arguments and what the records hold for them.

    Parameters
    ----------
    records
        The records the analysis was given.
    caller
        The analysis' name, which begins every message.
    choose
        ``{argument: (value, allowed)}``: a value (or several) that must be one of ``allowed``, a
        code column's name (``"section"``, ``"measure"``, ``"form"``, ``"applicant"``) or the
        values themselves. None is "not asked". A value outside them raises
        :class:`~luzhou_disclosure.errors.UnknownLabelError`.
    hold
        What the records must hold, each a mapping ``{column: value or values}`` (None: any):
        every value asked for must occur in its column, and some figure must have them all at
        once. Otherwise a :class:`~luzhou_disclosure.errors.DisclosureWarning` names what is
        missing. The default asks for at least one figure.
    codes
        Also warn about figures whose section, measure, form or applicant is outside the
        vocabulary: no analysis looks at them.
    """
    for name, (value, allowed) in (choose or {}).items():
        options = CODES[allowed] if isinstance(allowed, str) else allowed
        for v in _values(value):
            if v not in options:
                raise UnknownLabelError(unknown(name, v, allowed))
    if codes:
        _warn_unknown_codes(records, caller)
    for want in hold:
        message = _missing(records, want)
        if message:
            warnings.warn(f"{caller}: {message}", DisclosureWarning, stacklevel=3)


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _held(series: pd.Series) -> list[Any]:
    """The distinct values of ``series`` that are not NA: counted by code for categoricals and
    years (a panel of millions of records is checked in milliseconds), else hashed."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = np.asarray(series.cat.codes)
        used = np.bincount(codes[codes >= 0], minlength=len(series.cat.categories)) > 0
        return list(series.cat.categories[used])
    if pd.api.types.is_integer_dtype(series.dtype) and len(series):
        if isinstance(series.dtype, np.dtype):  # int64: no NA
            values = series.to_numpy()
        else:  # Int64
            values = series.dropna().to_numpy(dtype=np.int64)
        if len(values):
            low, high = int(values.min()), int(values.max())
            if high - low < 100_000:
                seen = np.flatnonzero(np.bincount(values - low)) + low
                return [int(v) for v in seen]
    return [v for v in pd.unique(series) if not pd.isna(v)]


def _show(values: Iterable[Any]) -> str:
    values = [v.item() if isinstance(v, np.generic) else v for v in values]
    shown = ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values[:_LISTED])
    return shown + (f", … ({len(values)} in all)" if len(values) > _LISTED else "")


def _missing(records: pd.DataFrame, want: Mapping[str, Any]) -> str | None:
    """What of ``want`` the records do not hold, in words, or None when they hold it."""
    from .records import DEFAULTS  # a column left out holds its default (applicant 总计)

    asked = {c: _values(v) for c, v in want.items() if v is not None}
    absent = []
    for column, values in asked.items():
        default = [DEFAULTS[column]] if column in DEFAULTS and len(records) else []
        held = _held(records[column]) if column in records else default
        missing = [v for v in values if v not in held]
        if missing:
            what = f"no {column} {_show(missing)}"
            if column in ("year", "section", "measure") and held:
                what += f" (they hold {column} {_show(sorted(held, key=str))})"
            absent.append(what)
    if absent:
        return "the records hold " + "; ".join(absent)
    if not len(records):
        return "the records hold no figures"
    if len(asked) < 2:
        return None  # one column, every value of it held
    mask = np.ones(len(records), dtype=bool)
    for column, values in asked.items():
        if column in records:
            mask &= records[column].isin(values).to_numpy(dtype=bool, na_value=False)
    if mask.any():
        return None
    return "the records hold no figure with " + " and ".join(
        f"{column} {_show(values)}" for column, values in asked.items()
    )


def _warn_unknown_codes(records: pd.DataFrame, caller: str) -> None:
    found = []
    for column, options in CODES.items():
        if column not in records:
            continue
        series = records[column]
        if isinstance(series.dtype, pd.CategoricalDtype) and all(
            c in options for c in series.cat.categories
        ):
            continue  # no category outside the vocabulary: nothing to count
        bad = [v for v in _held(series) if v not in options]
        if bad:
            n = int(records[column].isin(bad).sum())
            hints = [f"{v!r}" + _did_you_mean(v, column) for v in bad[:_LISTED]]
            found.append(
                f"{n} figure(s) have a {column} outside the vocabulary ({', '.join(hints)}; "
                f"expected one of {', '.join(options)})"
            )
    if found:
        warnings.warn(
            f"{caller}: {'; '.join(found)}; no analysis looks at them (see docs/records.md)",
            DisclosureWarning,
            stacklevel=4,
        )


def _did_you_mean(value: object, column: str) -> str:
    suggestion = closest(value, column)
    return f" — did you mean {suggestion!r}?" if suggestion is not None else ""
