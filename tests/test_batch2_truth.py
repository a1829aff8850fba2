"""Checks of the hand-pinned truth files of batch2 themselves (not of the reader).

tests/data/reports/batch2/truth.json holds the figures of its 61 texts pinned by hand (the 16 whole
reports and the 45 page beginnings). It has the form of the held-out truth files the reader is
scored on: a list of ``{file, agency, year, style, tags, figures, inconsistencies, notes, quotes}``,
where ``figures`` nests numbers by kind and every numeric leaf is scored (keys ending in ``_approx``
hold strings and are never scored). ``quotes`` maps the dotted path of each figure to the 1-based
line of the text it is read from and the words quoted from that line
(``{"line": 5, "text": "…", "context": [{"line": 3, "text": "…"}]}``; ``context`` names the row
label and column header of a table cell that stands on a line of its own). Tags of the excerpts:
``table_pipe_rows`` (one row per line, cells between ``|``), ``table_cell_per_line`` (one cell per
line ending in ``|``, with ``||`` filler lines), ``table_blank_lines`` (one cell per line, blank
lines between), ``truncated_table``, ``prose_only``, ``no_figures``, ``traditional``,
``mirror_copy`` (the page is not on a government site).

The checks: the structure; the file exists and sources.tsv gives the same year and style; every
scored number is written in the text (in digits or Chinese numerals, ×10,000 for a figure stated in
万, as the scorer reads them) and in the words quoted for it, a 0 may also be stated in words
(未收到, 无…), a figure of a table whose cells run together may stand inside a run of digits of its
quote; every quoted text stands on the line it names. A figure without a quote, or a quote of a
figure that is not pinned, fails.

Cells run together (``一、本年新收政府信息公开申请数量230 000023``): a figure stays scored only when
the text fixes it — it is written apart in its quote, or the run of digits that ends its quote
splits into the row's official number of cells in exactly one way (no cell written with a leading
zero). The figures an arithmetic split gave beyond that sit unscored in the entry's ``run_together``
list (``{path, value, line, run, splits, quote}``), moved there by ``tests/truth_run_together.py``;
the checks: every such figure's run stands in its line and really splits more than one way, and the
rule applied again moves nothing.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import REPORTS
from truth_run_together import plain, row_cells, splits, to_move, written_apart

BATCH2 = REPORTS / "batch2"
#: truth.json (and any other truth*.json a later pinning adds)
TRUTH_FILES = sorted(BATCH2.glob("truth*.json"))
STYLES = {"narrative", "table2019", "table2021"}
REQUIRED = {"file", "agency", "year", "style", "figures", "inconsistencies", "quotes"}
OPTIONAL = {"tags", "notes", "script", "figures_units_note", "derived_by_collector", "run_together"}
#: keys the scorer never scores (besides those ending in _approx)
UNSCORED = {"figures_units_note", "derived_by_collector"}
#: words that state a zero without writing it (未收到申请, 无…情况, 没有…, 暂不收费)
ZERO_WORDS = re.compile(r"[未无没零不]")

_CN = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def _cn_value(numeral: str) -> int:
    """一百二十 → 120, 十五 → 15, 三 → 3: the value of a run of Chinese numerals, as the scorer
    reads it."""
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in _CN:
            digit = _CN[ch]
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            section += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
    return total + section + (digit or 0)


def numbers_in(text: str) -> set[float]:
    """Every number `text` writes, in digits (after NFKC) or in Chinese numerals."""
    text = unicodedata.normalize("NFKC", text).replace(",", "")
    out = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)}
    out |= {float(_cn_value(m)) for m in re.findall(r"[零〇一二两三四五六七八九十百千万]+", text)}
    return out


def written(value: float, text: str, *, inside_runs: bool = False) -> bool:
    """Whether `text` writes `value` (or value/10,000, for a figure stated in 万; a sign aside).

    With `inside_runs`, a number whose digits stand inside a longer run of digits also counts: a
    table whose cells run together (``行政规范性文件8855698``) writes its figures that way.
    """
    value = abs(value)
    if any(abs(n - value) < 1e-9 or abs(n * 10000 - value) < 1e-6 for n in numbers_in(text)):
        return True
    digits = str(int(value)) if value == int(value) else repr(value)
    runs = re.findall(r"\d+(?:\.\d+)?", unicodedata.normalize("NFKC", text).replace(",", ""))
    return inside_runs and any(digits in run for run in runs)


def quoted(entry: dict, path: str) -> str:
    """The words quoted for the figure at `path` (with its context), or '' if it has no quote."""
    quote = entry["quotes"].get(path, {})
    return " ".join(s.get("text", "") for s in spots(quote))


def spots(quote: dict) -> list[dict]:
    """The quote and its further lines (``context``; ``also`` in truth.json means the same)."""
    return [quote, *quote.get("context", []), *quote.get("also", [])]


def scored(figures: dict, path: str = ""):
    """(path, value) of every leaf the scorer reads as a figure, and (path, text) of the rest."""
    for key, value in figures.items():
        sub = f"{path}.{key}" if path else key
        if key.endswith("_approx") or key in UNSCORED:
            continue
        if isinstance(value, dict):
            yield from scored(value, sub)
        elif isinstance(value, list):
            raise AssertionError(f"{sub}: a list under figures (nest numbers in objects)")
        else:
            yield sub, value


def approx_leaves(figures: dict, path: str = "", inside: bool = False):
    """(path, value) of every leaf under a key ending in _approx."""
    for key, value in figures.items():
        sub = f"{path}.{key}" if path else key
        here = inside or key.endswith("_approx")
        if isinstance(value, dict):
            yield from approx_leaves(value, sub, here)
        elif here:
            yield sub, value


def resolve(figures: dict, path: str):
    """The leaf at dotted `path` (a key may itself hold a dot: the longest key that fits is
    taken)."""
    node, rest = figures, path
    while True:
        if not isinstance(node, dict):
            raise KeyError(path)
        fits = [k for k in node if rest == k or rest.startswith(k + ".")]
        if not fits:
            raise KeyError(path)
        key = max(fits, key=len)
        if rest == key:
            return node[key]
        node, rest = node[key], rest[len(key) + 1 :]


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def text_lines(name: str) -> list[str]:
    return (BATCH2 / name).read_text(encoding="utf-8").split("\n")


def sources() -> dict[str, dict]:
    with open(BATCH2 / "sources.tsv", encoding="utf-8", newline="") as f:
        return {row["file"]: row for row in csv.DictReader(f, delimiter="\t")}


ENTRIES = [
    pytest.param(entry, id=f"{path.name}:{entry.get('file')}")
    for path in TRUTH_FILES
    for entry in load(path)
]


def test_the_excerpts_are_pinned_in_every_style():
    # the brief: at least 25 of the 45 excerpts, about 12 narrative, 6 table2019 and 7 table2021
    src = sources()
    entries = [e for path in TRUTH_FILES for e in load(path)]
    excerpts = [e for e in entries if src[e["file"]]["whole_or_excerpt"] == "excerpt"]
    styles = [e["style"] for e in excerpts]
    assert len(excerpts) >= 25
    assert styles.count("narrative") >= 12
    assert styles.count("table2019") >= 6
    assert styles.count("table2021") >= 7


def test_no_text_is_pinned_twice():
    files = [e["file"] for path in TRUTH_FILES for e in load(path)]
    assert len(files) == len(set(files))


@pytest.mark.parametrize("entry", ENTRIES)
def test_structure(entry):
    assert isinstance(entry, dict)
    assert REQUIRED <= entry.keys(), REQUIRED - entry.keys()
    assert entry.keys() <= REQUIRED | OPTIONAL, entry.keys() - REQUIRED - OPTIONAL
    assert re.fullmatch(r"\d{3}\.txt", entry["file"]) and (BATCH2 / entry["file"]).is_file()
    row = sources()[entry["file"]]
    assert entry["style"] in STYLES and entry["style"] == row["style"]
    assert type(entry["year"]) is int and entry["year"] == int(row["year"])
    assert isinstance(entry["agency"], str) and entry["agency"]
    assert isinstance(entry["figures"], dict)
    for key in ("tags", "notes", "inconsistencies"):
        assert all(isinstance(s, str) and s for s in entry.get(key, [])), key
    for path, value in scored(entry["figures"]):
        # a string outside *_approx is never scored ('286余', or a note on cells that cannot be
        # split)
        assert isinstance(value, (int, float, str)) and not isinstance(value, bool), path
    for path, value in approx_leaves(entry["figures"]):
        assert isinstance(value, str), f"{path}: an approximate figure is a string, never scored"


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_scored_number_is_written_in_the_text(entry):
    text = (BATCH2 / entry["file"]).read_text(encoding="utf-8")
    numbers = [(p, v) for p, v in scored(entry["figures"]) if not isinstance(v, str)]
    absent = [
        (p, v)
        for p, v in numbers
        if v != 0 and not (written(v, text) or written(v, quoted(entry, p), inside_runs=True))
    ]
    assert absent == []


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_figure_has_a_quote_that_stands_in_the_text(entry):
    lines = text_lines(entry["file"])
    quotes = entry["quotes"]
    figures = {p: v for p, v in scored(entry["figures"]) if not isinstance(v, str)}
    figures |= dict(approx_leaves(entry["figures"]))
    assert sorted(set(figures) - quotes.keys()) == [], "figures without a quote"
    problems = []
    for path, quote in quotes.items():
        try:
            value = resolve(entry["figures"], path)
        except KeyError:
            problems.append(f"{path}: quoted but not pinned")
            continue
        assert set(quote) <= {"line", "text", "context", "also"}, path
        for spot in spots(quote):
            n, words = spot["line"], spot["text"]
            if not (type(n) is int and 1 <= n <= len(lines) and words and words in lines[n - 1]):
                problems.append(f"{path}: {words!r} is not on line {n}")
        said = quoted(entry, path)
        if isinstance(value, dict):
            ok = all(isinstance(v, str) for _, v in scored(value))  # a group of unscored notes
        elif isinstance(value, str):
            ok = value in said
        elif value == 0:
            ok = written(0, said, inside_runs=True) or bool(ZERO_WORDS.search(said))
        else:
            ok = written(value, said, inside_runs=True)
        if not ok:
            problems.append(f"{path}: {value!r} is not in the words quoted for it ({said!r})")
    assert problems == []


@pytest.mark.parametrize("entry", ENTRIES)
def test_the_figures_of_cells_run_together_are_those_the_rule_sets_apart(entry):
    lines = text_lines(entry["file"])
    problems = []
    for item in entry.get("run_together", []):
        assert item.keys() == {"path", "value", "line", "run", "splits", "quote"}, item
        path, value, run = item["path"], item["value"], item["run"]
        line = lines[item["line"] - 1]
        try:
            resolve(entry["figures"], path)
            problems.append(f"{path}: set apart and still scored")
        except KeyError:
            pass
        if path in entry["quotes"]:
            problems.append(f"{path}: set apart and still quoted")
        if item["quote"] not in line or run not in plain(line):
            problems.append(f"{path}: {item['quote']!r} or its run {run!r} is not on its line")
        if not plain(item["quote"]).rstrip().endswith(run):
            problems.append(f"{path}: {run!r} does not end the words quoted")
        if written_apart(value, item["quote"]) or str(abs(value)) not in run:
            problems.append(f"{path}: {value} is written apart, or not in {run!r}")
        ways = splits(run, row_cells(entry["style"], path))
        if not ways == item["splits"] > 1:
            problems.append(f"{path}: {run!r} splits {ways} ways, not {item['splits']} (> 1)")
    assert problems == []
    # the rule applied again sets nothing more apart: every scored figure the text fixes
    assert to_move(entry) == []


def test_the_splits_of_a_run_counted_by_hand():
    # 行政规范性文件8855698: seven digits, no zero, three cells: C(6, 2) = 15 ways
    assert splits("8855698", 3) == 15
    # one digit per cell, or zeros that cannot lead a number: one way
    assert splits("1000001", 7) == splits("0023", 3) == splits("0023", 4) == 1
    assert splits("500000 5", 7) == 1  # 5|0|0|0|0|0 and 5: the space ends a cell
    # 2648-18538 in three cells: 2648 cut in two (3 ways) or -18538 cut in two (4 ways)
    assert splits("2648-18538", 3) == 7
    assert splits("35-15", 2) == 1 and splits("00", 1) == 0
    assert row_cells("table2021", "outcomes_by_applicant.予以公开.自然人") == 7
    assert row_cells("table2019", "table_art20.行政事业性收费.本年增/减") == 2
    assert row_cells("table2021", "litigation_direct.总计") == 15


def test_the_checks_catch_a_wrong_truth():
    # a number the text does not write, a quote on the wrong line and a quote of nothing are caught
    text = (BATCH2 / "015.txt").read_text(encoding="utf-8")
    assert written(154, text) and not written(155, text)
    assert written(11700, "主动公开政府信息1.17万条") and written(3, "较2011年又前进了三名")
    assert written(-15, "行政事业性收费 | 20 | -15 |")
    assert written(55, "行政规范性文件8855698", inside_runs=True) and not written(
        55, "行政规范性文件8855698"
    )
    assert not written(57, "行政规范性文件8855698", inside_runs=True)
    line5 = text_lines("015.txt")[4]
    assert (
        "主动公开政府信息共154条" in line5
        and "主动公开政府信息共154条" not in text_lines("015.txt")[2]
    )
    figures = {"a": {"b.c": {"d": 1}}}
    assert resolve(figures, "a.b.c.d") == 1
    with pytest.raises(KeyError):
        resolve(figures, "a.b")
