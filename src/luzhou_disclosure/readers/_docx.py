"""A Word (``.docx``) report as prose and table grids, read with python-docx.

The body is walked in document order: a paragraph becomes a line of prose, placed as
``FILE:paragraph N「TEXT」`` (N counts the paragraphs of the body outside tables, empty ones
included, from 1; TEXT is the figure as written); the centred paragraphs at the top, a title set
over lines (洪泽区人民政府 / 2023年政府信息公开工作年度报告), are one line; a table becomes a grid
whose cells are placed as ``FILE:table T:row R:col C`` (T counts the tables from 1 in document
order, R and C the rows and grid columns of that table from 1).

python-docx shows a merged cell as the same cell repeated in every grid position it covers; the grid
is built from the underlying cells instead (``w:gridSpan`` for a cell spanning columns,
``w:vMerge`` for one spanning rows, ``w:gridBefore`` for columns a row skips), so that a merged
cell's text stands once, in its top-left position, and the positions it covers are empty but
placed at it — as a spreadsheet reader gives a merged range.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputFileError
from ._sources import Document, Grid, join_lines
from ._text_source import Text, normalise

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    f"{_W}p",
    f"{_W}tbl",
    f"{_W}tr",
    f"{_W}tc",
    f"{_W}sdt",
    f"{_W}sdtContent",
)
_T, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_VAL = f"{_W}val"
#: not text of the paragraph: properties (tab stops), text boxes, fallback copies of drawings
_SKIP = {
    f"{_W}pPr",
    f"{_W}rPr",
    f"{_W}txbxContent",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}


def read_docx(path: Path, name: str) -> Document:
    """Prose and grids of a ``.docx`` file; places name ``name`` (the original file's name)."""
    import docx

    try:
        body = docx.Document(str(path)).element.body
    except Exception as exc:  # python-docx raises zip, XML and key errors for damaged files
        raise InputFileError(
            name if str(path).endswith(name) else path,
            f"cannot be read as a Word .docx file ({type(exc).__name__}: {exc}); "
            "the file may be damaged; open it in Word or WPS and save it again",
        ) from None
    walker = _Walker(name)
    walker.walk(body)
    text = Text(name, walker.lines, [normalise(s) for s in walker.lines], _places=walker.places)
    return Document(name, text, walker.grids)


class _Walker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[str] = []
        self.places: list[list[tuple[int, str]]] = []
        self.grids: list[Grid] = []
        self.paragraphs = 0
        self.tables = 0
        self.title = True  # still in the centred paragraphs at the top (the title)

    def walk(self, parent: Any) -> None:
        for child in parent:
            tag = child.tag
            if tag == _P:
                self.paragraphs += 1
                line = join_lines(paragraph_text(child).split("\n"))
                if not line:
                    continue
                place = f"paragraph {self.paragraphs}"
                centred = _centred(child)
                if centred and self.title and self.lines:  # a title set over centred paragraphs
                    joined = join_lines([self.lines[-1], line])
                    self.places[-1].append((len(joined) - len(line), place))
                    self.lines[-1] = joined
                else:
                    self.lines.append(line)
                    self.places.append([(0, place)])
                self.title = centred and not self.grids
            elif tag == _TBL:
                self.table(child)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.walk(content)

    def table(self, tbl: Any) -> None:
        self.tables += 1
        t = self.tables
        cells: list[list[str]] = []
        refs: list[list[str]] = []
        above: dict[int, str] = {}  # grid column → place of the cell a vMerge continues
        nested: list[Any] = []
        for r, tr in enumerate(_children(tbl, _TR)):
            row: list[str] = []
            row_refs: list[str] = []
            col = _int_prop(tr, "trPr", "gridBefore", 0)
            row.extend([""] * col)
            row_refs.extend([f"{self.name}:table {t}:row {r + 1}:col {c + 1}" for c in range(col)])
            for tc in _children(tr, _TC):
                span = max(_int_prop(tc, "tcPr", "gridSpan", 1), 1)
                vmerge = _merge(tc, "vMerge")
                hmerge = _merge(tc, "hMerge")
                if vmerge == "continue" and col in above:
                    text, ref = "", above[col]
                elif hmerge == "continue" and row_refs:
                    text, ref = "", row_refs[-1]
                else:
                    text = _cell_text(tc, nested)
                    ref = f"{self.name}:table {t}:row {r + 1}:col {col + 1}"
                if vmerge == "restart":
                    above[col] = ref
                elif vmerge is None:
                    above.pop(col, None)
                row.append(text)
                row_refs.append(ref)
                for _ in range(span - 1):
                    row.append("")
                    row_refs.append(ref)
                col += span
            cells.append(row)
            refs.append(row_refs)
        self.grids.append(Grid(cells, refs))
        for inner in nested:
            self.table(inner)


def _centred(p: Any) -> bool:
    pr = p.find(f"{_W}pPr")
    jc = pr.find(f"{_W}jc") if pr is not None else None
    return jc is not None and jc.get(_VAL) == "center"


def _content(parent: Any) -> Iterator[Any]:
    """The children of an element, in order, looking through content controls (``w:sdt``)."""
    for child in parent:
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _content(content)
        else:
            yield child


def _children(parent: Any, tag: str) -> list[Any]:
    """Children with ``tag``, looking through content controls (``w:sdt``)."""
    return [child for child in _content(parent) if child.tag == tag]


def _prop(el: Any, props: str, name: str) -> Any:
    """The ``w:name`` element in an element's ``w:props`` (``w:tcPr`` …), or None."""
    pr = el.find(f"{_W}{props}")
    return None if pr is None else pr.find(f"{_W}{name}")


def _int_prop(el: Any, props: str, name: str, default: int) -> int:
    v = _prop(el, props, name)
    if v is None:
        return default
    try:
        return int(v.get(_VAL, default))
    except ValueError:
        return default


def _merge(tc: Any, name: str) -> str | None:
    """``restart``, ``continue`` or None for a cell's ``w:vMerge``/``w:hMerge``."""
    m = _prop(tc, "tcPr", name)
    if m is None:
        return None
    return "restart" if m.get(_VAL) == "restart" else "continue"


def _cell_text(tc: Any, nested: list[Any]) -> str:
    """The text of a cell's paragraphs, its lines joined (a label wrapped over lines is one label);
    tables inside the cell are put aside in ``nested``."""
    parts: list[str] = []
    for child in _content(tc):
        if child.tag == _P:
            parts.append(paragraph_text(child))
        elif child.tag == _TBL:
            nested.append(child)
    return join_lines([s for p in parts for s in p.split("\n")])


def paragraph_text(p: Any) -> str:
    """A paragraph's text: its runs' text, a tab as a space, a line break as ``\\n``; text boxes
    and the fallback copies of drawings left out."""
    out: list[str] = []
    _collect(p, out)
    return "".join(out)


def _collect(el: Any, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == _T:
            if child.text:
                out.append(child.text)
        elif tag == _TAB:
            out.append(" ")
        elif tag == _BR or tag == _CR:
            out.append("\n")
        elif tag in _SKIP or not isinstance(tag, str):
            continue
        elif len(child):
            _collect(child, out)
