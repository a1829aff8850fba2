"""Error values in .xls and .ods workbooks (issue 12): python-calamine reads a cell holding
``#DIV/0!`` or ``#N/A`` as empty, a figure silently dropped; the limits check finds each such cell
(``_limits._xls_ranges``, ``_limits._ods_ranges``) and the reader names it in a finding, as it does
for .xlsx. The workbooks are real LibreOffice files: tests/data/forms/make_error_cells.py writes a
form whose cells D6 and E6 of 三、依申请公开 hold =1/0 and =NA(), and LibreOffice computes them."""

from __future__ import annotations

import struct
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

import luzhou_disclosure as ld
from luzhou_disclosure import _limits

FORMS = Path(__file__).parent / "data" / "forms"
APPS = "三、依申请公开"
RECEIVED = "本年新收政府信息公开申请数量"


def _read(path: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ld.DisclosureWarning)
        return ld.read_form(path)


def _findings_at(back: pd.DataFrame, ref: str) -> list[str]:
    return [f["message"] for f in back.attrs["findings"] if (f["sources"] or "").endswith(ref)]


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_calamine_alone_reads_the_error_cells_as_empty(suffix):
    # why they must be looked for: row 6 of the sheet, columns D and E, read as ""
    book = CalamineWorkbook.from_path(FORMS / f"error_cells_2021.{suffix}")
    rows = book.get_sheet_by_name(APPS).to_python()
    assert rows[5][3] == "" and rows[5][4] == ""


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_an_error_cell_is_a_finding_naming_its_sheet_and_cell(suffix):
    name = f"error_cells_2021.{suffix}"
    back = _read(FORMS / name)
    received = back[back["item"] == RECEIVED].set_index("applicant")
    # D6 holds =1/0 and E6 =NA() (make_error_cells.py): no figure, and a finding at each cell
    for applicant, cell, error in (("自然人", "D6", "#DIV/0!"), ("商业企业", "E6", "#N/A")):
        assert pd.isna(received.loc[applicant, "count"])
        assert received.loc[applicant, "source"] == f"{name}!{APPS}!{cell}"
        messages = _findings_at(back, f"{name}!{APPS}!{cell}")
        assert len(messages) == 1 and f"'{error}'" in messages[0], messages


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_the_check_gives_each_error_cell_with_its_text(suffix):
    hidden: dict[str, list] = {}
    _limits.check_workbook(str(FORMS / f"error_cells_2021.{suffix}"), hidden)
    # row 6 is row 5 counting from 0, D and E columns 3 and 4
    assert hidden == {APPS: [(5, 3, "#DIV/0!"), (5, 4, "#N/A")]}


def _ods_with(tmp_path: Path, old: bytes, new: bytes) -> Path:
    source, path = FORMS / "error_cells_2021.ods", tmp_path / "changed.ods"
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(path, "w") as out:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename == "content.xml":
                assert old in data
                data = data.replace(old, new)
            out.writestr(item, data)
    return path


def test_an_ods_error_without_libreoffice_s_mark_is_found_by_its_text(tmp_path):
    # another writer may leave out calcext:value-type="error": a formula whose value is an empty
    # string and whose text is an error (LibreOffice's own Err:502 here) is one too
    path = _ods_with(tmp_path, b'calcext:value-type="error"', b"")
    hidden: dict[str, list] = {}
    _limits.check_workbook(str(path), hidden)
    assert hidden == {APPS: [(5, 3, "#DIV/0!"), (5, 4, "#N/A")]}
    with zipfile.ZipFile(path) as z:
        content = z.read("content.xml").replace(
            b"<text:p>#N/A</text:p>", b"<text:p>Err:502</text:p>"
        )
    errs = tmp_path / "err502.ods"
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(errs, "w") as out:
        for item in z.infolist():
            out.writestr(item, content if item.filename == "content.xml" else z.read(item.filename))
    back = _read(errs)
    messages = _findings_at(back, f"err502.ods!{APPS}!E6")
    assert len(messages) == 1 and "'Err:502'" in messages[0]


def test_an_ods_text_cell_reading_like_an_error_is_text():
    # a typed "#N/A" (no formula, a string value) is text calamine reads: nothing hidden
    content = (
        b'<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x">'
        b'<office:body><office:spreadsheet><table:table table:name="s"><table:table-row>'
        b'<table:table-cell office:value-type="string"><text:p>#N/A</text:p></table:table-cell>'
        b"</table:table-row></table:table></office:spreadsheet></office:body>"
        b"</office:document-content>"
    )
    hidden: dict[str, list] = {}
    part = _limits._Part(0, len(content), len(content), 0, 0, 0, 0, 0)
    header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    _limits._ods_ranges("x.ods", header + content, part, hidden=hidden)
    assert hidden == {}


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        # BOOLERR (0x0205): row, column, format, value, flag 1 = error; 0x2A is #N/A
        (struct.pack("<HHHHHBB", 0x0205, 8, 4, 2, 15, 0x2A, 1), [(4, 2, "#N/A")]),
        (struct.pack("<HHHHHBB", 0x0205, 8, 4, 2, 15, 1, 0), []),  # the boolean TRUE
        # FORMULA (0x0006): its result 02 00 07 .. ff ff is the error #DIV/0!
        (struct.pack("<HHHHH8sHI", 0x0006, 20, 1, 0, 15, b"\x02\x00\x07\x00\x00\x00\xff\xff",
                     0, 0), [(1, 0, "#DIV/0!")]),
        (struct.pack("<HHHHHdHI", 0x0006, 20, 1, 0, 15, 2.5, 0, 0), []),  # a number
    ],
)  # fmt: skip
def test_xls_error_records(record, expected):
    # error codes from the BIFF8 specification ([MS-XLS] 2.5.10 BErr)
    stream = (
        b"\x85\x00\x0e\x00"
        + struct.pack("<I", 18)
        + b"\x00\x00\x06\x00sheet1"
        + (b"\x09\x08\x00\x00" + record)
    )
    hidden: dict[str, list] = {}
    sheets = _limits._xls_records(stream, hidden)
    assert [name for name, _ in sheets] == ["sheet1"]
    assert hidden.get("sheet1", []) == expected


def test_a_comment_on_an_ods_error_cell_is_not_its_text(tmp_path):
    # a note (office:annotation) comes before the cell's text: the error is still found
    path = _ods_with(
        tmp_path,
        b"<text:p>#N/A</text:p>",
        b"<office:annotation><text:p>checked</text:p></office:annotation><text:p>#N/A</text:p>",
    )
    hidden: dict[str, list] = {}
    _limits.check_workbook(str(path), hidden)
    assert hidden == {APPS: [(5, 3, "#DIV/0!"), (5, 4, "#N/A")]}
