"""The classes of report text the reader must read (issue 15), each on a small text built by hand.

Each text is written in the shape real pages take (the development and batch2 texts show them:
tests/data/reports); the expected figures are the ones the text states, read off by hand.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import luzhou_disclosure as ld
from luzhou_disclosure.errors import DisclosureWarning

RECEIVED = "本年新收政府信息公开申请数量"
T = "主动公开政府信息总数"


def read(text, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        return ld.read_report(text, findings=True, **kwargs)


def table(records, section, item, by="field"):
    """{field or applicant: figure} of one table row (prose figures, field narrative, left out)."""
    rows = records[
        (records["section"] == section)
        & (records["item"] == item)
        & (records["field"].ne("narrative") | records["field"].isna())
    ]
    out = {}
    for r in rows.itertuples():
        value = r.count if pd.notna(r.count) else r.value
        out[getattr(r, by)] = None if pd.isna(value) else value
    return out


HEAD_2021 = "某县统计局2023年政府信息公开工作年度报告\n一、总体情况\n本局依法公开政府信息。\n"
HEAD_2019 = "某县统计局2020年政府信息公开工作年度报告\n一、总体情况\n本局依法公开政府信息。\n"


# --- tables flattened one cell per line ------------------------------------------------------------


def test_one_cell_per_line_with_filler_lines():
    # each cell on its own line ending in |, with ||/||| lines filling the empty cells of the page
    text = HEAD_2021 + "\n".join(
        [
            "二、主动公开政府信息情况",
            "第二十条第(一)项 |",
            "|||",
            "信息内容 |",
            "本年制发件数 |",
            "本年废止件数 |",
            "现行有效件数 |",
            "规章 |",
            "0 |",
            "0 |",
            "0 |",
            "行政规范性文件 |",
            "3 |",
            "1 |",
            "12 |",
            "第二十条第(五)项 |",
            "|||",
            "信息内容 |",
            "本年处理决定数量 |",
            "||",
            "行政许可 |",
            "25 |",
            "||",
            "第二十条第(六)项 |",
            "|||",
            "信息内容 |",
            "本年处理决定数量 |",
            "||",
            "行政处罚 |",
            "7 |",
            "||",
            "行政强制 |",
            "0",  # the last cell of the page lost its |
        ]
    )
    records, findings = read(text)
    assert table(records, "article20", "行政规范性文件") == {
        "本年制发件数": 3,
        "本年废止件数": 1,
        "现行有效件数": 12,
    }
    assert table(records, "article20", "行政许可") == {"本年处理决定数量": 25}
    assert table(records, "article20", "行政处罚") == {"本年处理决定数量": 7}
    assert table(records, "article20", "行政强制") == {"本年处理决定数量": 0}
    assert not set(findings["rule"]) & {"unplaced_row", "unreadable_cell"}


def test_cells_in_paragraphs_with_empty_cells_as_extra_blank_lines():
    # cells separated by a blank line; the six empty applicant cells of a row are six more blank
    # lines, and the 总计 cell reads " 0"
    rows = "\n\n".join(
        ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织", "总计"]
        + ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    )
    received = "一、本年新收政府信息公开申请数量\n" + "\n" * 7 + " 2"
    carried = "二、上年结转政府信息公开申请数量\n\n 1\n\n 0\n\n 0\n\n 0\n\n 0\n\n 0\n\n 1"
    records, _ = read(HEAD_2021 + rows + "\n\n" + received + "\n\n" + carried + "\n")
    assert table(records, "applications", RECEIVED, by="applicant") == {
        "自然人": None,
        "商业企业": None,
        "科研机构": None,
        "社会公益组织": None,
        "法律服务机构": None,
        "其他": None,
        "总计": 2,
    }
    carried_in = table(records, "applications", "上年结转政府信息公开申请数量", by="applicant")
    assert carried_in["自然人"] == 1 and carried_in["总计"] == 1


def test_row_labels_with_notes_in_brackets_and_traditional_characters():
    text = (
        "某市2020年政府信息公開工作年度報告\n二、主動公開政府信息情況\n"
        "第二十條第(一)項 | | | |\n"
        "信息內容 | 本年新制作數量 | 本年新公開數量 | 對外公開總數量 |\n"
        "規章(設區的市、自治州人民政府應提供相關數據) | 1 | 1 | 9 |\n"
        "規範性文件 | 4 | 4 | 30 |\n"
    )
    records, _ = read(text)
    assert table(records, "article20", "规章") == {
        "本年新制作数量": 1,
        "本年新公开数量": 1,
        "对外公开总数量": 9,
    }
    assert table(records, "article20", "规范性文件")["对外公开总数量"] == 30


# --- cells run together ---------------------------------------------------------------------------


def test_cells_run_together_are_read_only_where_the_text_tells_them_apart():
    # a page flattened to one line: the cells of each row run together without a separator
    text = HEAD_2021.replace("\n本局依法公开政府信息。\n", "") + (
        "本局依法公开政府信息。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数"
        "现行有效件数规章000行政规范性文件693665第二十条第（五）项信息内容本年处理决定数量行政许可2293"
        "第二十条第（六）项信息内容本年处理决定数量行政处罚1282行政强制0第二十条第（八）项信息内容"
        "本年收费金额（单位：万元）行政事业性收费18651.06三、收到和处理政府信息公开申请情况（本列数据的"
        "勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业"
        "科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量21710000218二、上年结转政府"
        "信息公开申请数量0000000三、本年度办理结果（一）予以公开4 0 0 0 0 0 4（二）部分公开（区分处理的，"
        "只计这一情形，不计其他情形）23 0 00 0 023五、存在的主要问题及改进情况无。"
    )
    records, findings = read(text)
    # 000 under three columns: three zeros (no number is written 00)
    assert table(records, "article20", "规章") == {
        "本年制发件数": 0,
        "本年废止件数": 0,
        "现行有效件数": 0,
    }
    # one-cell rows: the run is the cell
    assert table(records, "article20", "行政许可") == {"本年处理决定数量": 2293}
    assert table(records, "article20", "行政事业性收费") == {"本年收费金额": 18651.06}
    # seven zeros for seven columns; spaces separate cells, and 00 / 023 start with zero cells
    assert set(
        table(records, "applications", "上年结转政府信息公开申请数量", "applicant").values()
    ) == {0}
    assert table(records, "outcomes", "予以公开", "applicant")["总计"] == 4
    assert list(table(records, "outcomes", "部分公开", "applicant").values()) == [
        23,
        0,
        0,
        0,
        0,
        0,
        23,
    ]
    # 693665 (three cells) and 21710000218 (seven cells) cannot be told apart: findings, no figure
    run = findings[findings["rule"] == "run_together_cells"]
    assert sorted(run["item"]) == ["本年新收政府信息公开申请数量", "行政规范性文件"]
    assert "693665" in run["message"].str.cat()
    assert table(records, "article20", "规范性文件") == {}
    assert table(records, "applications", RECEIVED, "applicant") == {}
    values = set(records["count"].dropna()) | set(records["value"].dropna())
    assert not values & {693665, 69, 3665, 21710000218, 217}


# --- figures in prose -----------------------------------------------------------------------------


def test_table_era_report_figures_in_the_overview_prose():
    text = HEAD_2021 + (
        "(一)主动公开\n"
        "2023年累计公开政府信息716条。其中网站398条;微信公众号发布信息200条;"
        "政务微博发布118条。制作政策解读12篇,举办新闻发布会2次。\n"
        "(二)依申请公开\n2023年共收到政府信息公开申请5件,办结5件。\n"
    )
    records, _ = read(text)
    # the standard figures of the prose sit beside the table's: field "narrative"
    prose = records[records["field"] == "narrative"]
    assert {(r.section, r.item): r.count for r in prose.itertuples()} == {
        ("proactive", T): 716,
        ("channel", "政务微信"): 200,
        ("channel", "政务微博"): 118,
        ("channel", "新闻发布会"): 2,
        ("applications", RECEIVED): 5,
        ("outcomes", "总计"): 5,
    }
    other = records[records["section"] == "other"]
    assert other[["item", "count", "unit"]].values.tolist() == [
        ["网站", 398, "条"],  # 其中 after the total: "网站" names no particular site
        ["制作政策解读", 12, "篇"],
    ]
    # a standard item is never the parent of an other count (audit adds up the standard parts)
    assert other["parent"].isna().all()


def test_narrative_figures_under_sub_headings_about_other_matters():
    text = (
        "某县民政局2016年政府信息公开工作年度报告\n一、概述\n(一)加强组织领导\n"
        "配备了2名兼职工作人员,编印《政务公开手册》500本。\n"
        "(二)政策解读和回应\n全年制作政策解读8篇,受理咨询36人次,接听电话200余次。\n"
        "二、主动公开政府信息情况\n全年主动公开政府信息120条。\n"
    )
    records, findings = read(text)
    assert records.loc[records["section"] != "other", ["item", "count"]].values.tolist() == [
        [T, 120]
    ]
    other = records[records["section"] == "other"]
    assert other[["item", "count", "unit"]].values.tolist() == [
        ["配备了…兼职工作人员", 2, "名"],
        ["编印《政务公开手册》", 500, "本"],
        ["制作政策解读", 8, "篇"],
        ["受理咨询", 36, "人次"],
    ]  # 200余次 is approximate: not kept, and the account says so
    assert "number_not_interpreted" not in set(findings["rule"])


def test_other_counts_are_never_standard_items():
    text = (
        "某县民政局2016年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
        "全年主动公开政府信息120条,举办新闻发布会3次,政策解读5篇。\n"
    )
    records = read(text)[0]
    other = records[records["section"] == "other"]
    ld.validate(records)
    # analyses of the standard sections do not see them
    shares = ld.category_shares(records)
    assert "政策解读" not in set(shares.get("item", []))
    h = ld.harmonize(records)
    assert set(h.loc[h["section"] == "other", "mapping"]) == {"no_counterpart"}
    assert h.loc[h["section"] == "other", "std_item"].isna().all()
    assert len(other) == 1 and other["unit"].iloc[0] == "篇"


def test_a_figure_about_another_year_keeps_its_year():
    text = (
        "某镇2020年政府信息公开工作年度报告\n一、总体情况\n"
        "2019年,我镇通过县政府网站公开信息94条。通过微信公众平台公布信息25条。\n"
        "2020年,我镇主动公开政府信息120条。\n"
    )
    records = read(text)[0]
    assert records[["section", "year", "count"]].values.tolist() == [
        ["other", 2019, 94],
        ["other", 2019, 25],
        ["proactive", 2020, 120],
    ]


def test_pre_2019_statistics_table_flattened_into_prose():
    text = (
        "某区2012年政府信息公开工作年度报告\n一、概述\n依法公开。\n"
        "附件1：某区2012年政府信息公开情况统计表 指标名称 计量单位 2012年度 历年累计 "
        "主动公开信息数 条 739 4359 其中：1、网站公开 条 739 4359 2、政府公报公开 条 0 0 "
        "受理依申请公开信息总数 条 3 12 对申请的答复总数 条 3 12 其中：1、同意公开答复数 条 2 10 "
        "行政复议数 件 0 0\n"
    )
    records, findings = read(text)
    this_year = records[~records["item"].str.endswith("(历年累计)")]
    got = {(r.section, r.item): r.count for r in this_year.itertuples()}
    assert got == {
        ("proactive", T): 739,
        ("channel", "政府门户网站"): 739,
        ("channel", "政府公报"): 0,
        ("applications", RECEIVED): 3,
        ("applications", "办理答复数量"): 3,
        ("outcomes", "同意公开"): 2,
        ("reconsideration", "行政复议"): 0,
    }
    cumulative = records[records["item"].str.endswith("(历年累计)")]
    assert set(cumulative["section"]) == {"other"}
    assert cumulative.set_index("item")["count"]["主动公开信息数(历年累计)"] == 4359
    # run together (…条41815092.政府公报…): the two columns cannot be told apart
    run = text.replace(
        " 条 739 4359 其中：1、网站公开 条 739 4359 2、", "条7394359其中：1、网站公开条73943592、"
    )
    records, findings = read(run)
    assert "run_together_cells" in set(findings["rule"])
    assert not set(records["count"].dropna()) & {7394359, 739, 4359}


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("本报告由概述、主动公开情况等6个部分组成。", "outline"),
        ("依申请公开在15个工作日内答复。", "duration"),
        ("联系电话:0830-3190514,邮编:646000。", "phone"),
        ("根据《关于印发2019年工作要点的通知》(川办发〔2019〕41号)要求。", "document_number"),
        ("落实“三审三校”和“7个专项行动”要求。", "name"),
        ("地址:江阳西路1号。", "address"),
    ],
)
def test_numbers_that_are_not_figures(sentence, kind):
    text = "某县民政局2016年政府信息公开工作年度报告\n一、概述\n" + sentence + "\n"
    records, findings, account = ld.read_report(text, findings=True, account=True)
    line = account[account["source"].str.startswith("<text>:3:")]
    assert kind in set(line["kind"]) and set(line["status"]) == {"non_figure"}
    assert len(records) == 0 and len(findings) == 0
