"""Shared fixtures. Expected values name where they come from (the report sentence, or by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

import luzhou_disclosure as ld

ROOT = Path(__file__).resolve().parents[1]
#: the report texts the tests read, copied into the repository (tests/data/sources.tsv names each source)
DATA = ROOT / "tests" / "data"
SEED_TEXT = DATA / "seeds" / "000_9011374d10fa4802.txt"
REPORTS = DATA / "reports"


@pytest.fixture
def seed():
    """Records of the seed report (the bundled workbook)."""
    return ld.load_example()
