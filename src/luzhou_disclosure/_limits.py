"""The limits of the workbooks read, checked before python-calamine opens one.

python-calamine builds a sheet as one grid from its first to its last cell holding a value, 32
bytes a cell, and reads an .ods or .xls whole when it opens it. A workbook of a few KB with one
value at XFD1048576 asks for a grid of 2^34 cells and the process aborts; a zip bomb of a few MB
expanding to a million-row sheet runs for minutes into ``MemoryError``. So every workbook is
checked first, cheaply, and refused with a :class:`~luzhou_disclosure.errors.WorkbookTooLargeError`
naming the file (and the sheet) beyond these limits (the README states them):

- the file itself: at most :data:`MAX_FILE_BYTES`;
- .xlsx, .xlsm and .ods (zip archives): every part declares at most :data:`MAX_PART_BYTES`
  uncompressed and all together at most :data:`MAX_TOTAL_BYTES` (the declared sizes are read from
  the archive's directory; calamine refuses a part that holds more than it declares);
- every sheet: at most :data:`MAX_CELLS` cells from its first to its last cell holding a value
  (rows × columns). For .xlsx the cell references are read from the sheet's XML, streamed from
  the archive a megabyte at a time (a sheet whose cells are all within A1:Z99999 is accepted after
  one pass of one regular expression); for .ods the tables of ``content.xml``, repeated rows and
  cells counted; for .xls the cell records of the workbook stream.

Under these limits reading a workbook takes at most a few hundred MB (README: Limits).
"""

from __future__ import annotations

import html
import io
import os
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from typing import NamedTuple, TypedDict
from xml.parsers import expat

from .errors import InputFileError, WorkbookTooLargeError

#: the largest workbook file read
MAX_FILE_BYTES = 200 * 2**20
#: the largest part of an .xlsx/.ods archive (a sheet's XML, the shared strings), uncompressed
MAX_PART_BYTES = 256 * 2**20
#: all parts of an .xlsx/.ods archive together, uncompressed
MAX_TOTAL_BYTES = 1024 * 2**20
#: the most cells of a sheet's used range (first to last cell holding a value, rows × columns)
MAX_CELLS = 5_000_000

_CHUNK = 1 << 20  # bytes of XML scanned at a time
_SMALL = 1 << 16  # parts of at most this many bytes compressed are inflated at once
_READ_WHOLE = 16 << 20  # files up to this size are read at once, larger ones mapped


def check_workbook(
    path: str, hidden: dict[str, list] | None = None, inflated: list | None = None
) -> io.BytesIO | None:
    """Refuse a workbook beyond the limits; return quietly for anything else.

    A file that cannot be read, or is not what its suffix says, is left for python-calamine to
    explain: only what calamine would read is checked. For a small .xlsx the sheets the check
    inflated are handed on: the workbook returned holds them stored, so that calamine reads it
    without inflating them a second time (``None``: calamine reads the file).

    ``hidden``, if given, receives the cells that python-calamine reads as blank though they are
    not, by sheet name, as ``(row, column, text)``: in an .xlsx error values and formulas never
    calculated (:func:`xlsx_hidden_cells`), in an .xls and an .ods error values (``#DIV/0!``,
    ``#N/A``, LibreOffice's ``Err:502``), which calamine gives as empty cells.

    ``inflated``, if given, receives for a small .xlsx (every worksheet inflated in one piece) its
    parts (by name, as the archive's directory lists them), its worksheets' XML (by part name) and
    a function giving their sheet names (by part name): what :mod:`luzhou_disclosure._shapes`
    takes a workbook's shape from.
    """
    try:
        return _check_workbook(path, hidden, inflated)
    except (struct.error, IndexError) as exc:  # a structure that ends before it says it does
        raise InputFileError(
            path, f"the workbook is damaged: its structure cannot be read ({exc})"
        ) from exc


def _check_workbook(
    path: str, hidden: dict[str, list] | None, inflated: list | None
) -> io.BytesIO | None:
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise WorkbookTooLargeError(
                    path,
                    f"the file has {size:,} bytes; workbooks of at most {MAX_FILE_BYTES:,} are "
                    "read",
                )
            data = fh.read() if size <= _READ_WHOLE else _map(fh)
    except (OSError, ValueError):
        return None
    if data[:4] == b"PK\x03\x04":
        parts = _zip_parts(path, data)
        if b"xl/workbook.xml" in parts:
            sheets: dict[bytes, bytes | None] = {}
            for member in _xlsx_sheets(path, data, parts):
                whole = _small(path, "a worksheet", data, parts[member])
                try:
                    used = _xlsx_range(path, data, parts[member], whole)
                except _TooLarge as exc:
                    used = exc.used
                if used is not None and used.cells > MAX_CELLS:
                    _check_range(path, _sheet_name(path, data, parts, member), used)
                if hidden is not None:
                    cells = xlsx_hidden_cells(path, data, parts[member], whole)
                    if cells:
                        hidden[_sheet_name(path, data, parts, member)] = cells
                sheets[member] = whole
            whole_parts = {m: b for m, b in sheets.items() if b is not None}
            if isinstance(data, bytes) and len(whole_parts) == len(sheets):  # none too large
                if inflated is not None and whole_parts:
                    inflated += (
                        parts,
                        whole_parts,
                        lambda: {m: _sheet_name(path, data, parts, m) for m in whole_parts},
                    )
                return _stored(path, data, parts, whole_parts)
        elif b"content.xml" in parts:
            for name, used in _ods_ranges(path, data, parts[b"content.xml"], hidden=hidden):
                _check_range(path, name, used)
    elif data[:8] == _OLE and os.path.splitext(path)[1].lower() == ".xls":
        for name, used in _xls_ranges(data, hidden):
            _check_range(path, name, used)
    return None


def _map(fh):
    import mmap

    return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


# --- the used range ---------------------------------------------------------------------------


class _Range:
    """First and last row and column (0-based) of the cells holding a value."""

    __slots__ = ("top", "left", "bottom", "right")

    def __init__(self) -> None:
        self.top = self.left = 1 << 40
        self.bottom = self.right = -1

    def add(self, top: int, left: int, bottom: int, right: int) -> None:
        self.top, self.left = min(self.top, top), min(self.left, left)
        self.bottom, self.right = max(self.bottom, bottom), max(self.right, right)

    @property
    def cells(self) -> int:
        if self.bottom < 0:
            return 0
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)

    def ref(self) -> str:
        from ._xlsx import cell_ref

        return f"{cell_ref(self.top, self.left)}:{cell_ref(self.bottom, self.right)}"


def _check_range(path: str, sheet: str, used: _Range) -> None:
    if used.cells > MAX_CELLS:
        raise WorkbookTooLargeError(
            path,
            f"sheet {sheet!r}: its used range {used.ref()} spans {used.cells:,} cells (rows × "
            f"columns from the first to the last cell holding a value); sheets of at most "
            f"{MAX_CELLS:,} cells are read. A stray value far below or right of the tables does "
            "this: delete the rows and columns beyond them",
            sheet=sheet,
        )


class _TooLarge(Exception):
    """A range found too large before the end of its sheet (a zip bomb): scanning stops."""

    def __init__(self, used: _Range) -> None:
        self.used = used


def _too_large_early(used: _Range) -> None:
    if used.cells > MAX_CELLS:
        raise _TooLarge(used)


# --- the zip archive --------------------------------------------------------------------------

_EOCD = b"PK\x05\x06"


class _Part(NamedTuple):
    """A part of a zip archive as its central directory lists it."""

    method: int
    csize: int  # compressed
    usize: int  # uncompressed, as declared
    local: int  # offset of its local header
    flags: int
    crc: int
    time: int
    date: int
    entry: int = 0  # where its entry in the central directory starts
    entry_end: int = 0  # and ends


class _Parts(dict[bytes, _Part]):
    """The parts of a zip archive by name, in the order of its central directory; ``start``:
    where the directory starts, ``shift``: the bytes before the archive (as the zip crate allows),
    both None if the directory is damaged."""

    start: int | None = None
    shift: int | None = None


_CENTRAL = struct.Struct("<4s4xHHHHIIIHHH8xI")  # one entry of the central directory
_LOCAL = struct.Struct("<IHHHHHIIIHH")  # a local header, as written again
_ENTRY = struct.Struct("<IHHHHHHIIIHHHHHII")  # an entry of the central directory, as written


def _zip_parts(path: str, data) -> _Parts:
    """Every part of a zip archive by name, its declared size checked against the limits."""
    parts = _Parts()
    end = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if end < 0:
        return parts  # not a readable zip: calamine says so
    count, size, offset = struct.unpack_from("<HII", data, end + 10)
    shift = max(0, end - (offset + size))  # bytes before the archive (as the zip crate allows)
    total = 0
    pos = offset + shift
    unpack = _CENTRAL.unpack_from
    try:
        for _ in range(count):
            sig, flags, method, time, date, crc, csize, usize, nlen, xlen, clen, local = unpack(
                data, pos
            )
            if sig != b"PK\x01\x02":
                break
            name = data[pos + 46 : pos + 46 + nlen]
            if usize == 0xFFFFFFFF or csize == 0xFFFFFFFF or local == 0xFFFFFFFF:
                usize, csize, local = _zip64(data, pos + 46 + nlen, xlen, usize, csize, local)
            entry, pos = pos, pos + 46 + nlen + xlen + clen
            total += usize
            if usize > MAX_PART_BYTES or name in parts:
                _bad_part(path, name, usize)
            parts[name] = _Part(
                method, csize, usize, local + shift, flags, crc, time, date, entry, pos
            )
    except struct.error:
        return parts  # a damaged directory: calamine says so
    if len(parts) == count:
        parts.start, parts.shift = offset + shift, shift
    if total > MAX_TOTAL_BYTES:
        raise WorkbookTooLargeError(
            path,
            f"its parts declare {total:,} bytes uncompressed; workbooks of at most "
            f"{MAX_TOTAL_BYTES:,} are read",
        )
    return parts


def _bad_part(path: str, name: bytes, usize: int) -> None:
    shown = name.decode("utf-8", "replace")
    if usize > MAX_PART_BYTES:
        raise WorkbookTooLargeError(
            path,
            f"part {shown} declares {usize:,} bytes uncompressed; parts of at most "
            f"{MAX_PART_BYTES:,} are read",
        )
    raise InputFileError(path, f"the archive holds part {shown} twice (a corrupt or hostile file)")


def _stored(
    path: str, data: bytes, parts: _Parts, inflated: dict[bytes, bytes]
) -> io.BytesIO | None:
    """The archive again, with the parts of ``inflated`` stored uncompressed: the archive's bytes
    up to its central directory as they are, then those parts stored, then the directory, its
    entries of the other parts as they are (None: a damaged directory; calamine reads the file).

    The parts inflated stand in the archive twice, compressed where they were (no entry names
    those bytes any more) and stored after them."""
    if parts.start is None or parts.shift is None:
        return None
    shift = parts.shift
    out = [data[shift : parts.start]]
    offset = parts.start - shift  # the offsets of the archive, not of the file
    directory: list[bytes] = []
    for name, p in parts.items():
        body = inflated.get(name)
        if body is None:
            if data[p.local : p.local + 4] != b"PK\x03\x04":
                shown = name.decode("utf-8", "replace")
                raise InputFileError(
                    path, f"the workbook is damaged: part {shown} is not where its directory says"
                )
            directory.append(data[p.entry : p.entry_end])
            continue
        if p.flags & 1:
            return None  # encrypted: calamine reads (or refuses) the file
        flags = p.flags & 0x0800  # names in UTF-8; the sizes are in the header, not after the data
        size, nlen = len(body), len(name)
        out += (
            _LOCAL.pack(0x04034B50, 20, flags, 0, p.time, p.date, p.crc, size, p.usize, nlen, 0),
            name,
            body,
        )
        directory += (
            _ENTRY.pack(0x02014B50, 20, 20, flags, 0, p.time, p.date, p.crc, size, p.usize,
                        nlen, 0, 0, 0, 0, 0, offset),
            name,
        )  # fmt: skip
        offset += 30 + nlen + size
    listing = b"".join(directory)
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(listing), offset, 0
    )
    out += (listing, end)
    return io.BytesIO(b"".join(out))


def _zip64(data, pos: int, length: int, usize: int, csize: int, local: int):
    """The sizes and offset that a zip64 extra field holds in place of 0xFFFFFFFF."""
    end = pos + length
    while pos + 4 <= end:
        tag, size = struct.unpack_from("<HH", data, pos)
        if tag == 1:
            fields = iter(struct.unpack_from(f"<{size // 8}Q", data, pos + 4))
            usize = next(fields, usize) if usize == 0xFFFFFFFF else usize
            csize = next(fields, csize) if csize == 0xFFFFFFFF else csize
            local = next(fields, local) if local == 0xFFFFFFFF else local
            break
        pos += 4 + size
    return usize, csize, local


def _local_header(path: str, what: str, data, local: int) -> tuple[int, int]:
    """The lengths of the name and extra field in a part's local header."""
    if data[local : local + 4] != b"PK\x03\x04":
        raise InputFileError(path, f"{what} is not where the archive says (a corrupt file)")
    return struct.unpack_from("<HH", data, local + 26)


def _small(path: str, what: str, data, part: _Part) -> bytes | None:
    """The uncompressed bytes of a small part in one piece (None for a larger one)."""
    method, csize, usize, local = part[:4]
    if method != 8 or csize > _SMALL or usize > _CHUNK:
        return None
    nlen, xlen = _local_header(path, what, data, local)
    start = local + 30 + nlen + xlen
    try:  # at most 64 KB compressed: at most 64 MB inflated, whatever it declares
        out = zlib.decompress(data[start : start + csize], -15, usize or 1)
    except zlib.error as exc:
        raise InputFileError(path, f"{what} is corrupt: {exc}") from None
    if len(out) > usize:
        raise InputFileError(
            path,
            f"{what} holds more than the {usize:,} bytes it declares (a corrupt or hostile file)",
        )
    return out


def _inflate(path: str, what: str, data, part: _Part) -> Iterator[bytes]:
    """The uncompressed bytes of a part, a megabyte at a time; never more than it declares."""
    method, csize, usize, local = part[:4]
    nlen, xlen = _local_header(path, what, data, local)
    start = local + 30 + nlen + xlen
    raw = memoryview(data)[start : start + csize]
    if method == 0:
        for i in range(0, min(csize, usize), _CHUNK):
            yield bytes(raw[i : i + _CHUNK])
        return
    if method != 8:
        return  # a method calamine does not read either: it says so
    inflater = zlib.decompressobj(-15)
    produced = 0
    pos = 0
    try:
        while True:
            if inflater.unconsumed_tail:
                out = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
            elif pos < csize and not inflater.eof:
                out = inflater.decompress(raw[pos : pos + _CHUNK], _CHUNK)
                pos += _CHUNK
            else:
                return
            produced += len(out)
            if produced > usize:
                raise InputFileError(
                    path,
                    f"{what} holds more than the {usize:,} bytes it declares (a corrupt or "
                    "hostile file)",
                )
            if out:
                yield out
    except zlib.error as exc:
        raise InputFileError(path, f"{what} is corrupt: {exc}") from None


# --- .xlsx ------------------------------------------------------------------------------------

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
#: the target of a relationship to a worksheet, whatever the order of the attributes
_TARGET = re.compile(rb"""\bTarget\s*=\s*["']([^"']*)""")
_RELS = b"xl/_rels/workbook.xml.rels"


def _xlsx_sheets(path: str, data, parts) -> list[bytes]:
    """Every worksheet part: those the workbook's relationships name, found as calamine finds
    them, and any other under ``xl/worksheets/``.

    Remembered for the relationships' compressed bytes and the archive's part names (the forms
    of one writer share them): the same bytes inflate to the same relationships."""
    rels = parts.get(_RELS)
    if rels is None or rels.csize > _SMALL:
        return _worksheet_parts(path, data, parts)
    nlen, xlen = _local_header(path, _RELS.decode(), data, rels.local)
    start = rels.local + 30 + nlen + xlen
    key = (rels.method, rels.usize, bytes(data[start : start + rels.csize]), tuple(parts))
    found = _SHEETS_OF.get(key)
    if found is None:
        found = _worksheet_parts(path, data, parts)
        if len(_SHEETS_OF) >= 64:
            _SHEETS_OF.clear()
        _SHEETS_OF[key] = found
    return found


#: the worksheet parts of an archive, by what :func:`_xlsx_sheets` reads them from
_SHEETS_OF: dict[tuple, list[bytes]] = {}


def _worksheet_parts(path: str, data, parts) -> list[bytes]:
    sheets = {m for m in parts if m.startswith(b"xl/worksheets/") and m.endswith(b".xml")}
    if _RELS not in parts:
        return sorted(sheets)
    rels = _small(path, "xl/_rels/workbook.xml.rels", data, parts[_RELS])
    if rels is None:
        rels = b"".join(_inflate(path, "xl/_rels/workbook.xml.rels", data, parts[_RELS]))
    for tag in _RELATION.findall(rels):
        if b"/worksheet" in tag:
            target = _TARGET.search(tag)
            if target:
                name = target[1]
                if b"&" in name:
                    name = html.unescape(name.decode("utf-8", "replace")).encode()
                sheets.update(m for m in _resolve(name) if m in parts)
    return sorted(sheets)


def _sheet_name(path: str, data, parts, member: bytes) -> str:
    """The name the workbook gives the worksheet in ``member`` (its part name if none)."""

    def attrs(text: bytes) -> dict[bytes, bytes]:
        return {
            m[1].split(b":")[-1]: m[2] if m[2] is not None else m[3] for m in _ATTR.finditer(text)
        }

    def part(name: bytes) -> bytes:
        return b"".join(_inflate(path, name.decode(), data, parts[name])) if name in parts else b""

    ids = {
        a[b"Id"]
        for a in map(attrs, _RELATION.findall(part(_RELS)))
        if b"Id" in a and member in _resolve(html.unescape(a.get(b"Target", b"").decode()).encode())
    }
    for a in map(attrs, _SHEET.findall(part(b"xl/workbook.xml"))):
        if a.get(b"id") in ids and b"name" in a:
            return html.unescape(a[b"name"].decode("utf-8", "replace"))
    return member.decode("utf-8", "replace")


def _resolve(target: bytes) -> set[bytes]:
    """A relationship target → the part it names: as calamine takes it (relative to ``xl/``
    unless it starts with ``/`` or ``xl/``) and with ``..`` resolved."""
    target = target.replace(b"\\", b"/")
    if target.startswith(b"/"):
        path = target[1:]
    elif target.startswith(b"xl/"):
        path = target
    else:
        path = b"xl/" + target
    if b"." not in path.replace(b".xml", b""):
        return {path}
    out: list[bytes] = []
    for piece in path.split(b"/"):
        if piece == b"..":
            if out:
                out.pop()
        elif piece not in (b"", b"."):
            out.append(piece)
    return {path, b"/".join(out)}


#: a cell other than ``<c r="A1"`` (one letter, at most five digits): right of column Z, below
#: row 99999, without a reference, another attribute first, or with a namespace prefix
#: (``c`` found first, then what precedes it: the fastest way through a sheet's XML; the usual
#: reference looked for before the next letter, which rules out fewer)
_UNUSUAL_CELL = re.compile(rb'c(?<=[<:]c)(?! r="[A-Z][1-9][0-9]{0,4}")(?![A-Za-z])')
#: the same in a sheet whose elements have no namespace prefix
_UNUSUAL_UNPREFIXED_CELL = re.compile(rb'<c(?! r="[A-Z][1-9][0-9]{0,4}")(?![A-Za-z])')
#: a cell other than ``<c r="…"``, the reference first
_UNREFERENCED_CELL = re.compile(rb'c(?<=[<:]c)(?![A-Za-z])(?! r="[A-Z]{1,3}[0-9]{1,7}")')
_ROW_OF_CELL = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_COLUMN_OF_CELL = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
#: a cell without a value, which calamine skips (``<c r="XFD1" s="3"/>``: only formatted)
_EMPTY_CELL = re.compile(rb'<c r="[^"]*"[^>]*/>')


def _xlsx_range(path: str, data, part: _Part, whole: bytes | None = None) -> _Range | None:
    """The used range of a worksheet from its XML (``None``: within A1:Z99999, small enough);
    :class:`_TooLarge` as soon as it is too large. ``whole``: the XML, when already inflated."""
    what = "a worksheet"
    if whole is not None and _usual_cells(whole):
        return None
    if whole is None and all(
        _UNUSUAL_CELL.search(text) is None for text in _tags(_inflate(path, what, data, part))
    ):
        return None
    used = _Range()
    for text in _tags(_inflate(path, what, data, part)):
        if _UNREFERENCED_CELL.search(text) is not None:
            return _expat_range(path, data, part)
        if b"/>" in text:
            text = _EMPTY_CELL.sub(b"", text)
        rows = list(map(int, _ROW_OF_CELL.findall(text)))
        if rows:
            columns = [column_index(c) for c in set(_COLUMN_OF_CELL.findall(text))]
            used.add(min(rows) - 1, min(columns), max(rows) - 1, max(columns))
            _too_large_early(used)
    return used


def _usual_cells(text: bytes) -> bool:
    """Whether every cell of the worksheet XML ``text`` is written ``<c r="A1"`` (one letter, at
    most five digits). When no ``:`` stands from the first mention of ``sheetData`` to its last
    end tag (one ``memchr``), no element there has a namespace prefix, and a search for ``<c``
    there (cheaper than for ``c``, the way of :data:`_UNUSUAL_CELL`) finds every cell calamine
    reads; a sheet with prefixes there (Excel's ``x14ac:dyDescent`` on its rows) is searched as
    before."""
    first, close = text.find(b"sheetData"), text.rfind(b"</sheetData>")
    if (
        0 < first < close
        and text.find(b":", first - 1, close) < 0
        and text.find(b"sheetData", close + 12) < 0
    ):
        return _UNUSUAL_UNPREFIXED_CELL.search(text, first, close) is None
    return _UNUSUAL_CELL.search(text) is None


def _maybe_hidden(text: bytes) -> bool:
    """Whether the sheet XML ``text`` may hold a cell that python-calamine reads as blank though
    it is not: an error value (a cell ``t="e"``, its value ``#N/A``) or a formula (``<f``).

    Searched for by single bytes where that is quicker (``memchr``) than for the tags: a sheet of
    Excel's holds no ``#`` (its text is in the shared strings), and ``f`` is rare in sheet XML,
    each one checked for the ``<`` before it (a search for the two bytes ``<f`` steps slowly
    through the character references, ``&#27896;``, of the Chinese text openpyxl writes). Only
    the first :data:`_FEW_F` of them: a sheet full of ``f`` is searched for ``<f``.
    """
    if b"#" in text and b't="e"' in text:  # (what xlsx_hidden_cells reads as an error value)
        return True
    find = text.find
    i = find(b"f")
    for _ in range(_FEW_F):
        if i < 0:
            return False
        if i and text[i - 1] == 60:  # "<"
            return True
        i = find(b"f", i + 1)
    return i >= 0 and text.find(b"<f", i - 1) >= 0


#: the ``f`` bytes a sheet's XML is searched for one at a time (:func:`_maybe_hidden`)
_FEW_F = 64

_CELL_XML = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*?)(?:/>|>(.*?)</c>)', re.DOTALL)
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.DOTALL)
_VALUE = re.compile(rb"<v>(.+?)</v>", re.DOTALL)


def xlsx_hidden_cells(path: str, data, part: _Part, whole: bytes | None = None) -> list:
    """The cells of a worksheet that python-calamine reads as blank though they hold something:
    an error value (``#N/A``, ``#DIV/0!``) and a formula without a calculated value (as openpyxl
    and scripts write them), as ``(row, column, text)``, 0-based. ``text`` says what the cell
    holds (the error, or the formula and that it was never calculated)."""
    if whole is not None:
        return _hidden_in(whole) if _maybe_hidden(whole) else []
    out: list = []
    carry = b""
    for chunk in _tags(_inflate(path, "a worksheet", data, part)):
        text = carry + chunk
        end = text.rfind(b"</row>")  # whole rows only: a cell is never cut in two
        if end < 0 and len(text) <= 4 * _CHUNK:
            carry = text
            continue
        text, carry = (text[: end + 6], text[end + 6 :]) if end >= 0 else (text, b"")
        if _maybe_hidden(text):
            out += _hidden_in(text)
    if carry and _maybe_hidden(carry):
        out += _hidden_in(carry)
    return out


def _hidden_in(text: bytes) -> list:
    out = []
    for m in _CELL_XML.finditer(text):
        attrs, body = m[3], m[4] or b""
        value = _VALUE.search(body)
        where = (int(m[2]) - 1, column_index(m[1]))
        if b't="e"' in attrs and value is not None:
            out.append((*where, html.unescape(value[1].decode("utf-8", "replace"))))
        elif value is None and (formula := _FORMULA.search(body)) is not None:
            shown = html.unescape((formula[1] or b"").decode("utf-8", "replace")) or "…"
            out.append(
                (
                    *where,
                    f"={shown} (a formula never calculated: open the workbook in Excel or "
                    "LibreOffice and save it)",
                )
            )
    return out


def _tags(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks of XML cut before their last ``<``, so that no tag is split between two."""
    carry = b""
    for chunk in chunks:
        text = carry + chunk
        cut = text.rfind(b"<")
        if cut <= 0:
            carry = text if len(text) <= _CHUNK else b""
            continue
        carry = text[cut:]
        yield text[:cut]
    if carry:
        yield carry


def column_index(letters: bytes) -> int:
    """A cell reference's column letters → its 0-based index (``b"A"`` → 0, ``b"AA"`` → 26)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


class _CellState(TypedDict):
    row: int
    col: int
    cell: tuple[int, int] | None
    valued: bool


def _expat_range(path: str, data, part) -> _Range:
    """The used range of a worksheet written unusually (cells without references, namespace
    prefixes), read element by element as calamine places cells."""
    used = _Range()
    state: _CellState = {"row": -1, "col": -1, "cell": None, "valued": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        if local == "row":
            r = attrs.get("r")
            state["row"] = int(r) - 1 if r and r.isdigit() else state["row"] + 1
            state["col"] = -1
        elif local == "c":
            ref = attrs.get("r")
            m = re.fullmatch(r"([A-Z]{1,3})([0-9]{1,7})", ref or "")
            if m:
                state["col"] = column_index(m[1].encode())
                state["row"] = int(m[2]) - 1
            else:
                state["col"] += 1
            state["cell"], state["valued"] = (state["row"], state["col"]), False
        elif state["cell"] is not None:
            state["valued"] = True

    def end(name: str) -> None:
        if name.rsplit(":", 1)[-1] == "c" and state["cell"] is not None:
            if state["valued"]:
                r, c = state["cell"]
                used.add(r, c, r, c)
            state["cell"] = None

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    _parse_xml(parser, path, "a worksheet", data, part, lambda: _too_large_early(used))
    return used


def _parse_xml(
    parser: expat.XMLParserType,
    path: str,
    what: str,
    data,
    part: _Part,
    each_chunk: Callable[[], None] | None = None,
) -> bool:
    """Stream a zipped XML part through a parser holding its handlers, calling ``each_chunk``
    after every inflated chunk; False where it is not readable XML (calamine says so)."""
    try:
        for chunk in _inflate(path, what, data, part):
            parser.Parse(chunk, False)
            if each_chunk is not None:
                each_chunk()
        parser.Parse(b"", True)
    except expat.ExpatError:
        return False
    return True


# --- .ods -------------------------------------------------------------------------------------


class _OdsState(TypedDict):
    row: int
    repeat: int
    col: int
    cells: int
    valued: bool
    row_cols: tuple[int, int] | None


def _ods_ranges(
    path: str,
    data,
    part,
    merges: dict[str, list] | None = None,
    hidden: dict[str, list] | None = None,
) -> list[tuple[str, _Range]]:
    """(name, used range) of every table of an .ods ``content.xml``: rows and cells repeated by
    ``number-rows-repeated`` / ``number-columns-repeated`` count as many times. ``merges``, if
    given, receives the merged cells of each table (``((top, left), (bottom, right))``, 0-based,
    as python-calamine gives them for .xlsx and .xls); ``hidden`` the cells holding an error
    value (``(row, column, text)``, 0-based, by table), which calamine reads as empty: a cell
    LibreOffice marks ``calcext:value-type="error"``, or a formula whose value is an empty string
    and whose text is an error (``#N/A``, ``Err:502``)."""
    tables: list[tuple[str, _Range]] = []
    error: list[str] = []  # the text of the error cell being read
    state: _OdsState = {
        "row": 0,
        "repeat": 1,
        "col": 0,
        "cells": 1,
        "valued": False,
        "row_cols": None,
    }

    def number(attrs: dict[str, str], key: str) -> int:
        value = attrs.get(key, "1")
        return int(value) if value.isdigit() and int(value) > 0 else 1

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "table:table":
            tables.append((attrs.get("table:name", f"Sheet{len(tables) + 1}"), _Range()))
            state["row"] = 0
        elif name == "table:table-row":
            state["repeat"] = number(attrs, "table:number-rows-repeated")
            state["col"], state["row_cols"] = 0, None
        elif name in ("table:table-cell", "table:covered-table-cell"):
            state["cells"] = number(attrs, "table:number-columns-repeated")
            state["valued"] = "office:value-type" in attrs
            if hidden is not None and (
                attrs.get("calcext:value-type") == "error"
                or ("table:formula" in attrs and attrs.get("office:string-value") == "")
            ):
                error.append("")
                parser.CharacterDataHandler = text  # the text only of these cells
            rows = number(attrs, "table:number-rows-spanned")
            columns = number(attrs, "table:number-columns-spanned")
            if merges is not None and tables and (rows > 1 or columns > 1):
                r, c = state["row"], state["col"]
                merges.setdefault(tables[-1][0], []).append(
                    ((r, c), (r + rows - 1, c + columns - 1))
                )
        elif name.startswith("text:") and tables:
            state["valued"] = True
        elif name == "office:annotation" and error:
            parser.CharacterDataHandler = None  # a comment on the cell is not its text

    def text(content: str) -> None:
        if error:
            error[-1] += content

    def end(name: str) -> None:
        if name == "office:annotation" and error:
            parser.CharacterDataHandler = text
        if name in ("table:table-cell", "table:covered-table-cell"):
            if error:
                parser.CharacterDataHandler = None
                shown = error.pop().strip()
                if shown.startswith(("#", "Err:")) and tables and hidden is not None:
                    cells = hidden.setdefault(tables[-1][0], [])
                    for c in range(state["col"], state["col"] + min(state["cells"], 16_384)):
                        cells.append((state["row"], c, shown))
            if state["valued"]:
                first, last = state["col"], state["col"] + state["cells"] - 1
                seen = state["row_cols"]
                state["row_cols"] = (first, last) if seen is None else (seen[0], last)
            state["col"] += state["cells"]
            state["valued"] = False
        elif name == "table:table-row" and tables:
            if state["row_cols"] is not None:
                top, bottom = state["row"], state["row"] + state["repeat"] - 1
                tables[-1][1].add(top, state["row_cols"][0], bottom, state["row_cols"][1])
                if tables[-1][1].cells > MAX_CELLS:
                    _check_range(path, *tables[-1])
            state["row"] += state["repeat"]

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    if not _parse_xml(parser, path, "content.xml", data, part):
        return []  # not readable XML: calamine says so
    return tables


def ods_merged_cells(path: str) -> dict[str, list]:
    """The merged cells of every table of an .ods file (python-calamine gives none for .ods)."""
    with open(path, "rb") as fh:
        data = fh.read()
    parts = _zip_parts(path, data)
    merges: dict[str, list] = {}
    if b"content.xml" in parts:
        _ods_ranges(path, data, parts[b"content.xml"], merges)
    return merges


# --- .xls -------------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
#: BIFF records of one cell (row, column first) and of a run of cells in a row (MULRK, MULBLANK)
_CELL_RECORDS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E})
_RUN_RECORDS = frozenset({0x00BD, 0x00BE})
_BOUNDSHEET, _BOF = 0x0085, 0x0809


#: BIFF's error codes (of a BOOLERR record, and of a FORMULA record's result)
_XLS_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
               0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}  # fmt: skip
_FORMULA_RECORD, _BOOLERR_RECORD = 0x0006, 0x0205


def _xls_ranges(data, hidden: dict[str, list] | None = None) -> list[tuple[str, _Range]]:
    """(name, used range) of every sheet of an .xls workbook stream, from its cell records
    (formatted blank cells counted too); nothing when the file is not one calamine reads.
    ``hidden``, if given, receives the cells holding an error value (a BOOLERR record with its
    error flag, a FORMULA record whose result is an error), which calamine reads as empty, as
    ``(row, column, text)`` by sheet name."""
    try:
        stream = _ole_stream(data, ("Workbook", "Book"))
    except (struct.error, IndexError, ValueError):
        return []
    return [] if stream is None else _xls_records(stream, hidden)


def _xls_records(stream: bytes, hidden: dict[str, list] | None) -> list[tuple[str, _Range]]:
    """:func:`_xls_ranges` of the workbook stream ``stream``."""
    names: dict[int, str] = {}
    sheets: list[tuple[str, _Range]] = []
    used: _Range | None = None
    pos, end = 0, len(stream)
    while pos + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        if kind == _BOUNDSHEET and length >= 8:
            names[struct.unpack_from("<I", stream, body)[0]] = _boundsheet_name(
                stream, body, length
            )
        elif kind == _BOF and pos in names:
            used = _Range()
            sheets.append((names[pos], used))
        elif used is not None and length >= 4 and (kind in _CELL_RECORDS or kind in _RUN_RECORDS):
            row, first = struct.unpack_from("<HH", stream, body)
            last = first
            if kind in _RUN_RECORDS and length >= 6:
                last = struct.unpack_from("<H", stream, body + length - 2)[0]
            used.add(row, first, row, max(first, last))
            if hidden is not None:
                code = _xls_error(stream, kind, body, length)
                if code is not None:
                    text = _XLS_ERRORS.get(code, f"#ERROR {code}")
                    hidden.setdefault(sheets[-1][0], []).append((row, first, text))
        pos = body + length
    return sheets


def _xls_error(stream: bytes, kind: int, body: int, length: int) -> int | None:
    """The error code of a cell record holding an error value, else None."""
    if kind == _BOOLERR_RECORD and length >= 8 and stream[body + 7] == 1:
        return stream[body + 6]
    if kind == _FORMULA_RECORD and length >= 14 and stream[body + 12 : body + 14] == b"\xff\xff":
        if stream[body + 6] == 2:  # the result's type: 0 text, 1 boolean, 2 error, 3 empty
            return stream[body + 8]
    return None


def _boundsheet_name(stream: bytes, body: int, length: int) -> str:
    count, wide = stream[body + 6], stream[body + 7] & 1 if length > 7 else 0
    raw = stream[body + 8 : body + 8 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


def _ole_stream(data, names: tuple[str, ...]) -> bytes | None:
    """A stream of an OLE compound file (the container of .xls) by name, or None."""
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
        return None
    size = 1 << shift
    fat_count, directory_start = struct.unpack_from("<II", data, 0x2C)
    cutoff, mini_fat_start, mini_fat_count, difat_start, difat_count = struct.unpack_from(
        "<IIIII", data, 0x38
    )
    n_sectors = max(0, len(data) // size - 1)

    def sector(n: int) -> bytes:
        if n >= n_sectors:
            raise ValueError("sector out of range")
        return data[(n + 1) * size : (n + 2) * size]

    fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
    n, seen = difat_start, 0
    while n < _END_OF_CHAIN - 1 and seen <= difat_count:
        block = struct.unpack(f"<{size // 4}I", sector(n))
        fat_sectors += block[:-1]
        n, seen = block[-1], seen + 1
    fat_sectors = [s for s in fat_sectors[:fat_count] if s < n_sectors]
    fat = struct.unpack(f"<{len(fat_sectors) * size // 4}I", b"".join(map(sector, fat_sectors)))

    def chain(start: int) -> Iterator[int]:
        n, steps = start, 0
        while n < len(fat) and steps <= n_sectors:
            yield n
            n, steps = fat[n], steps + 1

    directory = b"".join(sector(n) for n in chain(directory_start))
    root = None
    for at in range(0, len(directory) - 127, 128):
        length, kind = struct.unpack_from("<HB", directory, at + 0x40)
        name = directory[at : at + max(0, length - 2)].decode("utf-16-le", "replace")
        start, stream_size = struct.unpack_from("<II", directory, at + 0x74)
        if kind == 5:
            root = (start, stream_size)
        if kind == 2 and name in names:
            if stream_size >= cutoff or root is None:
                return b"".join(sector(n) for n in chain(start))[:stream_size]
            mini = b"".join(sector(n) for n in chain(root[0]))
            mini_fat_bytes = b"".join(sector(n) for n in chain(mini_fat_start))
            mini_fat = struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes)
            out, n, steps, unit = [], start, 0, 1 << mini_shift
            while n < len(mini_fat) and steps <= mini_fat_count * size:
                out.append(mini[n * unit : (n + 1) * unit])
                n, steps = mini_fat[n], steps + 1
            return b"".join(out)[:stream_size]
    return None
