"""A small web site on the loopback address for the tests of reading URLs, and a guard that keeps
every test on it.

:class:`Site` serves what a test puts at a path (status, headers, body; slowly, or stalling
half-way) on ``127.0.0.1`` only, from a thread, and counts the requests it answers per path, with
the ``User-Agent`` and the time of each. :func:`guard_sockets` makes any connection or name lookup
of another address fail at once (before a packet is sent), so that a test that would touch the
network fails instead.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: seconds to wait before answering (cut short when the site stops)
    wait: float = 0.0
    #: send no Content-Length: the body ends when the connection closes
    no_length: bool = False
    #: send the headers and half the body, then wait for ``release`` before the rest
    stall: bool = False


class Site:
    """A web site on 127.0.0.1 (``with Site() as site: site.put("/a.html", b"…")``)."""

    def __init__(self) -> None:
        self.pages: dict[str, Page | list[Page]] = {}
        self.hits: Counter[str] = Counter()
        self.log: list[tuple[str, float, str]] = []  # (path, time, User-Agent)
        self.stopping = threading.Event()
        self.release = threading.Event()
        self.stalled = threading.Event()
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                site._answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def put(self, path: str, body: bytes | str = b"", **kwargs: object) -> str:
        """Serve ``body`` at ``path`` (a ``str`` as UTF-8); returns the URL."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.pages[path] = Page(body, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def put_sequence(self, path: str, pages: list[Page]) -> str:
        """Serve ``pages`` one after the other at ``path`` (the last one from then on)."""
        self.pages[path] = list(pages)
        return self.url(path)

    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        with self._lock:
            self.hits[path] += 1
            self.log.append((path, time.monotonic(), h.headers.get("User-Agent", "")))
            page = self.pages.get(path)
            if isinstance(page, list):
                page = page.pop(0) if len(page) > 1 else page[0]
        if page is None:
            page = Page(b"<html><body>404 Not Found</body></html>", status=404)
        if page.wait:
            self.stopping.wait(page.wait)
        try:
            h.send_response(page.status)
            headers = {"Content-Type": "text/html", **page.headers}
            for k, v in headers.items():
                h.send_header(k, v)
            if not page.no_length and "Content-Length" not in headers:
                h.send_header("Content-Length", str(len(page.body)))
            h.end_headers()
            if page.stall:
                half = len(page.body) // 2
                h.wfile.write(page.body[:half])
                h.wfile.flush()
                self.stalled.set()
                self.release.wait(60)
                h.wfile.write(page.body[half:])
            else:
                h.wfile.write(page.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout, a size limit, a killed process)


def allowed(address: object) -> bool:
    """Whether a socket address (or host name) is on the loopback: ``127.0.0.0/8``, ``::1``,
    ``localhost``. Other families' addresses (a Unix socket's path) are allowed."""
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


class OffLoopback(AssertionError):
    """A test tried to reach an address that is not on the loopback."""


def guard_sockets(monkeypatch) -> None:
    """Make connections and name lookups of any address but the loopback raise
    :class:`OffLoopback` (before anything is sent)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not allowed(address):
            raise OffLoopback(f"a test tried to connect to {address!r}")

    def connect(self: socket.socket, address: object) -> None:
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        check(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        if host is not None and not allowed(host):
            raise OffLoopback(f"a test tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
