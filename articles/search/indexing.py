"""Keep the search index in step with the database through one queue and one writer.

Every change enqueues article ids in the transaction that makes it (`enqueue`), so no update is lost. Whoever
calls `drain` becomes the only writer while it holds a PostgreSQL advisory lock; other processes skip, and
the writer looks at the queue again after releasing the lock, so an id enqueued meanwhile is never stranded.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from articles.models import IndexQueue
from articles.search import backends
from articles.search.documents import indexed_articles

# Ids per queue transaction and per index write. Each write forks fresh writer processes (their lemma caches start
# cold) and adds one segment per process, which Whoosh's commit later merges in the writer's own process: at
# 20,000 articles batches of 2,000 spent most of the drain re-lemmatising and merging (figures: bench/README.md).
BATCH_SIZE = 10_000
WRITER_LOCK_KEY = 0x7E1_05_0A  # any constant shared by every Telusur process


def enqueue(ids: Iterable[int]) -> None:
    IndexQueue.objects.bulk_create([IndexQueue(article_id=pk) for pk in set(ids)], ignore_conflicts=True)


def index_articles(ids: Iterable[int]) -> int:
    """Write the search documents of `ids` now (deleted articles are removed); returns how many were written."""
    ids = sorted(set(ids))
    backend = backends.current()
    written = 0
    for offset in range(0, len(ids), BATCH_SIZE):
        chunk = ids[offset:offset + BATCH_SIZE]
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
    with transaction.atomic():
        batch = list(IndexQueue.objects.select_for_update(skip_locked=True).order_by("id")[:BATCH_SIZE])
        if not batch:
            return 0
        index_articles(item.article_id for item in batch)
        IndexQueue.objects.filter(pk__in=[item.pk for item in batch]).delete()
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
