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
    ld.write_records(seed, path)
    return path


def cells(ws, column: str) -> list:
    """The values of the column headed ``column``, below the header."""
    at = [c.value for c in ws[1]].index(column) + 1
    return [ws.cell(row=r, column=at).value for r in range(2, ws.max_row + 1)]


def test_compare_writes_workbook_and_prints(seed_book, tmp_path, capsys):
    out = tmp_path / "out"
    rc = main(["compare", str(seed_book), "--year", "2017", "--out", str(out), "--no-charts"])
    printed = capsys.readouterr().out
    assert rc == 0
    # 811 in 2017 against 686 in 2016: +18.22 % (stated in the seed report)
    assert "主动公开政府信息总数" in printed and "+18.22%" in printed
    assert "第1名，共1个" in printed
    wb = load_workbook(out / "compare.xlsx")
    assert wb.sheetnames == ["年度比较", "同类比较", "对照表", "文件"]
    ws = wb["年度比较"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:5] == ["单位", "年度", "基期年度", "报告格式", "基期报告格式"]
    assert (
        ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(header)).column_letter}{ws.max_row}"
    )
    # years as written (2017, not 2,017), percentages with %
    for column in ("年度", "基期年度"):
        at = header.index(column) + 1
        assert ws.cell(row=2, column=at).number_format == "0"
    assert cells(ws, "年度")[0] == 2017 and cells(ws, "基期年度")[0] == 2016
    growth_col = header.index("增长率（%）") + 1
    assert ws.cell(row=2, column=growth_col).number_format == '0.00"%"'
    assert ws.cell(row=2, column=growth_col).value == pytest.approx(125 / 686 * 100)
    flagged_col = header.index("需关注") + 1
    for row in range(2, ws.max_row + 1):
        flagged = ws.cell(row=row, column=flagged_col).value
        fill = ws.cell(row=row, column=1).fill.fgColor.rgb
        assert (fill.endswith("FFF4CE")) is bool(flagged)
    # both years are narrative reports: compared as written, nothing through the crosswalk
    assert "属于已主动公开范围" in cells(ws, "项目") and "予以公开" not in cells(ws, "项目")
    assert not any(cells(ws, "经对照表换算"))
    assert wb["对照表"].max_row == 1  # the header only
    peers = wb["同类比较"]
    assert peers.cell(
        row=2, column=[c.value for c in peers[1]].index("数值") + 1
    ).number_format == ('0.00"%"')  # a refusal rate: 15 of 246 = 6.10 % (line 17)


def test_compare_across_the_format_change_lists_the_crosswalk_used(tmp_path, capsys):
    from test_compare import _narrative_2018, _standard_2019

    book = ld.write_records(
        ld.make_records(_narrative_2018() + _standard_2019()), tmp_path / "t.xlsx"
    )
    out = tmp_path / "out"
    rc = main(["compare", str(book), "--year", "2019", "--out", str(out), "--lang", "en"])
    printed = capsys.readouterr().out
    assert rc == 0
    assert "Comparison 2019 against 2018" in printed and "through crosswalk" in printed
    wb = load_workbook(out / "compare.xlsx")
    assert wb.sheetnames == ["compare", "peers", "crosswalk", "files"]
    items = cells(wb["crosswalk"], "item")
    assert "不属于本行政机关" in items and "商业秘密" in items
    assert "本年新收政府信息公开申请数量" not in items  # a standard item maps to itself
    assert (out / "peers.png").exists() and (out / "applications_growth.png").exists()


def test_summary_and_compare_workbooks_share_one_style(seed_book, tmp_path):
    from luzhou_disclosure.cli import main as run

    run(["summary", str(seed_book), "--out", str(tmp_path), "--no-charts"])
    run(["compare", str(seed_book), "--year", "2017", "--out", str(tmp_path), "--no-charts"])
    summary = load_workbook(tmp_path / "summary.xlsx")["同比增长"]
    compare = load_workbook(tmp_path / "compare.xlsx")["年度比较"]
    for ws in (summary, compare):
        header = [c.value for c in ws[1]]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
        assert all(c.font.bold for c in ws[1])
        growth = ws.cell(row=2, column=header.index("增长率（%）") + 1)
        year = ws.cell(row=2, column=header.index("年度") + 1)
        current = ws.cell(row=2, column=header.index("本期") + 1)
        assert (growth.number_format, year.number_format) == ('0.00"%"', "0")
        assert (growth.value, year.value, current.value) == (pytest.approx(18.2215743), 2017, 811)
        assert current.number_format == "#,##0"


def test_bad_files_are_named_and_the_others_processed(seed_book, tmp_path, capsys):
    bad = tmp_path / "notes.pptx"  # a kind no reader takes (.docx is a report now)
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
    assert "notes.pptx" in captured.err and "cannot read .pptx" in captured.err
    assert "broken.xlsx" in captured.err
    assert "gone.xlsx" in captured.err and "no such file" in captured.err
    assert "主动公开政府信息总数" in captured.out
    files = load_workbook(out / "compare.xlsx")["文件"]
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
    assert "2017年与2016年比较" in proc.stdout
