"""The ingest pipeline: read -> analyse (clean, describe, recognise, sign) -> store -> queue for the index.

Documents go in chunks: workers analyse one chunk while this process stores the previous one in a single
transaction. A chunk that fails to store is retried one document at a time, so a failure is recorded as
`origin: reason` against that document alone and the batch goes on. A lost database connection (a restarted
server) is reported, re-opened with back-off and the work tried again; if the database stays away the run stops
with IngestInterrupted. Re-running the same command is always safe: articles are identified by content hash,
so what landed is a duplicate and what did not lands now.
"""

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.utils import timezone

from articles.entities.registry import current_registry
from articles.ingest.analyse import INTERNAL_ERROR, Analysed, Analyser, Rules, document_limits, first_line
from articles.ingest.document import RawDocument, ReadError
from articles.ingest.failures import failure_record, failures_close
from articles.ingest.read import iter_documents
from articles.ingest.sources import outlet_directory, source_rules, storable
from articles.ingest.store import (
    DEFERRED,
    DUPLICATE,
    INGESTED,
    UPDATED,
    article_store,
    chunk_store,
    content_hash,
    known_hashes,
)
from articles.models import IngestFailure, IngestRun

log = logging.getLogger("telusur.ingest")

# Back-off while the database is away: 0.5 + 1 + 2 + 4 + 8 s, enough for a restart, short enough to give up.
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)
DATABASE_LOST = "database connection lost ({error}); reconnecting"
DATABASE_BACK = "database connection re-opened; going on"
DATABASE_GONE = ("the database stayed unreachable ({error}); everything before {origin} is stored: "
                 "run the same command again to finish")
COUNTERS = {INGESTED: "ingested", DUPLICATE: "duplicates", UPDATED: "updated"}


class IngestInterrupted(Exception):
    """The database stayed unreachable; what landed is committed and re-running the command finishes the rest."""


@dataclass
class BatchReport:
    """One ingest run with its counts, and the `origin: reason` of each failure (the caller reports them)."""

    run: IngestRun
    errors: list[str] = field(default_factory=list)
    failed_origins: set[str] = field(default_factory=set)
    stored_origins: set[str] = field(default_factory=set)  # read and stored (or already stored) in this run


def failure_target(origin: str) -> str:
    """The input to read again for a failure: the file of a bad JSON line, the feed of a bad entry."""
    return re.sub(r"(:line \d+|#entry \d+)$", "", origin)


def failures_retry(failures: Iterable[IngestFailure]) -> BatchReport:
    """Ingest the inputs of `failures` again: rows of inputs that still fail are updated, the others closed."""
    return ingest(sorted({failure_target(f.origin) for f in failures}))


def _record_failure(report: BatchReport, origin: str, reason: str) -> None:
    message = f"{origin}: {reason}"
    report.errors.append(message)
    report.failed_origins.add(storable(origin, 1000))
    report.run.failed += 1
    with_database(lambda: failure_record(run=report.run, origin=origin, reason=reason), origin)


def _connection_usable() -> bool:
    return connection.connection is not None and connection.is_usable()


def _reconnect(error: Exception, origin: str) -> None:
    """Re-open the database connection with back-off; IngestInterrupted when it stays away."""
    log.warning(DATABASE_LOST.format(error=first_line(error)))
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
    raise IngestInterrupted(DATABASE_GONE.format(error=first_line(error), origin=origin))


def with_database[T](action: Callable[[], T], origin: str) -> T:
    """`action()`, run once more on a fresh connection when the first try lost the database.

    Raises IngestInterrupted (naming `origin`, where the work stopped) when the database stays away.
    """
    try:
        return action()
    except (OperationalError, InterfaceError) as exc:
        if _connection_usable():
            raise
        _reconnect(exc, origin)
        return action()


def _documents(target: str, fmt: str, stdin) -> Iterator[RawDocument | ReadError]:
    """The target's documents; a reader that breaks on hostile input becomes one ReadError, not a crash."""
    try:
        yield from iter_documents(target, fmt, stdin=stdin)
    except Exception as exc:  # one bad input must not stop the batch
        log.exception("reading %s failed", target)
        yield ReadError(target, INTERNAL_ERROR.format(kind=type(exc).__name__, error=first_line(exc)))


def _chunks(items: Iterable[RawDocument | ReadError]) -> Iterator[list[RawDocument | ReadError]]:
    items = iter(items)
    while chunk := list(islice(items, settings.INGEST_CHUNK_SIZE)):
        yield chunk


def _count(report: BatchReport, outcome: str, origin: str) -> None:
    report.stored_origins.add(storable(origin, 1000))
    setattr(report.run, COUNTERS[outcome], getattr(report.run, COUNTERS[outcome]) + 1)


def _store_one(report: BatchReport, item: RawDocument, source_slug: str | None) -> None:
    try:
        outcome, _ = with_database(lambda: article_store(raw=item, source_slug=source_slug), item.origin)
    except IngestInterrupted:
        raise
    except (ValueError, DatabaseError) as exc:
        _record_failure(report, item.origin, first_line(exc))
    except Exception as exc:  # a bug met on one odd document must not stop the batch
        log.exception("storing %s failed", item.origin)
        _record_failure(report, item.origin, INTERNAL_ERROR.format(kind=type(exc).__name__, error=first_line(exc)))
    else:
        _count(report, outcome, item.origin)


def _store_chunk(report: BatchReport, analysed: list[Analysed], source_slug: str | None) -> None:
    """Store a chunk in one transaction; if that fails, store its documents one by one to isolate the bad one."""
    good = []
    for item in analysed:
        if item.error:
            _record_failure(report, item.raw.origin, item.error)
        else:
            good.append(item)
    if not good:
        return
    try:
        outcomes = with_database(lambda: chunk_store(good, source_slug=source_slug), good[0].raw.origin)
    except IngestInterrupted:
        raise
    except Exception as exc:  # the chunk is rolled back; one by one, only the culprit fails
        log.warning("storing %d documents together failed (%s); storing them one by one", len(good), first_line(exc))
        outcomes = [DEFERRED] * len(good)
    for item, outcome in zip(good, outcomes, strict=True):
        if outcome == DEFERRED:
            _store_one(report, item.raw, source_slug)
        else:
            _count(report, outcome, item.raw.origin)


def _screen(report: BatchReport, chunk: list[RawDocument | ReadError]) -> list[tuple[RawDocument, str]]:
    """Record read errors and count already-stored documents; the rest (with their content hash) go on."""
    raws = []
    for item in chunk:
        if isinstance(item, ReadError):
            _record_failure(report, item.origin, item.reason)
        else:
            raws.append((item, content_hash(item)))
    if not raws:
        return []
    known = with_database(lambda: known_hashes([digest for _, digest in raws]), raws[0][0].origin)
    todo = []
    for raw, digest in raws:
        if digest in known:
            _count(report, DUPLICATE, raw.origin)
        else:
            known.add(digest)
            todo.append((raw, digest))
    return todo


def ingest(targets: Iterable[str], *, fmt: str = "auto", source_slug: str | None = None, stdin=None,
           on_progress: Callable[[int], None] | None = None, processes: int | None = None) -> BatchReport:
    """Ingest every document under `targets`; returns the run with its counts and errors.

    `processes`: analysis workers (default settings.INGEST_PROCESSES); `on_progress(n)` is told each time n more
    documents are done. Raises IngestInterrupted when the database stays unreachable (everything stored so far
    is committed).
    """
    targets = list(targets)
    items = (item for target in targets for item in _documents(target, fmt, stdin))
    return ingest_documents(items, label="\n".join(targets), source_slug=source_slug, on_progress=on_progress,
                            processes=processes, closes={storable(t, 1000) for t in targets})


def ingest_documents(items: Iterable[RawDocument | ReadError], *, label: str, source_slug: str | None = None,
                     on_progress: Callable[[int], None] | None = None, processes: int | None = None,
                     closes: Iterable[str] = ()) -> BatchReport:
    """Ingest documents already read (a feed poller's), as `ingest` does; `label` names the run's input.

    `closes`: origins besides the stored documents' own whose open failures a successful run closes.
    """
    report = BatchReport(run=IngestRun.objects.create(targets=storable(label)))
    processes = settings.INGEST_PROCESSES if processes is None else processes
    pending = None

    def finish(job, size: int) -> None:
        _store_chunk(report, job.get(), source_slug)
        with_database(report.run.save, "the run's counts")
        if on_progress:
            on_progress(size)

    with Analyser(processes, current_registry(), document_limits()) as analyser:
        for chunk in _chunks(items):
            todo = _screen(report, chunk)
            rules = Rules(with_database(source_rules, "the sources' rules"), source_slug,
                          with_database(outlet_directory, "the known outlets"))
            job = analyser.submit(todo, rules), len(chunk)
            if pending:
                finish(*pending)
            pending = job
        if pending:
            finish(*pending)
    report.run.finished_at = timezone.now()
    with_database(report.run.save, "the end")
    # An input that reads now closes its open failure, whether retried from the admin or ingested again by hand.
    with_database(lambda: failures_close(origins=report.stored_origins | set(closes),
                                         still_failing=report.failed_origins), "the failures")
    return report
