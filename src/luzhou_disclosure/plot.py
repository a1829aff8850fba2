"""Charts of records: category shares, year-over-year change, application outcomes, refusal
reasons, multi-year trends and one measure across agencies.

Every ``plot_*`` function takes records (or the result of the matching analysis function), draws
on ``ax`` (default: the current Axes of pyplot) and returns it; it never calls ``show`` or
``savefig``. The numbers drawn come from the public analysis functions
(:func:`~luzhou_disclosure.category_shares`, :func:`~luzhou_disclosure.yoy_growth`,
:func:`~luzhou_disclosure.outcome_breakdown`, :func:`~luzhou_disclosure.refusal_breakdown`).
Titles and axis labels are Chinese; ``lang="en"`` gives English ones, and English names for the
vocabulary the library defines (:mod:`luzhou_disclosure._english`; agency names and items a
report names in its own words stay as written). ``english=True`` is a deprecated alias of
``lang="en"``. Axis ticks and bar labels share one number style: thousands separators and a real
minus sign.

Chinese text renders without any setup: the charts set the font family on every text of the Axes
they draw on to Noto Sans CJK SC (installed with the package, SIL Open Font License 1.1) followed by
DejaVu Sans, and never change matplotlib's rcParams. The font is on the text objects themselves, so
a figure that Jupyter draws after the call has returned renders the same. For your own charts,
:func:`use_chinese_font` sets rcParams on request.

This module imports matplotlib; ``import luzhou_disclosure`` does not import it.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> import luzhou_disclosure as ld
>>> from luzhou_disclosure import plot
>>> fig, ax = plt.subplots()
>>> ax = plot.plot_category_shares(ld.load_example(), ax=ax)
>>> [t.get_text() for t in ax.get_yticklabels()][-1]
'其他类'
>>> plt.close(fig)
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import SupportsFloat, SupportsInt

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from . import analysis
from ._atomic import atomic_write, file_stem, output_folder
from ._english import (
    COLUMN_NAMES,
    INDICATOR_NAMES,
    INDICATOR_UNITS,
    MEASURE_NAMES,
    NOTES,
    item_name,
    lang_of,
    message,
    pick,
    text,
)
from ._fonts import cjk_family, font_families, font_properties
from ._growth import NOTE_NO_BASE
from ._numbers import percent_half_up, round_half_up
from ._vocab import (
    ANSWERED,
    CARRIED_FORWARD,
    CARRIED_IN,
    NOT_PROCESSED,
    OTHER_HANDLING,
    PROACTIVE_TOTAL,
    RECEIVED,
    REFUSED,
    TOTAL,
    UNABLE,
)
from .records import as_records

__all__ = [
    "plot_agencies",
    "plot_category_shares",
    "plot_outcomes",
    "plot_refusals",
    "plot_trend",
    "plot_yoy_growth",
    "save_summary_charts",
    "use_chinese_font",
]

MINUS = "\N{MINUS SIGN}"

_STANDARD_GROUPS = ("予以公开", "部分公开", REFUSED, UNABLE, NOT_PROCESSED, OTHER_HANDLING)


# --- small helpers ----------------------------------------------------------------------------


def _wrap(label: str, lang: str, width: int) -> str:
    """``label`` in lines of ``width`` Chinese characters (twice as many Latin ones)."""
    if lang == "en":
        return textwrap.fill(label, width=2 * width, break_long_words=False)
    return "\n".join(label[i : i + width] for i in range(0, len(label), width))


def _label(item: str, lang: str, width: int | None = None) -> str:
    label = item_name(item, lang, short=True)
    return label if width is None else _wrap(label, lang, width)


def _is_records(data: pd.DataFrame) -> bool:
    return {"section", "measure", "applicant", "count"}.issubset(data.columns)


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.gca()


def _select(frame: pd.DataFrame, agency: str | None, year: int | None, what: str) -> pd.DataFrame:
    """The rows of one agency-year, or a ValueError naming the agency-years to choose from."""
    out = frame
    if agency is not None:
        out = out[out["agency"] == agency]
    if year is not None:
        out = out[out["year"] == year]
    pairs = out[["agency", "year"]].drop_duplicates()
    if len(pairs) == 1:
        return out
    available = ", ".join(
        f"{a} {y}" for a, y in frame[["agency", "year"]].drop_duplicates().itertuples(index=False)
    )
    if len(pairs) == 0:
        raise ValueError(
            f"{what}: no data for agency={agency!r}, year={year!r}; "
            f"available: {available or 'none'}"
        )
    raise ValueError(
        f"{what}: the data hold {len(pairs)} agency-years ({available}); "
        "choose one with agency= and year="
    )


def _largest_on_top(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows in the order horizontal bars are drawn (bottom up): largest last, ties in data order
    from the top."""
    return frame.sort_values(column, ascending=False, kind="stable").iloc[::-1]


def _pct(part: SupportsInt | None, whole: SupportsInt | None, decimals: int = 2) -> Decimal | None:
    """``part`` ÷ ``whole`` × 100 rounded half up, exactly; None if either is missing or whole
    is 0."""
    if part is None or whole is None or pd.isna(part) or pd.isna(whole) or whole == 0:
        return None
    return round_half_up(Fraction(int(part) * 100, int(whole)), decimals)


def _signed(value: Decimal | float, suffix: str = "") -> str:
    """``+18.22%`` / ``−5.00%`` with a real minus sign."""
    text = f"{value:+,}" if isinstance(value, Decimal) else f"{value:+,g}"
    return text.replace("-", MINUS) + suffix


def _number(value: SupportsFloat, pct: bool = False) -> str:
    """A bar label: ``1,234``, ``12,345.67`` or ``6.10%`` (rounded half up), real minus sign."""
    if isinstance(value, int | np.integer):
        return f"{int(value):,}".replace("-", MINUS)
    dec = round_half_up(float(value), 2)
    return f"{dec:,}".replace("-", MINUS) + ("%" if pct else "")


def _tick(value: float, _pos: object = None) -> str:
    """An axis tick in the style of the bar labels: thousands separators, a real minus sign."""
    if abs(value - round(value)) < 1e-9:
        text = f"{int(round(value)):,}"
    else:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text.replace("-", MINUS) if text not in ("-0", "0") else "0"


def _number_ticks(axis) -> None:
    """Ticks of ``axis`` (``ax.xaxis`` or ``ax.yaxis``) formatted by :func:`_tick`."""
    axis.set_major_formatter(FuncFormatter(_tick))


def _apply_font(ax: Axes) -> None:
    """Set the CJK font family on every text of ``ax`` (ticks, labels, title, annotations, legend).

    New ticks that matplotlib makes at draw time copy the properties of the first tick, so the
    family holds when the figure is drawn later (Jupyter) too.
    """
    families = font_families()
    for artist in ax.findobj(Text):
        artist.set_fontfamily(families)


def _who(agency: str | None, year: SupportsInt | None, lang: str) -> str:
    parts = [str(agency)] if agency is not None and not pd.isna(agency) else []
    if year is not None and not pd.isna(year):
        parts.append(text("year", lang, year=int(year)))
    return " ".join(parts)


# --- category shares --------------------------------------------------------------------------


def plot_category_shares(
    data: pd.DataFrame,
    *,
    agency: str | None = None,
    year: int | None = None,
    section: str = "proactive",
    parent: str | None = None,
    ax: Axes | None = None,
    lang: str = "zh",
    english: bool | None = None,
    **kwargs,
) -> Axes:
    """Horizontal bars of each category's count, largest on top, labelled with count and percent.

    Parameters
    ----------
    data
        Records, or the result of :func:`~luzhou_disclosure.category_shares`.
    agency, year
        The agency-year to draw; may be left out when the data hold only one.
    section, parent
        Passed to :func:`~luzhou_disclosure.category_shares` when ``data`` are records.
    ax
        The Axes to draw on (default: the current Axes).
    lang
        ``"zh"`` (Chinese, the default) or ``"en"``: the language of titles, axis labels, legend
        and the names of the vocabulary.
    english
        Deprecated alias: ``english=True`` is ``lang="en"`` (warns).
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.barh`.

    Returns
    -------
    Axes
        The Axes drawn on. Each bar is labelled ``count (share%)``, the share of the total rounded
        half up to two decimals as reports print it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import luzhou_disclosure as ld
    >>> from luzhou_disclosure.plot import plot_category_shares
    >>> ax = plot_category_shares(ld.load_example())
    >>> [t.get_text() for t in ax.texts][-1]
    '512 (63.13%)'
    >>> plt.close("all")
    """
    lang = lang_of(lang, english)
    shares = (
        analysis.category_shares(data, section=section, parent=parent)
        if _is_records(data)
        else data
    )
    shares = _select(shares, agency, year, "plot_category_shares")
    shares = _largest_on_top(shares[shares["count"].notna()], "count")
    ax = _axes(ax)
    pos = np.arange(len(shares))
    counts = shares["count"].astype("int64").to_numpy()
    bars = ax.barh(pos, counts, **kwargs)
    ax.set_yticks(pos, labels=[_label(i, lang) for i in shares["item"]])
    for bar, count, total in zip(bars, counts, shares["total"], strict=True):
        pct = _pct(count, total)
        label = f"{count:,}" + (f" ({pct}%)" if pct is not None else "")
        ax.annotate(
            label,
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            ha="left",
        )
    ax.set_xlim(0, max(int(counts.max()) if len(counts) else 1, 1) * 1.3)
    first = shares.iloc[0] if len(shares) else None
    total = first["total"] if first is not None else pd.NA
    who = _who(first["agency"], first["year"], lang) if first is not None else ""
    total_text = text("shares_total", lang, total=f"{int(total):,}") if pd.notna(total) else ""
    key = "shares_title_proactive" if section == "proactive" else "shares_title"
    ax.set_title(text(key, lang, who=who, total=total_text))
    ax.set_xlabel(text("count_axis", lang))
    _number_ticks(ax.xaxis)
    _apply_font(ax)
    return ax


# --- year-over-year ---------------------------------------------------------------------------


def plot_yoy_growth(
    data: pd.DataFrame,
    *,
    year: int | None = None,
    base_year: int | None = None,
    section: str = "proactive",
    item: str | Sequence[str] | None = None,
    agency: str | Sequence[str] | None = None,
    ax: Axes | None = None,
    lang: str = "zh",
    english: bool | None = None,
    **kwargs,
) -> Axes:
    """Paired bars, base year beside this year, for each item (and agency), growth annotated.

    Parameters
    ----------
    data
        Records, or the result of :func:`~luzhou_disclosure.yoy_growth`.
    year, base_year
        Passed to :func:`~luzhou_disclosure.yoy_growth` when ``data`` are records; ``year``
        defaults to the latest year in the records.
    section, item
        Passed to :func:`~luzhou_disclosure.yoy_growth` (default: the section's total).
    agency
        Keep only this agency (or these agencies).
    ax
        The Axes to draw on (default: the current Axes).
    lang
        ``"zh"`` (Chinese, the default) or ``"en"``: the language of titles, axis labels, legend
        and the names of the vocabulary.
    english
        Deprecated alias: ``english=True`` is ``lang="en"`` (warns).
    **kwargs
        Passed to both calls of :meth:`~matplotlib.axes.Axes.bar` (``color`` to this year's bars
        only; the base year's are grey).

    Returns
    -------
    Axes
        The Axes drawn on: the base-year bars are the first container, this year's the second,
        each bar labelled with its count; above each pair, the growth (``+18.22%``, rounded half
        up) or why there is none (基数为0: growth from zero).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import luzhou_disclosure as ld
    >>> from luzhou_disclosure.plot import plot_yoy_growth
    >>> ax = plot_yoy_growth(ld.load_example(), year=2017)
    >>> [float(b.get_height()) for c in ax.containers for b in c], ax.texts[-1].get_text()
    ([686.0, 811.0], '+18.22%')
    >>> plt.close("all")
    """
    lang = lang_of(lang, english)
    if _is_records(data):
        if year is None:
            years = analysis.counts(data, section=section)["year"].dropna()
            if years.empty:
                raise ValueError(
                    f"plot_yoy_growth: the records have no counts in section {section!r}"
                )
            year = int(years.max())
        growth = analysis.yoy_growth(
            data, year=year, base_year=base_year, section=section, item=item
        )
    else:
        growth = data
    if agency is not None:
        growth = growth[
            growth["agency"].isin([agency] if isinstance(agency, str) else list(agency))
        ]
    if growth.empty:
        raise ValueError(
            f"plot_yoy_growth: nothing to draw for year={year!r}, agency={agency!r}, item={item!r}"
        )
    ax = _axes(ax)
    several = growth["agency"].nunique() > 1 if "agency" in growth else False
    labels = []
    for row in growth.itertuples(index=False):
        label = _label(row.item, lang, width=8)
        if "field" in growth and pd.notna(row.field):
            label += f"\n{row.field}"
        if several:
            label = f"{row.agency}\n{label}"
        labels.append(label)
    pos = np.arange(len(growth))
    width = 0.38
    prev = growth["previous"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    cur = growth["current"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    y0, y1 = int(growth["base_year"].iloc[0]), int(growth["year"].iloc[0])
    kwargs.setdefault("edgecolor", "white")
    colour = kwargs.pop("color", "C0")
    old = ax.bar(
        pos - width / 2, prev, width, label=text("year", lang, year=y0), color="0.7", **kwargs
    )
    new = ax.bar(
        pos + width / 2, cur, width, label=text("year", lang, year=y1), color=colour, **kwargs
    )
    for bars in (old, new):
        ax.bar_label(
            bars,
            labels=[
                "" if np.isnan(v) else f"{int(v):,}"
                for v in np.asarray(bars.datavalues, dtype=float)
            ],
            padding=2,
        )
    top = np.nanmax(np.concatenate([prev, cur, [0.0]]))
    # yoy_growth (_growth) says whether there is a growth; its figure is rounded here exactly
    exact = percent_half_up(
        growth["change"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        prev,
        2,
    )
    for x, row, p, c, pct in zip(
        pos, growth.itertuples(index=False), prev, cur, exact, strict=True
    ):
        if pd.notna(row.growth_pct):
            label = _signed(round_half_up(float(pct), 2), "%")
        else:
            note = row.note if pd.notna(row.note) else NOTE_NO_BASE
            label = pick(NOTES[note], lang) if note in NOTES else note
        height = np.nanmax([p, c, 0.0])
        ax.annotate(
            label, (x, height), xytext=(0, 16), textcoords="offset points", ha="center", va="bottom"
        )
    ax.set_xticks(pos, labels=labels)
    ax.set_ylim(0, (top if top > 0 else 1) * 1.3)
    ax.legend(prop=font_properties())
    who = growth["agency"].iloc[0] if "agency" in growth and not several else None
    who = f"{who} " if who is not None else ""
    ax.set_title(text("yoy_title", lang, who=who, base_year=y0, year=y1))
    ax.set_ylabel(text("count_axis", lang))
    _number_ticks(ax.yaxis)
    _apply_font(ax)
    return ax


# --- applications: flow and outcomes ----------------------------------------------------------


def plot_outcomes(
    data: pd.DataFrame,
    *,
    agency: str | None = None,
    year: int | None = None,
    ax: Axes | None = None,
    lang: str = "zh",
    english: bool | None = None,
    **kwargs,
) -> Axes:
    """Waterfall of applications: received (+ carried over) up, each outcome and the carry-forward
    down.

    Bars rise for 本年新收 and 上年结转, then fall for each outcome (a pre-2019 report's own labels,
    or the standard groups 予以公开 … 其他处理, a group drawn as the sum of its reasons) and for
    结转下年度继续办理. When the report's figures balance (the standard form's 勾稽关系: received +
    carried over = outcomes + carried forward) the last bar ends at zero; otherwise a hatched red
    bar 差额 shows what is left unaccounted.

    Parameters
    ----------
    data
        Records, or the result of :func:`~luzhou_disclosure.outcome_breakdown`.
    agency, year
        The agency-year to draw; may be left out when the data hold only one.
    ax
        The Axes to draw on (default: the current Axes).
    lang
        ``"zh"`` (Chinese, the default) or ``"en"``: the language of titles, axis labels, legend
        and the names of the vocabulary.
    english
        Deprecated alias: ``english=True`` is ``lang="en"`` (warns).
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.bar`.

    Returns
    -------
    Axes
        The Axes drawn on; ``ax.patches`` are the bars in order (``get_y()`` their bottom,
        ``get_height()`` the count), each labelled with its count (outcomes also with their share
        of all answered applications).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import luzhou_disclosure as ld
    >>> from luzhou_disclosure.plot import plot_outcomes
    >>> ax = plot_outcomes(ld.load_example())
    >>> [(int(p.get_y()), int(p.get_height())) for p in ax.patches]
    [(0, 246), (15, 231), (15, 0), (15, 0), (0, 15), (0, 0)]
    >>> plt.close("all")
    """
    lang = lang_of(lang, english)
    table = analysis.outcome_breakdown(data) if _is_records(data) else data
    table = _select(table, agency, year, "plot_outcomes")
    flow = table[table["kind"] == "flow"].drop_duplicates("item").set_index("item")["count"]
    outs = table[(table["kind"] == "outcome") & table["count"].notna()]
    if set(outs["item"]) <= set(_STANDARD_GROUPS):
        outs = outs.sort_values("item", key=lambda s: s.map(_STANDARD_GROUPS.index), kind="stable")
    steps: list[tuple[str, int, str, SupportsFloat | None]] = []
    for item in (RECEIVED, CARRIED_IN):
        if item in flow and pd.notna(flow[item]):
            steps.append((item, int(flow[item]), "in", None))
    if outs.empty and ANSWERED in flow and pd.notna(flow[ANSWERED]):
        steps.append((ANSWERED, -int(flow[ANSWERED]), "out", None))
    for row in outs.itertuples(index=False):
        steps.append((row.item, -int(row.count), "out", row.share_pct))
    if CARRIED_FORWARD in flow and pd.notna(flow[CARRIED_FORWARD]):
        steps.append((CARRIED_FORWARD, -int(flow[CARRIED_FORWARD]), "forward", None))
    if not steps:
        raise ValueError("plot_outcomes: the data hold no application figures")
    ax = _axes(ax)
    colours = {"in": "C0", "out": "C1", "forward": "0.6"}
    legend = {"in": "legend_in", "out": "legend_out", "forward": "legend_forward"}
    drawn: set[str] = set()
    level = 0
    labels = []
    for x, (item, delta, kind, share) in enumerate(steps):
        start, level = level, level + delta
        bottom, height = min(start, level), abs(delta)
        ax.bar(x, height, bottom=bottom, color=colours[kind], **kwargs)
        if height:
            drawn.add(kind)
        label = f"{height:,}"
        if share is not None and pd.notna(share):
            label += f"\n{round_half_up(float(share), 2)}%"
        ax.annotate(
            label,
            (x, bottom + height if height else 0),  # a zero bar is labelled on the baseline
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
        )
        labels.append(_label(item, lang, width=5))
    handles = [
        Patch(color=colours[kind], label=text(legend[kind], lang))
        for kind in ("in", "out", "forward")
        if kind in drawn
    ]
    if level != 0:
        x = len(steps)
        ax.bar(
            x, abs(level), bottom=min(0, level), color="none", edgecolor="C3", hatch="//", **kwargs
        )
        ax.annotate(
            _signed(Decimal(level)),
            (x, max(0, level)),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            color="C3",
        )
        labels.append(text("unaccounted", lang))
        handles.append(
            Patch(facecolor="none", edgecolor="C3", hatch="//", label=text("unaccounted", lang))
        )
    ax.set_xticks(range(len(labels)), labels=labels)
    ax.margins(y=0.15)
    ax.set_ylim(bottom=min(0, level) * 1.15)
    if handles:
        ax.legend(handles=handles, prop=font_properties(size="small"), loc="upper right")
    who = _who(table["agency"].iloc[0], table["year"].iloc[0], lang)
    ax.set_title(text("outcomes_title", lang, who=who))
    ax.set_ylabel(text("applications_axis", lang))
    _number_ticks(ax.yaxis)
    _apply_font(ax)
    return ax


def plot_refusals(
    data: pd.DataFrame,
    *,
    agency: str | None = None,
    year: int | None = None,
    ax: Axes | None = None,
    lang: str = "zh",
    english: bool | None = None,
    **kwargs,
) -> Axes:
    """Horizontal bars of the refusal reasons (items under 不予公开), largest on top.

    Parameters
    ----------
    data
        Records, or the result of :func:`~luzhou_disclosure.refusal_breakdown`.
    agency, year
        The agency-year to draw; may be left out when the data hold only one.
    ax
        The Axes to draw on (default: the current Axes).
    lang
        ``"zh"`` (Chinese, the default) or ``"en"``: the language of titles, axis labels, legend
        and the names of the vocabulary.
    english
        Deprecated alias: ``english=True`` is ``lang="en"`` (warns).
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.barh`.

    Returns
    -------
    Axes
        The Axes drawn on; each bar is labelled ``count (share of refusals%)`` and the title gives
        the refusals' total and its share of applications.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import luzhou_disclosure as ld
    >>> from luzhou_disclosure.plot import plot_refusals
    >>> ax = plot_refusals(ld.load_example())
    >>> ax.get_title()
    '泸州市统计局 2017年 不予公开原因（共15件，占申请6.10%）'
    >>> plt.close("all")
    """
    lang = lang_of(lang, english)
    table = analysis.refusal_breakdown(data) if _is_records(data) else data
    table = _select(table, agency, year, "plot_refusals")
    total = table[table["is_total"]]
    reasons = _largest_on_top(table[~table["is_total"] & table["count"].notna()], "count")
    ax = _axes(ax)
    pos = np.arange(len(reasons))
    counts = reasons["count"].astype("int64").to_numpy()
    bars = ax.barh(pos, counts, color="C3", **kwargs)
    ax.set_yticks(pos, labels=[_label(i, lang, width=12) for i in reasons["item"]])
    refused = (
        total["refused"].iloc[0]
        if len(total)
        else reasons["refused"].iloc[0]
        if len(reasons)
        else pd.NA
    )
    for bar, count in zip(bars, counts, strict=True):
        pct = _pct(count, refused)
        label = f"{count:,}" + (f" ({pct}%)" if pct is not None else "")
        ax.annotate(
            label,
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            ha="left",
        )
    ax.set_xlim(0, max(int(counts.max()) if len(counts) else 1, 1) * 1.3)
    who = _who(table["agency"].iloc[0], table["year"].iloc[0], lang)
    applications = table["applications"].iloc[0]
    share = _pct(refused, applications)
    detail = text("refusals_total", lang, refused=f"{int(refused):,}") if pd.notna(refused) else ""
    if share is not None:
        detail += text("refusals_share", lang, share=share)
    ax.set_title(text("refusals_title", lang, who=who, detail=detail))
    ax.set_xlabel(text("applications_axis", lang))
    _number_ticks(ax.xaxis)
    _apply_font(ax)
    return ax


# --- several years, several agencies ----------------------------------------------------------


def _item_counts(
    records: pd.DataFrame, *, section: str, item: str | None, field: str | None, applicant: str
) -> tuple[pd.DataFrame, str]:
    """Per agency and year the count of ``item``: stated, or (outcome groups) the sum of its
    reasons."""
    item = item if item is not None else analysis.SECTION_TOTALS.get(section)
    if item is None:
        raise ValueError(f"section {section!r} has no total: pass item=")
    if section in ("applications", "outcomes") and applicant == TOTAL and field is None:
        table = analysis.outcome_breakdown(records)
        rows = table[table["item"] == item]
        if not rows.empty:
            return rows[["agency", "year", "count"]], item
    rows = analysis.counts(records, section=section, applicant=applicant)
    rows = rows[rows["item"] == item]
    if field is not None:
        rows = rows[rows["field"] == field]
    return rows[["agency", "year", "count"]], item


def plot_trend(
    data: pd.DataFrame,
    *,
    item: str | None = None,
    section: str = "proactive",
    agency: str | Sequence[str] | None = None,
    field: str | None = None,
    applicant: str = TOTAL,
    ax: Axes | None = None,
    lang: str = "zh",
    english: bool | None = None,
    **kwargs,
) -> Axes:
    """Lines of one item's count over the years, one line per agency.

    Parameters
    ----------
    data
        Records, or a DataFrame with columns ``agency``, ``year`` and ``count`` (one row per
        agency-year).
    item
        The item (default: the section's total, 主动公开政府信息总数 or 本年新收…). For sections
        ``applications`` and ``outcomes`` the figures come from
        :func:`~luzhou_disclosure.outcome_breakdown`, so a standard-form group (不予公开, 无法提供,
        …) that has no row of its own is the sum of its reasons.
    section, field, applicant
        Where the item is (``field`` for section 二 and 四 tables, ``applicant`` for section 三).
    agency
        Keep only this agency (or these agencies).
    ax
        The Axes to draw on (default: the current Axes).
    lang
        ``"zh"`` (Chinese, the default) or ``"en"``: the language of titles, axis labels, legend
        and the names of the vocabulary.
    english
        Deprecated alias: ``english=True`` is ``lang="en"`` (warns).
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot`.

    Returns
    -------
    Axes
        The Axes drawn on: one line per agency (``ax.lines``, in agency order, labelled with the
        agency), years on the x axis; with a single agency each point is labelled with its count.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import luzhou_disclosure as ld
    >>> from luzhou_disclosure.plot import plot_trend
    >>> ax = plot_trend(ld.load_example())
    >>> ax.lines[0].get_xdata().tolist(), ax.lines[0].get_ydata().tolist()
    ([2016, 2017], [686.0, 811.0])
    >>> plt.close("all")
    """
    lang = lang_of(lang, english)
    if _is_records(data):
        rows, item = _item_counts(
            data, section=section, item=item, field=field, applicant=applicant
        )
    else:
        rows = data[data["item"] == item] if item is not None and "item" in data else data
        item = item if item is not None else ""
    if agency is not None:
        rows = rows[rows["agency"].isin([agency] if isinstance(agency, str) else list(agency))]
    rows = rows[rows["count"].notna()]
    if rows.empty:
        raise ValueError(
            f"plot_trend: no figures of item {item!r} (section {section!r}, agency {agency!r})"
        )
    wide = rows.pivot_table(
        index="year", columns="agency", values="count", aggfunc="first", sort=True
    )
    ax = _axes(ax)
    kwargs.setdefault("marker", "o")
    years = [int(y) for y in wide.index]
    for name in wide.columns:
        series = wide[name].astype("Float64")
        mask = series.notna().to_numpy()
        xs = np.array(years)[mask]
        ys = series[mask].to_numpy(dtype=float)
        ax.plot(xs, ys, label=name, **kwargs)
        if wide.shape[1] == 1:
            for x, y in zip(xs, ys, strict=True):
                ax.annotate(
                    f"{int(y):,}", (x, y), xytext=(0, 6), textcoords="offset points", ha="center"
                )
    ax.set_xticks(years, labels=[str(y) for y in years])
    ax.set_ylim(
        bottom=0, top=float(np.nanmax(wide.to_numpy(dtype=float, na_value=np.nan))) * 1.15 or 1
    )
    if wide.shape[1] > 1:
        ax.legend(prop=font_properties())
    who = f"{wide.columns[0]} " if wide.shape[1] == 1 else ""
    ax.set_title(text("trend_title", lang, who=who, what=_label(item, lang)))
    ax.set_xlabel(text("year_axis", lang))
    ax.set_ylabel(text("count_axis", lang))
    _number_ticks(ax.yaxis)
    _apply_font(ax)
    return ax


def _is_peers(data: pd.DataFrame) -> bool:
    return {"ranked", "excluded_reason", "measure", "value", "rank"}.issubset(data.columns)


def plot_agencies(
    data: pd.DataFrame,
    *,
    value: str = "count",
    item: str | None = None,
    section: str = "proactive",
    year: int | None = None,
    highlight: str | None = None,
    ax: Axes | None = None,
    lang: str = "zh",
    english: bool | None = None,
    **kwargs,
) -> Axes:
    """One measure across agencies: sorted horizontal bars, one agency highlighted.

    Parameters
    ----------
    data
        Records (the count of ``item`` per agency); the result of
        :func:`~luzhou_disclosure.peer_summary` (its ``value``, a rate or a count, named in the
        title; the agencies it ranked as bars, largest on top, and the peers' median P50 as a
        dashed line; the agencies it left out below them, hatched where they have a value, each
        with why: 未排名：本年新收申请少于10件); or any analysis result with an ``agency`` column
        and a ``value`` column, for example :func:`~luzhou_disclosure.yoy_growth` or
        :func:`~luzhou_disclosure.compare` with ``value="growth_pct"``; its ``item`` and ``year``
        columns, when present, are filtered by ``item`` and ``year``.
    value
        The column drawn (``count`` for records, ``value`` for a peer summary).
    item, section
        The item drawn from records (default: the section's total).
    year
        The year (default: the latest year in the data).
    highlight
        An agency drawn in a contrasting colour.
    ax
        The Axes to draw on (default: the current Axes).
    lang
        ``"zh"`` (Chinese, the default) or ``"en"``: the language of titles, axis labels, legend
        and the names of the vocabulary.
    english
        Deprecated alias: ``english=True`` is ``lang="en"`` (warns).
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.barh`.

    Returns
    -------
    Axes
        The Axes drawn on: one bar per agency, largest on top, labelled with its value; the title
        names the measure and the year.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import luzhou_disclosure as ld
    >>> from luzhou_disclosure.plot import plot_agencies
    >>> ax = plot_agencies(ld.load_example(), highlight="泸州市统计局")
    >>> [t.get_text() for t in ax.get_yticklabels()], [float(p.get_width()) for p in ax.patches]
    (['泸州市统计局'], [811.0])
    >>> _ = plt.figure()
    >>> ax = plot_agencies(ld.peer_summary(ld.load_example(), year=2017, measure="refusal_rate"))
    >>> ax.get_title(), ax.texts[0].get_text()
    ('2017年 各单位不予公开率（%）', '6.10%')
    >>> plt.close("all")
    """
    lang = lang_of(lang, english)
    peers = _is_peers(data)
    if _is_records(data):
        rows, item = _item_counts(data, section=section, item=item, field=None, applicant=TOTAL)
        value = "count"
    else:
        rows = data
        if peers:
            value = "value"
        elif item is not None and "item" in rows:
            rows = rows[rows["item"] == item]
    if value not in rows:
        raise ValueError(
            f"plot_agencies: no column {value!r}; columns: {', '.join(map(str, rows.columns))}"
        )
    if "year" in rows and rows["year"].notna().any():
        year = int(rows["year"].max()) if year is None else year
        rows = rows[rows["year"] == year]
    if peers:
        ranked = rows["ranked"].fillna(False).to_numpy(dtype=bool)
        measures = rows["measure"].dropna().unique()
        if len(measures) > 1:
            raise ValueError(
                f"plot_agencies: the peer summary holds several measures ({', '.join(measures)}); "
                "draw one at a time"
            )
        measure = str(measures[0]) if len(measures) else ""
    else:
        rows = rows[rows[value].notna()]
        ranked = np.ones(len(rows), dtype=bool)
    if rows["agency"].duplicated().any():
        dup = ", ".join(rows.loc[rows["agency"].duplicated(), "agency"].unique())
        raise ValueError(
            f"plot_agencies: several rows for {dup}; choose one item (item=) or year (year=)"
        )
    if rows.empty:
        raise ValueError(f"plot_agencies: no {value!r} figures for item={item!r}, year={year!r}")
    if highlight is not None and highlight not in set(rows["agency"]):
        raise ValueError(
            f"plot_agencies: highlight={highlight!r} is not among the agencies: "
            f"{', '.join(rows['agency'])}"
        )
    # the agencies left out at the bottom, read top down in the order given (bars are drawn bottom
    # up); the ranked ones above them, largest on top
    left = rows[~ranked].iloc[::-1]
    shown = _largest_on_top(rows[ranked], value)
    ax = _axes(ax)
    if peers and measure in INDICATOR_NAMES:
        from .indicators import INDICATORS

        name, formula = (pick(pair, lang) for pair in INDICATOR_NAMES[measure])
        unit = INDICATORS[measure].unit
        pct, integer = unit == "pct", False
        shown_unit = pick(INDICATOR_UNITS[unit], lang)
        what = text("rate_title", lang, name=name, unit=shown_unit)
        axis_label = text("rate_axis", lang, name=name, unit=shown_unit, formula=formula)
    elif peers:
        pct, integer = False, True
        what = axis_label = _label(measure, lang)
    else:
        pct = value.endswith("_pct")
        integer = pd.api.types.is_integer_dtype(rows[value].dtype)
        pair = MEASURE_NAMES.get(value) or COLUMN_NAMES.get(value) or (value, value)
        axis_label = pick(pair, lang)
        named = _label(item, lang) if item else ""
        if value != "count":
            named = f"{named} {axis_label}".strip() if lang == "en" else named + axis_label
        what = named
    values = shown[value].to_numpy(dtype=float, na_value=np.nan)
    colour = kwargs.pop("color", "0.65" if highlight is not None else "C0")
    colours = ["C3" if a == highlight else colour for a in shown["agency"]]
    pos = np.arange(len(left), len(left) + len(shown))
    bars = ax.barh(pos, values, color=colours, **kwargs)
    for bar, v in zip(bars, values, strict=True):
        ax.annotate(
            _number(int(v) if integer else v, pct=pct),
            (v, bar.get_y() + bar.get_height() / 2),
            xytext=(3 if v >= 0 else -3, 0),
            textcoords="offset points",
            va="center",
            ha="left" if v >= 0 else "right",
        )
    left_values = left[value].to_numpy(dtype=float, na_value=np.nan)
    has_value = ~np.isnan(left_values)
    left_bars = ax.barh(
        np.arange(len(left))[has_value],
        left_values[has_value],
        color="none",
        edgecolor="0.5",
        hatch="//",
        **kwargs,
    )
    for bar, v in zip(left_bars, left_values[has_value], strict=True):
        ax.annotate(
            _number(v, pct=pct),
            (v, bar.get_y() + bar.get_height() / 2),
            xytext=(3 if v >= 0 else -3, 0),
            textcoords="offset points",
            va="center",
            ha="left" if v >= 0 else "right",
            color="0.4",
        )
    reasons = (
        [
            text("left_out_label", lang, reason=message(str(r), lang))
            for r in left["excluded_reason"].astype(object)
        ]
        if peers
        else []
    )
    ax.set_yticks(
        np.arange(len(left) + len(shown)),
        labels=[f"{a}\n{_wrap(r, lang, 16)}" for a, r in zip(left["agency"], reasons, strict=True)]
        + list(shown["agency"]),
    )
    ticks = ax.get_yticklabels()
    for tick in ticks[: len(left)]:
        tick.set_color("0.4")
    if highlight is not None:
        at = [*left["agency"], *shown["agency"]].index(highlight)
        ticks[at].set_color("C3")
    every = np.concatenate([values, left_values[has_value], [0.0]])
    lo, hi = min(0.0, float(np.nanmin(every))), max(0.0, float(np.nanmax(every)))
    pad = (hi - lo or 1) * 0.2
    ax.set_xlim(lo - (pad if lo < 0 else 0), hi + pad)
    ax.axvline(0, color="0.3", linewidth=0.8)
    if not len(values) and not has_value.any():
        ax.set_xticks([])  # nothing has a value: no scale to read
    if peers:
        handles: list[Artist] = (
            [Patch(color=colour, label=text("legend_ranked", lang))] if len(shown) else []
        )
        if has_value.any():  # a hatched bar is drawn
            handles.append(
                Patch(
                    facecolor="none",
                    edgecolor="0.5",
                    hatch="//",
                    label=text("legend_left_out", lang),
                )
            )
        groups = shown["peer_group"].dropna().unique()
        if len(shown) and len(groups) == 1 and pd.notna(shown["p50"].iloc[0]):
            p50 = float(shown["p50"].iloc[0])
            shown_p50 = int(p50) if p50.is_integer() and not pct else p50
            label = text("legend_median", lang, p50=_number(shown_p50, pct=pct))
            ax.axvline(p50, color="0.2", linestyle="--", linewidth=1)
            handles.append(Line2D([], [], color="0.2", linestyle="--", label=label))
        if handles:
            ax.legend(handles=handles, prop=font_properties(size="small"), loc="best")
    when = text("agencies_when", lang, year=year) if year is not None else ""
    title = text("agencies_title", lang, when=when, what=what).strip()
    if "base_year" in rows and rows["base_year"].nunique() == 1:
        title += text("agencies_against", lang, base_year=int(rows["base_year"].iloc[0]))
    ax.set_title(title)
    ax.set_xlabel(axis_label)
    _number_ticks(ax.xaxis)
    _apply_font(ax)
    return ax


# --- fonts for the user's own charts ----------------------------------------------------------


def use_chinese_font() -> str | None:
    """Make matplotlib draw Chinese in every chart from now on (sets rcParams; opt-in).

    Puts the package's CJK font (Noto Sans CJK SC) first in ``font.sans-serif``, selects
    ``sans-serif`` and keeps ``axes.unicode_minus`` on, so that your own ``ax.set_title("泸州")``
    renders. The charts of this module do not need it.

    Returns
    -------
    str or None
        The CJK family now in use, or None (with a warning) when none was found.

    Examples
    --------
    >>> import matplotlib
    >>> from luzhou_disclosure.plot import use_chinese_font
    >>> with matplotlib.rc_context():
    ...     family = use_chinese_font()
    ...     matplotlib.rcParams["font.sans-serif"][0] == family
    True
    """
    import matplotlib

    family = cjk_family()
    if family is None:
        return None
    rest = [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
    matplotlib.rcParams["font.sans-serif"] = [family, *rest]
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    matplotlib.rcParams["axes.unicode_minus"] = True
    return family


# --- the main job's PNGs ----------------------------------------------------------------------


def save_summary_charts(
    records: pd.DataFrame,
    out_dir: str | Path,
    *,
    lang: str = "zh",
    english: bool | None = None,
    dpi: int = 150,
) -> list[Path]:
    """Draw the main charts for every agency-year in ``records`` and save them as PNG files.

    Per agency-year: category shares (``…_category_shares.png``), year-over-year change of the
    proactive total when the base year is there (``…_yoy.png``), the application waterfall
    (``…_outcomes.png``) and the refusal reasons (``…_refusals.png``), each when the records hold
    the figures. Across: the proactive total's trend per agency with two or more years
    (``<agency>_trend.png``) and the agencies compared per year with two or more agencies
    (``<year>_agencies.png``). Figures are made without pyplot and closed after saving; each file
    is written to a temporary file beside it and renamed into place.

    Parameters
    ----------
    records
        Records (any number of agencies and years).
    out_dir
        Folder for the PNG files (created if missing).
    lang
        ``"zh"`` (Chinese, the default) or ``"en"``: the language of the charts.
    english
        Deprecated alias: ``english=True`` is ``lang="en"`` (warns).
    dpi
        Resolution of the PNG files.

    Returns
    -------
    list of Path
        The files written, in the order drawn.

    Examples
    --------
    >>> import tempfile
    >>> import luzhou_disclosure as ld
    >>> from luzhou_disclosure.plot import save_summary_charts
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in save_summary_charts(ld.load_example(), tmp)]
    ['泸州市统计局_2017_category_shares.png', '泸州市统计局_2017_yoy.png',
     '泸州市统计局_2017_outcomes.png', '泸州市统计局_2017_refusals.png', '泸州市统计局_trend.png']
    """
    lang = lang_of(lang, english)
    records = as_records(records)
    out = output_folder(out_dir)
    written: list[Path] = []

    def save(name: str, draw, *args, size=(8, 4.8), **kwargs) -> None:
        fig = Figure(figsize=size, layout="constrained")
        draw(*args, ax=fig.add_subplot(), lang=lang, **kwargs)
        path = out / name
        with atomic_write(path) as tmp:
            fig.savefig(tmp, dpi=dpi)
        written.append(path)

    shares = analysis.category_shares(records)
    outcomes = analysis.outcome_breakdown(records)
    refusals = analysis.refusal_breakdown(records)
    totals = analysis.counts(records, section="proactive")
    totals = totals[totals["item"] == PROACTIVE_TOTAL]
    pairs = (
        analysis.counts(records)[["agency", "year"]]
        .dropna()
        .drop_duplicates()
        .sort_values(["agency", "year"])
    )
    for agency, year in pairs.itertuples(index=False):
        stem = f"{file_stem(agency)}_{int(year)}"

        def of(frame: pd.DataFrame, agency=agency, year=year) -> pd.DataFrame:
            return frame[(frame["agency"] == agency) & (frame["year"] == year)]

        if of(shares)["count"].notna().any():
            save(f"{stem}_category_shares.png", plot_category_shares, of(shares))
        if len(of(totals)):  # yoy_growth warns when asked for a total the records lack
            growth = analysis.yoy_growth(records[records["agency"] == agency], year=int(year))
            if (growth["current"].notna() & growth["previous"].notna()).any():
                save(f"{stem}_yoy.png", plot_yoy_growth, growth)
        if of(outcomes)["count"].notna().any():
            save(f"{stem}_outcomes.png", plot_outcomes, of(outcomes), size=(9, 5))
        mine = of(refusals)
        if (~mine["is_total"] & mine["count"].notna()).any():
            save(f"{stem}_refusals.png", plot_refusals, mine)
    for agency, rows in totals.groupby("agency", sort=True):
        if rows["year"].nunique() > 1:
            save(f"{file_stem(agency)}_trend.png", plot_trend, records, agency=agency)
    for year, rows in totals.groupby("year", sort=True):
        if rows["agency"].nunique() > 1:
            save(
                f"{int(year)}_agencies.png",
                plot_agencies,
                records,
                year=int(year),
                size=(8, 1.2 + 0.4 * rows["agency"].nunique()),
            )
    return written
