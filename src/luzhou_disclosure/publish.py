"""The report as agencies publish it: the official 2021 Word document, filled from records.

:func:`write_report` writes one agency's report for one year as the official 2021 template lays it
out (国办公开办函〔2021〕30号, 政府信息公开工作年度报告格式): the title, the six section headings,
the tables of sections 二, 三 and 四 with their merged header cells, the 勾稽 note and the applicant
columns, and the prose of sections 一, 五 and 六 — the user's text, a summary made from the figures
(:func:`summary_paragraph`), or the template's placeholder. The rows, columns and labels of the
tables come from :mod:`luzhou_disclosure._vocab` and :mod:`luzhou_disclosure.forms` (the Excel
form), the one description of the official layout.

Before writing, :func:`~luzhou_disclosure.check` runs on the figures the document will state: a
report that breaks a rule (a finding of severity ``error``) is written only with ``force=True``.
"""

from __future__ import annotations

import os
import re
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd

from ._numbers import round_half_up
from ._vocab import (
    ARTICLE20,
    CARRIED_FORWARD,
    CARRIED_IN,
    FORM_GROUP_LABELS,
    FORM_NOTE,
    FORM_SECTION_TITLES,
    FORM_TOP_LABELS,
    LEGAL_PERSONS,
    NOT_PROCESSED,
    OTHER_HANDLING,
    PROACTIVE_TOTAL,
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
from .errors import CheckError, DisclosureWarning, InputFileError
from .readers._standard import APPLICANTS_7, APPLICANTS_8
from .records import validate

__all__ = ["write_report", "summary_paragraph", "read_prose", "SECTION_HEADINGS"]

#: the six section headings of the 2021 template, in order
SECTION_HEADINGS: tuple[str, ...] = (
    "一、总体情况",
    *FORM_SECTION_TITLES,
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
#: what the template writes under a prose section left to the agency
PLACEHOLDERS: dict[int, str] = {
    1: "（文字描述）",
    5: "（文字描述）",
    6: "（文字描述，收取信息处理费情况在此处报告。）",
}
#: the sections whose figures the tables hold
TABLE_SECTIONS = ("article20", "applications", "outcomes", "reconsideration", "litigation")
#: the unit of the 本年收费金额 column, and the factor that turns other units of money into it
FEE_UNIT = "万元"
_TO_FEE_UNIT = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
_FIELD_HEADERS = {"本年收费金额": f"本年收费金额（单位：{FEE_UNIT}）"}
_ORDINALS = "一二三四五六"
_KEYS = {
    **{strip_ordinal(label_key(h)): i for i, h in enumerate(SECTION_HEADINGS, start=1)},
    **{label_key(h): i for i, h in enumerate(SECTION_HEADINGS, start=1)},
    **{c: i for i, c in enumerate(_ORDINALS, start=1)},
}
_MARKUP = re.compile(r"^\s*#+\s*|^\s*\*\*|\*\*\s*$")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')

# the look of the official template: fonts, sizes (points), widths (twips), rules, shading
FONT = "宋体"
_TITLE_PT, _BODY_PT, _TABLE_PT = 18, 12, 10
_INDENT = 480  # two characters of the body text
_A20_WIDTHS = (2435, 2435, 2435, 2435)
_APPLY_LABELS = (754, 921, 3271)
_APPLY_COLUMN = 685
_REVIEW_WIDTHS = (649,) * 7 + (650,) * 8
_BLOCK_SHADE = "C6D9F1"
_ROW_HEIGHT = 340  # section 二's rows
_FIGURES_HEIGHT = 672  # section 四's row of figures


# --- the public functions ---------------------------------------------------------------------


def write_report(
    records: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    agency: str | None = None,
    year: int | None = None,
    prose: Mapping[Any, Any] | str | os.PathLike[str] | None = None,
    summary: bool = False,
    force: bool = False,
    pdf: bool = False,
) -> pd.DataFrame:
    """Write one report as the official 2021 Word document (``.docx``), filled from records.

    The document holds the title (``{agency}{year}年政府信息公开工作年度报告``), the six section
    headings, and the tables of sections 二, 三 and 四 in the official layout: merged header
    cells, the 勾稽 note, the applicant columns (with the 法人或其他组织 小计 column when the
    records hold that subtotal), 宋体 throughout. Every figure of the tables is the records'; a
    figure the records do not hold (NA) is a blank cell, as the template leaves it. The prose
    sections hold the user's text (``prose``), else the template's placeholder (（文字描述）).

    Before writing, :func:`~luzhou_disclosure.check` runs on the figures the document states
    (with last year's, for the rules across years): a report that breaks a rule is written only
    with ``force=True``.

    Parameters
    ----------
    records
        Records holding the report: the figures of sections ``article20``, ``applications``,
        ``outcomes``, ``reconsideration`` and ``litigation`` (their ``field`` not ``narrative``)
        fill the tables. Other figures (proactive totals and categories, channels, fees, section
        ``other``, figures stated in a report's prose) have no place in the tables and are named
        in a warning (except those :func:`summary_paragraph` states). Records of other years of
        the agency are used for the summary's comparison with last year and by the checks across
        years. Not modified.
    path
        The ``.docx`` file to write.
    agency, year
        The report to write; by default the only agency and the latest year the records hold.
    prose
        The text of the prose sections: a dict keyed by section (``1``–``6``, ``"一"``,
        ``"一、总体情况"`` or ``"总体情况"``) whose values are a text (one paragraph per line) or a
        list of paragraphs; or the path of a text or Markdown file whose section headings
        (``# 一、总体情况`` or a line ``一、总体情况``) start the sections (:func:`read_prose`).
        Text for sections 二–四 is written above their table.
    summary
        Write a paragraph made from the figures (:func:`summary_paragraph`) at the head of
        section 一 (before the user's text for it, if any).
    force
        Write the report even when :func:`~luzhou_disclosure.check` finds errors.
    pdf
        Also print the document as a PDF beside it (same name, ``.pdf``) with LibreOffice
        (headless, ``soffice``), which must be installed.

    Returns
    -------
    DataFrame
        The findings of :func:`~luzhou_disclosure.check` about the report that did not pass
        (severity ``error`` — only with ``force=True`` — or ``warning``), in the findings schema;
        empty when every check passed.

    Raises
    ------
    CheckError
        The figures break a rule of the checks (a finding of severity ``error``) and ``force`` is
        false; ``.findings`` holds the findings, and the message lists them. Nothing is written.
    ValueError
        No report of that agency and year in the records; records of the 2019 form or of a
        narrative (pre-2019) report (see Notes); a figure of the tables' sections that has no cell
        in the 2021 form (政府集中采购, a group total such as 不予公开); an amount of 本年收费金额
        without a unit of money (元, 万元 or 亿元); an unknown ``prose`` section.
    SchemaError
        The records break the records model.
    InputFileError
        The ``prose`` file cannot be read, or LibreOffice could not print the PDF.

    Warns
    -----
    DisclosureWarning
        Figures of the report that have no place in the document.

    Notes
    -----
    Only the 2021 form is written. Records of the 2019 form or of a narrative report are refused
    rather than harmonized (:func:`~luzhou_disclosure.harmonize`): the 2021 tables have no cell
    for several 2019 figures (政府集中采购, 其他对外管理服务事项, the 项目数量 columns, the single
    （六）其他处理 row, which the 2021 form splits into three), and others map only by judgement
    (对外公开总数量 is not 现行有效件数); written under a 2021 label they would be plausible wrong
    figures. :func:`~luzhou_disclosure.write_form` writes the 2019 tables (``form="2019"``) as a
    workbook.

    The 本年收费金额 column is in 万元, as the form's header says: an amount in 元 is divided by
    10000 exactly (5000 元 is written 0.5), one in 亿元 multiplied by 10000; reading the document
    back gives the amount in 万元.

    Examples
    --------
    >>> import tempfile, luzhou_disclosure as ld
    >>> r = ld.make_records([
    ...     {"agency": "甲局", "year": 2023, "form": "2021", "section": "applications",
    ...      "item": "本年新收政府信息公开申请数量", "applicant": a, "measure": "count", "count": n}
    ...     for a, n in (("自然人", 4), ("总计", 4))])
    >>> path = tempfile.mkdtemp() + "/甲局2023.docx"
    >>> ld.write_report(r, path, summary=True).empty
    True
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")     # (section 四 is empty in this example)
    ...     back = ld.read_report(path)
    >>> back.loc[back["applicant"] == "自然人", ["item", "count"]].dropna().values.tolist()
    [['本年新收政府信息公开申请数量', 4]]
    """
    recs = validate(records)
    agency, year = _the_report(recs, agency, year, "write_report")
    this = recs[(recs["agency"] == agency) & (recs["year"] == year)]
    _refuse_old_forms(this, agency, year)
    table = this[_in_tables(this)]
    cells, layout = _cells(table, agency, year)
    texts = (
        {}
        if prose is None
        else _prose_dict(prose)
        if isinstance(prose, Mapping)
        else read_prose(prose)
    )
    stated = None
    if summary:
        stated = _summary_parts(recs, agency, year)
        if stated.text:
            texts[1] = [stated.text, *texts.get(1, [])]
        else:
            warnings.warn(
                f"{agency} {year}: the records hold none of the figures a summary states "
                "(applications, outcomes, 行政复议, 行政诉讼, 主动公开政府信息总数); section 一 "
                "has no summary",
                DisclosureWarning,
                stacklevel=2,
            )
    found = _check_report(recs, agency, year)
    errors = found[found["severity"] == "error"]
    if len(errors) and not force:
        raise CheckError(
            f"{agency} {year}: the report breaks {len(errors)} rule"
            f"{'s' if len(errors) != 1 else ''} of check and was not written; correct the "
            "records, or pass force=True (command line: --force) to write it as it is",
            found,
        )
    _warn_left_out(this, table, stated, agency, year)
    document = _document(agency, year, cells, layout, texts)
    path = Path(path)
    document.save(str(path))
    if pdf:
        from .readers._convert import to_pdf

        with tempfile.TemporaryDirectory(prefix="luzhou-pdf-") as tmp:
            printed = to_pdf(path, Path(tmp))
            os.replace(printed, path.with_suffix(".pdf"))
    return found.reset_index(drop=True)


def summary_paragraph(
    records: pd.DataFrame, *, agency: str | None = None, year: int | None = None
) -> str:
    """A summary of the year's figures for section 一、总体情况, in the usual wording of reports.

    Every number is a figure of the records, or the sum of stated figures the tables hold
    separately (不予公开 is the sum of its eight reasons, 行政诉讼 that of 未经复议直接起诉 and
    复议后起诉), or a share of them; nothing is estimated. A figure the records lack (NA) is left
    out of the text with the words about it, never written as 0. Percentages are shares of the
    applications answered (（七）总计), rounded half up to two decimals as reports round. Last
    year's figure (the records' ``year - 1`` of the same agency, any form) stands beside this
    year's when the records hold it.

    The paragraph states, as far as the records hold them (applicant 总计):

    - 新收政府信息公开申请 (and last year's), 上年结转政府信息公开申请, 办结政府信息公开申请
      (（七）总计) with the outcome groups it breaks into (予以公开, 部分公开, 不予公开, 无法提供,
      不予处理, 其他处理; those with cases) and their shares, 结转下年度继续办理;
    - the cases of 行政复议 and 行政诉讼 (总计; last year's beside them);
    - 主动公开政府信息总数 (and last year's), from section ``proactive``.

    Parameters
    ----------
    records
        Records of the agency: the year's table figures (as :func:`write_report` writes them),
        its proactive total, last year's figures.
    agency, year
        The report; by default the only agency and the latest year the records hold.

    Returns
    -------
    str
        The paragraph; empty when the records hold none of its figures.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> rows = [("applications", "本年新收政府信息公开申请数量", None, 2023, 53),
    ...         ("applications", "本年新收政府信息公开申请数量", None, 2022, 40),
    ...         ("applications", "上年结转政府信息公开申请数量", None, 2023, 4),
    ...         ("outcomes", "总计", None, 2023, 50), ("outcomes", "予以公开", None, 2023, 30),
    ...         ("outcomes", "部分公开", None, 2023, 20),
    ...         ("applications", "结转下年度继续办理", None, 2023, 7)]
    >>> r = ld.make_records([{"agency": "甲局", "year": y, "form": "2021", "section": s,
    ...     "item": i, "parent": p, "measure": "count", "count": n} for s, i, p, y, n in rows])
    >>> print(ld.summary_paragraph(r, year=2023))
    2023年，甲局新收政府信息公开申请53件，上年为40件；上年结转政府信息公开申请4件；办结政府信息公开申请50件，其中予以公开30件，占60.00%；部分公开20件，占40.00%；结转下年度继续办理7件。
    """
    recs = validate(records)
    agency, year = _the_report(recs, agency, year, "summary_paragraph")
    return _summary_parts(recs, agency, year).text


def read_prose(path: str | os.PathLike[str]) -> dict[int, list[str]]:
    """The prose of a report's sections from a text or Markdown file, keyed by section (1–6).

    A line that is a section heading of the template — ``一、总体情况``, ``总体情况``, with or
    without Markdown's ``#`` or ``**`` — starts that section; each other non-blank line is a
    paragraph of it (a Markdown heading that is not a section heading, ``## （一）主动公开``, is a
    paragraph too, written in bold). UTF-8 (with or without BOM), GBK/GB18030 and UTF-16 are read.

    Raises
    ------
    InputFileError
        The file cannot be read, holds text before its first section heading, or names a
        section twice.

    Examples
    --------
    >>> import tempfile, luzhou_disclosure as ld
    >>> path = tempfile.mkdtemp() + "/prose.md"
    >>> _ = open(path, "w", encoding="utf-8").write(
    ...     "# 一、总体情况\\n本机关严格执行条例。\\n\\n## 五、存在的主要问题及改进情况\\n无。\\n")
    >>> ld.read_prose(path)
    {1: ['本机关严格执行条例。'], 5: ['无。']}
    """
    from .readers._text_source import read_text_file

    p = Path(path)
    text = read_text_file(p, not_text="is not a text file; give the prose as a .txt or .md file")
    out: dict[int, list[str]] = {}
    where: dict[int, int] = {}
    current = None
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        section = _heading(stripped)
        if section is not None:
            if section in where:
                raise InputFileError(
                    p,
                    f"line {n}: section {SECTION_HEADINGS[section - 1]} again (first on line "
                    f"{where[section]}); write each section once",
                )
            where[section], current = n, section
            out[section] = []
            continue
        if current is None:
            raise InputFileError(
                p,
                f"line {n}: {stripped[:30]!r} comes before the first section heading; start the "
                "file with a heading such as '# 一、总体情况'",
            )
        out[current].append(stripped)
    return {k: v for k, v in out.items() if v}


# --- which report, which figures ----------------------------------------------------------------


def _the_report(
    recs: pd.DataFrame, agency: str | None, year: int | None, caller: str
) -> tuple[str, int]:
    agencies = recs["agency"].dropna().unique().tolist()
    if agency is None:
        if len(agencies) != 1:
            raise ValueError(
                f"{caller}: the records hold {len(agencies)} agencies ({', '.join(agencies[:5])}"
                f"{' …' if len(agencies) > 5 else ''}); pass agency="
            )
        agency = agencies[0]
    mine = recs[recs["agency"] == agency]
    years = sorted(int(y) for y in mine["year"].dropna().unique())
    if not years:
        raise ValueError(
            f"{caller}: the records hold no figure of {agency!r}; they hold "
            f"{', '.join(agencies[:5]) or 'no agency'}"
        )
    if year is None:
        year = years[-1]
    elif int(year) not in years:
        raise ValueError(
            f"{caller}: the records hold no figure of {agency} for {year}; they hold "
            f"{', '.join(map(str, years))}"
        )
    return agency, int(year)


def _refuse_old_forms(this: pd.DataFrame, agency: str, year: int) -> None:
    old = sorted(set(this["form"].dropna()) - {"2021"})
    if old:
        kind = "the 2019 form" if old == ["2019"] else f"form {', '.join(old)}"
        raise ValueError(
            f"write_report writes the 2021 form; the records of {agency} {year} are in {kind}. "
            "The 2021 tables have no place for several 2019 figures, and others map only by "
            "judgement, so they are not converted (see the Notes of help(write_report)); "
            "ld.write_form(records, path, form='2019') writes the 2019 tables as a workbook"
        )


def _in_tables(frame: pd.DataFrame) -> pd.Series:
    """The figures the tables hold: the form's sections, stated in a table (not the prose)."""
    return (
        frame["section"].isin(TABLE_SECTIONS)
        & (frame["field"].fillna("") != "narrative")
        & frame["measure"].isin(("count", "change", "amount"))
    )


def _key(section: str, parent: Any, item: str, applicant: Any, field: Any) -> tuple:
    return (section, _na(parent), item, _na(applicant) or TOTAL, _na(field))


def _outcome_rows(single_other: bool) -> list[Any]:
    """The rows of 三、本年度办理结果: the 2021 form's, or with one row （六）其他处理 in place of
    its three reasons (as some agencies publish the 2021 form, keeping the 2019 row)."""
    return [
        it
        for it in STANDARD_OUTCOMES
        if ("2021" in it.forms and not (single_other and it.parent == OTHER_HANDLING))
        or (single_other and it.item == OTHER_HANDLING and it.parent is None)
    ]


def _layout_keys(wide: bool, single_other: bool) -> set[tuple]:
    """The cells of the 2021 form, keyed as :func:`_key`."""
    keys = {
        _key("article20", row.parent, row.item, TOTAL, f)
        for row in ARTICLE20["2021"]
        for f, _ in row.fields
    }
    applicants = APPLICANTS_8 if wide else APPLICANTS_7
    for a in applicants:
        for item in (RECEIVED, CARRIED_IN, CARRIED_FORWARD):
            keys.add(_key("applications", None, item, a, None))
        for it in _outcome_rows(single_other):
            keys.add(_key("outcomes", it.parent, it.item, a, None))
    for section, item, parent in REVIEW_GROUPS:
        for f in REVIEW_FIELDS:
            keys.add(_key(section, parent, item, TOTAL, f))
    return keys


def _cells(table: pd.DataFrame, agency: str, year: int) -> tuple[dict[tuple, str], _Layout]:
    """The text of every cell the records fill, and the layout they need."""
    outcomes = table[table["section"] == "outcomes"]
    layout = _Layout(
        wide=bool((table["applicant"] == LEGAL_PERSONS).any()),
        single_other=bool(
            ((outcomes["item"] == OTHER_HANDLING) & outcomes["parent"].isna()).any()
            and not (outcomes["parent"] == OTHER_HANDLING).any()
        ),
    )
    keys = _layout_keys(layout.wide, layout.single_other)
    cells: dict[tuple, str] = {}
    unplaced: list[str] = []
    for rec in table.itertuples(index=False):
        key = _key(rec.section, rec.parent, rec.item, rec.applicant, rec.field)
        if key not in keys:
            unplaced.append("/".join(str(x) for x in key if x is not None))
            continue
        cells[key] = _cell_text(rec, agency, year)
    if unplaced:
        raise ValueError(
            f"{agency} {year}: {len(unplaced)} figures have no cell in the 2021 form "
            f"({'; '.join(unplaced[:5])}{' …' if len(unplaced) > 5 else ''}); correct their "
            "items, or leave them out of the records given to write_report"
        )
    return cells, layout


@dataclass(frozen=True)
class _Layout:
    """The variants of the form a report needs: the 法人或其他组织 小计 column (``wide``), one row
    （六）其他处理 (``single_other``)."""

    wide: bool = False
    single_other: bool = False


def _cell_text(rec: Any, agency: str, year: int) -> str:
    if rec.measure == "amount":
        value = _na(rec.value)
        if value is None:
            return ""
        factor = _TO_FEE_UNIT.get(_na(rec.unit))
        if factor is None:
            raise ValueError(
                f"{agency} {year}: {rec.item} {rec.field} is {value:g} in unit {_na(rec.unit)!r}; "
                f"the form's column is in {FEE_UNIT}: give the unit of the amount (元, 万元 or "
                "亿元) in the records' unit column"
            )
        return _plain(Decimal(repr(float(value))) * factor)
    count = _na(rec.count)
    return "" if count is None else str(int(count))


def _plain(d: Decimal) -> str:
    """A decimal as written in a report: no exponent, no trailing zeros (0.5, 12, 7730.28)."""
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _na(v: Any) -> Any:
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


def _check_report(recs: pd.DataFrame, agency: str, year: int) -> pd.DataFrame:
    """The failed checks about the figures the document states (last year's table figures beside
    them, for the rules across years): those of the year, and R8 about last year's carry-over."""
    from ._findings import make_findings
    from .check import check

    mine = recs[(recs["agency"] == agency) & recs["year"].isin([year - 1, year])]
    mine = mine[_in_tables(mine)]
    if not (mine["year"] == year).any():
        return make_findings([])
    found = check(mine)
    about = (found["year"] == year) | ((found["rule"] == "R8") & (found["year"] == year - 1))
    return found[about.fillna(False) & (found["severity"] != "ok")]


def _warn_left_out(
    this: pd.DataFrame, table: pd.DataFrame, stated: _Summary | None, agency: str, year: int
) -> None:
    left = this.drop(index=table.index)
    if stated is not None:
        left = left.drop(index=[i for i in stated.used if i in left.index])
    if left.empty:
        return
    prose = left["field"].fillna("") == "narrative"
    parts = [f"{s} {n}" for s, n in left.loc[~prose, "section"].value_counts(sort=False).items()]
    if prose.any():
        parts.append(f"figures stated in the report's prose {int(prose.sum())}")
    warnings.warn(
        f"{agency} {year}: {len(left)} figures are not in the document, which has no place for "
        f"them ({', '.join(parts)}); write what should be said about them into the prose",
        DisclosureWarning,
        stacklevel=3,
    )


# --- the prose ----------------------------------------------------------------------------------


def _section_of(key: Any) -> int:
    if isinstance(key, int) and not isinstance(key, bool) and 1 <= key <= 6:
        return key
    if isinstance(key, str):
        k = label_key(key)
        found = _KEYS.get(k, _KEYS.get(strip_ordinal(k)))
        if found is not None:
            return found
    raise ValueError(
        f"prose section {key!r}: expected 1–6, 一–六 or a heading of the template "
        f"({', '.join(SECTION_HEADINGS)})"
    )


def _prose_dict(prose: Mapping[Any, Any]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for key, value in prose.items():
        section = _section_of(key)
        if section in out:
            raise ValueError(f"prose: section {SECTION_HEADINGS[section - 1]} given twice")
        lines = value.splitlines() if isinstance(value, str) else list(value)
        paragraphs = [str(x).strip() for x in lines if str(x).strip()]
        if paragraphs:
            out[section] = paragraphs
    return out


def _heading(line: str) -> int | None:
    text = _MARKUP.sub("", line).strip()
    k = label_key(text)
    if k in _KEYS and len(k) > 1:
        return _KEYS[k]
    return None


# --- the summary --------------------------------------------------------------------------------


class _Summary:
    """A summary's text and the records (index labels) of the figures it states."""

    def __init__(self) -> None:
        self.text = ""
        self.used: list[Any] = []


def _pick(
    frame: pd.DataFrame,
    section: str,
    item: str,
    *,
    parent: str | None = None,
    field: str | None = None,
    prose: bool = False,
) -> tuple[int | None, Any]:
    """The count of one figure (applicant 总计) and its index label: the table's, else (with
    ``prose``) the one stated in the prose."""
    rows = frame[
        (frame["section"] == section)
        & (frame["item"] == item)
        & (frame["applicant"].fillna(TOTAL) == TOTAL)
        & (frame["measure"] == "count")
        & frame["count"].notna()
    ]
    rows = rows[rows["parent"].isna()] if parent is None else rows[rows["parent"] == parent]
    fields = rows["field"]
    exact = rows[fields.isna()] if field is None else rows[fields == field]
    if exact.empty and prose:
        exact = rows[fields == "narrative"]
    if exact.empty:
        return None, None
    return int(exact["count"].iloc[0]), exact.index[0]


_GROUPS = (
    ("予以公开", None),
    ("部分公开", None),
    (REFUSED, REFUSED),
    (UNABLE, UNABLE),
    (NOT_PROCESSED, NOT_PROCESSED),
    (OTHER_HANDLING, OTHER_HANDLING),
)


def _group(frame: pd.DataFrame, name: str, parent: str | None) -> int | None:
    """An outcome group's count: the row itself (予以公开, 部分公开), or the sum of the group's
    reasons when every one is given."""
    own = _pick(frame, "outcomes", name)[0]  # 予以公开, 部分公开, a single row 其他处理
    if parent is None or own is not None:
        return own
    total = 0
    for it in STANDARD_OUTCOMES:
        if it.parent == parent and "2021" in it.forms:
            n = _pick(frame, "outcomes", it.item, parent=parent)[0]
            if n is None:
                return None
            total += n
    return total


def _litigation(frame: pd.DataFrame, *, prose: bool) -> int | None:
    """行政诉讼 总计: 未经复议直接起诉 + 复议后起诉, else a total of 行政诉讼 stated alone."""
    parts = [
        _pick(frame, section, item, parent=parent, field=TOTAL, prose=prose)[0]
        for section, item, parent in REVIEW_GROUPS[1:]
    ]
    figures = [p for p in parts if p is not None]
    if len(figures) < len(parts):
        return _pick(frame, "litigation", "行政诉讼", field=TOTAL, prose=prose)[0]
    return sum(figures)


def _percent(part: int, whole: int) -> str:
    return f"{round_half_up(Fraction(part * 100, whole), 2)}%"


def _summary_parts(recs: pd.DataFrame, agency: str, year: int) -> _Summary:
    mine = recs[recs["agency"] == agency]
    this = mine[mine["year"] == year]
    last = mine[mine["year"] == year - 1]
    out = _Summary()

    def beside(n: int | None, unit: str) -> str:
        return "" if n is None else f"，上年为{n}{unit}"

    sentences: list[str] = []
    clauses: list[str] = []
    received = _pick(this, "applications", RECEIVED)[0]
    if received is not None:
        before = _pick(last, "applications", RECEIVED, prose=True)[0]
        clauses.append(f"新收政府信息公开申请{received}件{beside(before, '件')}")
    carried_in = _pick(this, "applications", CARRIED_IN)[0]
    if carried_in is not None:
        clauses.append(f"上年结转政府信息公开申请{carried_in}件")
    answered = _pick(this, "outcomes", TOTAL)[0]
    if answered is not None:
        text = f"办结政府信息公开申请{answered}件"
        groups = [(name, _group(this, name, parent)) for name, parent in _GROUPS]
        shown = [(name, n) for name, n in groups if n]
        if answered > 0 and shown:
            text += "，其中" + "；".join(
                f"{name}{n}件，占{_percent(n, answered)}" for name, n in shown
            )
        clauses.append(text)
    forward = _pick(this, "applications", CARRIED_FORWARD)[0]
    if forward is not None:
        clauses.append(f"结转下年度继续办理{forward}件")
    if clauses:
        sentences.append("；".join(clauses) + "。")

    review = _pick(this, "reconsideration", "行政复议", field=TOTAL)[0]
    suits = _litigation(this, prose=False)
    clauses = []
    if review is not None:
        before = _pick(last, "reconsideration", "行政复议", field=TOTAL, prose=True)[0]
        clauses.append(f"行政复议{review}件{beside(before, '件')}")
    if suits is not None:
        clauses.append(f"行政诉讼{suits}件{beside(_litigation(last, prose=True), '件')}")
    if clauses:
        joint = "；" if any("上年为" in c for c in clauses) else "、"
        sentences.append("全年发生政府信息公开" + joint.join(clauses) + "。")

    proactive, where = _pick(this, "proactive", PROACTIVE_TOTAL, prose=True)
    if proactive is not None:
        before = _pick(last, "proactive", PROACTIVE_TOTAL, prose=True)[0]
        sentences.append(f"全年主动公开政府信息{proactive}条{beside(before, '条')}。")
        out.used.append(where)
    if not sentences:
        return out
    first = sentences[0]
    first = first[2:] if first.startswith("全年") else first
    sentences[0] = f"{year}年，{agency}{first}"
    out.text = "".join(sentences)
    return out


# --- the document -------------------------------------------------------------------------------


def _document(
    agency: str, year: int, cells: dict[tuple, str], layout: _Layout, texts: dict[int, list[str]]
) -> Any:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, Twips

    doc = docx.Document()
    _page(doc, Twips)
    _defaults(doc)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(_BODY_PT)
    _fonts(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{agency}{year}年政府信息公开工作年度报告")
    run.bold, run.font.size = True, Pt(_TITLE_PT)
    doc.add_paragraph()
    tables = {
        2: lambda: _article20(doc, cells),
        3: lambda: _applications(doc, cells, layout),
        4: lambda: _review(doc, cells),
    }
    for section, heading in enumerate(SECTION_HEADINGS, start=1):
        _body(doc, heading, bold=True)
        paragraphs = texts.get(section) or (
            [PLACEHOLDERS[section]] if section in PLACEHOLDERS else []
        )
        for text in paragraphs:
            bold = text.startswith("#")
            _body(doc, _MARKUP.sub("", text).strip() if bold else text, bold=bold)
        if section in tables:
            tables[section]()
        doc.add_paragraph()
    return doc


def _page(doc: Any, Twips: Any) -> None:
    """A4, the template's margins."""
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(11906), Twips(16838)
    sec.top_margin = sec.bottom_margin = Twips(1440)
    sec.left_margin = sec.right_margin = Twips(1800)


def _defaults(doc: Any) -> None:
    """The document's defaults: Chinese text (zh-CN), single line spacing, no space after."""
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    if spacing is not None:
        for attr, value in (("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")):
            spacing.set(qn(attr), value)


def _fonts(rpr: Any) -> None:
    """宋体 for every script of a run (Latin, East Asian, complex)."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _body(doc: Any, text: str, *, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Twips

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Twips(_INDENT)
    run = p.add_run(text)
    run.bold = bold


class _Table:
    """A table of the form being built: fixed column widths, rules, merged cells, 10-point text."""

    def __init__(self, doc: Any, widths: Sequence[int], rows: int, *, rule: int) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.oxml.ns import qn
        from docx.shared import Twips

        self.widths = list(widths)
        self.table = t = doc.add_table(rows=rows, cols=len(widths))
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        pr = t._tbl.tblPr
        layout = pr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
        pr.append(layout)
        borders = pr.makeelement(qn("w:tblBorders"), {})
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(
                borders.makeelement(
                    qn(f"w:{side}"),
                    {qn("w:val"): "single", qn("w:sz"): str(rule), qn("w:color"): "000000"},
                )
            )
        pr.append(borders)
        for i, w in enumerate(widths):
            t.columns[i].width = Twips(w)
        # the cells by position, taken once before any merge (python-docx's table.cell() walks the
        # whole table at every call); a merge keeps the top-left cell, the one written to
        cells = t._cells
        n = len(widths)
        self.cells = [cells[r * n : (r + 1) * n] for r in range(rows)]
        for row, tr in zip(self.cells, t._tbl.tr_lst, strict=True):
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {}))
            for i, cell in enumerate(row):
                cell.width = Twips(widths[i])

    def put(
        self,
        r: int,
        c: int,
        text: str,
        *,
        to: tuple[int, int] | None = None,
        left: bool = False,
        shade: str | None = None,
    ) -> None:
        """Write ``text`` in cell (r, c), merged down and right to cell ``to`` (inclusive)."""
        from docx.enum.table import WD_ALIGN_VERTICAL
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.ns import qn
        from docx.shared import Pt, Twips

        cell = self.cells[r][c]
        if to is not None and to != (r, c):
            cell = cell.merge(self.cells[to[0]][to[1]])
            cell.width = Twips(sum(self.widths[c : to[1] + 1]))
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
        if text:
            run = p.add_run(text)
            run.font.size = Pt(_TABLE_PT)
        if shade:
            pr = cell._tc.get_or_add_tcPr()
            pr.append(
                pr.makeelement(
                    qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): shade}
                )
            )

    def height(self, twips: int, rows: Sequence[int] | None = None) -> None:
        """The least height of the rows (all by default), as the template sets it."""
        from docx.enum.table import WD_ROW_HEIGHT_RULE
        from docx.shared import Twips

        for i, row in enumerate(self.table.rows):
            if rows is None or i in rows:
                row.height, row.height_rule = Twips(twips), WD_ROW_HEIGHT_RULE.AT_LEAST


def _article20(doc: Any, cells: dict[tuple, str]) -> None:
    blocks: dict[str, list] = {}
    for row in ARTICLE20["2021"]:
        blocks.setdefault(row.parent, []).append(row)
    n = sum(2 + len(rows) for rows in blocks.values())
    t = _Table(doc, _A20_WIDTHS, n, rule=8)
    last = len(_A20_WIDTHS) - 1
    r = 0
    for parent, rows in blocks.items():
        t.put(r, 0, parent, to=(r, last), left=True, shade=_BLOCK_SHADE)
        fields = rows[0].fields
        t.put(r + 1, 0, "信息内容")
        for i, (name, _) in enumerate(fields):
            end = last if i == len(fields) - 1 else 1 + i
            t.put(r + 1, 1 + i, _FIELD_HEADERS.get(name, name), to=(r + 1, end))
        r += 2
        for row in rows:
            t.put(r, 0, row.item)
            for i, (name, _) in enumerate(row.fields):
                end = last if i == len(row.fields) - 1 else 1 + i
                key = _key("article20", row.parent, row.item, TOTAL, name)
                t.put(r, 1 + i, cells.get(key, ""), to=(r, end))
            r += 1
    t.height(_ROW_HEIGHT)


def _applications(doc: Any, cells: dict[tuple, str], layout: _Layout) -> None:
    wide = layout.wide
    applicants = APPLICANTS_8 if wide else APPLICANTS_7
    labels = list(_APPLY_LABELS)
    if wide:  # the 小计 column takes its width from the reasons' labels
        labels[2] -= _APPLY_COLUMN
    widths = [*labels, *([_APPLY_COLUMN] * len(applicants))]
    outcomes = _outcome_rows(layout.single_other)
    n_rows = 3 + 2 + len(outcomes) + 1
    t = _Table(doc, widths, n_rows, rule=8)
    first, last = 3, len(widths) - 1
    t.put(0, 0, FORM_NOTE, to=(2, 2), left=True)
    t.put(0, first, "申请人情况", to=(0, last))
    t.put(1, first, applicants[0], to=(2, first))
    t.put(1, first + 1, LEGAL_PERSONS, to=(1, last - 1))
    t.put(1, last, TOTAL, to=(2, last))
    subs = (["小计"] if wide else []) + list(APPLICANTS_7[1:6])
    for i, name in enumerate(subs):
        t.put(2, first + 1 + i, name)

    def figures(r: int, section: str, parent: str | None, item: str) -> None:
        for i, a in enumerate(applicants):
            t.put(r, first + i, cells.get(_key(section, parent, item, a, None), ""))

    r = 3
    for label, item in (
        ("一、本年新收政府信息公开申请数量", RECEIVED),
        ("二、上年结转政府信息公开申请数量", CARRIED_IN),
    ):
        t.put(r, 0, label, to=(r, 2), left=True)
        figures(r, "applications", None, item)
        r += 1
    top = r
    numbered: dict[str, int] = {}
    for it in outcomes:
        if it.parent is None:
            t.put(r, 1, FORM_TOP_LABELS.get(it.item, it.item), to=(r, 2), left=True)
        else:
            numbered[it.parent] = numbered.get(it.parent, 0) + 1
            if numbered[it.parent] == 1:
                size = sum(1 for x in outcomes if x.parent == it.parent)
                t.put(r, 1, FORM_GROUP_LABELS[it.parent], to=(r + size - 1, 1), left=True)
            t.put(r, 2, f"{numbered[it.parent]}.{it.item}", left=True)
        figures(r, "outcomes", it.parent, it.item)
        r += 1
    t.put(top, 0, "三、本年度办理结果", to=(r - 1, 0), left=True)
    t.put(r, 0, "四、" + CARRIED_FORWARD, to=(r, 2), left=True)
    figures(r, "applications", None, CARRIED_FORWARD)


def _review(doc: Any, cells: dict[tuple, str]) -> None:
    t = _Table(doc, _REVIEW_WIDTHS, 4, rule=4)
    k = len(REVIEW_FIELDS)
    t.put(0, 0, "行政复议", to=(0, k - 1))
    t.put(0, k, "行政诉讼", to=(0, 3 * k - 1))
    for i, name in enumerate(REVIEW_FIELDS):
        t.put(1, i, name, to=(2, i))
    for g, (_, item, _) in enumerate(REVIEW_GROUPS[1:], start=1):
        t.put(1, g * k, item, to=(1, g * k + k - 1))
        for i, name in enumerate(REVIEW_FIELDS):
            t.put(2, g * k + i, name)
    for g, (section, item, parent) in enumerate(REVIEW_GROUPS):
        for i, name in enumerate(REVIEW_FIELDS):
            t.put(3, g * k + i, cells.get(_key(section, parent, item, TOTAL, name), ""))
    t.height(_FIGURES_HEIGHT, rows=[3])


def file_name(agency: str, year: int) -> str:
    """The file name of a report (its title), without characters file systems refuse."""
    return _UNSAFE.sub("_", f"{agency}{year}年政府信息公开工作年度报告")
