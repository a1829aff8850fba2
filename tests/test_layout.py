"""_layout: forms read through a learnt layout read exactly as the interpreter reads them one by
one."""

from __future__ import annotations

import datetime
import random
import warnings

import pandas as pd
import pytest
from openpyxl import load_workbook

import luzhou_disclosure as ld
from luzhou_disclosure import forms
from luzhou_disclosure._vocab import ARTICLE20, REVIEW_FIELDS, REVIEW_GROUPS, STANDARD_OUTCOMES
from luzhou_disclosure.readers import _layout
from luzhou_disclosure.readers._standard import APPLICANTS_7, APPLICANTS_8


def _records(rng: random.Random, i: int, form: str, wide: bool) -> pd.DataFrame:
    rows = []
    for spec in ARTICLE20[form]:
        for field, measure in spec.fields:
            x = round(rng.uniform(0, 50), 2) if measure == "amount" else rng.randint(0, 30)
            rows.append(
                {
                    "section": "article20",
                    "parent": spec.parent,
                    "item": spec.item,
                    "field": field,
                    "measure": measure,
                    "count": None if measure == "amount" else x,
                    "value": x if measure == "amount" else None,
                }
            )
    applicants = APPLICANTS_8 if wide else APPLICANTS_7
    for item in (
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "结转下年度继续办理",
    ):
        rows += [
            {
                "section": "applications",
                "item": item,
                "applicant": a,
                "measure": "count",
                "count": rng.randint(0, 9),
            }
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
                    "measure": "count",
                    "count": rng.randint(0, 9),
                }
                for a in applicants
            ]
    for section, item, parent in REVIEW_GROUPS:
        rows += [
            {
                "section": section,
                "item": item,
                "parent": parent,
                "field": f,
                "measure": "count",
                "count": rng.randint(0, 9),
            }
            for f in REVIEW_FIELDS
        ]
    year = 2020 if form == "2019" else 2022
    for r in rows:
        r.update(agency=f"泸州市第{i}局", year=year, form=form)
    return ld.make_records(rows)


def _mutate(path, rng: random.Random, i: int) -> None:
    """Blanks, whole blank rows, non-whole counts, text, true/false, dates and stray numbers: what
    agencies send."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            numbers = [
                c for c in row if isinstance(c.value, int | float) and not isinstance(c.value, bool)
            ]
            if numbers and i % 3 == 1 and rng.random() < 0.15:
                for c in numbers:  # the whole row left blank
                    c.value = None
                continue
            for c in numbers:
                x = rng.random()
                if x < 0.12:
                    c.value = None
                elif x < 0.14 and i % 4 == 2:
                    c.value = c.value + 0.5
                elif x < 0.15 and i % 5 == 3:
                    c.value = rng.choice(["/", "3件", "无", "约4"])
                elif x < 0.16 and i % 9 == 4:  # a true/false or a date where a figure belongs
                    c.value = rng.choice([True, datetime.datetime(2021, 3, 1)])
        if i % 7 == 5:
            ws.cell(ws.max_row, ws.max_column + 2).value = 7  # a figure beside the table
    wb.save(path)


# (slow: each test that takes it is marked slow, the folder takes some 10 s to write)
@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    rng = random.Random(7)
    out = tmp_path_factory.mktemp("layouts")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i in range(36):
            form = "2021" if i % 2 else "2019"
            path = out / f"泸州市第{i}局_{2022 if form == '2021' else 2020}.xlsx"
            ld.write_form(_records(rng, i, form, wide=i % 6 == 0), path, form=form)
            _mutate(path, rng, i)
    return out


def _read(folder, monkeypatch, *, layouts: bool, jobs: int = 1) -> pd.DataFrame:
    _layout.clear_cache()
    if not layouts:
        monkeypatch.setattr(forms, "read_layout", lambda *a, **k: None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ld.read_forms(folder, jobs=jobs)


def _misfits_read_as_interpreted(folder, monkeypatch) -> tuple[list[int], pd.DataFrame]:
    """The forms of ``folder`` that misfit their layout's template (positions, from settle) and
    the records read through the templates, once it is asserted that they are the interpreter's
    frame and attrs."""
    misfits: list[int] = []
    real = forms.settle
    monkeypatch.setattr(forms, "settle", lambda parts: misfits.extend(real(parts)) or list(misfits))
    fast = _read(folder, monkeypatch, layouts=True)
    monkeypatch.undo()
    slow = _read(folder, monkeypatch, layouts=False)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.attrs == slow.attrs
    return misfits, fast


@pytest.mark.slow
def test_read_through_layouts_is_the_interpreters_reading(folder, monkeypatch):
    replayed = []
    real = forms.settle

    def counting(parts):
        misfits = real(parts)
        replayed.append(
            sum(p.template.n_slots > 0 for p in parts) - len(misfits)
        )  # read through a template
        return misfits

    monkeypatch.setattr(forms, "settle", counting)
    fast = _read(folder, monkeypatch, layouts=True)
    monkeypatch.undo()
    slow = _read(folder, monkeypatch, layouts=False)
    assert sum(replayed) >= 20  # most forms were read through a template
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.attrs == slow.attrs
    both = _read(
        folder, monkeypatch, layouts=True, jobs=2
    )  # layouts learnt in two worker processes
    pd.testing.assert_frame_equal(both, slow, check_exact=True)
    assert both.attrs == slow.attrs
    rules = {f["rule"] for f in fast.attrs["findings"]}
    assert "unreadable_cell" in rules  # non-whole counts, text and stray figures are reported


@pytest.mark.slow
def test_read_form_through_a_layout_warns_as_the_interpreter(folder, monkeypatch):
    paths = sorted(folder.glob("*.xlsx"))[:8]
    _layout.clear_cache()
    fast = []
    for p in paths:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            fast.append((ld.read_form(p), [str(x.message) for x in w]))
    monkeypatch.setattr(forms, "read_layout", lambda *a, **k: None)
    for p, (frame, messages) in zip(paths, fast, strict=True):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            slow = ld.read_form(p)
        pd.testing.assert_frame_equal(frame, slow, check_exact=True)
        assert frame.attrs == slow.attrs
        assert messages == [str(x.message) for x in w]


def test_a_title_that_means_something_is_not_read_as_a_title(tmp_path, monkeypatch):
    # the report title above each table is keyed as "a title" so that agencies share a layout;
    # a form whose title cell holds a label the interpreter reads (行政复议 names section 四)
    # must not be read through the template learnt from the others
    rng = random.Random(3)
    for i in range(3):
        path = tmp_path / f"泸州市第{i}局_2022.xlsx"
        ld.write_form(_records(rng, i, "2021", wide=False), path, form="2021")
    wb = load_workbook(tmp_path / "泸州市第2局_2022.xlsx")
    wb["三、依申请公开"]["A1"].value = "行政复议"
    wb.save(tmp_path / "泸州市第2局_2022.xlsx")
    misfits, _ = _misfits_read_as_interpreted(tmp_path, monkeypatch)
    assert misfits == [2]  # the third form's title is not inert: interpreted on its own


def test_a_note_under_a_header_is_read_as_part_of_it_not_as_a_title(tmp_path, monkeypatch):
    # a lone note in the row right under section 四's header (among the sheet's top rows, where
    # layout_key keys a lone label as "a title" so that agencies share a layout) is read as one
    # more header cell: an unknown column header, quoted in a finding. Each form must quote its
    # own note: the layout gets no template, and every form is interpreted.
    rng = random.Random(11)
    for i in range(3):
        path = tmp_path / f"泸州市第{i}局_2022.xlsx"
        ld.write_form(_records(rng, i, "2021", wide=False), path, form="2021")
        wb = load_workbook(path)
        ws = wb["四、复议诉讼"]
        ws.insert_rows(6)  # header on rows 3-5, figures now on row 7
        ws["P6"] = f"数据来源：第{i}局台账"
        wb.save(path)
    fast = _read(tmp_path, monkeypatch, layouts=True)
    assert list(_layout._templates.values()) == [None]  # one layout, no template
    monkeypatch.undo()
    slow = _read(tmp_path, monkeypatch, layouts=False)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.attrs == slow.attrs
    notes = [f for f in fast.attrs["findings"] if "数据来源" in f["message"]]
    assert [f["sources"] for f in notes] == [
        f"泸州市第{i}局_2022.xlsx!四、复议诉讼!P6" for i in range(3)
    ]
    assert all(f"第{i}局台账" in f["message"] for i, f in enumerate(notes))
    # the figures are still read under their own headers (row 7)
    review = fast[fast["section"] == "reconsideration"]
    assert review["source"].str.match(r".*!四、复议诉讼![A-E]7$").all()


@pytest.mark.slow
def test_records_frame_builds_what_make_records_builds(folder):
    # records_frame takes its string columns from the templates' few values and joins the sources
    # as Arrow strings; the frame must be make_records' own, value for value and dtype for dtype
    from luzhou_disclosure._xlsx import open_workbook, sheet_rows
    from luzhou_disclosure.readers._standard import interpret_rows

    parts, dicts = [], []
    for i, path in enumerate(sorted(folder.glob("*.xlsx"))[:8]):
        book = open_workbook(str(path))
        grid = [row for name in book.sheet_names for row in sheet_rows(book, name, str(path))[0]]
        records, findings, _ = interpret_rows(
            grid, lambda r, c: f"!{r}!{c}", agency=f"局{i}", year=2020 + i
        )
        part = _layout.records_part(records, findings)
        part.file = path.name  # the sources are the file's name and the cell
        for rec in records:
            rec["source"] = path.name + rec["source"]
        parts.append(part)
        dicts += records
    got = _layout.records_frame(parts)
    pd.testing.assert_frame_equal(got, ld.make_records(dicts), check_exact=True)
    assert got["source"].str.match(r"^泸州市第\d+局_\d{4}\.xlsx!\d+!\d+$").all()


def test_figures_placed_from_the_rows_first_figure_must_be_there(tmp_path, monkeypatch):
    # without the 行政复议 cell, section 四's header does not line up with its figures: the row of
    # figures (no label) is placed by position from its first figure. The layout depends on that
    # cell holding a figure: a form with it blank (its figures would be counted from the second
    # cell, one short of the header's 15: a finding, nothing read) is interpreted, not read
    # through the template of the forms that have it.
    rng = random.Random(5)
    for i in range(3):
        path = tmp_path / f"泸州市第{i}局_2022.xlsx"
        ld.write_form(_records(rng, i, "2021", wide=False), path, form="2021")
        wb = load_workbook(path)
        ws = wb["四、复议诉讼"]
        ws.unmerge_cells("A3:E4")
        ws["A3"] = None
        if i == 2:
            ws["A6"] = None  # (_records gives every figure of section 四 a value)
        wb.save(path)
    misfits, fast = _misfits_read_as_interpreted(tmp_path, monkeypatch)
    assert misfits == [2]  # the third form's first figure is blank: interpreted on its own
    review = fast[fast["section"].isin(["reconsideration", "litigation"])]
    assert review["source"].str.endswith(" (positional)").all()
    assert len(review) == 2 * 15  # the first two forms' 15 figures; the third's are a finding
    truncated = [f for f in fast.attrs["findings"] if f["rule"] == "truncated_table"]
    assert [f["sources"].split("!")[0] for f in truncated] == ["泸州市第2局_2022.xlsx"]
