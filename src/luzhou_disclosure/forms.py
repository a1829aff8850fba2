"""Standard-form workbooks: the official 2019/2021 tables of sections 二, 三 and 四 in Excel.

:func:`read_form` reads one workbook (.xlsx, .xls, .ods) into records, :func:`read_forms` many,
:func:`write_form` writes the official layout for an agency compiling its report. The tables are
interpreted by :func:`luzhou_disclosure.readers._standard.interpret_grid`, the same interpreter the
report-text reader uses, so a form reads the same from a workbook and from a pasted web page.

Layouts read: one sheet per section or all sections on one sheet (blank rows between), header rows
anywhere (a title block above is fine), merged header and label cells (or their text written in
every cell), label variants. Every figure's column is found from the header cells above it: columns
in another order, headers over one to three rows, a 小计 of 法人或其他组织 (applicant
法人或其他组织),
备注 and empty columns; a header the interpreter does not know, or a figure under no header, is a
finding naming the cells (docs/formats.md §6). Formulas are read by their cached value. All visible
worksheets are read, one after another, as one grid.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import SheetTypeEnum, SheetVisibleEnum

from ._atomic import atomic_write
from ._batch import Progress, failure, problem, read_in_workers, report_failures
from ._checks import renamed
from ._findings import warn_first
from ._vocab import (
    ARTICLE20,
    CARRIED_FORWARD,
    CARRIED_IN,
    FORM_GROUP_LABELS,
    FORM_NOTE,
    FORM_SECTION_TITLES,
    FORM_TOP_LABELS,
    LEGAL_PERSONS,
    RECEIVED,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    STANDARD_OUTCOMES,
    TOTAL,
)
from ._xlsx import (
    Checked,
    cell_ref,
    checked_workbook,
    display_width,
    open_workbook,
    sheet_rows,
    write_cell,
)
from .errors import DisclosureWarning, InputFileError
from .readers._layout import Part, read_layout, records_frame, records_part, settle
from .readers._standard import APPLICANTS_7, APPLICANTS_8, interpret_rows
from .records import concat_records, validate

__all__ = ["read_form", "read_forms", "write_form"]

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
#: the title's year is the last one followed by 年/年度 and 政府信息公开 (write_form puts it
#: right after the agency), so a year in the agency's name (泸州市2019年政府信息公开检查组)
#: stays in the name
_TITLE = re.compile(
    r"^(?P<agency>.*)[\s_\-—]*(?P<year>[12１２][09０９][0-9０-９]{2})\s*年?度?"
    r"(?:政府信息公开|政府信息公開|政务公开)"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_REPORT_WORDS = re.compile(
    r"年报|年度?|政府信息公开工作年度报告|政府信息公开工作报告|政府信息公开|年度报告|报告|统计表|表格|附表|工作"
)
_TITLE_SCAN_ROWS = 8
_SPACES = re.compile(r"\s+")
_VISIBLE, _WORKSHEET = SheetVisibleEnum.Visible, SheetTypeEnum.WorkSheet
_EDGES = re.compile(r"^[\s_\-—.,]+|[\s_\-—.,]+$")
_EMPTY_BRACKETS = re.compile(r"[(（][\s_\-—.,]*[)）]")


# --- reading ------------------------------------------------------------------------------------


def read_form(
    path: str | Path, *, agency: str | None = None, year: int | None = None
) -> pd.DataFrame:
    """Read one standard-form workbook into records.

    Parameters
    ----------
    path
        An .xlsx, .xls or .ods workbook holding the tables of sections 二, 三 and/or 四 of the 2019
        or 2021 standard form (docs/formats.md §2–3), on one sheet or several.
    agency, year
        The reporting agency and the report year. By default they are taken from a title cell
        (``泸州市统计局2021年政府信息公开工作年度报告``), else from a sheet name, else from the file
        name (``泸州市统计局_2021.xlsx``).

    Returns
    -------
    DataFrame
        Records (``docs/records.md``): one row per cell of the tables, ``form`` ``2019`` or
        ``2021`` as found in the labels, ``source`` ``file.xlsx!Sheet!C5``; a blank or ``/`` cell is
        NA, never 0. ``records.attrs["findings"]`` lists the findings as dicts of the findings
        schema (cells that could not be read, rows that could not be placed, a table cut off; they
        are also warned about); ``make_findings(records.attrs["findings"])`` makes them a table.

    Raises
    ------
    InputFileError
        The file is missing, not a spreadsheet, encrypted, truncated or corrupt, or names no agency
        or year (pass ``agency=`` / ``year=``).

    Warns
    -----
    DisclosureWarning
        When a cell or row could not be interpreted (see ``attrs["findings"]``).

    Examples
    --------
    >>> import tempfile, luzhou_disclosure as ld
    >>> r = ld.make_records([{"agency": "甲局", "year": 2021, "form": "2021",
    ...     "section": "applications", "item": "本年新收政府信息公开申请数量",
    ...     "applicant": "自然人", "measure": "count", "count": 5}])
    >>> path = tempfile.mkdtemp() + "/甲局_2021.xlsx"
    >>> ld.write_form(r, path)
    >>> back = ld.read_form(path)
    >>> received = back["item"] == "本年新收政府信息公开申请数量"
    >>> int(back.loc[received & (back["applicant"] == "自然人"), "count"].iloc[0])
    5
    """
    part = _read_one(path, agency, year)
    if settle([part]):  # the figures misfit the layout's template: interpret the form
        part = _read_one(path, agency, year, layout=False)
    findings = part.findings
    if findings:
        warn_first(findings, "see records.attrs['findings']", path=path)
    out = records_frame([part])
    out.attrs["findings"] = _plain(findings)
    return out


def _plain(findings: list[dict]) -> list[dict]:
    """Findings as plain dicts for ``attrs`` (a DataFrame there breaks ``pd.concat``)."""
    return [{k: (None if v is pd.NA else v) for k, v in f.items()} for f in findings]


def _read_one(
    path: str | Path,
    agency: str | None,
    year: int | None,
    *,
    layout: bool = True,
    checked: Checked | None = None,
) -> Part:
    """The records of one workbook and its findings: through its layout's template when one applies
    (``layout``; its figures still to be checked by
    :func:`~luzhou_disclosure.readers._layout.settle`), else interpreted. ``checked``: the
    workbook's check against the limits, when made before (:func:`_read_chunk`)."""
    p = (
        path if path.__class__ is str else os.fspath(path)
    )  # (no Path: its parsing costs as much as a form's checks)
    book = open_workbook(p, checked)
    names = [
        s.name for s in book.sheets_metadata if s.visible == _VISIBLE and s.typ == _WORKSHEET
    ] or book.sheet_names
    sheets = []
    for name in names:
        rows, top, left = sheet_rows(book, name, p)
        sheets.append((name, top, left, rows))
    if agency is None or year is None:
        first_rows = list(
            islice(chain.from_iterable(rows for _, _, _, rows in sheets), _TITLE_SCAN_ROWS)
        )
        found_agency, found_year = _agency_year(first_rows, names, p)
        agency = agency if agency is not None else found_agency
        year = year if year is not None else found_year
    if agency is None or year is None:
        missing = " and ".join(x for x, v in (("agency", agency), ("year", year)) if v is None)
        raise InputFileError(
            p,
            f"cannot tell the {missing} of the report: no title cell such as "
            "泸州市统计局2021年政府信息公开工作年度报告, and the sheet and file names name none; "
            f"pass {missing.replace(' and ', '= and ')}= to read_form",
        )
    fname = os.path.basename(p)
    part = read_layout(sheets, fname, agency, int(year)) if layout else None
    if part is None:
        part = _interpreted(sheets, fname, agency, int(year))
    _absent_sections(part, fname)
    return part


#: the sections of a standard form, and the records' sections of each
_FORM_PARTS = (
    ("二", ("article20",), "the table of 条例第二十条 items"),
    ("三", ("applications", "outcomes"), "the table of applications received and handled"),
    ("四", ("reconsideration", "litigation"), "the table of reviews and lawsuits"),
)


def _absent_sections(part: Part, fname: str) -> None:
    """A finding for each section of the form of which the workbook holds no table (a sheet
    deleted, or its table merged away): the other sections are read, and the gap is named."""
    present = set(part.template.columns["section"])
    present.update(f["section"] for f in part.findings)  # (a header without figures: said so)
    for code, sections, what in _FORM_PARTS:
        if present.isdisjoint(sections):
            part.findings.append(
                {
                    "rule": "missing_section",
                    "ok": False,
                    "severity": "warning",
                    "agency": part.agency,
                    "year": part.year,
                    "section": sections[0],
                    "item": None,
                    "found": None,
                    "message": f"section {code} ({what}) is absent: no table of it was found "
                    "in any visible sheet",
                    "sources": fname,
                }
            )


def _interpreted(sheets: list, fname: str, agency: str, year: int) -> Part:
    """A form's records and findings, interpreted cell by cell (no template)."""
    grid = [row for _, _, _, rows in sheets for row in rows]
    where = [(name, top + i, left) for name, top, left, rows in sheets for i in range(len(rows))]

    def refs(r: int, c: int) -> str:
        sheet, row, left = where[r]
        return f"{fname}!{sheet}!{_letter(left + c)}{row + 1}"

    records, findings, _ = interpret_rows(grid, refs, agency=agency, year=year)
    part = records_part(records, findings)
    part.agency, part.year = agency, year
    return part


@lru_cache(maxsize=256)
def _letter(col: int) -> str:
    return cell_ref(0, col)[:-1]


def _agency_year(
    rows: list[list[Any]], sheets: list[str], path: str
) -> tuple[str | None, int | None]:
    for row in rows[:_TITLE_SCAN_ROWS]:
        for v in row:
            if isinstance(v, str) and v:
                # as written (an agency's own spaces kept), else without the spaces of a title
                # spread over its cell (泸 州 市 统 计 局 2021 年 …)
                m = _TITLE.match(v.strip()) or _TITLE.match(_SPACES.sub("", v))
                if m:
                    return (_clean_agency(m["agency"], spaces=True) or None), int(
                        unicodedata.normalize("NFKC", m["year"])
                    )
    for text in (*sheets, os.path.splitext(os.path.basename(path))[0]):
        m = _YEAR.search(text)
        if m:
            rest = _clean_agency(_REPORT_WORDS.sub(" ", text[: m.start()] + " " + text[m.end() :]))
            return (rest or None), int(m[1])
    return None, None


def _clean_agency(text: str, *, spaces: bool = False) -> str:
    """The agency named before the year in a title or a file name, without the separators around
    it (``泸州市统计局_2021``, ``泸州市统计局（2021）``); brackets of its own (``泸州市甲局(筹)``)
    kept,
    and its inner spaces if ``spaces`` (a title's; a file name's are where words were taken out)."""
    text = _EMPTY_BRACKETS.sub("", text.strip() if spaces else _SPACES.sub("", text))
    while True:
        trimmed = _EDGES.sub("", text)
        if trimmed.endswith(("(", "（")):
            trimmed = trimmed[:-1]
        elif trimmed.startswith((")", "）")):
            trimmed = trimmed[1:]
        if trimmed == text:
            return text
        text = trimmed


def _read_job(
    path: str, layout: bool = True, checked: Checked | Exception | None = None
) -> tuple[str, Part | None, str | None]:
    if isinstance(checked, Exception):  # the file failed its check, made ahead
        return path, None, problem(checked)
    try:
        part = _read_one(path, None, None, layout=layout, checked=checked)
    except Exception as exc:  # a batch never stops on one file
        return path, None, problem(exc)
    return path, part, None


def _read_chunk(
    paths: list[str], step: Callable[..., None] | None = None
) -> list[tuple[str, Part | None, str | None]]:
    """The fast path of many forms, in this process or in a worker: each file read through its
    layout's template where one applies (:func:`_read_one`), then the figures of all of them
    checked against their templates and the misfits read again, interpreted (:func:`_settled`).
    ``step(path=...)`` is called after each file.

    The files are checked against the limits a few at a time before they are read
    (:data:`_CHECKED_AHEAD` files, at most :data:`_CHECKED_AHEAD_BYTES` of archives held): the
    check's code and calamine's each run on for several files, which takes less time than turns
    file by file (bench/README.md)."""
    results = []
    i = 0
    while i < len(paths):
        ahead: list[tuple[str, Checked | Exception]] = []
        held = 0
        while i < len(paths) and len(ahead) < _CHECKED_AHEAD and held < _CHECKED_AHEAD_BYTES:
            checked = _checked(paths[i])
            ahead.append((paths[i], checked))
            held += _archive_bytes(checked)
            i += 1
        for p, checked in ahead:
            results.append(_read_job(p, checked=checked))
            if step is not None:
                step(path=p)
    return _settled(results)


#: files checked against the limits ahead of their reading (:func:`_read_chunk`), and the bytes
#: of the archives so held at most (then fewer files)
_CHECKED_AHEAD = 16
_CHECKED_AHEAD_BYTES = 4 << 20


def _checked(path: str) -> Checked | Exception:
    """A workbook's check against the limits, or why it failed (said when the file is read)."""
    try:
        return checked_workbook(path, shapes=True)
    except Exception as exc:
        return exc


def _archive_bytes(checked: Checked | Exception) -> int:
    if isinstance(checked, Exception) or checked.archive is None:
        return 0
    return len(checked.archive.getvalue())  # (the bytes it holds, not a copy: getbuffer copies)


def _settled(
    results: list[tuple[str, Part | None, str | None]],
) -> list[tuple[str, Part | None, str | None]]:
    """``results`` with the figures of every part read through a template checked
    (:func:`~luzhou_disclosure.readers._layout.settle`): a form whose figures misfit its layout's
    template is read again, interpreted. The parts keep their figures, not the cells they were
    read from (what a worker sends back is the smaller for it)."""
    read = [(i, part) for i, (_, part, _) in enumerate(results) if part is not None]
    for k in settle([part for _, part in read]):
        i = read[k][0]
        results[i] = _read_job(results[i][0], layout=False)
    for _, part, _ in results:
        if part is not None:
            part.raws = part.titles = ()
    return results


def read_forms(
    paths_or_folder: str | Path | Iterable[str | Path],
    *,
    jobs: int | None = 1,
    progress: bool | Callable[[int, int, str], None] | None = None,
) -> pd.DataFrame:
    """Read many standard-form workbooks into one records DataFrame.

    Parameters
    ----------
    paths_or_folder
        A folder (every .xlsx, .xlsm, .xls and .ods in it and its subfolders, in name order; Office
        lock files ``~$…`` skipped) or an iterable of workbook paths.
    jobs
        Worker processes: 1 reads in this process; ``None`` or ``-1`` uses all the cores this
        process may run on.
    progress
        ``True`` draws a progress bar on standard error, ``False`` draws none; ``None`` (default)
        draws one for 20 files or more when standard error is a terminal or a notebook. A
        callable is called as ``progress(done, total, path)`` after each file instead (with
        ``jobs`` > 1, after each chunk of files, ``path`` then empty).

    Returns
    -------
    DataFrame
        The records of every file that could be read, agency and year of each from its title,
        sheet name or file name. ``attrs["failures"]`` lists the files that could not be read and
        why (dicts with keys ``file``, ``error``; ``pd.DataFrame(records.attrs["failures"])`` makes
        a table); ``attrs["findings"]`` the findings of all files, as in :func:`read_form`. A bad
        file never stops the batch, however it fails; with ``jobs`` > 1 a worker process that
        stops (killed, out of memory) costs only the files it was reading, which are read again
        one at a time (a file that stops its worker again is a failure). A warning says how many
        failed.

    Examples
    --------
    >>> import tempfile, luzhou_disclosure as ld
    >>> folder = tempfile.mkdtemp()
    >>> _ = open(folder + "/broken.xlsx", "wb").write(b"not a workbook")
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     out = ld.read_forms(folder)
    >>> [f["file"].endswith("broken.xlsx") for f in out.attrs["failures"]]
    [True]
    """
    paths = _collect(paths_or_folder)
    workers = _usable_cores() if jobs is None or jobs < 1 else jobs
    bar = Progress(progress, len(paths), what="forms")
    if workers <= 1 or len(paths) < 2:
        results = _read_chunk(paths, step=bar.step)
    else:  # chunks of files, each read and settled in a worker: its parts come back in one
        # pickle, their layouts' templates once
        size = max(1, min(64, len(paths) // (workers * 4) or 1))
        results = read_in_workers(_read_chunk, paths, workers=workers, size=size, step=bar.step)
    failures = [failure(path, err) for path, part, err in results if part is None]
    out = _records([part for _, part, _ in results if part is not None], threads=workers)
    return report_failures(out, failures, len(paths))


def _records(parts: list[Part], *, threads: int) -> pd.DataFrame:
    """One records frame of the parts read (in their order), their findings in
    ``attrs["findings"]``. Parts that workers sent back hold copies of their layouts' templates:
    one object is kept per layout, so that each template's columns are laid out once."""
    templates: dict[tuple[int, int], Any] = {}
    for part in parts:
        part.template = templates.setdefault(part.template.uid, part.template)
    n = sum(p.template.n for p in parts)
    out = records_frame(parts, threads=threads) if n else concat_records([])
    out.attrs["findings"] = _plain([f for p in parts for f in p.findings])
    return out


def _usable_cores() -> int:
    """The cores this process may run on (``taskset``, container limits), not all the machine
    has."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def _collect(paths_or_folder: str | Path | Iterable[str | Path]) -> list[str]:
    if isinstance(paths_or_folder, str | Path):
        p = Path(paths_or_folder)
        if p.is_dir():
            return sorted(
                str(f)
                for f in p.rglob("*")
                if f.suffix.lower() in SUFFIXES and not f.name.startswith("~$") and f.is_file()
            )
        return [str(p)]
    return [str(p) for p in paths_or_folder]


# --- writing ------------------------------------------------------------------------------------

_FORM_SECTIONS = ("article20", "applications", "outcomes", "reconsideration", "litigation")
_SHEETS = ("二、主动公开", "三、依申请公开", "四、复议诉讼")
_BLOCK_LABELS = {
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
}
_COUNT_FORMAT = "#,##0"
_CHANGE_FORMAT = "+#,##0;-#,##0;0"
_AMOUNT_FORMAT = "#,##0.00"


def write_form(
    records: pd.DataFrame,
    path: str | Path,
    *,
    form: str | None = None,
    format: str | None = None,
) -> None:
    """Write one report's standard-form tables in the official layout.

    Three sheets (二、主动公开, 三、依申请公开, 四、复议诉讼), each under a title row naming agency
    and year: merged headers, group labels, the 勾稽关系 note, number formats, column widths that
    fit Chinese labels, NA written as blank. Text is always written as text (a label starting
    with ``=`` never becomes a formula). With a ``法人或其他组织`` applicant the 8-column variant
    of section 三 is written. An amount is written in the unit of its column: a fee
    (本年收费金额) in 万元, converted from the unit recorded beside it (5000 元 → 0.5 万元;
    an amount of no unit is taken as 万元), and read back by :func:`read_form` as the form
    prints it, in 万元.

    Parameters
    ----------
    records
        Records of one agency and one year. Figures of the form's sections (article20,
        applications, outcomes, reconsideration, litigation) are written; others (proactive
        categories, channels, fees) have no place in the form and are left out with a warning.
    path
        The .xlsx file to write.
    form
        ``"2021"`` (default) or ``"2019"``: the standard form whose layout is written.
    format
        Deprecated name of ``form``: warns (``FutureWarning``); giving both is a ``TypeError``.

    Raises
    ------
    ValueError
        Records of several agencies or years, an unknown form, a figure of the form's sections
        that has no place in the chosen layout (for example 政府集中采购 in the 2021 layout), or a
        fee in a unit other than 元, 千元, 万元 or 亿元.
    SchemaError
        The records break the records model (for example a duplicate figure).
    OutputFileError
        ``path`` cannot be written (its folder is missing or read-only, it is a folder). The file
        is written to a temporary file beside it and renamed into place: never half written.

    Examples
    --------
    >>> import tempfile, luzhou_disclosure as ld
    >>> r = ld.make_records([{"agency": "甲局", "year": 2020, "form": "2019",
    ...     "section": "reconsideration", "item": "行政复议", "field": "结果维持",
    ...     "measure": "count", "count": 2}])
    >>> ld.write_form(r, tempfile.mkdtemp() + "/甲局_2020.xlsx", form="2019")
    """
    from openpyxl import Workbook

    format = renamed(  # the layout chosen; the body names it format
        form, format, function="write_form", new_name="form", old_name="format", default="2021"
    )
    if format not in ("2019", "2021"):
        raise ValueError(f"form must be '2019' or '2021', not {format!r}")
    recs = validate(records)
    agencies = recs["agency"].dropna().unique().tolist()
    years = recs["year"].dropna().unique().tolist()
    if len(agencies) != 1 or len(years) != 1:
        raise ValueError(
            f"write_form writes one report: the records hold agencies {agencies} and years "
            f"{years}; select one agency and year first"
        )
    agency, year = agencies[0], int(years[0])
    inside = recs["section"].isin(_FORM_SECTIONS)
    if (~inside).any():
        left_out = sorted(recs.loc[~inside, "section"].unique().tolist())
        warnings.warn(
            f"{int((~inside).sum())} figures of sections {', '.join(left_out)} have no place in "
            "the standard form and were not written",
            DisclosureWarning,
            stacklevel=2,
        )
    recs = recs[inside]
    cells: dict[tuple, Any] = {}
    for rec in recs.itertuples(index=False):
        key = (rec.section, _na(rec.parent), rec.item, rec.applicant, _na(rec.field))
        cells[key] = rec
    placed: set[tuple] = set()
    wide = (recs["applicant"] == LEGAL_PERSONS).any()

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the one sheet a new workbook has
    title = f"{agency}{year}年政府信息公开工作年度报告"
    _write_article20(wb.create_sheet(_SHEETS[0]), title, format, cells, placed)
    _write_applications(wb.create_sheet(_SHEETS[1]), title, format, cells, placed, wide)
    _write_review(wb.create_sheet(_SHEETS[2]), title, cells, placed)
    unplaced = [k for k in cells if k not in placed]
    if unplaced:
        shown = "; ".join("/".join(str(x) for x in k if x is not None) for k in unplaced[:5])
        raise ValueError(
            f"{len(unplaced)} figures have no place in the {format} standard form ({shown}"
            f"{' …' if len(unplaced) > 5 else ''}); write with form="
            f"{'2019' if format == '2021' else '2021'!r} or correct their items"
        )
    with atomic_write(path) as tmp:
        wb.save(tmp)


def _na(v: Any) -> Any:
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


def _figure(rec: Any) -> Any:
    if rec is None:
        return None
    v = rec.count if rec.measure in ("count", "change") else rec.value
    v = _na(v)
    return None if v is None else (int(v) if rec.measure in ("count", "change") else float(v))


#: amounts' units in 元
_YUAN = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10_000), "亿元": Decimal(10**8)}


def _in_unit(value: float, unit: str | None, to: str) -> float:
    """An amount stated in ``unit`` as a number of ``to`` (5000 元 → 0.5 万元), shifted in
    decimal (no binary rounding: 1234.56 元 is 0.123456 万元); an amount of no unit is taken as
    stated in ``to``."""
    if unit is None or unit == to:
        return value
    if unit not in _YUAN:
        raise ValueError(
            f"an amount of {value} {unit}: write_form writes amounts in "
            f"{to} and converts only from {', '.join(_YUAN)}"
        )
    return float(Decimal(repr(value)) * _YUAN[unit] / _YUAN[to])


@lru_cache(maxsize=1)
def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "bold": Font(bold=True),
        "title": Font(bold=True, size=14),
    }


def _title(ws: Any, title: str, section_title: str, ncols: int) -> int:
    st = _styles()
    write_cell(ws, 1, 1, title).font = st["title"]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.cell(1, 1).alignment = st["center"]
    write_cell(ws, 2, 1, section_title).font = st["bold"]
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    return 3


def _label(
    ws: Any,
    row: int,
    col: int,
    text: str,
    *,
    end_row: int | None = None,
    end_col: int | None = None,
    bold: bool = False,
    left: bool = False,
) -> None:
    st = _styles()
    cell = write_cell(ws, row, col, text)
    cell.alignment = st["left"] if left else st["center"]
    if bold:
        cell.font = st["bold"]
    if (end_row or row) != row or (end_col or col) != col:
        ws.merge_cells(
            start_row=row, start_column=col, end_row=end_row or row, end_column=end_col or col
        )
    for r in range(row, (end_row or row) + 1):
        for c in range(col, (end_col or col) + 1):
            ws.cell(r, c).border = st["border"]


def _value(
    ws: Any,
    row: int,
    col: int,
    rec: Any,
    measure: str,
    *,
    end_col: int | None = None,
    unit: str | None = None,
) -> None:
    """Write ``rec``'s figure; an amount under a column of ``unit`` (万元) converted to it."""
    fmt = {"count": _COUNT_FORMAT, "change": _CHANGE_FORMAT}.get(measure, _AMOUNT_FORMAT)
    figure = _figure(rec)
    if unit is not None and figure is not None:
        figure = _in_unit(figure, _na(rec.unit), unit)
    cell = write_cell(ws, row, col, figure, fmt)
    cell.border = _styles()["border"]
    cell.alignment = _styles()["center"]
    if end_col and end_col != col:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=end_col)
        for c in range(col + 1, end_col + 1):
            ws.cell(row, c).border = _styles()["border"]


def _widths(ws: Any, widths: Mapping[int, int]) -> None:
    from openpyxl.utils import get_column_letter

    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = w


def _fit(labels: Iterable[str], wrap_at: int = 40) -> int:
    return min(wrap_at, max((display_width(t) for t in labels), default=8) + 2)


def _write_article20(ws: Any, title: str, form: str, cells: dict, placed: set) -> None:
    row = _title(ws, title, FORM_SECTION_TITLES[0], 4)
    blocks: dict[str, list] = {}
    for spec in ARTICLE20[form]:
        blocks.setdefault(spec.parent, []).append(spec)
    amount_units = {
        _na(rec.unit) for k, rec in cells.items() if k[0] == "article20" and k[4] == "采购总金额"
    }
    amount_unit = next(iter(amount_units - {None}), None)
    for parent, specs in blocks.items():
        _label(ws, row, 1, parent, end_col=4, bold=True, left=True)
        row += 1
        fields = specs[0].fields
        _label(ws, row, 1, "信息内容", bold=True)
        span = 4 - len(fields)  # one field over B:D, two over B and C:D
        for i, (fname, _) in enumerate(fields):
            text = fname
            if fname == "本年收费金额":
                text = "本年收费金额（单位：万元）"
            elif fname == "采购总金额" and amount_unit:
                text = f"采购总金额（{amount_unit}）"
            last = i == len(fields) - 1
            _label(ws, row, 2 + i, text, end_col=(2 + i + span) if last else None, bold=True)
        row += 1
        for spec in specs:
            _label(ws, row, 1, spec.item)
            for i, (fname, measure) in enumerate(spec.fields):
                key = ("article20", spec.parent, spec.item, TOTAL, fname)
                placed.add(key)
                last = i == len(spec.fields) - 1
                _value(
                    ws,
                    row,
                    2 + i,
                    cells.get(key),
                    measure,
                    end_col=(2 + i + span) if last else None,
                    unit="万元" if fname == "本年收费金额" else None,
                )
            row += 1
    _widths(
        ws,
        {1: _fit([s.item for s in ARTICLE20[form]] + ["第二十条第（一）项"]), 2: 16, 3: 16, 4: 18},
    )


def _write_applications(
    ws: Any, title: str, form: str, cells: dict, placed: set, wide: bool
) -> None:
    applicants = APPLICANTS_8 if wide else APPLICANTS_7
    n = len(applicants)
    last_col = 3 + n
    row = _title(ws, title, FORM_SECTION_TITLES[1], last_col)
    # header: three rows
    _label(ws, row, 1, FORM_NOTE, end_row=row + 2, end_col=3, bold=True)
    _label(ws, row, 4, "申请人情况", end_col=last_col, bold=True)
    _label(ws, row + 1, 4, "自然人", end_row=row + 2, bold=True)
    org_first = 5
    _label(ws, row + 1, org_first, LEGAL_PERSONS, end_col=last_col - 1, bold=True)
    _label(ws, row + 1, last_col, TOTAL, end_row=row + 2, bold=True)
    subs = (["小计"] if wide else []) + list(APPLICANTS_7[1:6])
    for i, a in enumerate(subs):
        _label(ws, row + 2, org_first + i, a, bold=True)
    row += 3

    def data_row(r: int, section: str, parent: str | None, item: str) -> None:
        for i, a in enumerate(applicants):
            key = (section, parent, item, a, None)
            placed.add(key)
            _value(ws, r, 4 + i, cells.get(key), "count")

    for label, item in (
        ("一、本年新收政府信息公开申请数量", RECEIVED),
        ("二、上年结转政府信息公开申请数量", CARRIED_IN),
    ):
        _label(ws, row, 1, label, end_col=3, left=True)
        data_row(row, "applications", None, item)
        row += 1
    outcomes = [it for it in STANDARD_OUTCOMES if form in it.forms]
    first_outcome_row = row
    i = 0
    while i < len(outcomes):
        it = outcomes[i]
        if it.parent is None:
            _label(ws, row, 2, FORM_TOP_LABELS.get(it.item, it.item), end_col=3, left=True)
            data_row(row, "outcomes", None, it.item)
            row += 1
            i += 1
            continue
        group = [x for x in outcomes if x.parent == it.parent]
        _label(ws, row, 2, FORM_GROUP_LABELS[it.parent], end_row=row + len(group) - 1, left=True)
        for j, sub in enumerate(group, start=1):
            _label(ws, row, 3, f"{j}.{sub.item}", left=True)
            data_row(row, "outcomes", sub.parent, sub.item)
            row += 1
        i += len(group)
    _label(ws, first_outcome_row, 1, "三、本年度办理结果", end_row=row - 1)
    _label(ws, row, 1, "四、" + CARRIED_FORWARD, end_col=3, left=True)
    data_row(row, "applications", None, CARRIED_FORWARD)
    _widths(
        ws,
        {
            1: 12,
            2: 16,
            3: _fit([f"1.{it.item}" for it in outcomes], 44),
            **{c: 10 for c in range(4, last_col + 1)},
        },
    )


def _write_review(ws: Any, title: str, cells: dict, placed: set) -> None:
    row = _title(ws, title, FORM_SECTION_TITLES[2], 15)
    _label(ws, row, 1, "行政复议", end_row=row + 1, end_col=5, bold=True)
    _label(ws, row, 6, "行政诉讼", end_col=15, bold=True)
    _label(ws, row + 1, 6, "未经复议直接起诉", end_col=10, bold=True)
    _label(ws, row + 1, 11, "复议后起诉", end_col=15, bold=True)
    for i in range(15):
        _label(ws, row + 2, 1 + i, REVIEW_FIELDS[i % 5], bold=True)
    row += 3
    for i in range(15):
        section, item, parent = REVIEW_GROUPS[i // 5]
        key = (section, parent, item, TOTAL, REVIEW_FIELDS[i % 5])
        placed.add(key)
        _value(ws, row, 1 + i, cells.get(key), "count")
    _widths(ws, {c: 10 for c in range(1, 16)})
