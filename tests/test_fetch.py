"""Reading reports from URLs: pages shaped like government CMS pages, served on the loopback
address.

Every test runs a small web site on 127.0.0.1 (tests/loopback.py) and a guard that makes any other
address fail at once. The reports served are those whose figures other tests pin by hand: the seed
report (tests/data/seeds; the bundled workbook is typed from it), the 2021 report of
tests/test_published_word.py (figures chosen by hand, written into the official Word template or a
form workbook by the tests), and the real PDF hongze_2023.pdf (tests/data/published, read as
tests/test_published.py pins it). What a URL gives is checked against what the same file gives
when read from disk, and against those figures.
"""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import luzhou_disclosure as ld
from conftest import figures
from loopback import OffLoopback, Page, Site, allowed, guard_sockets
from luzhou_disclosure import fetch
from luzhou_disclosure._vocab import RECEIVED
from luzhou_disclosure.errors import DisclosureWarning, FetchError, InputFileError
from test_published_html import cms_page
from test_published_word import AGENCY, TITLE, YEAR, expected_records, fill_template

DATA = Path(__file__).parent / "data"
HONGZE = DATA / "published" / "hongze_2023.pdf"
SEED = DATA / "seeds" / "000_9011374d10fa4802.txt"
_PLACE = re.compile(r"^(?P<name>[0-9a-f]{12}-[^:]+):(?P<line>\d+):(?P<a>\d+)-(?P<b>\d+)$")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    guard_sockets(monkeypatch)


@pytest.fixture
def site():
    with Site() as s:
        yield s


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def read(url, cache, **kwargs):
    kwargs.setdefault("delay", 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        return ld.read_report(url, cache=cache, **kwargs)


def read_many(urls, cache, **kwargs):
    kwargs.setdefault("delay", 0)
    kwargs.setdefault("progress", False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        return ld.read_reports(urls, cache=cache, **kwargs)


def local(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        return ld.read_report(path, **kwargs)


def gov_page(
    title: str,
    content: str,
    *,
    attachments: str = "",
    charset: str | None = "utf-8",
    marker: str = 'class="TRS_Editor"',
) -> str:
    """A report page as common government CMS sites lay it out: navigation, a breadcrumb, the
    publishing details (with a visitor count), the title, the content area, the attachments below
    it, links to the reports of other years, a footer with a phone number and the site's code."""
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if charset
        else ""
    )
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">\n'
        f"<html><head>{meta}\n<title>{html.escape(title)}</title>\n"
        "<script>var _hmt = _hmt || [];</script></head>\n<body>\n"
        '<div class="header"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> '
        '<a href="/zwgk/xxgknb/">政府信息公开年报</a></div>\n'
        '<div class="position">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>\n'
        '<div class="info">发布时间：2024-01-15 来源：本站 浏览次数：<span>1234</span></div>\n'
        f"<h1>{html.escape(title)}</h1>\n"
        f"<div {marker}>\n{content}\n</div>\n"
        f'<div class="fujian">{attachments}</div>\n'
        '<div class="related">相关链接：<a href="/art/2023/1/10/art_1_1.html">'
        "2022年政府信息公开工作年度报告</a></div>\n"
        '<div class="footer">主办：某市人民政府办公室 电话：0830-1234567 '
        "网站标识码5105000001</div>\n"
        "</body></html>\n"
    )


def attachment(href: str, text: str) -> str:
    return f'<p>附件：<a href="{html.escape(href)}" target="_blank">{html.escape(text)}</a></p>'


def link_page(title: str, links: str) -> str:
    """A page that only announces the report and links it."""
    return gov_page(
        title, "<p>现将本年度政府信息公开工作年度报告全文公布（见附件）。</p>", attachments=links
    )


def seed_page() -> str:
    """The seed report as a UTF-8 page whose content area is ``#zoom``, a paragraph a line."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    content = "\n".join(f"<p>{html.escape(s)}</p>" for s in lines)
    return gov_page(lines[0], content, marker='id="zoom"')


def without_place(records: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in ld.COLUMNS if c not in ("source", "label")]
    return records[cols].reset_index(drop=True)


def place(source: str, prefix: str) -> str:
    """The place in the file of a source read from a URL: without the URLs and the cached file's
    name."""
    assert source.startswith(prefix), source
    m = re.match(r"^[0-9a-f]{12}-[^:!]+", source[len(prefix) :])
    assert m, source
    return source[len(prefix) + m.end() :]


def scanned_pdf(path: Path) -> Path:
    """A PDF whose one page is a picture without a text layer, as a scanner makes it."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 4))
    fig.figimage(np.random.default_rng(0).random((120, 90)))
    fig.savefig(path, format="pdf")
    return path


# --- the guard --------------------------------------------------------------------------------


def test_the_guard_lets_only_the_loopback_through():
    assert allowed(("127.0.0.1", 80)) and allowed(("127.8.9.10", 80)) and allowed(("::1", 80, 0, 0))
    assert allowed("localhost") and allowed(b"127.0.0.1")
    for address in [("10.0.0.1", 80), ("192.168.1.1", 443), ("93.184.216.34", 80), "example.com"]:
        assert not allowed(address)
    # the guard is in place for every test of this module (autouse fixture): a numeric address is
    # refused before any lookup or connection
    assert "guard_sockets" in socket.socket.connect.__qualname__
    assert "guard_sockets" in socket.getaddrinfo.__qualname__
    with pytest.raises(OffLoopback, match="192.0.2.1"):
        socket.getaddrinfo("192.0.2.1", 80)


# --- pages and attachments give the report's figures --------------------------------------------


@pytest.mark.parametrize(
    "encoding, meta, header",
    [
        ("gbk", "gbk", "text/html"),  # declared in the page only
        ("gbk", None, "text/html; charset=GBK"),  # declared by the server only
        ("gb18030", None, "text/html"),  # declared nowhere: found from the bytes
        ("utf-8", "utf-8", "text/html; charset=ISO-8859-1"),  # a server's wrong default
        ("gbk", "gbk", "text/html; charset=utf-8"),  # the server's word, wrong for the bytes
    ],
)
def test_a_page_holding_the_report_reads_to_its_figures_whatever_its_encoding(
    site, cache, encoding, meta, header
):
    page = cms_page(charset=meta or "")
    if meta is None:
        page = re.sub(r"<meta[^>]*>", "", page)
    url = site.put(
        "/art/2024/1/15/t20240115_1.shtml", page.encode(encoding), headers={"Content-Type": header}
    )
    records = read(url, cache)
    # the figures chosen by hand in tests/test_published_word.py, the page's own navigation and
    # footer numbers (12345, 8000, 0830-1234567) none of them
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    assert not records["count"].isin([12345, 8000]).any()
    said = records[records["field"] == "narrative"]
    assert said["count"].dropna().tolist() == [53]
    assert said.loc[said["section"] == "fees", "value"].tolist() == [0.0]  # 未收取信息处理费


def test_every_source_names_the_url_and_a_place_in_the_cached_file(site, cache):
    page = cms_page()
    url = site.put("/art/2024/1/15/content_331921", page.encode("gbk"))
    records = read(url, cache)
    assert records["source"].str.startswith(f"{url} :: ").all()
    names = set()
    for source, count in records[["source", "count"]].dropna().itertuples(index=False):
        m = _PLACE.match(source.split(" :: ", 1)[1])
        assert m, source
        names.add(m["name"])
        # the span in the cached file, decoded as the page declares, is the figure as written
        cached = (cache / "files" / m["name"]).read_bytes().decode("gbk").splitlines()
        written = cached[int(m["line"]) - 1][int(m["a"]) : int(m["b"])]
        assert re.sub(r"\D", "", written) == str(count), (source, written)
    # one file, kept byte for byte, named by the URL's hash and its last part plus the suffix of
    # its content (the URL has none)
    assert names == {f"{fetch.url_hash(url)}-content_331921.html"}
    assert (cache / "files" / names.pop()).read_bytes() == page.encode("gbk")


def test_a_utf8_page_of_a_narrative_report_gives_the_bundled_figures(site, cache, seed):
    url = site.put("/zwgk/xxgkndbg/content_1.html", seed_page())
    records = read(url, cache)
    # the bundled workbook is typed by hand from the seed report
    standard = records[records["section"] != "other"]
    cols = [c for c in ld.COLUMNS if c not in ("source", "label")]
    got = standard[cols].sort_values(cols).reset_index(drop=True)
    want = seed[cols].sort_values(cols).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    # stated in line 9 of the seed text: 比2016年多125条 (a derived figure names the URL too)
    derived = records.loc[records["source"].str.startswith("derived:"), "source"].tolist()
    assert len(derived) == 1 and derived[0].startswith(f"derived: 811 − 125 from {url} :: ")


@pytest.mark.slow
def test_a_report_linked_as_a_pdf_attachment_is_downloaded_and_read(site, cache):
    title = "淮安市洪泽区人民政府2023年政府信息公开工作年度报告"
    pdf = site.put(
        "/picture/0/P020240115612345678901.pdf",
        HONGZE.read_bytes(),
        headers={"Content-Type": "application/pdf"},
    )
    url = site.put(
        "/art/2024/1/15/art_1.html",
        link_page(title, attachment("/picture/0/P020240115612345678901.pdf", f"{title}.pdf")),
    )
    records = read(url, cache)
    want = local(HONGZE)
    pd.testing.assert_frame_equal(without_place(records), without_place(want))
    # each source names the page, the attachment and the cached file, then the place in it
    prefix = f"{url} :: {pdf} :: "
    got_places = [place(s, prefix) for s in records["source"]]
    assert got_places == [s.removeprefix("hongze_2023.pdf") for s in want["source"]]
    # stated on page 3 of the PDF, table 2: 21 applications from natural persons
    # (tests/test_published.py pins the same cell)
    received = records[(records["item"] == RECEIVED) & (records["applicant"] == "自然人")]
    received = received[received["field"].isna()]
    assert received["count"].tolist() == [21]
    assert (
        received["source"]
        .iloc[0]
        .endswith("-P020240115612345678901.pdf:page 3:table 2:row 4:col 4")
    )
    # the link to the report of another year (a web page) is not followed
    assert site.hits["/art/2023/1/10/art_1_1.html"] == 0


def test_a_word_attachment_behind_a_download_script_is_read_with_its_name(site, cache, tmp_path):
    docx = fill_template(tmp_path / "report.docx")
    href = "/module/download/downfile.jsp?classid=0&filename=2023年度政府信息公开工作年度报告.docx"
    site.put(
        "/module/download/downfile.jsp?classid=0&filename=2023%E5%B9%B4%E5%BA%A6%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E5%B7%A5%E4%BD%9C%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.docx",
        docx.read_bytes(),
        headers={
            "Content-Type": "application/octet-stream",
            "Content-Disposition": "attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.docx",
        },
    )
    url = site.put("/col/col123/art_9.html", link_page(TITLE, attachment(href, "附件1")))
    records = read(url, cache)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    # the cached file is named as the server named it
    assert records["source"].str.contains(r" :: [0-9a-f]{12}-年报\.docx:", regex=True).all()


def test_an_attachment_that_names_no_agency_or_year_takes_the_pages(site, cache, tmp_path):
    import docx as python_docx

    path = fill_template(tmp_path / "report.docx")
    d = python_docx.Document(str(path))
    d.paragraphs[1].text = "政府信息公开工作年度报告"  # the title names neither
    d.paragraphs[4].text = "本局严格执行《中华人民共和国政府信息公开条例》。"
    d.save(str(path))
    with pytest.raises(ld.ReportTextError):
        local(path)  # read alone, it names no agency
    site.put("/files/nb.docx", path.read_bytes())
    url = site.put("/art/1.html", link_page(TITLE, attachment("/files/nb.docx", f"{TITLE}.docx")))
    records = read(url, cache)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    assert set(records["agency"]) == {AGENCY} and set(records["year"]) == {YEAR}


def test_several_attachments_are_all_read_and_a_repeated_figure_kept_once(site, cache, tmp_path):
    docx = fill_template(tmp_path / "report.docx")
    form = tmp_path / "form.xlsx"
    ld.write_form(expected_records(), form)
    site.put("/files/report.docx", docx.read_bytes())
    site.put("/files/tables.xlsx", form.read_bytes())
    links = attachment("/files/report.docx", f"{TITLE}.docx") + attachment(
        "/files/tables.xlsx", f"{YEAR}年政府信息公开工作年度报告附表.xlsx"
    )
    url = site.put("/art/2.html", link_page(TITLE, links))
    records, found = read(url, cache, findings=True)
    # the same report twice: its figures once each, with the first attachment's sources
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    ld.validate(records)  # no duplicate figure
    docx_url, xlsx_url = site.url("/files/report.docx"), site.url("/files/tables.xlsx")
    assert records["source"].str.startswith(f"{url} :: {docx_url} :: ").all()
    repeated = found[found["rule"] == "repeated_in_attachment"]
    assert repeated["sources"].tolist() == [xlsx_url]
    assert site.hits["/files/report.docx"] == site.hits["/files/tables.xlsx"] == 1


def test_attachments_that_disagree_keep_the_first_figure_and_say_so(site, cache, tmp_path):
    docx = fill_template(tmp_path / "report.docx")
    changed = expected_records()
    row = (changed["item"] == "行政许可") & (changed["field"] == "本年处理决定数量")
    changed.loc[row, "count"] = 1243  # the Word report states 1234 (ARTICLE20_FIGURES)
    form = tmp_path / "form.xlsx"
    ld.write_form(changed, form)
    site.put("/files/report.docx", docx.read_bytes())
    site.put("/files/tables.xlsx", form.read_bytes())
    links = attachment("/files/report.docx", "年度报告.docx") + attachment(
        "/files/tables.xlsx", "年度报告附表.xlsx"
    )
    url = site.put("/art/3.html", link_page(TITLE, links))
    records, found = read(url, cache, findings=True)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    disagree = found[found["rule"] == "attachments_disagree"]
    assert disagree[["item", "expected", "found"]].values.tolist() == [["行政许可", 1234.0, 1243.0]]
    first, second = disagree["sources"].iloc[0].split(" | ")
    assert first.startswith(f"{url} :: {site.url('/files/report.docx')} :: ")
    assert second.startswith(f"{url} :: {site.url('/files/tables.xlsx')} :: ")
    assert second.endswith("!C8") or "!" in second  # a cell of the workbook


def test_a_redirect_is_followed_and_the_sources_name_the_url_asked_for(site, cache):
    target = site.put("/art/2024/1/15/t20240115_1.shtml", cms_page().encode("gbk"))
    old = site.put(
        "/old/1.html", b"", status=301, headers={"Location": "/art/2024/1/15/t20240115_1.shtml"}
    )
    records = read(old, cache)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    assert records["source"].str.startswith(f"{old} :: ").all()
    assert site.hits["/old/1.html"] == site.hits["/art/2024/1/15/t20240115_1.shtml"] == 1
    assert target != old


# --- named failures ---------------------------------------------------------------------------


def failure_site(site: Site, tmp_path: Path) -> dict[str, str]:
    """A page for every failure, and one good page; returns name → URL."""
    title = "某县统计局2023年政府信息公开工作年度报告"
    urls = {
        "good": site.put("/good.shtml", cms_page().encode("gbk")),
        "missing": site.url("/missing.html"),  # not served: 404
        "gone": site.put("/gone.html", b"gone", status=410),
        "error": site.put("/error.html", b"oops", status=500),
        "slow": site.put("/slow.html", cms_page(), wait=5),
        "image": site.put(
            "/scan.jpg", b"\xff\xd8\xff\xe0" + bytes(200), headers={"Content-Type": "image/jpeg"}
        ),
        "pictures": site.put(
            "/pictures.html",
            gov_page(
                title, '<p><img src="/picture/nb_1.jpg"></p><p><img src="/picture/nb_2.jpg"></p>'
            ),
        ),
        "scanned": site.put(
            "/scanned.html", link_page(title, attachment("/files/scan.pdf", f"{title}.pdf"))
        ),
        "none": site.put(
            "/none.html",
            link_page(
                title,
                attachment("/files/sqb.doc", "政府信息公开申请表.doc")
                + attachment("/files/2022nb.pdf", "2022年政府信息公开工作年度报告.pdf"),
            ),
        ),
        "empty": site.put("/empty.html", gov_page(title, "<p>暂无内容</p>")),
        "big": site.put("/big.pdf", b"%PDF-1.4\n" + bytes(60_000), no_length=True),
        "declared": site.put("/declared.pdf", b"%PDF-1.4\n" + bytes(60_000)),
    }
    site.put("/files/scan.pdf", scanned_pdf(tmp_path / "scan.pdf").read_bytes())
    return urls


def test_each_url_that_gives_no_report_is_a_named_failure_and_the_batch_goes_on(
    site, cache, tmp_path
):
    urls = failure_site(site, tmp_path)
    # (the good page has 5,833 bytes, the scanned PDF 13,313)
    records = read_many(list(urls.values()), cache, timeout=0.5, retries=1, max_bytes=50_000)
    failures = {f["file"]: f for f in records.attrs["failures"]}
    kinds = {name: failures[u]["kind"] for name, u in urls.items() if u in failures}
    assert kinds == {
        "missing": "http_status",
        "gone": "http_status",
        "error": "http_status",
        "slow": "timeout",
        "image": "picture_only",
        "pictures": "picture_only",
        "scanned": "picture_only",
        "none": "not_a_report",
        "empty": "not_a_report",
        "big": "too_large",
        "declared": "too_large",
    }
    error = lambda name: failures[urls[name]]["error"]  # noqa: E731
    assert "HTTP 404" in error("missing") and "HTTP 410" in error("gone")
    assert "HTTP 500" in error("error") and "(2 tries)" in error("error")
    assert "timeout of 0.5 s" in error("slow")
    assert "/picture/nb_1.jpg" in error("pictures") and "2 picture(s)" in error("pictures")
    assert "scanned PDF" in error("scanned")
    # the links seen are listed: neither names the report of the page's year
    assert "政府信息公开申请表.doc" in error("none") and "/files/2022nb.pdf" in error("none")
    assert "more than 50,000 bytes received" in error("big")
    assert "declares 60,009 bytes" in error("declared")
    # the good page is read all the same
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    # an error status is tried again (1 retry), a missing page and a refused download are not;
    # pictures and attachments not naming the report are never downloaded
    assert site.hits["/error.html"] == 2 and site.hits["/slow.html"] == 2
    assert site.hits["/missing.html"] == 1 and site.hits["/big.pdf"] == 1
    for path in ("/picture/nb_1.jpg", "/files/sqb.doc", "/files/2022nb.pdf"):
        assert site.hits[path] == 0


def test_read_report_raises_the_named_failure(site, cache):
    url = site.url("/missing.html")
    with pytest.raises(FetchError) as caught:
        read(url, cache)
    assert caught.value.kind == "http_status" and caught.value.status == 404
    assert caught.value.url == url and str(caught.value).startswith(f"{url}: HTTP 404")


def test_a_busy_server_is_asked_again_and_a_retry_after_is_obeyed(site, cache):
    busy = Page(b"busy", status=503, headers={"Retry-After": "0"})
    url = site.put_sequence("/busy.shtml", [busy, Page(cms_page().encode("gbk"))])
    records = read(url, cache, retries=2)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    assert site.hits["/busy.shtml"] == 2
    again = site.put_sequence("/busy2.shtml", [busy, Page(cms_page().encode("gbk"))])
    with pytest.raises(FetchError, match="HTTP 503"):
        read(again, cache, retries=0)
    assert site.hits["/busy2.shtml"] == 1


# --- politeness -------------------------------------------------------------------------------


def test_every_request_names_the_library_and_waits_its_turn(site, cache):
    urls = [site.put(f"/p{i}.shtml", cms_page().encode("gbk")) for i in range(3)]
    read_many(urls, cache, delay=0.3)
    assert {ua for _, _, ua in site.log} == {fetch.USER_AGENT}
    assert fetch.USER_AGENT.startswith(f"luzhou-disclosure/{ld.__version__} (")
    times = [t for _, t, _ in site.log]
    gaps = np.diff(times)
    # one request at a time, at least the delay apart (from the end of one to the start of the
    # next: the start times are further apart still)
    assert len(times) == 3 and (gaps >= 0.3 - 0.01).all(), gaps
    # one read_report after another waits its turn too
    read(urls[0], cache, delay=0.3, refresh=True)
    read(urls[1], cache, delay=0.3, refresh=True)
    times = [t for _, t, _ in site.log]
    assert len(times) == 5 and (np.diff(times) >= 0.3 - 0.01).all(), np.diff(times)


# --- the cache: a second run, an interrupted batch, refresh --------------------------------------


def batch_site(site: Site, tmp_path: Path) -> list[str]:
    title = "淮安市洪泽区人民政府2023年政府信息公开工作年度报告"
    site.put("/files/hz.pdf", HONGZE.read_bytes())
    site.put("/files/report.docx", fill_template(tmp_path / "report.docx").read_bytes())
    return [
        site.put("/a.shtml", cms_page().encode("gbk")),
        site.put("/b.html", seed_page()),
        site.put("/c.html", link_page(title, attachment("/files/hz.pdf", f"{title}.pdf"))),
        site.put("/d.html", link_page(TITLE, attachment("/files/report.docx", "年度报告.docx"))),
        site.url("/e-missing.html"),
    ]


@pytest.mark.slow
def test_a_second_run_makes_no_request(site, cache, tmp_path):
    urls = batch_site(site, tmp_path)
    first = read_many(urls, cache)
    hits = dict(site.hits)
    assert sum(hits.values()) == 7  # five pages and two attachments, each once
    second = read_many(urls, cache)
    assert dict(site.hits) == hits  # nothing asked again, not even the missing page
    pd.testing.assert_frame_equal(first, second)
    assert first.attrs["failures"] == second.attrs["failures"]
    assert [f["kind"] for f in second.attrs["failures"]] == ["http_status"]


@pytest.mark.slow
def test_refresh_downloads_every_url_again_once(site, cache, tmp_path):
    urls = batch_site(site, tmp_path)
    first = read_many(urls, cache)
    # the first URL twice in the batch: downloaded again once, the second time from the cache
    again = read_many(urls + urls[:1], cache, refresh=True)
    assert all(n == 2 for n in site.hits.values()) and len(site.hits) == 7, site.hits
    pd.testing.assert_frame_equal(again.iloc[: len(first)], first)
    assert len(again) == len(first) + len(read(urls[0], cache))


@pytest.mark.slow
def test_an_interrupted_batch_resumes_where_it_stopped(site, cache, tmp_path):
    urls = batch_site(site, tmp_path)

    def stop_after_two(done, total, path):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        read_many(urls, cache, progress=stop_after_two)
    assert dict(site.hits) == {"/a.shtml": 1, "/b.html": 1}
    records = read_many(urls, cache)
    # the first two come from the cache, the others are downloaded once
    assert all(n == 1 for n in site.hits.values()) and len(site.hits) == 7, site.hits
    with Site() as fresh:  # the same batch read afresh gives the same records
        fresh_urls = batch_site(fresh, tmp_path)
        want = read_many(fresh_urls, tmp_path / "fresh-cache")
    # the same but for the port of the site and so the hash of the URL in the cached file's name
    port = lambda s: s.str.replace(r"127\.0\.0\.1:\d+", "HOST", regex=True).str.replace(  # noqa: E731
        r"[0-9a-f]{12}-", "HASH-", regex=True
    )
    pd.testing.assert_frame_equal(
        records.assign(source=port(records["source"])), want.assign(source=port(want["source"]))
    )


_CHILD = """
import sys, pytest
sys.path.insert(0, sys.argv[1])
from loopback import guard_sockets
guard_sockets(pytest.MonkeyPatch())
import luzhou_disclosure as ld
ld.read_reports(sys.argv[3:], cache=sys.argv[2], delay=0, progress=False)
"""


@pytest.mark.slow
def test_a_batch_killed_mid_download_resumes_without_taking_the_half_file(site, cache, tmp_path):
    title = "淮安市洪泽区人民政府2023年政府信息公开工作年度报告"
    first = site.put("/a.shtml", cms_page().encode("gbk"))
    site.put("/files/hz.pdf", HONGZE.read_bytes(), stall=True)
    second = site.put("/c.html", link_page(title, attachment("/files/hz.pdf", f"{title}.pdf")))
    third = site.put("/b.html", seed_page())
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _CHILD,
            str(Path(__file__).parent),
            str(cache),
            first,
            second,
            third,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert site.stalled.wait(120), child.stderr.read() if child.poll() is not None else ""
        child.kill()  # half of the PDF received
    finally:
        child.wait(30)
    assert [p.suffix for p in (cache / "files").iterdir()].count(".pdf") == 0
    site.put("/files/hz.pdf", HONGZE.read_bytes())  # served whole from now on
    before = dict(site.hits)
    assert before == {"/a.shtml": 1, "/c.html": 1, "/files/hz.pdf": 1}
    records = read_many([first, second, third], cache)
    assert dict(site.hits) == {"/a.shtml": 1, "/c.html": 1, "/files/hz.pdf": 2, "/b.html": 1}
    assert records.attrs["failures"] == []
    pdf_rows = records[
        records["source"].str.contains(" :: " + site.url("/files/hz.pdf"), regex=False)
    ]
    pd.testing.assert_frame_equal(without_place(pdf_rows), without_place(local(HONGZE)))


def test_the_cache_writes_whole_files_and_clears_what_a_killed_write_left(tmp_path):
    # a temporary file of atomic_write named as it names them, one last written two hours ago
    # (removed: older than the hour the cache allows) and one just now (another process's write)
    from luzhou_disclosure._cache import Cache

    files = tmp_path / "files"
    files.mkdir()
    old, young = files / ".a-report.0123abcd.tmp.pdf", files / ".b-page.89abcdef.tmp.html"
    for path in (old, young):
        path.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    cache = Cache(tmp_path)
    cache.open()
    try:
        entry = cache.put(
            "http://127.0.0.1/r.pdf",
            final_url="http://127.0.0.1/r.pdf",
            status=200,
            content=b"%PDF-1.4 whole",
            file="c-r.pdf",
        )
    finally:
        cache.close()
    assert sorted(p.name for p in files.iterdir()) == sorted([young.name, "c-r.pdf"])
    assert entry.path.read_bytes() == b"%PDF-1.4 whole" and entry.size == 14


# --- size limit, URL files, arguments -------------------------------------------------------------


def test_nothing_is_cached_of_a_refused_download(site, cache):
    url = site.put("/big.pdf", b"%PDF-1.4\n" + bytes(5000), no_length=True)
    for _ in range(2):
        with pytest.raises(FetchError, match="more than 1,000 bytes") as caught:
            read(url, cache, max_bytes=1000)
        assert caught.value.kind == "too_large"
    assert site.hits["/big.pdf"] == 2
    assert list((cache / "files").iterdir()) == []
    assert fetch.MAX_DOWNLOAD_BYTES == 100 * 2**20  # the limit the README states


def test_a_file_of_urls_is_read_and_a_bad_line_named_before_any_request(site, cache, tmp_path):
    good = site.put("/a.shtml", cms_page().encode("gbk"))
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# 某市 2023\n\n{good}\n  {good}#top  \n", encoding="utf-8")
    records = read_many(None, cache, urls_file=listing)
    assert len(records) == 2 * len(read(good, cache))
    assert site.hits["/a.shtml"] == 1  # the fragment is not part of the URL
    bad = tmp_path / "bad.txt"
    bad.write_text(f"{good}\nwww.example.gov.cn/a.html\nftp://x/y\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"line 2: 'www\.example\.gov\.cn/a\.html'; line 3"):
        read_many(None, cache, urls_file=bad)
    assert site.hits["/a.shtml"] == 1
    binary = tmp_path / "urls.bin"
    binary.write_bytes(b"\x00\x01http://127.0.0.1/")
    with pytest.raises(InputFileError, match=r"urls\.bin: is not a text file of URLs"):
        read_many(None, cache, urls_file=binary)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"delay": -1}, "delay=-1.0"),
        ({"timeout": 0}, "timeout=0.0"),
        ({"retries": -1}, "retries=-1"),
        ({"max_bytes": 0}, "max_bytes=0"),
    ],
)
def test_bad_download_settings_are_refused(site, cache, kwargs, message):
    url = site.put("/a.shtml", cms_page().encode("gbk"))
    with pytest.raises(ValueError, match=re.escape(message)):
        ld.read_report(url, cache=cache, **kwargs)
    assert site.hits["/a.shtml"] == 0


@pytest.mark.parametrize(
    "text, year, names",
    [
        ("泸州市统计局2023年政府信息公开工作年度报告.pdf", 2023, True),
        ("附件1", 2023, False),
        ("2023年度.pdf", 2023, True),  # the year alone
        ("2022年政府信息公开工作年度报告.pdf", 2023, False),  # another year's
        ("政府信息公开申请表.doc", 2023, False),
        ("年报.docx", None, True),
        ("P020240115612345678901.pdf", 2024, False),  # an upload date is no year
    ],
)
def test_an_attachment_counts_when_it_names_the_report_or_its_year(text, year, names):
    link = fetch._Link("http://127.0.0.1/files/x.pdf", text)
    assert fetch._names_report(link, year) is names


def test_the_cache_place_is_configurable_and_has_a_documented_default(monkeypatch, tmp_path):
    monkeypatch.setenv("LUZHOU_DISCLOSURE_CACHE", str(tmp_path / "here"))
    assert fetch.default_cache_dir() == tmp_path / "here"
    monkeypatch.delenv("LUZHOU_DISCLOSURE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert fetch.default_cache_dir() == tmp_path / "xdg" / "luzhou-disclosure"


def test_a_url_of_a_workbook_is_read_as_a_standard_form(site, cache, tmp_path):
    form = tmp_path / "泸州市某局_2023.xlsx"
    ld.write_form(expected_records(), form)
    url = site.put("/files/download?id=7", form.read_bytes())
    records = read(url, cache)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    # a cell of the cached workbook, named after the URL
    assert (
        records["source"].str.match(rf"^{re.escape(url)} :: [0-9a-f]{{12}}-download\.xlsx!").all()
    )


def test_time_is_bounded_by_the_timeout_not_the_slow_server(site, cache):
    url = site.put("/slow.html", cms_page(), wait=30)
    start = time.monotonic()
    with pytest.raises(FetchError, match="timeout"):
        read(url, cache, timeout=0.3, retries=0)
    assert time.monotonic() - start < 10


def test_a_page_of_text_is_read_as_a_text(site, cache):
    url = site.put(
        "/report.txt", SEED.read_bytes(), headers={"Content-Type": "text/plain; charset=utf-8"}
    )
    records = read(url, cache)
    want = local(SEED)
    pd.testing.assert_frame_equal(without_place(records), without_place(want))
    assert [place(s, f"{url} :: ") for s in records["source"] if not s.startswith("derived")] == [
        s.removeprefix(SEED.name) for s in want["source"] if not s.startswith("derived")
    ]


def test_retries_wait_twice_as_long_each_time(site, cache):
    url = site.put("/error.html", b"oops", status=500)
    with pytest.raises(FetchError, match=r"HTTP 500.*\(3 tries\)") as caught:
        read(url, cache, delay=0.1, retries=2)
    assert caught.value.kind == "http_status" and caught.value.status == 500
    times = [t for path, t, _ in site.log if path == "/error.html"]
    gaps = np.diff(times)
    # back-off: 2 × then 4 × the delay before the first and the second retry
    assert len(times) == 3 and gaps[0] >= 0.2 - 0.01 and gaps[1] >= 0.4 - 0.01, gaps


def test_a_server_that_cannot_be_reached_is_a_named_failure(cache):
    with socket.socket() as s:  # a port on the loopback that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/report.html"
    with pytest.raises(FetchError) as caught:
        read(url, cache, retries=1)
    assert caught.value.kind == "connection" and "(2 tries)" in str(caught.value)


def test_the_size_limit_counts_the_bytes_received_not_the_declared_length(site, cache):
    import gzip

    body = gzip.compress(b"%PDF-1.4\n" + bytes(60_000))  # 60 kB that travel as ~100 bytes
    url = site.put(
        "/bomb.pdf", body, headers={"Content-Encoding": "gzip", "Content-Type": "application/pdf"}
    )
    assert len(body) < 1000
    with pytest.raises(FetchError, match="more than 50,000 bytes received") as caught:
        read(url, cache, max_bytes=50_000)
    assert caught.value.kind == "too_large"


def test_an_attachment_that_fails_beside_one_that_is_read_is_a_finding(site, cache, tmp_path):
    site.put("/files/report.docx", fill_template(tmp_path / "report.docx").read_bytes())
    links = attachment("/files/report.docx", f"{TITLE}.docx") + attachment(
        "/files/gone.pdf", f"{TITLE}.pdf"
    )
    url = site.put("/art/4.html", link_page(TITLE, links))
    records, found = read(url, cache, findings=True)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    failed = found[found["rule"] == "unreadable_attachment"]
    assert failed["sources"].tolist() == [f"{url} :: {site.url('/files/gone.pdf')}"]
    assert "HTTP 404" in failed["message"].iloc[0]


def test_attachments_beyond_the_limit_are_named_not_read(site, cache, tmp_path, monkeypatch):
    monkeypatch.setattr(fetch, "MAX_ATTACHMENTS", 1)
    site.put("/files/report.docx", fill_template(tmp_path / "report.docx").read_bytes())
    links = attachment("/files/report.docx", f"{TITLE}.docx") + attachment(
        "/files/copy.pdf", f"{TITLE}.pdf"
    )
    url = site.put("/art/5.html", link_page(TITLE, links))
    records, found = read(url, cache, findings=True)
    pd.testing.assert_frame_equal(figures(records), figures(expected_records()))
    skipped = found[found["rule"] == "attachment_not_read"]
    assert skipped["sources"].tolist() == [f"{url} :: {site.url('/files/copy.pdf')}"]
    assert site.hits["/files/copy.pdf"] == 0


def test_content_that_is_not_what_the_server_says_is_a_named_failure(site, cache):
    url = site.put("/broken.pdf", b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="compressed but is not") as caught:
        read(url, cache)
    assert caught.value.kind == "unreadable" and site.hits["/broken.pdf"] == 1
