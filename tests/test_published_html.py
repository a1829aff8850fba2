"""Web pages as government sites publish them: the report's part of the page, its tables (colspan
and rowspan), GBK/GB18030/UTF-8, and places that point into the HTML file.

The pages are written here the way common CMS pages are laid out (navigation, a content area
marked ``TRS_Editor`` or none, a footer with numbers that are not the report's); the report in them
is the one of tests/test_published_word.py, whose figures were chosen by hand.
"""

from __future__ import annotations

import html
import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import luzhou_disclosure as ld
from luzhou_disclosure._vocab import TOTAL
from luzhou_disclosure.errors import DisclosureWarning
from luzhou_disclosure.readers._sources import load_document
from test_published_word import (
    AGENCY,
    ARTICLE20_FIGURES,
    OVERVIEW,
    TITLE,
    YEAR,
    expected_records,
    figures,
    review_rows,
    table_rows,
)

DATA = Path(__file__).parent / "data" / "published"
_SOURCE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<a>\d+)-(?P<b>\d+)$")


def quiet(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DisclosureWarning)
        return ld.read_report(path)


def td(text, **attrs) -> str:
    a = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f"<td{a}>{html.escape(str(text))}</td>"


def report_tables() -> str:
    """Sections 二, 三 and 四 as HTML tables laid out like the official template."""
    a20 = ["<table border=1><caption>表1 主动公开政府信息情况</caption>"]
    blocks = {
        "第二十条第（一）项": ["规章", "行政规范性文件"],
        "第二十条第（五）项": ["行政许可"],
        "第二十条第（六）项": ["行政处罚", "行政强制"],
        "第二十条第（八）项": ["行政事业性收费"],
    }
    heads = {
        "第二十条第（一）项": ["本年制发件数", "本年废止件数", "现行有效件数"],
        "第二十条第（五）项": ["本年处理决定数量"],
        "第二十条第（六）项": ["本年处理决定数量"],
        "第二十条第（八）项": ["本年收费金额（单位：万元）"],
    }
    for block, items in blocks.items():
        a20.append(f"<tr>{td(block, colspan=4)}</tr>")
        span = {} if len(heads[block]) == 3 else {"colspan": 3}
        a20.append("<tr>" + td("信息内容") + "".join(td(h, **span) for h in heads[block]) + "</tr>")
        for item in items:
            cells = "".join(td(f"{v:g}", **span) for v in ARTICLE20_FIGURES[item])
            a20.append(f"<tr>{td(item)}{cells}</tr>")
    a20.append("</table>")
    rows = table_rows()
    three = [
        "<table border=1>",
        "<tr>"
        + td(
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            colspan=3,
            rowspan=3,
        )
        + td("申请人情况", colspan=7)
        + "</tr>",
        "<tr>"
        + td("自然人", rowspan=2)
        + td("法人或其他组织", colspan=5)
        + td("总计", rowspan=2)
        + "</tr>",
        "<tr>"
        + "".join(td(a) for a in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))
        + "</tr>",
    ]
    groups = {
        "不予公开": "（三）不予公开",
        "无法提供": "（四）无法提供",
        "不予处理": "（五）不予处理",
    }
    groups["其他处理"] = "（六）其他处理"
    number = {}
    for i, (item, parent, values) in enumerate(rows):
        cells = "".join(td(v) for v in values)
        if i == 0:
            label = td("一、本年新收政府信息公开申请数量", colspan=3)
        elif i == 1:
            label = td("二、上年结转政府信息公开申请数量", colspan=3)
        elif i == len(rows) - 1:
            label = td("四、结转下年度继续办理", colspan=3)
        else:
            label = td("三、本年度办理结果", rowspan=len(rows) - 3) if i == 2 else ""
            if parent is None:
                text = {
                    "予以公开": "（一）予以公开",
                    "部分公开": "（二）部分公开",
                    TOTAL: "（七）总计",
                }
                label += td(text[item], colspan=2)
            else:
                n = number.setdefault(parent, 0) + 1
                number[parent] = n
                if n == 1:
                    size = sum(1 for _, p, _ in rows if p == parent)
                    label += td(groups[parent], rowspan=size)
                label += td(f"{n}.{item}")
        three.append(f"<tr>{label}{cells}</tr>")
    three.append("</table>")
    fields = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    four = [
        "<table border=1>",
        "<tr>" + td("行政复议", colspan=5) + td("行政诉讼", colspan=10) + "</tr>",
        "<tr>"
        + "".join(td(f, rowspan=2) for f in fields)
        + td("未经复议直接起诉", colspan=5)
        + td("复议后起诉", colspan=5)
        + "</tr>",
        "<tr>" + "".join(td(f) for f in fields * 2) + "</tr>",
        "<tr>" + "".join(td(v) for *_, values in review_rows() for v in values) + "</tr>",
        "</table>",
    ]
    return (
        "<p>二、主动公开政府信息情况</p>\n"
        + "\n".join(a20)
        + "\n<p>三、收到和处理政府信息公开申请情况</p>\n"
        + "\n".join(three)
        + "\n<p>四、政府信息公开行政复议、行政诉讼情况</p>\n"
        + "\n".join(four)
    )


NAV = (
    '<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> '
    "<span>今日访问量：12345次，累计发布信息8000条</span></div>\n"
)
FOOTER = '<div class="footer">主办：泸州市某局 电话：0830-1234567 网站标识码5105000001</div>\n'


def cms_page(*, marker: str | None = 'class="TRS_Editor"', charset: str = "gbk") -> str:
    content = (
        f"<p>一、总体情况</p>\n<p>{OVERVIEW}</p>\n"
        + report_tables()
        + "\n<p>五、存在的主要问题及改进情况</p><p>无。</p>\n"
        "<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>\n"
    )
    area = (
        f"<div {marker}>\n{content}</div>\n" if marker else f"<div class='main'>\n{content}</div>\n"
    )
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{TITLE}_{AGENCY}</title></head>\n<body>\n{NAV}"
        f"<h1 class='title'>{TITLE}</h1>\n{area}{FOOTER}</body></html>\n"
    )


@pytest.mark.parametrize(
    "marker",
    ['class="TRS_Editor"', 'id="zoom"', 'id="UCAP-CONTENT"', 'class="pages_content"', None],
)
def test_a_cms_page_in_gbk_reads_to_the_report_figures(tmp_path, marker):
    page = cms_page(marker=marker)
    path = tmp_path / "t20240115_123.shtml"
    path.write_bytes(page.encode("gbk"))
    records = quiet(path)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    # the navigation and the footer are not the report: none of their numbers is a figure
    assert not records["count"].isin([12345, 8000]).any()
    said = records[records["field"] == "narrative"]
    assert said["count"].tolist() == [53]
    # a table's caption is prose, and no part of the grid
    doc = load_document(path)
    assert "表1 主动公开政府信息情况" in doc.prose.lines
    assert doc.grids[0].cells[0][0] == "第二十条第（一）项"


def test_places_point_into_the_html_file(tmp_path):
    page = cms_page()
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk"))
    records = quiet(path)
    lines = page.splitlines()  # the decoded file, line by line
    for src, count in records[["source", "count"]].dropna().itertuples(index=False):
        m = _SOURCE.match(src)
        assert m is not None and m["file"] == "page.html"
        shown = lines[int(m["line"]) - 1][int(m["a"]) : int(m["b"])]
        assert re.sub(r"\D", "", shown) == str(count), (src, shown)
    said = records[records["field"] == "narrative"]
    m = _SOURCE.match(said["source"].iloc[0])
    assert lines[int(m["line"]) - 1][int(m["a"]) : int(m["b"])] == "53件"


def test_an_empty_html_cell_is_placed_by_table_row_and_column(tmp_path):
    page = (
        cms_page()
        .replace("<td>1234</td>", "<td></td>")
        .replace('<td colspan="3">1234</td>', '<td colspan="3"></td>')
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        records = ld.read_report(path)
    permit = records[records["item"] == "行政许可"]
    assert permit["count"].isna().all()
    # the first table's seventh row (第二十条第（一）项, its header, 规章, 行政规范性文件,
    # 第二十条第（五）项, its header, 行政许可), second column
    assert permit["source"].tolist() == ["page.html:table 1:row 7:col 2"]


def test_colspan_and_rowspan_are_expanded_into_a_grid():
    doc = load_document(cms_page(charset="utf-8"))
    three = doc.grids[1]
    assert three.cells[0][:4] == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "",
        "",
        "申请人情况",
    ]
    assert three.cells[1][3:] == ["自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert three.cells[2][3:] == [
        "",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "",
    ]
    assert three.cells[5][:3] == ["三、本年度办理结果", "（一）予以公开", ""]
    assert three.cells[7][:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    assert three.cells[8][:3] == ["", "", "2.其他法律行政法规禁止公开"]
    # a covered position is placed at the cell that covers it
    assert three.refs[8][1] == three.refs[7][1]
    assert all(len(row) == 10 for row in three.cells)


def test_a_page_laid_out_in_tables_reads_its_prose_and_its_data_tables(tmp_path):
    content = (
        f"<p>{TITLE}</p><p>一、总体情况</p><p>{OVERVIEW}</p>"
        + report_tables()
        + "<p>五、存在的主要问题及改进情况</p><p>无。</p>"
    )
    page = (
        "<html><body><table width=980><tr><td>"
        + NAV
        + "</td></tr><tr><td><table><tr><td width=200><a href='/'>栏目</a></td><td>"
        + content
        + "</td></tr></table></td></tr></table></body></html>"
    )
    path = tmp_path / "old.htm"
    path.write_text(page, encoding="gb18030")  # no declared charset: GB18030 found from the bytes
    records = quiet(path)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    assert records[records["field"] == "narrative"]["count"].tolist() == [53]


@pytest.mark.parametrize(
    "encoding, declared",
    [("utf-8-sig", None), ("utf-8", "gb2312"), ("gb18030", None), ("gbk", "gb2312")],
)
def test_the_charset_is_found_from_bom_declaration_or_content(tmp_path, encoding, declared):
    """A byte-order mark wins; a declared charset is used where the bytes fit it (a page that says
    gb2312 but was saved as UTF-8 is read as UTF-8); otherwise UTF-8, then GB18030."""
    meta = f'<meta charset="{declared}">' if declared else ""
    page = f"<html><head>{meta}</head><body><p>{TITLE}</p><p>{OVERVIEW}</p></body></html>"
    path = tmp_path / "p.html"
    path.write_bytes(page.encode(encoding))
    records = quiet(path)
    assert records[["agency", "year", "count"]].values.tolist() == [[AGENCY, YEAR, 53]]


def test_a_web_page_saved_as_doc_and_a_pdf_saved_as_txt_are_read_for_what_they_are(tmp_path):
    doc = tmp_path / "report.doc"
    doc.write_text(cms_page(charset="utf-8"), encoding="utf-8")
    pd.testing.assert_frame_equal(figures(quiet(doc)), figures(expected_records()))
    txt = tmp_path / "report.txt"
    shutil.copyfile(DATA / "hongze_2024.pdf", txt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        records = ld.read_report(txt)
    assert records["source"].str.startswith("report.txt:page ").all()
    assert set(records["agency"]) == {"淮安市洪泽区人民政府"}


def test_a_table_in_a_report_before_the_standard_forms_is_a_finding_not_figures(tmp_path):
    """The table interpreter reads the 2019/2021 tables only; a 2016 report's table of categories is
    left unread and says so (its prose is read as before)."""
    page = (
        "<html><body><h1>某县统计局2016年政府信息公开工作年度报告</h1>"
        "<p>一、主动公开政府信息情况</p><p>2016年主动公开政府信息120条。</p>"
        "<table><tr><td>类别</td><td>条数</td></tr><tr><td>工作动态</td><td>80</td></tr>"
        "<tr><td>人事信息</td><td>40</td></tr></table></body></html>"
    )
    path = tmp_path / "2016.html"
    path.write_text(page, encoding="utf-8")
    records, found = ld.read_report(path, findings=True)
    assert records["count"].tolist() == [120]  # the prose's total; no figure from the table
    unread = found[found["rule"] == "unread_table"]
    assert unread["severity"].tolist() == ["warning"]
    m = _SOURCE.match(unread["sources"].iloc[0])  # the first cell with a figure: 80
    assert page.splitlines()[int(m["line"]) - 1][int(m["a"]) : int(m["b"])] == "80"
