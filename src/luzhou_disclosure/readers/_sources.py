"""What a report file becomes before it is interpreted: prose lines and table grids, each with its
place.

Reports are published as PDF files, Word/WPS documents, web pages and plain texts. Whatever the
file, its reader (one per kind) turns it into a :class:`Document`:

- **prose**: a :class:`~._text_source.Text` whose lines are the report's paragraphs, each span of
  which names its place in the file (``FILE:LINE:START-END`` in a text or web page,
  ``FILE:page 2:line 7「…」`` in a PDF, ``FILE:paragraph 12「…」`` in a Word file);
- **grids**: each table as rows of cell texts, a merged cell's text in its top-left grid cell and
  ``""`` in the others it covers (as a spreadsheet reader gives a merged range), with the place of
  every cell (``FILE:page 3:table 1:row 4:col 2``, ``FILE:table 2:row 5:col 4``,
  ``FILE:LINE:START-END``).

The grids go to the one table interpreter (:mod:`._standard`), the prose to the one prose reader
(:mod:`._text_narrative`). A plain text has no grids of its own: its standard-form tables are
flattened into its lines, and :mod:`._text_tables` rebuilds them.

The kind of a file is found from its content (:func:`sniff`: ``%PDF``, the members of a ZIP, the
OLE streams of a Word 97 file, markup), so a web page saved as ``.doc`` or a PDF saved as ``.txt``
is read for what it is; the suffix only names a kind the content leaves open.
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DisclosureWarning, InputFileError
from ._text_source import PLAUSIBLE, Text, common_share, decode, plain_text

#: The report files read_report reads, by kind, with the suffixes each is saved under. This is the
#: one list: read_reports takes these suffixes from a folder, and so does the command line.
REPORT_KINDS: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    # Word 97, Kingsoft WPS, Rich Text and OpenDocument, converted to .docx by LibreOffice
    "doc": (".doc", ".wps", ".rtf", ".odt"),
    "html": (".html", ".htm", ".shtml"),
    "text": (".txt", ".text"),
}
REPORT_SUFFIXES: tuple[str, ...] = tuple(s for kind in REPORT_KINDS.values() for s in kind)


@dataclass
class Grid:
    """A table: rows of cell texts and, cell by cell, where each stands in the source."""

    cells: list[list[str]]
    refs: list[list[str]]


@dataclass
class Document:
    """A report file as prose and table grids (``grids`` is None for a plain text: its tables are
    flattened into its lines); ``findings`` holds what the source reader could not read."""

    name: str
    prose: Text
    grids: list[Grid] | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_HINT = re.compile(r"<\s*(table|html|body|p|div|br|tr|td|head|meta)\b", re.IGNORECASE)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(path: Path, raw: bytes) -> str:
    """The kind of a report file from its bytes: ``pdf``, ``docx``, ``doc``, ``html`` or ``text``.

    Raises :class:`InputFileError` for a file that is no report (a spreadsheet, an archive, an
    encrypted Office file, binary data).
    """
    head = raw[:1024]
    suffix = path.suffix.lower()
    if b"%PDF-" in head:
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return _zip_kind(path, raw)
    if raw.startswith(_OLE):
        if _utf16("EncryptedPackage") in raw or _utf16("EncryptionInfo") in raw:
            raise InputFileError(
                path,
                "is an encrypted (password-protected) Office file; open it, remove the password "
                "(File → Info → Protect document) and save it as .docx",
            )
        if _utf16("WordDocument") in raw:
            return "doc"
        if _utf16("Workbook") in raw or _utf16("Book") in raw:
            raise InputFileError(
                path,
                "is an Excel workbook, not a report text; read it with read_form or read_excel",
            )
        return "doc"  # an older WPS or Works file: LibreOffice may still open it
    if raw.lstrip().startswith(b"{\\rtf"):
        return "doc"  # Rich Text, often saved as .doc: LibreOffice converts it
    if suffix in REPORT_KINDS["pdf"] + REPORT_KINDS["docx"] + REPORT_KINDS["doc"]:
        text = decode(raw[:65536])
        if text is None or not _HTML_HINT.search(text):
            raise InputFileError(
                path,
                f"is not a {suffix[1:].upper()} file (it starts with {raw[:16]!r}); "
                "the file may be damaged or incompletely downloaded",
            )
        return "html"  # a web page saved as .doc, as many sites offer
    text = decode(raw[:65536])
    if text is None:
        raise InputFileError(
            path,
            f"is not a report: binary data of unknown kind (it starts with {raw[:16]!r}); "
            f"expected one of {', '.join(REPORT_SUFFIXES)}",
        )
    return "html" if _HTML_HINT.search(text) else "text"


def _zip_kind(path: Path, raw: bytes) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputFileError(
            path, f"is a damaged ZIP/Office file ({exc}); download or save it again"
        ) from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names or "spreadsheet" in mimetype:
        raise InputFileError(
            path,
            "is a spreadsheet workbook, not a report text; read it with read_form or read_excel",
        )
    if "opendocument.text" in mimetype:
        return "doc"  # an OpenDocument text: LibreOffice converts it like a .doc
    raise InputFileError(
        path, "is a ZIP archive, not a report; unpack it and read the reports inside"
    )


#: characters after or before which a line break is no space: CJK characters and punctuation
CJK_OR_PUNCT = re.compile(r"[\u2014-\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def join_lines(parts: list[str]) -> str:
    """Lines of one paragraph or cell as one string: stripped, joined without a space where either
    side is a CJK character or punctuation (a label wrapped over lines, a heading written one
    character per line), with one space between other words.

    >>> (join_lines(["三", "、", "本年度", "办理结果"]),
    ...  join_lines(["hz@126.com", "or", "结果", "维持"]))
    ('三、本年度办理结果', 'hz@126.com or结果维持')
    """
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not (CJK_OR_PUNCT.match(out[-1]) or CJK_OR_PUNCT.match(part[0])):
            out += " "
        out += part
    return out


def looks_like_path(text: str) -> bool:
    """Whether a string passed as a report names a file rather than holding the text."""
    return text.lower().endswith(REPORT_SUFFIXES) or os.path.isfile(text)


def load_document(source: str | os.PathLike[str]) -> Document:
    """Read ``source`` (a path to a report file, or the text of a report) into a
    :class:`Document`."""
    if isinstance(source, os.PathLike) or (
        isinstance(source, str)
        and "\n" not in source
        and len(source) < 1024
        and looks_like_path(source)
    ):
        path = Path(source)
        if not path.is_file():
            raise InputFileError(
                path, "no such file; pass a path to a report file, or the text itself"
            )
        return read_file(path)
    if not isinstance(source, str):
        raise TypeError(f"source must be a path or a string, not {type(source).__name__}")
    if _HTML_HINT.search(source):
        from ._html import read_html

        return read_html("<text>", source)
    return Document("<text>", plain_text("<text>", source))


def read_file(path: Path, *, charset: str | None = None) -> Document:
    """A report file by the kind its content shows; ``charset`` is the one a web server declared
    for it (see :func:`~._text_source.decode`)."""
    raw = path.read_bytes()
    kind = sniff(path, raw)
    if kind == "pdf":
        from ._pdf import read_pdf

        return read_pdf(path)
    if kind == "docx":
        from ._docx import read_docx

        return read_docx(path, path.name)
    if kind == "doc":
        from ._convert import read_converted

        return read_converted(path)
    content = decode(raw, charset)
    if content is None:  # pragma: no cover - sniff sends binary files elsewhere
        raise InputFileError(path, "not a text file")
    share, wide = common_share(content)
    if wide >= 20 and share < PLAUSIBLE:
        warnings.warn(
            f"{path}: only {share:.0%} of its {wide} Chinese characters are common ones: the file "
            "seems to be in an encoding other than UTF-8, GB18030 or Big5, and reads as "
            "garbled text (mojibake); save it as UTF-8 and read it again",
            DisclosureWarning,
            stacklevel=4,
        )
    if kind == "html":
        from ._html import read_html

        return read_html(path.name, content)
    return Document(path.name, plain_text(path.name, content))
