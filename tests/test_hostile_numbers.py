"""Issue 12, numbers: a figure of 20 digits is an error or a finding naming its place, never an
OverflowError; 5% in a count cell is not the count 5."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import luzhou_disclosure as ld
from hostile_files import xlsx
from luzhou_disclosure._numbers import MAX_FIGURE, TOO_LARGE, parse_number

HEADER = ["agency", "year", "section", "item", "measure", "count", "value", "base", "decimals"]


@pytest.mark.parametrize(
    "raw",
    ["12345678901234567890", "1,234,567,890,123,456", "1000000000000000", 10**20, 1e20,
     float("inf"), float("-inf"), "一万亿亿", "12345678901234亿", "-9999999999999999"],
)  # fmt: skip
def test_a_figure_of_more_than_15_digits_is_a_value_error(raw):
    with pytest.raises(ValueError, match=TOO_LARGE):
        parse_number(raw)


@given(st.integers(min_value=-(MAX_FIGURE - 1), max_value=MAX_FIGURE - 1))
def test_every_whole_number_of_at_most_15_digits_is_read_exactly(n):
    assert parse_number(str(n)).value == n
    assert parse_number(f"{n:,}").value == n
    assert parse_number(n).value == n


@given(st.integers(min_value=MAX_FIGURE, max_value=10**40), st.booleans())
def test_every_longer_whole_number_is_refused(n, negative):
    with pytest.raises(ValueError, match=TOO_LARGE):
        parse_number(str(-n if negative else n))


def _records_csv(tmp_path, rows: list[list[str]]):
    path = tmp_path / "records.csv"
    pd.DataFrame(rows, columns=HEADER).to_csv(path, index=False)
    return path


def test_records_cells_of_20_digits_and_percentages_in_a_count_name_their_cells(tmp_path):
    good = ["甲局", "2020", "proactive", "概况类", "count", "3", "", "", ""]
    path = _records_csv(
        tmp_path,
        [
            good,
            [
                "甲局",
                "2020",
                "proactive",
                "主动公开政府信息总数",
                "count",
                "12345678901234567890",
                "",
                "",
                "",
            ],
            ["甲局", "2020", "proactive", "工作动态类", "count", "5%", "", "", ""],
            [
                "甲局",
                "2020",
                "proactive",
                "信息公开指南类",
                "share_pct",
                "",
                "5‰",
                "主动公开政府信息总数",
                "1",
            ],
        ],
    )
    with pytest.raises(ld.RecordsFileError) as info:
        ld.read_records(path)
    cases = info.value.failure_cases.set_index("cell")["message"].to_dict()
    # row 1 is the header: the 20 digits are F3, 5% is F4, 5‰ is G5
    assert cases == {
        "F3": "cannot interpret '12345678901234567890'; expected a number of at most 15 digits",
        "F4": "cannot interpret '5%'; expected a count, not a percentage: a share goes in column "
        "value with measure share_pct (6.10 for 6.10%)",
        "G5": "cannot interpret '5‰'; expected a percentage written with % (0.5 for 5‰)",
    }


def test_a_share_written_with_percent_in_the_value_column_is_read(tmp_path):
    path = _records_csv(
        tmp_path,
        [
            [
                "甲局",
                "2020",
                "proactive",
                "概况类",
                "share_pct",
                "",
                "6.10%",
                "主动公开政府信息总数",
                "2",
            ]
        ],
    )
    assert ld.read_records(path)["value"].tolist() == [6.10]


def test_a_numeric_cell_of_20_digits_in_a_records_workbook_names_its_cell(tmp_path):
    head = b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (c.encode(), n.encode())
        for c, n in zip("ABCDE", ["agency", "year", "section", "item", "count"], strict=True)
    )
    row = (
        b'<c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2"><v>2020</v></c>'
        b'<c r="C2" t="inlineStr"><is><t>proactive</t></is></c>'
        b'<c r="D2" t="inlineStr"><is><t>\xe6\xa6\x82\xe5\x86\xb5\xe7\xb1\xbb</t></is></c>'
        b'<c r="E2"><v>1.2345678901234567E+19</v></c>'
    )
    path = xlsx(
        tmp_path / "big.xlsx", b'<row r="1">' + head + b'</row><row r="2">' + row + b"</row>"
    )
    with pytest.raises(ld.RecordsFileError) as info:
        ld.read_records(path)
    assert (info.value.sheet, info.value.cell, info.value.expected) == ("records", "E2", TOO_LARGE)


@pytest.mark.parametrize("count", [10**20, 1.2e19, float("inf")])
def test_make_records_with_a_count_of_20_digits_is_a_schema_error(count):
    with pytest.raises(ld.SchemaError, match=f"is not {TOO_LARGE}"):
        ld.make_records([{"agency": "甲局", "year": 2020, "section": "proactive", "item": "概况类",
                          "measure": "count", "count": count}])  # fmt: skip


TEXT = """泸州市统计局2017年政府信息公开工作年度报告
(一)主动公开政府信息情况。
2017年主动公开政府信息12345678901234567890条,比2016年多125条。"""


def test_a_report_stating_a_figure_of_20_digits_gives_a_finding_naming_the_place():
    records, findings = ld.read_report(TEXT, findings=True)
    assert "主动公开政府信息总数" not in set(records["item"])  # the total cannot be read
    (finding,) = findings.to_dict("records")
    # line 3 from character 13: 主动公开政府信息 ends at 12, the 20 digits follow; the text
    # reader's account names every number it did not read number_not_interpreted
    assert finding["rule"] == "number_not_interpreted"
    assert finding["sources"].startswith("<text>:3:13-")
    assert "'12345678901234567890" in finding["message"]


def test_read_reports_reads_such_a_report_with_the_finding(tmp_path):
    (tmp_path / "big.txt").write_text(TEXT, encoding="utf-8")
    records, findings = ld.read_reports(tmp_path, progress=False, findings=True)
    assert records.attrs["failures"] == []
    assert findings["rule"].tolist() == ["number_not_interpreted"]
    assert findings["sources"].str.startswith("big.txt:3:13-").tolist() == [True]
