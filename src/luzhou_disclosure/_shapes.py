"""Workbooks of a shape read before: python-calamine's reading of one, their own values.

Forms written by one program (a province's system, :func:`~luzhou_disclosure.write_form`) differ
only in the values of their cells: every other byte of their sheets is the same. For them
python-calamine's work is done once per shape: the second workbook of a shape is read by
calamine (a shape seen once may stay the only one), and what calamine made of each value in it
is checked against what this module makes of the same text; the next workbooks of the shape
take calamine's cells with their own values put in place,
which gives exactly what calamine gives (tests/test_shapes.py compares them cell by cell and type
by type). A workbook of any other shape, or one holding a value this module might read
otherwise than calamine, is read by calamine. Only ``read_forms`` asks for this
(:func:`luzhou_disclosure._xlsx.checked_workbook` with ``shapes``), and only for an .xlsx whose
sheets the limits check inflated whole (:mod:`luzhou_disclosure._limits`), after that check.

A kind of workbook: the parts other than the worksheets and ``docProps/`` (which calamine does not
read), as the archive lists them (name, CRC-32, size). Nothing is taken apart for the first of a
kind, nor for a kind whose workbooks are seldom read from a shape (:data:`_TRIES`).

A shape: the kind, and each worksheet's XML with every ``<v>`` element (a blank cell is the same
element without it) and the text of every ``<t>`` element (an inline string's) taken out. The
values put in place:

- a ``<v>`` in a cell of a kind (its start tag but the reference: type and style) where calamine
  read a number: the number, if its text is written with digits, ``.``, ``+``, ``-`` and ``e``
  alone (which Python and Rust read alike);
- a ``<t>`` where calamine read the cell's text: the text, if it holds no character reference
  other than ``&#…;`` (of a character XML holds, not a carriage return) and the five XML
  entities, no ``_xHHHH_`` escape, no carriage return, and no white space at either end (which
  calamine trims);
- any other value (a date, a shared string's number, a rich text) must be the text it is in the
  workbook calamine read, and be there.

The rows keep calamine's extent: a workbook whose values leave an edge row or column of the
sheet's used range empty (calamine would read a smaller grid) is read by calamine, as is one with
a value in a cell that is not a value's in the shape or outside its extent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import accumulate, compress, pairwise
from operator import ne, not_
from typing import Any, NamedTuple, cast

from python_calamine import SheetTypeEnum

from ._limits import column_index

#: the values of a sheet's XML: a cell's ``<v>`` (group 1) and an inline string's ``<t>`` (group 2)
_VALUE = re.compile(rb"<v>([^<]+)</v>|<t>([^<]+)</t>")
#: what a number is written with, which Python's ``float`` and Rust's (calamine's) read alike
_NUMERIC = b"0123456789.+-eE"
_CELL = re.compile(rb'<c\s(?:[^>]*?\s)?r="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>')
_REFERENCE_ATTRIBUTE = re.compile(rb'\sr="[^"]*"')
_SPACE = " \t\n\r"  # (calamine trims these from a text)
#: what XML holds as no text (and a carriage return, which it reads as a line feed)
_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")


class _Slot(NamedTuple):
    """A value of a shape: where it goes and how it is read."""

    row: int  # in the sheet's rows (from the first cell calamine reads)
    col: int
    is_number: bool  # a ``<v>`` (else a ``<t>``)
    text: bytes | None  # as in the workbook calamine read (None: blank there)
    value: Any  # what calamine read
    free: bool  # other texts are read here (else it must be ``text``)


class _Sheet(NamedTuple):
    cells: list[Any]  # calamine's cells, row after row, every number's cell blank
    bounds: tuple[tuple[int, int], ...]  # each row's first and end in ``cells``
    start: tuple[int, int] | None
    merged: Any
    numbers: dict[int, int]  # a number's place in ``cells``, by where it stands in the shape
    fixed_at: list[int]  # where the other ``<v>`` stand (calamine reads no number of them: a
    # date, a shared string), in order; their values are in ``cells``
    fixed_raws: list[bytes | None]  # and what they are in the workbook calamine read
    texts: dict[int, tuple[int, bool]]  # a text's place in ``cells`` and whether another is read
    # here (else it must be the text of ``text_raws``), by where it stands in the shape
    text_at: list[int]  # where the texts stand, in order
    text_raws: list[bytes | None]  # and what they are in the workbook calamine read
    slots: dict[int, _Slot]  # every value, by where it stands in the shape
    edges: tuple[frozenset[int], ...]  # values of which one must be there for each edge
    number_edges: tuple[frozenset[int], ...]  # the edges without a text or a fixed ``<v>``


class _Shape(NamedTuple):
    metadata: Any
    names: list[str]
    sheets: tuple[tuple[str, _Sheet], ...]  # by name, in the order of the worksheet parts


class _Kind:
    """What is known of the archives of one kind: the same parts but the worksheets."""

    __slots__ = ("shapes", "misses", "replays")

    def __init__(self) -> None:
        #: by the sheets' shapes: 1 (seen once), the shape learnt, or None (not read here)
        self.shapes: dict[tuple[bytes, ...], int | _Shape | None] = {}
        self.misses = self.replays = 0  # workbooks taken apart, not read / read from a shape


#: the kinds of archive seen, by their parts other than the worksheets
_kinds: dict[tuple, _Kind] = {}
#: kinds, and shapes of all kinds, remembered at most (then all are forgotten)
_MOST = 64
#: workbooks of a kind taken apart and not read from a shape before the kind is no longer
#: taken apart, unless one in five of those taken apart was (forms of one Excel template whose
#: every shape differs: Excel writes a blank cell as another element than a filled one; taking
#: them apart and learning each shape would cost more than it saves)
_TRIES = 32


def clear() -> None:
    """Forget every shape."""
    _kinds.clear()


class Shaped(NamedTuple):
    """A checked workbook's sheets taken apart: its parts' shape, each worksheet's shape, values."""

    parts: tuple
    members: tuple[bytes, ...]
    skeletons: tuple[bytes, ...]
    pieces: tuple[list[bytes | None], ...]


def take_apart(parts: Mapping[bytes, Any], sheets: Mapping[bytes, bytes]) -> Shaped | None:
    """The shape and values of an archive whose worksheets ``sheets`` (XML, by part name) were
    inflated; None the first time its kind is seen (the shape is only worth learning for the
    second workbook of its kind), or for a kind whose workbooks are not read from a shape."""
    key = tuple(
        (name, p.crc, p.usize)
        for name, p in parts.items()
        if name not in sheets and not name.startswith(b"docProps/")
    )
    kind = _kinds.get(key)
    if kind is None:
        if len(_kinds) >= _MOST:
            clear()
        _kinds[key] = _Kind()
        return None
    if kind.misses >= _TRIES and kind.misses > 4 * kind.replays:
        return None
    members = tuple(sheets)
    pieces = tuple(_VALUE.split(sheets[m]) for m in members)
    return Shaped(key, members, tuple(b"".join(p[0::3]) for p in pieces), pieces)


def replayed(shaped: Shaped) -> Any | None:
    """A workbook of a shape learned, read as calamine reads it (None: calamine must read it)."""
    kind = _kinds.get(shaped.parts)
    if kind is None:
        return None
    shape = kind.shapes.get(shaped.skeletons)
    if shape.__class__ is _Shape:
        sheets = {}
        for (name, sheet), pieces in zip(shape.sheets, shaped.pieces, strict=True):
            cells = _cells(sheet, pieces)
            if cells is None:
                break
            sheets[name] = _Replayed(cells, sheet)
        else:
            kind.replays += 1
            return _Book(shape.metadata, shape.names, sheets)
    kind.misses += 1
    return None


def learn(shaped: Shaped, book: Any, names: Callable[[], Mapping[bytes, str]]) -> None:
    """Learn the shape of ``shaped`` from calamine's reading ``book`` of it (``names()``: each
    worksheet part's sheet name) the second time it is seen (a shape seen once may be the only
    one of its kind: learning it costs about as much as reading the workbook again), for the
    next workbooks of the shape, if every value of it is one read here as calamine reads it."""
    kind = _kinds.get(shaped.parts)
    if kind is None:
        return
    seen = kind.shapes.get(shaped.skeletons, 0)
    if seen.__class__ is not int:
        return  # learnt
    if sum(len(k.shapes) for k in _kinds.values()) >= _MOST:
        for k in _kinds.values():
            k.shapes.clear()
    kind.shapes[shaped.skeletons] = _learned(shaped, book, names()) if seen else 1


def _learned(shaped: Shaped, book: Any, names: Mapping[bytes, str]) -> _Shape | None:
    read = []
    for member, pieces in zip(shaped.members, shaped.pieces, strict=True):
        name = names.get(member)
        if name is None:
            return None
        try:
            found = book.get_sheet_by_name(name)
            rows, start = found.to_python(skip_empty_area=True), found.start
            merged = found.merged_cell_ranges
        except Exception:
            return None
        values = _values(rows, start, pieces)
        if values is None:
            return None
        read.append((name, rows, start, merged, pieces, *values))
    worksheets = {s.name for s in book.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet}
    if not worksheets <= {name for name, *_ in read}:
        return None
    # the kinds of cell where calamine read a number, in any sheet (their styles are the
    # workbook's)
    number_kinds = set().union(*(kinds for *_, kinds in read))
    sheets = []
    for name, rows, start, merged, pieces, slots, _ in read:
        sheet = _sheet(rows, start, merged, pieces, slots, number_kinds)
        cells = None if sheet is None else _cells(sheet, pieces)
        if sheet is None or cells is None or _Replayed(cells, sheet).to_python() != rows:
            return None  # (read again here, the workbook must give calamine's rows)
        sheets.append((name, sheet))
    return _Shape(book.sheets_metadata, book.sheet_names, tuple(sheets))


def _values(
    rows: list[list[Any]], start: Any, pieces: list
) -> tuple[dict[int, _Slot], set[bytes]] | None:
    """The values of a sheet (by where they stand in its shape) from calamine's ``rows`` of it
    and its XML's ``pieces``, and the kinds of cell where calamine read a number."""
    skeleton = b"".join(pieces[0::3])
    top, left = start or (0, 0)
    slots: dict[int, _Slot] = {}
    cells: set[tuple[int, int]] = set()
    number_kinds = set()
    at = 0
    # (one piece more than values: the XML after the last one)
    for fixed, number, text in zip(pieces[0::3], pieces[1::3], pieces[2::3], strict=False):
        at += len(fixed)
        opened = skeleton.rfind(b"<c ", 0, at)
        cell = _CELL.match(skeleton, opened) if opened >= 0 else None
        if cell is None or cell.end() > at or skeleton.find(b"</c>", opened, at) >= 0:
            return None  # a value outside a cell
        if at in slots:
            return None  # two values in one place
        r, c = int(cell[2]) - 1 - top, column_index(cell[1]) - left
        if (r, c) in cells or not (0 <= r < len(rows) and 0 <= c < len(rows[r])):
            return None  # two values in one cell (rich text), or outside calamine's rows
        cells.add((r, c))
        raw = number if number is not None else text
        value = rows[r][c]
        free = (
            value.__class__ is float and _read_number(raw) == value
            if number is not None
            else value.__class__ is str and _read_text(raw) == value
        )
        slots[at] = _Slot(r, c, number is not None, raw, value, free)
        if free and number is not None and at == cell.end():
            number_kinds.add(_kind(cell[0]))
    return slots, number_kinds


def _sheet(
    rows: list[list[Any]],
    start: Any,
    merged: Any,
    pieces: list,
    slots: dict[int, _Slot],
    number_kinds: set[bytes],
) -> _Sheet | None:
    """A sheet's shape: its ``slots`` (:func:`_values`) and the cells blank in it where a number
    may stand (of a kind where calamine read numbers)."""
    skeleton = b"".join(pieces[0::3])
    top, left = start or (0, 0)
    slots = dict(slots)
    # a cell blank here (``<c r="B3" s="4"></c>``) of a kind where calamine read numbers: a
    # number in another workbook of the shape
    for cell in _CELL.finditer(skeleton):
        r, c = int(cell[2]) - 1 - top, column_index(cell[1]) - left
        if (
            cell.end() not in slots
            and skeleton.startswith(b"</c>", cell.end())
            and _kind(cell[0]) in number_kinds
            and 0 <= r < len(rows)
            and 0 <= c < len(rows[r])
        ):
            slots[cell.end()] = _Slot(r, c, True, None, None, True)
    cells_of = [list(row) for row in rows]
    for slot in slots.values():
        if slot.is_number and slot.free:
            cells_of[slot.row][slot.col] = ""
    edges = []
    if rows:
        lines = (
            [(0, c) for c in range(len(rows[0]))],
            [(len(rows) - 1, c) for c in range(len(rows[-1]))],
            [(r, 0) for r in range(len(rows))],
            [(r, len(rows[r]) - 1) for r in range(len(rows))],
        )
        at_cell = {(s.row, s.col): a for a, s in slots.items()}
        for line in lines:
            if any(rc not in at_cell and cells_of[rc[0]][rc[1]] != "" for rc in line):
                continue  # a cell that is no value holds the edge
            edge = frozenset(at_cell[rc] for rc in line if rc in at_cell)
            if not edge:
                return None
            edges.append(edge)
    firsts = list(accumulate((len(row) for row in rows), initial=0))
    texts = {at: s for at, s in slots.items() if not s.is_number}
    fixed = {at: s for at, s in slots.items() if s.is_number and not s.free}
    held = set(texts).union(at for at, s in fixed.items() if s.value != "")
    return _Sheet(
        cells=[cell for row in cells_of for cell in row],
        bounds=tuple(pairwise(firsts)),
        start=start,
        merged=merged,
        numbers={at: firsts[s.row] + s.col for at, s in slots.items() if s.is_number and s.free},
        fixed_at=list(fixed),
        fixed_raws=[s.text for s in fixed.values()],
        texts={at: (firsts[s.row] + s.col, s.free) for at, s in texts.items()},
        text_at=list(texts),
        text_raws=[s.text for s in texts.values()],
        slots=slots,
        edges=tuple(edges),
        number_edges=tuple(e for e in edges if e.isdisjoint(held)),
    )


def _cells(sheet: _Sheet, pieces: list) -> list[Any] | None:
    """The cells of a sheet of the shape ``sheet``, row after row, with the values of ``pieces``,
    as calamine would read them; None where it might not.

    The usual workbook (every text of the shape there, each number plain where calamine read
    numbers) is put together by whole lists; any other is looked at value by value."""
    fixed, numbers, texts = pieces[0::3], pieces[1::3], pieces[2::3]
    if b"" in fixed[1:-1]:
        return None  # two values side by side: not one cell's value each
    at = list(accumulate(map(len, fixed)))
    number_at = list(compress(at, numbers))  # (a value is never empty: _VALUE)
    text_at = list(compress(at, texts))
    if text_at != sheet.text_at:
        return _cells_one_by_one(sheet, at, numbers, texts)
    number_texts = list(filter(None, numbers))
    where = list(map(sheet.numbers.get, number_at))
    if sheet.fixed_at:  # values calamine reads as no number: each as in the shape, all there
        plain = list(map(sheet.numbers.__contains__, number_at))
        if (
            list(compress(number_at, map(not_, plain))) != sheet.fixed_at
            or list(compress(number_texts, map(not_, plain))) != sheet.fixed_raws
        ):
            return _cells_one_by_one(sheet, at, numbers, texts)
        where = list(compress(where, plain))
        number_texts = list(compress(number_texts, plain))
    elif None in where:
        return _cells_one_by_one(sheet, at, numbers, texts)  # a number where the shape has none
    if b"".join(number_texts).translate(None, _NUMERIC):
        return _cells_one_by_one(sheet, at, numbers, texts)
    try:
        values = list(map(float, number_texts))
    except ValueError:
        return None
    cells = sheet.cells[:]
    for i, value in zip(cast("list[int]", where), values, strict=True):
        cells[i] = value
    raws = list(filter(None, texts))
    if raws != sheet.text_raws:
        for k in compress(range(len(raws)), map(ne, raws, sheet.text_raws)):
            i, free = sheet.texts[text_at[k]]
            text = _read_text(raws[k]) if free else None
            if text is None:
                return None
            cells[i] = text
    if sheet.number_edges:  # (each edge with a text is held by it: every text is there)
        filled = set(number_at)
        if any(edge.isdisjoint(filled) for edge in sheet.number_edges):
            return None  # an edge of the used range left empty: calamine reads fewer cells
    return cells


def _cells_one_by_one(sheet: _Sheet, at: list[int], numbers: list, texts: list) -> list[Any] | None:
    """:func:`_cells` for any workbook of the shape, value by value."""
    rows = [sheet.cells[a:b] for a, b in sheet.bounds]
    for slot in sheet.slots.values():  # the values of the shape not there are blank
        rows[slot.row][slot.col] = ""
    filled = set()
    for where, number, text in zip(at, numbers, texts, strict=False):  # (at: one more)
        found = sheet.slots.get(where)
        if found is None or (number is not None) != found.is_number:
            return None  # a value where the shape has none, or a number where it has a text
        slot = found
        raw = number if number is not None else text
        value: Any
        if raw == slot.text:
            value = slot.value
        elif not slot.free:
            return None
        else:
            value = _read_number(raw) if number is not None else _read_text(raw)
            if value is None:
                return None
        rows[slot.row][slot.col] = value
        if value != "":
            filled.add(where)
    if any(edge.isdisjoint(filled) for edge in sheet.edges):
        return None  # an edge of the used range left empty: calamine reads fewer cells
    return [cell for row in rows for cell in row]


def _kind(tag: bytes) -> bytes:
    """A cell's kind: its start tag without its reference (its type, style and any other
    attribute, in their order)."""
    return _REFERENCE_ATTRIBUTE.sub(b"", tag, 1)


def _read_number(raw: bytes | None) -> float | None:
    """A ``<v>``'s number as calamine reads it, or None when it might read it otherwise: written
    with digits, ``.``, ``+``, ``-`` and ``e`` alone, a number's text reads the same in Python
    and in Rust (one grammar, each rounded correctly)."""
    if not raw or raw.translate(None, _NUMERIC):
        return None
    try:
        return float(raw)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _read_text(raw: bytes) -> str | None:
    """An inline string's text as calamine reads it, or None when it might read it otherwise
    (remembered: a form's title stands on each of its sheets)."""
    if b"_" in raw or _CONTROL.search(raw) is not None:
        return None  # an escape (``_x000D_``), a character XML holds not, a carriage return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "&" in text:
        unescaped = _unescaped(text)
        if unescaped is None:
            return None
        text = unescaped
    if not text or text[0] in _SPACE or text[-1] in _SPACE:
        return None  # (calamine trims these, written or referred to: ``&#32;``)
    return text


def _unescaped(text: str) -> str | None:
    """``text`` with its references replaced; None for one XML holds no text of."""
    first, *rest = text.split("&")
    out = [first]
    for piece in rest:
        name, semicolon, after = piece.partition(";")
        if not semicolon:
            return None
        if name[:2] == "#x" and 3 <= len(name) <= 8 and _HEX.fullmatch(name, 2):
            code = int(name[2:], 16)
        elif name[:1] == "#" and 2 <= len(name) <= 8 and name[1:].isascii() and name[1:].isdigit():
            code = int(name[1:])
        elif name in _ENTITIES:
            out += (_ENTITIES[name], after)
            continue
        else:
            return None
        if not (
            code in (0x9, 0xA)
            or 0x20 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF
        ):
            return None  # no character XML holds as text (or a carriage return)
        out += (chr(code), after)
    return "".join(out)


_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_HEX = re.compile("[0-9A-Fa-f]+")


class _Replayed:
    """A sheet read from its shape: what :func:`luzhou_disclosure._xlsx.sheet_rows` and
    :func:`~luzhou_disclosure._xlsx.merged_cells` ask of a python-calamine sheet."""

    __slots__ = ("cells", "bounds", "start", "merged_cell_ranges")

    def __init__(self, cells: list[Any], sheet: _Sheet) -> None:
        self.cells, self.bounds = cells, sheet.bounds
        self.start, self.merged_cell_ranges = sheet.start, sheet.merged

    def to_python(self, skip_empty_area: bool = True, nrows: int | None = None) -> list:
        """The rows (new lists each time, as calamine gives them: a reader may change them)."""
        cells = self.cells
        return [cells[a:b] for a, b in self.bounds[:nrows]]


class _Book:
    """A workbook read from its shape: what the readers ask of a python-calamine workbook."""

    def __init__(self, metadata: Any, names: list[str], sheets: dict[str, _Replayed]) -> None:
        self.sheets_metadata, self.sheet_names, self.sheets = metadata, names, sheets

    def get_sheet_by_name(self, name: str) -> _Replayed:
        return self.sheets[name]
