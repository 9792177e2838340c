"""Editors' curation of entities. Each change re-links the stored mentions and queues the articles whose
search documents change; the index is refreshed as soon as the change commits."""

from django.db import transaction
from django.db.models import Q

from articles.entities import registry
from articles.entities.identity import entity_slug_free
from articles.models import Alias, Entity, EntitySlug, Mention
from articles.search import vocabulary
from articles.search.reindex import reindex_after_commit

MERGE_NEEDS_TWO = "Pilih sedikitnya dua entitas untuk digabung."


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
        # The merged entity's addresses, old and current, lead to the target from now on.
        EntitySlug.objects.filter(entity=other).update(entity=target)
        other.delete()
        EntitySlug.objects.create(slug=other.slug, entity=target)
    _after_commit(touched)
    return len(touched)


@transaction.atomic
def entity_hide(*, entity: Entity, hidden: bool = True) -> int:
    """Hide an entity from readers (or show it again): its mentions stay stored but no page, search or API shows
    them, and its address answers 410. Returns the number of articles whose pages change."""
    entity.hidden = hidden
    entity.save(update_fields=["hidden"])
    return entity_changed(entity=entity)


@transaction.atomic
def entity_renamed(*, entity: Entity, old_name: str, old_slug: str) -> None:
    """After an editor saved `entity` (already stored): keep what a rename would lose.

    The old name becomes an alias, so it is still recognised and resolved to this entity; a slug the editor left
    as it was follows the new name; the old slug keeps redirecting.
    """
    if entity.name != old_name:
        entity.aliases.filter(name=entity.name).delete()  # the name itself needs no alias
        Alias.objects.get_or_create(entity=entity, name=old_name)
        if entity.slug == old_slug:
            entity.slug = entity_slug_free(entity.name, entity=entity)
            entity.save(update_fields=["slug"])
    if entity.slug != old_slug:
        EntitySlug.objects.filter(slug=entity.slug).delete()  # renamed back: the address is current again
        EntitySlug.objects.update_or_create(slug=old_slug, defaults={"entity": entity})


@transaction.atomic
def alias_split(*, alias: Alias) -> Entity:
    """Make an alias an entity of its own; mentions written that way move to it."""
    entity = Entity.objects.create(name=alias.name, slug=entity_slug_free(alias.name), type=alias.entity.type)
    written = Q(text=alias.name) | Q(text__endswith=f" {alias.name}")
    mentions = Mention.objects.filter(entity=alias.entity).filter(written)
    touched = _article_ids(mentions)
    mentions.update(entity=entity)
    alias.delete()
    _after_commit(touched)
    return entity


def entity_changed(*, entity: Entity) -> int:
    """After an edit (rename, type, aliases, hidden): refresh the articles that mention the entity."""
    touched = _article_ids(Mention.objects.filter(entity=entity))
    _after_commit(touched)
    return len(touched)
