"""Reading many standard forms fast: interpret each layout once, then only read the figures.

Forms of one layout (the same labels, headers and merged cells in the same places; only the
figures and blanks differ) are interpreted the same way, cell for cell. :func:`read_layout`
interprets a layout once and keeps the result as a :class:`Template`: the records with their
labels and sources, the findings, and which grid cell each figure comes from. Every later form of
the layout is read by taking its figures from those cells.

The interpreter knows nothing of this: :func:`_look` reads the grid row by row with a
:class:`~luzhou_disclosure.readers._standard.Reading`, handing it each row and its cells' kinds as
lists that count which cells are read (the interpreter only indexes them), a records list that
notes the number of findings before each record, and a ``refs`` that notes which cell each source
names. A record's own cell is read once from the row and once from its kinds to make the record;
those reads are not counted as looking at the layout. After each row the reading's header rows
tell whether the row was one; the rows that read the same with their numbers blanked are found by
reading each again, blanked, from a copy of the reading made before it.

A layout is the grid with every number and every blank cell replaced by one marker (a *value slot*),
keyed with the sheets' positions and the year (the year decides the form when the labels do not). A
row holding one label that means nothing to the interpreter (a report title naming the agency,
:func:`~luzhou_disclosure.readers._standard.inert_label`) is keyed without its text, so the forms of
different agencies share a layout. The tables' header rows are labels like any other, so a layout is
keyed by every header text and where it stands: a form whose columns are shifted, reordered or added
to (a 小计, a 备注) is another layout and never reads through this one's template. A row keyed as a
title that the interpreter nevertheless read as part of a table's header (a lone note right under
it) leaves the layout without a template.

The template is only used for a form where it provably gives what the interpreter would. Reading
a form checks what the layout fixes (:func:`read_layout`: the labels, text where the titles are,
blank cells where the layout has them; a number outside the template's figure cells means another
layout). The rest is checked afterwards for many forms at once (:func:`settle`, the slots of all
forms of a layout in a few numpy operations): each title must be inert; each slot must hold a
number or be blank (text, a date, a boolean or NaN there is read otherwise by the interpreter);
and where the interpreter looked at whether slots are blank (to find where a row's figures start,
or where a row ends), they must be blank or filled as in the template. :func:`read_layout`
returns ``None``, and :func:`settle` names the parts, whose form the caller must interpret itself
(so does a layout whose interpretation read a figure's value, e.g. to quote it in a finding).
Findings are the interpreter's, in its order.
"""

from __future__ import annotations

import os
import struct
from bisect import bisect_left
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import lru_cache, partial, reduce
from itertools import accumulate, chain, compress, count
from operator import and_, iadd, itemgetter, ne
from typing import Any

import numpy as np
import pandas as pd

from .. import _shapes
from .._arrays import STRING, masked, masked_parts, strings
from .._numbers import MAX_FIGURE
from .._vocab import TOTAL
from .._xlsx import column_letter
from ..records import COLUMNS
from ._standard import (
    CELL_BLANK,
    CELL_TEXT,
    POSITIONAL,
    Reading,
    classify_cell,
    inert_label,
    interpret_rows,
    row_kinds,
)

_TITLE = ...  # the key of a row's only label when it is inert
_TITLE_ROWS = 8  # rows at the top of a sheet where a title row is looked for
_STRING_COLUMNS = ("section", "item", "parent", "applicant", "field", "measure", "unit", "label")
_CELL_TYPES = frozenset({str, float, int, type(None)})
_CACHE_SIZE = 512
_SLOT_TYPES = frozenset(
    {str, float, int, type(None)}
)  # a slot holding another type is read otherwise
#: blank slots become this NaN (its payload tells it from a NaN read from a cell) when the figures
#: of a layout's forms are put into one float array
_BLANK_BITS = 0x7FF8_0000_0000_0B1A
_AS_FIGURE = dict.fromkeys(("", None), struct.unpack("<d", struct.pack("<Q", _BLANK_BITS))[0])
_NO_FIGURES = np.empty(0, dtype=np.float64)
_NO_GUARDS = np.zeros(0, dtype=np.int64)
_THREADED_RECORDS = 100_000  # records_frame takes string columns in threads from this many
_serial = count()
_templates: dict[tuple, Template | None] = {}
_by_shape: dict[tuple, list[Template]] = {}

Sheets = Sequence[tuple[str, int, int, list[list[Any]]]]  # (name, top row, left column, rows)


def _is_number(x: object) -> bool:
    return x.__class__ is float or x.__class__ is int


def _blank(x: object) -> bool:
    return x is None or x == ""


Getter = Callable[[Sequence[Any]], tuple[Any, ...]]


def _getter(indices: Sequence[int]) -> Getter:
    """``f(seq)`` → the tuple of ``seq``'s items at ``indices`` (picklable, one C call)."""
    if len(indices) > 1:
        return itemgetter(*indices)
    return itemgetter(*indices, *indices, *indices) if indices else _nothing


def _nothing(seq: Sequence[Any]) -> tuple[Any, ...]:
    return ()


@dataclass
class Template:
    """The interpretation of one layout (see the module docstring)."""

    form: str | None
    n: int
    columns: dict[str, list[Any]]  # the _STRING_COLUMNS, approx, count and value (NA at slots)
    sources: list[str]  # "!Sheet!C5": the file name goes before
    findings: list[dict[str, Any]]
    n_slots: int
    slots: Getter  # the value slots' cells of the flat grid
    slot_record: list[int]
    slot_is_count: np.ndarray  # bool per slot
    slot_findings_before: list[int]
    #: the guards, one per grid row with slots: each slot's guard (its row, ``guard_of``); the
    #: slots that must hold a figure (``slot_filled``); those of which one must (``slot_witness``;
    #: ``has_witness``: whether a guard has such a condition); the guard's number of slots and of
    #: witnesses; and whether the row may instead be blank in all its slots (``tolerant``)
    guard_of: np.ndarray
    slot_filled: np.ndarray
    slot_witness: np.ndarray
    guard_size: np.ndarray
    witness_size: np.ndarray
    has_witness: np.ndarray
    tolerant: np.ndarray
    #: the process and the template's number in it (templates sent back by worker processes are
    #: copies)
    uid: tuple[int, int] = field(default_factory=lambda: (os.getpid(), next(_serial)))
    # set by _known: the labels (but titles) and where they are, the titles, the blank cells
    n_labels: int = 0
    labels: Getter = _nothing
    label_texts: tuple[Any, ...] = ()
    titles: Getter = _nothing
    n_titles: int = 0
    n_blank: int = 0
    blanks: Getter = _nothing


@dataclass
class Part:
    """One form's records: a template, and the form's own file, agency, year and value slots."""

    template: Template
    file: str
    agency: str | None
    year: int | None
    raws: tuple[Any, ...]  # the value slots' cells as read (checked by settle)
    findings: list[dict[str, Any]]
    titles: tuple[Any, ...] = ()  # the texts where the layout has titles (checked by settle)
    figures: np.ndarray = field(
        default_factory=lambda: _NO_FIGURES
    )  # set by settle: the slots' figures, NaN where blank


def layout_key(flat: list[Any], sheets: Sheets) -> tuple[tuple, list[int], list[Any]] | None:
    """The key of a form's layout (without its shape), and where its labels are and what they say.

    ``flat`` is the form's cells, row after row. ``None`` when a cell is neither text, number nor
    blank (a date, a boolean, NaN): such forms are interpreted one by one.
    """
    if not _CELL_TYPES.issuperset(map(type, flat)) or any(map(ne, flat, flat)):
        return None  # a date, a boolean or a NaN
    label = list(map(and_, map(str.__instancecheck__, flat), map(bool, flat)))
    where = list(compress(range(len(flat)), label))
    texts = list(compress(flat, label))
    offset = 0
    for _, _, _, rows in sheets:
        for row in rows[:_TITLE_ROWS]:
            i, end = bisect_left(where, offset), bisect_left(where, offset + len(row))
            if end - i == 1 and inert_label(texts[i]):
                texts[i] = _TITLE
            offset += len(row)
        offset += sum(map(len, rows[_TITLE_ROWS:]))
    return (tuple(where), tuple(texts)), where, texts


def clear_cache() -> None:
    """Forget every layout (and the titles judged inert, and the workbook shapes of
    :mod:`luzhou_disclosure._shapes`): the next forms are read and interpreted afresh."""
    _shapes.clear()
    _templates.clear()
    _by_shape.clear()
    inert_label.cache_clear()


def read_layout(sheets: Sheets, file: str, agency: str, year: int) -> Part | None:
    """Read a form through the template of its layout; ``None`` when the template does not apply.

    Whether the titles are inert and what the value slots hold are not checked yet:
    :func:`settle` checks them for many forms at once.
    """
    flat: list[Any] = []
    for _, _, _, rows in sheets:
        flat = reduce(
            iadd, rows, flat
        )  # (list.extend row by row: twice as fast as chaining the cells)
    # the year counts only as 2021 onwards or not (the form when the labels do not tell)
    shape = (
        year >= 2021,
        tuple((name, top, left, tuple(map(len, rows))) for name, top, left, rows in sheets),
    )
    for seen in _by_shape.get(shape, ()):  # the layouts seen with this shape: a quick check
        matched = _match(seen, flat)
        if matched is not None:
            return _part(seen, matched, file, agency, year)
    keyed = layout_key(flat, sheets)
    if keyed is None:
        return None
    key, where, texts = keyed
    key = (shape, *key)
    try:
        template = _templates[key]
    except KeyError:
        if len(_templates) >= _CACHE_SIZE:
            _templates.clear()
            _by_shape.clear()
        template = _templates[key] = _build(sheets, year)
        if template is not None:
            _known(template, shape, where, texts, len(flat))
    if template is None:
        return None
    matched = _match(
        template, flat
    )  # the labels are the layout's; a number outside the figures' cells?
    return None if matched is None else _part(template, matched, file, agency, year)


def _known(t: Template, shape: tuple, where: list[int], texts: list[Any], size: int) -> None:
    """Remember ``t`` for forms of ``shape``, with what :func:`_match` checks."""
    fixed = [(w, x) for w, x in zip(where, texts, strict=True) if x is not _TITLE]
    t.n_labels = len(fixed)
    t.labels = _getter([w for w, _ in fixed])
    t.label_texts = tuple(x for _, x in fixed)
    titles = [w for w, x in zip(where, texts, strict=True) if x is _TITLE]
    t.titles, t.n_titles = _getter(titles), len(titles)
    taken = set(where).union(t.slots(range(size))[: t.n_slots])
    blanks = [i for i in range(size) if i not in taken]
    t.n_blank = len(blanks)
    t.blanks = _getter(blanks)
    known = _by_shape.setdefault(shape, [])
    if len(known) < 8:
        known.append(t)


def _match(t: Template, flat: list[Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """The form's titles and value slots if it has the layout of ``t`` (same labels, text where the
    titles are, blank cells), else None."""
    if t.labels(flat)[: t.n_labels] != t.label_texts:
        return None
    if t.blanks(flat)[: t.n_blank].count("") != t.n_blank:
        return None  # a cell that should be blank is not
    titles = t.titles(flat)[: t.n_titles]
    if not all(map(str.__instancecheck__, titles)) or not all(titles):
        return None  # (whether the titles are inert, settle checks)
    raws = t.slots(flat)[: t.n_slots]
    if any(filter(str.__instancecheck__, raws)):
        return None  # text where the layout has figures ("/", "3件"): another layout
    return titles, raws


def _part(
    t: Template, matched: tuple[tuple[Any, ...], tuple[Any, ...]], file: str, agency: str, year: int
) -> Part:
    findings = [
        {
            **f,
            "agency": agency,
            "year": year,
            "sources": file + f["sources"] if f["sources"] else f["sources"],
        }
        for f in t.findings
    ]
    return Part(t, file, agency, year, matched[1], findings, titles=matched[0])


def settle(parts: Sequence[Part]) -> list[int]:
    """Check the titles and value slots of forms read through templates; the positions of those
    that misfit.

    Each title must be one the interpreter reads as nothing but a title (``inert_label``, for
    many forms in one loop rather than between the readings of their files). All forms of one
    layout are checked at once: their slots are converted into one float array
    (blank as a NaN with its own payload), then checked for what the template assumes (a number or
    blank in every slot, blanks only where the interpreter would read the rows the same) with a few
    array operations. Sets each fitting part's ``figures`` and adds the findings for counts that
    are not whole numbers (where the interpreter makes them). A misfit's form must be interpreted.
    """
    groups: dict[int, list[int]] = {}
    misfits: list[int] = []
    for i, p in enumerate(parts):
        if not all(map(inert_label, p.titles)):
            misfits.append(i)  # a title the interpreter would read as more than a title
        elif p.template.n_slots:
            groups.setdefault(id(p.template), []).append(i)
    for members in groups.values():
        misfits += _settle(parts, members)
    return sorted(misfits)


def _settle(parts: Sequence[Part], members: list[int]) -> list[int]:
    t = parts[members[0]].template
    raws = list(chain.from_iterable(parts[i].raws for i in members))
    figures = None
    if _SLOT_TYPES.issuperset(map(type, raws)):  # no date, boolean, ... (no text: _match made sure)
        try:
            figures = np.fromiter(
                map(_AS_FIGURE.get, raws, raws), dtype=np.float64, count=len(raws)
            )
        except (
            ValueError,
            OverflowError,
        ):  # text in a slot after all, or an integer beyond any float
            pass
    if figures is None:  # one form or more misfits: which?
        return members if len(members) == 1 else [j for i in members for j in _settle(parts, [i])]
    grid = figures.reshape(len(members), t.n_slots)
    blank = grid.view(np.uint64) == _BLANK_BITS
    with np.errstate(invalid="ignore"):  # a NaN read from a cell, or a figure over 15 digits
        misfit = ((np.isnan(grid) & ~blank) | (np.abs(grid) >= MAX_FIGURE)).any(axis=1)
    # a row with a blank slot breaks its guard when a slot that must hold a figure is blank, or
    # all of those of which one must are, unless the row may be blank in all its slots and is
    # (the blank slots counted per form and guard by bincount: no matrix product, no BLAS threads)
    n_guards = len(t.has_witness)
    form_of, slot = np.nonzero(blank)
    cell = form_of * n_guards + t.guard_of[slot]

    def per_guard(which: np.ndarray) -> np.ndarray:
        return np.bincount(which, minlength=len(members) * n_guards).reshape(-1, n_guards)

    in_row = per_guard(cell)
    filled = per_guard(cell[t.slot_filled[slot]])
    witness = per_guard(cell[t.slot_witness[slot]])
    broken = (filled > 0) | (t.has_witness & (witness == t.witness_size))
    broken &= ~(t.tolerant & (in_row == t.guard_size))
    misfit |= (broken & (in_row > 0)).any(axis=1)
    grid[blank] = np.nan
    counts = grid[:, t.slot_is_count]
    with np.errstate(invalid="ignore"):
        odd = (np.isfinite(counts) & (counts != np.floor(counts))) | np.isinf(
            counts
        )  # not is_integer()
    for k, i in enumerate(members):
        if not misfit[k]:
            parts[i].figures = grid[k]
            if odd[k].any():
                _odd_counts(parts[i])
    return [members[k] for k in np.flatnonzero(misfit)]


def _odd_counts(part: Part) -> None:
    """Add the interpreter's findings for counts that are not whole numbers, where it makes them."""
    t, extra = part.template, []
    for i, x in enumerate(part.raws):
        if x.__class__ is float and t.slot_is_count[i] and not x.is_integer():
            rec = t.slot_record[i]
            label, section, item = (t.columns[c][rec] for c in ("label", "section", "item"))
            extra.append(
                (
                    t.slot_findings_before[i],
                    {
                        "rule": "unreadable_cell",
                        "ok": False,
                        "severity": "warning",
                        "agency": part.agency,
                        "year": part.year,
                        "section": section,
                        "item": item,
                        "found": x,
                        "message": f"{x!r} is not a whole number; {label} is a count",
                        "sources": part.file + t.sources[rec],
                    },
                )
            )
    for k, (before, f) in enumerate(extra):
        part.findings.insert(before + k, f)


@lru_cache(maxsize=256)
def _column_letter(col: int) -> str:
    return column_letter(col)


def _suffix_refs(sheets: Sheets, cell_of: dict[str, tuple[int, int]]) -> Callable[[int, int], str]:
    """The source of grid cell (r, c) (``!Sheet!C5``: the file name goes before), noting in
    ``cell_of`` which cell each source it gave names."""
    where = [(name, top + i, left) for name, top, left, rows in sheets for i in range(len(rows))]

    def refs(r: int, c: int) -> str:
        sheet, row, left = where[r]
        source = f"!{sheet}!{_column_letter(left + c)}{row + 1}"
        cell_of[source] = (r, c)
        return source

    return refs


def _title_rows(sheets: Sheets) -> set[int]:
    """The grid rows :func:`layout_key` keys as titles (one inert label among a sheet's top
    rows)."""
    out, start = set(), 0
    for _, _, _, rows in sheets:
        for i, row in enumerate(rows[:_TITLE_ROWS]):
            texts = [x for x in row if x.__class__ is str and x]
            if len(texts) == 1 and inert_label(texts[0]):
                out.add(start + i)
        start += len(rows)
    return out


class _Noted(list):
    """A row (or its kinds) that counts how often each of its cells is read (``reads``)."""

    __slots__ = ("reads",)
    reads: list[int]

    def __getitem__(self, i):
        self.reads[i] += 1
        return list.__getitem__(self, i)


class _Records(list):
    """A reading's records, noting for each how many findings were made before it (``before``)."""

    __slots__ = ("before", "findings")
    before: list[int]
    findings: list[dict[str, Any]]

    def append(self, record: dict[str, Any]) -> None:
        self.before.append(len(self.findings))
        list.append(self, record)


@dataclass
class _Looked:
    """What the interpreter made of a layout's grid and which of its cells it looked at.

    The records, findings and form; each record's cell (row, column) and the number of findings
    made before it. Per grid row: its first value column, the columns whose kind (``kinds``) or
    raw value (``raws``) the reading looked at, each record's own cell not counted (reading a
    figure is not looking at the layout); the rows read as header rows; and ``blank_tolerant``:
    the rows that read the same (but for their figures, NA) with their numbers blanked.
    """

    records: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    form: str | None
    cells: list[tuple[int, int]]
    before: list[int]
    first_value: dict[int, int] = field(default_factory=dict)
    kinds: dict[int, set[int]] = field(default_factory=dict)
    raws: dict[int, set[int]] = field(default_factory=dict)
    header_rows: set[int] = field(default_factory=set)
    blank_tolerant: set[int] = field(default_factory=set)


def _look(grid: list[list[Any]], sheets: Sheets, year: int) -> _Looked:
    """Interpret ``grid`` row by row (a :class:`~._standard.Reading`) noting what was looked at,
    and find the rows with numbers that read the same with them blanked (a second reading of each
    such row)."""
    cell_of: dict[str, tuple[int, int]] = {}
    refs = _suffix_refs(sheets, cell_of)
    findings: list[dict[str, Any]] = []
    records = _Records()
    records.before, records.findings = [], findings
    reading = Reading(None, year, refs, records=records, findings=findings)
    looked = _Looked(records, findings, None, cells=[], before=records.before)
    for r, row in enumerate(grid):
        read = row_kinds(row)
        if read is None:
            continue
        kinds, first_value = read
        looked.first_value[r] = first_value
        noted_row, noted_kinds = _Noted(row), _Noted(kinds)
        noted_row.reads, noted_kinds.reads = [0] * len(row), [0] * len(row)
        before = reading.copy() if any(map(_is_number, row)) else None
        n_records, n_findings = len(records), len(findings)
        reading.read_row(r, noted_row, noted_kinds, first_value)
        for rec in records[n_records:]:  # the figure's cell, read once from each by _emit
            cell = cell_of[rec["source"].removesuffix(POSITIONAL)]
            looked.cells.append(cell)
            if cell[1] < len(row):
                noted_row.reads[cell[1]] -= 1
                noted_kinds.reads[cell[1]] -= 1
        looked.kinds[r] = set(compress(count(), noted_kinds.reads))
        looked.raws[r] = set(compress(count(), noted_row.reads))
        if reading.head_rows and reading.head_rows[-1][0] == r:
            looked.header_rows.add(r)
        if before is not None and _same_when_blank(reading, before, r, row, n_records, n_findings):
            looked.blank_tolerant.add(r)
    looked.form = reading.finish()[2]  # (its records and findings are the lists above)
    return looked


def _same_when_blank(
    reading: Reading, before: Reading, r: int, row: list[Any], n_records: int, n_findings: int
) -> bool:
    """Whether row ``r`` with its numbers blanked is read the same (but for those figures, NA).

    ``reading`` has read the row; ``before`` is a copy of it from before, which reads the row
    blanked.
    """
    blank = [x if x.__class__ is not int and x.__class__ is not float else "" for x in row]
    read = row_kinds(blank)
    if read is not None:
        before.read_row(r, blank, *read)
    if before.findings != reading.findings[n_findings:] or not before.same_state(reading):
        return False
    figures = ("count", "value")
    mine = [
        {k: v for k, v in rec.items() if k not in figures} for rec in reading.records[n_records:]
    ]
    return mine == [{k: v for k, v in rec.items() if k not in figures} for rec in before.records]


def _build(sheets: Sheets, year: int) -> Template | None:
    grid = [list(row) for _, _, _, rows in sheets for row in rows]
    # which cells hold figures: interpret the form as it is (the cells its records name) ...
    cell_of: dict[str, tuple[int, int]] = {}
    records = interpret_rows(grid, _suffix_refs(sheets, cell_of), agency=None, year=year)[0]
    for r, c in (cell_of[rec["source"].removesuffix(POSITIONAL)] for rec in records):
        if c < len(grid[r]) and (_blank(grid[r][c]) or _is_number(grid[r][c])):
            grid[r][c] = 0
    # ... then with the figure 0 in every one of them: the template
    looked = _look(grid, sheets, year)
    records, findings, form = looked.records, looked.findings, looked.form
    slots = [
        i for i, (r, c) in enumerate(looked.cells) if c < len(grid[r]) and _is_number(grid[r][c])
    ]
    cells = [looked.cells[i] for i in slots]
    slot_of = {cell: j for j, cell in enumerate(cells)}
    numbers = sum(_is_number(x) for row in grid for x in row)
    if len(slot_of) != len(cells) or numbers != len(cells):
        return None  # a cell read twice, or a number that is no figure
    if any(cell in slot_of for r, cs in looked.raws.items() for cell in ((r, c) for c in cs)):
        return None  # a figure's value decided something (a finding quoting it)
    if looked.header_rows & _title_rows(sheets):
        return None  # a row keyed as a title was read as a header row: its text matters
    rows_with_slots = sorted({r for r, _ in cells})
    n, n_guards = len(cells), len(rows_with_slots)
    guard_of = np.zeros(n, dtype=np.int64)
    slot_filled, slot_witness = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    has_witness, tolerant = np.zeros(n_guards, dtype=bool), np.zeros(n_guards, dtype=bool)
    for g, r in enumerate(rows_with_slots):
        row, start = grid[r], looked.first_value[r]
        guard_of[[slot_of[(r, c)] for c in range(len(row)) if (r, c) in slot_of]] = g
        looked_at = looked.kinds.get(r, set())
        filled = [slot_of[(r, c)] for c in sorted(looked_at) if (r, c) in slot_of]
        if (r, start) not in slot_of or start not in looked_at:
            # the first value may move within the row's first figures: the labels stay those
            # left of them as long as one of them (or an NA token among them) holds a value
            group, fixed = [], False
            for c in range(start, len(row)):
                if (r, c) in slot_of:
                    group.append(slot_of[(r, c)])
                    continue
                kind = classify_cell(row[c])[0]
                if kind == CELL_TEXT:
                    break
                if (
                    kind != CELL_BLANK
                ):  # a "/" or "3件" in the text: the row has values whatever the slots hold
                    fixed = True
            if not fixed:
                has_witness[g] = True
                slot_witness[group] = True
        slot_filled[filled] = True
        tolerant[g] = r in looked.blank_tolerant
    columns: dict[str, list[Any]] = {
        c: [rec[c] for rec in records] for c in (*_STRING_COLUMNS, "approx", "count", "value")
    }
    for i in slots:
        columns["count"][i] = columns["value"][i] = None
    starts = list(accumulate((len(row) for row in grid), initial=0))
    return Template(
        form=form,
        n=len(records),
        columns=columns,
        sources=[rec["source"] for rec in records],
        findings=findings,
        n_slots=n,
        slots=_getter([starts[r] + c for r, c in cells]),
        slot_record=slots,
        slot_is_count=np.array(
            [records[i]["measure"] in ("count", "change") for i in slots], dtype=bool
        ),
        slot_findings_before=[looked.before[i] for i in slots],
        guard_of=guard_of,
        slot_filled=slot_filled,
        slot_witness=slot_witness,
        guard_size=np.bincount(guard_of, minlength=n_guards),
        witness_size=np.bincount(guard_of[slot_witness], minlength=n_guards),
        has_witness=has_witness,
        tolerant=tolerant,
    )


def records_part(records: list[dict[str, Any]], findings: list[dict[str, Any]]) -> Part:
    """A form's records given as dicts (interpreted one by one) as a :class:`Part` without slots."""
    columns = {
        c: [rec.get(c) for rec in records] for c in (*_STRING_COLUMNS, "approx", "count", "value")
    }
    first = records[0] if records else {}
    t = Template(
        form=first.get("form"),
        n=len(records),
        columns=columns,
        sources=[rec["source"] for rec in records],  # interpret_rows gives every record one
        findings=[],
        n_slots=0,
        slots=_nothing,
        slot_record=[],
        slot_is_count=np.zeros(0, dtype=bool),
        slot_findings_before=[],
        guard_of=_NO_GUARDS,
        slot_filled=np.zeros(0, dtype=bool),
        slot_witness=np.zeros(0, dtype=bool),
        guard_size=_NO_GUARDS,
        witness_size=_NO_GUARDS,
        has_witness=np.zeros(0, dtype=bool),
        tolerant=np.zeros(0, dtype=bool),
    )
    return Part(t, "", first.get("agency"), first.get("year"), (), findings)


def records_frame(parts: Sequence[Part], *, threads: int = 1) -> pd.DataFrame:
    """One records DataFrame of the parts, in order: what ``make_records`` gives for their record
    dicts.

    Built column by column: a string column is taken from the string array of the few templates'
    values (no Python string per record), the figures of the value slots (:func:`settle` made
    them) put in place at once, the sources joined as Arrow strings (file + ``!Sheet!C5``).
    With ``threads`` > 1 (from :data:`_THREADED_RECORDS` records) the string columns are made in
    that many threads while this one makes the figures (Arrow's ``take`` and join let go of the
    GIL): for the many forms of ``read_forms(jobs=...)``.
    """
    arrays: dict[int, dict[str, np.ndarray]] = {}
    number: dict[int, int] = {}  # the templates, numbered in the order the parts first use them
    templates: list[Template] = []
    for part in parts:
        if id(part.template) not in number:
            number[id(part.template)] = len(templates)
            templates.append(part.template)
            arrays[id(part.template)] = _template_arrays(part.template)
    which = np.array([number[id(part.template)] for part in parts], dtype=np.intp)
    per = [arrays[id(part.template)] for part in parts]
    lengths = np.array([part.template.n for part in parts], dtype=np.intp)
    n = int(lengths.sum())
    part_of = np.repeat(np.arange(len(parts), dtype=np.intp), lengths)  # each record's part
    firsts = np.cumsum(lengths) - lengths
    starts = np.cumsum([0] + [t.n for t in templates])[:-1].astype(np.intp)
    # each record's place in the templates' records, one template after another
    in_templates = np.repeat(starts[which], lengths) + (np.arange(n) - np.repeat(firsts, lengths))

    def joined(name: str) -> np.ndarray:
        return np.concatenate([a[name] for a in per])

    def of_templates(name: str) -> Any:
        return strings(np.concatenate([arrays[id(t)][name] for t in templates])).take(in_templates)

    # the string columns: taken from the templates' strings (Arrow's take, and the sources' join,
    # let go of the GIL: with threads, they are made while this thread makes the figures)
    strings_of: dict[str, Callable[[], Any]] = {
        "source": lambda: _joined_strings(
            strings([p.file for p in parts]).take(part_of), of_templates("sources")
        ),
        **{c: partial(of_templates, c) for c in _STRING_COLUMNS},
        "agency": lambda: strings([p.agency for p in parts]).take(part_of),
        "form": lambda: strings([p.template.form for p in parts]).take(part_of),
        "base": lambda: strings([None]).take(np.zeros(n, dtype=np.intp)),
    }
    threaded = threads > 1 and n >= _THREADED_RECORDS
    with ThreadPoolExecutor(threads) if threaded else nullcontext() as pool:
        made = {c: pool.submit(make) for c, make in strings_of.items()} if pool else {}
        data: dict[str, Any] = {}
        years, missing = masked_parts([p.year for p in parts], "Int64")
        data["year"] = masked(years.repeat(lengths), missing.repeat(lengths), "Int64")
        counts, count_mask = joined("count"), joined("count_mask")
        values, value_mask = joined("value"), joined("value_mask")
        where = np.concatenate(
            [a["slot_record"] + start for a, start in zip(per, firsts, strict=True)]
        )
        if len(where):
            is_count = joined("slot_is_count")
            figures = np.concatenate([p.figures for p in parts])
            if len(figures) != len(where):
                raise ValueError("records_frame needs parts whose figures settle() has checked")
            filled = ~np.isnan(figures)
            whole = filled & is_count & (np.floor(figures) == figures)
            if whole.any() and np.abs(figures[whole]).max() >= 2.0**63:
                raise OverflowError("a count too large for the records' Int64 column")
            counts[where[whole]] = figures[whole].astype(np.int64)
            count_mask[where[whole]] = False
            amounts = filled & ~is_count
            values[where[amounts]] = figures[amounts]
            value_mask[where[amounts]] = False
        data["count"] = masked(counts, count_mask, "Int64")
        data["value"] = masked(values, value_mask, "Float64")
        data["approx"] = masked(joined("approx"), np.zeros(n, dtype=bool), "boolean")
        data["decimals"] = masked(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool), "Int64")
        for c, make in strings_of.items():
            data[c] = made[c].result() if made else make()
    return pd.DataFrame({c: data[c] for c in COLUMNS}, copy=False)


def _joined_strings(left: Any, right: Any) -> Any:
    """The string array of ``left[i] + right[i]`` (two string arrays, no missing values)."""
    if _ARROW_STRINGS:  # joined by Arrow: no Python string per record
        import pyarrow as pa
        import pyarrow.compute as pc

        left, right = pa.array(left), pa.array(right)
        both = pc.binary_join_element_wise(left, right, pa.scalar("", left.type))
        return pd.array(both, dtype=STRING)
    return strings(np.asarray(left, dtype=object) + np.asarray(right, dtype=object))


#: whether pandas stores the ``str`` dtype with pyarrow (it does when pyarrow is installed)
_ARROW_STRINGS = getattr(strings(["a"]).dtype, "storage", None) == "pyarrow"


def _object_array(values: Sequence[Any]) -> np.ndarray:
    """A 1-D object array of ``values``, each element as it is (a tuple stays one element;
    ``None`` stays ``None``, which :func:`~luzhou_disclosure._arrays.strings` reads as missing)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _template_arrays(t: Template) -> dict[str, np.ndarray]:
    out = {c: _object_array(t.columns[c]) for c in _STRING_COLUMNS}
    out["applicant"] = _object_array([TOTAL if v is None else v for v in t.columns["applicant"]])
    out["sources"] = _object_array(t.sources)
    out["approx"] = np.array([bool(v) for v in t.columns["approx"]], dtype=bool)
    out["count"], out["count_mask"] = masked_parts(t.columns["count"], "Int64")
    out["value"], out["value_mask"] = masked_parts(t.columns["value"], "Float64")
    out["slot_record"] = np.array(t.slot_record, dtype=np.intp)
    out["slot_is_count"] = t.slot_is_count
    return out
