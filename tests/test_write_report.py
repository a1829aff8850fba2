"""write_report: the official 2021 Word document filled from records, its prose, the summary
paragraph, the checks before writing, and the ``report`` command.

The layout is compared with the official blank template
(tests/data/published/template_2021_blank.docx, named in tests/data/sources.tsv); the report's
figures are those chosen by hand in test_published_word.py (every rule of the form holds); the
summaries' numbers are computed by hand in the comments beside them.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import docx
import pandas as pd
import pytest

import luzhou_disclosure as ld
from luzhou_disclosure._vocab import STANDARD_OUTCOMES
from luzhou_disclosure.cli import main
from luzhou_disclosure.errors import CheckError, DisclosureWarning, InputFileError
from luzhou_disclosure.publish import PLACEHOLDERS, SECTION_HEADINGS
from test_published_word import AGENCY, TEMPLATE, YEAR, expected_records

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLE = f"{AGENCY}{YEAR}年政府信息公开工作年度报告"


def write(records, path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DisclosureWarning)
        return ld.write_report(records, path, **kwargs)


def read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        return ld.read_report(path)


@pytest.fixture(scope="module")
def report() -> pd.DataFrame:
    return expected_records()


@pytest.fixture(scope="module")
def written(report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("written") / "report.docx"
    write(report, path)
    return path


# --- the layout, against the official template --------------------------------------------------


def structure(table) -> list[list[tuple[str, int, str | None]]]:
    """Each row's cells as (text, columns spanned, vertical merge), spaces and ideographic spaces
    left out of the text."""
    rows = []
    for tr in table._tbl.findall(f"{W}tr"):
        row = []
        for tc in tr.findall(f"{W}tc"):
            pr = tc.find(f"{W}tcPr")
            span = pr.find(f"{W}gridSpan") if pr is not None else None
            vmerge = pr.find(f"{W}vMerge") if pr is not None else None
            text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
            row.append(
                (
                    "".join(text.split()).replace("\u3000", ""),
                    int(span.get(f"{W}val")) if span is not None else 1,
                    None if vmerge is None else (vmerge.get(f"{W}val") or "continue"),
                )
            )
        rows.append(row)
    return rows


def grid(table) -> list[int]:
    return [int(g.get(f"{W}w")) for g in table._tbl.find(f"{W}tblGrid")]


def test_the_tables_have_the_official_templates_cells_merges_labels_and_widths(tmp_path):
    path = tmp_path / "blank.docx"
    # a report without figures: every figure cell blank, as in the blank template
    r = ld.make_records(
        [
            {
                "agency": AGENCY,
                "year": YEAR,
                "form": "2021",
                "section": "proactive",
                "item": "主动公开政府信息总数",
                "measure": "count",
                "count": 1,
            }
        ]
    )
    with pytest.warns(DisclosureWarning, match="1 figures are not in the document"):
        ld.write_report(r, path)
    ours, official = docx.Document(str(path)), docx.Document(str(TEMPLATE))
    assert len(ours.tables) == len(official.tables) == 3
    for mine, theirs in zip(ours.tables, official.tables, strict=True):
        assert structure(mine) == structure(theirs)
        assert grid(mine) == grid(theirs)


def test_the_headings_title_and_placeholders_are_the_templates(written):
    d = docx.Document(str(written))
    texts = [p.text for p in d.paragraphs if p.text]
    assert texts[0] == TITLE
    title = d.paragraphs[0]
    assert title.alignment == 1 and all(r.bold for r in title.runs)  # centred, bold
    headings = [t for t in texts if t in SECTION_HEADINGS]
    assert headings == list(SECTION_HEADINGS)
    # the template's placeholders under 一, 五 and 六 (its paragraphs 5, 33 and 35)
    for section, placeholder in PLACEHOLDERS.items():
        at = texts.index(SECTION_HEADINGS[section - 1])
        assert texts[at + 1] == placeholder
    official = [p.text for p in docx.Document(str(TEMPLATE)).paragraphs if p.text]
    assert [t for t in official if t in PLACEHOLDERS.values()] == list(PLACEHOLDERS.values())


def test_the_text_is_set_in_songti(written):
    d = docx.Document(str(written))
    fonts = d.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert {fonts.get(f"{W}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"宋体"}
    sizes = {
        r.font.size.pt for t in d.tables for c in t._cells for p in c.paragraphs for r in p.runs
    }
    assert sizes == {10.0}  # the template's tables: w:sz 20 (half-points)


def test_every_figure_stands_in_its_cell_and_na_is_blank(written, tmp_path, report):
    t1, t2, t3 = docx.Document(str(written)).tables
    # hand-chosen figures of test_published_word.py: 规章 现行有效件数 2,
    # 行政事业性收费 12.5 (万元), 本年新收 自然人 40 and 总计 53, 复议后起诉 总计 1
    assert t1.cell(2, 3).text == "2"
    assert t1.cell(13, 1).text == "12.5"
    assert [t2.cell(3, c).text for c in (3, 9)] == ["40", "53"]
    assert t3.cell(3, 14).text == "1"
    # a figure the records lack is a blank cell, never 0
    fewer = report[~((report["item"] == "规章") & (report["field"] == "本年废止件数"))]
    path = tmp_path / "fewer.docx"
    write(fewer, path)
    t1 = docx.Document(str(path)).tables[0]
    assert [t1.cell(2, c).text for c in (1, 2, 3)] == ["0", "", "2"]
    back = read(path)
    cell = back[(back["item"] == "规章") & (back["field"] == "本年废止件数")]
    assert cell["count"].isna().all() and len(cell) == 1


@pytest.mark.parametrize(
    "value, unit, written_as, read_as",
    [
        (5000.0, "元", "0.5", 0.5),  # 5000 元 = 0.5 万元
        (123456.78, "元", "12.345678", 12.345678),  # exactly, no rounding
        (1.5, "亿元", "15000", 15000.0),
        (7730.28, "万元", "7730.28", 7730.28),
        (0.0, "万元", "0", 0.0),
    ],
)
def test_fees_are_written_in_wan_yuan_exactly(tmp_path, report, value, unit, written_as, read_as):
    fee = (report["item"] == "行政事业性收费") & (report["field"] == "本年收费金额")
    r = report.copy()
    r.loc[fee, "value"], r.loc[fee, "unit"] = value, unit
    path = tmp_path / "fee.docx"
    write(r, path)
    assert docx.Document(str(path)).tables[0].cell(13, 1).text == written_as
    back = read(path)
    got = back[(back["item"] == "行政事业性收费") & (back["field"] == "本年收费金额")]
    assert got[["value", "unit"]].values.tolist() == [[read_as, "万元"]]


def test_a_fee_without_a_unit_of_money_is_an_error(tmp_path, report):
    r = report.copy()
    r.loc[r["item"] == "行政事业性收费", "unit"] = pd.NA
    with pytest.raises(
        ValueError, match=r"行政事业性收费 本年收费金额 is 12.5 in unit None.*元, 万元"
    ):
        ld.write_report(r, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_the_subtotal_column_of_legal_persons_is_written_when_the_records_hold_it(tmp_path, report):
    orgs = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    three = report[report["section"].isin(["applications", "outcomes"])]
    sub = (
        three[three["applicant"].isin(orgs)]
        .groupby(["section", "parent", "item"], dropna=False, sort=False)["count"]
        .sum()
        .reset_index()
    )
    rows = [
        {**dict(zip(["section", "parent", "item", "count"], rec, strict=True))}
        | {
            "agency": AGENCY,
            "year": YEAR,
            "form": "2021",
            "applicant": "法人或其他组织",
            "measure": "count",
        }
        for rec in sub.itertuples(index=False)
    ]
    r = ld.concat_records([report, ld.make_records(rows)])
    path = tmp_path / "wide.docx"
    write(r, path)
    t2 = docx.Document(str(path)).tables[1]
    assert len(t2.columns) == 11
    assert structure(t2)[2][2:4] == [("小计", 1, None), ("商业企业", 1, None)]
    back = read(path)
    got = back[
        (back["applicant"] == "法人或其他组织") & (back["item"] == "本年新收政府信息公开申请数量")
    ]
    assert got["count"].tolist() == [13]  # 6 + 1 + 2 + 3 + 1


def test_one_row_of_other_handling_is_written_as_the_agency_published_it(tmp_path, report):
    reasons = report["parent"] == "其他处理"
    single = report[reasons].groupby("applicant", sort=False)["count"].sum()
    rows = [
        {"agency": AGENCY, "year": YEAR, "form": "2021", "section": "outcomes"}
        | {"item": "其他处理", "applicant": a, "measure": "count", "count": n}
        for a, n in single.items()
    ]
    r = ld.concat_records([report[~reasons], ld.make_records(rows)])
    path = tmp_path / "single.docx"
    write(r, path)
    labels = [row.cells[1].text for row in docx.Document(str(path)).tables[1].rows]
    assert "（六）其他处理" in labels and "1.申请人无正当理由逾期不补正" not in "".join(labels)
    back = read(path)
    got = back[(back["item"] == "其他处理") & (back["applicant"] == "总计")]
    assert got["count"].tolist() == [3]  # 1 (逾期不补正) + 0 + 2 (其他), test_published_word.py


# --- which records ------------------------------------------------------------------------------


def test_reports_of_the_2019_form_and_narrative_reports_are_refused(tmp_path, seed):
    with pytest.raises(ValueError, match=r"the records of 泸州市统计局 2017 are in form narrative"):
        ld.write_report(seed, tmp_path / "seed.docx", year=2017)
    r = ld.make_records(
        [
            {
                "agency": "甲局",
                "year": 2020,
                "form": "2019",
                "section": "outcomes",
                "item": "其他处理",
                "measure": "count",
                "count": 1,
            }
        ]
    )
    with pytest.raises(
        ValueError, match=r"in the 2019 form.*write_form\(records, path, form='2019'\)"
    ):
        ld.write_report(r, tmp_path / "2019.docx")
    assert not list(tmp_path.iterdir())


def test_a_figure_without_a_cell_in_the_2021_form_is_an_error(tmp_path):
    r = ld.make_records(
        [
            {
                "agency": "甲局",
                "year": 2021,
                "section": "article20",
                "parent": "第二十条第（九）项",
                "item": "政府集中采购",
                "field": "采购项目数量",
                "measure": "count",
                "count": 3,
            }
        ]
    )
    with pytest.raises(
        ValueError,
        match=(
            r"1 figures have no cell in the 2021 form "
            r"\(article20/第二十条第（九）项/政府集中采购"
        ),
    ):
        ld.write_report(r, tmp_path / "x.docx")


def test_the_report_is_chosen_by_agency_and_year(tmp_path, report):
    two = ld.concat_records([report, report.assign(agency="乙局")])
    with pytest.raises(ValueError, match="the records hold 2 agencies"):
        ld.write_report(two, tmp_path / "x.docx")
    with pytest.raises(ValueError, match=f"no figure of 乙局 for 2020; they hold {YEAR}"):
        ld.write_report(two, tmp_path / "x.docx", agency="乙局", year=2020)
    write(two, tmp_path / "b.docx", agency="乙局")
    assert set(read(tmp_path / "b.docx")["agency"]) == {"乙局"}


def test_the_records_are_not_modified(tmp_path, report):
    before = report.copy()
    write(report, tmp_path / "r.docx", summary=True)
    pd.testing.assert_frame_equal(report, before)


def test_figures_without_a_place_are_named_in_a_warning(tmp_path, report):
    extra = ld.make_records(
        [
            {
                "agency": AGENCY,
                "year": YEAR,
                "form": "2021",
                "section": "channel",
                "item": "政务微博",
                "measure": "count",
                "count": 9,
            },
            {
                "agency": AGENCY,
                "year": YEAR,
                "form": "2021",
                "section": "applications",
                "item": "本年新收政府信息公开申请数量",
                "field": "narrative",
                "measure": "count",
                "count": 53,
            },
        ]
    )
    with pytest.warns(
        DisclosureWarning,
        match=(
            r"2 figures are not in the document"
            r".*channel 1, figures stated in the report's prose 1"
        ),
    ):
        ld.write_report(ld.concat_records([report, extra]), tmp_path / "r.docx")


# --- checks before writing ----------------------------------------------------------------------


def _broken(report: pd.DataFrame) -> pd.DataFrame:
    r = report.copy()
    # R2: 予以公开's 总计 says 27, its six applicant columns add up to 26 (20 + 3 + 1 + 1 + 1 + 0)
    at = (r["item"] == "予以公开") & (r["applicant"] == "总计")
    r.loc[at, "count"] = 27
    return r


def test_a_report_that_breaks_a_rule_is_not_written(tmp_path, report):
    path = tmp_path / "broken.docx"
    with pytest.raises(CheckError) as caught:
        ld.write_report(_broken(report), path)
    assert not path.exists()
    message = str(caught.value)
    assert "泸州市某局 2023: the report breaks 2 rules of check and was not written" in message
    assert "R2: " in message and "R3: " in message and "force=True" in message
    errors = caught.value.findings[caught.value.findings["severity"] == "error"]
    r2 = errors[errors["rule"] == "R2"]
    assert r2[["item", "expected", "found"]].values.tolist() == [["予以公开", 26, 27]]


def test_force_writes_it_and_returns_the_findings(tmp_path, report):
    path = tmp_path / "forced.docx"
    found = write(_broken(report), path, force=True)
    assert path.exists()
    assert sorted(found["rule"]) == ["R2", "R3"]  # R3: （七）总计 53 against its rows' 54
    assert set(found["severity"]) == {"error"}
    assert docx.Document(str(path)).tables[1].cell(5, 9).text == "27"


def test_a_consistent_report_passes_and_last_years_carry_over_is_checked(tmp_path, report):
    assert write(report, tmp_path / "ok.docx").empty
    # R8: last year's 结转下年度继续办理 总计 (5) is not this year's 上年结转 总计 (4, by hand)
    last = ld.make_records(
        [
            {
                "agency": AGENCY,
                "year": YEAR - 1,
                "form": "2021",
                "section": "applications",
                "item": "结转下年度继续办理",
                "applicant": "总计",
                "measure": "count",
                "count": 5,
            }
        ]
    )
    with pytest.raises(
        CheckError, match=r"R8: 结转下年度继续办理 2022 \(总计\) is 5, 上年结转 2023 is 4"
    ):
        ld.write_report(ld.concat_records([report, last]), tmp_path / "r8.docx", year=YEAR)


# --- prose --------------------------------------------------------------------------------------


def body(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text]


def test_prose_from_a_dict_keyed_by_section_in_any_spelling(tmp_path, report):
    prose = {
        1: "本局严格执行条例。\n\n全年工作有序开展。",
        "五": ["无。"],
        "六、其他需要报告的事项": "本年度未收取信息处理费。",
        "主动公开政府信息情况": "本年度主动公开情况如下表。",
    }
    path = tmp_path / "prose.docx"
    write(report, path, prose=prose)
    texts = body(path)
    at = texts.index("一、总体情况")
    assert texts[at + 1 : at + 4] == [
        "本局严格执行条例。",
        "全年工作有序开展。",
        "二、主动公开政府信息情况",
    ]
    assert texts[texts.index("二、主动公开政府信息情况") + 1] == "本年度主动公开情况如下表。"
    assert texts[-3:] == ["无。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]
    assert "（文字描述）" not in texts


def test_an_unknown_prose_section_is_an_error(tmp_path, report):
    with pytest.raises(ValueError, match=r"prose section '七': expected 1–6"):
        ld.write_report(report, tmp_path / "x.docx", prose={"七": "x"})


def test_prose_from_a_markdown_file(tmp_path, report):
    md = tmp_path / "prose.md"
    md.write_text(
        "# 一、总体情况\n\n## （一）主动公开\n本局主动公开各类信息。\n\n"
        "**五、存在的主要问题及改进情况**\n无。\n",
        encoding="utf-8",
    )
    assert ld.read_prose(md) == {1: ["## （一）主动公开", "本局主动公开各类信息。"], 5: ["无。"]}
    path = tmp_path / "md.docx"
    write(report, path, prose=md)
    d = docx.Document(str(path))
    sub = next(p for p in d.paragraphs if p.text == "（一）主动公开")
    assert all(r.bold for r in sub.runs)
    texts = body(path)
    assert texts[texts.index("五、存在的主要问题及改进情况") + 1] == "无。"
    assert texts[-1] == PLACEHOLDERS[6]  # 六 not given: the template's placeholder


def test_a_plain_text_file_in_gbk_with_headings_without_ordinals(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_bytes("总体情况\n本局依法公开。\n其他需要报告的事项\n无。\n".encode("gbk"))
    assert ld.read_prose(path) == {1: ["本局依法公开。"], 6: ["无。"]}


@pytest.mark.parametrize(
    "text, problem",
    [
        (
            "本局依法公开。\n一、总体情况\n",
            r"line 1: '本局依法公开。' comes before the first section heading",
        ),
        (
            "一、总体情况\n甲\n# 总体情况\n乙\n",
            r"line 3: section 一、总体情况 again \(first on line 1\)",
        ),
    ],
)
def test_a_prose_file_that_cannot_be_placed_is_an_error(tmp_path, text, problem):
    path = tmp_path / "p.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError, match=problem):
        ld.read_prose(path)


def test_a_prose_file_that_is_missing_or_not_text_is_an_error_naming_it(tmp_path):
    # the reading of a text file is shared with the fetcher's file of URLs (readers._text_source)
    missing, binary = tmp_path / "missing.md", tmp_path / "p.md"
    binary.write_bytes(b"\x00\x01\x02 not text")
    with pytest.raises(InputFileError, match=r"missing\.md: cannot be read"):
        ld.read_prose(missing)
    with pytest.raises(InputFileError, match=r"p\.md: is not a text file; give the prose as"):
        ld.read_prose(binary)


# --- the summary paragraph -----------------------------------------------------------------------


def _records(rows, agency="甲局"):
    """Records from (year, section, item, parent, field, count) tuples, applicant 总计."""
    return ld.make_records(
        [
            {
                "agency": agency,
                "year": y,
                "form": "2021",
                "section": s,
                "item": i,
                "parent": p,
                "field": f,
                "measure": "count",
                "count": n,
            }
            for y, s, i, p, f, n in rows
        ]
    )


FULL = [
    (2023, "applications", "本年新收政府信息公开申请数量", None, None, 53),
    (2022, "applications", "本年新收政府信息公开申请数量", None, None, 40),
    (2023, "applications", "上年结转政府信息公开申请数量", None, None, 4),
    (2023, "outcomes", "总计", None, None, 50),
    (2023, "outcomes", "予以公开", None, None, 30),
    (2023, "outcomes", "部分公开", None, None, 6),
    *[
        (2023, "outcomes", it.item, it.parent, None, 0)
        for it in STANDARD_OUTCOMES
        if it.parent and "2021" in it.forms
    ],
    (2023, "applications", "结转下年度继续办理", None, None, 7),
    (2023, "reconsideration", "行政复议", None, "总计", 2),
    (2022, "reconsideration", "行政复议", None, "总计", 3),
    (2023, "litigation", "未经复议直接起诉", "行政诉讼", "总计", 1),
    (2023, "litigation", "复议后起诉", "行政诉讼", "总计", 0),
    (2022, "litigation", "未经复议直接起诉", "行政诉讼", "总计", 0),
    (2022, "litigation", "复议后起诉", "行政诉讼", "总计", 0),
    (2023, "proactive", "主动公开政府信息总数", None, "narrative", 120),
    (2022, "proactive", "主动公开政府信息总数", None, None, 100),
]


def _set(rows, item, n):
    return [(y, s, i, p, f, (n if (i == item and y == 2023) else c)) for y, s, i, p, f, c in rows]


def test_the_summary_states_every_figure_with_last_years_beside_it():
    rows = _set(
        _set(_set(FULL, "保护第三方合法权益", 2), "属于四类过程性信息", 3),
        "本机关不掌握相关政府信息",
        8,
    )
    rows = _set(rows, "重复申请", 1)
    # by hand: 不予公开 2 + 3 = 5; shares of 办结 50: 30 → 60.00, 6 → 12.00, 5 → 10.00, 8 → 16.00,
    # 1 → 2.00; 其他处理 0 is left out; 行政诉讼 1 + 0 = 1, last year 0 + 0 = 0
    assert ld.summary_paragraph(_records(rows), year=2023) == (
        "2023年，甲局新收政府信息公开申请53件，上年为40件；上年结转政府信息公开申请4件；"
        "办结政府信息公开申请50件，其中予以公开30件，占60.00%；部分公开6件，占12.00%；"
        "不予公开5件，占10.00%；无法提供8件，占16.00%；不予处理1件，占2.00%；"
        "结转下年度继续办理7件。全年发生政府信息公开行政复议2件，上年为3件；行政诉讼1件，上年为0件。"
        "全年主动公开政府信息120条，上年为100条。"
    )


def test_the_summarys_shares_round_half_up():
    rows = [
        (2023, "outcomes", "总计", None, None, 32),
        (2023, "outcomes", "予以公开", None, None, 1),
        (2023, "outcomes", "部分公开", None, None, 31),
    ]
    # by hand: 1 ÷ 32 = 3.125 % → 3.13 (half to even would print 3.12); 31 ÷ 32 = 96.875 % → 96.88
    assert ld.summary_paragraph(_records(rows)) == (
        "2023年，甲局办结政府信息公开申请32件，其中予以公开1件，占3.13%；部分公开31件，占96.88%。"
    )
    thirds = [
        (2023, "outcomes", "总计", None, None, 3),
        (2023, "outcomes", "予以公开", None, None, 2),
    ]
    # 2 ÷ 3 = 66.666… % → 66.67; 部分公开 and the groups are not in the records: not stated
    assert ld.summary_paragraph(_records(thirds)).endswith("其中予以公开2件，占66.67%。")


def test_what_the_records_lack_is_left_out_never_written_as_zero():
    rows = [
        r
        for r in FULL
        if not (r[2] == "属于国家秘密" or r[2] == "本年新收政府信息公开申请数量" or r[0] == 2022)
    ]
    text = ld.summary_paragraph(_records(rows), year=2023)
    # no 新收 clause, no 不予公开 (one of its reasons is NA), no last year's figures
    assert text.startswith(
        "2023年，甲局上年结转政府信息公开申请4件；办结政府信息公开申请50件，其中予以公开30件"
    )
    assert "不予公开" not in text and "上年为" not in text and "新收" not in text
    assert "行政复议2件、行政诉讼1件。" in text
    assert ld.summary_paragraph(_records([(2023, "channel", "政务微博", None, None, 3)])) == ""


def test_a_summary_of_review_cases_alone_names_the_year_and_agency():
    rows = [(2023, "reconsideration", "行政复议", None, "总计", 0)]
    assert ld.summary_paragraph(_records(rows)) == "2023年，甲局发生政府信息公开行政复议0件。"


def test_write_report_puts_the_summary_at_the_head_of_section_one(tmp_path, report):
    path = tmp_path / "s.docx"
    write(report, path, summary=True, prose={1: "本局严格执行条例。"})
    texts = body(path)
    at = texts.index("一、总体情况")
    assert texts[at + 1] == ld.summary_paragraph(report)
    assert texts[at + 2] == "本局严格执行条例。"
    # by hand from test_published_word.py: 办结 53; 予以公开 26 → 49.06 %, 部分公开 6 → 11.32 %
    assert (
        "办结政府信息公开申请53件，其中予以公开26件，占49.06%；部分公开6件，占11.32%"
        in texts[at + 1]
    )


# --- the command line ---------------------------------------------------------------------------


def test_the_report_command_writes_each_report_of_the_2021_form(tmp_path, report, capsys):
    records = tmp_path / "records.xlsx"
    ld.write_records(ld.concat_records([report, report.assign(agency="乙局")]), records)
    out = tmp_path / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        assert main(["report", str(records), "--out", str(out), "--summary"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{a}{YEAR}年政府信息公开工作年度报告.docx" for a in (AGENCY, "乙局"))
    printed = capsys.readouterr().out
    assert f"乙局 {YEAR}: {out / names[0]}" in printed
    back = read(out / names[0])
    assert set(back["agency"]) == {"乙局"}


def test_the_report_command_lists_the_findings_and_writes_only_with_force(tmp_path, report, capsys):
    records = tmp_path / "records.csv"
    ld.write_records(_broken(report), records)
    out = tmp_path / "out"
    assert main(["report", str(records), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "the report breaks 2 rules of check and was not written" in err and "  R2: " in err
    assert not list(out.iterdir())
    assert main(["report", str(records), "--out", str(out), "--force"]) == 0
    printed = capsys.readouterr().out
    assert (
        "  R2 error: 予以公开: 总计 column says 27, the six applicant columns add up to 26\n"
        in printed
        and "  R3 error: " in printed
    )
    assert len(list(out.iterdir())) == 1


def test_the_report_command_says_what_it_does_not_write(tmp_path, seed, report, capsys):
    records = tmp_path / "both.parquet"
    ld.write_records(ld.concat_records([seed, report]), records)
    out = tmp_path / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        assert main(["report", str(records), "--out", str(out)]) == 0
        err = capsys.readouterr().err
        assert (
            "note: 泸州市统计局 2017 is a report of the narrative form; "
            "only the 2021 form is written" in err
        )
        assert main(["report", str(records), "--out", str(out), "--year", "2017"]) == 2
        assert (
            "error: 泸州市统计局 2017 is a report of the narrative form" in capsys.readouterr().err
        )
        prose = tmp_path / "p.md"
        prose.write_text("# 一、总体情况\n甲。\n", encoding="utf-8")
        two = tmp_path / "two.csv"
        ld.write_records(ld.concat_records([report, report.assign(agency="乙局")]), two)
        assert main(["report", str(two), "--out", str(out), "--prose", str(prose)]) == 2
        assert "--prose is the text of one report; the records hold 2" in capsys.readouterr().err
        assert (
            main(["report", str(two), "--out", str(out), "--prose", str(prose), "--agency", "乙局"])
            == 0
        )
    assert "甲。" in body(out / f"乙局{YEAR}年政府信息公开工作年度报告.docx")


def test_without_libreoffice_the_pdf_is_an_error_saying_what_to_do(tmp_path, report, monkeypatch):
    from luzhou_disclosure.readers import _convert

    monkeypatch.setattr(_convert, "soffice", lambda: None)
    with pytest.raises(InputFileError, match=r"r\.docx: writing a PDF needs LibreOffice"):
        write(report, tmp_path / "r.docx", pdf=True)
