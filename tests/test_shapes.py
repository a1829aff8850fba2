"""Workbooks of a shape read before (luzhou_disclosure._shapes): read from python-calamine's
reading of the first ones with their own values, giving exactly what calamine gives; any
workbook whose values calamine might read otherwise is read by calamine.

The expected values are python-calamine's own reading of each file (``CalamineWorkbook``), cell
by cell with its type, the sheet's first cell and its merged cells.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

import luzhou_disclosure as ld
from luzhou_disclosure import _shapes, _xlsx, forms
from luzhou_disclosure.readers import _layout
from test_forms import report


@pytest.fixture(autouse=True)
def no_shapes_known():
    _layout.clear_cache()  # (forgets the shapes too)
    yield
    _layout.clear_cache()


class Opened:
    """Counts the workbooks python-calamine opens for ``_xlsx.open_workbook``."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        real = _xlsx.CalamineWorkbook
        spy = self

        class Counting:
            @staticmethod
            def from_filelike(archive):
                spy.count += 1
                return real.from_filelike(archive)

            @staticmethod
            def from_path(path):
                spy.count += 1
                return real.from_path(path)

        monkeypatch.setattr(_xlsx, "CalamineWorkbook", Counting)


def typed(rows: list[list]) -> list[list[tuple[type, object]]]:
    return [[(type(v), v) for v in row] for row in rows]


def read_as_calamine_does(path: Path) -> bool:
    """Open ``path`` as read_forms does (shapes on) and compare every sheet with calamine's own
    reading of the file; whether it was read from a shape."""
    book = _xlsx.open_workbook(str(path), _xlsx.checked_workbook(str(path), shapes=True))
    plain = CalamineWorkbook.from_path(str(path))
    assert [s.name for s in book.sheets_metadata] == plain.sheet_names
    for name in plain.sheet_names:
        try:
            plain.get_sheet_by_name(name).to_python()
        except Exception:  # calamine cannot read it: nor can the reader, which says so
            with pytest.raises(ld.InputFileError, match="cannot be read"):
                _xlsx.sheet_rows(book, name, path)
            return False
        ours, theirs = book.get_sheet_by_name(name), plain.get_sheet_by_name(name)
        assert typed(ours.to_python(skip_empty_area=True)) == typed(
            theirs.to_python(skip_empty_area=True)
        ), (path.name, name)
        assert ours.start == theirs.start
        assert ours.merged_cell_ranges == theirs.merged_cell_ranges
        rows = _xlsx.sheet_rows(book, name, path)
        assert typed(rows[0]) == typed(_xlsx.sheet_rows(plain, name, path)[0])
        rows[0].clear()  # a reader may change the rows it is given: the next reading is whole
        assert typed(ours.to_python()) == typed(theirs.to_python(skip_empty_area=True))
    inner = book.book if isinstance(book, _xlsx._Hidden) else book
    return isinstance(inner, _shapes._Book)


# --- one layout, any values --------------------------------------------------------------------

GRID = [(r, c) for r in range(3, 8) for c in range(2, 6)]  # B3:E7, figures

numbers = st.one_of(
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 2)),
    st.sampled_from([0, 0.0, -0.0, 1e-300, 5e-324, 1.7976931348623157e308, 0.1, 2.5e-05]),
)
texts = st.text(
    st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=12
) | st.sampled_from(
    [
        " 泸州",
        "泸州 ",
        "a  b",
        "a\nb",
        "a\r\nb",
        "&amp;",
        "<x>",
        "_x0041_",
        "\x80",
        "\x1b",
        "泸州市",
    ]
)


def layout_workbook(path: Path, title: str, figures: dict, when: dt.date) -> None:
    """The one layout: a title, labels, a grid of figures (blank or a number), a date."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表一"
    _xlsx.write_cell(ws, 1, 1, title)
    ws.merge_cells("A1:E1")
    for c, label in enumerate(["项目", "本年", "上年", "增减", "合计"], start=1):
        _xlsx.write_cell(ws, 2, c, label)
    for r in range(3, 8):
        _xlsx.write_cell(ws, r, 1, f"第{r}项")
    for r, c in GRID:
        _xlsx.write_cell(ws, r, c, figures.get((r, c)), _xlsx.DECIMAL_FORMAT)
    ws.cell(row=8, column=1).value = when
    ws.cell(row=8, column=1).number_format = "yyyy-mm-dd"
    other = wb.create_sheet("表二")
    _xlsx.write_cell(other, 1, 1, "说明")
    _xlsx.write_cell(other, 3, 3, "注")
    _xlsx.write_cell(other, 2, 2, figures.get((3, 2)), _xlsx.DECIMAL_FORMAT)
    wb.save(path)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            texts,
            st.dictionaries(st.sampled_from(GRID), numbers, max_size=len(GRID)),
            st.sampled_from([dt.date(2020, 1, 2), dt.date(1950, 12, 31)]),
        ),
        min_size=3,
        max_size=5,
    )
)
def test_workbooks_of_one_layout_read_as_calamine_reads_them(tmp_path, drawn):
    _layout.clear_cache()
    for i, (title, figures, when) in enumerate(drawn):
        path = tmp_path / f"w{i}.xlsx"
        layout_workbook(path, title, figures, when)
        read_as_calamine_does(path)


def test_a_workbook_of_a_shape_seen_twice_is_read_from_its_shape(tmp_path, monkeypatch):
    # the third workbook of the layout with other figures, blanks where the first had figures
    # and figures where it had blanks, another title and another date: not opened by calamine
    opened = Opened(monkeypatch)
    grid = {rc: float(i) for i, rc in enumerate(GRID)}
    drawn = [
        ("泸州市甲局2020年报告", dict(list(grid.items())[::2]), dt.date(2020, 1, 2)),
        ("泸州市乙局2020年报告", dict(list(grid.items())[1::2]), dt.date(2020, 1, 2)),
        ("泸州市乙局2020年报告", dict(list(grid.items())[1::2]), dt.date(2020, 1, 2)),
        ("泸州市丙局&<2021>", {rc: v * 1.5 - 7 for rc, v in grid.items()}, dt.date(2020, 1, 2)),
        ("泸州市丁局", {(3, 2): 1e-05, (7, 5): -2.5e20}, dt.date(2020, 1, 2)),
    ]
    replayed = []
    for i, (title, figures, when) in enumerate(drawn):
        layout_workbook(tmp_path / f"w{i}.xlsx", title, figures, when)
        before = opened.count
        replayed.append(read_as_calamine_does(tmp_path / f"w{i}.xlsx"))
        assert opened.count - before == (0 if replayed[-1] else 1)
    # the first of the kind; the shape seen once; seen again, learnt; read from the shape
    assert replayed == [False, False, False, True, True]


def test_many_workbooks_of_one_layout_are_read_from_its_shape(tmp_path, monkeypatch):
    rng = random.Random(3)
    opened = Opened(monkeypatch)

    def figure():
        return rng.choice(
            [None, rng.randint(-5, 10**6), round(rng.uniform(-1e4, 1e4), 2), rng.random() * 1e-7]
        )

    replayed = []
    for i in range(30):
        title = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(1, 20)))
        layout_workbook(
            tmp_path / f"w{i}.xlsx",
            f"{title}{2019 + i % 5}年",
            {rc: figure() for rc in GRID[:-1]} | {GRID[-1]: 1},  # (the bottom right kept)
            dt.date(2020, 1, 2),
        )
        replayed.append(read_as_calamine_does(tmp_path / f"w{i}.xlsx"))
    # the first of the kind; the shape seen once; seen again, learnt
    assert replayed[:3] == [False, False, False]
    assert all(replayed[3:])
    assert opened.count == 3


# --- what calamine may read otherwise: read by calamine ----------------------------------------


def edited(src: Path, dst: Path, edit) -> None:
    """``src`` with its first worksheet's XML edited, every other part as it was (byte for byte:
    the same kind of archive)."""
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)
            zout.writestr(info, data)
    dst.write_bytes(out.getvalue())


def sub_once(old: bytes, new: bytes):
    def edit(xml: bytes) -> bytes:
        assert old in xml
        return xml.replace(old, new, 1)

    return edit


FIGURES = {rc: float(10 * i + 1) for i, rc in enumerate(GRID)}


@pytest.mark.parametrize(
    ("edit", "from_shape"),
    [
        (sub_once(b"<v>11</v>", b"<v>12.5</v>"), True),  # another number
        (sub_once(b"<v>11</v>", b"<v>+1.E5</v>"), True),  # written unusually, read alike
        (sub_once(b"<v>11</v>", b"<v>1_0</v>"), False),  # Python reads 10, calamine not
        (sub_once(b"<v>11</v>", b"<v>inf</v>"), False),
        (sub_once(b"<v>11</v>", b"<v> 11</v>"), False),
        (sub_once(b"<v>11</v>", b"<v>0x10</v>"), False),
        (sub_once(b"<v>11</v>", b"<v>1e</v>"), False),
        (sub_once(b"&#39033;&#30446;", b"&#128;&#x4E00;&lt;&gt;&amp;&quot;&apos;"), True),
        (sub_once(b"&#39033;&#30446;", b" &#39033;"), False),  # calamine trims the text
        (sub_once(b"&#39033;&#30446;", b"&#39033;&#32;"), False),  # after the references
        (sub_once(b"&#39033;&#30446;", b"&#12288;&#39033;\xe3\x80\x80"), True),  # not these
        (sub_once(b"&#39033;&#30446;", b"&#39033;_x0041_"), False),  # an escape
        (sub_once(b"&#39033;&#30446;", b"&#39033;&#13;"), False),  # a carriage return
        (sub_once(b"&#39033;&#30446;", b"&#39033;&nbsp;"), False),  # no XML entity
        (sub_once(b"&#39033;&#30446;", b"&#39033;&#0;"), False),  # no XML character
        # the date's cell: a number calamine reads as a date
        (lambda xml: xml.replace(b"<v>43832</v>", b"<v>43833</v>"), False),
        # the last row of figures and the date left blank: calamine reads a smaller grid
        (lambda xml: xml.replace(b"<v>43832</v>", b"").replace(b"<v>191</v>", b""), None),
        # two values in one cell, a value outside any cell
        (sub_once(b"<v>11</v>", b"<v>11</v><v>12</v>"), False),
    ],
)
def test_a_value_calamine_may_read_otherwise_is_read_by_calamine(
    tmp_path, monkeypatch, edit, from_shape
):
    layout_workbook(tmp_path / "a.xlsx", "泸州市甲局", FIGURES, dt.date(2020, 1, 2))
    layout_workbook(tmp_path / "b.xlsx", "泸州市乙局", FIGURES, dt.date(2020, 1, 2))
    layout_workbook(tmp_path / "b2.xlsx", "泸州市丙局", FIGURES, dt.date(2020, 1, 2))
    edited(tmp_path / "b.xlsx", tmp_path / "c.xlsx", edit)
    for name in ("a", "b", "b2"):
        assert not read_as_calamine_does(tmp_path / f"{name}.xlsx")
    opened = Opened(monkeypatch)
    replayed = read_as_calamine_does(tmp_path / "c.xlsx")
    if from_shape is not None:
        assert replayed is from_shape
        assert opened.count == (0 if from_shape else 1)
    else:  # (a grid that changes its extent is another shape, or left to calamine)
        assert not replayed


def test_shapes_are_forgotten_with_the_layouts(tmp_path):
    for name in "abcd":
        layout_workbook(tmp_path / f"{name}.xlsx", "标题", FIGURES, dt.date(2020, 1, 2))
    assert [read_as_calamine_does(tmp_path / f"{n}.xlsx") for n in "abcd"] == [
        False,
        False,
        False,
        True,
    ]
    _layout.clear_cache()
    assert not read_as_calamine_does(tmp_path / "d.xlsx")


def test_a_kind_whose_workbooks_are_never_read_from_a_shape_is_no_longer_taken_apart(
    tmp_path, monkeypatch
):
    # each workbook's date differs from the one learned (calamine reads it as a date: each is
    # read by calamine); after _TRIES such, the kind is no longer taken apart (no cost for
    # nothing: forms of one Excel template differ so in shape, a blank cell being another
    # element than a filled one)
    taken = []
    real = _xlsx.take_apart

    def spy(parts, sheets):
        taken.append(real(parts, sheets) is not None)
        return real(parts, sheets) if taken[-1] else None

    monkeypatch.setattr(_xlsx, "take_apart", spy)
    for i in range(_shapes._TRIES + 4):
        path = tmp_path / f"w{i}.xlsx"
        layout_workbook(path, "标题", FIGURES, dt.date(2020, 1, 2))
        edited(path, path, sub_once(b"<v>43832</v>", f"<v>{40000 + i}</v>".encode()))
        assert not read_as_calamine_does(path)
    assert taken[0] is False  # the first of a kind: nothing to learn from yet
    assert all(taken[1 : _shapes._TRIES + 1])
    assert not any(taken[_shapes._TRIES + 1 :])


# --- read_forms -------------------------------------------------------------------------------


def test_read_forms_reads_forms_of_one_program_from_the_first_ones(tmp_path, monkeypatch):
    rng = random.Random(7)
    paths = []
    for i in range(6):
        r = report(
            "2021",
            agency=f"泸州市第{i}局",
            draw=lambda measure: (
                None
                if rng.random() < 0.1
                else (round(rng.uniform(0, 500), 2) if measure == "amount" else rng.randint(0, 300))
            ),
        )
        paths.append(tmp_path / f"f{i}.xlsx")
        ld.write_form(r, paths[-1], form="2021")
    opened = Opened(monkeypatch)
    got = ld.read_forms(paths, progress=False)
    assert opened.count == 3  # the first of the kind; the shape seen once; seen again, learnt
    monkeypatch.setattr(
        forms, "checked_workbook", lambda p, shapes=False: _xlsx.checked_workbook(p)
    )
    _layout.clear_cache()
    expected = ld.read_forms(paths, progress=False)
    assert opened.count == 3 + len(paths)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["findings"] == expected.attrs["findings"]


# --- the values read here against calamine, text by text -------------------------------------


def _one_cell_book(cell: bytes) -> CalamineWorkbook:
    """python-calamine's reading of a one-sheet workbook whose sheet holds ``cell`` at A1."""
    global _TEMPLATE
    if _TEMPLATE is None:
        wb = openpyxl.Workbook()
        wb.active["A1"] = "x"
        wb.active["B1"] = 1
        buffer = io.BytesIO()
        wb.save(buffer)
        _TEMPLATE = buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_TEMPLATE)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                start, end = data.index(b"<sheetData>"), data.index(b"</sheetData>")
                data = data[:start] + b'<sheetData><row r="1">' + cell + b"</row>" + data[end:]
            zout.writestr(info, data)
    out.seek(0)
    return CalamineWorkbook.from_filelike(out)


_TEMPLATE: bytes | None = None


def _calamine_a1(cell: bytes):
    try:
        rows = _one_cell_book(cell).get_sheet_by_name("Sheet").to_python()
    except Exception as exc:  # calamine refuses the sheet
        return exc
    return rows[0][0] if rows and rows[0] else ""


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.sampled_from("0123456789.+-eE"), min_size=1, max_size=12)
    | st.text(st.sampled_from("0123456789.+-eE xXabinf_,"), min_size=1, max_size=8)
    | st.floats(allow_nan=False).map(repr)
    | st.integers().map(str)
)
def test_a_number_read_here_is_the_number_calamine_reads(text):
    raw = text.encode()
    ours = _shapes._read_number(raw)
    if ours is not None:  # (None: left to calamine)
        theirs = _calamine_a1(b'<c r="A1"><v>' + raw + b"</v></c>")
        assert type(theirs) is float and (theirs == ours or theirs != theirs and ours != ours)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "泸", " ", "\t", "\n", "\r", "_", "x0041_", "&amp;", "&lt;", "&gt;",
                         "&quot;", "&apos;", "&#32;", "&#x20;", "&#10;", "&#13;", "&#9;",
                         "&#12288;", "&#xA0;", "&#128;", "&#x85;", "&#0;", "&#xFFFE;",
                         "&#x1F600;", "&#55296;", "&nbsp;", "&", "\u3000", "\x85", ">"])
        | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="<&"),
                  max_size=3),
        min_size=1,
        max_size=6,
    )
)  # fmt: skip
def test_a_text_read_here_is_the_text_calamine_reads(pieces):
    raw = "".join(pieces).encode()
    ours = _shapes._read_text(raw)
    if ours is not None:  # (None: left to calamine)
        theirs = _calamine_a1(b'<c r="A1" t="inlineStr"><is><t>' + raw + b"</t></is></c>")
        assert theirs == ours
