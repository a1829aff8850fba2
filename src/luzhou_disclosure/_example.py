"""The bundled example: the Luzhou Statistics Bureau's 2017 report as a records workbook."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

EXAMPLE_FILE = "luzhou_statistics_2017.xlsx"


def example_path() -> Path:
    """Path of the bundled records workbook of the Luzhou Statistics Bureau's 2017 report."""
    return Path(str(resources.files("luzhou_disclosure") / "data" / EXAMPLE_FILE))


def load_example() -> pd.DataFrame:
    """Records of the Luzhou Statistics Bureau's 2017 report (泸州市统计局2017年政府信息公开工作年度报告).

    Every figure the report states, each with the sentence it comes from; the 2016 proactive total
    is derived from 比2016年多125条 and marked ``derived: …`` in ``source``.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> records = ld.load_example()
    >>> sorted(records["year"].unique().tolist())
    [2016, 2017]
    """
    from .workbook import read_records

    return read_records(example_path())
