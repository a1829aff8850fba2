"""What a standard-form table's header rows say about its columns, for the interpreter
(:mod:`._standard`).

A table's column headers (one, two or three rows of text above its figures) are read as a whole.
Each header cell spans the columns up to the next cell of its row (a merged cell keeps its text in
its first cell, the others blank; a PDF or HTML table may write it out in every cell of the span:
such a run counts as one cell), and no further than the cell above it. Every column then has the
chain of header cells over it, from the group (申请人情况, 法人或其他组织, 行政诉讼,
第二十条第（一）项) down to the cell naming it (自然人, 小计, 复议后起诉 + 结果维持,
本年收费金额 + （单位：元）); a cell that names a column (自然人, 总计, 结果维持, 本年制发件数,
备注) covers only its own column for the rows below it. Header words are compared through
:func:`match_key` (NFKC, simplified characters, no ordinals, spaces, line breaks or punctuation)
against the words of ``_vocab`` (APPLICANT_HEADERS, REVIEW_GROUP_HEADERS, REVIEW_FIELD_HEADERS,
ARTICLE20's fields and their synonyms, REMARK_HEADERS).

:func:`header_columns` gives the column map (:class:`HeaderColumns`) of a table of section 二,
三 or 四: which column holds what, the remarks and written-out columns, the unit of an amount,
and the problems to report (a column the table does not have, two columns naming one thing, a
column the table needs but the header lacks). A header whose cells do not line up with the
figures below it (a table flattened into text, or a header read inconsistently) gives only its
columns in reading order (``sequence``), if it says them at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from .._vocab import (
    APPLICANT_GROUP_HEADERS,
    APPLICANT_HEADERS,
    ARTICLE20,
    ARTICLE20_FIELD_SYNONYMS,
    LEGAL_PERSONS,
    REMARK_HEADERS,
    REVIEW_FIELD_HEADERS,
    REVIEW_FIELDS,
    REVIEW_GROUP_HEADERS,
    REVIEW_GROUP_SUFFIXES,
    REVIEW_GROUPS,
    TOTAL,
    label_key,
    strip_ordinal,
)

ORGS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
#: Applicant columns of section 三, without and with the 法人或其他组织 subtotal column.
APPLICANTS_7 = ("自然人", *ORGS, TOTAL)
APPLICANTS_8 = ("自然人", LEGAL_PERSONS, *ORGS, TOTAL)

PUNCT = re.compile(r"[\s()\[\]{}<>,.:;\"'/\\|_\-—–~·!?*、，。：；“”‘’（）【】《》！？…]")


@lru_cache(maxsize=8192)
def match_key(text: str) -> str:
    """Matching key: label_key, leading ordinals dropped, punctuation dropped."""
    return PUNCT.sub("", strip_ordinal(label_key(str(text))))


def bare_key(text: str) -> str:
    """Matching key that keeps leading ordinals: label_key, punctuation dropped."""
    return PUNCT.sub("", label_key(text))


# --- header words ----------------------------------------------------------------------------

A20_FIELDS = {
    bare_key(f): (form, f)
    for form, rows in ARTICLE20.items()
    for row in rows
    for f, _ in row.fields
}
for _word, _by_form in ARTICLE20_FIELD_SYNONYMS.items():
    A20_FIELDS.setdefault(bare_key(_word), next(iter(_by_form.items())))
_A20_FIELD_KEYS_BY_LEN = sorted(A20_FIELDS, key=len, reverse=True)
A20_BLOCK = re.compile(r"第二十条第[(（]?([一二三四五六七八九十]+)[)）]?项")


def field_in(form: str, fname: str) -> str:
    """The name ``form`` gives the section 二 field a header calls ``fname``."""
    return ARTICLE20_FIELD_SYNONYMS.get(fname, {}).get(form, fname)


# header words (what a header cell is to the table it heads)
GROUP, NOTE, REMARK, _LABEL, BLOCK, _UNIT = (
    "<group>",
    "<note>",
    "<remark>",
    "<label>",
    "<block>",
    "<unit>",
)
_SUBTOTAL, _SUM = "小计", "合计"
_REMARK_KEYS = frozenset(bare_key(w) for w in REMARK_HEADERS)
APPLICANT_WORDS: dict[str, str] = {bare_key(w): a for w, a in APPLICANT_HEADERS.items()}
APPLICANT_WORDS.update({bare_key(w): GROUP for w in APPLICANT_GROUP_HEADERS})
APPLICANT_WORDS.update({k: REMARK for k in _REMARK_KEYS})
_APPLICANT_NAMES = frozenset(APPLICANTS_7)  # names of a column of their own, never a group
_LEGAL_KEY = bare_key(LEGAL_PERSONS)
_ANNOTATION = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
REVIEW_GROUP_WORDS = sorted(
    ((bare_key(w), 3 if g is None else g) for w, g in REVIEW_GROUP_HEADERS.items()),
    key=lambda x: -len(x[0]),
)
REVIEW_FIELD_WORDS = sorted(
    ((bare_key(w), f) for w, f in REVIEW_FIELD_HEADERS.items()), key=lambda x: -len(x[0])
)
_LITIGATION = 3  # the group word 行政诉讼: the parent of groups 1 and 2
_REVIEW_GROUP_SUFFIXES = tuple(bare_key(w) for w in REVIEW_GROUP_SUFFIXES)
UNIT_KEYS = frozenset(
    {"万元", "元", "件", "项", "个", "单位万元", "单位元", "单位件", "单位项", "单位个"}
)


@lru_cache(maxsize=4096)
def applicant_word(text: str) -> str | None:
    """What a section 三 header cell names: an applicant column, 小计/合计, a group, a note,
    remarks."""
    lk = strip_ordinal(label_key(text))
    k = PUNCT.sub("", lk)
    if "勾稽关系" in k:
        return NOTE
    word = APPLICANT_WORDS.get(k)
    if (
        word is None
    ):  # 自然人（件）, 其他（个体工商户等）: the words before an explanation in brackets
        k = PUNCT.sub("", _ANNOTATION.sub("", lk))
        word = APPLICANT_WORDS.get(k)
    if word is None and k != _LEGAL_KEY and _LEGAL_KEY in k:  # 法人或其他组织小计
        rest = APPLICANT_WORDS.get(k.replace(_LEGAL_KEY, "", 1))
        word = _SUBTOTAL if rest in (_SUBTOTAL, _SUM) else None
    return word


@lru_cache(maxsize=4096)
def article20_word(text: str) -> tuple[str, Any] | None:
    """What a section 二 header cell names: ("field", (form, field)), or a block, 信息内容, a
    unit."""
    if A20_BLOCK.search(label_key(text)):
        return BLOCK, None
    k = match_key(text)
    if k.startswith("信息内容"):
        return _LABEL, None
    for fk in _A20_FIELD_KEYS_BY_LEN:
        if k == fk or k.startswith(fk):
            return "field", A20_FIELDS[fk]
    if len(k) >= 3:  # a field's name cut short (本年增/ for 本年增/减, 制发件数 for 本年制发件数)
        for part in (str.startswith, str.endswith):
            fields = {A20_FIELDS[fk] for fk in _A20_FIELD_KEYS_BY_LEN if part(fk, k)}
            if len({field_in("2021", f) for _, f in fields}) == 1:  # (the names of one field)
                return "field", min(fields)
    if k in _REMARK_KEYS:
        return REMARK, None
    if k in UNIT_KEYS or k.startswith("单位"):
        return _UNIT, None
    return None


@lru_cache(maxsize=4096)
def review_word(text: str) -> tuple[str, int, str | None] | None:
    """What a section 四 header cell names: ("group", group, None) or ("field", group, field).

    ``group`` indexes REVIEW_GROUPS (0 行政复议, 1 未经复议直接起诉, 2 复议后起诉), or is 3 for
    行政诉讼 (1 or 2) and -1 for none. A cell may name both (行政复议-结果维持); what is left over
    must be short (a unit such as （件）).
    """
    k = match_key(text)
    if k in _REMARK_KEYS:
        return REMARK, -1, None
    rest, found = k, []
    for gk, g in REVIEW_GROUP_WORDS:
        if gk in rest:
            found.append(g)
            rest = rest.replace(gk, "", 1)
    specific = sorted({g for g in found if g != _LITIGATION})
    if len(specific) > 1:
        return None
    group = specific[0] if specific else (_LITIGATION if found else -1)
    for fk, f in REVIEW_FIELD_WORDS:
        if fk in rest:
            rest = rest.replace(fk, "", 1)
            return ("field", group, f) if len(rest) <= 2 else None
    if found:
        for suffix in _REVIEW_GROUP_SUFFIXES:
            rest = rest.replace(suffix, "", 1)
    return ("group", group, None) if found and not rest else None


# --- a table's header rows -------------------------------------------------------------------


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
class HeaderColumns:
    """What the header rows of one table say about its columns (see the module docstring).

    ``roles``: (column, what it holds) of the columns the header names, by column: an applicant
    (section 三), (form, field) (section 二), (group, field) (section 四). ``first``: the leftmost
    of them (-1: none). ``aligned``: whether the header lines up with the figures below it (else its
    columns are only known in reading order: ``sequence``, or not at all: None). ``problems``:
    (rule, message, r, c) to report once, when a row is read under the header. ``shift``: how far
    right of the header's cells the columns were moved (:meth:`shifted`, for a row whose labels
    took extra cells); ``table`` stays where the header stands.
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
    #: how many columns right of the header's cells these columns stand (:meth:`shifted`)
    shift: int = 0

    @property
    def right(self) -> int:
        """One past the header's rightmost cell (a cell written out counts to its last repeat)."""
        return 1 + max(x.c + len(x.repeats) for row in self.table for x in row)

    def shifted(self, by: int) -> HeaderColumns:
        """The same columns ``by`` columns further right (a row whose labels took extra cells)."""
        return replace(
            self,
            roles=tuple((c + by, role) for c, role in self.roles),
            first=self.first + by,
            remarks=frozenset(c + by for c in self.remarks),
            repeats=tuple((c + by, first + by) for c, first in self.repeats),
            units=tuple((c + by, unit) for c, unit in self.units),
            shift=self.shift + by,
        )

    def header_above(self, c: int) -> _Label | None:
        """The lowest header cell whose span holds column ``c``."""
        for row in reversed(self.table):
            label = _covering(row, c - self.shift)
            if label is not None:
                return label
        return None


def _is_unit(text: str) -> bool:
    """A header cell that only gives a unit (单位：件, （万元）)."""
    k = match_key(text)
    return k in UNIT_KEYS or k.startswith("单位")


def _unit_in(text: str) -> str | None:
    t = label_key(text)
    if "万元" in t:
        return "万元"
    if "元" in t:
        return "元"
    return None


# what a chain of header cells makes its column: (kind, value); kinds: "role", "remark", "spacer"
# (group words only, or nothing), "label" (the labels' column: 信息内容, the 勾稽关系 note),
# "unknown" (words the table does not have), "conflict" (two different names stacked),
# "incomplete" (a section 四 field without its group)


def _applicant_role(chain: list[_Label]) -> tuple[str, Any]:
    words = [applicant_word(x.text) for x in chain]
    if len({w for w in words if w in _APPLICANT_NAMES}) > 1:
        return "conflict", None
    i = len(words) - 1
    while i >= 0 and words[i] is None:
        i -= 1
    if i < 0:
        return ("spacer", None) if _is_unit(chain[-1].text) else ("unknown", None)
    word, annotated = words[i], i < len(words) - 1
    if word in (GROUP, NOTE):
        return ("unknown", None) if annotated else ("label" if word == NOTE else "spacer", None)
    if word == REMARK:
        return "remark", None
    if word == LEGAL_PERSONS:  # a column of its own; with unknown words under it, a group of them
        return ("unknown", None) if annotated else ("role", LEGAL_PERSONS)
    if word == _SUBTOTAL:
        return "role", LEGAL_PERSONS
    if word == _SUM:
        return "role", LEGAL_PERSONS if LEGAL_PERSONS in words[:i] else TOTAL
    return "role", word


def _article20_role(chain: list[_Label]) -> tuple[str, Any]:
    words = [article20_word(x.text) for x in chain]
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
    if leaf[0] == REMARK:
        return "remark", None
    return "spacer", None


def _review_role(chain: list[_Label]) -> tuple[str, Any]:
    words = [review_word(x.text) for x in chain]
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
    return ("remark", None) if leaf[0] == REMARK else ("spacer", None)


_ROLE_OF = {"二": _article20_role, "三": _applicant_role, "四": _review_role}
_NAMES_A_COLUMN: dict[str, Callable[[str], bool]] = {
    "二": lambda t: (w := article20_word(t)) is not None and w[0] in ("field", REMARK, _LABEL),
    "三": lambda t: applicant_word(t) in (*APPLICANTS_7, _SUBTOTAL, _SUM, REMARK),
    "四": lambda t: (w := review_word(t)) is not None and w[0] in ("field", REMARK),
}
WORD_OF: dict[str, Callable[[str], Any]] = {
    "二": article20_word,
    "三": applicant_word,
    "四": review_word,
}
_WHAT = {
    "二": "a column of section 二 (本年制发件数, 上一年项目数量, 本年收费金额, …)",
    "三": "an applicant column of section 三 (自然人, 商业企业, 科研机构, 社会公益组织, "
    "法律服务机构, 其他, 总计, or 小计 of 法人或其他组织)",
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
def header_columns(section: str, rows: tuple, *, flattened: bool = False) -> HeaderColumns:
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


def _columns_of(section: str, rows: tuple, *, flattened: bool, nested: bool) -> HeaderColumns:
    table = _header_labels(rows, written_out=not flattened, nested=nested)
    if flattened:  # only the order of the header's cells means something
        return _in_order(section, rows, table)
    found: dict[Any, list[_Label]] = {}
    remarks: set = set()
    repeats, units, unknown = [], [], []
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
    return HeaderColumns(
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


def _in_order(section: str, rows: tuple, table: tuple[tuple[_Label, ...], ...]) -> HeaderColumns:
    """A header that does not line up with its figures: its columns in reading order, if it says."""
    sequence = _SEQUENCE_OF[section](table)
    problems = []
    if sequence is None and any(
        WORD_OF[section](x.text) is not None for x in _reading_order(table)
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
    return HeaderColumns(start=rows[0][0], table=table, sequence=sequence, problems=tuple(problems))


# reading order: where the header does not line up (a table flattened into lines of text), its
# cells still name the columns in order: 自然人 | 法人或其他组织 | 总计, then 商业企业 | … | 其他 in
# place of 法人或其他组织


def _applicant_sequence(table: tuple[tuple[_Label, ...], ...]) -> tuple[Any, ...] | None:
    names: list[str] = []
    for _, word in _words_in_order(table, applicant_word):
        if word is None:
            return None  # a word the table does not have: its place cannot be told
        if word not in (GROUP, NOTE):
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
    named = [n for n in out if n != REMARK]
    return out if named and len(set(named)) == len(named) else None


def _article20_sequence(table: tuple[tuple[_Label, ...], ...]) -> tuple[Any, ...] | None:
    out: list[Any] = []
    for _, word in _words_in_order(table, article20_word):
        if word is None:
            return None
        if word[0] == "field":
            out.append(word[1])
        elif word[0] == REMARK:
            out.append(REMARK)
    fields = [f for _, f in (x for x in out if x != REMARK)]
    return tuple(out) if fields and len(set(fields)) == len(fields) else None


def _review_sequence(table: tuple[tuple[_Label, ...], ...]) -> tuple[Any, ...] | None:
    cells: list[Any] = []  # (group or -1, field) or REMARK
    order: list[int] = []  # the groups in the order the header names them
    named: list[int] = []  # every group word in reading order, 行政诉讼 (3) too
    for _, word in _words_in_order(table, review_word):
        if word is None:
            return None
        kind, group, fname = word
        if group in (0, 1, 2) and group not in order:
            order.append(group)
        if group != -1:
            named.append(group)
        if kind == "field":
            cells.append((group, fname))
        elif kind == REMARK:
            cells.append(REMARK)
    fields = [x for x in cells if x != REMARK]
    in_official_order = [0 if g == 0 else 1 if g == _LITIGATION else g for g in named]
    if not fields and named and in_official_order == sorted(in_official_order) and not cells:
        # 行政复议 | 行政诉讼 and nothing under them (a table flattened into text keeps the merged
        # group cells and loses the row of fields): the groups in the official order say no more
        # than a missing header, so the columns are the official ones
        return tuple((g, f) for g in range(3) for f in REVIEW_FIELDS)
    if len(fields) != 15:
        return None
    explicit = all(g in (0, 1, 2) for g, _ in fields)
    if not explicit and order != sorted(order):
        return None  # groups in another order: the blocks of five cannot be told apart
    out, i = [], 0
    for x in cells:
        if x == REMARK:
            out.append(x)
            continue
        group = x[0] if explicit else i // 5
        if x[0] != -1 and x[0] != group and not (x[0] == _LITIGATION and group in (1, 2)):
            return None
        out.append((group, x[1]))
        i += 1
    named = [x for x in out if x != REMARK]
    return tuple(out) if len(set(named)) == 15 else None


_SEQUENCE_OF = {"二": _article20_sequence, "三": _applicant_sequence, "四": _review_sequence}
