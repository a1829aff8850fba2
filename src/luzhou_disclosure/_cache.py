"""The download cache of :mod:`luzhou_disclosure.fetch`: files, and an index in SQLite, keyed by
URL.

A cache is a folder::

    PLACE/index.sqlite      one row per URL asked for: the final URL after redirects, the HTTP
                            status, the kind of content, the declared charset, the file
    PLACE/files/NAME        what the server sent, byte for byte

``NAME`` is ``HASH-BASENAME``: the first 12 hex digits of the SHA-256 of the URL asked for, then
the file name the server gave (the last part of the URL's path, or of a ``Content-Disposition``),
with the suffix of its content added when its own says otherwise (``content_331921.html``,
``download.jsp.pdf``). The sources of the figures read from it name it (docs/records.md).

A file is written whole or not at all (by :func:`luzhou_disclosure._atomic.atomic_write`, as every
file the library writes) before its row is committed, so a batch killed mid-download leaves no file
that the next run would take for complete, only a temporary file that the next opening of the
cache removes once it is an hour old.

The default place is :func:`default_cache_dir`.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ._atomic import atomic_write, remove_stale

#: the environment variable that moves the default cache
CACHE_ENV = "LUZHOU_DISCLOSURE_CACHE"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    url          TEXT PRIMARY KEY,
    final_url    TEXT NOT NULL,
    status       INTEGER NOT NULL,
    kind         TEXT,
    content_type TEXT,
    charset      TEXT,
    file         TEXT,
    bytes        INTEGER,
    fetched_at   TEXT NOT NULL
)
"""
_STALE = 3600  # seconds after which a temporary file is left over from a killed run


def default_cache_dir() -> Path:
    """Where downloads are cached unless told otherwise.

    The environment variable ``LUZHOU_DISCLOSURE_CACHE`` when set; else the user's cache folder:
    ``$XDG_CACHE_HOME/luzhou-disclosure`` (``~/.cache/luzhou-disclosure``) on Linux,
    ``~/Library/Caches/luzhou-disclosure`` on macOS, ``%LOCALAPPDATA%\\luzhou-disclosure\\Cache``
    on Windows.

    >>> import os
    >>> before = os.environ.get(CACHE_ENV)
    >>> os.environ[CACHE_ENV] = "/tmp/my-cache"
    >>> str(default_cache_dir())
    '/tmp/my-cache'
    >>> _ = os.environ.pop(CACHE_ENV) if before is None else os.environ.update({CACHE_ENV: before})
    """
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return (Path(base) if base else home / "AppData" / "Local") / "luzhou-disclosure" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "luzhou-disclosure"
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else home / ".cache") / "luzhou-disclosure"


def url_hash(url: str) -> str:
    """The first 12 hex digits of the SHA-256 of ``url``: the start of its file's name."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Entry:
    """What the cache holds for a URL (``file`` and ``path`` are None for an error status)."""

    url: str
    final_url: str
    status: int
    kind: str | None
    content_type: str | None
    charset: str | None
    file: str | None
    path: Path | None
    size: int | None
    fetched_at: str


class Cache:
    """The cache at ``place`` (opened by :meth:`open`, closed by :meth:`close`)."""

    def __init__(self, place: str | os.PathLike[str]) -> None:
        self.place = Path(place).expanduser()
        self.files = self.place / "files"
        self._db: sqlite3.Connection | None = None

    def open(self) -> None:
        self.files.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.place / "index.sqlite")
        with self._db:
            self._db.execute(_SCHEMA)
        remove_stale(self.files, older_than=_STALE)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def get(self, url: str) -> Entry | None:
        """The entry of ``url``, or None when it is not cached (or its file has gone)."""
        row = (
            self._conn()
            .execute(
                "SELECT url, final_url, status, kind, content_type, charset, file, bytes, "
                "fetched_at FROM responses WHERE url = ?",
                (url,),
            )
            .fetchone()
        )
        if row is None:
            return None
        entry = self._entry(*row)
        if entry.path is not None and not entry.path.is_file():
            return None
        return entry

    def put(
        self,
        url: str,
        *,
        final_url: str,
        status: int,
        kind: str | None = None,
        content_type: str | None = None,
        charset: str | None = None,
        content: bytes | None = None,
        file: str | None = None,
    ) -> Entry:
        """Record the answer for ``url``: ``content`` (what the server sent; nothing for an error
        status) is written whole to ``file``, then the row is committed."""
        size = None
        if content is not None and file is not None:
            size = len(content)
            with atomic_write(self.files / file) as tmp:
                tmp.write_bytes(content)
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        db = self._conn()
        with db:
            db.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (url, final_url, status, kind, content_type, charset, file, size, fetched_at),
            )
        return self._entry(
            url, final_url, status, kind, content_type, charset, file, size, fetched_at
        )

    def _entry(
        self,
        url: str,
        final_url: str,
        status: int,
        kind: str | None,
        content_type: str | None,
        charset: str | None,
        file: str | None,
        size: int | None,
        fetched_at: str,
    ) -> Entry:
        path = self.files / file if file else None
        return Entry(
            url, final_url, status, kind, content_type, charset, file, path, size, fetched_at
        )

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("the cache is not open")  # pragma: no cover - a defect
        return self._db
