"""Standard-form tables in a report text, turned into a grid of cells for ``interpret_grid``.

Web pages and their mirrors hold the tables of sections 二, 三 and 四 in three shapes:

- one row per line, cells separated by ``|`` (``规章 | 0 | 0 | 0 |``), group labels only on the
  first sub-row (``三、本年度办理结果 | (一)予以公开 | 0 | …``);
- one cell per line, each ending in ``|`` (``规章 |`` then ``0 |`` …);
- one cell per paragraph, paragraphs separated by blank lines, a long label sometimes wrapped over
  two lines (``本年新`` / ``制作数量``).

The last two are rebuilt into rows: a row is its label cell(s) followed by the run of value cells
(numbers, blanks, NA tokens); label cells not followed by values are header cells (a 第二十条 block
heading goes on its own row, the column headers together on the next). Interpreting the rows is the
job of :func:`luzhou_disclosure.readers._standard.interpret_grid`, shared with the workbook reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._numbers import NA_TOKENS, parse_number
from ._text_source import Text

_SECTION_START = re.compile(
    r"^\s*[二三四][、.,]\s*(?:行政机关)?(?:主动公开|收到|因?政府信息公开(?:工作)?(?:被申请)?行政复议|行政复议)"
)
_SECTION_END = re.compile(r"^\s*[五六七][、.,]")
_BLOCK = re.compile(r"第二十条第")
_GROUP = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\))")
_SUB = re.compile(r"^\s*(?:\d{1,2}[.、]|\([一二三四五六七八九十]+\))")


@dataclass
class Cell:
    text: str
    line: int
    start: int
    end: int


def table_lines(text: Text) -> list[list[int]]:
    """Line numbers (0-based) of each table region: from a 二/三/四 heading to the next section."""
    regions: list[list[int]] = []
    cur: list[int] | None = None
    for i, norm in enumerate(text.norm):
        if _SECTION_START.match(norm) and "|" not in norm:
            cur = []
            regions.append(cur)
            continue
        if _SECTION_END.match(norm) and "|" not in norm:
            cur = None
            continue
        if cur is not None:
            cur.append(i)
    return regions


def _is_prose(norm: str) -> bool:
    s = norm.strip()
    return "|" not in s and (("。" in s and len(s) > 30) or len(s) > 80)


def _is_value(text: str) -> bool:
    s = text.strip()
    if not s or s.lower() in NA_TOKENS:
        return True
    try:
        return parse_number(s) is not None
    except ValueError:
        return False


def _cells_of_line(text: Text, i: int) -> list[Cell]:
    line = text.lines[i]
    cells: list[Cell] = []
    start = 0
    parts = line.split("|")
    for k, part in enumerate(parts):
        end = start + len(part)
        if k == len(parts) - 1 and not part.strip():
            break  # after the trailing |
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        a = start + lead
        cells.append(Cell(body, i, a, a + len(body)))
        start = end + 1
    return cells


def grid_of(text: Text, region: list[int]) -> list[list[Cell]]:
    """Rows of cells of one table region."""
    lines = [i for i in region if text.norm[i].strip() and not _is_prose(text.norm[i])]
    pipe = [i for i in lines if "|" in text.norm[i]]
    if pipe:
        per_line = [_cells_of_line(text, i) for i in pipe]
        single = sum(1 for cells in per_line if len(cells) <= 1)
        if single < 0.8 * len(per_line):
            return [cells for cells in per_line if cells]
        return _rows_from_sequence([c for cells in per_line for c in cells])
    # one cell per paragraph
    seq: list[Cell] = []
    prev = -2
    for i in lines:
        s = text.lines[i]
        lead = len(s) - len(s.lstrip())
        body = s.strip()
        if seq and prev == i - 1 and not _is_value(body) and not _is_value(seq[-1].text):
            seq[-1] = Cell(
                seq[-1].text + body, seq[-1].line, seq[-1].start, seq[-1].end
            )  # wrapped label
        else:
            seq.append(Cell(body, i, lead, lead + len(body)))
        prev = i
    return _rows_from_sequence(seq)


def _rows_from_sequence(seq: list[Cell]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    cur: list[Cell] = []
    pending: list[Cell] = []
    for cell in seq:
        if _is_value(cell.text):
            if pending:
                if cur:
                    rows.append(cur)
                take = 1
                if (
                    len(pending) >= 2
                    and _GROUP.match(pending[-2].text)
                    and _SUB.match(pending[-1].text)
                ):
                    take = 2
                head, labels = pending[:-take], pending[-take:]
                block = [c for c in head if _BLOCK.search(c.text)]
                others = [c for c in head if not _BLOCK.search(c.text)]
                rows.extend([c] for c in block)
                if others:
                    rows.append(others)
                cur = list(labels)
                pending = []
            if cur:
                cur.append(cell)
        else:
            if cur:
                rows.append(cur)
                cur = []
            pending.append(cell)
    if cur:
        rows.append(cur)
    if pending:
        rows.extend([c] for c in pending if _BLOCK.search(c.text))
        others = [c for c in pending if not _BLOCK.search(c.text)]
        if others:
            rows.append(others)
    return rows
