"""Write the Mentions of stored articles: their entities recognised and linked (`mentions`), created on first sight."""

from collections.abc import Iterable

from django.db import transaction

from articles.bulk import rows_insert
from articles.entities.identity import entities_named, entity_slug_free, entity_slugs_free
from articles.entities.link import LinkedMention, dateline_place
from articles.entities.mentions import find_mentions
from articles.entities.registry import Registry, current_registry
from articles.memo import changed
from articles.models import Article, Entity, EntityType, Mention

NAME_LENGTH = 300


def entities_for(keys: Iterable[tuple[str, str]]) -> dict[str, Entity]:
    """The Entity of each (key, type) by name or alias, created on first sight; keys are canonical names."""
    wanted = {key[:NAME_LENGTH]: kind for key, kind in keys}
    found = entities_named(wanted)
    missing = [key for key in wanted if key not in found]
    if missing:
        # A concurrent ingest may create the same name first: its row wins the slug and is found by name below.
        slugs = entity_slugs_free(missing)
        Entity.objects.bulk_create([Entity(name=key, slug=slugs[key], type=wanted[key]) for key in missing],
                                   ignore_conflicts=True)
        changed()  # bulk_create sends no signal: registries and vocabularies must see the new names
        found |= entities_named(missing)
        for key in [key for key in missing if key not in found]:  # its slug went to a concurrent ingest's name
            found[key] = Entity.objects.create(name=key, slug=entity_slug_free(key), type=wanted[key])
    return found


def mentions_store(found: list[tuple[Article, list[LinkedMention]]], *, new: bool = False,
                   registry: Registry | None = None) -> None:
    """Replace each article's mentions with its linked mentions, and link its dateline to the place it names
    (`Article.dateline_entity`, None for an unknown place), in a few queries for the whole list.

    Mentions of hidden entities are stored too (pages leave them out), so un-hiding brings them all back.

    `new`: the articles were just created, so there are no mentions to delete. `registry`: the one the mentions
    were linked with (default: this process's).
    """
    gazetteer = (registry or current_registry()).gazetteer
    places = {article.pk: place for article, _ in found if (place := dateline_place(article.dateline, gazetteer))}
    entities = entities_for([*((m.key, m.type) for _, linked in found for m in linked),
                             *((place, EntityType.LOCATION) for place in places.values())])
    _datelines_link([article for article, _ in found],
                    {pk: entities[place[:NAME_LENGTH]] for pk, place in places.items()})
    if not new:
        Mention.objects.filter(article__in=[article for article, _ in found]).delete()
    rows_insert(Mention, ["article", "entity", "start", "end", "text"], (
        (article.pk, entities[m.key[:NAME_LENGTH]].pk, m.span.start, m.span.end, m.span.text[:NAME_LENGTH])
        for article, linked in found for m in linked
    ))


def _datelines_link(articles: list[Article], places: dict[int, Entity]) -> None:
    changed = []
    for article in articles:
        place = places.get(article.pk)
        if article.dateline_entity_id != (place.pk if place else None):
            article.dateline_entity = place
            changed.append(article)
    Article.objects.bulk_update(changed, ["dateline_entity"])


# No savepoint: inside an ingest the article's own transaction already makes it all-or-nothing.
@transaction.atomic(savepoint=False)
def article_mentions_refresh(*, article: Article, registry: Registry | None = None, new: bool = False) -> int:
    """Replace the article's mentions with what recognition finds in its body now; returns their number.

    `new`: the article was just created, so there are no mentions to delete.
    """
    registry = registry or current_registry()
    linked = find_mentions(article.body, registry)
    mentions_store([(article, linked)], new=new, registry=registry)
    return len(linked)
