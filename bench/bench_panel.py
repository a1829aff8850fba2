"""Panel-scale benchmark: harmonize + compare + peer_summary + check on a generated panel.

Usage (from the repository root)::

    .venv/bin/python bench/bench_panel.py                    # 100,000 and 10,000 agency-years + loop
    .venv/bin/python bench/bench_panel.py --run 10000        # 10,000 agencies (100,000 agency-years), here

The panel: ``agencies`` × 10 years (2014–2023); 2014–2018 are pre-2019 narrative reports, 2019–2020
the 2019 standard form and 2021–2023 the 2021 form, about 100 figures per agency-year (narrative:
proactive total and categories with printed shares, channels, applications, outcomes and refusal
reasons with printed shares, fees, reviews; standard forms: section 二 rows, section 三 for 自然人,
商业企业 and 总计, section 四). The reports are consistent, as real ones mostly are: parts add up to
their totals, printed shares and growth rates are the recomputed ones, section 三 balances, carried
figures and 现行有效件数 chain from year to year; one agency-year in a hundred (``ERROR_RATE``) has
one count off by one. Repeated text columns are categorical; ``source`` is left NA (provenance
strings are not what is timed). Each size runs in a fresh process so that its peak memory is its
own; the per-agency loop runs all four functions on each agency's ten years.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

import luzhou_disclosure as ld
from luzhou_disclosure._numbers import percent_half_up
from luzhou_disclosure._vocab import (
    ARTICLE20,
    CARRIED_FORWARD,
    CARRIED_IN,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    STANDARD_OUTCOMES,
)

YEARS = range(2014, 2024)
CATEGORIES = (
    "概况类",
    "计划总结类",
    "法规公文类",
    "工作动态类",
    "人事类",
    "财政类",
    "其他类",
    "机构职能类",
    "政策解读类",
    "规划计划类",
    "统计数据类",
    "公告公示类",
    "行政执法类",
    "重大项目类",
    "应急管理类",
    "民生服务类",
    "其他",
)
CHANNELS = ("政府门户网站", "部门网站", "新闻发布会", "新闻通稿", "政务微博", "政务微信")
OLD_OUTCOMES = ("属于已主动公开范围", "同意公开", "部分公开", "不予公开")
OLD_REASONS = (
    "国家秘密",
    "商业秘密",
    "个人隐私",
    "不属于本行政机关",
    "申请信息不存在",
    "申请内容不明确",
)
TOTAL_P = "主动公开政府信息总数"
RECEIVED = "本年新收政府信息公开申请数量"


def _row(
    section,
    item,
    parent=None,
    applicant="总计",
    field=None,
    measure="count",
    base=None,
    unit="件",
    lam=20.0,
):
    return {
        "section": section,
        "item": item,
        "parent": parent,
        "applicant": applicant,
        "field": field,
        "measure": measure,
        "base": base,
        "unit": unit,
        "lam": lam,
    }


def template(form: str) -> list[dict]:
    rows: list[dict] = []
    if form == "narrative":
        rows.append(_row("proactive", TOTAL_P, unit="条", lam=600))
        rows.append(_row("proactive", TOTAL_P, measure="growth_pct", unit="%"))
        for c in CATEGORIES:
            rows.append(_row("proactive", c, TOTAL_P, unit="条", lam=60))
            rows.append(_row("proactive", c, TOTAL_P, measure="share_pct", base=TOTAL_P, unit="%"))
        rows += [_row("channel", c, unit="条", lam=50) for c in CHANNELS]
        rows.append(_row("applications", RECEIVED, lam=40))
        rows.append(_row("applications", "办理答复数量", lam=40))
        rows.append(_row("applications", "结转下年度继续办理", lam=1))
        for o in OLD_OUTCOMES:
            rows.append(_row("outcomes", o, "办理答复数量", lam=10))
            rows.append(
                _row("outcomes", o, "办理答复数量", measure="share_pct", base=RECEIVED, unit="%")
            )
        for r in OLD_REASONS:
            rows.append(_row("outcomes", r, "不予公开", lam=1.5))
            rows.append(
                _row("outcomes", r, "不予公开", measure="share_pct", base=RECEIVED, unit="%")
            )
        rows.append(_row("fees", "收取费用", measure="amount", unit="元"))
        rows += [_row("reconsideration", "行政复议", field=f, lam=1) for f in REVIEW_FIELDS]
        rows += [_row("litigation", "行政诉讼", field=f, lam=1) for f in REVIEW_FIELDS]
        return rows
    for a20 in ARTICLE20[form]:
        for field, measure in a20.fields:
            rows.append(
                _row(
                    "article20",
                    a20.item,
                    a20.parent,
                    field=field,
                    measure=measure,
                    unit="万元" if measure == "amount" else "件",
                    lam=15,
                )
            )
    for applicant in ("自然人", "商业企业", "总计"):
        for item in (RECEIVED, "上年结转政府信息公开申请数量", "结转下年度继续办理"):
            rows.append(_row("applications", item, applicant=applicant, lam=30))
        for it in STANDARD_OUTCOMES:
            if form in it.forms:
                rows.append(_row("outcomes", it.item, it.parent, applicant=applicant, lam=3))
    for section, item, parent in REVIEW_GROUPS:
        rows += [_row(section, item, parent, field=f, lam=1) for f in REVIEW_FIELDS]
    return rows


#: share of agency-years given one deliberate error (a count off by one)
ERROR_RATE = 0.01


def _fill(form: str, tpl: list[dict], rng: np.random.Generator, state: dict, n: int) -> np.ndarray:
    """Consistent figures for ``n`` agencies' reports of one form: an (n, rows) array, NaN where empty.

    Parts add up to their totals, printed shares and growth rates are the recomputed ones (half up,
    two decimals), section 三 balances per applicant, carried-forward figures and 现行有效件数 chain
    from one year to the next (``state`` carries them)."""
    keys = ("section", "item", "parent", "applicant", "field", "measure")
    col = {tuple(r[k] for k in keys): j for j, r in enumerate(tpl)}
    out = np.full((n, len(tpl)), np.nan)

    def put(section, item, value, parent=None, applicant="总计", field=None, measure="count"):
        out[:, col[(section, item, parent, applicant, field, measure)]] = value

    def reviews(groups):
        for section, item, parent in groups:
            parts = rng.poisson(0.4, (n, 4))
            for f, v in zip(REVIEW_FIELDS, [*parts.T, parts.sum(1)], strict=True):
                put(section, item, v, parent, field=f)

    if form == "narrative":
        cats = rng.poisson(60, (n, len(CATEGORIES)))
        total = cats.sum(1)
        put("proactive", TOTAL_P, total)
        prev = state.get("proactive_total", np.full(n, np.nan))
        put("proactive", TOTAL_P, percent_half_up(total - prev, prev, 2), measure="growth_pct")
        state["proactive_total"] = total
        for j, c in enumerate(CATEGORIES):
            put("proactive", c, cats[:, j], TOTAL_P)
            put("proactive", c, percent_half_up(cats[:, j], total, 2), TOTAL_P, measure="share_pct")
        for c in CHANNELS:
            put("channel", c, rng.poisson(50, n))
        outcomes = rng.poisson(10, (n, len(OLD_OUTCOMES)))
        answered = outcomes.sum(1)
        carried = rng.poisson(1, n)
        received = answered + carried
        put("applications", RECEIVED, received)
        put("applications", "办理答复数量", answered)
        put("applications", CARRIED_FORWARD, carried)
        state["carried"] = {"总计": carried}
        for j, o in enumerate(OLD_OUTCOMES):
            put("outcomes", o, outcomes[:, j], "办理答复数量")
            put(
                "outcomes",
                o,
                percent_half_up(outcomes[:, j], received, 2),
                "办理答复数量",
                measure="share_pct",
            )
        refused = outcomes[:, OLD_OUTCOMES.index("不予公开")]
        reasons = rng.multinomial(refused, np.full(len(OLD_REASONS), 1 / len(OLD_REASONS)))
        for j, r in enumerate(OLD_REASONS):
            put("outcomes", r, reasons[:, j], "不予公开")
            put(
                "outcomes",
                r,
                percent_half_up(reasons[:, j], received, 2),
                "不予公开",
                measure="share_pct",
            )
        put("fees", "收取费用", rng.uniform(0, 50, n).round(2), measure="amount")
        reviews([("reconsideration", "行政复议", None), ("litigation", "行政诉讼", None)])
        return out
    for a20 in ARTICLE20[form]:
        for field, measure in a20.fields:
            if measure == "amount":
                value = rng.uniform(0, 50, n).round(2)
            elif field in ("本年制发件数", "本年废止件数", "现行有效件数"):
                continue
            else:
                value = rng.poisson(15, n)
            put("article20", a20.item, value, a20.parent, field=field, measure=measure)
        if form == "2021" and a20.parent == "第二十条第（一）项":
            valid = state.get(("valid", a20.item), rng.poisson(40, n))
            issued = rng.poisson(3, n)
            repealed = np.minimum(rng.poisson(1, n), valid + issued)
            valid = valid + issued - repealed
            state[("valid", a20.item)] = valid
            for field, v in (
                ("本年制发件数", issued),
                ("本年废止件数", repealed),
                ("现行有效件数", valid),
            ):
                put("article20", a20.item, v, a20.parent, field=field)
    rows = [it for it in STANDARD_OUTCOMES if form in it.forms and it.item != "总计"]
    carried_in = state.get("carried", {})
    if "自然人" not in carried_in:  # the first standard form: split last year's 总计 column
        last = carried_in.get("总计", rng.poisson(1, n))
        person = rng.binomial(last, 0.8)
        carried_in = {"自然人": person, "商业企业": last - person}
    sums = {}
    for applicant, lam in (("自然人", 3.0), ("商业企业", 0.5)):
        outcomes = rng.poisson(lam, (n, len(rows)))
        total = outcomes.sum(1)
        forward = rng.poisson(1, n)
        received = total + forward - carried_in[applicant]
        forward = forward + np.maximum(-received, 0)
        received = np.maximum(received, 0)
        sums[applicant] = {
            **{(it.item, it.parent): outcomes[:, j] for j, it in enumerate(rows)},
            ("总计", None): total,
            (RECEIVED, None): received,
            (CARRIED_IN, None): carried_in[applicant],
            (CARRIED_FORWARD, None): forward,
        }
    sums["总计"] = {k: sums["自然人"][k] + sums["商业企业"][k] for k in sums["自然人"]}
    state["carried"] = {a: s[(CARRIED_FORWARD, None)] for a, s in sums.items()}
    for applicant, figures in sums.items():
        for (item, parent), v in figures.items():
            section = (
                "applications" if item in (RECEIVED, CARRIED_IN, CARRIED_FORWARD) else "outcomes"
            )
            put(section, item, v, parent, applicant=applicant)
    reviews(REVIEW_GROUPS)
    return out


def make_panel(
    agencies: int, seed: int = 0, *, years: range = YEARS, prefix: str = "泸州市"
) -> pd.DataFrame:
    """A panel of ``agencies`` × ``years`` (default 2014–2023) of consistent reports (categorical
    text columns), agencies named ``{prefix}第000123局``; one agency-year in a hundred
    (``ERROR_RATE``) has one count off by one."""
    rng = np.random.default_rng(seed)
    forms = {y: "narrative" if y < 2019 else "2019" if y < 2021 else "2021" for y in years}
    parts = []
    names = pd.Index([f"{prefix}第{i:06d}局" for i in range(agencies)])
    state: dict = {}
    for y in years:
        rows = template(forms[y])
        tpl = pd.DataFrame(rows)
        n_t = len(tpl)
        figures = _fill(forms[y], rows, rng, state, agencies)
        is_count = tpl["measure"].isin(["count", "change"]).to_numpy()
        wrong = np.flatnonzero(rng.random(agencies) < ERROR_RATE)
        counts_at = np.flatnonzero(is_count)
        figures[wrong, rng.choice(counts_at, len(wrong))] += 1
        idx = np.tile(np.arange(n_t), agencies)
        agency = np.repeat(np.arange(agencies), n_t)
        t = tpl.iloc[idx].reset_index(drop=True)
        flat = figures.reshape(-1)
        count = np.where(is_count[idx], flat, np.nan)
        value = np.where(is_count[idx], np.nan, flat)
        parts.append(
            pd.DataFrame(
                {
                    "agency": pd.Categorical.from_codes(agency, categories=names),
                    "year": np.full(len(t), y, dtype=np.int64),
                    "form": forms[y],
                    **{
                        c: t[c]
                        for c in ("section", "item", "parent", "applicant", "field", "measure")
                    },
                    "count": pd.array(
                        np.where(np.isnan(count), None, count), dtype="Float64"
                    ).astype("Int64"),
                    "value": pd.array(np.where(np.isnan(value), None, value), dtype="Float64"),
                    "unit": t["unit"],
                    "base": t["base"],
                    "decimals": pd.array(np.where(np.isnan(value), None, 2), dtype="Int64"),
                    "approx": pd.array(np.zeros(len(t), dtype=bool), dtype="boolean"),
                }
            )
        )
    panel = pd.concat(parts, ignore_index=True)
    for col in (
        "form",
        "section",
        "item",
        "parent",
        "applicant",
        "field",
        "measure",
        "unit",
        "base",
    ):
        panel[col] = panel[col].astype("category")
    panel["label"] = panel["item"]
    panel["source"] = pd.Categorical([None] * len(panel), categories=pd.Index([], dtype=object))
    return panel


def pipeline(panel: pd.DataFrame, checker=None) -> dict[str, float]:
    """Time each stage; each result is counted and released before the next stage."""
    times: dict = {}
    rows_out = {}
    t0 = time.perf_counter()
    h = ld.harmonize(panel)
    times["harmonize"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows_out["compare"] = len(ld.compare(h, year=list(YEARS)[1:]))
    times["compare"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows_out["peer_summary"] = len(ld.peer_summary(h, year=list(YEARS), measure="refusal_rate"))
    times["peer_summary"] = time.perf_counter() - t0
    del h
    if checker is not None:
        t0 = time.perf_counter()
        k = checker(panel)
        times["check"] = time.perf_counter() - t0
        rows_out["check"] = len(k)
        rows_out["check_failed"] = int((~k["ok"]).sum())
        del k
    times["total"] = sum(times.values())
    times["rows_out"] = rows_out
    return times


def _checker():
    return (ld.check, "check") if hasattr(ld, "check") else (ld.audit, "audit")


def run(agencies: int, with_check: bool) -> dict:
    t0 = time.perf_counter()
    panel = make_panel(agencies)
    gen = time.perf_counter() - t0
    rss_panel = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    checker, name = _checker()
    times = pipeline(panel, checker if with_check else None)
    return {
        "agencies": agencies,
        "agency_years": agencies * len(YEARS),
        "rows": len(panel),
        "generate_s": gen,
        "checker": name if with_check else None,
        **times,
        "peak_rss_mb_after_generation": rss_panel,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def loop(agencies: int, sample: int, with_check: bool) -> dict:
    """Time the same functions called per agency on ``sample`` agencies; extrapolate to all."""
    panel = make_panel(agencies)
    checker, name = _checker()
    names = panel["agency"].cat.categories[:sample]
    t0 = time.perf_counter()
    for a in names:
        one = panel[panel["agency"] == a]
        one = one.assign(agency=one["agency"].astype(str).astype("category"))
        pipeline(one, checker if with_check else None)
    per_agency = (time.perf_counter() - t0) / sample
    return {
        "agencies": agencies,
        "sample": sample,
        "checker": name if with_check else None,
        "per_agency_s": per_agency,
        "extrapolated_s": per_agency * agencies,
    }


def _child(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run", type=int, help="agencies (×10 years) to run in this process")
    parser.add_argument("--loop", type=int, help="agencies of the panel for the per-agency loop")
    parser.add_argument("--sample", type=int, default=30, help="agencies timed in the loop")
    parser.add_argument("--no-check", action="store_true", help="leave check out")
    args = parser.parse_args()
    with_check = not args.no_check
    if args.run:
        print(json.dumps(run(args.run, with_check)))
        return
    if args.loop:
        print(json.dumps(loop(args.loop, args.sample, with_check)))
        return
    print(
        f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, python {platform.python_version()}, "
        f"pandas {pd.__version__}, numpy {np.__version__}, {os.cpu_count()} cores"
    )
    small = _child(["--run", "1000"])
    big = _child(["--run", "10000"])
    lp = _child(["--loop", "10000", "--sample", str(args.sample)])
    for r in (small, big, lp):
        print(json.dumps(r))
    stages = ("harmonize", "compare", "peer_summary", "check")
    for r in (small, big):
        print(
            f"{r['agency_years']:,} agency-years ({r['rows']:,} rows): "
            + ", ".join(f"{s} {r[s]:.1f} s" for s in stages if s in r)
            + f"; total {r['total']:.1f} s; peak RSS {r['peak_rss_mb']:.0f} MB "
            f"(after generating the panel {r['peak_rss_mb_after_generation']:.0f} MB)"
        )
    print(f"10x rows → {big['total'] / small['total']:.1f}x time")
    print(
        f"loop over agencies: {lp['per_agency_s'] * 1000:.0f} ms per agency ({lp['sample']} timed) → "
        f"{lp['extrapolated_s']:.0f} s for {lp['agencies']:,} agencies; vectorised is "
        f"{lp['extrapolated_s'] / big['total']:.0f}x faster"
    )


if __name__ == "__main__":
    main()
