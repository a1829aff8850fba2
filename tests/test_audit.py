"""audit: printed percentages, growth rates and totals against the counts."""

from __future__ import annotations

import pandas as pd

import luzhou_disclosure as ld

P = "主动公开政府信息总数"


def checks(findings: pd.DataFrame) -> pd.Series:
    """The check of each finding: the name its message opens with (``[printed_share] …``)."""
    return findings["message"].astype(str).str.extract(r"^\[(\w+)\] ", expand=False)


def test_everything_in_the_seed_report_agrees(seed):
    findings = ld.audit(seed)
    assert findings["ok"].all(), findings.loc[~findings["ok"], "message"].tolist()
    # 17 printed shares (7 categories, 答复 100%, 转结 0%, 4 outcomes, 5 reasons … by hand:
    # 7+2+3+5), one printed growth rate, and three totals with parts (811, 246 answered, 15 refused)
    assert checks(findings).value_counts().to_dict() == {
        "printed_share": 17,
        "printed_growth": 1,
        "parts_total": 3,
    }
    # one rule id per check: the shares and the growth rate are R6, the totals R5 (docs/formats.md)
    assert findings["rule"].value_counts().to_dict() == {"R6": 18, "R5": 3}
    growth = findings[checks(findings) == "printed_growth"].iloc[0]
    assert (growth["expected"], growth["found"]) == (18.22, 18.22)
    assert "比2016年多125条" in growth["sources"] and "增长18.22%" in growth["sources"]


def test_findings_name_every_source(seed):
    findings = ld.audit(seed)
    share = findings[(checks(findings) == "printed_share") & (findings["item"] == "商业秘密")].iloc[
        0
    ]
    # the reason's sentence and the base's sentence (共受理政府信息公开申请246件)
    assert "涉及商业秘密4件,占1.63%" in share["sources"]
    assert "共受理政府信息公开申请246件" in share["sources"]


def _with(seed: pd.DataFrame, item: str, measure: str, **changes) -> pd.DataFrame:
    out = seed.copy()
    mask = (out["item"] == item) & (out["measure"] == measure) & (out["year"] == 2017)
    for col, value in changes.items():
        out.loc[mask, col] = value
    return out


def test_a_wrong_printed_share_is_an_error_with_the_recomputed_value(seed):
    findings = ld.audit(_with(seed, "工作动态类", "share_pct", value=29.48))
    bad = findings[~findings["ok"]]
    assert len(bad) == 1
    row = bad.iloc[0]
    assert (row["rule"], row["severity"], row["item"]) == ("R6", "error", "工作动态类")
    assert row["message"].startswith("[printed_share] ")
    assert row["expected"] == 29.47 and row["found"] == 29.48
    assert round(float(row["difference"]), 2) == 0.01


def test_shares_are_checked_at_the_printed_precision(seed):
    # 3 ÷ 811 = 0.3699…%: printed with one decimal that is 0.4, with none 0
    ok = ld.audit(_with(seed, "概况类", "share_pct", value=0.4, decimals=1))
    assert ok.loc[ok["item"] == "概况类", "ok"].all()
    bad = ld.audit(_with(seed, "概况类", "share_pct", value=0.3, decimals=1))
    assert not bad.loc[bad["item"] == "概况类", "ok"].any()


def test_half_up_not_half_even():
    # 1 ÷ 8 = 12.5%: printed with no decimals a report writes 13 (half up); half-even would say 12
    rows = [
        {
            "agency": "甲",
            "year": 2020,
            "section": "proactive",
            "item": P,
            "measure": "count",
            "count": 8,
        },
        {
            "agency": "甲",
            "year": 2020,
            "section": "proactive",
            "item": "概况类",
            "parent": P,
            "measure": "count",
            "count": 1,
        },
        {
            "agency": "甲",
            "year": 2020,
            "section": "proactive",
            "item": "概况类",
            "parent": P,
            "measure": "share_pct",
            "value": 13.0,
            "decimals": 0,
            "base": P,
        },
    ]
    findings = ld.audit(ld.make_records(rows))
    assert findings.loc[checks(findings) == "printed_share", "ok"].all()


def test_a_wrong_growth_rate_is_an_error(seed):
    findings = ld.audit(_with(seed, P, "growth_pct", value=18.5))
    bad = findings[~findings["ok"]].iloc[0]
    assert (bad["rule"], bad["expected"], bad["found"]) == ("R6", 18.22, 18.5)
    assert bad["message"].startswith("[printed_growth] ")


def test_parts_above_their_total_are_an_error(seed):
    findings = ld.audit(_with(seed, "其他类", "count", count=600))
    bad = findings[(checks(findings) == "parts_total") & ~findings["ok"]].iloc[0]
    assert bad["severity"] == "error" and bad["found"] == 811 - 512 + 600 and bad["expected"] == 811
    assert "parts above total" in bad["message"]


def test_parts_below_their_total_are_a_warning(seed):
    findings = ld.audit(_with(seed, "其他类", "count", count=500))
    bad = findings[(checks(findings) == "parts_total") & ~findings["ok"]].iloc[0]
    assert bad["severity"] == "warning" and bad["found"] == 799


def test_a_share_whose_base_is_missing_is_a_warning_that_says_so(seed):
    no_base = seed[
        ~((seed["item"] == "本年新收政府信息公开申请数量") & (seed["measure"] == "count"))
    ]
    findings = ld.audit(no_base)
    warn = findings[(findings["item"] == "商业秘密")].iloc[0]
    assert not warn["ok"] and warn["severity"] == "warning"
    assert "cannot be checked" in warn["message"] and "本年新收" in warn["message"]


def test_approximate_figures_fail_softly():
    # 001.txt line 6: "2016年我局公开政府信息400余条 … 工作动态信息286余条,占71.5%";
    # 286 ÷ 400 = 71.5 exactly, but 64 ÷ 400 = 16% passes too; a mismatch with an approximate base
    # is only a warning
    rows = [
        {
            "agency": "泸州市水务局",
            "year": 2016,
            "section": "proactive",
            "item": P,
            "measure": "count",
            "count": 400,
            "approx": True,
        },
        {
            "agency": "泸州市水务局",
            "year": 2016,
            "section": "proactive",
            "item": "概况类",
            "parent": P,
            "measure": "count",
            "count": 20,
        },
        {
            "agency": "泸州市水务局",
            "year": 2016,
            "section": "proactive",
            "item": "概况类",
            "parent": P,
            "measure": "share_pct",
            "value": 6.0,
            "decimals": 0,
            "base": P,
        },
    ]
    findings = ld.audit(ld.make_records(rows))
    share = findings[checks(findings) == "printed_share"].iloc[0]
    assert not share["ok"] and share["severity"] == "warning"


def test_audit_of_nothing_is_an_empty_findings_table():
    findings = ld.audit(ld.empty_records())
    assert findings.empty and "rule" in findings.columns and "sources" in findings.columns


def test_style_findings_renders_html(seed):
    html = ld.style_findings(
        ld.audit(_with(seed, "工作动态类", "share_pct", value=29.48))
    ).to_html()
    assert "#fde2e1" in html and "工作动态类" in html
