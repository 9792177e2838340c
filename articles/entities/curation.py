"""Editors' curation of entities. Each change re-links the stored mentions and queues the articles whose
search documents change; the index is refreshed as soon as the change commits."""

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from articles.entities import registry
from articles.models import Alias, Entity, Mention
from articles.search import vocabulary
from articles.search.reindex import reindex_after_commit

MERGE_NEEDS_TWO = "Pilih sedikitnya dua entitas untuk digabung."
SLUG_TAKEN = "Sudah ada entitas dengan nama ini."


def _article_ids(mentions) -> set[int]:
    return set(mentions.values_list("article_id", flat=True))


def _after_commit(article_ids: set[int]) -> None:
    def refresh_names() -> None:
        registry.invalidate()
        vocabulary.refresh()

    # Names first, so the documents written next already use the curated names.
    transaction.on_commit(refresh_names)
    reindex_after_commit(article_ids)


@transaction.atomic
def entity_merge(*, target: Entity, others: list[Entity]) -> int:
    """Fold `others` into `target`: their names become aliases, their mentions move; returns articles touched."""
    others = [other for other in others if other.pk != target.pk]
    if not others:
        raise ValueError(MERGE_NEEDS_TWO)
    mentions = Mention.objects.filter(entity__in=others)
    touched = _article_ids(mentions)
    mentions.update(entity=target)
    names = {target.name, *target.aliases.values_list("name", flat=True)}
    for other in others:
        for name, blocked in [(other.name, False), *other.aliases.values_list("name", "blocked")]:
            if name not in names:
                Alias.objects.create(entity=target, name=name, blocked=blocked)
                names.add(name)
        other.delete()
    _after_commit(touched)
    return len(touched)


@transaction.atomic
def entity_hide(*, entity: Entity) -> int:
    """Hide an entity for good: its mentions go, its aliases are blocked so it is never recognised again."""
    mentions = Mention.objects.filter(entity=entity)
    touched = _article_ids(mentions)
    mentions.delete()
    entity.hidden = True
    entity.save(update_fields=["hidden"])
    entity.aliases.update(blocked=True)
    _after_commit(touched)
    return len(touched)


@transaction.atomic
def alias_split(*, alias: Alias) -> Entity:
    """Make an alias an entity of its own; mentions written that way move to it."""
    slug = slugify(alias.name)[:300] or "entitas"
    if Entity.objects.filter(slug=slug).exists():
        raise ValueError(SLUG_TAKEN)
    entity = Entity.objects.create(name=alias.name, slug=slug, type=alias.entity.type)
    written = Q(text=alias.name) | Q(text__endswith=f" {alias.name}")
    mentions = Mention.objects.filter(entity=alias.entity).filter(written)
    touched = _article_ids(mentions)
    mentions.update(entity=entity)
    alias.delete()
    _after_commit(touched)
    return entity


def entity_changed(*, entity: Entity) -> int:
    """After an edit (rename, type, aliases): refresh the articles that mention the entity."""
    touched = _article_ids(Mention.objects.filter(entity=entity))
    _after_commit(touched)
    return len(touched)
