"""LibreOffice conversions: the one place that starts LibreOffice.

Reading: Word 97 (``.doc``), Kingsoft WPS (``.wps``), RTF and OpenDocument files are converted to
``.docx`` (:func:`to_docx`), which :mod:`._docx` reads; every place still names the original file.
Writing: :func:`to_pdf` prints a ``.docx`` that :func:`luzhou_disclosure.write_report` wrote as a
PDF, with the CJK font installed with the package made visible to LibreOffice (through a
fontconfig file of its own), so that the Chinese text of the PDF is drawn and can be read back.

Each conversion starts its own LibreOffice with a fresh profile in a temporary folder (so it never
meets a running LibreOffice or a user's settings) and is stopped after :data:`TIMEOUT` seconds.
Its failures are :class:`~luzhou_disclosure.errors.InputFileError` naming the file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import InputFileError
from ._sources import Document

#: seconds one conversion may take (LibreOffice's start-up is most of it, ~2 s)
TIMEOUT = float(os.environ.get("LUZHOU_DISCLOSURE_SOFFICE_TIMEOUT", "120"))

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def soffice() -> str | None:
    """The LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_converted(path: Path) -> Document:
    """A ``.doc``/``.wps``/``.rtf``/``.odt`` file read through its ``.docx`` conversion."""
    from ._docx import read_docx

    with tempfile.TemporaryDirectory(prefix="luzhou-soffice-") as tmp:
        docx = to_docx(path, Path(tmp))
        return read_docx(docx, path.name)


def to_docx(path: Path, workdir: Path) -> Path:
    """Convert ``path`` to ``.docx`` in ``workdir`` with LibreOffice; return the new file."""
    is_wps = path.suffix.lower() == ".wps"
    # The copy's suffix follows the content, so that LibreOffice picks the right import filter
    # (a Kingsoft .wps holds a Word 97 document; under its own suffix LibreOffice may take it for
    # a Microsoft Works file).
    head = path.read_bytes()[:8]
    suffix = ".doc" if head.startswith(_OLE) else path.suffix.lower() or ".doc"
    if suffix == ".wps":
        suffix = ".doc"

    def failed(status: int, said: str) -> str:
        if is_wps:
            return (
                "LibreOffice cannot open this WPS file; open it in WPS Office and save it as "
                f".docx (文件 → 另存为 → Word 文件), then read that (LibreOffice said: {said})"
            )
        return (
            f"LibreOffice could not convert it to .docx (exit status {status}; it said: {said}); "
            "the file may be damaged or password-protected. Open it in Word or WPS and save it "
            "as .docx"
        )

    return convert(
        path,
        workdir,
        suffix=suffix,
        target="docx:MS Word 2007 XML",
        missing="reading Word 97/WPS/RTF/ODT files needs LibreOffice, which is not installed "
        "(Debian: apt-get install libreoffice-writer-nogui); or save the file as .docx",
        failed=failed,
        instead="or save the file as .docx",
    )


def to_pdf(path: Path, workdir: Path) -> Path:
    """Print the ``.docx`` file ``path`` as a PDF in ``workdir`` with LibreOffice; return it.

    LibreOffice sees the Noto Sans CJK font installed with the package (besides the fonts fontconfig
    finds already): without a CJK font it writes a PDF whose Chinese text cannot be read back.
    """
    from .._fonts import packaged_font_path

    font = packaged_font_path()
    env = None
    if font is not None:
        base = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
        conf = workdir / "fonts.conf"
        conf.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            f'  <include ignore_missing="yes">{escape(base)}</include>\n'
            f"  <dir>{escape(str(Path(font).parent))}</dir>\n"
            f"  <cachedir>{escape(str(workdir / 'fontcache'))}</cachedir>\n</fontconfig>\n",
            encoding="utf-8",
        )
        env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    return convert(
        path,
        workdir,
        suffix=".docx",
        target="pdf:writer_pdf_Export",
        missing="writing a PDF needs LibreOffice, which is not installed (Debian: apt-get "
        "install libreoffice-writer-nogui); or open the .docx in Word or WPS and save it as PDF",
        failed=lambda status, said: (
            f"LibreOffice could not convert it to PDF (exit status {status}; it said: {said}); "
            "open the .docx in Word or WPS and save it as PDF"
        ),
        instead="or open the .docx in Word or WPS and save it as PDF",
        env=env,
    )


def convert(
    path: Path,
    workdir: Path,
    *,
    suffix: str,
    target: str,
    missing: str,
    failed: Callable[[int, str], str],
    instead: str,
    env: dict[str, str] | None = None,
) -> Path:
    """Convert ``path`` with LibreOffice's ``--convert-to target`` and return the new file in
    ``workdir``. The file is copied into ``workdir`` as ``report{suffix}`` (LibreOffice picks its
    import filter by the suffix). Errors name ``path``: ``missing`` when LibreOffice is not
    installed, ``failed(exit status, what LibreOffice said)`` when it fails, and a timeout ends
    with what to do ``instead``."""
    exe = soffice()
    if exe is None:
        raise InputFileError(path, missing)
    src = workdir / f"report{suffix}"
    shutil.copyfile(path, src)
    out = workdir / "out"
    profile = workdir / "profile"
    cmd = [
        exe,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(out),
        str(src),
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
    )
    kind = target.split(":", 1)[0]
    try:
        output, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop(proc)
        raise InputFileError(
            path,
            f"LibreOffice did not finish converting it to .{kind} within {TIMEOUT:g} s "
            f"(set LUZHOU_DISCLOSURE_SOFFICE_TIMEOUT for more); {instead}",
        ) from None
    result = out / f"report.{kind}"
    if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        said = " ".join(
            line.strip()
            for line in output.decode("utf-8", "replace").splitlines()
            if line.strip() and "javaldx" not in line  # a start-up warning of every headless run
        )[-300:]
        raise InputFileError(path, failed(proc.returncode, said or "nothing"))
    return result


def _stop(proc: subprocess.Popen) -> None:
    """Stop the LibreOffice started for one conversion, and what it started."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # pragma: no cover - already gone
        pass
    proc.wait()
