"""One convention for the readers of many files (``read_forms``, ``read_reports``).

A file that cannot be read never stops the batch: it is listed in ``records.attrs["failures"]`` (dicts
with keys ``file`` and ``error``, and ``kind`` for a URL; ``pd.DataFrame(records.attrs["failures"])``
makes a table) and one :class:`~luzhou_disclosure.errors.DisclosureWarning` says how many failed and
why the first did.
"""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from .errors import DisclosureWarning


def failure(file: object, error: object) -> dict[str, str]:
    """One failed file, as ``attrs["failures"]`` lists it (with the ``kind`` of failure when the
    error names one, as a :class:`~luzhou_disclosure.errors.FetchError` does)."""
    out = {"file": str(file), "error": str(error)}
    kind = getattr(error, "kind", None)
    if isinstance(kind, str):
        out["kind"] = kind
    return out


def report_failures(
    records: pd.DataFrame, failures: list[dict[str, Any]], total: int, *, what: str = "files"
) -> pd.DataFrame:
    """Put ``failures`` in ``records.attrs["failures"]`` and warn when there are any; returns ``records``.

    ``what`` names the files in the warning (``files``, ``reports``); the warning points at the
    caller of the reader.
    """
    records.attrs["failures"] = failures
    if failures:
        first = failures[0]
        warnings.warn(
            f"{len(failures)} of {total} {what} could not be read (first: {first['file']}: "
            f"{first['error']}); see records.attrs['failures']",
            DisclosureWarning,
            stacklevel=3,
        )
    return records
