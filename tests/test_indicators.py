"""indicators: the rates of docs/indicators.md, by hand on the seed report, the 平潭 example and
small hand-built reports; thresholds and peer_summary's ranking on any indicator."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

import luzhou_disclosure as ld
from luzhou_disclosure._english import INDICATOR_NAMES, message
from luzhou_disclosure.indicators import (
    DEFAULT_THRESHOLDS,
    INDICATORS,
    threshold_levels,
    thresholds_table,
)

DATA = Path(__file__).parent / "data"
RECEIVED = "本年新收政府信息公开申请数量"
CARRIED_IN = "上年结转政府信息公开申请数量"
FORWARD = "结转下年度继续办理"
REVIEW_FIELDS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def values(frame: pd.DataFrame, **where) -> dict[str, float | None]:
    """indicator → value rounded half up to 2 decimals (None for NA), of the rows ``where``."""
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return {
        r.indicator: None if pd.isna(r.value) else float(ld._numbers.round_half_up(r.value, 2))
        for r in rows.itertuples()
    }


def notes(frame: pd.DataFrame) -> dict[str, str | None]:
    return {r.indicator: None if pd.isna(r.note) else r.note for r in frame.itertuples()}


# --- the seed: 泸州市统计局 2017 (tests/data/seeds/000_9011374d10fa4802.txt) -------------------


def test_seed_2017_by_hand(seed):
    """Line 17: 受理 246, 答复 246, 属于已主动公开范围 231, 同意公开 0, 部分公开 0, 不予公开 15 (its
    reasons 4 + 1 + 5 + 5 + 0); line 19: 未收取费用; line 21: no reconsideration, no lawsuit."""
    ind = ld.indicators(seed, year=2017)
    assert values(ind) == {
        "disclosure_rate": 93.90,  # (231 + 0 + 0) ÷ 246 × 100 = 93.902…
        "refusal_rate": 6.10,  # 15 ÷ 246 × 100 = 6.097…, printed 6.10% in line 17
        "unable_rate": None,
        "not_processed_rate": None,
        "completion_rate": None,
        "carryover_rate": None,
        "reconsideration_correction_rate": None,
        "litigation_correction_rate": None,
        "reconsiderations_per_100": 0.0,  # 0 ÷ 246 × 100
        "lawsuits_per_100": 0.0,
        "fees_per_application": 0.0,  # 0 元 ÷ 246
    }
    assert notes(ind)["unable_rate"] == (
        "the report (before the 2019 form) counts these under 不予公开"
    )  # 不属于本行政机关, 申请信息不存在, 申请内容不明确…: inside the stated 不予公开 15
    assert notes(ind)["not_processed_rate"] == "no figure for 不予处理"
    assert notes(ind)["completion_rate"] == f"no figure for {CARRIED_IN}"
    assert notes(ind)["reconsideration_correction_rate"] == "行政复议审结 is 0"
    row = ind.set_index("indicator").loc["refusal_rate"]
    assert (row["numerator"], row["denominator"]) == (15, 246)
    assert bool(row["judgement"])  # the crosswalk maps a pre-2019 不予公开 by a judgement call
    assert row["numerator_sources"].startswith("000_9011374d10fa4802.txt:17")
    assert row["form"] == "narrative" and row["unit"] == "pct"


def test_seed_shares_add_up_to_the_stated_outcomes(seed):
    """公开率 + 不予公开率 = 100 %: (231 + 15) ÷ 246 (every answered application accounted for,
    nothing counted twice through the crosswalk)."""
    ind = ld.indicators(seed, year=2017, indicator=["disclosure_rate", "refusal_rate"])
    assert ind["numerator"].sum() == ind["denominator"].iloc[0] == 246


def test_the_year_without_figures_says_why(seed):
    ind = ld.indicators(seed, year=2016)  # only the derived 2016 proactive total
    assert ind["value"].isna().all() and ind["note"].notna().all()


# --- a whole 2021 form, by hand ------------------------------------------------------------------


def form_2021(agency="甲局", year=2021, **changes):
    """20 received + 2 carried over = 20 answered + 2 carried forward; 予以公开 10, 部分公开 2,
    不予公开 1 + 2, 无法提供 4, 不予处理 1, 其他处理 0; 行政复议 3/1/0/1 (总计 5); 行政诉讼 direct
    1/1/0/0 (2), after reconsideration 0/0/0/1 (1)."""
    base = {"agency": agency, "year": year, "form": "2021", "measure": "count"}
    figures = {
        ("applications", None, RECEIVED, None): 20,
        ("applications", None, CARRIED_IN, None): 2,
        ("applications", None, FORWARD, None): 2,
        ("outcomes", None, "予以公开", None): 10,
        ("outcomes", None, "部分公开", None): 2,
        ("outcomes", "不予公开", "属于国家秘密", None): 1,
        ("outcomes", "不予公开", "保护第三方合法权益", None): 2,
        ("outcomes", "无法提供", "本机关不掌握相关政府信息", None): 4,
        ("outcomes", "不予处理", "重复申请", None): 1,
        ("outcomes", "其他处理", "其他", None): 0,
        ("outcomes", None, "总计", None): 20,
    }
    for field, n in zip(REVIEW_FIELDS, (3, 1, 0, 1, 5), strict=True):
        figures[("reconsideration", None, "行政复议", field)] = n
    for item, ns in (("未经复议直接起诉", (1, 1, 0, 0, 2)), ("复议后起诉", (0, 0, 0, 1, 1))):
        for field, n in zip(REVIEW_FIELDS, ns, strict=True):
            figures[("litigation", "行政诉讼", item, field)] = n
    figures.update(changes.pop("figures", {}))
    rows = [
        {
            **base,
            "section": s,
            "parent": p,
            "item": i,
            "field": f,
            "count": n,
            "source": f"{i}{f or ''}",
        }
        for (s, p, i, f), n in figures.items()
        if n is not None
    ]
    return ld.make_records(rows)


def test_a_2021_form_by_hand():
    ind = ld.indicators(form_2021())
    assert values(ind) == {
        "disclosure_rate": 60.0,  # (10 + 2) ÷ 20
        "refusal_rate": 15.0,  # (1 + 2) ÷ 20
        "unable_rate": 20.0,  # 4 ÷ 20
        "not_processed_rate": 5.0,  # 1 ÷ 20
        "completion_rate": 90.91,  # 20 ÷ (20 + 2) = 90.909…
        "carryover_rate": 9.09,  # 2 ÷ 22 = 9.0909…
        "reconsideration_correction_rate": 25.0,  # 1 ÷ (3 + 1 + 0)
        "litigation_correction_rate": 50.0,  # (1 + 0) ÷ ((1 + 1 + 0) + (0 + 0 + 0))
        "reconsiderations_per_100": 25.0,  # 5 ÷ 20 × 100
        "lawsuits_per_100": 15.0,  # (2 + 1) ÷ 20 × 100
        "fees_per_application": None,  # the standard form has no disclosure fees
    }
    assert notes(ind)["fees_per_application"] == "no figure for 收取费用"
    row = ind.set_index("indicator").loc["refusal_rate"]
    assert row["numerator_sources"] == "属于国家秘密 | 保护第三方合法权益"
    assert row["denominator_sources"] == "总计" and not row["judgement"]


def test_indicators_of_the_2019_form_are_read_through_the_crosswalk():
    """The 2019 form's （六）其他处理 and the 2021 form's split rows name the same group; the
    rates of both forms come out the same for the same figures."""
    records = form_2021(year=2020).assign(form="2019")
    records = records[records["item"] != "其他"]
    ind = ld.indicators(records)
    assert values(ind) == values(ld.indicators(form_2021(year=2020)))


@pytest.mark.parametrize(
    ("figures", "indicator", "note"),
    [
        ({("outcomes", None, "总计", None): 0}, "disclosure_rate", "办理结果总计 is 0"),
        ({("outcomes", None, "总计", None): None}, "refusal_rate", "no figure for 办理结果总计"),
        ({("outcomes", None, "部分公开", None): None}, "disclosure_rate", "no figure for 部分公开"),
        ({("applications", None, RECEIVED, None): 0}, "lawsuits_per_100", f"{RECEIVED} is 0"),
        (
            {("applications", None, CARRIED_IN, None): None},
            "completion_rate",
            f"no figure for {CARRIED_IN}",
        ),
        (
            {
                ("reconsideration", None, "行政复议", f): 0
                for f in ("结果维持", "结果纠正", "其他结果")
            },
            "reconsideration_correction_rate",
            "行政复议审结 is 0",
        ),
        (
            {("reconsideration", None, "行政复议", "结果纠正"): None},
            "reconsideration_correction_rate",
            "no figure for 行政复议结果纠正",
        ),
    ],
)
def test_na_says_why(figures, indicator, note):
    ind = ld.indicators(form_2021(figures=figures), indicator=indicator)
    assert ind["value"].isna().all()
    assert ind["note"].tolist() == [note]


def test_concluded_cases_from_the_total_less_the_pending():
    """Without 其他结果 the cases concluded are 总计 − 尚未审结: 5 − 1 = 4; 1 corrected = 25 %."""
    ind = ld.indicators(
        form_2021(figures={("reconsideration", None, "行政复议", "其他结果"): None}),
        indicator="reconsideration_correction_rate",
    )
    assert values(ind) == {"reconsideration_correction_rate": 25.0}
    assert ind["denominator"].tolist() == [4]


def test_the_table_before_the_prose_and_the_prose_where_the_table_is_silent():
    prose = {
        "agency": "甲局",
        "year": 2021,
        "form": "2021",
        "measure": "count",
        "field": "narrative",
    }
    records = ld.concat_records(
        [
            form_2021(figures={("outcomes", None, "总计", None): None}),
            ld.make_records(
                [
                    {**prose, "section": "applications", "item": RECEIVED, "count": 99},
                    {**prose, "section": "outcomes", "item": "总计", "count": 20, "source": "p"},
                    {**prose, "section": "reconsideration", "item": "行政复议", "count": 7},
                ]
            ),
        ]
    )
    ind = ld.indicators(records).set_index("indicator")
    assert ind.loc["lawsuits_per_100", "denominator"] == 20  # the table's 20, not the prose's 99
    assert ind.loc["disclosure_rate", "denominator"] == 20  # the prose's 总计: the table has none
    assert ind.loc["disclosure_rate", "denominator_sources"] == "p"
    assert ind.loc["reconsiderations_per_100", "numerator"] == 5  # the table's 总计 5, not 7


def test_prose_sums_of_standard_items_are_used():
    """予以公开及部分公开12件 (item 予以公开+部分公开) and 受理…22件(含上年结转2件)
    (本年新收+上年结转)."""
    prose = {
        "agency": "乙局",
        "year": 2021,
        "form": "2021",
        "measure": "count",
        "field": "narrative",
    }
    records = ld.make_records(
        [
            {**prose, "section": "outcomes", "item": "予以公开+部分公开", "count": 12},
            {**prose, "section": "outcomes", "item": "总计", "count": 20},
            {**prose, "section": "applications", "item": f"{RECEIVED}+{CARRIED_IN}", "count": 22},
        ]
    )
    ind = ld.indicators(records, indicator=["disclosure_rate", "completion_rate"])
    assert values(ind) == {"disclosure_rate": 60.0, "completion_rate": 90.91}


def test_reasons_of_a_pre_2019_report_without_a_stated_refusal_total():
    """Reasons listed with no 不予公开 total: each counts where the crosswalk puts it (商业秘密
    under 不予公开, 申请信息不存在 under 无法提供)."""
    base = {"agency": "丙局", "year": 2016, "form": "narrative", "measure": "count"}
    records = ld.make_records(
        [
            {**base, "section": "applications", "item": "办理答复数量", "count": 10},
            {**base, "section": "outcomes", "parent": "不予公开", "item": "商业秘密", "count": 2},
            {
                **base,
                "section": "outcomes",
                "parent": "不予公开",
                "item": "申请信息不存在",
                "count": 3,
            },
        ]
    )
    ind = ld.indicators(records, indicator=["refusal_rate", "unable_rate"])
    assert values(ind) == {"refusal_rate": 20.0, "unable_rate": 30.0}


def test_pooled_by_year():
    """甲: 12 of 20 disclosed; 乙: 5 of 10 → (12 + 5) ÷ (20 + 10) = 56.67 %; 丙 states no 总计 and
    is left out of the pool."""
    b = form_2021(
        "乙局",
        figures={
            ("outcomes", None, "予以公开", None): 4,
            ("outcomes", None, "部分公开", None): 1,
            ("outcomes", None, "总计", None): 10,
        },
    )
    c = form_2021("丙局", figures={("outcomes", None, "总计", None): None})
    ind = ld.indicators(
        ld.concat_records([form_2021(), b, c]), by="year", indicator="disclosure_rate"
    )
    assert values(ind) == {"disclosure_rate": 56.67}
    assert ind[["numerator", "denominator"]].values.tolist() == [[17, 30]]
    assert ind["form"].tolist() == ["2021"]


def test_a_figure_stated_twice_counts_once():
    twice = ld.concat_records([form_2021(), form_2021()])
    assert values(ld.indicators(twice)) == values(ld.indicators(form_2021()))


def test_fees_in_wan_yuan_are_yuan():
    base = {"agency": "丁局", "year": 2015, "form": "narrative"}
    records = ld.make_records(
        [
            {**base, "section": "applications", "item": RECEIVED, "measure": "count", "count": 4},
            {
                **base,
                "section": "fees",
                "item": "收取费用",
                "measure": "amount",
                "value": 0.01,
                "unit": "万元",
            },
        ]
    )
    ind = ld.indicators(records, indicator="fees_per_application")
    assert values(ind) == {"fees_per_application": 25.0}  # 0.01 万元 = 100 元; 100 ÷ 4


def test_the_input_is_not_modified(seed):
    before = seed.copy()
    ld.indicators(seed)
    pd.testing.assert_frame_equal(seed, before)


def test_unknown_indicator_is_a_value_error(seed):
    with pytest.raises(
        ValueError,
        match=(
            "indicator='disclosure': expected one of disclosure_rate"
            ".*did you mean 'disclosure_rate'"
        ),
    ):
        ld.indicators(seed, indicator="disclosure")


def test_every_indicator_is_named_and_documented():
    doc = (Path(__file__).parents[1] / "docs" / "indicators.md").read_text(encoding="utf-8")
    for code in INDICATORS:
        assert code in INDICATOR_NAMES and f"`{code}`" in doc
        assert INDICATOR_NAMES[code][0][0] in doc  # the Chinese name


def test_notes_read_in_chinese():
    assert message("办理结果总计 is 0", "zh") == "办理结果总计为0"
    assert (
        message("no figure for 行政复议结果纠正", "en")
        == "no figure for reconsiderations corrected"
    )


# --- the 平潭 example (tests/data/reports/batch2/truth.json, 048.txt = pingtan_2025.txt) -------


def test_pingtan_2025_against_the_truth_file():
    (pinned,) = (
        r
        for r in json.loads((DATA / "reports/batch2/truth.json").read_text(encoding="utf-8"))
        if r["file"] == "048.txt"
    )
    # the figures pinned by hand; those the table gives only as cells run together are kept apart
    # (run_together, unscored), but the prose states them too (收到154件, 行政复议36起: the notes)
    truth = {**pinned["figures"], **{x["path"]: x["value"] for x in pinned["run_together"]}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        records = ld.load_example("pingtan")
    ind = ld.indicators(records, year=2025).set_index("indicator")
    received = truth["applications_received"]  # 154
    for code, cases in (
        ("reconsiderations_per_100", truth["reconsideration_total"]),  # 36
        ("lawsuits_per_100", truth["litigation_total"]),  # 9
    ):
        assert ind.loc[code, "value"] == pytest.approx(cases / received * 100)
    assert round(float(ind.loc["reconsiderations_per_100", "value"]), 2) == 23.38  # by hand


# --- thresholds and peer_summary ---------------------------------------------------------------


def test_default_thresholds_are_the_documented_bands():
    t = DEFAULT_THRESHOLDS.set_index(["indicator", "level"])["value"].to_dict()
    assert t[("disclosure_rate", "red")] == 40 and t[("disclosure_rate", "yellow")] == 60
    for code in ("reconsideration_correction_rate", "litigation_correction_rate"):
        assert t[(code, "red")] == 15 and t[(code, "yellow")] == 10


@pytest.mark.parametrize(
    ("value", "level", "crossed"),
    [
        (39.99, "red", "< 40"),
        (40.0, "yellow", "< 60"),
        (59.9, "yellow", "< 60"),
        (60.0, "green", None),
    ],
)
def test_disclosure_rate_bands(value, level, crossed):
    rows = pd.DataFrame({"measure": ["disclosure_rate"], "peer_group": ["all"], "value": [value]})
    out = threshold_levels(rows).iloc[0]
    assert out["level"] == level
    assert (None if pd.isna(out["threshold"]) else out["threshold"]) == crossed


def test_thresholds_per_peer_group():
    table = pd.DataFrame(
        {
            "indicator": ["refusal_rate", "refusal_rate"],
            "peer_group": [None, "区县"],
            "level": ["红", "red"],
            "op": [">", ">="],
            "value": [10, 20],
        }
    )
    rows = pd.DataFrame(
        {
            "measure": "refusal_rate",
            "peer_group": ["市级", "区县", "区县"],
            "value": [15.0, 15.0, 20.0],
        }
    )
    assert threshold_levels(rows, table)["level"].tolist() == ["red", "green", "red"]


def test_bad_thresholds_are_named():
    with pytest.raises(ValueError, match="level='orange'"):
        thresholds_table(
            pd.DataFrame({"indicator": ["x"], "level": ["orange"], "op": ["<"], "value": [1]})
        )
    with pytest.raises(ValueError, match="missing column"):
        thresholds_table(pd.DataFrame({"indicator": ["x"]}))


def peers_panel():
    """甲 55 % disclosed (yellow), 乙 30 % (red), 丙 90 % (green), 丁 20 % but 5 applications."""
    frames = []
    for name, disclosed, received in (
        ("甲局", 11, 20),
        ("乙局", 6, 20),
        ("丙局", 18, 20),
        ("丁局", 1, 5),
    ):
        frames.append(
            form_2021(
                name,
                figures={
                    ("applications", None, RECEIVED, None): received,
                    ("outcomes", None, "予以公开", None): disclosed,
                    ("outcomes", None, "部分公开", None): 0,
                    ("outcomes", None, "总计", None): received,
                },
            )
        )
    return ld.concat_records(frames)


def test_peer_summary_ranks_on_any_indicator_with_levels():
    p = ld.peer_summary(peers_panel(), year=2021, measure="disclosure_rate").set_index("agency")
    assert p.loc[["丙局", "甲局", "乙局"], "rank"].tolist() == [1, 2, 3]
    assert p.loc[["丙局", "甲局", "乙局"], "level"].tolist() == ["green", "yellow", "red"]
    assert p.loc["乙局", "threshold"] == "< 40"
    assert p.loc["乙局", "value"] == pytest.approx(30.0)  # 6 ÷ 20
    assert not p.loc["丁局", "ranked"] and pd.isna(p.loc["丁局", "level"])  # a small base
    assert p.loc["丁局", "value"] == pytest.approx(20.0)  # shown, not ranked, not flagged
    p = ld.peer_summary(peers_panel(), year=2021, measure="reconsiderations_per_100")
    assert p.set_index("agency").loc["甲局", "value"] == pytest.approx(25.0)  # 5 ÷ 20 × 100
    assert p["level"].isna().all()  # no thresholds for it by default


def test_peer_summary_thresholds_per_group_and_none():
    groups = {"甲局": "市级", "乙局": "区县", "丙局": "区县", "丁局": "区县"}
    mine = pd.DataFrame(
        {
            "indicator": ["disclosure_rate"],
            "peer_group": ["区县"],
            "level": ["red"],
            "op": ["<"],
            "value": [95],
        }
    )
    p = ld.peer_summary(
        peers_panel(), year=2021, measure="disclosure_rate", peers=groups, thresholds=mine
    ).set_index("agency")
    assert p.loc[["乙局", "丙局"], "level"].tolist() == ["red", "red"]  # 30 and 90, both < 95
    assert pd.isna(p.loc["甲局", "level"])  # 市级 has no threshold of its own, and no default row
    none = ld.peer_summary(
        peers_panel(), year=2021, measure="disclosure_rate", thresholds=DEFAULT_THRESHOLDS.iloc[:0]
    )
    assert none["level"].isna().all()


def test_peer_summary_says_why_an_indicator_is_missing():
    records = form_2021(figures={("outcomes", None, "总计", None): None})
    p = ld.peer_summary(records, year=2021, measure="refusal_rate")
    assert p.loc[0, "excluded_reason"] == "no figure for 办理结果总计"
