"""check(): every rule of docs/formats.md §4 passes on consistent figures and fails on a broken one.

All figures are small hand-made reports; expected sums were worked out by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

import luzhou_disclosure as ld

SIX = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def rec(
    item,
    count,
    *,
    section="outcomes",
    parent=None,
    applicant="总计",
    field=None,
    year=2021,
    form="2021",
    agency="甲局",
    measure="count",
    source=None,
    **extra,
):
    return {
        "agency": agency,
        "year": year,
        "form": form,
        "section": section,
        "item": item,
        "parent": parent,
        "applicant": applicant,
        "field": field,
        "measure": measure,
        "count": count,
        "source": source or f"{item}/{applicant}/{field}/{year}",
        **extra,
    }


def flow(
    received=5, carried_in=1, total=4, carried_forward=2, applicant="总计", year=2021, form="2021"
):
    """One applicant column of section 三: 5 + 1 = 4 + 2 holds (checked by hand)."""
    return [
        rec(
            "本年新收政府信息公开申请数量",
            received,
            section="applications",
            applicant=applicant,
            year=year,
            form=form,
        ),
        rec(
            "上年结转政府信息公开申请数量",
            carried_in,
            section="applications",
            applicant=applicant,
            year=year,
            form=form,
        ),
        rec("总计", total, applicant=applicant, year=year, form=form),
        rec(
            "结转下年度继续办理",
            carried_forward,
            section="applications",
            applicant=applicant,
            year=year,
            form=form,
        ),
    ]


def run(rows, rule):
    found = ld.check(ld.make_records(rows))
    return found[found["rule"] == rule]


def test_r1_pass_and_fail():
    ok = run(flow(), "R1")
    assert ok["ok"].tolist() == [True]
    bad = run(flow(carried_forward=3), "R1")  # 5 + 1 = 6, but 4 + 3 = 7
    assert bad[["severity", "found", "expected", "difference"]].values.tolist() == [
        ["error", 6.0, 7.0, -1.0]
    ]
    assert "本年新收政府信息公开申请数量/总计/None/2021" in bad["sources"].iloc[0]


def test_r2_pass_and_fail():
    rows = [rec("予以公开", v, applicant=a) for a, v in zip(SIX, [1, 2, 0, 0, 0, 1], strict=True)]
    assert run([*rows, rec("予以公开", 4)], "R2")["ok"].tolist() == [True]
    bad = run([*rows, rec("予以公开", 5)], "R2")
    assert bad[["ok", "found", "expected"]].values.tolist() == [[False, 5.0, 4.0]]
    sub = [rec("予以公开", 2, applicant="法人或其他组织")]  # 商业企业 2 + 其他 1 = 3
    assert run([*rows, rec("予以公开", 4), *sub], "R2")["ok"].tolist() == [True, False]


def test_r3_pass_and_fail():
    body = [
        rec("予以公开", 2),
        rec("部分公开", 1),
        rec("属于国家秘密", 1, parent="不予公开"),
        rec("重复申请", 1, parent="不予处理"),
        rec("其他", 1, parent="其他处理"),
    ]
    assert run([*body, rec("总计", 6)], "R3")["ok"].tolist() == [True]
    bad = run([*body, rec("总计", 7)], "R3")
    assert bad[["found", "expected", "severity"]].values.tolist() == [[7.0, 6.0, "error"]]


def test_r4_pass_and_fail():
    def group(total):
        fields = dict(
            zip(
                ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
                [1, 1, 0, 2, total],
                strict=True,
            )
        )
        return [rec("行政复议", v, section="reconsideration", field=f) for f, v in fields.items()]

    assert run(group(4), "R4")["ok"].tolist() == [True]
    assert run(group(3), "R4")[["ok", "found", "expected"]].values.tolist() == [[False, 3.0, 4.0]]


def test_r5_pass_and_fail():
    total = rec("主动公开政府信息总数", 10, section="proactive", form="narrative")
    part = rec(
        "工作动态类", 4, section="proactive", parent="主动公开政府信息总数", form="narrative"
    )
    rest = rec("其他类", 6, section="proactive", parent="主动公开政府信息总数", form="narrative")
    found = run([total, part, rest], "R5")  # each part ≤ 10, and 4 + 6 = 10
    assert found["ok"].all() and len(found) == 3
    big = rec(
        "工作动态类", 12, section="proactive", parent="主动公开政府信息总数", form="narrative"
    )
    bad = run([total, big], "R5")
    assert not bad["ok"].any()
    assert "part above its whole" in " ".join(bad["message"])
    neg = run([rec("予以公开", -1)], "R5")
    assert neg[["ok", "found", "expected"]].values.tolist() == [[False, -1.0, 0.0]]


def test_r6_pass_and_fail():
    base = [rec("本年新收政府信息公开申请数量", 8, section="applications"), rec("予以公开", 2)]
    good = rec("予以公开", None)  # 2 of 8 = 25.00 %
    good.update(
        measure="share_pct", base="本年新收政府信息公开申请数量", decimals=2, unit="%", value=25.0
    )
    ok = run([*base, good], "R6")
    assert ok["ok"].tolist() == [True] and "[printed_share]" in ok["message"].iloc[0]
    bad = dict(good, value=26.0)
    assert run([*base, bad], "R6")[["ok", "found", "expected"]].values.tolist() == [
        [False, 26.0, 25.0]
    ]


def test_r7_pass_and_fail():
    table = rec("本年新收政府信息公开申请数量", 6, section="applications", source="form.xlsx!三!J6")
    text = dict(table, source="report.txt:3:10-11")
    assert run([table, text], "R7")["ok"].tolist() == [True]
    bad = run([table, dict(text, count=7)], "R7")
    assert bad["ok"].tolist() == [False]
    assert bad["sources"].iloc[0] == "form.xlsx!三!J6 | report.txt:3:10-11"


def test_r8_pass_and_fail():
    y20 = flow(carried_forward=2, year=2020, form="2019")
    assert run([*y20, *flow(carried_in=2)], "R8")["ok"].tolist() == [True]
    bad = run([*y20, *flow(carried_in=1, received=6)], "R8")
    assert bad[["ok", "year", "found", "expected"]].values.tolist() == [[False, 2020, 2.0, 1.0]]


def a20(year, issued, repealed, valid):
    return [
        rec(
            "行政规范性文件",
            v,
            section="article20",
            parent="第二十条第（一）项",
            field=f,
            year=year,
        )
        for f, v in (("本年制发件数", issued), ("本年废止件数", repealed), ("现行有效件数", valid))
    ]


def test_r9_pass_and_fail():
    assert run([*a20(2021, 3, 0, 10), *a20(2022, 2, 1, 11)], "R9")["ok"].tolist() == [
        True
    ]  # 10 + 2 − 1
    bad = run([*a20(2021, 3, 0, 10), *a20(2022, 2, 1, 12)], "R9")
    assert bad[["ok", "year", "found", "expected"]].values.tolist() == [[False, 2022, 12.0, 11.0]]


@pytest.mark.parametrize(
    ("before", "after", "ok"), [(10, 50, True), (10, 2, True), (10, 51, False), (10, 1, False)]
)
def test_r10_pass_and_warn(before, after, ok):
    rows = [rec("予以公开", before, year=2020), rec("予以公开", after, year=2021)]
    found = run(rows, "R10")
    assert found["ok"].tolist() == [ok]
    assert found["severity"].tolist() == ["ok" if ok else "warning"]


def test_check_leaves_input_alone_and_renders():
    records = ld.make_records(flow(carried_forward=3))
    before = records.copy()
    found = ld.check(records)
    pd.testing.assert_frame_equal(records, before)
    assert list(found.columns) == [
        "rule",
        "ok",
        "severity",
        "agency",
        "year",
        "section",
        "item",
        "applicant",
        "field",
        "expected",
        "found",
        "difference",
        "message",
        "sources",
    ]
    assert "R1" in ld.style_findings(found).to_html()


def test_na_figures_are_not_checked():
    rows = flow()
    rows[0]["count"] = None
    assert run(rows, "R1").empty


def test_figures_the_prose_states_again_are_not_added_to_the_tables():
    # the table: 5 + 1 = 4 + 2 (R1), （七）总计 4 = 予以公开 3 + 部分公开 1 (R3); the prose states
    # 收到申请5件, 办结4件, 予以公开3件 again (field narrative): R1 and R3 are the table's own
    # arithmetic (before, R3 added both, 8 against 7, and R1 was not made: three figures on a side)
    prose = [
        rec("本年新收政府信息公开申请数量", 5, section="applications", field="narrative"),
        rec("总计", 4, field="narrative"),
        rec("予以公开", 3, field="narrative"),
    ]
    rows = [*flow(), rec("予以公开", 3), rec("部分公开", 1), *prose]
    found = ld.check(ld.make_records(rows))
    by_rule = found.groupby("rule")["ok"].agg(list).to_dict()
    assert by_rule["R1"] == [True] and by_rule["R3"] == [True]


def test_categorical_columns_give_the_messages_of_strings():
    # a panel often holds its text columns as categoricals (agency: every agency of the panel); a
    # failed check's message names its applicant column (formatted from the categories the failed
    # rows use) exactly as for strings
    rows = [*flow(carried_forward=3), *flow(carried_forward=2)]  # 甲局 broken, 乙局 holds
    for r in rows[4:]:
        r["agency"] = "乙局"
    plain = ld.make_records(rows)
    as_categories = plain.assign(
        agency=pd.Categorical(plain["agency"], categories=["丙局", "乙局", "甲局", "丁局"]),
        applicant=pd.Categorical(plain["applicant"], categories=["其他", "总计", "自然人"]),
    )
    want, got = ld.check(plain), ld.check(as_categories)
    broken = want[~want["ok"]]
    assert broken["agency"].tolist() == ["甲局"] and "(总计)" in broken["message"].iloc[0]
    pd.testing.assert_frame_equal(got, want)
