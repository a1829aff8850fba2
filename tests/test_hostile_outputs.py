"""Issue 12, writers and outputs: a bad output path is an OutputFileError naming it (exit 2 on the
command line); every file is written whole or not at all; text and figures read back as written."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import luzhou_disclosure as ld
from luzhou_disclosure import _atomic, cli
from luzhou_disclosure._numbers import MAX_FIGURE
from luzhou_disclosure.plot import save_summary_charts
from luzhou_disclosure.summary import summary_tables, write_workbook

FORM_RECORD = {"agency": "甲局", "year": 2021, "form": "2021", "section": "applications",
               "item": "本年新收政府信息公开申请数量", "applicant": "自然人", "measure": "count",
               "count": 5}  # fmt: skip


def _writers():
    records = ld.make_records([FORM_RECORD])
    return {
        "write_records": lambda p: ld.write_records(records, p),
        "write_form": lambda p: ld.write_form(records, p),
        "write_workbook": lambda p: write_workbook(summary_tables(ld.load_example()), p),
    }


@pytest.mark.parametrize("writer", ["write_records", "write_form", "write_workbook"])
@pytest.mark.parametrize(
    ("where", "problem"),
    [
        ("missing/out.xlsx", "cannot be written: the folder {tmp}/missing does not exist"),
        ("a_file/out.xlsx", "cannot be written: a part of {tmp}/a_file is a file, not a folder"),
        ("folder.xlsx", "is a folder; give the name of a file to write"),
    ],
)
def test_writing_to_a_bad_path_is_an_output_file_error_naming_it(tmp_path, writer, where, problem):
    (tmp_path / "a_file").write_text("x")
    (tmp_path / "folder.xlsx").mkdir()
    path = tmp_path / where
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ld.OutputFileError) as info:
            _writers()[writer](path)
    assert str(info.value) == f"{path}: {problem.format(tmp=tmp_path)}"
    assert isinstance(info.value, OSError) and info.value.path == str(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file", "folder.xlsx"]  # nothing left


def test_charts_to_a_folder_that_is_a_file_is_an_output_file_error(tmp_path):
    (tmp_path / "charts").write_text("x")
    with pytest.raises(ld.OutputFileError, match="is a file, not a folder"):
        save_summary_charts(ld.load_example(), tmp_path / "charts")


def test_a_write_replaces_the_file_only_when_it_is_complete(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    with _atomic.atomic_write(target) as tmp:
        tmp.write_bytes(b"half")
        assert target.read_bytes() == b"old"  # while writing, the old file is whole
    assert target.read_bytes() == b"half"
    with pytest.raises(RuntimeError), _atomic.atomic_write(target) as tmp:
        tmp.write_bytes(b"broken")
        raise RuntimeError("the writer failed")
    assert target.read_bytes() == b"half"  # a failed write leaves the file as it was
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]  # and no temporary file


def test_a_write_error_mid_way_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "records.xlsx"
    ld.write_records(ld.load_example(), path)
    before = path.read_bytes()
    with pytest.raises(ld.SchemaError):  # a required item of whitespace only: refused
        ld.write_records(ld.make_records([dict(FORM_RECORD, item="   ")]), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["records.xlsx"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "luzhou_disclosure.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
@pytest.mark.parametrize("command", ["summary", "compare"])
def test_out_naming_a_file_or_an_unwritable_folder_exits_2_with_a_message(tmp_path, command):
    (tmp_path / "a_file").write_text("x")
    extra = [str(ld.example_path()), "--year", "2017"] if command == "compare" else []
    for out, message in [
        (tmp_path / "a_file", f"{tmp_path / 'a_file'}: is a file, not a folder"),
        (tmp_path / "a_file" / "sub", f"{tmp_path / 'a_file' / 'sub'}: cannot be created: "),
    ]:
        done = _cli(command, *extra, "--out", str(out), "--no-charts")
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert f"luzhou-disclosure: error: {message}" in done.stderr


@pytest.mark.slow
def test_a_folder_without_permission_exits_2_naming_the_file(tmp_path, monkeypatch, capsys):
    # (the tests may run as root, who may write anywhere: the refusal is simulated where it happens)
    real = os.open

    def refuse(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(_atomic.os, "open", refuse)
    status = cli.main(["summary", "--out", str(tmp_path), "--no-charts"])
    assert status == 2
    err = capsys.readouterr().err
    assert (
        f"luzhou-disclosure: error: {tmp_path / 'summary.xlsx'}: cannot be written: "
        "permission denied" in err
    )


@pytest.mark.slow
def test_two_compare_runs_writing_one_out_leave_a_whole_workbook(tmp_path):
    out = tmp_path / "out"
    args = [sys.executable, "-m", "luzhou_disclosure.cli", "compare", str(ld.example_path()),
            "--year", "2017", "--out", str(out), "--no-charts"]  # fmt: skip
    for _ in range(3):
        runs = [
            subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)
        ]
        assert [p.wait(timeout=600) for p in runs] == [0, 0]
        book = load_workbook(out / "compare.xlsx")  # a corrupt workbook would not load
        assert len(book.worksheets) == 4  # compare, peers, crosswalk, files (in Chinese)
    assert sorted(p.name for p in out.iterdir()) == ["compare.xlsx"]  # no temporary file left


# --- what is written reads back -------------------------------------------------------------------

CATEGORIES = ["概况类", "工作动态类", "信息公开指南类", "机构职能类", "法规文件类", "规划计划类"]
#: text as people and programs write it: control characters, escapes Excel uses, whitespace, CJK
TEXT = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\x00", "\x1b", "\r", "\n", "\t", "\x0b", "_x0041_", "_x005F_", " ",
                         "\u3000", "(筹)"]),
    ),
    max_size=8,
).map("".join)  # fmt: skip
FIGURE = st.floats(min_value=-(MAX_FIGURE - 1), max_value=MAX_FIGURE - 1, allow_nan=False)


@st.composite
def records(draw):
    n = draw(st.integers(1, len(CATEGORIES)))
    rows = []
    for item in CATEGORIES[:n]:
        agency = draw(TEXT.filter(lambda s: s.strip()))
        value = draw(st.one_of(st.none(), FIGURE))
        rows.append(
            {"agency": agency, "year": 2020, "section": "proactive", "item": item,
             "parent": "主动公开政府信息总数",
             "measure": "share_pct" if value is not None else "count",
             "count": None if value is not None else draw(st.integers(0, MAX_FIGURE - 1)),
             "value": value, "label": draw(st.one_of(st.none(), TEXT)),
             "source": draw(st.one_of(st.none(), TEXT))}
        )  # fmt: skip
    return ld.make_records(rows)


def _as_read(records: pd.DataFrame) -> pd.DataFrame:
    """What the readers make of text, by hand: leading and trailing whitespace trimmed
    (str.strip), whitespace only NA; everything else as written."""
    out = records.copy()
    for col in ("agency", "label", "source"):
        text = out[col].astype(object).map(lambda v: v.strip() if isinstance(v, str) else v)
        out[col] = text.where(text != "", None)
    return ld.as_records(out)


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".parquet"])
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=records())
def test_records_read_back_as_written(tmp_path, suffix, data):
    path = tmp_path / f"records{suffix}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ld.DisclosureWarning)
        back = ld.read_records(ld.write_records(data, path))
    pd.testing.assert_frame_equal(back, _as_read(data))


def test_floats_of_17_significant_digits_and_cjk_agencies_read_back_exactly(tmp_path):
    # 0.1 + 0.2 and 123456789.12345679 need 17 digits; openpyxl writes 16 (0.3, 123456789.1234568)
    values = [0.1 + 0.2, 123456789.12345679, 1 / 3, 5e-324]
    data = ld.make_records(
        [{"agency": "泸州市甲局(筹)", "year": 2020, "section": "proactive", "item": item,
          "measure": "share_pct", "value": v, "label": "原文（标签）_x0041_\x1b"}
         for item, v in zip(CATEGORIES, values, strict=False)]
    )  # fmt: skip
    for suffix in (".xlsx", ".csv", ".parquet"):
        back = ld.read_records(ld.write_records(data, tmp_path / f"r{suffix}"))
        assert back["value"].tolist() == values
        assert set(back["agency"]) == {"泸州市甲局(筹)"}
        assert set(back["label"]) == {"原文（标签）_x0041_\x1b"}


def test_text_with_a_lone_surrogate_is_refused_naming_the_cell(tmp_path):
    # (records cannot hold one: pyarrow strings are UTF-8; a table of objects can)
    table = pd.DataFrame({"label": pd.Series(["ok", "bad\ud800"], dtype=object)})
    with pytest.raises(ValueError, match=r"cell A3: 'bad\\ud800' is not valid Unicode"):
        write_workbook({"t": table}, tmp_path / "t.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_whitespace_around_text_is_trimmed_and_a_blank_required_text_refused(tmp_path):
    data = ld.make_records([dict(FORM_RECORD, agency="  甲局 ", label=" 标签\u3000")])
    back = ld.read_records(ld.write_records(data, tmp_path / "r.csv"))
    assert back[["agency", "label"]].values.tolist() == [["甲局", "标签"]]
    rows = [dict(FORM_RECORD), dict(FORM_RECORD, applicant="总计", item="\t ")]
    with pytest.raises(ld.SchemaError) as info:
        ld.write_records(ld.make_records(rows), tmp_path / "r.csv")
    cases = info.value.failure_cases
    assert cases[["column", "row"]].values.tolist() == [["item", 1]]
    assert cases["message"].tolist() == ["'\\t ' is only whitespace; item is required"]


def test_a_summary_workbook_keeps_every_digit(tmp_path):
    table = pd.DataFrame({"share_pct": [0.1 + 0.2, np.float64(2) / 3]})
    ws = load_workbook(write_workbook({"t": table}, tmp_path / "s.xlsx")).active
    assert [ws.cell(r, 1).value for r in (2, 3)] == [0.1 + 0.2, 2 / 3]
