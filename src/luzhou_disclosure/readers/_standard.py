"""The one interpreter of the official 2019/2021 standard-form tables (docs/formats.md §2–3).

Every reader hands its tables to :func:`interpret_grid` (or :func:`interpret_rows`) as a 2-D grid of
cell values, together with a function that names the source of a cell: the standard-form workbook
reader (:mod:`luzhou_disclosure.forms`), the report-text reader (tables flattened into lines,
:mod:`._text_tables`), and any reader of PDF, Word or HTML tables (:func:`interpret_rows` is a
loop over a :class:`Reading`, which reads the grid one row at a time). The grid may hold sections
二, 三 and 四 or only some of them, with header rows anywhere, merged cells (the text in the first
cell of the span and the others blank) or repeated ones (the text in every cell of the span), label
variants, and a table cut off mid-way.

How a figure's column is found
------------------------------
Each table's column headers (one, two or three rows of text above its figures) are read as a whole
by :mod:`._headers`: every column has the chain of header cells over it, from the group (申请人情况,
法人或其他组织, 行政诉讼, 第二十条第（一）项) down to the cell naming the column (自然人, 小计,
复议后起诉 + 结果维持, 本年收费金额 + （单位：万元）), merged cells blank or written out in every
cell of their span. A figure is read under the column its header names, whatever the order of the
columns; extra columns (小计 of 法人或其他组织, 备注, an empty spacer) are read as what they are or
not at all, and an optional column (小计) may be missing.

* A column whose header names nothing the table has, a figure under no column header, two
  columns naming the same thing, and a column the table needs but the header lacks are findings
  naming the cells and the header text; their figures are not read.
* Only where a table's header is missing or does not line up with its figures (a flattened text
  table: the header cells on lines of their own, each row of figures right after its labels) is a
  figure placed by its position in the row, and only when the row has exactly as many cells as the
  header names (or, without a header, as the official table has columns). Such a record's
  ``source`` ends in ``" (positional)"``.

Labels split over extra cells
-----------------------------
A table read from the positions of its words (an unruled PDF) may give the words of a vertical group
label as cells of their own beside a row's label (（三）不 | 4.保护第三方合法权益 | 2 | 0 | …): the
row's labels run into the header's figure columns and its figures stand right of them. Such a row is
read right-aligned to the header when all of these hold: a label cell stands under one of the
header's figure columns; the row reaches past the header's rightmost cell (it has more cells than
the header); and the cells after its labels are exactly as many as the header's figure columns (from
the first to the last column it names), each a number or an NA token. Its label cells are then all
its leading text cells (joined, in section 二, when the last alone names no row: 行政规范 | 性文件),
and its figures are read under the header's columns in order. Their columns were found by counting,
not from the header cell above them, so their ``source`` ends in ``" (positional)"`` too. A row with
another count of figures, a text or blank cell among them, or no more cells than the header stays a
finding (``unreadable_cell``, ``unplaced_row``). A sound grid (a workbook, a Word or HTML table)
never meets the rule: its figures stand under the header, so no row reaches past the header's
rightmost cell with a label under a figure column.

How a row is read
-----------------
A row's *label cells* are its non-empty cells before the first cell that reads as a number or an NA
token (blank, ``/``, ``—``, ``无``, ``不适用``); under a header that lines up, only those left of
the header's first figure column (text under a figure column is an unreadable figure; but see
"Labels split over extra cells"). The labels name the row (规章, （三）不予公开 1.属于国家秘密, …);
a group label such as （三）不予公开 given only on its first sub-row is carried to the next ones.

Every cell that holds something the interpreter cannot read, and every row with figures that it
cannot place, becomes a finding (rule ``unreadable_cell``, ``unplaced_row``, ``truncated_table``,
``header_mismatch``, severity ``warning``) and a
:class:`~luzhou_disclosure.errors.DisclosureWarning`; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import pandas as pd

from .._findings import SOURCE_SEPARATOR, make_findings, warn_first
from .._numbers import MAX_FIGURE, TOO_LARGE, Number, parse_number
from .._vocab import (
    ARTICLE20,
    CARRIED_FORWARD,
    CARRIED_IN,
    LEGAL_PERSONS,
    NOT_PROCESSED,
    OTHER_HANDLING,
    RECEIVED,
    REFUSED,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    STANDARD_OUTCOMES,
    TOTAL,
    UNABLE,
    label_key,
    strip_ordinal,
)
from ..records import make_records
from ._headers import (
    A20_BLOCK,
    A20_FIELDS,
    APPLICANT_WORDS,
    APPLICANTS_7,
    APPLICANTS_8,
    BLOCK,
    GROUP,
    NOTE,
    ORGS,
    PUNCT,
    REMARK,
    REVIEW_FIELD_WORDS,
    REVIEW_GROUP_WORDS,
    UNIT_KEYS,
    WORD_OF,
    HeaderColumns,
    applicant_word,
    article20_word,
    bare_key,
    field_in,
    header_columns,
    match_key,
    review_word,
)

__all__ = [
    "interpret_grid",
    "interpret_rows",
    "Reading",
    "row_kinds",
    "STANDARD_UNITS",
    "POSITIONAL",
]

#: Units given to figures of the standard tables.
STANDARD_UNITS = {
    "applications": "件",
    "outcomes": "件",
    "reconsideration": "件",
    "litigation": "件",
}
#: Appended to the ``source`` of a figure placed by its position in the row (no header lined up).
POSITIONAL = " (positional)"
_ARTICLE20_UNITS = {
    "本年新制作数量": "件",
    "本年新公开数量": "件",
    "对外公开总数量": "件",
    "本年制发件数": "件",
    "本年废止件数": "件",
    "现行有效件数": "件",
    "上一年项目数量": "项",
    "本年增/减": "项",
    "处理决定数量": "件",
    "本年处理决定数量": "件",
    "采购项目数量": "项",
    "本年收费金额": "万元",
}

# --- vocabulary keyed for matching ------------------------------------------------------------

_FLOW = {
    bare_key(RECEIVED): RECEIVED,
    bare_key(CARRIED_IN): CARRIED_IN,
    bare_key(CARRIED_FORWARD): CARRIED_FORWARD,
}
_GROUPS = {bare_key(g): g for g in (REFUSED, UNABLE, NOT_PROCESSED, OTHER_HANDLING)}
_GROUP_LABEL_KEYS = tuple(
    (label_key(g), g) for g in (REFUSED, UNABLE, NOT_PROCESSED, OTHER_HANDLING)
)
_CONTEXT_3 = {bare_key("本年度办理结果")}
#: (group or None) → {key: item}
_OUTCOMES: dict[str | None, dict[str, str]] = {}
for _it in STANDARD_OUTCOMES:
    if _it.item == OTHER_HANDLING:
        continue
    _OUTCOMES.setdefault(_it.parent, {})[bare_key(_it.item)] = _it.item
_OUTCOME_GROUP_OF = {
    k: g for g, items in _OUTCOMES.items() if g is not None for k in items if k != bare_key("其他")
}

_A20_ITEMS = {
    bare_key("规章"): "规章",
    bare_key("规范性文件"): "规范性文件",
    bare_key("行政规范性文件"): "规范性文件",
    bare_key("行政许可"): "行政许可",
    bare_key("其他对外管理服务事项"): "其他对外管理服务事项",
    bare_key("行政处罚"): "行政处罚",
    bare_key("行政强制"): "行政强制",
    bare_key("行政事业性收费"): "行政事业性收费",
    bare_key("政府集中采购"): "政府集中采购",
}


def _a20_row(form: str, item: str) -> Any:
    for row in ARTICLE20[form]:
        name = row.item if row.item != "行政规范性文件" else "规范性文件"
        if name == item:
            return row
    return None


_FORM_2021_KEYS = {
    bare_key(x)
    for x in (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "行政规范性文件",
        "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",
    )
}
_FORM_2021_PREFIX = (bare_key("本年收费金额"),)
_FORM_2019_KEYS = {
    bare_key(x)
    for x in (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "其他对外管理服务事项",
        "政府集中采购",
        "采购项目数量",
    )
}
_FORM_2019_PREFIX = (bare_key("采购总金额"),)

_VOCABULARY_KEYS = tuple(
    {
        *_FORM_2021_KEYS,
        *_FORM_2021_PREFIX,
        *_FORM_2019_KEYS,
        *_FORM_2019_PREFIX,
        *A20_FIELDS,
        *APPLICANT_WORDS,
        *(k for k, _ in REVIEW_GROUP_WORDS),
        *(k for k, _ in REVIEW_FIELD_WORDS),
        *UNIT_KEYS,
        *_A20_ITEMS,
        *_CONTEXT_3,
        *_GROUPS,
        *_FLOW,
        *(k for table in _OUTCOMES.values() for k in table),
        *_OUTCOME_GROUP_OF,
        "信息内容",
    }
    - {""}
)


_GROUP_LABEL_PREFIXES = tuple(g for g, _ in _GROUP_LABEL_KEYS)


@lru_cache(maxsize=4096)
def inert_label(text: str) -> bool:
    """True when a row holding only the label ``text`` (and blank cells) reads as nothing.

    Such a label names no section, header, item, group or form (a report title such as
    泸州市统计局2021年政府信息公开工作年度报告): its key starts with no key of the vocabulary and
    holds none of the words the header tests look for. Right below a table's header such a row would
    be read as one more header row; :mod:`luzhou_disclosure.readers._layout` (which uses this test
    to read forms of one layout but different titles as one layout) makes sure it was not.
    """
    if _parse_text(text)[0] != CELL_TEXT:
        return False
    full = label_key(text)
    lk = strip_ordinal(full)
    k = PUNCT.sub("", lk)  # match_key(text)
    if not k or k.startswith(_VOCABULARY_KEYS) or lk.startswith(_GROUP_LABEL_PREFIXES):
        return False
    if len(k) <= 24 and (applicant_word(text) is not None or review_word(text) is not None):
        return False  # (a header word is short: a group, a field, a unit or two in brackets)
    return (
        "申请人" not in k and "勾稽关系" not in k and "万元" not in k and not A20_BLOCK.search(full)
    )


# --- cells --------------------------------------------------------------------------------------

#: The kinds of cell :func:`classify_cell` tells apart: empty (``""``, ``None``, only spaces), an NA
#: token (``/``, ``—``, ``无``, ``不适用``, a NaN), a number, and text (anything else, including a
#: figure of more than 15 digits, which a finding names).
CELL_BLANK, CELL_NA, CELL_NUMBER, CELL_TEXT = 0, 1, 2, 3
#: a row's cells as :func:`classify_cell` reads them, one (kind, number) pair per cell
_Kinds = list[tuple[int, Number | None]]
#: a row's label cells: (column, text, match key) each
_Labels = list[tuple[int, str, str]]


@lru_cache(maxsize=16384)
def _parse_text(text: str) -> tuple[int, Number | None]:
    try:
        number = parse_number(text)
    except ValueError:
        return CELL_TEXT, None
    return (CELL_NA, None) if number is None else (CELL_NUMBER, number)


def classify_cell(raw: object) -> tuple[int, Number | None]:
    """The kind of a cell value (one of the ``CELL_*`` constants) and, for a number, its value.

    The interpreter reads every cell through this; :mod:`luzhou_disclosure.readers._layout` uses it
    to tell which cells of a layout are labels when it fills a layout's figures in.
    """
    if raw is None or raw == "":
        return CELL_BLANK, None
    if isinstance(raw, bool):
        return CELL_TEXT, None
    if isinstance(raw, int | float):
        if raw != raw:
            return CELL_NA, None
        if not -MAX_FIGURE < raw < MAX_FIGURE:
            return CELL_TEXT, None  # more than 15 digits: a finding names the cell
        return CELL_NUMBER, Number(float(raw))
    if isinstance(raw, str):
        if not raw.strip():
            return CELL_BLANK, None
        return _parse_text(raw)
    return CELL_TEXT, None


def _expected_figure(raw: object) -> str:
    """What a cell that does not read as a figure should hold: for one of more than 15 digits the
    limit :func:`~luzhou_disclosure._numbers.parse_number` names, as records files say."""
    try:
        parse_number(raw)
    except ValueError as exc:
        if str(exc) == TOO_LARGE:
            return TOO_LARGE
    return "a number such as 12, 3件 or ８１１, or blank, /, —, 无, 不适用 for not applicable"


def _text(raw: object) -> str:
    return str(raw).strip()


_NUMBER_START = frozenset("0123456789０１２３４５６７８９+-－")


def _row_labels(
    row: list[Any], kinds: _Kinds, first_value: int
) -> tuple[list[tuple[int, str]], list[int]]:
    """The row's label cells (text before its first figure) as (column, text), and the columns of
    numbers of more than 15 digits among them: those read as text (they are no figure) but are no
    label either (see :func:`_interpret_row_of`)."""
    labels, too_large = [], []
    for c in range(first_value):
        if kinds[c][0] != CELL_TEXT:
            continue
        raw = row[c]
        if (
            raw.__class__ is float
            or raw.__class__ is int
            or (isinstance(raw, str) and raw.lstrip()[:1] in _NUMBER_START)
        ) and _expected_figure(raw) == TOO_LARGE:
            too_large.append(c)
            continue
        labels.append((c, _text(raw)))
    return labels, too_large


# --- the reading ----------------------------------------------------------------------------------


def row_kinds(row: list[Any]) -> tuple[_Kinds, int] | None:
    """The kinds of a row's cells (:func:`classify_cell`) and its first value column (its first
    number or NA token; ``len(row)`` without one), or ``None`` for a row without a non-blank cell,
    which the interpreter skips."""
    kinds = [classify_cell(v) for v in row]
    if all(k == CELL_BLANK for k, _ in kinds):
        return None
    first_value = next(
        (c for c, (k, _) in enumerate(kinds) if k in (CELL_NA, CELL_NUMBER)), len(row)
    )
    return kinds, first_value


@dataclass
class Reading:
    """The reading of one grid, row by row: :func:`interpret_rows` is a loop over it.

    ``Reading(agency, year, refs, flattened=...)``, then :meth:`read_row` for each row that is not
    blank (:func:`row_kinds` gives its kinds and first value column), then :meth:`finish`. The
    state between rows is what the rows so far said: the section and the header rows being read
    (``head_rows``, ``(row, cells)`` each), each section's columns, the votes for a form, the rows
    seen; ``records`` and ``findings`` grow as rows are read (by ``append`` only).

    The interpreter looks at a row's cells only by indexing ``row`` and ``kinds`` (``row[c]``,
    ``kinds[c]``): a caller may pass list subclasses that note which cells it looked at, as
    :mod:`luzhou_disclosure.readers._layout` does.
    """

    agency: str | None
    year: int | None
    refs: Callable[[int, int], str]
    #: the grid is rebuilt from text lines: its header cells stand above no figure in particular
    flattened: bool = False
    records: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    votes: dict[str, int] = field(default_factory=lambda: {"2019": 0, "2021": 0})
    section: str | None = None
    # the header rows being read: their section, the rows, and whether the last row was one
    head_section: str | None = None
    head_rows: tuple = ()
    head_open: bool = False
    #: section → what its last header says about the columns
    cols: dict[str, HeaderColumns | None] = field(
        default_factory=lambda: {"二": None, "三": None, "四": None}
    )
    told: set[tuple[str, int]] = field(default_factory=set)  # headers whose problems were reported
    # section 三
    group: str | None = None
    group_label: str = ""
    # section 四
    review_rows: int = 0
    seen: dict[str, set] = field(default_factory=lambda: {"二": set(), "三": set(), "四": set()})
    other_handling_rows: int = 0
    last_ref: dict[str, str] = field(default_factory=dict)

    def read_row(self, r: int, row: list[Any], kinds: _Kinds, first_value: int) -> None:
        """Read grid row ``r`` (``kinds`` and ``first_value`` as :func:`row_kinds` gives them):
        its labels, then the row. A number of more than 15 digits that the row's reading did not
        name (one among the labels, or under no column) is a finding naming its cell."""
        labels, too_large = _row_labels(row, kinds, first_value)
        n_findings = len(self.findings)
        _interpret_row(self, r, row, kinds, labels, first_value)
        for c in too_large:
            ref = self.refs(r, c)
            if not any(
                ref in f["sources"].split(SOURCE_SEPARATOR) for f in self.findings[n_findings:]
            ):
                self.finding(
                    "unreadable_cell",
                    f"cannot read {row[c]!r} as a label or a figure; expected {TOO_LARGE}",
                    ref,
                )

    def finish(
        self, form: str | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]:
        """End the reading: decide the form (``form`` when the labels do not tell, see
        :func:`interpret_grid`), name the tables cut short; (records, findings, form)."""
        chosen = _decide_form(self, form)
        _check_complete(self, chosen)
        for rec in self.records:
            rec["form"] = chosen
        return self.records, self.findings, chosen

    def copy(self) -> Reading:
        """A reading in this one's state that reads on apart from it, without records or findings
        (the state's containers hold only immutable values, or sets of them)."""
        return Reading(**{k: _copy(v) for k, v in vars(self).items() if k not in _MADE})

    def same_state(self, other: Reading) -> bool:
        """Whether ``other`` is in this reading's state (whatever records and findings they made):
        it reads every further row as this one does."""
        return all(v == getattr(other, k) for k, v in vars(self).items() if k not in _MADE)

    def finding(
        self,
        rule: str,
        message: str,
        sources: str,
        *,
        section: str | None = None,
        item: str | None = None,
        found: float | None = None,
    ) -> None:
        self.findings.append(
            {
                "rule": rule,
                "ok": False,
                "severity": "warning",
                "agency": self.agency,
                "year": self.year,
                "section": section,
                "item": item,
                "found": found,
                "message": message,
                "sources": sources,
            }
        )


_MADE = ("records", "findings")  # what a reading makes, as against its state


def _copy(value: Any) -> Any:
    if value.__class__ is dict:
        return {k: v.copy() if v.__class__ is set else v for k, v in value.items()}
    if value.__class__ is list or value.__class__ is set:
        return value.copy()
    return value


def interpret_rows(
    cells: list[list[object]],
    refs: Callable[[int, int], str],
    *,
    agency: str | None,
    year: int | None,
    form: str | None = None,
    flattened: bool = False,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]:
    """Like :func:`interpret_grid`, but return plain row dicts (records, findings) and the form.

    Building DataFrames is the slow part for small grids; :func:`luzhou_disclosure.forms.read_forms`
    collects the dicts of many workbooks and builds one DataFrame at the end. A loop over a
    :class:`Reading`.
    """
    reading = Reading(agency, year, refs, flattened=flattened)
    for r, row in enumerate(cells):
        read = row_kinds(row)
        if read is not None:
            reading.read_row(r, row, *read)
    return reading.finish(form)


def interpret_grid(
    cells: list[list[object]],
    refs: Callable[[int, int], str],
    *,
    agency: str | None,
    year: int | None,
    form: str | None = None,
    flattened: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Interpret a grid holding standard-form tables (sections 二, 三, 四, or some of them).

    Parameters
    ----------
    cells
        Rows of cell values as python-calamine gives them: ``str``, ``float``, ``int``, ``""`` for
        an empty cell. Rows may differ in length.
    refs
        ``refs(r, c)`` names the source of the cell at grid row ``r``, column ``c`` (0-based): for a
        workbook ``"file.xlsx!Sheet!C5"``, for a text ``"file.txt:LINE:START-END"``.
    agency, year
        Stored in every record and finding (either may be ``None``: NA).
    form
        ``"2019"`` or ``"2021"``: the format to assume when the labels do not tell (a grid holding
        only section 四, say). When the labels tell, they win. Without it, the year decides
        (2021 onwards: ``"2021"``).
    flattened
        True for a grid rebuilt from a table flattened into text (header cells on rows of their own,
        each row of figures right after its labels): its header cells stand above no figure in
        particular, so figures are placed in the order the header names its columns, for rows of
        exactly that many cells, with `` (positional)`` after their source. False (a workbook, a
        PDF, Word or HTML table whose cells keep their columns): every figure by the header above
        it.

    Returns
    -------
    records : DataFrame
        The figures in the records model (``docs/records.md``); every cell of the tables becomes a
        record (a blank or ``/`` cell gives NA, never 0), with the label as written in ``label``
        and ``refs(r, c)`` in ``source`` (followed by `` (positional)`` where no header lined up
        with the figure, or where the row's labels took extra cells and its figures were read
        right-aligned to the header). ``form`` holds the format found in the labels.
    findings : DataFrame
        The findings schema (``_findings.py``), one row per cell that could not be read or stands
        under no column header (``unreadable_cell``), row with figures that could not be placed
        (``unplaced_row``), table or row that stops short (``truncated_table``) and header that
        names a column the table does not have, two columns alike or lacks one
        (``header_mismatch``); severity ``warning``.

    Warns
    -----
    DisclosureWarning
        When there are findings (one warning summarising them).

    Examples
    --------
    Section 四 with its header over three rows (merged cells left blank) and its groups in another
    order than the official one: each figure is read under its header.

    >>> grid = [["行政诉讼", "", "", "", "", "", "", "", "", "", "行政复议"],
    ...         ["复议后起诉", "", "", "", "", "未经复议直接起诉"],
    ...         ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
    ...         [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, "1", "１", "/", "0", "2件"]]
    >>> recs, found = interpret_grid(grid, lambda r, c: f"t:{r}:{c}", agency="甲局", year=2021)
    >>> recs.loc[:4, ["item", "field", "count", "source"]].values.tolist()
    [['行政复议', '结果维持', 1, 't:3:10'], ['行政复议', '结果纠正', 1, 't:3:11'],
     ['行政复议', '其他结果', <NA>, 't:3:12'], ['行政复议', '尚未审结', 0, 't:3:13'],
     ['行政复议', '总计', 2, 't:3:14']]
    >>> len(found), recs["form"].iloc[0]
    (0, '2021')
    """
    records, findings, _ = interpret_rows(
        cells, refs, agency=agency, year=year, form=form, flattened=flattened
    )
    if findings:
        warn_first(findings)
    return make_records(records), make_findings(findings)


# --- one row ------------------------------------------------------------------------------------


def _interpret_row(
    st: Reading,
    r: int,
    row: list[Any],
    kinds: _Kinds,
    labels: list[tuple[int, str]],
    first_value: int,
) -> None:
    has_values = first_value < len(row)
    keys = [(c, text, match_key(text)) for c, text in labels]
    was_open, st.head_open = st.head_open, False

    # -- header rows (text; at most NA tokens such as a "/" in a corner) --
    if not has_values:  # (a header cell written out over its span votes once)
        _vote_keys(st, list(dict.fromkeys(k for _, _, k in keys)))
    if keys:
        section = _header_section(st, keys, was_open)
        if section is not None and (not has_values or not _has_number(row, kinds, first_value)):
            _header_row(st, r, section, keys, was_open)
            return
    # -- data rows --
    if keys:
        if _article20_row(st, r, row, kinds, keys):
            return
        if _applications_row(st, r, row, kinds, keys):
            return
        if st.section == "四" and _review_labels_fit(st, keys):
            _review_row(st, r, row, kinds, keys)
            return
    elif has_values and st.section == "四":
        _review_row(st, r, row, kinds, keys)
        return
    if has_values:
        values = [c for c in range(first_value, len(row)) if kinds[c][0] == CELL_NUMBER]
        text = " ".join(t for _, t in labels) or "(no label)"
        if values:
            st.finding(
                "unplaced_row",
                f"row {text!r} holds figures but is not a row of the standard "
                "tables (sections 二, 三, 四); check its label",
                st.refs(r, values[0]),
            )
    elif keys and st.section == "三" and st.group is not None:
        # a label-only row inside section 三: a group label on a row of its own
        _outcome_labels(st, keys)


def _has_number(row: list[Any], kinds: _Kinds, first_value: int) -> bool:
    return any(kinds[c][0] == CELL_NUMBER for c in range(first_value, len(row)))


def _vote_keys(st: Reading, keys: list[str]) -> None:
    for k in keys:
        if k in _FORM_2021_KEYS or k.startswith(_FORM_2021_PREFIX):
            st.votes["2021"] += 1
        elif k in _FORM_2019_KEYS or k.startswith(_FORM_2019_PREFIX):
            st.votes["2019"] += 1


# -- header rows --


def _header_section(st: Reading, keys: _Labels, was_open: bool) -> str | None:
    """The section whose header this row of labels belongs to, or None (not a header row).

    A row with a column header of section 二 (a field, 信息内容, a 第二十条 block), 三 (an
    applicant, 申请人情况, the 勾稽关系 note) or 四 (行政复议, 行政诉讼, a field of them), in that
    order of precedence; else, right below a header row, a row of further header cells
    (（单位：万元）, 小计, 备注) that names no row of a table.
    """
    texts = tuple(text for _, text, _ in keys)
    section = _header_words(texts)
    if section is None and was_open and st.head_section is not None:
        if _continues(st.head_section, texts):
            return st.head_section
    return section


@lru_cache(maxsize=4096)
def _header_words(texts: tuple[str, ...]) -> str | None:
    """The section whose column headers ``texts`` (a row's labels) name, if any."""
    if any((w := article20_word(t)) is not None and w[0] in ("field", BLOCK) for t in texts):
        return "二"
    if any(match_key(t).startswith("信息内容") for t in texts):
        return "二"
    words = [applicant_word(t) for t in texts]
    if any(w in ("自然人", *ORGS[:4], LEGAL_PERSONS, GROUP, NOTE) for w in words):
        return "三"
    review = [review_word(t) for t in texts]
    if any(w is not None and w[0] == "group" and w[1] != -1 for w in review) or (
        sum(w is not None and w[0] == "field" for w in review) >= 3
    ):
        return "四"
    return None


@lru_cache(maxsize=4096)
def _continues(section: str, texts: tuple[str, ...]) -> bool:
    """Whether a row of labels right under a header of ``section`` is one more header row: header
    words of the section (总计 or 其他 alone on a row), or words that name no row of a table."""
    word_of = WORD_OF[section]
    return all(word_of(t) is not None for t in texts) or not _names_a_row(texts)


def _names_a_row(texts: tuple[str, ...]) -> bool:
    """Whether a label names a row of the tables (an item, a group, a flow row)."""
    for text in texts:
        k = match_key(text)
        if k in _A20_ITEMS or k in _FLOW or k in _GROUPS or k in _CONTEXT_3:
            return True
        if label_key(text).startswith(_GROUP_LABEL_PREFIXES):
            return True
        if any(_prefix_match(k, table) is not None for table in _OUTCOMES.values()):
            return True
    return False


def _header_row(st: Reading, r: int, section: str, keys: _Labels, was_open: bool) -> None:
    cells = tuple((c, text) for c, text, _ in keys)
    if was_open and st.head_section == section and st.head_rows:
        st.head_rows = (*st.head_rows, (r, cells))
    else:
        st.head_section, st.head_rows = section, ((r, cells),)
        if section == "四":
            st.review_rows = 0
    st.head_open = True
    st.section = section
    st.cols[section] = header_columns(section, st.head_rows, flattened=st.flattened)
    if section == "三":
        st.group = None
    if section == "四":
        st.seen["四"].add("header")
        st.last_ref["四"] = st.refs(r, keys[0][0])


def _tell(st: Reading, section: str, cols: HeaderColumns, where: str) -> None:
    """Report the problems of a header (once), when a row is read under it."""
    if (section, cols.start) in st.told:
        return
    st.told.add((section, cols.start))
    for rule, message, r, c in cols.problems:
        st.finding(rule, message, st.refs(r, c), section=where)


def _row_columns(
    st: Reading, row: list[Any], kinds: _Kinds, keys: _Labels, section: str
) -> tuple[HeaderColumns | None, _Labels]:
    """The columns for reading a row of ``section`` (:func:`_spilled`) and the row's label cells
    left of them (:func:`_left`)."""
    cols = _spilled(st, row, kinds, keys, section)
    return cols, _left(keys, cols)


def _spilled(
    st: Reading,
    row: list[Any],
    kinds: _Kinds,
    keys: _Labels,
    section: str,
) -> HeaderColumns | None:
    """The columns of ``section`` for reading a row of it: moved right under the row's figures
    when its labels took more cells than the header has label columns (see "Labels split over
    extra cells" in the module docstring), else as they are.

    Only a row of the section being read is looked at, and its cells' kinds only when the row's
    labels and length allow it (reading many forms of one layout, :mod:`._layout`, takes what
    the interpreter looked at as what decided the reading).
    """
    cols = st.cols[section]
    if cols is None or not cols.aligned or st.section != section or not keys:
        return cols
    start = keys[-1][0] + 1  # the cell after the last label
    end = start + cols.roles[-1][0] - cols.first + 1  # as many cells as the header's figures
    if start <= cols.first or end <= cols.right or end > len(row):
        return cols
    if any(kinds[c][0] != CELL_NUMBER and kinds[c][0] != CELL_NA for c in range(start, end)) or any(
        kinds[c][0] != CELL_BLANK for c in range(end, len(row))
    ):
        return cols
    return cols.shifted(start - cols.first)


def _left(keys: _Labels, cols: HeaderColumns | None) -> _Labels:
    """The label cells of a row left of a lined-up header's first column (the rest are figures),
    but for remarks (a 备注 column)."""
    if cols is None or not cols.aligned:
        return keys
    return [k for k in keys if k[0] < cols.first and k[0] not in cols.remarks]


# -- placing a row's figures --


def _place(
    st: Reading,
    r: int,
    row: list[Any],
    kinds: _Kinds,
    cols: HeaderColumns | None,
    official: tuple[Any, ...],
    *,
    start: int,
    item: str,
    section: str,
    where: str,
) -> tuple[list[tuple[int, Any]], bool]:
    """The (column, role) of a row's figures and whether they were placed by position.

    Under a header that lines up, the header's columns; figures elsewhere right of the labels are
    findings. Else by position from ``start``: in the header's reading order, or without a header in
    the ``official`` order, when the row has exactly that many cells; otherwise a finding and none.
    """
    if cols is not None:
        _tell(st, section, cols, where)
    if cols is not None and cols.aligned:
        _stray_cells(st, r, row, kinds, cols, start=start, item=item, section=section, where=where)
        return list(cols.roles), cols.shift > 0
    order = official if cols is None else cols.sequence
    # the findings of a row not read name every cell it holds
    cells = [c for c in range(start, len(row)) if kinds[c][0] != CELL_BLANK]
    sources = SOURCE_SEPARATOR.join(st.refs(r, c) for c in cells) or st.refs(r, max(start - 1, 0))
    if order is None:  # a header that neither lines up nor reads in order (told above)
        if cells:
            st.finding(
                "unplaced_row",
                f"the figures of row {item!r} cannot be placed: the header of section {section} "
                "above them cannot be read; not read",
                sources,
                section=where,
            )
        return [], False
    full, end = len(row) - start, _end(row, kinds, start) - start
    n = len(order)
    if end <= n <= full:
        return [(start + i, role) for i, role in enumerate(order) if role != REMARK], True
    header = "the header's" if cols is not None else "the official table's"
    if end < n:
        st.finding(
            "truncated_table",
            f"row {item!r} stops after {end} of {n} cells; without a header lined up with its "
            f"figures they can only be placed by position, which needs all {n} ({header} "
            "columns): not read",
            sources,
            section=where,
        )
    else:
        st.finding(
            "unplaced_row",
            f"row {item!r} holds {end} cells where {header} columns are {n}; without a header "
            "lined up with its figures they cannot be placed: not read",
            sources,
            section=where,
        )
    return [], False


def _stray_cells(
    st: Reading,
    r: int,
    row: list[Any],
    kinds: _Kinds,
    cols: HeaderColumns,
    *,
    start: int,
    item: str,
    section: str,
    where: str,
) -> None:
    """Findings for what a row holds right of its labels but outside the header's columns."""
    used = {c for c, _ in cols.roles}
    repeats = dict(cols.repeats)
    for c in range(start, len(row)):
        if c in used:
            continue
        kind = kinds[c][0]
        if kind == CELL_BLANK or kind == CELL_NA or (kind == CELL_TEXT and c in cols.remarks):
            continue
        if c in repeats and row[c] == row[repeats[c]]:
            continue  # a merged cell written out: the same figure again
        label = cols.header_above(c)
        if label is None:
            under = "under no column header"
        elif c == label.c or c in label.repeats:
            under = f"under the column header {label.text!r} ({st.refs(label.r, label.c)})"
        else:
            under = (
                f"under no column header of its own (the header cell spanning it is "
                f"{label.text!r}, {st.refs(label.r, label.c)})"
            )
        st.finding(
            "unreadable_cell",
            f"cell {row[c]!r} of row {item!r} stands {under}, outside the columns of section "
            f"{section}; not read",
            st.refs(r, c),
            section=where,
            item=item,
        )


# -- section 二 --


def _article20_row(st: Reading, r: int, row: list[Any], kinds: _Kinds, keys: _Labels) -> bool:
    cols, left = _row_columns(st, row, kinds, keys, "二")
    if not left:
        return False
    c0, _text_, k = left[-1]
    if cols is not None and cols.shift and k not in _A20_ITEMS:
        k = match_key("".join(t for _, t, _ in left))  # 行政规范 | 性文件: one label split in two
    item = _A20_ITEMS.get(k)
    if item is None:
        return False
    _vote_keys(st, [k])
    st.section = "二"
    named = (
        dict(cols.roles)
        if cols is not None and cols.aligned
        else dict(enumerate(cols.sequence or ()))
        if cols is not None
        else {}
    )
    named = {c: role for c, role in named.items() if role != REMARK}
    layout, spec = _article20_layout(st, item, named)
    st.seen["二"].add(spec.item)
    st.last_ref["article20"] = st.refs(r, c0)
    label = " ".join(t for _, t, _ in left)
    official = tuple((layout, f) for f, _ in spec.fields)
    placed, positional = _place(
        st,
        r,
        row,
        kinds,
        cols,
        official,
        start=c0 + 1,
        item=spec.item,
        section="二",
        where="article20",
    )
    units = dict(cols.units) if cols is not None else {}
    by_field = {field_in(layout, fname): c for c, (_, fname) in placed}
    wanted = [fname for fname, _ in spec.fields]
    missing = [f for f in wanted if f not in by_field]
    if placed and missing:
        said = ", ".join(f for _, (_, f) in placed)
        st.finding(
            "header_mismatch",
            f"the header above {spec.item} names {said}; the {layout} form has "
            f"{', '.join(wanted)} there, so {', '.join(missing)} cannot be read",
            st.refs(r, c0),
            section="article20",
            item=spec.item,
        )
    for c, (_, fname) in placed:
        if (
            field_in(layout, fname) not in wanted
            and c < len(row)
            and kinds[c][0] in (CELL_NUMBER, CELL_TEXT)
        ):
            st.finding(
                "header_mismatch",
                f"cell {row[c]!r} of row {spec.item} stands under the column {fname}, which "
                f"{spec.item} does not have in the {layout} form ({', '.join(wanted)}); not read",
                st.refs(r, c),
                section="article20",
                item=spec.item,
            )
    for fname, measure in spec.fields:
        col = by_field.get(fname)
        if col is None:
            continue
        unit = units.get(col) if measure == "amount" else None
        if unit is None:
            unit = _ARTICLE20_UNITS.get(fname)
        what = _Figure(label, "article20", spec.item, spec.parent, TOTAL, fname, measure, unit)
        _emit(st, r, col, row, kinds, what, positional)
    return True


def _article20_layout(st: Reading, item: str, named: dict[int, Any]) -> tuple[str, Any]:
    """The form whose row ``item`` the header's fields fit best, and that row of the form.

    The form whose row has a field for most of the header's columns; of two, the one whose fields
    the header names more of; then the form the labels so far (or the year) lean to.
    """
    lean = _lean(st)
    if not named:  # no header: the form the labels so far (or the year) lean to
        spec = _a20_row(lean, item)
        if spec is not None:
            return lean, spec
        other = "2021" if lean == "2019" else "2019"
        return other, _a20_row(other, item)
    fields = {fname for _, fname in named.values()}
    best = None
    for form in (lean, "2021" if lean == "2019" else "2019"):
        spec = _a20_row(form, item)
        if spec is None:
            continue
        have = {field_in(form, f) for f in fields}
        wanted = {f for f, _ in spec.fields}
        score = (len(have - wanted), len(wanted - have))
        if best is None or score < best[0]:
            best = (score, form, spec)
    if best is None:  # pragma: no cover - every item is in one of the two layouts
        raise AssertionError(item)
    return best[1], best[2]


# -- section 三 --


def _applications_row(st: Reading, r: int, row: list[Any], kinds: _Kinds, keys: _Labels) -> bool:
    cols, left = _row_columns(st, row, kinds, keys, "三")
    if not left:
        return False
    saved = (st.group, st.group_label)
    kind, item, label = _outcome_labels(st, left)
    if kind is None or item is None:  # the two are None together
        st.group, st.group_label = saved
        return False
    st.section = "三"
    if kind == "flow":
        section, parent = "applications", None
    else:
        section = "outcomes"
        parent = None if item in (OTHER_HANDLING, TOTAL, "予以公开", "部分公开") else st.group
        if item == "其他" and parent is None:
            return False
    if item == OTHER_HANDLING:  # the 2019 layout's single 其他处理 row
        st.other_handling_rows += 1
    st.seen["三"].add(item if parent is None else (parent, item))
    text = " ".join(t for _, t, _ in left)
    st.last_ref[section] = st.refs(r, left[-1][0])
    placed, positional = _place(
        st,
        r,
        row,
        kinds,
        cols,
        APPLICANTS_7,
        start=max(c for c, _, _ in left) + 1,
        item=text,
        section="三",
        where="outcomes",
    )
    for c, applicant in sorted(placed, key=lambda x: _APPLICANT_ORDER[x[1]]):
        what = _Figure(label, section, item, parent, applicant, None, "count", "件")
        _emit(st, r, c, row, kinds, what, positional)
    if item in (CARRIED_FORWARD,):
        st.group = None
    return True


_APPLICANT_ORDER = {a: i for i, a in enumerate(APPLICANTS_8)}


# -- section 四 --


def _review_labels_fit(st: Reading, keys: _Labels) -> bool:
    """Whether a row with labels in section 四 is its row of figures (labels left of the
    columns)."""
    cols = st.cols["四"]
    return cols is not None and cols.aligned and not _names_a_row(tuple(t for _, t, _ in keys))


def _review_row(
    st: Reading,
    r: int,
    row: list[Any],
    kinds: _Kinds,
    keys: _Labels,
) -> None:
    cols, left = _row_columns(st, row, kinds, keys, "四")
    if st.review_rows:
        values = [c for c in range(len(row)) if kinds[c][0] == CELL_NUMBER]
        st.finding(
            "unplaced_row",
            "a second row of figures under the section 四 header; the table has one row",
            st.refs(r, values[0] if values else _first_value(kinds)),
            section="reconsideration",
        )
        return
    st.review_rows += 1
    if left:
        start = max(c for c, _, _ in left) + 1
    elif cols is not None and cols.aligned:
        start = 0
    else:  # placed by position from the first figure
        start = _first_value(kinds)
    official = tuple((g, f) for g in range(3) for f in REVIEW_FIELDS)
    placed, positional = _place(
        st,
        r,
        row,
        kinds,
        cols,
        official,
        start=start,
        item="section 四",
        section="四",
        where="litigation",
    )
    for c, (g, fname) in sorted(placed, key=lambda x: _REVIEW_ORDER[x[1]]):
        section, item, parent = REVIEW_GROUPS[g]
        label = f"{parent + ' ' if parent else ''}{item} {fname}"
        what = _Figure(label, section, item, parent, TOTAL, fname, "count", "件")
        _emit(st, r, c, row, kinds, what, positional)
    st.seen["四"].add("row")


_REVIEW_ORDER = {
    (g, f): i for i, (g, f) in enumerate((g, f) for g in range(3) for f in REVIEW_FIELDS)
}


# -- helpers --


def _outcome_labels(st: Reading, keys: _Labels) -> tuple[str | None, str | None, str]:
    """Walk a row's label cells: set the group, return (kind, item, label) of the row's item."""
    item_text: str | None = None
    for _c, text, _ in keys:
        lk = strip_ordinal(label_key(text))
        pk = PUNCT.sub("", lk)
        if pk in _CONTEXT_3:
            continue
        group = _GROUPS.get(pk)
        if group is not None:
            st.group, st.group_label = group, text
            continue
        for glk, g in _GROUP_LABEL_KEYS:
            if lk.startswith(glk) and len(lk) > len(glk):
                st.group, st.group_label = g, text
                rest = strip_ordinal(lk[len(glk) :])
                item_text = text
                return _match_outcome(st, PUNCT.sub("", rest), text)
        item_text = text
    if item_text is None:
        if st.group == OTHER_HANDLING:
            return "outcome", OTHER_HANDLING, st.group_label
        return None, None, ""
    return _match_outcome(st, match_key(item_text), item_text)


def _match_outcome(st: Reading, k: str, text: str) -> tuple[str | None, str | None, str]:
    if k in _FLOW:
        st.group = None
        return "flow", _FLOW[k], text
    if st.group is not None:
        item = _prefix_match(k, _OUTCOMES[st.group])
        if item is not None:
            label = text if text == st.group_label else f"{st.group_label} {text}"
            return "outcome", item, label
    item = _prefix_match(k, _OUTCOMES[None])
    if item is not None:
        st.group = None
        return "outcome", item, text
    for ok, group in _OUTCOME_GROUP_OF.items():
        if k == ok or (len(ok) >= 4 and k.startswith(ok)):
            st.group = group
            return "outcome", _OUTCOMES[group][ok], text
    return None, None, text


def _prefix_match(k: str, table: dict[str, str]) -> str | None:
    if k in table:
        return table[k]
    best = None
    for ok, item in table.items():
        if len(ok) >= 4 and k.startswith(ok) and (best is None or len(ok) > len(best[0])):
            best = (ok, item)
    return best[1] if best else None


class _Figure(NamedTuple):
    """What a cell's figure is: the fields of its record but the figure and its source."""

    label: str
    section: str
    item: str
    parent: str | None
    applicant: str
    field_: str | None
    measure: str
    unit: str | None


def _emit(
    st: Reading, r: int, c: int, row: list[Any], kinds: _Kinds, figure: _Figure, positional: bool
) -> None:
    """Record the figure of cell ``c`` of row ``r`` (reading the cell once from ``row`` and once
    from ``kinds``, where the row has it), or a finding for a cell that holds no figure."""
    label, section, item, parent, applicant, field_, measure, unit = figure
    raw = row[c] if c < len(row) else ""
    kind, number = kinds[c] if c < len(kinds) else (CELL_BLANK, None)
    count = value = None
    approx = False
    if kind == CELL_TEXT:
        st.finding(
            "unreadable_cell",
            f"cannot read {raw!r} as a figure for {label} "
            f"({applicant if field_ is None else field_}); expected {_expected_figure(raw)}",
            st.refs(r, c),
            section=section,
            item=item,
        )
    elif kind == CELL_NUMBER and number is not None:
        approx = number.approx
        if number.unit and number.unit not in ("%",):
            unit = (
                number.unit
                if measure != "amount"
                else (number.unit if number.unit in ("元", "万元") else unit)
            )
        if measure in ("count", "change"):
            if not number.is_integer or number.unit == "%":
                what = "a percentage" if number.unit == "%" else "not a whole number"
                st.finding(
                    "unreadable_cell",
                    f"{raw!r} is {what}; {label} is a count",
                    st.refs(r, c),
                    section=section,
                    item=item,
                    found=number.value,
                )
            else:
                count = int(number.value)
        else:
            value = number.value
    source = st.refs(r, c)
    st.last_ref[section] = source
    if positional:
        source += POSITIONAL
    st.records.append(
        {
            "agency": st.agency,
            "year": st.year,
            "section": section,
            "item": item,
            "parent": parent,
            "applicant": applicant,
            "field": field_,
            "measure": measure,
            "count": count,
            "value": value,
            "unit": unit,
            "approx": approx,
            "label": label,
            "source": source,
        }
    )


def _first_value(kinds: _Kinds) -> int:
    """The row's first value column (its first number or NA token), as :func:`row_kinds` finds
    it, but looking at the cells one by one (``kinds[c]``)."""
    end = len(kinds)
    return next((c for c in range(end) if kinds[c][0] in (CELL_NA, CELL_NUMBER)), end)


def _end(row: list[Any], kinds: _Kinds, start: int) -> int:
    """One past the last non-blank cell of ``row`` at or after ``start`` (``start`` if none)."""
    end = len(row)
    while end > start and kinds[end - 1][0] == CELL_BLANK:
        end -= 1
    return end


def _lean(st: Reading) -> str:
    if st.votes["2021"] > st.votes["2019"]:
        return "2021"
    if st.votes["2019"] > st.votes["2021"]:
        return "2019"
    if st.year is not None and st.year >= 2021:
        return "2021"
    return "2019" if st.year is not None else "2021"


def _decide_form(st: Reading, form: str | None) -> str | None:
    v19, v21 = st.votes["2019"], st.votes["2021"]
    has_sub_other = any(isinstance(s, tuple) and s[0] == OTHER_HANDLING for s in st.seen["三"])
    if has_sub_other:
        v21 += 1
    if st.other_handling_rows:
        v19 += 1
    if v21 > v19:
        return "2021"
    if v19 > v21:
        return "2019"
    if form in ("2019", "2021"):
        return form
    if st.year is not None:
        return "2021" if st.year >= 2021 else "2019"
    return None


def _check_complete(st: Reading, form: str | None) -> None:
    if form is None:
        return
    seen2 = st.seen["二"]
    if seen2:
        items = [row.item for row in ARTICLE20[form]]
        missing = [
            i
            for i in items
            if i not in seen2
            and not (i == "行政规范性文件" and "规范性文件" in seen2)
            and not (i == "规范性文件" and "行政规范性文件" in seen2)
        ]
        if missing:
            st.finding(
                "truncated_table",
                f"section 二 stops before its rows {', '.join(missing)}",
                st.last_ref.get("article20", ""),
                section="article20",
            )
    seen3 = st.seen["三"]
    if seen3:
        expected: list[Any] = [RECEIVED, CARRIED_IN]
        for it in STANDARD_OUTCOMES:
            if form in it.forms:
                expected.append(
                    it.item
                    if it.parent is None or it.item in ("予以公开", "部分公开")
                    else (it.parent, it.item)
                )
        expected.append(CARRIED_FORWARD)
        if form == "2021" and OTHER_HANDLING in seen3:
            expected = [
                e for e in expected if not (isinstance(e, tuple) and e[0] == OTHER_HANDLING)
            ]
            expected.append(OTHER_HANDLING)
        missing = [e[1] if isinstance(e, tuple) else e for e in expected if e not in seen3]
        if missing:
            where = st.last_ref.get("outcomes") or st.last_ref.get("applications", "")
            st.finding(
                "truncated_table",
                f"section 三 lacks the rows {', '.join(missing)} (cut off?)",
                where,
                section="outcomes",
            )
    if st.seen["四"] and "row" not in st.seen["四"]:
        st.finding(
            "truncated_table",
            "section 四 has a header but no row of figures",
            st.last_ref.get("四", ""),
            section="reconsideration",
        )
