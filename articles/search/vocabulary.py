"""The names search analysis needs, built from the entity registry: words the stemmer leaves alone and synonyms.

One `Vocabulary` serves indexing and querying alike: every index writer (the Whoosh backend's `update`, which
`manage.py ingest`, `reindex` and `rebuild_index` all go through, and the PostgreSQL backend's `write`) and every search
calls `current_vocabulary()` first, and `articles.apps` installs `protected_words` as the analyzer's source in every
process, so *Bekasi* is indexed as `bekasi` exactly as it is searched. Protected words come from the registry (the
shipped gazetteer of places, organisations and people overlaid with editors' curation); synonyms from curated
entities' aliases.

Rebuilt at most every `REFRESH_SECONDS` in the process that built it, and only when the data changed since, so
curation in the admin reaches every gunicorn worker without a restart. The analyzer itself only reads what was
loaded: it never queries the database (a forked index writer must not use its parent's connection, and analysis
runs where there is none).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from articles.entities.gazetteer import Entry
from articles.entities.registry import curated, current_registry
from articles.memo import PerProcess
from articles.models import EntityType
from articles.search.analysis import normalised_words, protected_words_for
from articles.search.synonyms import SynonymMap

REFRESH_SECONDS = 30.0


@dataclass(frozen=True)
class Vocabulary:
    protected: frozenset[str]
    synonyms: SynonymMap


def build_vocabulary(registry_entries: Iterable[Entry], curated_entries: Iterable[Entry],
                     common_words: Iterable[str] = ()) -> Vocabulary:
    """Protected words of every registry entry (less words that alone are never a name), synonyms of curated ones."""
    protected: set[str] = set()
    for entry in registry_entries:
        protected |= protected_words_for(entry.name, entry.aliases, person=entry.type == EntityType.PERSON)
    synonyms = SynonymMap.build((entry.name, entry.aliases) for entry in curated_entries if entry.aliases)
    return Vocabulary(normalised_words(protected) - normalised_words(common_words), synonyms)


# Rebuilt in the background, as the registry (143-357 ms at 100,000 articles).
_loaded: PerProcess[Vocabulary] = PerProcess(maxsize=1, seconds=REFRESH_SECONDS, kept_by_forks=True,
                                               until_changed=True, in_background=True)


def _load() -> Vocabulary:
    """The vocabulary read from the registry and the database now."""
    registry = current_registry()
    entries, _ = curated()
    return build_vocabulary(registry.gazetteer.entries, entries, registry.gazetteer.common_words)


def current_vocabulary() -> Vocabulary:
    """This process's vocabulary, reloaded in the background when older than `REFRESH_SECONDS` and the data
    changed since (a forked writer keeps its parent's)."""
    return _loaded.get("vocabulary", _load)


def refresh() -> Vocabulary:
    """Reload the vocabulary from the registry and the database now."""
    _loaded.forget()
    return current_vocabulary()


def current_synonyms() -> SynonymMap:
    return current_vocabulary().synonyms


def protected_words() -> frozenset[str]:
    """The analyzer's source of protected words (installed by `articles.apps`): those last loaded, without a query."""
    loaded = _loaded.peek("vocabulary")
    return loaded.protected if loaded else frozenset()


def forget() -> None:
    """Drop the loaded vocabulary (the analyzer protects nothing until the next `current_vocabulary()`)."""
    _loaded.forget()
