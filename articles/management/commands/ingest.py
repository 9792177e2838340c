"""`python manage.py ingest PATH...`: files, folders, `-` for stdin, http(s) URLs and feeds."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest.pipeline import IngestInterrupted, ingest, with_database
from articles.search.indexing import drain
from articles.tasks import ingest_task

FORMATS = ["auto", "txt", "html", "jsonl", "feed"]


class Command(BaseCommand):
    help = "Ingest news articles into Telusur and index them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, '-' (stdin) or http(s) URL")
        parser.add_argument("--source", dest="source", help="slug of the outlet for every article read")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="auto")
        parser.add_argument("--no-index", action="store_true", help="leave queued index updates to the next writer")
        parser.add_argument("--enqueue", action="store_true",
                            help="queue one task per PATH for the task workers instead of ingesting here")

    def handle(self, *args, paths, source, fmt, no_index, enqueue, **options):
        if enqueue:
            if "-" in paths:
                raise CommandError("stdin cannot be queued; ingest it directly")
            for path in paths:
                ingest_task.enqueue(path, fmt, source)
            self.stdout.write(f"queued {len(paths)} task(s)")
            return
        on_terminal = sys.stderr.isatty()
        tqdm.monitor_interval = 0  # no monitor thread: the index writer forks only in a single-threaded process
        bar = tqdm(desc="ingest", unit=" doc", file=sys.stderr, disable=not on_terminal)
        seen = 0

        def progress(done: int) -> None:
            nonlocal seen
            if not on_terminal and (seen + done) // 500 > seen // 500:
                self.stderr.write(f"ingest: {seen + done} documents read")
            seen += done
            bar.update(done)

        try:
            report = ingest(paths, fmt=fmt, source_slug=source, stdin=sys.stdin.buffer, on_progress=progress)
        except IngestInterrupted as exc:
            raise CommandError(str(exc), returncode=1) from exc
        finally:
            bar.close()
        for error in report.errors:
            self.stderr.write(error)
        if not no_index:
            try:
                with_database(lambda: drain(wait=True), "the index updates (they stay queued)")
            except IngestInterrupted as exc:
                raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(report.run.summary())
        if report.run.failed:
            raise CommandError(f"{report.run.failed} input(s) failed; see above", returncode=1)
