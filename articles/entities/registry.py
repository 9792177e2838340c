"""The entity registry: the shipped gazetteer overlaid with editors' curation from the database.

Curated entities claim their names and aliases first; a gazetteer entry that shares a form with a curated
entity is folded into it (so a merge sticks), hidden entities and blocked aliases are never recognised.
Each process rebuilds the registry at most every `REFRESH_SECONDS`, or at once after `invalidate()`.
"""

import time
from dataclasses import dataclass

from django.utils.text import slugify

from articles.entities.gazetteer import Entry, Gazetteer, load_default_gazetteer
from articles.entities.link import strip_role
from articles.models import Alias, Entity

REFRESH_SECONDS = 30.0


@dataclass(frozen=True)
class Registry:
    gazetteer: Gazetteer
    blocked: frozenset[str]


_cache: tuple[float, Registry] | None = None


def curated() -> tuple[list[Entry], frozenset[str]]:
    """Entries of visible entities, and every form that must never be recognised."""
    aliases: dict[int, list[str]] = {}
    blocked: set[str] = set()
    for entity_id, name, is_blocked, hidden in Alias.objects.values_list(
            "entity_id", "name", "blocked", "entity__hidden"):
        if is_blocked or hidden:
            blocked.add(name)
        else:
            aliases.setdefault(entity_id, []).append(name)
    entries = []
    for pk, name, kind, hidden in Entity.objects.values_list("pk", "name", "type", "hidden"):
        if hidden:
            blocked.add(name)
        else:
            entries.append(Entry(name, kind, tuple(aliases.get(pk, ()))))
    return entries, frozenset(blocked)


def build_registry() -> Registry:
    base = load_default_gazetteer()
    entries, blocked = curated()
    owner = {form: index for index, entry in enumerate(entries) for form in entry.surface_forms}
    extra: dict[int, list[str]] = {}
    shipped = []
    for entry in base.entries:
        if entry.name in blocked:
            continue  # the editor hid this entity
        forms = [form for form in entry.surface_forms if form not in blocked]
        claimed = next((owner[form] for form in forms if form in owner), None)
        if claimed is not None:
            extra.setdefault(claimed, []).extend(f for f in forms if f not in owner)
        elif forms:
            shipped.append(Entry(forms[0], entry.type, tuple(forms[1:]), entry.weak))
    merged = [Entry(e.name, e.type, (*e.aliases, *extra.get(i, ()))) for i, e in enumerate(entries)]
    return Registry(Gazetteer([*merged, *shipped], base.common_words), blocked)


def current_registry() -> Registry:
    global _cache
    if _cache is None or time.monotonic() - _cache[0] > REFRESH_SECONDS:
        _cache = (time.monotonic(), build_registry())
    return _cache[1]


def invalidate() -> None:
    """Forget this process's registry, after curation changed it."""
    global _cache
    _cache = None


def entity_named(text: str) -> Entity | None:
    """The visible entity a query names exactly, by name or alias ("Presiden Putin" names Vladimir Putin)."""
    entry = current_registry().gazetteer.lookup(strip_role(" ".join(text.split())))
    return Entity.objects.filter(slug=slugify(entry.name), hidden=False).first() if entry else None
