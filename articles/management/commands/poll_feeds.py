"""`python manage.py poll_feeds`: poll the due feeds once; `--schedule`: let the task workers poll from now on."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS

from articles.ingest.pipeline import IngestInterrupted, with_database
from articles.ingest.polling import feeds_poll_due
from articles.search.indexing import drain
from articles.tasks import feeds_schedule


class Command(BaseCommand):
    help = "Poll the feeds that are due (once), or queue the polling schedule for the task workers."

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true",
                            help="queue the first polling tick for `db_worker` (idempotent; needs "
                                 "TASKS_BACKEND=database) instead of polling here")
        parser.add_argument("--backend", default=DEFAULT_TASK_BACKEND_ALIAS, help="task backend for --schedule")

    def handle(self, *args, schedule, backend, **options):
        if schedule:
            try:
                queued = feeds_schedule(backend=backend, delay=timedelta(0))
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write("polling scheduled" if queued else "polling already scheduled")
            return
        try:
            summary = feeds_poll_due()
            with_database(lambda: drain(wait=True), "the index updates (they stay queued)")
        except IngestInterrupted as exc:
            raise CommandError(str(exc), returncode=1) from exc
        for outcome in summary.outcomes:
            for error in ([outcome.error] if outcome.error else []) + outcome.errors:
                self.stderr.write(f"{outcome.feed.url}: {error}")
        self.stdout.write(summary.line())
