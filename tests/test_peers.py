"""peer_summary: ranks, percentiles and quartiles among peers. Agencies and figures made by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import luzhou_disclosure as ld

RECEIVED = "本年新收政府信息公开申请数量"


def _agency(name, received, reasons, year=2021):
    """An agency that received ``received`` applications and answered as many (（七）总计, the
    base of the rates, docs/indicators.md), refusing for ``reasons``."""
    rows = []
    if received is not None:
        for section, item in (("applications", RECEIVED), ("outcomes", "总计")):
            rows.append(
                {
                    "agency": name,
                    "year": year,
                    "form": "2021",
                    "section": section,
                    "item": item,
                    "measure": "count",
                    "count": received,
                }
            )
    for item, n in reasons:
        rows.append(
            {
                "agency": name,
                "year": year,
                "form": "2021",
                "section": "outcomes",
                "item": item,
                "parent": "不予公开",
                "measure": "count",
                "count": n,
            }
        )
    if received is None:
        rows.append(
            {
                "agency": name,
                "year": year,
                "form": "2021",
                "section": "channel",
                "item": "政务微信",
                "measure": "count",
                "count": 3,
            }
        )
    return rows


@pytest.fixture
def panel():
    return ld.make_records(
        _agency("A", 100, [("属于国家秘密", 10)])  # 10 ÷ 100 = 10 %
        + _agency("B", 50, [("保护第三方合法权益", 10)])  # 20 %
        + _agency("C", 200, [("属于国家秘密", 6), ("属于行政查询事项", 4)])  # 10 ÷ 200 = 5 %
        + _agency("D", 5, [("属于国家秘密", 4)])  # 80 %, but only 5 applications
        + _agency("E", 40, [("属于国家秘密", 0)])  # 0 %
        + _agency("F", None, [])  # no application figures at all
    )


def test_refusal_rate_ranks_percentiles_and_quartiles(panel):
    p = ld.peer_summary(panel, year=2021, measure="refusal_rate").set_index("agency")
    assert p.loc["A", "value"] == pytest.approx(10.0)
    assert p.loc["C", "numerator"] == 10 and p.loc["C", "applications"] == 200
    # ranked: B 20, A 10, C 5, E 0 → ranks 1..4; percentiles: share of ranked at or below
    assert p.loc[["B", "A", "C", "E"], "rank"].tolist() == [1, 2, 3, 4]
    assert p.loc[["E", "C", "A", "B"], "percentile"].tolist() == [25.0, 50.0, 75.0, 100.0]
    assert p.loc["A", "n_ranked"] == 4
    # quartiles of [0, 5, 10, 20], linear interpolation: 3.75, 7.5, 12.5 (by hand)
    assert p.loc["A", ["p25", "p50", "p75"]].tolist() == [3.75, 7.5, 12.5]
    assert p.loc["D", ["p25", "p50", "p75"]].tolist() == [3.75, 7.5, 12.5]


def test_left_out_agencies_say_why(panel):
    p = ld.peer_summary(panel, year=2021, measure="refusal_rate").set_index("agency")
    assert not p.loc["D", "ranked"] and pd.isna(p.loc["D", "rank"])
    assert p.loc["D", "value"] == pytest.approx(80.0)  # still shown, not ranked
    assert "fewer than 10 applications" in p.loc["D", "excluded_reason"]
    assert not p.loc["F", "ranked"] and RECEIVED in p.loc["F", "excluded_reason"]
    assert p.loc[["A", "B", "C", "E"], "excluded_reason"].isna().all()


def test_min_applications_is_a_parameter(panel):
    p = ld.peer_summary(panel, year=2021, measure="refusal_rate", min_applications=5).set_index(
        "agency"
    )
    assert p.loc["D", "ranked"] and p.loc["D", "rank"] == 1


def test_counts_are_ranked_whatever_the_number_of_applications(panel):
    p = ld.peer_summary(panel, year=2021, item=RECEIVED).set_index("agency")
    assert p.loc[["C", "A", "B", "E", "D"], "rank"].tolist() == [1, 2, 3, 4, 5]
    assert p.loc["C", "p50"] == 50  # median of 5, 40, 50, 100, 200
    assert not p.loc["F", "ranked"]


def test_peer_groups_from_a_mapping(panel):
    groups = {"A": "市级", "B": "市级", "C": "区县", "E": "区县"}
    p = ld.peer_summary(panel, year=2021, measure="refusal_rate", peers=groups).set_index("agency")
    assert p.loc[["B", "A"], "rank"].tolist() == [1, 2]
    assert p.loc[["C", "E"], "rank"].tolist() == [1, 2]
    assert p.loc["A", "p50"] == pytest.approx(15.0)  # median of 10 and 20
    assert p.loc["D", "excluded_reason"].startswith("fewer than")


def test_narrative_refusals_use_the_stated_total(seed):
    """The seed: 不予公开 15 of 246 received = 6.10 % (stated in the 2017 report)."""
    p = ld.peer_summary(seed, year=2017, measure="refusal_rate")
    assert round(float(p.loc[0, "value"]), 2) == 6.10


def test_needs_item_or_measure(panel):
    with pytest.raises(ValueError, match="either item"):
        ld.peer_summary(panel, year=2021)
    with pytest.raises(ValueError, match="measure='nope'"):
        ld.peer_summary(panel, year=2021, measure="nope")


def test_nobody_ranked_gives_every_reason_and_no_quartiles(panel):
    """Every agency has fewer than 1,000 applications: none is ranked (this raised before)."""
    p = ld.peer_summary(panel, year=2021, measure="refusal_rate", min_applications=1000)
    assert not p["ranked"].any() and p["rank"].isna().all()
    assert p[["p25", "p50", "p75"]].isna().all().all()
    assert p.set_index("agency").loc["A", "excluded_reason"].startswith("fewer than 1000")
