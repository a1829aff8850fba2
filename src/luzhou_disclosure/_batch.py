"""One convention for the readers of many files (``read_forms``, ``read_reports``).

A file that cannot be read never stops the batch, whatever goes wrong while reading it (an error of
the library, an ``OverflowError``, a worker process that is killed): it is listed in
``records.attrs["failures"]`` (dicts with keys ``file`` and ``error``, and ``kind`` for a URL;
``pd.DataFrame(records.attrs["failures"])`` makes a table) and one
:class:`~luzhou_disclosure.errors.DisclosureWarning` says how many failed and why the first did.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import DisclosureError, DisclosureWarning, InputFileError

#: why a file failed when the worker process reading it stopped, twice
WORKER_STOPPED = (
    "the worker process reading it stopped (killed, or crashed), and again when it was read "
    "alone; read it with jobs=1 to see why"
)


#: a batch of at least this many files shows a progress bar by default (in a terminal or notebook)
PROGRESS_FROM = 20


def interactive() -> bool:
    """Whether someone watches standard error: a notebook kernel, or a terminal."""
    if "ipykernel" in sys.modules:
        return True
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


class Progress:
    """The one progress indicator of the batch readers (``read_forms``, ``read_reports``).

    ``progress`` is what the reader was given: ``True`` draws a one-line bar on standard error
    (``\\r`` updates work in terminals and notebooks), ``False`` draws none, ``None`` draws one for
    :data:`PROGRESS_FROM` files or more when :func:`interactive`; a callable is called as
    ``progress(done, total, path)`` after each file instead. ``what`` names the files in the bar.

    >>> seen = []
    >>> bar = Progress(lambda done, total, path: seen.append((done, total, path)), 2, what="forms")
    >>> bar.step(path="a.xlsx"); bar.step(path="b.xlsx"); seen
    [(1, 2, 'a.xlsx'), (2, 2, 'b.xlsx')]
    """

    def __init__(self, progress: Any, total: int, *, what: str, width: int = 30) -> None:
        self.total, self.what, self.width, self.done = total, what, width, 0
        self.call = progress if callable(progress) else None
        if progress is None:
            self.show = total >= PROGRESS_FROM and interactive()
        else:
            self.show = self.call is None and bool(progress)
        self.start = self.last = time.monotonic()

    def step(self, n: int = 1, path: object = "") -> None:
        """``n`` more files read, the last of them ``path``."""
        self.done += n
        if self.call is not None:
            self.call(self.done, self.total, str(path))
            return
        now = time.monotonic()
        if self.show and (now - self.last >= 0.1 or self.done >= self.total):
            self.last = now
            self._draw(Path(str(path)).name[-30:] if path else "")

    def _draw(self, name: str) -> None:
        filled = self.width * self.done // max(self.total, 1)
        rate = self.done / max(time.monotonic() - self.start, 1e-9)
        sys.stderr.write(
            f"\rreading {self.what} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done}/{self.total} ({rate:.0f}/s) {name:<30}"
        )
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def problem(error: object) -> str:
    """What went wrong, in words: the problem of an :class:`InputFileError` (the file is named
    beside it), the message of another error of the library, the type and message of anything
    else (``OverflowError: …``)."""
    if isinstance(error, InputFileError):
        return error.problem
    if isinstance(error, DisclosureError) or not isinstance(error, BaseException):
        return str(error)
    return f"{type(error).__name__}: {error}"


def failure(file: object, error: object) -> dict[str, str]:
    """One failed file, as ``attrs["failures"]`` lists it (with the ``kind`` of failure when the
    error names one, as a :class:`~luzhou_disclosure.errors.FetchError` does)."""
    out = {"file": str(file), "error": problem(error)}
    kind = getattr(error, "kind", None)
    if isinstance(kind, str):
        out["kind"] = kind
    return out


def report_failures(
    records: pd.DataFrame, failures: list[dict[str, Any]], total: int, *, what: str = "files"
) -> pd.DataFrame:
    """Put ``failures`` in ``records.attrs["failures"]`` and warn when there are any; returns
    ``records``.

    ``what`` names the files in the warning (``files``, ``reports``); the warning points at the
    caller of the reader.
    """
    records.attrs["failures"] = failures
    if failures:
        first = failures[0]
        warnings.warn(
            f"{len(failures)} of {total} {what} could not be read (first: {first['file']}: "
            f"{first['error']}); see records.attrs['failures']",
            DisclosureWarning,
            stacklevel=3,
        )
    return records


def read_in_workers(
    read_chunk: Callable[[list[str]], list[tuple]],
    paths: Sequence[str],
    *,
    workers: int,
    size: int,
    step: Callable[[int], None] | None = None,
) -> list[tuple]:
    """``read_chunk`` over chunks of ``size`` paths in ``workers`` processes; its results (tuples
    whose first item is the path, the third the error) in the order of ``paths``.

    A worker that stops (killed, out of memory, a crash in compiled code) breaks the pool and loses
    the chunks it and the other workers were reading; their files are read again one at a time in
    one worker, so that a file that stops its worker costs only itself: it is read once more, and
    if it stops its worker again it is a failure (:data:`WORKER_STOPPED`). An exception raised
    outside ``read_chunk``'s own handling (its results cannot be sent back) is the failure of
    those files.
    """
    results: dict[str, tuple] = {}
    again: list[str] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunks = {
            pool.submit(read_chunk, list(paths[i : i + size])): list(paths[i : i + size])
            for i in range(0, len(paths), size)
        }
        for future in as_completed(chunks):
            try:
                done = future.result()
            except BrokenProcessPool:
                again += chunks[future]
                continue
            except Exception as exc:  # the chunk's results could not be sent back
                done = [(p, None, problem(exc)) for p in chunks[future]]
            for res in done:
                results[res[0]] = res
            if step:
                step(len(done))
    stopped: set[str] = set()
    while again:
        again = _one_at_a_time(read_chunk, again, results, stopped, step)
    return [results[p] for p in paths]


def _one_at_a_time(
    read_chunk: Callable[[list[str]], list[tuple]],
    paths: list[str],
    results: dict[str, tuple],
    stopped: set[str],
    step: Callable[[int], None] | None,
) -> list[str]:
    """Read ``paths`` in order in one worker; return those still to read when it stops (the
    file it was reading first: a second stop of the same file makes it a failure)."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        futures = [pool.submit(read_chunk, [p]) for p in paths]
        for i, (path, future) in enumerate(zip(paths, futures, strict=True)):
            try:
                results[path] = future.result()[0]
            except BrokenProcessPool:
                if path not in stopped:
                    stopped.add(path)
                    return paths[i:]
                results[path] = (path, None, WORKER_STOPPED)
                if step:
                    step(1)
                return paths[i + 1 :]
            except Exception as exc:  # the result could not be sent back
                results[path] = (path, None, problem(exc))
            if step:
                step(1)
    return []
