"""The structure of a report: its outline, its tables, and which reports a batch lacks.

:func:`check_structure` checks a report against the outline of its own generation
(docs/formats.md §7):

- a pre-2019 (narrative) report against the narrative outline: 概述, 主动公开, 依申请公开,
  收费及减免, 复议和诉讼, 问题及改进, 其他 (the seed report's; the 2008 条例 第三十二条 lists all
  but 概述), each as a heading, in that order. The outline was never a form to fill in, so a missing
  or misplaced section is a warning;
- a 2019 or 2021 standard-form report against the template: the six sections 一、总体情况 …
  六、其他需要报告的事项 present, in order, each numbered as the template numbers it and no number
  used twice, and the tables 二, 三 and 四 present. Against the template these are errors;
- the rules of table 二 (现行有效件数 = last year's + 本年制发件数 − 本年废止件数 when both years
  are read, :func:`~luzhou_disclosure.check`'s R9; no negative count, its R5) and the figures the
  总体情况 prose states against the tables' (R7), named by their table and heading.

Headings are found in the report's prose lines as the text reader sees them
(:func:`audit_outline` takes those lines with their provenance, whatever the source file), so a
heading inside a one-line web page (``…联系。一、总体情况2021年，…``) is found as well as one on a
line of its own. :func:`missing_reports` says which of the agencies expected in a batch published
no report for a year.

=====  ===============================================================================
rule   what must hold
=====  ===============================================================================
S1     each section of the outline has a heading
S2     the sections come in the outline's order
S3     (2019/2021) each section is numbered as the template numbers it, and no number of
       a section heading is used by another heading
S4     (2019/2021) tables 二, 三 and 四 are present
=====  ===============================================================================
"""

from __future__ import annotations

import difflib
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._arrays import STRING
from ._findings import make_findings
from ._numbers import parse_number
from ._vocab import label_key
from .errors import DisclosureError, DisclosureWarning
from .readers._sources import REPORT_SUFFIXES, load_document
from .readers._text_source import Text, strip_junk

__all__ = ["check_structure", "audit_outline", "missing_reports", "OUTLINES", "RULES"]

#: rule id → what must hold
RULES: dict[str, str] = {
    "S1": "each section of the report's outline has a heading",
    "S2": "the sections come in the outline's order",
    "S3": "each section is numbered as the template numbers it, and once",
    "S4": "tables 二, 三 and 四 of the standard form are present",
}


@dataclass(frozen=True)
class Section:
    """A section of an outline: its key, its name as the template (or the seed) writes it, and a
    pattern its heading's title matches (the normalised text right after the number)."""

    key: str
    name: str
    title: re.Pattern[str]


_OVERVIEW = Section(
    "overview",
    "概述",
    re.compile(
        r"(?:总体情况|总体概述|概述|综述|概况|基本情况|总体概况"
        r"|政府信息公开工作的?(?:推进|开展|基本|总体)?情况)"
    ),
)
_PROACTIVE = Section(
    "proactive",
    "主动公开",
    re.compile(r"(?:行政机关)?(?:政府信息)?主动公开(?:政府)?(?:信息)?的?情况"),
)
_APPLICATIONS = Section(
    "applications",
    "依申请公开",
    re.compile(
        r"(?:行政机关)?收到和处理政府信息公开申请的?情况"
        r"|(?:政府信息)?依申请公开[^。;]{0,20}?情况"
    ),
)
_FEES = Section(
    "fees",
    "收费及减免",
    re.compile(r"[^。;,]{0,12}?(?:收费(?:及|和|与)?减免(?:的?情况)?|收费的?情况|费用的?情况)"),
)
_REVIEW = Section(
    "review",
    "复议和诉讼",
    re.compile(r"[^。;,]{0,20}?复议[^。;,]{0,12}?诉讼[^。;,]{0,6}?情况"),
)
_PROBLEMS = Section(
    "problems",
    "问题及改进",
    re.compile(r"[^。;,]{0,16}?问题[^。;,]{0,8}?(?:改进|整改|措施)(?:的?情况|措施)?"),
)
_OTHER = Section("other", "其他", re.compile(r"其他(?:需要|需)?(?:报告|说明)?的?事项"))

#: the outline of each report form: the sections in order (for the standard forms, the template's
#: titles, numbered 一 to 六)
OUTLINES: dict[str, tuple[Section, ...]] = {
    "narrative": (_OVERVIEW, _PROACTIVE, _APPLICATIONS, _FEES, _REVIEW, _PROBLEMS, _OTHER),
    "2019": (
        Section("overview", "一、总体情况", _OVERVIEW.title),
        Section("proactive", "二、主动公开政府信息情况", _PROACTIVE.title),
        Section("applications", "三、收到和处理政府信息公开申请情况", _APPLICATIONS.title),
        Section("review", "四、政府信息公开行政复议、行政诉讼情况", _REVIEW.title),
        Section("problems", "五、存在的主要问题及改进情况", _PROBLEMS.title),
        Section("other", "六、其他需要报告的事项", _OTHER.title),
    ),
}
OUTLINES["2021"] = OUTLINES["2019"]

#: the tables of the standard forms: (name, heading of the section holding it, records sections,
#: words of its header that the text of a table shows)
TABLES: tuple[tuple[str, str, tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = (
    (
        "表二",
        "二、主动公开政府信息情况",
        ("article20",),
        (
            ("本年制发件数",),
            ("现行有效件数",),
            ("本年处理决定数量",),
            ("本年新制作数量",),
            ("对外公开总数量",),
            ("上一年项目数量",),
            ("第二十条第(一)项",),
        ),
    ),
    (
        "表三",
        "三、收到和处理政府信息公开申请情况",
        ("applications", "outcomes"),
        (("申请人情况",), ("本年度办理结果",), ("勾稽关系",)),
    ),
    (
        "表四",
        "四、政府信息公开行政复议、行政诉讼情况",
        ("reconsideration", "litigation"),
        (("结果维持", "结果纠正"), ("未经复议直接起诉",), ("复议后起诉",)),
    ),
)

_NUMERAL = "一二三四五六七八九十"
#: a heading's number: 一、, (一), 第一部分 (after normalisation (一) has ASCII brackets)
_ORDINAL = re.compile(
    rf"(?P<l1>[{_NUMERAL}]{{1,3}})\s*[、.,]|\((?P<l2>[{_NUMERAL}]{{1,3}})\)|第(?P<part>[{_NUMERAL}]{{1,3}})部分"
)
_TRAILING = re.compile(r"[。:：\s]+$")
#: rows of table 三 numbered like sections (一、本年新收…, 三、本年度办理结果)
_TABLE_ROW = re.compile(r"\s*(?:本年新收|上年结转|本年度办理结果|本年度办\s*理结果|结转下年度)")


@dataclass(frozen=True)
class Heading:
    """A heading found in the prose: where, its number (None: unnumbered) and level (1: 一、,
    2: (一), 0: unnumbered), the section it names (None: another heading) and its text."""

    line: int
    start: int
    end: int
    number: int | None
    level: int
    section: str | None
    text: str


def find_headings(prose: Text, form: str) -> list[Heading]:
    """The headings of ``prose`` that name a section of the outline of ``form``, and (for the
    numbering rule) the other headings numbered 一、 at the start of a line.

    A numbered title is recognised anywhere in a line (web pages flattened to one line run their
    headings into the text: ``…联系。一、总体情况2021年，…``); a title without a number only as a
    short line of its own. The rows of table 三 numbered like sections (一、本年新收…) are no
    headings.
    """
    sections = OUTLINES[form]
    found: list[Heading] = []
    for i, norm in enumerate(prose.norm):
        clean, index = strip_junk(norm)
        for m in _ORDINAL.finditer(clean):
            rest = clean[m.end() : m.end() + 40]
            if _TABLE_ROW.match(rest):
                continue
            level = 1 if (m["l1"] or m["part"]) else 2
            numeral = m["l1"] or m["part"] or m["l2"]
            parsed = parse_number(numeral)
            if parsed is None:
                continue  # (an NA token is no ordinal)
            number = int(parsed.value)
            key, end = _title(rest.lstrip(), sections)
            at_start = not clean[: m.start()].strip()
            if key is None and not (at_start and level == 1):
                continue
            stop = m.end() + (len(rest) - len(rest.lstrip())) + end if key else len(clean)
            a, b = _origin(index, m.start(), min(stop, len(clean)))
            text = prose.lines[i][a:b].strip() if i < len(prose.lines) else clean[m.start() : stop]
            found.append(Heading(i, a, b, number, level, key, text[:40]))
        stripped = clean.strip()
        if 0 < len(stripped) <= 30 and not _ORDINAL.match(stripped):
            key, end = _title(stripped, sections)
            if key is not None and end >= len(_TRAILING.sub("", stripped)) - 2:
                a, b = _origin(index, clean.index(stripped[0]), len(clean.rstrip()))
                found.append(Heading(i, a, b, None, 0, key, stripped))
    return found


def _title(text: str, sections: Sequence[Section]) -> tuple[str | None, int]:
    """The section whose title ``text`` begins with, and where the title ends."""
    for section in sections:
        m = section.title.match(text)
        if m:
            return section.key, m.end()
    return None, 0


def _origin(index: list[int] | None, a: int, b: int) -> tuple[int, int]:
    if index is None or not index:
        return a, b
    return index[a], index[max(b - 1, a)] + 1


def audit_outline(
    prose: Text,
    *,
    form: str,
    agency: str | None = None,
    year: int | None = None,
    records: pd.DataFrame | None = None,
    table_text: Iterable[str] = (),
) -> pd.DataFrame:
    """Findings S1–S4 of one report: its headings against the outline of ``form`` and, for the
    standard forms, its tables.

    Parameters
    ----------
    prose
        The report's prose as the text reader sees it: lines, their normalised copies and
        ``ref(line, start, end)``, the provenance of a span (``FILE:LINE:START-END`` for a text or a
        web page; a PDF or Word source gives page and line, or paragraph). Tables flattened into
        a text's lines are part of it.
    form
        ``narrative``, ``2019`` or ``2021``.
    agency, year
        Written into the findings.
    records
        The figures read from the report (:func:`~luzhou_disclosure.read_report`): a table whose
        figures were read is present.
    table_text
        The text of the report's table cells, where its source keeps tables apart from its prose
        (a PDF or Word file): a table whose header is there is present.

    Returns
    -------
    DataFrame
        Findings (docs/formats.md §7): ``rule`` S1–S4, ``item`` the section or table as the
        outline names it, ``expected`` and ``found`` its number and position where they are
        checked, ``sources`` where the heading or table is (or, when it is missing, where the
        section before it is).
    """
    if form not in OUTLINES:
        raise ValueError(f"form={form!r}: expected one of {', '.join(OUTLINES)}")
    sections = OUTLINES[form]
    template = form != "narrative"
    severity = "error" if template else "warning"
    headings = find_headings(prose, form)
    first: dict[str, Heading] = {}
    for h in headings:
        if h.section is None:
            continue
        if template and h.level == 2:
            continue  # (一)主动公开方面 under 一、总体情况 is no section of the template
        if h.section == "overview" and not template and first:
            continue  # the overview comes first or not at all
        first.setdefault(h.section, h)
    rows: list[dict[str, Any]] = []
    base = {"agency": agency, "year": year}

    def ref(h: Heading) -> str:
        return prose.ref(h.line, h.start, h.end)

    # S1: every section has a heading
    for position, section in enumerate(sections, start=1):
        heading = first.get(section.key)
        if heading is not None:
            rows.append(
                {
                    **base,
                    "rule": "S1",
                    "ok": True,
                    "severity": "ok",
                    "item": section.name,
                    "message": f"heading {heading.text!r}",
                    "sources": ref(heading),
                }
            )
            continue
        before = [first[s.key] for s in sections[: position - 1] if s.key in first]
        rows.append(
            {
                **base,
                "rule": "S1",
                "ok": False,
                "severity": severity,
                "item": section.name,
                "message": f"no heading for {section.name}"
                + (f" (after {before[-1].text!r})" if before else ""),
                "sources": ref(before[-1]) if before else None,
            }
        )
    # S2: in order
    present = sorted(first.items(), key=lambda kh: (kh[1].line, kh[1].start))
    order = {s.key: i for i, s in enumerate(sections, start=1)}
    names = {s.key: s.name for s in sections}
    for k, (key, h) in enumerate(present):
        earlier = [(p_key, p) for p_key, p in present[:k] if order[p_key] > order[key]]
        later = [p for _, p in earlier]
        rows.append(
            {
                **base,
                "rule": "S2",
                "ok": not later,
                "severity": severity if later else "ok",
                "item": names[key],
                "message": (
                    f"{h.text!r} comes after {later[0].text!r}; the outline puts {names[key]} "
                    f"before {names[earlier[0][0]]}"
                    if later
                    else "in the outline's order"
                ),
                "sources": ref(h) + ("" if not later else f" | {ref(later[0])}"),
            }
        )
    if template:
        rows += _numbering(headings, first, sections, base, ref)
        rows += _tables(prose, records, table_text, first, base, ref)
    return make_findings(rows)


def _numbering(headings, first, sections, base, ref) -> list[dict[str, Any]]:
    """S3: each section numbered as the template numbers it (一 … 六), its number used once."""
    rows = []
    level1 = [h for h in headings if h.level == 1]
    for number, section in enumerate(sections, start=1):
        h = first.get(section.key)
        if h is None:
            continue
        problems = []
        if h.number is None:
            problems.append("it has no number")
        elif h.number != number:
            problems.append(
                f"it is numbered {_NUMERAL[h.number - 1] if h.number <= 10 else h.number}"
            )
        others = [
            o
            for o in level1
            if o.number == h.number
            and o.section != h.section
            and (o.line, o.start) != (h.line, h.start)
        ]
        if h.number is not None and others:
            problems.append(f"{others[0].text!r} carries the same number")
        ok = not problems
        rows.append(
            {
                **base,
                "rule": "S3",
                "ok": ok,
                "severity": "ok" if ok else "error",
                "item": section.name,
                "expected": float(number),
                "found": None if h.number is None else float(h.number),
                "message": "numbered as the template numbers it"
                if ok
                else f"{h.text!r}: the template numbers it {_NUMERAL[number - 1]}; "
                + "; ".join(problems),
                "sources": ref(h) + "".join(f" | {ref(o)}" for o in others[:1]),
            }
        )
    return rows


def _tables(prose: Text, records, table_text, first, base, ref) -> list[dict[str, Any]]:
    """S4: tables 二, 三, 四 present: figures read from them, or their header in the text."""
    rows = []
    table_records = None
    if records is not None and len(records):
        is_table = records["field"].astype(object).ne("narrative") | records["field"].isna()
        table_records = records[is_table.to_numpy(dtype=bool)]
    cells = "".join(label_key(t) for t in table_text)
    lines = [label_key(strip_junk(n)[0]) for n in prose.norm]
    for name, heading, sections, signals in TABLES:
        where = None
        if table_records is not None:
            hit = table_records[table_records["section"].isin(sections).to_numpy(dtype=bool)]
            sources = hit["source"].dropna()
            if len(hit):
                where = str(sources.iloc[0]) if len(sources) else ""
        if where is None:
            for signal in signals:
                keys = [label_key(w) for w in signal]
                at = next((i for i, line in enumerate(lines) if all(k in line for k in keys)), None)
                if at is not None:
                    pos = prose.norm[at].find(signal[0])
                    where = prose.ref(at, max(pos, 0), max(pos, 0) + len(signal[0]))
                    break
                if cells and all(k in cells for k in keys):
                    where = ""
                    break
        section = next((s for s in OUTLINES["2021"] if s.name == heading), None)
        h = first.get(section.key) if section else None
        ok = where is not None
        rows.append(
            {
                **base,
                "rule": "S4",
                "ok": ok,
                "severity": "ok" if ok else "error",
                "item": f"{name}（{heading}）",
                "message": f"{name} is present"
                if ok
                else f"no {name}: the form requires it under {heading}"
                + (f"; the heading is there ({h.text!r})" if h else ""),
                "sources": (where or None) if ok else (ref(h) if h else None),
            }
        )
    return rows


# --- reports: outline, tables, table 二 and the prose against the tables --------------------------


def check_structure(
    reports: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    agency: str | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """Check report texts against the outline and tables of their own generation.

    Parameters
    ----------
    reports
        One report (a path, or the text itself) or several (paths, or a folder of report files:
        PDF, Word, web pages, texts). Each is read with :func:`~luzhou_disclosure.read_report`.
    agency, year
        Passed to :func:`~luzhou_disclosure.read_report` (for a single report that does not name
        them).

    Returns
    -------
    DataFrame
        Findings (:func:`~luzhou_disclosure.check`'s table), one row per check made: S1–S4 of
        :data:`RULES` for each report (docs/formats.md §7), and, named by their table or heading,
        :func:`~luzhou_disclosure.check`'s findings on table 二 (R5: a negative count, R9:
        现行有效件数 carried from one year to the next, when both years are among ``reports``) and
        on the figures the prose states beside a table (R7). A report that cannot be read is a
        finding of rule ``unreadable_report``.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> text = '''某县统计局2021年政府信息公开工作年度报告
    ... 一、总体情况
    ... 三、收到和处理政府信息公开申请情况
    ... 二、主动公开政府信息情况'''
    >>> found = ld.check_structure(text)
    >>> found.loc[~found["ok"] & (found["rule"] == "S2"), "message"].tolist()
    ["'二、主动公开政府信息情况' comes after '三、收到和处理政府信息公开申请情况';
     the outline puts 二、主动公开政府信息情况 before 三、收到和处理政府信息公开申请情况"]
    >>> found.loc[found["rule"] == "S1", "ok"].tolist()
    [True, True, True, False, False, False]
    """
    from . import check as _check
    from .records import concat_records
    from .text import read_document

    parts, read = [], []
    for source in _sources(reports):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DisclosureWarning)
                doc = load_document(source)
                records = read_document(doc, agency=agency, year=year)
        except (DisclosureError, OSError, UnicodeError) as exc:
            parts.append(
                make_findings(
                    [
                        {
                            "rule": "unreadable_report",
                            "ok": False,
                            "severity": "error",
                            "message": str(exc),
                            "sources": str(source) if _is_path(source) else "<text>",
                        }
                    ]
                )
            )
            continue
        prose = doc.prose
        table_text = [cell for g in doc.grids or () for row in g.cells for cell in row]
        who = _who(records, prose, agency, year)
        parts.append(
            audit_outline(
                prose,
                form=who[2],
                agency=who[0],
                year=who[1],
                records=records,
                table_text=table_text,
            )
        )
        read.append(records)
    records = concat_records(read) if read else None
    if records is not None and len(records):
        parts.append(_table_findings(_check(records), records))
    parts = [p for p in parts if len(p)]
    if not parts:
        return make_findings([])
    return make_findings(pd.concat(parts, ignore_index=True))


def _sources(reports: Any) -> list[Any]:
    if isinstance(reports, str | os.PathLike):
        if _is_path(reports) and Path(reports).is_dir():
            folder = Path(reports)
            return sorted(p for p in folder.iterdir() if p.suffix.lower() in REPORT_SUFFIXES)
        return [reports]
    return list(reports)


def _is_path(source: Any) -> bool:
    return isinstance(source, os.PathLike) or (
        isinstance(source, str)
        and "\n" not in source
        and len(source) < 1024
        and Path(source).exists()
    )


def _who(records: pd.DataFrame, prose: Text, agency: str | None, year: int | None):
    """The report's agency, year and form: as read, else from the title (the form by the year)."""
    from .readers._text_meta import detect_agency, detect_year

    head = [strip_junk(n)[0] for n in prose.norm[:12]]
    if len(records):
        agency = agency or str(records["agency"].mode().iloc[0])
        year = year or int(records["year"].max())
        forms = records.loc[records["year"] == year, "form"].dropna()
        if len(forms):
            return agency, year, str(forms.mode().iloc[0])
    agency = agency or detect_agency(head)[0]
    year = year or detect_year(head)[0]
    form = "narrative" if year is None or year < 2019 else "2019" if year < 2021 else "2021"
    return agency, year, form


#: where each section of the records is, as the standard form names its table and heading
_PLACE = {
    "article20": "表二（二、主动公开政府信息情况）",
    "applications": "表三（三、收到和处理政府信息公开申请情况）",
    "outcomes": "表三（三、收到和处理政府信息公开申请情况）",
    "reconsideration": "表四（四、政府信息公开行政复议、行政诉讼情况）",
    "litigation": "表四（四、政府信息公开行政复议、行政诉讼情况）",
}


def _table_findings(found: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """check's findings on table 二 (R5, R9) and on the prose against the tables (R7), each
    message opening with the table (and the heading of the prose) it is about."""
    article20 = found["section"].eq("article20").fillna(False)
    keep = (found["rule"].isin(["R5", "R9"]) & article20).to_numpy(dtype=bool, copy=True)
    prose = records[(records["field"] == "narrative").fillna(False).to_numpy(dtype=bool)]
    if len(prose):
        said = set(
            zip(prose["agency"], prose["year"], prose["section"], prose["item"], strict=True)
        )
        r7 = found["rule"].eq("R7").to_numpy(dtype=bool)
        about = [
            (a, y, s, i) in said
            for a, y, s, i in zip(
                found["agency"], found["year"], found["section"], found["item"], strict=True
            )
        ]
        keep |= r7 & np.asarray(about, dtype=bool)
    out = found[keep].copy()
    if out.empty:
        return out
    place = out["section"].map(_PLACE).astype(object)
    prefix = np.where(out["rule"] == "R7", "一、总体情况 and " + place + ": ", place + ": ")
    out["message"] = pd.array(prefix + out["message"].astype(object), dtype=STRING)
    return out


# --- which reports a batch lacks ------------------------------------------------------------------


def missing_reports(
    records: pd.DataFrame,
    *,
    expected: Iterable[str] | Mapping[str, Any] | pd.Series,
    year: int | Sequence[int] | None = None,
) -> pd.DataFrame:
    """Which of the agencies expected published no report for a year.

    Parameters
    ----------
    records
        The figures of a batch of reports (:func:`~luzhou_disclosure.read_reports`, or records of
        several agencies). An agency-year is *published* when the records hold a figure of it.
    expected
        The agencies that should report (a city's departments): names, or a mapping / Series
        agency → group (a district, a kind of agency), written to ``group``. Names are compared
        through :func:`~luzhou_disclosure._vocab.label_key` (width, traditional characters, spaces).
    year
        The year or years to check (default: every year the records hold).

    Returns
    -------
    DataFrame
        One row per expected agency and year, then one per agency the records hold that was not
        expected: ``agency``, ``group``, ``year``, ``listed`` (among the agencies expected),
        ``published``, ``figures`` (how many
        figures of it the records hold), ``closest`` (for a report not found: the unexpected
        agency of that year whose name is most alike, as a hint at a name written differently) and
        ``note``.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> m = ld.missing_reports(
    ...     ld.load_example(), expected=["泸州市统计局", "泸州市财政局"], year=2017
    ... )
    >>> m[["agency", "published", "figures"]].values.tolist()
    [['泸州市统计局', True, 47], ['泸州市财政局', False, 0]]
    """
    if isinstance(expected, pd.Series):
        groups = expected.to_dict()
    elif isinstance(expected, Mapping):
        groups = dict(expected)
    elif isinstance(expected, str):
        groups = {expected: None}
    else:
        groups = dict.fromkeys(expected)
    years = (
        sorted(int(y) for y in records["year"].dropna().unique())
        if year is None
        else [int(y) for y in ([year] if isinstance(year, int | np.integer) else year)]
    )
    have = records.loc[
        records["year"].isin(years).fillna(False).to_numpy(dtype=bool), ["agency", "year"]
    ]
    have = have.dropna().assign(key=lambda f: f["agency"].map(label_key))
    counts = have.groupby(["key", "year"]).size().to_dict()
    names = have.drop_duplicates(["key", "year"]).set_index(["key", "year"])["agency"].to_dict()
    wanted = {label_key(a) for a in groups}
    rows = []
    for agency, group in groups.items():
        key = label_key(agency)
        for y in years:
            n = int(counts.get((key, y), 0))
            others = [names[k] for k in names if k[1] == y and k[0] not in wanted]
            closest = None
            if not n and others:
                match = difflib.get_close_matches(agency, others, n=1, cutoff=0.5)
                closest = match[0] if match else None
            rows.append(
                {
                    "agency": agency,
                    "group": group,
                    "year": y,
                    "listed": True,
                    "published": n > 0,
                    "figures": n,
                    "closest": closest,
                    "note": None
                    if n
                    else f"no report of {agency} for {y}"
                    + (f" (did you mean {closest!r}?)" if closest else ""),
                }
            )
    for (key, y), agency in names.items():
        if key not in wanted:
            rows.append(
                {
                    "agency": agency,
                    "group": None,
                    "year": y,
                    "listed": False,
                    "published": True,
                    "figures": int(counts[(key, y)]),
                    "closest": None,
                    "note": "a report of an agency not expected",
                }
            )
    out = pd.DataFrame(
        rows,
        columns=["agency", "group", "year", "listed", "published", "figures", "closest", "note"],
    )
    return out.astype(
        {
            "agency": STRING,
            "year": "Int64",
            "listed": "boolean",
            "published": "boolean",
            "figures": "Int64",
            "closest": STRING,
            "note": STRING,
        }
    )
