"""Summary output of analyses: aligned terminal tables and the one workbook writer.

Formatting happens only here (and in plots); the analyses return unrounded numbers. Every display
takes ``lang="zh"`` (Chinese headers and titles, the default) or ``lang="en"``; the words come from
:mod:`luzhou_disclosure._english`. The summary workbook (``luzhou-disclosure summary``) and the
compare workbook (``luzhou-disclosure compare``) are both written by :func:`write_workbook`, in
one style.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ._atomic import atomic_write
from ._english import SHEET_NAMES, TEXT, check_lang, column_name, message, pick, text
from ._numbers import round_half_up
from ._xlsx import (
    DECIMAL_FORMAT,
    INTEGER_FORMAT,
    PERCENT_FORMAT,
    RATIO_FORMAT,
    YEAR_FORMAT,
    column_letter,
    display_width,
    fit_columns,
    write_cell,
)
from .analysis import (
    REFUSAL_COLUMNS,
    category_shares,
    outcome_breakdown,
    refusal_breakdown,
    yoy_growth,
)
from .audit import audit

#: columns that hold a percentage (a number of percent: 6.0976… is 6.10 %)
PERCENT_COLUMNS = frozenset({"percentile"})
#: whole numbers that are names, not quantities: shown without a thousands separator
YEAR_COLUMNS = frozenset({"year", "base_year", "rank", "n_ranked", "decimals"})
#: columns of findings: figures at the printed precision, percentages or counts
_FINDING_FIGURES = frozenset({"expected", "found", "difference"})
#: tints of rows: failed checks and unreadable files, warnings and flagged rows, agencies left out
ERROR_FILL, WARNING_FILL, LEFT_OUT_FILL = "FDE2E1", "FFF4CE", "EDEDED"


def summary_tables(records: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The summary analyses of every agency-year in ``records``, by sheet name.

    Keys: ``shares`` (category shares, half-up and largest-remainder rounding), ``growth``
    (year-over-year change of the proactive total for every year that has a previous one),
    ``outcomes``, ``refusals`` and ``audit``.
    """
    shares = category_shares(records, rounding="half_up")
    lr = category_shares(records, rounding="largest_remainder")
    shares["share_pct_largest_remainder"] = lr["share_pct_rounded"].to_numpy()
    years = sorted(int(y) for y in records["year"].dropna().unique())
    growth = [yoy_growth(records, year=y) for y in years if y - 1 in years]
    growth_table = (
        pd.concat(growth, ignore_index=True)
        if growth
        else yoy_growth(records, year=years[-1] if years else 0)
    )
    return {
        "shares": shares,
        "growth": growth_table,
        "outcomes": outcome_breakdown(records),
        "refusals": refusal_breakdown(records),
        "audit": audit(records),
    }


def is_percent(column: str, table: pd.DataFrame) -> bool:
    """Whether ``column`` of ``table`` holds percentages: ``…_pct`` and its roundings, a
    percentile, and the value and quartiles of a rate (an indicator in %) ranked by
    ``peer_summary`` or computed by ``indicators``."""
    if column.endswith(("_pct", "_pct_rounded", "_pct_largest_remainder")):
        return True
    if column in PERCENT_COLUMNS:
        return True
    if column not in ("value", "p25", "p50", "p75") or "numerator" not in table.columns:
        return False
    from .indicators import INDICATORS  # the unit of each indicator (docs/indicators.md)

    if "unit" in table.columns:
        units = set(table["unit"].dropna())
    else:
        units = {INDICATORS[m].unit for m in table["measure"].dropna() if m in INDICATORS}
    return units <= {"pct"}


def _fmt(value: object, pct: bool, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, bool | np.bool_):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if pct and isinstance(value, int | float | np.integer | np.floating):
        return f"{round_half_up(float(value), 2)}"
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, str):
        return message(value, lang)
    return str(value)


def format_table(
    table: pd.DataFrame,
    *,
    columns: list[str] | None = None,
    max_width: int = 48,
    lang: str = "zh",
) -> str:
    """A DataFrame as an aligned text table; Chinese characters count as two columns.

    Headers are shown in ``lang`` (``"zh"`` or ``"en"``). Percentages (and the ``expected`` /
    ``found`` / ``difference`` of findings) are shown with two decimals rounded half up; NA as
    ``—``.

    Examples
    --------
    >>> import pandas as pd
    >>> print(format_table(pd.DataFrame({"item": ["概况类"], "share_pct": [0.3699]}), lang="en"))
    item    share (%)
    ------  ---------
    概况类       0.37
    """
    check_lang(lang)
    table = table[columns] if columns else table
    pct_cols = {c for c in table.columns if is_percent(str(c), table) or c in _FINDING_FIGURES}
    header = [column_name(c, lang) for c in table.columns]
    rows = [
        [_fmt(v, c in pct_cols, lang) for c, v in zip(table.columns, rec, strict=True)]
        for rec in table.itertuples(index=False)
    ]
    rows = [
        [cell if display_width(cell) <= max_width else _clip(cell, max_width) for cell in row]
        for row in rows
    ]
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(header)
    ]
    numeric = [
        pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
        for c in table.columns
    ]

    def line(cells: list[str]) -> str:
        out = []
        for cell, w, num in zip(cells, widths, numeric, strict=True):
            pad = " " * (w - display_width(cell))
            out.append(pad + cell if num else cell + pad)
        return "  ".join(out).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


def _clip(text: str, width: int) -> str:
    out, w = "", 0
    for ch in text:
        cw = display_width(ch)
        if w + cw > width - 1:
            break
        out, w = out + ch, w + cw
    return out + "…"


_TERMINAL_COLUMNS = {
    "shares": [
        "agency",
        "year",
        "item",
        "count",
        "total",
        "share_pct_rounded",
        "share_pct_largest_remainder",
    ],
    "growth": [
        "agency",
        "item",
        "year",
        "base_year",
        "current",
        "previous",
        "change",
        "growth_pct",
        "note",
    ],
    "outcomes": ["agency", "year", "kind", "item", "count", "base", "share_pct"],
    "refusals": ["agency", "year", *REFUSAL_COLUMNS],
    "audit": ["rule", "severity", "agency", "year", "item", "expected", "found"],
}


def format_summary(tables: dict[str, pd.DataFrame], *, lang: str = "zh") -> str:
    """All summary tables as text, each under its title, in ``lang``."""
    check_lang(lang)
    blocks = []
    for name, table in tables.items():
        cols = [c for c in _TERMINAL_COLUMNS.get(name, list(table.columns)) if c in table.columns]
        body = (
            format_table(table, columns=cols, lang=lang)
            if len(table)
            else text("nothing_to_show", lang)
        )
        title = text(f"title_{name}", lang) if f"title_{name}" in TEXT else name
        blocks.append(f"{title}\n{body}")
    return "\n\n".join(blocks)


def sheet_name(name: str, lang: str) -> str:
    """The name of a workbook sheet in ``lang`` (a sheet without an entry keeps its name)."""
    pair = SHEET_NAMES.get(name)
    return pick(pair, lang) if pair else name


def _number_format(column: str, series: pd.Series, table: pd.DataFrame) -> str | None:
    """The one rule for number formats: percentages with %, years and ranks as written, counts
    with thousands separators, other figures with two decimals."""
    if pd.api.types.is_bool_dtype(series.dtype) or not pd.api.types.is_numeric_dtype(series.dtype):
        return None
    if is_percent(column, table):
        return PERCENT_FORMAT
    if column in YEAR_COLUMNS:
        return YEAR_FORMAT
    if column == "ratio":
        return RATIO_FORMAT
    if column in _FINDING_FIGURES:
        return DECIMAL_FORMAT
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    values = values[~np.isnan(values)]
    whole = bool(np.all(values == np.round(values)))
    return INTEGER_FORMAT if whole else DECIMAL_FORMAT


def _row_fills(table: pd.DataFrame) -> list[str | None]:
    """The tint of each row: failed checks and unreadable files red, warnings and flagged
    comparisons yellow, agencies left out of a ranking grey."""
    fills: list[str | None] = [None] * len(table)
    if "severity" in table:
        tint = {"error": ERROR_FILL, "warning": WARNING_FILL}
        fills = [tint.get(str(s)) for s in table["severity"].astype(object)]
    elif "flagged" in table:
        flagged = table["flagged"].fillna(False).to_numpy(dtype=bool)
        fills = [WARNING_FILL if f else None for f in flagged]
    elif "ranked" in table:
        ranked = table["ranked"].fillna(False).to_numpy(dtype=bool)
        fills = [None if r else LEFT_OUT_FILL for r in ranked]
    elif "status" in table:
        fills = [ERROR_FILL if s == "error" else None for s in table["status"].astype(object)]
    return fills


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path, *, lang: str = "zh") -> Path:
    """Write tables to an Excel workbook, one sheet each, in the library's one style.

    Sheet names and column headers are in ``lang`` (Chinese by default, ``"en"`` for English).
    Each sheet has a bold header row that stays in view (frozen panes) and an autofilter over the
    table. Numbers stay numbers: percentages (6.0976…) are shown ``6.10%``, years and ranks as
    written (2018, not 2,018), counts with thousands separators, other figures with two decimals.
    Failed checks and unreadable files are tinted red, warnings and flagged comparisons yellow,
    agencies left out of a ranking grey. Text is always written as text, never as a formula. The
    workbook is written to a temporary file beside ``path`` and renamed into place (an
    :class:`~luzhou_disclosure.errors.OutputFileError` if it cannot be written).

    Examples
    --------
    >>> import tempfile, luzhou_disclosure as ld
    >>> from openpyxl import load_workbook
    >>> path = write_workbook(summary_tables(ld.load_example()), tempfile.mkdtemp() + "/s.xlsx")
    >>> ws = load_workbook(path)["分类占比"]
    >>> [c.value for c in ws[1]][:3], ws.freeze_panes, ws.auto_filter.ref
    (['单位', '年度', '项目'], 'A2', 'A1:I8')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    check_lang(lang)
    path = Path(path)
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    bold = Font(bold=True)
    for name, table in tables.items():
        ws = wb.create_sheet(sheet_name(name, lang))
        cols = [str(c) for c in table.columns]
        for j, col in enumerate(cols, start=1):
            write_cell(ws, 1, j, column_name(col, lang)).font = bold
        formats = [_number_format(c, table[c], table) for c in cols]
        fills = [PatternFill("solid", fgColor=f) if f else None for f in _row_fills(table)]
        values = [table[c].astype(object).tolist() for c in table.columns]
        for i in range(len(table)):
            for j, (column, fmt) in enumerate(zip(values, formats, strict=True), start=1):
                value = column[i]
                if isinstance(value, np.generic):
                    value = value.item()
                cell = write_cell(ws, i + 2, j, value, fmt)
                if fills[i] is not None:
                    cell.fill = fills[i]
        ws.freeze_panes = "A2"
        if cols:
            ws.auto_filter.ref = f"A1:{column_letter(len(cols) - 1)}{len(table) + 1}"
        fit_columns(ws)
    with atomic_write(path) as tmp:
        wb.save(tmp)
    return path
