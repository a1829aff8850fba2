"""The standard-form interpreter (_standard.interpret_grid) on small hand-built grids.

Expected values are the cells of each grid, checked by hand.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from luzhou_disclosure.errors import DisclosureWarning
from luzhou_disclosure.readers._standard import interpret_grid

APP_HEADER = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"],
    ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
    ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
]
REVIEW = [
    ["行政复议", "", "", "", "", "行政诉讼"],
    ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
]


def ref(r: int, c: int) -> str:
    return f"g:{r}:{c}"


def interpret(grid, *, year=2021, form=None, expect_warning=False):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        recs, found = interpret_grid(grid, ref, agency="甲局", year=year, form=form)
    warned = [w for w in caught if issubclass(w.category, DisclosureWarning)]
    assert bool(warned) == expect_warning, [str(w.message) for w in warned]
    return recs, found


def figure(recs: pd.DataFrame, item: str, applicant: str = "总计", field=None):
    sel = (recs["item"] == item) & (recs["applicant"] == applicant)
    if field is not None:
        sel &= recs["field"] == field
    rows = recs[sel]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_section_four_by_header_columns():
    grid = [*REVIEW, [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 3, "/", "", 0, 3]]
    recs, found = interpret(grid)
    assert found.empty
    assert len(recs) == 15
    assert figure(recs, "行政复议", field="总计")["count"] == 2
    assert figure(recs, "复议后起诉", field="结果维持")["count"] == 3
    assert pd.isna(figure(recs, "复议后起诉", field="结果纠正")["count"])  # "/" is NA, never 0
    assert pd.isna(figure(recs, "复议后起诉", field="其他结果")["count"])  # blank is NA
    assert figure(recs, "复议后起诉", field="总计")["source"] == "g:3:14"
    assert set(recs.loc[recs["section"] == "litigation", "parent"]) == {"行政诉讼"}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", None),
        ("/", None),
        ("—", None),
        ("无", None),
        ("不适用", None),
        ("3件", 3),
        ("８１１", 811),
        ("1,234", 1234),
        (7, 7),
        (7.0, 7),
        (" 12 ", 12),
    ],
)
def test_cells_na_and_numbers(cell, expected):
    grid = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", cell, 0, 0]]
    recs, _ = interpret(grid, expect_warning=True)  # the rest of section 二 is missing
    got = figure(recs, "规章", field="本年制发件数")["count"]
    assert pd.isna(got) if expected is None else got == expected


@pytest.mark.parametrize(
    ("label", "item"),
    [
        ("规 章", "规章"),
        ("行政规范性文件", "行政规范性文件"),
        ("规范性文件", "行政规范性文件"),
        ("行政強制", "行政强制"),
        ("行政 许可", "行政许可"),
    ],
)
def test_article20_label_variants(label, item):
    grid = (
        [["信息内容", "本年处理决定数量", "", ""], [label, 5]]
        if item in ("行政强制", "行政许可")
        else [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], [label, 5, 0, 1]]
    )
    recs, _ = interpret(grid, expect_warning=True)
    assert recs["item"].tolist()[0] == item
    assert recs["label"].tolist()[0] == label  # the original label is kept
    assert recs["form"].iloc[0] == "2021"


def _section3(rows, header=APP_HEADER):
    return [*header, *rows]


def test_group_label_on_first_sub_row_only_and_variants():
    grid = _section3(
        [
            ["三、本年度办理结果", "(三)不予公開", "1.屬於國家秘密", 1, 0, 0, 0, 0, 0, 1],
            ["", "", "2．其他法律行政法规禁止公开", 0, 2, 0, 0, 0, 0, 2],
            ["", "（四）无法提供", "1.本机关不掌握相关政府信息", 0, 0, 0, 0, 0, 3, 3],
        ]
    )
    recs, found = interpret(grid, expect_warning=True)  # most rows missing: truncated
    secret = figure(recs, "属于国家秘密", "自然人")
    assert (secret["parent"], secret["count"], secret["section"]) == ("不予公开", 1, "outcomes")
    assert secret["label"] == "(三)不予公開 1.屬於國家秘密"
    other = figure(recs, "其他法律行政法规禁止公开", "商业企业")
    assert (other["parent"], other["count"]) == ("不予公开", 2)
    assert other["label"].startswith("(三)不予公開")  # the group label is carried to sub-rows
    assert figure(recs, "本机关不掌握相关政府信息", "其他")["parent"] == "无法提供"
    assert "truncated_table" in set(found["rule"])


def test_applicant_header_variants():
    header = [
        ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "", "", "申请人情况"],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业 企业", "科研企业", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    grid = _section3([["一、本年新收政府信息公开申请数量", "", "", 1, 2, 3, 4, 5, 6, 21]], header)
    recs, _ = interpret(grid, expect_warning=True)
    assert recs["applicant"].tolist() == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert recs["count"].tolist() == [1, 2, 3, 4, 5, 6, 21]


def test_eight_columns_with_subtotal():
    header = [
        ["勾稽关系", "", "", "申请人情况"],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "", "总计"],
        [
            "",
            "",
            "",
            "",
            "小计",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "",
        ],
    ]
    grid = _section3([["一、本年新收政府信息公开申请数量", "", "", 1, 5, 1, 1, 1, 1, 1, 6]], header)
    recs, _ = interpret(grid, expect_warning=True)
    assert figure(recs, "本年新收政府信息公开申请数量", "法人或其他组织")["count"] == 5
    assert figure(recs, "本年新收政府信息公开申请数量", "总计")["count"] == 6


def test_flattened_text_lines_are_read_by_position():
    # as a mirror site flattens the table: header cells do not line up with the figures
    grid = [
        ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况"],
        ["自然人", "法人或其他组织", "总计"],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
        ["一、本年新收政府信息公开申请数量", "58", "7", "0", "0", "1", "0", "66", ""],
        ["三、本年度办理结果", "(一)予以公开", "2", "1", "0", "0", "0", "0", "3"],
    ]
    recs, _ = interpret(grid, expect_warning=True)
    assert figure(recs, "本年新收政府信息公开申请数量", "自然人")["count"] == 58
    # placed by position (the header's reading order), which the source says (issue 13)
    assert figure(recs, "本年新收政府信息公开申请数量", "总计")["source"] == "g:3:7 (positional)"
    assert figure(recs, "予以公开", "总计")["count"] == 3
    assert figure(recs, "予以公开", "自然人")["source"] == "g:4:2 (positional)"


def test_truncated_row_is_a_finding_with_its_cell():
    # a flattened row with three of the header's seven cells: which three cannot be told, so
    # none is placed (issue 13: never a column by position alone, but for a row of exactly the
    # header's cells); the finding names the row's last cell
    grid = [
        ["勾稽关系", "申请人情况"],
        ["自然人", "法人或其他组织", "总计"],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
        ["一、本年新收政府信息公开申请数量", "1", "2", "3"],
    ]
    recs, found = interpret(grid, expect_warning=True)
    assert recs.empty
    cut = found[found["message"].str.contains("stops after 3 of 7")]
    assert cut["sources"].tolist() == ["g:3:3"]


def test_unreadable_cell_and_unplaced_row_are_findings():
    grid = [
        *REVIEW,
        [1, 0, 0, "未统计", 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["地方性法规", 1, 2, 3],
    ]
    recs, found = interpret(grid, expect_warning=True)
    bad = found[found["rule"] == "unreadable_cell"]
    assert bad["sources"].tolist() == ["g:3:3"]
    assert "未统计" in bad["message"].iloc[0]
    assert pd.isna(figure(recs, "行政复议", field="尚未审结")["count"])
    unplaced = found[found["rule"] == "unplaced_row"]
    assert unplaced["sources"].tolist() == ["g:5:1"]
    assert set(found["severity"]) == {"warning"}


@pytest.mark.parametrize(
    ("rows", "year", "form", "expected"),
    [
        (
            [["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", 1, 1, 1]],
            2021,
            None,
            "2019",
        ),
        (
            [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", 1, 1, 1]],
            2020,
            None,
            "2021",
        ),
        ([*REVIEW, [0] * 15], 2020, None, "2019"),
        ([*REVIEW, [0] * 15], 2022, None, "2021"),
        ([*REVIEW, [0] * 15], 2020, "2021", "2021"),
    ],
)
def test_form_from_labels_then_form_then_year(rows, year, form, expected):
    recs, _ = interpret(rows, year=year, form=form, expect_warning="规章" in str(rows))
    assert set(recs["form"]) == {expected}


def test_2019_other_handling_row_and_2021_reasons():
    grid19 = _section3([["", "（六）其他处理", "", 1, 0, 0, 0, 0, 0, 1]])
    recs, _ = interpret(grid19, year=2020, expect_warning=True)
    assert (
        figure(recs, "其他处理", "总计")["count"],
        pd.isna(figure(recs, "其他处理")["parent"]),
    ) == (1, True)
    grid21 = _section3(
        [
            [
                "",
                "（六）其他处理",
                "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
                1,
                0,
                0,
                0,
                0,
                0,
                1,
            ],
            [
                "",
                "",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                0,
                0,
                0,
                0,
                0,
                0,
                0,
            ],
            ["", "", "3.其他", 0, 2, 0, 0, 0, 0, 2],
        ]
    )
    recs, _ = interpret(grid21, year=2020, expect_warning=True)
    assert set(recs["form"]) == {"2021"}
    assert figure(recs, "其他", "商业企业")[["parent", "count"]].tolist() == ["其他处理", 2]


def test_complete_2021_section3_has_no_findings():
    from luzhou_disclosure._vocab import STANDARD_OUTCOMES

    rows = [
        ["一、本年新收政府信息公开申请数量", "", ""] + [1] * 7,
        ["二、上年结转政府信息公开申请数量", "", ""] + [0] * 7,
    ]
    for it in STANDARD_OUTCOMES:
        if "2021" in it.forms:
            rows.append(["", it.parent or "", it.item] + [0] * 7)
    rows.append(["四、结转下年度继续办理", "", ""] + [0] * 7)
    recs, found = interpret(_section3(rows))
    assert found.empty
    assert len(recs) == (3 + 23 - 1) * 7  # 3 flow rows, the 2021 outcome rows
