"""The ``compare`` subcommand: ``luzhou-disclosure compare FILES… --year Y --base-year X [--out DIR]``.

Reads any mix of records workbooks, standard-form workbooks and report texts (whichever readers the
package has), compares ``--year`` with ``--base-year`` for every agency through the crosswalk, ranks
agencies among their peers, prints the comparison and writes ``DIR/compare.xlsx`` (sheets
``compare``, ``peers``, ``crosswalk``, ``files``) and charts. A file that cannot be read is reported
with its name and the problem, the others are still processed, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from ._arrays import STRING
from .readers._sources import REPORT_SUFFIXES as TEXT_SUFFIXES

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
PERCENT = '0.00"%"'
_FLAG_FILL = "FFF2CC"
_LEFT_OUT_FILL = "EDEDED"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``compare`` on an argparse ``subparsers`` object."""
    p = subparsers.add_parser(
        "compare",
        help="compare a year with a base year for every agency, across the 2019 format change",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument(
        "files", nargs="+", help="records workbooks, standard-form workbooks or report texts"
    )
    p.add_argument("--year", type=int, required=True, help="the year compared")
    p.add_argument(
        "--base-year", type=int, default=None, help="the year compared against (default: year − 1)"
    )
    p.add_argument("--out", default="out", help="output folder (default: out)")
    p.add_argument(
        "--measure",
        default="refusal_rate",
        help="the rate agencies are ranked by (default: refusal_rate)",
    )
    p.add_argument(
        "--min-applications",
        type=int,
        default=None,
        help="rank rates only for agencies with at least this many applications (default 10)",
    )
    p.add_argument("--no-charts", action="store_true", help="do not draw PNG charts")
    p.set_defaults(run=run)
    return p


def read_any(path: Path) -> pd.DataFrame:
    """Records from one file, by its type and the readers the package has; errors name the file."""
    import luzhou_disclosure as ld

    from .errors import DisclosureError, InputFileError

    if not path.exists():
        raise InputFileError(path, "no such file")
    if path.is_dir():
        raise InputFileError(path, "is a folder; give the files in it")
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        read_form = getattr(ld, "read_form", None)
        try:
            return ld.read_excel(path)
        except InputFileError as first:
            if read_form is None:
                raise
            try:
                return read_form(path)
            except DisclosureError as second:
                raise InputFileError(
                    path,
                    f"neither a records workbook ({first.problem}) nor a standard-form "
                    f"workbook ({_problem(second)})",
                ) from None
    if suffix in TEXT_SUFFIXES:
        read_report = getattr(ld, "read_report", None)
        if read_report is None:
            raise InputFileError(
                path, "report texts cannot be read: this installation has no report-text reader"
            )
        return read_report(path)
    raise InputFileError(
        path,
        f"cannot read {suffix or 'files without a suffix'}: expected a workbook "
        f"({', '.join(WORKBOOK_SUFFIXES)}) or a report text ({', '.join(TEXT_SUFFIXES)})",
    )


def _problem(exc: Exception) -> str:
    return getattr(exc, "problem", None) or str(exc)


def run(args: argparse.Namespace) -> int:
    """Run ``compare``; returns the exit status (0 ok, 1 some files unreadable, 2 nothing to compare)."""
    import warnings

    import luzhou_disclosure as ld

    from .compare import DEFAULT_MIN_APPLICATIONS

    base_year = args.base_year if args.base_year is not None else args.year - 1
    min_apps = (
        args.min_applications if args.min_applications is not None else DEFAULT_MIN_APPLICATIONS
    )
    frames, files, failed = [], [], 0
    for name in args.files:
        path = Path(name)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                records = read_any(path)
            frames.append(records)
            years = sorted(int(y) for y in records["year"].dropna().unique())
            agencies = records["agency"].dropna().unique()
            files.append(
                {
                    "file": str(path),
                    "status": "read",
                    "figures": len(records),
                    "agencies": ", ".join(map(str, agencies)),
                    "years": ", ".join(map(str, years)),
                    "message": "; ".join(str(w.message) for w in caught),
                }
            )
        except Exception as exc:  # report every unreadable file and go on with the others
            failed += 1
            message = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
            print(f"luzhou-disclosure compare: error: {message}", file=sys.stderr)
            files.append(
                {
                    "file": str(path),
                    "status": "error",
                    "figures": 0,
                    "agencies": "",
                    "years": "",
                    "message": message,
                }
            )
    if not frames:
        print(
            "luzhou-disclosure compare: error: no file could be read; nothing to compare",
            file=sys.stderr,
        )
        return 2
    records = ld.concat_records(frames)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        harmonized = ld.harmonize(records)
    for w in caught:
        print(f"luzhou-disclosure compare: warning: {w.message}", file=sys.stderr)
    comparison = ld.compare(harmonized, year=args.year, base_year=base_year)
    peers = ld.peer_summary(
        harmonized, year=args.year, measure=args.measure, min_applications=min_apps
    )
    crosswalk = _crosswalk_used(harmonized, [args.year, base_year])
    present = set(int(y) for y in records["year"].dropna().unique())
    for y in (args.year, base_year):
        if y not in present:
            print(
                f"luzhou-disclosure compare: warning: no figures for {y} in the files given",
                file=sys.stderr,
            )
    print(format_comparison(comparison, args.year, base_year))
    print()
    print(format_peers(peers, args.measure, min_apps))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written = [
        write_workbook(
            {
                "compare": comparison,
                "peers": peers,
                "crosswalk": crosswalk,
                "files": pd.DataFrame(files),
            },
            out / "compare.xlsx",
        )
    ]
    if not args.no_charts:
        written += _charts(comparison, peers, out, args.year)
    print("\nWritten:")
    for p in written:
        print(f"  {p}")
    return 1 if failed else 0


def _crosswalk_used(harmonized: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    cols = [
        "form",
        "section",
        "parent",
        "item",
        "field",
        "std_section",
        "std_parent",
        "std_item",
        "std_field",
        "mapping",
        "judgement",
        "mapping_note",
    ]
    rows = harmonized[harmonized["year"].isin(years)]
    rows = rows[rows["mapping"].isin(["mapped", "judgement", "unmapped"]).fillna(False)]
    table = rows[cols].astype({c: STRING for c in cols if c != "judgement"})
    return table.value_counts(dropna=False, sort=False).rename("records").reset_index()


def _fmt(value: Any, pct: bool = False) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "—"
    if pct:
        return f"{float(value):+.2f}%"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def _pad(text: str, width: int) -> str:
    from ._xlsx import display_width

    return text + " " * max(0, width - display_width(text))


def format_comparison(comparison: pd.DataFrame, year: int, base_year: int) -> str:
    """The comparison as text: one block per agency, the 总计 applicant column only."""
    lines = [
        f"Comparison {year} against {base_year} ({len(comparison)} rows; all applicant columns in the workbook)"
    ]
    shown = comparison[comparison["applicant"] == "总计"]
    for agency, rows in shown.groupby("agency", sort=False, observed=True):
        lines.append(f"\n{agency}")
        for r in rows.itertuples(index=False):
            label = r.item if pd.isna(r.field) else f"{r.item} {r.field}"
            lines.append(
                f"  {_pad(label, 30)} {_fmt(r.previous):>10} → {_fmt(r.current):<10} "
                f"{_fmt(r.growth_pct, pct=True):>10}  {r.flags if r.flags else ''}"
            )
    return "\n".join(lines)


def format_peers(peers: pd.DataFrame, measure: str, min_apps: int) -> str:
    lines = [f"Peers by {measure} (rates ranked only with at least {min_apps} applications)"]
    for r in peers.itertuples(index=False):
        if r.ranked:
            lines.append(
                f"  {r.agency}: {_fmt(r.value)}%, rank {r.rank} of {r.n_ranked}, "
                f"percentile {_fmt(r.percentile)} (P25 {_fmt(r.p25)}, P50 {_fmt(r.p50)}, P75 {_fmt(r.p75)})"
            )
        else:
            lines.append(f"  {r.agency}: not ranked: {r.excluded_reason}")
    return "\n".join(lines)


_PERCENT_COLUMNS = {"growth_pct", "percentile", "p25", "p50", "p75", "share_pct"}


def write_workbook(sheets: dict[str, pd.DataFrame], path: Path) -> Path:
    """One sheet per table: a frozen bold header, percent formats, flagged rows highlighted."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from ._xlsx import INTEGER_FORMAT, fit_columns, write_cell

    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in sheets.items():
        ws = wb.create_sheet(name)
        columns = list(frame.columns)
        for j, col in enumerate(columns, start=1):
            write_cell(ws, 1, j, col).font = Font(bold=True)
        ws.freeze_panes = "A2"
        pct_cols = set(_PERCENT_COLUMNS)
        if name == "peers" and "numerator" in frame:
            pct_cols.add("value")
        highlight = None
        if "flagged" in frame:
            highlight, colour = frame["flagged"].fillna(False).to_numpy(dtype=bool), _FLAG_FILL
        elif "ranked" in frame:
            highlight, colour = ~frame["ranked"].fillna(False).to_numpy(dtype=bool), _LEFT_OUT_FILL
        elif "status" in frame:
            highlight, colour = (frame["status"] == "error").to_numpy(dtype=bool), _FLAG_FILL
        values = {c: frame[c].astype(object).tolist() for c in columns}
        for i in range(len(frame)):
            fill = (
                PatternFill("solid", fgColor=colour)
                if highlight is not None and highlight[i]
                else None
            )
            for j, col in enumerate(columns, start=1):
                v = values[col][i]
                fmt = PERCENT if col in pct_cols else "0.00" if col == "ratio" else None
                if (
                    fmt is None
                    and isinstance(v, int | float)
                    and not isinstance(v, bool)
                    and float(v).is_integer()
                ):
                    fmt = INTEGER_FORMAT
                cell = write_cell(ws, i + 2, j, v, fmt)
                if fill is not None:
                    cell.fill = fill
        fit_columns(ws)
    wb.save(path)
    return path


def _charts(comparison: pd.DataFrame, peers: pd.DataFrame, out: Path, year: int) -> list[Path]:
    try:
        from . import plot
    except ImportError:
        print("(charts skipped: this installation has no luzhou_disclosure.plot)", file=sys.stderr)
        return []
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    if hasattr(plot, "use_chinese_font"):
        plot.use_chinese_font()
    written = []
    ranked = peers[peers["ranked"]]
    growth = comparison[
        (comparison["applicant"] == "总计")
        & comparison["growth_pct"].notna()
        & (comparison["item"] == "本年新收政府信息公开申请数量")
    ]
    jobs = [
        ("peers.png", ranked, {"value": "value"}),
        (
            "applications_growth.png",
            growth,
            {"value": "growth_pct", "item": "本年新收政府信息公开申请数量"},
        ),
    ]
    for name, data, kwargs in jobs:
        if data.empty:
            continue
        fig, ax = plt.subplots(figsize=(8, max(3, 0.35 * data["agency"].nunique() + 1.5)))
        try:
            plot.plot_agencies(
                data.assign(agency=data["agency"].astype(str)), year=year, ax=ax, **kwargs
            )
            fig.tight_layout()
            fig.savefig(out / name, dpi=120)
            written.append(out / name)
        except Exception as exc:  # a chart must not lose the tables
            print(
                f"luzhou-disclosure compare: warning: chart {name} not drawn: {exc}",
                file=sys.stderr,
            )
        finally:
            plt.close(fig)
    return written
