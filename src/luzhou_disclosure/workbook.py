"""Records files: a tidy table of figures that analysts can fill by hand, as .xlsx, .csv or
.parquet.

Layout (see ``docs/records.md``): a sheet named ``records`` (a workbook) or the file itself (CSV)
whose header row holds the records column names (``agency``, ``year``, ``section``, ``item``,
``count`` …; or their Chinese names 机关, 年度, 部分, 项目, 数量 …) in any order, one figure per row
below it; rows above the header (a title) are ignored. A workbook's second sheet ``说明`` explains
the columns; it is written for people and ignored on reading.

Cells are accepted as people type them: ``3件``, ``８１１``, ``1,234``, `` 12 `` are numbers,
``2017年`` is a year; blank, ``—``, ``/``, ``无`` and ``不适用`` are NA; codes may be written in
Chinese (主动公开 is ``proactive``). Everything that cannot be read or is not in the vocabulary is
collected and raised as one :class:`~luzhou_disclosure.errors.RecordsFileError` naming every bad
cell.
"""

from __future__ import annotations

import csv
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._arrays import STRING
from ._atomic import atomic_write
from ._checks import closest, code_key
from ._numbers import MAX_FIGURE, NA_TOKENS, TOO_LARGE, parse_number, to_halfwidth
from ._vocab import COLUMN_ALIASES, MEASURES, SECTIONS, VALUE_MEASURES
from ._xlsx import (
    INTEGER_FORMAT,
    cell_ref,
    fill_merged,
    fit_columns,
    merged_cells,
    open_workbook,
    sheet_rows,
    write_cell,
)
from .errors import DisclosureWarning, InputFileError, RecordsFileError, SchemaError
from .records import COLUMNS, SCHEMA, as_records, failure_cases, normalise_codes

SHEET = "records"
#: the suffixes of records files, by format
SUFFIXES = {
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
    ".ods": "excel",
    ".csv": "csv",
    ".parquet": "parquet",
}
#: columns a records file must have (and one of ``count`` / ``value``); the others may be left out
REQUIRED = ("agency", "year", "section", "item")
FIGURES = ("count", "value")
_HEADER_SCAN_ROWS = 30
#: column names are short (项目): one wrong character of two is still "did you mean"
_HEADER_CUTOFF = 0.5
_CODE_COLUMNS = ("section", "measure", "applicant", "form", "parent", "field", "unit", "base")
_TRUE = {"true", "1", "是", "yes", "y", "t", "approx", "约", "余", "多"}
_FALSE = {"false", "0", "否", "no", "n", "f", ""}
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")

COLUMN_NOTES: dict[str, str] = {
    "agency": "报告机关 the reporting agency (header also 机关, 单位)",
    "year": "年度 the report year (2017 or 2017年)",
    "form": "报告格式: narrative (2019年前), 2019 or 2021",
    "section": "部分: "
    + ", ".join(SECTIONS)
    + " (or 主动公开, 依申请公开, 行政复议, … see docs/records.md)",
    "item": "项目 the canonical item counted (工作动态类, 商业秘密, 予以公开 …)",
    "parent": "上级项目 the item this one is part of (不予公开 for a refusal reason)",
    "applicant": (
        "申请人 (standard form 三): 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, "
        "总计"
    ),
    "field": "表格栏目 column of the section 二/四 tables (本年制发件数, 结果维持 …)",
    "measure": "度量: " + ", ".join(MEASURES) + " (or 数量, 金额, 占比, 增长率; blank = count)",
    "count": "数量 for measures count / change (whole numbers; 3件 and ８１１ accepted)",
    "value": "数值 for amount / share_pct / growth_pct (6.10 means 6.10%)",
    "unit": "计量单位 条, 件, 次, 项, 元, 万元, %",
    "base": "基数: for share_pct, the item the percentage is of",
    "decimals": "小数位数: for share_pct / growth_pct, decimals the report printed (6.10 → 2)",
    "approx": "约数: TRUE when the report gives an approximate figure (400余条)",
    "label": "原文标签 the label as the report wrote it",
    "source": "来源: file and sheet!cell, text line and sentence, or derived: …",
}


def read_records(path: str | Path, *, sheet: str | None = None) -> pd.DataFrame:
    """Read a records file (.xlsx, .xls, .ods, .csv or .parquet) into a records DataFrame.

    Parameters
    ----------
    path
        A records file laid out as described in the module docstring; the format is taken from the
        suffix. A CSV file may be UTF-8 (with or without BOM) or GB18030 (what Excel saves in
        China).
    sheet
        The sheet of a workbook to read; default ``records``, or the only sheet if there is one.

    Returns
    -------
    DataFrame
        Records with the columns and dtypes of :data:`luzhou_disclosure.records.SCHEMA`, codes as
        the vocabulary spells them (主动公开 read as ``proactive``).

    Raises
    ------
    InputFileError
        The file is missing, of an unknown type or not readable, or has no header row; or a column
        is missing or misspelled (the message names it: ``'itme': did you mean 'item'?``). Required
        columns: ``agency``, ``year``, ``section``, ``item`` and ``count`` or ``value``. A
        workbook beyond the limits (README: Limits) is a :class:`WorkbookTooLargeError` naming
        the sheet.
    RecordsFileError
        Cells that cannot be read (a number of more than 15 digits, ``5%`` as a count), codes
        outside the vocabulary, items outside a closed list, required cells left blank, a figure in
        a row without year, section and item: every one of them in one error (a
        :class:`CellError` and a :class:`SchemaError`), each with the allowed values and the
        closest one.

    Warns
    -----
    DisclosureWarning
        An item or parent that resembles an item the analyses look for without being it
        (主动公开政府信息总量 beside 主动公开政府信息总数); a row without year, section and item
        that holds no figure (a note below the table), left out.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> records = ld.read_records(ld.example_path())
    >>> int(records.loc[records["item"] == "主动公开政府信息总数", "count"].max())
    811
    """
    path = Path(path)
    kind = _kind(path)
    if kind == "parquet":
        frame, locate, name = _parquet_frame(path)
    else:
        merged: list = []
        if kind == "csv":
            rows, top, left, name = _csv_rows(path), 0, 0, None
        else:
            rows, top, left, name, merged = _sheet(path, sheet)
        frame, locate = _rows_frame(rows, top, left, path, name, merged)
    frame, problems = normalise_codes(frame)
    unread = {(p["row"], p["column"]) for p in locate.problems if p["check"] == "cannot read"}
    blank = [p for p in _blank_required(frame) if (p["row"], p["column"]) not in unread]
    cells = [*locate.problems, *blank]
    for p in problems.to_dict("records"):
        cells.append(
            _cell_problem(p["row"], p["column"], p["value"], p["expected"], p["closest"])
            | {"severity": p["severity"]}
        )
    _report(cells, locate, path, name)
    return as_records(frame)


def _kind(path: Path) -> str:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputFileError(
            path, f"not a records file: expected one of {', '.join(SUFFIXES)} (the suffix says)"
        )
    return kind


def _sheet(path: Path, sheet: str | None) -> tuple[list[list[Any]], int, int, str, list]:
    book = open_workbook(path)
    names = book.sheet_names
    name = sheet or (SHEET if SHEET in names else names[0] if len(names) == 1 else None)
    if name is None or name not in names:
        raise InputFileError(path, f"no sheet {sheet or SHEET!r} (sheets: {', '.join(names)})")
    rows, top, left = sheet_rows(book, name, path)
    return rows, top, left, name, merged_cells(book, name, path)


def _csv_rows(path: Path) -> list[list[Any]]:
    if not path.exists():
        raise InputFileError(path, "no such file")
    for encoding in _CSV_ENCODINGS:
        try:
            with open(path, encoding=encoding, newline="") as fh:
                return list(csv.reader(fh))
        except UnicodeDecodeError:
            continue
        except (OSError, csv.Error) as exc:
            raise InputFileError(path, f"cannot be read as CSV: {exc}") from None
    raise InputFileError(path, f"not a text file in {' or '.join(_CSV_ENCODINGS)}")


class _Locate:
    """Where each record and column came from, and the cell problems met while reading."""

    def __init__(self, cell: Callable[[int, str], str], order: dict[str, int]) -> None:
        self.cell = cell
        self.order = order
        self.problems: list[dict[str, Any]] = []


def _rows_frame(
    rows: list[list[Any]],
    top: int,
    left: int,
    path: Path,
    sheet: str | None,
    merged: list = (),  # type: ignore[assignment]
) -> tuple[pd.DataFrame, _Locate]:
    header_at, columns = _find_header(rows, path, sheet)
    fill_merged(rows, top, left, merged, below=header_at + 1)  # a merged cell: its value throughout
    at = {col: c for c, col in columns.items()}
    sheet_rows_of: list[int] = []

    def cell(row: int, col: str) -> str:
        r = top + sheet_rows_of[row]
        return cell_ref(r, left + at[col]) if col in at else f"row {r + 1}"

    locate = _Locate(cell, at)
    data: dict[str, list[Any]] = {c: [] for c in columns.values()}
    identity = [at[c] for c in ("year", "section", "item")]
    for r in range(header_at + 1, len(rows)):
        row = rows[r]
        if all(v == "" or v is None for v in row):
            continue
        if all(c >= len(row) or row[c] in ("", None) for c in identity):
            locate.problems += _not_a_record(row, top + r, left, columns, len(sheet_rows_of))
            continue
        sheet_rows_of.append(r)
        for c, col in columns.items():
            raw = row[c] if c < len(row) else ""
            try:
                value = _read_cell(col, raw)
            except ValueError as exc:
                locate.problems.append(
                    _cell_problem(len(sheet_rows_of) - 1, col, raw, str(exc), None, "cannot read")
                )
                value = None
            data[col].append(value)
    frame = pd.DataFrame(data)
    _apply_cell_units(frame)
    return frame, locate


def _not_a_record(
    row: list[Any], r: int, left: int, columns: dict[int, str], position: int
) -> list[dict[str, Any]]:
    """A row without year, section and item (a note or a value below or beside the table): an
    error for a figure in it (a figure is never dropped), else a warning naming what is left out."""
    figures = [c for c, col in columns.items() if col in FIGURES and row[c] not in ("", None)]
    cells = figures or [c for c, v in enumerate(row) if v not in ("", None)]
    out = []
    for c in cells:
        column = columns.get(c, "")
        value = row[c]
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # as typed: 12, not 12.0
        if figures:
            message = (
                f"{value!r} is a figure in a row with no year, section or item (a value below "
                "or beside the table?): fill them in, or delete it"
            )
        else:
            message = (
                f"{value!r} is not part of a record (the row has no year, section or item); "
                "left out"
            )
        problem = _cell_problem(position, column, value, "a record: year, section and item", None)
        out.append(
            problem
            | {
                "check": "not a record",
                "message": message,
                "cell": cell_ref(r, left + c),
                "severity": "error" if figures else "warning",
            }
        )
    return out


def _parquet_frame(path: Path) -> tuple[pd.DataFrame, _Locate, None]:
    if not path.exists():
        raise InputFileError(path, "no such file")
    try:
        raw = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several error types for broken files
        raise InputFileError(path, f"not a readable Parquet file: {exc}") from None
    names = [str(c) for c in raw.columns]
    columns = _header_columns(names, path, None, "the columns")
    frame = raw.iloc[:, list(columns)].reset_index(drop=True)
    frame.columns = list(columns.values())
    frame = _trimmed(frame)
    order = {col: i for i, col in enumerate(frame.columns)}
    return frame, _Locate(lambda row, col: f"row {row}", order), None


# --- the header -----------------------------------------------------------------------------------

_COLUMN_LOOKUP: dict[str, str] = {code_key(c): c for c in SCHEMA} | {
    code_key(a): c for a, c in COLUMN_ALIASES.items()
}


def _column_of(value: Any) -> str | None:
    return _COLUMN_LOOKUP.get(code_key(value)) if isinstance(value, str) and value.strip() else None


def _find_header(
    rows: list[list[Any]], path: str | Path, sheet: str | None
) -> tuple[int, dict[int, str]]:
    """The header row: the first with two column names or more and a third (maybe misspelled)."""
    for r, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        known = sum(_column_of(v) is not None for v in row)
        near = sum(
            _column_of(v) is None
            and isinstance(v, str)
            and closest(v, _COLUMN_LOOKUP, cutoff=_HEADER_CUTOFF) is not None
            for v in row
        )
        if known >= 2 and known + near >= 3:
            names = [v if isinstance(v, str) else "" for v in row]
            return r, _header_columns(names, path, sheet, f"header row {r + 1}")
    where = f"sheet {sheet!r}: " if sheet else ""
    raise InputFileError(
        path,
        f"{where}no header row with the columns {', '.join(REQUIRED)} and count or value "
        f"(or 机关, 年度, 部分, 项目, 数量) in its first {_HEADER_SCAN_ROWS} rows; "
        "see docs/records.md",
    )


def _header_columns(
    names: list[str], path: str | Path, sheet: str | None, where: str
) -> dict[int, str]:
    """Position → records column of a header; a missing or misspelled column is an error."""
    columns: dict[int, str] = {}
    seen: dict[str, str] = {}
    problems = []
    for c, name in enumerate(names):
        col = _column_of(name)
        if col is None:
            continue
        if col in seen:
            note = (
                " (单位 is the agency; the unit of a figure is 计量单位)" if col == "agency" else ""
            )
            problems.append(f"{seen[col]!r} and {name!r} are both column {col!r}{note}")
        seen[col] = name
        columns[c] = col
    missing = [c for c in REQUIRED if c not in seen]
    if not any(c in seen for c in FIGURES):
        missing.append("count")
    unknown = [n for n in names if n.strip() and _column_of(n) is None]
    for name in unknown:
        guess = closest(name, _COLUMN_LOOKUP, cutoff=_HEADER_CUTOFF)
        if guess is None:
            continue  # a column of the user's own: ignored
        col = _COLUMN_LOOKUP[code_key(guess)]
        if col in seen:
            continue
        hint = col if code_key(guess) == col else f"{guess} ({col})"
        problems.append(f"{name!r}: did you mean {hint!r}?")
        if col in missing:
            missing.remove(col)
        elif col in FIGURES and "count" in missing:
            missing.remove("count")
    for col in missing:
        names_of = [a for a, c in COLUMN_ALIASES.items() if c == col]
        also = f" (or {', '.join(names_of)})" if names_of else ""
        need = "count or value" if col == "count" and col not in seen else repr(col)
        problems.append(f"missing column {need}{also}")
    if problems:
        at = f"sheet {sheet!r}, {where}" if sheet else where
        raise InputFileError(
            path,
            f"{at}: {'; '.join(problems)}. Required columns: {', '.join(REQUIRED)} and count "
            f"or value; see docs/records.md",
        )
    return columns


# --- cells ----------------------------------------------------------------------------------------

#: a year as people type it: 2017, 2017年, 2017 年度 (digits, any width)
_YEAR = re.compile(r"(\d{4})\s*(?:年度?)?")


def _read_cell(col: str, raw: Any) -> Any:
    dtype = SCHEMA[col]
    if col == "year" and isinstance(raw, str):
        year = _YEAR.fullmatch(to_halfwidth(raw).strip())
        raw = year[1] if year else raw
    if dtype in ("Int64", "Float64"):
        try:
            number = parse_number(raw)
        except ValueError:
            if col != "year":
                raise
            raise ValueError("a year such as 2017 or 2017年") from None
        if number is None:
            return None
        if number.unit in ("%", "‰") and col != "value":
            raise ValueError(
                f"a {'count' if col == 'count' else col}, not a percentage: a share goes in "
                "column value with measure share_pct (6.10 for 6.10%)"
            )
        if number.unit == "‰":
            raise ValueError("a percentage written with % (0.5 for 5‰)")
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


def _cell_problem(
    row: int,
    column: str,
    value: Any,
    expected: str,
    closest_value: str | None,
    check: str | None = None,
) -> dict[str, Any]:
    if check == "cannot read":
        message = f"cannot interpret {value!r}; expected {expected}"
    elif check == "missing value":
        message = f"left blank; expected {expected}"
    else:
        check = f"unknown {column}"
        message = f"{value!r} is not in the vocabulary; expected {expected}"
        if closest_value is not None and closest_value == closest_value:
            message += f"; did you mean {closest_value!r}?"
    return {
        "check": check,
        "column": column,
        "row": int(row),
        "value": value,
        "message": message,
        "expected": expected,
        "closest": closest_value if closest_value == closest_value else None,
        "severity": "error",
    }


def _blank_required(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Cells a figure cannot do without: agency, year, section and item; a measure for a value."""
    out = []
    for col in REQUIRED:
        for row in np.flatnonzero(frame[col].isna().to_numpy(dtype=bool)).tolist():
            out.append(
                _cell_problem(
                    row, col, None, "a value (the column is required)", None, "missing value"
                )
            )
    if "value" in frame:
        measure = frame["measure"] if "measure" in frame else pd.Series(None, index=frame.index)
        lacking = frame["value"].notna() & measure.isna()
        for row in np.flatnonzero(lacking.to_numpy(dtype=bool)).tolist():
            expected = (
                f"the measure of a figure in column value: {', '.join(sorted(VALUE_MEASURES))}"
            )
            out.append(_cell_problem(row, "measure", None, expected, None, "missing value"))
    return out


def _report(cells: list[dict[str, Any]], locate: _Locate, path: Path, sheet: str | None) -> None:
    """Raise every error among ``cells`` at once; warn about the rest."""
    for p in cells:
        p["sheet"] = sheet
        if "cell" not in p:
            p["cell"] = locate.cell(p["row"], p["column"])
    errors = [p for p in cells if p["severity"] == "error"]
    if errors:
        errors.sort(key=lambda p: (p["row"], locate.order.get(p["column"], len(locate.order))))
        table = pd.DataFrame(errors, columns=_FAILURE_COLUMNS)
        raise RecordsFileError(path, table)
    notes = [p for p in cells if p["severity"] != "error"]
    if notes:
        shown = "; ".join(_where(p) + f": {p['message']}" for p in notes[:10])
        more = f" and {len(notes) - 10} more" if len(notes) > 10 else ""
        warnings.warn(f"{path.name}: {shown}{more}", DisclosureWarning, stacklevel=3)


def _where(problem: dict[str, Any]) -> str:
    """``J5 (column 'count')``, or the cell alone outside the records columns."""
    column = f" (column {problem['column']!r})" if problem["column"] else ""
    return f"{problem['cell']}{column}"


_FAILURE_COLUMNS = [
    "check",
    "column",
    "row",
    "value",
    "message",
    "sheet",
    "cell",
    "expected",
    "closest",
]


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
    if "count" in frame:
        if "measure" not in frame:
            frame["measure"] = None
        has_count = frame["count"].notna()
        frame["measure"] = frame["measure"].where(frame["measure"].notna() | ~has_count, "count")


def write_records(records: pd.DataFrame, path: str | Path) -> Path:
    """Write records to a records file that :func:`read_records` reads back identically.

    The format is taken from the suffix:

    - ``.xlsx``: a ``records`` sheet with a frozen, filtered header row and column widths that fit
      Chinese labels, and a ``说明`` sheet explaining each column. Text is always written as text
      (a label beginning with ``=`` never becomes a formula); NA is a blank cell.
    - ``.csv``: UTF-8 with a byte-order mark (Excel then shows Chinese correctly), a header row of
      the column names, NA as an empty field, numbers as plain decimals. Text is written as it is:
      Excel opening the file takes a label beginning with ``=`` for a formula, so hand people
      ``.xlsx``.
    - ``.parquet``: the records with their dtypes.

    Text is written trimmed of leading and trailing whitespace, as it is read; in a workbook a
    control character is written as Excel writes it (``_x001B_``) and a float with all its digits.
    The file is written to a temporary file beside ``path`` and renamed into place.

    Returns the path written.

    Raises
    ------
    SchemaError
        A required text (agency, section, item) of whitespace only, or a figure of more than 15
        digits: the file would not read back. The rows are named.
    OutputFileError
        ``path`` cannot be written (its folder is missing or read-only, it is a folder).

    Examples
    --------
    >>> import tempfile, luzhou_disclosure as ld
    >>> records = ld.load_example()
    >>> for suffix in (".xlsx", ".csv", ".parquet"):
    ...     path = ld.write_records(records, tempfile.mkdtemp() + "/records" + suffix)
    ...     assert ld.read_records(path).equals(records)
    """
    records = _as_written(as_records(records)[list(COLUMNS)])
    path = Path(path)
    kind = _kind(path)
    if kind == "excel" and path.suffix.lower() != ".xlsx":
        raise InputFileError(
            path, "records workbooks are written as .xlsx (or write .csv, .parquet)"
        )
    with atomic_write(path) as tmp:
        if kind == "csv":
            _write_csv(records, tmp)
        elif kind == "parquet":
            records.to_parquet(tmp, index=False)
        else:
            _write_xlsx(records, tmp)
    return path


def _trimmed(frame: pd.DataFrame) -> pd.DataFrame:
    """Text as the readers read a cell: leading and trailing whitespace trimmed (``str.strip``),
    nothing else; text of whitespace only is NA."""
    out = frame.copy()
    for col in out.columns:
        if SCHEMA.get(col) != STRING and out[col].dtype != object:
            continue
        codes, uniques = pd.factorize(out[col].astype(object))
        text = [u.strip() if isinstance(u, str) else u for u in uniques]
        if any(t != u or t == "" for t, u in zip(text, uniques, strict=True)):
            kept = np.array([None if t == "" else t for t in text] + [None], dtype=object)
            out[col] = pd.Series(kept[codes], index=out.index, dtype=out[col].dtype)
    return out


def _as_written(records: pd.DataFrame) -> pd.DataFrame:
    """The records as a file holds them: text trimmed (:func:`_trimmed`). A required text that is
    only whitespace, or a figure of more than 15 digits, would not read back: a
    :class:`SchemaError` names every such row."""
    out = as_records(_trimmed(records))
    problems = []
    for col in REQUIRED:
        became_blank = out[col].isna() & records[col].notna()
        for row in records.index[became_blank.to_numpy(dtype=bool)]:
            problems.append(
                {"check": "missing value", "column": col, "row": row, "value": records.at[row, col],
                 "message": f"{records.at[row, col]!r} is only whitespace; {col} is required"}
            )  # fmt: skip
    for col in FIGURES:
        values = out[col].to_numpy(dtype="float64", na_value=np.nan)
        for i in np.flatnonzero(~(np.abs(values) < MAX_FIGURE) & ~np.isnan(values)):
            row = records.index[i]
            problems.append(
                {"check": "too large", "column": col, "row": row, "value": records.at[row, col],
                 "message": f"{records.at[row, col]!r} is not {TOO_LARGE}"}
            )  # fmt: skip
    if problems:
        raise SchemaError(failure_cases(problems))
    return out


def _plain(value: Any, dtype: str) -> Any:
    """A cell value as Python: None for NA, int, float or bool by the column's dtype."""
    if value is pd.NA or value is None or (isinstance(value, float) and value != value):
        return None
    if dtype == "Int64":
        return int(value)
    if dtype == "Float64":
        return float(value)
    if dtype == "boolean":
        return bool(value)
    return value


def _write_csv(records: pd.DataFrame, path: Path) -> None:
    def text(value: Any, dtype: str) -> str:
        value = _plain(value, dtype)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float):
            return np.format_float_positional(value, unique=True, trim="-")
        return str(value)

    dtypes = [SCHEMA[c] for c in COLUMNS]
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for rec in records.itertuples(index=False):
            writer.writerow([text(v, t) for v, t in zip(rec, dtypes, strict=True)])


def _write_xlsx(records: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has one sheet, active
    ws.title = SHEET
    bold = Font(bold=True)
    for c, col in enumerate(COLUMNS, start=1):
        write_cell(ws, 1, c, col).font = bold
    formats = {"count": INTEGER_FORMAT, "value": "0.00##"}
    for r, rec in enumerate(records.itertuples(index=False), start=2):
        for c, (col, value) in enumerate(zip(COLUMNS, rec, strict=True), start=1):
            write_cell(ws, r, c, _plain(value, SCHEMA[col]), formats.get(col))
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
    wb.save(path)


# --- the names of 0.1, deprecated -----------------------------------------------------------------


def read_excel(path: str | Path, *, sheet: str | None = None) -> pd.DataFrame:
    """Deprecated alias of :func:`read_records` (it warns with a ``FutureWarning``).

    >>> import warnings, luzhou_disclosure as ld
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     records = ld.read_excel(ld.example_path())
    >>> caught[0].category.__name__, len(records) == len(ld.load_example())
    ('FutureWarning', True)
    """
    warnings.warn(
        "read_excel is deprecated and will be removed; use read_records (it also reads .csv and "
        ".parquet)",
        FutureWarning,
        stacklevel=2,
    )
    return read_records(path, sheet=sheet)


def write_excel(records: pd.DataFrame, path: str | Path) -> Path:
    """Deprecated alias of :func:`write_records` (it warns with a ``FutureWarning``)."""
    warnings.warn(
        "write_excel is deprecated and will be removed; use write_records (it also writes .csv "
        "and .parquet)",
        FutureWarning,
        stacklevel=2,
    )
    return write_records(records, path)
