"""What search asks of an engine: one small protocol that each module of `articles.search.backends` implements.

The service parses nothing itself and knows no engine: it asks the chosen backend to parse the reader's text into
the engine's fields, to find a page of stories with their total and facets, and (when nothing matched) for a
spelling suggestion. Indexing asks it to write and delete documents (and a backend starts a new data generation,
`articles.memo.changed()`, after each write, so caches see it).
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from whoosh import query as wq

from articles.models import Article
from articles.search.querying import FILTER_NAMES, ParsedQuery
from articles.search.synonyms import SynonymMap

Facets = dict[str, list[tuple[str, int]]]
# The names of the facets every backend counts, by the field they count. `day` ("YYYY-MM-DD", Jakarta) is what the
# service bins into the date histogram (articles.search.histogram); readers never see it as a facet.
FACET_FIELDS = ("source", "entity", "entity_type", "month", "day")
# Facets by date are never cut to a request's facet limit: `day` feeds the histogram, and the sidebar lists the
# newest months (not the largest); both have one value per day or month of the matches' span, so few.
UNCAPPED_FACETS = frozenset({"month", "day"})


class SearchUnavailable(Exception):
    """The search index cannot answer now (deleted, unreadable, or empty while articles exist)."""


@dataclass(frozen=True)
class Request:
    """One page of a search, in the terms every backend understands."""

    query: wq.Query | None  # None: every document
    wanted: dict[str, list[str]] = field(default_factory=dict)  # any of the values per filter name
    excluded: dict[str, list[str]] = field(default_factory=dict)  # none of them
    published: tuple[datetime | None, datetime | None] = (None, None)  # aware, inclusive
    newest: bool = False  # newest first, else by relevance
    offset: int = 0
    limit: int = 10
    every_copy: bool = False  # each copy of a story is its own hit (else one hit per story)
    # Values kept per facet (the most frequent, then by value; not UNCAPPED_FACETS); None keeps every value.
    facet_limit: int | None = None
    facets: bool = True  # count the facets (an export wants the total and the ids only)


@dataclass
class Found:
    """A page of article ids in order with their scores; the total and the facets count every match (estimated
    from a sample of them when `facets_approximate`; no facet when the request asked for none). Each facet lists
    its values by count, most first, then by value, cut to the request's `facet_limit`; `distinct_values` tells
    how many values it had before the cut."""

    count: int = 0
    ranked: list[tuple[int, float]] = field(default_factory=list)
    facets: Facets = field(default_factory=dict)
    relaxed: bool = False  # nothing had every word: these hits miss one of them
    facets_approximate: bool = False
    distinct_values: dict[str, int] = field(default_factory=dict)  # per facet name, over every match


class SearchBackend(Protocol):
    """A search engine. Implemented by the modules of this package (one per engine) and chosen by `current()`."""

    def parse(self, text: str, *, synonyms: SynonymMap, filter_names: Collection[str] = FILTER_NAMES
              ) -> ParsedQuery: ...

    def find(self, request: Request) -> Found: ...

    def suggest(self, text: str) -> str: ...

    def write(self, articles: list[Article]) -> int: ...

    def delete(self, ids: Iterable[int]) -> None: ...

    def similar(self, article_id: int, text: str, top: int) -> dict[int, float]: ...

    def optimise(self) -> tuple[int, int] | None: ...

    def warm(self) -> None: ...

    def outgrown(self) -> str | None: ...
