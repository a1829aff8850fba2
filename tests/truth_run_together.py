"""Set apart the pinned figures that only arithmetic can split out of cells run together.

Some pages lose every cell boundary of their tables (``一、本年新收政府信息公开申请数量230 000023``,
``行政规范性文件8855698``). Issue 15 asks the reader to read such cells only where the text itself
tells them apart, and to name every other row in a finding. The hand pinning of
``tests/data/reports/batch2/truth.json`` split many of these rows by arithmetic instead (the
applicant columns add up to the row's 总计). A figure only arithmetic gives cannot be scored: a
reader that follows the rule never emits it, and a reader that did would emit a number the text
does not write. This script applies one mechanical criterion to every scored figure and moves the
figures it names out of ``figures``, unscored, into the entry's ``run_together`` list.

The criterion, for each scored numeric leaf of ``figures`` and the words quoted for it (``quotes``):

1. *Written apart*: some number written in the quoted words (after NFKC, thousands commas dropped;
   a number written with a leading zero such as ``000023`` writes no number) equals the leaf's
   value (or the value / 10,000, for a figure stated in 万). Such a leaf stays scored.
2. Otherwise, when the leaf's digits stand inside the run of digits that ends the quoted words
   (a table row is quoted as its label and its cells; the run: digits, signs and decimal points,
   spaces between them), count the ways that run splits into the
   row's official number of cells (``ROW_CELLS``): a space or a sign always starts a new cell, a
   cell is a number written without a leading zero (``0`` alone is a cell of 0; ``0.5`` is a
   number), a sign only begins a cell. Exactly one way: the text fixes the cells and the leaf stays
   scored. More than one: the leaf moves to ``run_together`` as ``{path, value, line, run, splits,
   quote}`` (``line`` the 1-based line of the text, ``run`` the run as quoted, ``splits`` the number
   of ways, ``quote`` the words that were quoted for it), and its quote leaves ``quotes``.
3. Any other leaf (a zero stated in words, a figure whose digits no quoted row run holds) stays.

Nothing else changes; running the script again changes nothing.

Usage::

    python tests/truth_run_together.py [TRUTH.json ...] [--check]

(default: ``tests/data/reports/batch2/truth.json``; ``--check`` reports what would move and writes
nothing). It prints how many leaves moved per text.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

BATCH2_TRUTH = Path(__file__).resolve().parent / "data" / "reports" / "batch2" / "truth.json"

#: keys the scorer never scores (besides those ending in _approx)
UNSCORED = {"figures_units_note", "derived_by_collector"}

#: cells of a row of the official tables (docs/formats.md): section 三 rows have six applicant
#: columns and 总计; section 四 is one row of fifteen cells (行政复议 结果维持, 结果纠正, 其他结果,
#: 尚未审结, 总计; the same five for 未经复议直接起诉 and for 复议后起诉); section 二 rows by form;
#: the pre-2019 statistics table (指标名称 | 计量单位 | 本年度 | 历年累计) has two value columns
SECTION_3 = 7
SECTION_4 = 15
STATISTICS_TABLE = 2
ARTICLE20_CELLS = {
    "table2019": {
        "规章": 3,
        "规范性文件": 3,
        "行政规范性文件": 3,
        "行政许可": 3,
        "其他对外管理服务事项": 3,
        "行政处罚": 3,
        "行政强制": 3,
        "行政事业性收费": 2,
        "政府集中采购": 2,
    },
    "table2021": {
        "规章": 3,
        "规范性文件": 3,
        "行政规范性文件": 3,
        "行政许可": 1,
        "行政处罚": 1,
        "行政强制": 1,
        "行政事业性收费": 1,
    },
}
_SECTION_3_KEYS = (
    "applications_received",
    "applications_carried_over_in",
    "applications_carried_over_out",
    "applications_by_applicant_new",
    "applications_by_applicant_carried_in",
    "applications_by_applicant_carried_out",
    "outcomes",
    "outcomes_by_applicant",
    "refusal_reasons",
    "unable_to_provide_reasons",
    "not_processed_reasons",
    "other_processing_reasons",
)
_SECTION_4_KEYS = (
    "reconsideration_total",
    "reconsideration_outcomes",
    "litigation_total",
    "litigation_direct",
    "litigation_after_reconsideration",
)


def row_cells(style: str, path: str) -> int:
    """The official number of cells of the table row the figure at ``path`` belongs to."""
    top = path.split(".", 1)[0]
    if style == "narrative":
        return STATISTICS_TABLE
    if top in _SECTION_3_KEYS:
        return SECTION_3
    if top in _SECTION_4_KEYS:
        return SECTION_4
    if top == "table_art20":
        return ARTICLE20_CELLS[style][path.split(".")[1]]
    raise ValueError(f"{path}: no table row of the {style} form is known for this key")


# --- numbers written in words quoted --------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:\.\d+)?")
_WRITTEN = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_CELL = re.compile(r"[-+]?(?:0|[1-9]\d*)(?:\.\d+)?")
_FINAL_RUN = re.compile(r"[-+]?\d[\d.]*(?:\s*[-+]?\d[\d.]*)*\s*$")


def plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(",", "")


def written_apart(value: float, text: str) -> bool:
    """Whether ``text`` writes ``value`` (or value / 10,000) as a number of its own."""
    value = abs(value)
    for token in _TOKEN.findall(plain(text)):
        if _WRITTEN.fullmatch(token):
            n = float(token)
            if abs(n - value) < 1e-9 or abs(n * 10_000 - value) < 1e-6:
                return True
    return False


def digits_of(value: float) -> str:
    value = abs(value)
    return str(int(value)) if float(value).is_integer() else repr(value)


def run_of(value: float, text: str) -> str | None:
    """The run of digits that ends ``text`` (a table row quoted as its label and its cells), when
    it holds the value's digits inside a longer run; None otherwise."""
    m = _FINAL_RUN.search(plain(text))
    if m is None:
        return None
    run = m.group(0).strip()
    digits = digits_of(value)
    return run if digits in run and run.strip("+-") != digits else None


def splits(run: str, cells: int) -> int:
    """The number of ways ``run`` splits into ``cells`` numbers written without a leading zero.

    A space or a sign always starts a new cell; within a stretch of digits any cut may be a cell
    boundary, provided every cell is a number as written (``0`` alone, or no leading zero).

    >>> splits("000", 3), splits("898989", 3), splits("35-15", 2), splits("230 000023", 7)
    (1, 10, 1, 3)
    """
    chunks: list[str] = []
    for piece in run.split():
        chunks += [c for c in re.split(r"(?=[-+])", piece) if c]
    ways = {0: 1}  # cells so far → ways
    for chunk in chunks:
        per = _chunk_ways(chunk)
        nxt: dict[int, int] = {}
        for k, w in ways.items():
            for m, v in per.items():
                if k + m <= cells:
                    nxt[k + m] = nxt.get(k + m, 0) + w * v
        ways = nxt
    return ways.get(cells, 0)


def _chunk_ways(chunk: str) -> dict[int, int]:
    """Number of cells → ways of cutting ``chunk`` (no space, a sign only at its start)."""
    n = len(chunk)
    table: list[dict[int, int]] = [{} for _ in range(n + 1)]
    table[0] = {0: 1}
    for end in range(1, n + 1):
        for start in range(end):
            if not table[start] or not _CELL.fullmatch(chunk[start:end]):
                continue
            if start > 0 and chunk[start] in "+-":
                continue
            for k, w in table[start].items():
                table[end][k + 1] = table[end].get(k + 1, 0) + w
    return table[n]


# --- the truth file ------------------------------------------------------------------------------


def scored_leaves(figures: dict, path: str = ""):
    """(path, value) of every numeric leaf the scorer scores."""
    for key, value in figures.items():
        sub = f"{path}.{key}" if path else key
        if key.endswith("_approx") or key in UNSCORED:
            continue
        if isinstance(value, dict):
            yield from scored_leaves(value, sub)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            yield sub, value


def quoted_words(quote: dict) -> list[dict]:
    return [quote, *quote.get("context", []), *quote.get("also", [])]


def to_move(entry: dict) -> list[dict]:
    """The ``run_together`` items of ``entry``'s scored figures that the criterion moves."""
    out = []
    for path, value in scored_leaves(entry["figures"]):
        quote = entry["quotes"].get(path)
        if quote is None:
            continue
        spots = quoted_words(quote)
        if any(written_apart(value, s["text"]) for s in spots):
            continue
        found = next(((s, r) for s in spots if (r := run_of(value, s["text"])) is not None), None)
        if found is None:
            continue
        spot, run = found
        ways = splits(run, row_cells(entry["style"], path))
        if ways > 1:
            out.append(
                {
                    "path": path,
                    "value": value,
                    "line": spot["line"],
                    "run": run,
                    "splits": ways,
                    "quote": spot["text"],
                }
            )
    return out


def _remove(figures: dict, path: str) -> None:
    """Remove the leaf at dotted ``path`` (a key may hold a dot) and the objects it leaves empty."""
    fits = [k for k in figures if path == k or path.startswith(k + ".")]
    key = max(fits, key=len)
    if path == key:
        del figures[key]
        return
    _remove(figures[key], path[len(key) + 1 :])
    if not figures[key]:
        del figures[key]


def apply(entries: list[dict]) -> dict[str, int]:
    """Move the leaves the criterion names, in place; the count moved per text."""
    moved: dict[str, int] = {}
    for entry in entries:
        items = to_move(entry)
        if not items:
            continue
        for item in items:
            _remove(entry["figures"], item["path"])
            del entry["quotes"][item["path"]]
        entry["run_together"] = entry.get("run_together", []) + items
        moved[entry["file"]] = len(items)
    return moved


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv if not a.startswith("--")] or [BATCH2_TRUTH]
    for path in paths:
        entries = json.loads(path.read_text(encoding="utf-8"))
        moved = apply(entries)
        for name, n in moved.items():
            print(f"{path.name} {name}: {n} moved")
        print(f"{path.name}: {sum(moved.values())} leaves moved from {len(moved)} texts")
        if "--check" not in argv and moved:
            path.write_text(
                json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
