"""Read report texts (web pages, plain text) into records.

Most reports exist only as web pages. :func:`read_report` takes one report — a path or the text
itself, plain text or HTML with ``<table>`` — and returns a record for every figure the report
states, each with its place in the text as ``FILE:LINE:START-END`` (1-based line, 0-based character
span of the figure within that line; ``<text>`` as FILE for a string). :func:`read_reports` reads
many and collects per-file errors.

- Pre-2019 narrative reports: figures are read from sentences (see
  :mod:`luzhou_disclosure.readers._text_narrative`): the proactive total and its categories and channels,
  the change against last year (from which last year's total is *derived*, source ``derived: …``),
  printed shares and growth rates, applications received / answered / carried over, outcomes and
  refusal reasons, fees (未收取费用 → 0), reconsideration and litigation (无…行政复议 → 0).
- 2019/2021 standard forms: the tables of sections 二, 三, 四 (flattened ``label | v | v |`` lines,
  one cell per line, or HTML tables) are rebuilt into a grid and interpreted by the same code as the
  standard-form workbooks; figures stated in the prose (总体情况) are kept too, with
  ``field="narrative"``, so that a check can compare them with the table.

Precision comes before recall: a figure is emitted only when the text says what it counts.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ._arrays import column
from ._batch import failure, report_failures
from ._findings import FINDINGS_SCHEMA
from ._vocab import TOTAL
from .errors import DisclosureError, DisclosureWarning, ReportTextError
from .readers import _standard
from .readers._text_meta import detect_agency, detect_year
from .readers._text_narrative import read_prose
from .readers._text_source import Text, load_text, strip_junk
from .readers._text_tables import grid_of, table_lines
from .records import SCHEMA, empty_records

__all__ = ["read_report", "read_reports"]

_TEXT_SUFFIXES = (".txt", ".htm", ".html", ".text")


def read_report(
    source: str | os.PathLike[str],
    *,
    agency: str | None = None,
    year: int | None = None,
    findings: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read one report text into records.

    Parameters
    ----------
    source
        A path to a report (``.txt`` or ``.html``), or the report's text itself. HTML is recognised
        by its tags; a table row becomes a ``cell | cell |`` line, and sources still point into the
        HTML file.
    agency, year
        The reporting agency and the report year. When not given they are read from the title or
        the first lines (``泸州市统计局2017年政府信息公开工作年度报告``, ``由安康市统计局…编制``,
        ``统计期限为2020年1月1日至…``).
    findings
        If True, return ``(records, findings)``: the findings table lists what the reader saw but
        could not use — a table cut off mid-way (``truncated_table``), a table row or cell it could
        not place, a figure the text states twice with different values. If False (the default),
        only the records are returned and a :class:`~luzhou_disclosure.errors.DisclosureWarning`
        summarises the findings, if there are any.

    Returns
    -------
    records : DataFrame
        The records model (``docs/records.md``); ``source`` is ``FILE:LINE:START-END`` for stated
        figures and ``derived: 811 − 125 from FILE:LINE:START-END`` for last year's total derived
        from a stated change. ``form`` is ``narrative`` (before 2019), ``2019`` or ``2021``.
    findings : DataFrame
        Only with ``findings=True``: the findings schema (rule, ok, severity, agency, year, section,
        item, applicant, field, expected, found, difference, message, sources).

    Raises
    ------
    ReportTextError
        When the text names no agency or no year and they were not given (the message says which
        and how to pass it).
    InputFileError
        When ``source`` looks like a path but no such file exists.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> text = '''泸州市统计局2017年政府信息公开工作年度报告
    ... (一)主动公开政府信息情况。
    ... 2017年主动公开政府信息811条,比2016年多125条,增长18.22%。其中,概况类3条,占0.37%。'''
    >>> records = ld.read_report(text)
    >>> records[["year", "item", "measure", "count", "value", "source"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [[2017, '主动公开政府信息总数', 'count', 811, <NA>, '<text>:3:13-17'],
     [2016, '主动公开政府信息总数', 'count', 686, <NA>, 'derived: 811 − 125 from <text>:3:25-29'],
     [2017, '主动公开政府信息总数', 'growth_pct', <NA>, 18.22, '<text>:3:32-38'],
     [2017, '概况类', 'count', 3, <NA>, '<text>:3:45-47'],
     [2017, '概况类', 'share_pct', <NA>, 0.37, '<text>:3:49-54']]
    """
    text = load_text(source)
    rows, found = _read_rows(text, agency=agency, year=year)
    records = _records_frame(rows)
    if findings:
        return records, _findings_frame(found)
    if found:
        first = found[0]
        more = (
            f" (and {len(found) - 1} more; read_report(..., findings=True) lists them)"
            if len(found) > 1
            else ""
        )
        warnings.warn(
            f"{first.get('sources')}: {first.get('message')}{more}", DisclosureWarning, stacklevel=2
        )
    return records


_DEFAULTS = {"applicant": TOTAL, "approx": False}


def _records_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Records from row dicts, built column by column (``make_records`` casts after building, which
    costs more than reading a report)."""
    if not rows:
        return empty_records()
    data = {}
    for col, dtype in SCHEMA.items():
        default = _DEFAULTS.get(col)
        values = [r.get(col, default) for r in rows]
        if default is not None:
            values = [default if v is None else v for v in values]
        data[col] = column(values, dtype)
    return pd.DataFrame(data)


def _findings_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Findings from row dicts (the ``_findings`` schema; severity from ``ok``, difference found − expected)."""
    if not rows:
        return _EMPTY_FINDINGS.copy()
    data = {}
    for col, dtype in FINDINGS_SCHEMA.items():
        values = [r.get(col) for r in rows]
        if col == "severity":
            values = [
                v if v is not None else ("ok" if r.get("ok") else "error")
                for v, r in zip(values, rows, strict=True)
            ]
        elif col == "difference":
            values = [
                v
                if v is not None
                else (
                    r["found"] - r["expected"]
                    if r.get("found") is not None and r.get("expected") is not None
                    else None
                )
                for v, r in zip(values, rows, strict=True)
            ]
        data[col] = column(values, dtype)
    return pd.DataFrame(data)


_EMPTY_FINDINGS = pd.DataFrame({c: pd.array([], dtype=t) for c, t in FINDINGS_SCHEMA.items()})


def _read_rows(
    text: Text, *, agency: str | None, year: int | None
) -> tuple[list[dict], list[dict]]:
    head = [strip_junk(n)[0] for n in text.norm[:12]]
    if agency is None:
        agency, _ = detect_agency(head)
    if year is None:
        year, _ = detect_year(head)
    missing = [w for w, v in (("agency", agency), ("year", year)) if v is None]
    if missing:
        first = next((s.strip() for s in text.lines if s.strip()), "")
        raise ReportTextError(
            f"{text.name}:1: the title and first lines name no {' and no '.join(missing)} "
            f"(first line: {first[:60]!r}); expected a title such as '泸州市统计局2017年政府信息公开工作年度报告'. "
            f"Pass them: read_report(source, {', '.join(f'{w}=…' for w in missing)})"
        )
    year = int(year)  # type: ignore[arg-type]
    form = _detect_form(text, year)
    records: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    regions = table_lines(text) if form != "narrative" else []
    skip: set[int] = set()
    cells: list[list[Any]] = []
    refs: list[list[str]] = []
    for region in regions:
        for row in grid_of(text, region):
            cells.append([c.text for c in row])
            refs.append([text.ref(c.line, c.start, c.end) for c in row])
            skip.update(c.line for c in row)
    if cells:

        def ref(r: int, c: int) -> str:
            row = refs[r]
            return row[c] if c < len(row) else row[-1]

        recs, finds, chosen = _standard.interpret_rows(
            cells, ref, agency=agency, year=year, form=form
        )
        records.extend(recs)
        found.extend(finds)
        if chosen:
            form = chosen
    prose, prose_found = read_prose(text, agency=agency, year=year, form=form, skip=skip)
    records[:0] = prose
    found.extend(prose_found)
    return records, found


def _detect_form(text: Text, year: int) -> str:
    joined = "\n".join(text.norm)
    if any(
        w in joined
        for w in ("本年制发件数", "本年废止件数", "现行有效件", "本年处理决定数量", "本年收费金额")
    ):
        return "2021"
    if any(
        w in joined
        for w in ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量")
    ):
        return "2019"
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return "narrative"


def read_reports(
    paths_or_folder: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    progress: bool | Callable[[int, int, str], None] | None = None,
    findings: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read many report texts into one records DataFrame; a file that cannot be read is skipped.

    Parameters
    ----------
    paths_or_folder
        A folder (every ``.txt``/``.htm``/``.html`` file in it, sorted by name) or paths.
    progress
        ``True`` draws a progress bar on standard error, ``False`` draws none; ``None`` (default)
        draws one when standard error is a terminal. A callable is called as
        ``progress(done, total, path)`` after each file instead.
    findings
        If True, return ``(records, findings)``. The findings hold every file's findings and one
        row per file that could not be read (rule ``unreadable_report``, severity ``error``, the
        error message, the file in ``sources``).

    Returns
    -------
    records : DataFrame
        The records of every file that could be read, in file order. As with
        :func:`~luzhou_disclosure.read_forms`, ``records.attrs["failures"]`` lists the files that
        could not be read and why (dicts with keys ``file``, ``error``;
        ``pd.DataFrame(records.attrs["failures"])`` makes a table). A bad file never stops the batch.
    findings : DataFrame
        Only with ``findings=True``.

    Warns
    -----
    DisclosureWarning
        When some files could not be read (the number of them and the first error).

    Examples
    --------
    >>> import tempfile, warnings, luzhou_disclosure as ld
    >>> folder = tempfile.mkdtemp()
    >>> _ = open(folder + "/untitled.txt", "w", encoding="utf-8").write("全年主动公开信息12条。")
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     out = ld.read_reports(folder, progress=False)
    >>> [f["file"].endswith("untitled.txt") for f in out.attrs["failures"]]
    [True]
    """
    paths = _paths(paths_or_folder)
    bar = _progress(progress, len(paths))
    frames: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    for n, path in enumerate(paths, start=1):
        try:
            recs, finds = _read_rows(load_text(path), agency=None, year=None)
        except (DisclosureError, OSError, UnicodeError) as exc:
            failures.append(failure(path, exc))
            found.append(
                {
                    "rule": "unreadable_report",
                    "ok": False,
                    "severity": "error",
                    "message": str(exc),
                    "sources": str(path),
                }
            )
        except Exception as exc:  # any other failure (an OverflowError): named, the batch goes on
            failures.append(failure(path, exc))
            found.append(
                {
                    "rule": "unreadable_report",
                    "ok": False,
                    "severity": "error",
                    "message": failures[-1]["error"],
                    "sources": str(path),
                }
            )
        else:
            frames.extend(recs)
            found.extend(finds)
        bar(n, str(path))
    records = report_failures(_records_frame(frames), failures, len(paths), what="reports")
    return (records, _findings_frame(found)) if findings else records


def _paths(paths_or_folder: Any) -> list[Path]:
    if isinstance(paths_or_folder, str | os.PathLike):
        p = Path(paths_or_folder)
        if p.is_dir():
            return sorted(
                q for q in p.iterdir() if q.suffix.lower() in _TEXT_SUFFIXES and q.is_file()
            )
        return [p]
    return [Path(p) for p in paths_or_folder]


def _progress(progress: Any, total: int) -> Callable[[int, str], None]:
    if callable(progress):
        return lambda n, path: progress(n, total, path)
    show = sys.stderr.isatty() if progress is None else bool(progress)
    if not show:
        return lambda n, path: None

    def draw(n: int, path: str) -> None:
        width = 30
        filled = width * n // max(total, 1)
        name = Path(path).name[-30:]
        sys.stderr.write(
            f"\rreading reports [{'#' * filled}{'.' * (width - filled)}] {n}/{total} {name:<30}"
        )
        if n == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return draw
