"""The bundled examples: the Luzhou Statistics Bureau's 2017 report as a records workbook, and the
reports of 平潭综合实验区 for 2011–2025 as texts."""

from __future__ import annotations

import warnings
from importlib import resources
from pathlib import Path

import pandas as pd

from .errors import DisclosureWarning

EXAMPLE_FILE = "luzhou_statistics_2017.xlsx"
#: the folder (under data/) of the 平潭综合实验区 report texts, one per year, with sources.tsv
PINGTAN_FOLDER = "pingtan"
#: the names :func:`load_example` and :func:`example_path` know
EXAMPLES = ("luzhou", "pingtan")


def _check_name(name: str) -> None:
    if name not in EXAMPLES:
        raise ValueError(f"example {name!r}: the bundled examples are {', '.join(EXAMPLES)}")


def example_path(name: str = "luzhou") -> Path:
    """Path of a bundled example.

    ``"luzhou"`` (the default): the records workbook of the Luzhou Statistics Bureau's 2017 report.
    ``"pingtan"``: the folder of the 平潭综合实验区 report texts (``pingtan_2011.txt`` …
    ``pingtan_2025.txt``) and their ``sources.tsv`` (year, form, title, web page, archived copy).

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> ld.example_path().name
    'luzhou_statistics_2017.xlsx'
    >>> sorted(p.name for p in ld.example_path("pingtan").glob("*.txt"))[:2]
    ['pingtan_2011.txt', 'pingtan_2012.txt']
    """
    _check_name(name)
    folder = Path(str(resources.files("luzhou_disclosure") / "data"))
    return folder / (PINGTAN_FOLDER if name == "pingtan" else EXAMPLE_FILE)


def _load_pingtan() -> pd.DataFrame:
    from .records import concat_records
    from .text import read_report

    frames, found = [], []
    for path in sorted(example_path("pingtan").glob("*.txt")):
        records, findings = read_report(path, findings=True)
        frames.append(records)
        found.append(findings)
    n = sum(len(f) for f in found)
    if n:
        first = next(f for f in found if len(f)).iloc[0]
        warnings.warn(
            f"the reader left {n} findings in the 平潭 texts; first: {first['message']} "
            "(ld.read_reports(ld.example_path('pingtan'), findings=True) lists them)",
            DisclosureWarning,
            stacklevel=3,
        )
    return concat_records(frames)


def load_example(name: str = "luzhou") -> pd.DataFrame:
    """Records of a bundled example.

    Parameters
    ----------
    name
        ``"luzhou"`` (the default): the Luzhou Statistics Bureau's 2017 report
        (泸州市统计局2017年政府信息公开工作年度报告) as typed into a records workbook: every figure
        the report states, each with the sentence it comes from; the 2016 proactive total is derived
        from 比2016年多125条 and marked ``derived: …`` in ``source``.

        ``"pingtan"``: the annual reports of 平潭综合实验区 for 2011–2025 (eleven years: narrative
        reports to 2018, the 2019 table form in 2019–2020, the 2021 form from 2021) as published
        texts, read by :func:`~luzhou_disclosure.read_report` and concatenated. These are the
        reader's output, not hand-typed records: what the reader cannot (yet) read in a text is
        missing, and what it misreads is there as read. ``notebooks/pingtan.ipynb`` sets them
        against the figures pinned by hand and says which is which. The texts are in
        ``example_path("pingtan")``; a :class:`~luzhou_disclosure.errors.DisclosureWarning` says
        how many findings the reader left.

    Raises
    ------
    ValueError
        For a name that is not one of the bundled examples.

    Examples
    --------
    >>> import luzhou_disclosure as ld
    >>> records = ld.load_example()
    >>> sorted(records["year"].unique().tolist())
    [2016, 2017]
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     pingtan = ld.load_example("pingtan")
    >>> sorted(pingtan["year"].unique().tolist())
    [2011, 2012, 2015, 2016, 2018, 2019, 2020, 2021, 2022, 2024, 2025]
    """
    if name == "pingtan":
        return _load_pingtan()
    _check_name(name)
    from .workbook import read_records

    return read_records(example_path())
