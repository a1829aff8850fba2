"""report_card / report_cards and `luzhou-disclosure card`: what the pages hold, checked in their
HTML (tests/test_card_browser.py renders them in Chromium)."""

from __future__ import annotations

import base64
import html
import io
import re
import warnings
from html.parser import HTMLParser

import pandas as pd
import pytest
from fontTools.ttLib import TTFont

import luzhou_disclosure as ld
from luzhou_disclosure._fonts import EMBEDDED_FAMILY
from luzhou_disclosure._numbers import round_half_up
from luzhou_disclosure.card import finding_sentence
from luzhou_disclosure.cli import main


class Cells(HTMLParser):
    """The cells of a page that carry ``data-value``: (kind, key) → (data-value, title, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], tuple[str, str, str]] = {}
        self._open: tuple[str, str] | None = None
        self._attrs: dict[str, str] = {}
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "td" and "now" in classes:
            kind = "indicator" if "data-indicator" in a else "item"
            self._open = (kind, a.get(f"data-{kind}"))
            self._attrs, self._text = a, ""

    def handle_data(self, data):
        if self._open:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "td" and self._open:
            self.cells[self._open] = (
                self._attrs.get("data-value", ""),
                self._attrs.get("title", ""),
                self._text.strip(),
            )
            self._open = None


def cells(page: str) -> dict[tuple[str, str], tuple[str, str, str]]:
    parser = Cells()
    parser.feed(page)
    return parser.cells


def test_the_figures_on_the_card_are_the_analyses(seed_card):
    """Every indicator cell holds the value of ld.indicators (data-value, unrounded) and shows it
    rounded half up to two decimals; its sources are on hover (title)."""
    found = cells(seed_card)
    table = ld.indicators(ld.load_example(), year=2017).set_index("indicator")
    for code, row in table.iterrows():
        value, title, shown = found[("indicator", code)]
        if pd.isna(row["value"]):
            assert (value, shown) == ("", "—")
            continue
        assert float(value) == float(row["value"])
        unit = "%" if row["unit"] == "pct" else ""
        assert shown == f"{round_half_up(float(row['value']), 2):.2f}{unit}"
        assert title == " | ".join(
            s for s in (row["numerator_sources"], row["denominator_sources"]) if pd.notna(s)
        )
    assert found[("indicator", "disclosure_rate")][2] == "93.90%"  # 231 ÷ 246 (by hand)
    assert found[("indicator", "refusal_rate")][2] == "6.10%"  # printed 6.10% in line 17


def test_the_headline_figures_and_their_sources(seed_card):
    """Stated in the seed: 811 items proactively disclosed (line 9), 246 applications (line 17);
    2016's 686 derived from 比2016年多125条."""
    found = cells(seed_card)
    assert found[("item", "proactive")][:1] == ("811.0",)
    assert found[("item", "proactive")][1].startswith("000_9011374d10fa4802.txt:9")
    assert found[("item", "received")][0] == "246.0"
    assert found[("item", "received")][1].startswith("000_9011374d10fa4802.txt:17")
    assert found[("item", "carried_in")] == ("", "", "—")
    assert '<td class="num before" data-value="686.0" title="derived: 811 − 125 from' in seed_card
    assert "+125" in seed_card


def test_a_card_needs_nothing_but_the_browser(seed_card):
    """No address to fetch: the charts are SVG data URIs, the font a WOFF data URI."""
    assert not re.search(r"(?:src|href)=\"(?!data:)", seed_card)
    assert "<link" not in seed_card and "<script" not in seed_card
    assert "http://" not in seed_card and "https://" not in seed_card
    assert len(re.findall(r'<img src="data:image/svg\+xml;base64,', seed_card)) == 4
    assert f'font-family: "{EMBEDDED_FAMILY}"; src: url(data:font/woff;base64,' in seed_card


def test_the_embedded_font_holds_every_character_shown(seed_card):
    font_b64 = re.search(r"data:font/woff;base64,([A-Za-z0-9+/=]+)", seed_card).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(font_b64)))
    cmap = font.getBestCmap()
    shown = html.unescape(re.sub(r"data:[a-z/+]+;base64,[A-Za-z0-9+/=]+", "", seed_card))
    cjk = {ch for ch in shown if "\u4e00" <= ch <= "\u9fff"}
    assert cjk and not [ch for ch in cjk if ord(ch) not in cmap]
    assert len(cmap) < 1200  # a subset, not the 65,000 glyphs of the collection
    assert font["name"].getDebugName(1) == "Noto Sans CJK SC"


def test_every_check_is_a_sentence(seed_card):
    n = len(ld.check(ld.load_example()).query("year == 2017"))
    assert f"共核对{n}项：0项错误，0项提示，{n}项通过。" in seed_card
    assert "“不予公开”" not in seed_card  # (items are named plainly)
    assert "概况类的占比0.37%与按报告数字计算的结果一致。" in seed_card


@pytest.mark.slow
def test_a_failed_check_in_chinese_and_in_english():
    """勾稽关系 broken by hand: 10 received + 2 carried over, 10 answered + 1 carried forward."""
    base = {"agency": "甲局", "year": 2021, "form": "2021", "measure": "count"}
    records = ld.make_records(
        [
            {
                **base,
                "section": "applications",
                "item": "本年新收政府信息公开申请数量",
                "count": 10,
            },
            {**base, "section": "applications", "item": "上年结转政府信息公开申请数量", "count": 2},
            {**base, "section": "outcomes", "item": "总计", "count": 10, "source": "表三!J20"},
            {**base, "section": "applications", "item": "结转下年度继续办理", "count": 1},
        ]
    )
    zh = ld.report_card(records, agency="甲局", year=2021, charts=False)
    assert (
        "勾稽关系不成立（总计）：本年新收 + 上年结转 = 12，"
        "（七）总计 + 结转下年度继续办理 = 11，相差1。" in zh
    )
    assert '<tr class="error" data-rule="R1">' in zh and "表三!J20" in zh
    en = ld.report_card(records, agency="甲局", year=2021, charts=False, lang="en")
    assert (
        "The balance fails (total): received + carried over = 12, answered + carried into next "
        "year = 11, a difference of 1." in en
    )
    assert "Headline figures" in en and "主要数字" not in en


@pytest.mark.parametrize(
    ("finding", "zh", "en"),
    [
        (
            {
                "rule": "R6",
                "ok": False,
                "item": "不予公开",
                "expected": 6.0976,
                "found": 6.2,
                "message": "[printed_share] …",
            },
            "不予公开的占比：按报告数字计算应为6.10%，报告印为6.20%。",
            "Share of not disclosed: the report's figures give 6.10%, it prints 6.20%.",
        ),
        (
            {
                "rule": "R5",
                "ok": False,
                "severity": "warning",
                "item": "主动公开政府信息总数",
                "expected": 120.0,
                "found": 100.0,
                "message": "[parts_total] the 2 parts …",
            },
            "主动公开政府信息总数的各分项之和为100，少于报告所载的总数120（报告可能只列出了部分分项）。",
            "The parts of proactively disclosed add up to 100, less than its stated total 120 (the "
            "report may list only some of them).",
        ),
        (
            {
                "rule": "R7",
                "ok": False,
                "item": "本年新收政府信息公开申请数量",
                "expected": 10.0,
                "found": 12.0,
                "message": "… in the prose (总体情况) and in a table",
            },
            "本年新收政府信息公开申请数量：总体情况的文字为10，表格为12，两者不一致。",
            "applications received: the prose (总体情况) and a table disagree: 10 and 12.",
        ),
        (
            {
                "rule": "R8",
                "ok": False,
                "year": 2020,
                "applicant": "自然人",
                "expected": 3.0,
                "found": 2.0,
                "message": "",
            },
            "2020年结转下年度继续办理（自然人）为2，2021年上年结转为3。",
            "Carried into 2021 (natural persons): 2 in 2020, but 2021 carries over 3.",
        ),
        (
            {
                "rule": "S4",
                "ok": False,
                "item": "表四（四、政府信息公开行政复议、行政诉讼情况）",
                "message": "no 表四 …",
            },
            "缺少表四（四、政府信息公开行政复议、行政诉讼情况）。",
            "No 表四（四、政府信息公开行政复议、行政诉讼情况）.",
        ),
        (
            {"rule": "text_repeated_figure", "ok": False, "message": "as written"},
            "as written",
            "as written",
        ),
    ],
)
def test_finding_sentences(finding, zh, en):
    assert finding_sentence(finding, "zh") == zh
    assert finding_sentence(finding, "en") == en


@pytest.mark.slow
def test_structure_findings_on_the_card():
    text = (ld.example_path("pingtan") / "pingtan_2011.txt").read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        records = ld.read_report(text)
        found = ld.check_structure(text)
    page = ld.report_card(records, agency="平潭综合实验区", year=2011, findings=found, charts=False)
    assert "缺少“收费及减免”部分的标题。" in page


@pytest.mark.slow
def test_cards_of_a_batch_and_their_index(tmp_path, card_batch):
    records = card_batch(("甲局", 30, 40), ("乙局", 9, 30))
    paths = ld.report_cards(records, tmp_path, charts=False)
    assert [p.name for p in paths] == ["index.html", "乙局_2021.html", "甲局_2021.html"]
    index = paths[0].read_text(encoding="utf-8")
    assert '<a href="甲局_2021.html">甲局</a>' in index
    # 30 ÷ 40 = 75 %, 9 ÷ 30 = 30 % (by hand)
    assert '<td class="num" data-indicator="disclosure_rate" data-sort="75.0">75.00%</td>' in index
    assert '<td class="num" data-indicator="disclosure_rate" data-sort="30.0">30.00%</td>' in index
    assert "<script>" in index and "aria-sort" in index
    card = cells(paths[1].read_text(encoding="utf-8"))
    assert card[("indicator", "disclosure_rate")][2] == "30.00%"
    assert 'class="num now red"' in paths[1].read_text(encoding="utf-8")  # below 40 %: red


def test_the_input_is_not_modified():
    records = ld.load_example()
    before = records.copy()
    ld.report_card(records, agency="泸州市统计局", year=2017, charts=False)
    pd.testing.assert_frame_equal(records, before)


def test_a_year_the_records_lack_is_said():
    with pytest.warns(ld.DisclosureWarning, match="nothing of 泸州市统计局 in 2019"):
        ld.report_card(ld.load_example(), agency="泸州市统计局", year=2019, charts=False)


@pytest.mark.slow
def test_the_card_command(tmp_path, capsys):
    assert main(["card", "--out", str(tmp_path), "--no-charts"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "index.html",
        "泸州市统计局_2016.html",
        "泸州市统计局_2017.html",
    ]
    out = tmp_path / "one"
    assert main(["card", "--agency", "泸州市统计局", "--out", str(out), "--lang", "en"]) == 0
    page = (out / "泸州市统计局_2017.html").read_text(encoding="utf-8")  # the latest year
    assert "report card, 2017" in page and page.count("data:image/svg+xml") == 4
    assert main(["card", "--agency", "某局", "--out", str(out)]) == 2
    assert "no figures of '某局'" in capsys.readouterr().err


def test_the_charts_draw_a_tables_figure_before_the_prose():
    """A 2019 report whose prose says 21 applications and whose table says 20: the card shows 20,
    and its charts are drawn from the records without the prose's 21 (a prose figure the tables do
    not state, 行政复议 3, stays)."""
    from luzhou_disclosure.card import _tables_first

    base = {"agency": "甲局", "year": 2020, "form": "2019", "measure": "count"}
    received = "本年新收政府信息公开申请数量"
    records = ld.make_records(
        [
            {
                **base,
                "section": "applications",
                "item": received,
                "count": 21,
                "field": "narrative",
            },
            {**base, "section": "applications", "item": received, "count": 20},
            {
                **base,
                "section": "reconsideration",
                "item": "行政复议",
                "count": 3,
                "field": "narrative",
            },
        ]
    )
    assert _tables_first(records)["count"].tolist() == [20, 3]
    page = ld.report_card(records, agency="甲局", year=2020, charts=False)
    assert cells(page)[("item", "received")][0] == "20.0"
