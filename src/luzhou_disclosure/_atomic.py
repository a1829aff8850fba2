"""Writing a file all at once: every file the library writes goes through :func:`atomic_write`;
and the other helpers of output paths (:func:`output_folder`, :func:`file_stem`).

The content is written to a temporary file in the same folder, which is then renamed onto the
target (``os.replace``, atomic within one file system): whoever opens the target sees the old
file or the new one, never half of one, and two processes writing one file (two ``compare`` runs
with one ``--out``) leave one of the two files whole. A failure to write is an
:class:`~luzhou_disclosure.errors.OutputFileError` naming the file and why, and leaves no temporary
file behind. A process killed while writing leaves its temporary file (a name starting with a dot
and holding ``.tmp``); :func:`remove_stale` removes such files once they are old.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputFileError

_TMP = ".tmp"
#: the name of a temporary file of :func:`atomic_write`: .STEM.8-HEX-DIGITS.tmpSUFFIX
_TEMPORARY = re.compile(r"^\..*\.[0-9a-f]{8}" + re.escape(_TMP))


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed onto ``path`` when the block ends.

    The temporary file has the same suffix (writers that take the format from it, such as
    ``savefig``, write the same format). On an error inside the block it is removed and the error
    raised; an ``OSError`` becomes an :class:`OutputFileError` naming ``path``.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(target) as tmp:
    ...     _ = tmp.write_text("whole")
    >>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
    ('whole', ['out.txt'])
    """
    path = Path(path)
    if path.is_dir():
        raise OutputFileError(path, "is a folder; give the name of a file to write")
    tmp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}{_TMP}{path.suffix}")
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise OutputFileError(path, why(exc, path)) from None
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise OutputFileError(path, why(exc, path)) from None
    except BaseException:
        _remove(tmp)
        raise


def remove_stale(folder: str | os.PathLike[str], *, older_than: float) -> None:
    """Remove the temporary files of :func:`atomic_write` in ``folder`` that are more than
    ``older_than`` seconds old: left by a process killed while writing (a younger one may be
    another process's write in progress). Other files, and files removed meanwhile, are left be.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> left = folder / ".report.0123abcd.tmp.pdf"
    >>> _ = left.write_bytes(b"half"), (folder / "report.pdf").write_bytes(b"whole")
    >>> os.utime(left, (0, 0))  # last written in 1970
    >>> remove_stale(folder, older_than=3600)
    >>> sorted(p.name for p in folder.iterdir())
    ['report.pdf']
    """
    now = time.time()
    for path in Path(folder).iterdir():
        if not _TEMPORARY.match(path.name):
            continue
        with contextlib.suppress(OSError):  # removed meanwhile by another process
            if now - path.stat().st_mtime > older_than:
                path.unlink()


def output_folder(path: str | os.PathLike[str], *, create: bool = True) -> Path:
    """The folder ``path``, created with its parents if missing; an :class:`OutputFileError` if it
    names a file or cannot be created. ``create=False`` only checks that it could be: it is a
    folder, or the nearest folder above it that exists is one."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise OutputFileError(folder, "is a file, not a folder; name a folder for the outputs")
    if not create:
        above = next((p for p in (folder, *folder.absolute().parents) if p.exists()), None)
        if above is not None and not above.is_dir():
            raise OutputFileError(folder, f"cannot be created: {above} is a file, not a folder")
        return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFileError(folder, why(exc, folder)) from None
    return folder


def file_stem(text: object) -> str:
    """``text`` (an agency) as part of a file name: what a file system forbids, and spaces, made _.

    >>> file_stem("泸州市 统计局/办公室")
    '泸州市_统计局_办公室'
    """
    return re.sub(r'[\\/:*?"<>|\s]+', "_", str(text)).strip("_") or "agency"


def why(exc: OSError, path: Path) -> str:
    """An ``OSError`` met writing ``path``, in words."""
    if exc.errno == errno.ENOENT:
        return f"cannot be written: the folder {path.parent} does not exist"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            "cannot be written: permission denied (a folder that is read-only or not yours, or "
            "the file open in another program)"
        )
    if exc.errno == errno.ENOTDIR:
        return f"cannot be written: a part of {path.parent} is a file, not a folder"
    if exc.errno == errno.ENOSPC:
        return "cannot be written: the disk is full"
    return f"cannot be written: {exc.strerror or exc}"


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()
