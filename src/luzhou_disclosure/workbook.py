"""The records workbook: a tidy sheet of figures that analysts can fill by hand.

Layout (see ``docs/records.md``): a sheet named ``records`` whose header row holds the records
column names (``agency``, ``year``, ``section``, ``item``, ``measure``, ``count``, ``value``, …) in any
order, one figure per row below it; rows above the header (a title) are ignored. A second sheet
``说明`` explains the columns; it is written for people and ignored on reading.

Cells are accepted as people type them: ``3件``, ``８１１``, ``1,234``, `` 12 `` are numbers; blank,
``—``, ``/``, ``无`` and ``不适用`` are NA. A cell that cannot be interpreted raises
:class:`~luzhou_disclosure.errors.CellError` naming the file, sheet, cell, column and value.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from ._numbers import NA_TOKENS, parse_number, to_halfwidth
from ._vocab import MEASURES, SECTIONS
from ._xlsx import INTEGER_FORMAT, cell_ref, fit_columns, open_workbook, sheet_rows, write_cell
from .errors import CellError, InputFileError
from .records import COLUMNS, SCHEMA, as_records

SHEET = "records"
_HEADER_SCAN_ROWS = 30
_CODE_COLUMNS = ("section", "measure", "applicant", "form", "parent", "field", "unit", "base")
_TRUE = {"true", "1", "是", "yes", "y", "t", "approx", "约", "余", "多"}
_FALSE = {"false", "0", "否", "no", "n", "f", ""}

COLUMN_NOTES: dict[str, str] = {
    "agency": "报告机关 the reporting agency",
    "year": "年度 the report year",
    "form": "报告格式: narrative (2019年前), 2019 or 2021",
    "section": "部分: " + ", ".join(SECTIONS),
    "item": "项目 the canonical item counted (工作动态类, 商业秘密, 予以公开 …)",
    "parent": "上级项目 the item this one is part of (不予公开 for a refusal reason)",
    "applicant": "申请人 (standard form 三): 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计",
    "field": "表格栏目 column of the section 二/四 tables (本年制发件数, 结果维持 …)",
    "measure": "度量: " + ", ".join(MEASURES) + " (blank = count)",
    "count": "数量 for measures count / change (whole numbers; 3件 and ８１１ accepted)",
    "value": "数值 for amount / share_pct / growth_pct (6.10 means 6.10%)",
    "unit": "单位 条, 件, 次, 项, 元, 万元, %",
    "base": "for share_pct: the item the percentage is of",
    "decimals": "for share_pct / growth_pct: decimals the report printed (6.10 → 2)",
    "approx": "约数: TRUE when the report gives an approximate figure (400余条)",
    "label": "原文标签 the label as the report wrote it",
    "source": "来源: file and sheet!cell, text line and sentence, or derived: …",
}


def read_excel(path: str | Path, *, sheet: str | None = None) -> pd.DataFrame:
    """Read a records workbook into a records DataFrame.

    Parameters
    ----------
    path
        An .xlsx, .xls or .ods file laid out as described in the module docstring.
    sheet
        The sheet to read; default ``records``, or the only sheet if there is one.

    Returns
    -------
    DataFrame
        Records with the columns and dtypes of :data:`luzhou_disclosure.records.SCHEMA`.

    Raises
    ------
    InputFileError
        The file is missing or not a readable workbook, or has no records sheet or header row.
    CellError
        A cell cannot be interpreted (the message names file, sheet, cell, column and value).

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> records = ld.read_excel(ld.example_path())
    >>> int(records.loc[records["item"] == "主动公开政府信息总数", "count"].max())
    811
    """
    book = open_workbook(path)
    names = book.sheet_names
    name = sheet or (SHEET if SHEET in names else names[0] if len(names) == 1 else None)
    if name is None or name not in names:
        raise InputFileError(path, f"no sheet {sheet or SHEET!r} (sheets: {', '.join(names)})")
    rows, top, left = sheet_rows(book, name, path)
    header_at, columns = _find_header(rows, path, name)
    data: dict[str, list[Any]] = {c: [] for c in columns.values()}
    for r in range(header_at + 1, len(rows)):
        row = rows[r]
        if all(v == "" or v is None for v in row):
            continue
        for c, col in columns.items():
            raw = row[c] if c < len(row) else ""
            try:
                data[col].append(_read_cell(col, raw))
            except ValueError as exc:
                raise CellError(
                    path, name, cell_ref(top + r, left + c), raw, str(exc), column=col
                ) from None
    frame = pd.DataFrame(data)
    _apply_cell_units(frame)
    return as_records(frame)


def _find_header(rows: list[list[Any]], path: str | Path, sheet: str) -> tuple[int, dict[int, str]]:
    for r, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        names = [str(v).strip().lower() if isinstance(v, str) else "" for v in row]
        if "agency" in names and "item" in names:
            return r, {c: n for c, n in enumerate(names) if n in SCHEMA}
    raise InputFileError(
        path,
        f"sheet {sheet!r}: no header row with the columns agency, year, section, item, measure "
        f"in its first {_HEADER_SCAN_ROWS} rows; see docs/records.md for the layout",
    )


#: a year as people type it: 2017, 2017年, 2017 年度 (digits, any width)
_YEAR = re.compile(r"(\d{4})\s*(?:年度?)?")


def _read_cell(col: str, raw: Any) -> Any:
    dtype = SCHEMA[col]
    if col == "year" and isinstance(raw, str):
        year = _YEAR.fullmatch(to_halfwidth(raw).strip())
        raw = year[1] if year else raw
    if dtype in ("Int64", "Float64"):
        number = parse_number(raw)
        if number is None:
            return None
        if dtype == "Int64" and not number.is_integer:
            raise ValueError("a whole number")
        value = int(number.value) if dtype == "Int64" else number.value
        return (value, number) if col == "count" or col == "value" else value
    if dtype == "boolean":
        if isinstance(raw, bool):
            return raw
        key = to_halfwidth(str(raw)).strip().lower()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise ValueError("TRUE or FALSE (or 是/否), or blank for FALSE")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip() if raw is not None else ""
    if not text or (col in _CODE_COLUMNS and to_halfwidth(text).lower() in NA_TOKENS):
        return None
    return text


def _apply_cell_units(frame: pd.DataFrame) -> None:
    """Numbers typed with a unit (3件) fill an empty ``unit``; 400余条 sets ``approx``."""
    for col in ("count", "value"):
        if col not in frame:
            continue
        parsed = frame[col]
        numbers = parsed.map(lambda v: v[1] if isinstance(v, tuple) else None)
        frame[col] = parsed.map(lambda v: v[0] if isinstance(v, tuple) else v)
        units = numbers.map(
            lambda n: n.unit if n is not None and n.unit not in (None, "%") else None
        )
        approx = numbers.map(lambda n: bool(n is not None and n.approx))
        if "unit" not in frame:
            frame["unit"] = None
        frame["unit"] = frame["unit"].where(frame["unit"].notna(), units)
        if approx.any():
            if "approx" not in frame:
                frame["approx"] = False
            frame["approx"] = frame["approx"].fillna(False).astype(bool) | approx
    if "measure" in frame:
        has_count = frame["count"].notna() if "count" in frame else False
        frame["measure"] = frame["measure"].where(frame["measure"].notna() | ~has_count, "count")


def write_excel(records: pd.DataFrame, path: str | Path) -> Path:
    """Write records to a records workbook that :func:`read_excel` reads back identically.

    The ``records`` sheet has a frozen, filtered header row and column widths that fit Chinese
    labels; a ``说明`` sheet explains each column. Text is always written as text (a label
    beginning with ``=`` never becomes a formula); NA is written as a blank cell.

    Returns the path written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    records = as_records(records)
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    bold = Font(bold=True)
    for c, col in enumerate(COLUMNS, start=1):
        write_cell(ws, 1, c, col).font = bold
    formats = {"count": INTEGER_FORMAT, "value": "0.00##"}
    for r, rec in enumerate(records[list(COLUMNS)].itertuples(index=False), start=2):
        for c, (col, value) in enumerate(zip(COLUMNS, rec, strict=True), start=1):
            if value is pd.NA or value is None:
                value = None
            elif SCHEMA[col] == "Int64":
                value = int(value)
            elif SCHEMA[col] == "Float64":
                value = float(value)
            elif SCHEMA[col] == "boolean":
                value = bool(value)
            write_cell(ws, r, c, value, formats.get(col))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    fit_columns(ws)
    notes = wb.create_sheet("说明")
    write_cell(notes, 1, 1, "column").font = bold
    write_cell(notes, 1, 2, "说明 / meaning").font = bold
    for r, (col, note) in enumerate(COLUMN_NOTES.items(), start=2):
        write_cell(notes, r, 1, col)
        write_cell(notes, r, 2, note)
    fit_columns(notes)
    try:
        wb.save(path)
    except OSError as exc:
        raise InputFileError(path, f"cannot be written: {exc}") from None
    return path
