"""A report card per agency and year: one self-contained HTML page, and an index of many.

:func:`report_card` writes what an analyst or a supervising office wants on one page: the
headline figures and the indicators (:func:`~luzhou_disclosure.indicators`) with the year before
beside them, the charts of :mod:`luzhou_disclosure.plot`, every finding of
:func:`~luzhou_disclosure.check` as a plain sentence (Chinese, or English with ``lang="en"``), and
for every figure where it comes from (the file and cell, the line of the text, …), in a column and
on hover. :func:`report_cards` writes the cards of a batch and an index page linking them, sortable
by any column.

The page needs nothing but a browser: the charts are SVG images inside it (their text drawn as
outlines), and it embeds a subset of the package's CJK font (Noto Sans CJK SC) holding only the
characters the page uses, so Chinese renders on a machine without any CJK font and without a
network.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._english import (
    FINDING_TEXT,
    FORM_NAMES,
    INDICATOR_NAMES,
    INDICATOR_UNITS,
    LEVEL_NAMES,
    SEVERITY_NAMES,
    check_lang,
    item_name,
    message,
    pick,
    text,
)
from ._numbers import round_half_up
from ._vocab import (
    CARRIED_FORWARD,
    CARRIED_IN,
    NOT_PROCESSED,
    PROACTIVE_TOTAL,
    RECEIVED,
    REFUSED,
    UNABLE,
)
from .errors import DisclosureWarning
from .indicators import INDICATORS, components, indicators, threshold_levels

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["report_card", "report_cards"]

#: the headline figures of a card: (component of ``indicators``, or the proactive total; the
#: label shown)
HEADLINE: tuple[tuple[str, str], ...] = (
    ("proactive", PROACTIVE_TOTAL),
    ("received", RECEIVED),
    ("carried_in", CARRIED_IN),
    ("answered", "办理结果总计"),
    ("carried_forward", CARRIED_FORWARD),
    ("disclosed", "予以公开 + 部分公开"),
    ("refused", REFUSED),
    ("unable", UNABLE),
    ("not_processed", NOT_PROCESSED),
    ("reconsiderations", "行政复议总计"),
    ("lawsuits", "行政诉讼总计"),
    ("fees", "收取费用（元）"),
)


@dataclass
class _Row:
    """A figure of the card: this year's and last year's, as numbers and as shown, with sources."""

    key: str
    label: str
    value: float | None
    previous: float | None
    shown: str
    shown_previous: str
    sources: str
    previous_sources: str
    note: str = ""
    level: str = ""
    level_name: str = ""
    formula: str = ""
    judgement: bool = False


def report_card(
    records: pd.DataFrame,
    *,
    agency: str,
    year: int,
    path: str | Path | None = None,
    lang: str = "zh",
    findings: pd.DataFrame | None = None,
    thresholds: pd.DataFrame | None = None,
    charts: bool = True,
) -> str:
    """One agency's report card for one year: a self-contained HTML page.

    Parameters
    ----------
    records
        Records holding the agency's year (and the year before, shown beside it, when they have it).
    agency, year
        The agency and the report year.
    path
        Where to write the page (UTF-8); the page is returned either way.
    lang
        ``"zh"`` (the default) or ``"en"``: the language of the page's words; items a report names
        in its own words stay as written.
    findings
        More findings to show with those of :func:`~luzhou_disclosure.check` (for example
        :func:`~luzhou_disclosure.check_structure`'s on the report's text); the agency's of that
        year are shown.
    thresholds
        The red and yellow bands of the indicators (default: docs/indicators.md's, as
        :func:`~luzhou_disclosure.peer_summary` uses them).
    charts
        Draw the charts (False: a smaller page without them).

    Returns
    -------
    str
        The HTML page. Each figure is a cell with ``data-item`` (or ``data-indicator``) and
        ``data-value`` (the unrounded number; empty for NA) and its sources in ``title`` and in the
        column 来源 / source.

    Warns
    -----
    DisclosureWarning
        The records hold nothing of the agency in that year, or no CJK font is found to embed.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> page = ld.report_card(ld.load_example(), agency="泸州市统计局", year=2017)
    >>> (page.startswith("<!DOCTYPE html>"),
    ...  'data-indicator="disclosure_rate" data-value="93.90243902439025"' in page)
    (True, True)
    """
    check_lang(lang)
    year = int(year)
    mine = records[(records["agency"] == agency).fillna(False).to_numpy(dtype=bool)]
    if not (mine["year"] == year).fillna(False).any():
        held = sorted({int(y) for y in mine["year"].dropna()})
        warnings.warn(
            f"report_card: the records hold nothing of {agency} in {year}"
            + (
                f" (they hold {', '.join(map(str, held))})" if held else " (no figure of it at all)"
            ),
            DisclosureWarning,
            stacklevel=2,
        )
    years = [year - 1, year]
    mine = mine[mine["year"].isin(years).fillna(False).to_numpy(dtype=bool)]
    figures = _figures(mine, year, lang)
    table = _indicators(mine, year, lang, thresholds)
    found = _findings(mine, agency, year, findings, lang)
    drawn = _charts(_tables_first(mine), agency, year, lang) if charts else []
    forms = mine.loc[mine["year"] == year, "form"].dropna().unique()
    form = " / ".join(pick(FORM_NAMES[f], lang) if f in FORM_NAMES else str(f) for f in forms)
    page = _render(
        "card.html",
        lang=lang,
        title=text("card_title", lang, agency=agency, year=year),
        meta=text("card_meta", lang, form=form or "—", version=_version()),
        agency=agency,
        year=year,
        figures=figures,
        indicators=table,
        charts=drawn,
        findings=found,
        t=lambda key, **kw: text(key, lang, **kw),
        year_label=lambda y: text("card_year", lang, year=y),
    )
    if path is not None:
        Path(path).write_text(page, encoding="utf-8")
    return page


def report_cards(
    records: pd.DataFrame,
    folder: str | Path,
    *,
    year: int | Sequence[int] | None = None,
    lang: str = "zh",
    thresholds: pd.DataFrame | None = None,
    charts: bool = True,
) -> list[Path]:
    """The report card of every agency and year of ``records`` (of ``year``, when given) in
    ``folder``, and ``index.html`` linking them: a table of the indicators, sortable by any column
    (a small script in the page; no library). ``lang``, ``thresholds`` and ``charts`` are passed to
    :func:`report_card`.

    Returns
    -------
    list of Path
        ``index.html`` first, then the cards (``<agency>_<year>.html``).

    Examples
    --------
    >>> import tempfile, luzhou_disclosure as ld
    >>> paths = ld.report_cards(ld.load_example(), tempfile.mkdtemp(), year=2017)
    >>> [p.name for p in paths]
    ['index.html', '泸州市统计局_2017.html']
    """
    check_lang(lang)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    pairs = records[["agency", "year"]].dropna().drop_duplicates()
    if year is not None:
        wanted = [year] if isinstance(year, int | np.integer) else list(year)
        pairs = pairs[pairs["year"].isin(wanted)]
    pairs = pairs.sort_values(["agency", "year"]).itertuples(index=False)
    written, rows = [], []
    table = indicators(records, year=None if year is None else wanted) if len(records) else None
    found = _check(records)
    from ._atomic import file_stem

    for agency, y in pairs:
        name = f"{file_stem(agency)}_{int(y)}.html"
        report_card(
            records, agency=agency, year=int(y), path=out / name, lang=lang, thresholds=thresholds
        )
        written.append(out / name)
        mine = (
            table[(table["agency"] == agency) & (table["year"] == y)] if table is not None else None
        )
        errors = warnings_ = 0
        if found is not None and len(found):
            of = found[(found["agency"] == agency) & (found["year"] == y)]
            errors = int((of["severity"] == "error").sum())
            warnings_ = int((of["severity"] == "warning").sum())
        rows.append(
            {
                "agency": agency,
                "year": int(y),
                "href": name,
                "form": " / ".join(
                    pick(FORM_NAMES[f], lang) if f in FORM_NAMES else str(f)
                    for f in records.loc[
                        (records["agency"] == agency) & (records["year"] == y), "form"
                    ]
                    .dropna()
                    .unique()
                ),
                "values": [_cell_value(mine, code) for code in INDICATORS],
                "errors": errors,
                "warnings": warnings_,
            }
        )
    columns = [
        (pick(INDICATOR_NAMES[code][0], lang), pick(INDICATOR_UNITS[INDICATORS[code].unit], lang))
        for code in INDICATORS
    ]
    index = _render(
        "index.html",
        lang=lang,
        title=text("index_title", lang),
        rows=rows,
        columns=columns,
        codes=list(INDICATORS),
        t=lambda key, **kw: text(key, lang, **kw),
    )
    (out / "index.html").write_text(index, encoding="utf-8")
    return [out / "index.html", *written]


def _cell_value(table: pd.DataFrame | None, code: str) -> tuple[str, str]:
    """(data-sort value, shown text) of an indicator in the index."""
    if table is None:
        return "", "—"
    row = table[table["indicator"] == code]
    if row.empty or pd.isna(row["value"].iloc[0]):
        return "", "—"
    value = float(row["value"].iloc[0])
    return repr(value), _format(value, INDICATORS[code].unit)


# --- the content of a card ---------------------------------------------------------------------


def _figures(records: pd.DataFrame, year: int, lang: str) -> list[_Row]:
    """The headline figures, this year and the year before, with their sources."""
    units, parts = components(records, sources=True) if len(records) else (pd.DataFrame(), {})
    at = {int(y): i for i, y in enumerate(units["year"])} if len(units) else {}
    rows = []
    for key, label in HEADLINE:
        now, before = at.get(year), at.get(year - 1)
        if key == "proactive":
            values = [_proactive(records, y) for y in (year, year - 1)]
        else:
            part = parts.get(key)
            values = [
                (None, "") if i is None or part is None else _value(part.figure[i], part.sources[i])
                for i in (now, before)
            ]
        (value, src), (prev, prev_src) = values
        unit = "yuan" if key == "fees" else "count"
        rows.append(
            _Row(
                key,
                " + ".join(item_name(part, lang) for part in label.split(" + ")),
                value,
                prev,
                _format(value, unit),
                _format(prev, unit),
                src,
                prev_src,
                note=_change(value, prev),
            )
        )
    return rows


def _value(figure: float, sources: Any) -> tuple[float | None, str]:
    return (None if np.isnan(figure) else float(figure)), (sources or "")


def _proactive(records: pd.DataFrame, year: int) -> tuple[float | None, str]:
    rows = records[
        (records["year"] == year)
        & (records["section"] == "proactive")
        & (records["item"] == PROACTIVE_TOTAL)
        & records["parent"].isna()
        & (records["measure"] == "count")
        & records["count"].notna()
    ]
    if rows.empty:
        return None, ""
    prose = rows["field"].eq("narrative").fillna(False)
    row = rows[~prose].iloc[0] if (~prose).any() else rows.iloc[0]
    return float(row["count"]), str(row["source"]) if pd.notna(row["source"]) else ""


def _change(value: float | None, previous: float | None) -> str:
    if value is None or previous is None:
        return ""
    d = value - previous
    return ("+" if d > 0 else "−" if d < 0 else "±") + _format(abs(d), "count")


def _indicators(records: pd.DataFrame, year: int, lang: str, thresholds) -> list[_Row]:
    """Each indicator, this year and the year before, with its formula, level and sources."""
    if records.empty:
        return []
    table = indicators(records)
    rows = []
    for code, ind in INDICATORS.items():
        now = table[(table["year"] == year) & (table["indicator"] == code)]
        before = table[(table["year"] == year - 1) & (table["indicator"] == code)]

        def get(frame: pd.DataFrame) -> tuple[float | None, str, str, bool]:
            if frame.empty:
                return None, "", "", False
            r = frame.iloc[0]
            value = None if pd.isna(r["value"]) else float(r["value"])
            sources = " | ".join(
                str(s) for s in (r["numerator_sources"], r["denominator_sources"]) if pd.notna(s)
            )
            note = "" if pd.isna(r["note"]) else message(str(r["note"]), lang)
            judgement = bool(r["judgement"]) and value is not None
            if value is not None:
                note = f"{_format(r['numerator'], 'count')} ÷ {_format(r['denominator'], 'count')}"
                note += " *" if judgement else ""
            return value, sources, note, judgement

        value, sources, note, judgement = get(now)
        prev, prev_sources, _, _ = get(before)
        level = ""
        if value is not None:
            found = threshold_levels(
                pd.DataFrame({"measure": [code], "peer_group": [None], "value": [value]}),
                thresholds,
            )
            level = "" if pd.isna(found["level"].iloc[0]) else str(found["level"].iloc[0])
        name, formula = (pick(pair, lang) for pair in INDICATOR_NAMES[code])
        rows.append(
            _Row(
                code,
                f"{name}（{pick(INDICATOR_UNITS[ind.unit], lang)}）"
                if lang == "zh"
                else f"{name} ({pick(INDICATOR_UNITS[ind.unit], lang)})",
                value,
                prev,
                _format(value, ind.unit),
                _format(prev, ind.unit),
                sources,
                prev_sources,
                note=note,
                level=level,
                level_name=pick(LEVEL_NAMES[level], lang) if level else "",
                formula=formula,
                judgement=judgement,
            )
        )
    return rows


def _check(records: pd.DataFrame) -> pd.DataFrame | None:
    from .check import check

    if records.empty:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        return check(records)


def _findings(
    records: pd.DataFrame, agency: str, year: int, extra: pd.DataFrame | None, lang: str
) -> dict[str, Any]:
    """The findings of check (and ``extra``) about this year, as sentences, failed ones first;
    a finding of the year before about this year (R8: carried into this year) too."""
    found = _check(records)
    parts = [f for f in (found, extra) if f is not None and len(f)]
    out: dict[str, Any] = {"failed": [], "passed": [], "n": 0, "errors": 0, "warnings": 0}
    if not parts:
        return out
    every = pd.concat(parts, ignore_index=True)
    mine = (every["agency"] == agency).fillna(False)
    about = (every["year"] == year) | ((every["rule"] == "R8") & (every["year"] == year - 1))
    every = every[(mine & about.fillna(False)).to_numpy(dtype=bool)]
    rows = [
        {
            "rule": str(r["rule"]),
            "severity": str(r["severity"]),
            "severity_name": pick(SEVERITY_NAMES.get(str(r["severity"]), ("", "")), lang),
            "text": finding_sentence(r, lang),
            "sources": "" if pd.isna(r["sources"]) else str(r["sources"]),
        }
        for r in every.to_dict("records")
    ]
    out["failed"] = sorted(
        (r for r in rows if r["severity"] != "ok"), key=lambda r: r["severity"] != "error"
    )
    out["passed"] = [r for r in rows if r["severity"] == "ok"]
    out["n"] = len(rows)
    out["errors"] = sum(r["severity"] == "error" for r in rows)
    out["warnings"] = sum(r["severity"] == "warning" for r in rows)
    return out


def finding_sentence(finding: dict[str, Any], lang: str = "zh") -> str:
    """A finding of :func:`~luzhou_disclosure.check` (or ``check_structure``) as a plain sentence in
    ``lang``, from its rule and figures (:data:`luzhou_disclosure._english.FINDING_TEXT`); a finding
    of another kind keeps its message.

    >>> finding_sentence({"rule": "R1", "ok": False, "applicant": "总计", "expected": 11.0,
    ...                   "found": 12.0, "difference": 1.0, "message": ""})
    '勾稽关系不成立（总计）：本年新收 + 上年结转 = 12，（七）总计 +
     结转下年度继续办理 = 11，相差1。'
    """
    rule, ok = str(finding.get("rule")), bool(finding.get("ok"))
    msg = "" if _na(finding.get("message")) else str(finding.get("message"))
    key = _finding_key(rule, ok, msg, finding)
    if key not in FINDING_TEXT:
        return msg
    pct = rule == "R6"
    given = finding.get("year")
    year = None if given is None or _na(given) else int(given)
    fields = {
        "item": item_name(str(finding.get("item")), lang) if not _na(finding.get("item")) else "",
        "applicant": item_name(str(finding.get("applicant") or "总计"), lang),
        "expected": _figure(finding.get("expected"), pct),
        "found": _figure(finding.get("found"), pct),
        "difference": _figure(abs(finding.get("difference") or 0), pct),
        "year": "" if year is None else year,
        "year_next": "" if year is None else year + 1,
    }
    return pick(FINDING_TEXT[key], lang).format(**fields)


def _finding_key(rule: str, ok: bool, msg: str, finding: dict[str, Any]) -> str:
    """Which sentence of FINDING_TEXT tells the finding."""
    outcome = "ok" if ok else "fail"
    if rule == "R2" and not ok and finding.get("applicant") == "法人或其他组织":
        return "R2_legal_fail"
    if rule == "R5":
        if msg.startswith("[parts_total]"):
            if ok:
                return "R5_total_ok"
            return "R5_total_below" if finding.get("severity") == "warning" else "R5_total_fail"
        if "cannot be negative" in msg:
            return "R5_negative"
        return f"R5_part_{outcome}"
    if rule == "R6":
        kind = "growth" if msg.startswith("[printed_growth]") else "share"
        if not ok and "cannot be checked" in msg:
            return f"R6_{kind}_open"
        return f"R6_{kind}_{outcome}"
    if rule == "R7" and not ok and "in the prose" in msg:
        return "R7_prose_fail"
    return f"{rule}_{outcome}"


def _na(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _figure(value: Any, pct: bool = False) -> str:
    """A figure of a finding: a count as written (1,234), a percentage with two decimals."""
    if _na(value):
        return "—"
    value = float(value)
    if pct:
        return f"{round_half_up(value, 2):.2f}"
    return _format(value, "count")


def _format(value: Any, unit: str) -> str:
    """A figure as the card shows it: counts with thousands separators, rates with two decimals
    rounded half up and a %, NA as —."""
    if _na(value):
        return "—"
    value = float(value)
    if unit == "pct":
        return f"{round_half_up(value, 2):,.2f}%"
    if unit in ("per_100", "yuan"):
        return f"{round_half_up(value, 2):,.2f}"
    if value.is_integer():
        return f"{int(value):,}"
    return f"{Decimal(repr(value)):,}"


# --- charts -------------------------------------------------------------------------------------


def _tables_first(records: pd.DataFrame) -> pd.DataFrame:
    """The records without the prose figures (``field="narrative"``) whose item a table of the
    same report states: the charts draw what the card's figures show, a table's figure first."""
    prose = records["field"].eq("narrative").fillna(False).to_numpy(dtype=bool)
    if not prose.any():
        return records
    key = ["agency", "year", "section", "parent", "item", "applicant", "measure"]
    tables = records.loc[~prose, key].astype(object).drop_duplicates()
    stated = (
        records.loc[prose, key]
        .astype(object)
        .merge(tables.assign(_table=True), on=key, how="left")["_table"]
        .fillna(False)
        .to_numpy(dtype=bool)
    )
    drop = np.zeros(len(records), dtype=bool)
    drop[np.flatnonzero(prose)[stated]] = True
    return records[~drop]


def _charts(records: pd.DataFrame, agency: str, year: int, lang: str) -> list[dict[str, str]]:
    """The charts of :mod:`luzhou_disclosure.plot` that the agency's figures allow, as SVG data
    URIs (their text drawn as outlines: no font needed)."""
    from matplotlib.figure import Figure

    from . import analysis, plot

    if records.empty:
        return []
    this = records[records["year"] == year]
    jobs: list[tuple[str, Callable[..., Axes], pd.DataFrame, dict[str, Any], tuple[float, float]]]
    jobs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        shares = analysis.category_shares(this)
        if shares["count"].notna().any():
            jobs.append(("category_shares", plot.plot_category_shares, shares, {}, (8, 4.8)))
        totals = records[(records["section"] == "proactive") & (records["item"] == PROACTIVE_TOTAL)]
        if set(totals["year"].dropna()) >= {year, year - 1}:
            growth = analysis.yoy_growth(records, year=year)
            if (growth["current"].notna() & growth["previous"].notna()).any():
                jobs.append(("yoy_growth", plot.plot_yoy_growth, growth, {}, (8, 4.8)))
        outcomes = analysis.outcome_breakdown(this)
        if outcomes["count"].notna().any():
            jobs.append(("outcomes", plot.plot_outcomes, outcomes, {}, (9, 5)))
        refusals = analysis.refusal_breakdown(this)
        if (~refusals["is_total"] & refusals["count"].notna()).any():
            jobs.append(("refusals", plot.plot_refusals, refusals, {}, (8, 4.8)))
    charts = []
    for name, draw, data, kwargs, size in jobs:
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DisclosureWarning)
                draw(data, ax=ax, lang=lang, **kwargs)
        except ValueError:
            continue  # nothing to draw after all
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
        svg = base64.b64encode(out.getvalue()).decode("ascii")
        charts.append(
            {"name": name, "title": ax.get_title(), "src": f"data:image/svg+xml;base64,{svg}"}
        )
    return charts


# --- the page -----------------------------------------------------------------------------------


def _render(template: str, **context: Any) -> str:
    """Render a page template of ``data/`` (jinja2, autoescaped), then embed a subset of the CJK
    font holding the characters the page shows."""
    import jinja2

    from ._fonts import EMBEDDED_FAMILY, font_subset

    source = (
        resources.files("luzhou_disclosure")
        .joinpath("data", f"{template}.j2")
        .read_text(encoding="utf-8")
    )
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    page = env.from_string(source).render(font_face="@@FONT@@", family=EMBEDDED_FAMILY, **context)
    shown = _DATA_URI.sub("", page)
    font = font_subset(html.unescape(shown))
    face = (
        f'@font-face {{ font-family: "{EMBEDDED_FAMILY}"; '
        f"src: url(data:font/woff;base64,{base64.b64encode(font).decode('ascii')}) "
        'format("woff"); }'
        if font is not None
        else ""
    )
    return page.replace("@@FONT@@", face, 1)


_DATA_URI = re.compile(r"data:[a-z/+]+;base64,[A-Za-z0-9+/=]+")


def _version() -> str:
    from importlib.metadata import version

    return version("luzhou-disclosure")
