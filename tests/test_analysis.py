"""Every figure and percentage of the seed report, recomputed from the bundled records.

Expected values are stated in the Luzhou Statistics Bureau's 2017 report
(tests/data/seeds/000_9011374d10fa4802.txt); the line numbers below are that file's.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import luzhou_disclosure as ld
from luzhou_disclosure._numbers import round_half_up

# Line 9: "其中,概况类3条,占0.37%;计划总结类22条,占2.71%;法规公文类13条,占1.60%;工作动态类239条,
# 占29.47%;人事类16条,占1.97%;财政类6条,占0.74%,其他类512条,占63.13%。"
SEED_CATEGORIES = [
    ("概况类", 3, "0.37"),
    ("计划总结类", 22, "2.71"),
    ("法规公文类", 13, "1.60"),
    ("工作动态类", 239, "29.47"),
    ("人事类", 16, "1.97"),
    ("财政类", 6, "0.74"),
    ("其他类", 512, "63.13"),
]


def half_up(x: float, d: int = 2) -> str:
    return str(round_half_up(float(x), d))


@pytest.mark.parametrize(("item", "count", "printed"), SEED_CATEGORIES)
def test_category_shares_match_the_printed_shares(seed, item, count, printed):
    shares = ld.category_shares(seed).set_index("item")
    assert shares.loc[item, "count"] == count
    assert shares.loc[item, "total"] == 811  # line 9: 主动公开政府信息811条
    assert half_up(shares.loc[item, "share_pct"]) == printed


def test_half_up_rounding_column_and_unrounded_shares(seed):
    shares = ld.category_shares(seed, rounding="half_up").set_index("item")
    assert shares.loc["法规公文类", "share_pct"] == pytest.approx(13 / 811 * 100)
    assert [f"{v:.2f}" for v in shares["share_pct_rounded"]] == [p for _, _, p in SEED_CATEGORIES]
    # the report's printed shares add to 99.99, not 100 (checked by hand)
    assert round(sum(float(p) for _, _, p in SEED_CATEGORIES), 2) == 99.99


def test_largest_remainder_shares_add_to_exactly_100(seed):
    shares = ld.category_shares(seed, rounding="largest_remainder").set_index("item")
    cents = (shares["share_pct_rounded"] * 100).round().astype(int)
    assert cents.sum() == 10000
    # by hand: floors 36+271+160+2946+197+73+6313 = 9996 hundredths; the four largest remainders
    # (概况类 .99, 财政类 .98, 工作动态类 .979, 法规公文类 .296) each get one more
    assert cents.to_dict() == {
        "概况类": 37,
        "计划总结类": 271,
        "法规公文类": 161,
        "工作动态类": 2947,
        "人事类": 197,
        "财政类": 74,
        "其他类": 6313,
    }


def test_yoy_growth_of_the_proactive_total(seed):
    # line 9: "2017年主动公开政府信息811条,比2016年多125条,增长18.22%"
    g = ld.yoy_growth(seed, year=2017)
    assert len(g) == 1
    row = g.iloc[0]
    assert (row["current"], row["previous"], row["change"]) == (811, 686, 125)
    assert half_up(row["growth_pct"]) == "18.22"
    assert row["base_year"] == 2016 and pd.isna(row["note"])


def test_growth_from_zero_or_missing_base_is_na_with_reason():
    records = ld.make_records(
        [
            {
                "agency": "甲",
                "year": 2020,
                "section": "proactive",
                "item": "主动公开政府信息总数",
                "measure": "count",
                "count": 0,
            },
            {
                "agency": "甲",
                "year": 2021,
                "section": "proactive",
                "item": "主动公开政府信息总数",
                "measure": "count",
                "count": 5,
            },
            {
                "agency": "乙",
                "year": 2021,
                "section": "proactive",
                "item": "主动公开政府信息总数",
                "measure": "count",
                "count": 7,
            },
        ]
    )
    g = ld.yoy_growth(records, year=2021).set_index("agency")
    assert pd.isna(g.loc["甲", "growth_pct"]) and "zero" in g.loc["甲", "note"]
    assert pd.isna(g.loc["乙", "growth_pct"]) and "base year" in g.loc["乙", "note"]
    assert g.loc["甲", "change"] == 5 and pd.isna(g.loc["乙", "change"])


@pytest.mark.slow
@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=2000, max_value=2030))
def test_growth_of_a_constant_series_is_zero(n, year):
    records = ld.make_records(
        [
            {
                "agency": "甲",
                "year": y,
                "section": "proactive",
                "item": "主动公开政府信息总数",
                "measure": "count",
                "count": n,
            }
            for y in (year - 1, year)
        ]
    )
    g = ld.yoy_growth(records, year=year)
    assert g["growth_pct"].iloc[0] == 0 and g["change"].iloc[0] == 0


# Line 17: "不予公开中,涉及商业秘密4件,占1.63%;不属于本行政机关1件,占0.41%;申请信息不存在5件,
# 占2.03%;申请内容不明确或转其他途径办理5件,占2.03%;其他原因0件,占0%。" — of 246 applications
# (共受理…246件); the shares of refusals (4 ÷ 15 = 26.67%) are computed by hand, the report does
# not print them.
@pytest.mark.parametrize(
    ("item", "count", "of_refusals", "of_applications"),
    [
        ("商业秘密", 4, "26.67", "1.63"),
        ("不属于本行政机关", 1, "6.67", "0.41"),
        ("申请信息不存在", 5, "33.33", "2.03"),
        ("申请内容不明确或转其他途径办理", 5, "33.33", "2.03"),
        ("其他原因", 0, "0.00", "0.00"),
        ("不予公开", 15, "100.00", "6.10"),  # line 17: 不予公开15件,占6.10%
    ],
)
def test_refusal_breakdown(seed, item, count, of_refusals, of_applications):
    r = ld.refusal_breakdown(seed, year=2017).set_index("item")
    assert r.loc[item, "count"] == count
    assert r.loc[item, "refused"] == 15 and r.loc[item, "applications"] == 246
    assert half_up(r.loc[item, "share_of_refusals_pct"]) == of_refusals
    assert half_up(r.loc[item, "share_of_applications_pct"]) == of_applications
    assert bool(r.loc[item, "is_total"]) == (item == "不予公开")


def test_outcome_breakdown(seed):
    # line 17: received 246, answered 246, carried into next year 0; outcomes 231 / 0 / 0 / 15
    o = ld.outcome_breakdown(seed, year=2017)
    flow = o[o["kind"] == "flow"].set_index("item")["count"].to_dict()
    assert flow == {
        "本年新收政府信息公开申请数量": 246,
        "办理答复数量": 246,
        "结转下年度继续办理": 0,
    }
    outcomes = o[o["kind"] == "outcome"].set_index("item")
    assert outcomes["count"].to_dict() == {
        "属于已主动公开范围": 231,
        "同意公开": 0,
        "部分公开": 0,
        "不予公开": 15,
    }
    assert half_up(outcomes.loc["不予公开", "share_pct"]) == "6.10"
    assert half_up(outcomes.loc["属于已主动公开范围", "share_pct"]) == "93.90"  # 231 ÷ 246, by hand


def test_outcome_breakdown_of_a_standard_form_sums_groups():
    base = {"agency": "乙", "year": 2021, "form": "2021", "measure": "count"}
    records = ld.make_records(
        [
            {
                **base,
                "section": "applications",
                "item": "本年新收政府信息公开申请数量",
                "count": 10,
            },
            {**base, "section": "applications", "item": "上年结转政府信息公开申请数量", "count": 2},
            {**base, "section": "applications", "item": "结转下年度继续办理", "count": 1},
            {**base, "section": "outcomes", "item": "予以公开", "count": 6},
            {
                **base,
                "section": "outcomes",
                "item": "属于国家秘密",
                "parent": "不予公开",
                "count": 1,
            },
            {
                **base,
                "section": "outcomes",
                "item": "保护第三方合法权益",
                "parent": "不予公开",
                "count": 2,
            },
            {
                **base,
                "section": "outcomes",
                "item": "本机关不掌握相关政府信息",
                "parent": "无法提供",
                "count": 2,
            },
            {**base, "section": "outcomes", "item": "总计", "count": 11},
        ]
    )
    o = ld.outcome_breakdown(records).set_index("item")
    assert o.loc["不予公开", "count"] == 3 and bool(o.loc["不予公开", "summed"])
    assert o.loc["无法提供", "count"] == 2
    assert o.loc["办理答复数量", "count"] == 11  # （七）总计
    assert o.loc["予以公开", "share_pct"] == pytest.approx(6 / 11 * 100)
    r = ld.refusal_breakdown(records).set_index("item")
    assert r.loc["不予公开", "count"] == 3 and r.loc[
        "属于国家秘密", "share_of_refusals_pct"
    ] == pytest.approx(100 / 3)


def test_many_agencies_and_years_are_grouped(seed):
    other = seed.assign(agency="另一机关")
    other.loc[(other["item"] == "概况类") & (other["measure"] == "count"), "count"] = 4
    both = pd.concat([seed, other], ignore_index=True)
    shares = ld.category_shares(both)
    assert set(shares["agency"]) == {"泸州市统计局", "另一机关"}
    assert len(shares) == 14
    assert shares.groupby("agency")["count"].sum().to_dict() == {
        "泸州市统计局": 811,
        "另一机关": 812,
    }


@pytest.mark.parametrize(
    "func",
    [
        lambda r: ld.category_shares(r, rounding="largest_remainder"),
        lambda r: ld.yoy_growth(r, year=2017),
        lambda r: ld.refusal_breakdown(r),
        lambda r: ld.outcome_breakdown(r),
        lambda r: ld.audit(r),
    ],
)
def test_analyses_never_modify_their_input(seed, func):
    before = seed.copy(deep=True)
    func(seed)
    pd.testing.assert_frame_equal(seed, before)


def test_bad_rounding_option_is_a_clear_error(seed):
    with pytest.raises(ValueError, match="largest_remainder"):
        ld.category_shares(seed, rounding="banker")


@pytest.mark.slow
def test_import_does_not_load_matplotlib():
    import subprocess
    import sys

    code = "import sys, luzhou_disclosure; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- what an analysis is asked for (issue 11) -----------------------------------------------------

SECTION_CODES = (
    "proactive, channel, article20, applications, outcomes, fees, reconsideration, litigation"
)


@pytest.mark.parametrize(
    ("call", "named", "closest"),
    [
        (lambda r: ld.category_shares(r, section="主动公开"), "section='主动公开'", "proactive"),
        (
            lambda r: ld.yoy_growth(r, year=2017, section="proactiv"),
            "section='proactiv'",
            "proactive",
        ),
        (lambda r: ld.yoy_growth(r, year=2017, applicant="个人"), "applicant='个人'", "自然人"),
        (lambda r: ld.harmonize(r, form="2021年版"), "form='2021年版'", "2021"),
        (lambda r: ld.compare(r, year=2017, form="narrative"), "form='narrative'", None),
        (
            lambda r: ld.peer_summary(r, year=2017, measure="refusal"),
            "measure='refusal'",
            "refusal_rate",
        ),
        (
            lambda r: ld.peer_summary(r, year=2017, item="不予公开", applicant="总数"),
            "applicant='总数'",
            "总计",
        ),
    ],
)
def test_an_argument_outside_the_vocabulary_is_a_value_error(seed, call, named, closest):
    with pytest.raises(ValueError) as info:
        call(seed)
    msg = str(info.value)
    assert isinstance(info.value, ld.UnknownLabelError)
    assert msg.startswith(named) and "expected one of" in msg
    if closest is None:
        assert "did you mean" not in msg
    else:
        assert msg.endswith(f"did you mean {closest!r}?")
    if named.startswith("section"):
        assert SECTION_CODES in msg  # the allowed values, all of them


@pytest.mark.parametrize(
    ("call", "message", "columns"),
    [
        (  # the bundled records hold fees only as an amount
            lambda r: ld.category_shares(r, section="fees"),
            "category_shares: the records hold no figure with section 'fees' and measure 'count'",
            ["agency", "year", "item", "count", "total", "total_stated", "share_pct"],
        ),
        (
            lambda r: ld.category_shares(r, year=2030),
            "category_shares: the records hold no year 2030 (they hold year 2016, 2017)",
            ["agency", "year", "item", "count", "total", "total_stated", "share_pct"],
        ),
        (
            lambda r: ld.category_shares(r, section="channel", parent="网站"),
            "category_shares: the records hold no parent '网站'",
            ["agency", "year", "item", "count", "total", "total_stated", "share_pct"],
        ),
        (
            lambda r: ld.yoy_growth(r, year=2030),
            "yoy_growth: the records hold no year 2030",
            None,
        ),
        (
            lambda r: ld.yoy_growth(r, year=2017, item="主动公开信息总数"),
            "yoy_growth: the records hold no item '主动公开信息总数'",
            None,
        ),
        (
            lambda r: ld.refusal_breakdown(r, year=2016),
            "refusal_breakdown: the records hold no",
            None,
        ),
        (
            lambda r: ld.outcome_breakdown(r, year=2030),
            "outcome_breakdown: the records hold no year 2030",
            None,
        ),
        (lambda r: ld.compare(r, year=2030), "compare: the records hold no year 2030", None),
        (lambda r: ld.audit(r.iloc[:0]), "audit: the records hold no figures", None),
        (lambda r: ld.check(r.iloc[:0]), "check: the records hold no figures", None),
    ],
)
def test_a_valid_request_the_records_do_not_hold_warns_and_is_empty(seed, call, message, columns):
    with pytest.warns(ld.DisclosureWarning) as caught:
        out = call(seed)
    assert any(str(w.message).startswith(message) for w in caught), [str(w.message) for w in caught]
    assert out.empty
    if columns is not None:
        assert list(out.columns) == columns


def test_a_year_held_beside_one_that_is_not_warns_and_keeps_the_held_one(seed):
    with pytest.warns(ld.DisclosureWarning, match=r"peer_summary: the records hold no year 2030"):
        p = ld.peer_summary(seed, year=[2017, 2030], measure="refusal_rate")
    assert p["year"].tolist() == [2017] and round(float(p["value"].iloc[0]), 2) == 6.10  # 15/246


def test_figures_outside_the_vocabulary_are_named_not_silently_left_out(seed):
    typed = seed.assign(section=seed["section"].replace({"proactive": "主动公开"}))
    with pytest.warns(ld.DisclosureWarning) as caught:
        shares = ld.category_shares(typed)
    messages = " | ".join(str(w.message) for w in caught)
    assert (
        "17 figure(s) have a section outside the vocabulary ('主动公开' — did you mean 'proactive'?"
        in messages
    )
    assert "no section 'proactive'" in messages
    assert shares.empty


def test_requests_the_records_hold_are_answered_without_a_word(seed):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ld.category_shares(seed, year=2017)
        ld.yoy_growth(seed, year=2017)
        ld.refusal_breakdown(seed, year=2017)
        ld.outcome_breakdown(seed, year=2017)
        ld.audit(seed)
        ld.check(seed)
        ld.compare(seed, year=2017)
        ld.peer_summary(seed, year=2017, measure="refusal_rate")
        ld.yoy_growth(seed.drop(columns="applicant"), year=2017)  # a column left out: 总计


def test_a_missing_base_year_is_said_in_the_note_not_warned(seed):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = ld.yoy_growth(seed, year=2016)  # the records hold 2016 (derived), not 2015
    assert g[["current", "note"]].values.tolist() == [[686, "no figure for the base year"]]
