"""Curated names for search: entity aliases as query-time synonyms, names protected from the stemmer.

Rebuilt at most every `REFRESH_SECONDS` in each process, so curation in the admin reaches every gunicorn
worker without a restart or a re-index.
"""

import time
from dataclasses import dataclass

from articles.entities.registry import curated
from articles.models import EntityType
from articles.search.analysis import protected_words_for, set_protected_words
from articles.search.synonyms import SynonymMap

REFRESH_SECONDS = 30.0


@dataclass
class _Cached:
    synonyms: SynonymMap
    loaded_at: float


_cache: _Cached | None = None


def refresh() -> SynonymMap:
    """Reload names from the database now: protected words for the analyzer and the synonym map."""
    global _cache
    entries, _ = curated()
    protected: set[str] = set()
    for entry in entries:
        protected |= protected_words_for(entry.name, entry.aliases, person=entry.type == EntityType.PERSON)
    set_protected_words(protected)
    synonyms = SynonymMap.build((entry.name, entry.aliases) for entry in entries if entry.aliases)
    _cache = _Cached(synonyms, time.monotonic())
    return synonyms


def current_synonyms() -> SynonymMap:
    """The synonym map, refreshed (with the protected words) when older than `REFRESH_SECONDS`."""
    if _cache is None or time.monotonic() - _cache.loaded_at > REFRESH_SECONDS:
        return refresh()
    return _cache.synonyms
