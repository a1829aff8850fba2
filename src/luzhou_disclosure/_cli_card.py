"""The ``card`` subcommand: ``luzhou-disclosure card [FILE …] [--agency A] [--year Y] --out DIR``.

Reads any mix of records workbooks, standard-form workbooks and report texts (with
:func:`luzhou_disclosure.cli.read_inputs`, as ``summary`` does; default: the bundled 2017 report)
and writes report cards (:func:`luzhou_disclosure.report_card`): one agency's card for a year with
``--agency`` (its latest year without ``--year``), otherwise the card of every agency and year (of
``--year``) and ``DIR/index.html`` linking them, sortable by any indicator.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .cli import add_files_argument


def add_parser(subparsers: Any, *, parents: list, epilog: str) -> argparse.ArgumentParser:
    """Register ``card`` on an argparse ``subparsers`` object."""
    p = subparsers.add_parser(
        "card",
        parents=parents,
        help="write report cards: one HTML page per agency and year, and an index",
        description=(
            "Write report cards: one self-contained HTML page per agency and year (figures\n"
            "and indicators beside the year before, charts, the checks in plain words, the source\n"
            "of every figure), and DIR/index.html linking them, sortable by any indicator."
        ),
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_files_argument(p, " or report texts (.txt, .html); default: the bundled 2017 report")
    p.add_argument("--agency", default=None, help="write this agency's card only")
    p.add_argument(
        "--year",
        type=int,
        default=None,
        help="the report year (default: every year; with --agency, its latest)",
    )
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``card``; returns the exit status (0 ok, 1 some files unreadable, 2 nothing written)."""
    import luzhou_disclosure as ld

    from ._atomic import file_stem
    from ._example import example_path
    from .cli import print_written, read_inputs, warnings_on_stderr

    paths = [Path(f) for f in args.files] or [example_path()]
    frames, files = read_inputs(paths, "card")
    if not frames:
        print("luzhou-disclosure card: error: no file could be read", file=sys.stderr)
        return 2
    records = ld.concat_records(frames)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    charts = not args.no_charts
    with warnings_on_stderr("card"):
        if args.agency is not None:
            held = records.loc[records["agency"] == args.agency, "year"].dropna()
            if held.empty:
                agencies = ", ".join(sorted(records["agency"].dropna().unique()))
                print(
                    f"luzhou-disclosure card: error: no figures of {args.agency!r} in the files "
                    f"given (they hold {agencies})",
                    file=sys.stderr,
                )
                return 2
            year = args.year if args.year is not None else int(held.max())
            path = out / f"{file_stem(args.agency)}_{year}.html"
            ld.report_card(
                records, agency=args.agency, year=year, path=path, lang=args.lang, charts=charts
            )
            written = [path]
        else:
            written = ld.report_cards(records, out, year=args.year, lang=args.lang, charts=charts)
    if len(written) <= (0 if args.agency else 1):
        print(f"luzhou-disclosure card: error: no figures for {args.year}", file=sys.stderr)
        return 2
    print_written(written, args.lang)
    return 1 if (files["status"] == "error").any() else 0
