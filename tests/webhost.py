"""A built site at its real address (https://www.uni.example/~chair/seminar/), served by a local HTTPS server to a
Chromium of its own in which that host name leads there and no other host can be reached (`WebHost`, fixture
`web_host`). test_subpath.py reads a site published under a sub-path of someone else's host this way.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import mimetypes
import ssl
import subprocess
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import DESKTOP, LAUNCH_ARGS, chromium_path, new_page


class StaticHost:
    """A built site published at `address` (say https://www.uni.example/~chair/seminar/), as plain web space serves it.

    A sub-path of another host is served as GitLab Pages and GitHub Pages serve it: a folder is answered with its
    index.html (a redirect adds a missing "/"), a missing file with 404.html and status 404. A request for anything
    else, another host or this host outside the sub-path, is refused. `requests` keeps every request that reached
    the host, and every request for another host, with the status it got (0: refused). `WebHost` serves it.
    """

    def __init__(self, directory: Path, address: str):
        self.directory = directory
        self.address = address
        self.requests: list[tuple[str, int]] = []

    def inside(self, url: str) -> bool:
        return url.startswith(self.address)

    def answer(self, url: str) -> tuple[int, Path | None, str | None]:
        """(status, file to send, redirect target) for a URL, as the web server would answer it."""
        if not self.inside(url):
            return 0, None, None
        rel = urllib.parse.unquote(urllib.parse.urlsplit(url).path.removeprefix(urllib.parse.urlsplit(self.address).path))
        target = self.directory / rel
        if target.is_dir() and rel and not rel.endswith("/"):
            return 301, None, urllib.parse.urlsplit(url)._replace(path=urllib.parse.urlsplit(url).path + "/").geturl()
        if target.is_dir():
            target = target / "index.html"
        if target.is_file() and self.directory.resolve() in target.resolve().parents:
            return 200, target, None
        return 404, self.directory / "404.html", None

    def status(self, url: str) -> int:
        """The status a URL gets, after following redirects."""
        status, _, location = self.answer(url)
        return self.status(location) if location else status


class _HostHandler(http.server.BaseHTTPRequestHandler):
    """Answers as the server's `published` StaticHost; a refused request gets no answer (the connection closes)."""

    protocol_version = "HTTP/1.1"  # one connection for a page's files, as a browser keeps it

    def log_message(self, format, *args):  # noqa: A002 - the host keeps its own record
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        host = self.server.published
        url = f"https://{self.headers['Host']}{self.path}"
        status, target, location = host.answer(url)
        host.requests.append((url, status))
        if not status:
            self.close_connection = True
            return
        body = target.read_bytes() if target else b""
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        else:
            self.send_header("Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream")
            self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages sends it
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class WebHost:
    """A Chromium of its own in which https://`name`/ is a local HTTPS server, and no other host can be reached.

    `publish(directory, address)` opens a page in a fresh context with `StaticHost(directory, address)` behind `name`.
    The browser connects to 127.0.0.1 for `name` (--host-resolver-rules), and trusts the server's certificate, made
    for the occasion, by its key (--ignore-certificate-errors-spki-list: unlike Playwright's ignore_https_errors it
    leaves the HTTP cache on). Playwright's routes could answer the browser too, but each request then passes
    through Python and the driver, file and all, with the cache off: 0.52 against 0.41-0.47 CPU s a page.
    Requests for other hosts fail to resolve; the context reports them, and they are kept as refused.
    """

    def __init__(self, browser, name: str, folder: Path):
        self.name = name
        key, certificate = folder / "key.pem", folder / "certificate.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-keyout", str(key), "-out", str(certificate), "-days", "2", "-subj", f"/CN={name}",
                        "-addext", f"subjectAltName=DNS:{name}"], check=True, capture_output=True)
        public = subprocess.run(["openssl", "pkey", "-in", str(key), "-pubout", "-outform", "DER"],
                                check=True, capture_output=True).stdout
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(certificate, key)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HostHandler)
        self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.server.published = None
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        spki = base64.b64encode(hashlib.sha256(public).digest()).decode()
        self.browser = browser.browser_type.launch(executable_path=chromium_path(), headless=True, args=[
            *LAUNCH_ARGS, f"--host-resolver-rules=MAP {name} 127.0.0.1:{self.server.server_address[1]}, MAP * ~NOTFOUND",
            f"--ignore-certificate-errors-spki-list={spki}"])

    def publish(self, directory: Path, address: str, *, viewport: dict = DESKTOP):
        """(page, host): a page in a fresh context, and the StaticHost that answers it (the last published answers)."""
        host = self.server.published = StaticHost(directory, address)
        page = new_page(self.browser, viewport=viewport)

        def elsewhere(request) -> None:
            parts = urllib.parse.urlsplit(request.url)
            if parts.scheme in ("http", "https") and parts.netloc != self.name:
                host.requests.append((request.url, 0))
        page.context.on("request", elsewhere)
        return page, host

    def close(self) -> None:
        self.browser.close()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture(scope="module")
def web_host(browser, tmp_path_factory) -> Iterator[WebHost]:
    """A module's `WebHost` for www.uni.example."""
    host = WebHost(browser, "www.uni.example", tmp_path_factory.mktemp("web-host"))
    try:
        yield host
    finally:
        host.close()
