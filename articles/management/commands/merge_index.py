"""`python manage.py merge_index`: merge the Whoosh index into one segment (after large ingests, or nightly)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.search.indexing import merge_segments


class Command(BaseCommand):
    help = "Merge the Whoosh index into one segment: faster searches; index writes wait while it runs."

    def handle(self, *args, **options):
        if settings.SEARCH_BACKEND == "postgres":
            self.stdout.write("postgres: nothing to merge (PostgreSQL maintains its GIN index itself)")
            return
        self.stdout.write("Merging the Whoosh index; index writes wait until it is done ...")
        started = time.perf_counter()
        before, after = merge_segments()
        self.stdout.write(f"whoosh: {before} segments -> {after} in {time.perf_counter() - started:.1f} s")
