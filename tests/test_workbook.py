"""Records files: write-then-read in every format, cells as people type them, errors naming the
cell."""

from __future__ import annotations

import string
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

import luzhou_disclosure as ld
from luzhou_disclosure._numbers import NA_TOKENS, to_halfwidth
from luzhou_disclosure._vocab import (
    APPLICANTS,
    ARTICLE20_ITEMS,
    CLOSED_ITEMS,
    PROACTIVE_TOTAL,
    SECTIONS,
    STANDARD_OUTCOME_ITEMS,
)


def test_bundled_workbook_round_trips(seed, tmp_path):
    path = ld.write_records(seed, tmp_path / "seed.xlsx")
    pd.testing.assert_frame_equal(ld.read_records(path), seed)


# text as a label may be; a lone "-" or "无" in a code column is typed NA, not a label (see
# _CODE_COLUMNS)
text = (
    st.text(alphabet=string.ascii_letters + "统计局概况类=+-@ 、（）“”", min_size=1, max_size=12)
    .map(str.strip)
    .filter(lambda t: bool(t) and to_halfwidth(t).lower() not in NA_TOKENS)
)
opt_text = st.none() | text


@st.composite
def section_item(draw):
    """(form, section, parent, item) as the records model allows: items of closed lists from the
    vocabulary, open items (categories, channels, narrative outcomes) any text."""
    form = draw(st.none() | st.sampled_from(["narrative", "2019", "2021"]))
    section = draw(st.sampled_from(list(SECTIONS)))
    if section == "proactive":
        category = draw(opt_text)
        return (
            form,
            section,
            (None, PROACTIVE_TOTAL) if category is None else (PROACTIVE_TOTAL, category),
        )
    parent = draw(opt_text)
    if section in CLOSED_ITEMS:
        return form, section, (parent, draw(st.sampled_from(CLOSED_ITEMS[section])))
    if section == "outcomes" and form in STANDARD_OUTCOME_ITEMS:
        return form, section, (parent, draw(st.sampled_from(STANDARD_OUTCOME_ITEMS[form])))
    if section == "article20":
        items = ARTICLE20_ITEMS.get(form) or ARTICLE20_ITEMS["2021"]
        return form, section, (parent, draw(st.sampled_from(items)))
    return form, section, (parent, draw(text))


@st.composite
def records(draw):
    n = draw(st.integers(min_value=0, max_value=8))
    rows = []
    for i in range(n):
        measure = draw(st.sampled_from(["count", "change", "amount", "share_pct", "growth_pct"]))
        is_count = measure in ("count", "change")
        form, section, (parent, item) = draw(section_item())
        rows.append(
            {
                "agency": f"{draw(text)}{i}",  # one figure per agency: never a duplicate figure
                "year": draw(st.integers(1990, 2100)),
                "form": form,
                "section": section,
                "item": item,
                "parent": parent,
                "applicant": draw(st.sampled_from(APPLICANTS)),
                "field": draw(opt_text),
                "measure": measure,
                "count": draw(st.none() | st.integers(0 if measure == "count" else -(10**9), 10**9))
                if is_count
                else None,
                "value": None
                if is_count
                else draw(st.none() | st.floats(0, 1e9, allow_nan=False, allow_infinity=False)),
                "unit": draw(st.none() | st.sampled_from(["条", "件", "万元", "%"])),
                "base": draw(text) if measure == "share_pct" else draw(opt_text),
                "decimals": draw(st.none() | st.integers(0, 4)),
                "approx": draw(st.booleans()),
                "label": draw(opt_text),
                "source": draw(opt_text),
            }
        )
    return ld.validate(ld.make_records(rows))


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".parquet"])
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(recs=records())
def test_write_then_read_returns_identical_records(tmp_path, suffix, recs):
    path = ld.write_records(recs, tmp_path / f"r{suffix}")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a valid record is read without a word
        back = ld.read_records(path)
    pd.testing.assert_frame_equal(back, recs)  # values and dtypes


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".parquet"])
def test_every_format_holds_the_bundled_records_with_their_dtypes(seed, tmp_path, suffix):
    back = ld.read_records(ld.write_records(seed, tmp_path / f"seed{suffix}"))
    pd.testing.assert_frame_equal(back, seed)
    assert {c: str(t) for c, t in back.dtypes.items()} == ld.SCHEMA


def test_the_old_names_warn_and_still_work(seed, tmp_path):
    with pytest.warns(FutureWarning, match="use write_records"):
        path = ld.write_excel(seed, tmp_path / "old.xlsx")
    with pytest.warns(FutureWarning, match="use read_records"):
        back = ld.read_excel(path)
    pd.testing.assert_frame_equal(back, seed)


def test_an_unknown_suffix_is_a_clear_error(seed, tmp_path):
    with pytest.raises(ld.InputFileError, match=r"\.xlsx, .*\.csv, \.parquet"):
        ld.write_records(seed, tmp_path / "r.json")
    (tmp_path / "r.txt").write_text("agency,year")
    with pytest.raises(ld.InputFileError, match="not a records file"):
        ld.read_records(tmp_path / "r.txt")


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    recs = ld.make_records(
        [
            {
                "agency": '=HYPERLINK("x")',
                "year": 2020,
                "section": "channel",  # open items: any label (proactive parents must be the total)
                "item": "+1",
                "measure": "count",
                "count": 1,
                "label": "@SUM(A1)",
                "parent": "-2",
            }
        ]
    )
    path = ld.write_records(recs, tmp_path / "f.xlsx")
    ws = load_workbook(path)["records"]
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    pd.testing.assert_frame_equal(ld.read_records(path), recs)


def _hand_filled(
    tmp_path,
    rows,
    header=("agency", "year", "section", "item", "measure", "count", "unit"),
    title=None,
):
    wb = Workbook()
    ws = wb.active
    ws.title = "records"
    if title:
        ws.append([title])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    path = tmp_path / "hand.xlsx"
    wb.save(path)
    return path


def test_cells_as_people_type_them(tmp_path):
    path = _hand_filled(
        tmp_path,
        [
            ("甲", 2020, "proactive", "概况类", "count", "3件", None),
            ("甲", "２０２０", "proactive", "人事类", None, "８１１", "条"),
            ("甲", 2020, "proactive", "财政类", "count", "1,234", None),
            ("甲", 2020, "proactive", "其他类", "count", " 12 ", None),
            ("甲", 2020, "proactive", "工作动态类", "count", "400余条", None),
            ("甲", 2020, "outcomes", "予以公开", "count", "—", None),
            ("甲", 2020, "outcomes", "部分公开", "count", "/", None),
            ("甲", 2020, "outcomes", "属于国家秘密", "count", "无", None),
            ("甲", 2020, "outcomes", "重复申请", "count", "不适用", None),
            ("甲", 2020, "outcomes", "其他", "count", None, None),
        ],
        title="泸州市某局 2020 年报数据",
    )
    r = ld.read_records(path).set_index("item")
    assert r.loc["概况类", "count"] == 3 and r.loc["概况类", "unit"] == "件"
    assert (
        r.loc["人事类", "count"] == 811
        and r.loc["人事类", "year"] == 2020
        and r.loc["人事类", "measure"] == "count"
    )
    assert r.loc["财政类", "count"] == 1234 and r.loc["其他类", "count"] == 12
    assert r.loc["工作动态类", "count"] == 400 and bool(r.loc["工作动态类", "approx"])
    for item in ("予以公开", "部分公开", "属于国家秘密", "重复申请", "其他"):
        assert pd.isna(r.loc[item, "count"]), item  # NA, never 0


@pytest.mark.parametrize(
    ("value", "cell", "expected"),
    [
        ("三点五", "F3", "a number"),
        ("3.5", "F3", "a whole number"),
        ("12abc", "F3", "a number"),
    ],
)
def test_a_cell_that_cannot_be_read_names_sheet_row_column_and_value(
    tmp_path, value, cell, expected
):
    path = _hand_filled(
        tmp_path,
        [
            ("甲", 2020, "proactive", "概况类", "count", 1, None),
            ("甲", 2020, "proactive", "人事类", "count", value, None),
        ],
    )
    with pytest.raises(ld.CellError) as info:
        ld.read_records(path)
    err = info.value
    assert (err.sheet, err.cell, err.value, err.column) == ("records", cell, value, "count")
    msg = str(err)
    assert (
        "hand.xlsx" in msg
        and "'records'" in msg
        and cell in msg
        and repr(value) in msg
        and expected in msg
    )


@pytest.mark.parametrize("typed", ["2017年", "2017 年", "2017年度", "２０１７年", " 2017 "])
def test_a_year_typed_with_its_character_is_a_year(tmp_path, typed):
    path = _hand_filled(tmp_path, [("甲", typed, "proactive", "概况类", "count", 1, None)])
    assert ld.read_records(path)["year"].tolist() == [2017]


def test_bad_year_and_flag_cells(tmp_path):
    path = _hand_filled(tmp_path, [("甲", "二〇二〇年度", "proactive", "概况类", "count", 1, None)])
    with pytest.raises(ld.CellError, match=r"cell B2.*'year'"):
        ld.read_records(path)
    path = _hand_filled(
        tmp_path,
        [("甲", 2020, "proactive", "概况类", "count", 1, "maybe")],
        header=("agency", "year", "section", "item", "measure", "count", "approx"),
    )
    with pytest.raises(ld.CellError, match=r"cell G2.*TRUE or FALSE"):
        ld.read_records(path)


def test_not_a_workbook_and_no_header_are_clear_errors(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_text("this is not a spreadsheet")
    with pytest.raises(ld.InputFileError, match="junk.xlsx"):
        ld.read_records(junk)
    with pytest.raises(ld.InputFileError, match="no such file"):
        ld.read_records(tmp_path / "missing.xlsx")
    path = _hand_filled(tmp_path, [], header=("机关", "年度"))
    with pytest.raises(ld.InputFileError, match="no header row"):
        ld.read_records(path)


def test_workbook_is_readable_by_people(seed, tmp_path):
    ws = load_workbook(ld.write_records(seed, tmp_path / "s.xlsx"))
    assert ws.sheetnames == ["records", "说明"]
    sheet = ws["records"]
    assert sheet.freeze_panes == "A2"
    assert (
        sheet.column_dimensions["E"].width >= 2 * len("申请内容不明确或转其他途径办理") * 0.9
    )  # item column fits
