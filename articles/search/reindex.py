"""Re-index articles changed by an editor: queued in the edit's own transaction, written after it commits."""

from collections.abc import Iterable

from django.db import transaction

from articles.search.indexing import drain, enqueue


def reindex_after_commit(ids: Iterable[int]) -> None:
    """Queue `ids` now (so a crash cannot lose them) and try to be the index writer once the edit commits."""
    enqueue(ids)
    # robust: an unusable index must not turn a saved edit into an error page; the queue keeps the ids.
    transaction.on_commit(drain, robust=True)
