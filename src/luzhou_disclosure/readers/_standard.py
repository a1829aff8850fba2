"""The one interpreter of the official 2019/2021 standard-form tables (docs/formats.md §2–3).

Every reader hands its tables to :func:`interpret_grid` (or :func:`interpret_rows`) as a 2-D grid
of cell values, together with a function that names the source of a cell: the standard-form
workbook reader (:mod:`luzhou_disclosure.forms`), the report-text reader (tables flattened into
lines, :mod:`._text_tables`), and any reader of PDF, Word or HTML tables. The grid may hold
sections 二, 三 and 四 or only some of them, with header rows anywhere, merged cells (the text in the
first cell of the span and the others blank) or repeated ones (the text in every cell of the span),
label variants, and a table cut off mid-way.

How a figure's column is found
------------------------------
Each table's column headers (one, two or three rows of text above its figures) are read as a
whole: a header cell spans the columns up to the next header cell of its own row or of a row above
(repeated cells count as one), so every column has the chain of header cells over it, from the
group (申请人情况, 法人或其他组织, 行政诉讼, 第二十条第（一）项) down to the cell naming the column
(自然人, 小计, 复议后起诉 + 结果维持, 本年收费金额 + （单位：万元）). Header words are matched
loosely (:func:`_key`: NFKC, simplified characters, no ordinals, spaces, line breaks or
punctuation). A figure is read under the column its header names, whatever the order of the
columns; extra columns (小计 of 法人或其他组织, 备注, an empty spacer) are read as what they are
or not at all, and an optional column (小计) may be missing.

* A column whose header names nothing the table has, a figure under no column header, two
  columns naming the same thing, and a column the table needs but the header lacks are findings
  naming the cells and the header text; their figures are not read.
* Only where a table's header is missing or does not line up with its figures (a flattened text
  table: the header cells on lines of their own, each row of figures right after its labels) is a
  figure placed by its position in the row, and only when the row has exactly as many cells as the
  header names (or, without a header, as the official table has columns). Such a record's
  ``source`` ends in ``" (positional)"``.

How a row is read
-----------------
A row's *label cells* are its non-empty cells before the first cell that reads as a number or an NA
token (blank, ``/``, ``—``, ``无``, ``不适用``); under a header that lines up, only those left of the
header's first figure column (text under a figure column is an unreadable figure). The labels name
the row (规章, （三）不予公开 1.属于国家秘密, …); a group label such as （三）不予公开 given only on its
first sub-row is carried to the next ones.

Every cell that holds something the interpreter cannot read, and every row with figures that it
cannot place, becomes a finding (rule ``unreadable_cell``, ``unplaced_row``, ``truncated_table``,
``header_mismatch``, severity ``warning``) and a :class:`~luzhou_disclosure.errors.DisclosureWarning`;
nothing is dropped silently.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from .._findings import SOURCE_SEPARATOR, make_findings
from .._numbers import Number, parse_number
from .._vocab import (
    APPLICANT_GROUP_HEADERS,
    APPLICANT_HEADERS,
    ARTICLE20,
    ARTICLE20_FIELD_SYNONYMS,
    CARRIED_FORWARD,
    CARRIED_IN,
    LEGAL_PERSONS,
    NOT_PROCESSED,
    OTHER_HANDLING,
    RECEIVED,
    REFUSED,
    REMARK_HEADERS,
    REVIEW_FIELD_HEADERS,
    REVIEW_FIELDS,
    REVIEW_GROUP_HEADERS,
    REVIEW_GROUP_SUFFIXES,
    REVIEW_GROUPS,
    STANDARD_OUTCOMES,
    TOTAL,
    UNABLE,
    label_key,
    strip_ordinal,
)
from ..errors import DisclosureWarning
from ..records import make_records

__all__ = ["interpret_grid", "interpret_rows", "STANDARD_UNITS", "POSITIONAL"]

ORGS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
#: Applicant columns of section 三, without and with the 法人或其他组织 subtotal column.
APPLICANTS_7 = ("自然人", *ORGS, TOTAL)
APPLICANTS_8 = ("自然人", LEGAL_PERSONS, *ORGS, TOTAL)
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

_PUNCT = re.compile(r"[\s()\[\]{}<>,.:;\"'/\\|_\-—–~·!?*、，。：；“”‘’（）【】《》！？…]")


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """Matching key: label_key, leading ordinals dropped, punctuation dropped."""
    return _PUNCT.sub("", strip_ordinal(label_key(str(text))))


def _k(text: str) -> str:
    return _PUNCT.sub("", label_key(text))


# --- vocabulary keyed for matching ------------------------------------------------------------

_FLOW = {_k(RECEIVED): RECEIVED, _k(CARRIED_IN): CARRIED_IN, _k(CARRIED_FORWARD): CARRIED_FORWARD}
_GROUPS = {_k(g): g for g in (REFUSED, UNABLE, NOT_PROCESSED, OTHER_HANDLING)}
_GROUP_LABEL_KEYS = tuple(
    (label_key(g), g) for g in (REFUSED, UNABLE, NOT_PROCESSED, OTHER_HANDLING)
)
_CONTEXT_3 = {_k("本年度办理结果")}
#: (group or None) → {key: item}
_OUTCOMES: dict[str | None, dict[str, str]] = {}
for _it in STANDARD_OUTCOMES:
    if _it.item == OTHER_HANDLING:
        continue
    _OUTCOMES.setdefault(_it.parent, {})[_k(_it.item)] = _it.item
_OUTCOME_GROUP_OF = {
    k: g for g, items in _OUTCOMES.items() if g is not None for k in items if k != _k("其他")
}

_A20_ITEMS = {
    _k("规章"): "规章",
    _k("规范性文件"): "规范性文件",
    _k("行政规范性文件"): "规范性文件",
    _k("行政许可"): "行政许可",
    _k("其他对外管理服务事项"): "其他对外管理服务事项",
    _k("行政处罚"): "行政处罚",
    _k("行政强制"): "行政强制",
    _k("行政事业性收费"): "行政事业性收费",
    _k("政府集中采购"): "政府集中采购",
}
_A20_FIELDS = {
    _k(f): (form, f) for form, rows in ARTICLE20.items() for row in rows for f, _ in row.fields
}
for _word, _by_form in ARTICLE20_FIELD_SYNONYMS.items():
    _A20_FIELDS.setdefault(_k(_word), next(iter(_by_form.items())))
_A20_FIELD_KEYS_BY_LEN = sorted(_A20_FIELDS, key=len, reverse=True)
_A20_BLOCK = re.compile(r"第二十条第[(（]?([一二三四五六七八九十]+)[)）]?项")


def _a20_row(form: str, item: str) -> Any:
    for row in ARTICLE20[form]:
        name = row.item if row.item != "行政规范性文件" else "规范性文件"
        if name == item:
            return row
    return None


def _field_in(form: str, fname: str) -> str:
    """The name ``form`` gives the section 二 field a header calls ``fname``."""
    return ARTICLE20_FIELD_SYNONYMS.get(fname, {}).get(form, fname)


_FORM_2021_KEYS = {
    _k(x)
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
_FORM_2021_PREFIX = (_k("本年收费金额"),)
_FORM_2019_KEYS = {
    _k(x)
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
_FORM_2019_PREFIX = (_k("采购总金额"),)

# header words (what a header cell is to the table it heads)
_GROUP, _NOTE, _REMARK, _LABEL, _BLOCK, _UNIT = (
    "<group>",
    "<note>",
    "<remark>",
    "<label>",
    "<block>",
    "<unit>",
)
_SUBTOTAL, _SUM = "小计", "合计"
_REMARK_KEYS = frozenset(_k(w) for w in REMARK_HEADERS)
_APPLICANT_WORDS: dict[str, str] = {_k(w): a for w, a in APPLICANT_HEADERS.items()}
_APPLICANT_WORDS.update({_k(w): _GROUP for w in APPLICANT_GROUP_HEADERS})
_APPLICANT_WORDS.update({k: _REMARK for k in _REMARK_KEYS})
_APPLICANT_NAMES = frozenset(APPLICANTS_7)  # names of a column of their own, never a group
_LEGAL_KEY = _k(LEGAL_PERSONS)
_ANNOTATION = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_REVIEW_GROUP_WORDS = sorted(
    ((_k(w), 3 if g is None else g) for w, g in REVIEW_GROUP_HEADERS.items()),
    key=lambda x: -len(x[0]),
)
_REVIEW_FIELD_WORDS = sorted(
    ((_k(w), f) for w, f in REVIEW_FIELD_HEADERS.items()), key=lambda x: -len(x[0])
)
_LITIGATION = 3  # the group word 行政诉讼: the parent of groups 1 and 2
_REVIEW_GROUP_SUFFIXES = tuple(_k(w) for w in REVIEW_GROUP_SUFFIXES)
_UNIT_KEYS = frozenset(
    {"万元", "元", "件", "项", "个", "单位万元", "单位元", "单位件", "单位项", "单位个"}
)

_VOCABULARY_KEYS = tuple(
    {
        *_FORM_2021_KEYS,
        *_FORM_2021_PREFIX,
        *_FORM_2019_KEYS,
        *_FORM_2019_PREFIX,
        *_A20_FIELDS,
        *_APPLICANT_WORDS,
        *(k for k, _ in _REVIEW_GROUP_WORDS),
        *(k for k, _ in _REVIEW_FIELD_WORDS),
        *_UNIT_KEYS,
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
    泸州市统计局2021年政府信息公开工作年度报告): its key starts with no key of the vocabulary and holds
    none of the words the header tests look for. Right below a table's header such a row would be
    read as one more header row; :mod:`luzhou_disclosure.readers._layout` (which uses this test to
    read forms of one layout but different titles as one layout) makes sure it was not.
    """
    if _parse_text(text)[0] != _TEXT:
        return False
    full = label_key(text)
    lk = strip_ordinal(full)
    k = _PUNCT.sub("", lk)  # _key(text)
    if not k or k.startswith(_VOCABULARY_KEYS) or lk.startswith(_GROUP_LABEL_PREFIXES):
        return False
    if len(k) <= 24 and (_applicant_word(text) is not None or _review_word(text) is not None):
        return False  # (a header word is short: a group, a field, a unit or two in brackets)
    return (
        "申请人" not in k
        and "勾稽关系" not in k
        and "万元" not in k
        and not _A20_BLOCK.search(full)
    )


@lru_cache(maxsize=4096)
def _applicant_word(text: str) -> str | None:
    """What a section 三 header cell names: an applicant column, 小计/合计, a group, a note, remarks."""
    lk = strip_ordinal(label_key(text))
    k = _PUNCT.sub("", lk)
    if "勾稽关系" in k:
        return _NOTE
    word = _APPLICANT_WORDS.get(k)
    if (
        word is None
    ):  # 自然人（件）, 其他（个体工商户等）: the words before an explanation in brackets
        k = _PUNCT.sub("", _ANNOTATION.sub("", lk))
        word = _APPLICANT_WORDS.get(k)
    if word is None and k != _LEGAL_KEY and _LEGAL_KEY in k:  # 法人或其他组织小计
        rest = _APPLICANT_WORDS.get(k.replace(_LEGAL_KEY, "", 1))
        word = _SUBTOTAL if rest in (_SUBTOTAL, _SUM) else None
    return word


@lru_cache(maxsize=4096)
def _article20_word(text: str) -> tuple[str, Any] | None:
    """What a section 二 header cell names: ("field", (form, field)), or a block, 信息内容, a unit."""
    if _A20_BLOCK.search(label_key(text)):
        return _BLOCK, None
    k = _key(text)
    if k.startswith("信息内容"):
        return _LABEL, None
    for fk in _A20_FIELD_KEYS_BY_LEN:
        if k == fk or k.startswith(fk):
            return "field", _A20_FIELDS[fk]
    if len(k) >= 3:  # a field's name cut short (本年增/ for 本年增/减, 制发件数 for 本年制发件数)
        for part in (str.startswith, str.endswith):
            fields = {_A20_FIELDS[fk] for fk in _A20_FIELD_KEYS_BY_LEN if part(fk, k)}
            if len({_field_in("2021", f) for _, f in fields}) == 1:  # (the names of one field)
                return "field", min(fields)
    if k in _REMARK_KEYS:
        return _REMARK, None
    if k in _UNIT_KEYS or k.startswith("单位"):
        return _UNIT, None
    return None


@lru_cache(maxsize=4096)
def _review_word(text: str) -> tuple[str, int, str | None] | None:
    """What a section 四 header cell names: ("group", group, None) or ("field", group, field).

    ``group`` indexes REVIEW_GROUPS (0 行政复议, 1 未经复议直接起诉, 2 复议后起诉), or is 3 for 行政诉讼
    (1 or 2) and -1 for none. A cell may name both (行政复议-结果维持); what is left over must be
    short (a unit such as （件）).
    """
    k = _key(text)
    if k in _REMARK_KEYS:
        return _REMARK, -1, None
    rest, found = k, []
    for gk, g in _REVIEW_GROUP_WORDS:
        if gk in rest:
            found.append(g)
            rest = rest.replace(gk, "", 1)
    specific = sorted({g for g in found if g != _LITIGATION})
    if len(specific) > 1:
        return None
    group = specific[0] if specific else (_LITIGATION if found else -1)
    for fk, f in _REVIEW_FIELD_WORDS:
        if fk in rest:
            rest = rest.replace(fk, "", 1)
            return ("field", group, f) if len(rest) <= 2 else None
    if found:
        for suffix in _REVIEW_GROUP_SUFFIXES:
            rest = rest.replace(suffix, "", 1)
    return ("group", group, None) if found and not rest else None


# --- cells --------------------------------------------------------------------------------------

_BLANK, _NA, _NUM, _TEXT = 0, 1, 2, 3


@lru_cache(maxsize=16384)
def _parse_text(text: str) -> tuple[int, Number | None]:
    try:
        number = parse_number(text)
    except ValueError:
        return _TEXT, None
    return (_NA, None) if number is None else (_NUM, number)


def _classify(raw: object) -> tuple[int, Number | None]:
    if raw is None or raw == "":
        return _BLANK, None
    if isinstance(raw, bool):
        return _TEXT, None
    if isinstance(raw, int | float):
        if raw != raw:
            return _NA, None
        return _NUM, Number(float(raw))
    if isinstance(raw, str):
        if not raw.strip():
            return _BLANK, None
        return _parse_text(raw)
    return _TEXT, None


def _text(raw: object) -> str:
    return str(raw).strip()


# --- headers ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Label:
    """A header cell: grid row ``r``, column ``c``, spanning columns ``c`` to ``end - 1``.

    ``repeats``: the columns right of ``c`` that repeat the same text (a merged cell written out
    in every cell of its span, as PDF and HTML tables often are).
    """

    r: int
    c: int
    end: int
    text: str
    repeats: tuple[int, ...] = ()


#: the end of the span of a row's last header cell: no cell of its row follows
_FAR = 1 << 30


def _header_labels(
    rows: tuple, *, written_out: bool = True, nested: bool = True
) -> tuple[tuple[_Label, ...], ...]:
    """The header cells of ``rows`` ((r, ((c, text), …)), top to bottom), each with its span.

    A cell spans the columns up to the next cell of its row (a merged cell; how far a cell that
    names one column reaches below it, :func:`_leaves` decides) and, ``nested``, no further than
    the cell above it (复议后起诉 ends where 行政诉讼 does). ``written_out``: cells repeating the
    text of the cell on their left are that cell written out again (not across a column where a
    cell of a row above starts).
    """
    starts: set[int] = set()
    out: list[tuple[_Label, ...]] = []
    for r, cells in rows:
        runs: list[list[Any]] = []  # [first column, last column, text]
        for c, text in cells:
            if (
                written_out
                and runs
                and runs[-1][2] == text
                and runs[-1][1] == c - 1
                and c not in starts
            ):
                runs[-1][1] = c
            else:
                runs.append([c, c, text])
        labels = []
        for i, (c, last, text) in enumerate(runs):
            end = runs[i + 1][0] if i + 1 < len(runs) else _FAR
            if nested and out and (above := _covering(out[-1], c)) is not None:
                end = min(end, max(above.end, last + 1))
            labels.append(_Label(r, c, end, text, tuple(range(c + 1, last + 1))))
        starts.update(run[0] for run in runs)
        out.append(tuple(labels))
    return tuple(out)


def _covering(row: tuple[_Label, ...], c: int) -> _Label | None:
    for label in row:
        if label.c <= c < label.end:
            return label
    return None


def _leaves(
    table: tuple[tuple[_Label, ...], ...], names_a_column: Callable[[str], bool]
) -> list[list[_Label]]:
    """The chains of header cells over each column that has a header cell of its own, top to bottom.

    A leaf is a header cell with no cell of a lower header row within its span; its chain is the
    cells of the rows above whose span holds its column, then itself. A cell that names a column
    (``names_a_column``: 自然人, 总计, 结果维持, 本年制发件数, 备注) spans only its own column (and
    the cells repeating it) as far as cells below it go: a cell further right in a lower row is
    another column (总计 then 小计 written in the row below), not a part of it; a cell under it
    (（单位：万元） under 本年收费金额) is.
    """

    def under(label: _Label, c: int) -> bool:
        if names_a_column(label.text):
            return label.c <= c <= label.c + len(label.repeats)
        return label.c <= c < label.end

    chains = []
    for i, row in enumerate(table):
        for label in row:
            if any(under(label, x.c) for lower in table[i + 1 :] for x in lower):
                continue
            chain = [x for upper in table[:i] for x in upper if under(x, label.c)]
            chains.append([*chain, label])
    chains.sort(key=lambda chain: chain[-1].c)
    return chains


def _reading_order(table: tuple[tuple[_Label, ...], ...]) -> list[_Label]:
    return [label for row in table for label in row]


def _words_in_order(
    table: tuple[tuple[_Label, ...], ...], word_of: Callable[[str], Any]
) -> list[tuple[str, Any]]:
    """The header's texts in reading order with what they name (``word_of``), None if nothing.

    A word broken over cells that follow each other (商业 | 企业, as a table flattened one cell
    per line may give it) is joined again when the cells name nothing alone and together do.
    """
    texts = [label.text for label in _reading_order(table)]
    out, i = [], 0
    while i < len(texts):
        word = word_of(texts[i])
        j = 0
        if word is None:
            for j in range(1, 4):
                if i + j >= len(texts) or word_of(texts[i + j]) is not None:
                    j = 0
                    break
                word = word_of("".join(texts[i : i + j + 1]))
                if word is not None:
                    break
            else:
                j = 0
        out.append(("".join(texts[i : i + j + 1]), word))
        i += j + 1
    return out


@dataclass(frozen=True)
class _Cols:
    """What the header rows of one table say about its columns (see the module docstring).

    ``roles``: (column, what it holds) of the columns the header names, by column: an applicant
    (section 三), (form, field) (section 二), (group, field) (section 四). ``first``: the leftmost of
    them (-1: none). ``aligned``: whether the header lines up with the figures below it (else its
    columns are only known in reading order: ``sequence``, or not at all: None). ``problems``:
    (rule, message, r, c) to report once, when a row is read under the header.
    """

    start: int
    table: tuple[tuple[_Label, ...], ...]
    roles: tuple[tuple[int, Any], ...] = ()
    first: int = -1
    aligned: bool = False
    sequence: tuple[Any, ...] | None = None
    remarks: frozenset[int] = frozenset()
    repeats: tuple[tuple[int, int], ...] = ()
    units: tuple[tuple[int, str], ...] = ()
    problems: tuple[tuple[str, str, int, int], ...] = ()

    def header_above(self, c: int) -> _Label | None:
        """The lowest header cell whose span holds column ``c``."""
        for row in reversed(self.table):
            label = _covering(row, c)
            if label is not None:
                return label
        return None


def _is_unit(text: str) -> bool:
    """A header cell that only gives a unit (单位：件, （万元）)."""
    k = _key(text)
    return k in _UNIT_KEYS or k.startswith("单位")


def _unit_in(text: str) -> str | None:
    t = label_key(text)
    if "万元" in t:
        return "万元"
    if "元" in t:
        return "元"
    return None


# what a chain of header cells makes its column: (kind, value); kinds: "role", "remark", "spacer"
# (group words only, or nothing), "label" (the labels' column: 信息内容, the 勾稽关系 note), "unknown"
# (words the table does not have), "conflict" (two different names stacked), "incomplete" (a
# section 四 field without its group)


def _applicant_role(chain: list[_Label]) -> tuple[str, Any]:
    words = [_applicant_word(x.text) for x in chain]
    if len({w for w in words if w in _APPLICANT_NAMES}) > 1:
        return "conflict", None
    i = len(words) - 1
    while i >= 0 and words[i] is None:
        i -= 1
    if i < 0:
        return ("spacer", None) if _is_unit(chain[-1].text) else ("unknown", None)
    word, annotated = words[i], i < len(words) - 1
    if word in (_GROUP, _NOTE):
        return ("unknown", None) if annotated else ("label" if word == _NOTE else "spacer", None)
    if word == _REMARK:
        return "remark", None
    if word == LEGAL_PERSONS:  # a column of its own; with unknown words under it, a group of them
        return ("unknown", None) if annotated else ("role", LEGAL_PERSONS)
    if word == _SUBTOTAL:
        return "role", LEGAL_PERSONS
    if word == _SUM:
        return "role", LEGAL_PERSONS if LEGAL_PERSONS in words[:i] else TOTAL
    return "role", word


def _article20_role(chain: list[_Label]) -> tuple[str, Any]:
    words = [_article20_word(x.text) for x in chain]
    fields = [w[1] for w in words if w is not None and w[0] == "field"]
    if len({f for _, f in fields}) > 1:
        return "conflict", None
    if fields:
        return "role", fields[-1]
    leaf = words[-1]
    if leaf is None:
        return "unknown", None
    if leaf[0] == _LABEL:
        return "label", None
    if leaf[0] == _REMARK:
        return "remark", None
    return "spacer", None


def _review_role(chain: list[_Label]) -> tuple[str, Any]:
    words = [_review_word(x.text) for x in chain]
    # the group named closest above the field: a group cell set off-centre (行政诉讼 printed over
    # the middle of its ten columns) spans too far, the one right above the field does not. Were
    # that wrong, two columns would name one group's field, and the header would not line up.
    groups = [w[1] for w in words if w is not None and w[1] in (0, 1, 2)]
    fields = [w[2] for w in words if w is not None and w[0] == "field"]
    if len(set(fields)) > 1:
        return "conflict", None
    if fields:
        return ("role", (groups[-1], fields[-1])) if groups else ("incomplete", None)
    leaf = words[-1]
    if leaf is None:
        return ("spacer", None) if _is_unit(chain[-1].text) else ("unknown", None)
    return ("remark", None) if leaf[0] == _REMARK else ("spacer", None)


_ROLE_OF = {"二": _article20_role, "三": _applicant_role, "四": _review_role}
_NAMES_A_COLUMN: dict[str, Callable[[str], bool]] = {
    "二": lambda t: (w := _article20_word(t)) is not None and w[0] in ("field", _REMARK, _LABEL),
    "三": lambda t: _applicant_word(t) in (*APPLICANTS_7, _SUBTOTAL, _SUM, _REMARK),
    "四": lambda t: (w := _review_word(t)) is not None and w[0] in ("field", _REMARK),
}
_WORD_OF: dict[str, Callable[[str], Any]] = {
    "二": _article20_word,
    "三": _applicant_word,
    "四": _review_word,
}
_WHAT = {
    "二": "a column of section 二 (本年制发件数, 上一年项目数量, 本年收费金额, …)",
    "三": "an applicant column of section 三 (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, "
    "其他, 总计, or 小计 of 法人或其他组织)",
    "四": "a column of section 四 (结果维持, 结果纠正, 其他结果, 尚未审结, 总计 under 行政复议, "
    "未经复议直接起诉 or 复议后起诉)",
}


def _role_name(section: str, role: Any) -> str:
    if section == "二":
        return role[1]
    if section == "四":
        return f"{REVIEW_GROUPS[role[0]][1]} {role[1]}"
    return role


@lru_cache(maxsize=1024)  # the same headers come back in every form of a layout
def _columns(section: str, rows: tuple, *, flattened: bool = False) -> _Cols:
    """Read the header ``rows`` of a table of ``section`` (二, 三 or 四).

    ``flattened``: the rows come from a table flattened into text; their cells' columns mean
    nothing, only their order does.
    """
    cols = _columns_of(section, rows, flattened=flattened, nested=True)
    if not cols.aligned and not flattened:
        # a group cell set off-centre (a PDF) cuts the spans of the cells under it short: read
        # the spans from each row alone, and keep that reading if the header then lines up
        other = _columns_of(section, rows, flattened=flattened, nested=False)
        if other.aligned:
            return other
    return cols


def _columns_of(section: str, rows: tuple, *, flattened: bool, nested: bool) -> _Cols:
    table = _header_labels(rows, written_out=not flattened, nested=nested)
    if flattened:  # only the order of the header's cells means something
        return _in_order(section, rows, table)
    found: dict[Any, list[_Label]] = {}
    remarks, repeats, units, unknown = set(), [], [], []
    broken = False
    for chain in _leaves(table, _NAMES_A_COLUMN[section]):
        leaf = chain[-1]
        kind, role = _ROLE_OF[section](chain)
        if kind == "role":
            found.setdefault(role, []).append(leaf)
            repeats += [(c, leaf.c) for c in leaf.repeats]
            if section == "二":
                unit = next((u for x in reversed(chain) if (u := _unit_in(x.text))), None)
                if unit:
                    units.append((leaf.c, unit))
        elif kind == "remark":
            remarks.update((leaf.c, *leaf.repeats))
        elif kind == "unknown":
            unknown.append(leaf)
        elif kind in ("conflict", "incomplete"):
            broken = True
    roles = {where[0].c: role for role, where in found.items() if len(where) == 1}
    first = min(roles, default=-1)
    if section == "四":
        aligned = not broken and len(roles) == 15
    else:
        aligned = not broken and first > 0
    if not aligned:
        return _in_order(section, rows, table)
    problems: list[tuple[str, str, int, int]] = []
    for role, where in found.items():
        if len(where) > 1:
            cells = ", ".join(f"{x.text!r}" for x in where)
            problems.append(
                (
                    "header_mismatch",
                    f"{len(where)} columns of section {section} are headed "
                    f"{_role_name(section, role)} ({cells}); the figures under them are not read",
                    where[0].r,
                    where[0].c,
                )
            )
    for leaf in unknown:
        if leaf.c > first:
            problems.append(
                (
                    "header_mismatch",
                    f"the column header {leaf.text!r} is not {_WHAT[section]}; the cells under it "
                    "are not read",
                    leaf.r,
                    leaf.c,
                )
            )
    if section == "三":
        missing = [a for a in APPLICANTS_7 if a not in found]
        if missing:
            r, cells = rows[0]
            problems.append(
                (
                    "header_mismatch",
                    f"the header of section 三 has no column for {', '.join(missing)}; those "
                    "figures are not read",
                    r,
                    cells[0][0],
                )
            )
    return _Cols(
        start=rows[0][0],
        table=table,
        roles=tuple(sorted(roles.items())),
        first=first,
        aligned=True,
        remarks=frozenset(remarks),
        repeats=tuple(repeats),
        units=tuple(units),
        problems=tuple(problems),
    )


def _in_order(section: str, rows: tuple, table: tuple[tuple[_Label, ...], ...]) -> _Cols:
    """A header that does not line up with its figures: its columns in reading order, if it says."""
    sequence = _SEQUENCE_OF[section](table)
    problems = []
    if sequence is None and any(
        _WORD_OF[section](x.text) is not None for x in _reading_order(table)
    ):
        r, cells = rows[0]
        texts = " | ".join(x.text for x in _reading_order(table))
        problems.append(
            (
                "header_mismatch",
                f"the header of section {section} ({texts}) does not line up with the figures "
                "below it, and its columns cannot be told in order; the rows under it are not read",
                r,
                cells[0][0],
            )
        )
    return _Cols(start=rows[0][0], table=table, sequence=sequence, problems=tuple(problems))


# reading order: where the header does not line up (a table flattened into lines of text), its
# cells still name the columns in order: 自然人 | 法人或其他组织 | 总计, then 商业企业 | … | 其他 in place
# of 法人或其他组织


def _applicant_sequence(table: tuple[tuple[_Label, ...], ...]) -> tuple[Any, ...] | None:
    names: list[str] = []
    for _, word in _words_in_order(table, _applicant_word):
        if word is None:
            return None  # a word the table does not have: its place cannot be told
        if word not in (_GROUP, _NOTE):
            names.append(word)
    # 自然人 | 法人或其他组织 | 总计, then the columns under 法人或其他组织 (a second header row)
    if LEGAL_PERSONS in names and TOTAL in names[names.index(LEGAL_PERSONS) :]:
        i = names.index(LEGAL_PERSONS)
        cut = names.index(TOTAL, i) + 1
        under = names[cut:]
        if under and all(n in ORGS or n in (_SUBTOTAL, _SUM) for n in under):
            names = [
                *names[:i],
                *(_SUBTOTAL if n == _SUM else n for n in under),
                *names[i + 1 : cut],
            ]
    out = tuple(
        LEGAL_PERSONS if n in (LEGAL_PERSONS, _SUBTOTAL) else TOTAL if n == _SUM else n
        for n in names
    )
    named = [n for n in out if n != _REMARK]
    return out if named and len(set(named)) == len(named) else None


def _article20_sequence(table: tuple[tuple[_Label, ...], ...]) -> tuple[Any, ...] | None:
    out: list[Any] = []
    for _, word in _words_in_order(table, _article20_word):
        if word is None:
            return None
        if word[0] == "field":
            out.append(word[1])
        elif word[0] == _REMARK:
            out.append(_REMARK)
    fields = [f for _, f in (x for x in out if x != _REMARK)]
    return tuple(out) if fields and len(set(fields)) == len(fields) else None


def _review_sequence(table: tuple[tuple[_Label, ...], ...]) -> tuple[Any, ...] | None:
    cells: list[Any] = []  # (group or -1, field) or _REMARK
    order: list[int] = []  # the groups in the order the header names them
    for _, word in _words_in_order(table, _review_word):
        if word is None:
            return None
        kind, group, fname = word
        if group in (0, 1, 2) and group not in order:
            order.append(group)
        if kind == "field":
            cells.append((group, fname))
        elif kind == _REMARK:
            cells.append(_REMARK)
    fields = [x for x in cells if x != _REMARK]
    if len(fields) != 15:
        return None
    explicit = all(g in (0, 1, 2) for g, _ in fields)
    if not explicit and order != sorted(order):
        return None  # groups in another order: the blocks of five cannot be told apart
    out, i = [], 0
    for x in cells:
        if x == _REMARK:
            out.append(x)
            continue
        group = x[0] if explicit else i // 5
        if x[0] != -1 and x[0] != group and not (x[0] == _LITIGATION and group in (1, 2)):
            return None
        out.append((group, x[1]))
        i += 1
    named = [x for x in out if x != _REMARK]
    return tuple(out) if len(set(named)) == 15 else None


_SEQUENCE_OF = {"二": _article20_sequence, "三": _applicant_sequence, "四": _review_sequence}


# --- state ------------------------------------------------------------------------------------


@dataclass
class _State:
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
    cols: dict[str, _Cols | None] = field(
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
    trace: _Trace | None = None

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


# --- the interpreter -----------------------------------------------------------------------------


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
    collects the dicts of many workbooks and builds one DataFrame at the end.
    """
    return _interpret(
        cells, refs, agency=agency, year=year, form=form, trace=None, flattened=flattened
    )


@dataclass
class _Trace:
    """What the interpreter looked at, for :mod:`luzhou_disclosure.readers._layout` (interpreting a layout once).

    Per grid row: the columns whose kind (``kinds``) or raw value (``raws``) decided something
    outside reading a figure, the rows whose ``first_value`` was used beyond splitting labels from
    values, the first value column of each row, and for each record the (row, column) it was read
    from with the number of findings made before it. ``blank_tolerant``: the rows that read the same
    (but for their figures, NA) with their numbers blanked; ``header_rows``: the rows read as
    header rows.
    """

    kinds: dict[int, set[int]] = field(default_factory=dict)
    raws: dict[int, set[int]] = field(default_factory=dict)
    first_value_used: set[int] = field(default_factory=set)
    first_value: dict[int, int] = field(default_factory=dict)
    emits: list[tuple[int, int, int]] = field(default_factory=list)
    blank_tolerant: set[int] = field(default_factory=set)
    #: the rows read as header rows
    header_rows: set[int] = field(default_factory=set)
    #: whether to find the blank-tolerant rows (costs a second reading of each row with figures)
    tolerance: bool = True


_SCRATCH = ("agency", "year", "refs", "flattened", "records", "findings", "trace")


def _snapshot(st: _State) -> dict[str, Any]:
    """A copy of the reading state (its containers hold only immutable values, or sets of them)."""
    return {k: _copy(v) for k, v in vars(st).items() if k not in _SCRATCH}


def _same_state(a: _State, b: _State) -> bool:
    return all(v == getattr(b, k) for k, v in vars(a).items() if k not in _SCRATCH)


def _copy(value: Any) -> Any:
    if value.__class__ is dict:
        return {k: v.copy() if v.__class__ is set else v for k, v in value.items()}
    if value.__class__ is list or value.__class__ is set:
        return value.copy()
    return value


def _same_when_blank(
    st: _State, before: dict[str, Any], r: int, row: list[Any], n_records: int, n_findings: int
) -> bool:
    """Whether row ``r`` with its numbers blanked is read the same (but for those figures, NA).

    ``st`` is the state after reading the row, ``before`` a snapshot of it before.
    """
    blank = [x if x.__class__ is not int and x.__class__ is not float else "" for x in row]
    other = _State(
        st.agency, st.year, st.refs, st.flattened, **{k: _copy(v) for k, v in before.items()}
    )
    kinds = [_classify(v) for v in blank]
    if not all(k == _BLANK for k, _ in kinds):
        first_value = next((c for c, (k, _) in enumerate(kinds) if k in (_NA, _NUM)), len(blank))
        labels = [(c, _text(blank[c])) for c in range(first_value) if kinds[c][0] == _TEXT]
        _interpret_row(other, r, blank, kinds, labels, first_value)
    if other.findings != st.findings[n_findings:] or not _same_state(other, st):
        return False
    figures = ("count", "value")
    mine = [{k: v for k, v in rec.items() if k not in figures} for rec in st.records[n_records:]]
    return mine == [{k: v for k, v in rec.items() if k not in figures} for rec in other.records]


class _Noted(list):
    """A list that notes which indices are read (``reads``)."""

    __slots__ = ("reads",)

    def __getitem__(self, i):  # type: ignore[override]
        self.reads.add(i)
        return list.__getitem__(self, i)


def _interpret(
    cells: list[list[object]],
    refs: Callable[[int, int], str],
    *,
    agency: str | None,
    year: int | None,
    form: str | None,
    trace: _Trace | None,
    flattened: bool = False,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]:
    st = _State(agency, year, refs, trace=trace, flattened=flattened)
    for r, row in enumerate(cells):
        if not row:
            continue
        kinds = [_classify(v) for v in row]
        if all(k == _BLANK for k, _ in kinds):
            continue
        first_value = next((c for c, (k, _) in enumerate(kinds) if k in (_NA, _NUM)), len(row))
        labels = [(c, _text(row[c])) for c in range(first_value) if kinds[c][0] == _TEXT]
        if trace is None:
            _interpret_row(st, r, row, kinds, labels, first_value)
            continue
        noted_kinds, noted_row = _Noted(kinds), _Noted(row)
        noted_kinds.reads, noted_row.reads = (
            trace.kinds.setdefault(r, set()),
            trace.raws.setdefault(r, set()),
        )
        trace.first_value[r] = first_value
        has_numbers = trace.tolerance and any(
            x.__class__ is int or x.__class__ is float for x in row
        )
        before = _snapshot(st) if has_numbers else None
        n_records, n_findings = len(st.records), len(st.findings)
        _interpret_row(st, r, noted_row, noted_kinds, labels, first_value)
        if before is not None and _same_when_blank(st, before, r, row, n_records, n_findings):
            trace.blank_tolerant.add(r)
    chosen = _decide_form(st, form)
    _check_complete(st, chosen)
    for rec in st.records:
        rec["form"] = chosen
    return st.records, st.findings, chosen


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
        True for a grid rebuilt from a table flattened into text (header cells on rows of their
        own, each row of figures right after its labels): its header cells stand above no figure
        in particular, so figures are placed in the order the header names its columns, for rows of
        exactly that many cells, with `` (positional)`` after their source. False (a workbook, a
        PDF, Word or HTML table whose cells keep their columns): every figure by the header above it.

    Returns
    -------
    records : DataFrame
        The figures in the records model (``docs/records.md``); every cell of the tables becomes a
        record (a blank or ``/`` cell gives NA, never 0), with the label as written in ``label``
        and ``refs(r, c)`` in ``source`` (followed by `` (positional)`` where no header lined up
        with the figure). ``form`` holds the format found in the labels.
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
    >>> recs.loc[:4, ["item", "field", "count", "source"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
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
        first = findings[0]
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        warnings.warn(
            f"{first['sources']}: {first['message']}{more}", DisclosureWarning, stacklevel=2
        )
    return make_records(records), make_findings(findings)


# --- one row ------------------------------------------------------------------------------------


def _interpret_row(
    st: _State,
    r: int,
    row: list[Any],
    kinds: list[tuple[int, Number | None]],
    labels: list[tuple[int, str]],
    first_value: int,
) -> None:
    has_values = first_value < len(row)
    keys = [(c, text, _key(text)) for c, text in labels]
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
            _review_row(st, r, row, kinds, keys, first_value)
            return
    elif has_values and st.section == "四":
        _review_row(st, r, row, kinds, keys, first_value)
        return
    if has_values:
        values = [c for c in range(first_value, len(row)) if kinds[c][0] == _NUM]
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


def _has_number(row: list[Any], kinds: list[tuple[int, Number | None]], first_value: int) -> bool:
    return any(kinds[c][0] == _NUM for c in range(first_value, len(row)))


def _vote_keys(st: _State, keys: list[str]) -> None:
    for k in keys:
        if k in _FORM_2021_KEYS or k.startswith(_FORM_2021_PREFIX):
            st.votes["2021"] += 1
        elif k in _FORM_2019_KEYS or k.startswith(_FORM_2019_PREFIX):
            st.votes["2019"] += 1


# -- header rows --


def _header_section(st: _State, keys: list[tuple[int, str, str]], was_open: bool) -> str | None:
    """The section whose header this row of labels belongs to, or None (not a header row).

    A row with a column header of section 二 (a field, 信息内容, a 第二十条 block), 三 (an applicant,
    申请人情况, the 勾稽关系 note) or 四 (行政复议, 行政诉讼, a field of them), in that order of
    precedence; else, right below a header row, a row of further header cells (（单位：万元）, 小计,
    备注) that names no row of a table.
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
    if any((w := _article20_word(t)) is not None and w[0] in ("field", _BLOCK) for t in texts):
        return "二"
    if any(_key(t).startswith("信息内容") for t in texts):
        return "二"
    words = [_applicant_word(t) for t in texts]
    if any(w in ("自然人", *ORGS[:4], LEGAL_PERSONS, _GROUP, _NOTE) for w in words):
        return "三"
    review = [_review_word(t) for t in texts]
    if any(w is not None and w[0] == "group" and w[1] != -1 for w in review) or (
        sum(w is not None and w[0] == "field" for w in review) >= 3
    ):
        return "四"
    return None


@lru_cache(maxsize=4096)
def _continues(section: str, texts: tuple[str, ...]) -> bool:
    """Whether a row of labels right under a header of ``section`` is one more header row: header
    words of the section (总计 or 其他 alone on a row), or words that name no row of a table."""
    word_of = _WORD_OF[section]
    return all(word_of(t) is not None for t in texts) or not _names_a_row(texts)


def _names_a_row(texts: tuple[str, ...]) -> bool:
    """Whether a label names a row of the tables (an item, a group, a flow row)."""
    for text in texts:
        k = _key(text)
        if k in _A20_ITEMS or k in _FLOW or k in _GROUPS or k in _CONTEXT_3:
            return True
        if label_key(text).startswith(_GROUP_LABEL_PREFIXES):
            return True
        if any(_prefix_match(k, table) is not None for table in _OUTCOMES.values()):
            return True
    return False


def _header_row(
    st: _State, r: int, section: str, keys: list[tuple[int, str, str]], was_open: bool
) -> None:
    cells = tuple((c, text) for c, text, _ in keys)
    if was_open and st.head_section == section and st.head_rows:
        st.head_rows = (*st.head_rows, (r, cells))
    else:
        st.head_section, st.head_rows = section, ((r, cells),)
        if section == "四":
            st.review_rows = 0
    st.head_open = True
    st.section = section
    st.cols[section] = _columns(section, st.head_rows, flattened=st.flattened)
    if section == "三":
        st.group = None
    if section == "四":
        st.seen["四"].add("header")
        st.last_ref["四"] = st.refs(r, keys[0][0])
    if st.trace is not None:
        st.trace.header_rows.add(r)


def _tell(st: _State, section: str, cols: _Cols, where: str) -> None:
    """Report the problems of a header (once), when a row is read under it."""
    if (section, cols.start) in st.told:
        return
    st.told.add((section, cols.start))
    for rule, message, r, c in cols.problems:
        st.finding(rule, message, st.refs(r, c), section=where)


def _left(keys: list[tuple[int, str, str]], cols: _Cols | None) -> list[tuple[int, str, str]]:
    """The label cells of a row left of a lined-up header's first column (the rest are figures),
    but for remarks (a 备注 column)."""
    if cols is None or not cols.aligned:
        return keys
    return [k for k in keys if k[0] < cols.first and k[0] not in cols.remarks]


# -- placing a row's figures --


def _place(
    st: _State,
    r: int,
    row: list[Any],
    kinds: list[tuple[int, Number | None]],
    cols: _Cols | None,
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
        return list(cols.roles), False
    order = official if cols is None else cols.sequence
    # the findings of a row not read name every cell it holds
    cells = [c for c in range(start, len(row)) if kinds[c][0] != _BLANK]
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
        return [(start + i, role) for i, role in enumerate(order) if role != _REMARK], True
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
    st: _State,
    r: int,
    row: list[Any],
    kinds: list[tuple[int, Number | None]],
    cols: _Cols,
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
        if kind == _BLANK or kind == _NA or (kind == _TEXT and c in cols.remarks):
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


def _article20_row(
    st: _State,
    r: int,
    row: list[Any],
    kinds: list[tuple[int, Number | None]],
    keys: list[tuple[int, str, str]],
) -> bool:
    cols = st.cols["二"]
    left = _left(keys, cols)
    if not left:
        return False
    c0, _text_, k = left[-1]
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
    named = {c: role for c, role in named.items() if role != _REMARK}
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
    by_field = {_field_in(layout, fname): c for c, (_, fname) in placed}
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
        if _field_in(layout, fname) not in wanted and c < len(row) and kinds[c][0] in (_NUM, _TEXT):
            st.finding(
                "header_mismatch",
                f"cell {row[c]!r} of row {spec.item} stands under the column {fname}, which "
                f"{spec.item} does not have in the {layout} form ({', '.join(wanted)}); not read",
                st.refs(r, c),
                section="article20",
                item=spec.item,
            )
    for fname, measure in spec.fields:
        c = by_field.get(fname)
        if c is None:
            continue
        unit = units.get(c) if measure == "amount" else None
        if unit is None:
            unit = _ARTICLE20_UNITS.get(fname)
        _emit(
            st,
            r,
            c,
            row,
            kinds,
            label=label,
            section="article20",
            item=spec.item,
            parent=spec.parent,
            applicant=TOTAL,
            field_=fname,
            measure=measure,
            unit=unit,
            positional=positional,
        )
    return True


def _article20_layout(st: _State, item: str, named: dict[int, Any]) -> tuple[str, Any]:
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
        have = {_field_in(form, f) for f in fields}
        wanted = {f for f, _ in spec.fields}
        score = (len(have - wanted), len(wanted - have))
        if best is None or score < best[0]:
            best = (score, form, spec)
    if best is None:  # pragma: no cover - every item is in one of the two layouts
        raise AssertionError(item)
    return best[1], best[2]


# -- section 三 --


def _applications_row(
    st: _State,
    r: int,
    row: list[Any],
    kinds: list[tuple[int, Number | None]],
    keys: list[tuple[int, str, str]],
) -> bool:
    cols = st.cols["三"]
    left = _left(keys, cols)
    if not left:
        return False
    saved = (st.group, st.group_label)
    kind, item, label = _outcome_labels(st, left)
    if kind is None:
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
        _emit(
            st,
            r,
            c,
            row,
            kinds,
            label=label,
            section=section,
            item=item,
            parent=parent,
            applicant=applicant,
            field_=None,
            measure="count",
            unit="件",
            positional=positional,
        )
    if item in (CARRIED_FORWARD,):
        st.group = None
    return True


_APPLICANT_ORDER = {a: i for i, a in enumerate(APPLICANTS_8)}


# -- section 四 --


def _review_labels_fit(st: _State, keys: list[tuple[int, str, str]]) -> bool:
    """Whether a row with labels in section 四 is its row of figures (labels left of the columns)."""
    cols = st.cols["四"]
    return cols is not None and cols.aligned and not _names_a_row(tuple(t for _, t, _ in keys))


def _review_row(
    st: _State,
    r: int,
    row: list[Any],
    kinds: list[tuple[int, Number | None]],
    keys: list[tuple[int, str, str]],
    first_value: int,
) -> None:
    cols = st.cols["四"]
    left = _left(keys, cols)
    if st.review_rows:
        values = [c for c in range(len(row)) if kinds[c][0] == _NUM]
        if st.trace is not None and not values:
            st.trace.first_value_used.add(r)
        st.finding(
            "unplaced_row",
            "a second row of figures under the section 四 header; the table has one row",
            st.refs(r, values[0] if values else first_value),
            section="reconsideration",
        )
        return
    st.review_rows += 1
    if left:
        start = max(c for c, _, _ in left) + 1
    elif cols is not None and cols.aligned:
        start = 0
    else:  # placed by position from the first figure
        start = first_value
        if st.trace is not None:
            st.trace.first_value_used.add(r)
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
        _emit(
            st,
            r,
            c,
            row,
            kinds,
            label=f"{parent + ' ' if parent else ''}{item} {fname}",
            section=section,
            item=item,
            parent=parent,
            applicant=TOTAL,
            field_=fname,
            measure="count",
            unit="件",
            positional=positional,
        )
    st.seen["四"].add("row")


_REVIEW_ORDER = {
    (g, f): i for i, (g, f) in enumerate((g, f) for g in range(3) for f in REVIEW_FIELDS)
}


# -- helpers --


def _outcome_labels(
    st: _State, keys: list[tuple[int, str, str]]
) -> tuple[str | None, str | None, str]:
    """Walk a row's label cells: set the group, return (kind, item, label) of the row's item."""
    item_text: str | None = None
    for _c, text, _k in keys:
        lk = strip_ordinal(label_key(text))
        pk = _PUNCT.sub("", lk)
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
                return _match_outcome(st, _PUNCT.sub("", rest), text)
        item_text = text
    if item_text is None:
        if st.group == OTHER_HANDLING:
            return "outcome", OTHER_HANDLING, st.group_label
        return None, None, ""
    return _match_outcome(st, _key(item_text), item_text)


def _match_outcome(st: _State, k: str, text: str) -> tuple[str | None, str | None, str]:
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


def _emit(
    st: _State,
    r: int,
    c: int,
    row: list[Any],
    kinds: list[tuple[int, Number | None]],
    *,
    label: str,
    section: str,
    item: str,
    parent: str | None,
    applicant: str,
    field_: str | None,
    measure: str,
    unit: str | None,
    positional: bool = False,
) -> None:
    if st.trace is None:
        raw = row[c] if c < len(row) else ""
        kind, number = kinds[c] if c < len(kinds) else (_BLANK, None)
    else:  # reading a figure is not looking at the layout: not noted
        raw = list.__getitem__(row, c) if c < len(row) else ""
        kind, number = list.__getitem__(kinds, c) if c < len(kinds) else (_BLANK, None)
    count = value = None
    approx = False
    if kind == _TEXT:
        st.finding(
            "unreadable_cell",
            f"cannot read {raw!r} as a figure for {label} ({applicant if field_ is None else field_}); "
            "expected a number such as 12, 3件 or ８１１, or blank, /, —, 无, 不适用 for not applicable",
            st.refs(r, c),
            section=section,
            item=item,
        )
    elif kind == _NUM and number is not None:
        approx = number.approx
        if number.unit and number.unit not in ("%",):
            unit = (
                number.unit
                if measure != "amount"
                else (number.unit if number.unit in ("元", "万元") else unit)
            )
        if measure in ("count", "change"):
            if not number.is_integer:
                st.finding(
                    "unreadable_cell",
                    f"{raw!r} is not a whole number; {label} is a count",
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
    if st.trace is not None:
        st.trace.emits.append((r, c, len(st.findings)))
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


def _end(row: list[Any], kinds: list[tuple[int, Number | None]], start: int) -> int:
    """One past the last non-blank cell of ``row`` at or after ``start`` (``start`` if none)."""
    end = len(row)
    while end > start and kinds[end - 1][0] == _BLANK:
        end -= 1
    return end


def _lean(st: _State) -> str:
    if st.votes["2021"] > st.votes["2019"]:
        return "2021"
    if st.votes["2019"] > st.votes["2021"]:
        return "2019"
    if st.year is not None and st.year >= 2021:
        return "2021"
    return "2019" if st.year is not None else "2021"


def _decide_form(st: _State, form: str | None) -> str | None:
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


def _check_complete(st: _State, form: str | None) -> None:
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
