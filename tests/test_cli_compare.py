"""The compare subcommand end to end (main(argv) and the installed entry point)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from openpyxl import load_workbook

import luzhou_disclosure as ld
from luzhou_disclosure.cli import main


@pytest.fixture
def seed_book(tmp_path, seed):
    path = tmp_path / "seed.xlsx"
    ld.write_excel(seed, path)
    return path


def test_compare_writes_workbook_and_prints(seed_book, tmp_path, capsys):
    out = tmp_path / "out"
    rc = main(["compare", str(seed_book), "--year", "2017", "--out", str(out), "--no-charts"])
    printed = capsys.readouterr().out
    assert rc == 0
    # 811 in 2017 against 686 in 2016: +18.22 % (stated in the seed report)
    assert "主动公开政府信息总数" in printed and "+18.22%" in printed
    assert "rank 1 of 1" in printed
    wb = load_workbook(out / "compare.xlsx")
    assert wb.sheetnames == ["compare", "peers", "crosswalk", "files"]
    ws = wb["compare"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    growth_col = header.index("growth_pct") + 1
    assert ws.cell(row=2, column=growth_col).number_format == '0.00"%"'
    flagged_col = header.index("flagged") + 1
    for row in range(2, ws.max_row + 1):
        flagged = ws.cell(row=row, column=flagged_col).value
        fill = ws.cell(row=row, column=1).fill.fgColor.rgb
        assert (fill.endswith("FFF2CC")) is bool(flagged)
    items = [
        ws.cell(row=r, column=header.index("item") + 1).value for r in range(2, ws.max_row + 1)
    ]
    assert "予以公开" in items
    cw = wb["crosswalk"]
    cw_header = [c.value for c in cw[1]]
    assert "不属于本行政机关" in [
        cw.cell(row=r, column=cw_header.index("item") + 1).value for r in range(2, cw.max_row + 1)
    ]


def test_bad_files_are_named_and_the_others_processed(seed_book, tmp_path, capsys):
    bad = tmp_path / "notes.csv"
    bad.write_text("x")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    out = tmp_path / "out"
    rc = main(
        [
            "compare",
            str(bad),
            str(seed_book),
            str(broken),
            str(tmp_path / "gone.xlsx"),
            "--year",
            "2017",
            "--out",
            str(out),
            "--no-charts",
        ]
    )
    captured = capsys.readouterr()
    assert rc == 1
    assert "notes.csv" in captured.err and "cannot read .csv" in captured.err
    assert "broken.xlsx" in captured.err
    assert "gone.xlsx" in captured.err and "no such file" in captured.err
    assert "主动公开政府信息总数" in captured.out
    files = load_workbook(out / "compare.xlsx")["files"]
    assert [files.cell(row=r, column=2).value for r in range(2, 6)] == [
        "error",
        "read",
        "error",
        "error",
    ]


def test_nothing_readable_exits_2(tmp_path, capsys):
    rc = main(
        ["compare", str(tmp_path / "gone.xlsx"), "--year", "2017", "--out", str(tmp_path / "o")]
    )
    assert rc == 2
    assert "nothing to compare" in capsys.readouterr().err


def test_entry_point_in_a_subprocess(seed_book, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "luzhou_disclosure.cli",
            "compare",
            str(seed_book),
            "--year",
            "2017",
            "--base-year",
            "2016",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "compare.xlsx").exists()
    assert "Comparison 2017 against 2016" in proc.stdout
