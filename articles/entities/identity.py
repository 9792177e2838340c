"""Which stored Entity a name means, and where an entity lives.

A name is resolved by identity: the entity called so, else the entity that has it as an alias; never by
`slugify(name)`, which broke when an editor renamed an entity (the old slug stayed, the next ingest made a second
entity under the new name). A slug is only an address: a new entity gets one nobody uses or used, and old ones
(renames, merges) keep redirecting.
"""

from collections.abc import Callable, Iterable

from django.db.models import Q
from django.utils.text import slugify

from articles.models import Alias, Entity, EntitySlug

SLUG_LENGTH = 300


def entities_named(names: Iterable[str]) -> dict[str, Entity]:
    """The entity each name means (visible ones first, then the oldest); names no entity has are left out."""
    names = set(names)
    found: dict[str, Entity] = {}
    for entity in Entity.objects.filter(name__in=names).order_by("hidden", "pk"):
        found.setdefault(entity.name, entity)
    rest = names - found.keys()
    if rest:
        aliases = (Alias.objects.filter(name__in=rest, blocked=False).select_related("entity")
                   .order_by("entity__hidden", "entity_id"))
        for alias in aliases:
            found.setdefault(alias.name, alias.entity)
    return found


def slug_taken(slug: str, *, entity: Entity | None = None) -> bool:
    """Whether `slug` is, or was, the address of an entity other than `entity`."""
    other = ~Q(pk=entity.pk) if entity is not None and entity.pk else Q()
    old = ~Q(entity_id=entity.pk) if entity is not None and entity.pk else Q()
    return (Entity.objects.filter(other, slug=slug).exists()
            or EntitySlug.objects.filter(old, slug=slug).exists())


def entity_slug_free(name: str, *, entity: Entity | None = None) -> str:
    """A slug for `name` that no other entity uses or used: `telegraf`, else `telegraf-2`, `telegraf-3`…"""
    return _first_free(_base(name), lambda slug: slug_taken(slug, entity=entity))


def entity_slugs_free(names: Iterable[str]) -> dict[str, str]:
    """A slug for each of `names` (new entities), as `entity_slug_free` would give them one at a time, each
    distinct from the others' too ("Oso" and "OSO" slugify alike): {name: slug}, in 2-4 queries whatever the
    number of names (ingest creates thousands of entities per chunk of articles)."""
    bases = {name: _base(name) for name in names}
    taken = _slugs_used(Q(slug__in=set(bases.values())))
    clashing = sorted({base for base in bases.values() if base in taken})
    for offset in range(0, len(clashing), 200):  # numbered slugs of the clashing bases, in bounded statements
        numbered = Q()
        for base in clashing[offset:offset + 200]:
            numbered |= Q(slug__startswith=f"{base}-")
        taken |= _slugs_used(numbered)
    free = {}
    for name, base in bases.items():
        taken.add(slug := _first_free(base, taken.__contains__))
        free[name] = slug
    return free


def _base(name: str) -> str:
    return slugify(name)[:SLUG_LENGTH - 4] or "entitas"


def _first_free(base: str, taken: Callable[[str], bool]) -> str:
    slug, number = base, 1
    while taken(slug):
        number += 1
        slug = f"{base}-{number}"
    return slug


def _slugs_used(where: Q) -> set[str]:
    """Slugs matching `where` that an entity uses or used."""
    return {*Entity.objects.filter(where).values_list("slug", flat=True),
            *EntitySlug.objects.filter(where).values_list("slug", flat=True)}


def entity_at(slug: str) -> tuple[Entity | None, bool]:
    """(the entity at `slug`, whether `slug` is an old address of it); (None, False) when nothing lives there."""
    entity = Entity.objects.filter(slug=slug).first()
    if entity is not None:
        return entity, False
    old = EntitySlug.objects.select_related("entity").filter(slug=slug).first()
    return (old.entity, True) if old else (None, False)
