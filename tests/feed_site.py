"""A local news site for the feed tests: feeds, sitemaps, article pages and robots.txt on 127.0.0.1.

Routes are set per test; every request is logged (path and headers), conditional GETs are answered with 304
when a route has an ETag the client sent back, and a route can hold its answer until the test lets it go.
"""

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOPICS = ["banjir", "gempa", "pemilu", "anggaran", "vaksin", "pangan", "harga beras", "kereta cepat", "mudik",
          "tol laut", "nikel", "stunting", "sampah", "listrik", "pupuk", "nelayan"]


@dataclass
class Route:
    """One path's answer. `hold`: an event the handler waits for (up to 20 s) before answering, after setting
    `requested`, so a test can act while a client is mid-request."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    hold: threading.Event | None = None
    requested: threading.Event = field(default_factory=threading.Event)


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.base = ""
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for requested, _ in self.requests if requested == path)

    def headers_of_last(self, path: str) -> dict[str, str]:
        with self._lock:
            return next(headers for requested, headers in reversed(self.requests) if requested == path)

    def page(self, path: str, number: int, *, author: str = "Rina Wulandari", dated: bool = True,
             canonical: str = "") -> str:
        """Serve an article page at `path` (its text differs by `number`); returns its URL."""
        topic = TOPICS[number % len(TOPICS)]
        meta = f'<meta property="article:published_time" content="2026-11-2{number % 9}T09:00:00+07:00">'
        link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
        html = (f"<html><head><title>Berita {number}: {topic}</title>{meta if dated else ''}{link}"
                f'{f"<meta name=author content={escape(author)!r}>" if author else ""}</head><body><article>'
                f"<h1>Berita {number}: {topic}</h1>"
                f"<p>Jakarta — Pemerintah membahas soal {topic} dalam rapat nomor {number} pada hari ini. "
                f"Rapat itu dihadiri para menteri dan kepala daerah yang wilayahnya terdampak {topic}.</p>"
                f"<p>Warga berharap keputusan soal {topic} nomor {number} segera dijalankan, kata seorang "
                f"pejabat yang tidak mau disebut namanya.</p></article></body></html>")
        self.routes[path] = Route(body=html.encode())
        return self.url(path)

    def rss(self, path: str, items: list[dict[str, str]], *, etag: str = "") -> str:
        """Serve an RSS feed at `path`: items with link, guid, title, description, content, published."""
        entries = []
        for item in items:
            content = (f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>"
                       if item.get("content") else "")
            entries.append(
                f"<item><title>{escape(item['title'])}</title>"
                + (f"<link>{escape(item['link'])}</link>" if item.get("link") else "")
                + (f"<guid>{escape(item['guid'])}</guid>" if item.get("guid") else "")
                + f"<description>{escape(item.get('description', ''))}</description>{content}"
                + (f"<pubDate>{format_datetime(item['published'])}</pubDate>" if item.get("published") else "")
                + "</item>")
        xml = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
               'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Kabar Uji</title>'
               f"<link>{self.base}/</link>{''.join(entries)}</channel></rss>")
        self.routes[path] = Route(body=xml.encode(), content_type="application/rss+xml", etag=etag)
        return self.url(path)


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self):
        site = self.server.site  # type: ignore[attr-defined]  # set on the server by the fixture
        with site._lock:
            site.requests.append((self.path, {name.lower(): value for name, value in self.headers.items()}))
        route = site.routes.get(self.path)
        if route is None:
            self._send(404, b"not found", "text/plain", {})
            return
        route.requested.set()
        if route.hold is not None:
            route.hold.wait(20)
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            self._send(304, b"", "", {"ETag": route.etag})
            return
        headers = {**route.headers, **({"ETag": route.etag} if route.etag else {})}
        self._send(route.status, route.body, route.content_type, headers)

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve_site() -> Iterator[Site]:
    """A local site with no routes yet (every path 404, so robots.txt allows everything)."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.site = site  # type: ignore[attr-defined]  # the handler finds its site here
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    for route in site.routes.values():
        if route.hold is not None:
            route.hold.set()
    server.shutdown()
    server.server_close()
