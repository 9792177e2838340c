"""Background tasks (Django's tasks framework): ingestion, feed polling and index upkeep that workers share (the
e-mail digests' task lives with them, in articles/digests.py).

With the database backend (`TASKS_BACKEND=database`), `manage.py ingest --enqueue` queues one task per input
and any number of `manage.py db_worker` processes run them; the default immediate backend runs them inline.

Feed polling runs on the same workers as a self-re-enqueueing task (`poll_feeds --schedule` queues the first
tick): no second kind of process to deploy. Each tick queues the next one *before* it polls, so a worker killed
mid-tick does not end the schedule, and under an advisory lock only while none is waiting, so restarts and
repeated `--schedule` never multiply it. A tick that outlasts FEED_TICK_SECONDS lets the next start on another
worker, and the two share the due feeds (SKIP LOCKED), so polling spreads over the workers as the work grows.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskContext, TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.ingest.pipeline import failures_retry, ingest
from articles.ingest.polling import feeds_poll_due
from articles.ingest.reclean import articles_reclean
from articles.models import IngestFailure
from articles.search.indexing import drain

log = logging.getLogger("telusur.ingest")

SCHEDULE_LOCK_KEY = 0x7E1_05_0B  # next to the index writer's key; any constant shared by every Telusur process
NO_DEFER = "the {backend!r} task backend cannot run tasks later; feed polling needs TASKS_BACKEND=database"


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
def reclean_task(article_ids: list[int], overwrite_edits: bool = False) -> dict[str, int]:
    """Clean these articles again with their sources' current rules (after an editor changed them), then write
    the index; returns {"checked", "changed"} for the editor's result message."""
    changed = articles_reclean(article_ids=article_ids, overwrite_edits=overwrite_edits)
    drain_index_task.enqueue()
    return {"checked": len(article_ids), "changed": changed}


RUN_COUNTS = ("ingested", "duplicates", "updated", "failed")


@task()
def retry_failures_task(failure_ids: list[int]) -> dict[str, int]:
    """Ingest these failed inputs again (an editor asked, in the admin), then write the index; returns the run's
    counts by RUN_COUNTS name. Failures closed meanwhile are skipped."""
    run = failures_retry(IngestFailure.objects.filter(pk__in=failure_ids, resolved=False)).run
    drain_index_task.enqueue()
    return {name: getattr(run, name) for name in RUN_COUNTS}


@task(takes_context=True)
def poll_feeds_task(context: TaskContext) -> str:
    """One tick of the feed schedule: queue the next tick, poll every due feed, write the index updates."""
    feeds_schedule(backend=context.task_result.backend)
    summary = feeds_poll_due()
    for outcome in summary.outcomes:
        for error in ([outcome.error] if outcome.error else []) + outcome.errors:
            log.warning("%s: %s", outcome.feed.url, error)
    drain_index_task.enqueue()
    return summary.line()


def feeds_schedule(*, backend: str = DEFAULT_TASK_BACKEND_ALIAS, delay: timedelta | None = None) -> bool:
    """Queue the next polling tick on `backend` (FEED_TICK_SECONDS from now) unless one is already waiting.

    Returns whether it queued one. Raises ValueError for a backend that cannot defer (the immediate one would
    run the schedule inline, forever).
    """
    tick = poll_feeds_task.using(backend=backend)
    if not tick.get_backend().supports_defer:
        raise ValueError(NO_DEFER.format(backend=backend))
    delay = timedelta(seconds=settings.FEED_TICK_SECONDS) if delay is None else delay
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULE_LOCK_KEY])
        if DBTaskResult.objects.filter(task_path=poll_feeds_task.module_path, backend_name=backend,
                                       status=TaskResultStatus.READY).exists():
            return False
        tick.using(run_after=timezone.now() + delay).enqueue()
    return True
