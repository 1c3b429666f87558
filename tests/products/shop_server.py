"""A real HTTP server on 127.0.0.1 serving saved shop pages, and the awkward answers of the web.

Routes: `/p/<file>` a page of `pages/`; `/redirect/<n>/<file>` n redirects then
the page; `/to?url=` one redirect anywhere; `/big` a page streamed without a
Content-Length past any small cap; `/huge-declared` a declared 50 MB body;
`/json` a JSON answer; `/missing` a 404; `/slow` an answer after 3 s.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PAGES = Path(__file__).parent / "pages"


class ShopHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        parts = urlsplit(self.path)
        route = parts.path.strip("/").split("/")
        if route[0] == "p" and (PAGES / route[1]).is_file():
            self._send(200, (PAGES / route[1]).read_bytes())
        elif route[0] == "redirect":
            left = int(route[1])
            target = f"/redirect/{left - 1}/{route[2]}" if left > 1 else f"/p/{route[2]}"
            self._send(302, b"", location=target)
        elif route[0] == "to":
            self._send(301, b"", location=parse_qs(parts.query)["url"][0])
        elif route[0] == "big":
            self._stream(b"<html><body>" + b"<p>filler</p>" * 1000, chunks=200)
        elif route[0] == "huge-declared":
            self._send(200, b"<html></html>", length=50_000_000)
        elif route[0] == "json":
            self._send(200, b'{"name": "not a page"}', content_type="application/json")
        elif route[0] == "slow":
            time.sleep(3)
            self._send(200, (PAGES / "opengraph_vinyl.html").read_bytes())
        else:
            self._send(404, b"<html><body>Not found</body></html>")

    def _send(
        self,
        status: int,
        body: bytes,
        *,
        location: str | None = None,
        content_type: str = "text/html; charset=utf-8",
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        if length is None:
            self.wfile.write(body)
        self.close_connection = length is not None

    def _stream(self, chunk: bytes, chunks: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for _ in range(chunks):
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading: good
            pass
        self.close_connection = True


@contextmanager
def shop_server() -> Iterator[str]:
    """The server's base URL, `http://127.0.0.1:<port>`, while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), ShopHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
