"""`python manage.py merge_index`: merge the search index into one segment (after large ingests, or nightly)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.search.indexing import merge_index


class Command(BaseCommand):
    help = "Merge the search index into one segment: faster searches; index writes wait while it runs."

    def handle(self, *args, **options):
        self.stdout.write("Merging the search index; index writes wait until it is done ...")
        started = time.perf_counter()
        merged = merge_index()
        if merged is None:
            self.stdout.write(f"{settings.SEARCH_BACKEND}: nothing to merge (the engine maintains its index itself)")
            return
        before, after = merged
        self.stdout.write(f"{settings.SEARCH_BACKEND}: {before} segments -> {after} "
                          f"in {time.perf_counter() - started:.1f} s")
