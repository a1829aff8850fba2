"""A wrong vocabulary in a records file is an error naming every bad cell, never an empty answer.

Issue 11: a workbook whose ``section`` said 主动公开 read without complaint, then
``category_shares`` was empty and the CLI printed "(nothing to show)". Now documented Chinese
spellings are read as the codes, and anything else is one error listing every bad cell with the
allowed and the closest value.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

import luzhou_disclosure as ld
from luzhou_disclosure._checks import resolve_code
from luzhou_disclosure._vocab import CODE_ALIASES, COLUMN_ALIASES
from luzhou_disclosure.cli import main

HEADER = ("agency", "year", "section", "item", "parent", "measure", "count")
TOTAL = "主动公开政府信息总数"


def _book(tmp_path, rows, header=HEADER, name="hand.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.title = "records"
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    path = tmp_path / name
    wb.save(path)
    return path


#: a small proactive section: total 10, categories 3 + 7 (shares by hand: 30 % and 70 %)
ENGLISH = [
    ("甲局", 2020, "proactive", TOTAL, None, "count", 10),
    ("甲局", 2020, "proactive", "工作动态类", TOTAL, "count", 3),
    ("甲局", 2020, "proactive", "其他类", TOTAL, "count", 7),
]


@pytest.mark.parametrize(
    ("section", "measure"),
    [
        ("主动公开", "数量"),
        ("Proactive", "COUNT"),
        ("ｐｒｏａｃｔｉｖｅ", " count "),
        ("主動公開", "件数"),
    ],
)
def test_chinese_and_other_spellings_of_codes_are_read_as_the_codes(tmp_path, section, measure):
    rows = [(a, y, section, i, p, measure, c) for a, y, _, i, p, _, c in ENGLISH]
    records = ld.read_records(_book(tmp_path, rows))
    assert set(records["section"]) == {"proactive"} and set(records["measure"]) == {"count"}
    shares = ld.category_shares(records).set_index("item")["share_pct"]
    assert shares.to_dict() == {"工作动态类": 30.0, "其他类": 70.0}  # 3/10, 7/10 by hand


_DOC = Path(__file__).resolve().parents[1] / "docs" / "records.md"


def _doc_table(pattern: str, start: str) -> dict[tuple[str, ...], set[str]]:
    text = _DOC.read_text(encoding="utf-8")
    table = text[text.index(start) :].split("\n\n")[1]  # the table after the paragraph
    rows = re.findall(pattern, table, flags=re.MULTILINE)
    return {tuple(row[:-1]): set(row[-1].split(", ")) for row in rows}


def test_docs_list_exactly_the_aliases_the_reader_accepts():
    documented = _doc_table(
        r"^\| (section|measure|form|applicant) \| `([^`]+)` \| (.+) \|$", "**Codes may be"
    )
    accepted: dict[tuple[str, ...], set[str]] = {}
    for column, table in CODE_ALIASES.items():
        for alias, code in table.items():
            accepted.setdefault((column, code), set()).add(alias)
    assert documented == accepted
    documented = _doc_table(r"^\| `([a-z_]+)` \| (\S.+) \|$", "**Column headers may")
    accepted = {}
    for alias, column in COLUMN_ALIASES.items():
        accepted.setdefault((column,), set()).add(alias)
    assert documented == accepted


@pytest.mark.parametrize(
    ("column", "typed", "code"),
    [
        ("section", "依申请公开", "applications"),
        ("section", "行政复议", "reconsideration"),
        ("section", "行政诉讼", "litigation"),
        ("section", "收费", "fees"),
        ("measure", "金额", "amount"),
        ("measure", "占比", "share_pct"),
        ("form", "2019年版", "2019"),
        ("form", 2021, "2021"),  # a year typed as a number
        ("applicant", "合计", "总计"),
        ("applicant", "科研企业", "科研机构"),  # as some reports label the column
    ],
)
def test_typed_codes_resolve(column, typed, code):
    assert resolve_code(column, typed) == code


def test_chinese_column_headers(tmp_path):
    header = ("机关", "年度", "部分", "项目", "上级项目", "度量", "数量")
    rows = [("甲局", "2020年", "主动公开", i, p, "数量", c) for _, _, _, i, p, _, c in ENGLISH]
    records = ld.read_records(_book(tmp_path, rows, header=header))
    assert records[["agency", "year", "section", "item", "count"]].values.tolist() == [
        ["甲局", 2020, "proactive", TOTAL, 10],
        ["甲局", 2020, "proactive", "工作动态类", 3],
        ["甲局", 2020, "proactive", "其他类", 7],
    ]


def test_bad_codes_are_one_error_listing_every_cell(tmp_path):
    rows = [
        ("甲局", 2020, "主动公开x", TOTAL, None, "count", 10),  # C2
        ("甲局", 2020, "proactiv", "工作动态类", TOTAL, "count", 3),  # C3
        ("甲局", 2020, "主动公开x", "其他类", TOTAL, "cnt", 7),  # C4 and F4
    ]
    path = _book(tmp_path, rows)
    with pytest.raises(ld.RecordsFileError) as info:
        ld.read_records(path)
    err = info.value
    cases = err.failure_cases.set_index("cell")
    assert sorted(cases.index) == ["C2", "C3", "C4", "F4"]
    assert cases.loc["C3", "value"] == "proactiv" and cases.loc["C3", "closest"] == "proactive"
    assert cases.loc["C2", "closest"] == "proactive"  # through the alias 主动公开
    assert cases.loc["F4", "closest"] == "count"
    assert "reconsideration" in cases.loc["C2", "expected"]  # the allowed values
    msg = str(err)
    assert "hand.xlsx" in msg and "'records'" in msg and "4 cells" in msg
    assert "cells C2, C4 (column 'section'): '主动公开x'" in msg  # every bad cell, grouped by value
    assert "did you mean 'proactive'?" in msg and "cell F4 (column 'measure')" in msg
    assert isinstance(err, ld.CellError) and isinstance(err, ld.SchemaError)
    assert (err.sheet, err.cell, err.column) == ("records", "C2", "section")  # the first one


def test_cells_that_cannot_be_read_are_listed_with_the_vocabulary_errors(tmp_path):
    rows = [
        ("甲局", "二〇二〇年度", "proactive", TOTAL, None, "count", "三点五"),
        ("甲局", 2020, "fee", "收取费用", None, "amount", 0),
    ]
    with pytest.raises(ld.RecordsFileError) as info:
        ld.read_records(_book(tmp_path, rows))
    cases = info.value.failure_cases.set_index("cell")
    assert cases.loc["B2", "check"] == "cannot read" and "a year" in cases.loc["B2", "message"]
    assert cases.loc["G2", "check"] == "cannot read"
    assert cases.loc["C3", "check"] == "unknown section" and cases.loc["C3", "closest"] == "fees"


def test_required_cells_left_blank_are_errors(tmp_path):
    rows = [
        ("甲局", 2020, None, TOTAL, None, "count", 10),
        (None, 2020, "proactive", TOTAL, None, "count", 10),
        ("甲局", 2020, "fees", "收取费用", None, None, None),
    ]
    header = HEADER + ("value",)
    rows[2] = rows[2] + (12.5,)  # a value without its measure
    path = _book(tmp_path, rows, header=header)
    with pytest.raises(ld.RecordsFileError) as info:
        ld.read_records(path)
    cases = info.value.failure_cases.set_index("cell")
    assert set(cases.index) == {"C2", "A3", "F4"}
    assert set(cases["check"]) == {"missing value"}


# --- headers --------------------------------------------------------------------------------------


def test_a_misspelled_column_is_named_with_the_closest(tmp_path):
    header = ("agency", "year", "section", "itme", "measure", "count")
    path = _book(tmp_path, [("甲局", 2020, "proactive", TOTAL, "count", 10)], header=header)
    with pytest.raises(ld.InputFileError, match=r"'itme': did you mean 'item'\?"):
        ld.read_records(path)
    header = ("机关", "年度", "部分", "项木", "数量")  # 项目 mistyped
    path = _book(tmp_path, [("甲局", 2020, "proactive", TOTAL, 10)], header=header)
    with pytest.raises(ld.InputFileError, match=r"'项木': did you mean '项目 \(item\)'\?"):
        ld.read_records(path)


def test_a_missing_required_column_is_named(tmp_path):
    header = ("agency", "section", "item", "count")
    path = _book(tmp_path, [("甲局", "proactive", TOTAL, 10)], header=header)
    with pytest.raises(ld.InputFileError, match=r"missing column 'year' \(or 年度"):
        ld.read_records(path)
    header = ("agency", "year", "section", "item", "measure")
    path = _book(tmp_path, [("甲局", 2020, "proactive", TOTAL, "count")], header=header)
    with pytest.raises(ld.InputFileError, match="missing column count or value"):
        ld.read_records(path)


def test_two_headers_for_one_column_are_an_error(tmp_path):
    header = ("机关", "单位", "年度", "部分", "项目", "数量")  # 单位 meant as the unit of a figure
    path = _book(tmp_path, [("甲局", "条", 2020, "proactive", TOTAL, 10)], header=header)
    with pytest.raises(
        ld.InputFileError, match=r"'机关' and '单位' are both column 'agency'.*计量单位"
    ):
        ld.read_records(path)


def test_only_the_required_columns_are_required(tmp_path):
    header = ("agency", "year", "section", "item", "count", "备注")  # a column of one's own
    rows = [
        ("甲局", 2020, "proactive", TOTAL, 10, "x"),
        ("甲局", 2020, "proactive", "其他类", 10, ""),
    ]
    records = ld.read_records(_book(tmp_path, rows, header=header))
    assert records["measure"].tolist() == ["count", "count"]  # blank measure of a count
    assert records["parent"].tolist()[1] == TOTAL  # a category's blank parent is the total
    assert list(records.columns) == list(ld.COLUMNS)


# --- items ----------------------------------------------------------------------------------------


def test_a_misspelled_total_is_an_error_not_a_missing_agency(tmp_path):
    rows = [
        ("甲局", 2020, "proactive", "主动公开政府信息总量", None, "count", 10),  # D2
        ("甲局", 2020, "proactive", "其他类", "主动公开信息总数", "count", 10),  # E3
        ("甲局", 2020, "applications", "本年新收申请数量", None, "count", 4),  # D4
        ("甲局", 2020, "reconsideration", "行政复议案件", None, "count", 0),  # D5
    ]
    with pytest.raises(ld.RecordsFileError) as info:
        ld.read_records(_book(tmp_path, rows))
    cases = info.value.failure_cases.set_index("cell")
    assert cases["closest"].to_dict() == {
        "D2": TOTAL,
        "E3": TOTAL,
        "D4": "本年新收政府信息公开申请数量",
        "D5": "行政复议",
    }
    assert (
        cases.loc["D2", "check"] == "unknown item" and cases.loc["E3", "check"] == "unknown parent"
    )


def test_standard_form_items_are_a_closed_list_and_label_variants_are_the_item(tmp_path):
    header = ("agency", "year", "form", "section", "item", "parent", "count")
    rows = [
        ("甲局", 2021, "2021", "outcomes", '危及"三安全一稳定"', "不予公开", 1),  # ASCII quotes
        ("甲局", 2021, "2021", "outcomes", "（一）予以公开", None, 1),  # an ordinal is not the item
    ]
    with pytest.raises(ld.RecordsFileError) as info:
        ld.read_records(_book(tmp_path, rows, header=header))
    cases = info.value.failure_cases
    assert cases["cell"].tolist() == ["E3"] and cases["closest"].tolist() == ["予以公开"]
    records = ld.read_records(_book(tmp_path, rows[:1], header=header))
    assert records["item"].tolist() == ["危及“三安全一稳定”"]  # the canonical label


def test_in_open_sections_a_label_like_a_key_item_is_a_warning(tmp_path):
    rows = [
        ("甲局", 2017, "outcomes", "商业秘密", "不予以公开", "count", 1),  # parent: 不予公开?
        ("甲局", 2017, "outcomes", "属于已主动公开范围", "办理答复数量", "count", 4),
    ]
    with pytest.warns(
        ld.DisclosureWarning, match=r"E2 \(column 'parent'\).*did you mean '不予公开'"
    ):
        records = ld.read_records(_book(tmp_path, rows))
    assert len(records) == 2  # read, with a word


# --- CSV and Parquet ------------------------------------------------------------------------------


def test_a_csv_file_names_cells_and_may_be_gb18030(tmp_path):
    text = (
        "机关,年度,部分,项目,数量\n"
        "甲局,2020年,主动公开,主动公开政府信息总数,10\n"
        "甲局,2020,主动,其他类,3\n"
    )
    path = tmp_path / "excel_saved.csv"
    path.write_bytes(text.encode("gb18030"))
    with pytest.raises(ld.RecordsFileError) as info:
        ld.read_records(path)
    err = info.value
    assert err.failure_cases[["cell", "value", "closest"]].values.tolist() == [
        ["C3", "主动", "proactive"]
    ]
    assert "excel_saved.csv" in str(err) and "sheet" not in str(err)
    path.write_bytes(text.replace("主动,", "主动公开,").encode("gb18030"))
    assert ld.read_records(path)["count"].tolist() == [10, 3]


def test_a_parquet_file_names_rows(tmp_path, seed):
    bad = seed.copy()
    bad.loc[5, "measure"] = "share"
    path = tmp_path / "r.parquet"
    bad.to_parquet(path, index=False)
    with pytest.raises(ld.RecordsFileError) as info:
        ld.read_records(path)
    assert info.value.failure_cases[["cell", "value", "closest"]].values.tolist() == [
        ["row 5", "share", "share_pct"]
    ]


# --- the command line -----------------------------------------------------------------------------


def test_the_cli_fails_on_a_bad_vocabulary_and_reads_the_aliases(tmp_path, capsys):
    rows = [(a, y, "主动公开x", i, p, m, c) for a, y, _, i, p, m, c in ENGLISH]
    bad = _book(tmp_path, rows, name="bad.xlsx")
    assert main(["summary", str(bad), "--out", str(tmp_path / "o"), "--no-charts"]) == 2
    captured = capsys.readouterr()
    assert "(nothing to show)" not in captured.out
    assert "bad.xlsx" in captured.err and "C2, C3, C4" in captured.err
    assert "did you mean 'proactive'?" in captured.err
    rows = [(a, y, "主动公开", i, p, m, c) for a, y, _, i, p, m, c in ENGLISH]
    good = _book(tmp_path, rows, name="good.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # what the summary says about sections this file lacks
        assert main(["summary", str(good), "--out", str(tmp_path / "p"), "--no-charts"]) == 0
    out = capsys.readouterr().out
    assert "工作动态类" in out and "30.00" in out  # 3 of 10, by hand


def test_read_records_does_not_warn_on_the_bundled_workbook():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        records = ld.read_records(ld.example_path())
    pd.testing.assert_frame_equal(records, ld.load_example())
