"""The classes of report text the reader must read (issue 15), each on a small text built by hand.

Each text is written in the shape real pages take (the development and batch2 texts show them:
tests/data/reports); the expected figures are the ones the text states, read off by hand.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import luzhou_disclosure as ld
from luzhou_disclosure.errors import DisclosureWarning
from luzhou_disclosure.readers._text_tables import split_run
from truth_run_together import splits

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


# --- tables flattened one cell per line -----------------------------------------------------------


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
        "信息公开申请数量0000000三、本年度办理结果（一）予以公开4 0 0 0 0 0 4"
        "（二）部分公开（区分处理的，"
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


def test_a_run_that_splits_one_way_only_is_read():
    # seven cells, seven digits: one digit each; 500000 5: the space ends the sixth cell
    text = HEAD_2021.replace("\n本局依法公开政府信息。\n", "") + (
        "本局依法公开政府信息。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数"
        "现行有效件数规章000行政规范性文件693665三、收到和处理政府信息公开申请情况申请人情况自然人法人或"
        "其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量8100009"
        "二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开500000 5"
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）230 000023"
        "五、存在的主要问题及改进情况无。"
    )
    records, findings = read(text)
    assert list(table(records, "applications", RECEIVED, "applicant").values()) == [
        8,
        1,
        0,
        0,
        0,
        0,
        9,
    ]
    assert list(table(records, "outcomes", "予以公开", "applicant").values()) == [
        5,
        0,
        0,
        0,
        0,
        0,
        5,
    ]
    # 230 000023 splits three ways (23|0|…|23, 2|30|…|23, 230|…|2|3): a finding, no figure
    assert table(records, "outcomes", "部分公开", "applicant") == {}
    run = findings[findings["rule"] == "run_together_cells"]
    assert sorted(run["item"]) == [
        "行政规范性文件",
        "部分公开(区分处理的,只计这一情形,不计其他情形)",
    ]


#: runs as flattened tables write them: groups of digits parted by a space or a sign, a decimal
RUNS = st.from_regex(
    r"[-+]?[0-9]{1,7}(?: [-+]?[0-9]{1,6}|[-+][0-9]{1,5}|\.[0-9]{1,2})?"
    r"(?: [-+]?[0-9]{1,5}|-[0-9]{1,5}){0,3}",
    fullmatch=True,
)


@given(RUNS, st.integers(min_value=1, max_value=12))
def test_the_reader_reads_a_run_exactly_when_the_truth_rule_keeps_it(run, width):
    # the reader's rule and the rule tests/truth_run_together.py applies to the truth are one rule
    spans = split_run(run, width)
    assert (spans is not None) == (splits(run, width) == 1)
    if spans is not None:
        cells = [run[a:b] for a, b in spans]
        assert len(cells) == width
        assert "".join(cells) == run.replace(" ", "")


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


def test_statistics_table_rows_run_together_that_split_one_way():
    # 条77 under 本年度 | 历年累计 is 7 and 7; 条00 two zeros; 条4251516 splits many ways
    text = (
        "某县2011年政府信息公开工作年度报告\n一、概述\n依法公开。\n"
        "附件1：某县2011年政府信息公开情况统计表 指标名称计量单位2011年度历年累计"
        "主动公开信息数条4251516其中：1.网站公开条41815092.政府公报公开条77"
        "受理依申请公开信息总数条00其中：1.当面申请数条002.网上申请数条00行政复议数条00\n"
    )
    records, findings = read(text)
    got = {(r.section, r.item): r.count for r in records.itertuples()}
    assert got == {
        ("channel", "政府公报"): 7,
        ("other", "政府公报公开(历年累计)"): 7,
        ("applications", RECEIVED): 0,
        ("other", "受理依申请公开信息总数(历年累计)"): 0,
        # 002.网上申请数: the 2. is the next row's ordinal, glued on
        ("other", "当面申请数"): 0,
        ("other", "当面申请数(历年累计)"): 0,
        ("other", "网上申请数"): 0,
        ("other", "网上申请数(历年累计)"): 0,
        ("reconsideration", "行政复议"): 0,
        ("other", "行政复议数(历年累计)"): 0,
    }
    run = findings[findings["rule"] == "run_together_cells"]
    assert sorted(run["item"]) == ["主动公开信息数", "网站公开"]


# --- rates, shares and statements of nothing ------------------------------------------------------


def test_rates_printed_on_their_own():
    text = HEAD_2019 + (
        "(二)依申请公开\n全年收到政府信息公开申请75件,均在法定期限内予以答复,办结率100%。\n"
        "(三)平台建设\n通办高频事项实现“全岛联办”、92%高频便民服务事项实现“全程网办”。"
        "共收到网友留言11条,已100%及时整改。群众满意率达到98.5%。\n"
    )
    records, findings = read(text)
    rates = records[records["measure"] == "rate_pct"]
    assert rates[["section", "item", "value", "decimals"]].values.tolist() == [
        ["other", "办结率", 100.0, 0],
        ["other", "高频便民服务事项实现“全程网办”", 92.0, 0],
        ["other", "及时整改", 100.0, 0],
        ["other", "群众满意率", 98.5, 1],
    ]
    assert rates["base"].isna().all() and (rates["unit"] == "%").all()
    ld.validate(records)
    assert "number_not_interpreted" not in set(findings["rule"])


def test_a_share_printed_after_its_sign():
    # 网上咨询100人次,2.04%占: the share of the consultations, 占 written after it
    text = (
        "某县税务局2013年政府信息公开工作年度报告\n（三）咨询情况\n"
        "2013年有约4900人次咨询涉税信息,其中现场咨询1600人次,占32.65%;"
        "网上咨询100人次,2.04%占。\n"
    )
    records, _ = read(text)
    shares = records[records["measure"] == "share_pct"]
    assert shares[["item", "value"]].values.tolist() == [["现场咨询", 32.65], ["网上咨询", 2.04]]


def test_the_fee_of_the_2021_form_stated_under_other_matters():
    # the 2021 form reports 收取信息处理费 under 六、其他需要报告的事项
    for sentence, value in (
        ("2023年，无收取信息处理费情况。", 0.0),
        ("2023年共收取信息处理费200元。", 200.0),
    ):
        text = HEAD_2021 + "六、其他需要报告的事项\n" + sentence + "\n"
        records, _ = read(text)
        fees = records[records["section"] == "fees"]
        assert fees[["item", "measure", "value"]].values.tolist() == [["收取费用", "amount", value]]


def test_cases_under_the_heading_of_applications_and_applications_of_other_kinds():
    text = (
        "某区2022年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开\n"
        "建立窗口服务大厅,开设窗口24个,共受理申请136437件。\n"
        "（二）依申请公开方面\n全区收到政府信息公开申请75件。"
        "全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件,均已结案。\n"
    )
    records, _ = read(text)
    standard = records[records["section"] != "other"]
    assert {(r.section, r.item): r.count for r in standard.itertuples()} == {
        ("applications", RECEIVED): 75,
        ("litigation", "行政诉讼"): 1,
        ("reconsideration", "行政复议"): 2,
    }
    # the service hall's applications are no information-disclosure applications: an other count
    other = records[records["section"] == "other"]
    assert 136437 in set(other["count"])


def test_numbers_inside_names_are_no_figures_of_the_prose():
    # “三个一”工作机制 names a practice (the old reader read 3 applications from it); 第二十条 is an
    # article of the regulation (the old reader read a proactive total from its 二十)
    text = HEAD_2021.replace("本局依法公开政府信息。\n", "") + (
        "（二）依申请公开。坚持第一时间登记受理、第一时间回复申请的“三个一”工作机制。"
        "本年度全区共收到70件申请，及时依法依规办结69件。\n"
        "二、主动公开政府信息情况\n根据《条例》第二十条规定，主动公开下列信息。\n"
    )
    records, _ = read(text)
    standard = records[records["section"] != "other"]
    assert {(r.section, r.item): r.count for r in standard.itertuples()} == {
        ("applications", RECEIVED): 70,
        ("outcomes", "总计"): 69,
    }
    assert not set(records["count"].dropna()) & {3, 10, 20}


def test_the_parts_of_an_other_count_are_no_categories_of_the_total():
    # 其中 after a count that is no standard item: its parts belong to it, not to the total
    text = HEAD_2019.replace("本局依法公开政府信息。\n", "") + (
        "（一）主动公开政府信息情况。全年主动公开政府信息2599条。\n"
        "（二）重点领域信息公开。全年发布财政资金信息380条，其中专项资金152条，"
        "预决算公开197条，“三公”经费27条，债券发行4条。\n"
    )
    records, _ = read(text)
    records["parent"] = records["parent"].fillna("")
    assert records[["section", "item", "parent", "count"]].values.tolist() == [
        ["proactive", T, "", 2599],
        ["other", "发布财政资金信息", "", 380],
        ["other", "专项资金", "发布财政资金信息", 152],
        ["other", "预决算公开", "发布财政资金信息", 197],
        ["other", "“三公”经费", "发布财政资金信息", 27],
        ["other", "债券发行", "发布财政资金信息", 4],
    ]


def test_the_total_published_stated_in_the_overview_with_its_categories():
    # (一)基本情况 runs into its body; 共公布政府信息 in the overview is the year's total
    text = HEAD_2019.replace("本局依法公开政府信息。\n", "") + (
        "（一）基本情况今年，我区政府信息公开单位共公布政府信息2599条，(其中机构职能类信息25条，"
        "民政扶贫救灾社会保障就业类信息67条，安全生产、应急管理类信息124条，"
        "其他应主动公开政府信息2383条)。\n"
        "在政府门户网站公开2020年政府预算、2019年政府决算，公开率100%。\n"
    )
    records, _ = read(text)
    proactive = records[records["section"] == "proactive"]
    assert proactive[["item", "count"]].values.tolist() == [
        [T, 2599],
        ["机构职能类", 25],
        ["民政扶贫救灾社会保障就业类", 67],
        ["安全生产、应急管理类", 124],
        ["其他类", 2383],
    ]
    assert proactive["parent"].iloc[1:].eq(T).all() and pd.isna(proactive["parent"].iloc[0])
    # 2019年政府决算 names a document: the rate that follows is about the report's year
    rate = records[records["measure"] == "rate_pct"]
    assert rate[["year", "item", "value"]].values.tolist() == [[2020, "公开率", 100.0]]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("本报告由概述、主动公开情况等6个部分组成。", "outline"),
        ("本报告包括总体情况、主动公开情况等六项内容。", "outline"),
        ("二○一二年二月二十日 附件1:政府信息公开情况。", "ordinal"),
        ("召开68海里景区观光座谈会。", "measurement"),
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


def test_a_share_printed_after_the_answered_total_is_a_share_of_it():
    """办结…50件，其中予以公开23件，占46.00%: 23 ÷ 50 = 46.00% (by hand), a share of 办结
    (（七）总计); after 收到…53件 alone the share is of 本年新收 (30 ÷ 53 = 56.60%)."""
    import luzhou_disclosure as ld

    title = "泸州市某局2023年政府信息公开工作年度报告\n一、总体情况\n"
    answered = ld.read_report(
        title + "2023年，我局共收到政府信息公开申请53件，办结政府信息公开申请50件，"
        "其中予以公开23件，占46.00%。\n"
    )
    share = answered[answered["measure"] == "share_pct"].iloc[0]
    assert (share["item"], share["base"], share["value"]) == ("予以公开", "总计", 46.0)
    assert ld.check(answered).query("rule == 'R6'")["ok"].all()
    received = ld.read_report(
        title + "2023年，我局共收到政府信息公开申请53件，其中予以公开30件，占56.60%。\n"
    )
    share = received[received["measure"] == "share_pct"].iloc[0]
    assert share["base"] == "本年新收政府信息公开申请数量"
