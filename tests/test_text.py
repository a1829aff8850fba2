"""The report text reader: the seed text, sources and spans, agency/year, HTML, many reports.

Expected values come from the report sentences quoted beside them, or from the bundled seed workbook
(typed by hand from the seed report, ``data/build_luzhou_2017.py``).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

import luzhou_disclosure as ld
from conftest import REPORTS, SEED_TEXT
from luzhou_disclosure._numbers import parse_number
from luzhou_disclosure.errors import DisclosureWarning, InputFileError, ReportTextError
from luzhou_disclosure.readers._text_source import normalise

#: dev files whose text names no agency or no year: given by hand (from sources.tsv / the text)
GIVEN = {
    "007.txt": {"agency": "雁塔区统计局", "year": 2019},  # "2019年,我局认真贯彻…" (yanta.gov.cn)
    "028.txt": {"agency": "昌图县某局"},  # "关于2021年度政府信息公开的具体工作要求"
    "034.txt": {"agency": "海南省市场监督管理局"},  # "现将我局2014年政府信息公开情况报告如下"
    "043.txt": {"agency": "龙岗区某局"},  # "统计期限为2024年1月1日至2024年12月31日"
    "052.txt": {"agency": "成都市统计局", "year": 2018},  # "2018年,我局结合市统计局工作实际情况"
}
DEV_FILES = sorted(p.name for p in REPORTS.glob("*.txt"))
# a table figure placed by its position in a flattened row ends in " (positional)" (docs/records.md)
_SOURCE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<a>\d+)-(?P<b>\d+)(?: \(positional\))?$")
_NEGATION = re.compile(r"无|没有|未|不|零")


def read_dev(name: str, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        return ld.read_report(REPORTS / name, **GIVEN.get(name, {}), **kwargs)


def span_text(path: Path, source: str) -> str:
    m = _SOURCE.match(source)
    assert m, f"source {source!r} is not FILE:LINE:START-END"
    assert m["file"] == path.name
    line = path.read_text(encoding="utf-8").splitlines()[int(m["line"]) - 1]
    a, b = int(m["a"]), int(m["b"])
    assert 0 <= a < b <= len(line), f"{source}: span outside the line"
    return line[a:b]


def number_in(span: str) -> float | None:
    """The number a span states: ``811条`` → 811, ``0.37%`` → 0.37, ``三件`` → 3, ``39万人次`` →
    390000, ``8大板块`` → 8 (the number at the span's start, 万/亿 and 余/多 after it)."""
    text = re.sub(r"\(\w+\)", "", normalise(span)).strip()  # pinyin junk such as 統(tǒng)
    m = re.match(
        r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?(?:万|亿)?(?:余|多)?|[零〇一二两三四五六七八九十百千]+",
        text,
    )
    if not m:
        return None
    n = parse_number(re.sub(r"\s", "", m.group(0)))
    return None if n is None else n.value


# --- the seed text gives the bundled workbook ------------------------------------------------


def test_seed_text_gives_the_bundled_figures(seed):
    records = ld.read_report(SEED_TEXT)
    standard = records[records["section"] != "other"]
    cols = [c for c in ld.COLUMNS if c not in ("source", "label")]
    got = standard[cols].sort_values(cols).reset_index(drop=True)
    want = seed[cols].sort_values(cols).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    ld.validate(records)


def test_seed_text_other_counts():
    # the counts the seed states that are no standard item (issue 15: kept, in section "other");
    # the bundled workbook holds only the standard figures. Each checked against the line quoted.
    records = ld.read_report(SEED_TEXT)
    other = records[records["section"] == "other"]
    got = [(r.item, int(r.count), r.unit, int(r.source.split(":")[1])) for r in other.itertuples()]
    assert got == [
        # line 5: "2017年,局党组会、局长办公会5次专题研究了政府信息公开工作"
        ("局党组会、局长办公会…专题研究了政府信息公开工作", 5, "次", 5),
        # line 30: "与市级14个部门单位及7个区县共同分析判断"; "编印分送《统计分析》46期、
        # 《统计预警》11期"
        ("与市级…部门单位", 14, "个", 30),
        ("部门单位…区县共同分析判断", 7, "个", 30),
        ("市统计局编印分送《统计分析》", 46, "期", 30),
        ("《统计预警》", 11, "期", 30),
        # line 32: "市统计局举办了3次经济运行统计新闻发布会"; "编印分送《统计分析》46期、
        # 《统计调研》11期、《统计预警》11期(stated again: not repeated)、《统计报告》5期、
        # 《泸州数据要情》4期,以及《泸州经济动态》《投资快报》《工业快报》各11期;
        # 编印交流《川滇黔渝…统计信息》季刊4期、《统计视野》4期"
        ("市统计局举办了…经济运行统计新闻发布会", 3, "次", 32),
        ("编印分送《统计分析》", 46, "期", 32),
        ("《统计调研》", 11, "期", 32),
        ("《统计报告》", 5, "期", 32),
        ("《泸州数据要情》", 4, "期", 32),
        ("《泸州经济动态》《投资快报》《工业快报》各", 11, "期", 32),
        ("编印交流《川滇黔渝结合部城市经济社会发展综合统计信息》季刊", 4, "期", 32),
        ("《统计视野》", 4, "期", 32),
    ]
    assert other["year"].eq(2017).all() and other["field"].isna().all()


def test_seed_sources_are_line_spans():
    records = ld.read_report(SEED_TEXT)
    stated = records[~records["source"].str.startswith("derived:")]
    for rec in stated.itertuples():
        span = span_text(SEED_TEXT, rec.source)
        if rec.item in ("收取费用", "行政复议", "行政诉讼"):
            assert _NEGATION.search(span)
        else:
            assert number_in(span) == (rec.count if pd.notna(rec.count) else rec.value), rec
    derived = records[records["source"].str.startswith("derived:")]
    # stated in the seed line 9: "2017年主动公开政府信息811条,比2016年多125条,增长18.22%"
    assert derived["source"].tolist() == [f"derived: 811 − 125 from {SEED_TEXT.name}:9:25-29"]
    assert derived[["year", "count"]].values.tolist() == [[2016, 686]]


def test_seed_audits_clean():
    findings = ld.audit(ld.read_report(SEED_TEXT))
    assert bool(findings["ok"].all())


# --- every figure's span holds its number, in all 20 development files ------------------------


@pytest.mark.parametrize("name", DEV_FILES)
def test_every_span_contains_its_number(name):
    path = REPORTS / name
    records = read_dev(name)
    ld.validate(records)
    for rec in records.itertuples():
        if rec.source.startswith("derived:"):
            m = re.match(r"derived: (\d+) [−+] (\d+) from (.+)$", rec.source)
            assert m, rec.source
            assert number_in(span_text(path, m[3])) == int(m[2])
            continue
        span = span_text(path, rec.source)
        value = rec.count if pd.notna(rec.count) else rec.value
        stated = number_in(span)
        if stated is None:
            assert value == 0 and _NEGATION.search(span), f"{rec.source}: {span!r} states no number"
        else:
            assert stated == value, f"{rec.source}: span {span!r} holds {stated}, figure is {value}"


def test_no_phone_postcode_date_or_document_numbers():
    # seed line 2: "(地址:泸州市江阳西路1号;邮编:646099;联系电话:0830-3190514)", line 28:
    # "〔2017〕55号",
    # line 2: "2017年1月1日至2017年12月31日"
    records, account = ld.read_report(SEED_TEXT, account=True)
    values = set(records["count"].dropna().astype(int))
    for not_a_figure in (646099, 3190514, 830, 55, 31, 12):
        assert not_a_figure not in values
    # the standard figures come from the lines of sections (一)–(四) only
    standard = records[records["section"] != "other"]
    lines = {int(s.split(":")[1]) for s in standard["source"] if not s.startswith("derived")}
    assert lines <= {9, 10, 11, 14, 17, 19, 21}
    # publication counts (line 30: "编印分送《统计分析》46期") are other counts, never standard
    # items
    assert set(records.loc[records["count"].isin([46, 14, 7]), "section"]) == {"other"}
    kinds = dict(zip(account["source"].str.split(":", n=1).str[1], account["kind"], strict=True))
    assert kinds["2:359-365"] == "postcode"  # 646099
    assert kinds["2:371-375"] == kinds["2:376-383"] == "phone"  # 0830-3190514
    assert kinds["2:353-354"] == "address"  # 江阳西路1号
    assert kinds["2:282-286"] == "year" and kinds["2:287-289"] == "date"  # 2017年12月31日
    assert kinds["28:51-55"] == kinds["28:56-58"] == "document_number"  # 〔2017〕55号


# --- phrasings --------------------------------------------------------------------------------

_HEAD = "甲市乙局2017年政府信息公开工作年度报告\n"


@pytest.mark.parametrize(
    ("sentence", "item", "count", "approx"),
    [
        (
            "(一)主动公开政府信息情况\n全年主动公开政府信息400余条。",
            "主动公开政府信息总数",
            400,
            True,
        ),
        (
            "(一)主动公开政府信息情况\n全年主动公开政府信息37.62万条。",
            "主动公开政府信息总数",
            376200,
            False,
        ),
        (
            "(一)主动公开政府信息情况\n全年主动公开政府信息８１１条。",
            "主动公开政府信息总数",
            811,
            False,
        ),
        (
            "(一)主动公开政府信息情况\n全年主动公开政府信息1,234条。",
            "主动公开政府信息总数",
            1234,
            False,
        ),
        (
            "(二)依申请公开情况\n共收到政府信息公开申请三件。",
            "本年新收政府信息公开申请数量",
            3,
            False,
        ),
        (
            "(二)依申請公開情況\n共收到政府信息公開申請12件。",
            "本年新收政府信息公开申请数量",
            12,
            False,
        ),
        (
            "(二)依申请公开情况\n我局收到12起政府信息依申请公开。",
            "本年新收政府信息公开申请数量",
            12,
            False,
        ),
        (
            "(二)依申请公开情况\n本年度,我局未收到政府信息公开申请。",
            "本年新收政府信息公开申请数量",
            0,
            False,
        ),
    ],
)
def test_phrasings(sentence, item, count, approx):
    records = ld.read_report(_HEAD + sentence)
    row = records[records["item"] == item]
    assert row[["count", "approx"]].values.tolist() == [[count, approx]]


def test_change_and_growth_against_last_year():
    text = _HEAD + "(一)主动公开政府信息情况\n主动公开政府信息500条,较上年减少20条,同比下降3.85%。"
    records = ld.read_report(text)
    prev = records[records["year"] == 2016]
    # 500 − (−20) = 520 last year, derived from the stated change
    assert prev[["item", "count"]].values.tolist() == [["主动公开政府信息总数", 520]]
    assert prev["source"].iloc[0].startswith("derived: 500 + 20 from <text>:3:")
    growth = records[records["measure"] == "growth_pct"]
    assert growth["value"].tolist() == [-3.85]
    assert bool(ld.audit(records)["ok"].all())


def test_fees_and_review_statements_of_nothing():
    text = _HEAD + (
        "(三)政府信息公开收费及减免情况\n本年度未向申请人收取任何费用。\n"
        "(四)因政府信息公开申请行政复议、提起行政诉讼的情况\n全年未发生因政府信息公开申请行政复议、提起行政诉讼的情况。"
    )
    records = ld.read_report(text)
    got = (
        records[["section", "item", "field", "measure", "count", "value"]]
        .astype(object)
        .where(records.notna(), None)
    )
    assert got.values.tolist() == [
        ["fees", "收取费用", None, "amount", None, 0.0],
        ["reconsideration", "行政复议", "总计", "count", 0, None],
        ["litigation", "行政诉讼", "总计", "count", 0, None],
    ]


def test_other_parts_of_a_report_give_no_standard_figure():
    # a count under a heading about other matters is kept as an other count, never a standard item
    text = _HEAD + (
        "(五)政府信息公开工作存在问题及改进情况\n举办新闻发布会3次,主动公开政府信息20条。\n"
        "二、贯彻落实2017年政务公开工作要点情况\n共受理政府信息公开申请9件。"
    )
    records = ld.read_report(text)
    assert set(records["section"]) == {"other"}
    assert records[["item", "count", "unit"]].values.tolist() == [
        ["举办新闻发布会", 3, "次"],
        ["主动公开政府信息", 20, "条"],
        ["受理政府信息公开申请", 9, "件"],
    ]


def test_standard_form_narrative_figures_sit_beside_the_table():
    # the example: a 2019 report whose prose says 予以公开及部分公开258件 while its table
    # has 272 + 3
    text = (
        "某县2019年政府信息公开工作年度报告\n一、总体情况\n"
        "(二)依申请公开情况。全年共收到政府信息公开申请290件,予以公开及部分公开258件。\n"
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 | 280 | 5 | 0 | 0 | 0 | 5 | 290 |\n"
        "三、本年度办理结果 | (一)予以公开 | 262 | 5 | 0 | 0 | 0 | 5 | 272 |\n"
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
    )
    records = read_text(text)
    prose = records[records["field"] == "narrative"]
    assert prose[["section", "item", "count"]].values.tolist() == [
        ["applications", "本年新收政府信息公开申请数量", 290],
        ["outcomes", "予以公开+部分公开", 258],
    ]
    table = records[(records["applicant"] == "总计") & records["field"].isna()]
    assert table.set_index("item")["count"].to_dict() == {
        "本年新收政府信息公开申请数量": 290,
        "予以公开": 272,
        "部分公开": 3,
    }
    assert set(records["form"]) == {"2019"}


def read_text(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        return ld.read_report(text)


# --- agency and year ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "agency", "year"),
    [
        (
            "001.txt",
            "泸州市水务局",
            2016,
        ),  # line 2: "请与泸州市水务局办公室联系"; line 1: "2016年政府信息公开工作年度报告"
        ("004.txt", "泸州市纳溪区", 2021),  # line 1: "泸州市纳溪区2021年政府信息公开工作年度报告"
        (
            "010.txt",
            "安康市统计局",
            2020,
        ),  # line 3: "由安康市统计局围绕2020年度政府信息公开工作情况编制而成"
        (
            "019.txt",
            "西秀区统计局",
            2024,
        ),  # line 1: "《西秀区统计局2024年政府信息公开工作年度报告》"
        ("025.txt", "朝阳乡", 2016),  # line 1: "2016年朝阳乡政府信息公开工作年度报告"
        (
            "049.txt",
            "怀化市统计局",
            2016,
        ),  # line 1: "本報(bào)告由懷化市統(tǒng)計(jì)局根據…2016年1月1日"
        ("058.txt", "抚松县松江河镇人民政府", 2020),
    ],
)
def test_agency_and_year_from_the_first_lines(name, agency, year):
    records = read_dev(name)
    assert set(records["agency"]) == {agency}
    assert set(records["year"]) <= {year, year - 1}


def test_a_report_naming_neither_agency_nor_year_is_an_error():
    with pytest.raises(
        ReportTextError, match=r"007.txt:1: .*no agency and no year.*agency=…, year=…"
    ):
        ld.read_report(REPORTS / "007.txt")
    with pytest.raises(ReportTextError, match=r"no agency"):
        ld.read_report(REPORTS / "034.txt")
    records = ld.read_report(REPORTS / "034.txt", agency="海南省市场监督管理局")
    # line 1: "现将我局2014年政府信息公开情况报告如下"; line 3 "信息发布量由2013年的1128 条增加到…"
    # states one count about 2013 (an other count of that year)
    assert set(records.loc[records["section"] != "other", "year"]) == {2014}
    assert records.loc[records["year"] == 2013, "count"].tolist() == [1128]


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputFileError, match="no such file"):
        ld.read_report(tmp_path / "nope.txt")


# --- HTML ---------------------------------------------------------------------------------------


def test_html_with_a_table(tmp_path):
    page = (
        "<html><body><h1>某县统计局2020年政府信息公开工作年度报告</h1>\n"
        "<p>一、总体情况</p><p>全年主动公开政府信息&nbsp;120条。</p>\n"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p>\n<table>\n"
        "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>\n"
        "<tr>"
        + "".join(
            f"<td>{h}</td>" for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
        )
        + "</tr>\n"
        "<tr>" + "".join(f"<td>{v}</td>" for v in [1, 0, 0, 0, 1] + [0] * 10) + "</tr>\n"
        "</table></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    records = read_text(path)
    total = records[records["item"] == "主动公开政府信息总数"]
    assert total["count"].tolist() == [120]
    # the source points into the HTML file: line 2 holds "120条"
    src = total["source"].iloc[0]
    m = _SOURCE.match(src)
    assert page.splitlines()[int(m["line"]) - 1][int(m["a"]) : int(m["b"])] == "120条"
    review = records[
        (records["section"] == "reconsideration") & records["field"].isin(["结果维持", "总计"])
    ]
    assert review["count"].tolist() == [1, 1]
    cell = _SOURCE.match(review["source"].iloc[0])
    assert page.splitlines()[int(cell["line"]) - 1][int(cell["a"]) : int(cell["b"])] == "1"


# --- many reports -------------------------------------------------------------------------------


def test_read_reports_collects_errors_and_reports_progress():
    seen = []
    with pytest.warns(DisclosureWarning, match=r"5 of 20 reports could not be read"):
        records, findings = ld.read_reports(
            REPORTS, progress=lambda n, total, path: seen.append((n, total)), findings=True
        )
    assert seen[-1] == (20, 20) and len(seen) == 20
    errors = findings[findings["rule"] == "unreadable_report"]
    assert sorted(Path(s).name for s in errors["sources"]) == sorted(
        GIVEN
    )  # the five that name no agency or year
    assert set(errors["severity"]) == {"error"}
    # 15 files read, and each states figures (031's are under a 宣传 heading, 037's under
    # 政务公开要点: other counts since issue 15)
    assert records["agency"].nunique() == 15
    ld.validate(records)


def test_read_reports_draws_a_progress_bar(capsys):
    ld.read_reports([SEED_TEXT, REPORTS / "001.txt"], progress=True)
    err = capsys.readouterr().err
    assert "2/2" in err and "001.txt" in err


def test_findings_are_returned_on_request_and_warned_otherwise():
    records, findings = ld.read_report(REPORTS / "043.txt", agency="龙岗区某局", findings=True)
    assert "truncated_table" in set(findings["rule"])
    with pytest.warns(DisclosureWarning, match="findings=True"):
        ld.read_report(REPORTS / "043.txt", agency="龙岗区某局")
