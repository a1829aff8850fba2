"""Shared fixtures. Expected values name where they come from (the report sentence, or by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

import luzhou_disclosure as ld

ROOT = Path(__file__).resolve().parents[1]
#: the report texts the tests read, copied into the repository (tests/data/sources.tsv names each source)
DATA = ROOT / "tests" / "data"
#: hypothesis checks properties, not speed: its per-example deadline (200 ms) fails on a busy
#: machine, and speed is measured by the scripts in bench/, never in unit tests
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

SEED_TEXT = DATA / "seeds" / "000_9011374d10fa4802.txt"
REPORTS = DATA / "reports"


@pytest.fixture
def seed():
    """Records of the seed report (the bundled workbook)."""
    return ld.load_example()
