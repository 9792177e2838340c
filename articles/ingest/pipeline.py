"""The ingest pipeline: read -> prepare (clean, describe) -> store -> recognise -> queue for the index.

Each article lands in its own transaction; a failure is recorded as `origin: reason` and the batch goes on.
A lost database connection (a restarted server) is reported, re-opened with back-off and the document tried
again; if the database stays away the run stops with IngestInterrupted. Re-running the same command is always
safe: articles are identified by content hash, so what landed is a duplicate and what did not lands now.
"""

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.entities.extract import article_mentions_refresh
from articles.ingest.dedup import article_cluster_assign
from articles.ingest.document import RawDocument, ReadError
from articles.ingest.prepare import Prepared, prepare
from articles.ingest.read import iter_documents
from articles.models import Article, IngestFailure, IngestRun, Source
from articles.search.indexing import enqueue

log = logging.getLogger("telusur.ingest")

UNKNOWN_SOURCE = "Tidak diketahui"
SLUG_LENGTH = 80
INGESTED, DUPLICATE, UPDATED = "ingested", "duplicate", "updated"
# Back-off while the database is away: 0.5 + 1 + 2 + 4 + 8 s, enough for a restart, short enough to give up.
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)
# Counts are saved this often, so a killed run still shows roughly how far it got.
SAVE_EVERY = 100
DATABASE_LOST = "database connection lost ({error}); reconnecting"
DATABASE_BACK = "database connection re-opened; going on"
DATABASE_GONE = ("the database stayed unreachable ({error}); everything before {origin} is stored: "
                 "run the same command again to finish")
INTERNAL_ERROR = "internal error ({kind}: {error})"


class IngestInterrupted(Exception):
    """The database stayed unreachable; what landed is committed and re-running the command finishes the rest."""


@dataclass
class BatchReport:
    """One ingest run with its counts, and the `origin: reason` of each failure."""

    run: IngestRun
    errors: list[str] = field(default_factory=list)


def content_hash(raw: RawDocument) -> str:
    """Identity of an input: the same bytes ingested twice are one article."""
    payload = "\n".join([raw.url, raw.html or raw.text]).strip()
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def source_resolve(*, name: str, domain: str = "") -> Source:
    """The Source called `name`, created on first sight with a clean slug."""
    name = storable(" ".join(name.split()), Source._meta.get_field("name").max_length) or UNKNOWN_SOURCE
    domain = storable(domain, Source._meta.get_field("domain").max_length)
    slug = slugify(name)[:SLUG_LENGTH] or "sumber"
    source, created = Source.objects.get_or_create(slug=slug, defaults={"name": name, "domain": domain})
    if not created and domain and not source.domain:
        source.domain = domain
        source.save(update_fields=["domain"])
    return source


def _prepare_for_source(raw: RawDocument, source_slug: str | None) -> tuple[Prepared, Source]:
    if source_slug:
        source = Source.objects.filter(slug=source_slug).first() or source_resolve(name=source_slug)
        return prepare(raw, rules=source.rule_list()), source
    prepared = prepare(raw)
    source = source_resolve(name=prepared.source_name, domain=prepared.source_domain)
    rules = source.rule_list()
    return (prepare(raw, rules=rules) if rules else prepared), source


def storable(text: str, max_length: int | None = None) -> str:
    """Text PostgreSQL accepts: no NUL, no lone surrogate, cut to the column's length."""
    text = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text[:max_length] if max_length else text


def _limit(name: str) -> int | None:
    return Article._meta.get_field(name).max_length


def _apply(article: Article, prepared: Prepared, raw: RawDocument, source: Source, digest: str) -> None:
    article.source = source
    article.title = storable(prepared.title, _limit("title"))
    article.slug = slugify(article.title)[:SLUG_LENGTH] or "artikel"
    url = storable(prepared.url or raw.url)
    article.url = url if len(url) <= _limit("url") else ""  # an overlong URL is no usable identity
    article.author = storable(prepared.author, _limit("author"))
    article.dateline = storable(prepared.dateline, _limit("dateline"))
    article.agency = storable(prepared.agency, _limit("agency"))
    article.published = prepared.published
    article.body = storable(prepared.body)
    article.raw_text = storable(raw.html or raw.text)
    article.removed_lines = [{"line": item.line, "rule": item.rule} for item in prepared.removed]
    article.content_hash = digest


@transaction.atomic
def article_store(*, raw: RawDocument, source_slug: str | None = None) -> tuple[str, Article]:
    """Store one document: new article, update of the same URL, or a duplicate left untouched."""
    digest = content_hash(raw)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return DUPLICATE, existing
    prepared, source = _prepare_for_source(raw, source_slug)
    if not prepared.body.strip():
        raise ValueError("no article text found")
    url = storable(prepared.url or raw.url)
    article = Article.objects.select_for_update().filter(url=url).first() if 0 < len(url) <= _limit("url") else None
    outcome = UPDATED if article else INGESTED
    article = article or Article()
    _apply(article, prepared, raw, source, digest)
    article.save()
    article_mentions_refresh(article=article, new=outcome == INGESTED)
    article_cluster_assign(article=article, new=outcome == INGESTED)
    enqueue([article.pk])
    return outcome, article


def failure_target(origin: str) -> str:
    """The input to read again for a failure: the file of a bad JSON line, the feed of a bad entry."""
    return re.sub(r"(:line \d+|#entry \d+)$", "", origin)


def failures_retry(failures: Iterable[IngestFailure]) -> BatchReport:
    """Ingest the inputs of `failures` again; the ones that now succeed are marked resolved."""
    failures = list(failures)
    report = ingest(sorted({failure_target(f.origin) for f in failures}))
    still_failing = {origin for origin in report.run.failures.values_list("origin", flat=True)}
    IngestFailure.objects.filter(pk__in=[f.pk for f in failures if f.origin not in still_failing]).update(
        resolved=True)
    return report


def _record_failure(report: BatchReport, origin: str, reason: str) -> None:
    message = f"{origin}: {reason}"
    report.errors.append(message)
    report.run.failed += 1
    log.warning(message)
    _with_database(lambda: IngestFailure.objects.create(run=report.run, origin=storable(origin, 1000),
                                                        reason=storable(reason)), origin)


def _connection_usable() -> bool:
    return connection.connection is not None and connection.is_usable()


def _reconnect(error: Exception, origin: str) -> None:
    """Re-open the database connection with back-off; IngestInterrupted when it stays away."""
    log.warning(DATABASE_LOST.format(error=_first_line(error)))
    for delay in RECONNECT_DELAYS:
        connection.close()
        try:
            connection.ensure_connection()
        except (OperationalError, InterfaceError) as exc:
            error = exc
            time.sleep(delay)
        else:
            log.warning(DATABASE_BACK)
            return
    raise IngestInterrupted(DATABASE_GONE.format(error=_first_line(error), origin=origin))


def _with_database[T](action: Callable[[], T], origin: str) -> T:
    """`action()`, run once more on a fresh connection when the first try lost the database."""
    try:
        return action()
    except (OperationalError, InterfaceError) as exc:
        if _connection_usable():
            raise
        _reconnect(exc, origin)
        return action()


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _documents(target: str, fmt: str, stdin) -> Iterator[RawDocument | ReadError]:
    """The target's documents; a reader that breaks on hostile input becomes one ReadError, not a crash."""
    try:
        yield from iter_documents(target, fmt, stdin=stdin)
    except Exception as exc:  # one bad input must not stop the batch
        log.exception("reading %s failed", target)
        yield ReadError(target, INTERNAL_ERROR.format(kind=type(exc).__name__, error=_first_line(exc)))


def _store_one(report: BatchReport, item: RawDocument, source_slug: str | None) -> None:
    counters = {INGESTED: "ingested", DUPLICATE: "duplicates", UPDATED: "updated"}
    try:
        outcome, _ = _with_database(lambda: article_store(raw=item, source_slug=source_slug), item.origin)
    except IngestInterrupted:
        raise
    except (ValueError, DatabaseError) as exc:
        _record_failure(report, item.origin, _first_line(exc))
    except Exception as exc:  # a bug met on one odd document must not stop the batch
        log.exception("storing %s failed", item.origin)
        _record_failure(report, item.origin, INTERNAL_ERROR.format(kind=type(exc).__name__, error=_first_line(exc)))
    else:
        setattr(report.run, counters[outcome], getattr(report.run, counters[outcome]) + 1)


def ingest(targets: Iterable[str], *, fmt: str = "auto", source_slug: str | None = None, stdin=None,
           on_progress: Callable[[str], None] | None = None) -> BatchReport:
    """Ingest every document under `targets`; returns the run with its counts and errors.

    Raises IngestInterrupted when the database stays unreachable (everything stored so far is committed).
    """
    targets = list(targets)
    report = BatchReport(run=IngestRun.objects.create(targets=storable("\n".join(targets))))
    seen = 0
    for target in targets:
        for item in _documents(target, fmt, stdin):
            if isinstance(item, ReadError):
                _record_failure(report, item.origin, item.reason)
            else:
                _store_one(report, item, source_slug)
            seen += 1
            if seen % SAVE_EVERY == 0:
                _with_database(report.run.save, getattr(item, "origin", target))
            if on_progress:
                on_progress(getattr(item, "origin", target))
    report.run.finished_at = timezone.now()
    _with_database(report.run.save, "the end")
    return report
