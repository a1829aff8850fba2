"""Scoring the report reader against figures pinned by hand (``tests/data/reports/truth.json``).

A truth file is a JSON list with one object per report: ``file``, ``agency``, ``year``, ``style``
(``narrative``, ``table2019``, ``table2021``) and ``figures``, numbers nested under keys that say
what they are. The score is the one the project's held-out set is measured with:

- **recall** — of the numbers pinned for a report, the share the reader emits for that report (in
  ``count`` or ``value``; a number pinned in 万 may be emitted in units, or the other way round).
  *all* counts every pinned number; *core* leaves out ``other_figures`` (activity counts). Keys
  ending in ``_approx`` hold approximate figures as text and are not scored, nor the notes
  ``figures_units_note`` and ``derived_by_collector``.
- **precision** — of the numbers the reader emits (derived ones aside), the share that are pinned
  numbers of the report.
- **invented** — emitted numbers that the text does not write anywhere (in digits, or in Chinese
  numerals), 0 aside.
- **crashed** — reports whose reading raised anything but a :class:`DisclosureError` that naming the
  agency and year fixes; **silent** — reports with pinned numbers and no record.

A text whose first line starts with ``URL:`` carries a three-line header (URL, title, blank) that
is not part of the report.

Where this scorer differs from the team's tool (``score_reports.py``, which scores the held-out
set): its *invented* count fixes two flaws of the tool's "written in the text" test, which compares
an emitted value with the unsigned numbers of the text's runs of digits. Both are counted beside
ours (``Score.tool_invented``, printed in the summary as "the team's tool: N"), so the difference is
always in view:

- a negative figure (a change of −15 in ``行政事业性收费35-15``) is written when its digits stand in
  the text with a minus sign before them; the tool looks for +15 among unsigned numbers, and misses;
- a figure cut from cells run together without a separator is written when the text fixes the cut:
  the run of digits it was cut from (``8100009``) splits into as many cells as the reader cut from
  it in exactly one way (no number is written with a leading zero; a space or a sign always parts
  two cells), and the reader's cells are that way (8, 1, 0, 0, 0, 0, 9). The tool sees only the
  number 8100009 and counts the 9 as not in the text. A cut the text does not fix (``898989`` as 89,
  89, 89) stays invented.
"""

from __future__ import annotations

import json
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

import luzhou_disclosure as ld

_NOT_SCORED = ("figures_units_note", "derived_by_collector")
_CN_DIGIT = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_POWER = {"十": 10, "百": 100, "千": 1000}


def chinese_value(numeral: str) -> int:
    """二百零五 → 205, 十五 → 15, 三万二千 → 32000 (digits and powers of ten, 万 as a
    multiplier)."""
    total = part = 0
    digit: int | None = None
    for ch in numeral:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch == "万":
            total += (part + (digit or 0)) * 10_000
            part, digit = 0, None
        else:
            part += (1 if digit is None else digit) * _CN_POWER[ch]
            digit = None
    return total + part + (digit or 0)


def written_numbers(text: str) -> set[float]:
    """Every number ``text`` writes, in digits (thousands commas dropped) or in Chinese numerals."""
    found = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))}
    found |= {
        float(chinese_value(x)) for x in re.findall(r"[零〇一二两三四五六七八九十百千万]+", text)
    }
    return found


def pinned(figures: Any, *, core: bool) -> list[float]:
    """The scored numbers of a report's ``figures`` (``core``: without ``other_figures``)."""
    out: list[float] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key.endswith("_approx") or key in _NOT_SCORED:
                    continue
                if core and key == "other_figures":
                    continue
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, int | float) and not isinstance(node, bool):
            out.append(float(node))

    walk(figures)
    return out


_RUN = re.compile(r"[-+]?\d[\d.]*(?:\s*[-+]?\d[\d.]*)*")
_CELL = re.compile(r"[-+]?(?:0|[1-9]\d*)(?:\.\d+)?")
_REF = re.compile(r"^<text>:(\d+):(\d+)-(\d+)(?: \(positional\))?$")


def digits(value: float) -> str:
    """The digits of ``|value|`` as a report writes them (no trailing ``.0``)."""
    value = abs(value)
    return str(int(value)) if float(value).is_integer() else repr(value)


def written_negative(value: float, text: str) -> bool:
    """Whether ``text`` writes the negative ``value``: its digits with a minus sign before them."""
    return value < 0 and bool(re.search(rf"[-−]\s?{re.escape(digits(value))}(?!\d|\.\d)", text))


def run_splits(run: str, cells: int) -> int:
    """The ways ``run`` splits into ``cells`` numbers written without a leading zero (a space or a
    sign always parts two cells, a sign only starts a cell), counted up to 2.

    >>> run_splits("8100009", 7), run_splits("898989", 3), run_splits("35-15", 2)
    (1, 2, 1)
    """
    chunks = [c for piece in run.split() for c in re.split(r"(?=[-+])", piece) if c]
    ways = {0: 1}  # cells so far → ways
    for chunk in chunks:
        # cuts[e]: cells → ways of cutting chunk[:e]
        cuts: list[dict[int, int]] = [{0: 1}] + [{} for _ in chunk]
        for end in range(1, len(chunk) + 1):
            for start in range(end):
                if not cuts[start] or not _CELL.fullmatch(chunk[start:end]):
                    continue
                if start > 0 and chunk[start] in "+-":
                    continue
                for k, w in cuts[start].items():
                    cuts[end][k + 1] = min(2, cuts[end].get(k + 1, 0) + w)
        nxt: dict[int, int] = {}
        for k, w in ways.items():
            for m, v in cuts[-1].items():
                if k + m <= cells:
                    nxt[k + m] = min(2, nxt.get(k + m, 0) + w * v)
        ways = nxt
    return ways.get(cells, 0)


def fixed_cells(lines: list[str], sources: list[str]) -> set[str]:
    """The sources (``<text>:LINE:START-END``) of cells a reader cut from a run of digits that
    splits into that many cells one way only, and cut that way."""
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for source in sources:
        m = _REF.match(source)
        if m:
            ln, a, b = (int(g) for g in m.groups())
            by_line.setdefault(ln, []).append((a, b, source))
    out: set[str] = set()
    for ln, cut in by_line.items():
        line = unicodedata.normalize("NFKC", lines[ln - 1]) if ln <= len(lines) else ""
        for run in _RUN.finditer(line):
            r0, r1 = run.start(), len(run.group(0).rstrip(". ")) + run.start()
            cells = sorted({c for c in cut if r0 <= c[0] and c[1] <= r1})
            if not cells or (len(cells) == 1 and cells[0][:2] == (r0, r1)):
                continue  # nothing cut from this run, or the run is one number written apart
            bounds = [r0, *(x for a, b, _ in cells for x in (a, b)), r1]
            between = [line[bounds[k] : bounds[k + 1]] for k in range(0, len(bounds), 2)]
            if (
                all(_CELL.fullmatch(line[a:b]) for a, b, _ in cells)
                and not "".join(between).strip()  # the cells cover the run, spaces aside
                and run_splits(line[r0:r1], len(cells)) == 1
            ):
                out.update(source for _, _, source in cells)
    return out


def _key(value: float) -> float:
    return round(value, 4)


def _matches(value: float, numbers: set[float]) -> bool:
    """Whether ``value`` is one of ``numbers``, as stated or ×/÷ 10,000 (a figure in 万)."""
    return any(_key(v) in numbers for v in (value, value / 10_000, value * 10_000))


def emitted_numbers(records: pd.DataFrame) -> pd.Series:
    """Each record's number: ``value`` where set, else ``count`` (float)."""
    values = pd.to_numeric(records["value"], errors="coerce").astype("float64")
    counts = pd.to_numeric(records["count"], errors="coerce").astype("float64")
    return values.fillna(counts)


@dataclass
class ReportScore:
    file: str
    style: str
    found: int = 0
    wanted: int = 0
    core_found: int = 0
    core_wanted: int = 0
    emitted: int = 0
    right: int = 0
    invented: int = 0
    tool_invented: int = 0
    crashed: bool = False
    silent: bool = False
    missed: list[float] = field(default_factory=list)
    wrong: list[tuple[float, str]] = field(default_factory=list)
    not_written: list[tuple[float, str]] = field(default_factory=list)
    #: what the team's tool alone counts as not in the text (a negative, a cell the text fixes)
    tool_not_written: list[tuple[float, str]] = field(default_factory=list)


@dataclass
class Score:
    reports: list[ReportScore]

    def _sum(self, name: str) -> int:
        return sum(int(getattr(r, name)) for r in self.reports)

    @property
    def recall_all(self) -> float:
        return self._sum("found") / max(self._sum("wanted"), 1)

    @property
    def recall_core(self) -> float:
        return self._sum("core_found") / max(self._sum("core_wanted"), 1)

    @property
    def precision(self) -> float:
        return self._sum("right") / max(self._sum("emitted"), 1)

    @property
    def invented(self) -> int:
        return self._sum("invented")

    @property
    def tool_invented(self) -> int:
        """Invented as the team's tool counts them (see the module docstring)."""
        return self._sum("tool_invented")

    @property
    def crashed(self) -> int:
        return self._sum("crashed")

    @property
    def silent(self) -> int:
        return self._sum("silent")

    def core_by_style(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for r in self.reports:
            f, w = out.get(r.style, (0, 0))
            out[r.style] = (f + r.core_found, w + r.core_wanted)
        return out

    def summary(self) -> str:
        def pct(a: int, b: int) -> str:
            return f"{a}/{b} = {a / b:.0%}" if b else "-"

        styles = ", ".join(f"{k} {pct(*v)}" for k, v in sorted(self.core_by_style().items()))
        return (
            f"core recall by style: {styles}\n"
            f"recall all {pct(self._sum('found'), self._sum('wanted'))}, "
            f"core {pct(self._sum('core_found'), self._sum('core_wanted'))}; "
            f"precision {pct(self._sum('right'), self._sum('emitted'))}; "
            f"not in text {self.invented} (the team's tool: {self.tool_invented}); "
            f"crashed {self.crashed}; "
            f"reports with figures but no records {self.silent}"
        )


def report_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if raw.startswith("URL:"):
        raw = raw.split("\n", 3)[3]
    return raw


def score_report(folder: Path, entry: dict[str, Any]) -> ReportScore:
    """Score ``read_report`` on one report of a truth file."""
    rs = ReportScore(entry["file"], entry.get("style", "?"))
    raw = report_text(folder / entry["file"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            try:
                records = ld.read_report(raw)
            except ld.DisclosureError:
                records = ld.read_report(
                    raw, agency=entry.get("agency") or "未知机关", year=entry["year"]
                )
        except Exception:  # noqa: BLE001 - a crash is what is being counted
            rs.crashed = True
            return rs
    numbers = emitted_numbers(records).dropna()
    got = {_key(v) for v in numbers}
    every, core = pinned(entry["figures"], core=False), pinned(entry["figures"], core=True)
    rs.wanted, rs.core_wanted = len(every), len(core)
    rs.found = sum(_matches(v, got) for v in every)
    rs.core_found = sum(_matches(v, got) for v in core)
    rs.missed = [v for v in every if not _matches(v, got)]
    rs.silent = len(records) == 0 and len(every) > 0
    truth = {_key(v) for v in every}
    plain = unicodedata.normalize("NFKC", raw)
    written = written_numbers(plain)
    sources = records["source"].astype(str)
    fixed = fixed_cells(raw.split("\n"), sources.tolist())
    for idx, value in numbers.items():
        if "derived" in sources[idx].lower():
            continue
        rs.emitted += 1
        if _matches(value, truth):
            rs.right += 1
        else:
            rs.wrong.append((value, str(records.at[idx, "item"])))
        tool_in_text = (
            value in written
            or value / 10_000 in written
            or _key(value / 10_000) in written
            or value == 0
        )
        in_text = tool_in_text or written_negative(value, plain) or sources[idx] in fixed
        rs.tool_invented += not tool_in_text
        rs.invented += not in_text
        if in_text and not tool_in_text:
            rs.tool_not_written.append((value, sources[idx]))
        if not in_text:
            rs.not_written.append((value, sources[idx]))
    return rs


def score(folder: str | Path, truth: str | Path) -> Score:
    """Score ``read_report`` on every report of the truth file ``truth`` (texts in ``folder``)."""
    folder = Path(folder)
    entries = json.loads(Path(truth).read_text(encoding="utf-8"))
    return Score([score_report(folder, e) for e in entries])


def lines(result: Score) -> Iterator[str]:
    """One line per report (as the team's tool prints them with ``--verbose``), then the summary."""
    for r in result.reports:
        yield f"{r.file} {r.style}: {r.found}/{r.wanted} found; missed {r.missed[:12]}"
    yield result.summary()


if __name__ == "__main__":  # python tests/scoring.py FOLDER TRUTH.json [--wrong]
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    res = score(args[0], args[1])
    for line in lines(res):
        print(line)
    if "--wrong" in sys.argv:
        for r in res.reports:
            for value, item in r.wrong:
                print(f"  wrong {r.file}: {value:g} ({item})")
            for value, source in r.not_written:
                print(f"  not in text {r.file}: {value:g} ({source})")
            for value, source in r.tool_not_written:
                print(f"  not in text for the team's tool only {r.file}: {value:g} ({source})")
