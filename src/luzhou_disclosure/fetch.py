"""Reports read from the web: a report page's URL to records, through a local cache.

:func:`~luzhou_disclosure.read_report` and :func:`~luzhou_disclosure.read_reports` take URLs
(``http://`` or ``https://``) as they take files; ``read_reports(urls_file="urls.txt")`` reads a
file of one URL a line (blank lines and lines starting with ``#`` left out). The command line does
the same with ``luzhou-disclosure fetch --urls urls.txt --out DIR`` and ``--urls`` of ``summary``
and ``compare``.

**How a URL is read.** What the URL serves is downloaded to the cache (or taken from it), and
then read as a file of that kind is read:

- a web page: its content area holds the report (the reader of web pages picks it:
  ``.TRS_Editor``, ``#zoom``, …), or it links the report as an attachment (``.pdf``, ``.doc``,
  ``.docx``, ``.wps``, ``.xls``, ``.xlsx``) whose link text, title or file name names the report
  (报告, 年报) or its year — a link naming only another year is not followed. Every such
  attachment is downloaded and read (PDF, Word and text by the readers of ``read_report``,
  workbooks by :func:`~luzhou_disclosure.read_form`), together with the page's own figures when the
  page states the report too. A figure two of them state alike is kept once (a finding
  ``repeated_in_attachment`` says so), one they state differently is kept as the first states it
  and is a finding ``attachments_disagree``. An attachment that names no agency or year takes
  those of the page;
- a PDF, Word or text file: read as the file;
- a workbook: read as a standard form;
- a picture, or a page showing only pictures, or a scanned PDF: a failure ``picture_only``.

A page is taken for the report when it states figures of it: counts of section ``other`` alone
(which a page about anything may state) do not make a page a report.

A URL that gives no figures is a :class:`~luzhou_disclosure.errors.FetchError` whose ``kind`` says
why (``http_status``, ``timeout``, ``connection``, ``too_large``, ``picture_only``,
``not_a_report`` — its message lists the attachment links the page holds —, ``unreadable``);
``read_reports`` lists it in ``records.attrs["failures"]`` (with the ``kind``) and goes on.

**Politeness.** One request at a time, and at least ``delay`` seconds (default
:data:`DEFAULT_DELAY`) between the end of one request to a host and the start of the next (also
from one call of ``read_report`` to the next); a timeout of ``timeout`` seconds (default
:data:`DEFAULT_TIMEOUT`) to connect and for each read; a timeout, a lost connection or an answer
408, 429, 500, 502, 503 or 504 is tried again up to ``retries`` times (default
:data:`DEFAULT_RETRIES`), waiting twice as long each time (2, 4, 8 × the delay, or what a
``Retry-After`` header asks, up to :data:`MAX_RETRY_AFTER` seconds); at most :data:`MAX_REDIRECTS`
redirects. Every request says who is asking: :data:`USER_AGENT`.

**Size limit.** A download larger than ``max_bytes`` (default :data:`MAX_DOWNLOAD_BYTES`, 100 MiB)
is refused, a failure ``too_large``: when the server declares a larger ``Content-Length`` before any
byte is read, otherwise as soon as the bytes received (counted after decompression) pass it.

**Cache.** Everything downloaded is kept in a folder (``cache=``, default
:func:`~luzhou_disclosure._cache.default_cache_dir`: ``$LUZHOU_DISCLOSURE_CACHE``, else
``~/.cache/luzhou-disclosure`` on Linux), keyed by URL, with an index in SQLite
(:mod:`luzhou_disclosure._cache`). A URL in the cache is not requested again, so a second run
makes no request and a batch that was interrupted picks up where it stopped; ``refresh=True``
downloads every URL again (once per run). Answers 404 and 410 are kept too (the next run gives the
same failure without asking); timeouts, lost connections and other error statuses are not, and are
tried again by the next run.

**Provenance.** The file read from the cache names the figures' places as any file does; each
place is preceded by the URL it was downloaded from, and an attachment's by the page's URL too,
each followed by `` :: `` (the second place below is one line, wrapped here)::

    http://www.example.gov.cn/art/2024/1/15/art_1.html :: 3f2a9c1e0b7d-art_1.html:12:40-44
    http://www.example.gov.cn/art/2024/1/15/art_1.html :: http://www.example.gov.cn/P0201.pdf ::
    9b1c0d2e3f4a-P0201.pdf:page 3:table 2:row 4:col 5

The file is ``CACHE/files/3f2a9c1e0b7d-art_1.html``.

Examples
--------
A page served on this machine (any address works the same):

>>> import functools, http.server, tempfile, threading, warnings
>>> import luzhou_disclosure as ld
>>> site = tempfile.mkdtemp()
>>> page = ('<html><head><meta charset="gbk">'
...         '<title>某县统计局2018年政府信息公开工作年度报告</title>'
...         '</head><body><div class="TRS_Editor"><p>某县统计局2018年政府信息公开工作年度报告</p>'
...         '<p>2018年主动公开政府信息120条。</p></div></body></html>')
>>> _ = open(site + "/report.html", "wb").write(page.encode("gbk"))
>>> handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=site)
>>> handler.log_message = lambda *args: None
>>> server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
>>> threading.Thread(target=server.serve_forever, daemon=True).start()
>>> url = f"http://127.0.0.1:{server.server_port}/report.html"
>>> cache = tempfile.mkdtemp()
>>> records = ld.read_report(url, cache=cache, delay=0)
>>> records[["item", "count"]].values.tolist()
[['主动公开政府信息总数', 120]]
>>> records["source"].iloc[0] == f"{url} :: " + records["source"].iloc[0].split(" :: ")[1]
True
>>> server.shutdown()
>>> again = ld.read_report(url, cache=cache, delay=0)   # from the cache: the server is gone
>>> again["count"].tolist()
[120]
"""

from __future__ import annotations

import email.message
import os
import re
import time
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

import pandas as pd

from ._cache import Cache, Entry, default_cache_dir, url_hash
from ._vocab import TOTAL
from .errors import (
    DisclosureError,
    FetchError,
    InputFileError,
    ReportTextError,
    ScannedReportError,
)
from .readers._sources import REPORT_KINDS, Document, read_file, sniff
from .readers._text_meta import detect_agency, detect_year
from .readers._text_source import decode, read_text_file, strip_junk
from .records import KEY

__all__ = [
    "ATTACHMENT_SUFFIXES",
    "DEFAULT_DELAY",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_DOWNLOAD_BYTES",
    "USER_AGENT",
    "default_cache_dir",
    "is_url",
    "urls_from_file",
]

#: seconds between the end of one request to a host and the start of the next
DEFAULT_DELAY = 1.0
#: seconds to connect, and to wait for each read
DEFAULT_TIMEOUT = 30.0
#: how many times a timeout, a lost connection or a 408/429/5xx answer is tried again
DEFAULT_RETRIES = 2
#: the largest download read (bytes, after decompression): 100 MiB
MAX_DOWNLOAD_BYTES = 100 * 2**20
#: redirects followed for one URL
MAX_REDIRECTS = 10
#: the longest wait a ``Retry-After`` header may ask for (seconds)
MAX_RETRY_AFTER = 120.0
#: attachments followed from one page
MAX_ATTACHMENTS = 10
#: the suffixes of the attachments a report page may link
ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx")


def _user_agent() -> str:
    from importlib.metadata import version

    return (
        f"luzhou-disclosure/{version('luzhou-disclosure')} (reads government information "
        "disclosure annual reports, one request at a time)"
    )


#: what every request says it is
USER_AGENT = _user_agent()

_URL = re.compile(r"^https?://[^\s/?#]+", re.IGNORECASE)
_RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
_GONE_STATUS = frozenset({404, 410})
_REPORT_WORDS = re.compile(r"报告|年报")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: how PNG, JPEG, GIF and TIFF files start
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
#: for each kind of content, the suffixes a cached file of it may keep (the first one it gets
#: when its name has none of them)
_KEEPS = {**REPORT_KINDS, "xlsx": (".xlsx", ".xlsm"), "xls": (".xls",), "ods": (".ods",)}
_WORKBOOK_KINDS = ("xlsx", "xls", "ods")


def is_url(source: object) -> bool:
    """Whether ``source`` is an ``http://`` or ``https://`` URL (one line, no spaces).

    >>> is_url("https://tjj.luzhou.gov.cn/zwgk/content_1.html"), is_url("report.html")
    (True, False)
    """
    return (
        isinstance(source, str)
        and bool(_URL.match(source))
        and not any(c.isspace() for c in source.strip())
    )


def urls_from_file(path: str | os.PathLike[str]) -> list[str]:
    """The URLs of a text file, one a line (UTF-8 or GB18030; blank lines and ``#`` comments left
    out). Every line that is not an ``http(s)://`` URL is named in one
    :class:`~luzhou_disclosure.errors.InputFileError`."""
    p = Path(path)
    text = read_text_file(p, not_text="is not a text file of URLs, one a line")
    urls, bad = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if is_url(line):
            urls.append(line)
        else:
            bad.append(f"line {n}: {line[:80]!r}")
    if bad:
        raise InputFileError(
            p,
            f"{len(bad)} line(s) are not http:// or https:// URLs ({'; '.join(bad[:10])}); "
            "write one URL a line (# starts a comment)",
        )
    return urls


def cache_key(url: str) -> str:
    """The URL as the cache keys it: without surrounding spaces and ``#fragment``."""
    parts = urlsplit(url.strip())
    return urlunsplit(parts._replace(fragment=""))


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


#: when the last request to each host ended (``time.monotonic()``), for every fetcher of the
#: process: calls of read_report one after the other wait their turn as a batch does
_LAST_REQUEST: dict[str, float] = {}


class _Transient(Exception):
    """A failure that is worth trying again (after ``wait`` seconds, when the server said)."""

    def __init__(self, error: FetchError, wait: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.wait = wait


@dataclass
class _Part:
    """What one document of a URL gave: row dicts of records, findings, numbers, and its URL."""

    rows: list[dict[str, Any]]
    found: list[dict[str, Any]]
    numbers: list[dict[str, Any]]
    url: str


@dataclass(frozen=True)
class _Link:
    url: str
    text: str


class Fetcher:
    """Downloads through the cache, politely, and reads what a URL holds.

    Used as a context manager (it holds an HTTP client and the cache's index open); one at a time
    per batch. The arguments are those of :func:`~luzhou_disclosure.read_reports`.
    """

    def __init__(
        self,
        *,
        cache: str | os.PathLike[str] | None = None,
        refresh: bool = False,
        delay: float | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        max_bytes: int | None = None,
    ) -> None:
        self.delay = DEFAULT_DELAY if delay is None else float(delay)
        self.timeout = DEFAULT_TIMEOUT if timeout is None else float(timeout)
        self.retries = DEFAULT_RETRIES if retries is None else int(retries)
        self.max_bytes = MAX_DOWNLOAD_BYTES if max_bytes is None else int(max_bytes)
        for name, value, low in (
            ("delay", self.delay, 0),
            ("retries", self.retries, 0),
        ):
            if value < low:
                raise ValueError(f"{name}={value!r}: expected a number ≥ {low}")
        for name, value in (("timeout", self.timeout), ("max_bytes", self.max_bytes)):
            if not value > 0:
                raise ValueError(f"{name}={value!r}: expected a number > 0")
        self.refresh = bool(refresh)
        self.cache = Cache(default_cache_dir() if cache is None else cache)
        #: HTTP requests sent (redirects and retries counted one each)
        self.requests = 0
        self._client: Any = None
        self._last = _LAST_REQUEST
        self._fresh: set[str] = set()

    def __enter__(self) -> Fetcher:
        import httpx

        self.cache.open()
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        self.cache.close()

    # -- downloading ---------------------------------------------------------------------------

    def get(self, url: str) -> Entry:
        """The cache's entry for ``url``, downloaded first when it is not cached (or when
        refreshing and not yet downloaded in this run). Raises :class:`FetchError`."""
        if not is_url(url):
            raise FetchError(url, "bad_url", "not an http:// or https:// URL")
        url = cache_key(url)
        entry = None
        if not self.refresh or url in self._fresh:
            entry = self.cache.get(url)
        if entry is None:
            entry = self._download(url)
            self._fresh.add(url)
        if entry.status in _GONE_STATUS:
            raise FetchError(
                url,
                "http_status",
                f"HTTP {entry.status}: the server has no such page (answer of {entry.fetched_at}, "
                "kept in the cache; refresh=True asks again)",
                status=entry.status,
            )
        return entry

    def _download(self, url: str) -> Entry:
        error: FetchError | None = None
        for attempt in range(self.retries + 1):
            try:
                return self._attempt(url)
            except _Transient as t:
                error = t.error
                if attempt < self.retries:
                    wait = t.wait if t.wait is not None else self.delay * 2 ** (attempt + 1)
                    time.sleep(min(wait, MAX_RETRY_AFTER))
        assert error is not None
        tries = self.retries + 1
        raise FetchError(
            url,
            error.kind,
            f"{error.problem} ({tries} tr{'y' if tries == 1 else 'ies'})",
            status=error.status,
        )

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            left = self.delay - (time.monotonic() - last)
            if left > 0:
                time.sleep(left)

    def _attempt(self, url: str) -> Entry:
        import httpx

        current = url
        for _ in range(MAX_REDIRECTS + 1):
            host = _host(current)
            self._wait_turn(host)
            self.requests += 1
            try:
                response = self._client.send(
                    self._client.build_request("GET", current), stream=True
                )
                try:
                    if response.is_redirect:
                        target = urljoin(current, response.headers.get("location", ""))
                        if not is_url(target):
                            raise FetchError(
                                url, "http_status", f"redirected to {target!r}, not a web address"
                            )
                        current = cache_key(target)
                        continue
                    return self._answer(url, current, response)
                finally:
                    response.close()
            except httpx.TimeoutException:
                raise _Transient(
                    FetchError(
                        url, "timeout", f"no answer within the timeout of {self.timeout:g} s"
                    )
                ) from None
            except httpx.DecodingError as exc:
                raise FetchError(
                    url,
                    "unreadable",
                    f"the server sent content it says is compressed but is not ({exc})",
                ) from None
            except httpx.InvalidURL as exc:
                raise FetchError(url, "bad_url", f"not a valid URL ({exc})") from None
            except httpx.RequestError as exc:  # connection refused or reset, a broken answer
                raise _Transient(
                    FetchError(
                        url, "connection", f"connection failed ({type(exc).__name__}: {exc})"
                    )
                ) from None
            finally:
                self._last[host] = time.monotonic()
        raise FetchError(url, "http_status", f"more than {MAX_REDIRECTS} redirects")

    def _answer(self, url: str, final: str, response: Any) -> Entry:
        status = response.status_code
        if status in _GONE_STATUS:
            return self.cache.put(url, final_url=final, status=status)
        if status >= 300 or status < 200:
            error = FetchError(
                url, "http_status", f"HTTP {status} {response.reason_phrase}".strip(), status=status
            )
            if status in _RETRY_STATUS:
                raise _Transient(error, _retry_after(response.headers.get("retry-after")))
            raise error
        declared = response.headers.get("content-length", "")
        if declared.strip().isdigit() and int(declared) > self.max_bytes:
            raise FetchError(
                url,
                "too_large",
                f"the server declares {int(declared):,} bytes; downloads of at most "
                f"{self.max_bytes:,} bytes are read (max_bytes=)",
            )
        received = bytearray()
        for chunk in response.iter_bytes():
            received += chunk
            if len(received) > self.max_bytes:
                raise FetchError(
                    url,
                    "too_large",
                    f"more than {self.max_bytes:,} bytes received; downloads of at most "
                    f"{self.max_bytes:,} bytes are read (max_bytes=)",
                )
        raw = bytes(received)
        content_type = response.headers.get("content-type")
        kind = _content_kind(raw, content_type)
        base = _disposition_name(response.headers.get("content-disposition")) or _url_name(final)
        name = f"{url_hash(url)}-{_file_name(base, kind)}"
        return self.cache.put(
            url,
            final_url=final,
            status=status,
            kind=kind,
            content_type=content_type,
            charset=response.charset_encoding,
            content=raw,
            file=name,
        )

    # -- reading -------------------------------------------------------------------------------

    def read(
        self,
        url: str,
        *,
        agency: str | None = None,
        year: int | None = None,
        account_rows: bool = False,
    ) -> tuple[list[dict], list[dict], list[dict]]:
        """Records, findings and the account of numbers of the report at ``url`` (row dicts, every
        source prefixed by the URL). Raises :class:`FetchError`."""
        entry = self.get(url)
        url = entry.url
        if entry.kind == "html":
            parts = self._read_page(entry, agency=agency, year=year, account_rows=account_rows)
        else:
            parts = [
                self._read_entry(entry, [url], agency=agency, year=year, account_rows=account_rows)
            ]
        return _merge(parts)

    def _read_entry(
        self,
        entry: Entry,
        chain: list[str],
        *,
        agency: str | None,
        year: int | None,
        account_rows: bool,
        fallback: tuple[str | None, int | None] = (None, None),
    ) -> _Part:
        """One downloaded file as records; ``chain`` is the URLs that led to it (page, attachment),
        ``fallback`` the agency and year to use where the file names none."""
        from .text import document_rows

        where = chain[-1]
        assert entry.path is not None
        if entry.kind == "image":
            raise FetchError(
                chain[0],
                "picture_only",
                f"{where} is a picture ({entry.content_type or 'an image'}), not a text; run OCR "
                "on it or obtain the report as text, Word or a web page",
            )
        if entry.kind in _WORKBOOK_KINDS:
            return self._read_workbook(entry, chain, agency=agency, year=year, fallback=fallback)
        try:
            doc = read_file(entry.path, charset=entry.charset)
            own_agency, own_year = _meta(doc)
            a = agency or own_agency or fallback[0]
            y = year or own_year or fallback[1]
            rows, found, numbers = document_rows(doc, agency=a, year=y, account_rows=account_rows)
        except ScannedReportError as exc:
            raise FetchError(chain[0], "picture_only", f"{where}: {exc.problem}") from None
        except ReportTextError as exc:
            raise FetchError(chain[0], "not_a_report", f"{where}: {exc}") from None
        except (InputFileError, OSError, UnicodeError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            raise FetchError(
                chain[0], "unreadable", f"{where} (cached as {entry.path}): {problem}"
            ) from None
        return _prefixed(_Part(rows, found, numbers, where), doc.name, chain)

    def _read_workbook(
        self,
        entry: Entry,
        chain: list[str],
        *,
        agency: str | None,
        year: int | None,
        fallback: tuple[str | None, int | None],
    ) -> _Part:
        from .forms import read_form

        assert entry.path is not None
        where = chain[-1]
        with warnings.catch_warnings():  # its findings are taken from attrs
            warnings.simplefilter("ignore")
            try:
                try:
                    frame = read_form(entry.path, agency=agency, year=year)
                except InputFileError:
                    if fallback == (None, None):
                        raise
                    frame = read_form(
                        entry.path, agency=agency or fallback[0], year=year or fallback[1]
                    )
            except (DisclosureError, OSError) as exc:
                problem = getattr(exc, "problem", None) or str(exc)
                raise FetchError(
                    chain[0], "unreadable", f"{where} (cached as {entry.path}): {problem}"
                ) from None
        rows = [
            {k: (None if _missing(v) else v) for k, v in r.items()}
            for r in frame.to_dict("records")
        ]
        found = [dict(f) for f in frame.attrs.get("findings", [])]
        return _prefixed(_Part(rows, found, [], where), entry.path.name, chain)

    def _read_page(
        self, entry: Entry, *, agency: str | None, year: int | None, account_rows: bool
    ) -> list[_Part]:
        """A web page: its own figures, if it states the report, and its report attachments."""
        from .text import document_rows

        url = entry.url
        assert entry.path is not None
        raw = entry.path.read_bytes()
        content = decode(raw, entry.charset) or ""
        try:
            doc = read_file(entry.path, charset=entry.charset)
        except InputFileError as exc:
            raise FetchError(url, "unreadable", exc.problem) from None
        page_agency, page_year = _meta(doc)
        page_agency, page_year = agency or page_agency, year or page_year
        links, images, n_links = _page_links(content, entry.final_url)
        attachments = [lk for lk in links if _attachment_suffix(lk)]
        candidates = [lk for lk in attachments if _names_report(lk, page_year)]
        parts: list[_Part] = []
        page_error = None
        try:
            rows, found, numbers = document_rows(
                doc, agency=page_agency, year=page_year, account_rows=account_rows
            )
        except ReportTextError as exc:
            page_error = exc
        else:
            # a page is the report when it states figures of the report (not only counts of
            # section other, which a page about anything may hold)
            if any(r.get("section") != "other" for r in rows):
                parts.append(_prefixed(_Part(rows, found, numbers, url), doc.name, [url]))
        errors: list[tuple[_Link, FetchError]] = []
        for link in candidates[:MAX_ATTACHMENTS]:
            try:
                attached = self.get(link.url)
                part = self._read_entry(
                    attached,
                    [url, attached.url],
                    agency=agency,
                    year=year,
                    account_rows=account_rows,
                    fallback=(page_agency, page_year),
                )
                if not part.rows:
                    raise FetchError(
                        url, "not_a_report", f"the attachment {attached.url} states no figures"
                    )
                parts.append(part)
            except FetchError as exc:
                errors.append((link, exc))
        if parts:
            found_errors = [
                {
                    "rule": "unreadable_attachment",
                    "ok": False,
                    "severity": "warning",
                    "agency": page_agency,
                    "year": page_year,
                    "message": f"the attachment {link.text or link.url} could not be read: "
                    f"{exc.problem}",
                    "sources": f"{url} :: {link.url}",
                }
                for link, exc in errors
            ]
            skipped = [
                {
                    "rule": "attachment_not_read",
                    "ok": False,
                    "severity": "warning",
                    "agency": page_agency,
                    "year": page_year,
                    "message": f"more than {MAX_ATTACHMENTS} attachments name the report; "
                    f"{link.text or link.url} was not read",
                    "sources": f"{url} :: {link.url}",
                }
                for link in candidates[MAX_ATTACHMENTS:]
            ]
            parts[0].found.extend(found_errors + skipped)
            return parts
        if errors:
            first = errors[0][1]
            more = "; ".join(f"{lk.url}: {e.problem}" for lk, e in errors)
            kinds = {e.kind for _, e in errors}
            kind = first.kind if len(kinds) == 1 else "unreadable"
            raise FetchError(
                url,
                kind,
                f"none of the {len(errors)} attachment(s) naming the report could be read ({more})",
                status=first.status,
            )
        if images and not attachments:
            shown = ", ".join(images[:5]) + (" …" if len(images) > 5 else "")
            raise FetchError(
                url,
                "picture_only",
                f"the page states no figures and shows {len(images)} picture(s) ({shown}): the "
                "report is pictures; run OCR on them or obtain the report as text",
            )
        if attachments:
            seen = "; ".join(f"{lk.text or '(no text)'} → {lk.url}" for lk in attachments[:10])
            said = (
                f"none names the report or its year {page_year}"
                if page_year
                else "none names the report"
            )
            raise FetchError(
                url,
                "not_a_report",
                f"the page states no figures, and of its {len(attachments)} attachment link(s) "
                f"{said}: {seen}",
            )
        why = f" ({page_error})" if page_error is not None else ""
        raise FetchError(
            url,
            "not_a_report",
            f"the page states no figures of a report{why}, and none of its {n_links} link(s) is "
            f"an attachment ({', '.join(ATTACHMENT_SUFFIXES)})",
        )


def _retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (a number of seconds; a date is ignored)."""
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _missing(v: Any) -> bool:
    """None, ``pd.NA`` or NaN."""
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _meta(doc: Document) -> tuple[str | None, int | None]:
    """The agency and year a document's title and first lines name (or None)."""
    head = [strip_junk(n)[0] for n in doc.prose.norm[:12]]
    agency, _ = detect_agency(head)
    year, _ = detect_year(head)
    return agency, (int(year) if year is not None else None)


def _content_kind(raw: bytes, content_type: str | None) -> str:
    """What a download is: ``image``, ``xlsx``, ``xls``, ``ods``, a report kind of
    :func:`~luzhou_disclosure.readers._sources.sniff` (``pdf``, ``docx``, ``doc``, ``html``,
    ``text``), or ``other`` (which its reader names when it fails)."""
    if raw.startswith(_IMAGE_MAGIC) or (raw.startswith(b"RIFF") and raw[8:12] == b"WEBP"):
        return "image"
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype.startswith("image/"):
        return "image"
    workbook = _workbook_kind(raw)
    if workbook:
        return workbook
    try:
        return sniff(Path("download"), raw)
    except InputFileError:
        return "other"


def _workbook_kind(raw: bytes) -> str | None:
    if raw.startswith(b"PK\x03\x04"):
        import io

        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                names = set(z.namelist())
                mimetype = (
                    z.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
                )
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "opendocument.spreadsheet" in mimetype:
            return "ods"
        return None
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        utf16 = lambda s: s.encode("utf-16-le")  # noqa: E731
        if utf16("WordDocument") not in raw and (utf16("Workbook") in raw or utf16("Book") in raw):
            return "xls"
    return None


def _url_name(url: str) -> str:
    path = urlsplit(url).path
    return unquote(path.rsplit("/", 1)[-1]) if path else ""


def _disposition_name(value: str | None) -> str | None:
    """The file name a ``Content-Disposition`` header gives (``filename*=`` first)."""
    if not value:
        return None
    msg = email.message.Message()
    msg["content-disposition"] = value
    name = msg.get_filename()
    return name or None


_UNSAFE = re.compile(r"[^\w.\-()（）\u3400-\u9fff]+")


def _file_name(base: str, kind: str) -> str:
    """A safe file name from ``base`` (at most 60 characters), with the suffix of ``kind`` added
    when its own is not one of that kind's.

    >>> _file_name("content_331921", "html"), _file_name("2023年报告.PDF", "pdf")
    ('content_331921.html', '2023年报告.PDF')
    >>> _file_name("download.jsp", "pdf"), _file_name("", "docx")
    ('download.jsp.pdf', 'index.docx')
    """
    name = _UNSAFE.sub("_", base).strip("._") or "index"
    suffix = Path(name).suffix.lower()
    keeps = _KEEPS.get(kind, ())
    if keeps and suffix not in keeps:
        suffix = keeps[0]
        name += suffix
    if len(name) > 60:
        name = name[: 60 - len(suffix)] + suffix
    return name


def _page_links(content: str, base: str) -> tuple[list[_Link], list[str], int]:
    """The links of a page (resolved; one per URL), the pictures of its content area, and the
    number of its links."""
    import lxml.etree
    import lxml.html

    from .readers._html import content_area

    try:
        root = lxml.html.document_fromstring(
            content.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (lxml.etree.ParserError, ValueError):
        return [], [], 0
    for el in root.iter("base"):
        href = el.get("href")
        if href:
            base = urljoin(base, href.strip())
            break
    links: dict[str, _Link] = {}
    n = 0
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        n += 1
        url = cache_key(urljoin(base, href))
        if not is_url(url):
            continue
        text = " ".join(" ".join(map(str, a.itertext())).split()) or (a.get("title") or "").strip()
        title = (a.get("title") or "").strip()
        if title and title not in text:
            text = f"{text} {title}".strip()
        if url not in links or (text and not links[url].text):
            links[url] = _Link(url, text)
    area = content_area(root)
    images = []
    for img in area.iter("img"):
        src = (img.get("src") or "").strip()
        if src and not src.startswith("data:"):
            images.append(urljoin(base, src))
    return list(links.values()), images, n


def _link_words(link: _Link) -> str:
    parts = urlsplit(link.url)
    query = " ".join(unquote(v) for _, v in parse_qsl(parts.query))
    return f"{link.text} {unquote(parts.path.rsplit('/', 1)[-1])} {query}"


def _attachment_suffix(link: _Link) -> str | None:
    """The attachment suffix a link names: of its URL's path, of a query value (a download
    script's ``filename=…``) or of its text."""
    parts = urlsplit(link.url)
    names = [unquote(parts.path), *(unquote(v) for _, v in parse_qsl(parts.query)), link.text]
    for name in names:
        low = name.strip().lower()
        for suffix in ATTACHMENT_SUFFIXES:
            if low.endswith(suffix):
                return suffix
    return None


def _names_report(link: _Link, year: int | None) -> bool:
    """Whether an attachment link names the report (报告, 年报) or its year, and no other year
    only."""
    words = _link_words(link)
    years = {int(y) for y in _YEAR.findall(words)}
    if year is not None and years and year not in years:
        return False
    return bool(_REPORT_WORDS.search(words)) or (year is not None and year in years)


def _prefixed(part: _Part, name: str, chain: list[str]) -> _Part:
    """``part`` with every place in the file ``name`` preceded by the URLs of ``chain``."""
    prefix = "".join(f"{u} :: " for u in chain)

    def fix(s: Any) -> Any:
        return s.replace(name, prefix + name) if isinstance(s, str) and name in s else s

    for r in part.rows:
        r["source"] = fix(r.get("source"))
    for f in part.found:
        f["sources"] = fix(f.get("sources"))
    for a in part.numbers:
        a["source"] = fix(a.get("source"))
    return part


def _key(row: dict[str, Any]) -> tuple:
    out = []
    for col in KEY:
        v = row.get(col)
        if col == "applicant" and _missing(v):
            v = TOTAL
        out.append(None if _missing(v) else v)
    return tuple(out)


def _value(row: dict[str, Any]) -> tuple:
    return tuple(None if _missing(row.get(c)) else row.get(c) for c in ("count", "value"))


def _merge(parts: Iterable[_Part]) -> tuple[list[dict], list[dict], list[dict]]:
    """The records of several documents of one URL: a figure a later document states again is kept
    once; one it states differently is kept as the first states it, and is a finding."""
    rows: list[dict] = []
    found: list[dict] = []
    numbers: list[dict] = []
    seen: dict[tuple, dict] = {}
    for part in parts:
        repeated: list[dict] = []
        mine: dict[tuple, dict] = {}
        for r in part.rows:
            k = _key(r)
            first = seen.get(k)
            if first is None:
                rows.append(r)
                mine.setdefault(k, r)
                continue
            if _value(first) == _value(r):
                repeated.append(r)
                continue
            shown = [
                next((x for x in v if x is not None), None) for v in (_value(first), _value(r))
            ]
            found.append(
                {
                    "rule": "attachments_disagree",
                    "ok": False,
                    "severity": "warning",
                    "agency": r.get("agency"),
                    "year": r.get("year"),
                    "section": r.get("section"),
                    "item": r.get("item"),
                    "applicant": r.get("applicant"),
                    "field": r.get("field"),
                    "expected": shown[0],
                    "found": shown[1],
                    "message": f"{part.url} states {shown[1]} for {r.get('item')} where an "
                    f"earlier document of the page states {shown[0]}; the first is kept",
                    "sources": f"{first.get('source')} | {r.get('source')}",
                }
            )
        if repeated:
            r = repeated[0]
            found.append(
                {
                    "rule": "repeated_in_attachment",
                    "ok": False,
                    "severity": "warning",
                    "agency": r.get("agency"),
                    "year": r.get("year"),
                    "message": f"{len(repeated)} of the {len(part.rows)} figures of {part.url} "
                    "repeat those of an earlier document of the page (the same report twice?); "
                    "each is kept once, with the first document's source",
                    "sources": part.url,
                }
            )
        seen.update(mine)
        found.extend(part.found)
        numbers.extend(part.numbers)
    return rows, found, numbers
