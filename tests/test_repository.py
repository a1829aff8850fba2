"""The repository stands alone: a plain clone holds every file its tests, docs and notebooks
read."""

from __future__ import annotations

import csv
import importlib.metadata
import re
import tomllib

import pytest

import luzhou_disclosure as ld
from conftest import DATA, ROOT

#: where a path to the team's reference folder beside the checkout could hide
SCANNED = ["tests", "notebooks", "docs", "src", "README.md"]
#: the name of the team's reference folder (spelt through a variable, so that this file, which
#: only names it to look for it, does not itself point there)
FOLDER = "sha" + "red"
#: the folder as a parent-relative path, as ``FOLDER/…``, or in a pathlib join; the word in prose
#: ("one shared string", "shared with other jobs") does not match
OUTSIDE_PATH = re.compile(rf"\.\./{FOLDER}\b|(?<![\w.-]){FOLDER}/|/\s*[\"']{FOLDER}[\"']")


def _text_files():
    for name in SCANNED:
        top = ROOT / name
        for path in [top] if top.is_file() else sorted(top.rglob("*")):
            if not path.is_file() or path.suffix == ".pyc":
                continue
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:  # a workbook or an image
                continue


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"see ../{FOLDER}/seeds/000.txt", True),
        (f'SHARED = ROOT.parent / "{FOLDER}"', True),
        (f"the file in `{FOLDER}/reports/`", True),
        ("pass message is one shared string", False),
        ("2 cores shared with other developers' jobs", False),
        ("def _shared_codes(parts)", False),
    ],
)
def test_the_path_pattern_tells_paths_from_prose(text, found):
    assert bool(OUTSIDE_PATH.search(text)) is found


def test_nothing_points_outside_the_repository():
    hits = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path, text in _text_files()
        for n, line in enumerate(text.splitlines(), 1)
        if OUTSIDE_PATH.search(line)
    ]
    assert hits == [], "copy what is read into tests/data and point there:\n" + "\n".join(hits)


def test_every_data_file_names_its_source():
    with open(DATA / "sources.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert all(row["what"] and row["source"] for row in rows)
    listed = {row["file"] for row in rows}
    present = {
        p.relative_to(DATA).as_posix()
        for p in DATA.rglob("*")
        if p.is_file() and p.name != "sources.tsv" and p.suffix != ".py"
    }
    present.add("reports/batch2/sources.tsv")
    assert listed == present
    # the seed, the 20 development reports and the 61 of batch2 (counted when they were copied)
    assert len([f for f in listed if f.endswith(".txt")]) == 1 + 20 + 61


def test_the_version_has_one_home():
    assert ld.__version__ == importlib.metadata.version("luzhou-disclosure")
    with open(ROOT / "pyproject.toml", "rb") as f:
        assert tomllib.load(f)["project"]["version"] == ld.__version__


def test_floors_meet_what_pandas_asks_of_its_optional_dependencies():
    """A runtime floor below the minimum pandas itself declares for a package the library uses
    through pandas is a floor that cannot work: pandas refuses the older version at run time
    (jinja2 3.1.5 under pandas 3.1.1 turned `DataFrame.style` off). pandas' own table of
    minimums is the source of the expected values. The packages the library reaches through
    pandas: jinja2 (`style_findings` is `DataFrame.style`) and pyarrow (the `str` dtype,
    `read_parquet`/`to_parquet`); openpyxl, lxml, matplotlib and python-calamine are called
    directly, never through pandas, so pandas' minimums for them do not bind."""
    from packaging.requirements import Requirement
    from packaging.version import Version
    from pandas.compat._optional import VERSIONS

    with open(ROOT / "pyproject.toml", "rb") as f:
        deps = tomllib.load(f)["project"]["dependencies"]
    through_pandas = {"jinja2", "pyarrow"}
    pandas_names = {name.split(".")[0].lower(): minimum for name, minimum in VERSIONS.items()}
    assert through_pandas <= pandas_names.keys()
    too_low, checked = [], 0
    for dep in map(Requirement, deps):
        floor = next(s.version for s in dep.specifier if s.operator == ">=")
        if dep.name.lower() not in through_pandas:
            continue
        minimum = pandas_names[dep.name.lower()]
        if Version(floor) < Version(minimum):
            too_low.append(f"{dep.name}: floor {floor}, pandas needs {minimum}")
        checked += 1
    assert checked == len(through_pandas)
    assert too_low == []
