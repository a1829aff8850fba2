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
from .._vocab import ARTICLE20, STANDARD_APPLICATION_ROWS, STANDARD_OUTCOMES
from ._text_source import Text, normalise

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
    lines = [
        i
        for i in region
        if text.norm[i].strip(" |") and not _is_prose(text.norm[i])  # ``||`` lines fill, no more
    ]
    pipe = [i for i in lines if "|" in text.norm[i]]
    if pipe:
        per_line = [_cells_of_line(text, i) for i in pipe]
        single = sum(1 for cells in per_line if len(cells) <= 1)
        if single < 0.8 * len(per_line):
            return [[_official(c) for c in cells] for cells in per_line if cells]
        # one cell per line: a line that lost its | (the last 0 of a page) is a cell too
        seq = [
            _official(c)
            for i in lines
            for c in (_cells_of_line(text, i) if "|" in text.norm[i] else _line_cell(text, i))
        ]
        return _rows_from_sequence(seq)
    # one cell per paragraph; when paragraphs are separated by a blank line, a further blank
    # line before a value is an empty cell (一、本年新收…数量, six blank cells, then 0 under 总计)
    gaps = [b - a - 1 for a, b in zip(lines, lines[1:], strict=False)]
    sep = max(set(gaps), key=gaps.count) if gaps else 0
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
            if sep >= 1 and seq and _is_value(body):
                seq.extend(Cell("", prev + 1 + k, 0, 0) for k in range(i - prev - 1 - sep))
            seq.append(_official(Cell(body, i, lead, lead + len(body))))
        prev = i
    return _rows_from_sequence(seq)


def _line_cell(text: Text, i: int) -> list[Cell]:
    s = text.lines[i]
    lead = len(s) - len(s.lstrip())
    body = s.strip()
    return [Cell(body, i, lead, lead + len(body))]


#: official row labels that reports print with a note in brackets after them
_NOTED_LABEL = re.compile(
    r"^\s*(?P<label>(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七]\)|\d[.、])?\s*"
    r"(?:规章|行政规范性文件|规范性文件|行政许可|行政处罚|行政强制|行政事业性收费|政府集中采购"
    r"|其他对外管理服务事项))\s*[(（][^()（）]{2,}[)）]\s*$"
)


def _official(cell: Cell) -> Cell:
    """A row label printed with a note in brackets (规章(设区的市、自治州人民政府应提供相关数据)) as
    the official label; the cell keeps its place (the note stays in the source)."""
    m = _NOTED_LABEL.match(normalise(cell.text)) if "(" in cell.text or "（" in cell.text else None
    if m is None:
        return cell
    return Cell(cell.text[: m.end("label")].strip(), cell.line, cell.start, cell.end)


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


# --- cells run together without a separator -------------------------------------------------------
#
# Some pages lose every cell boundary: a whole report sits in one line and its tables read
# ``…对外公开总数量规章000规范性文件898989第二十条第(五)项…``. A row label is found by the official
# wording it ends with; the digits after it are its cells. They can be told apart only when the
# reading is the one possible: as many numbers (split at spaces or signs) as the row has cells,
# a single number for a one-cell row, or only zeros, one per cell (``000``: no number is written
# ``00``). Any other run (``898989`` for three cells) is a finding naming its span, never a guess.

_RUN_START = re.compile(r"[二2][、.,]\s*(?:行政机关)?主动公开(?:政府)?信息")
_RUN_END = re.compile(r"[五5][、.,]\s*(?:政府信息公开工作)?(?:存在|其他|工作)")
_REVIEW_START = re.compile(r"[四4][、.,]\s*(?:因)?政府信息公开(?:工作)?(?:被申请)?行政(?:法)?复议")
_VALUES = re.compile(r"[-+]?\d[\d.]*(?:\s*[-+]?\d[\d.]*)*")
_PART = re.compile(r"[-+]?\d+(?:\.\d+)?")
_ORDINAL_GLUED = re.compile(r"\d[.、](?=\s*[\u4e00-\u9fff])")
_GROUPS = ("不予公开", "无法提供", "不予处理", "其他处理")
_GROUP_PREFIX = re.compile(
    r"(?:三、\s*本年度办\s*理结果\s*)?(?:\([一二三四五六七]\)\s*(?:"
    + "|".join(_GROUPS)
    + r")\s*)?(?:\d[.、]\s*)?$"
)
_ROW_PREFIX = re.compile(r"(?:[一二三四][、.,]\s*|\([一二三四五六七]\)\s*|\d[.、]\s*)$")
_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def _row_labels(form: str) -> list[tuple[str, int]]:
    """(label, number of cells) of the rows a table of ``form`` has, longest label first."""
    rows = [
        (row.item if row.item != "行政规范性文件" else "行政规范性文件", len(row.fields))
        for row in ARTICLE20[form]
    ]
    if form == "2019":
        rows.append(("行政规范性文件", 3))
    else:
        rows.append(("规范性文件", 3))
    rows += [(label, 7) for label in STANDARD_APPLICATION_ROWS]
    rows += [(it.item, 7) for it in STANDARD_OUTCOMES if form in it.forms]
    return sorted(((normalise(label), width) for label, width in rows), key=lambda r: -len(r[0]))


def inline_tables(text: Text) -> list[tuple[int, int, int]]:
    """(line, start, end) of the standard tables that sit inside a line of prose with their cells
    run together (a page flattened to one line), from section 二's heading to section 五's."""
    out: list[tuple[int, int, int]] = []
    for i, norm in enumerate(text.norm):
        if len(norm) < 200 or "|" in norm:
            continue
        m = _RUN_START.search(norm)
        if m is None or not re.search(r"规章\s*\d|许可\s*\d|数量\s*\d", norm[m.end() :]):
            continue
        e = _RUN_END.search(norm, m.end())
        out.append((i, m.start(), e.start() if e else len(norm)))
    return out


def run_together_rows(
    text: Text, line: int, start: int, end: int, *, form: str
) -> tuple[list[list[Cell]], list[dict]]:
    """Rows (label cell + value cells) of a run-together table in ``text.norm[line][start:end]``,
    and a finding (rule ``run_together_cells``) for each row whose cells cannot be told apart."""
    norm = text.norm[line]
    labels = _row_labels(form)
    review = _REVIEW_START.search(norm, start, end)
    rows: list[list[Cell]] = []
    findings: list[dict] = []
    prev = start
    for m in _VALUES.finditer(norm, start, end):
        a, b = m.start(), m.end()
        while b > a and norm[b - 1] in ". ":
            b -= 1
        glued = _ORDINAL_GLUED.match(norm, b - 1) if b - a > 1 else None
        if glued is not None:  # 00000002.其他法律…: the 2 is the next row's ordinal
            b -= 1
        piece = norm[prev:a]
        prev = b
        if review is not None and a >= review.end():
            if "总计" in piece or "审结" in piece:
                cells = _split(text, line, a, b, 15)
                head = [
                    Cell(w, line, k, k + len(w))
                    for w in ("行政复议", "行政诉讼")
                    if (k := norm.find(w, review.start(), a)) != -1
                ]
                if cells is None:
                    findings.append(_run_finding(text, line, a, b, "section 四", 15))
                elif head:
                    rows.extend([head, cells])
            continue
        found = _label_in(piece, labels)
        if found is None:
            continue
        k, width = found
        label_start = a - len(piece) + k
        label = norm[label_start:a].strip()
        cells = _split(text, line, a, b, width)
        if cells is None:
            findings.append(_run_finding(text, line, a, b, label, width))
            continue
        rows.append(
            [
                Cell(
                    text.lines[line][label_start : label_start + len(label)],
                    line,
                    label_start,
                    label_start + len(label),
                ),
                *cells,
            ]
        )
    return rows, findings


def _label_in(piece: str, labels: list[tuple[str, int]]) -> tuple[int, int] | None:
    """(start of the row label in ``piece``, cells) when ``piece`` ends with a row's wording."""
    body = _NOTE.sub("", piece.rstrip())
    compact = body.replace(" ", "")
    for label, width in labels:
        if compact.endswith(label):
            # map back to a position in piece (spaces may sit inside the label)
            k, need = len(body), len(label)
            while need and k > 0:
                k -= 1
                if body[k] != " ":
                    need -= 1
            before = body[:k]
            g = _GROUP_PREFIX.search(before) if width == 7 else _ROW_PREFIX.search(before)
            if g is not None and g.group(0).strip():
                k = g.start()
            return k, width
    return None


def _split(text: Text, line: int, a: int, b: int, width: int) -> list[Cell] | None:
    """The ``width`` cells of the run ``norm[a:b]``, or None when they cannot be told apart."""
    spans = split_run(text.norm[line][a:b], width)
    if spans is None:
        return None
    return [Cell(text.lines[line][a + p : a + q], line, a + p, a + q) for p, q in spans]


def split_run(run: str, width: int) -> list[tuple[int, int]] | None:
    """Spans of the ``width`` numbers a run of digits holds, when the text tells them apart.

    A space or a sign separates two cells, and so does a leading 0: no number is written with a
    leading zero, so ``000`` is three zeros and ``0023`` is 0, 0 and 23. Any other cut would
    make up numbers the text does not write (``898989`` might be 89, 89, 89 or 8, 98, 989): the
    run is read only when these cuts give exactly ``width`` numbers.

    >>> split_run("000", 3), split_run("01", 2), split_run("35-15", 2)
    ([(0, 1), (1, 2), (2, 3)], [(0, 1), (1, 2)], [(0, 2), (2, 5)])
    >>> split_run("23 0 00 0 023", 7)[-2:], split_run("898989", 3), split_run("77", 2)
    ([(10, 11), (11, 13)], None, None)
    """
    spans: list[tuple[int, int]] = []
    for m in _NUMBER_PIECE.finditer(run):
        at, piece = m.start(), m.group(0)
        k = 0
        if piece[0] not in "+-":  # leading zeros are cells of their own (not the 0 of 0.5)
            while k < len(piece) - 1 and piece[k] == "0" and piece[k + 1] != ".":
                spans.append((at + k, at + k + 1))
                k += 1
        if not _written(piece[k:]):
            return None
        spans.append((at + k, at + len(piece)))
    return spans if len(spans) == width else None


_NUMBER_PIECE = re.compile(r"[-+]?[\d.]+")
_WRITTEN = re.compile(r"[-+]?(?:0|[1-9]\d*)(?:\.\d+)?")


def _written(text: str) -> bool:
    return bool(_WRITTEN.fullmatch(text))


def _run_finding(text: Text, line: int, a: int, b: int, label: str, width: int) -> dict:
    ref = text.ref(line, a, b)
    run = text.lines[line][a:b]
    return {
        "rule": "run_together_cells",
        "ok": False,
        "severity": "warning",
        "section": None,
        "item": label,
        "found": None,
        "message": f"{ref}: the row {label!r} holds {run!r}, its {width} cells run together "
        "without a separator; the figures cannot be told apart and are not read",
        "sources": ref,
    }
