"""Out-of-core benchmark: a national panel of ~100 million records as a Parquet dataset.

Usage (from the repository root; it runs for tens of minutes and writes a few GB)::

    .venv/bin/python bench/bench_dataset.py                      # 31 provinces, ~100 M records
    .venv/bin/python bench/bench_dataset.py --provinces 4 --agencies 300   # a quick look

The panel: ``--provinces`` provinces × ``--agencies`` agencies each × 15 years (2009–2023:
narrative reports until 2018, the 2019 form 2019–2020, the 2021 form from 2021), about 89
records per agency-year, made by ``bench_panel.make_panel`` (consistent reports, one agency-year
in a hundred with a count off by one). Each province's panel is generated and appended to a
dataset partitioned by year and province (``ld.write_dataset``), so the whole panel is never in
memory. Then, each analysis over the dataset, piece by piece (``dataset_pieces`` and
``run_piece``, what ``ld.analyse_dataset(..., out=folder)`` runs), every piece's result written
as Parquet:

- ``check``: one piece per province (all its years);
- ``compare``: every year against the year before (14 pairs), one piece per province and pair;
- ``peer_summary`` (``refusal_rate``): one piece per year, all provinces of it together.

For each: wall and cpu seconds, the pieces' records and seconds (time per record of the first and
last quarters of the pieces: linear in partitions when they agree), and the process' peak memory
(VmHWM, reset before each analysis). At the end, the results of one province (check, compare) and
one year (peer_summary) are compared with the in-memory functions on the same records.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.dataset

sys.path.insert(0, str(Path(__file__).parent))

import bench_panel  # noqa: E402

import luzhou_disclosure as ld  # noqa: E402
from luzhou_disclosure.dataset import dataset_pieces, run_piece  # noqa: E402

YEARS = range(2009, 2024)
PROVINCES = (
    "北京市 天津市 河北省 山西省 内蒙古自治区 辽宁省 吉林省 黑龙江省 上海市 江苏省 浙江省 安徽省 "
    "福建省 江西省 山东省 河南省 湖北省 湖南省 广东省 广西壮族自治区 海南省 重庆市 四川省 贵州省 "
    "云南省 西藏自治区 陕西省 甘肃省 青海省 宁夏回族自治区 新疆维吾尔自治区"
).split()


def _status(key: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) // 1024
    return 0


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def generate(folder: Path, provinces: int, agencies: int) -> dict:
    t0, c0 = time.perf_counter(), _cpu()
    rows = 0
    for i, province in enumerate(PROVINCES[:provinces]):
        panel = bench_panel.make_panel(agencies, seed=i, years=YEARS, prefix=province)
        panel["province"] = pd.Categorical([province] * len(panel))
        rows += len(panel)
        ld.write_dataset(panel, folder, partition_by=("year", "province"), append=True)
        del panel
        print(f"  {province}: {rows:,} records so far", file=sys.stderr, flush=True)
    return {"records": rows, "wall_s": time.perf_counter() - t0, "cpu_s": _cpu() - c0}


def analyse(folder: Path, out: Path, analysis: str, **kwargs) -> dict:
    """Every piece of ``analysis`` in turn, its result written to ``out``; timings per piece."""
    _reset_peak()
    t0, c0 = time.perf_counter(), _cpu()
    pieces = dataset_pieces(folder, analysis, **kwargs)
    plan_s = time.perf_counter() - t0
    dataset = pyarrow.dataset.dataset(folder, partitioning="hive")
    out.mkdir(parents=True, exist_ok=True)
    per_piece = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ld.DisclosureWarning)
        for i, piece in enumerate(pieces):
            p0, q0 = time.perf_counter(), _cpu()
            path = run_piece(piece, out / f"piece-{i:05d}.parquet")
            wall_s, cpu_s = time.perf_counter() - p0, _cpu() - q0
            rows_out = len(pd.read_parquet(path, columns=[])) if path else 0
            per_piece.append(
                {
                    "piece": piece.name,
                    "records": dataset.count_rows(filter=piece.where),
                    "wall_s": wall_s,
                    "cpu_s": cpu_s,
                    "rows_out": rows_out,
                }
            )
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    cpu_each = np.array([p["cpu_s"] for p in per_piece])
    # µs a record read, for the first and last quarters of the pieces and for the smallest and
    # largest quarter by records: linear in partitions when they agree
    per_record = cpu_each / np.maximum([p["records"] for p in per_piece], 1) * 1e6
    by_size = np.argsort([p["records"] for p in per_piece], kind="stable")
    q = max(len(cpu_each) // 4, 1)
    return {
        "analysis": analysis,
        "pieces": len(pieces),
        "plan_s": plan_s,
        "wall_s": wall,
        "cpu_s": cpu,
        "rows_out": int(sum(p["rows_out"] for p in per_piece)),
        "cpu_per_piece_first_quarter": float(cpu_each[:q].mean()),
        "cpu_per_piece_last_quarter": float(cpu_each[-q:].mean()),
        "cpu_per_piece_min_max": [float(cpu_each.min()), float(cpu_each.max())],
        "records_read": int(sum(p["records"] for p in per_piece)),
        "us_per_record_first_last_quarter": [
            float(per_record[:q].mean()),
            float(per_record[-q:].mean()),
        ],
        "us_per_record_smallest_largest_quarter": [
            float(per_record[by_size[:q]].mean()),
            float(per_record[by_size[-q:]].mean()),
        ],
        "peak_rss_mb": _status("VmHWM"),
        "per_piece": per_piece,
    }


def equal_on_a_sample(folder: Path, outs: dict[str, Path], province: str, year: int) -> dict:
    """The dataset's results for one province (check, compare) and one year (peer_summary) against
    the in-memory functions on the same records."""
    verdict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ld.DisclosureWarning)
        records = ld.dataset._read(
            ld.dataset.Piece(str(folder), "check", ld.dataset.ds.field("province") == province)
        )
        pieces = {
            name: [(i, p) for i, p in enumerate(dataset_pieces(folder, name, **kwargs)) if p.name]
            for name, kwargs in (("check", {}), ("compare", {"year": list(YEARS)[1:]}))
        }
        got = pd.concat(
            [
                pd.read_parquet(outs["check"] / f"piece-{i:05d}.parquet")
                for i, p in pieces["check"]
                if p.name == f"province={province}"
            ],
            ignore_index=True,
        )
        expected = ld.check(records)
        verdict["check"] = _equal(got, expected)
        got = pd.concat(
            [
                pd.read_parquet(outs["compare"] / f"piece-{i:05d}.parquet")
                for i, p in pieces["compare"]
                if p.name.startswith(f"province={province},")
            ],
            ignore_index=True,
        )
        # in memory, pair by pair: compare names a group summed from its parts after a row of the
        # same name among all the records it is given (issue 19: with all years at once, a 2019
        # form's 不予公开 is named after the narrative reports' row, parent 办理答复数量)
        expected = pd.concat(
            [
                ld.compare(records[records["year"].isin([y - 1, y])], year=y)
                for y in list(YEARS)[1:]
            ],
            ignore_index=True,
        )
        verdict["compare"] = _equal(got, expected, sort=True)
        del records
        year_records = ld.dataset._read(
            ld.dataset.Piece(str(folder), "peer_summary", ld.dataset.ds.field("year") == year)
        )
        expected = ld.peer_summary(year_records, year=year, measure="refusal_rate")
        i = [p.name for p in dataset_pieces(folder, "peer_summary", year=list(YEARS))].index(
            f"year={year}"
        )
        got = pd.read_parquet(outs["peer_summary"] / f"piece-{i:05d}.parquet")
        verdict["peer_summary"] = _equal(got, expected)
    return verdict


def _equal(got: pd.DataFrame, expected: pd.DataFrame, sort: bool = False) -> str:
    """'equal (n rows)' when the values agree (Parquet keeps the dtypes but may list a
    categorical's categories in another order), else what differs."""
    got = got.astype(
        {c: object for c in got.columns if isinstance(got[c].dtype, pd.CategoricalDtype)}
    )
    expected = expected.astype(
        {c: object for c in expected.columns if isinstance(expected[c].dtype, pd.CategoricalDtype)}
    )
    if sort:  # compare's items come in the order of first appearance in the records it is given
        keys = list(expected.columns[:11])  # by, years, forms, section … measure: one row each
        codes = [
            pd.factorize(pd.concat([got[k], expected[k]], ignore_index=True).astype(str))[0]
            for k in keys
        ]
        n = len(got)
        got = got.take(np.lexsort([c[:n] for c in reversed(codes)])).reset_index(drop=True)
        expected = expected.take(np.lexsort([c[n:] for c in reversed(codes)]))
        expected = expected.reset_index(drop=True)
    try:
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    except AssertionError as exc:
        return "DIFFERENT: " + str(exc).splitlines()[0]
    return f"equal ({len(expected):,} rows)"


#: what each analysis is asked: compare every year against the year before, peers every year
ANALYSES: dict[str, dict] = {
    "check": {},
    "compare": {"year": list(YEARS)[1:]},
    "peer_summary": {"year": list(YEARS), "measure": "refusal_rate"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provinces", type=int, default=31)
    parser.add_argument("--agencies", type=int, default=2417, help="agencies per province")
    parser.add_argument("--folder", type=Path, help="where to write (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the folder")
    parser.add_argument("--report", type=Path, help="also write the full report (JSON) here")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="the dataset is in FOLDER/records already (kept by --keep): do not generate it",
    )
    parser.add_argument(
        "--analyses",
        nargs="+",
        default=list(ANALYSES),
        choices=list(ANALYSES),
        help="the analyses to time (default: all); with --reuse, the others' results already in "
        "FOLDER/out-NAME serve the comparison on a sample",
    )
    args = parser.parse_args()
    if args.reuse and not args.folder:
        parser.error("--reuse needs --folder")
    root = args.folder or Path(tempfile.mkdtemp(prefix="bench_dataset-"))
    folder, outs = root / "records", {}
    print(
        f"machine: {platform.platform()}, python {platform.python_version()}, pandas "
        f"{pd.__version__}, numpy {np.__version__}, {os.cpu_count()} cores; folder {root}",
        flush=True,
    )
    report = {"provinces": args.provinces, "agencies_per_province": args.agencies}
    try:
        if not args.reuse:
            report["generate"] = generate(folder, args.provinces, args.agencies)
            print(json.dumps({"generate": report["generate"]}), flush=True)
        for name, kwargs in ANALYSES.items():
            outs[name] = root / f"out-{name}"
            if name not in args.analyses:
                continue
            shutil.rmtree(outs[name], ignore_errors=True)
            result = analyse(folder, outs[name], name, **kwargs)
            report[name] = result
            print(
                json.dumps(
                    {k: v for k, v in result.items() if k != "per_piece"}, ensure_ascii=False
                ),
                flush=True,
            )
        report["equal"] = equal_on_a_sample(folder, outs, PROVINCES[0], 2020)
        print(json.dumps({"equal": report["equal"]}, ensure_ascii=False), flush=True)
        for target in filter(None, [root / "report.json", args.report]):
            target.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    finally:
        if not args.keep and not args.reuse:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
