"""Word 97 (``.doc``), Kingsoft WPS (``.wps``), RTF and OpenDocument files, converted to ``.docx``.

LibreOffice (``soffice``, headless) converts the file; the ``.docx`` is then read by
:mod:`._docx` and every place still names the original file. Each conversion starts its own
LibreOffice with a fresh profile in a temporary folder (so it never meets a running LibreOffice or
a user's settings) and is stopped after :data:`TIMEOUT` seconds. Its failures are
:class:`~luzhou_disclosure.errors.InputFileError` naming the file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

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
    exe = soffice()
    is_wps = path.suffix.lower() == ".wps"
    if exe is None:
        raise InputFileError(
            path,
            "reading Word 97/WPS/RTF/ODT files needs LibreOffice, which is not installed "
            "(Debian: apt-get install libreoffice-writer-nogui); or save the file as .docx",
        )
    # The copy's suffix follows the content, so that LibreOffice picks the right import filter
    # (a Kingsoft .wps holds a Word 97 document; under its own suffix LibreOffice may take it for
    # a Microsoft Works file).
    head = path.read_bytes()[:8]
    suffix = ".doc" if head.startswith(_OLE) else path.suffix.lower() or ".doc"
    if suffix == ".wps":
        suffix = ".doc"
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
        "docx:MS Word 2007 XML",
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
    )
    try:
        output, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop(proc)
        raise InputFileError(
            path,
            f"LibreOffice did not finish converting it to .docx within {TIMEOUT:g} s "
            "(set LUZHOU_DISCLOSURE_SOFFICE_TIMEOUT for more); or save the file as .docx",
        ) from None
    result = out / "report.docx"
    if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        said = " ".join(
            line.strip()
            for line in output.decode("utf-8", "replace").splitlines()
            if line.strip() and "javaldx" not in line  # a start-up warning of every headless run
        )[-300:]
        if is_wps:
            raise InputFileError(
                path,
                "LibreOffice cannot open this WPS file; open it in WPS Office and save it as "
                f".docx (文件 → 另存为 → Word 文件), then read that (LibreOffice said: {said or 'nothing'})",
            )
        raise InputFileError(
            path,
            f"LibreOffice could not convert it to .docx (exit status {proc.returncode}; "
            f"it said: {said or 'nothing'}); the file may be damaged or password-protected. "
            "Open it in Word or WPS and save it as .docx",
        )
    return result


def _stop(proc: subprocess.Popen) -> None:
    """Stop the LibreOffice started for one conversion, and what it started."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # pragma: no cover - already gone
        pass
    proc.wait()
