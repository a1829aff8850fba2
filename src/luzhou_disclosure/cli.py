"""The luzhou-disclosure command line: ``summary``, ``compare``, ``card``, ``fetch`` and ``report``.

``luzhou-disclosure summary [FILE …] [--out DIR] [--lang zh|en]`` analyses records workbooks,
standard-form workbooks or report texts (default: the bundled 2017 report of the Luzhou
Statistics Bureau), prints the tables and writes ``DIR/summary.xlsx`` and charts as PNG files.
``luzhou-disclosure compare`` is in :mod:`luzhou_disclosure._cli_compare`, ``luzhou-disclosure
card`` (report cards) in :mod:`luzhou_disclosure._cli_card`, ``fetch`` (and the ``--urls`` option of
``summary`` and ``compare``) in :mod:`luzhou_disclosure._cli_fetch`, ``report`` (the official Word
document) in :mod:`luzhou_disclosure._cli_report`. All read their input files with
:func:`read_inputs`.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from . import __version__
from ._english import LANGS, text
from .errors import DisclosureError
from .forms import SUFFIXES as FORM_SUFFIXES
from .readers._sources import REPORT_SUFFIXES
from .workbook import SUFFIXES as RECORDS_FILE_SUFFIXES

DESCRIPTION = """Read, check, analyse and compare government information disclosure annual
reports (政府信息公开工作年度报告)."""
EXIT_STATUS = (
    "exit status:\n"
    "  0  every input file was read and the outputs were written\n"
    "  1  some input files could not be read (each is named on stderr); the others were processed\n"
    "  2  no input file could be read, an input is invalid, no figures for the year compared, an "
    "output cannot be written, or the command line is wrong"
)

#: what the readers take, from their own lists: workbooks (a records or a standard-form workbook),
#: records files that are not workbooks, and reports as published
WORKBOOK_SUFFIXES = FORM_SUFFIXES
RECORDS_SUFFIXES = tuple(s for s in RECORDS_FILE_SUFFIXES if s not in FORM_SUFFIXES)
TEXT_SUFFIXES = REPORT_SUFFIXES
#: the files a command reads, for the help of its FILE arguments
INPUT_FILES = (
    "records workbooks or files (.xlsx, .csv, .parquet), standard-form workbooks "
    "(.xlsx, .xls, .ods)"
)


def add_files_argument(
    parser: argparse.ArgumentParser, more: str, *, nargs: str = "*", metavar: str = "FILE"
) -> None:
    """Add a command's ``files`` argument, its help naming the input kinds, then ``more``."""
    parser.add_argument("files", nargs=nargs, metavar=metavar, help=f"{INPUT_FILES}{more}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (see ``luzhou-disclosure --help``)."""
    from . import _cli_card, _cli_compare, _cli_fetch, _cli_report

    parser = argparse.ArgumentParser(
        prog="luzhou-disclosure",
        description=DESCRIPTION,
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    outputs = argparse.ArgumentParser(add_help=False)
    outputs.add_argument("--out", default="out", help="output folder (default: out)")
    outputs.add_argument(
        "--lang",
        choices=LANGS,
        default="zh",
        help="language of the tables, workbook headers and charts: zh (Chinese, the default) "
        "or en (English)",
    )
    outputs.add_argument("--no-charts", action="store_true", help="do not draw PNG charts")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    summary = sub.add_parser(
        "summary",
        parents=[outputs],
        help="analyse reports: tables, an Excel workbook, charts",
        description="Analyse the figures of records workbooks, standard-form workbooks or\n"
        "report texts: print the tables, write DIR/summary.xlsx and charts.",
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_files_argument(summary, " or report texts (.txt, .html); default: the bundled 2017 report")
    _cli_fetch.add_fetch_options(summary)
    summary.set_defaults(run=_summary)
    _cli_compare.add_parser(sub, parents=[outputs], epilog=EXIT_STATUS)
    _cli_card.add_parser(sub, parents=[outputs], epilog=EXIT_STATUS)
    _cli_fetch.add_parser(sub, epilog=EXIT_STATUS)
    _cli_report.add_parser(sub, epilog=EXIT_STATUS)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except DisclosureError as exc:
        print(f"luzhou-disclosure: error: {exc}", file=sys.stderr)
        return 2


# --- reading any input file -------------------------------------------------------------------


def read_input(path: str | Path) -> pd.DataFrame:
    """Records from one file, whatever the readers take: a records workbook or file, a
    standard-form workbook, or a report text. Errors name the file.

    A workbook with a sheet ``records`` is a records workbook; any other workbook is read as a
    standard form.
    """
    import luzhou_disclosure as ld

    from ._cli_fetch import RECORDS_FILE
    from ._xlsx import open_workbook
    from .errors import InputFileError

    path = Path(path)
    if not path.exists():
        raise InputFileError(path, "no such file")
    if path.is_dir() and (path / RECORDS_FILE).is_file():  # a folder written by fetch --out
        return ld.read_records(path / RECORDS_FILE)
    if path.is_dir():
        raise InputFileError(
            path,
            f"is a folder; give the files in it (or a folder fetch --out wrote {RECORDS_FILE} in)",
        )
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        if "records" in open_workbook(path).sheet_names:
            return ld.read_records(path)
        try:
            return ld.read_form(path)
        except DisclosureError as as_form:
            try:
                return ld.read_records(path)
            except DisclosureError as as_records:
                raise InputFileError(
                    path,
                    f"neither a standard-form workbook ({_problem(as_form)}) nor a records "
                    f"workbook ({_problem(as_records)})",
                ) from None
    if suffix in RECORDS_SUFFIXES:
        return ld.read_records(path)
    if suffix in TEXT_SUFFIXES:
        return ld.read_report(path)
    readable = WORKBOOK_SUFFIXES + RECORDS_SUFFIXES
    raise InputFileError(
        path,
        f"cannot read {suffix or 'files without a suffix'}: expected a workbook or records file "
        f"({', '.join(readable)}) or a report ({', '.join(TEXT_SUFFIXES)})",
    )


def _problem(exc: Exception) -> str:
    return getattr(exc, "problem", None) or str(exc)


@contextlib.contextmanager
def warnings_on_stderr(command: str) -> Iterator[list[warnings.WarningMessage]]:
    """Collect the warnings given inside; print each distinct one on stderr afterwards, as
    ``luzhou-disclosure COMMAND: warning: …``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield caught
        finally:
            for shown in dict.fromkeys(str(w.message) for w in caught):
                print(f"luzhou-disclosure {command}: warning: {shown}", file=sys.stderr)


def read_inputs(
    paths: Sequence[str | Path], command: str
) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """Read every file with :func:`read_input`; a file that cannot be read is named on stderr
    and the others are still read.

    Returns the records of each file read and a table of the files (``file``, ``status``
    ``read`` or ``error``, ``figures``, ``agencies``, ``years``, ``message``: the error, or the
    warnings given while reading).
    """
    frames, files = [], []
    for name in paths:
        path = Path(name)
        try:
            with warnings_on_stderr(command) as caught:
                records = read_input(path)
        except Exception as exc:  # report every unreadable file and go on with the others
            message = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
            print(f"luzhou-disclosure {command}: error: {message}", file=sys.stderr)
            files.append(file_row(path, "error", None, message))
            continue
        frames.append(records)
        files.append(file_row(path, "read", records, "; ".join(str(w.message) for w in caught)))
    table = pd.DataFrame(
        files, columns=["file", "status", "figures", "agencies", "years", "message"]
    )
    return frames, table.astype({"figures": "Int64"})


def read_all_inputs(
    args: argparse.Namespace, paths: Sequence[str | Path], command: str
) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """:func:`read_inputs` of ``paths``, then the URLs of ``--urls`` (when given), in one table."""
    frames, files = read_inputs(paths, command)
    if getattr(args, "urls", None):
        from ._cli_fetch import read_urls

        more, table = read_urls(args, command)
        frames += more
        files = pd.concat([files, table], ignore_index=True) if len(files) else table
    return frames, files


def file_row(path: Path, status: str, records: pd.DataFrame | None, message: str) -> dict:
    """A row of the ``files`` table of the commands: the file, how reading it went, what it held."""
    row = {"file": str(path), "status": status, "figures": 0, "agencies": "", "years": ""}
    if records is not None:
        years = sorted(int(y) for y in records["year"].dropna().unique())
        row["figures"] = len(records)
        row["agencies"] = ", ".join(map(str, records["agency"].dropna().unique()))
        row["years"] = ", ".join(map(str, years))
    return row | {"message": message}


def print_written(paths: Sequence[Path], lang: str) -> None:
    print("\n" + text("written", lang))
    for p in paths:
        print(f"  {p}")


# --- summary ----------------------------------------------------------------------------------


def _summary(args: argparse.Namespace) -> int:
    import luzhou_disclosure as ld

    from ._atomic import output_folder
    from ._example import example_path
    from .summary import format_summary, summary_tables, write_workbook

    output_folder(args.out, create=False)  # a wrong --out is said before the inputs are read
    paths = [Path(f) for f in args.files] or ([] if args.urls else [example_path()])
    frames, files = read_all_inputs(args, paths, "summary")
    if not frames:
        print("luzhou-disclosure summary: error: no file could be read", file=sys.stderr)
        return 2
    records = ld.concat_records(frames)
    with warnings_on_stderr("summary"):
        tables = summary_tables(records)
    read = [Path(f).name for f in files.loc[files["status"] == "read", "file"]]
    pairs = records[["agency", "year"]].drop_duplicates().shape[0]
    print(
        text("read_summary", args.lang, name=", ".join(read), figures=len(records), pairs=pairs)
        + "\n"
    )
    print(format_summary(tables, lang=args.lang))
    out = output_folder(args.out)
    written = [write_workbook(tables, out / "summary.xlsx", lang=args.lang)]
    if not args.no_charts:
        from .plot import save_summary_charts

        with warnings_on_stderr("summary"):
            written += save_summary_charts(records, out, lang=args.lang)
    print_written(written, args.lang)
    failed = int(tables["audit"]["severity"].eq("error").sum())
    if failed:
        from .summary import sheet_name

        print(
            "\n" + text("disagree", args.lang, failed=failed, sheet=sheet_name("audit", args.lang))
        )
    return 1 if (files["status"] == "error").any() else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
