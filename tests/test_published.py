"""Two real published PDF reports (洪泽区 2023 and 2024, made with WPS): every table cell pinned.

Expected values were typed by hand from the pages as printed (rendered with ``pdftoppm -png`` and
compared with ``pdftotext -layout``; tests/data/sources.tsv names the files' origin). A merged
cell's text stands at its top-left grid position and the positions it covers are ``""``, as a
spreadsheet reader gives a merged range; the grids below follow the rules drawn on the page (the
2024 section 四 header has an empty cell between 行政复议 and 行政诉讼, the 2023 one does not).

What the pages show and the reader must cope with: vertical header text one character per line
(三、本年度办理结果), header cells wrapped over lines (结果 / 维持), page numbers (-3-) between a
table and its continuation, a table that goes on over a page break without a rule at its foot,
spaces between digits and units (1136 条), and white boxes drawn behind every line of prose.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import luzhou_disclosure as ld
from luzhou_disclosure._vocab import (
    CARRIED_FORWARD,
    CARRIED_IN,
    RECEIVED,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    TOTAL,
)
from luzhou_disclosure.readers._sources import load_document

DATA = Path(__file__).parent / "data" / "published"
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", TOTAL)


def row3(c0: str, c1: str, c2: str, *values: int) -> list[str]:
    """A row of section 三: three label columns, then the seven applicant columns."""
    assert len(values) == 7
    return [c0, c1, c2, *(str(v) for v in values)]


def zeros(c0: str, c1: str, c2: str) -> list[str]:
    return row3(c0, c1, c2, *([0] * 7))


def only_natural(c0: str, c1: str, c2: str, n: int) -> list[str]:
    """A row where only 自然人 applied: n, five 0, and the 总计 n."""
    return row3(c0, c1, c2, n, 0, 0, 0, 0, 0, n)


HEADER_3 = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"]
    + [""] * 6,
    ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
    ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
]
PARTLY = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
HEADER_4_2023 = [
    ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉"]
    + [""] * 4
    + ["复议后起诉"]
    + [""] * 4,
    [""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
]


def a20(label: str, *values: str) -> list[str]:
    return [label, *values, *([""] * (3 - len(values)))]


# --- 洪泽区人民政府 2023 -----------------------------------------------------------------------

GRIDS_2023 = [
    # page 2, table 1: section 二 up to the heading of 第二十条第（六）项
    [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        a20("规章", "0", "0", "0"),
        a20("行政规范性文件", "0", "5", "5"),
        ["第二十条第（五）项", "", "", ""],
        a20("信息内容", "本年处理决定数量"),
        a20("行政许可", "550"),
        ["第二十条第（六）项", "", "", ""],
    ],
    # page 3, table 1: the rest of section 二 (the header 信息内容 has no rule above it)
    [
        a20("信息内容", "本年处理决定数量"),
        a20("行政处罚", "4119"),
        a20("行政强制", "195"),
        ["第二十条第（八）项", "", "", ""],
        a20("信息内容", "本年收费金额（单位：万元）"),
        a20("行政事业性收费", "7730.28"),
    ],
    # page 3, table 2: section 三 down to 2.没有现成信息需要另行制作 (no rule at its foot)
    [
        *HEADER_3,
        only_natural("一、本年新收政府信息公开申请数量", "", "", 21),
        zeros("二、上年结转政府信息公开申请数量", "", ""),
        zeros("三、本年度办理结果", "（一）予以公开", ""),
        only_natural("", PARTLY, "", 4),
        only_natural("", "（三）不予公开", "1.属于国家秘密", 1),
        zeros("", "", "2.其他法律行政止公开"),  # so printed: 法规禁 is missing
        zeros("", "", "3.危及“三安全一稳定”"),
        zeros("", "", "4.保护第三方合法权益"),
        zeros("", "", "5.属于三类内部事务信息"),
        only_natural("", "", "6.属于四类过程性信息", 1),
        only_natural("", "", "7.属于行政执法案卷", 1),
        zeros("", "", "8.属于行政查询事项"),
        only_natural("", "（四）无法提供", "1.本机关不掌握相关政府信息", 10),
        only_natural("", "", "2.没有现成信息需要另行制作", 3),
    ],
    # page 4, table 1: section 三 goes on (after the page number -3-)
    [
        zeros("", "", "3.补正后申请内容仍不明确"),
        only_natural("", "（五）不予处理", "1.信访举报投诉类申请", 1),
        zeros("", "", "2.重复申请"),
        zeros("", "", "3.要求提供公开出版物"),
        zeros("", "", "4.无正当理由大量反复申请"),
        zeros("", "", "5.要求行政机关确认或重新出具已获取信息"),
        zeros("", "（六）其他处理", ""),
        only_natural("", "（七）总计", "", 21),
        zeros("四、结转下年度继续办理", "", ""),
    ],
    # page 4, table 2: section 四 (行政复议 总计 is printed 0 beside 10 + 1)
    [
        *HEADER_4_2023,
        ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"],
    ],
]

# --- 淮安市洪泽区人民政府 2024 -------------------------------------------------------------------

GRIDS_2024 = [
    # page 2, table 1
    [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        a20("规章", "0", "0", "0"),
        a20("行政规范性文件", "3", "0", "8"),
        ["第二十条第（五）项", "", "", ""],
        a20("信息内容", "本年处理决定数量"),
        a20("行政许可", "9487"),
    ],
    # page 3, table 1
    [
        ["第二十条第（六）项", "", "", ""],
        a20("信息内容", "本年处理决定数量"),
        a20("行政处罚", "2776"),
        a20("行政强制", "84"),
        ["第二十条第（八）项", "", "", ""],
        a20("信息内容", "本年收费金额（单位：万元）"),
        a20("行政事业性收费", "7545"),
    ],
    # page 3, table 2: section 三 down to 1.本机关不掌握相关政府信息
    [
        *HEADER_3,
        only_natural("一、本年新收政府信息公开申请数量", "", "", 95),
        zeros("二、上年结转政府信息公开申请数量", "", ""),
        only_natural("三、本年度办理结果", "（一）予以公开", "", 50),
        only_natural("", PARTLY, "", 9),
        zeros("", "（三）不予公开", "1.属于国家秘密"),
        zeros("", "", "2.其他法律行政止公开"),
        only_natural("", "", "3.危及“三安全一稳定”", 1),
        zeros("", "", "4.保护第三方合法权益"),
        zeros("", "", "5.属于三类内部事务信息"),
        only_natural("", "", "6.属于四类过程性信息", 1),
        only_natural("", "", "7.属于行政执法案卷", 1),
        zeros("", "", "8.属于行政查询事项"),
        only_natural("", "（四）无法提供", "1.本机关不掌握相关政府信息", 31),
    ],
    # page 4, table 1
    [
        only_natural("", "", "2.没有现成信息需要另行制作", 1),
        zeros("", "", "3.补正后申请内容仍不明确"),
        only_natural("", "（五）不予处理", "1.信访举报投诉类申请", 1),
        zeros("", "", "2.重复申请"),
        zeros("", "", "3.要求提供公开出版物"),
        zeros("", "", "4.无正当理由大量反复申请"),
        zeros("", "", "5.要求行政机关确认或重新出具已获取信息"),
        zeros("", "（六）其他处理", ""),
        only_natural("", "（七）总计", "", 95),
        zeros("四、结转下年度继续办理", "", ""),
    ],
    # page 4, table 2: section 四; an empty cell stands between 行政复议 and 行政诉讼 in the first
    # row
    [
        ["行政复议", "", "", "", "", "", "", "", "行政诉讼"] + [""] * 6,
        *HEADER_4_2023[1:],
        ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"],
    ],
]

TABLES = {
    "hongze_2023.pdf": [(2, 1), (3, 1), (3, 2), (4, 1), (4, 2)],
    "hongze_2024.pdf": [(2, 1), (3, 1), (3, 2), (4, 1), (4, 2)],
}


@pytest.mark.parametrize(
    "name, grids", [("hongze_2023.pdf", GRIDS_2023), ("hongze_2024.pdf", GRIDS_2024)]
)
def test_every_table_cell_of_a_published_pdf(name, grids):
    doc = load_document(DATA / name)
    assert [g.cells for g in doc.grids] == grids
    # each cell is placed by page, table on that page, row and column (a merged cell's positions
    # at its top-left one)
    for g, (page, table) in zip(doc.grids, TABLES[name], strict=True):
        for r, row in enumerate(g.refs):
            for c, ref in enumerate(row):
                assert ref.startswith(f"{name}:page {page}:table {table}:row ")
                if g.cells[r][c]:
                    assert ref == f"{name}:page {page}:table {table}:row {r + 1}:col {c + 1}"


def test_merged_cells_point_at_their_top_left_position():
    g = load_document(DATA / "hongze_2023.pdf").grids[2]
    # 三、本年度办理结果 covers rows 6 to 17 of the first column
    assert g.refs[6][0] == g.refs[16][0] == "hongze_2023.pdf:page 3:table 2:row 6:col 1"
    # 申请人情况 covers the seven applicant columns of the first row
    assert g.refs[0][9] == "hongze_2023.pdf:page 3:table 2:row 1:col 4"


# --- records -----------------------------------------------------------------------------------

#: (year, section 二 by item, section 三 自然人 column by item (the other organisation columns
#: are 0, 总计 equals 自然人), section 四 by group)
FIGURES = {
    "hongze_2023.pdf": {
        "agency": "洪泽区人民政府",
        "year": 2023,
        "article20": {
            ("规章", "本年制发件数"): 0,
            ("规章", "本年废止件数"): 0,
            ("规章", "现行有效件数"): 0,
            ("行政规范性文件", "本年制发件数"): 0,
            ("行政规范性文件", "本年废止件数"): 5,
            ("行政规范性文件", "现行有效件数"): 5,
            ("行政许可", "本年处理决定数量"): 550,
            ("行政处罚", "本年处理决定数量"): 4119,
            ("行政强制", "本年处理决定数量"): 195,
        },
        "fee": 7730.28,
        "natural": {
            RECEIVED: 21,
            CARRIED_IN: 0,
            "予以公开": 0,
            "部分公开": 4,
            "属于国家秘密": 1,
            "危及“三安全一稳定”": 0,
            "保护第三方合法权益": 0,
            "属于三类内部事务信息": 0,
            "属于四类过程性信息": 1,
            "属于行政执法案卷": 1,
            "属于行政查询事项": 0,
            "本机关不掌握相关政府信息": 10,
            "没有现成信息需要另行制作": 3,
            "补正后申请内容仍不明确": 0,
            "信访举报投诉类申请": 1,
            "重复申请": 0,
            "要求提供公开出版物": 0,
            "无正当理由大量反复申请": 0,
            "要求行政机关确认或重新出具已获取信息": 0,
            "其他处理": 0,
            TOTAL: 21,
            CARRIED_FORWARD: 0,
        },
        "review": [(10, 1, 0, 0, 0), (0, 0, 0, 0, 0), (5, 0, 0, 0, 0)],
    },
    "hongze_2024.pdf": {
        "agency": "淮安市洪泽区人民政府",
        "year": 2024,
        "article20": {
            ("规章", "本年制发件数"): 0,
            ("规章", "本年废止件数"): 0,
            ("规章", "现行有效件数"): 0,
            ("行政规范性文件", "本年制发件数"): 3,
            ("行政规范性文件", "本年废止件数"): 0,
            ("行政规范性文件", "现行有效件数"): 8,
            ("行政许可", "本年处理决定数量"): 9487,
            ("行政处罚", "本年处理决定数量"): 2776,
            ("行政强制", "本年处理决定数量"): 84,
        },
        "fee": 7545,
        "natural": {
            RECEIVED: 95,
            CARRIED_IN: 0,
            "予以公开": 50,
            "部分公开": 9,
            "属于国家秘密": 0,
            "危及“三安全一稳定”": 1,
            "保护第三方合法权益": 0,
            "属于三类内部事务信息": 0,
            "属于四类过程性信息": 1,
            "属于行政执法案卷": 1,
            "属于行政查询事项": 0,
            "本机关不掌握相关政府信息": 31,
            "没有现成信息需要另行制作": 1,
            "补正后申请内容仍不明确": 0,
            "信访举报投诉类申请": 1,
            "重复申请": 0,
            "要求提供公开出版物": 0,
            "无正当理由大量反复申请": 0,
            "要求行政机关确认或重新出具已获取信息": 0,
            "其他处理": 0,
            TOTAL: 95,
            CARRIED_FORWARD: 0,
        },
        "review": [(1, 1, 0, 0, 2), (1, 0, 0, 0, 1), (2, 0, 1, 0, 3)],
    },
}


def read(name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ld.DisclosureWarning)
        return ld.read_report(DATA / name, findings=True)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_the_records_of_a_published_pdf(name):
    want = FIGURES[name]
    records, findings = read(name)
    assert set(records["agency"]) == {want["agency"]}  # the title, over two lines on page 1
    assert set(records["year"]) == {want["year"]}
    assert set(records["form"]) == {"2021"}
    table = records[records["field"].fillna("") != "narrative"]
    a20 = table[table["section"] == "article20"]
    got = {(r.item, r.field): r.count for r in a20.itertuples() if r.measure == "count"}
    assert got == want["article20"]
    fee = a20[a20["measure"] == "amount"]
    assert fee[["item", "value", "unit"]].values.tolist() == [
        ["行政事业性收费", want["fee"], "万元"]
    ]
    three = table[table["section"].isin(["applications", "outcomes"])]
    natural = {r.item: r.count for r in three.itertuples() if r.applicant == "自然人"}
    assert natural == want["natural"]
    for applicant in APPLICANTS[1:-1]:
        assert set(three.loc[three["applicant"] == applicant, "count"]) == {0}
    totals = {r.item: r.count for r in three.itertuples() if r.applicant == TOTAL}
    assert totals == want["natural"]
    # 2.其他法律行政止公开 (so printed) is no label of the form: a finding, not a figure
    assert "其他法律行政法规禁止公开" not in set(three["item"])
    unplaced = findings[findings["rule"] == "unplaced_row"]
    assert unplaced["sources"].tolist() == [f"{name}:page 3:table 2:row 9:col 4"]
    four = table[table["section"].isin(["reconsideration", "litigation"])]
    for (_, item, _), values in zip(REVIEW_GROUPS, want["review"], strict=True):
        got = dict(four.loc[four["item"] == item, ["field", "count"]].values.tolist())
        assert got == dict(zip(REVIEW_FIELDS, values, strict=True))


def test_sources_of_a_published_pdf_name_page_table_row_and_column():
    records, _ = read("hongze_2023.pdf")
    # the 21 of 一、本年新收…, column 自然人: page 3, its second table, row 4, column 4
    table = records[records["field"].isna()]  # not the prose's figures (field narrative)
    three = table[table["section"] == "applications"].set_index(["item", "applicant"])
    assert three.loc[(RECEIVED, "自然人"), "source"] == "hongze_2023.pdf:page 3:table 2:row 4:col 4"
    # the rows after the page break are on page 4's first table
    forward = three.loc[(CARRIED_FORWARD, TOTAL), "source"]
    assert forward == "hongze_2023.pdf:page 4:table 1:row 9:col 10"
    review = records[records["section"] == "reconsideration"].set_index("field")
    assert review.loc["结果维持", "source"] == "hongze_2023.pdf:page 4:table 2:row 4:col 1"
    assert review.loc["结果维持", "count"] == 10


def test_check_finds_what_the_2023_pdf_gets_wrong():
    records, _ = read("hongze_2023.pdf")
    found = ld.check(records)
    r4 = found[(found["rule"] == "R4") & (found["severity"] == "error")]
    # 行政复议: 结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11, 总计 printed 0;
    # 复议后起诉: 结果维持 5, 总计 printed 0
    assert sorted(r4[["item", "expected", "found"]].values.tolist()) == [
        ["复议后起诉", 5, 0],
        ["行政复议", 11, 0],
    ]
    assert "hongze_2023.pdf:page 4:table 2:row 4:col 5" in r4["sources"].str.cat(sep=" | ")


# --- prose -------------------------------------------------------------------------------------


def test_the_prose_of_a_published_pdf_reads_as_paragraphs():
    doc = load_document(DATA / "hongze_2023.pdf")
    lines = doc.prose.lines
    # the title, set over two lines in a large font, is one line
    assert lines[0] == "洪泽区人民政府2023年政府信息公开工作年度报告"
    # a paragraph wrapped over three lines is one line, without the gaps the PDF leaves around
    # digits (政府信息 1136 条)
    assert (
        "（一）主动公开情况。主要通过政府门户网站主动公开政府文件、项目审批、通知公告等各类政府信息。"
        "2023年，我区在政府网站平台主动公开政府信息1136条。"
    ) in lines
    # a paragraph going on over the page break (…严格执行“分 / -1- / 级审核、先审后发”…)
    assert any("严格执行“分级审核、先审后发”程序" in s for s in lines)
    # page numbers are not prose, nor is any table cell
    assert not any(s.strip("-— ").isdigit() for s in lines)
    assert not any("本年新收政府信息公开申请数量" in s for s in lines)
    assert "六、其他需要报告的事项" in lines


def test_a_prose_figure_of_a_published_pdf_names_page_line_and_text():
    records, _ = read("hongze_2023.pdf")
    said = records[records["field"] == "narrative"]
    # 2023 年全区受理政府信息公开申请 21 件 stands on page 1, line 20 (counting the title's two
    # lines)
    assert said.loc[said["measure"] == "count", ["item", "count", "source"]].values.tolist() == [
        [RECEIVED, 21, "hongze_2023.pdf:page 1:line 20「21件」"]
    ]
    # 全年收取政府信息公开信息处理费0元 under 六、其他需要报告的事项, page 5, line 5
    fee = said[said["section"] == "fees"]
    assert fee[["value", "source"]].values.tolist() == [
        [0.0, "hongze_2023.pdf:page 5:line 5「0元」"]
    ]


def minimal_pdf(content: str) -> bytes:
    """A one-page PDF (A4, Helvetica) whose page draws ``content`` (PDF text operators)."""
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_overprinted_bold_counts_once_and_page_numbers_are_no_prose(tmp_path):
    # a heading drawn twice, 0.4 pt apart (bold faked by overprinting), a line of text, and the
    # page number "- 1 -" at the foot of the page
    content = (
        "BT /F1 14 Tf 72 760 Td (Annual report 2023) Tj ET "
        "BT /F1 14 Tf 72.4 760 Td (Annual report 2023) Tj ET "
        "BT /F1 11 Tf 72 730 Td (Requests received: 21) Tj ET "
        "BT /F1 10 Tf 290 40 Td (- 1 -) Tj ET"
    )
    path = tmp_path / "bold.pdf"
    path.write_bytes(minimal_pdf(content))
    doc = load_document(path)
    assert doc.prose.lines == ["Annual report 2023", "Requests received: 21"]
    assert doc.prose.ref(1, 19, 21) == "bold.pdf:page 1:line 2「21」"
