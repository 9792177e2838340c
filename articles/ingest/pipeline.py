"""The ingest pipeline: read -> prepare (clean, describe) -> store -> recognise -> queue for the index.

Each article lands in its own transaction; a failure is recorded as `origin: reason` and the batch goes on.
"""

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
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
    name = " ".join(name.split()) or UNKNOWN_SOURCE
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


def _apply(article: Article, prepared: Prepared, raw: RawDocument, source: Source, digest: str) -> None:
    article.source = source
    article.title = prepared.title
    article.slug = slugify(prepared.title)[:SLUG_LENGTH] or "artikel"
    article.url = prepared.url or raw.url
    article.author = prepared.author
    article.dateline = prepared.dateline
    article.agency = prepared.agency
    article.published = prepared.published
    article.body = prepared.body
    article.raw_text = raw.html or raw.text
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
    url = prepared.url or raw.url
    article = Article.objects.select_for_update().filter(url=url).first() if url else None
    outcome = UPDATED if article else INGESTED
    article = article or Article()
    _apply(article, prepared, raw, source, digest)
    article.save()
    article_mentions_refresh(article=article)
    article_cluster_assign(article=article)
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
    IngestFailure.objects.create(run=report.run, origin=origin[:1000], reason=reason)
    log.warning(message)


def ingest(targets: Iterable[str], *, fmt: str = "auto", source_slug: str | None = None, stdin=None,
           on_progress: Callable[[str], None] | None = None) -> BatchReport:
    """Ingest every document under `targets`; returns the run with its counts and errors."""
    targets = list(targets)
    report = BatchReport(run=IngestRun.objects.create(targets="\n".join(targets)))
    counters = {INGESTED: "ingested", DUPLICATE: "duplicates", UPDATED: "updated"}
    for target in targets:
        for item in iter_documents(target, fmt, stdin=stdin):
            if isinstance(item, ReadError):
                _record_failure(report, item.origin, item.reason)
            else:
                try:
                    outcome, _ = article_store(raw=item, source_slug=source_slug)
                except (ValueError, DatabaseError) as exc:
                    _record_failure(report, item.origin, str(exc) or type(exc).__name__)
                else:
                    setattr(report.run, counters[outcome], getattr(report.run, counters[outcome]) + 1)
            if on_progress:
                on_progress(getattr(item, "origin", target))
    report.run.finished_at = timezone.now()
    report.run.save()
    return report
