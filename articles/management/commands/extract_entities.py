"""`python manage.py extract_entities`: recognise and link the entities of stored articles again."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.entities.extract import article_mentions_refresh
from articles.entities.registry import build_registry
from articles.models import Article
from articles.search.indexing import drain, enqueue


class Command(BaseCommand):
    help = "Re-run entity recognition and linking over stored articles, then refresh the search index."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="only articles of this source (slug)")
        parser.add_argument("ids", nargs="*", type=int, help="only these article ids")

    def handle(self, *args, source, ids, **options):
        articles = Article.objects.order_by("pk")
        if source:
            articles = articles.filter(source__slug=source)
        if ids:
            articles = articles.filter(pk__in=ids)
        registry = build_registry()
        mentions = done = 0
        for article in tqdm(articles.iterator(chunk_size=500), total=articles.count(), desc="extract",
                            unit=" art", file=sys.stderr, disable=not sys.stderr.isatty()):
            mentions += article_mentions_refresh(article=article, registry=registry)
            enqueue([article.pk])
            done += 1
        indexed = drain(wait=True)
        self.stdout.write(f"articles {done}, mentions {mentions}, indexed {indexed}")
