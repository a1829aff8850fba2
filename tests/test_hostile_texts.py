"""Issue 12, report texts: Big5 files, line ends other than \\n, and HTML of many unclosed
<script> tags (linear time)."""

from __future__ import annotations

import re
import time
import warnings

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import luzhou_disclosure as ld
from conftest import REPORTS
from luzhou_disclosure.readers import _html
from luzhou_disclosure.readers._text_source import decode

#: a short report in traditional characters (written for this test)
TRADITIONAL = """瀘州市統計局2021年政府信息公開工作年度報告

一、總體情況
本年度，我局認真貫徹落實《中華人民共和國政府信息公開條例》，全年主動公開政府信息1136條，其中通過門戶網站公開892條。
三、收到和處理政府信息公開申請情況
本年新收政府信息公開申請15件，其中自然人申請12件，法人或其他組織申請3件。上年結轉申請2件。
"""


def _quiet(read, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ld.DisclosureWarning)
        return read(*args)


def test_a_big5_text_reads_as_the_same_text_in_utf8(tmp_path):
    (tmp_path / "big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (tmp_path / "utf8.txt").write_text(TRADITIONAL, encoding="utf-8")
    assert decode(TRADITIONAL.encode("big5")) == TRADITIONAL  # not GB18030 mojibake
    big5, utf8 = (_quiet(ld.read_report, tmp_path / f) for f in ("big5.txt", "utf8.txt"))
    assert len(utf8) > 0
    keep = ["section", "item", "count", "source"]
    assert big5[keep].astype(str).values.tolist() == [
        [*row[:-1], row[-1].replace("utf8.txt", "big5.txt")]
        for row in utf8[keep].astype(str).values.tolist()
    ]


@pytest.mark.parametrize("name", ["001.txt", "004.txt", "007.txt"])
def test_gb18030_texts_are_still_read_as_gb18030(name):
    text = (REPORTS / name).read_text(encoding="utf-8")
    assert decode(text.encode("gb18030")) == text


def test_a_text_that_decodes_to_mostly_rare_characters_is_warned_about_by_name(tmp_path):
    # Japanese Shift-JIS bytes read as GB18030: rare characters and kana (mojibake)
    path = tmp_path / "garbled.txt"
    path.write_bytes(("政府情報公開の年次報告書。申請は十五件でした。" * 4).encode("shift_jis"))
    with pytest.warns(ld.DisclosureWarning, match=r"garbled\.txt: only \d+% of its \d+ Chinese"):
        try:
            ld.read_report(path)
        except ld.DisclosureError:
            pass  # (no agency or year in it: the warning came first)


@pytest.mark.parametrize("mark", ["\f", "\u2028", "\u2029", "\x0b", "\x1c", "\x1d", "\x1e", "\x85"])
def test_line_separators_other_than_newline_shift_no_source_line(tmp_path, mark):
    base = (REPORTS / "001.txt").read_text(encoding="utf-8")
    # a page break (pdftotext writes \f) and the mark at the start of three lines
    marked = base.replace("\n", "\n" + mark, 3)
    (tmp_path / "a.txt").write_text(base, encoding="utf-8", newline="")
    (tmp_path / "b.txt").write_text(marked, encoding="utf-8", newline="")
    plain, odd = (_quiet(ld.read_report, tmp_path / f) for f in ("a.txt", "b.txt"))
    assert len(plain) > 0 and plain["count"].tolist() == odd["count"].tolist()
    line_of = [s.split(":")[1] for s in plain["source"]]
    assert [s.split(":")[1] for s in odd["source"]] == line_of  # no line shifted
    lines = marked.split("\n")  # the lines an editor shows
    for source, count in zip(odd["source"], odd["count"], strict=True):
        line, start, end = re.fullmatch(r"b\.txt:(\d+):(\d+)-(\d+)", source).groups()
        cited = lines[int(line) - 1][int(start) : int(end)]
        if pd.notna(count):
            assert str(count) in cited.replace(",", ""), (source, cited, count)


def test_crlf_and_cr_line_ends_count_as_one_line_each(tmp_path):
    base = (REPORTS / "001.txt").read_text(encoding="utf-8")
    plain = _quiet(ld.read_report, base)
    for end in ("\r\n", "\r"):
        other = _quiet(ld.read_report, base.replace("\n", end))
        assert other["source"].tolist() == plain["source"].tolist()


# --- HTML: linear in the number of unclosed tags ------------------------------------------------


def _page(n: int) -> str:
    body = "".join(f"<p>第{i}段 本年新收申请{i}件</p><script>var a={i};<!-- x" for i in range(n))
    return f"<html><head><title>t</title></head><body>{body} < no end</body></html>"


def _cpu(content: str) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        _html.read_html("page.html", content)
        best = min(best, time.process_time() - t)
    return best


def test_html_of_many_unclosed_script_tags_costs_time_linear_in_its_size():
    # (was quadratic: 544 KB took 62 s). 10x the input may cost at most 20x the time, measured
    # as CPU time, best of three, in one run
    small, large = _page(400), _page(4000)
    assert _cpu(large) <= 20 * _cpu(small)


#: the tokenizer the reader had: its results are the reference on small pages
_OLD_TOKEN = re.compile(
    r"<!--.*?-->|<\s*(script|style)\b.*?<\s*/\s*\1\s*>|<[^>]*>|&#?\w+;|[^<&]+",
    re.IGNORECASE | re.DOTALL,
)
HTML_BITS = st.sampled_from(
    ["<p>", "</p>", "<script>", "</script>", "< / SCRIPT >", "<style x=1>", "</style>", "<!--",
     "-->", "<", ">", "&amp;", "&#20013;", "&", "文字", "12件", " ", "\n", "<SCRIPT>", "<scripts>"]
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(HTML_BITS | st.text(max_size=3), max_size=30).map("".join))
def test_the_linear_tokenizer_finds_what_the_regular_expression_found(content):
    old = [(m.start(), m[0]) for m in _OLD_TOKEN.finditer(content) if m[0][0] != "<"]
    assert list(_html._shown_tokens(content)) == old


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_random_strings_read_as_a_report_give_records_or_a_clear_error(text):
    try:
        records = _quiet(
            ld.read_report,
            text,
        )
    except ld.DisclosureError as exc:
        assert str(exc)
    else:
        assert set(records["source"].dropna().str.split(":").str[0]) <= {"<text>"}


@pytest.mark.parametrize("agency", ["泸州市甲局(筹)", "泸州市甲局（筹）"])
def test_an_agency_with_brackets_in_a_reports_title_is_kept(agency):
    text = (
        f"{agency}2021年政府信息公开工作年度报告\n\n一、总体情况\n本年新收政府信息公开申请5件。\n"
    )
    records = _quiet(ld.read_report, text)
    # (the reader normalises full-width brackets to ASCII, as every character of a text)
    assert set(records["agency"]) == {"泸州市甲局(筹)"}
