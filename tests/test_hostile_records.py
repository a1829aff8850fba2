"""Issue 12, records workbooks: a value far below the table is named, not made a record; a merged
agency cell gives every row of the merge its agency (.xlsx, and .xls/.ods made by LibreOffice)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

import luzhou_disclosure as ld
from luzhou_disclosure.workbook import COLUMNS


def _with_cell(tmp_path: Path, coord: str, value) -> Path:
    """The bundled example as a records workbook, with ``value`` put at ``coord``."""
    path = tmp_path / "records.xlsx"
    ld.write_records(ld.load_example(), path)
    book = load_workbook(path)
    book["records"][coord] = value
    book.save(path)
    return path


def test_a_figure_far_below_the_table_is_an_error_naming_its_cell(tmp_path):
    count = "ABCDEFGHIJKLMNOPQ"[list(COLUMNS).index("count")]  # the column of count: J
    path = _with_cell(tmp_path, f"{count}200", 12)
    with pytest.raises(ld.RecordsFileError) as info:
        ld.read_records(path)
    cases = info.value.failure_cases
    assert cases[["check", "cell", "value"]].values.tolist() == [["not a record", "J200", 12]]
    assert cases["message"].iloc[0] == (
        "12 is a figure in a row with no year, section or item (a value below or beside the "
        "table?): fill them in, or delete it"
    )


@pytest.mark.parametrize(("coord", "value"), [("A200", "备注：以上数据截至年底"), ("T200", "note")])
def test_a_note_below_or_beside_the_table_is_left_out_with_a_warning(tmp_path, coord, value):
    path = _with_cell(tmp_path, coord, value)
    with pytest.warns(ld.DisclosureWarning) as caught:
        records = ld.read_records(path)
    pd.testing.assert_frame_equal(records, ld.load_example())  # nothing added
    # A is the agency column; T is outside the records columns
    where = f"{coord} (column 'agency')" if coord == "A200" else coord
    assert any(f"{where}: {value!r} is not part of a record" in str(w.message) for w in caught)


def _merged_workbook(path: Path) -> Path:
    """Four records of 泸州市甲局(筹) whose agency cell is merged down A2:A5."""
    wb = Workbook()
    ws = wb.active
    ws.title = "records"
    ws.append(["agency", "year", "section", "item", "count"])
    for i, item in enumerate(["概况类", "工作动态类", "信息公开指南类", "机构职能类"]):
        ws.append(["泸州市甲局(筹)" if i == 0 else None, 2020, "proactive", item, i + 1])
    ws.merge_cells("A2:A5")
    wb.save(path)
    return path


@pytest.mark.slow
def test_a_merged_agency_cell_is_the_agency_of_every_row_it_covers(tmp_path, soffice):
    src = _merged_workbook(tmp_path / "merged.xlsx")
    for path in (src, soffice(src, "xls"), soffice(src, "ods")):
        records = ld.read_records(path)
        assert records["agency"].tolist() == ["泸州市甲局(筹)"] * 4, path.suffix
        assert records["count"].tolist() == [1, 2, 3, 4], path.suffix


def test_a_merged_title_above_the_header_is_not_spread(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "records"
    ws.append(["泸州市甲局2020年数据"])
    ws.merge_cells("A1:E1")
    ws.append(["agency", "year", "section", "item", "count"])
    ws.append(["甲局", 2020, "proactive", "概况类", 3])
    wb.save(tmp_path / "titled.xlsx")
    assert ld.read_records(tmp_path / "titled.xlsx")["count"].tolist() == [3]
