"""check_structure: report outlines, tables, table 二 and the prose against the tables, on the real
texts of tests/data (the seed, the whole reports of batch2, the development set) and on planted
faults; missing_reports: which agencies of a batch published nothing."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import luzhou_disclosure as ld
from luzhou_disclosure.readers._sources import load_document
from luzhou_disclosure.structure import audit_outline

DATA = Path(__file__).parent / "data"
SEED = DATA / "seeds" / "000_9011374d10fa4802.txt"
BATCH2 = DATA / "reports" / "batch2"
NARRATIVE = ["概述", "主动公开", "依申请公开", "收费及减免", "复议和诉讼", "问题及改进", "其他"]
TEMPLATE = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def failed(found: pd.DataFrame, rule: str | None = None) -> list[str]:
    """The items of the failed checks (of ``rule``)."""
    rows = found[~found["ok"].astype(bool)]
    if rule is not None:
        rows = rows[rows["rule"] == rule]
    return rows["item"].tolist()


def rules(found: pd.DataFrame) -> dict[str, int]:
    return found["rule"].value_counts().sort_index().to_dict()


# --- the seed and the real reports --------------------------------------------------------------


def test_the_seed_follows_the_narrative_outline():
    """The seed, lines 3–25: 一、政府信息公开工作推进情况 (the 概述), then
    (一)主动公开政府信息情况 … (六)其他需要报告的事项, in order (its opening paragraph lists the
    same seven parts)."""
    found = ld.check_structure(SEED)
    assert rules(found) == {"S1": 7, "S2": 7}  # no tables are checked before 2019
    assert found["ok"].all()
    s1 = found[found["rule"] == "S1"]
    assert s1["item"].tolist() == NARRATIVE
    assert s1["sources"].tolist() == [
        f"000_9011374d10fa4802.txt:{line}:0-{end}"
        for line, end in ((3, 14), (8, 13), (16, 14), (18, 16), (20, 26), (22, 20), (25, 12))
    ]
    assert s1["message"].iloc[0] == "heading '一、政府信息公开工作推进情况'"
    assert set(found["agency"]) == {"泸州市统计局"} and set(found["year"]) == {2017}


@pytest.mark.parametrize("name", ["001", "006", "007", "009", "011", "048"])
def test_the_pingtan_standard_form_reports_follow_the_template(name):
    """The 平潭 reports of 2019–2025 (batch2, whole pages flattened to one line: the headings run
    into the text, 联系。一、总体情况2021年…, 24252.311082三、收到和处理…) have the six sections,
    in order, numbered 一 to 六, and the three tables (their headers in the line: 本年制发件数 or
    本年新制作数量, 本年度办理结果, 结果维持 … 结果纠正). The rows of table 三 numbered like
    sections (一、本年新收…, 三、本年度办理结果) are no headings."""
    found = ld.check_structure(BATCH2 / f"{name}.txt")
    # 011 (2022) states 行政复议2起 in its 总体情况 (line 10, 1288) and table 四 says 2 (line 10,
    # 3283): R7 compares them and they agree
    again = {"R7": 1} if name == "011" else {}
    assert rules(found) == {"S1": 6, "S2": 6, "S3": 6, "S4": 3, **again}
    assert found["ok"].all(), found.loc[~found["ok"], "message"].tolist()
    assert found.loc[found["rule"] == "S1", "item"].tolist() == TEMPLATE
    assert (found["sources"].str.startswith(f"{name}.txt:10:")).all()


def test_pingtan_2021_headings_are_found_inside_the_line():
    found = ld.check_structure(BATCH2 / "007.txt").set_index(["rule", "item"])
    line = (BATCH2 / "007.txt").read_text(encoding="utf-8").splitlines()[9]
    for title in TEMPLATE:
        ref = found.loc[("S1", title), "sources"]
        start, end = map(int, ref.rsplit(":", 1)[1].split("-"))
        assert line[start:end] == title  # the span points at the heading in the original line


def test_a_standard_form_page_without_its_tables():
    """batch2/020.txt (桂花坪街道 2020): the six headings, lines 7–23, but sections 二, 三 and 四
    are empty on the page (the tables were not copied)."""
    found = ld.check_structure(BATCH2 / "020.txt")
    assert failed(found) == [
        "表二（二、主动公开政府信息情况）",
        "表三（三、收到和处理政府信息公开申请情况）",
        "表四（四、政府信息公开行政复议、行政诉讼情况）",
    ]
    assert (found.loc[~found["ok"], "severity"] == "error").all()
    s4 = found[found["rule"] == "S4"]
    assert s4["sources"].tolist() == ["020.txt:11:0-12", "020.txt:13:0-17", "020.txt:15:0-19"]
    assert s4["message"].iloc[0] == (
        "no 表二: the form requires it under 二、主动公开政府信息情况; the heading is there "
        "('二、主动公开政府信息情况')"
    )


@pytest.mark.parametrize(
    ("name", "missing", "kwargs"),
    [
        # 一、概述 二、主动公开 三、政府信息依申请公开工作情况 四、…存在的主要问题及改进情况
        ("002", ["收费及减免", "复议和诉讼", "其他"], {}),
        ("003", ["收费及减免", "复议和诉讼", "其他"], {}),
        # 一、概述 二、重点领域… 三、主动公开 四、依申请公开 五、问题及改进
        ("004", ["收费及减免", "复议和诉讼", "其他"], {}),
        # 三、依申请公开、不予公开及咨询… 四、审批事项 五、申请行政复议… 六、工作人员及…支出情况
        ("005", ["收费及减免", "问题及改进", "其他"], {}),
        # … 六、主要问题和改进措施 七、…统计表
        ("008", ["其他"], {}),
        ("049", ["其他"], {}),
        # 三、政府信息依申请公开工作情况 四、…行政复议、提起行政诉讼的情况 五、主要问题和改进措施
        ("010", ["收费及减免", "其他"], {}),
        # the title runs over two lines, so agency and year are given; 一、主动公开政府信息的情况
        # first
        ("054", ["概述", "其他"], {"agency": "道县文广新局", "year": 2013}),
        # a page with no section headings at all
        ("060", NARRATIVE, {}),
    ],
)
def test_whole_narrative_reports_of_batch2(name, missing, kwargs):
    found = ld.check_structure(BATCH2 / f"{name}.txt", **kwargs)
    assert failed(found) == missing
    assert (found.loc[~found["ok"], "severity"] == "warning").all()  # no template before 2019
    assert found.loc[found["rule"] == "S2", "ok"].all()


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        (
            "001.txt",
            ["依申请公开", "收费及减免", "复议和诉讼", "问题及改进", "其他"],
        ),  # cut after 二、
        ("013.txt", NARRATIVE[1:]),  # 2018: 一、总体情况 says it covers them all; 二、人大代表建议…
        ("025.txt", ["其他"]),  # 一、概述 … 六、存在的主要问题和改进措施
        ("037.txt", NARRATIVE),  # 三明市 2018: 一、主要任务落实情况 …
    ],
)
def test_development_set_beginnings(name, missing):
    """tests/data/reports/: the beginnings of published reports; what they lack is what is cut off
    or what the report never had."""
    assert failed(ld.check_structure(DATA / "reports" / name)) == missing


def test_a_report_that_cannot_be_read_is_a_finding():
    found = ld.check_structure(DATA / "reports" / "007.txt")  # its first line is 一、总体情况
    assert found["rule"].tolist() == ["unreadable_report"]
    assert "Pass them: read_report(source, agency=…, year=…)" in found["message"].iloc[0]


def test_a_batch_of_reports_and_a_folder(tmp_path):
    for name in ("001.txt", "002.txt"):
        (tmp_path / name).write_bytes((BATCH2 / name).read_bytes())
    found = ld.check_structure(tmp_path)
    assert sorted(set(found["year"])) == [2011, 2019]
    assert len(found) == 21 + 11


# --- planted faults in a 2021 report --------------------------------------------------------------


def report(year=2021, *, issued=5, repealed=2, in_force=20, received=10, prose=None, lines=None):
    """A 2021 report with its tables flattened into `label | v |` lines (as copies of web pages
    have them); ``lines`` replaces the headings (by the template's number, 1–6)."""
    heading = dict(enumerate(TEMPLATE, start=1)) | (lines or {})
    said = f"全年共收到政府信息公开申请{prose}件。" if prose is not None else ""
    parts = [
        f"某县统计局{year}年政府信息公开工作年度报告",
        heading[1],
        f"{year}年,我局认真贯彻落实条例。{said}",
        heading[2],
        "第二十条第（一）项 |",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 0 | 0 | 0 |",
        f"行政规范性文件 | {issued} | {repealed} | {in_force} |",
        heading[3],
        f"一、本年新收政府信息公开申请数量 | {received} | 0 | 0 | 0 | 0 | 0 | {received} |",
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        heading[4],
        "行政复议 | 行政诉讼 |",
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |",
        " | ".join(["0"] * 15) + " |",
        heading[5],
        "无。",
        heading[6],
        "无。",
    ]
    return "\n".join(p for p in parts if p is not None)


def structure(text: str) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ld.check_structure(text)


def test_the_planted_report_passes():
    found = structure(report())
    assert found["ok"].all()
    assert rules(found) == {"S1": 6, "S2": 6, "S3": 6, "S4": 3}
    s4 = found[found["rule"] == "S4"].set_index("item")["sources"]
    # table 二's first figure read (规章 本年制发件数); the planted text's table is flattened, its
    # header on lines of its own, so the figure is placed by position (docs/records.md)
    assert s4.iloc[0] == "<text>:7:5-6 (positional)"


def test_a_section_left_out_and_the_next_numbered_in_its_place():
    """五 left out and 六 renumbered 五: 五 missing, and 其他需要报告的事项 numbered 五 not 六."""
    found = structure(report(lines={5: None, 6: "五、其他需要报告的事项"}))
    assert failed(found) == ["五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    s3 = found[(found["rule"] == "S3") & ~found["ok"]].iloc[0]
    assert (s3["expected"], s3["found"]) == (6, 5)
    assert s3["message"] == (
        "'五、其他需要报告的事项': the template numbers it 六; it is numbered 五"
    )
    assert s3["sources"] == "<text>:17:0-11"


def test_sections_out_of_order():
    found = structure(
        report(lines={2: "三、收到和处理政府信息公开申请情况", 3: "二、主动公开政府信息情况"})
    )
    s2 = found[(found["rule"] == "S2") & ~found["ok"]]
    assert s2["item"].tolist() == ["二、主动公开政府信息情况"]
    assert s2["sources"].iloc[0] == "<text>:9:0-12 | <text>:4:0-17"
    assert failed(found, "S3") == []  # each still carries its own number: only the order is wrong


def test_a_number_used_twice():
    """A sub-topic of 总体情况 numbered like a section (docs/formats.md §6): 二、 twice."""
    text = report().replace(
        "年,我局认真贯彻落实条例。", "年,我局认真贯彻落实条例。\n二、加强组织领导\n", 1
    )
    found = structure(text)
    bad = found[~found["ok"]]
    assert bad["rule"].tolist() == ["S3"] and bad["item"].tolist() == ["二、主动公开政府信息情况"]
    assert "'二、加强组织领导' carries the same number" in bad["message"].iloc[0]


def test_a_section_without_a_number():
    found = structure(report(lines={6: "其他需要报告的事项"}))
    assert failed(found) == ["六、其他需要报告的事项"]
    assert failed(found, "S3") == ["六、其他需要报告的事项"]
    assert "it has no number" in found.loc[~found["ok"], "message"].iloc[0]


def test_a_table_left_out():
    """Section 四 says in words that there were no cases, and gives no table."""
    text = report().replace(
        "行政复议 | 行政诉讼 |\n"
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n"
        + " | ".join(["0"] * 15)
        + " |\n",
        "本年度未发生行政复议、行政诉讼。\n",
    )
    found = structure(text)
    assert failed(found) == ["表四（四、政府信息公开行政复议、行政诉讼情况）"]


# --- table 二 and the prose against the tables ------------------------------------------------


def test_table_2_in_force_carries_from_year_to_year():
    """2021: 现行有效 20; 2022: 20 + 3 制发 − 1 废止 = 22 should be in force, the report says 25
    (check's R9, named by its table)."""
    found = structure([report(2021), report(2022, issued=3, repealed=1, in_force=25)])
    r9 = found[found["rule"] == "R9"]
    bad = r9[~r9["ok"]].iloc[0]
    assert (bad["year"], bad["item"], bad["expected"], bad["found"]) == (
        2022,
        "行政规范性文件",
        22,
        25,
    )
    assert bad["message"] == (
        "表二（二、主动公开政府信息情况）: 行政规范性文件 现行有效件数 2022 is 25; "
        "2021's plus 本年制发 minus 本年废止 gives 22"
    )
    assert r9["ok"].sum() == 1  # 规章: 0 + 0 − 0 = 0


def test_table_2_counts_are_not_negative():
    found = structure(report(repealed=-2))
    r5 = found[(found["rule"] == "R5") & ~found["ok"]]
    assert r5["message"].tolist() == [
        "表二（二、主动公开政府信息情况）: 行政规范性文件 is -2: a count cannot be negative"
    ]
    assert r5["sources"].tolist() == ["<text>:8:14-16 (positional)"]


def test_the_prose_against_the_table():
    """总体情况 says 12 applications, table 三 says 本年新收 10 (check's R7 compares them now)."""
    found = structure(report(prose=12))
    r7 = found[found["rule"] == "R7"]
    assert len(r7) == 1 and not r7["ok"].iloc[0]
    assert r7["message"].iloc[0] == (
        "一、总体情况 and 表三（三、收到和处理政府信息公开申请情况）: "
        "本年新收政府信息公开申请数量 is stated "
        "2 times with different figures (10 … 12) in the prose (总体情况) and in a table"
    )
    # line 3: 2021年,我局认真贯彻落实条例。全年共收到政府信息公开申请 is 30 characters, then 12件
    assert r7["sources"].iloc[0] == "<text>:3:30-33 | <text>:10:44-46 (positional)"
    agree = structure(report(prose=10))
    assert agree.loc[agree["rule"] == "R7", "ok"].tolist() == [True]


def test_check_compares_the_prose_with_the_table():
    """R7 in check itself (docs/formats.md §4): the prose's 12 and the table's 10 are one figure."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        records = ld.read_report(report(prose=12))
    r7 = ld.check(records).query("rule == 'R7'")
    assert (r7["expected"].tolist(), r7["found"].tolist(), r7["field"].isna().tolist()) == (
        [12.0],
        [10.0],
        [True],
    )


def test_the_table_rules_still_hold_beside_a_prose_figure():
    """The prose states 本年新收 too (field narrative): R1 still balances the table's cells, 10 + 2
    received against 10 + 1 answered (by hand), instead of being skipped for a third figure."""
    base = {"agency": "甲局", "year": 2021, "form": "2021", "measure": "count"}
    records = ld.make_records(
        [
            {
                **base,
                "section": "applications",
                "item": "本年新收政府信息公开申请数量",
                "count": 10,
            },
            {**base, "section": "applications", "item": "上年结转政府信息公开申请数量", "count": 2},
            {**base, "section": "outcomes", "item": "总计", "count": 10},
            {**base, "section": "applications", "item": "结转下年度继续办理", "count": 1},
            {
                **base,
                "section": "applications",
                "item": "本年新收政府信息公开申请数量",
                "count": 10,
                "field": "narrative",
            },
        ]
    )
    r1 = ld.check(records).query("rule == 'R1'")
    assert (r1["found"].tolist(), r1["expected"].tolist(), r1["ok"].tolist()) == (
        [12.0],
        [11.0],
        [False],
    )


def test_audit_outline_takes_prose_lines_with_their_provenance():
    """The hook for other sources: any Text (lines, normalised lines, ref) is audited alike."""
    prose = load_document(SEED).prose
    found = audit_outline(prose, form="narrative", agency="泸州市统计局", year=2017)
    assert found["ok"].all() and len(found) == 14
    with pytest.raises(ValueError, match="form='2022'"):
        audit_outline(prose, form="2022")


def test_tables_from_the_cells_of_a_source_that_keeps_them_apart():
    prose = load_document("某县2021年政府信息公开工作年度报告\n" + "\n".join(TEMPLATE)).prose
    cells = ["信息内容", "本年制发件数", "申请人情况", "结果维持", "结果纠正"]
    found = audit_outline(prose, form="2021", table_text=cells)
    assert found.loc[found["rule"] == "S4", "ok"].all()
    assert not audit_outline(prose, form="2021").loc[lambda f: f["rule"] == "S4", "ok"].any()


# --- missing reports --------------------------------------------------------------------------


def test_missing_reports():
    rows = [
        {"agency": a, "year": y, "section": "proactive", "item": "主动公开政府信息总数", "count": 1}
        for a, y in (
            ("泸州市统计局", 2020),
            ("泸州市统计局", 2021),
            ("泸州市财政局", 2021),
            ("泸州市 水务 局", 2021),  # spaces: the same agency
            ("泸州市统计局办公室", 2020),  # not expected: a name written otherwise?
        )
    ]
    records = ld.make_records(rows)
    expected = {"泸州市统计局": "市级部门", "泸州市财政局": "市级部门", "泸州市水务局": "市级部门"}
    m = ld.missing_reports(records, expected=expected)
    table = m[["agency", "year", "listed", "published"]].values.tolist()
    assert table == [
        ["泸州市统计局", 2020, True, True],
        ["泸州市统计局", 2021, True, True],
        ["泸州市财政局", 2020, True, False],
        ["泸州市财政局", 2021, True, True],
        ["泸州市水务局", 2020, True, False],
        ["泸州市水务局", 2021, True, True],
        ["泸州市统计局办公室", 2020, False, True],
    ]
    row = m[(m["agency"] == "泸州市财政局") & (m["year"] == 2020)].iloc[0]
    assert row["closest"] == "泸州市统计局办公室" and row["group"] == "市级部门"
    assert row["note"] == "no report of 泸州市财政局 for 2020 (did you mean '泸州市统计局办公室'?)"
    only = ld.missing_reports(records, expected=["泸州市财政局"], year=2021)
    assert only.loc[only["listed"], "published"].tolist() == [True]


def test_a_published_pdf_is_audited_with_its_pages_named():
    """洪泽区 2023 (tests/data/published/hongze_2023.pdf): the six headings of the 2021 template, in
    order, on the pages where the PDF prints them (page 1: 一、总体情况; 2: 二; 3: 三; 4: 四 and 五;
    5: 六, checked with pdfplumber's text of each page), and its three tables."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ld.DisclosureWarning)
        found = ld.check_structure(DATA / "published" / "hongze_2023.pdf")
    assert found["ok"].all()
    headings = found[found["rule"] == "S1"]["sources"].str.extract(r"page (\d+):line \d+「(.+)」")
    assert headings.values.tolist() == [
        ["1", "一、总体情况"],
        ["2", "二、主动公开政府信息情况"],
        ["3", "三、收到和处理政府信息公开申请情况"],
        ["4", "四、政府信息公开行政复议、行政诉讼情况"],
        ["4", "五、存在的主要问题及改进情况"],
        ["5", "六、其他需要报告的事项"],
    ]
    tables = found[found["rule"] == "S4"]
    assert tables["message"].tolist() == ["表二 is present", "表三 is present", "表四 is present"]
    assert tables["sources"].str.contains(r"hongze_2023\.pdf:page \d:table \d").all()
