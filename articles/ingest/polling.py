"""Poll the due feeds: conditional GET, robots.txt, back-off, each item once, new items through the pipeline.

A feed is claimed with `SELECT ... FOR UPDATE SKIP LOCKED` and polled inside that transaction, so two workers
never poll one feed at once, and what a poll writes (articles, seen items, the feed's state) commits together or
not at all: a worker killed mid-poll leaves the feed due and untouched (PostgreSQL drops the lock with the
connection), and the next poll does the whole of it again. Pages are fetched before anything is written, so the
transaction is idle while the network is slow, not holding article rows.

An item is known by its GUID within the feed, and across feeds by its URL, the page's canonical URL and the
content hash of what was ingested (FeedItem). Known items are never fetched again; an item whose page failed
to load is tried again on the next poll. The validators (ETag, Last-Modified) are kept only when nothing the
feed lists is left to do, or a 304 would hide the rest.
"""

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.ingest.analyse import INTERNAL_ERROR, first_line
from articles.ingest.document import RawDocument, ReadError
from articles.ingest.feeds import (
    Entry,
    Listing,
    backoff_delay,
    canonical_url,
    read_feed,
    read_sitemap,
    retry_after_seconds,
    usual_gap,
)
from articles.ingest.pipeline import IngestInterrupted, ingest_documents
from articles.ingest.read import HTTPStatusError, Response, documents_from_bytes, fetch_response
from articles.ingest.sources import storable
from articles.ingest.store import content_hash
from articles.models import Article, Feed, FeedItem, FeedKind

log = logging.getLogger("telusur.feeds")

ROBOTS_AGENT = "TelusurBot"
ROBOTS_DISALLOWED = "robots.txt disallows {url}"
ROBOTS_UNAVAILABLE = "robots.txt unavailable ({reason}); trying later"
# A server asking for more than a week is honoured for a week, then asked again.
RETRY_AFTER_CAP = timedelta(days=7)
# Child sitemaps read from a sitemap index per poll, newest first (news sites keep one per day or month).
SITEMAP_CHILDREN = 3
# Recent items whose gaps make a feed's usual gap.
GAP_SAMPLE = 20


class Robots:
    """robots.txt of each host, fetched once per polling run (urllib.robotparser's rules).

    As robotparser reads it: 401 and 403 forbid everything, other 4xx allow everything; a 5xx or an unreachable
    host says nothing yet, so the feed waits (ReadError) rather than crawling without knowing the rules.
    """

    def __init__(self) -> None:
        self._parsers: dict[str, RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._parsers:
            self._parsers[origin] = self._read(origin + "/robots.txt")
        return self._parsers[origin].can_fetch(ROBOTS_AGENT, url)

    @staticmethod
    def _read(url: str) -> RobotFileParser:
        parser = RobotFileParser(url)
        try:
            response = fetch_response(url)
        except HTTPStatusError as error:
            if error.status >= 500:
                raise ReadError(url, ROBOTS_UNAVAILABLE.format(reason=error.reason)) from None
            parser.disallow_all = error.status in (401, 403)
            parser.allow_all = not parser.disallow_all
            return parser
        except ReadError as error:
            raise ReadError(url, ROBOTS_UNAVAILABLE.format(reason=error.reason)) from None
        parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        return parser


@dataclass
class PollOutcome:
    """One feed's poll: `new` items stored, `known` items found stored already, or the error that stopped it."""

    feed: Feed
    unchanged: bool = False
    new: int = 0
    known: int = 0
    error: str = ""
    errors: list[str] = field(default_factory=list)  # items that failed, tried again on the next poll


@dataclass
class PollSummary:
    outcomes: list[PollOutcome] = field(default_factory=list)

    def line(self) -> str:
        failed = sum(1 for outcome in self.outcomes if outcome.error)
        unchanged = sum(1 for outcome in self.outcomes if outcome.unchanged)
        return (f"polled {len(self.outcomes)} feed(s): {sum(o.new for o in self.outcomes)} new item(s), "
                f"{unchanged} unchanged, {failed} failed")


@dataclass
class _Item:
    """An unseen entry on its way to the pipeline: the document to ingest and the identities to record."""

    entry: Entry
    document: RawDocument | ReadError
    canonical: str = ""
    digest: str = ""


def feeds_poll_due() -> PollSummary:
    """Poll every feed that is due now, one at a time, skipping feeds another worker is polling."""
    robots, summary, done = Robots(), PollSummary(), set()
    while True:
        with transaction.atomic():
            # of=("self",): lock the feed row only, so two feeds of one source are polled in parallel.
            feed = (Feed.objects.select_for_update(skip_locked=True, of=("self",)).select_related("source")
                    .filter(active=True, next_poll_at__lte=timezone.now()).exclude(pk__in=done)
                    .order_by("next_poll_at").first())
            if feed is None:
                return summary
            done.add(feed.pk)
            summary.outcomes.append(feed_poll(feed=feed, robots=robots))


def feed_poll(*, feed: Feed, robots: Robots) -> PollOutcome:
    """Poll one feed (locked by the caller's transaction) and record the outcome on it."""
    now = timezone.now()
    feed.last_polled_at = now
    try:
        with transaction.atomic():  # a savepoint: a poll that fails half-way leaves only its error behind
            outcome = _poll(feed, robots, now)
    except IngestInterrupted:
        raise
    except ReadError as error:
        outcome = PollOutcome(feed=feed, error=_failed(feed, error, now))
    except Exception as exc:  # a bug met on one feed must not stop the others
        log.exception("polling %s failed", feed.url)
        error = ReadError(feed.url, INTERNAL_ERROR.format(kind=type(exc).__name__, error=first_line(exc)))
        outcome = PollOutcome(feed=feed, error=_failed(feed, error, now))
    feed.save()
    return outcome


def _interval(feed: Feed) -> timedelta:
    return timedelta(minutes=feed.interval_minutes)


def _failed(feed: Feed, error: ReadError, now: datetime) -> str:
    """Push the feed back (exponential, capped; never before a server's Retry-After); the reason as recorded."""
    feed.failures += 1
    delay = backoff_delay(_interval(feed), feed.failures, timedelta(hours=settings.FEED_MAX_BACKOFF_HOURS))
    reason = error.reason
    if isinstance(error, HTTPStatusError) and error.retry_after:
        reason += f" (Retry-After: {error.retry_after})"
        asked = retry_after_seconds(error.retry_after, now)
        if asked is not None:
            delay = max(delay, min(timedelta(seconds=asked), RETRY_AFTER_CAP))
    feed.backoff_seconds = int(delay.total_seconds())
    feed.next_poll_at = now + delay
    feed.last_error = storable(reason)
    feed.last_error_at = now
    return reason


def _succeeded(feed: Feed, now: datetime) -> None:
    feed.failures = 0
    feed.backoff_seconds = 0
    feed.last_success_at = now
    feed.next_poll_at = now + _interval(feed)


def _fetch_allowed(url: str, robots: Robots, headers: dict[str, str] | None = None) -> Response:
    if not robots.allowed(url):
        raise ReadError(url, ROBOTS_DISALLOWED.format(url=url))
    return fetch_response(url, headers=headers)


def _listing(feed: Feed, body: bytes, robots: Robots) -> Listing:
    if feed.kind != FeedKind.SITEMAP:
        return read_feed(feed.url, body)
    listing = read_sitemap(feed.url, body)
    entries = list(listing.entries)
    for child in listing.children[:SITEMAP_CHILDREN]:
        entries += read_sitemap(child, _fetch_allowed(child, robots).body).entries
    return Listing(entries=entries, children=[])


def _poll(feed: Feed, robots: Robots, now: datetime) -> PollOutcome:
    headers = {name: value for name, value in (("If-None-Match", feed.etag),
                                               ("If-Modified-Since", feed.last_modified)) if value}
    response = _fetch_allowed(feed.url, robots, headers)
    if response.status == 304:
        _succeeded(feed, now)
        return PollOutcome(feed=feed, unchanged=True)
    entries = list({entry.guid: entry for entry in reversed(_listing(feed, response.body, robots).entries)}
                   .values())[::-1]  # one entry per GUID, in the feed's order
    outcome = PollOutcome(feed=feed)
    fresh = _record_known(feed, entries, outcome, now)
    todo = fresh[:settings.FEED_MAX_ITEMS_PER_POLL]
    items = _prepare_all(todo, robots)
    items = _drop_known_content(feed, items, outcome, now)
    if items:
        report = ingest_documents([item.document for item in items], label=f"feed {feed.url}",
                                  source_slug=feed.source.slug, processes=1)
        stored = [item for item in items if storable(item.document.origin, 1000) in report.stored_origins]
        articles = dict(Article.objects.filter(content_hash__in=[item.digest for item in stored])
                        .values_list("content_hash", "pk"))
        _record(feed, [(item.entry, item.canonical, item.digest, articles.get(item.digest)) for item in stored], now)
        outcome.new = len(stored)
        outcome.errors = report.errors
    left = len(fresh) - outcome.new
    # Conditional GET only once everything listed is done: a 304 would otherwise hide what is left.
    feed.etag = storable(response.headers.get("etag", ""), 500) if not left else ""
    feed.last_modified = storable(response.headers.get("last-modified", ""), 100) if not left else ""
    _succeeded(feed, now)
    _hear(feed)
    return outcome


def _record_known(feed: Feed, entries: list[Entry], outcome: PollOutcome, now: datetime) -> list[Entry]:
    """Entries not seen before, in order; those another feed (or a hand ingest) brought in are recorded as this
    feed's items without a fetch."""
    guids = set(FeedItem.objects.filter(feed=feed, guid__in=[entry.guid for entry in entries])
                .values_list("guid", flat=True))
    entries = [entry for entry in entries if entry.guid not in guids]
    by_url = _articles_by_url([entry.url for entry in entries if entry.url])
    known = [(entry, "", "", by_url[entry.url]) for entry in entries if entry.url in by_url]
    _record(feed, known, now)
    outcome.known += len(known)
    return [entry for entry in entries if entry.url not in by_url]


def _articles_by_url(urls: list[str]) -> dict[str, int | None]:
    """Article (or None when it is gone) for each URL already stored, by item URL, canonical URL or article URL."""
    urls = set(urls)
    found: dict[str, int | None] = {}
    for url, canonical, article in FeedItem.objects.filter(Q(url__in=urls) | Q(canonical_url__in=urls)).values_list(
            "url", "canonical_url", "article"):
        for key in (url, canonical):
            if key in urls and found.get(key) is None:
                found[key] = article
    for url, article in Article.objects.filter(url__in=urls).values_list("url", "pk"):
        found[url] = article
    return found


def _prepare_all(entries: list[Entry], robots: Robots) -> list[_Item]:
    """The documents of new entries; entries that share a link share one fetch of the page."""
    items, by_url = [], {}
    for entry in entries:
        if entry.url in by_url:
            items.append(replace(by_url[entry.url], entry=entry))
        elif (item := _prepare(entry, robots)) is not None:
            items.append(item)
            if entry.url and not entry.full:
                by_url[entry.url] = item
    return items


def _prepare(entry: Entry, robots: Robots) -> _Item | None:
    """The document to ingest for an entry: the feed's own text when it is the article, else the page.

    A page robots.txt forbids is not fetched: the feed's summary stands in when there is one, else the entry
    waits (it stays unseen, so a later rule change lets it in).
    """
    if entry.full and entry.document is not None:
        return _Item(entry=entry, document=entry.document, canonical=entry.url)
    if not robots.allowed(entry.url):
        return _Item(entry=entry, document=entry.document, canonical=entry.url) if entry.document else None
    try:
        response = fetch_response(entry.url)
    except ReadError as error:
        return _Item(entry=entry, document=error)
    document = next(iter(documents_from_bytes(entry.url, response.body, "html", url=response.url)))
    html = document.html if isinstance(document, RawDocument) else ""
    return _Item(entry=entry, document=document, canonical=canonical_url(html, response.url) if html else entry.url)


def _drop_known_content(feed: Feed, items: list[_Item], outcome: PollOutcome, now: datetime) -> list[_Item]:
    """Items whose page names a stored canonical URL or whose content is stored already are recorded, not
    ingested again; the others get their content hash."""
    for item in items:
        if isinstance(item.document, RawDocument):
            item.digest = content_hash(item.document)
    by_canonical = _articles_by_url([item.canonical for item in items if item.canonical
                                     and item.canonical != item.entry.url])
    by_digest = dict(FeedItem.objects.filter(content_hash__in=[item.digest for item in items if item.digest])
                     .values_list("content_hash", "article"))
    known = [item for item in items if item.canonical in by_canonical or item.digest in by_digest]
    _record(feed, [(item.entry, item.canonical, item.digest,
                    by_canonical.get(item.canonical) or by_digest.get(item.digest)) for item in known], now)
    outcome.known += len(known)
    return [item for item in items if not any(item is other for other in known)]


def _record(feed: Feed, rows: list[tuple[Entry, str, str, int | None]], now: datetime) -> None:
    """Remember items as seen: (entry, canonical URL, content hash, article id)."""
    FeedItem.objects.bulk_create([
        FeedItem(feed=feed, guid=entry.guid, url=storable(entry.url, 1000), canonical_url=storable(canonical, 1000),
                 content_hash=digest, article_id=article, published=min(entry.published or now, now), seen_at=now)
        for entry, canonical, digest, article in rows])


def _hear(feed: Feed) -> None:
    """Update the newest item's time and the usual gap between items, from the feed's recent items."""
    times = list(FeedItem.objects.filter(feed=feed, published__isnull=False).order_by("-published")
                 .values_list("published", flat=True)[:GAP_SAMPLE])
    if times:
        feed.last_item_at = times[0]
        feed.usual_gap = usual_gap(times)
