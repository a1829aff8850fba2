"""Writing a file all at once: every file the library writes goes through :func:`atomic_write`.

The content is written to a temporary file in the same folder, which is then renamed onto the
target (``os.replace``, atomic within one file system): whoever opens the target sees the old
file or the new one, never half of one, and two processes writing one file (two ``compare`` runs
with one ``--out``) leave one of the two files whole. A failure to write is an
:class:`~luzhou_disclosure.errors.OutputFileError` naming the file and why, and leaves no temporary
file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputFileError


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
    tmp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.tmp{path.suffix}")
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
