"""Background tasks (Django's tasks framework): ingestion, index upkeep and e-mail digests that workers share.

With the database backend (`TASKS_BACKEND=database`), `manage.py ingest --enqueue` queues one task per input
and any number of `manage.py db_worker` processes run them; the default immediate backend runs them inline.
"""

import logging

from django.tasks import task

from articles import digests
from articles.ingest.pipeline import ingest
from articles.search.indexing import drain

log = logging.getLogger("telusur.ingest")


@task()
def ingest_task(target: str, fmt: str = "auto", source_slug: str | None = None) -> str:
    """Ingest one input (file, folder or URL), then write its index updates; returns the summary line."""
    report = ingest([target], fmt=fmt, source_slug=source_slug)
    for error in report.errors:
        log.warning(error)
    drain_index_task.enqueue()
    return report.run.summary()


@task()
def drain_index_task() -> int:
    """Write queued index updates, unless another worker is the writer right now (then it will)."""
    return drain()


@task()
def send_digests_task() -> int:
    """Send the saved-search digests that are due; returns how many e-mails went out."""
    return digests.send_due_digests()
