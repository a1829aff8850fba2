"""The 平潭综合实验区 example: its texts, the figures pinned by hand, and what the reader reads of
them.

``ld.load_example("pingtan")`` is the reader's output on eleven real reports (2011–2025) across both
format changes. The figures of six years are pinned here by hand (STATED, each with the line and
sentence it is stated in); they are those of ``tests/data/reports/batch2/truth.json``, where every
figure of these reports is pinned with its quote. The tables of 2019–2025 are flattened with their
cells run together (``（一）予以公开270020130``): a figure that only an arithmetic split of such a
row gives is set apart in the truth file (``run_together``, see ``tests/truth_run_together.py``) and
is pinned here as such (SET_APART); the reader does not read it from the table (its cells cannot be
told apart), though it may read it from the prose.

What the reader reads of these texts is pinned as well, right or wrong (READ_RIGHT, MISREAD, READ):
these tests fail when the reader changes what it reads. When that happens because the reader
improved, update READ_RIGHT, MISREAD and READ (and re-execute the notebook
``notebooks/pingtan.ipynb``, whose text names the figures it shows): the failure message lists what
changed.
"""

from __future__ import annotations

import csv
import json
import warnings
from typing import NamedTuple

import pandas as pd
import pytest

import luzhou_disclosure as ld
from conftest import REPORTS
from test_batch2_truth import ZERO_WORDS, resolve, written

BATCH2 = REPORTS / "batch2"
TRUTH = BATCH2 / "truth.json"
YEARS = [2011, 2012, 2015, 2016, 2018, 2019, 2020, 2021, 2022, 2024, 2025]


@pytest.fixture(scope="module")
def pingtan():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ld.DisclosureWarning)
        return ld.load_example("pingtan")


@pytest.fixture(scope="module")
def truth():
    with open(TRUTH, encoding="utf-8") as f:
        return json.load(f)


# --- the bundled texts -----------------------------------------------------------------------


def _batch2_whole_reports():
    with open(BATCH2 / "sources.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return {
        int(r["year"]): r
        for r in rows
        if r["agency"] == "平潭综合实验区" and r["whole_or_excerpt"] == "whole"
    }


def test_the_bundled_texts_are_the_whole_pingtan_reports_of_batch2():
    folder = ld.example_path("pingtan")
    whole = _batch2_whole_reports()
    assert sorted(whole) == YEARS
    for year, row in whole.items():
        bundled = folder / f"pingtan_{year}.txt"
        assert bundled.read_bytes() == (BATCH2 / row["file"]).read_bytes(), bundled.name


def test_the_bundled_texts_name_their_sources():
    folder = ld.example_path("pingtan")
    with open(folder / "sources.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert [r["file"] for r in rows] == sorted(p.name for p in folder.glob("*.txt"))
    whole = _batch2_whole_reports()
    for r in rows:
        year = int(r["year"])
        assert r["archived_copy"] == whole[year]["source"]
        assert (
            r["form"]
            == {"narrative": "narrative", "table2019": "2019", "table2021": "2021"}[
                whole[year]["style"]
            ]
        )
        head = (folder / r["file"]).read_text(encoding="utf-8").splitlines()
        # the stored page's own header: line 1 the title, line 6 the page address
        assert head[0] == f"标题: {r['title']}" and head[5] == f"原文链接: {r['page']}"


def test_an_unknown_example_is_a_value_error_naming_the_examples():
    with pytest.raises(ValueError, match="luzhou, pingtan"):
        ld.load_example("pingtang")
    with pytest.raises(ValueError, match="luzhou, pingtan"):
        ld.example_path("nanjing")


def test_the_default_example_is_still_the_luzhou_workbook():
    assert ld.example_path() == ld.example_path("luzhou")
    assert ld.example_path().name == "luzhou_statistics_2017.xlsx"
    assert sorted(ld.load_example()["year"].unique().tolist()) == [2016, 2017]


#: the findings the reader leaves in the 平潭 texts, by rule: rows of the flattened tables whose
#: cells run together and split more than one way (and the tables' sections that then lack those
#: rows), two figures of 2012 stated twice with different numbers, and a number in the page's HTML
#: debris of 2016 (``ortLists]-->7、<!--[``)
FINDINGS = {
    "run_together_cells": 48,
    "truncated_table": 12,
    "text_repeated_figure": 2,
    "number_not_interpreted": 1,
}


def test_loading_warns_of_the_findings_the_reader_left():
    n = sum(FINDINGS.values())
    with pytest.warns(
        ld.DisclosureWarning, match=rf"the reader left {n} findings in the 平潭 texts"
    ):
        ld.load_example("pingtan")
    _, found = ld.read_reports(ld.example_path("pingtan"), findings=True)
    assert found["rule"].value_counts().to_dict() == FINDINGS, "update FINDINGS"


def test_load_example_pingtan_is_read_report_of_each_text_concatenated(pingtan):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ld.DisclosureWarning)
        each = [ld.read_report(p) for p in sorted(ld.example_path("pingtan").glob("pingtan_*.txt"))]
    pd.testing.assert_frame_equal(pingtan, ld.concat_records(each))
    assert sorted(pingtan["year"].unique().tolist()) == YEARS
    assert set(pingtan["agency"]) == {"平潭综合实验区"}
    forms = pingtan.groupby("year")["form"].unique().map(list).to_dict()
    assert forms == {
        **{y: ["narrative"] for y in (2011, 2012, 2015, 2016, 2018)},
        **{y: ["2019"] for y in (2019, 2020)},
        **{y: ["2021"] for y in (2021, 2022, 2024, 2025)},
    }
    # every figure names its span of line 10; a table figure placed by its position in the
    # flattened row says so (docs/records.md)
    assert pingtan["source"].str.match(r"pingtan_\d{4}\.txt:10:\d+-\d+(?: \(positional\))?$").all()


# --- the truth file ----------------------------------------------------------------------------


def _truth(entry: dict, path: str) -> tuple[float, str, str]:
    """(value, where, quoted words) of the figure at ``path`` of a truth entry: ``where`` is
    ``figures`` (scored) or ``run_together`` (set apart: only an arithmetic split gives it)."""
    try:
        return resolve(entry["figures"], path), "figures", entry["quotes"][path]["text"]
    except KeyError:
        item = next(i for i in entry.get("run_together", []) if i["path"] == path)
        return item["value"], "run_together", item["quote"]


# The truth file's own structure and quotes are checked for all 61 texts by test_batch2_truth.py.


# --- figures pinned by hand --------------------------------------------------------------------


class Fig(NamedTuple):
    """A figure the text states: where it goes in the records model and in truth.json."""

    year: int
    section: str
    item: str
    value: int | float
    truth: str  # its key path in the truth file
    parent: str | None = None
    field: str | None = None
    measure: str = "count"


FEE = "本年收费金额"
GROUPS = {
    None: "outcomes",
    "不予公开": "refusal_reasons",
    "无法提供": "unable_to_provide_reasons",
    "不予处理": "not_processed_reasons",
    "其他处理": "other_processing_reasons",
}


def Out(year: int, item: str, value: int, parent: str | None = None) -> Fig:  # noqa: N802
    """A section 三 outcome; truth.json keeps it under its group's key (outcomes,
    refusal_reasons …)."""
    return Fig(year, "outcomes", item, value, f"{GROUPS[parent]}.{item}", parent)


def Art(year: int, item: str, field: str, value: float, measure: str = "count") -> Fig:  # noqa: N802
    """A section 二 cell; truth.json keeps it as table_art20.ITEM.FIELD (收费金额 with its unit)."""
    key = "本年收费金额(万元)" if field == FEE else field
    return Fig(
        year, "article20", item, value, f"table_art20.{item}.{key}", field=field, measure=measure
    )


NEW, CARRIED_IN, FORWARD = (
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "结转下年度继续办理",
)

STATED = [
    # 2015, narrative (pingtan_2015.txt line 10)
    # 「2015年主动公开政府信息2949条。」
    Fig(2015, "proactive", "主动公开政府信息总数", 2949, "proactive_total"),
    # 「2015年全区未收到有关政府信息公开申请。」
    Fig(2015, "applications", NEW, 0, "applications_received"),
    # 「2015年我区各级工作部门依申请提供政府信息暂不收费。」
    Fig(2015, "fees", "收取费用", 0, "fees_yuan", measure="amount"),
    # 「2015年我区未收到有关政府信息公开行政复议、提起行政诉讼的申请。」
    Fig(2015, "reconsideration", "行政复议", 0, "reconsideration_total", field="总计"),
    Fig(2015, "litigation", "行政诉讼", 0, "litigation_total"),
    # 2018, narrative (pingtan_2018.txt line 10)
    # 「2018年全区主动公开政府信息2069条。」
    Fig(2018, "proactive", "主动公开政府信息总数", 2069, "proactive_total"),
    # 「2018年未收到有关政府信息公开申请。」
    Fig(2018, "applications", NEW, 0, "applications_received"),
    # 「2018年未收到有关政府信息公开行政复议、提起行政诉讼的申请。」
    Fig(2018, "reconsideration", "行政复议", 0, "reconsideration_total", field="总计"),
    Fig(2018, "litigation", "行政诉讼", 0, "litigation_total"),
    # 2019, the 2019 form (pingtan_2019.txt line 10; the tables' cells run together: a row that
    # splits into its cells one way only is stated, one that splits several ways is set apart)
    # 「今年，我区政府信息公开单位共公布政府信息2599条」
    Fig(2019, "proactive", "主动公开政府信息总数", 2599, "proactive_total"),
    # 「一、本年新收政府信息公开申请数量230 000023」: 23|0|…|23, 2|30|…|23 or 230|…|2|3 (set apart)
    # 「二、上年结转政府信息公开申请数量0000000」
    Fig(2019, "applications", NEW, 23, "applications_received"),
    Fig(2019, "applications", CARRIED_IN, 0, "applications_carried_over_in"),
    # 「（一）予以公开7000007」 「（二）部分公开（…）1000001」: seven digits, seven cells
    Out(2019, "予以公开", 7),
    Out(2019, "部分公开", 1),
    # 「1.本机关不掌握相关政府信息7000007」 「3.补正后申请内容仍不明确5000005」
    Out(2019, "本机关不掌握相关政府信息", 7, "无法提供"),
    Out(2019, "补正后申请内容仍不明确", 5, "无法提供"),
    # 「2.重复申请3000003」 「（六）其他处理0 0 0 0 0 00」 「（七）总计23 0 00 0 023」
    Out(2019, "重复申请", 3, "不予处理"),
    Out(2019, "其他处理", 0),
    Out(2019, "总计", 23),
    # 「四、结转下年度继续办理 0 0 00 00 0」; section 四: fifteen zeros
    Fig(2019, "applications", FORWARD, 0, "applications_carried_over_out"),
    Fig(2019, "reconsideration", "行政复议", 0, "reconsideration_total", field="总计"),
    # 「规章000」
    Art(2019, "规章", "对外公开总数量", 0),
    # 2020, the 2019 form (pingtan_2020.txt line 10)
    # 「全年我区政府信息公开单位共公布政府信息2602条」
    Fig(2020, "proactive", "主动公开政府信息总数", 2602, "proactive_total"),
    # 「一、本年新收政府信息公开申请数量200 000121」 (set apart: four splits); the prose's
    # 共受理政府信息公开申请21件 states it
    Fig(2020, "applications", NEW, 21, "applications_received"),
    # 「（一）予以公开6000017」 「（二）部分公开（…）6000006」
    Out(2020, "予以公开", 7),
    Out(2020, "部分公开", 6),
    # 「1.本机关不掌握相关政府信息4000004」 「3.补正后申请内容仍不明确3000003」
    # 「2.重复申请3000003」
    Out(2020, "本机关不掌握相关政府信息", 4, "无法提供"),
    Out(2020, "补正后申请内容仍不明确", 3, "无法提供"),
    Out(2020, "重复申请", 3, "不予处理"),
    # 「（六）其他处理4 0 0 0 0 0 4」 「（七）总计20 0 00 0 121」 (set apart: three splits; the rows
    # above add up to 27)
    Out(2020, "其他处理", 4),
    Out(2020, "总计", 21),
    # 「规章007」; 「行政处罚2648-18538」: the minus sign ends 上一年项目数量;
    # 「行政事业性收费35-15」
    Art(2020, "规章", "对外公开总数量", 7),
    Art(2020, "行政处罚", "上一年项目数量", 2648),
    Art(2020, "行政事业性收费", "上一年项目数量", 35),
    Art(2020, "行政事业性收费", "本年增/减", -15, "change"),
    # 2021, the 2021 form (pingtan_2021.txt line 10)
    # 「全年主动公开我区各级单位政府信息2645条」
    Fig(2021, "proactive", "主动公开政府信息总数", 2645, "proactive_total"),
    # 「行政许可2293 」 「行政处罚1282行政强制42」 「行政事业性收费24252.311082」 (万元)
    Art(2021, "行政许可", "本年处理决定数量", 2293),
    Art(2021, "行政处罚", "本年处理决定数量", 1282),
    Art(2021, "行政强制", "本年处理决定数量", 42),
    Art(2021, "行政事业性收费", FEE, 24252.311082, "amount"),
    # 「一、本年新收政府信息公开申请数量640020470」 (set apart: twelve splits); the prose's
    # 共收到政府信息公开申请70件 states it
    Fig(2021, "applications", NEW, 70, "applications_received"),
    # 「（一）予以公开270020130」 (set apart) 「（二）部分公开（…）500000 5」
    Out(2021, "予以公开", 30),
    Out(2021, "部分公开", 5),
    # 「5.属于三类内部事务信息1000001」 「7.属于行政执法案卷6000006」 「8.属于行政查询事项1000001」
    Out(2021, "属于三类内部事务信息", 1, "不予公开"),
    Out(2021, "属于行政执法案卷", 6, "不予公开"),
    Out(2021, "属于行政查询事项", 1, "不予公开"),
    # 「1.本机关不掌握相关政府信息220000325」 (set apart) 「3.其他1000001」 「（七）总计630020469」
    # (set apart; the prose's 办结69件 states it)
    Out(2021, "本机关不掌握相关政府信息", 25, "无法提供"),
    Out(2021, "其他", 1, "其他处理"),
    Out(2021, "总计", 69),
    # 「四、结转下年度继续办理1000001」
    Fig(2021, "applications", FORWARD, 1, "applications_carried_over_out"),
    # section 四 「10203120001200000」 (set apart): 行政复议 1|0|2|0|3, 未经复议直接起诉 12|0|0|0|12
    Fig(2021, "reconsideration", "行政复议", 3, "reconsideration_total", field="总计"),
    Fig(2021, "litigation", "未经复议直接起诉", 12, "litigation_direct.总计", "行政诉讼", "总计"),
    # 「2021年，无收取信息处理费情况。」
    Fig(2021, "fees", "收取费用", 0, "fees_yuan", measure="amount"),
    # 2022, the 2021 form (pingtan_2022.txt line 10)
    # 「2022年全区共主动公开政府信息14571条。」
    Fig(2022, "proactive", "主动公开政府信息总数", 14571, "proactive_total"),
    # 「行政规范性文件8855698」 (set apart: fifteen splits); 现行有效698件 and 制发88件 are stated
    # in the prose as other counts
    Art(2022, "行政规范性文件", "本年制发件数", 88),
    Art(2022, "行政规范性文件", "本年废止件数", 55),
    Art(2022, "行政规范性文件", "现行有效件数", 698),
    # 「行政许可10690」 「行政处罚2113行政强制0」 「行政事业性收费9116.36」
    Art(2022, "行政许可", "本年处理决定数量", 10690),
    Art(2022, "行政处罚", "本年处理决定数量", 2113),
    Art(2022, "行政强制", "本年处理决定数量", 0),
    Art(2022, "行政事业性收费", FEE, 9116.36, "amount"),
    # 「一、本年新收政府信息公开申请数量 713000074」 (set apart) 「二、上年结转政府信息公开申请数量
    # 1000001」; the prose's 收到政府信息公开申请75件 counts both
    Fig(2022, "applications", NEW, 74, "applications_received"),
    Fig(2022, "applications", CARRIED_IN, 1, "applications_carried_over_in"),
    # 「（一）予以公开 210000021」 (set apart) 「（二）部分公开（…） 8100009」
    Out(2022, "予以公开", 21),
    Out(2022, "部分公开", 9),
    # 「5.属于三类内部事务信息 1000001」 「6.属于四类过程性信息 2000002」
    # 「7.属于行政执法案卷 1000001」
    Out(2022, "属于三类内部事务信息", 1, "不予公开"),
    Out(2022, "属于四类过程性信息", 2, "不予公开"),
    Out(2022, "属于行政执法案卷", 1, "不予公开"),
    # 「1.本机关不掌握相关政府信息 370000037」 (set apart)
    Out(2022, "本机关不掌握相关政府信息", 37, "无法提供"),
    # 「1.申请人无正当理由逾期不补正、…申请 2000002」 「3.其他 0200002」 「（七）总计 723000075」
    # (set apart)
    Out(2022, "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2, "其他处理"),
    Out(2022, "其他", 2, "其他处理"),
    Out(2022, "总计", 75),
    Fig(2022, "applications", FORWARD, 0, "applications_carried_over_out"),
    # 「…共有行政诉讼案件1件、行政复议案件2件，均已结案。」;
    # section 四 「0 1 1 0 2 1 0 0 0 1 0 0 0 0 0」
    Fig(2022, "reconsideration", "行政复议", 2, "reconsideration_total", field="总计"),
    Fig(2022, "litigation", "行政诉讼", 1, "litigation_total"),
    Fig(2022, "litigation", "未经复议直接起诉", 1, "litigation_direct.总计", "行政诉讼", "总计"),
    # 「2022年，无收取信息处理费情况。」
    Fig(2022, "fees", "收取费用", 0, "fees_yuan", measure="amount"),
]


def _key(f: Fig) -> tuple:
    return (f.year, f.section, f.item, f.field)


TOTAL = "主动公开政府信息总数"
#: the figures of STATED that truth.json sets apart (run_together): the row they sit in splits more
#: than one way, and only the arithmetic of the row (its columns add up to 总计) picks one
SET_APART = {
    (2019, "applications", NEW, None),
    (2020, "applications", NEW, None),
    (2020, "outcomes", "总计", None),
    (2021, "applications", NEW, None),
    (2021, "outcomes", "予以公开", None),
    (2021, "outcomes", "本机关不掌握相关政府信息", None),
    (2021, "outcomes", "总计", None),
    (2021, "reconsideration", "行政复议", "总计"),
    (2021, "litigation", "未经复议直接起诉", "总计"),
    (2022, "article20", "行政规范性文件", "本年制发件数"),
    (2022, "article20", "行政规范性文件", "本年废止件数"),
    (2022, "article20", "行政规范性文件", "现行有效件数"),
    (2022, "applications", NEW, None),
    (2022, "outcomes", "予以公开", None),
    (2022, "outcomes", "本机关不掌握相关政府信息", None),
    (2022, "outcomes", "总计", None),
}
#: the figures of STATED the reader reads right (every value it gives for one, from the table, the
#: prose or both, is the stated one), by (year, section, item, field) …
READ_RIGHT = {
    (2015, "proactive", TOTAL, None),
    (2015, "applications", NEW, None),
    (2015, "fees", "收取费用", None),
    (2015, "reconsideration", "行政复议", "总计"),  # 未收到…行政复议、提起行政诉讼的申请
    (2015, "litigation", "行政诉讼", None),
    (2018, "proactive", TOTAL, None),
    (2018, "applications", NEW, None),
    (2018, "reconsideration", "行政复议", "总计"),
    (2018, "litigation", "行政诉讼", None),
    (2019, "proactive", TOTAL, None),  # 共公布政府信息2599条 in 总体情况
    (2019, "applications", CARRIED_IN, None),
    (2019, "outcomes", "予以公开", None),
    (2019, "outcomes", "部分公开", None),
    (2019, "outcomes", "本机关不掌握相关政府信息", None),
    (2019, "outcomes", "补正后申请内容仍不明确", None),
    (2019, "outcomes", "重复申请", None),
    (2019, "outcomes", "其他处理", None),
    (2019, "outcomes", "总计", None),  # 23 0 00 0 023: spaces and zeros part the cells
    (2019, "applications", FORWARD, None),
    (2019, "reconsideration", "行政复议", "总计"),
    (2019, "article20", "规章", "对外公开总数量"),
    (2020, "proactive", TOTAL, None),
    (2020, "applications", NEW, None),  # from the prose: 共受理政府信息公开申请21件
    (2020, "outcomes", "予以公开", None),
    (2020, "outcomes", "部分公开", None),
    (2020, "outcomes", "本机关不掌握相关政府信息", None),
    (2020, "outcomes", "补正后申请内容仍不明确", None),
    (2020, "outcomes", "重复申请", None),
    (2020, "outcomes", "其他处理", None),
    (2020, "article20", "规章", "对外公开总数量"),
    (2020, "article20", "行政事业性收费", "上一年项目数量"),
    (2020, "article20", "行政事业性收费", "本年增/减"),
    (2021, "proactive", TOTAL, None),
    (2021, "article20", "行政许可", "本年处理决定数量"),
    (2021, "article20", "行政处罚", "本年处理决定数量"),
    (2021, "article20", "行政强制", "本年处理决定数量"),
    (2021, "article20", "行政事业性收费", "本年收费金额"),
    (2021, "applications", NEW, None),  # from the prose: 共收到政府信息公开申请70件
    (2021, "outcomes", "部分公开", None),  # 500000 5
    (2021, "outcomes", "属于三类内部事务信息", None),
    (2021, "outcomes", "属于行政执法案卷", None),
    (2021, "outcomes", "属于行政查询事项", None),
    (2021, "outcomes", "其他", None),
    (2021, "outcomes", "总计", None),  # from the prose: 办结69件
    (2021, "applications", FORWARD, None),
    (2021, "fees", "收取费用", None),  # 无收取信息处理费情况, under 六、其他需要报告的事项
    (2022, "proactive", TOTAL, None),
    (2022, "article20", "行政许可", "本年处理决定数量"),
    (2022, "article20", "行政处罚", "本年处理决定数量"),
    (2022, "article20", "行政强制", "本年处理决定数量"),
    (2022, "article20", "行政事业性收费", "本年收费金额"),
    (2022, "applications", CARRIED_IN, None),
    (2022, "outcomes", "部分公开", None),
    (2022, "outcomes", "属于三类内部事务信息", None),
    (2022, "outcomes", "属于四类过程性信息", None),
    (2022, "outcomes", "属于行政执法案卷", None),
    (2022, "outcomes", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", None),
    (2022, "outcomes", "其他", None),
    (2022, "applications", FORWARD, None),
    (2022, "reconsideration", "行政复议", "总计"),  # the table, and the prose's 行政复议案件2件
    (2022, "litigation", "行政诉讼", None),  # from the prose: 行政诉讼案件1件
    (2022, "litigation", "未经复议直接起诉", "总计"),
    (2022, "fees", "收取费用", None),
}
#: … those it reads wrongly, with what it reads instead; it misses every other figure of STATED:
#: rows whose cells split more than one way (all of SET_APART but those the prose states), and
#: 2020's 行政处罚 2648-18538 (2648 is written apart, but the row splits seven ways)
MISREAD = {
    # 收到…申请75件 counts the 1 carried over from 2021: 74 new (set apart in section 三)
    (2022, "applications", NEW, None): [75],
}
MISSED = 13


def _read(records: pd.DataFrame, f: Fig) -> list:
    """The values the reader gives for a stated figure (a prose figure has no table field)."""
    r = records
    m = (
        (r["year"] == f.year)
        & (r["section"] == f.section)
        & (r["item"] == f.item)
        & (r["measure"] == f.measure)
        & (r["applicant"] == "总计")
    )
    if f.parent:
        m &= r["parent"] == f.parent
    if f.field:
        m &= r["field"].isin([f.field, "narrative"]) | r["field"].isna()
    column = "count" if f.measure in ("count", "change") else "value"
    return sorted(r.loc[m, column].astype("float64").tolist())


def test_the_figures_pinned_by_hand_are_those_of_the_truth_file(truth):
    by_year = {t["year"]: t for t in truth if t["agency"] == "平潭综合实验区"}
    set_apart = set()
    for f in STATED:
        value, where, quote = _truth(by_year[f.year], f.truth)
        assert value == f.value, f
        if where == "run_together":
            set_apart.add(_key(f))
        # the words quoted for it stand in the bundled text, and write it (or its run does)
        text = (ld.example_path("pingtan") / f"pingtan_{f.year}.txt").read_text(encoding="utf-8")
        assert quote in text, f
        zero_in_words = f.value == 0 and ZERO_WORDS.search(quote)  # 未收到…, 无收取…
        assert written(f.value, quote, inside_runs=True) or zero_in_words, f
    assert set_apart == SET_APART


def test_the_years_pinned_by_hand_span_the_three_shapes_of_a_report(truth):
    style = {t["year"]: t["style"] for t in truth if t["agency"] == "平潭综合实验区"}
    years = sorted({f.year for f in STATED})
    assert years == [2015, 2018, 2019, 2020, 2021, 2022]
    assert [style[y] for y in years] == ["narrative"] * 2 + ["table2019"] * 2 + ["table2021"] * 2


def _status(records: pd.DataFrame) -> tuple[set, dict, set]:
    """The figures of STATED the reader reads right, those it misreads (with what), those it
    misses."""
    right, wrong, missed = set(), {}, set()
    for f in STATED:
        values = _read(records, f)
        if values and set(values) == {float(f.value)}:
            right.add(_key(f))
        elif values:
            wrong[_key(f)] = values
        else:
            missed.add(_key(f))
    return right, wrong, missed


def test_what_the_reader_reads_of_the_figures_pinned_by_hand(pingtan):
    right, wrong, missed = _status(pingtan)
    assert right == READ_RIGHT, (
        f"now read right: {sorted(right - READ_RIGHT)}; no longer: {sorted(READ_RIGHT - right)} "
        "(update READ_RIGHT, MISREAD and READ, and re-execute notebooks/pingtan.ipynb)"
    )
    assert wrong == MISREAD, "update MISREAD (and READ, and the notebook)"
    assert len(missed) == len(STATED) - len(READ_RIGHT) - len(MISREAD) == MISSED
    # a figure the truth sets apart is never read from its table row, whose cells cannot be told
    # apart; the reader reads some of them from the prose (field narrative)
    table = pingtan[pingtan["field"].ne("narrative") | pingtan["field"].isna()]
    assert not any(_read(table, f) for f in STATED if _key(f) in SET_APART)


def test_every_figure_the_reader_gives_is_a_figure_of_the_truth_file(pingtan, truth):
    # value by value, year by year: a stated figure (scored), or one the truth sets apart because
    # the table's row cannot be split (the reader gave it from the prose: 2021's 70, 2025's 154 …)
    by_year = {t["year"]: t for t in truth if t["agency"] == "平潭综合实验区"}
    for year, g in pingtan.groupby("year"):
        entry = by_year[int(year)]
        scored = {float(v) for _, v in _scored(entry["figures"])}
        apart = {float(i["value"]) for i in entry.get("run_together", [])}
        values = set(g["count"].dropna().astype(float)) | set(g["value"].dropna().astype(float))
        assert values <= scored | apart, (year, sorted(values - scored - apart))


def _scored(figures, path=""):
    for key, value in figures.items():
        if key.endswith("_approx") or key in ("figures_units_note", "derived_by_collector"):
            continue
        if isinstance(value, dict):
            yield from _scored(value, f"{path}{key}.")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            yield f"{path}{key}", value


def rows_read(records: pd.DataFrame) -> dict[int, list[str]]:
    """Every record the reader gives, year by year, one line per row of a table or figure of the
    prose: ``section item <parent [field] (measure) = values`` (the values of a section 三 row in
    the order of its columns, 自然人 … 总计); the other counts as their number and sum."""
    out = {}
    for year, g in records.groupby("year", sort=True):
        lines = []
        keys = ["section", "item", "parent", "field", "measure"]
        for key, rows in g[g["section"] != "other"].groupby(keys, dropna=False, sort=False):
            section, item, parent, fld, measure = (None if pd.isna(k) else k for k in key)
            values = " ".join(
                str(int(r.count)) if pd.notna(r.count) else f"{float(r.value):g}"
                for r in rows.itertuples()
            )
            words = [section, item]
            words += [f"<{parent}"] if parent else []
            words += [f"[{fld}]"] if fld else []
            words += [f"({measure})"] if measure != "count" else []
            lines.append(" ".join(words) + " = " + values)
        other = g[g["section"] == "other"]
        total = other["count"].astype("Float64").sum() + other["value"].sum()
        lines.append(f"other: {len(other)} records adding up to {float(total):.2f}")
        out[int(year)] = lines
    return out


#: every record the reader gives for each year (see rows_read); the figures of STATED among them
#: are right or wrong as READ_RIGHT and MISREAD say, and every value is one of truth.json's
READ = {
    2011: """
proactive 主动公开政府信息总数 = 425
channel 部门网站 = 425
applications 本年新收政府信息公开申请数量 = 0
reconsideration 行政复议 [总计] = 0
channel 政府门户网站 = 418
channel 政府公报 = 7
applications 办理答复数量 = 0
outcomes 同意公开 <办理答复数量 = 0
outcomes 部分公开 <办理答复数量 = 0
outcomes 不予公开 <办理答复数量 = 0
litigation 行政诉讼 [总计] = 0
other: 53 records adding up to 18991.90
""",
    2012: """
channel 政府门户网站 = 3636
proactive 主动公开政府信息总数 = 1913
channel 部门网站 = 1913
channel 政务微博 = 1288
applications 本年新收政府信息公开申请数量 = 0
reconsideration 行政复议 [总计] = 0
channel 政府公报 = 0
applications 办理答复数量 = 0
outcomes 同意公开 <办理答复数量 = 0
outcomes 部分公开 <办理答复数量 = 0
outcomes 不予公开 <办理答复数量 = 0
litigation 行政诉讼 [总计] = 0
other: 61 records adding up to 115588.09
""",
    2015: """
proactive 主动公开政府信息总数 = 2949
applications 本年新收政府信息公开申请数量 = 0
fees 收取费用 (amount) = 0
reconsideration 行政复议 [总计] = 0
litigation 行政诉讼 [总计] = 0
channel 政府公报 = 0
applications 办理答复数量 = 0
outcomes 同意公开 <办理答复数量 = 0
outcomes 部分公开 <办理答复数量 = 0
outcomes 不予公开 <办理答复数量 = 0
other: 54 records adding up to 281091.00
""",
    2016: """
proactive 主动公开政府信息总数 = 3460
applications 本年新收政府信息公开申请数量 = 0
fees 收取费用 (amount) = 0
reconsideration 行政复议 [总计] = 0
litigation 行政诉讼 [总计] = 0
channel 政府公报 = 0
applications 办理答复数量 = 0
outcomes 同意公开 <办理答复数量 = 0
outcomes 部分公开 <办理答复数量 = 0
outcomes 不予公开 <办理答复数量 = 0
other: 46 records adding up to 178833.00
""",
    2018: """
proactive 主动公开政府信息总数 = 2069
applications 本年新收政府信息公开申请数量 = 0
reconsideration 行政复议 [总计] = 0
litigation 行政诉讼 [总计] = 0
channel 政府公报 = 0
applications 办理答复数量 = 0
outcomes 同意公开 <办理答复数量 = 0
outcomes 部分公开 <办理答复数量 = 0
outcomes 不予公开 <办理答复数量 = 0
other: 54 records adding up to 149754.00
""",
    2019: """
proactive 主动公开政府信息总数 [narrative] = 2599
proactive 机构职能类 <主动公开政府信息总数 [narrative] = 25
proactive 政策、规范性文件类 <主动公开政府信息总数 [narrative] = 68
proactive 规划计划类 <主动公开政府信息总数 [narrative] = 28
proactive 行政许可类 <主动公开政府信息总数 [narrative] = 69
proactive 重大建设项目类 <主动公开政府信息总数 [narrative] = 90
proactive 为民办实事类 <主动公开政府信息总数 [narrative] = 175
proactive 民政扶贫救灾社会保障就业类 <主动公开政府信息总数 [narrative] = 67
proactive 国土资源城乡建设环保能源类 <主动公开政府信息总数 [narrative] = 983
proactive 科教文体卫生类 <主动公开政府信息总数 [narrative] = 48
proactive 安全生产、应急管理类 <主动公开政府信息总数 [narrative] = 124
proactive 其他类 <主动公开政府信息总数 [narrative] = 856
article20 规章 <第二十条第（一）项 [本年新制作数量] = 0
article20 规章 <第二十条第（一）项 [本年新公开数量] = 0
article20 规章 <第二十条第（一）项 [对外公开总数量] = 0
applications 上年结转政府信息公开申请数量 = 0 0 0 0 0 0 0
outcomes 予以公开 = 7 0 0 0 0 0 7
outcomes 部分公开 = 1 0 0 0 0 0 1
outcomes 属于国家秘密 <不予公开 = 0 0 0 0 0 0 0
outcomes 其他法律行政法规禁止公开 <不予公开 = 0 0 0 0 0 0 0
outcomes 危及“三安全一稳定” <不予公开 = 0 0 0 0 0 0 0
outcomes 保护第三方合法权益 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于三类内部事务信息 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于四类过程性信息 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于行政执法案卷 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于行政查询事项 <不予公开 = 0 0 0 0 0 0 0
outcomes 本机关不掌握相关政府信息 <无法提供 = 7 0 0 0 0 0 7
outcomes 没有现成信息需要另行制作 <无法提供 = 0 0 0 0 0 0 0
outcomes 补正后申请内容仍不明确 <无法提供 = 5 0 0 0 0 0 5
outcomes 信访举报投诉类申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 重复申请 <不予处理 = 3 0 0 0 0 0 3
outcomes 要求提供公开出版物 <不予处理 = 0 0 0 0 0 0 0
outcomes 无正当理由大量反复申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 要求行政机关确认或重新出具已获取信息 <不予处理 = 0 0 0 0 0 0 0
outcomes 其他处理 = 0 0 0 0 0 0 0
outcomes 总计 = 23 0 0 0 0 0 23
applications 结转下年度继续办理 = 0 0 0 0 0 0 0
reconsideration 行政复议 [结果维持] = 0
reconsideration 行政复议 [结果纠正] = 0
reconsideration 行政复议 [其他结果] = 0
reconsideration 行政复议 [尚未审结] = 0
reconsideration 行政复议 [总计] = 0
litigation 未经复议直接起诉 <行政诉讼 [结果维持] = 0
litigation 未经复议直接起诉 <行政诉讼 [结果纠正] = 0
litigation 未经复议直接起诉 <行政诉讼 [其他结果] = 0
litigation 未经复议直接起诉 <行政诉讼 [尚未审结] = 0
litigation 未经复议直接起诉 <行政诉讼 [总计] = 0
litigation 复议后起诉 <行政诉讼 [结果维持] = 0
litigation 复议后起诉 <行政诉讼 [结果纠正] = 0
litigation 复议后起诉 <行政诉讼 [其他结果] = 0
litigation 复议后起诉 <行政诉讼 [尚未审结] = 0
litigation 复议后起诉 <行政诉讼 [总计] = 0
other: 39 records adding up to 8760.00
""",
    2020: """
proactive 主动公开政府信息总数 [narrative] = 2602
proactive 机构职能类 <主动公开政府信息总数 [narrative] = 82
proactive 政策、规范性文件类 <主动公开政府信息总数 [narrative] = 80
proactive 规划计划类 <主动公开政府信息总数 [narrative] = 21
proactive 行政许可类 <主动公开政府信息总数 [narrative] = 40
proactive 重大建设项目类 <主动公开政府信息总数 [narrative] = 390
proactive 为民办实事类 <主动公开政府信息总数 [narrative] = 69
proactive 民政扶贫救灾社会保障就业类 <主动公开政府信息总数 [narrative] = 143
proactive 国土资源城乡建设环保能源类 <主动公开政府信息总数 [narrative] = 208
proactive 科教文体卫生类 <主动公开政府信息总数 [narrative] = 246
proactive 安全生产、应急管理类 <主动公开政府信息总数 [narrative] = 271
proactive 其他类 <主动公开政府信息总数 [narrative] = 1053
applications 本年新收政府信息公开申请数量 [narrative] = 21
article20 规章 <第二十条第（一）项 [本年新制作数量] = 0
article20 规章 <第二十条第（一）项 [本年新公开数量] = 0
article20 规章 <第二十条第（一）项 [对外公开总数量] = 7
article20 行政事业性收费 <第二十条第（八）项 [上一年项目数量] = 35
article20 行政事业性收费 <第二十条第（八）项 [本年增/减] (change) = -15
applications 上年结转政府信息公开申请数量 = 0 0 0 0 0 0 0
outcomes 予以公开 = 6 0 0 0 0 1 7
outcomes 部分公开 = 6 0 0 0 0 0 6
outcomes 属于国家秘密 <不予公开 = 0 0 0 0 0 0 0
outcomes 其他法律行政法规禁止公开 <不予公开 = 0 0 0 0 0 0 0
outcomes 危及“三安全一稳定” <不予公开 = 0 0 0 0 0 0 0
outcomes 保护第三方合法权益 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于三类内部事务信息 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于四类过程性信息 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于行政执法案卷 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于行政查询事项 <不予公开 = 0 0 0 0 0 0 0
outcomes 本机关不掌握相关政府信息 <无法提供 = 4 0 0 0 0 0 4
outcomes 没有现成信息需要另行制作 <无法提供 = 0 0 0 0 0 0 0
outcomes 补正后申请内容仍不明确 <无法提供 = 3 0 0 0 0 0 3
outcomes 信访举报投诉类申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 重复申请 <不予处理 = 3 0 0 0 0 0 3
outcomes 要求提供公开出版物 <不予处理 = 0 0 0 0 0 0 0
outcomes 无正当理由大量反复申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 要求行政机关确认或重新出具已获取信息 <不予处理 = 0 0 0 0 0 0 0
outcomes 其他处理 = 4 0 0 0 0 0 4
applications 结转下年度继续办理 = 0 0 0 0 0 0 0
reconsideration 行政复议 [结果维持] = 0
reconsideration 行政复议 [结果纠正] = 0
reconsideration 行政复议 [其他结果] = 0
reconsideration 行政复议 [尚未审结] = 0
reconsideration 行政复议 [总计] = 0
litigation 未经复议直接起诉 <行政诉讼 [结果维持] = 0
litigation 未经复议直接起诉 <行政诉讼 [结果纠正] = 0
litigation 未经复议直接起诉 <行政诉讼 [其他结果] = 0
litigation 未经复议直接起诉 <行政诉讼 [尚未审结] = 0
litigation 未经复议直接起诉 <行政诉讼 [总计] = 0
litigation 复议后起诉 <行政诉讼 [结果维持] = 0
litigation 复议后起诉 <行政诉讼 [结果纠正] = 0
litigation 复议后起诉 <行政诉讼 [其他结果] = 0
litigation 复议后起诉 <行政诉讼 [尚未审结] = 0
litigation 复议后起诉 <行政诉讼 [总计] = 0
other: 32 records adding up to 82800466.00
""",
    2021: """
proactive 主动公开政府信息总数 [narrative] = 2645
applications 本年新收政府信息公开申请数量 [narrative] = 70
outcomes 总计 [narrative] = 69
fees 收取费用 [narrative] (amount) = 0
article20 规章 <第二十条第（一）项 [本年制发件数] = 0
article20 规章 <第二十条第（一）项 [本年废止件数] = 0
article20 规章 <第二十条第（一）项 [现行有效件数] = 0
article20 行政许可 <第二十条第（五）项 [本年处理决定数量] = 2293
article20 行政处罚 <第二十条第（六）项 [本年处理决定数量] = 1282
article20 行政强制 <第二十条第（六）项 [本年处理决定数量] = 42
article20 行政事业性收费 <第二十条第（八）项 [本年收费金额] (amount) = 24252.3
applications 上年结转政府信息公开申请数量 = 0 0 0 0 0 0 0
outcomes 部分公开 = 5 0 0 0 0 0 5
outcomes 属于国家秘密 <不予公开 = 0 0 0 0 0 0 0
outcomes 其他法律行政法规禁止公开 <不予公开 = 0 0 0 0 0 0 0
outcomes 危及“三安全一稳定” <不予公开 = 0 0 0 0 0 0 0
outcomes 保护第三方合法权益 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于三类内部事务信息 <不予公开 = 1 0 0 0 0 0 1
outcomes 属于四类过程性信息 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于行政执法案卷 <不予公开 = 6 0 0 0 0 0 6
outcomes 属于行政查询事项 <不予公开 = 1 0 0 0 0 0 1
outcomes 没有现成信息需要另行制作 <无法提供 = 0 0 0 0 0 0 0
outcomes 补正后申请内容仍不明确 <无法提供 = 0 0 0 0 0 0 0
outcomes 信访举报投诉类申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 重复申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 要求提供公开出版物 <不予处理 = 0 0 0 0 0 0 0
outcomes 无正当理由大量反复申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 要求行政机关确认或重新出具已获取信息 <不予处理 = 0 0 0 0 0 0 0
outcomes 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 <其他处理 = 0 0 0 0 0 0 0
outcomes 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 \
<其他处理 = 0 0 0 0 0 0 0
outcomes 其他 <其他处理 = 1 0 0 0 0 0 1
applications 结转下年度继续办理 = 1 0 0 0 0 0 1
other: 7 records adding up to 20740.00
""",
    2022: """
proactive 主动公开政府信息总数 [narrative] = 14571
applications 本年新收政府信息公开申请数量 [narrative] = 75
litigation 行政诉讼 [narrative] = 1
reconsideration 行政复议 [narrative] = 2
fees 收取费用 [narrative] (amount) = 0
article20 规章 <第二十条第（一）项 [本年制发件数] = 0
article20 规章 <第二十条第（一）项 [本年废止件数] = 0
article20 规章 <第二十条第（一）项 [现行有效件数] = 0
article20 行政许可 <第二十条第（五）项 [本年处理决定数量] = 10690
article20 行政处罚 <第二十条第（六）项 [本年处理决定数量] = 2113
article20 行政强制 <第二十条第（六）项 [本年处理决定数量] = 0
article20 行政事业性收费 <第二十条第（八）项 [本年收费金额] (amount) = 9116.36
applications 上年结转政府信息公开申请数量 = 1 0 0 0 0 0 1
outcomes 部分公开 = 8 1 0 0 0 0 9
outcomes 属于国家秘密 <不予公开 = 0 0 0 0 0 0 0
outcomes 其他法律行政法规禁止公开 <不予公开 = 0 0 0 0 0 0 0
outcomes 危及“三安全一稳定” <不予公开 = 0 0 0 0 0 0 0
outcomes 保护第三方合法权益 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于三类内部事务信息 <不予公开 = 1 0 0 0 0 0 1
outcomes 属于四类过程性信息 <不予公开 = 2 0 0 0 0 0 2
outcomes 属于行政执法案卷 <不予公开 = 1 0 0 0 0 0 1
outcomes 属于行政查询事项 <不予公开 = 0 0 0 0 0 0 0
outcomes 没有现成信息需要另行制作 <无法提供 = 0 0 0 0 0 0 0
outcomes 补正后申请内容仍不明确 <无法提供 = 0 0 0 0 0 0 0
outcomes 信访举报投诉类申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 重复申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 要求提供公开出版物 <不予处理 = 0 0 0 0 0 0 0
outcomes 无正当理由大量反复申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 要求行政机关确认或重新出具已获取信息 <不予处理 = 0 0 0 0 0 0 0
outcomes 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 <其他处理 = 2 0 0 0 0 0 2
outcomes 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 \
<其他处理 = 0 0 0 0 0 0 0
outcomes 其他 <其他处理 = 0 2 0 0 0 0 2
applications 结转下年度继续办理 = 0 0 0 0 0 0 0
reconsideration 行政复议 [结果维持] = 0
reconsideration 行政复议 [结果纠正] = 1
reconsideration 行政复议 [其他结果] = 1
reconsideration 行政复议 [尚未审结] = 0
reconsideration 行政复议 [总计] = 2
litigation 未经复议直接起诉 <行政诉讼 [结果维持] = 1
litigation 未经复议直接起诉 <行政诉讼 [结果纠正] = 0
litigation 未经复议直接起诉 <行政诉讼 [其他结果] = 0
litigation 未经复议直接起诉 <行政诉讼 [尚未审结] = 0
litigation 未经复议直接起诉 <行政诉讼 [总计] = 1
litigation 复议后起诉 <行政诉讼 [结果维持] = 0
litigation 复议后起诉 <行政诉讼 [结果纠正] = 0
litigation 复议后起诉 <行政诉讼 [其他结果] = 0
litigation 复议后起诉 <行政诉讼 [尚未审结] = 0
litigation 复议后起诉 <行政诉讼 [总计] = 0
other: 12 records adding up to 1114.00
""",
    2024: """
channel 政府门户网站 [narrative] = 10407
outcomes 总计 [narrative] = 218
fees 收取费用 [narrative] (amount) = 0
article20 规章 <第二十条第（一）项 [本年制发件数] = 0
article20 规章 <第二十条第（一）项 [本年废止件数] = 0
article20 规章 <第二十条第（一）项 [现行有效件数] = 0
article20 行政许可 <第二十条第（五）项 [本年处理决定数量] = 4529
article20 行政处罚 <第二十条第（六）项 [本年处理决定数量] = 1100
article20 行政强制 <第二十条第（六）项 [本年处理决定数量] = 65
article20 行政事业性收费 <第二十条第（八）项 [本年收费金额] (amount) = 18651.1
applications 上年结转政府信息公开申请数量 = 0 0 0 0 0 0 0
outcomes 属于国家秘密 <不予公开 = 4 0 0 0 0 0 4
outcomes 其他法律行政法规禁止公开 <不予公开 = 0 0 0 0 0 0 0
outcomes 危及“三安全一稳定” <不予公开 = 0 0 0 0 0 0 0
outcomes 保护第三方合法权益 <不予公开 = 3 0 0 0 0 0 3
outcomes 属于四类过程性信息 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于行政执法案卷 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于行政查询事项 <不予公开 = 0 0 0 0 0 0 0
outcomes 没有现成信息需要另行制作 <无法提供 = 0 0 0 0 0 0 0
outcomes 补正后申请内容仍不明确 <无法提供 = 0 0 0 0 0 0 0
outcomes 信访举报投诉类申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 重复申请 <不予处理 = 1 0 0 0 0 0 1
outcomes 要求提供公开出版物 <不予处理 = 0 0 0 0 0 0 0
outcomes 无正当理由大量反复申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 要求行政机关确认或重新出具已获取信息 <不予处理 = 0 0 0 0 0 0 0
outcomes 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 <其他处理 = 1 0 0 0 0 0 1
outcomes 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 \
<其他处理 = 0 0 0 0 0 0 0
outcomes 其他 <其他处理 = 1 1 0 0 0 0 2
applications 结转下年度继续办理 = 0 0 0 0 0 0 0
other: 6 records adding up to 279.00
""",
    2025: """
channel 政务微信 [narrative] = 672
applications 本年新收政府信息公开申请数量 [narrative] = 154
outcomes 总计 [narrative] = 148
reconsideration 行政复议 [narrative] = 36
litigation 行政诉讼 [narrative] = 9
fees 收取费用 [narrative] (amount) = 0
article20 规章 <第二十条第（一）项 [本年制发件数] = 0
article20 规章 <第二十条第（一）项 [本年废止件数] = 0
article20 规章 <第二十条第（一）项 [现行有效件数] = 0
article20 行政许可 <第二十条第（五）项 [本年处理决定数量] = 2418
article20 行政处罚 <第二十条第（六）项 [本年处理决定数量] = 644
article20 行政强制 <第二十条第（六）项 [本年处理决定数量] = 64
article20 行政事业性收费 <第二十条第（八）项 [本年收费金额] (amount) = 4166.24
applications 上年结转政府信息公开申请数量 = 0 0 0 0 0 0 0
outcomes 属于国家秘密 <不予公开 = 0 0 0 0 0 0 0
outcomes 其他法律行政法规禁止公开 <不予公开 = 0 0 0 0 0 0 0
outcomes 危及“三安全一稳定” <不予公开 = 0 0 0 0 0 0 0
outcomes 保护第三方合法权益 <不予公开 = 0 0 0 0 0 0 0
outcomes 属于三类内部事务信息 <不予公开 = 3 0 0 0 0 0 3
outcomes 属于四类过程性信息 <不予公开 = 2 0 0 0 0 0 2
outcomes 属于行政执法案卷 <不予公开 = 3 0 0 0 0 0 3
outcomes 属于行政查询事项 <不予公开 = 3 0 0 0 0 0 3
outcomes 没有现成信息需要另行制作 <无法提供 = 3 0 0 0 0 0 3
outcomes 补正后申请内容仍不明确 <无法提供 = 0 0 0 0 0 0 0
outcomes 信访举报投诉类申请 <不予处理 = 2 0 0 0 0 0 2
outcomes 重复申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 要求提供公开出版物 <不予处理 = 0 0 0 0 0 0 0
outcomes 无正当理由大量反复申请 <不予处理 = 0 0 0 0 0 0 0
outcomes 要求行政机关确认或重新出具已获取信息 <不予处理 = 0 0 0 0 0 0 0
outcomes 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 <其他处理 = 8 0 0 0 0 0 8
outcomes 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 \
<其他处理 = 2 0 0 0 0 0 2
outcomes 其他 <其他处理 = 1 0 0 0 0 0 1
applications 结转下年度继续办理 = 4 2 0 0 0 0 6
other: 4 records adding up to 91.00
""",
}


def test_everything_the_reader_reads_of_the_pingtan_texts(pingtan):
    got = rows_read(pingtan)
    pinned = {year: text.strip().splitlines() for year, text in READ.items()}
    added = {y: [x for x in got.get(y, []) if x not in pinned.get(y, [])] for y in YEARS}
    lost = {y: [x for x in pinned.get(y, []) if x not in got.get(y, [])] for y in YEARS}
    assert ({y: v for y, v in added.items() if v}, {y: v for y, v in lost.items() if v}) == (
        {},
        {},
    ), "the reader now reads the 平潭 texts differently (new lines, lines gone): update READ"
    assert got == pinned  # and in the same order
