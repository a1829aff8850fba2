"""The ``report`` subcommand: ``luzhou-disclosure report FILE … --out DIR``.

Reads any input the command line reads (with :func:`luzhou_disclosure.cli.read_inputs`) and writes
each report of the 2021 form the records hold — or the one chosen with ``--agency``/``--year`` —
as the official Word document ``DIR/{agency}{year}年政府信息公开工作年度报告.docx`` with
:func:`luzhou_disclosure.write_report` (``--pdf``: a PDF beside it). The checks run first: the
findings of each report are listed; a report that breaks a rule is written only with ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from .cli import add_files_argument


def add_parser(subparsers: Any, *, epilog: str) -> argparse.ArgumentParser:
    """Register ``report`` on an argparse ``subparsers`` object."""
    p = subparsers.add_parser(
        "report",
        help="write reports as the official 2021 Word document (and PDF)",
        description="Write each report of the 2021 form in the records as the official Word\n"
        "document (政府信息公开工作年度报告, 2021 template): the tables filled from the\n"
        "figures, the prose from --prose or the template's placeholders. The figures are\n"
        "checked first; a report that breaks a rule is written only with --force.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_files_argument(p, " or reports (.txt, .html, .pdf, .docx, …)", nargs="+", metavar="RECORDS")
    p.add_argument("--out", default="out", help="output folder (default: out)")
    p.add_argument("--agency", default=None, help="write only this agency's reports")
    p.add_argument("--year", type=int, default=None, help="write only this year's reports")
    p.add_argument(
        "--prose",
        default=None,
        metavar="FILE",
        help="a text or Markdown file with the prose of the sections, under the template's "
        "headings (# 一、总体情况 …); only when one report is written",
    )
    p.add_argument(
        "--summary",
        action="store_true",
        help="open section 一 with a summary paragraph made from the figures",
    )
    p.add_argument(
        "--force", action="store_true", help="write reports even when the checks find errors"
    )
    p.add_argument("--pdf", action="store_true", help="also write a PDF (needs LibreOffice)")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``report``; returns the exit status (0 all written, 1 some not, 2 none)."""
    import luzhou_disclosure as ld

    from .cli import read_inputs, warnings_on_stderr
    from .errors import CheckError, DisclosureError
    from .publish import file_name

    frames, files = read_inputs(args.files, "report")
    if not frames:
        print("luzhou-disclosure report: error: no file could be read", file=sys.stderr)
        return 2
    records = ld.concat_records(frames)
    chosen = _reports(records, args.agency, args.year)
    if chosen.empty:
        wanted = " ".join(
            x for x in (args.agency, str(args.year) if args.year else None) if x
        ).strip()
        print(
            "luzhou-disclosure report: error: the records hold no report"
            f"{' of ' + wanted if wanted else ''}",
            file=sys.stderr,
        )
        return 2
    old = chosen[chosen["form"].isin(["2019", "narrative"])]
    for rec in old.itertuples(index=False):
        note = "error" if args.year is not None else "note"
        print(
            f"luzhou-disclosure report: {note}: {rec.agency} {rec.year} is a report of the "
            f"{rec.form} form; only the 2021 form is written",
            file=sys.stderr,
        )
    todo = chosen.drop(index=old.index)
    if todo.empty:
        return 2
    if args.prose and len(todo) > 1:
        print(
            f"luzhou-disclosure report: error: --prose is the text of one report; the records "
            f"hold {len(todo)} of the 2021 form: choose one with --agency and --year",
            file=sys.stderr,
        )
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written, failed = [], 0
    for rec in todo.itertuples(index=False):
        path = out / f"{file_name(rec.agency, rec.year)}.docx"
        try:
            with warnings_on_stderr("report"):
                found = ld.write_report(
                    records,
                    path,
                    agency=rec.agency,
                    year=int(rec.year),
                    prose=args.prose,
                    summary=args.summary,
                    force=args.force,
                    pdf=args.pdf,
                )
        except CheckError as exc:
            failed += 1
            print(f"luzhou-disclosure report: error: {exc}", file=sys.stderr)
            _findings(exc.findings[exc.findings["severity"] != "error"], sys.stderr)
            continue
        except (DisclosureError, ValueError) as exc:
            failed += 1
            print(f"luzhou-disclosure report: error: {exc}", file=sys.stderr)
            continue
        written.append(path)
        print(f"{rec.agency} {rec.year}: {path}" + (" (and .pdf)" if args.pdf else ""))
        _findings(found, sys.stdout)
    problems = failed + int((files["status"] == "error").sum())
    problems += len(old) if args.year is not None else 0
    if not written:
        return 2
    return 1 if problems else 0


def _reports(records: pd.DataFrame, agency: str | None, year: int | None) -> pd.DataFrame:
    """The reports (agency, year, form) the records hold, as chosen."""
    frame = records[["agency", "year", "form"]].copy()
    frame["form"] = frame["form"].fillna("2021")
    if agency is not None:
        frame = frame[frame["agency"] == agency]
    if year is not None:
        frame = frame[frame["year"] == year]
    frame = frame.sort_values(["agency", "year", "form"])
    return frame.drop_duplicates(["agency", "year"]).reset_index(drop=True)


def _findings(found: pd.DataFrame, stream: Any) -> None:
    """The checks a report did not pass, one line each."""
    for f in found.itertuples(index=False):
        where = f" ({f.sources})" if isinstance(f.sources, str) and f.sources else ""
        print(f"  {f.rule} {f.severity}: {f.message}{where}", file=stream)
