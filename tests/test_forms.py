"""Standard-form workbooks: read_form, write_form, read_forms.

Expected figures of the hand-arranged workbooks in tests/data/forms/ were checked by hand against
the cells that tests/data/forms/make_forms.py writes.
"""

from __future__ import annotations

import shutil
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import luzhou_disclosure as ld
from conftest import figures
from hostile_files import xlsx as hostile_xlsx
from luzhou_disclosure._vocab import (
    ARTICLE20,
    CARRIED_FORWARD,
    CARRIED_IN,
    RECEIVED,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    STANDARD_OUTCOMES,
)
from luzhou_disclosure.readers._standard import APPLICANTS_7, APPLICANTS_8

DATA = Path(__file__).parent / "data" / "forms"


def report(
    form: str, *, wide: bool = False, draw=None, agency: str = "泸州市统计局", year: int = 2021
) -> pd.DataFrame:
    """A full report of one format: every cell of the three tables; ``draw()`` gives each figure."""
    counter = iter(range(1, 10_000))
    draw = draw or (lambda measure: next(counter) if measure != "amount" else next(counter) + 0.25)
    rows = []
    for spec in ARTICLE20[form]:
        for field, measure in spec.fields:
            v = draw(measure)
            unit = {"本年收费金额": "万元", "采购总金额": "万元"}.get(
                field, "项" if field in ("上一年项目数量", "本年增/减", "采购项目数量") else "件"
            )
            rows.append(
                {
                    "section": "article20",
                    "parent": spec.parent,
                    "item": spec.item,
                    "field": field,
                    "measure": measure,
                    "unit": unit,
                    "count": v if measure != "amount" else None,
                    "value": v if measure == "amount" else None,
                }
            )
    applicants = APPLICANTS_8 if wide else APPLICANTS_7
    for item in (RECEIVED, CARRIED_IN, CARRIED_FORWARD):
        rows += [
            {"section": "applications", "item": item, "applicant": a, "count": draw("count")}
            for a in applicants
        ]
    for it in STANDARD_OUTCOMES:
        if form in it.forms:
            rows += [
                {
                    "section": "outcomes",
                    "item": it.item,
                    "parent": it.parent,
                    "applicant": a,
                    "count": draw("count"),
                }
                for a in applicants
            ]
    for section, item, parent in REVIEW_GROUPS:
        rows += [
            {"section": section, "item": item, "parent": parent, "field": f, "count": draw("count")}
            for f in REVIEW_FIELDS
        ]
    for r in rows:
        r.setdefault("measure", "count")
        r.setdefault("unit", "件")
        r.update(agency=agency, year=year, form=form)
    return ld.make_records(rows)


def quiet_read(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ld.DisclosureWarning)
        return ld.read_form(path, **kwargs)


# --- write then read ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "wide"), [("2019", False), ("2019", True), ("2021", False), ("2021", True)]
)
def test_write_then_read_returns_the_records(tmp_path, form, wide):
    r = report(form, wide=wide)
    path = tmp_path / "form.xlsx"
    ld.write_form(r, path, form=form)
    back = quiet_read(path)
    pd.testing.assert_frame_equal(figures(back), figures(r))
    assert (
        back["source"]
        .str.match(r"^form\.xlsx!(二、主动公开|三、依申请公开|四、复议诉讼)![A-O]\d+$")
        .all()
    )
    assert back.attrs["findings"] == []


@st.composite
def reports(draw):
    form = draw(st.sampled_from(["2019", "2021"]))
    wide = draw(st.booleans())
    blank = st.none()

    def figure(measure):
        if measure == "amount":
            return draw(
                st.one_of(blank, st.floats(0, 1e6, allow_nan=False).map(lambda v: round(v, 2)))
            )
        low = -500 if measure == "change" else 0
        return draw(st.one_of(blank, st.integers(low, 100_000)))

    r = report(
        form,
        wide=wide,
        draw=figure,
        agency=draw(st.sampled_from(["泸州市统计局", "=SUM(A1)局", "甲局"])),
        year=draw(st.integers(2019, 2030)),
    )
    # section 四 is one row: a row left wholly blank is not in the workbook at all (see the docs)
    review = r["section"].isin(["reconsideration", "litigation"])
    if r.loc[review, "count"].isna().all():
        r.loc[review[review].index[0], "count"] = 0
    return form, r


@pytest.mark.slow
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(reports())
def test_property_read_form_of_write_form_is_identity(tmp_path, drawn):
    form, r = drawn
    path = tmp_path / "prop.xlsx"
    ld.write_form(r, path, form=form)
    back = quiet_read(path)
    pd.testing.assert_frame_equal(figures(back), figures(r))


def test_write_form_layout(tmp_path):
    r = report("2021")
    r.loc[r["item"].eq("行政许可"), "count"] = pd.NA
    path = tmp_path / "layout.xlsx"
    ld.write_form(r, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["二、主动公开", "三、依申请公开", "四、复议诉讼"]
    ws = wb["三、依申请公开"]
    assert "勾稽关系" in ws["A3"].value
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {
        "A3:C5",
        "D3:J3",
        "E4:I4",
        "B10:B17",
    } <= merged  # note, header, 法人或其他组织, （三）不予公开
    assert ws["B10"].value == "（三）不予公开" and ws["C11"].value == "2.其他法律行政法规禁止公开"
    assert ws["D6"].number_format == "#,##0"
    assert ws.column_dimensions["C"].width >= 30  # the longest reason fits
    ws2 = wb["二、主动公开"]
    allowed = ws2["B9"]
    assert allowed.value is None  # NA written as blank
    assert ws2["A9"].value == "行政许可"


def test_write_form_never_writes_formulas(tmp_path):
    r = report("2021", agency='=HYPERLINK("http://x")')
    path = tmp_path / "f.xlsx"
    ld.write_form(r, path)
    cell = load_workbook(path)["二、主动公开"]["A1"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    with zipfile.ZipFile(path) as z:
        assert all(
            "<f>" not in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")
        )


def test_write_form_refuses_figures_without_a_place(tmp_path):
    with pytest.raises(ValueError, match="no place in the 2021 standard form"):
        ld.write_form(report("2019"), tmp_path / "x.xlsx", form="2021")
    two = pd.concat([report("2021"), report("2021", agency="乙局")], ignore_index=True)
    with pytest.raises(ValueError, match="one report"):
        ld.write_form(two, tmp_path / "y.xlsx")


def test_write_form_leaves_other_sections_out_with_a_warning(tmp_path):
    r = pd.concat(
        [
            report("2021"),
            ld.make_records(
                [
                    {
                        "agency": "泸州市统计局",
                        "year": 2021,
                        "section": "proactive",
                        "item": "主动公开政府信息总数",
                        "measure": "count",
                        "count": 9,
                    }
                ]
            ),
        ]
    )
    before = r.copy()
    with pytest.warns(ld.DisclosureWarning, match="proactive"):
        ld.write_form(r, tmp_path / "w.xlsx")
    pd.testing.assert_frame_equal(r, before)  # the caller's records are not modified


# --- files from LibreOffice ---------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("form", ["2019", "2021"])
def test_libreoffice_xls_and_ods_read_back_identically(tmp_path, soffice, form):
    r = report(form, wide=form == "2021")
    r.loc[r.index[::7], "count"] = pd.NA
    src = tmp_path / "甲局_2021.xlsx"
    ld.write_form(r, src, form=form)
    original = quiet_read(src)
    for fmt in ("xls", "ods"):
        path = soffice(src, fmt)
        back = quiet_read(path)
        pd.testing.assert_frame_equal(figures(back), figures(original))
        assert back["label"].tolist() == original["label"].tolist()
        assert (
            back["source"].str.replace(f".{fmt}!", ".xlsx!").tolist() == original["source"].tolist()
        )
        # check on a LibreOffice-made file (it once raised a bare AssertionError with pyarrow)
        found, expected = ld.check(back), ld.check(original)
        assert found["rule"].tolist() == expected["rule"].tolist()
        assert found["ok"].tolist() == expected["ok"].tolist()


# --- hand-arranged workbooks ----------------------------------------------------------------------


def test_all_sections_on_one_sheet_below_a_title_block():
    r = quiet_read(DATA / "泸州市甲局_2020_one_sheet.xlsx")
    assert (
        r["agency"].unique().tolist(),
        r["year"].unique().tolist(),
        r["form"].unique().tolist(),
    ) == (["泸州市甲局"], [2020], ["2019"])

    def get(item, applicant="总计", field=None):
        sel = (r["item"] == item) & (r["applicant"] == applicant)
        if field:
            sel &= r["field"] == field
        return r.loc[sel].iloc[0]

    assert get("规章", field="本年新制作数量")["label"] == "规 章"
    assert get("规范性文件", field="本年新制作数量")["count"] == 3  # typed ３ (full width)
    assert get("规范性文件", field="本年新公开数量")["count"] == 3  # typed 3件
    assert get("行政许可", field="处理决定数量")["count"] == 1234  # typed 1,234
    assert get("行政许可", field="本年增/减")[["measure", "count"]].tolist() == ["change", -2]
    for field in ("上一年项目数量", "本年增/减", "处理决定数量"):  # /, —, 无: NA, never 0
        assert pd.isna(get("其他对外管理服务事项", field=field)["count"])
    assert pd.isna(get("行政强制", field="处理决定数量")["count"])  # blank; label written 行政強制
    assert get("政府集中采购", field="采购总金额")[["value", "unit"]].tolist() == [12.5, "万元"]
    assert get(RECEIVED)["count"] == 6  # =SUM(D29:I29), read by its cached value
    assert get(RECEIVED)["source"] == "泸州市甲局_2020_one_sheet.xlsx!年报附表!J29"
    assert get("科研机构" and RECEIVED, "科研机构")["count"] == 0  # header typed 科研企业
    assert get("属于国家秘密")["parent"] == "不予公开"
    assert get("保护第三方合法权益", "自然人")["count"] == 1
    assert get("其他处理")["count"] == 0
    assert pd.isna(get(CARRIED_FORWARD, "其他")["count"])  # 不适用
    assert get("行政复议", field="总计")["count"] == 2
    assert pd.isna(get("复议后起诉", field="总计")["count"])
    assert len(r) == 22 + 3 * 7 + 20 * 7 + 15  # section 二 has 22 cells in the 2019 layout
    assert ld.check(r).query("severity == 'error'").empty


def test_eight_columns_offset_sheets_and_title_year_in_full_width_digits():
    r = quiet_read(DATA / "eight_columns_2021.xlsx")
    assert (
        r["agency"].unique().tolist(),
        r["year"].unique().tolist(),
        r["form"].unique().tolist(),
    ) == (["泸州市乙局"], [2021], ["2021"])
    received = r[r["item"] == RECEIVED].set_index("applicant")["count"]
    assert received.to_dict() == {
        "自然人": 10,
        "法人或其他组织": 3,
        "商业企业": 2,
        "科研机构": 1,
        "社会公益组织": 0,
        "法律服务机构": 0,
        "其他": 0,
        "总计": 13,
    }
    fee = r[r["item"] == "行政事业性收费"].iloc[0]
    assert (fee["value"], fee["unit"], fee["source"]) == (
        3.25,
        "万元",
        "eight_columns_2021.xlsx!主动公开!C17",
    )
    assert r.loc[(r["item"] == "其他") & (r["applicant"] == "总计"), "parent"].tolist() == [
        "其他处理"
    ]
    found = ld.check(r)
    assert found.query("severity == 'error'").empty
    assert set(found["rule"]) >= {"R1", "R2", "R3", "R4"}


# --- agency and year ------------------------------------------------------------------------------


def test_agency_and_year_from_file_name_or_arguments(tmp_path):
    r = report("2021")
    path = tmp_path / "泸州市丙局_2022年报.xlsx"
    ld.write_form(r, path)
    wb = load_workbook(path)
    for ws in wb:
        ws["A1"].value = None  # no title
    wb.save(path)
    got = quiet_read(path)
    assert (got["agency"].iloc[0], got["year"].iloc[0]) == ("泸州市丙局", 2022)
    got = quiet_read(path, agency="丁局", year=2023)
    assert (got["agency"].iloc[0], got["year"].iloc[0]) == ("丁局", 2023)
    nameless = tmp_path / "form.xlsx"
    shutil.copy(path, nameless)
    with pytest.raises(ld.InputFileError, match="form.xlsx.*agency and year"):
        ld.read_form(nameless)


# --- hostile files --------------------------------------------------------------------------------


def test_hostile_files_give_an_error_naming_the_file(tmp_path):
    good = tmp_path / "good.xlsx"
    ld.write_form(report("2021"), good)
    data = good.read_bytes()
    cases = {
        "text.xlsx": b"this is not a spreadsheet\n",
        "encrypted.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000,
        "truncated.xlsx": data[: len(data) // 2],
        "corrupt.xlsx": data[:200] + bytes(range(256)) * 8 + data[2248:],
        "empty.ods": b"",
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ld.InputFileError) as err:
            ld.read_form(path, agency="甲局", year=2021)
        assert name in str(err.value)
    with pytest.raises(ld.InputFileError, match="encrypted"):
        ld.read_form(tmp_path / "encrypted.xlsx", agency="甲局", year=2021)
    with pytest.raises(ld.InputFileError, match="no such file"):
        ld.read_form(tmp_path / "missing.xlsx")


@pytest.mark.slow
def test_a_million_formatted_blank_rows(tmp_path):
    path = tmp_path / "甲局_2021.xlsx"
    ld.write_form(report("2021"), path)
    big = tmp_path / "big_甲局_2021.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":
                text = content.decode()
                blank = "".join(
                    f'<row r="{i}"><c r="A{i}" s="1"/><c r="Z{i}" s="1"/></row>'
                    for i in range(20, 1_000_001)
                )
                content = text.replace("</sheetData>", blank + "</sheetData>").encode()
            dst.writestr(info, content)
    got = quiet_read(big)
    pd.testing.assert_frame_equal(figures(got), figures(quiet_read(path)))


# --- many forms -----------------------------------------------------------------------------------


def test_read_forms_collects_failures_and_uses_cores(tmp_path, capsys):
    for i, form in enumerate(["2019", "2021", "2021"]):
        ld.write_form(
            report(form, agency=f"局{i}", year=2020 + i),
            tmp_path / f"局{i}_{2020 + i}.xlsx",
            form=form,
        )
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "~$局0_2020.xlsx").write_bytes(b"lock file")
    with pytest.warns(ld.DisclosureWarning, match="1 of 4 files"):
        one = ld.read_forms(tmp_path, progress=True)
    assert "reading forms" in capsys.readouterr().err
    assert sorted(one["agency"].unique()) == ["局0", "局1", "局2"]
    failures = pd.DataFrame(one.attrs["failures"])
    assert failures["file"].str.endswith("broken.xlsx").tolist() == [True]
    assert "not a readable spreadsheet" in failures["error"].iloc[0]
    with pytest.warns(ld.DisclosureWarning):
        many = ld.read_forms(sorted(tmp_path.glob("*.xlsx")), jobs=2, progress=False)
    pd.testing.assert_frame_equal(figures(many), figures(one))
    assert capsys.readouterr().err == ""
    seen: list = []  # a callable is told of each file, as read_reports tells it (issue 16)
    with pytest.warns(ld.DisclosureWarning):
        ld.read_forms(tmp_path, progress=lambda *a: seen.append(a))
    assert [(done, total) for done, total, _ in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert seen[-1][2].endswith("局2_2022.xlsx")  # the files in name order, 局2 the last


def test_read_forms_in_workers_gives_the_frame_of_one_process(tmp_path, monkeypatch):
    # jobs=2: the workers settle their own chunks and the string columns are taken in threads
    # (from 100,000 records; here from any number): the same frame, attrs and all, as jobs=1
    from luzhou_disclosure.readers import _layout

    for i, form in enumerate(["2019", "2021", "2021", "2019", "2021"]):
        ld.write_form(
            report(form, agency=f"局{i}", year=2020 + i),
            tmp_path / f"局{i}_{2020 + i}.xlsx",
            form=form,
        )
    monkeypatch.setattr(_layout, "_THREADED_RECORDS", 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = ld.read_forms(tmp_path, progress=False)
        _layout.clear_cache()
        two = ld.read_forms(tmp_path, jobs=2, progress=False)
    assert len(one) > 900 and one["agency"].nunique() == 5  # ~200 records a form
    pd.testing.assert_frame_equal(two, one, check_exact=True)
    assert two.attrs == one.attrs


def test_the_issue_13_form_subtotal_before_total_and_one_planted_break():
    # tests/data/forms/make_forms.py, subtotal_before_total_2019: section 三's header over two
    # rows, 法人或其他组织 merged over E:J, 小计 in J, 总计 in K; the figures below typed there
    r = quiet_read(DATA / "subtotal_before_total_2019.xlsx")
    received = r[r["item"] == RECEIVED].set_index("applicant")["count"].to_dict()
    assert received == {
        "自然人": 5,
        "商业企业": 2,
        "科研机构": 0,
        "社会公益组织": 0,
        "法律服务机构": 1,
        "其他": 0,
        "法人或其他组织": 3,
        "总计": 8,
    }
    subtotal = r[r["applicant"] == "法人或其他组织"]
    assert subtotal["source"].str.match(r".*!三、依申请公开!J\d+$").all() and len(subtotal) == 23
    assert r.loc[
        (r["item"] == "本机关不掌握相关政府信息") & (r["applicant"] == "总计"), "count"
    ].tolist() == [1]
    # the planted break: 结转下年度继续办理 row 27 says 2 for 自然人 (D27) and 总计 (K27) where 1
    # balances the 勾稽关系 (5 + 1 = 5 + 1): check reports it in those two columns, and nothing else
    found = ld.check(r)
    failed = found[~found["ok"].astype(bool)]
    assert failed[["rule", "applicant"]].values.tolist() == [["R1", "自然人"], ["R1", "总计"]]
    for column, sources in zip("DK", failed["sources"], strict=True):
        assert f"subtotal_before_total_2019.xlsx!三、依申请公开!{column}27" in sources.split(" | ")
    # by hand: 自然人 5 + 1 = 6 against 5 + 2 = 7; 总计 8 + 1 = 9 against 8 + 2 = 10
    natural, total = failed["message"].tolist()
    assert "上年结转 = 6," in natural and "继续办理 = 7" in natural
    assert "上年结转 = 9," in total and "继续办理 = 10" in total


def test_read_forms_checks_files_ahead_and_keeps_each_ones_outcome(tmp_path, monkeypatch):
    """read_forms checks the files against the limits a few at a time before reading them
    (forms._read_chunk): the checks of a batch come before the first of its files is opened,
    a batch holds at most _CHECKED_AHEAD files and, past _CHECKED_AHEAD_BYTES of archives, no
    more; each file keeps its own outcome in its place (a file refused by the check, one that is
    no workbook), and the frame is the one read file by file (read_form on each, in order)."""
    from luzhou_disclosure import forms
    from luzhou_disclosure.readers import _layout

    paths = []
    for i in range(7):
        path = tmp_path / f"{i}_局{i}_{2020 + i}.xlsx"
        form = "2021" if i % 2 else "2019"
        ld.write_form(report(form, agency=f"局{i}", year=2020 + i), path, form=form)
        paths.append(path)
    paths[2].write_bytes(b"not a workbook")
    far = (
        b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    hostile_xlsx(paths[4], far)
    calls: list[tuple[str, str]] = []
    checked, opened = forms.checked_workbook, forms.open_workbook

    def spy_check(path, **options):
        calls.append(("check", Path(path).name[0]))
        return checked(path, **options)

    def spy_open(path, check=None):
        calls.append(("open", Path(path).name[0]))
        return opened(path, check)

    monkeypatch.setattr(forms, "checked_workbook", spy_check)
    monkeypatch.setattr(forms, "open_workbook", spy_open)
    monkeypatch.setattr(forms, "_CHECKED_AHEAD", 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ld.read_forms(tmp_path, progress=False)
    # files 0-2 checked, then opened (2 passes the check, no archive to look into, and fails
    # to open), then 3-5, the one refused by the check (4) not opened, then 6
    assert calls == [
        *[("check", c) for c in "012"], ("open", "0"), ("open", "1"), ("open", "2"),
        *[("check", c) for c in "345"], ("open", "3"), ("open", "5"),
        ("check", "6"), ("open", "6"),
    ]  # fmt: skip
    failures = {Path(f["file"]).name[0]: f["error"] for f in out.attrs["failures"]}
    assert set(failures) == {"2", "4"} and "XFD1048576" in failures["4"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alone = pd.concat([ld.read_form(p) for p in paths if p.name[0] not in "24"])
    pd.testing.assert_frame_equal(out, alone.reset_index(drop=True), check_exact=True)
    # past the bytes held: one file a batch
    calls.clear()
    monkeypatch.setattr(forms, "_CHECKED_AHEAD_BYTES", 1)
    _layout.clear_cache()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ld.read_forms(paths[:2], progress=False)
    assert calls == [("check", "0"), ("open", "0"), ("check", "1"), ("open", "1")]
