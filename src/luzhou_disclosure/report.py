"""Presentation of analyses: aligned terminal tables and an Excel summary workbook.

Formatting happens only here (and in plots); the analyses return unrounded numbers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._numbers import round_half_up
from ._xlsx import PERCENT_FORMAT, display_width, fit_columns, write_cell
from .analysis import category_shares, outcome_breakdown, refusal_breakdown, yoy_growth
from .audit import audit


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


def _fmt(value: object, pct: bool) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if pct and isinstance(value, int | float):
        return f"{round_half_up(float(value), 2)}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def format_table(
    table: pd.DataFrame, *, columns: list[str] | None = None, max_width: int = 48
) -> str:
    """A DataFrame as an aligned text table; Chinese characters count as two columns.

    Columns ending in ``_pct`` (and ``expected``/``found``/``difference``) are shown with two
    decimals rounded half up; NA as ``—``.
    """
    table = table[columns] if columns else table
    pct_cols = {
        c
        for c in table.columns
        if c.endswith("_pct")
        or c.endswith("_rounded")
        or c.endswith("_remainder")
        or c in ("expected", "found", "difference")
    }
    header = [str(c) for c in table.columns]
    rows = [
        [_fmt(v, c in pct_cols) for c, v in zip(table.columns, rec, strict=True)]
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
    "refusals": [
        "agency",
        "year",
        "item",
        "count",
        "refused",
        "applications",
        "share_of_refusals_pct",
        "share_of_applications_pct",
    ],
    "audit": ["rule", "severity", "agency", "year", "item", "expected", "found"],
}
TITLES = {
    "shares": "主动公开信息分类占比 Category shares",
    "growth": "同比增长 Year-over-year growth",
    "outcomes": "依申请公开办理情况 Application outcomes",
    "refusals": "不予公开原因 Refusal reasons",
    "audit": "数字核对 Audit of printed figures",
}


def format_summary(tables: dict[str, pd.DataFrame]) -> str:
    """All summary tables as text, each under its title."""
    blocks = []
    for name, table in tables.items():
        cols = [c for c in _TERMINAL_COLUMNS.get(name, list(table.columns)) if c in table.columns]
        body = format_table(table, columns=cols) if len(table) else "(nothing to show)"
        blocks.append(f"{TITLES.get(name, name)}\n{body}")
    return "\n\n".join(blocks)


def write_summary_workbook(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write summary tables to an Excel workbook: one sheet each, frozen header, percent formats.

    Percentages are stored as numbers (6.0976…) shown with two decimals; findings that failed are
    tinted. Text is always written as text.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    tint = {
        "error": PatternFill("solid", fgColor="FDE2E1"),
        "warning": PatternFill("solid", fgColor="FFF4CE"),
    }
    for name, table in tables.items():
        ws = wb.create_sheet(name)
        cols = list(table.columns)
        for c, col in enumerate(cols, start=1):
            write_cell(ws, 1, c, str(col)).font = bold
        pct = {
            c
            for c in cols
            if c.endswith("_pct")
            or c.endswith("_rounded")
            or c.endswith("_remainder")
            or c in ("expected", "found", "difference")
        }
        for r, rec in enumerate(table.itertuples(index=False), start=2):
            fill = tint.get(str(getattr(rec, "severity", "")))
            for c, (col, value) in enumerate(zip(cols, rec, strict=True), start=1):
                if value is pd.NA or (isinstance(value, float) and value != value):
                    value = None
                elif hasattr(value, "item") and not isinstance(value, str):
                    value = value.item()
                cell = write_cell(ws, r, c, value, PERCENT_FORMAT if col in pct else None)
                if fill is not None:
                    cell.fill = fill
        ws.freeze_panes = "A2"
        fit_columns(ws)
    wb.save(path)
    return path
