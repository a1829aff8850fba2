"""Issue 12, workbooks beyond the limits: absurd used ranges, zip bombs, parts that lie about their
size. Every hostile file is generated here; what may abort the process runs in a subprocess under
``resource.setrlimit`` (hostile_files.run_limited)."""

from __future__ import annotations

import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import luzhou_disclosure as ld
from hostile_files import RECORDS_HEAD, bomb_rows, run_limited, set_declared_size, xlsx
from luzhou_disclosure import _limits

#: one value, an empty string, at the last cell of a sheet: calamine asks for 2^34 cells
FAR_EMPTY_STRING = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row>'


def read_in_subprocess(path: Path, reader: str = "read_records", memory: int = 3 << 30) -> dict:
    return run_limited(f"print(json.dumps(outcome(ld.{reader}, {str(path)!r})))", memory=memory)


def test_calamine_alone_aborts_on_a_value_at_xfd1048576(tmp_path):
    # why the guard exists: without it, this 1 KB workbook ends the process (not an exception)
    path = xlsx(tmp_path / "far.xlsx", RECORDS_HEAD + FAR_EMPTY_STRING)
    code = (
        "import resource; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n"
        "from python_calamine import CalamineWorkbook\n"
        f"CalamineWorkbook.from_path({str(path)!r}).get_sheet_by_name('records')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "memory allocation" in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("reader", ["read_records", "read_form"])
def test_a_value_at_xfd1048576_is_refused_naming_file_and_sheet(tmp_path, reader):
    path = xlsx(tmp_path / "far.xlsx", RECORDS_HEAD + FAR_EMPTY_STRING)
    out = read_in_subprocess(path, reader)
    assert out["error"] == "WorkbookTooLargeError" and out["sheet"] == "records"
    assert str(path) in out["message"] and "'records'" in out["message"]
    # the range and its size, by hand: 1,048,576 rows × 16,384 columns
    assert "A1:XFD1048576 spans 17,179,869,184 cells" in out["message"]
    assert f"at most {_limits.MAX_CELLS:,}" in out["message"]


def test_a_formatted_blank_cell_far_away_is_no_reason_to_refuse(tmp_path):
    # a cell with a style and no value (as a spreadsheet writes one after formatting): calamine
    # skips it, and so does the guard
    path = xlsx(
        tmp_path / "styled.xlsx", RECORDS_HEAD + b'<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    )
    records = ld.read_records(path)
    assert records["count"].tolist() == [3]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # cells without references are placed one after another (A1, B1, A2)
        (b"<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>", "A1:B2"),
        # another attribute first, a namespace prefix, rows out of order
        (
            b'<row r="3"><c s="0" r="AB3"><v>1</v></c></row>'
            b'<row r="1"><c r="B1"><v>1</v></c></row>',
            "B1:AB3",
        ),
        (b'<x:row r="7"><x:c r="C7"><x:v>1</x:v></x:c></x:row>', "C7:C7"),
    ],
)
def test_the_used_range_of_unusually_written_sheets(tmp_path, cells, expected):
    if b"x:" in cells:
        cells = cells.replace(b"<x:row", b'<x:row xmlns:x="urn:x"', 1)
    path = xlsx(tmp_path / "odd.xlsx", cells)
    data = path.read_bytes()
    parts = _limits._zip_parts(str(path), data)
    used = _limits._xlsx_range(str(path), data, parts[b"xl/worksheets/sheet1.xml"])
    assert used.ref() == expected


@pytest.mark.slow
def test_an_unusually_written_far_cell_is_refused_too(tmp_path):
    # no reference: the 16,385th cell of a row is at column XFE; with a namespace prefix
    wide = b"<row>" + b"<c><v>1</v></c>" * 400 + b'</row><row r="20000"><c><v>1</v></c></row>'
    out = read_in_subprocess(xlsx(tmp_path / "wide.xlsx", wide))
    assert out["error"] == "WorkbookTooLargeError"
    assert "A1:OJ20000 spans 8,000,000 cells" in out["message"]  # 400 columns × 20,000 rows


@pytest.mark.slow
def test_a_million_row_zip_bomb_is_refused_without_reading_it(tmp_path):
    # 1,048,575 rows × 5 numbers (18 MB compressed, 250 MB of XML): refused under a 3 GB address
    # space; read, it took 2 minutes and 7.5 GB before MemoryError (issue 12)
    path = xlsx(
        tmp_path / "bomb.xlsx",
        (
            RECORDS_HEAD,
            *(bomb_rows(a, min(a + 9_999, 1_048_576), 5) for a in range(3, 1_048_577, 10_000)),
        ),
    )
    out = read_in_subprocess(path)
    assert out["error"] == "WorkbookTooLargeError" and out["sheet"] == "records"
    assert out["peak_mb"] < 1_000  # the sheet is streamed, a megabyte at a time


@pytest.mark.slow
def test_a_sheet_just_under_the_limit_is_read_in_bounded_memory(tmp_path):
    # one value at A1 (the header) and one at E1000000: 5 × 1,000,000 = 5,000,000 cells, the limit
    path = xlsx(
        tmp_path / "corner.xlsx",
        RECORDS_HEAD + b'<row r="1000000"><c r="E1000000"><v>1</v></c></row>',
    )
    out = run_limited(
        f"""
        from luzhou_disclosure._xlsx import open_workbook, sheet_rows
        book = open_workbook({str(path)!r})
        print(json.dumps(outcome(sheet_rows, book, "records", "x")))
        """,
        memory=3 << 30,
    )
    assert out["ok"] and out["rows"] == 3  # rows, top, left
    assert out["peak_mb"] < 1_500


def test_a_part_declaring_more_than_the_limit_is_refused_before_reading(tmp_path):
    path = xlsx(tmp_path / "big.xlsx", RECORDS_HEAD)
    set_declared_size(path, "xl/worksheets/sheet1.xml", _limits.MAX_PART_BYTES + 1)
    with pytest.raises(
        ld.WorkbookTooLargeError, match=r"part xl/worksheets/sheet1.xml declares 268,435,457 bytes"
    ):
        ld.read_records(path)


def test_a_part_holding_more_than_it_declares_is_refused(tmp_path):
    path = xlsx(tmp_path / "lying.xlsx", RECORDS_HEAD)
    set_declared_size(path, "xl/worksheets/sheet1.xml", 100)
    with pytest.raises(ld.InputFileError, match="holds more than the 100 bytes it declares"):
        ld.read_records(path)


def test_a_file_beyond_the_file_limit_is_refused_by_its_size(tmp_path, monkeypatch):
    path = xlsx(tmp_path / "records.xlsx", RECORDS_HEAD)
    monkeypatch.setattr(_limits, "MAX_FILE_BYTES", path.stat().st_size - 1)
    with pytest.raises(
        ld.WorkbookTooLargeError, match=f"the file has {path.stat().st_size:,} bytes"
    ):
        ld.read_records(path)


# --- .xls and .ods made by LibreOffice ------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "far"), [("xls", "IV65536"), ("ods", "AMJ1048576")])
def test_libreoffice_files_with_a_far_value_are_refused(tmp_path, soffice, fmt, far):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "records"
    wb.active["A1"], wb.active[far] = "agency", "far"
    wb.save(tmp_path / "far.xlsx")
    path = soffice(tmp_path / "far.xlsx", fmt)
    out = read_in_subprocess(path)
    # the last cell each format has: .xls 65,536 rows × 256 columns, .ods (LibreOffice) × 1,024
    cells = 65_536 * 256 if fmt == "xls" else 1_048_576 * 1_024
    assert out["error"] == "WorkbookTooLargeError" and out["sheet"] == "records"
    assert f"A1:{far} spans {cells:,} cells" in out["message"]


@pytest.mark.slow
def test_the_guard_finds_the_range_calamine_reads_in_libreoffice_files(tmp_path, soffice):
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    wb = Workbook()
    ws = wb.active
    ws.title = "records"
    ws["C3"], ws["H40"], ws["B17"] = 1, "x", 2.5
    ws2 = wb.create_sheet("second")
    ws2["D2"] = "y"
    wb.save(tmp_path / "cells.xlsx")
    for fmt in ("xls", "ods"):
        path = soffice(tmp_path / "cells.xlsx", fmt)
        data = path.read_bytes()
        if fmt == "xls":
            found = dict(_limits._xls_ranges(data))
        else:
            parts = _limits._zip_parts(str(path), data)
            found = dict(_limits._ods_ranges(str(path), data, parts[b"content.xml"]))
        book = CalamineWorkbook.from_path(str(path))
        for name in ("records", "second"):
            sheet = book.get_sheet_by_name(name)
            (top, left), (bottom, right) = sheet.start, sheet.end
            used = found[name]
            assert (used.top, used.left, used.bottom, used.right) == (top, left, bottom, right)
        assert found["records"].ref() == "B3:H40" and found["second"].ref() == "D2:D2"


# --- random bytes -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reader_process():
    """One worker process reading files: if a file aborted it, the pool breaks and the test fails
    saying so, instead of the test run ending."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1) as pool:
        yield pool


def _outcome(path: str) -> str:
    warnings.simplefilter("ignore")
    for read in (ld.read_records, ld.read_form):
        try:
            read(path)
        except ld.DisclosureError:
            pass
        except Exception as exc:  # noqa: BLE001 - what the test reports
            return f"{read.__name__}: {type(exc).__name__}: {exc}"
    return "ok"


def _valid_workbook(tmp: Path) -> bytes:
    path = xlsx(tmp / "base.xlsx", RECORDS_HEAD)
    return path.read_bytes()


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_bytes_and_damaged_workbooks_give_a_disclosure_error_or_records(
    tmp_path, reader_process, data
):
    base = _valid_workbook(tmp_path)
    kind = data.draw(st.sampled_from(["random", "flipped", "cut", "sheet"]))
    if kind == "random":
        content = data.draw(st.binary(max_size=4096))
    elif kind == "flipped":  # bytes of a valid workbook changed at random
        content = bytearray(base)
        for at in data.draw(st.lists(st.integers(0, len(base) - 1), min_size=1, max_size=20)):
            content[at] = data.draw(st.integers(0, 255))
        content = bytes(content)
    elif kind == "cut":
        content = base[: data.draw(st.integers(0, len(base)))]
    else:  # a sheet of random cells, at random places, with random contents
        cells = data.draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["A", "E", "Z", "AA", "XFD", "ZZZ", ""]),
                    st.sampled_from(["1", "3", "99999", "100000", "1048576", "0", ""]),
                    st.sampled_from(
                        [b"<v>1</v>", b"<v></v>", b"<is><t></t></is>", b"", b"<v>1e400</v>"]
                    ),
                ),
                max_size=6,
            )
        )
        xml = b"".join(
            b'<row><c r="%s%s" t="%s">%s</c></row>'
            % (c.encode(), r.encode(), b"inlineStr" if b"<is>" in v else b"n", v)
            for c, r, v in cells
        )
        content = xlsx(tmp_path / "cells.xlsx", RECORDS_HEAD + xml).read_bytes()
    path = tmp_path / "input.xlsx"
    path.write_bytes(content)
    assert reader_process.submit(_outcome, str(path)).result(timeout=120) == "ok"


def test_a_zip_that_is_not_a_workbook_is_an_input_file_error(tmp_path):
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "hello")
    with pytest.raises(ld.InputFileError, match=str(path)):
        ld.read_records(path)


def test_a_central_directory_pointing_past_the_file_is_an_input_file_error(tmp_path):
    """A damaged archive whose directory names a local header beyond the end of the file (what
    hypothesis found flipping bytes of a valid workbook: struct.error 'unpack_from requires a
    buffer of at least 66038 bytes') is an InputFileError naming the file."""
    content = bytearray(_valid_workbook(tmp_path))
    entry = content.index(b"PK\x01\x02")  # the first central directory entry
    content[entry + 42 : entry + 46] = (0x10000).to_bytes(4, "little")  # its local header offset
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(content))
    with pytest.raises(ld.InputFileError, match=f"{path}: the workbook is damaged"):
        ld.read_records(path)


_ROOT = b'<worksheet xmlns="urn:main"><dimension ref="A1:B2"/>'


@pytest.mark.parametrize(
    ("xml", "usual"),
    [
        # plain cells, a merge (its ":") after the sheet data: the cheap search settles it
        (b'<sheetData><row r="1"><c r="B2"><v>1</v></c></row></sheetData>'
         b'<mergeCells><mergeCell ref="A1:B1"/></mergeCells>', True),
        (b'<sheetData><row r="1"><c r="AA2"><v>1</v></c></row></sheetData>', False),
        (b'<sheetData><row r="1"><c r="B100000"><v>1</v></c></row></sheetData>', False),
        (b'<sheetData><row r="1"><c s="1" r="B2"><v>1</v></c></row></sheetData>', False),
        # prefixed cells in a prefixed sheetData, an unprefixed empty one after it as a decoy
        (b'<x:sheetData xmlns:x="urn:main"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:sheetData>'
         b"<sheetData></sheetData>", False),
        # a second sheet data after the last end tag, never closed
        (b'<sheetData></sheetData><sheetData><c r="XFD1048576"><v>1</v></c>', False),
        # a prefixed cell among plain ones (Excel's x14ac: attributes send it the slow way too)
        (b'<sheetData><row r="1" x14ac:dyDescent="0.25"><c r="B2"><v>1</v></c></row>'
         b"</sheetData>", True),
        (b'<sheetData><row r="1"><x:c r="XFD1048576"><v>1</v></x:c></row></sheetData>', False),
    ],
)  # fmt: skip
def test_the_quick_search_for_unusual_cells_misses_none(xml, usual):
    # expected by reading each sheet: a far, prefixed or unreferenced cell is unusual
    assert _limits._usual_cells(_ROOT + xml + b"</worksheet>") is usual


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([b"f", b"<f", b"<", b"#", b"&#27896;", b't="e"', b"<v>", b"x", b"ff"]),
        max_size=120,
    )
)
@example([b"f"] * 70 + [b"<f"])  # a formula past the 64 ``f`` searched one at a time
@example([b"ff"] * 40 + [b"<", b"f"])
@example([b"f"] * 70)
@example([b"f", b"<"])
def test_the_byte_search_for_hidden_cells_is_the_search_for_their_tags(pieces):
    """_maybe_hidden looks for single bytes (each ``f`` and the byte before it, for the first 64
    of them, then ``<f`` in the rest); what it answers must be what searching for the tags
    answers: a formula ``<f``, or an error cell (``t="e"``, its value starting with ``#``)."""
    text = b"".join(pieces)
    expected = (b"#" in text and b't="e"' in text) or b"<f" in text
    assert _limits._maybe_hidden(text) is expected


def test_worksheet_parts_remembered_by_relationships_follow_each_archives_parts(tmp_path):
    """_xlsx_sheets remembers what it found for the relationships' bytes and the part names:
    three archives with the very same relationships part but other parts each get their own
    worksheets (a second sheet only the second has; the named sheet missing from the third)."""
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
    )
    found = []
    for k, members in enumerate(
        [["xl/worksheets/sheet1.xml"], ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"], []]
    ):
        path = tmp_path / f"book{k}.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
            z.writestr("xl/_rels/workbook.xml.rels", rels)
            for m in members:
                z.writestr(m, "<worksheet><sheetData/></worksheet>")
        data = path.read_bytes()
        found.append(_limits._xlsx_sheets(str(path), data, _limits._zip_parts(str(path), data)))
    assert found == [
        [b"xl/worksheets/sheet1.xml"],
        [b"xl/worksheets/sheet1.xml", b"xl/worksheets/sheet2.xml"],
        [],
    ]


@pytest.mark.parametrize("comment", [b"", b"an archive comment"])
def test_the_archive_handed_to_calamine_reads_as_the_file(tmp_path, comment):
    # the check hands calamine the archive again, the worksheets it inflated stored after the
    # other parts: calamine reads from it what it reads from the file, cell by cell
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    wb = Workbook()
    wb.active.title = "一"
    wb.active["A1"], wb.active["B2"] = "泸州市统计局", 12.5
    wb.create_sheet("二")["C3"] = 7
    wb.active.merge_cells("A1:B1")
    wb.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx", "a") as z:
        z.comment = comment
    path = tmp_path / "plain.xlsx"
    archive = _limits.check_workbook(str(path))
    assert archive is not None
    with zipfile.ZipFile(archive) as z:
        methods = {i.filename: i.compress_type for i in z.infolist()}
    assert methods["xl/worksheets/sheet1.xml"] == methods["xl/worksheets/sheet2.xml"] == 0
    assert methods["xl/styles.xml"] == zipfile.ZIP_DEFLATED  # as it was
    archive.seek(0)
    ours, theirs = CalamineWorkbook.from_filelike(archive), CalamineWorkbook.from_path(str(path))
    assert ours.sheet_names == theirs.sheet_names == ["一", "二"]
    for name in theirs.sheet_names:
        a, b = ours.get_sheet_by_name(name), theirs.get_sheet_by_name(name)
        assert a.to_python() == b.to_python() and a.start == b.start
        assert a.merged_cell_ranges == b.merged_cell_ranges


def test_an_archive_whose_directory_lists_fewer_parts_than_it_says_is_read_from_the_file(
    tmp_path,
):
    # a damaged directory: the check hands calamine nothing of its own (calamine says what it
    # makes of the file), rather than an archive rebuilt from the parts it could read
    from openpyxl import Workbook

    Workbook().save(tmp_path / "book.xlsx")
    data = bytearray((tmp_path / "book.xlsx").read_bytes())
    end = data.rfind(b"PK\x05\x06")
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    data[end + 8 : end + 12] = (count + 1).to_bytes(2, "little") * 2
    (tmp_path / "book.xlsx").write_bytes(bytes(data))
    assert _limits.check_workbook(str(tmp_path / "book.xlsx")) is None
