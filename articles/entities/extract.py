"""Recognise and link the entities of stored articles, writing their Mentions."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.text import slugify

from articles.entities.link import LinkedMention, link
from articles.entities.recognise import recognise
from articles.entities.registry import Registry, current_registry
from articles.models import Article, Entity, Mention

NAME_LENGTH = 300


def find_mentions(text: str, registry: Registry) -> list[LinkedMention]:
    """Linked mentions in `text`, without forms an editor blocked."""
    spans = [span for span in recognise(text, registry.gazetteer) if span.text not in registry.blocked]
    return [mention for mention in link(spans, registry.gazetteer) if mention.key not in registry.blocked]


def entities_for(keys: Iterable[tuple[str, str]]) -> dict[str, Entity]:
    """The Entity of each (key, type), created on first sight; keys are canonical names."""
    wanted = {key[:NAME_LENGTH]: kind for key, kind in keys}
    slugs = {key: slugify(key)[:NAME_LENGTH] or "entitas" for key in wanted}
    found = {e.slug: e for e in Entity.objects.filter(slug__in=set(slugs.values()))}
    missing = [Entity(name=key, slug=slug, type=wanted[key]) for key, slug in slugs.items() if slug not in found]
    if missing:
        Entity.objects.bulk_create(missing, ignore_conflicts=True)
        found = {e.slug: e for e in Entity.objects.filter(slug__in=set(slugs.values()))}
    return {key: found[slug] for key, slug in slugs.items()}


def mentions_store(found: list[tuple[Article, list[LinkedMention]]], *, new: bool = False) -> None:
    """Replace each article's mentions with its linked mentions, in a few queries for the whole list.

    `new`: the articles were just created, so there are no mentions to delete.
    """
    entities = entities_for((m.key, m.type) for _, linked in found for m in linked)
    if not new:
        Mention.objects.filter(article__in=[article for article, _ in found]).delete()
    Mention.objects.bulk_create([
        Mention(article=article, entity=entities[m.key[:NAME_LENGTH]], start=m.span.start, end=m.span.end,
                text=m.span.text[:NAME_LENGTH])
        for article, linked in found for m in linked if not entities[m.key[:NAME_LENGTH]].hidden
    ], batch_size=5000)


# No savepoint: inside an ingest the article's own transaction already makes it all-or-nothing.
@transaction.atomic(savepoint=False)
def article_mentions_refresh(*, article: Article, registry: Registry | None = None, new: bool = False) -> int:
    """Replace the article's mentions with what recognition finds in its body now; returns their number.

    `new`: the article was just created, so there are no mentions to delete.
    """
    linked = find_mentions(article.body, registry or current_registry())
    mentions_store([(article, linked)], new=new)
    return len(linked)
