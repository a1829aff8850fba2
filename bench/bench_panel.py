"""Panel-scale benchmark: harmonize + compare + peer_summary + check on a generated panel.

Usage (from the repository root)::

    .venv/bin/python bench/bench_panel.py --engines --rounds 3   # 10,000 and 100,000 agency-years
    .venv/bin/python bench/bench_panel.py --before /tmp/old/src   # interleaved with another version
    .venv/bin/python bench/bench_panel.py --run 10000  # 10,000 agencies, 100,000 agency-years, here

The panel: ``agencies`` × 10 years (2014–2023); 2014–2018 are pre-2019 narrative reports, 2019–2020
the 2019 standard form and 2021–2023 the 2021 form, about 100 figures per agency-year (narrative:
proactive total and categories with printed shares, channels, applications, outcomes and refusal
reasons with printed shares, fees, reviews; standard forms: section 二 rows, section 三 for 自然人,
商业企业 and 总计, section 四). The reports are consistent, as real ones mostly are: parts add up to
their totals, printed shares and growth rates are the recomputed ones, section 三 balances, carried
figures and 现行有效件数 chain from year to year; one agency-year in a hundred (``ERROR_RATE``) has
one count off by one. Repeated text columns are categorical; ``source`` is left NA (provenance
strings are not what is timed). Each size runs in a fresh process; each stage's wall and cpu
(user + system) seconds and the process' peak memory while it ran (VmHWM, reset before each stage:
the panel is included) are noted. With ``--engines`` the compare step is also run in DuckDB (SQL)
and Polars (``compare_engines.py``, optional dependencies: ``pip install -e '.[bench]'``) on the
same harmonized records as ``ld.compare``, after the library's stages, after checking on a
30-agency panel that they give the same rows. ``--before SRC`` runs another version of the package
(a ``src`` folder, e.g. ``git archive`` of an older commit) in turns with this one, size by size, so
that both see the same load on a shared machine. ``--loop`` times the four functions called per
agency.
"""

from __future__ import annotations

import argparse
import gc
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
    """Consistent figures for ``n`` agencies' reports of one form: an (n, rows) array, NaN where
    empty.

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
    text = ("form", "section", "item", "parent", "applicant", "field", "measure", "unit", "base")
    templates = {f: pd.DataFrame(template(f)).assign(form=f) for f in set(forms.values())}
    # every text column a categorical of the values of all templates (sorted, as astype
    # ("category") gives them), so that the years concatenate without a string per record
    categories = {
        c: pd.Index(sorted(set(pd.concat([t[c] for t in templates.values()]).dropna())))
        for c in text
    }
    parts = []
    names = pd.Index([f"{prefix}第{i:06d}局" for i in range(agencies)])
    state: dict = {}
    for y in years:
        rows = template(forms[y])
        tpl = templates[forms[y]]
        n_t = len(tpl)
        figures = _fill(forms[y], rows, rng, state, agencies)
        is_count = tpl["measure"].isin(["count", "change"]).to_numpy()
        wrong = np.flatnonzero(rng.random(agencies) < ERROR_RATE)
        counts_at = np.flatnonzero(is_count)
        figures[wrong, rng.choice(counts_at, len(wrong))] += 1
        idx = np.tile(np.arange(n_t), agencies)
        agency = np.repeat(np.arange(agencies), n_t)
        flat = figures.reshape(-1)
        count = np.where(is_count[idx], flat, np.nan)
        value = np.where(is_count[idx], np.nan, flat)
        n = len(idx)
        parts.append(
            pd.DataFrame(
                {
                    "agency": pd.Categorical.from_codes(agency, categories=names),
                    "year": np.full(n, y, dtype=np.int64),
                    **{
                        c: pd.Categorical.from_codes(
                            categories[c].get_indexer(tpl[c])[idx], categories=categories[c]
                        )
                        for c in text
                    },
                    "count": pd.arrays.IntegerArray(
                        np.nan_to_num(count).astype(np.int64), np.isnan(count)
                    ),
                    "value": pd.arrays.FloatingArray(np.nan_to_num(value), np.isnan(value)),
                    "decimals": pd.arrays.IntegerArray(
                        np.full(n, 2, dtype=np.int64), np.isnan(value)
                    ),
                    "approx": pd.arrays.BooleanArray(
                        np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
                    ),
                }
            )
        )
    panel = pd.concat(parts, ignore_index=True)
    del parts
    for col in text:  # the categories held, as astype("category") of the values gives them
        panel[col] = panel[col].cat.remove_unused_categories()
    panel = panel[
        [
            "agency",
            "year",
            "form",
            "section",
            "item",
            "parent",
            "applicant",
            "field",
            "measure",
            "count",
            "value",
            "unit",
            "base",
            "decimals",
            "approx",
        ]
    ]
    panel["label"] = panel["item"]
    panel["source"] = pd.Categorical([None] * len(panel), categories=pd.Index([], dtype=object))
    return panel


def _status(key: str) -> float:
    """A figure of /proc/self/status in MB (VmHWM: peak resident memory since the last reset)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> None:
    """Start VmHWM afresh (Linux: clear_refs 5), so that each stage's peak is its own."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def _stage(name: str, function, stages: dict, keep: bool = False):
    """Run ``function`` and note its wall and cpu (user, system) seconds, the process' peak memory
    while it ran (the panel included) and the rows it gave; the result is released unless kept."""
    gc.collect()
    _reset_peak()
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    result = function()
    wall, r1 = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF)
    stages[name] = {
        "wall": wall,
        "user": r1.ru_utime - r0.ru_utime,
        "sys": r1.ru_stime - r0.ru_stime,
        "cpu": r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime,
        "peak_mb": _status("VmHWM"),
        "rows": len(result),
    }
    return result if keep else None


STAGES = ("harmonize", "compare", "peer_summary", "check")
ENGINES = ("duckdb_arrow", "duckdb_pandas", "polars", "polars_pandas")


def pipeline(panel: pd.DataFrame, *, with_check: bool = True, engines: bool = False) -> dict:
    """Each stage timed on its own; with ``engines``, the compare step in DuckDB and Polars too
    (``compare_engines.py``), on the same harmonized records as ``ld.compare``, after the others."""
    stages: dict = {}
    years = list(YEARS)[1:]
    h = _stage("harmonize", lambda: ld.harmonize(panel), stages, keep=True)
    _stage("compare", lambda: ld.compare(h, year=years), stages)
    _stage(
        "peer_summary",
        lambda: ld.peer_summary(h, year=list(YEARS), measure="refusal_rate"),
        stages,
    )
    if with_check:
        _stage("check", lambda: ld.check(panel), stages)
    if engines:  # last, so that what their libraries keep does not count against ours
        import compare_engines as ce

        _stage("duckdb_arrow", lambda: ce.duckdb_compare(h, years, to_pandas=False), stages)
        _stage("duckdb_pandas", lambda: ce.duckdb_compare(h, years), stages)
        _stage("polars", lambda: ce.polars_compare(h, years, to_pandas=False), stages)
        _stage("polars_pandas", lambda: ce.polars_compare(h, years), stages)
    return stages


def run(agencies: int, with_check: bool, engines: bool) -> dict:
    t0 = time.perf_counter()
    panel = make_panel(agencies)
    gen = time.perf_counter() - t0
    peak_gen = _status("VmHWM")
    stages = pipeline(panel, with_check=with_check, engines=engines)
    return {
        "code": os.path.dirname(ld.__file__),
        "agencies": agencies,
        "agency_years": agencies * len(YEARS),
        "rows": len(panel),
        "generate_s": gen,
        "peak_mb_generating": peak_gen,
        "panel_mb": panel.memory_usage(deep=True).sum() / 2**20,
        "stages": stages,
    }


def same(agencies: int) -> dict:
    """DuckDB's and Polars' compare step against ld.compare on a small panel: the same rows?"""
    import compare_engines as ce

    h = ld.harmonize(make_panel(agencies, seed=7))
    years = list(YEARS)[1:]
    expected = ld.compare(h, year=years)
    return {
        "agencies": agencies,
        "duckdb": ce.same_rows(ce.duckdb_compare(h, years), expected),
        "polars": ce.same_rows(ce.polars_compare(h, years), expected),
    }


def loop(agencies: int, sample: int, with_check: bool) -> dict:
    """Time the same functions called per agency on ``sample`` agencies; extrapolate to all."""
    panel = make_panel(agencies)
    names = panel["agency"].cat.categories[:sample]
    t0 = time.perf_counter()
    for a in names:
        one = panel[panel["agency"] == a]
        one = one.assign(agency=one["agency"].astype(str).astype("category"))
        pipeline(one, with_check=with_check)
    per_agency = (time.perf_counter() - t0) / sample
    return {
        "agencies": agencies,
        "sample": sample,
        "per_agency_s": per_agency,
        "extrapolated_s": per_agency * agencies,
    }


def _child(args: list[str], src: str | None = None) -> dict:
    env = dict(os.environ)
    if src:  # another version of the package (``--before``), found first on the path
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, env=env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _summary(small: dict, big: dict) -> str:
    """One line per stage: seconds (cpu, wall) at both sizes, the ratios, the big run's peak."""
    lines = []
    for stage, b in big["stages"].items():
        a = small["stages"][stage]
        lines.append(
            f"  {stage:14s} cpu {a['cpu']:6.2f} -> {b['cpu']:7.2f} s ({b['cpu'] / a['cpu']:5.1f}x, "
            f"user {b['user']:.1f} + sys {b['sys']:.1f}); wall {a['wall']:6.2f} -> "
            f"{b['wall']:7.2f} s ({b['wall'] / a['wall']:5.1f}x); peak {b['peak_mb']:,.0f} MB"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run", type=int, help="agencies (×10 years) to run in this process")
    parser.add_argument("--same", type=int, help="check DuckDB and Polars on this many agencies")
    parser.add_argument("--loop", type=int, help="agencies of the panel for the per-agency loop")
    parser.add_argument("--sample", type=int, default=30, help="agencies timed in the loop")
    parser.add_argument("--no-check", action="store_true", help="leave check out")
    parser.add_argument("--engines", action="store_true", help="time DuckDB and Polars too")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of both sizes")
    parser.add_argument("--small", type=int, default=1000, help="agencies of the small panel")
    parser.add_argument("--big", type=int, default=10000, help="agencies of the big panel")
    parser.add_argument(
        "--before",
        help="the src folder of another version of the package: its runs interleaved with these",
    )
    args = parser.parse_args()
    with_check = not args.no_check
    if args.run:
        print(json.dumps(run(args.run, with_check, args.engines)))
        return
    if args.same:
        print(json.dumps(same(args.same)))
        return
    if args.loop:
        print(json.dumps(loop(args.loop, args.sample, with_check)))
        return
    print(
        f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, python "
        f"{platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}, "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    if args.engines:
        print(json.dumps(_child(["--same", "30"])), flush=True)
    flags = [] if with_check else ["--no-check"]
    versions = [("after", None), *([("before", args.before)] if args.before else [])]
    for r in range(args.rounds):
        runs = {}
        for size in (args.small, args.big):  # before and after interleaved, size by size
            for label, src in versions:
                engines = ["--engines"] if args.engines and src is None else []
                runs[label, size] = _child(["--run", str(size), *flags, *engines], src)
                print(json.dumps({"round": r, "version": label, **runs[label, size]}), flush=True)
        for label, _ in versions:
            small, big = runs[label, args.small], runs[label, args.big]
            print(
                f"round {r}, {label}: {small['agency_years']:,} -> {big['agency_years']:,} "
                f"agency-years ({small['rows']:,} -> {big['rows']:,} records; the big panel "
                f"{big['panel_mb']:,.0f} MB, generating it peaked at "
                f"{big['peak_mb_generating']:,.0f} MB)\n" + _summary(small, big),
                flush=True,
            )


if __name__ == "__main__":
    main()
