"""compare: year against year through the crosswalk. Figures are hand-made; expectations by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import luzhou_disclosure as ld

AG = "泸州市测试局"


def _narrative_2018():
    """A 2018 narrative report, built by hand: 100 applications, answered as below (sums
    checked)."""

    def r(section, item, count, parent=None):
        return {
            "agency": AG,
            "year": 2018,
            "form": "narrative",
            "section": section,
            "item": item,
            "parent": parent,
            "measure": "count",
            "count": count,
        }

    return [
        r("applications", "本年新收政府信息公开申请数量", 100),
        r("applications", "办理答复数量", 100),
        r("outcomes", "属于已主动公开范围", 30, "办理答复数量"),
        r("outcomes", "同意公开", 40, "办理答复数量"),
        r("outcomes", "同意部分公开", 10, "办理答复数量"),
        r("outcomes", "不予公开", 20, "办理答复数量"),  # 30 + 40 + 10 + 20 = 100
        r("outcomes", "商业秘密", 5, "不予公开"),
        r("outcomes", "个人隐私", 3, "不予公开"),
        r("outcomes", "国家秘密", 2, "不予公开"),
        r("outcomes", "申请信息不存在", 6, "不予公开"),
        r("outcomes", "不属于本行政机关", 4, "不予公开"),  # 5 + 3 + 2 + 6 + 4 = 20
    ]


def _standard_2019():
    """The same agency's 2019 standard form (总计 column), built by hand: 120 received, 120
    answered."""

    def r(section, item, count, parent=None):
        return {
            "agency": AG,
            "year": 2019,
            "form": "2019",
            "section": section,
            "item": item,
            "parent": parent,
            "measure": "count",
            "count": count,
        }

    return [
        r("applications", "本年新收政府信息公开申请数量", 120),
        r("applications", "上年结转政府信息公开申请数量", 0),
        r("outcomes", "予以公开", 84),
        r("outcomes", "部分公开", 6),
        r("outcomes", "属于国家秘密", 1, "不予公开"),
        r("outcomes", "保护第三方合法权益", 12, "不予公开"),
        r("outcomes", "本机关不掌握相关政府信息", 9, "无法提供"),
        r("outcomes", "重复申请", 3, "不予处理"),
        r("outcomes", "其他处理", 5),
        r("outcomes", "总计", 120),  # 84 + 6 + 1 + 12 + 9 + 3 + 5 = 120
    ]


@pytest.fixture
def across_2019():
    return ld.make_records(_narrative_2018() + _standard_2019())


def _get(c: pd.DataFrame, item: str, parent: str | None = None) -> pd.Series:
    rows = c[(c["item"] == item) & (c["applicant"] == "总计")]
    rows = rows[rows["parent"].isna()] if parent is None else rows[rows["parent"] == parent]
    assert len(rows) == 1, rows
    return rows.iloc[0]


@pytest.mark.parametrize(
    ("item", "parent", "previous", "current", "growth", "via", "judgement"),
    [
        ("予以公开", None, 70, 84, 20.0, True, False),  # 30 + 40 → 84
        ("部分公开", None, 10, 6, -40.0, True, False),  # 同意部分公开
        ("保护第三方合法权益", "不予公开", 8, 12, 50.0, True, False),  # 商业秘密 5 + 个人隐私 3
        ("属于国家秘密", "不予公开", 2, 1, -50.0, True, False),
        (
            "本机关不掌握相关政府信息",
            "无法提供",
            10,
            9,
            -10.0,
            True,
            True,
        ),  # 6 + 不属于本行政机关 4 (judgement)
        ("不予公开", None, 20, 13, -35.0, True, True),  # stated 20 vs 2019 reasons 1 + 12
        ("无法提供", None, 10, 9, -10.0, True, True),  # both summed from parts
        ("总计", None, 100, 120, 20.0, True, False),  # 办理答复数量 → （七）总计
        ("本年新收政府信息公开申请数量", None, 100, 120, 20.0, False, False),
    ],
)
def test_2018_narrative_against_2019_standard_form(
    across_2019, item, parent, previous, current, growth, via, judgement
):
    c = ld.compare(across_2019, year=2019, base_year=2018)
    row = _get(c, item, parent)
    assert (row["previous"], row["current"]) == (previous, current)
    assert row["change"] == current - previous
    assert row["growth_pct"] == pytest.approx(growth)
    assert bool(row["via_crosswalk"]) is via
    assert bool(row["judgement"]) is judgement
    assert not row["new_item"] and not row["dropped_item"]


def test_groups_and_new_items_across_2019(across_2019):
    c = ld.compare(across_2019, year=2019, base_year=2018)
    # 2018 states 不予公开 (20, not its mapped reasons 5 + 3 + 2); the 2019 side is summed from
    # parts
    assert _get(c, "不予公开")["previous"] == 20
    assert bool(_get(c, "不予公开")["summed"]) is True
    assert bool(_get(c, "无法提供")["summed"]) is True
    new = _get(c, "不予处理")
    assert new["new_item"] and pd.isna(new["previous"]) and new["current"] == 3
    assert new["note"] == "no figure for the base year"
    assert _get(c, "其他处理")["new_item"]
    assert "new item" in _get(c, "重复申请", "不予处理")["flags"]


def test_same_logic_as_yoy_growth(seed):
    """The seed's proactive total: 811 in 2017, 686 in 2016 (stated in the 2017 report, +18.22%)."""
    c = ld.compare(seed, year=2017, base_year=2016)
    g = ld.yoy_growth(seed, year=2017)
    row = _get(c, "主动公开政府信息总数")
    assert (row["current"], row["previous"], row["change"]) == tuple(
        g[["current", "previous", "change"]].iloc[0]
    )
    assert row["growth_pct"] == pytest.approx(float(g["growth_pct"].iloc[0]))
    assert round(float(row["growth_pct"]), 2) == 18.22


def _pair(item, prev, cur, agency="丁局"):
    rows = []
    if prev is not None:
        rows.append(
            {
                "agency": agency,
                "year": 2021,
                "form": "2021",
                "section": "channel",
                "item": item,
                "measure": "count",
                "count": prev,
            }
        )
    if cur is not None:
        rows.append(
            {
                "agency": agency,
                "year": 2022,
                "form": "2021",
                "section": "channel",
                "item": item,
                "measure": "count",
                "count": cur,
            }
        )
    return rows


@pytest.mark.parametrize(
    ("prev", "cur", "flag"),
    [
        (2, 12, "ratio_above_5"),  # 12 ÷ 2 = 6 > 5 (docs/formats.md §4 rule 10)
        (10, 1, "ratio_below_0_2"),  # 1 ÷ 10 = 0.1 < 0.2
        (0, 4, "growth_from_zero"),
        (5, None, "dropped_item"),
        (None, 7, "new_item"),
    ],
)
def test_flags(prev, cur, flag):
    c = ld.compare(ld.make_records(_pair("政务微信", prev, cur)), year=2022)
    assert len(c) == 1
    flags = ["new_item", "dropped_item", "growth_from_zero", "ratio_above_5", "ratio_below_0_2"]
    assert [f for f in flags if c.loc[0, f]] == [flag]
    assert c.loc[0, "flagged"]


def test_ratio_of_5_exactly_is_not_flagged():
    c = ld.compare(ld.make_records(_pair("政务微信", 2, 10)), year=2022)
    assert c.loc[0, "ratio"] == 5 and not c.loc[0, "flagged"]


def test_2019_other_handling_against_the_2021_split():
    rows = [
        {
            "agency": AG,
            "year": 2020,
            "form": "2019",
            "section": "outcomes",
            "item": "其他处理",
            "measure": "count",
            "count": 6,
        }
    ]
    for item, n in (
        ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2),
        ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 1),
        ("其他", 4),
    ):
        rows.append(
            {
                "agency": AG,
                "year": 2021,
                "form": "2021",
                "section": "outcomes",
                "item": item,
                "parent": "其他处理",
                "measure": "count",
                "count": n,
            }
        )
    c = ld.compare(ld.make_records(rows), year=2021)
    row = _get(c, "其他处理")
    assert (row["previous"], row["current"]) == (6, 7)  # 2 + 1 + 4
    assert row["summed"] and row["via_crosswalk"]


def test_several_years_in_one_pass_equal_separate_calls(across_2019):
    more = ld.make_records(
        _narrative_2018() + _standard_2019() + [dict(r, year=2017) for r in _narrative_2018()]
    )
    both = ld.compare(more, year=[2018, 2019])
    for y in (2018, 2019):
        one = ld.compare(more, year=y).reset_index(drop=True)
        part = both[both["year"] == y].reset_index(drop=True)
        pd.testing.assert_frame_equal(part.astype(object), one.astype(object))


def test_harmonized_input_and_no_mutation(across_2019):
    before = across_2019.copy()
    a = ld.compare(across_2019, year=2019, base_year=2018)
    pd.testing.assert_frame_equal(across_2019, before)
    b = ld.compare(ld.harmonize(across_2019), year=2019, base_year=2018)
    pd.testing.assert_frame_equal(a.astype(object), b.astype(object))


def test_applicant_columns_are_compared_separately():
    rows = [
        {
            "agency": AG,
            "year": y,
            "form": "2021",
            "section": "applications",
            "item": "本年新收政府信息公开申请数量",
            "applicant": a,
            "measure": "count",
            "count": n,
        }
        for y, a, n in (
            (2021, "自然人", 8),
            (2021, "总计", 10),
            (2022, "自然人", 4),
            (2022, "总计", 9),
        )
    ]
    c = ld.compare(ld.make_records(rows), year=2022).set_index("applicant")
    assert (c.loc["自然人", "previous"], c.loc["自然人", "current"]) == (8, 4)
    assert (c.loc["总计", "previous"], c.loc["总计", "current"]) == (10, 9)


def test_bad_arguments(across_2019):
    with pytest.raises(ValueError, match="base_year"):
        ld.compare(across_2019, year=[2018, 2019], base_year=[2017, 2016, 2015])
    with pytest.raises(ld.SchemaError):
        ld.compare(across_2019.drop(columns="item"), year=2019)


# --- like with like: the crosswalk only where the forms differ --------------------------------


def _narrative_2017():
    """The agency's 2017 narrative report, made by hand: 80 applications, reasons differ from
    2018."""
    rows = [dict(r, year=2017) for r in _narrative_2018()]
    counts = {
        "本年新收政府信息公开申请数量": 80,
        "办理答复数量": 80,
        "属于已主动公开范围": 20,
        "同意公开": 35,
        "同意部分公开": 10,
        "不予公开": 15,  # 20 + 35 + 10 + 15 = 80
        "商业秘密": 2,
        "个人隐私": 4,
        "国家秘密": 1,
        "申请信息不存在": 6,
        "不属于本行政机关": 2,  # 2 + 4 + 1 + 6 + 2 = 15
    }
    return [dict(r, count=counts[r["item"]]) for r in rows]


@pytest.fixture
def both_narrative():
    return ld.make_records(_narrative_2017() + _narrative_2018())


@pytest.mark.parametrize(
    ("item", "parent", "previous", "current"),
    [
        ("属于已主动公开范围", "办理答复数量", 20, 30),  # not merged with 同意公开 into 予以公开
        ("同意公开", "办理答复数量", 35, 40),
        ("同意部分公开", "办理答复数量", 10, 10),
        ("不予公开", "办理答复数量", 15, 20),
        ("商业秘密", "不予公开", 2, 5),  # not added to 个人隐私 as 保护第三方合法权益
        ("个人隐私", "不予公开", 4, 3),
        ("不属于本行政机关", "不予公开", 2, 4),  # not under 无法提供 (a judgement call)
        ("办理答复数量", None, 80, 100),  # stays in applications, not （七）总计
    ],
)
def test_two_narrative_years_are_compared_as_written(
    both_narrative, item, parent, previous, current
):
    c = ld.compare(both_narrative, year=2018, base_year=2017)
    row = _get(c, item, parent)
    assert (row["previous"], row["current"]) == (previous, current)  # the figures typed above
    assert not row["via_crosswalk"] and not row["judgement"] and not row["summed"]
    assert (row["form"], row["base_form"]) == ("narrative", "narrative")


def test_two_narrative_years_have_no_crosswalk_row(both_narrative):
    c = ld.compare(both_narrative, year=2018, base_year=2017)
    assert not c["via_crosswalk"].any() and not c["judgement"].any()
    assert not c["flags"].str.contains("through crosswalk").any()
    assert not c["flagged"].any()  # every item in both years, ratios between 0.2 and 5
    standard_only = {
        "予以公开",
        "部分公开",
        "保护第三方合法权益",
        "本机关不掌握相关政府信息",
        "总计",
    }
    assert standard_only.isdisjoint(set(c["item"]))
    # a user's crosswalk entry is not applied either: nothing differs to cross
    d = ld.compare(both_narrative, year=2018, mapping={"商业秘密": ("不予公开", "属于国家秘密")})
    assert _get(d, "商业秘密", "不予公开")["current"] == 5


def test_forms_differ_only_for_some_agencies():
    """甲 changed to the 2019 form, 乙 still wrote a narrative report in 2019: each compared its
    way."""
    late = [dict(r, agency="乙局") for r in _narrative_2018()]
    late += [dict(r, agency="乙局", year=2019) for r in _narrative_2018()]
    c = ld.compare(ld.make_records(_narrative_2018() + _standard_2019() + late), year=2019)
    mine, theirs = c[c["agency"] == AG], c[c["agency"] == "乙局"]
    assert set(mine["form"]) == {"2019"} and set(mine["base_form"]) == {"narrative"}
    assert mine.loc[mine["item"] == "予以公开", "via_crosswalk"].all()
    assert not theirs["via_crosswalk"].any() and "商业秘密" in set(theirs["item"])
    # rows that map to themselves are not "through crosswalk" even across the forms
    assert not mine.loc[mine["item"] == "本年新收政府信息公开申请数量", "via_crosswalk"].any()


def test_a_year_can_be_read_both_ways_in_one_pass():
    """2018 is compared as written with 2017 and through the crosswalk with 2019."""
    records = ld.make_records(_narrative_2017() + _narrative_2018() + _standard_2019())
    both = ld.compare(records, year=[2018, 2019])
    assert not both.loc[both["year"] == 2018, "via_crosswalk"].any()
    assert both.loc[both["year"] == 2019, "via_crosswalk"].any()
    for y in (2018, 2019):
        one = ld.compare(records, year=y).reset_index(drop=True)
        part = both[both["year"] == y].reset_index(drop=True)
        pd.testing.assert_frame_equal(part.astype(object), one.astype(object))


def test_same_standard_form_keeps_its_own_rows():
    """2019 and 2020 both on the 2019 form: 其他处理 is the 2019 form's own row, not a crosswalk
    one."""
    rows = [
        {
            "agency": AG,
            "year": y,
            "form": "2019",
            "section": "outcomes",
            "item": "其他处理",
            "measure": "count",
            "count": n,
        }
        for y, n in ((2019, 3), (2020, 6))
    ]
    row = _get(ld.compare(ld.make_records(rows), year=2020), "其他处理")
    assert (row["previous"], row["current"]) == (3, 6)
    assert not row["via_crosswalk"] and not row["summed"]


def test_a_narrative_group_without_its_total_is_summed_from_its_reasons():
    rows = [r for r in _narrative_2017() + _narrative_2018() if r["item"] != "不予公开"]
    c = ld.compare(ld.make_records(rows), year=2018)
    row = _get(c, "不予公开")  # 2017: 2 + 4 + 1 + 6 + 2 = 15; 2018: 5 + 3 + 2 + 6 + 4 = 20
    assert (row["previous"], row["current"]) == (15, 20)
    assert row["summed"] and not row["via_crosswalk"]
    assert len(c[c["item"] == "不予公开"]) == 1


# --- issue 16: one name per idea across the API ------------------------------------------------


def test_missing_columns_are_a_schema_error_listing_them(across_2019):
    with pytest.raises(ld.SchemaError) as err:
        ld.compare(across_2019.drop(columns=["measure", "section"]), year=2019)
    # compare needs year, section, item, measure and the by columns (in that order)
    assert err.value.failure_cases["column"].tolist() == ["section", "measure"]
    assert set(err.value.failure_cases["check"]) == {"missing column"}
    with pytest.raises(ld.SchemaError) as err:
        ld.compare(across_2019, year=2019, by=("province", "agency"))
    assert err.value.failure_cases["column"].tolist() == ["province"]
    with pytest.raises(ld.SchemaError) as err:
        ld.peer_summary(across_2019, year=2019, item=RECEIVED, by=("province", "agency"))
    assert err.value.failure_cases["column"].tolist() == ["province"]


@pytest.mark.parametrize("function", [ld.compare, ld.peer_summary])
def test_to_is_a_deprecated_alias_of_form(across_2019, function):
    ask = {"year": 2019} if function is ld.compare else {"year": 2019, "item": RECEIVED}
    with pytest.warns(FutureWarning, match=rf"{function.__name__}: to= is renamed form="):
        old = function(across_2019, to="2021", **ask)
    pd.testing.assert_frame_equal(old, function(across_2019, form="2021", **ask))
    with pytest.raises(TypeError, match="give form= only; to= is its deprecated name"):
        function(across_2019, form="2021", to="2021", **ask)


RECEIVED = "本年新收政府信息公开申请数量"


def _province_agency(province, received, refused):
    """One 2021 report of 统计局 of ``province``: ``received`` applications, all answered
    (（七）总计), ``refused`` refused as 属于国家秘密."""
    base = {"agency": "统计局", "province": province, "year": 2021, "form": "2021"}
    base |= {"measure": "count"}
    return [
        dict(base, section="applications", item=RECEIVED, count=received),
        dict(base, section="outcomes", item="总计", count=received),
        dict(base, section="outcomes", item="属于国家秘密", parent="不予公开", count=refused),
    ]


@pytest.fixture
def two_provinces():
    """Two agencies of one name in two provinces: only the pair (province, agency) tells them
    apart."""
    rows = _province_agency("甲省", 100, 10) + _province_agency("乙省", 50, 10)
    return ld.as_records(pd.DataFrame(rows))  # as_records keeps the extra column province


def test_peer_summary_by_takes_several_columns(two_provinces):
    by = ("province", "agency")
    p = ld.peer_summary(two_provinces, year=2021, measure="refusal_rate", by=by)
    assert list(p.columns[:3]) == ["province", "agency", "year"]
    p = p.set_index("province")
    # by hand: 甲省 10 ÷ 100 = 10 %, 乙省 10 ÷ 50 = 20 % (rank 1 = highest value)
    assert p.loc["甲省", "value"] == 10 and p.loc["乙省", "value"] == 20
    assert (p.loc["乙省", "rank"], p.loc["甲省", "rank"]) == (1, 2)
    counts = ld.peer_summary(two_provinces, year=2021, item=RECEIVED, by=by).set_index("province")
    assert (counts.loc["甲省", "value"], counts.loc["乙省", "value"]) == (100, 50)
    # peers keyed by the tuple of the by columns: each agency alone in its group
    groups = {("甲省", "统计局"): "东", ("乙省", "统计局"): "西"}
    alone = ld.peer_summary(two_provinces, year=2021, item=RECEIVED, by=by, peers=groups)
    assert alone["peer_group"].tolist() == ["东", "西"] and alone["rank"].tolist() == [1, 1]


def test_one_column_by_is_the_same_as_a_tuple_of_it(across_2019):
    for function, ask in ((ld.compare, {}), (ld.peer_summary, {"item": RECEIVED})):
        pd.testing.assert_frame_equal(
            function(across_2019, year=2019, by="agency", **ask),
            function(across_2019, year=2019, by=("agency",), **ask),
        )


def test_compare_by_several_columns_keeps_the_units_apart(two_provinces):
    # the 2020 reports (made up for this test): 甲省 received 80, 乙省 40
    received_2020 = [
        dict(_province_agency(province, received, 0)[0], year=2020)
        for province, received in (("甲省", 80), ("乙省", 40))
    ]
    before = ld.as_records(pd.DataFrame(received_2020))
    both = ld.concat_records([before, two_provinces])
    c = ld.compare(both, year=2021, by=("province", "agency"))
    got = c[c["item"] == RECEIVED].set_index("province")
    assert (got.loc["甲省", "previous"], got.loc["甲省", "current"]) == (80, 100)
    assert (got.loc["乙省", "previous"], got.loc["乙省", "current"]) == (40, 50)


def test_flagged_leaves_out_judgement_and_summed():
    """A group summed from its parts, in two years of the same form, moved by a ratio of 5 ÷ 4:
    ``summed`` says how the figure was made, ``flagged`` stays False (the docstring's rule)."""
    rows = [
        {
            "agency": "戊局",
            "year": year,
            "form": "2021",
            "section": "outcomes",
            "item": "属于国家秘密",
            "parent": "不予公开",
            "measure": "count",
            "count": count,
        }
        for year, count in ((2021, 4), (2022, 5))
    ]
    c = ld.compare(ld.make_records(rows), year=2022)
    group = _get(c, "不予公开")
    assert (group["previous"], group["current"]) == (4, 5)  # 不予公开 = its one reason
    assert group["summed"] and not group["via_crosswalk"]
    assert group["flags"] == "summed from parts" and not group["flagged"]
