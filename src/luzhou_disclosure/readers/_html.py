"""A web page as prose and table grids, parsed with lxml.

- **Content area.** Government sites wrap a report in navigation, banners and footers. The report's
  own part is the first element a common CMS marks as content (``.TRS_Editor``, ``#zoom``,
  ``#UCAP-CONTENT``, ``.pages_content``, ``.article-content``); failing those, the largest block
  of text (from ``<body>`` down, into the child holding most of the text while one does). The
  page's ``<title>`` is read before the area, as it often names agency and year.
- **Tables.** A ``<table>`` holding short cells is a grid: ``colspan``/``rowspan`` are expanded, a
  merged cell's text standing in its top-left position and ``""`` in the others (placed at the same
  cell). A table holding other tables, long text, or only one column is layout: its cells are read
  as blocks of prose.
- **Places.** Every character the page shows is matched to its place in the HTML source, so prose
  and cells are named ``FILE:LINE:START-END`` (1-based line of the HTML file, 0-based character span
  within it), as in a plain text; an empty cell, which has no characters, is named
  ``FILE:table T:row R:col C`` (tables counted from 1 in the page, rows and columns of the expanded
  grid from 1).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from typing import Any

from ..errors import InputFileError
from ._sources import Document, Grid, join_lines
from ._text_source import Text, normalise

#: Markers of the content area in common government CMS pages, tried in this order.
CONTENT_MARKERS = (
    ("class", "TRS_Editor"),
    ("id", "zoom"),
    ("id", "UCAP-CONTENT"),
    ("class", "pages_content"),
    ("class", "article-content"),
)
_BLOCK = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol table tr section article header footer main title hr "
    "caption thead tbody tfoot blockquote pre dl dt dd center form address aside nav figure".split()
)
_SKIP = frozenset("script style noscript template select option textarea head".split())
#: a cell longer than this is prose, and its table layout
_LONG_CELL = 300

_OPEN_RAW = re.compile(r"<\s*(script|style)\b", re.IGNORECASE)
_CLOSE_RAW = {
    kind: re.compile(rf"<\s*/\s*{kind}\s*>", re.IGNORECASE) for kind in ("script", "style")
}
_ENTITY = re.compile(r"&#?\w+;")
_PLAIN = re.compile(r"[^<&]+")


class _Next:
    """The first match of a pattern at or after a position, for positions that only grow: each
    search starts where none was found before, so that a page of many unclosed ``<script>`` tags
    (or comments, or ``<`` without ``>``) is scanned once, not once per tag."""

    def __init__(self, content: str, find: Any) -> None:
        self.content, self.find = content, find
        self.start, self.found = -1, None  # the last search: from where, and what it found

    def at(self, pos: int) -> Any:
        if self.start < 0 or pos < self.start or (self.found is not None and self.found[0] < pos):
            self.start, self.found = pos, self.find(self.content, pos)
        return self.found


def _shown_tokens(content: str) -> Any:
    """``(offset, token)`` of the text and the character references of an HTML source, outside
    tags, comments, scripts and styles (a comment, script or style that is never closed is one
    tag). Linear in the length of the source."""

    def search(pattern: Any) -> Any:
        def find(text: str, pos: int) -> tuple[int, int] | None:
            m = pattern.search(text, pos)
            return None if m is None else (m.start(), m.end())

        return find

    def plain(needle: str) -> Any:
        def find(text: str, pos: int) -> tuple[int, int] | None:
            at = text.find(needle, pos)
            return None if at < 0 else (at, at + len(needle))

        return find

    comment_end, tag_end = _Next(content, plain("-->")), _Next(content, plain(">"))
    raw_end = {kind: _Next(content, search(p)) for kind, p in _CLOSE_RAW.items()}
    pos, n = 0, len(content)
    while pos < n:
        ch = content[pos]
        if ch == "<":
            end = None
            if content.startswith("<!--", pos):
                found = comment_end.at(pos + 4)
                end = found and found[1]
            if end is None and (m := _OPEN_RAW.match(content, pos)) is not None:
                found = raw_end[m[1].lower()].at(m.end())
                end = found and found[1]
            if end is None:
                found = tag_end.at(pos + 1)
                end = found[1] if found else pos + 1  # a lone "<": passed over
            pos = end
        elif ch == "&":
            m = _ENTITY.match(content, pos)
            if m is None:
                pos += 1
                continue
            yield pos, m[0]
            pos = m.end()
        else:
            m = _PLAIN.match(content, pos)
            assert m is not None  # content[pos] is neither "<" nor "&"
            yield pos, m[0]
            pos = m.end()


_SPACE = re.compile(r"\s+")


def read_html(name: str, content: str) -> Document:
    """Prose and grids of a web page (``content`` already decoded)."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(
            content.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputFileError(name, f"cannot be read as a web page ({exc})") from None
    page = _Page(name, content)
    page.map_text(root)
    area = content_area(root)
    if area is not root.find("body") and area is not root:
        title = root.find(".//title")
        if title is not None:
            page.block(title)
            page.newline()
    page.block(area)
    page.newline()
    lines, offsets = page.lines, page.offsets
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", content)]
    text = Text(name, lines, [normalise(s) for s in lines], offsets, starts)
    return Document(name, text, page.grids)


def _has(el: Any, attr: str, value: str) -> bool:
    got = el.get(attr)
    if not got:
        return False
    if attr == "class":
        return value in got.split()
    return got.strip().lower() == value.lower()


def content_area(root: Any) -> Any:
    """The element of a parsed page (``root``, an lxml tree) holding the report: the first
    element a :data:`CONTENT_MARKERS` marker names, else the block holding most of the prose (see
    the module docstring). The page reader and the fetcher (which takes a page's pictures from
    it) both look here."""
    for attr, value in CONTENT_MARKERS:
        for el in root.iter():
            if isinstance(el.tag, str) and _has(el, attr, value):
                return el
    body = root.find("body")
    node = body if body is not None else root
    while True:
        total = _text_len(node)
        best, best_len = None, 0
        for child in node:
            if not isinstance(child.tag, str) or child.tag in _SKIP:
                continue
            n = _text_len(child)
            if n > best_len:
                best, best_len = child, n
        if best is None or total == 0 or best_len < 0.6 * total or best.tag == "p":
            return node
        node = best


def _text_len(el: Any) -> int:
    """Characters of prose under ``el``: text outside links, scripts and tables (a block that is
    a table's wrapper is no content area by itself)."""
    n = 0
    stack = [(el, False)]
    while stack:
        node, is_child = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if is_child and node.tail:
            n += len(node.tail.strip())
        if not tag or tag in _SKIP or tag == "table":
            continue
        if tag != "a" and node.text:
            n += len(node.text.strip())
        stack.extend((child, True) for child in node)
    return n


class _Page:
    """The lines and grids of a page, with each character's offset in the HTML source."""

    def __init__(self, name: str, content: str) -> None:
        self.name = name
        self.content = content
        self.lines: list[str] = []
        self.offsets: list[list[int]] = []
        self.grids: list[Grid] = []
        self.tables = 0
        self._chars: list[str] = []
        self._offs: list[int] = []
        # offsets of each text node's characters: (id(element), is_tail) → offsets
        self._where: dict[tuple[int, bool], list[int]] = {}
        self._line_starts: list[int] | None = None
        self._last = 0  # the last known source offset, for characters matched to none
        self._alive: list[Any] = []

    # -- the map from shown characters to the source --

    def map_text(self, root: Any) -> None:
        """Match the characters of every text node, in document order, to the source's."""
        src: list[str] = []
        src_at: list[int] = []
        for at, tok in _shown_tokens(self.content):
            if tok[0] == "&":
                for ch in html.unescape(tok):
                    if not ch.isspace():
                        src.append(ch)
                        src_at.append(at)
                continue
            for i, ch in enumerate(tok):
                if not ch.isspace():
                    src.append(ch)
                    src_at.append(at + i)
        self._src = "".join(src)
        self._src_at = src_at
        self._cursor = 0
        self._walk_map(root)

    def _walk_map(self, el: Any) -> None:
        # lxml makes a new Python object for an element each time one is asked for, unless one is
        # alive: keeping them alive keeps their id() the key of their text
        self._alive.append(el)
        if isinstance(el.tag, str) and el.tag not in ("script", "style") and el.text:
            self._where[(id(el), False)] = self._align(el.text)
        for child in el:
            self._walk_map(child)
            if child.tail:
                self._where[(id(child), True)] = self._align(child.tail)

    def _align(self, text: str) -> list[int]:
        """Source offsets of ``text``'s characters (-1 for spaces and characters not found)."""
        out = [-1] * len(text)
        src, at = self._src, self._src_at
        dense = "".join(text.split())
        cur = self._cursor
        if src.startswith(dense, cur):  # the usual case: the next characters of the source
            k = cur
            for i, ch in enumerate(text):
                if not ch.isspace():
                    out[i] = at[k]
                    k += 1
            self._cursor = k
            return out
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            j = src.find(ch, cur, cur + 64)
            if j != -1:
                out[i] = at[j]
                cur = j + 1
        self._cursor = cur
        return out

    # -- lines --

    def newline(self) -> None:
        chars, offs = self._chars, self._offs
        while chars and chars[-1] == " ":
            chars.pop()
            offs.pop()
        k = 0
        while k < len(chars) and chars[k] == " ":
            k += 1
        if k < len(chars):
            self.lines.append("".join(chars[k:]))
            self.offsets.append(offs[k:])
        self._chars, self._offs = [], []

    def _put(self, text: str, offs: list[int]) -> None:
        chars, out = self._chars, self._offs
        for ch, o in zip(text, offs, strict=True):
            if o < 0:
                o = self._last
            else:
                self._last = o
            if ch.isspace():
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    out.append(o)
                continue
            chars.append(ch)
            out.append(o)

    def block(self, el: Any) -> None:
        """Read ``el``'s content into lines, and its tables into grids."""
        if el.text and el.tag not in _SKIP:
            self._put(el.text, self._where.get((id(el), False)) or [-1] * len(el.text))
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag and tag not in _SKIP:
                if tag == "table":
                    self.newline()
                    self.table(child)
                    self.newline()
                elif tag in _BLOCK:
                    self.newline()
                    self.block(child)
                    self.newline()
                else:
                    self.block(child)
            if child.tail:
                self._put(child.tail, self._where.get((id(child), True)) or [-1] * len(child.tail))

    # -- tables --

    def table(self, table: Any) -> None:
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        nested = table.xpath(".//table")
        cells = [tr.xpath("./td|./th") for tr in rows]
        texts = [[self._cell_text(td) for td in row] for row in cells]
        widths = [sum(_span(td, "colspan") for td in row) for row in cells]
        long_cell = any(len(t) > _LONG_CELL for row in texts for t, _ in row)
        if nested or long_cell or max(widths, default=0) <= 1:
            for row in cells:  # layout: the cells are blocks of prose
                for td in row:
                    self.newline()
                    self.block(td)
                    self.newline()
            return
        for caption in table.findall("caption"):  # a data table's title is prose
            self.newline()
            self.block(caption)
            self.newline()
        self.tables += 1
        t = self.tables
        grid: dict[tuple[int, int], tuple[str, str]] = {}
        n_cols = 0
        for r, (row, row_texts) in enumerate(zip(cells, texts, strict=True)):
            c = 0
            for td, (text, ref) in zip(row, row_texts, strict=True):
                while (r, c) in grid:
                    c += 1
                ref = ref or f"{self.name}:table {t}:row {r + 1}:col {c + 1}"
                rs, cs = _span(td, "rowspan"), _span(td, "colspan")
                for i in range(rs):
                    for j in range(cs):
                        grid[(r + i, c + j)] = (text if i == 0 and j == 0 else "", ref)
                c += cs
                n_cols = max(n_cols, c)
        n_rows = len(cells)
        out_cells: list[list[str]] = []
        out_refs: list[list[str]] = []
        for r in range(n_rows):
            width = max((c + 1 for (rr, c) in grid if rr == r), default=0)
            row_cells, row_refs = [], []
            for c in range(width):
                text, ref = grid.get((r, c), ("", f"{self.name}:table {t}:row {r + 1}:col {c + 1}"))
                row_cells.append(text)
                row_refs.append(ref)
            out_cells.append(row_cells)
            out_refs.append(row_refs)
        self.grids.append(Grid(out_cells, out_refs))

    def _cell_text(self, td: Any) -> tuple[str, str]:
        """A cell's text (its lines joined) and its place (``""`` when it shows no character)."""
        parts: list[list[tuple[str, int]]] = [[]]

        def put(text: str | None, offs: list[int] | None) -> None:
            if text:
                parts[-1].extend(zip(text, offs or [-1] * len(text), strict=True))

        def walk(el: Any) -> None:
            put(el.text, self._where.get((id(el), False)))
            for child in el:
                tag = child.tag if isinstance(child.tag, str) else ""
                if tag and tag not in _SKIP:
                    if tag in _BLOCK:
                        parts.append([])
                        walk(child)
                        parts.append([])
                    else:
                        walk(child)
                put(child.tail, self._where.get((id(child), True)))

        walk(td)
        lines = ["".join(ch for ch, _ in p) for p in parts]
        text = join_lines([_SPACE.sub(" ", s) for s in lines])
        found = [o for p in parts for ch, o in p if o >= 0 and not ch.isspace()]
        if not found:
            return text, ""
        return text, self._span_ref(found[0], found[-1] + 1)

    def _span_ref(self, a: int, b: int) -> str:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", self.content)]
        starts = self._line_starts
        ln = bisect_right(starts, a) - 1
        if ln + 1 < len(starts) and b > starts[ln + 1]:  # a cell over several source lines
            b = starts[ln + 1] - 1
        return f"{self.name}:{ln + 1}:{a - starts[ln]}-{b - starts[ln]}"


def _span(td: Any, attr: str) -> int:
    try:
        n = int(str(td.get(attr, "1")).strip() or 1)
    except ValueError:
        return 1
    return min(max(n, 1), 1000)
