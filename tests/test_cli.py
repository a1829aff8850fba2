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
from luzhou_disclosure.indicators import INDICATORS
from luzhou_disclosure.summary import format_table


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
    assert book.sheetnames == ["分类占比", "同比增长", "办理结果", "不予公开原因", "数字核对"]
    shares = book["分类占比"]
    header = [c.value for c in shares[1]]
    assert header[:3] == ["单位", "年度", "项目"]
    cell = shares.cell(row=2, column=header.index("占比（%）") + 1)
    # a percentage stays the number of percent (3 ÷ 811 × 100, line 9: 概况类3条,占0.37%), shown
    # 0.37%
    assert cell.number_format == '0.00"%"' and cell.value == pytest.approx(3 / 811 * 100)
    assert shares.cell(row=2, column=2).value == 2017
    assert shares.cell(row=2, column=2).number_format == "0"  # 2017, not 2,017
    assert shares.freeze_panes == "A2" and shares.auto_filter.ref == "A1:I8"


def test_summary_reports_disagreements_and_tints_them(tmp_path, capsys, seed):
    bad = seed.copy()
    bad.loc[(bad["item"] == "工作动态类") & (bad["measure"] == "share_pct"), "value"] = 30.0
    path = ld.write_records(bad, tmp_path / "bad.xlsx")
    assert main(["summary", str(path), "--out", str(tmp_path / "o"), "--no-charts"]) == 0
    assert "1个报告所载数字与报告自身的数字不符（见工作表“数字核对”）" in capsys.readouterr().out
    audit = load_workbook(tmp_path / "o" / "summary.xlsx")["数字核对"]
    tinted = [
        row[0].fill.fgColor.rgb for row in audit.iter_rows(min_row=2) if row[2].value == "error"
    ]
    assert tinted and all(str(rgb).endswith("FDE2E1") for rgb in tinted)


def test_bad_workbook_gives_an_error_naming_the_cell(tmp_path, capsys, seed):
    path = ld.write_records(seed, tmp_path / "typo.xlsx")
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


@pytest.mark.slow
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


# --- languages, inputs, help --------------------------------------------------------------------


def test_summary_in_english(tmp_path, capsys):
    assert main(["summary", "--out", str(tmp_path), "--no-charts", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Category shares" in out and "share (%, half up)" in out and "Written:" in out
    book = load_workbook(tmp_path / "summary.xlsx")
    assert book.sheetnames == ["shares", "growth", "outcomes", "refusals", "audit"]
    assert [c.value for c in book["growth"][1]][:4] == ["agency", "section", "parent item", "item"]


def test_summary_reads_a_report_text_and_a_standard_form(tmp_path, capsys):
    from conftest import DATA, SEED_TEXT

    form = DATA / "forms" / "泸州市甲局_2020_one_sheet.xlsx"
    rc = main(["summary", str(SEED_TEXT), str(form), "--out", str(tmp_path), "--no-charts"])
    out = capsys.readouterr().out
    assert rc == 0
    # the seed text, line 9: 811 items in 2017, 686 in 2016 (+18.22 %); the form: 泸州市甲局 2020
    assert "18.22" in out and "63.13" in out and "泸州市甲局    2020" in out
    assert SEED_TEXT.name in out.splitlines()[0] and form.name in out.splitlines()[0]


def test_summary_names_an_unreadable_file_and_goes_on(tmp_path, capsys, seed):
    good = ld.write_records(seed, tmp_path / "good.xlsx")
    rc = main(
        [
            "summary",
            str(tmp_path / "gone.xlsx"),
            str(good),
            "--out",
            str(tmp_path / "o"),
            "--no-charts",
        ]
    )
    captured = capsys.readouterr()
    assert rc == 1
    assert "gone.xlsx: no such file" in captured.err
    assert "811" in captured.out and (tmp_path / "o" / "summary.xlsx").exists()
    assert main(["summary", str(tmp_path / "gone.xlsx"), "--out", str(tmp_path / "p")]) == 2


def test_both_commands_read_their_files_with_one_function(tmp_path, monkeypatch, seed):
    import luzhou_disclosure.cli as cli

    seen = []
    real = cli.read_input

    def spy(path):
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(cli, "read_input", spy)
    book = ld.write_records(seed, tmp_path / "seed.xlsx")
    out = str(tmp_path / "o")
    assert main(["summary", str(book), "--out", out, "--no-charts"]) == 0
    assert main(["compare", str(book), "--year", "2017", "--out", out, "--no-charts"]) == 0
    assert seen == ["seed.xlsx", "seed.xlsx"]


def help_text(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", [[], ["summary"], ["compare"]])
def test_help_has_no_markup_and_documents_the_exit_status(capsys, command):
    from luzhou_disclosure.cli import EXIT_STATUS

    shown = help_text(capsys, *command)
    for markup in ("``", ":func:", ":mod:", ":data:"):
        assert markup not in shown
    assert "exit status:" in shown and "  2  no input file could be read" in shown
    if command:
        assert "--lang {zh,en}" in shown and "--out OUT" in shown
    assert len(EXIT_STATUS.splitlines()) == 4


def test_measure_lists_its_choices(capsys):
    shown = help_text(capsys, "compare")
    # every indicator of docs/indicators.md (peer_summary ranks on any of them)
    assert "--measure {" + ",".join(INDICATORS) + "}" in shown
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "x.xlsx", "--year", "2019", "--measure", "rate"])
    assert exit_.value.code == 2
    assert "invalid choice: 'rate'" in capsys.readouterr().err


def test_the_readme_documents_the_same_exit_status():
    from conftest import ROOT
    from luzhou_disclosure.cli import EXIT_STATUS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in EXIT_STATUS.splitlines()[1:]:
        code, meaning = line.split(maxsplit=1)
        assert f"| {code} | {meaning} |" in readme


def test_a_workbook_that_is_neither_kind_says_both(tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "预算"
    book.active["A1"] = "这不是年度报告"
    book.save(tmp_path / "budget.xlsx")
    assert main(["summary", str(tmp_path / "budget.xlsx"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "budget.xlsx: neither a standard-form workbook (" in err
    assert ") nor a records workbook (" in err


def test_warnings_are_printed_once_each(capsys):
    import warnings

    from luzhou_disclosure.cli import warnings_on_stderr

    with warnings_on_stderr("summary") as caught:
        for _ in range(3):
            warnings.warn("no figures for 2031", ld.DisclosureWarning, stacklevel=1)
    assert len(caught) == 3
    assert capsys.readouterr().err == "luzhou-disclosure summary: warning: no figures for 2031\n"
