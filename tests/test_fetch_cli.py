"""The command line on URLs: ``fetch --urls URLS.txt --out DIR``, then ``summary DIR`` and
``compare DIR``; ``summary --urls`` and ``compare --urls``. The pages are served on the loopback
address only (tests/loopback.py); their reports are those of tests/test_fetch.py."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from openpyxl import load_workbook

import luzhou_disclosure as ld
from conftest import figures
from loopback import Site, guard_sockets
from luzhou_disclosure.cli import main
from test_fetch import HONGZE, attachment, link_page, seed_page
from test_published_html import cms_page
from test_published_word import expected_records


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    guard_sockets(monkeypatch)


@pytest.fixture
def site():
    with Site() as s:
        yield s


@pytest.fixture
def urls(site, tmp_path):
    """URLS.txt of three report pages (2023 inline, the 2017 seed report, a PDF attachment) and
    a page that is not there."""
    title = "淮安市洪泽区人民政府2023年政府信息公开工作年度报告"
    site.put("/files/hz.pdf", HONGZE.read_bytes())
    pages = [
        site.put("/a.shtml", cms_page().encode("gbk")),
        site.put("/b.html", seed_page()),
        site.put("/c.html", link_page(title, attachment("/files/hz.pdf", f"{title}.pdf"))),
        site.url("/missing.html"),
    ]
    path = tmp_path / "urls.txt"
    path.write_text("# report pages\n" + "\n".join(pages) + "\n", encoding="utf-8")
    return path, pages


@pytest.mark.slow
def test_fetch_writes_the_records_and_what_became_of_each_url(urls, site, tmp_path, capsys):
    listing, pages = urls
    out, cache = tmp_path / "out", tmp_path / "cache"
    argv = ["fetch", "--urls", str(listing), "--out", str(out), "--cache", str(cache)]
    assert main([*argv, "--delay", "0"]) == 1  # one URL gave no report
    captured = capsys.readouterr()
    assert f"luzhou-disclosure fetch: error: {pages[3]}: HTTP 404" in captured.err
    assert "read 3 of 4 URLs" in captured.out
    # the records: what read_reports gives for the same URLs (from the same cache: no request)
    hits = dict(site.hits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = ld.read_reports(pages, cache=cache, delay=0, progress=False)
    assert dict(site.hits) == hits
    written = ld.read_records(out / "records.xlsx")
    pd.testing.assert_frame_equal(written, want, check_dtype=False)
    # the table of URLs: each read one with its figures, the missing one with why
    sheet = load_workbook(out / "fetch.xlsx").worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == pages
    counts = [int(want["source"].str.startswith(f"{u} :: ").sum()) for u in pages[:3]]
    derived = int(want["source"].str.startswith(f"derived: 811 − 125 from {pages[1]} :: ").sum())
    assert [r[2] for r in rows] == [counts[0], counts[1] + derived, counts[2], 0]
    assert rows[0][3] == "泸州市某局" and rows[1][4] == "2016, 2017"
    assert rows[3][1] == "error" and "HTTP 404" in rows[3][5]


@pytest.mark.slow
def test_summary_and_compare_read_the_folder_fetch_wrote(urls, site, tmp_path, capsys):
    listing, _ = urls
    out, cache = tmp_path / "out", tmp_path / "cache"
    main(
        ["fetch", "--urls", str(listing), "--out", str(out), "--cache", str(cache), "--delay", "0"]
    )
    capsys.readouterr()
    assert main(["summary", str(out), "--out", str(tmp_path / "s"), "--no-charts"]) == 0
    assert (tmp_path / "s" / "summary.xlsx").is_file()
    assert "811" in capsys.readouterr().out  # the seed report's total (line 9)
    compared = tmp_path / "c"
    assert (
        main(
            [
                "compare",
                str(out),
                "--year",
                "2023",
                "--base-year",
                "2017",
                "--out",
                str(compared),
                "--no-charts",
            ]
        )
        == 0
    )
    assert (compared / "compare.xlsx").is_file()


@pytest.mark.slow
def test_compare_and_summary_take_urls_and_ask_nothing_the_cache_holds(
    urls, site, tmp_path, capsys
):
    listing, pages = urls
    cache = tmp_path / "cache"
    good = tmp_path / "good.txt"
    good.write_text("\n".join(pages[:2]) + "\n", encoding="utf-8")
    common = ["--urls", str(good), "--cache", str(cache), "--delay", "0", "--no-charts"]
    assert main(["summary", *common, "--out", str(tmp_path / "s")]) == 0
    hits = dict(site.hits)
    assert hits == {"/a.shtml": 1, "/b.html": 1}
    out = tmp_path / "c"
    assert (
        main(["compare", *common, "--year", "2023", "--base-year", "2017", "--out", str(out)]) == 0
    )
    assert dict(site.hits) == hits  # from the cache
    files = load_workbook(out / "compare.xlsx")["文件"]
    assert [row[0].value for row in files.iter_rows(min_row=2)] == pages[:2]
    # --refresh asks again
    assert main(["summary", *common, "--refresh", "--out", str(tmp_path / "s2")]) == 0
    assert dict(site.hits) == {"/a.shtml": 2, "/b.html": 2}


def test_a_page_that_is_read_through_the_command_gives_the_reports_figures(urls, tmp_path):
    listing, pages = urls
    out = tmp_path / "out"
    main(
        [
            "fetch",
            "--urls",
            str(listing),
            "--out",
            str(out),
            "--cache",
            str(tmp_path / "c"),
            "--delay",
            "0",
        ]
    )
    records = ld.read_records(out / "records.xlsx")
    mine = records[records["source"].str.startswith(f"{pages[0]} :: ")]
    # the figures chosen by hand in tests/test_published_word.py
    pd.testing.assert_frame_equal(figures(mine), figures(expected_records()), check_dtype=False)


def test_no_url_read_exits_2_and_a_bad_list_is_named(site, tmp_path, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_text(site.url("/missing.html") + "\n", encoding="utf-8")
    out = tmp_path / "out"
    cache = ["--cache", str(tmp_path / "c"), "--delay", "0"]
    assert main(["fetch", "--urls", str(listing), "--out", str(out), *cache]) == 2
    assert "no URL gave a report" in capsys.readouterr().err
    assert not (out / "records.xlsx").exists() and (out / "fetch.xlsx").is_file()
    listing.write_text("not a url\n", encoding="utf-8")
    assert main(["fetch", "--urls", str(listing), "--out", str(out), *cache]) == 2
    assert "line 1: 'not a url'" in capsys.readouterr().err
    assert main(["compare", "--year", "2023", "--out", str(out)]) == 2
    assert "give the files to compare, or --urls" in capsys.readouterr().err
    assert main(["summary", str(tmp_path), "--out", str(out)]) == 2  # a folder fetch did not write
    assert "is a folder" in capsys.readouterr().err
