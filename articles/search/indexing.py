"""Keep the search index in step with the database through one queue and one writer.

Every change enqueues article ids in the transaction that makes it (`enqueue`), so no update is lost. Whoever
calls `drain` becomes the only writer while it holds a PostgreSQL advisory lock; other processes skip, and
the writer looks at the queue again after releasing the lock, so an id enqueued meanwhile is never stranded.
The writer holds no row lock while it writes and then deletes only the queue rows whose version it read, so an
id enqueued again during a write (a new version) is written after it, and an editor's save never waits for a write.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from articles.models import IndexQueue
from articles.search import backends
from articles.search.documents import indexed_articles

# Ids per index write. Each write forks fresh writer processes (their lemma caches start
# cold) and adds one segment per process, which Whoosh's commit later merges in the writer's own process: at
# 20,000 articles batches of 2,000 spent most of the drain re-lemmatising and merging (figures: bench/README.md).
BATCH_SIZE = 10_000
WRITER_LOCK_KEY = 0x7E1_05_0A  # any constant shared by every Telusur process


def enqueue(ids: Iterable[int]) -> None:
    """Queue `ids` for indexing; an id already queued gets a new version, so a write under way keeps it queued."""
    IndexQueue.objects.bulk_create([IndexQueue(article_id=pk) for pk in set(ids)], update_conflicts=True,
                                   unique_fields=["article_id"], update_fields=["version"])


def index_articles(ids: Iterable[int]) -> int:
    """Write the search documents of `ids` now (deleted articles are removed); returns how many were written."""
    ids = sorted(set(ids))
    backend = backends.current()
    written = 0
    for offset in range(0, len(ids), BATCH_SIZE):
        chunk = ids[offset:offset + BATCH_SIZE]
        with transaction.atomic():  # the PostgreSQL backend's documents change all at once
            articles = list(indexed_articles().filter(pk__in=chunk))
            written += backend.write(articles)
            backend.delete(set(chunk) - {article.pk for article in articles})
    return written


def _lock(blocking: bool) -> bool:
    with connection.cursor() as cursor:
        if blocking:
            cursor.execute("SELECT pg_advisory_lock(%s)", [WRITER_LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [WRITER_LOCK_KEY])
        return cursor.fetchone()[0]


def _unlock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [WRITER_LOCK_KEY])


def _drain_batch() -> int:
    # No row locks while the index is written (the advisory lock makes this the only writer): an enqueue in an
    # editor's transaction meanwhile must neither wait for the write nor be lost, so it bumps the row's version.
    batch = list(IndexQueue.objects.order_by("id").values_list("id", "article_id", "version")[:BATCH_SIZE])
    if not batch:
        return 0
    ids, article_ids, versions = zip(*batch, strict=True)
    index_articles(article_ids)
    # Versions are unique (one sequence): a row enqueued again meanwhile has a new one and stays queued.
    IndexQueue.objects.filter(pk__in=ids, version__in=versions).delete()
    return len(batch)


def drain(*, wait: bool = False) -> int:
    """Index everything queued, unless another process is the writer (then it will); returns ids indexed."""
    done = 0
    while True:
        if not _lock(blocking=wait):
            return done
        try:
            while written := _drain_batch():
                done += written
        finally:
            _unlock()
        if not IndexQueue.objects.exists():
            return done


def merge_index() -> tuple[int, int] | None:
    """Merge the index into one segment, as the one writer: (segments before, after); None where the backend
    maintains its index itself. A search pays per segment, and each large write adds segments."""
    _lock(blocking=True)
    try:
        return backends.current().optimise()
    finally:
        _unlock()
