"""Article search as the pages and the API see it: one function, whichever backend the settings choose.

The backend parses and finds (`articles.search.backends`); this module turns the form's parameters into its
request, highlights the snippets, attaches each hit's copies and the entity card, and caches the answer until
the data change (`articles.memo` generations: every index write starts a new one).
"""

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dtime

from django.conf import settings
from django.utils import timezone

from articles.bulk import instances_by_id
from articles.entities.registry import entity_named
from articles.memo import PerGeneration
from articles.models import Article, Entity
from articles.search import backends
from articles.search.analysis import exact_analyzer, indonesian_analyzer
from articles.search.backends.base import Request
from articles.search.highlight import Literal, snippet
from articles.search.histogram import Bin, histogram
from articles.search.querying import FILTER_NAMES, ParsedQuery
from articles.search.stories import ALL, GROUPED, copies_of
from articles.search.vocabulary import current_synonyms

PAGE_SIZE = 10
RESULT_CACHE_SECONDS = 120  # bounds what the shared cache holds; a change starts a new generation anyway
# Part of every result-cache key: bumped when the cached tuple changes shape, `Hit` included, or the Article,
# Source or Entity models it pickles gain or lose a field, so a deploy never reads old entries.
RESULT_CACHE_LAYOUT = 5
# Kept in the shared cache only: what is kept holds model instances and dicts that a page could change.
_results: PerGeneration[tuple] = PerGeneration("search", maxsize=0, seconds=RESULT_CACHE_SECONDS)


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    source: str = ""
    entity: str = ""
    type: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    copies: str = GROUPED  # ALL: every copy of a story is its own hit
    facet_limit: int | None = None  # values per facet (base.UNCAPPED_FACETS excepted); None: settings.FACET_LIMIT

    @classmethod
    def from_form(cls, data: dict) -> "SearchParams":
        return cls(
            q=data.get("q") or "", source=data.get("source") or "", entity=data.get("entity") or "",
            type=data.get("type") or "", date_from=data.get("from"), date_to=data.get("to"),
            sort=data.get("sort") or "relevance", page=data.get("page") or 1, copies=data.get("copies") or GROUPED,
            facet_limit=data.get("facet_limit") or settings.FACET_LIMIT,
        )


@dataclass
class Hit:
    article: Article
    score: float
    snippet: list[tuple[str, bool]]
    copies: list[Article] = field(default_factory=list)  # the same story in other outlets, original first


@dataclass
class SearchPage:
    params: SearchParams
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str = ""
    relaxed: bool = False  # nothing had every word: these hits miss one of them
    facets_approximate: bool = False  # facet counts estimated from a sample of the hits (many hits)
    distinct_values: dict[str, int] = field(default_factory=dict)  # per facet: its values before the facet limit
    entity_card: Entity | None = None
    took_ms: float = 0.0
    histogram_size: str = ""  # "day", "week" or "month"; "" when no match has a date
    histogram: list[Bin] = field(default_factory=list)  # every match with a date, over time

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))

    @property
    def first_result(self) -> int:
        """The number of the page's first hit among all of them (from 1)."""
        return (self.params.page - 1) * PAGE_SIZE + 1


def wanted_filters(params: SearchParams, parsed: ParsedQuery) -> dict[str, list[str]]:
    """Filter values by name, from the form parameters and `field:value` in the query."""
    wanted = {name: list(values) for name, values in parsed.filters.items() if name in FILTER_NAMES}
    for name in FILTER_NAMES:
        if getattr(params, name):
            wanted.setdefault(name, []).append(getattr(params, name))
    return wanted


def published_range(params: SearchParams) -> tuple[datetime | None, datetime | None]:
    """The date parameters as aware datetimes covering whole days in Jakarta."""
    start = timezone.make_aware(datetime.combine(params.date_from, dtime.min)) if params.date_from else None
    end = timezone.make_aware(datetime.combine(params.date_to, dtime.max)) if params.date_to else None
    return start, end


def _articles(ids: list[int]) -> dict[int, Article]:
    return instances_by_id(Article, ids, defer=("raw_text", "minhash", "removed_lines"), related="source")


def _with_copies(hits: list[Hit]) -> list[Hit]:
    """`hits` with the other copies of their stories attached (one query, none when no hit has copies)."""
    copies = copies_of(hit.article for hit in hits)
    for hit in hits:
        hit.copies = copies.get(hit.article.pk, [])
    return hits


def _request(params: SearchParams, parsed: ParsedQuery, *, offset: int, limit: int, facets: bool = True) -> Request:
    return Request(
        query=None if parsed.is_empty else parsed.query, wanted=wanted_filters(params, parsed),
        excluded=parsed.excluded_filters, published=published_range(params),
        newest=params.sort == "newest" or parsed.is_empty, offset=offset, limit=limit,
        every_copy=params.copies == ALL, facet_limit=params.facet_limit or settings.FACET_LIMIT, facets=facets)


def _run(params: SearchParams, page: SearchPage) -> None:
    """Fill `page` from the backend: count, facets, histogram, hits with their snippets, the entity card."""
    backend = backends.current()
    parsed = backend.parse(params.q, synonyms=current_synonyms())
    found = backend.find(_request(params, parsed, offset=(params.page - 1) * PAGE_SIZE, limit=PAGE_SIZE))
    page.histogram_size, page.histogram = histogram(found.facets.pop("day", []))
    page.count, page.facets, page.relaxed = found.count, found.facets, found.relaxed
    page.facets_approximate = found.facets_approximate
    page.distinct_values = {name: n for name, n in found.distinct_values.items() if name in page.facets}
    if page.count == 0 and not parsed.is_empty:
        page.suggestion = backend.suggest(parsed.plain_text)
    articles = _articles([pk for pk, _ in found.ranked])
    analyzer = indonesian_analyzer()
    literal = Literal(exact_analyzer(), parsed.literal_phrases_for_highlight, parsed.prefixes_for_highlight)
    page.hits = _with_copies([
        Hit(article=articles[pk], score=score,
            snippet=snippet(articles[pk].body, parsed.terms_for_highlight, analyzer,
                            phrases=parsed.phrases_for_highlight, literal=literal))
        for pk, score in found.ranked if pk in articles
    ])
    if parsed.plain_text:
        page.entity_card = entity_named(parsed.plain_text)


def _defer_body(article: Article) -> None:
    """Leave `article.body` unloaded, as `QuerySet.defer("body")` would: read from the database on access."""
    article.__dict__.pop("body", None)


def search(params: SearchParams) -> SearchPage:
    """Run one search: a page of hits in rank order, facet counts over all hits, and the time taken.

    A repeated search is answered from the cache until the data change, hits' articles (their bodies deferred) and
    copies included (any change to an article starts a new generation), without a database query.
    """
    started = time.perf_counter()
    page = SearchPage(params=params)

    def run() -> tuple:
        _run(params, page)
        for hit in page.hits:  # shown as its snippet; ten bodies were half a cached answer (9 of 18 KB)
            _defer_body(hit.article)
        return (page.count, page.facets, page.relaxed, page.facets_approximate, page.distinct_values, page.suggestion,
                page.entity_card, page.histogram_size, page.histogram, page.hits)

    (page.count, page.facets, page.relaxed, page.facets_approximate, page.distinct_values, page.suggestion,
     page.entity_card, page.histogram_size, page.histogram, page.hits) = _results.get(
        f"{RESULT_CACHE_LAYOUT}:{backends.current().__name__}:{params!r}", run)
    page.took_ms = (time.perf_counter() - started) * 1000
    return page


def match_ids(params: SearchParams, limit: int) -> tuple[int, list[int]]:
    """(how many articles match, the ids of the first `limit` of them in the search's order), in one backend call.

    The same matches, order, grouping of copies and relaxed retry as `search` (the page parameter is ignored);
    no article is loaded and no facet counted. Not cached: an export asks once.
    """
    backend = backends.current()
    parsed = backend.parse(params.q, synonyms=current_synonyms())
    found = backend.find(_request(params, parsed, offset=0, limit=limit, facets=False))
    return found.count, [pk for pk, _score in found.ranked]


def warm() -> None:
    """Open what the first search needs now (Whoosh: this thread's searcher and its facet maps)."""
    backends.current().warm()


def similar_articles(article_id: int, text: str, top: int = 20) -> dict[int, float]:
    """Articles whose wording is closest to `text` (key terms of the body), scores scaled to 0..1.

    Empty while the index is unavailable: article pages must not depend on it.
    """
    return backends.current().similar(article_id, text, top)
