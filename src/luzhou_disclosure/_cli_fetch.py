"""The ``fetch`` subcommand, and the ``--urls`` option of ``summary`` and ``compare``.

``luzhou-disclosure fetch --urls URLS.txt --out DIR`` reads the report at every URL of ``URLS.txt``
(one a line; :mod:`luzhou_disclosure.fetch`), downloading through the cache (``--cache``,
``--refresh``, ``--delay``, ``--timeout``), and writes ``DIR/records.xlsx`` (every figure, its
source naming the URL and the cached file) and ``DIR/fetch.xlsx`` (one row per URL: read or error,
the figures, agencies and years read, or why it failed). ``summary DIR`` and ``compare DIR`` then
read ``DIR/records.xlsx``. ``summary --urls URLS.txt`` and ``compare --urls URLS.txt`` read the URLs
themselves, beside any files given.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from .fetch import DEFAULT_DELAY, DEFAULT_TIMEOUT, cache_key

#: what ``fetch --out DIR`` writes, and what ``summary DIR`` and ``compare DIR`` read
RECORDS_FILE = "records.xlsx"
TABLE_FILE = "fetch.xlsx"


def add_fetch_options(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    """``--urls`` and the options of the download (cache, refresh, delay, timeout)."""
    group = parser.add_argument_group("reading report pages from the web")
    group.add_argument(
        "--urls",
        metavar="URLS.txt",
        required=required,
        help="a text file of report page URLs, one a line (# starts a comment): each page is "
        "downloaded with the report attachments it links, and read",
    )
    group.add_argument(
        "--cache",
        metavar="DIR",
        default=None,
        help="where downloads are kept (default: $LUZHOU_DISCLOSURE_CACHE, else "
        "~/.cache/luzhou-disclosure); a URL in the cache is not downloaded again",
    )
    group.add_argument(
        "--refresh", action="store_true", help="download every URL again, cached or not"
    )
    group.add_argument(
        "--delay",
        type=float,
        default=None,
        metavar="SECONDS",
        help=f"seconds between two requests to the same site (default {DEFAULT_DELAY:g})",
    )
    group.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help=f"seconds to wait for a server to connect or send (default {DEFAULT_TIMEOUT:g})",
    )


def add_parser(subparsers: Any, *, epilog: str) -> argparse.ArgumentParser:
    """Register ``fetch`` on an argparse ``subparsers`` object."""
    from ._english import LANGS

    p = subparsers.add_parser(
        "fetch",
        help="read the reports at a list of URLs into DIR/records.xlsx",
        description="Download the report page at every URL of URLS.txt (and the report\n"
        "attachments it links) through the cache, read the reports, and write\n"
        f"DIR/{RECORDS_FILE} (every figure, its source naming the URL) and DIR/{TABLE_FILE}\n"
        "(what became of each URL). Then: luzhou-disclosure summary DIR, compare DIR ….",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--out", default="out", help="output folder (default: out)")
    p.add_argument(
        "--lang",
        choices=LANGS,
        default="zh",
        help=f"language of the headers of DIR/{TABLE_FILE}: zh (the default) or en",
    )
    add_fetch_options(p, required=True)
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``fetch``; returns the exit status (0 every URL read, 1 some not, 2 none)."""
    import luzhou_disclosure as ld

    from .cli import print_written
    from .summary import write_workbook

    frames, table = read_urls(args, "fetch")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if frames:
        records = ld.concat_records(frames)
        written.append(out / RECORDS_FILE)
        ld.write_records(records, written[-1])
    written.append(write_workbook({"files": table}, out / TABLE_FILE, lang=args.lang))
    read = int((table["status"] == "read").sum())
    figures = int(table["figures"].sum())
    print(f"read {read} of {len(table)} URLs: {figures} figures")
    print_written(written, args.lang)
    if not frames:
        print("luzhou-disclosure fetch: error: no URL gave a report", file=sys.stderr)
        return 2
    return 1 if (table["status"] == "error").any() else 0


def read_urls(args: argparse.Namespace, command: str) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """The records of every URL of ``args.urls`` (one frame, or none) and a table of the URLs as
    :func:`luzhou_disclosure.cli.read_inputs` makes for files; each URL that gives no report is
    named on stderr."""
    import luzhou_disclosure as ld

    from .cli import file_row
    from .fetch import urls_from_file

    urls = urls_from_file(args.urls)
    with warnings.catch_warnings():  # each failure is named below, not summed up in a warning
        warnings.simplefilter("ignore", ld.DisclosureWarning)
        records, findings = ld.read_reports(
            urls,
            findings=True,
            cache=args.cache,
            refresh=args.refresh,
            delay=args.delay,
            timeout=args.timeout,
        )
    failed = {f["file"]: f for f in records.attrs["failures"]}
    record_urls = _source_urls(records["source"])
    finding_urls = _source_urls(findings["sources"])
    rows = []
    for url in urls:
        if url in failed:
            message = failed[url]["error"]
            print(f"luzhou-disclosure {command}: error: {message}", file=sys.stderr)
            rows.append(file_row(Path(url), "error", None, message) | {"file": url})
            continue
        mine = records[record_urls == cache_key(url)]
        noted = findings[(finding_urls == cache_key(url)) & ~findings["ok"].fillna(False)]
        message = ""
        if len(noted):
            first = noted.iloc[0]
            more = f" (and {len(noted) - 1} more findings)" if len(noted) > 1 else ""
            message = f"{first['sources']}: {first['message']}{more}"
        rows.append(file_row(Path(url), "read", mine, message) | {"file": url})
    table = pd.DataFrame(
        rows, columns=["file", "status", "figures", "agencies", "years", "message"]
    )
    return ([records] if len(records) else []), table.astype({"figures": "Int64"})


def _source_urls(sources: pd.Series) -> pd.Series:
    """The URL each source starts with (after a ``derived: … from``)."""
    found = (
        sources.astype(object)
        .fillna("")
        .str.extract(r"^(?:derived: .*? from )?(https?://\S+?) :: ", expand=False)
    )
    return found.fillna("")
