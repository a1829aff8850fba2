"""readers/_headers.py: the column map a table's header rows give (issue 13).

Header rows are (grid row, ((column, text), …)) as the interpreter collects them; the expected maps
are read off each header by hand.
"""

from __future__ import annotations

import pytest

from luzhou_disclosure.readers._headers import header_columns

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def rows(*lines: list[str]) -> tuple:
    """Header rows from lists of cells (blank cells left out, as the interpreter gives them)."""
    return tuple(
        (r, tuple((c, text) for c, text in enumerate(line) if text)) for r, line in enumerate(lines)
    )


def test_merged_three_row_applicant_header_with_a_subtotal_and_a_remark():
    header = rows(
        [NOTE, "", "", "申请人情况", "", "", "", "", "", "", "", "", "备注"],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "", "", "总计"],
        [
            "",
            "",
            "",
            "",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "小计",
            "",
        ],
    )
    cols = header_columns("三", header)
    assert cols.aligned and cols.first == 3
    assert dict(cols.roles) == {
        3: "自然人",
        4: "商业企业",
        5: "科研机构",
        6: "社会公益组织",
        7: "法律服务机构",
        8: "其他",
        9: "法人或其他组织",  # 小计 under 法人或其他组织
        11: "总计",
    }
    assert cols.remarks == {12}
    assert cols.problems == ()  # column 10 is an empty spacer under 法人或其他组织: no column


def test_the_same_header_written_out_in_every_cell_of_its_spans():
    header = rows(
        [NOTE, NOTE, NOTE, *["申请人情况"] * 7],
        [NOTE, NOTE, NOTE, "自然人", *["法人或其他组织"] * 5, "总计"],
        [NOTE, NOTE, NOTE, "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构"]
        + ["其他", "总计"],
    )
    cols = header_columns("三", header)
    assert [role for _, role in cols.roles] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert cols.first == 3 and cols.problems == ()


def test_a_header_that_does_not_line_up_gives_its_columns_in_reading_order():
    # as a table flattened into text gives it: all header cells on one line, the second header
    # row (the columns under 法人或其他组织) after 总计
    header = rows(
        [NOTE, "申请人情况", "自然人", "法人或其他组织", "总计", "小计", "商业 企业", "科研"]
        + ["机构", "社会公益组织", "法律服务机构", "其他"]
    )
    cols = header_columns("三", header, flattened=True)
    assert not cols.aligned
    assert cols.sequence == (
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",  # 科研 | 机构: a word broken over two cells, joined again
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    )


@pytest.mark.parametrize("litigation_at", [5, 8], ids=["merged", "off-centre"])
def test_section_four_groups_from_the_cells_above_each_field(litigation_at):
    fields = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    top = [""] * 15
    top[0], top[litigation_at] = "行政复议", "行政诉讼"
    header = rows(
        top,
        [*fields, "未经复议直接起诉", "", "", "", "", "复议后起诉"],
        ["", "", "", "", "", *fields, *fields],
    )
    cols = header_columns("四", header)
    assert cols.aligned
    roles = dict(cols.roles)
    assert roles[0] == (0, "结果维持") and roles[4] == (0, "总计")
    assert roles[8] == (1, "尚未审结") and roles[9] == (1, "总计")  # under 未经复议直接起诉
    assert roles[10] == (2, "结果维持") and roles[14] == (2, "总计")


def test_an_amounts_unit_from_the_header_and_an_unknown_column():
    header = rows(
        ["第二十条第（八）项"],
        ["信息内容", "本年收费金额", "其他收入"],
        ["", "（单位：元）", ""],
    )
    cols = header_columns("二", header)
    assert dict(cols.roles) == {1: ("2021", "本年收费金额")}
    assert dict(cols.units) == {1: "元"}
    assert [(rule, r, c) for rule, _, r, c in cols.problems] == [("header_mismatch", 1, 2)]
    assert "'其他收入'" in cols.problems[0][1]
