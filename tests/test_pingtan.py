"""The 平潭综合实验区 example: its texts, the figures pinned by hand, and what the reader reads of them.

``ld.load_example("pingtan")`` is the reader's output on eleven real reports (2011–2025) across both
format changes. The figures of six years are pinned here by hand (STATED, each with the line and
sentence it is stated in); they are those of ``tests/data/reports/batch2/truth.json``, where every
figure of these reports is pinned with its quote.

What the reader reads of these texts is pinned as well, right or wrong (READ, MISREAD): these tests
fail when the reader changes what it reads. When that happens because the reader improved, update
READ and MISREAD (and the notebook ``notebooks/pingtan.ipynb``, whose text names no figure itself
but whose outputs do): the failure message lists what changed.
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


def test_loading_warns_of_the_findings_the_reader_left():
    with pytest.warns(ld.DisclosureWarning, match=r"the reader left 2 findings in the 平潭 texts"):
        ld.load_example("pingtan")
    _, found = ld.read_reports(ld.example_path("pingtan"), findings=True)
    assert found["rule"].tolist() == ["text_repeated_figure", "text_repeated_figure"]


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
    assert pingtan["source"].str.match(r"pingtan_\d{4}\.txt:10:\d+-\d+$").all()


# --- the truth file ----------------------------------------------------------------------------


def _leaves(d, prefix=""):
    for k, v in d.items():
        if isinstance(v, dict) and "run" not in v:
            yield from _leaves(v, f"{prefix}{k}.")
        else:
            yield f"{prefix}{k}", v


def _written(value) -> str:
    return str(value) if isinstance(value, int) else repr(value).removesuffix(".0")


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
    """A section 三 outcome; truth.json keeps it under its group's key (outcomes, refusal_reasons …)."""
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
    # 2019, the 2019 form (pingtan_2019.txt line 10; the table's cells run together, each row
    # split so that its applicant columns add up to its 总计, the only split that does)
    # 「今年，我区政府信息公开单位共公布政府信息2599条」
    Fig(2019, "proactive", "主动公开政府信息总数", 2599, "proactive_total"),
    # 「一、本年新收政府信息公开申请数量230 000023」 「二、上年结转政府信息公开申请数量0000000」
    Fig(2019, "applications", NEW, 23, "applications_received"),
    Fig(2019, "applications", CARRIED_IN, 0, "applications_carried_over_in"),
    # 「（一）予以公开7000007」 「（二）部分公开（…）1000001」
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
    # 「一、本年新收政府信息公开申请数量200 000121」 (20 自然人, 1 其他)
    Fig(2020, "applications", NEW, 21, "applications_received"),
    # 「（一）予以公开6000017」 「（二）部分公开（…）6000006」
    Out(2020, "予以公开", 7),
    Out(2020, "部分公开", 6),
    # 「1.本机关不掌握相关政府信息4000004」 「3.补正后申请内容仍不明确3000003」 「2.重复申请3000003」
    Out(2020, "本机关不掌握相关政府信息", 4, "无法提供"),
    Out(2020, "补正后申请内容仍不明确", 3, "无法提供"),
    Out(2020, "重复申请", 3, "不予处理"),
    # 「（六）其他处理4 0 0 0 0 0 4」 「（七）总计20 0 00 0 121」 (the rows above add up to 27)
    Out(2020, "其他处理", 4),
    Out(2020, "总计", 21),
    # 「规章007」; 「行政处罚2648-18538」: the minus sign ends 上一年项目数量; 「行政事业性收费35-15」
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
    # 「一、本年新收政府信息公开申请数量640020470」 (64 自然人, 2 社会公益组织, 4 其他)
    Fig(2021, "applications", NEW, 70, "applications_received"),
    # 「（一）予以公开270020130」 「（二）部分公开（…）500000 5」
    Out(2021, "予以公开", 30),
    Out(2021, "部分公开", 5),
    # 「5.属于三类内部事务信息1000001」 「7.属于行政执法案卷6000006」 「8.属于行政查询事项1000001」
    Out(2021, "属于三类内部事务信息", 1, "不予公开"),
    Out(2021, "属于行政执法案卷", 6, "不予公开"),
    Out(2021, "属于行政查询事项", 1, "不予公开"),
    # 「1.本机关不掌握相关政府信息220000325」 「3.其他1000001」 「（七）总计630020469」
    Out(2021, "本机关不掌握相关政府信息", 25, "无法提供"),
    Out(2021, "其他", 1, "其他处理"),
    Out(2021, "总计", 69),
    # 「四、结转下年度继续办理1000001」
    Fig(2021, "applications", FORWARD, 1, "applications_carried_over_out"),
    # section 四 「10203120001200000」: 行政复议 1|0|2|0|3, 未经复议直接起诉 12|0|0|0|12, 复议后起诉 0s
    Fig(2021, "reconsideration", "行政复议", 3, "reconsideration_total", field="总计"),
    Fig(2021, "litigation", "未经复议直接起诉", 12, "litigation_direct.总计", "行政诉讼", "总计"),
    # 「2021年，无收取信息处理费情况。」
    Fig(2021, "fees", "收取费用", 0, "fees_yuan", measure="amount"),
    # 2022, the 2021 form (pingtan_2022.txt line 10)
    # 「2022年全区共主动公开政府信息14571条。」
    Fig(2022, "proactive", "主动公开政府信息总数", 14571, "proactive_total"),
    # 「行政规范性文件8855698」: 现行有效698件 and 制发88件 are stated in the prose
    Art(2022, "行政规范性文件", "本年制发件数", 88),
    Art(2022, "行政规范性文件", "本年废止件数", 55),
    Art(2022, "行政规范性文件", "现行有效件数", 698),
    # 「行政许可10690」 「行政处罚2113行政强制0」 「行政事业性收费9116.36」
    Art(2022, "行政许可", "本年处理决定数量", 10690),
    Art(2022, "行政处罚", "本年处理决定数量", 2113),
    Art(2022, "行政强制", "本年处理决定数量", 0),
    Art(2022, "行政事业性收费", FEE, 9116.36, "amount"),
    # 「一、本年新收政府信息公开申请数量 713000074」 「二、上年结转政府信息公开申请数量 1000001」;
    # the prose's 收到政府信息公开申请75件 counts both
    Fig(2022, "applications", NEW, 74, "applications_received"),
    Fig(2022, "applications", CARRIED_IN, 1, "applications_carried_over_in"),
    # 「（一）予以公开 210000021」 「（二）部分公开（…） 8100009」
    Out(2022, "予以公开", 21),
    Out(2022, "部分公开", 9),
    # 「5.属于三类内部事务信息 1000001」 「6.属于四类过程性信息 2000002」 「7.属于行政执法案卷 1000001」
    Out(2022, "属于三类内部事务信息", 1, "不予公开"),
    Out(2022, "属于四类过程性信息", 2, "不予公开"),
    Out(2022, "属于行政执法案卷", 1, "不予公开"),
    # 「1.本机关不掌握相关政府信息 370000037」
    Out(2022, "本机关不掌握相关政府信息", 37, "无法提供"),
    # 「1.申请人无正当理由逾期不补正、…申请 2000002」 「3.其他 0200002」 「（七）总计 723000075」
    Out(2022, "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2, "其他处理"),
    Out(2022, "其他", 2, "其他处理"),
    Out(2022, "总计", 75),
    Fig(2022, "applications", FORWARD, 0, "applications_carried_over_out"),
    # 「…共有行政诉讼案件1件、行政复议案件2件，均已结案。」; section 四 「0 1 1 0 2 1 0 0 0 1 0 0 0 0 0」
    Fig(2022, "reconsideration", "行政复议", 2, "reconsideration_total", field="总计"),
    Fig(2022, "litigation", "行政诉讼", 1, "litigation_total"),
    Fig(2022, "litigation", "未经复议直接起诉", 1, "litigation_direct.总计", "行政诉讼", "总计"),
    # 「2022年，无收取信息处理费情况。」
    Fig(2022, "fees", "收取费用", 0, "fees_yuan", measure="amount"),
]

TOTAL = "主动公开政府信息总数"
#: the figures of STATED the reader reads right, by (year, section, item, field) …
READ_RIGHT = {
    (2015, "proactive", TOTAL, None),
    (2015, "applications", NEW, None),
    (2015, "fees", "收取费用", None),
    (2018, "proactive", TOTAL, None),
    (2018, "applications", NEW, None),
    (2020, "applications", NEW, None),  # from the prose: 共受理政府信息公开申请21件
    (2021, "proactive", TOTAL, None),
    (2022, "proactive", TOTAL, None),
    (2022, "reconsideration", "行政复议", "总计"),  # from the prose: 行政复议案件2件
    (2022, "litigation", "行政诉讼", None),  # from the prose: 行政诉讼案件1件
}
#: … those it reads wrongly, with what it reads instead; it misses every other figure of STATED
#: (in 2019–2022 no cell of the flattened tables is read: their cells run together)
MISREAD = {
    (2019, "proactive", TOTAL, None): [856],  # the category 其他应主动公开政府信息
    (2020, "proactive", TOTAL, None): [1053],  # the category 其他应主动公开政府信息
    (2021, "applications", NEW, None): [3],  # the 三 of “三个一”工作机制
    (2022, "applications", NEW, None): [75],  # 收到…申请75件 counts the 1 carried over
}


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
    for f in STATED:
        figures = dict(_leaves(by_year[f.year]["figures"]))
        assert figures[f.truth] == f.value, f


def test_the_years_pinned_by_hand_span_the_three_shapes_of_a_report(truth):
    style = {t["year"]: t["style"] for t in truth if t["agency"] == "平潭综合实验区"}
    years = sorted({f.year for f in STATED})
    assert years == [2015, 2018, 2019, 2020, 2021, 2022]
    assert [style[y] for y in years] == ["narrative"] * 2 + ["table2019"] * 2 + ["table2021"] * 2


def _status(records: pd.DataFrame) -> tuple[set, dict, set]:
    """The figures of STATED the reader reads right, those it misreads (with what), those it misses."""
    right, wrong, missed = set(), {}, set()
    for f in STATED:
        key = (f.year, f.section, f.item, f.field)
        values = _read(records, f)
        if values == [float(f.value)]:
            right.add(key)
        elif values:
            wrong[key] = values
        else:
            missed.add(key)
    return right, wrong, missed


def test_what_the_reader_reads_of_the_figures_pinned_by_hand(pingtan):
    right, wrong, missed = _status(pingtan)
    assert right == READ_RIGHT, (
        f"now read right: {sorted(right - READ_RIGHT)}; no longer: {sorted(READ_RIGHT - right)} "
        "(update READ_RIGHT, MISREAD and READ, and rerun notebooks/pingtan.ipynb)"
    )
    assert wrong == MISREAD
    assert len(missed) == len(STATED) - len(READ_RIGHT) - len(MISREAD) == 63


#: every record the reader gives for each year, (section, item, parent, field, measure, value);
#: the comment says whether the text states it so
READ = {
    2011: [
        ("applications", "本年新收政府信息公开申请数量", None, None, "count", 0),  # right
        ("reconsideration", "行政复议", None, "总计", "count", 0),  # right
        ("proactive", "主动公开政府信息总数", None, None, "count", 425),  # right
        # 在平潭综合实验区管委会网站主动公开的425条: the portal, not a department's site
        ("channel", "部门网站", None, None, "count", 425),
    ],
    2012: [
        ("applications", "本年新收政府信息公开申请数量", None, None, "count", 0),  # right
        ("reconsideration", "行政复议", None, "总计", "count", 0),  # right
        ("channel", "政府门户网站", None, None, "count", 3636),  # right
        ("proactive", "主动公开政府信息总数", None, None, "count", 1913),  # right
        ("channel", "部门网站", None, None, "count", 1913),  # the portal again
        ("channel", "政务微博", None, None, "count", 1288),  # right
    ],
    2015: [
        ("applications", "本年新收政府信息公开申请数量", None, None, "count", 0),  # right
        ("fees", "收取费用", None, None, "amount", 0.0),  # right
        ("proactive", "主动公开政府信息总数", None, None, "count", 2949),  # right
    ],
    2016: [
        ("applications", "本年新收政府信息公开申请数量", None, None, "count", 0),  # right
        ("fees", "收取费用", None, None, "amount", 0.0),  # right
        ("proactive", "主动公开政府信息总数", None, None, "count", 3460),  # right
    ],
    2018: [
        ("applications", "本年新收政府信息公开申请数量", None, None, "count", 0),  # right
        ("proactive", "主动公开政府信息总数", None, None, "count", 2069),  # right
    ],
    2019: [
        # wrong: 856 is 其他应主动公开政府信息; the total is 2599
        ("proactive", "主动公开政府信息总数", None, "narrative", "count", 856),
        # stated, but parts of 380条财政资金信息, not categories of the total
        ("proactive", "专项资金类", "主动公开政府信息总数", "narrative", "count", 152),
        ("proactive", "政府预决算类", "主动公开政府信息总数", "narrative", "count", 32),
        ("proactive", "债券发行类", "主动公开政府信息总数", "narrative", "count", 4),
    ],
    2020: [
        # wrong: 1053 is 其他应主动公开政府信息; the total is 2602
        ("proactive", "主动公开政府信息总数", None, "narrative", "count", 1053),
        ("applications", "本年新收政府信息公开申请数量", None, "narrative", "count", 21),  # right
    ],
    2021: [
        ("proactive", "主动公开政府信息总数", None, "narrative", "count", 2645),  # right
        # wrong: the 三 of “三个一”工作机制; 70 were received
        ("applications", "本年新收政府信息公开申请数量", None, "narrative", "count", 3),
    ],
    2022: [
        ("proactive", "主动公开政府信息总数", None, "narrative", "count", 14571),  # right
        # 收到…申请75件 counts the 1 carried over from 2021: 74 new (section 三)
        ("applications", "本年新收政府信息公开申请数量", None, "narrative", "count", 75),
        ("litigation", "行政诉讼", None, "narrative", "count", 1),  # right
        ("reconsideration", "行政复议", None, "narrative", "count", 2),  # right
    ],
    2024: [
        ("channel", "政府门户网站", None, "narrative", "count", 10407),  # right
        # wrong: the 二十 of 第二十条; 10407 were published through the portal
        ("proactive", "主动公开政府信息总数", None, "narrative", "count", 10),
    ],
    2025: [
        ("channel", "政务微信", None, "narrative", "count", 672),  # right (the 平潭发布 account)
        ("applications", "本年新收政府信息公开申请数量", None, "narrative", "count", 154),  # right
        ("outcomes", "总计", None, "narrative", "count", 148),  # right
        ("reconsideration", "行政复议", None, "narrative", "count", 36),  # right
        ("litigation", "行政诉讼", None, "narrative", "count", 9),  # right
        # wrong: the 二十 of 第二十条; the text gives 7700余条
        ("proactive", "主动公开政府信息总数", None, "narrative", "count", 10),
    ],
}


def test_everything_the_reader_reads_of_the_pingtan_texts(pingtan):
    def na(v):
        return None if pd.isna(v) else v

    got = {}
    for year, g in pingtan.groupby("year"):
        got[int(year)] = [
            (
                r.section,
                r.item,
                na(r.parent),
                na(r.field),
                r.measure,
                int(r.count) if pd.notna(r.count) else float(r.value),
            )
            for r in g.itertuples()
        ]
    added = {y: [x for x in got.get(y, []) if x not in READ.get(y, [])] for y in YEARS}
    lost = {y: [x for x in READ.get(y, []) if x not in got.get(y, [])] for y in YEARS}
    assert ({y: v for y, v in added.items() if v}, {y: v for y, v in lost.items() if v}) == (
        {},
        {},
    ), "the reader now reads the 平潭 texts differently (new records, records gone): update READ"
