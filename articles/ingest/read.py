"""Read inputs (files, folders, stdin, URLs, feeds) into RawDocuments; errors are yielded, never raised.

Files and stdin are streamed: JSON lines one record at a time (a 50 MB dump never sits in memory whole), other
formats read up to the size cap. Text repair (ftfy) runs on decoded field values, after any parsing, because it
turns U+2028/U+2029/U+0085 into line breaks, which would break a JSON string in two.
"""

import codecs
import html as html_entities
import http.client
import json
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import charset_normalizer
import defusedxml
import defusedxml.ElementTree
import feedparser
import ftfy
import lxml.html
from lxml.etree import ParserError

from .document import RawDocument, ReadError

USER_AGENT = "TelusurBot/0.1 (+https://telusur.example/bot)"
TIMEOUT_SECONDS = 15.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
FORMATS = ("auto", "txt", "html", "jsonl", "feed")
SNIFF_BYTES = 4096
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

EMPTY = "empty input"
BINARY = "binary data, not a text article"
TOO_LARGE = f"larger than {MAX_BYTES // (1024 * 1024)} MB"
NO_BODY = "no article text (expected one of: body, text, content)"
NOT_AN_OBJECT = "not a JSON object"
UNSAFE_FEED = "feed declares XML entities or external references (refused)"
NO_ENTRIES = "feed has no entries"
UNKNOWN_FORMAT = "unknown format {fmt!r} (expected one of: " + ", ".join(FORMATS) + ")"

# Common field names of scraped-news JSON lines, most specific first.
BODY_FIELDS = ("body", "text", "content", "article")
META_FIELDS = {
    "title": ("title", "headline", "judul"),
    "url": ("url", "link", "source_url"),
    "source": ("source", "site", "sitename", "outlet"),
    "published": ("published", "date", "date_iso", "published_at", "datePublished", "pubDate"),
    "author": ("author", "authors", "byline", "penulis"),
    "summary": ("summary", "description", "lead"),
    # IndoSum's date comes from the aggregator's id, not from the outlet: a hint, weaker than the text.
    "reference_date": ("date_from_id",),
}
EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
_FIX_TEXT = ftfy.TextFixerConfig(uncurl_quotes=False)


def iter_documents(
    target: str, fmt: str = "auto", *, stdin: BinaryIO | None = None, timeout: float = TIMEOUT_SECONDS
) -> Iterator[RawDocument | ReadError]:
    """Yield one RawDocument per article in a file, folder (recursive), "-" (stdin) or http(s) URL.

    Lazy: a JSON lines file or stream yields its first record before the rest is read.
    """
    if fmt not in FORMATS:
        yield ReadError(target, UNKNOWN_FORMAT.format(fmt=fmt))
    elif target == "-":
        yield from documents_from_stream("<stdin>", stdin or sys.stdin.buffer, fmt)
    elif target.startswith(("http://", "https://")):
        yield from _read_url(target, fmt, timeout)
    else:
        yield from _read_path(Path(target), fmt)


def documents_from_stream(origin: str, stream: BinaryIO, fmt: str = "auto") -> Iterator[RawDocument | ReadError]:
    """Like `documents_from_bytes`, reading `stream` as it goes: JSON lines record by record (each line capped
    at MAX_BYTES), any other format up to MAX_BYTES + 1 bytes, enough to refuse it as too large."""
    head = stream.read(SNIFF_BYTES)
    if fmt == "auto":
        fmt = sniff_format(origin, head)
    if fmt == "jsonl" and head.strip() and not head.startswith(_UTF16_BOMS):
        yield from _read_jsonl(origin, _byte_lines(head, stream))
    else:
        # UTF-16 JSON lines cannot be split at byte 0x0A: they are read whole, like the other formats; an empty
        # input is reported as such there.
        data = head + stream.read(MAX_BYTES + 1 - len(head))
        yield from documents_from_bytes(origin, data, fmt)


def documents_from_bytes(
    origin: str, data: bytes, fmt: str = "auto", *, url: str = ""
) -> Iterator[RawDocument | ReadError]:
    """Split one input's bytes into RawDocuments according to its (sniffed) format."""
    if fmt == "auto":
        fmt = sniff_format(origin, data)
    if not data.strip():
        yield ReadError(origin, EMPTY)
    elif fmt == "binary":
        yield ReadError(origin, BINARY)
    elif len(data) > MAX_BYTES:
        # One article (or one feed) this large is a mistake or an attack; streamed JSON lines are limited per line.
        yield ReadError(origin, TOO_LARGE)
    elif fmt == "feed":
        yield from _read_feed(origin, data)
    elif fmt == "jsonl":
        yield from _read_jsonl(origin, _to_text(data).split("\n"))
    elif fmt == "html":
        yield RawDocument(origin=origin, format="html", text="", html=decode(data), url=url)
    else:
        yield RawDocument(origin=origin, format="txt", text=decode(data), url=url)


def decode(data: bytes) -> str:
    """Bytes to text: BOM, then UTF-8, then the best single-byte guess; mojibake repaired. Never raises."""
    return _fix(_to_text(data))


def _to_text(data: bytes) -> str:
    """Bytes to text as they are (no repair: the text may still have to be parsed). Never raises."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Non-UTF-8 Indonesian news is in practice Windows-1252 or Latin-1; keep the guesser to those.
    best = charset_normalizer.from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15"]).best()
    return str(best) if best is not None else data.decode("cp1252", errors="replace")


def sniff_format(name: str, data: bytes) -> str:
    """Guess "txt", "html", "jsonl", "feed" or "binary" from the content, then the file name."""
    head = data[:SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")  # its NUL bytes are no sign of binary data
    elif b"\x00" in head:
        return "binary"
    if _looks_binary(head):
        return "binary"
    start = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    if start.startswith(b"<"):
        if any(tag in start for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
            return "feed"
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return EXTENSIONS.get(Path(name.split("?")[0]).suffix.lower(), "txt")


def _looks_binary(head: bytes) -> bool:
    """Many control bytes (other than whitespace) mean an image, archive or other non-text file."""
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f\x1b")
    return bool(head) and controls / len(head) > 0.05


_OTHER_C1 = re.compile(r"[\x80-\x84\x86-\x9f]")
_LONE_NEL = re.compile(r"(?<![\xc2-\xf4])\x85")  # not the second half of a UTF-8 pair read as Latin-1 ("Ã\x85")


def _fix(text: str) -> str:
    # ftfy reads every U+0085 as a Windows-1252 ellipsis. In text free of other C1 characters it is NEL, a line
    # break like U+2028; among C1 mojibake ("\x93kutip\x94") ftfy's reading stands.
    if "\x85" in text and not _OTHER_C1.search(text):
        text = _LONE_NEL.sub("\n", text)
    return ftfy.fix_text(text, config=_FIX_TEXT)


def _read_path(path: Path, fmt: str) -> Iterator[RawDocument | ReadError]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
            if child.is_file() and not hidden:
                yield from _read_file(child, fmt)
    else:
        yield from _read_file(path, fmt)


def _read_file(path: Path, fmt: str) -> Iterator[RawDocument | ReadError]:
    try:
        with path.open("rb") as handle:
            yield from documents_from_stream(str(path), handle, fmt)
    except OSError as error:
        yield ReadError(str(path), error.strerror or str(error))


def _byte_lines(head: bytes, stream: BinaryIO) -> Iterator[bytes | None]:
    """The lines of `head` + `stream`, split at b"\\n" only; None stands for a line over MAX_BYTES, skipped unread.

    Bytes, not text: a UTF-8 line holds 0x0A only as a line feed, while str.splitlines() would also split at
    U+2028, U+2029, U+0085 and control characters that are valid inside a JSON string.
    """
    *lines, partial = head.split(b"\n")
    yield from lines  # shorter than the sniffed head, so within the cap
    while line := partial + stream.readline(MAX_BYTES + 1 - len(partial)):
        partial = b""
        if line.endswith(b"\n") or len(line) <= MAX_BYTES:
            yield line.removesuffix(b"\n")
        else:
            while (rest := stream.readline(SNIFF_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield None


def _read_jsonl(origin: str, lines: Iterator[bytes | None] | list[str]) -> Iterator[RawDocument | ReadError]:
    for number, line in enumerate(lines, start=1):
        if line is None or len(line) > MAX_BYTES:
            yield ReadError(f"{origin}:line {number}", TOO_LARGE)
        elif line.strip():
            yield _jsonl_document(f"{origin}:line {number}", line if isinstance(line, str) else _to_text(line))


def _jsonl_document(origin: str, line: str) -> RawDocument | ReadError:
    try:
        # strict=False: raw control characters inside strings are text scrapers left there, not a broken line.
        record = json.loads(line, strict=False)
    except json.JSONDecodeError as error:
        return ReadError(origin, f"invalid JSON ({error.msg} at column {error.colno})")
    if not isinstance(record, dict):
        return ReadError(origin, NOT_AN_OBJECT)
    body = _fix(_first_text(record, BODY_FIELDS))
    if not body.strip():
        return ReadError(origin, NO_BODY)
    meta = {key: _fix(value) for key, names in META_FIELDS.items() if (value := _first_text(record, names))}
    return RawDocument(origin=origin, format="jsonl", text=body, url=meta.get("url", ""), meta=meta)


def _first_text(record: dict[str, object], names: tuple[str, ...]) -> str:
    """The first non-empty field among `names` as text (lists are joined: IndoSum-like summaries, authors)."""
    for name in names:
        value = record.get(name)
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value if isinstance(item, str | int | float))
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    return ""


def _read_feed(origin: str, data: bytes) -> Iterator[RawDocument | ReadError]:
    for _entry, document in feed_entries(origin, data):
        yield document


def feed_entries(
    origin: str, data: bytes
) -> Iterator[tuple[feedparser.FeedParserDict | None, RawDocument | ReadError]]:
    """Each entry of an RSS/Atom feed with its document: (entry, RawDocument or ReadError).

    A feed that cannot be read at all gives one (None, ReadError). The entry is feedparser's, for callers that
    need more than the text (its GUID, link, whether it carries the full article).
    """
    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        yield None, ReadError(origin, UNSAFE_FEED)
        return
    except defusedxml.ElementTree.ParseError:
        pass  # Not well-formed: feedparser's lenient parser still reads most broken feeds.
    # feedparser's sanitizer and URI resolver delete an entity-escaped CDATA wrapper together with the text in
    # it; without them the wrapper comes back literally and is unwrapped here. Only text leaves this module, and
    # html_fragment_text drops scripts and styles, so the sanitizer has nothing left to protect.
    feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not feed.entries:
        yield None, ReadError(origin, NO_ENTRIES)
        return
    source = channel_outlet(_title_text(feed.feed.get("title", "")), feed.feed.get("link", ""))
    for number, entry in enumerate(feed.entries, start=1):
        yield entry, _feed_document(f"{origin}#entry {number}", entry, source)


def _feed_document(origin: str, entry: feedparser.FeedParserDict, source: str) -> RawDocument | ReadError:
    contents = entry.get("content") or []
    detail = contents[0] if contents else entry.get("summary_detail") or {}
    html = unwrap_cdata(detail.get("value", ""))
    text = _fix(_detail_text(html, detail.get("type", "")))
    if not text:
        return ReadError(origin, NO_BODY)
    summary = entry.get("summary_detail") or {}
    meta = {
        "title": _fix(_title_text(entry.get("title", ""))),
        "url": entry.get("link", ""),
        # The feed's own string: the describe stage reads its zone (WIB, WITA, WIT) and refuses what is no date.
        # dict.get: feedparser's own get maps a missing "updated" back to "published" (deprecated, warns).
        "published": entry.get("published", "") or dict.get(entry, "updated", ""),
        "author": _fix(entry.get("author", "")),
        "summary": _fix(_detail_text(summary.get("value", ""), summary.get("type", ""))) if contents else "",
        "source": source,
    }
    return RawDocument(origin=origin, format="feed", text=text, html=html, url=meta["url"],
                       meta={key: value for key, value in meta.items() if value})


_CDATA = re.compile(r"<!\[CDATA\[(.*?)(?:\]\]>|$)", re.DOTALL)


def unwrap_cdata(value: str) -> str:
    """`value` with each literal "<![CDATA[...]]>" replaced by its content (an unclosed one runs to the end).

    Feeds that entity-escape the wrapper (`&lt;![CDATA[...]]&gt;`) deliver it as text, not as an XML section.
    """
    return _CDATA.sub(r"\1", value) if "<![CDATA[" in value else value


_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def _detail_text(value: str, content_type: str) -> str:
    """Plain text of a feed text construct: markup and entities resolved unless it is declared plain text."""
    if content_type == "text/plain":
        return unwrap_cdata(value).strip()
    text = unwrap_cdata(html_fragment_text(unwrap_cdata(value)))
    # Escaped twice (`&amp;lt;b&amp;gt;`, `&amp;lt;![CDATA[`): the first reading leaves the markup as text.
    return html_fragment_text(text) if _TAG.search(text) else text


def _title_text(value: str) -> str:
    """A title as one line of words: markup is never part of a headline, whatever type the feed declares."""
    return " ".join(_detail_text(value, "text/html").split())


# Spaced separators between an outlet and a section in a channel title: "Kompas.com - Nasional", "Kabar X | Ekonomi".
# Each starts where its spaces start, and a domain where its word starts: a try from inside a long run is quadratic.
_CHANNEL_SEPARATOR = re.compile(r"(?<!\s)\s+[-–—|:»/]+\s+|(?<!\s)\s*[|»]\s*|:\s+")
_DOMAIN_LIKE = re.compile(r"(?<![\w-])[\w-]+\.(?:com|co\.id|co|id|net|org|news|tv)\b", re.IGNORECASE)


def channel_outlet(title: str, link: str = "") -> str:
    """The outlet part of a feed channel title: "Contoh Berita - Nasional" -> "Contoh Berita".

    The part that names the channel link's host ("ANTARA News" for antaranews.com) or looks like a domain
    ("Nasional | Kompas.com") wins; otherwise the first part, where channel titles put the outlet.
    """
    parts = [part.strip() for part in _CHANNEL_SEPARATOR.split(title) if part.strip()]
    if len(parts) < 2:
        return title.strip()
    host = _letters(".".join((urlsplit(link).hostname or "").removeprefix("www.").split(".")[:-1]))
    for part in parts:
        if (host and _letters(part) and _letters(part) in host) or _DOMAIN_LIKE.search(part):
            return part
    return parts[0]


def _letters(text: str) -> str:
    return "".join(character for character in text.casefold() if character.isalnum())


_NOT_TEXT = ("script", "style", "noscript", "template")


def html_fragment_text(html: str) -> str:
    """Text of an HTML fragment (a feed entry), one paragraph per block element; entities resolved, scripts and
    styles dropped. Never raises: an unreadable fragment gives ""."""
    if "<" not in html:
        return html_entities.unescape(html).strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return ""
    for element in [*root.iter(*_NOT_TEXT)]:
        element.drop_tree()
    for element in root.iter("br", "p", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "figcaption"):
        element.tail = "\n\n" + (element.tail or "")
    return root.text_content().strip()


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


_OPENER = urllib.request.build_opener(_LimitedRedirects())


def _read_url(url: str, fmt: str, timeout: float) -> Iterator[RawDocument | ReadError]:
    try:
        data, final_url, content_type = fetch(url, timeout=timeout)
    except ReadError as error:
        yield error
        return
    if fmt == "auto" and "html" in content_type and sniff_format(final_url, data) == "html":
        fmt = "html"
    yield from documents_from_bytes(url, data, fmt, url=final_url)


class HTTPStatusError(ReadError):
    """A server's refusal (4xx, 5xx) with its status and any `Retry-After` header, as sent."""

    def __init__(self, origin: str, status: int, reason: str, retry_after: str = "") -> None:
        super().__init__(origin, f"HTTP {status} {reason}")
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Response:
    """An http(s) response as a poller needs it: 304 has an empty body; header names are lower-case."""

    status: int
    body: bytes
    url: str
    content_type: str
    headers: dict[str, str]


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS) -> tuple[bytes, str, str]:
    """GET an http(s) URL: (body, final URL, content type). Raises ReadError with a readable reason."""
    response = fetch_response(url, timeout=timeout)
    return response.body, response.url, response.content_type


def fetch_response(url: str, *, headers: dict[str, str] | None = None,
                   timeout: float = TIMEOUT_SECONDS) -> Response:
    """GET an http(s) URL with extra request `headers` (If-None-Match, If-Modified-Since).

    Returns 200-range and 304 responses; raises HTTPStatusError for other statuses and ReadError when the
    server cannot be reached or the body is over MAX_BYTES.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*", **(headers or {})})  # noqa: S310 (http(s) checked by the caller)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            result = Response(status=response.status, body=data, url=response.geturl(),
                              content_type=response.headers.get("Content-Type", "").lower(),
                              headers={name.lower(): value for name, value in response.headers.items()})
    except urllib.error.HTTPError as error:
        response_headers = {name.lower(): value for name, value in (error.headers or {}).items()}
        if error.code == 304:  # urllib reports "not modified" as an error; for a conditional GET it is the answer
            return Response(status=304, body=b"", url=url, content_type="", headers=response_headers)
        raise HTTPStatusError(url, error.code, error.reason, response_headers.get("retry-after", "")) from None
    except urllib.error.URLError as error:
        raise ReadError(url, f"cannot fetch ({error.reason})") from None
    except (TimeoutError, OSError, http.client.HTTPException, ValueError) as error:
        raise ReadError(url, f"cannot fetch ({error or 'timed out'})") from None
    if len(data) > MAX_BYTES:
        raise ReadError(url, TOO_LARGE)
    return result
