"""Which files read_report reads, and the clear errors for those it cannot: a scanned PDF, an
encrypted or damaged file, a WPS file LibreOffice cannot open, a spreadsheet or an archive given as
a report. read_reports over a folder of mixed files; the command line's list of suffixes.
"""

from __future__ import annotations

import shutil
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import luzhou_disclosure as ld
from luzhou_disclosure import cli
from luzhou_disclosure.errors import DisclosureWarning, InputFileError
from luzhou_disclosure.readers import _convert
from luzhou_disclosure.readers._sources import REPORT_KINDS, REPORT_SUFFIXES
from test_published_word import fill_template

DATA = Path(__file__).parent / "data" / "published"
HONGZE = DATA / "hongze_2023.pdf"


def scanned(path: Path, pages: int = 2) -> Path:
    """An image-only PDF: pages of the 2023 report as pictures, no text layer."""
    import pdfplumber

    with pdfplumber.open(HONGZE) as pdf:
        images = [p.to_image(resolution=30).original.convert("RGB") for p in pdf.pages[:pages]]
    images[0].save(path, save_all=True, append_images=images[1:])
    return path


def test_a_scanned_pdf_is_an_error_saying_so(tmp_path):
    path = scanned(tmp_path / "扫描件.pdf")
    with pytest.raises(
        InputFileError, match=r"扫描件\.pdf: is a scanned PDF: its 2 page\(s\) are images"
    ):
        ld.read_report(path)


@pytest.mark.slow
def test_an_image_only_page_in_a_pdf_with_text_is_a_finding(tmp_path, soffice):
    from docx import Document

    src = fill_template(tmp_path / "with_scan.docx")
    picture = tmp_path / "page.png"
    import pdfplumber

    with pdfplumber.open(HONGZE) as pdf:
        pdf.pages[4].to_image(resolution=30).original.save(picture)
    d = Document(str(src))
    d.add_page_break()
    d.add_picture(str(picture))
    d.save(str(src))
    path = soffice(src, "pdf")
    with pdfplumber.open(path) as pdf:
        last = len(pdf.pages)
        assert not pdf.pages[-1].chars and pdf.pages[-1].images
    records, found = ld.read_report(path, findings=True)
    page = found[found["rule"] == "unreadable_page"]
    assert page["sources"].tolist() == [f"with_scan.pdf:page {last}"]
    assert page[["agency", "year"]].values.tolist() == [["泸州市某局", 2023]]
    assert "image without a text layer" in page["message"].iloc[0]
    assert len(records) > 200  # the pages with text are read


@pytest.mark.slow
def test_an_encrypted_pdf_is_an_error_naming_the_file(tmp_path, soffice):
    src = fill_template(tmp_path / "locked.docx")
    options = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    path = soffice(src, options)
    with pytest.raises(
        InputFileError, match=r"locked\.pdf: is an encrypted \(password-protected\) PDF"
    ):
        ld.read_report(path)


def test_damaged_files_are_errors_naming_the_file(tmp_path):
    raw = HONGZE.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(raw[: len(raw) // 3])
    with pytest.raises(InputFileError, match=r"cut\.pdf: cannot be read as a PDF .*damaged"):
        ld.read_report(cut)
    docx = tmp_path / "cut.docx"
    docx.write_bytes((DATA / "template_2021_blank.docx").read_bytes()[:5000])
    with pytest.raises(InputFileError, match=r"cut\.docx: is a damaged ZIP/Office file"):
        ld.read_report(docx)
    bad_xml = tmp_path / "bad.docx"
    with (
        zipfile.ZipFile(DATA / "template_2021_blank.docx") as src,
        zipfile.ZipFile(bad_xml, "w") as out,
    ):
        for item in src.infolist():
            data = src.read(item)
            out.writestr(item, data[:200] if item.filename == "word/document.xml" else data)
    with pytest.raises(InputFileError, match=r"bad\.docx: cannot be read as a Word \.docx file"):
        ld.read_report(bad_xml)
    not_pdf = tmp_path / "report.pdf"
    not_pdf.write_bytes(b"\x00\x01binary" * 100)
    with pytest.raises(InputFileError, match=r"report\.pdf: is not a PDF file"):
        ld.read_report(not_pdf)


@pytest.mark.slow
def test_a_wps_file_libreoffice_cannot_open_says_to_save_it_as_docx(tmp_path, soffice):
    doc = soffice(fill_template(tmp_path / "r.docx"), "doc")
    raw = bytearray(doc.read_bytes())
    raw[512:] = bytes(len(raw) - 512)  # the OLE header kept, everything after it gone
    wps = tmp_path / "年报.wps"
    wps.write_bytes(bytes(raw))
    with pytest.raises(
        InputFileError,
        match=r"年报\.wps: LibreOffice cannot open this WPS file; .*save it as\s+\.docx",
    ):
        ld.read_report(wps)


def test_without_libreoffice_a_doc_is_an_error_saying_what_to_do(tmp_path, monkeypatch):
    doc = tmp_path / "r.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    monkeypatch.setattr(_convert, "soffice", lambda: None)
    with pytest.raises(
        InputFileError, match=r"r\.doc: reading Word 97/WPS/RTF/ODT files needs LibreOffice"
    ):
        ld.read_report(doc)


def test_a_conversion_that_takes_too_long_is_stopped(tmp_path, monkeypatch, soffice):
    doc = soffice(fill_template(tmp_path / "slow.docx"), "doc")
    monkeypatch.setattr(_convert, "TIMEOUT", 0.05)
    with pytest.raises(
        InputFileError, match=r"slow\.doc: LibreOffice did not finish .* within 0\.05 s"
    ):
        ld.read_report(doc)


@pytest.mark.parametrize(
    "make, problem",
    [
        (lambda p: ld.write_form(_form_records(), p), "is a spreadsheet workbook, not a report"),
        (
            lambda p: zipfile.ZipFile(p, "w").writestr("a.txt", "x"),
            "is a ZIP archive, not a report",
        ),
    ],
)
def test_files_that_are_no_report_are_errors(tmp_path, make, problem):
    path = tmp_path / "given.docx"
    make(path)
    with pytest.raises(InputFileError, match=f"given.docx: {problem}"):
        ld.read_report(path)


def _form_records() -> pd.DataFrame:
    return ld.make_records(
        [
            {
                "agency": "甲局",
                "year": 2021,
                "form": "2021",
                "section": "reconsideration",
                "item": "行政复议",
                "field": "结果维持",
                "measure": "count",
                "count": 1,
            }
        ]
    )


def test_a_password_protected_office_file_is_an_error_saying_so(tmp_path):
    """Word and WPS save a .docx with a password as an OLE container whose directory holds the
    streams EncryptionInfo and EncryptedPackage; the file is made here with that header and
    directory (its content does not matter: nothing can be read without the password)."""
    entries = b""
    for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage"):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entries += raw.ljust(64, b"\x00") + len(raw).to_bytes(2, "little") + bytes(62)
    path = tmp_path / "加密.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + entries.ljust(512, b"\x00"))
    with pytest.raises(
        InputFileError, match=r"加密\.docx: is an encrypted \(password-protected\) Office file"
    ):
        ld.read_report(path)


def test_binary_data_as_a_text_is_an_error(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputFileError, match=r"r\.txt: is not a report: binary data"):
        ld.read_report(path)


# --- many files ---------------------------------------------------------------------------------


def test_read_reports_reads_every_kind_in_a_folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copyfile(HONGZE, folder / "a_2023.pdf")
    fill_template(folder / "b.docx")
    (folder / "c.txt").write_text(
        "某县统计局2018年政府信息公开工作年度报告\n全年共收到政府信息公开申请12件。",
        encoding="utf-8",
    )
    scanned(folder / "d_scan.pdf", pages=1)
    shutil.copyfile(HONGZE, folder / "~$lock.pdf")  # a lock file Word or WPS leaves: not read
    ld.write_form(_form_records(), folder / "form.xlsx")  # not a report suffix: not read
    seen = []
    with pytest.warns(DisclosureWarning, match=r"1 of 4 reports could not be read"):
        records, found = ld.read_reports(
            folder, findings=True, progress=lambda n, total, path: seen.append(Path(path).name)
        )
    assert seen == ["a_2023.pdf", "b.docx", "c.txt", "d_scan.pdf"]
    assert records["agency"].unique().tolist() == [
        "洪泽区人民政府",
        "泸州市某局",
        "某县统计局",
    ]  # file order
    bad = found[found["rule"] == "unreadable_report"]
    assert bad["sources"].map(lambda s: Path(s).name).tolist() == ["d_scan.pdf"]
    assert "scanned PDF" in bad["message"].iloc[0]


def test_the_suffixes_have_one_home():
    assert REPORT_SUFFIXES == tuple(s for kind in REPORT_KINDS.values() for s in kind)
    for suffix in (".pdf", ".docx", ".doc", ".wps", ".html", ".htm", ".txt"):
        assert suffix in REPORT_SUFFIXES
    assert cli.TEXT_SUFFIXES is REPORT_SUFFIXES
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        records = cli.read_input(HONGZE)
    assert set(records["year"]) == {2023}
