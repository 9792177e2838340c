"""`python manage.py reindex`: queue every article and write its search document in the active backend."""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search.indexing import drain, enqueue


class Command(BaseCommand):
    help = "Rewrite every article's search document (Whoosh or PostgreSQL, as SEARCH_BACKEND says)."

    def handle(self, *args, **options):
        ids = list(Article.objects.values_list("pk", flat=True))
        enqueue(ids)
        written = drain(wait=True)
        self.stdout.write(f"{settings.SEARCH_BACKEND}: queued {len(ids)}, written {written}")
