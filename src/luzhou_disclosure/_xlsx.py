"""Small helpers shared by every workbook the library reads or writes.

Reading goes through python-calamine (fast, reads .xlsx, .xls and .ods); writing through openpyxl.
Text is always written as text: a label that begins with ``=``, ``+``, ``-`` or ``@`` never
becomes a formula.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from python_calamine import CalamineWorkbook, PasswordError

from ._limits import check_workbook
from ._shapes import Shaped, learn, replayed, take_apart
from .errors import InputFileError

#: number formats of the workbooks written: a percentage is stored as a number of percent
#: (6.0976… is 6.10 %), so its format appends the sign rather than multiplying by 100
PERCENT_FORMAT = '0.00"%"'
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
RATIO_FORMAT = "0.00"
YEAR_FORMAT = "0"


def column_letter(index: int) -> str:
    """0-based column index → A1 letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based row and column → an A1 reference (0, 0 → A1)."""
    return f"{column_letter(col)}{row + 1}"


class Checked(NamedTuple):
    """A workbook checked against the limits (:func:`checked_workbook`)."""

    #: the archive to give python-calamine (its small worksheets stored uncompressed), or None:
    #: the file itself
    archive: io.BytesIO | None
    #: the cells calamine reads as blank though they are not, by sheet name
    hidden: dict[str, list]
    #: the workbook's shape (:mod:`luzhou_disclosure._shapes`) and a function giving its
    #: worksheet parts' sheet names, when asked for and its kind was seen before; else None
    shaped: tuple[Shaped, Callable[[], dict[bytes, str]]] | None = None


def checked_workbook(path: str, *, shapes: bool = False) -> Checked:
    """The check of a workbook against the limits of :mod:`luzhou_disclosure._limits`, which
    :func:`open_workbook` makes first: a :class:`WorkbookTooLargeError` names the file and the
    sheet beyond them, an :class:`InputFileError` a damaged archive.

    With ``shapes``, :func:`open_workbook` reads a workbook of a shape read before from that
    reading (:mod:`luzhou_disclosure._shapes`): for many forms written by one program."""
    hidden: dict[str, list] = {}
    inflated: list = []
    archive = check_workbook(path, hidden, inflated if shapes else None)
    if not inflated:
        return Checked(archive, hidden)
    parts, sheets, names = inflated
    taken = take_apart(parts, sheets)
    return Checked(archive, hidden, None if taken is None else (taken, names))


def open_workbook(path: str | Path, checked: Checked | None = None):
    """Open a workbook with python-calamine; any failure becomes an :class:`InputFileError`.

    The workbook is first checked against the limits of :mod:`luzhou_disclosure._limits` (a
    :class:`WorkbookTooLargeError` names the file and the sheet beyond them), unless ``checked``
    is that check, made before (:func:`checked_workbook`). Cells of an .xlsx
    that calamine reads as blank though they are not (an error value such as ``#N/A``, a formula
    never calculated) are remembered: :func:`sheet_rows` gives them as text saying what they
    hold, so that a reader names them instead of reading a blank. A check made with ``shapes``
    (:func:`checked_workbook`) may give a workbook read from the shape of one read before, which
    gives what calamine gives.
    """
    path = path if path.__class__ is str else os.fspath(path)
    archive, hidden, shaped = checked_workbook(path) if checked is None else checked
    if shaped is not None:
        book = replayed(shaped[0])
        if book is not None:
            return _Hidden(book, hidden) if hidden else book
    try:
        book = (
            CalamineWorkbook.from_filelike(archive)
            if archive is not None
            else CalamineWorkbook.from_path(path)
        )
    except PasswordError:
        raise InputFileError(
            path, "the workbook is encrypted (password protected); save an unprotected copy"
        ) from None
    except BaseException as exc:  # calamine raises several error types for broken files
        failure = _calamine_failure(exc)
    else:
        if shaped is not None:
            learn(shaped[0], book, shaped[1])
        return _Hidden(book, hidden) if hidden else book
    # why it cannot be opened (these checks cost time: only made when opening failed); an
    # encrypted .xlsx is an OLE container, which calamine reports as a broken zip
    p = Path(path)
    if not p.exists():
        raise InputFileError(p, "no such file")
    if p.is_dir():
        raise InputFileError(p, "is a folder, not a workbook")
    if p.suffix.lower() == ".xlsx" and _is_encrypted_ole(p):
        raise InputFileError(
            p, "the workbook is encrypted (password protected); save an unprotected copy"
        )
    if isinstance(
        failure, zipfile.BadZipFile
    ):  # pragma: no cover - calamine reports its own error type
        raise InputFileError(p, f"not a readable spreadsheet ({failure})") from None
    raise InputFileError(
        p, f"not a readable spreadsheet (.xlsx, .xls or .ods): {failure}"
    ) from None


def _calamine_failure(exc: BaseException) -> BaseException:
    """``exc`` if it is calamine's failure to read a file (an error, or a panic of its Rust code,
    which is not an ``Exception``); anything else (Ctrl-C) is raised again."""
    if isinstance(exc, Exception) or type(exc).__name__ == "PanicException":
        return exc
    raise exc


def _is_encrypted_ole(path: Path) -> bool:
    """An .xlsx that is an OLE container: Office's encrypted package (missing files: False)."""
    try:
        with open(path, "rb", buffering=0) as fh:
            return fh.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    except OSError:
        return False


def sheet_rows(
    book: Any, name: str, path: str | Path, max_rows: int | None = None
) -> tuple[list[list[Any]], int, int]:
    """Cell values of a sheet as rows, and the 0-based (row, column) of the first one.

    Empty cells are ``""``. ``max_rows`` bounds how much is read (a sheet with a million formatted
    blank rows is read only up to its last value).
    """
    try:
        sheet = book.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=True, nrows=max_rows)
        start = sheet.start or (0, 0)
    except BaseException as exc:
        raise InputFileError(
            path, f"sheet {name!r} cannot be read: {_calamine_failure(exc)}"
        ) from None
    hidden = book.hidden.get(name) if book.__class__ is _Hidden else None
    if hidden:
        return _with_hidden(rows, start if rows else None, hidden, max_rows)
    return rows, start[0], start[1]


class _Hidden:
    """A python-calamine workbook and the cells it reads as blank though they are not
    (:func:`luzhou_disclosure._limits.xlsx_hidden_cells`, by sheet name)."""

    def __init__(self, book: Any, hidden: dict[str, list]) -> None:
        self.book, self.hidden = book, hidden

    def __getattr__(self, name: str) -> Any:
        return getattr(self.book, name)


def _with_hidden(
    rows: list[list[Any]], start: tuple[int, int] | None, hidden: list, max_rows: int | None
) -> tuple[list[list[Any]], int, int]:
    """``rows`` (from sheet row and column ``start``) with the hidden cells' texts in place, the
    grid grown to hold them."""
    if max_rows is not None and start is not None:
        hidden = [h for h in hidden if h[0] < start[0] + max_rows]
    if not hidden:
        return rows, *(start or (0, 0))
    top = min([r for r, _, _ in hidden] + ([start[0]] if start else []))
    left = min([c for _, c, _ in hidden] + ([start[1]] if start else []))
    bottom = max([r for r, _, _ in hidden] + ([start[0] + len(rows) - 1] if start else []))
    width = max(
        [c - left + 1 for _, c, _ in hidden]
        + ([start[1] - left + max(map(len, rows), default=0)] if start else [])
    )
    grid = [[""] * width for _ in range(bottom - top + 1)]
    if start is not None:
        for i, row in enumerate(rows):
            r = start[0] - top + i
            grid[r][start[1] - left : start[1] - left + len(row)] = row
    for r, c, text in hidden:
        grid[r - top][c - left] = text
    return grid, top, left


def merged_cells(book: Any, name: str, path: str | Path) -> list[tuple[tuple[int, int], ...]]:
    """The merged cells of a sheet, ``((top, left), (bottom, right))`` 0-based, from
    python-calamine (.xlsx, .xls) or from the file (.ods, which calamine gives none of)."""
    try:
        ranges = book.get_sheet_by_name(name).merged_cell_ranges
    except BaseException as exc:
        raise InputFileError(
            path, f"sheet {name!r} cannot be read: {_calamine_failure(exc)}"
        ) from None
    if ranges is None and str(path).lower().endswith(".ods"):
        from ._limits import ods_merged_cells

        ranges = ods_merged_cells(os.fspath(path)).get(name)
    return list(ranges or [])


def fill_merged(
    rows: list[list[Any]], top: int, left: int, merged: list, *, below: int = 0
) -> None:
    """Give every blank cell of a merge the value of its first cell, in ``rows`` (which start at
    sheet row ``top``, column ``left``), for the merges that start at row ``below`` of ``rows`` or
    later (a merged title or header above is left as it is)."""
    for (r0, c0), (r1, c1) in merged:
        i, j = r0 - top, c0 - left
        if not (below <= i < len(rows) and 0 <= j < len(rows[i])) or rows[i][j] in ("", None):
            continue
        value = rows[i][j]
        for row in rows[i : r1 - top + 1]:
            for k in range(max(j, 0), min(c1 - left + 1, len(row))):
                if row[k] in ("", None):
                    row[k] = value


def display_width(text: object) -> int:
    """Width of text in monospace cells: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def write_cell(ws: Any, row: int, col: int, value: Any, number_format: str | None = None) -> Any:
    """Write ``value`` at 1-based ``row``, ``col``; strings are always stored as text, NA as blank.

    Text is escaped as Excel escapes it (``_x001B_`` for a control character, which XML cannot
    hold; ``_x005F_`` before text that reads like an escape) and a float is written with every
    digit it needs (openpyxl writes 16): the workbook reads back as written. A string that is not
    valid Unicode (a lone surrogate) is a ``ValueError`` naming the cell.
    """
    cell = ws.cell(row=row, column=col)
    if value is None or value is _NA or (isinstance(value, float) and value != value):
        cell.value = None
    elif isinstance(value, str):
        cell.value = escape_text(value, cell.coordinate)
        cell.data_type = "s"  # never a formula, whatever the first character
    elif isinstance(value, float) and float(f"{value:.16g}") != value:
        cell._value = _Exact(value)  # openpyxl writes "%.16g"; this writes repr()
        cell.data_type = "n"
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


#: what XML cannot hold, and carriage returns (XML reads them as line feeds)
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x0d\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_text(text: str, where: str = "") -> str:
    """``text`` as Excel writes it into a workbook (python-calamine and Excel read it back as it
    was): ``_xHHHH_`` for a character XML cannot hold, ``_x005F_`` for the ``_`` of text that
    reads like such an escape.

    >>> escape_text("a\x1bb_x0041_")
    'a_x001B_b_x005F_x0041_'
    """
    if _SURROGATE.search(text):
        raise ValueError(
            f"cell {where}: {text!r} is not valid Unicode (a lone surrogate); it cannot be written"
        )
    return _UNWRITABLE.sub(lambda m: f"_x{ord(m[0]):04X}_", text)


class _Exact:
    """A float as openpyxl writes a value it does not know: with ``str``, here every digit."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def __str__(self) -> str:
        return repr(self.value)


def fit_columns(ws: Any, min_width: int = 6, max_width: int = 60) -> None:
    """Set column widths to fit the widest value, counting Chinese characters double."""
    widths: dict[str, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None and hasattr(cell, "column_letter"):
                value = cell.value.value if isinstance(cell.value, _Exact) else cell.value
                w = display_width(value if not isinstance(value, float) else f"{value:.2f}")
                widths[cell.column_letter] = max(widths.get(cell.column_letter, 0), w)
    for letter, w in widths.items():
        ws.column_dimensions[letter].width = max(min_width, min(max_width, w + 2))


try:
    import pandas as _pd

    _NA = _pd.NA
except ImportError:  # pragma: no cover
    _NA = object()
