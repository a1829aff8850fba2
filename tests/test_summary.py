"""summary: the terminal tables and the one workbook writer, checked by opening the files
written."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

import luzhou_disclosure as ld
from luzhou_disclosure.summary import format_table, summary_tables, write_workbook


def header(ws) -> list:
    return [c.value for c in ws[1]]


def cell(ws, column: str, row: int = 2):
    return ws.cell(row=row, column=header(ws).index(column) + 1)


@pytest.fixture
def peers_panel():
    """Two agencies, made up: 甲 refuses 3 of 40 answered (7.5 %), 乙 2 of 4 (too few to rank);
    each answered what it received (（七）总计, the base of the rate, docs/indicators.md)."""
    rows = []
    for name, received, refused in (("甲局", 40, 3), ("乙局", 4, 2)):
        base = {"agency": name, "year": 2021, "form": "2021", "measure": "count"}
        rows.append(
            {
                **base,
                "section": "applications",
                "item": "本年新收政府信息公开申请数量",
                "count": received,
            }
        )
        rows.append({**base, "section": "outcomes", "item": "总计", "count": received})
        rows.append(
            {
                **base,
                "section": "outcomes",
                "item": "属于国家秘密",
                "parent": "不予公开",
                "count": refused,
            }
        )
    return ld.make_records(rows)


def test_number_formats_follow_what_a_column_holds(tmp_path, peers_panel):
    rate = ld.peer_summary(peers_panel, year=2021, measure="refusal_rate")
    count = ld.peer_summary(peers_panel, year=2021, item="本年新收政府信息公开申请数量")
    growth = ld.compare(ld.concat_records([peers_panel, peers_panel.assign(year=2022)]), year=2022)
    path = write_workbook(
        {"peers": rate, "counts": count, "compare": growth}, tmp_path / "w.xlsx", lang="en"
    )
    book = load_workbook(path)
    ws = book["peers"]
    assert cell(ws, "value").number_format == '0.00"%"'  # a rate: 3 ÷ 40 × 100 = 7.50 %
    assert cell(ws, "value").value == pytest.approx(7.5)
    assert cell(ws, "median P50").number_format == '0.00"%"'
    assert cell(ws, "percentile (%)").number_format == '0.00"%"'
    assert cell(ws, "numerator").number_format == "#,##0"
    assert (cell(ws, "year").number_format, cell(ws, "rank").number_format) == ("0", "0")
    ws = book["counts"]  # ranked by a count: the value and quartiles are counts, not percentages
    assert cell(ws, "value").number_format == "#,##0" and cell(ws, "value").value == 40
    assert cell(ws, "median P50").number_format == "#,##0"  # (40 + 4) ÷ 2 = 22
    assert cell(ws, "median P50").value == 22
    ws = book["compare"]
    assert cell(ws, "ratio").number_format == "0.00" and cell(ws, "ratio").value == 1
    assert cell(ws, "base year").value == 2021 and cell(ws, "base year").number_format == "0"
    assert cell(ws, "through crosswalk").value is False  # booleans stay booleans


def test_the_sheet_of_a_ranking_tints_the_agencies_left_out(tmp_path, peers_panel):
    rate = ld.peer_summary(peers_panel, year=2021, measure="refusal_rate")
    ws = load_workbook(write_workbook({"peers": rate}, tmp_path / "p.xlsx"))["同类比较"]
    tints = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=1).fill.fgColor.rgb for r in (2, 3)
    }
    assert tints["乙局"].endswith("EDEDED") and tints["甲局"] == "00000000"
    assert cell(ws, "未排名原因", 3).value.startswith("fewer than 10")


def test_text_is_never_a_formula_and_unknown_sheets_keep_their_name(tmp_path):
    table = pd.DataFrame({"item": ["=SUM(A1:A9)", "+86 800"], "count": [1, 2]})
    ws = load_workbook(write_workbook({"mine": table}, tmp_path / "t.xlsx"))["mine"]
    assert [ws["A2"].value, ws["A3"].value] == ["=SUM(A1:A9)", "+86 800"]
    assert ws["A2"].data_type == "s" and header(ws) == ["项目", "数量"]
    assert ws.auto_filter.ref == "A1:B3" and ws.freeze_panes == "A2"


def test_an_unknown_language_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="lang='de'"):
        write_workbook({"x": pd.DataFrame({"a": [1]})}, tmp_path / "x.xlsx", lang="de")
    with pytest.raises(ValueError, match="lang='de'"):
        format_table(pd.DataFrame({"a": [1]}), lang="de")


def test_terminal_tables_in_both_languages(seed):
    growth = summary_tables(seed)["growth"]
    zh = format_table(growth, columns=["agency", "year", "growth_pct", "note"])
    en = format_table(growth, columns=["agency", "year", "growth_pct", "note"], lang="en")
    assert zh.splitlines()[0].split() == ["单位", "年度", "增长率（%）", "说明"]
    assert en.splitlines()[0].split() == ["agency", "year", "growth", "(%)", "note"]
    # 811 against 686: +18.22 % (line 9 of the seed report)
    assert "18.22" in zh.splitlines()[2] and "18.22" in en.splitlines()[2]
    table = pd.DataFrame({"ok": [True], "note": ["growth from zero is undefined"]})
    assert format_table(table).splitlines()[2].split() == ["是", "基数为0"]
    assert format_table(table, lang="en").splitlines()[2].split() == ["yes", "zero", "base"]


# issue 16: the module is named for what it holds (the summary output); "report" names the annual
# report the library reads and writes. The old module name still imports, for one release, and
# warns.
def test_the_report_module_is_a_deprecated_alias_of_summary():
    import importlib
    import sys

    import luzhou_disclosure.summary as summary

    sys.modules.pop("luzhou_disclosure.report", None)
    with pytest.warns(FutureWarning, match="luzhou_disclosure.report is renamed"):
        old = importlib.import_module("luzhou_disclosure.report")
    assert old.write_workbook is summary.write_workbook
    assert old.summary_tables is summary.summary_tables
    assert set(old.__all__) <= set(dir(summary))
