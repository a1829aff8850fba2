"""Deprecated alias of :mod:`luzhou_disclosure.summary` (renamed: "report" names the annual report
the library reads and writes; this module holds the summary output). Importing it warns
(``FutureWarning``); it goes in the next release.
"""

from __future__ import annotations

import warnings

from .summary import (
    ERROR_FILL,
    LEFT_OUT_FILL,
    PERCENT_COLUMNS,
    WARNING_FILL,
    YEAR_COLUMNS,
    format_summary,
    format_table,
    is_percent,
    sheet_name,
    summary_tables,
    write_workbook,
)

__all__ = [
    "ERROR_FILL",
    "LEFT_OUT_FILL",
    "PERCENT_COLUMNS",
    "WARNING_FILL",
    "YEAR_COLUMNS",
    "format_summary",
    "format_table",
    "is_percent",
    "sheet_name",
    "summary_tables",
    "write_workbook",
]

warnings.warn(
    "luzhou_disclosure.report is renamed luzhou_disclosure.summary; import from there "
    "(the old name goes in the next release)",
    FutureWarning,
    stacklevel=2,
)
