"""Word reports: the official blank 2021 template filled in with python-docx, read as .docx, and
converted by LibreOffice to .doc, .wps, .rtf, .odt, PDF (ruled and unruled) and HTML; the same
report as a standard-form workbook. All must give the same figures.

The template is tests/data/published/template_2021_blank.docx (tests/data/sources.tsv). The report's
figures are chosen by hand in ``FIGURES`` below so that every rule of the form holds (R1: received +
carried in = total + carried forward; R2: 总计 = the six applicant columns; R3: （七）总计 = the
outcome rows; R4: each group of section 四 adds up); the derived figures are computed from them.
"""

from __future__ import annotations

import copy
import shutil
import warnings
from pathlib import Path

import docx
import pandas as pd
import pytest

import luzhou_disclosure as ld
from conftest import figures
from luzhou_disclosure._vocab import (
    ARTICLE20,
    CARRIED_FORWARD,
    CARRIED_IN,
    RECEIVED,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    STANDARD_OUTCOMES,
    TOTAL,
)
from luzhou_disclosure.errors import DisclosureWarning

DATA = Path(__file__).parent / "data" / "published"
TEMPLATE = DATA / "template_2021_blank.docx"
AGENCY, YEAR = "泸州市某局", 2023
TITLE = f"{AGENCY}{YEAR}年政府信息公开工作年度报告"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
OUTCOMES_2021 = [it for it in STANDARD_OUTCOMES if "2021" in it.forms and it.item != TOTAL]

#: Section 二 (chosen by hand): item → figures of its fields, in the form's order.
ARTICLE20_FIGURES = {
    "规章": (0, 0, 2),
    "行政规范性文件": (3, 1, 15),
    "行政许可": (1234,),
    "行政处罚": (56,),
    "行政强制": (7,),
    "行政事业性收费": (12.5,),
}
#: Section 三 (chosen by hand), the six applicant columns; 总计 columns and rows are computed.
RECEIVED_FIGURES = (40, 6, 1, 2, 3, 1)
CARRIED_IN_FIGURES = (3, 1, 0, 0, 0, 0)
OUTCOME_FIGURES = {
    "予以公开": (20, 3, 1, 1, 1, 0),
    "部分公开": (5, 1, 0, 0, 0, 0),
    "其他法律行政法规禁止公开": (1, 0, 0, 0, 0, 0),
    "保护第三方合法权益": (2, 0, 0, 0, 0, 0),
    "属于四类过程性信息": (1, 0, 0, 0, 0, 0),
    "属于行政查询事项": (1, 0, 0, 0, 0, 0),
    "本机关不掌握相关政府信息": (6, 1, 0, 1, 1, 0),
    "没有现成信息需要另行制作": (1, 0, 0, 0, 0, 0),
    "信访举报投诉类申请": (2, 0, 0, 0, 0, 0),
    "重复申请": (1, 0, 0, 0, 0, 0),
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": (1, 0, 0, 0, 0, 0),
    "其他": (1, 1, 0, 0, 0, 0),
}
#: Section 四 (chosen by hand): 结果维持, 结果纠正, 其他结果, 尚未审结 of each group; 总计 computed.
REVIEW_FIGURES = ((1, 0, 1, 0), (0, 1, 0, 0), (0, 0, 0, 1))
OVERVIEW = (
    f"{YEAR}年，本局严格执行《中华人民共和国政府信息公开条例》。全年共收到政府信息公开申请53件，"
    "均在法定期限内答复。"
)


def _row(values: tuple[int, ...]) -> tuple[int, ...]:
    return (*values, sum(values))


def table_rows() -> list[tuple[str, str | None, tuple[int, ...]]]:
    """Section 三 as (item, parent, the seven columns) in the template's row order."""
    outcomes = [
        (it.item, it.parent, _row(OUTCOME_FIGURES.get(it.item, (0,) * 6))) for it in OUTCOMES_2021
    ]
    total = tuple(sum(col) for col in zip(*(v for _, _, v in outcomes), strict=True))
    received, carried_in = _row(RECEIVED_FIGURES), _row(CARRIED_IN_FIGURES)
    forward = tuple(r + c - t for r, c, t in zip(received, carried_in, total, strict=True))
    assert min(forward) >= 0  # the hand-chosen figures allow R1
    return [
        (RECEIVED, None, received),
        (CARRIED_IN, None, carried_in),
        *outcomes,
        (TOTAL, None, total),
        (CARRIED_FORWARD, None, forward),
    ]


def review_rows() -> list[tuple[str, str, str | None, tuple[int, ...]]]:
    return [
        (section, item, parent, _row(values))
        for (section, item, parent), values in zip(REVIEW_GROUPS, REVIEW_FIGURES, strict=True)
    ]


def expected_records() -> pd.DataFrame:
    """The report's table figures as records (what write_form writes and every reader must give)."""
    rows = []
    for spec in ARTICLE20["2021"]:
        for (field, measure), v in zip(spec.fields, ARTICLE20_FIGURES[spec.item], strict=True):
            rows.append(
                {
                    "section": "article20",
                    "parent": spec.parent,
                    "item": spec.item,
                    "field": field,
                    "measure": measure,
                    "unit": "万元" if measure == "amount" else "件",
                    "count": None if measure == "amount" else v,
                    "value": v if measure == "amount" else None,
                }
            )
    for item, parent, values in table_rows():
        section = "applications" if item in (RECEIVED, CARRIED_IN, CARRIED_FORWARD) else "outcomes"
        for applicant, v in zip((*APPLICANTS, TOTAL), values, strict=True):
            rows.append(
                {
                    "section": section,
                    "item": item,
                    "parent": parent,
                    "applicant": applicant,
                    "count": v,
                }
            )
    for section, item, parent, values in review_rows():
        for field, v in zip(REVIEW_FIELDS, values, strict=True):
            rows.append(
                {"section": section, "item": item, "parent": parent, "field": field, "count": v}
            )
    for r in rows:
        r.setdefault("measure", "count")
        r.setdefault("unit", "件")
        r.update(agency=AGENCY, year=YEAR, form="2021")
    return ld.make_records(rows)


# --- filling the template ---------------------------------------------------------------------


def _set(cell, value) -> None:
    cell.text = f"{value:g}" if isinstance(value, float) else str(value)


def fill_template(
    out: Path, *, overview: str = OVERVIEW, tweak=None, borders: bool = True, turned: bool = False
) -> Path:
    """The template filled with the report (``tweak(tables)`` may change cells afterwards; without
    ``borders`` its tables have no rules; ``turned`` sets 三、本年度办理结果 bottom to top)."""
    d = docx.Document(str(TEMPLATE))
    paras = d.paragraphs
    assert paras[1].text == "政府信息公开工作年度报告格式模板" and paras[4].text == "（文字描述）"
    paras[1].text = TITLE
    paras[4].text = overview
    paras[29].text = "无。"
    paras[31].text = "本年度未收取信息处理费。"
    t1, t2, t3 = d.tables
    rows = {row.cells[0].text: row for row in t1.rows}
    for item, values in ARTICLE20_FIGURES.items():
        for k, v in enumerate(values):
            _set(rows[item].cells[1 + k], v)
    for r, (item, _, values) in enumerate(table_rows(), start=3):
        label = t2.rows[r].cells[2].text
        assert item in label or (item == TOTAL and "总计" in label), (item, label)
        for c, v in enumerate(values, start=3):
            _set(t2.rows[r].cells[c], v)
    for k, (_, _, _, values) in enumerate(review_rows()):
        for j, v in enumerate(values):
            _set(t3.rows[3].cells[5 * k + j], v)
    if tweak is not None:
        tweak((t1, t2, t3))
    if not borders:
        for t in (t1, t2, t3):
            _no_borders(t)
    if turned:  # 三、本年度办理结果 written bottom to top, as some agencies set it
        ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        pr = t2.rows[5].cells[0]._tc.get_or_add_tcPr()
        pr.append(pr.makeelement(f"{ns}textDirection", {f"{ns}val": "btLr"}))
    d.save(str(out))
    return out


def _no_borders(table) -> None:
    """Remove every rule of a table (the table's own borders and each cell's)."""
    found = [
        el
        for el in table._tbl.iter()
        if el.tag.endswith("}tblBorders") or el.tag.endswith("}tcBorders")
    ]
    for el in found:
        el.getparent().remove(el)
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    tbl_pr = table._tbl.find(f"{ns}tblPr")
    borders = copy.deepcopy(tbl_pr.makeelement(f"{ns}tblBorders", {}))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(f"{ns}{side}", {f"{ns}val": "nil"}))
    tbl_pr.append(borders)


# --- LibreOffice ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    return fill_template(tmp_path_factory.mktemp("filled") / "report.docx")


def quiet(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DisclosureWarning)
        return ld.read_report(path, **kwargs)


# --- the blank template -----------------------------------------------------------------------


def test_the_blank_template_gives_every_cell_of_the_form_as_na():
    with pytest.raises(ld.ReportTextError, match="no agency and no year"):
        ld.read_report(TEMPLATE)
    records, found = ld.read_report(TEMPLATE, agency="某局", year=2021, findings=True)
    table = records[records["field"].fillna("") != "narrative"]
    # 2021 form: 二 has 3 + 3 + 1 + 1 + 1 + 1 = 10 cells, 三 has (2 + 22 + 1) rows × 7 columns:
    # 185 cells with a label, all blank in the template; 四's row of 15 cells has no label and
    # nothing in it, so the interpreter sees a header without figures and says so, naming the
    # first cell of the header's last row (row 3: 结果维持 under 未经复议直接起诉; 行政复议's five
    # field cells are merged down from row 2), the row the figures should follow
    assert len(table) == 185
    assert table["count"].isna().all() and table["value"].isna().all()
    assert found[["rule", "sources", "message"]].values.tolist() == [
        [
            "truncated_table",
            "template_2021_blank.docx:table 3:row 3:col 6",
            "section 四 has a header but no row of figures",
        ]
    ]
    assert set(table["form"]) == {"2021"}
    first = table.iloc[0]
    assert (first["item"], first["field"], first["source"]) == (
        "规章",
        "本年制发件数",
        "template_2021_blank.docx:table 1:row 3:col 2",
    )
    last = table.iloc[-1]
    assert (last["item"], last["applicant"], last["source"]) == (
        CARRIED_FORWARD,
        TOTAL,
        "template_2021_blank.docx:table 2:row 28:col 10",
    )


# --- the filled template, and the same report in other files ------------------------------------


def test_a_filled_template_reads_back_to_its_figures(filled):
    records = quiet(filled)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    # places name table, row and column of the Word file (rows and columns from 1, merged cells
    # at their top-left)
    src = records.set_index(["item", "applicant", "field"], drop=False)["source"]
    assert src[("规章", TOTAL, "现行有效件数")] == "report.docx:table 1:row 3:col 4"
    assert src[("行政许可", TOTAL, "本年处理决定数量")] == "report.docx:table 1:row 7:col 2"
    outcomes = records[records["section"] == "outcomes"].set_index(["item", "applicant"])
    assert outcomes.loc[("本机关不掌握相关政府信息", "社会公益组织"), "source"] == (
        "report.docx:table 2:row 16:col 7"
    )
    assert outcomes.loc[("本机关不掌握相关政府信息", "社会公益组织"), "count"] == 1
    review = records[records["section"] == "litigation"].set_index(["item", "field"])
    assert review.loc[("复议后起诉", "尚未审结"), "source"] == "report.docx:table 3:row 4:col 14"
    # the prose: 收到政府信息公开申请53件 in paragraph 5, the title read from paragraph 2
    said = records[records["field"] == "narrative"]
    assert said["count"].dropna().tolist() == [53]
    assert said.loc[said["count"].notna(), "source"].tolist() == ["report.docx:paragraph 5「53件」"]
    # 本年度未收取信息处理费。 under 六、其他需要报告的事项
    assert said.loc[said["section"] == "fees", "value"].tolist() == [0.0]


def test_a_title_set_over_two_centred_paragraphs_is_one_title(tmp_path):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    path = fill_template(tmp_path / "two_lines.docx")
    d = docx.Document(str(path))
    first, second = d.paragraphs[1], d.paragraphs[2]
    first.text, second.text = AGENCY, f"{YEAR}年政府信息公开工作年度报告"
    first.alignment = second.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.save(str(path))
    from luzhou_disclosure.readers._sources import load_document

    prose = load_document(path).prose
    assert prose.lines[0] == TITLE
    assert prose.ref(0, 0, 5) == f"two_lines.docx:paragraph 2「{AGENCY}」"
    assert prose.ref(0, len(AGENCY), len(AGENCY) + 4) == "two_lines.docx:paragraph 3「2023」"
    records = quiet(path)
    assert set(records["agency"]) == {AGENCY} and set(records["year"]) == {YEAR}


def test_the_same_report_as_a_form_workbook_gives_the_same_records(filled, tmp_path):
    path = tmp_path / f"{AGENCY}_{YEAR}.xlsx"
    ld.write_form(expected_records(), path, form="2021")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DisclosureWarning)
        from_form = ld.read_form(path)
    pd.testing.assert_frame_equal(figures(from_form), figures(quiet(filled)))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["doc", "pdf", "html", "odt", "rtf"])
def test_libreoffice_conversions_read_back_to_the_same_figures(filled, soffice, fmt):
    path = soffice(filled, fmt)
    records = quiet(path)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    said = records[records["field"] == "narrative"]
    assert said["count"].dropna().tolist() == [53]
    assert said.loc[said["section"] == "fees", "value"].tolist() == [0.0]
    assert said["source"].str.startswith(f"report.{fmt}:").all()


@pytest.mark.slow
def test_a_wps_file_is_read_as_the_word_97_document_it_holds(filled, soffice, tmp_path):
    wps = tmp_path / "报告.wps"
    shutil.copyfile(soffice(filled, "doc"), wps)
    records = quiet(wps)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    assert records["source"].str.startswith("报告.wps:").all()


def _header_apart(tables) -> None:
    """Section 三's three header rows as a table of their own, an empty paragraph before the body
    (its label area has no inner rules: one column where the body has three)."""
    _, t2, _ = tables
    body = t2._tbl
    head = copy.deepcopy(body)
    for tr in head.findall(f"{W}tr")[3:]:
        head.remove(tr)
    for tr in body.findall(f"{W}tr")[:3]:
        body.remove(tr)
    gap = copy.deepcopy(body.getprevious())  # an empty paragraph of the template
    for r in gap.findall(f"{W}r"):
        gap.remove(r)
    body.addprevious(head)
    body.addprevious(gap)


@pytest.mark.slow
def test_a_header_drawn_apart_from_its_table_gives_the_same_columns(tmp_path, soffice):
    path = soffice(fill_template(tmp_path / "apart.docx", tweak=_header_apart), "pdf")
    records = quiet(path)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    natural = records[(records["item"] == RECEIVED) & (records["applicant"] == "自然人")]
    assert natural["count"].tolist() == [40]


@pytest.mark.slow
def test_an_unruled_pdf_reads_back_to_the_same_figures(tmp_path, soffice):
    src = fill_template(tmp_path / "unruled.docx", borders=False)
    path = soffice(src, "pdf")
    import pdfplumber

    with pdfplumber.open(path) as pdf:  # a PDF without rules (the 第二十条 rows keep their tint)
        assert not any(p.lines for p in pdf.pages) and any(p.rects for p in pdf.pages)
    records = quiet(path)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    assert records["source"].str.match(r"unruled\.pdf:page \d+:line \d+").all()
    # the words of the vertical labels (（三）不予公开 set over three lines) stand as cells of their
    # own beside some rows' labels (（三）不 | 4.保护第三方合法权益 | 2 | …): those rows have a cell
    # more than the header, and their seven figures are read right-aligned to it, by position
    outcomes = records[records["section"] == "outcomes"]
    moved = outcomes[outcomes["source"].str.endswith(" (positional)")]
    assert not moved.empty
    assert (moved.groupby(["parent", "item"]).size() == 7).all()  # whole rows, never part of one
    first = records[records["item"] == RECEIVED]  # its label in the header's label column
    assert not first["source"].str.contains("positional").any()


@pytest.mark.slow
def test_a_header_turned_sideways_in_a_pdf_reads_in_its_direction(tmp_path, soffice):
    from luzhou_disclosure.readers._sources import load_document

    path = soffice(fill_template(tmp_path / "turned.docx", turned=True), "pdf")
    import pdfplumber

    with pdfplumber.open(path) as pdf:  # the header's characters are set sideways
        assert any(not c["upright"] for p in pdf.pages for c in p.chars)
    rows = [row for g in load_document(path).grids for row in g.cells]
    assert ["三、本年度办理结果", "（一）予以公开"] in [row[:2] for row in rows]
    pd.testing.assert_frame_equal(figures(quiet(path)), figures(expected_records()))


# --- planted errors -------------------------------------------------------------------------------


def _plant(tables) -> None:
    _, t2, t3 = tables
    # R2: 予以公开's 总计 (row 6 of table 2, column 10) says 27, the columns add up to 26
    _set(t2.rows[5].cells[9], 27)
    # R4: 行政复议 总计 (table 3, row 4, column 5) says 3, its results add up to 2
    _set(t3.rows[3].cells[4], 3)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_check_finds_the_errors_planted_in_a_filled_template(tmp_path, soffice, fmt):
    consistent = ld.check(quiet(fill_template(tmp_path / "consistent.docx")))
    assert not (consistent["severity"] == "error").any()
    src = fill_template(tmp_path / "planted.docx", tweak=_plant)
    path = src if fmt == "docx" else soffice(src, fmt)
    found = ld.check(quiet(path))
    errors = found[found["severity"] == "error"]
    by_rule = {rule: g for rule, g in errors.groupby("rule")}
    # R2 and R4 as planted; R3 because （七）总计's 总计 (53) no longer matches the 总计 column
    # of the outcome rows, which now adds up to 54
    assert set(by_rule) == {"R2", "R3", "R4"}, errors[["rule", "message"]]
    r2 = by_rule["R2"]
    assert r2["item"].tolist() == ["予以公开"] and r2["found"].tolist() == [27]
    assert r2["expected"].tolist() == [26]  # 20 + 3 + 1 + 1 + 1 + 0
    r3 = by_rule["R3"]
    assert r3[["applicant", "expected", "found"]].values.tolist() == [[TOTAL, 54, 53]]
    r4 = by_rule["R4"]
    assert r4["item"].tolist() == ["行政复议"] and r4["found"].tolist() == [3]
    assert r4["expected"].tolist() == [2]  # 1 + 0 + 1 + 0
    name = path.name
    cell = {
        "docx": ("table 2:row 6:col 10", "table 3:row 4:col 5"),
        "pdf": ("page 2:table 1:row 6:col 10", "page 3:table 2:row 4:col 5"),
    }[fmt]
    assert f"{name}:{cell[0]}" in r2["sources"].iloc[0].split(" | ")
    assert f"{name}:{cell[1]}" in r4["sources"].iloc[0].split(" | ")
