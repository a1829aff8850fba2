"""The package's errors and warnings, in one place.

Every error names where the problem is (file, sheet and cell, or the line of a text), the value
found and what was expected, so that a user can fix the input in one pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd


class DisclosureError(Exception):
    """Base class of every error raised by luzhou_disclosure."""


class InputFileError(DisclosureError):
    """A file cannot be read at all: missing, not a spreadsheet, encrypted, truncated or corrupt."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class OutputFileError(DisclosureError, OSError):
    """A file cannot be written: a folder that does not exist or is read-only, an output folder
    that is a file. Also an ``OSError``. Attributes ``path`` and ``problem``."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class WorkbookTooLargeError(InputFileError):
    """A workbook beyond the limits of what is read (README: Limits): too large a file, a part
    of its archive too large uncompressed, or a sheet whose used range spans too many cells.

    ``sheet`` names the sheet when one is too large (else ``None``).
    """

    def __init__(self, path: object, problem: str, *, sheet: str | None = None) -> None:
        self.sheet = sheet
        super().__init__(path, problem)


class CellError(DisclosureError):
    """A cell of a workbook holds a value that cannot be interpreted.

    Attributes ``path``, ``sheet``, ``cell`` (an A1 reference), ``value`` and ``expected`` say
    where and what.
    """

    def __init__(
        self,
        path: object,
        sheet: str,
        cell: str,
        value: object,
        expected: str,
        column: str | None = None,
    ) -> None:
        self.path = str(path)
        self.sheet = sheet
        self.cell = cell
        self.value = value
        self.expected = expected
        self.column = column
        where = f"{self.path}, sheet {sheet!r}, cell {cell}"
        if column:
            where += f" (column {column!r})"
        super().__init__(f"{where}: cannot interpret {value!r}; expected {expected}")


class ReportTextError(DisclosureError):
    """A report text cannot be read (for example it names neither agency nor year)."""


class ScannedReportError(InputFileError):
    """A report that is pictures only: a scanned PDF whose pages are images without a text layer."""


class FetchError(DisclosureError):
    """A report at a URL cannot be had, or the page holds no report that can be read.

    ``url`` is the page asked for, ``kind`` names the failure, ``status`` is the HTTP status of
    an ``http_status`` failure (else None):

    - ``bad_url``: not an ``http://`` or ``https://`` URL;
    - ``http_status``: the server answered with an error status (404, 500, …);
    - ``timeout``: no answer within the timeout, after every retry;
    - ``connection``: the server could not be reached (no such host, connection refused, reset);
    - ``too_large``: the download is larger than the size limit;
    - ``picture_only``: the report is pictures (an image, a page showing only images, a scanned
      PDF): run OCR first;
    - ``not_a_report``: the page states no figures and links no attachment naming the report
      (the message lists the links seen);
    - ``unreadable``: the page or attachment was downloaded but cannot be read (a damaged file).
    """

    def __init__(self, url: str, kind: str, problem: str, *, status: int | None = None) -> None:
        self.url = url
        self.kind = kind
        self.problem = problem
        self.status = status
        super().__init__(f"{url}: {problem}")


class UnknownLabelError(DisclosureError, ValueError):
    """A code or label that the vocabulary does not know, where a known one is required.

    Raised by an analysis asked for a section, measure, form or applicant outside the vocabulary
    (it is a ``ValueError`` too), and by :func:`~luzhou_disclosure.read_records` for every cell of a
    records file that holds one: then ``failure_cases`` is a tidy DataFrame with one row per bad
    cell, columns ``where`` (``sheet!cell`` of a workbook, ``cell`` of a CSV file, ``row`` of a
    Parquet file), ``column``, ``value``, ``expected`` (the allowed values) and ``closest`` (the
    allowed value most like it, or NA).
    """

    def __init__(self, message: str, failure_cases: pd.DataFrame | None = None) -> None:
        self.failure_cases = failure_cases
        super().__init__(message)


class SchemaError(DisclosureError):
    """Records break the records model; ``failure_cases`` is a tidy DataFrame of every problem.

    Columns of ``failure_cases``: ``check`` (what was checked), ``column``, ``row`` (index label
    of the offending record, or NA for whole-table problems), ``value`` and ``message``.
    """

    def __init__(self, failure_cases: pd.DataFrame) -> None:
        self.failure_cases = failure_cases
        n = len(failure_cases)
        lines = [f"{n} problem{'s' if n != 1 else ''} in records:"]
        for rec in failure_cases.head(20).itertuples(index=False):
            missing = (
                rec.row is None
                or rec.row is _na()
                or (isinstance(rec.row, float) and rec.row != rec.row)
            )
            row = "" if missing else f" row {rec.row}"
            lines.append(f"  - [{rec.check}] column {rec.column!r}{row}: {rec.message}")
        if n > 20:
            lines.append(f"  ... and {n - 20} more (see .failure_cases)")
        super().__init__("\n".join(lines))

    @classmethod
    def missing_columns(
        cls, columns: list[str], message: Callable[[str], str] | None = None
    ) -> SchemaError:
        """The error for ``columns`` missing from a table: one failure case each, its message
        ``message(column)`` (default: ``required column '…' is missing``).

        >>> print(SchemaError.missing_columns(["year"]))
        1 problem in records:
          - [missing column] column 'year': required column 'year' is missing
        """
        import pandas as pd

        return cls(
            pd.DataFrame(
                {
                    "check": "missing column",
                    "column": columns,
                    "row": pd.NA,
                    "value": pd.NA,
                    "message": [
                        message(c) if message else f"required column {c!r} is missing"
                        for c in columns
                    ],
                }
            )
        )


class RecordsFileError(CellError, SchemaError):
    """A records file holds cells that cannot be read or that break the records vocabulary.

    :func:`~luzhou_disclosure.read_records` collects every problem of a file before failing, so
    that it can be fixed in one pass: a cell that is not a number, a year or TRUE/FALSE; a code
    outside the vocabulary (主动公开x in ``section``); an item outside a closed list; a required
    cell left blank. The message lists every bad cell. ``failure_cases`` has one row per bad cell:
    ``check``, ``column``, ``row`` (position of the record), ``value``, ``message``, ``sheet``,
    ``cell`` (A1 reference; ``row N`` in a Parquet file), ``expected`` (the allowed values) and
    ``closest`` (the allowed value most like it, or NA). As a :class:`CellError` its ``sheet``,
    ``cell``, ``value``, ``expected`` and ``column`` are those of the first bad cell.
    """

    def __init__(self, path: object, failure_cases: pd.DataFrame) -> None:
        first = failure_cases.iloc[0]
        self.path = str(path)
        self.sheet = first["sheet"]
        self.cell = first["cell"]
        self.value = first["value"]
        self.expected = first["expected"]
        self.column = first["column"]
        self.failure_cases = failure_cases
        n = len(failure_cases)
        where = self.path + (f", sheet {self.sheet!r}" if isinstance(self.sheet, str) else "")
        lines = [f"{where}: {n} cell{'s' if n != 1 else ''} to fix (docs/records.md):"]
        groups: dict[tuple[str, str, str], list[str]] = {}
        for rec in failure_cases.itertuples(index=False):
            groups.setdefault((rec.column, repr(rec.value), rec.message), []).append(rec.cell)
        for (column, _, message), cells in groups.items():
            label = "cell" if len(cells) == 1 else "cells"
            lines.append(f"  {label} {', '.join(cells)} (column {column!r}): {message}")
        DisclosureError.__init__(self, "\n".join(lines))


class CheckError(DisclosureError):
    """Records break a rule of :func:`~luzhou_disclosure.check` (a finding of severity ``error``)
    where a writer requires that they hold, for example :func:`~luzhou_disclosure.write_report`
    without ``force=True``.

    ``findings`` is the findings table of the checks that failed (errors and warnings); the
    message lists the errors, each with the sources of its figures.
    """

    def __init__(self, message: str, findings: pd.DataFrame) -> None:
        self.findings = findings
        errors = findings[findings["severity"] == "error"]
        lines = [message + ":"]
        for rec in errors.head(20).itertuples(index=False):
            where = f" ({rec.sources})" if isinstance(rec.sources, str) and rec.sources else ""
            lines.append(f"  {rec.rule}: {rec.message}{where}")
        if len(errors) > 20:
            lines.append(f"  ... and {len(errors) - 20} more (see .findings)")
        super().__init__("\n".join(lines))


def _na() -> object:
    import pandas as pd

    return pd.NA


class DatasetError(DisclosureError, ValueError):
    """A Parquet dataset cannot be analysed piece by piece as asked: its partitioning does not hold
    together what the analysis needs (an agency under two provinces, no year partitions for peers),
    or the folder is not such a dataset."""


class DisclosureWarning(UserWarning):
    """Something was read or computed with a caveat the user should see."""
