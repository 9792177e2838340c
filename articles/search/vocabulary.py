"""Curated names for search: entity aliases as query-time synonyms, names protected from the stemmer.

Rebuilt at most every `REFRESH_SECONDS` in each process, so curation in the admin reaches every gunicorn
worker without a restart or a re-index.
"""

import time
from dataclasses import dataclass

from articles.models import Alias, Entity, EntityType
from articles.search.analysis import protected_words_for, set_protected_words
from articles.search.synonyms import SynonymMap

REFRESH_SECONDS = 30.0


@dataclass
class _Cached:
    synonyms: SynonymMap
    loaded_at: float


_cache: _Cached | None = None


def entity_names() -> list[tuple[str, str, list[str]]]:
    """(name, type, unblocked aliases) of every visible entity."""
    aliases: dict[int, list[str]] = {}
    for entity_id, name in Alias.objects.filter(blocked=False, entity__hidden=False).values_list("entity_id", "name"):
        aliases.setdefault(entity_id, []).append(name)
    return [(name, kind, aliases.get(pk, []))
            for pk, name, kind in Entity.objects.filter(hidden=False).values_list("pk", "name", "type")]


def refresh() -> SynonymMap:
    """Reload names from the database now: protected words for the analyzer and the synonym map."""
    global _cache
    names = entity_names()
    protected: set[str] = set()
    for name, kind, aliases in names:
        protected |= protected_words_for(name, aliases, person=kind == EntityType.PERSON)
    set_protected_words(protected)
    synonyms = SynonymMap.build((name, aliases) for name, _, aliases in names if aliases)
    _cache = _Cached(synonyms, time.monotonic())
    return synonyms


def current_synonyms() -> SynonymMap:
    """The synonym map, refreshed (with the protected words) when older than `REFRESH_SECONDS`."""
    if _cache is None or time.monotonic() - _cache.loaded_at > REFRESH_SECONDS:
        return refresh()
    return _cache.synonyms
