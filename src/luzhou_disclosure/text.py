"""Read reports as agencies publish them (PDF, Word/WPS, web pages, plain text) into records.

:func:`read_report` takes one report — a path to a PDF, Word (``.docx``, ``.doc``, ``.wps``), web
page or text file, or the text itself — and returns a record for every figure the report states,
each with its place in the file (docs/records.md, *Sources*): ``FILE:LINE:START-END`` in a text or
web page (1-based line, 0-based character span; ``<text>`` as FILE for a string),
``FILE:page 3:table 2:row 4:col 5`` and ``FILE:page 1:line 16「1136条」`` in a PDF,
``FILE:table 2:row 5:col 4`` and ``FILE:paragraph 12「21件」`` in a Word file.
:func:`read_reports` reads many and collects per-file errors.

Every kind of file is read the same way (:mod:`luzhou_disclosure.readers`): it becomes prose and
table grids; the grids go to the one table interpreter (the one that reads standard-form
workbooks), the prose to the one prose reader.

- Pre-2019 narrative reports: figures are read from sentences (see
  :mod:`luzhou_disclosure.readers._text_narrative`): the proactive total and its categories and
  channels, the change against last year (from which last year's total is *derived*, source
  ``derived: …``), printed shares and growth rates, applications received / answered / carried
  over, outcomes and refusal reasons, fees (未收取费用 → 0), reconsideration and litigation
  (无…行政复议 → 0).
- 2019/2021 standard forms: the tables of sections 二, 三, 四 (flattened ``label | v | v |`` lines,
  one cell per line with ``||`` filler lines, one cell per paragraph, cells run together in a page
  flattened to one line, or HTML tables) are rebuilt into a grid and interpreted by the same code as
  the standard-form workbooks; figures stated in the prose (总体情况) are kept too, with
  ``field="narrative"``, so that a check can compare them with the table.
- Every other count the text states (制作政策解读41期, 举办新闻发布会3场, 配备工作人员2名) is kept
  in section ``other`` (item = the phrase as written, unit kept), never as a standard item; so is a
  rate printed on its own (办结率100%: measure ``rate_pct``).

Nothing is guessed and nothing is dropped silently: a figure is named only when the text says what
it counts, and every number of the text is accounted for (``account=True``): a figure, a recognised
non-figure (a date, a phone number, a document number, …) or a finding.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ._arrays import STRING, column, strings
from ._batch import Progress, failure, report_failures
from ._findings import FINDINGS_SCHEMA, warn_first
from ._vocab import TOTAL
from .errors import ReportTextError
from .fetch import is_url
from .readers import _standard
from .readers._sources import REPORT_SUFFIXES, Document, Grid, load_document
from .readers._text_account import ACCOUNT_COLUMNS, account
from .readers._text_meta import detect_agency, detect_year, title_line
from .readers._text_narrative import read_prose
from .readers._text_source import Text, normalise, strip_junk
from .readers._text_tables import grid_of, inline_tables, run_together_rows, table_lines
from .records import SCHEMA, empty_records

__all__ = ["read_report", "read_reports"]


def read_report(
    source: str | os.PathLike[str],
    *,
    agency: str | None = None,
    year: int | None = None,
    findings: bool = False,
    account: bool = False,
    cache: str | os.PathLike[str] | None = None,
    refresh: bool = False,
    delay: float | None = None,
    timeout: float | None = None,
    retries: int | None = None,
    max_bytes: int | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, ...]:
    """Read one report text into records.

    Parameters
    ----------
    source
        A path to a report file — ``.pdf`` (with a text layer), ``.docx``, ``.doc``, ``.wps``,
        ``.rtf``, ``.odt`` (the last four converted by LibreOffice), ``.html``/``.htm``, ``.txt`` —
        or the report's text itself (plain text or HTML). The kind of a file is told by its
        content, not its suffix. Tables (PDF, Word, HTML ``<table>``) are read as tables: merged
        cells, headers written one character per line or wrapped, a table going on over a page.
        Or the URL of a report page (``http://``, ``https://``): it is downloaded to the cache,
        its report attachments too, and read as those files are (:mod:`luzhou_disclosure.fetch`);
        every source then starts with the URL.
    agency, year
        The reporting agency and the report year. When not given they are read from the title or
        the first lines (``泸州市统计局2017年政府信息公开工作年度报告``, ``由安康市统计局…编制``,
        ``统计期限为2020年1月1日至…``).
    findings
        If True, return ``(records, findings)``: the findings table lists what the reader saw but
        could not use — a table cut off mid-way (``truncated_table``), a table row or cell it could
        not place, a figure the text states twice with different values, a page of a PDF that is an
        image without text (``unreadable_page``), a table in a report before the 2019 standard
        forms (``unread_table``). If False (the default),
        only the records are returned and a :class:`~luzhou_disclosure.errors.DisclosureWarning`
        summarises the findings, if there are any. Every number of the text that is neither read
        as a figure nor recognised as something else (a date, a phone number, …) is a finding of
        rule ``number_not_interpreted`` naming its line and span: nothing is dropped silently.
    account
        If True, also return the account of every number in the text (after the findings, when
        both are asked for): one row per run of digits and per Chinese numeral with a counting
        unit, saying whether it became a figure, is a recognised non-figure (and which kind: a
        ``year``, ``date``, ``phone``, ``document_number``, ``ordinal``, …) or is named by a
        finding (see ``docs/records.md``, *The account of a report's numbers*).
    cache, refresh, delay, timeout, retries, max_bytes
        Only for a URL (:mod:`luzhou_disclosure.fetch`): the cache folder (default
        ``$LUZHOU_DISCLOSURE_CACHE``, else ``~/.cache/luzhou-disclosure``), whether to download
        again what is cached, the seconds between two requests to a host (1), the timeout in
        seconds (30), the retries of a timeout or a 5xx answer (2) and the largest download in
        bytes (100 MiB).

    Returns
    -------
    records : DataFrame
        The records model (``docs/records.md``); ``source`` is ``FILE:LINE:START-END`` for stated
        figures and ``derived: 811 − 125 from FILE:LINE:START-END`` for last year's total derived
        from a stated change. ``form`` is ``narrative`` (before 2019), ``2019`` or ``2021``.
    findings : DataFrame
        Only with ``findings=True``: the findings schema (rule, ok, severity, agency, year, section,
        item, applicant, field, expected, found, difference, message, sources).
    account : DataFrame
        Only with ``account=True``: columns ``source`` (``FILE:LINE:START-END`` of the number),
        ``text`` (as written), ``status`` (``figure``, ``non_figure`` or ``finding``) and ``kind``
        (``figure``; the kind of non-figure; or the rule of the finding that names it).

    Raises
    ------
    ReportTextError
        When the text names no agency or no year and they were not given (the message says which
        and how to pass it).
    InputFileError
        When ``source`` looks like a path but no such file exists, or the file cannot be read: a
        scanned PDF without a text layer, an encrypted or damaged file, a WPS file LibreOffice
        cannot open (the message says to save it as ``.docx``).
    FetchError
        When ``source`` is a URL that gives no report; its ``kind`` says why (``http_status``,
        ``timeout``, ``too_large``, ``picture_only``, ``not_a_report``, …).

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
    if is_url(source):
        from .fetch import Fetcher

        with Fetcher(
            cache=cache,
            refresh=refresh,
            delay=delay,
            timeout=timeout,
            retries=retries,
            max_bytes=max_bytes,
        ) as fetcher:
            rows, found, numbers = fetcher.read(
                str(source), agency=agency, year=year, account_rows=account
            )
    else:
        rows, found, numbers = document_rows(
            load_document(source), agency=agency, year=year, account_rows=account
        )
    records = _records_frame(rows)
    if findings or account:
        out = [records]
        if findings:
            out.append(_findings_frame(found))
        if account:
            out.append(_account_frame(numbers))
        if findings:
            return tuple(out)
    if found:
        warn_first(found, "read_report(..., findings=True) lists them")
    return (records, _account_frame(numbers)) if account else records


_DEFAULTS = {"applicant": TOTAL, "approx": False}


def _records_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Records from row dicts, built column by column (``make_records`` casts after building, which
    costs more than reading a report)."""
    if not rows:
        return empty_records()
    data = {}
    for col, dtype in SCHEMA.items():
        if dtype == STRING:
            continue
        default = _DEFAULTS.get(col)
        values = [r.get(col, default) for r in rows]
        if default is not None:
            values = [default if v is None else v for v in values]
        data[col] = column(values, dtype)
    # the string columns as slices of one array: building an array costs more than filling it
    n = len(rows)
    text_values = [
        v if (v := r.get(col)) is not None else _DEFAULTS.get(col)
        for col in _STRING_COLUMNS
        for r in rows
    ]
    texts = strings(text_values)
    for k, col in enumerate(_STRING_COLUMNS):
        data[col] = texts[k * n : (k + 1) * n]
    return pd.DataFrame({col: data[col] for col in SCHEMA})


_STRING_COLUMNS = tuple(col for col, dtype in SCHEMA.items() if dtype == STRING)


def _findings_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Findings from row dicts (the ``_findings`` schema; severity from ``ok``, difference
    found − expected)."""
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


def _account_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The account of a text's numbers (columns of ``_text_account.ACCOUNT_COLUMNS``, all
    ``str``)."""
    return pd.DataFrame({c: column([r[c] for r in rows], STRING) for c in ACCOUNT_COLUMNS})


def read_document(
    doc: Document, *, agency: str | None = None, year: int | None = None
) -> pd.DataFrame:
    """The records of a document already loaded (``readers._sources.load_document``), for callers
    that need the document too (the structure audit): ``read_report`` without loading it twice."""
    rows, _ = _read_rows(doc, agency=agency, year=year)
    return _records_frame(rows)


def _read_rows(
    doc: Document, *, agency: str | None, year: int | None
) -> tuple[list[dict], list[dict]]:
    records, found, _ = document_rows(doc, agency=agency, year=year)
    return records, found


def document_rows(
    doc: Document, *, agency: str | None, year: int | None, account_rows: bool = False
) -> tuple[list[dict], list[dict], list[dict]]:
    """Records, findings and the account of every number of ``doc``'s prose (as row dicts; the
    account rows only with ``account_rows``: its findings are made in any case)."""
    text = doc.prose
    head = [strip_junk(n)[0] for n in text.norm[:12]]
    if agency is None:
        agency, _ = detect_agency(head)
    if year is None:
        year, _ = detect_year(head)
    if agency is None or year is None:
        missing = [w for w, v in (("agency", agency), ("year", year)) if v is None]
        first = next((s.strip() for s in text.lines if s.strip()), "")
        raise ReportTextError(
            f"{text.name}:1: the title and first lines name no {' and no '.join(missing)} "
            f"(first line: {first[:60]!r}); expected a title such as "
            "'泸州市统计局2017年政府信息公开工作年度报告'. "
            f"Pass them: read_report(source, {', '.join(f'{w}=…' for w in missing)})"
        )
    year = int(year)
    form = _detect_form(doc, year)
    records: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = [dict(f, agency=agency, year=year) for f in doc.findings]
    skip: set[int] = set()
    skip_spans: dict[int, list[tuple[int, int]]] = {}
    if doc.grids is None:
        grids = []
        if form != "narrative":
            grids = _flattened_grids(text, skip)
            grids += _run_together_grids(text, skip_spans, found, agency, year, form)
    elif form == "narrative":
        grids = []
        found.extend(_unread_tables(doc.grids, agency, year))
    else:
        grids = doc.grids
    cells = [row for g in grids for row in g.cells]
    refs = [row for g in grids for row in g.refs]
    if cells:

        def ref(r: int, c: int) -> str:
            row = refs[r]
            return row[c] if c < len(row) else row[-1]

        recs, finds, chosen = _standard.interpret_rows(
            cells,  # type: ignore[arg-type]  # only read: list[list[object]] is a Sequence (part 2)
            ref,
            agency=agency,
            year=year,
            form=form,
            flattened=doc.grids is None,
        )
        records.extend(recs)
        found.extend(finds)
        if chosen:
            form = chosen
    prose, prose_found, set_aside = read_prose(
        text,
        agency=agency,
        year=year,
        form=form,
        skip=skip,
        skip_spans=skip_spans,
        first_line=title_line(text.norm[:12]) or 0,
    )
    records[:0] = prose
    found.extend(prose_found)
    numbers, not_read = account(
        text, records, found, set_aside=set_aside, agency=agency, year=year, rows=account_rows
    )
    found.extend(not_read)
    return records, found, numbers


def _flattened_grids(text: Text, skip: set[int]) -> list[Grid]:
    """The standard-form tables flattened into a plain text's lines, as grids; their lines go
    into ``skip`` (the prose reader leaves them)."""
    grids = []
    for region in table_lines(text):
        rows = grid_of(text, region)
        grids.append(
            Grid(
                [[c.text for c in row] for row in rows],
                [[text.ref(c.line, c.start, c.end) for c in row] for row in rows],
            )
        )
        skip.update(c.line for row in rows for c in row)
    return grids


def _run_together_grids(
    text: Text,
    skip_spans: dict[int, list[tuple[int, int]]],
    found: list[dict[str, Any]],
    agency: str,
    year: int,
    form: str,
) -> list[Grid]:
    """The standard-form rows of a one-line page whose cells run together, as grids, where the
    text itself tells the cells apart; the rest become ``run_together_cells`` findings (in
    ``found``). Their spans go into ``skip_spans`` (the prose reader leaves them)."""
    grids = []
    for line, a, b in inline_tables(text):
        rows, run_found = run_together_rows(text, line, a, b, form=form)
        grids.append(
            Grid(
                [[c.text for c in row] for row in rows],
                [[text.ref(c.line, c.start, c.end) for c in row] for row in rows],
            )
        )
        found.extend({"agency": agency, "year": year, **f} for f in run_found)
        skip_spans.setdefault(line, []).append((a, b))
    return grids


def _unread_tables(grids: list[Grid], agency: str, year: int) -> list[dict[str, Any]]:
    """A finding for each table with figures in a report before the standard forms (2019): the
    table interpreter reads the standard tables only."""
    out = []
    for g in grids:
        first = next(
            (
                (r, c)
                for r, row in enumerate(g.cells)
                for c, v in enumerate(row)
                if any(ch.isdigit() for ch in v)
            ),
            None,
        )
        if first is not None:
            r, c = first
            out.append(
                {
                    "rule": "unread_table",
                    "ok": False,
                    "severity": "warning",
                    "agency": agency,
                    "year": year,
                    "message": f"a table with figures ({len(g.cells)} rows) in a report before "
                    "the 2019 standard form; its figures were not read",
                    "sources": g.refs[r][c],
                }
            )
    return out


def _detect_form(doc: Document, year: int) -> str:
    joined = "\n".join(doc.prose.norm)
    if doc.grids:
        joined += "\n" + "\n".join(normalise("".join(row)) for g in doc.grids for row in g.cells)
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
    paths_or_folder: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    *,
    urls_file: str | os.PathLike[str] | None = None,
    progress: bool | Callable[[int, int, str], None] | None = None,
    findings: bool = False,
    cache: str | os.PathLike[str] | None = None,
    refresh: bool = False,
    delay: float | None = None,
    timeout: float | None = None,
    retries: int | None = None,
    max_bytes: int | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read many report texts into one records DataFrame; a file that cannot be read is skipped.

    Parameters
    ----------
    paths_or_folder
        A folder (every report file in it, sorted by name: the suffixes of ``REPORT_SUFFIXES``,
        ``.pdf``, ``.docx``, ``.doc``, ``.wps``, ``.rtf``, ``.odt``, ``.html``, ``.htm``,
        ``.shtml``, ``.txt``, ``.text``) or paths and URLs of report pages (see
        :func:`read_report`).
    urls_file
        A text file of report page URLs, one a line (blank lines and ``#`` comments left out),
        read after ``paths_or_folder``. A line that is not a URL is an ``InputFileError`` naming
        it, before anything is downloaded.
    progress
        ``True`` draws a progress bar on standard error, ``False`` draws none; ``None`` (default)
        draws one for 20 files or more when standard error is a terminal or in a notebook. A
        callable is called as ``progress(done, total, path)`` after each file instead.
    findings
        If True, return ``(records, findings)``. The findings hold every file's findings and one
        row per file that could not be read (rule ``unreadable_report``, severity ``error``, the
        error message, the file in ``sources``).
    cache, refresh, delay, timeout, retries, max_bytes
        For URLs, as in :func:`read_report`: one request at a time, everything downloaded kept in
        the cache, so that a second run downloads nothing and a batch that was interrupted
        resumes where it stopped; ``refresh=True`` downloads again.

    Returns
    -------
    records : DataFrame
        The records of every file that could be read, in file order. As with
        :func:`~luzhou_disclosure.read_forms`, ``records.attrs["failures"]`` lists the files that
        could not be read and why (dicts with keys ``file``, ``error``, and for a URL ``kind``,
        the :class:`~luzhou_disclosure.errors.FetchError`'s: ``http_status``, ``timeout``,
        ``too_large``, ``picture_only``, ``not_a_report``, …;
        ``pd.DataFrame(records.attrs["failures"])`` makes a table). A bad file never stops the
        batch.
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
    if paths_or_folder is None and urls_file is None:
        raise TypeError("read_reports() needs paths_or_folder, urls_file or both")
    paths: list[Path | str] = [] if paths_or_folder is None else _paths(paths_or_folder)
    if urls_file is not None:
        from .fetch import urls_from_file

        paths += urls_from_file(urls_file)
    bar = Progress(progress, len(paths), what="reports")
    frames: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    fetcher: Any = contextlib.nullcontext()
    if any(is_url(p) for p in paths):
        from .fetch import Fetcher

        fetcher = Fetcher(
            cache=cache,
            refresh=refresh,
            delay=delay,
            timeout=timeout,
            retries=retries,
            max_bytes=max_bytes,
        )
    with fetcher:
        for path in paths:
            try:
                if is_url(path):
                    recs, finds, _ = fetcher.read(path)
                else:
                    recs, finds = _read_rows(load_document(path), agency=None, year=None)
            except Exception as exc:  # an error of the library or any other (an OverflowError)
                failures.append(failure(path, exc))  # named; the batch goes on
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
            bar.step(path=path)
    records = report_failures(_records_frame(frames), failures, len(paths), what="reports")
    return (records, _findings_frame(found)) if findings else records


def _paths(paths_or_folder: Any) -> list[Path | str]:
    if is_url(paths_or_folder):
        return [paths_or_folder]
    if isinstance(paths_or_folder, str | os.PathLike):
        p = Path(paths_or_folder)
        if p.is_dir():
            return sorted(
                q
                for q in p.iterdir()
                if q.suffix.lower() in REPORT_SUFFIXES
                and not q.name.startswith("~$")
                and q.is_file()
            )
        return [p]
    return [p if is_url(p) else Path(p) for p in paths_or_folder]
