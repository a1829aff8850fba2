"""The ``compare`` subcommand: ``luzhou-disclosure compare FILE … --year Y [--base-year X]``.

Reads any mix of records workbooks, standard-form workbooks and report texts (with
:func:`luzhou_disclosure.cli.read_inputs`, as ``summary`` does), compares ``--year`` with
``--base-year`` for every agency (as written where both years have the same report form, through
the crosswalk where they differ), ranks agencies among their peers, prints the comparison and
writes ``DIR/compare.xlsx`` (sheets compare, peers, crosswalk, files, by
:func:`luzhou_disclosure.summary.write_workbook`) and charts. A file that cannot be read is reported
with its name and the problem, the others are still processed, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from ._arrays import STRING
from ._atomic import atomic_write, output_folder
from ._english import INDICATOR_NAMES, message, pick, text
from ._numbers import round_half_up
from ._vocab import RECEIVED, TOTAL
from .cli import add_files_argument
from .compare import DEFAULT_MIN_APPLICATIONS, RATES
from .harmonize import KEY_COLUMNS, STD_COLUMNS


def add_parser(subparsers: Any, *, parents: list, epilog: str) -> argparse.ArgumentParser:
    """Register ``compare`` on an argparse ``subparsers`` object."""
    p = subparsers.add_parser(
        "compare",
        parents=parents,
        help="compare a year with a base year for every agency, across the 2019 format change",
        description="Compare a year with a base year for every agency (through the crosswalk\n"
        "where the report forms differ) and rank agencies among their peers: print the\n"
        "comparison, write DIR/compare.xlsx and charts.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_files_argument(p, " or report texts (.txt, .html); or give --urls")
    p.add_argument("--year", type=int, required=True, help="the year compared")
    p.add_argument(
        "--base-year", type=int, default=None, help="the year compared against (default: year − 1)"
    )
    p.add_argument(
        "--measure",
        default="refusal_rate",
        choices=list(RATES),
        help="the indicator agencies are ranked by (docs/indicators.md): "
        + "; ".join(f"{name}: {pick(INDICATOR_NAMES[name][1], 'en')}" for name in RATES)
        + " (default: refusal_rate)",
    )
    p.add_argument(
        "--min-applications",
        type=int,
        default=None,
        help=f"rank rates only for agencies with at least this many applications "
        f"(default {DEFAULT_MIN_APPLICATIONS})",
    )
    from ._cli_fetch import add_fetch_options

    add_fetch_options(p)
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``compare``; returns the exit status (0 ok, 1 some files unreadable, 2 nothing to
    compare: no file read, or none holds the year compared)."""
    import luzhou_disclosure as ld

    from .cli import print_written, read_all_inputs, warnings_on_stderr
    from .summary import write_workbook

    if not args.files and not args.urls:
        print(
            "luzhou-disclosure compare: error: give the files to compare, or --urls URLS.txt",
            file=sys.stderr,
        )
        return 2

    base_year = args.base_year if args.base_year is not None else args.year - 1
    min_apps = (
        args.min_applications if args.min_applications is not None else DEFAULT_MIN_APPLICATIONS
    )
    output_folder(args.out, create=False)  # a wrong --out is said before the inputs are read
    frames, files = read_all_inputs(args, args.files, "compare")
    if not frames:
        print(
            "luzhou-disclosure compare: error: no file could be read; nothing to compare",
            file=sys.stderr,
        )
        return 2
    records = ld.concat_records(frames)
    present = set(int(y) for y in records["year"].dropna().unique())
    if args.year not in present:
        held = ", ".join(map(str, sorted(present))) or "none"
        print(
            f"luzhou-disclosure compare: error: no figures for {args.year} in the files given "
            f"(they hold the years {held}); nothing to compare",
            file=sys.stderr,
        )
        return 2
    if base_year not in present:
        print(
            f"luzhou-disclosure compare: warning: no figures for {base_year} in the files given",
            file=sys.stderr,
        )
    with warnings_on_stderr("compare"):
        comparison = ld.compare(records, year=args.year, base_year=base_year)
        peers = ld.peer_summary(
            records, year=args.year, measure=args.measure, min_applications=min_apps
        )
        crosswalk = _crosswalk_used(records, comparison, [args.year, base_year])
    print(format_comparison(comparison, args.year, base_year, lang=args.lang))
    print()
    print(format_peers(peers, args.measure, min_apps, lang=args.lang))
    out = output_folder(args.out)
    sheets = {"compare": comparison, "peers": peers, "crosswalk": crosswalk, "files": files}
    written = [write_workbook(sheets, out / "compare.xlsx", lang=args.lang)]
    if not args.no_charts:
        with warnings_on_stderr("compare"):
            written += _charts(comparison, peers, out, args.lang)
    print_written(written, args.lang)
    return 1 if (files["status"] == "error").any() else 0


def _crosswalk_used(
    records: pd.DataFrame, comparison: pd.DataFrame, years: list[int]
) -> pd.DataFrame:
    """The crosswalk entries of the agencies compared through it (whose forms differ)."""
    import luzhou_disclosure as ld

    cols = [*KEY_COLUMNS, *STD_COLUMNS]
    crossed = comparison.loc[comparison["via_crosswalk"], "agency"].astype(object).unique()
    rows = records[records["agency"].isin(crossed) & records["year"].isin(years)]
    harmonized = ld.harmonize(rows)  # its warnings (unmapped labels) go to the caller
    harmonized = harmonized[
        harmonized["mapping"].isin(["mapped", "judgement", "unmapped"]).fillna(False)
    ]
    table = harmonized[cols].astype({c: STRING for c in cols if c != "judgement"})
    return table.value_counts(dropna=False, sort=False).rename("records").reset_index()


def _fmt(value: Any, pct: bool = False, signed: bool = True) -> str:
    """A figure as text: ``1,234``, ``12.5``; a percentage rounded half up, ``+18.22%``."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "—"
    if pct:
        return f"{round_half_up(float(value), 2):{'+' if signed else ''},}%"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def _pad(text: str, width: int) -> str:
    from ._xlsx import display_width

    return text + " " * max(0, width - display_width(text))


def format_comparison(
    comparison: pd.DataFrame, year: int, base_year: int, *, lang: str = "zh"
) -> str:
    """The comparison as text: one block per agency, the 总计 applicant column only."""
    lines = [text("comparison_title", lang, year=year, base_year=base_year, rows=len(comparison))]
    shown = comparison[comparison["applicant"] == TOTAL]
    for agency, rows in shown.groupby("agency", sort=False, observed=True):
        lines.append(f"\n{agency}")
        for r in rows.itertuples(index=False):
            label = r.item if pd.isna(r.field) else f"{r.item} {r.field}"
            flags = message(str(r.flags), lang) if r.flags else ""
            lines.append(
                f"  {_pad(label, 30)} {_fmt(r.previous):>10} → {_fmt(r.current):<10} "
                f"{_fmt(r.growth_pct, pct=True):>10}  {flags}"
            )
    return "\n".join(lines)


def format_peers(peers: pd.DataFrame, measure: str, min_apps: int, *, lang: str = "zh") -> str:
    """The ranking as text: each agency's rate, rank and percentile, or why it is not ranked."""
    rate = measure in INDICATOR_NAMES and RATES[measure].unit == "pct"
    name = pick(INDICATOR_NAMES[measure][0], lang) if measure in INDICATOR_NAMES else measure
    lines = [text("peers_title", lang, measure=name, min_applications=min_apps)]
    for r in peers.itertuples(index=False):
        if r.ranked:
            lines.append(
                "  "
                + text(
                    "peers_ranked",
                    lang,
                    agency=r.agency,
                    value=_fmt(r.value, pct=rate, signed=False),
                    rank=r.rank,
                    n_ranked=r.n_ranked,
                    percentile=_fmt(r.percentile),
                    p25=_fmt(r.p25),
                    p50=_fmt(r.p50),
                    p75=_fmt(r.p75),
                )
            )
        else:
            reason = message(str(r.excluded_reason), lang)
            lines.append("  " + text("peers_left_out", lang, agency=r.agency, reason=reason))
    return "\n".join(lines)


def _charts(comparison: pd.DataFrame, peers: pd.DataFrame, out: Path, lang: str) -> list[Path]:
    """The peers chart (every agency, those left out shown with why) and the applications'
    growth."""
    from matplotlib.figure import Figure

    from . import plot

    growth = comparison[
        (comparison["applicant"] == TOTAL)
        & comparison["growth_pct"].notna()
        & (comparison["item"] == RECEIVED)
        & comparison["parent"].isna()
    ]
    jobs: list[tuple[str, pd.DataFrame, dict[str, Any]]] = [
        ("peers.png", peers, {}),
        ("applications_growth.png", growth, {"value": "growth_pct", "item": RECEIVED}),
    ]
    written = []
    for name, data, kwargs in jobs:
        if data.empty:
            continue
        fig = Figure(
            figsize=(8, max(3, 0.4 * data["agency"].nunique() + 1.6)), layout="constrained"
        )
        try:
            plot.plot_agencies(
                data.assign(agency=data["agency"].astype(str)),
                ax=fig.add_subplot(),
                lang=lang,
                **kwargs,
            )
            with atomic_write(out / name) as tmp:
                fig.savefig(tmp, dpi=120)
            written.append(out / name)
        except ValueError as exc:  # nothing to draw: the tables are written all the same
            print(
                f"luzhou-disclosure compare: warning: chart {name} not drawn: {exc}",
                file=sys.stderr,
            )
    return written
