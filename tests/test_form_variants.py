"""Standard forms laid out the many ways agencies fill them are read by their headers (issue 13).

The workbooks come from tests/form_variants.py (header texts typed there, not taken from the
library). The expected figures are the records each workbook was written from; the consistent
records satisfy R1–R4 by construction (see ``consistent_report``), so ``check`` must find nothing.
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import luzhou_disclosure as ld
from form_variants import Style, consistent_report, styles, write_variant
from luzhou_disclosure import forms
from luzhou_disclosure.readers import _layout

STYLES = styles()
FIGURE = ["section", "parent", "item", "applicant", "field", "measure", "count", "value", "unit"]


def figures(records: pd.DataFrame) -> list[tuple]:
    """The figures of ``records`` as sorted tuples (NA as None)."""
    out = records[FIGURE].astype(object)
    out = out.where(out.notna(), None)
    return sorted(map(tuple, out.values.tolist()), key=str)


def quiet_read(path: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ld.DisclosureWarning)  # a finding fails the test
        return ld.read_form(path)


def report(i: int, style: Style) -> pd.DataFrame:
    return consistent_report(
        random.Random(i),
        form=style.form,
        subtotal=style.subtotal,
        agency=f"泸州市第{i}局",
        fee_unit=style.fee_unit,
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[tuple[Style, pd.DataFrame, Path, dict]]:
    folder = tmp_path_factory.mktemp("variants")
    out = []
    for i, style in enumerate(STYLES):
        records = report(i, style)
        path = folder / f"variant_{i:02d}.xlsx"
        out.append((style, records, path, write_variant(records, style, path)))
    return out


@pytest.fixture(scope="module")
def converted(written, soffice, tmp_path_factory) -> dict[str, list[tuple[int, Path]]]:
    """Every third variant converted by LibreOffice to .xls and to .ods (one start per format)."""
    chosen = [(i, path) for i, (_, _, path, _) in enumerate(written) if i % 3 == 0]
    out = {}
    for fmt in ("xls", "ods"):
        paths = soffice.many([path for _, path in chosen], fmt, tmp_path_factory.mktemp(fmt))
        out[fmt] = [(i, path) for (i, _), path in zip(chosen, paths, strict=True)]
    return out


def test_the_styles_cover_every_option():
    # the generator's variants: each option taken by some style, both ways where it has two
    seen = {
        "form": {s.form for s in STYLES},
        "app_rows": {s.app_rows for s in STYLES},
        "review_rows": {s.review_rows for s in STYLES},
        "a20_rows": {s.a20_rows for s in STYLES},
        "merged": {s.merged for s in STYLES},
        "one_sheet": {s.one_sheet for s in STYLES},
        "traditional": {s.traditional for s in STYLES},
        "wrapped": {s.wrapped for s in STYLES},
        "subtotal": {s.subtotal for s in STYLES},
        "subtotal_in_group": {s.subtotal_in_group for s in STYLES if s.subtotal},
        "remark": {"备注" in s.app_order for s in STYLES},
        "spacer": {"" in s.app_order for s in STYLES},
        "aliases": {s.aliases for s in STYLES},
        "fee_unit": {s.fee_unit for s in STYLES},
        "review_order": {s.review_groups != (0, 1, 2) for s in STYLES},
        "a20_reversed": {s.a20_reversed for s in STYLES},
        "a20_remark": {s.a20_remark for s in STYLES},
        "a20_spacer": {s.a20_spacer for s in STYLES},
        "annotated": {s.annotated for s in STYLES},
        "unit_row": {s.unit_row for s in STYLES},
        "review_label": {s.review_label for s in STYLES},
        "review_spacer": {s.review_spacer for s in STYLES},
        "short_names": {s.short_names for s in STYLES},
        "merged_single": {s.merged_single for s in STYLES},
        "group_suffix": {bool(s.group_suffix) for s in STYLES},
        "applicant_heading": {s.applicant_heading == "申请人情况" for s in STYLES},
        "left": {s.left > 1 for s in STYLES},
    }
    assert seen["form"] == {"2019", "2021"}
    assert seen["app_rows"] == seen["review_rows"] == {1, 2, 3}
    assert seen["a20_rows"] == {1, 2}
    assert seen["fee_unit"] == {"万元", "元"}
    for option in set(seen) - {"form", "app_rows", "review_rows", "a20_rows", "fee_unit"}:
        assert seen[option] == {True, False}, option
    orders = {s.app_order for s in STYLES}
    assert len(orders) >= 40  # the applicant columns in many orders


@pytest.mark.parametrize("i", range(len(STYLES)), ids=[f"v{i:02d}" for i in range(len(STYLES))])
def test_every_variant_reads_as_the_records_it_was_written_from(written, i):
    style, records, path, _ = written[i]
    got = quiet_read(path)
    assert figures(got) == figures(records), style.describe()
    assert got.attrs["findings"] == []
    assert set(got["form"]) == {style.form}
    # the report is consistent: check finds nothing wrong (no failed check of any severity)
    found = ld.check(got)
    assert not (~found["ok"].astype(bool)).any(), found[~found["ok"].astype(bool)]
    assert {"R1", "R2", "R3", "R4"} <= set(found["rule"])


@pytest.mark.slow
def test_libreoffice_xls_and_ods_variants_read_the_same(written, converted):
    for fmt, files in converted.items():
        for i, path in files:
            _, records, xlsx, _ = written[i]
            got = quiet_read(path)
            assert figures(got) == figures(records), (fmt, STYLES[i].describe())
            assert (
                got["source"].str.replace(f".{fmt}!", ".xlsx!").tolist()
                == quiet_read(xlsx)["source"].tolist()
            )


def test_the_subtotal_is_read_as_such_and_left_out_of_applicant_sums(written):
    # the form (styles()[2]): 2019, three sheets, two header rows, 小计 before 总计
    style, records, path, where = written[2]
    assert style.app_order[-2:] == ("小计", "总计") and style.app_rows == 2
    got = quiet_read(path)
    received = got[got["item"] == "本年新收政府信息公开申请数量"].set_index("applicant")["count"]
    orgs = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert received["法人或其他组织"] == received[orgs].sum()  # by construction, checked here
    assert received["总计"] == received["自然人"] + received[orgs].sum()  # not + 小计
    assert got.loc[got["applicant"] == "法人或其他组织", "source"].str.contains("!J").all()
    # R2 checks 总计 against the six columns and 小计 against its five: both hold
    # (the 2019 section 三 has 23 rows: 3 of the application flow, 20 of outcomes)
    r2 = ld.check(got).query("rule == 'R2'")
    assert r2["applicant"].value_counts().to_dict() == {"总计": 23, "法人或其他组织": 23}
    assert r2["ok"].all()
    # a 小计 that is not the sum of its five is an R2 error naming the 小计 cell (and its column's
    # 勾稽关系, R1, breaks with it); 总计 is untouched: the 小计 is in no sum of applicants
    wrong = got.copy()
    sub = (wrong["applicant"] == "法人或其他组织") & (
        wrong["item"] == "本年新收政府信息公开申请数量"
    )
    wrong.loc[sub, "count"] += 1
    failed = ld.check(wrong).query("not ok").sort_values("rule")
    assert failed[["rule", "applicant"]].values.tolist() == [
        ["R1", "法人或其他组织"],
        ["R2", "法人或其他组织"],
    ]
    cell = where[("applications", None, "本年新收政府信息公开申请数量", "法人或其他组织", None)]
    assert all(cell in sources for sources in failed["sources"])


PLANTED = [2, 3, 4, 8, 10, 11, 14]  # 小计 in and out of the group, repeated cells, traditional


@pytest.mark.parametrize("i", PLANTED, ids=[f"v{i:02d}" for i in PLANTED])
def test_a_planted_break_is_reported_with_its_cells_and_nothing_else(written, tmp_path, i):
    style, records, path, where = written[i]
    # one 勾稽关系 break: 自然人's 本年新收 one too many (总计 moves with it, so that the row
    # still adds up: R2 holds and only R1 breaks, in the 自然人 and 总计 columns)
    natural = where[("applications", None, "本年新收政府信息公开申请数量", "自然人", None)]
    total = where[("applications", None, "本年新收政府信息公开申请数量", "总计", None)]
    broken = tmp_path / path.name
    wb = load_workbook(path)
    for ref in (natural, total):
        sheet, cell = ref.split("!")
        wb[sheet][cell].value += 1
    wb.save(broken)
    assert ld.check(quiet_read(path)).query("not ok").empty  # the consistent form
    found = ld.check(quiet_read(broken))
    failed = found[~found["ok"].astype(bool)]
    assert sorted(zip(failed["rule"], failed["applicant"], strict=True)) == [
        ("R1", "总计"),
        ("R1", "自然人"),
    ]
    assert set(failed["severity"]) == {"error"}
    for applicant, ref in (("自然人", natural), ("总计", total)):
        sources = failed.loc[failed["applicant"] == applicant, "sources"].iloc[0]
        assert f"{broken.name}!{ref}" in sources.split(" | ")


def _with_blanks(path: Path, dest: Path, rng: random.Random) -> None:
    """A copy of a variant with a few of its figures left blank (another agency's form)."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, int | float) and rng.random() < 0.1:
                    cell.value = None
    wb.save(dest)


@pytest.mark.slow
def test_reading_through_layout_templates_is_the_interpreters_reading(
    written, tmp_path, monkeypatch
):
    # every variant twice more, other figures (and blanks): the later forms of each layout are
    # read through the template learnt from the first
    rng = random.Random(5)
    paths = []
    for i, (style, _, path, _) in enumerate(written):
        paths.append(path)
        again = tmp_path / f"again_{i:02d}.xlsx"
        write_variant(report(1000 + i, style), style, again)
        paths.append(again)
        blanks = tmp_path / f"blanks_{i:02d}.xlsx"
        _with_blanks(again, blanks, rng)
        paths.append(blanks)
    through = []
    real = forms.settle

    def counting(parts):
        misfits = real(parts)
        through.append(sum(p.template.n_slots > 0 for p in parts) - len(misfits))
        return misfits

    monkeypatch.setattr(forms, "settle", counting)
    _layout.clear_cache()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = ld.read_forms(paths)
        monkeypatch.setattr(forms, "read_layout", lambda *a, **k: None)
        slow = ld.read_forms(paths)
    assert sum(through) >= 2 * len(written)  # the second and third form of each layout at least
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.attrs == slow.attrs


def test_a_form_with_shifted_columns_never_reuses_another_layouts_template(tmp_path):
    # the same header words in the same rows, one column further right (an empty spacer column
    # before 自然人 where the first form has it after 总计): same sheet shapes, other positions
    base = Style(form="2021", app_order=("自然人", *STYLES[0].app_order[1:6], "总计", ""))
    shifted = Style(form="2021", app_order=("", *base.app_order[:-1]))
    swapped = Style(form="2021", app_order=("自然人", "科研机构", "商业企业", *base.app_order[3:]))
    paths, expected = [], []
    for i, style in enumerate([base, shifted, swapped, base, shifted, swapped]):
        records = report(200 + i, style)
        path = tmp_path / f"泸州市第{i}局_2022.xlsx"
        write_variant(records, style, path)
        paths.append(path)
        expected += figures(records)
    _layout.clear_cache()
    got = ld.read_forms(paths)
    assert got.attrs["findings"] == []
    assert figures(got) == sorted(expected, key=str)
