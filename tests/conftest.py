"""Shared fixtures. Expected values name where they come from (the report sentence, or by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

import luzhou_disclosure as ld

ROOT = Path(__file__).resolve().parents[1]
#: shared/ lies beside the checkout (../shared), in CI as in a session
SHARED = ROOT.parent / "shared"
SEED_TEXT = SHARED / "seeds" / "000_9011374d10fa4802.txt"
REPORTS = SHARED / "reports"
if not SEED_TEXT.is_file() or len(list(REPORTS.glob("*.txt"))) < 20:
    raise RuntimeError(
        f"the tests read the seed report and the 20 development reports from {SHARED}: "
        "put a copy of shared/ beside the checkout (as CI does) and run the tests again"
    )


@pytest.fixture
def seed():
    """Records of the seed report (the bundled workbook)."""
    return ld.load_example()
