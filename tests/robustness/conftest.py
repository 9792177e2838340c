"""Helpers for the robustness tests: other processes on the test database, a local misbehaving web server."""

import contextlib
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NASTY_DIR = ROOT / "fixtures" / "nasty"
PYTHON = sys.executable


class _Handler(BaseHTTPRequestHandler):
    article = ("<html><head><title>Gempa di Cianjur</title></head><body><article><h1>Gempa di Cianjur</h1>"
               "<p>Cianjur — Gempa bermagnitudo 5,6 mengguncang Cianjur, Jawa Barat, pada Senin siang. "
               "Badan Nasional Penanggulangan Bencana mencatat ratusan rumah rusak.</p>"
               "<p>Warga diminta menjauhi bangunan yang retak sampai petugas memeriksanya.</p></article></body></html>")

    def do_GET(self):
        if self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop?again")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, b"terlambat")
        elif self.path == "/error":
            self._send(500, b"internal error")
        elif self.path == "/huge":
            self._send(200, b"a" * (6 * 1024 * 1024))
        elif self.path == "/ok":
            self._send(200, self.article.encode(), "text/html; charset=utf-8")
        else:
            self._send(404, b"not found")

    def _send(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def bad_web() -> Iterator[str]:
    """Base URL of a local server with /loop (redirects forever), /slow, /error (500), /huge and /ok."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
