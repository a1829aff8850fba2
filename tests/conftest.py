"""Shared fixtures. Expected values name where they come from (the report sentence, or by hand)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings

import luzhou_disclosure as ld
from luzhou_disclosure._fonts import packaged_font_path

ROOT = Path(__file__).resolve().parents[1]
#: the report texts the tests read, copied into the repository (tests/data/sources.tsv names each
#: source)
DATA = ROOT / "tests" / "data"
#: hypothesis checks properties, not speed: its per-example deadline (200 ms) fails on a busy
#: machine, and speed is measured by the scripts in bench/, never in unit tests
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

SEED_TEXT = DATA / "seeds" / "000_9011374d10fa4802.txt"
REPORTS = DATA / "reports"


#: the columns a figure is compared on when a form or a published report is read back: what it is
#: and its figure (sources and labels aside)
FIGURE = [
    "agency", "year", "form", "section", "parent", "item", "applicant", "field", "measure",
    "count", "value", "unit",
]  # fmt: skip


def figures(records: pd.DataFrame) -> pd.DataFrame:
    """The table figures of ``records`` (not the prose's ``narrative`` ones) on :data:`FIGURE`,
    sorted by section, parent, item, applicant and field: two readings of one report compare equal
    whatever order their records come in."""
    out = records.loc[records["field"].fillna("") != "narrative", FIGURE].copy()
    key = out[["section", "parent", "item", "applicant", "field"]].astype(object).fillna("")
    key = key.astype(str).agg("|".join, axis=1)
    return out.assign(_k=key).sort_values("_k").drop(columns="_k").reset_index(drop=True)


@pytest.fixture
def seed():
    """Records of the seed report (the bundled workbook)."""
    return ld.load_example()


# --- LibreOffice --------------------------------------------------------------------------------


class LibreOffice:
    """LibreOffice headless, converting files the way an agency's office program saves them.

    One user profile for the session, and a fontconfig file that adds the CJK font the package
    depends on to the system's fonts: published PDFs embed their CJK fonts, and without one
    LibreOffice writes a PDF whose CJK text pdfminer cannot decode (every character the same).
    ``fmt`` is what ``--convert-to`` takes: ``xls``, ``ods``, ``doc``, ``pdf`` or ``pdf:…`` with
    filter options; the converted file ends in the part before the colon.
    """

    def __init__(self, exe: str, profile: Path, fonts: Path) -> None:
        (fonts / "fonts.conf").write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
            f"  <dir>{Path(packaged_font_path()).parent}</dir>\n"
            f"  <cachedir>{fonts / 'cache'}</cachedir>\n</fontconfig>\n",
            encoding="utf-8",
        )
        self.exe, self.profile = exe, profile
        self.env = dict(os.environ, FONTCONFIG_FILE=str(fonts / "fonts.conf"))

    def __call__(self, src: Path, fmt: str) -> Path:
        """``src`` converted to ``fmt``, in a folder named after the format beside ``src``."""
        return self.many([src], fmt, src.parent / fmt.split(":")[0])[0]

    def many(self, sources: Sequence[Path], fmt: str, folder: Path) -> list[Path]:
        """Every one of ``sources`` converted to ``fmt`` into ``folder``, by one start of
        LibreOffice."""
        subprocess.run(
            [
                self.exe,
                f"-env:UserInstallation={self.profile.as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(folder),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=300 + 60 * len(sources),
            env=self.env,
        )
        return [folder / f"{src.stem}.{fmt.split(':')[0]}" for src in sources]


@pytest.fixture(scope="session")
def soffice(tmp_path_factory) -> LibreOffice:
    """LibreOffice headless: ``soffice(src, "xls")`` is the converted file (see
    :class:`LibreOffice`)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise RuntimeError("LibreOffice is missing: run scripts/test-setup.sh")
    return LibreOffice(exe, tmp_path_factory.mktemp("lo-profile"), tmp_path_factory.mktemp("fonts"))


# --- report cards -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def seed_card_file(tmp_path_factory) -> Path:
    """The report card of the seed report (泸州市统计局, 2017), written as a page."""
    path = tmp_path_factory.mktemp("cards") / "seed.html"
    ld.report_card(ld.load_example(), agency="泸州市统计局", year=2017, path=path)
    return path


@pytest.fixture(scope="session")
def seed_card(seed_card_file) -> str:
    """The HTML of the seed report's card (the page written by :func:`seed_card_file`)."""
    return seed_card_file.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def card_batch():
    """Records of 2021 forms for a batch of cards: ``card_batch((agency, disclosed, answered),
    …)``, where 本年新收 and the outcomes' 总计 are ``answered``, 予以公开 ``disclosed`` and
    部分公开 0, so the disclosure rate is disclosed ÷ answered."""

    def records(*agencies: tuple[str, int, int]):
        base = {"year": 2021, "form": "2021", "measure": "count"}
        rows = []
        for agency, disclosed, answered in agencies:
            common = {**base, "agency": agency}
            rows += [
                {**common, "section": "applications", "item": "本年新收政府信息公开申请数量",
                 "count": answered},
                {**common, "section": "outcomes", "item": "予以公开", "count": disclosed},
                {**common, "section": "outcomes", "item": "部分公开", "count": 0},
                {**common, "section": "outcomes", "item": "总计", "count": answered},
            ]  # fmt: skip
        return ld.make_records(rows)

    return records
