"""luzhou_disclosure: read, check, analyse and plot government information disclosure annual
reports.

>>> import luzhou_disclosure as ld
>>> ld.yoy_growth(ld.load_example(), year=2017)[["current", "previous", "change"]].iloc[0].tolist()
[811, 686, 125]
"""

from importlib.metadata import version as _version

from ._example import example_path, load_example
from ._findings import style_findings
from .analysis import category_shares, outcome_breakdown, refusal_breakdown, yoy_growth
from .audit import audit
from .card import report_card, report_cards
from .check import check
from .compare import compare, peer_summary
from .dataset import analyse_dataset, write_dataset
from .errors import (
    CellError,
    CheckError,
    DatasetError,
    DisclosureError,
    DisclosureWarning,
    FetchError,
    InputFileError,
    OutputFileError,
    RecordsFileError,
    ReportTextError,
    ScannedReportError,
    SchemaError,
    UnknownLabelError,
    WorkbookTooLargeError,
)
from .forms import read_form, read_forms, write_form
from .harmonize import harmonize
from .indicators import indicators
from .publish import read_prose, summary_paragraph, write_report
from .records import (
    COLUMNS,
    SCHEMA,
    as_records,
    concat_records,
    empty_records,
    make_records,
    validate,
)
from .structure import check_structure, missing_reports
from .text import read_report, read_reports
from .workbook import read_excel, read_records, write_excel, write_records

#: the version of the installed distribution; pyproject.toml is its only home
__version__ = _version("luzhou-disclosure")

__all__ = [
    "check",
    "check_structure",
    "read_form",
    "read_forms",
    "write_form",
    "COLUMNS",
    "SCHEMA",
    "CellError",
    "CheckError",
    "DatasetError",
    "DisclosureError",
    "DisclosureWarning",
    "FetchError",
    "InputFileError",
    "OutputFileError",
    "RecordsFileError",
    "ReportTextError",
    "ScannedReportError",
    "SchemaError",
    "UnknownLabelError",
    "WorkbookTooLargeError",
    "as_records",
    "analyse_dataset",
    "audit",
    "category_shares",
    "compare",
    "concat_records",
    "empty_records",
    "example_path",
    "harmonize",
    "indicators",
    "load_example",
    "make_records",
    "missing_reports",
    "outcome_breakdown",
    "peer_summary",
    "read_excel",
    "read_prose",
    "read_records",
    "read_report",
    "read_reports",
    "refusal_breakdown",
    "report_card",
    "report_cards",
    "style_findings",
    "summary_paragraph",
    "validate",
    "write_dataset",
    "write_excel",
    "write_records",
    "write_report",
    "yoy_growth",
]
