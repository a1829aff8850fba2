"""The one interpreter of the official 2019/2021 standard-form tables (docs/formats.md §2–3).

Both the standard-form workbook reader (:mod:`luzhou_disclosure.forms`) and the report-text reader
hand a 2-D grid of cell values to :func:`interpret_grid`, together with a function that names the
source of a cell. The grid may hold sections 二, 三 and 四 or only some of them, with header rows
anywhere, merged label cells (a group label such as （三）不予公开 only on its first sub-row), label
variants, and a table cut off mid-way.

How a row is read
-----------------
A row's *label cells* are its non-empty cells before the first cell that reads as a number or an NA
token (blank, ``/``, ``—``, ``无``, ``不适用``). Labels are matched loosely (:func:`_key`: NFKC,
simplified characters, no ordinals, spaces or punctuation). The value cells are taken

* at the columns named by the table's header rows when the header lines up with the data (a
  workbook, where merged cells keep positions), or
* one after another right after the label cells otherwise (a flattened text line).

Every cell that holds something the interpreter cannot read, and every row with figures that it
cannot place, becomes a finding (rule ``unreadable_cell``, ``unplaced_row``, ``truncated_table``,
severity ``warning``) and a :class:`~luzhou_disclosure.errors.DisclosureWarning`; nothing is dropped
silently.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from .._findings import make_findings
from .._numbers import Number, parse_number
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
from ..errors import DisclosureWarning
from ..records import make_records

__all__ = ["interpret_grid", "interpret_rows", "STANDARD_UNITS"]

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

_PUNCT = re.compile(r"[\s()\[\]{}<>,.:;\"'/\\|_\-—–~·!?、，。：；“”‘’（）【】《》！？…]")


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

_APPLICANT_KEYS = {_k(a): a for a in APPLICANTS_8}
_APPLICANT_KEYS.update(
    {
        _k("科研企业"): "科研机构",
        _k("小计"): LEGAL_PERSONS,
        _k("合计"): TOTAL,
        _k("法人或其他组织小计"): LEGAL_PERSONS,
    }
)

_REVIEW_FIELD_KEYS = {_k(f): f for f in REVIEW_FIELDS}
_REVIEW_HEADER_KEYS = {_k(w) for w in ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉")}

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
_A20_FIELD_KEYS_BY_LEN = sorted(_A20_FIELDS, key=len, reverse=True)
_A20_BLOCK = re.compile(r"第二十条第[(（]?([一二三四五六七八九十]+)[)）]?项")


def _a20_row(form: str, item: str) -> Any:
    for row in ARTICLE20[form]:
        name = row.item if row.item != "行政规范性文件" else "规范性文件"
        if name == item:
            return row
    return None


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
        "处理决定数量",
        "其他对外管理服务事项",
        "政府集中采购",
        "采购项目数量",
    )
}
_FORM_2019_PREFIX = (_k("采购总金额"),)


_VOCABULARY_KEYS = tuple(
    {
        *_FORM_2021_KEYS,
        *_FORM_2021_PREFIX,
        *_FORM_2019_KEYS,
        *_FORM_2019_PREFIX,
        *_A20_FIELDS,
        *_APPLICANT_KEYS,
        *_REVIEW_FIELD_KEYS,
        *_REVIEW_HEADER_KEYS,
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
    """True when a row holding only the label ``text`` (and blank cells) changes nothing.

    Such a label names no section, header, item, group or form whatever the rows before it (a
    report title such as 泸州市统计局2021年政府信息公开工作年度报告): its key starts with no key of the
    vocabulary and holds none of the words the header tests look for. Used to read forms of one
    layout but different titles as one layout (:mod:`luzhou_disclosure.readers._layout`).
    """
    if _parse_text(text)[0] != _TEXT:
        return False
    full = label_key(text)
    lk = strip_ordinal(full)
    k = _PUNCT.sub("", lk)  # _key(text)
    if not k or k.startswith(_VOCABULARY_KEYS) or lk.startswith(_GROUP_LABEL_PREFIXES):
        return False
    return "申请人情况" not in k and "勾稽关系" not in k and not _A20_BLOCK.search(full)


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


# --- state ------------------------------------------------------------------------------------


@dataclass
class _State:
    agency: str | None
    year: int | None
    refs: Callable[[int, int], str]
    records: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    votes: dict[str, int] = field(default_factory=lambda: {"2019": 0, "2021": 0})
    section: str | None = None
    # section 二
    a20_fields: list[tuple[int, str, str]] | None = (
        None  # (col, form, field) of the 信息内容 header
    )
    a20_header_keys: list[str] = field(default_factory=list)
    amount_unit: str | None = None
    # section 三
    app_header: dict[int, str] = field(default_factory=dict)
    app_header_row: int = -1
    app_columns: list[tuple[int, str]] | None = None
    app_width: int | None = None
    group: str | None = None
    group_label: str = ""
    # section 四
    review_header: dict[int, str] = field(default_factory=dict)
    review_header_row: int = -1
    review_columns: list[int] | None = None
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
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]:
    """Like :func:`interpret_grid`, but return plain row dicts (records, findings) and the form.

    Building DataFrames is the slow part for small grids; :func:`luzhou_disclosure.forms.read_forms`
    collects the dicts of many workbooks and builds one DataFrame at the end.
    """
    return _interpret(cells, refs, agency=agency, year=year, form=form, trace=None)


@dataclass
class _Trace:
    """What the interpreter looked at, for :mod:`luzhou_disclosure.readers._layout` (interpreting a layout once).

    Per grid row: the columns whose kind (``kinds``) or raw value (``raws``) decided something
    outside reading a figure, the rows whose ``first_value`` was used beyond splitting labels from
    values, the first value column of each row, and for each record the (row, column) it was read
    from with the number of findings made before it. ``blank_tolerant``: the rows that read the same
    (but for their figures, NA) with their numbers blanked.
    """

    kinds: dict[int, set[int]] = field(default_factory=dict)
    raws: dict[int, set[int]] = field(default_factory=dict)
    first_value_used: set[int] = field(default_factory=set)
    first_value: dict[int, int] = field(default_factory=dict)
    emits: list[tuple[int, int, int]] = field(default_factory=list)
    blank_tolerant: set[int] = field(default_factory=set)
    #: whether to find the blank-tolerant rows (costs a second reading of each row with figures)
    tolerance: bool = True


_SCRATCH = ("agency", "year", "refs", "records", "findings", "trace")


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
    other = _State(st.agency, st.year, st.refs, **{k: _copy(v) for k, v in before.items()})
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
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]:
    st = _State(agency, year, refs, trace=trace)
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

    Returns
    -------
    records : DataFrame
        The figures in the records model (``docs/records.md``); every cell of the tables becomes a
        record (a blank or ``/`` cell gives NA, never 0), with the label as written in ``label``
        and ``refs(r, c)`` in ``source``. ``form`` holds the format found in the labels.
    findings : DataFrame
        The findings schema (``_findings.py``), one row per cell that could not be read
        (``unreadable_cell``), row with figures that could not be placed (``unplaced_row``) and
        table that stops before its last row (``truncated_table``); severity ``warning``.

    Warns
    -----
    DisclosureWarning
        When there are findings (one warning summarising them).

    Examples
    --------
    >>> grid = [["行政复议", "", "", "", "", "行政诉讼"],
    ...         ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
    ...         ["1", "１", "/", "0", "2件", 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]]
    >>> recs, found = interpret_grid(grid, lambda r, c: f"t:{r}:{c}", agency="甲局", year=2021)
    >>> recs.loc[:4, ["item", "field", "count", "source"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['行政复议', '结果维持', 1, 't:2:0'], ['行政复议', '结果纠正', 1, 't:2:1'],
     ['行政复议', '其他结果', <NA>, 't:2:2'], ['行政复议', '尚未审结', 0, 't:2:3'],
     ['行政复议', '总计', 2, 't:2:4']]
    >>> len(found), recs["form"].iloc[0]
    (0, '2021')
    """
    records, findings, _ = interpret_rows(cells, refs, agency=agency, year=year, form=form)
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
    all_keys = [k for _, _, k in keys]

    # -- header rows (all text) --
    if not has_values:
        _vote_keys(st, all_keys)
        if _is_article20_header(st, r, keys):
            return
        if _is_applicant_header(st, r, keys):
            return
        if _is_review_header(st, r, keys):
            return
        for _c, text, k in keys:
            m = _A20_BLOCK.search(label_key(text))
            if m or k.startswith("信息内容"):
                st.section = "二"
                return
            if "勾稽关系" in k:
                st.section = "三"
                return
    # -- data rows --
    if keys:
        if _article20_row(st, r, row, kinds, keys, first_value):
            return
        if _applications_row(st, r, row, kinds, keys, first_value):
            return
    elif has_values and st.section == "四":
        _review_row(st, r, row, kinds, first_value)
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


def _vote_keys(st: _State, keys: list[str]) -> None:
    for k in keys:
        if k in _FORM_2021_KEYS or k.startswith(_FORM_2021_PREFIX):
            st.votes["2021"] += 1
        elif k in _FORM_2019_KEYS or k.startswith(_FORM_2019_PREFIX):
            st.votes["2019"] += 1


# -- section 二 --


def _is_article20_header(st: _State, r: int, keys: list[tuple[int, str, str]]) -> bool:
    found: list[tuple[int, str, str]] = []
    for c, text, k in keys:
        for fk in _A20_FIELD_KEYS_BY_LEN:
            if k == fk or k.startswith(fk):
                form, fname = _A20_FIELDS[fk]
                found.append((c, form, fname))
                if fname == "采购总金额":
                    st.amount_unit = _unit_in(text)
                break
    if not found:
        return False
    st.section = "二"
    st.a20_fields = found
    return True


def _unit_in(text: str) -> str | None:
    t = label_key(text)
    if "万元" in t:
        return "万元"
    if "元" in t:
        return "元"
    return None


def _article20_row(
    st: _State,
    r: int,
    row: list[Any],
    kinds: list[tuple[int, Number | None]],
    keys: list[tuple[int, str, str]],
    first_value: int,
) -> bool:
    c0, text, k = keys[-1]
    item = _A20_ITEMS.get(k)
    if item is None:
        return False
    _vote_keys(st, [k])
    st.section = "二"
    header = st.a20_fields
    if header and any(f[1] == "2021" for f in header) and not any(f[1] == "2019" for f in header):
        layout = "2021"
    elif header and any(f[1] == "2019" for f in header):
        layout = "2019"
    else:
        layout = _lean(st)
    spec = _a20_row(layout, item) or _a20_row("2019" if layout == "2021" else "2021", item)
    if spec is None:  # pragma: no cover - every item is in one of the two layouts
        return False
    if spec.item not in {row_.item for row_ in ARTICLE20[layout]}:
        layout = "2019" if layout == "2021" else "2021"
    st.seen["二"].add(spec.item)
    label = " ".join(t for _, t, _ in keys)
    n = len(spec.fields)
    cols: list[int]
    hdr_cols = [c for c, _, _ in header] if header else []
    if hdr_cols and len(hdr_cols) >= n and max(c for c, _, _ in keys) < min(hdr_cols):
        cols = hdr_cols[:n]
    else:
        cols = list(range(c0 + 1, c0 + 1 + n))
    if header and len(header) >= n:
        said = [f for _, _, f in header[:n]]
        wanted = [f for f, _ in spec.fields]
        if said != wanted:
            st.finding(
                "header_mismatch",
                f"the header above {spec.item} names {', '.join(said)}; the "
                f"{layout} form has {', '.join(wanted)} there, read as the latter",
                st.refs(r, c0),
                section="article20",
                item=spec.item,
            )
    for (fname, measure), c in zip(spec.fields, cols, strict=True):
        unit = _ARTICLE20_UNITS.get(fname)
        if fname == "采购总金额":
            unit = st.amount_unit
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
        )
    _extra_cells(st, r, row, kinds, set(cols), after=min(cols), item=spec.item, section="article20")
    return True


# -- section 三 --


def _is_applicant_header(st: _State, r: int, keys: list[tuple[int, str, str]]) -> bool:
    hits = [(c, _APPLICANT_KEYS[k]) for c, _, k in keys if k in _APPLICANT_KEYS]
    named = {a for _, a in hits}
    if not (named & {"自然人", *ORGS[:4]}) and not any("申请人情况" in k for _, _, k in keys):
        return False
    if st.section != "三" or r > st.app_header_row + 3:
        st.app_header = {}
    st.section = "三"
    st.app_header_row = r
    st.group = None
    for c, a in hits:
        prev = st.app_header.get(c)
        if prev == LEGAL_PERSONS and a in ORGS:
            st.app_header[c] = a
        elif prev is None or a == LEGAL_PERSONS or prev == LEGAL_PERSONS:
            st.app_header[c] = (
                a if prev != LEGAL_PERSONS or a in ORGS or a == LEGAL_PERSONS else prev
            )
        else:
            st.app_header[c] = a
    cols = sorted(st.app_header.items())
    names = [a for _, a in cols]
    if names in (list(APPLICANTS_7), list(APPLICANTS_8)):
        st.app_columns = cols
    else:
        st.app_columns = None
        st.app_width = (
            8
            if LEGAL_PERSONS in names
            and names.count(LEGAL_PERSONS) == 1
            and any(k == _k("小计") for _, _, k in keys)
            else st.app_width
        )
    return True


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


def _applications_row(
    st: _State,
    r: int,
    row: list[Any],
    kinds: list[tuple[int, Number | None]],
    keys: list[tuple[int, str, str]],
    first_value: int,
) -> bool:
    saved = (st.group, st.group_label)
    kind, item, label = _outcome_labels(st, keys)
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
    cells = _applicant_cells(st, r, row, kinds, keys, first_value)
    if item == OTHER_HANDLING:  # the 2019 layout's single 其他处理 row
        st.other_handling_rows += 1
    st.seen["三"].add(item if parent is None else (parent, item))
    for c, applicant in cells:
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
        )
    if item in (CARRIED_FORWARD,):
        st.group = None
    return True


def _applicant_cells(
    st: _State,
    r: int,
    row: list[Any],
    kinds: list[tuple[int, Number | None]],
    keys: list[tuple[int, str, str]],
    first_value: int,
) -> list[tuple[int, str]]:
    last_label = max(c for c, _, _ in keys)
    if st.app_columns and last_label < st.app_columns[0][0]:
        cells = list(st.app_columns)
    else:
        start = last_label + 1
        end = _end(row, kinds, start)
        width = st.app_width or (8 if end - start == 8 else 7)
        names = APPLICANTS_8 if width == 8 else APPLICANTS_7
        cells = [(start + i, names[i]) for i in range(width)]
        if end - start < width:
            missing = ", ".join(names[end - start :])
            st.finding(
                "truncated_table",
                f"row {' '.join(t for _, t, _ in keys)!r} stops after "
                f"{max(end - start, 0)} of {width} columns; missing: {missing}",
                st.refs(r, max(end - 1, last_label)),
                section="outcomes",
            )
            cells = cells[: max(end - start, 0)]
    _extra_cells(
        st,
        r,
        row,
        kinds,
        {c for c, _ in cells},
        after=cells[0][0] if cells else last_label + 1,
        item=" ".join(t for _, t, _ in keys),
        section="outcomes",
    )
    return cells


# -- section 四 --


def _is_review_header(st: _State, r: int, keys: list[tuple[int, str, str]]) -> bool:
    field_hits = [(c, _REVIEW_FIELD_KEYS[k]) for c, _, k in keys if k in _REVIEW_FIELD_KEYS]
    group_hits = [c for c, _, k in keys if k in _REVIEW_HEADER_KEYS]
    if not group_hits and not (
        len(field_hits) >= 4 and any(f == "结果维持" for _, f in field_hits)
    ):
        return False
    if st.section != "四" or r > st.review_header_row + 3:
        st.review_header = {}
        st.review_rows = 0
    st.section = "四"
    st.review_header_row = r
    for c, f in field_hits:
        st.review_header[c] = f
    cols = sorted(st.review_header)
    if len(cols) == 15 and [st.review_header[c] for c in cols] == list(REVIEW_FIELDS) * 3:
        st.review_columns = cols
    else:
        st.review_columns = None
    st.seen["四"].add("header")
    st.last_ref["四"] = st.refs(r, cols[0]) if cols else ""
    return True


def _review_row(
    st: _State, r: int, row: list[Any], kinds: list[tuple[int, Number | None]], first_value: int
) -> None:
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
    if st.trace is not None:
        st.trace.first_value_used.add(r)
    if st.review_columns and st.review_columns[0] <= first_value:
        cols = list(st.review_columns)
    else:
        start = min(first_value, st.review_columns[0]) if st.review_columns else first_value
        cols = [start + i for i in range(15)]
    present = [c for c in cols if c < len(row)]
    if not (st.review_columns and len(row) > cols[-1]) and _end(row, kinds, 0) <= cols[-1]:
        end = _end(row, kinds, 0)
        cut = [c for c in cols if c >= end]
        if cut:
            st.finding(
                "truncated_table",
                f"the section 四 row stops after {15 - len(cut)} of 15 cells",
                st.refs(r, max(end - 1, 0)),
                section="litigation",
            )
            present = [c for c in cols if c < end]
    for i, c in enumerate(present):
        section, item, parent = REVIEW_GROUPS[i // 5]
        fname = REVIEW_FIELDS[i % 5]
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
        )
    st.seen["四"].add("row")
    _extra_cells(
        st, r, row, kinds, set(cols), after=cols[0], item="section 四", section="litigation"
    )


# -- helpers --


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


def _extra_cells(
    st: _State,
    r: int,
    row: list[Any],
    kinds: list[tuple[int, Number | None]],
    used: set[int],
    *,
    after: int,
    item: str,
    section: str,
) -> None:
    for c in range(after, len(row)):
        if c not in used and kinds[c][0] in (_NUM, _TEXT):
            st.finding(
                "unreadable_cell",
                f"cell {row[c]!r} beside the row {item!r} is outside the table's "
                "columns and was not read",
                st.refs(r, c),
                section=section,
                item=item,
            )


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
