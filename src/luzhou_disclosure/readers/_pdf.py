"""A text-based PDF report as prose and table grids, read with pdfplumber.

Page by page, the characters (with their positions) are split into tables and lines of text:

- **Ruled tables.** Only the rules a reader sees are used (stroked lines, stroked rectangles, thin
  filled bars; not the white or tinted boxes some writers put behind every line of text), and
  pdfplumber's table finder turns them into cells. The grid's columns and rows are the distinct
  cell edges, so a merged cell covers several grid positions: its text stands in the top-left one,
  the others are ``""`` (as a spreadsheet reader gives a merged range). A cell's characters are put
  into lines by position and the lines joined, so a header written one character per line
  (``三`` / ``、`` / ``本`` …) or wrapped over lines (``结果`` / ``维持``) reads as one label; text
  set sideways is read in its direction. Tables that follow each other with nothing between them at
  the same width — a table going on at the top of the next page, a header drawn apart from its
  body — share their columns; a row broken over the page break (no rule at the foot of the page's
  table nor at the head of the next) is joined again.
- **Unruled tables.** A run of lines whose characters stand in columns (separated by wide gaps)
  with figures in them is a table too. Its columns of figures are where the figures stand; a row
  is a line of figures (or two, when a row's cells are not aligned alike); the label text beside
  a row goes into label cells by the label columns it starts in (a label wrapped over lines is
  one cell, a new label starts with an ordinal such as ``1.`` or ``（二）``); the header lines above
  are rows of their own down to the first with words over most columns, and from there the words
  over each column are stacked into one header cell (``自然`` / ``人`` → ``自然人``).
- **Prose.** The other lines, page footers (``-3-``, ``第3页``) left out, are put together into
  paragraphs (a paragraph ends at a short line, and starts at an indented line or after a gap), so
  a sentence wrapped over lines or pages reads as one.

A character drawn twice at almost the same place (bold faked by overprinting) counts once. Within
a line, the gaps PDF writers leave between CJK characters and digits (``1136 条``,
``2023 年``, ``总 计``) are dropped; a gap between two Latin letters or digits is a space.

Places: a cell of a ruled table is ``FILE:page P:table T:row R:col C`` (tables counted on their
page from 1, rows and columns of that table's grid from 1; the top-left position of a merged cell);
a cell of an unruled table and prose are ``FILE:page P:line L「TEXT」``, L counting the page's lines
of text outside ruled tables from the top, TEXT the cell or the figure as read.

A PDF without a text layer (a scan) is an error saying so; an image-only page in a PDF with text is
a finding.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._numbers import NA_TOKENS, parse_number
from ..errors import InputFileError, ScannedReportError
from ._sources import CJK_OR_PUNCT, Document, Grid, join_lines
from ._text_source import Text, normalise

_FOOTER = re.compile(
    r"^(?:[-—–－―~·•\s]*\d{1,4}[-—–－―~·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$"
)
#: a gap wider than this many times the font size separates columns of an unruled table
_COLUMN_GAP = 1.2
_TABLE_SETTINGS = {
    "vertical_strategy": "explicit",
    "horizontal_strategy": "explicit",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}


def read_pdf(path: Path) -> Document:
    """Prose and grids of a PDF file (see the module docstring)."""
    import pdfplumber

    name = path.name
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds for damaged or locked files
        raise _pdf_error(path, exc) from None
    with pdf:
        pages: list[_Page] = []
        try:
            for number, pdf_page in enumerate(pdf.pages, start=1):
                pages.append(_read_page(pdf_page, number))
        except Exception as exc:
            if not _raised_in_pdf_library(exc):  # a defect of this reader: not the file's fault
                raise
            raise _pdf_error(path, exc) from None
    if not any(p.has_text for p in pages):
        if any(p.images for p in pages):
            raise ScannedReportError(
                path,
                f"is a scanned PDF: its {len(pages)} page(s) are images without a text layer, so "
                "no figure can be read; run OCR on it first (e.g. ocrmypdf -l chi_sim) or obtain "
                "the report as text, Word or a web page",
            )
        raise InputFileError(path, f"holds no text on any of its {len(pages)} page(s)")
    findings = [
        {
            "rule": "unreadable_page",
            "ok": False,
            "severity": "warning",
            "message": f"page {p.number} is an image without a text layer (a scan?); "
            "its figures were not read",
            "sources": f"{name}:page {p.number}",
        }
        for p in pages
        if not p.has_text and p.images
    ]
    _chain_tables(pages)
    grids: list[Grid] = []
    previous = _Table((0, 0, 0, 0), [], [], 0)
    for page in pages:
        for item in page.items:
            if isinstance(item, _Table):
                grid = _table_grid(item, name, page.number)
                if item.continues and item.open_head and previous.open_foot:
                    _join_split_row(grids[-1], grid)
                previous = item
                grids.append(grid)
            elif isinstance(item, _Unruled):
                grids.append(_unruled_grid(item, name, page.number))
    return Document(name, _prose(name, pages), grids, findings)


def _raised_in_pdf_library(exc: Exception) -> bool:
    """Whether ``exc`` comes from parsing the file (pdfminer, pdfplumber, pypdfium2)."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and any(
        f"{sep}{lib}{sep}" in last
        for lib in ("pdfminer", "pdfplumber", "pypdfium2")
        for sep in "/\\"
    )


def _pdf_error(path: Path, exc: Exception) -> InputFileError:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    kind = type(inner).__name__
    if "Password" in kind or "Encrypt" in kind or "encrypt" in str(inner).lower():
        return InputFileError(
            path,
            "is an encrypted (password-protected) PDF; open it with its password and save or "
            "print it as a PDF without one",
        )
    return InputFileError(
        path,
        f"cannot be read as a PDF ({kind}: {inner}); the file may be damaged or incompletely "
        "downloaded",
    )


# --- one page ------------------------------------------------------------------------------------


@dataclass
class _Line:
    page: int
    number: int  # on its page, from 1
    chars: list[dict[str, Any]]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    segments: list[tuple[str, float, float]] = field(default_factory=list)


@dataclass
class _Table:
    bbox: tuple[float, float, float, float]
    cells: list[tuple[float, float, float, float]]
    chars: list[dict[str, Any]]
    number: int  # on its page, from 1
    xs: list[float] = field(default_factory=list)
    continues: bool = False  # goes on from the table ending the previous page
    open_head: bool = False  # no rule drawn at its head (it goes on from the page before)
    open_foot: bool = False  # no rule drawn at its foot (it goes on on the next page)


@dataclass
class _Unruled:
    header: list[_Line]
    run: list[_Line]


@dataclass
class _Page:
    number: int
    height: float
    has_text: bool
    images: int
    items: list[Any]  # _Line, _Table, _Unruled in reading order (top to bottom)


def _read_page(page: Any, number: int) -> _Page:
    # characters drawn twice at almost the same place (bold faked by overprinting) count once
    chars = [c for c in page.dedupe_chars().chars if c["text"].strip() or c["text"] == " "]
    has_text = any(c["text"].strip() for c in chars)
    tables = _ruled_tables(page, chars) if has_text else []
    inside: set[int] = set()
    for t in tables:
        inside.update(id(c) for c in t.chars)
    free = [c for c in chars if id(c) not in inside]
    lines = _lines(free, number)
    lines = [ln for ln in lines if not _is_footer(ln, lines, page.height)]
    items: list[Any] = sorted(
        [*lines, *tables], key=lambda it: it.top if isinstance(it, _Line) else it.bbox[1]
    )
    items = _find_unruled(items)
    return _Page(number, float(page.height), has_text, len(page.images), items)


def _is_white(color: Any) -> bool:
    if not isinstance(color, tuple | list) or not color:
        return False
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(values) == 4:  # CMYK
        return all(v <= 0.05 for v in values)
    return all(v >= 0.95 for v in values)


def _rules(page: Any) -> tuple[list[dict], list[dict]]:
    """Vertical and horizontal edges a reader sees as rules."""
    from pdfplumber.utils import obj_to_edges

    edges: list[dict] = []
    for rect in page.rects:
        stroked = rect.get("stroke") and not _is_white(rect.get("stroking_color"))
        filled = rect.get("fill") and not _is_white(rect.get("non_stroking_color"))
        thin = min(rect["width"], rect["height"]) <= 3
        if stroked or (filled and thin):
            edges.extend(obj_to_edges(rect))
    for obj in (*page.lines, *page.curves):
        if obj.get("stroke", True) and not _is_white(obj.get("stroking_color")):
            edges.extend(obj_to_edges(obj))
    v = [e for e in edges if e["orientation"] == "v"]
    h = [e for e in edges if e["orientation"] == "h"]
    return v, h


def _closing_rules(v: list[dict], h: list[dict]) -> list[dict]:
    """Horizontal rules where a table's verticals stop without one: a table that goes on over the
    page break has no rule at its foot (or at its head on the next page)."""
    out: list[dict] = []
    for end in ("bottom", "top"):
        for y in _cluster([e[end] for e in v], tol=3.0):
            ending = [e for e in v if abs(e[end] - y) <= 3.0]
            if len(ending) < 2:
                continue
            x0, x1 = min(e["x0"] for e in ending), max(e["x0"] for e in ending)
            closed = any(
                abs(e["top"] - y) <= 3.0 and e["x0"] <= x0 + 3.0 and e["x1"] >= x1 - 3.0 for e in h
            )
            if not closed:
                out.append(
                    {
                        "object_type": "line_edge",
                        "orientation": "h",
                        "x0": x0,
                        "x1": x1,
                        "top": y,
                        "bottom": y,
                        "width": x1 - x0,
                        "height": 0.0,
                    }
                )
    return out


def _ruled_tables(page: Any, chars: list[dict[str, Any]]) -> list[_Table]:
    v, h = _rules(page)
    closing = _closing_rules(v, h)
    h = h + closing
    if len(v) < 2 or len(h) < 2:
        return []
    settings = dict(_TABLE_SETTINGS, explicit_vertical_lines=v, explicit_horizontal_lines=h)
    found = page.find_tables(settings)
    tables: list[_Table] = []
    for t in sorted(found, key=lambda t: t.bbox[1]):
        cells = [(float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1 in t.cells]
        xs = _cluster([x for c in cells for x in (c[0], c[2])])
        ys = _cluster([y for c in cells for y in (c[1], c[3])])
        if len(xs) < 3 or len(ys) < 3:  # one row or one column: a framed paragraph, not a table
            continue
        x0, top, x1, bottom = (float(v) for v in t.bbox)
        inside = [
            c
            for c in chars
            if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
        ]
        table = _Table((x0, top, x1, bottom), cells, inside, len(tables) + 1, xs)
        table.open_head = any(abs(e["top"] - top) <= 3.0 for e in closing)
        table.open_foot = any(abs(e["top"] - bottom) <= 3.0 for e in closing)
        tables.append(table)
    return tables


def _cluster(values: list[float], tol: float = 2.0) -> list[float]:
    """Distinct positions: values within ``tol`` of the previous one are one position."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


# --- lines ---------------------------------------------------------------------------------------


def _lines(chars: list[dict[str, Any]], page: int) -> list[_Line]:
    """The characters as lines, top to bottom (characters whose middles are within half a
    character's height of the line's)."""
    groups = _line_groups(chars)
    out: list[_Line] = []
    for group in groups:
        text = _line_text(group)
        if not text.strip():
            continue
        sizes = [c["size"] for c in group if c["text"].strip()]
        size = Counter(round(s, 1) for s in sizes).most_common(1)[0][0] if sizes else 10.0
        visible = [c for c in group if c["text"].strip()]
        line = _Line(
            page,
            len(out) + 1,
            group,
            text,
            min(c["x0"] for c in visible),
            max(c["x1"] for c in visible),
            min(c["top"] for c in visible),
            max(c["bottom"] for c in visible),
            float(size),
        )
        line.segments = _segments(visible, size)
        out.append(line)
    return out


def _line_groups(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups: list[list[dict[str, Any]]] = []
    mid_of_group = 0.0
    for c in sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2):
        mid = (c["top"] + c["bottom"]) / 2
        height = max(c["bottom"] - c["top"], 1.0)
        if groups and abs(mid - mid_of_group) <= 0.5 * height:
            groups[-1].append(c)
        else:
            groups.append([c])
            mid_of_group = mid
    for g in groups:
        g.sort(key=lambda c: c["x0"])
    return groups


def _line_text(chars: list[dict[str, Any]]) -> str:
    """Characters of one line as text: no space next to a CJK character; between other characters a
    space where the PDF has one or leaves a gap."""
    out: list[str] = []
    prev: dict[str, Any] | None = None
    pending_space = False
    for c in chars:
        ch = c["text"]
        if not ch.strip():
            pending_space = True
            continue
        if prev is not None and out:
            gap = c["x0"] - prev["x1"]
            spaced = pending_space or gap > 0.2 * max(c["size"], 1.0)
            if spaced and not (CJK_OR_PUNCT.match(out[-1][-1]) or CJK_OR_PUNCT.match(ch[0])):
                out.append(" ")
        out.append(ch)
        prev = c
        pending_space = False
    return "".join(out)


def _segments(chars: list[dict[str, Any]], size: float) -> list[tuple[str, float, float]]:
    """Blocks of a line separated by gaps wider than a column gap: (text, x0, x1)."""
    blocks: list[list[dict[str, Any]]] = []
    for c in chars:
        if blocks and c["x0"] - blocks[-1][-1]["x1"] <= _COLUMN_GAP * size:
            blocks[-1].append(c)
        else:
            blocks.append([c])
    return [(_line_text(b), b[0]["x0"], b[-1]["x1"]) for b in blocks]


def _is_footer(line: _Line, lines: list[_Line], height: float) -> bool:
    """A page number at the foot (or head) of the page."""
    if not _FOOTER.match(line.text.strip()):
        return False
    below = [ln for ln in lines if ln.top > line.top]
    above = [ln for ln in lines if ln.top < line.top]
    return (not below and line.top > 0.75 * height) or (not above and line.bottom < 0.2 * height)


# --- unruled tables ------------------------------------------------------------------------------


def _is_value(text: str) -> bool:
    s = text.strip()
    if not s:
        return False
    if s.lower() in NA_TOKENS:
        return True
    try:
        return parse_number(s) is not None
    except ValueError:
        return False


def _tabular(line: _Line) -> bool:
    """A line standing in columns with a figure after its first block."""
    return math.isfinite(_first_value_x(line))


def _first_value_x(line: _Line) -> float:
    """Where the first block holding a figure starts (not counting the first block); infinity
    where no block after the first holds a figure."""
    return next((x0 for t, x0, _ in line.segments[1:] if _is_value(t)), math.inf)


_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]")
_ORDINAL = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十]+[、.．)）]|\d{1,2}[.．、)）]|[（(]\d{1,2}[)）])"
)


def _find_unruled(items: list[Any]) -> list[Any]:
    """Replace each run of tabular lines — with the label lines among them and the header lines
    right above — by one :class:`_Unruled` table."""
    out: list[Any] = []
    i, n = 0, len(items)
    while i < n:
        item = items[i]
        if not (isinstance(item, _Line) and _tabular(item)):
            out.append(item)
            i += 1
            continue
        boundary = _first_value_x(item)
        run = [item]
        j = i + 1
        while j < n and isinstance(items[j], _Line):
            if _tabular(items[j]):
                run.append(items[j])
                boundary = min(boundary, _first_value_x(items[j]))
                j += 1
                continue
            # label lines inside the table (a wrapped label, a group label): a tabular line follows
            k = j
            while k < n and k < j + 4 and isinstance(items[k], _Line) and not _tabular(items[k]):
                k += 1
            if (
                k < n
                and isinstance(items[k], _Line)
                and _tabular(items[k])
                and all(items[m].x1 < boundary for m in range(j, k))
            ):
                run.extend(items[j:k])
                j = k
                continue
            break
        header: list[_Line] = []
        while (
            len(header) < 8
            and out
            and isinstance(out[-1], _Line)
            and (header or run)[0].top - out[-1].bottom < 2.0 * out[-1].size
            and not out[-1].text.rstrip().endswith(("。", "：", ":"))
            and not _HEADING.match(out[-1].text)
        ):
            header.insert(0, out.pop())
        out.append(_Unruled(header, run))
        i = j
    return out


def _words(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Runs of characters: split at a gap wider than a third of a character, and at any gap between
    a digit and a CJK character (a figure set close to a label)."""
    out: list[list[dict[str, Any]]] = []
    for c in chars:
        if not c["text"].strip():
            continue
        if out:
            prev = out[-1][-1]
            gap = c["x0"] - prev["x1"]
            size = max(c["size"], 1.0)
            digit_next_to_cjk = (prev["text"].isdigit() and CJK_OR_PUNCT.match(c["text"])) or (
                c["text"].isdigit() and CJK_OR_PUNCT.match(prev["text"])
            )
            if gap <= 0.33 * size and not (digit_next_to_cjk and gap > 0.1 * size):
                out[-1].append(c)
                continue
        out.append([c])
    return out


def _unruled_grid(table: _Unruled, name: str, page: int) -> Grid:
    """An unruled table as rows: each header line's words; then each row of figures, its label
    cells (the label text beside it, column by column) followed by one cell per column of figures
    (``""`` where it has none)."""

    def ref(line: _Line, text: str) -> str:
        return f"{name}:page {page}:line {line.number}「{text}」"

    tab = [ln for ln in table.run if _tabular(ln)]
    # columns of figures: the centres of the value words of the tabular lines
    value_words: list[tuple[_Line, list[dict[str, Any]]]] = []
    boundary = min(_first_value_x(ln) for ln in tab) - 1.0
    for ln in tab:
        for w in _words(ln.chars):
            if w[0]["x0"] >= boundary and _is_value(_line_text(w)):
                value_words.append((ln, w))
    if not value_words:  # no block after the labels reads as a figure word by word
        lines = (*table.header, *table.run)
        return Grid(
            [[t for t, _, _ in ln.segments] for ln in lines],
            [[ref(ln, t) for t, _, _ in ln.segments] for ln in lines],
        )
    centres = _cluster(
        [(w[0]["x0"] + w[-1]["x1"]) / 2 for _, w in value_words], tol=max(tab[0].size, 6.0)
    )
    boundary = min(w[0]["x0"] for _, w in value_words) - 0.5

    def column(w: list[dict[str, Any]]) -> int:
        mid = (w[0]["x0"] + w[-1]["x1"]) / 2
        return min(range(len(centres)), key=lambda k: abs(centres[k] - mid))

    # rows of figures: a tabular line, or two whose figures stand in different columns (a row
    # whose cells are not vertically aligned in the same way)
    rows: list[dict[str, Any]] = []
    row_of_line: dict[int, int] = {}  # id(line) → its row of figures
    for ln in tab:
        words = [(column(w), w, ln) for line, w in value_words if line is ln]
        cols = {c for c, _, _ in words}
        last = rows[-1] if rows else None
        if (
            last is not None
            and not (cols & last["cols"])
            and ln.top - last["bottom"] < 1.0 * ln.size
        ):
            last["cols"] |= cols
            last["words"].extend(words)
            last["bottom"] = max(last["bottom"], ln.bottom)
        else:
            rows.append(
                {"top": ln.top, "bottom": ln.bottom, "cols": cols, "words": words, "line": ln}
            )
        row_of_line[id(ln)] = len(rows) - 1
    # label fragments, in label columns found from where fragments start
    fragments = []
    for ln in table.run:
        label = [c for c in ln.chars if c["text"].strip() and c["x1"] <= boundary + 0.5]
        if label:
            fragments.append((ln, label))
    starts = _cluster([w[0]["x0"] for _, chars in fragments for w in _words(chars)], tol=3.0)
    support = Counter(
        min(range(len(starts)), key=lambda k: abs(starts[k] - w[0]["x0"]))
        for _, chars in fragments
        for w in _words(chars)
    )
    label_starts = [x for k, x in enumerate(starts) if support[k] >= 2] or starts[:1]
    pieces: list[tuple[int, float, str, _Line]] = []  # (label column, middle, text, line)
    for ln, chars in fragments:
        part: list[dict[str, Any]] = []
        for c in chars:
            cut = part and any(
                abs(c["x0"] - x) <= 2.5 and c["x0"] - part[-1]["x1"] >= 0.5 for x in label_starts
            )
            if cut:
                pieces.append(_piece(part, label_starts, ln))
                part = []
            part.append(c)
        if part:
            pieces.append(_piece(part, label_starts, ln))

    def nearest(mid: float) -> int:
        return min(
            range(len(rows)),
            key=lambda r: (
                0.0
                if rows[r]["top"] <= mid <= rows[r]["bottom"]
                else min(abs(mid - rows[r]["top"]), abs(mid - rows[r]["bottom"]))
            ),
        )

    # the item column (the last label column): a label wrapped over lines is one cell; it goes on
    # at a line without figures or at a line of the same row, and a new label starts with an
    # ordinal (1. （二） 三、); other label columns: each piece goes to the row nearest to it
    labels: list[dict[int, list[tuple[float, str, _Line]]]] = [{} for _ in rows]
    item_col = len(label_starts) - 1
    cell: list[tuple[float, str, _Line]] = []

    def flush() -> None:
        if cell:
            own = [row_of_line[id(ln)] for _, _, ln in cell if id(ln) in row_of_line]
            k = own[0] if own else nearest(sum(m for m, _, _ in cell) / len(cell))
            labels[k].setdefault(item_col, []).extend(cell)
            cell.clear()

    for col, mid, text, ln in sorted(pieces, key=lambda p: p[1]):
        if col != item_col:
            labels[nearest(mid)].setdefault(col, []).append((mid, text, ln))
            continue
        if cell:
            prev = cell[-1][2]
            goes_on = (
                not _ORDINAL.match(text)
                and ln.top - prev.bottom < 0.8 * ln.size
                and (
                    id(ln) not in row_of_line
                    or row_of_line.get(id(ln)) == row_of_line.get(id(prev), row_of_line[id(ln)])
                )
            )
            if not goes_on:
                flush()
        cell.append((mid, text, ln))
    flush()
    cells: list[list[str]] = []
    refs: list[list[str]] = []
    # the header: its lines down to the first with words over most columns
    # (申请人情况, 行政复议 … 行政诉讼, 第二十条第（一）项) are rows of their own; from there on the
    # words over each column are stacked into one row (自然 / 人 → 自然人), after the label columns'
    # header text
    stacked: dict[int, list[tuple[str, _Line]]] = {}
    label_head: list[tuple[str, _Line]] = []
    dense = False
    for ln in table.header:
        head_words = _header_words(ln)
        over = [w for w in head_words if w[-1]["x1"] > boundary + 0.5]
        dense = dense or len(over) >= min(3, len(centres))
        if not dense:
            own = [_line_text(w) for w in head_words]
            cells.append(own)
            refs.append([ref(ln, t) for t in own])
            continue
        for w in head_words:
            if w in over:
                stacked.setdefault(column(w), []).append((_line_text(w), ln))
            else:
                label_head.append((_line_text(w), ln))
    if stacked or label_head:
        head_cells = ["".join(t for t, _ in label_head)] if label_head else []
        head_refs = [ref(label_head[0][1], head_cells[0])] if label_head else []
        for k in range(len(centres)):
            parts = stacked.get(k, [])
            text = "".join(t for t, _ in parts)
            head_cells.append(text)
            head_refs.append(
                ref(parts[0][1], text) if parts else head_refs[-1] if head_refs else ""
            )
        cells.append(head_cells)
        refs.append(head_refs)
    for row, lab in zip(rows, labels, strict=True):
        row_cells: list[str] = []
        row_refs: list[str] = []
        for col in sorted(lab):
            label_parts = sorted(lab[col])
            text = "".join(t for _, t, _ in label_parts)
            row_cells.append(text)
            row_refs.append(ref(label_parts[0][2], text))
        by_col: dict[int, tuple[str, _Line]] = {}
        for k, w, line in row["words"]:
            text = _line_text(w)
            old = by_col.get(k)
            by_col[k] = (old[0] + text, old[1]) if old else (text, line)
        for k in range(len(centres)):
            text, line = by_col.get(k, ("", row["line"]))
            row_cells.append(text)
            row_refs.append(ref(line, text))
        cells.append(row_cells)
        refs.append(row_refs)
    return Grid(cells, refs)


def _header_words(line: _Line) -> list[list[dict[str, Any]]]:
    """Words of a header line, those closer than 0.6 of a character joined."""
    out: list[list[dict[str, Any]]] = []
    for w in _words(line.chars):
        if out and w[0]["x0"] - out[-1][-1]["x1"] <= 0.6 * line.size:
            out[-1].extend(w)
        else:
            out.append(list(w))
    return out


def _piece(
    chars: list[dict[str, Any]], starts: list[float], line: _Line
) -> tuple[int, float, str, _Line]:
    col = max((k for k, x in enumerate(starts) if x <= chars[0]["x0"] + 2.5), default=0)
    mid = (line.top + line.bottom) / 2
    return col, mid, _line_text(chars), line


# --- ruled tables as grids ---------------------------------------------------------------------


def _chain_tables(pages: list[_Page]) -> None:
    """Tables that follow each other with nothing between them (a table that ends a page and one
    that starts the next, or a header drawn apart from its body) at the same width are one table:
    give them the same columns, so that a column of the header is the same column of the body."""
    chains: list[list[_Table]] = []
    last: _Table | None = None
    for page in pages:
        for item in page.items:
            if not isinstance(item, _Table):
                last = None
                continue
            if (
                last is not None
                and abs(last.bbox[0] - item.bbox[0]) <= 5
                and abs(last.bbox[2] - item.bbox[2]) <= 5
            ):
                item.continues = item is page.items[0]
                chains[-1].append(item)
            else:
                chains.append([item])
            last = item
    for chain in chains:
        if len(chain) > 1:
            xs = _cluster([x for t in chain for x in t.xs])
            for t in chain:
                t.xs = xs


def _join_split_row(prev: Grid, cur: Grid) -> None:
    """A row broken over the page break (no rule at the foot of the page's table, nor at the head
    of the next): the continuation's first row joins the last row before the break when it only
    goes on with it — its cells stand where that row has none, or go on
    with its labels (信息公开申请 after …不再处理其政府) — and it starts no row of its own (a
    label with an ordinal, a figure beside a figure, a repeated header)."""
    if not prev.cells or not cur.cells:
        return
    last, first = prev.cells[-1], cur.cells[0]
    if not any(first) or not any(last):
        return
    for c, text in enumerate(first):
        if not text:
            continue
        before = last[c] if c < len(last) else ""
        if _ORDINAL.match(text) or (before and (_is_value(before) or _is_value(text))):
            return
    for c, text in enumerate(first):
        if not text:
            continue
        if c < len(last):
            last[c] = join_lines([last[c], text])
        else:
            last.extend([""] * (c - len(last)) + [text])
            prev.refs[-1].extend(cur.refs[0][len(prev.refs[-1]) : c + 1])
    del cur.cells[0], cur.refs[0]


def _table_grid(table: _Table, name: str, page: int) -> Grid:
    xs = table.xs
    ys = _cluster([y for c in table.cells for y in (c[1], c[3])])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1

    def col(x: float) -> int:
        return min(max(bisect_right(xs, x + 2.0) - 1, 0), n_cols - 1)

    def row(y: float) -> int:
        return min(max(bisect_right(ys, y + 2.0) - 1, 0), n_rows - 1)

    owner: list[list[int]] = [[-1] * n_cols for _ in range(n_rows)]
    spans: list[tuple[int, int]] = []  # top-left (row, col) of each cell
    for x0, top, x1, bottom in table.cells:
        r0, c0 = row(top), col(x0)
        r1, c1 = max(row(bottom - 4.0), r0), max(col(x1 - 4.0), c0)
        k = len(spans)
        spans.append((r0, c0))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if owner[r][c] == -1:
                    owner[r][c] = k
    for r in range(n_rows):  # grid positions no cell covers (a rule missing) are cells of their own
        for c in range(n_cols):
            if owner[r][c] == -1:
                owner[r][c] = len(spans)
                spans.append((r, c))
    chars_of: list[list[dict[str, Any]]] = [[] for _ in spans]
    for ch in table.chars:
        r = row((ch["top"] + ch["bottom"]) / 2 - 2.0)
        c = col((ch["x0"] + ch["x1"]) / 2 - 2.0)
        chars_of[owner[r][c]].append(ch)
    texts = [_cell_text(chs) for chs in chars_of]
    cells: list[list[str]] = []
    refs: list[list[str]] = []
    prefix = f"{name}:page {page}:table {table.number}"
    for r in range(n_rows):
        row_cells, row_refs = [], []
        for c in range(n_cols):
            k = owner[r][c]
            r0, c0 = spans[k]
            row_cells.append(texts[k] if (r0, c0) == (r, c) else "")
            row_refs.append(f"{prefix}:row {r0 + 1}:col {c0 + 1}")
        cells.append(row_cells)
        refs.append(row_refs)
    return Grid(cells, refs)


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """A cell's text: its lines joined (see :func:`join_lines`); text set sideways (a vertical
    header in a Word table turned 90°) read along its direction."""
    if not chars:
        return ""
    turned = [c for c in chars if not c.get("upright", True)]
    if 2 * len(turned) > len(chars):
        return join_lines([_turned_line(g) for g in _turned_groups(turned)])
    return join_lines([_line_text(g) for g in _line_groups(chars)])


def _turned_groups(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Lines of text turned 90°: characters whose middles are within half a character's width of
    each other's, the lines in reading order (bottom-to-top text stacks its lines left to right,
    top-to-bottom text right to left)."""
    up = 2 * sum(1 for c in chars if c["matrix"][1] > 0) >= len(chars)
    groups: list[list[dict[str, Any]]] = []
    mid_of_group = 0.0
    for c in sorted(chars, key=lambda c: (c["x0"] + c["x1"]) / 2, reverse=not up):
        mid = (c["x0"] + c["x1"]) / 2
        if groups and abs(mid - mid_of_group) <= 0.5 * max(c["x1"] - c["x0"], 1.0):
            groups[-1].append(c)
        else:
            groups.append([c])
            mid_of_group = mid
    for g in groups:
        g.sort(key=lambda c: -c["top"] if up else c["top"])
    return groups


def _turned_line(chars: list[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in chars if c["text"].strip())


# --- prose ---------------------------------------------------------------------------------------


def _prose(name: str, pages: list[_Page]) -> Text:
    """The lines outside tables as paragraphs, each placed piece by piece."""
    lines: list[_Line | None] = []  # None: a table between lines
    for page in pages:
        for item in page.items:
            if isinstance(item, _Line):
                lines.append(item)
            elif lines and lines[-1] is not None:
                lines.append(None)
    body = [ln for ln in lines if ln is not None]
    if not body:
        return Text(name, [], [], _places=[])
    left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0]
    right = sorted(ln.x1 for ln in body)[int(0.9 * (len(body) - 1))]
    size = Counter(round(ln.size) for ln in body).most_common(1)[0][0]
    pitches = sorted(
        b.top - a.top
        for a, b in zip(lines, lines[1:], strict=False)
        if a is not None and b is not None and a.page == b.page and b.top > a.top
    )
    pitch = pitches[len(pitches) // 2] if pitches else 1.5 * size
    paragraphs: list[list[_Line]] = []
    prev: _Line | None = None
    for ln in lines:
        if ln is None:
            prev = None
            continue
        if prev is None or _starts_paragraph(prev, ln, left, right, size, pitch):
            paragraphs.append([ln])
        else:
            paragraphs[-1].append(ln)
        prev = ln
    texts: list[str] = []
    places: list[list[tuple[int, str]]] = []
    for para in paragraphs:
        text = ""
        pieces: list[tuple[int, str]] = []
        for ln in para:
            part = ln.text.strip()
            if text and not (CJK_OR_PUNCT.match(text[-1]) or CJK_OR_PUNCT.match(part[0])):
                text += " "
            pieces.append((len(text), f"page {ln.page}:line {ln.number}"))
            text += part
        texts.append(text)
        places.append(pieces)
    return Text(name, texts, [normalise(s) for s in texts], _places=places)


def _starts_paragraph(
    prev: _Line, ln: _Line, left: float, right: float, size: float, pitch: float
) -> bool:
    """Whether ``ln`` starts a paragraph after ``prev``: a title in a larger font goes on over its
    lines; otherwise a change of font size, a short line before, an indented line, or more space
    than the usual line pitch starts one."""
    big = 1.15 * size
    if prev.size >= big and ln.size >= big and abs(prev.size - ln.size) < 0.5:
        return ln.page != prev.page or ln.top - prev.bottom > 1.5 * ln.size  # a title over lines
    if abs(prev.size - ln.size) > 0.15 * max(prev.size, ln.size):
        return True
    if prev.x1 < right - 1.5 * prev.size:  # the previous line stops short
        return True
    if ln.x0 > left + 0.8 * ln.size:  # indented
        return True
    return ln.page == prev.page and ln.top - prev.top > 1.4 * pitch
