"""The main job: ``luzhou-disclosure summary`` on the bundled data and on a user's workbook."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import luzhou_disclosure as ld
from luzhou_disclosure.cli import main
from luzhou_disclosure.report import format_table


def test_summary_of_the_bundled_report(tmp_path, capsys):
    assert main(["summary", "--out", str(tmp_path), "--no-charts"]) == 0
    out = capsys.readouterr().out
    # figures stated in the seed report (line 9 and 17) and recomputed ones
    for text in (
        "811",
        "686",
        "18.22",
        "29.47",
        "63.13",
        "26.67",
        "6.10",
        "不予公开",
        "工作动态类",
    ):
        assert text in out, text
    assert "disagree" not in out
    book = load_workbook(tmp_path / "summary.xlsx")
    assert book.sheetnames == ["shares", "growth", "outcomes", "refusals", "audit"]
    shares = book["shares"]
    header = [c.value for c in shares[1]]
    col = header.index("share_pct") + 1
    cell = shares.cell(row=2, column=col)
    assert cell.number_format == "0.00" and cell.value == pytest.approx(3 / 811 * 100)
    assert shares.freeze_panes == "A2"


def test_summary_reports_disagreements_and_tints_them(tmp_path, capsys, seed):
    bad = seed.copy()
    bad.loc[(bad["item"] == "工作动态类") & (bad["measure"] == "share_pct"), "value"] = 30.0
    path = ld.write_excel(bad, tmp_path / "bad.xlsx")
    assert main(["summary", str(path), "--out", str(tmp_path / "o"), "--no-charts"]) == 0
    assert "1 printed figure(s) disagree" in capsys.readouterr().out
    audit = load_workbook(tmp_path / "o" / "summary.xlsx")["audit"]
    tinted = [
        row[0].fill.fgColor.rgb for row in audit.iter_rows(min_row=2) if row[2].value == "error"
    ]
    assert tinted and all(str(rgb).endswith("FDE2E1") for rgb in tinted)


def test_bad_workbook_gives_an_error_naming_the_cell(tmp_path, capsys, seed):
    path = ld.write_excel(seed, tmp_path / "typo.xlsx")
    book = load_workbook(path)
    book["records"]["J3"] = "三点五"  # column J is count
    book.save(path)
    assert main(["summary", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "typo.xlsx" in err and "J3" in err and "三点五" in err


def test_terminal_tables_align_chinese_labels():
    table = pd.DataFrame({"item": ["概况类", "申请内容不明确或转其他途径办理"], "count": [3, 5]})
    lines = format_table(table).splitlines()
    from luzhou_disclosure._xlsx import display_width

    assert len({display_width(line) for line in lines}) == 1  # every line equally wide


def test_console_script_runs_the_main_job(tmp_path):
    exe = shutil.which("luzhou-disclosure", path=str(Path(sys.executable).parent))
    assert exe, "the console script is installed with the package"
    done = subprocess.run(
        [exe, "summary", "--out", str(tmp_path), "--no-charts"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "summary.xlsx").exists() and str(tmp_path / "summary.xlsx") in done.stdout


def test_version_names_the_installed_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"luzhou-disclosure {ld.__version__}\n"
