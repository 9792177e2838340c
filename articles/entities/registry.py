"""The entity registry: the shipped gazetteer overlaid with editors' curation from the database.

Curated entities claim their names and aliases first; a gazetteer entry that shares a form with a curated
entity is folded into it (so a merge sticks); blocked aliases are never recognised. Hidden entities are still
recognised (their mentions are kept, not shown), so hiding is reversible.
Each process rebuilds the registry at most every `REFRESH_SECONDS` and only when the data changed since, in a
thread of its own while the old one serves (`memo.PerProcess(until_changed=True, in_background=True)`), or at
once after `invalidate()`.
"""

from dataclasses import dataclass

from articles.entities.gazetteer import Entry, Gazetteer, load_default_gazetteer
from articles.entities.identity import entities_named
from articles.entities.link import strip_role
from articles.memo import PerProcess
from articles.models import Alias, Entity

REFRESH_SECONDS = 30.0


@dataclass(frozen=True)
class Registry:
    gazetteer: Gazetteer
    blocked: frozenset[str]


# Rebuilt in the background: at 100,000 articles a rebuild took 169-286 ms, which one reader's request paid.
_built: PerProcess[Registry] = PerProcess(maxsize=1, seconds=REFRESH_SECONDS, until_changed=True,
                                          in_background=True)


def curated() -> tuple[list[Entry], frozenset[str]]:
    """Entries of the stored entities, and every form that must never be recognised."""
    aliases: dict[int, list[str]] = {}
    blocked: set[str] = set()
    for entity_id, name, is_blocked in Alias.objects.values_list("entity_id", "name", "blocked"):
        if is_blocked:
            blocked.add(name)
        else:
            aliases.setdefault(entity_id, []).append(name)
    # Visible entities first: a name shared with a hidden entity goes to the visible one.
    entries = [Entry(name, kind, tuple(aliases.get(pk, ())))
               for pk, name, kind in Entity.objects.order_by("hidden", "pk").values_list("pk", "name", "type")]
    return entries, frozenset(blocked)


def build_registry() -> Registry:
    base = load_default_gazetteer()
    entries, blocked = curated()
    owner: dict[str, int] = {}
    for index, entry in enumerate(entries):
        for form in entry.surface_forms:
            owner.setdefault(form, index)  # the first claim wins, as in the gazetteer
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
    """This process's registry, rebuilt from the database in the background when older than `REFRESH_SECONDS`
    and the data changed since."""
    return _built.get("registry", build_registry)


def invalidate() -> None:
    """Forget this process's registry, after curation changed it."""
    _built.forget()


def entity_named(text: str) -> Entity | None:
    """The visible entity a query names exactly, by name or alias ("Presiden Putin" names Vladimir Putin)."""
    entry = current_registry().gazetteer.lookup(strip_role(" ".join(text.split())))
    entity = entities_named([entry.name]).get(entry.name) if entry else None
    return entity if entity is not None and not entity.hidden else None
