"""The account of every number in a report text (issue 15: nothing silent).

Every run of digits, and every Chinese numeral followed by a counting unit, ends as a figure, a
recognised non-figure or a finding. The tokens are found here independently of the reader (a
regular expression over the lines as written), so a number the account forgets fails the test.
"""

from __future__ import annotations

import json
import re
import warnings

import pytest

import luzhou_disclosure as ld
from conftest import REPORTS, SEED_TEXT
from luzhou_disclosure.errors import DisclosureWarning
from luzhou_disclosure.readers._text_source import normalise

#: dev files whose text names no agency or no year: given by hand (see test_text.GIVEN)
GIVEN = {
    "007.txt": {"agency": "雁塔区统计局", "year": 2019},
    "028.txt": {"agency": "昌图县某局"},
    "034.txt": {"agency": "海南省市场监督管理局"},
    "043.txt": {"agency": "龙岗区某局"},
    "052.txt": {"agency": "成都市统计局", "year": 2018},
}
DEV = sorted(p.name for p in REPORTS.glob("*.txt"))
KINDS = {
    "figure": {"figure"},
    "non_figure": {
        "year",
        "date",
        "time",
        "phone",
        "postcode",
        "document_number",
        "ordinal",
        "url",
        "address",
        "duration",
        "measurement",
        "outline",
        "name",
        "phrase",
        "repeated",
        "approximate",
    },
}
_UNITS = (
    "人次|件次|个次|批次|场次|余人|件|条|次|人|个|篇|期|项|名|场|家|份|起|例|批"
    "|本|册|种|位|户|宗|封|张|部|处|所|套|台"
)
_NUMBER = re.compile(
    rf"\d+(?:,\d{{3}})*(?:\.(?!(?:19|20)\d\d\s*年)\d+)*|[零〇一二两三四五六七八九十百千万]+(?=(?:余|多)?(?:{_UNITS}))"
)


def read(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        return ld.read_report(path, findings=True, account=True, **kwargs)


def numbers_of(path):
    """(line, start, end) of every number token of a plain-text file, found independently."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        out += [(n, m.start(), m.end()) for m in _NUMBER.finditer(normalise(line))]
    return out


def spans(account):
    parts = account["source"].str.extract(r":(\d+):(\d+)-(\d+)$").astype(int)
    return list(zip(parts[0], parts[1], parts[2], strict=True))


@pytest.mark.parametrize("name", DEV)
def test_every_number_of_a_development_text_is_accounted_for_once(name):
    records, findings, account = read(REPORTS / name, **GIVEN.get(name, {}))
    assert sorted(spans(account)) == sorted(numbers_of(REPORTS / name))
    assert len(set(spans(account))) == len(account)
    for status, kind in zip(account["status"], account["kind"], strict=True):
        if status == "finding":
            assert kind in set(findings["rule"]), kind
        else:
            assert kind in KINDS[status], (status, kind)
    # a figure's number is in a record's span; every record's number is accounted as a figure
    figures = set(account.loc[account["status"] == "figure", "source"])
    for source in records["source"]:
        ref = source.split(" from ")[-1]
        if any(ch.isdigit() for ch in _span_text(REPORTS / name, ref)):
            assert any(_overlap(ref, f) for f in figures), source
    # each number not interpreted is a finding naming its span
    not_read = account[account["kind"] == "number_not_interpreted"]
    named = set(findings.loc[findings["rule"] == "number_not_interpreted", "sources"])
    assert set(not_read["source"]) == named


def _span_text(path, ref):
    line, a, b = (
        int(x) for x in re.search(r":(\d+):(\d+)-(\d+)(?: \(positional\))?$", ref).groups()
    )
    return path.read_text(encoding="utf-8").splitlines()[line - 1][a:b]


def _overlap(ref, other):
    l1, a1, b1 = (
        int(x) for x in re.search(r":(\d+):(\d+)-(\d+)(?: \(positional\))?$", ref).groups()
    )
    l2, a2, b2 = (int(x) for x in re.search(r":(\d+):(\d+)-(\d+)$", other).groups())
    return l1 == l2 and a1 < b2 and a2 < b1


def test_few_numbers_of_the_development_texts_are_left_to_a_finding():
    # marking everything "not interpreted" is no account: under 2% of all numbers
    total = not_read = 0
    for name in DEV:
        _, _, account = read(REPORTS / name, **GIVEN.get(name, {}))
        total += len(account)
        not_read += int((account["kind"] == "number_not_interpreted").sum())
    assert total > 600  # the 20 texts write over 600 numbers
    assert not_read / total < 0.02


def test_a_report_that_states_figures_yields_records():
    # every development text with figures pinned by hand gives records (none is silent)
    truth = json.loads((REPORTS / "truth.json").read_text(encoding="utf-8"))
    for entry in truth:
        records, _, _ = read(REPORTS / entry["file"], **GIVEN.get(entry["file"], {}))
        assert len(records) > 0, entry["file"]


def test_the_seed_account():
    records, findings, account = read(SEED_TEXT)
    counts = account.groupby("status").size().to_dict()
    # one number for each record whose span holds one: all 61 records but the three statements of
    # nothing (未收取费用, 无…行政复议、…行政诉讼); the derived 686 names the 125 of 比2016年多125条
    with_number = [
        s
        for s in records["source"]
        if any(ch.isdigit() for ch in _span_text(SEED_TEXT, s.split(" from ")[-1]))
    ]
    assert counts["figure"] == len(with_number) == len(records) - 3
    assert "finding" not in counts or counts["finding"] == int(
        (findings["rule"] == "number_not_interpreted").sum()
    )
    by_source = account.set_index("source")["kind"]
    assert by_source[f"{SEED_TEXT.name}:2:359-365"] == "postcode"
    assert by_source[f"{SEED_TEXT.name}:9:13-16"] == "figure"  # 811条


def test_account_columns_and_kinds_for_a_small_text():
    text = (
        "某县统计局2017年政府信息公开工作年度报告\n"
        "(一)主动公开政府信息情况\n"
        "2017年主动公开政府信息811条,联系电话:0830-3190514,依据川办发〔2016〕55号,另见12345热线。\n"
        "收到政府信息公开申请共计18项目号码7788。\n"
    )
    records, findings, account = ld.read_report(text, findings=True, account=True)
    assert list(account.columns) == ["source", "text", "status", "kind"]
    got = dict(zip(account["text"], account["kind"], strict=True))
    assert got["2017"] == "year"
    assert got["811"] == "figure"
    assert got["0830"] == got["3190514"] == "phone"
    assert got["55"] == got["2016"] == "document_number"
    assert got["12345"] == "name"
    # 7788 after 号码 is no figure the reader knows, and nothing else it recognises: a finding
    assert got["7788"] == "number_not_interpreted"
    message = findings.loc[findings["rule"] == "number_not_interpreted", "message"].iloc[0]
    assert message.startswith("<text>:4:") and "'7788'" in message


def test_the_account_is_a_property_of_the_spans_of_an_html_page(tmp_path):
    page = (
        "<html><body><h1>某县统计局2020年政府信息公开工作年度报告</h1>\n"
        "<p>全年主动公开政府信息&nbsp;120条,咨询电话0830-3190514。</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    _, _, account = read(path)
    kinds = dict(zip(account["text"], account["kind"], strict=True))
    assert kinds == {"2020": "year", "120": "figure", "0830": "phone", "3190514": "phone"}
    # the sources point into the HTML file
    src = account.loc[account["text"] == "120", "source"].iloc[0]
    line, a, b = (int(x) for x in re.search(r":(\d+):(\d+)-(\d+)$", src).groups())
    assert page.splitlines()[line - 1][a:b] == "120"
