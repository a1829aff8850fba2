"""Reading many standard forms fast: interpret each layout once, then only read the figures.

Forms of one layout (the same labels, headers and merged cells in the same places; only the
figures and blanks differ) are interpreted the same way, cell for cell. :func:`read_layout`
interprets a layout once (with :func:`luzhou_disclosure._standard.interpret_rows`' own code, noting
what it looked at) and keeps the result as a :class:`Template`: the records with their labels and
sources, the findings, and which grid cell each figure comes from. Every later form of the layout
is read by taking its figures from those cells.

A layout is the grid with every number and every blank cell replaced by one marker (a *value
slot*), keyed with the sheets' positions and the year (the year decides the form when the labels
do not). A row holding one label that means nothing to the interpreter (a report title naming the
agency, :func:`~luzhou_disclosure._standard.inert_label`) is keyed without its text, so the forms of
different agencies share a layout.

The template is only used for a form where it provably gives what the interpreter would: the
interpreter looked at whether some value slots are blank (to find where a row's figures start, or
where a row ends), and those slots must be blank or filled in the form as in the template; a number
outside the template's figure cells means another layout. Otherwise (and for a layout whose
interpretation read a figure's value, e.g. to quote it in a finding) :func:`read_layout` returns
``None`` and the caller interprets the form itself. Findings are the interpreter's, in its order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ._standard import _BLANK, _TEXT, _classify, _interpret, _Trace, inert_label
from ._xlsx import column_letter
from .records import COLUMNS, SCHEMA

_TITLE = ...  # the key of a row's only label when it is inert
_STRING_COLUMNS = ("section", "item", "parent", "applicant", "field", "measure", "unit", "label")
_CACHE_SIZE = 512
_templates: dict[tuple, Template | None] = {}


def _is_number(x: object) -> bool:
    return x.__class__ is float or x.__class__ is int


def _blank(x: object) -> bool:
    return x is None or x == ""


@dataclass
class Template:
    """The interpretation of one layout (see the module docstring)."""

    form: str | None
    n: int
    columns: dict[str, list[Any]]  # the _STRING_COLUMNS, approx, count and value (NA at slots)
    sources: list[str]  # "!Sheet!C5": the file name goes before
    findings: list[dict[str, Any]]
    slot_cells: list[tuple[int, int]]  # (grid row, column) of each value slot read
    slot_record: list[int]
    slot_is_count: list[bool]
    slot_findings_before: list[int]
    row_of: list[int]  # of each slot, its row's guard
    #: per grid row with slots: its slots; those that must hold a figure; a list of which one must
    #: (None: no such condition); whether the row may instead be blank in all its slots
    guards: list[tuple[list[int], list[int], list[int] | None, bool]]


@dataclass
class Part:
    """One form read through its layout's template."""

    template: Template
    file: str
    agency: str
    year: int
    counts: list[Any]
    values: list[Any]
    findings: list[dict[str, Any]]


def layout_key(sheets: Sequence[tuple[str, int, int, list[list[Any]]]], year: int) -> tuple[tuple, int]:
    """The key of a form's layout and the number of number cells in it."""
    rows_key = []
    numbers = 0
    for _name, _top, _left, rows in sheets:
        for row in rows:
            key = tuple([x if x.__class__ is str and x else (None if x is None or x == "" or x.__class__ is float
                                                              or x.__class__ is int else x) for x in row])
            slots = key.count(None)
            numbers += slots - row.count("") - row.count(None)
            if len(key) - slots == 1:
                text = next(x for x in key if x is not None)
                if text.__class__ is str and inert_label(text):
                    key = tuple(_TITLE if x is not None else None for x in key)
            rows_key.append(key)
    where = tuple((name, top, left, len(rows)) for name, top, left, rows in sheets)
    return (year, where, tuple(rows_key)), numbers


def read_layout(sheets: Sequence[tuple[str, int, int, list[list[Any]]]], file: str, agency: str,
                year: int) -> Part | None:
    """Read a form through the template of its layout; ``None`` when the template does not apply."""
    key, numbers = layout_key(sheets, year)
    try:
        template = _templates[key]
    except KeyError:
        if len(_templates) >= _CACHE_SIZE:
            _templates.clear()
        template = _templates[key] = _build(sheets, year)
    if template is None:
        return None
    grid = [row for _, _, _, rows in sheets for row in rows]
    return _replay(template, grid, numbers, file, agency, year)


@lru_cache(maxsize=256)
def _column_letter(col: int) -> str:
    return column_letter(col)


def _suffix_refs(sheets: Sequence[tuple[str, int, int, list[list[Any]]]]) -> Callable[[int, int], str]:
    where = [(name, top + i, left) for name, top, left, rows in sheets for i in range(len(rows))]

    def refs(r: int, c: int) -> str:
        sheet, row, left = where[r]
        return f"!{sheet}!{_column_letter(left + c)}{row + 1}"

    return refs


def _build(sheets: Sequence[tuple[str, int, int, list[list[Any]]]], year: int) -> Template | None:
    refs = _suffix_refs(sheets)
    grid = [list(row) for _, _, _, rows in sheets for row in rows]
    # which cells hold figures: interpret the form as it is ...
    first = _Trace()
    _interpret(grid, refs, agency=None, year=year, form=None, trace=first)
    for r, c, _ in first.emits:
        if c < len(grid[r]) and (_blank(grid[r][c]) or _is_number(grid[r][c])):
            grid[r][c] = 0
    # ... then with the figure 0 in every one of them: the template
    trace = _Trace()
    records, findings, form = _interpret(grid, refs, agency=None, year=year, form=None, trace=trace)
    slots = [i for i, (r, c, _) in enumerate(trace.emits) if c < len(grid[r]) and _is_number(grid[r][c])]
    cells = [trace.emits[i][:2] for i in slots]
    slot_of = {cell: j for j, cell in enumerate(cells)}
    numbers = sum(_is_number(x) for row in grid for x in row)
    if len(slot_of) != len(cells) or numbers != len(cells):
        return None  # a cell read twice, or a number that is no figure
    if any(cell in slot_of for r, cs in trace.raws.items() for cell in ((r, c) for c in cs)):
        return None  # a figure's value decided something (a finding quoting it)
    row_of = {}
    guards: list[tuple[list[int], list[int], list[int] | None, bool]] = []
    for r in sorted({r for r, _ in cells}):
        row, start = grid[r], trace.first_value[r]
        in_row = [slot_of[(r, c)] for c in range(len(row)) if (r, c) in slot_of]
        filled = [slot_of[(r, c)] for c in sorted(trace.kinds.get(r, ())) if (r, c) in slot_of]
        witness: list[int] | None = None
        if r in trace.first_value_used:
            if (r, start) in slot_of:
                filled.append(slot_of[(r, start)])
        else:
            group, fixed = [], False
            for c in range(start, len(row)):
                if (r, c) in slot_of:
                    group.append(slot_of[(r, c)])
                    continue
                kind = _classify(row[c])[0]
                if kind == _TEXT:
                    break
                if kind != _BLANK:  # a "/" or "3件" in the text: the row has values whatever the slots hold
                    fixed = True
            witness = None if fixed else group
        for i in in_row:
            row_of[i] = len(guards)
        guards.append((in_row, filled, witness, r in trace.blank_tolerant))
    columns: dict[str, list[Any]] = {c: [rec[c] for rec in records] for c in (*_STRING_COLUMNS, "approx", "count", "value")}
    for i in slots:
        columns["count"][i] = columns["value"][i] = None
    return Template(
        form=form, n=len(records), columns=columns, sources=[rec["source"] for rec in records], findings=findings,
        slot_cells=cells, slot_record=slots,
        slot_is_count=[records[i]["measure"] in ("count", "change") for i in slots],
        slot_findings_before=[trace.emits[i][2] for i in slots], row_of=[row_of[i] for i in range(len(cells))],
        guards=guards)


def _replay(t: Template, grid: list[list[Any]], numbers: int, file: str, agency: str, year: int) -> Part | None:
    raws = [grid[r][c] for r, c in t.slot_cells]
    if len(raws) - raws.count("") - raws.count(None) != numbers:
        return None
    if raws.count("") or raws.count(None):
        for g in {t.row_of[i] for i, x in enumerate(raws) if x == "" or x is None}:
            in_row, filled, witness, tolerant = t.guards[g]
            if any(_blank(raws[i]) for i in filled) or (witness is not None and all(_blank(raws[i]) for i in witness)):
                if not (tolerant and all(_blank(raws[i]) for i in in_row)):
                    return None
    counts = t.columns["count"].copy()
    values = t.columns["value"].copy()
    extra: list[tuple[int, dict[str, Any]]] = []
    is_count, records = t.slot_is_count, t.slot_record
    for i, x in enumerate(raws):
        if x == "" or x is None:
            continue
        v = float(x)
        if v != v:
            return None
        rec = records[i]
        if not is_count[i]:
            values[rec] = v
        elif v.is_integer():
            counts[rec] = int(v)
        else:
            label, section, item = (t.columns[c][rec] for c in ("label", "section", "item"))
            extra.append((t.slot_findings_before[i], {
                "rule": "unreadable_cell", "ok": False, "severity": "warning", "agency": agency, "year": year,
                "section": section, "item": item, "found": v, "message": f"{x!r} is not a whole number; {label} is a count",
                "sources": file + t.sources[rec]}))
    findings = [{**f, "agency": agency, "year": year, "sources": file + f["sources"] if f["sources"] else f["sources"]}
                for f in t.findings]
    for k, (before, f) in enumerate(extra):
        findings.insert(before + k, f)
    return Part(t, file, agency, year, counts, values, findings)


def records_frame(parts: Sequence[Part | list[dict[str, Any]]]) -> pd.DataFrame:
    """One records DataFrame of the parts (templated forms, or forms read as record dicts), in order.

    The same frame as ``make_records`` of the parts' record dicts, built column by column.
    """
    cols: dict[str, list[Any]] = {c: [] for c in ("agency", "year", "form", *_STRING_COLUMNS, "count", "value",
                                                  "approx", "source")}
    for part in parts:
        if isinstance(part, list):
            for c, out in cols.items():
                out.extend(rec.get(c) for rec in part)
            continue
        t, n = part.template, part.template.n
        cols["agency"] += [part.agency] * n
        cols["year"] += [part.year] * n
        cols["form"] += [t.form] * n
        for c in (*_STRING_COLUMNS, "approx"):
            cols[c] += t.columns[c]
        cols["count"] += part.counts
        cols["value"] += part.values
        file = part.file
        cols["source"] += [file + s for s in t.sources]
    n = len(cols["source"])
    data: dict[str, Any] = {}
    for c in COLUMNS:
        dtype = SCHEMA[c]
        if c not in cols:
            data[c] = pd.array([pd.NA] * n, dtype=dtype)
        elif dtype == "string":
            values = cols[c]
            if c == "applicant":
                values = [v if v is not None else "总计" for v in values]
            data[c] = pd.array(np.array(values, dtype=object), dtype="string")
        elif c == "approx":
            data[c] = pd.array(np.array([bool(v) for v in cols[c]], dtype=bool), dtype="boolean")
        else:
            data[c] = _masked(cols[c], np.int64 if dtype == "Int64" else np.float64, dtype)
    return pd.DataFrame(data)


def _masked(values: list[Any], np_type: type, dtype: str) -> Any:
    mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    try:
        filled = np.array([0 if v is None else v for v in values], dtype=np_type)
    except (OverflowError, TypeError, ValueError):
        return pd.array(values, dtype=dtype)
    cls = pd.arrays.IntegerArray if dtype == "Int64" else pd.arrays.FloatingArray
    return cls(filled, mask)
