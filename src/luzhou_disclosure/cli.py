"""The ``luzhou-disclosure`` command line.

``luzhou-disclosure summary [WORKBOOK] [--out DIR]`` analyses a records workbook (default: the
bundled 2017 report of the Luzhou Statistics Bureau), prints the tables and writes them to
``DIR/summary.xlsx`` together with charts as PNG files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import DisclosureError


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="luzhou-disclosure", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    summary = sub.add_parser(
        "summary", help="analyse a records workbook: tables, Excel workbook, charts"
    )
    summary.add_argument(
        "workbook", nargs="?", help="records workbook (default: the bundled 2017 report)"
    )
    summary.add_argument("--out", default="out", help="output folder (default: out)")
    summary.add_argument("--no-charts", action="store_true", help="do not draw PNG charts")
    summary.set_defaults(run=_summary)
    _register_optional(sub)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except DisclosureError as exc:
        print(f"luzhou-disclosure: error: {exc}", file=sys.stderr)
        return 2


def _register_optional(sub) -> None:
    try:
        from . import _cli_compare
    except ImportError:
        return
    _cli_compare.add_parser(sub)


def _summary(args: argparse.Namespace) -> int:
    from ._example import example_path
    from .report import format_summary, summary_tables, write_summary_workbook
    from .workbook import read_records

    path = Path(args.workbook) if args.workbook else example_path()
    records = read_records(path)
    tables = summary_tables(records)
    print(
        f"{path.name}: {len(records)} figures, "
        f"{records[['agency', 'year']].drop_duplicates().shape[0]} agency-year(s)\n"
    )
    print(format_summary(tables))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written = [write_summary_workbook(tables, out / "summary.xlsx")]
    if not args.no_charts:
        written += _charts(records, out)
    print("\nWritten:")
    for p in written:
        print(f"  {p}")
    failed = tables["audit"]["severity"].eq("error").sum()
    if failed:
        print(
            f"\n{failed} printed figure(s) disagree with the report's own numbers (see sheet 'audit')."
        )
    return 0


def _charts(records, out: Path) -> list[Path]:
    try:
        from .plot import save_summary_charts
    except ImportError:
        return []
    return list(save_summary_charts(records, out))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
