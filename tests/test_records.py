"""The records model and validate()."""

from __future__ import annotations

import pandas as pd
import pytest

import luzhou_disclosure as ld
from luzhou_disclosure.records import COLUMNS, SCHEMA


def test_bundled_records_are_valid_and_typed(seed):
    out = ld.validate(seed)
    assert list(out.columns) == list(COLUMNS)
    assert {c: str(t) for c, t in out.dtypes.items()} == SCHEMA
    pd.testing.assert_frame_equal(out, seed)


def test_bundled_records_hold_every_figure_of_the_seed(seed):
    """Issue 2 §4, each figure stated in tests/data/seeds/000_9011374d10fa4802.txt."""
    counts = seed[seed["measure"] == "count"].set_index(["year", "section", "item"])["count"]
    expected = {
        (2017, "proactive", "主动公开政府信息总数"): 811,  # line 9: 主动公开政府信息811条
        (2016, "proactive", "主动公开政府信息总数"): 686,  # line 9: 比2016年多125条 → 811 − 125
        (2017, "proactive", "概况类"): 3,
        (2017, "proactive", "计划总结类"): 22,
        (2017, "proactive", "法规公文类"): 13,
        (2017, "proactive", "工作动态类"): 239,
        (2017, "proactive", "人事类"): 16,
        (2017, "proactive", "财政类"): 6,
        (2017, "proactive", "其他类"): 512,  # line 9
        (2017, "channel", "政府门户网站"): 41,
        (2017, "channel", "部门网站"): 696,  # line 10
        (2017, "channel", "新闻发布会"): 3,
        (2017, "channel", "新闻通稿"): 1,  # line 11
        (2017, "channel", "政务微博"): 6,
        (2017, "channel", "政务微信"): 26,  # line 14
        (2017, "applications", "本年新收政府信息公开申请数量"): 246,
        (2017, "applications", "办理答复数量"): 246,
        (2017, "applications", "结转下年度继续办理"): 0,  # line 17
        (2017, "outcomes", "属于已主动公开范围"): 231,
        (2017, "outcomes", "同意公开"): 0,
        (2017, "outcomes", "部分公开"): 0,
        (2017, "outcomes", "不予公开"): 15,
        (2017, "outcomes", "商业秘密"): 4,
        (2017, "outcomes", "不属于本行政机关"): 1,
        (2017, "outcomes", "申请信息不存在"): 5,
        (2017, "outcomes", "申请内容不明确或转其他途径办理"): 5,
        (2017, "outcomes", "其他原因"): 0,  # line 17
        (2017, "reconsideration", "行政复议"): 0,
        (2017, "litigation", "行政诉讼"): 0,  # line 21
    }
    assert counts.to_dict() == expected
    fees = seed[seed["section"] == "fees"].iloc[0]
    assert fees["value"] == 0 and fees["measure"] == "amount"  # line 19: 未收取费用
    derived = seed[seed["year"] == 2016].iloc[0]
    assert derived["source"].startswith("derived: 811 − 125")
    printed = seed[seed["measure"].isin(["share_pct", "growth_pct"])]
    assert (
        len(printed) == 7 + 1 + 2 + 3 + 5
    )  # categories, growth, 答复/转结 占…%, 同意/部分/不予公开, five reasons
    # every stated figure names its sentence in the report
    stated = seed[seed["year"] == 2017]
    assert stated["source"].str.match(r"000_9011374d10fa4802\.txt:\d+ 「.+」").all()
    for rec in stated[stated["measure"] == "count"].itertuples():
        assert str(rec.count) in rec.source, rec


def _records(**over):
    row = {
        "agency": "甲",
        "year": 2020,
        "section": "proactive",
        "item": "概况类",
        "measure": "count",
        "count": 3,
    }
    row.update(over)
    return ld.make_records([row])


def test_validate_collects_every_problem_in_one_error():
    bad = pd.concat(
        [
            _records(section="nonsense"),
            _records(item="人事类", count=-2),
            _records(item="财政类", measure="share_pct", count=None, value=5.0),  # no base
            _records(item="工作动态类", measure="growth", count=1),
            _records(item="其他类", applicant="个人"),
            _records(item="其他类", applicant="个人"),  # duplicate figure
            _records(item=None),
            _records(
                item="财政类", measure="count", value=2.0, count=None
            ),  # count in the value column
        ],
        ignore_index=True,
    )
    with pytest.raises(ld.SchemaError) as info:
        ld.validate(bad)
    cases = info.value.failure_cases
    assert set(cases.columns) == {"check", "column", "row", "value", "message"}
    checks = set(zip(cases["check"], cases["row"], strict=True))
    assert ("unknown section", 0) in checks
    assert ("negative count", 1) in checks
    assert ("missing value", 2) in checks  # share without base
    assert ("unknown measure", 3) in checks
    assert ("unknown applicant", 4) in checks and ("unknown applicant", 5) in checks
    assert ("duplicate figure", 5) in checks
    assert ("missing value", 6) in checks
    assert ("wrong value column", 7) in checks
    assert "problems in records" in str(info.value)


def test_validate_reports_missing_columns_and_wrong_types():
    frame = pd.DataFrame({"agency": ["甲"], "year": ["twenty"], "item": ["x"], "count": [1.5]})
    with pytest.raises(ld.SchemaError) as info:
        ld.validate(frame)
    cases = info.value.failure_cases
    assert set(cases.loc[cases["check"] == "missing column", "column"]) == {"section", "measure"}
    assert set(cases.loc[cases["check"] == "wrong type", "column"]) == {"year", "count"}


def test_validate_does_not_modify_its_input(seed):
    before = seed.copy(deep=True)
    messy = seed.astype({"year": "int64", "count": "float64"})
    messy_before = messy.copy(deep=True)
    out = ld.validate(messy)
    pd.testing.assert_frame_equal(messy, messy_before)
    pd.testing.assert_frame_equal(out, before)


def test_na_is_not_zero():
    r = ld.make_records(
        [
            {
                "agency": "甲",
                "year": 2020,
                "section": "outcomes",
                "item": "予以公开",
                "measure": "count",
                "count": None,
            }
        ]
    )
    assert r["count"].isna().all() and str(r["count"].dtype) == "Int64"
    assert ld.validate(r)["count"].isna().all()


def test_concat_records_keeps_dtypes(seed):
    both = ld.concat_records([seed, ld.empty_records(), seed.assign(agency="乙")])
    assert len(both) == 2 * len(seed) and {c: str(t) for c, t in both.dtypes.items()} == SCHEMA
    assert ld.concat_records([]).empty


def test_na_written_as_text_in_a_code_column_is_a_problem():
    # a workbook reads '—' in parent/field/unit/base as NA, so records holding it would not
    # round-trip
    with pytest.raises(ld.SchemaError) as info:
        ld.validate(_records(parent="—", unit="/"))
    cases = info.value.failure_cases
    assert set(cases.loc[cases["check"] == "NA written as text", "column"]) == {"parent", "unit"}
