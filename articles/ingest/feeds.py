"""Feeds and sitemaps as a poller reads them: plain functions over bytes, URLs and times (no HTTP, no database).

An entry knows its identity (GUID, normalised URL) and whether the feed carries the whole article or only a
summary, in which case the poller fetches the page. The schedule arithmetic (back-off, Retry-After, the usual
gap between items) lives here too, so it can be tested without a clock.
"""

import hashlib
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from itertools import pairwise
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import defusedxml
import defusedxml.ElementTree
import lxml.html
from lxml.etree import ParserError

from articles.ingest.document import RawDocument, ReadError
from articles.ingest.read import feed_entries

NOT_A_SITEMAP = "not a sitemap (expected <urlset> or <sitemapindex>)"
UNSAFE_SITEMAP = "sitemap declares XML entities or external references (refused)"
# A feed "description" this long is the article itself, not a teaser (Indonesian teasers run 20-60 words).
FULL_TEXT_WORDS = 150
# Tracking parameters that make one article look like several URLs.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


@dataclass(frozen=True)
class Entry:
    """One item a feed or sitemap lists.

    `document` is the feed's own text (None for a sitemap); `full` says it is the whole article, so the page
    need not be fetched.
    """

    guid: str
    url: str
    published: datetime | None = None
    document: RawDocument | ReadError | None = None
    full: bool = False


@dataclass(frozen=True)
class Listing:
    """What one fetch of a feed or sitemap lists: its entries, and for a sitemap index its child sitemaps."""

    entries: list[Entry]
    children: list[str]


def normalise_url(url: str) -> str:
    """`url` as an identity: lower-case scheme and host, no fragment, default port or tracking parameters."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return url.strip()
    host = parts.hostname + (f":{port}" if port and port != {"http": 80, "https": 443}[parts.scheme] else "")
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
                       if not key.lower().startswith(_TRACKING)])
    return urlunsplit((parts.scheme, host, parts.path or "/", query, ""))


def canonical_url(html: str, base: str) -> str:
    """The page's `<link rel="canonical">`, resolved against `base` and normalised; `base` normalised without."""
    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return normalise_url(base)
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").strip():
            return normalise_url(urljoin(base, link.get("href").strip()))
    return normalise_url(base)


def _struct_time(value) -> datetime | None:
    return datetime(*value[:6], tzinfo=UTC) if value else None


def _feed_entry(entry, document: RawDocument | ReadError) -> Entry:
    link = normalise_url(entry.get("link", "")) if entry.get("link") else ""
    text = document.text if isinstance(document, RawDocument) else ""
    guid = entry.get("id") or link or hashlib.sha256(
        (entry.get("title", "") + "\n" + text).encode("utf-8", "surrogatepass")).hexdigest()
    full = bool(entry.get("content")) or len(text.split()) >= FULL_TEXT_WORDS
    # dict.get: feedparser's own get maps a missing "updated_parsed" back to "published_parsed" (deprecated, warns).
    published = _struct_time(entry.get("published_parsed") or dict.get(entry, "updated_parsed"))
    return Entry(guid=guid[:1000], url=link, published=published, document=document, full=full or not link)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element, name: str) -> str:
    for child in element.iter():
        if _local(child.tag) == name and (child.text or "").strip():
            return child.text.strip()
    return ""


def _w3c_date(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read_sitemap(origin: str, data: bytes) -> Listing:
    """The pages of a `<urlset>` (Google News tags read for the date) or the children of a `<sitemapindex>`,
    newest first where dated. Raises ReadError for anything else."""
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise ReadError(origin, UNSAFE_SITEMAP) from None
    except defusedxml.ElementTree.ParseError as error:
        raise ReadError(origin, f"{NOT_A_SITEMAP}: {error}") from None
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ReadError(origin, NOT_A_SITEMAP)
    oldest = datetime.min.replace(tzinfo=UTC)
    if kind == "sitemapindex":
        children = [(loc, _w3c_date(_child_text(item, "lastmod")) or oldest)
                    for item in root if _local(item.tag) == "sitemap" and (loc := _child_text(item, "loc"))]
        return Listing(entries=[], children=[loc for loc, _ in sorted(children, key=lambda c: c[1], reverse=True)])
    entries = []
    for item in root:
        if _local(item.tag) == "url" and (loc := _child_text(item, "loc")):
            url = normalise_url(urljoin(origin, loc))
            published = _w3c_date(_child_text(item, "publication_date") or _child_text(item, "lastmod"))
            entries.append(Entry(guid=url[:1000], url=url, published=published))
    entries.sort(key=lambda entry: entry.published or oldest, reverse=True)
    return Listing(entries=entries, children=[])


def read_feed(origin: str, data: bytes) -> Listing:
    """The entries of an RSS/Atom feed, in the feed's order. Raises ReadError when it has none or is unsafe."""
    entries = []
    for entry, document in feed_entries(origin, data):
        if entry is None:
            raise document
        entries.append(_feed_entry(entry, document))
    return Listing(entries=entries, children=[])


def retry_after_seconds(value: str, now: datetime) -> int | None:
    """A `Retry-After` header (seconds, or an HTTP date) as seconds from `now`; None when absent or unreadable."""
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0, int((moment - now).total_seconds()))


def backoff_delay(interval: timedelta, failures: int, cap: timedelta) -> timedelta:
    """The wait after `failures` consecutive failures: the interval doubled each time, never over `cap`."""
    return min(interval * 2 ** min(failures, 32), max(cap, interval))


def usual_gap(times: list[datetime]) -> timedelta | None:
    """The median gap between consecutive item times; None with fewer than three items."""
    ordered = sorted(times)
    if len(ordered) < 3:
        return None
    return statistics.median(later - earlier for earlier, later in pairwise(ordered))


def is_silent(*, last_item_at: datetime | None, gap: timedelta | None, interval: timedelta, now: datetime) -> bool:
    """A feed is silent when nothing new came for three times its usual gap (never less than its poll interval:
    a feed cannot be heard more often than it is polled)."""
    if last_item_at is None or gap is None:
        return False
    return now - last_item_at > 3 * max(gap, interval)
