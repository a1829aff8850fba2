"""The repository stands alone: a plain clone holds every file its tests, docs and notebooks read."""

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
