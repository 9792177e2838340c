"""`python manage.py recognize [--lines]`: entity mentions of stdin text, one JSON object per document.

`entity` is the slug of the stored entity a mention links to, or null for a name not yet stored.
"""

import json
import sys

from django.core.management.base import BaseCommand

from articles.entities.identity import entities_named
from articles.entities.mentions import find_mentions
from articles.entities.registry import build_registry


class Command(BaseCommand):
    help = "Print the entity mentions found in stdin as JSON: {\"mentions\": [{start, end, text, type, entity}]}."

    def add_arguments(self, parser):
        parser.add_argument("--lines", action="store_true", help="one document per input line")

    def handle(self, *args, lines, **options):
        registry = build_registry()
        # A text stream splits lines at "\n" (and "\r") only; str.splitlines() would also cut a line at the
        # U+2028/U+2029/U+0085 real news text carries.
        documents = [line.removesuffix("\n") for line in sys.stdin] if lines else [sys.stdin.read()]
        found = [find_mentions(document, registry) for document in documents]
        known = {name: entity.slug for name, entity in entities_named({m.key for ms in found for m in ms}).items()}
        for mentions in found:
            mentions = [
                {"start": m.span.start, "end": m.span.end, "text": m.span.text, "type": m.type,
                 "entity": known.get(m.key)}
                for m in mentions
            ]
            self.stdout.write(json.dumps({"mentions": mentions}, ensure_ascii=False))
