"""Article search over the Whoosh index that haystack maintains; one function serves the page and the API."""

import contextlib
import hashlib
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dtime
from itertools import islice

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from haystack import connections
from whoosh import collectors, sorting
from whoosh import query as wq
from whoosh.index import EmptyIndexError
from whoosh.searching import Searcher

from articles.entities.registry import entity_named
from articles.models import Article, Entity
from articles.search import facet_counts, pgsearch
from articles.search.analysis import TOKEN_RE, exact_analyzer, indonesian_analyzer, modern_spelling, normalize
from articles.search.health import SearchUnavailable, ensure_usable
from articles.search.highlight import Literal, snippet
from articles.search.querying import ParsedQuery, parse_user_query, relaxed
from articles.search.stories import ALL, GROUPED, Story, copies_of, stand_ins
from articles.search.vocabulary import current_synonyms

PAGE_SIZE = 10
MAX_KEPT_FILTERS = 64
RESULT_CACHE_SECONDS = 120
FACET_FIELDS = ("source", "entity", "entity_type", "month")
# Query syntax `type:person` filters on the index field `entity_type`.
FILTER_FIELDS = {"source": "source", "entity": "entity", "type": "entity_type"}


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


    @classmethod
    def from_form(cls, data: dict) -> "SearchParams":
        return cls(
            q=data.get("q") or "", source=data.get("source") or "", entity=data.get("entity") or "",
            type=data.get("type") or "", date_from=data.get("from"), date_to=data.get("to"),
            sort=data.get("sort") or "relevance", page=data.get("page") or 1, copies=data.get("copies") or GROUPED,
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
    entity_card: Entity | None = None
    took_ms: float = 0.0

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))


_local = threading.local()


def _searcher() -> Searcher:
    """This thread's searcher, reopened only when the index changed (opening one reads every segment).

    SearchUnavailable when the index is deleted, unreadable or empty while articles exist (see health.py).
    """
    backend = connections["default"].get_backend()
    previous = current = getattr(_local, "searcher", None)
    try:
        if not backend.setup_complete:
            backend.setup()
        if current is None or current._ix is not backend.index or not current.up_to_date():
            # A new searcher, not refresh(): refresh() reuses segment readers with their old deletion lists,
            # so a re-indexed article would be found twice (and it cannot start from an empty index).
            if current is not None:
                current.close()
            current = backend.index.searcher()
        _local.searcher = current
        if current is not previous:  # maps of segments merged away would otherwise stay in memory
            _local.filters = {}  # document numbers belong to the searcher that found them
            _local.stories = None
            facet_counts.forget_segments(reader.segment().segment_id()
                                         for reader, _ in current.reader().leaf_readers() if reader.segment())
    except (EmptyIndexError, OSError) as exc:
        backend.setup_complete = False  # open (or create) it afresh next time
        _local.searcher = None
        raise SearchUnavailable(str(exc)) from exc
    ensure_usable(current)
    return current


def _naive_utc(moment: datetime | None) -> datetime | None:
    """How the Whoosh index stores datetimes (haystack writes them naive, in UTC)."""
    return moment.astimezone(timezone.UTC).replace(tzinfo=None) if moment else None


def wanted_filters(params: SearchParams, parsed: ParsedQuery) -> dict[str, list[str]]:
    """Filter values by name, from the form parameters and `field:value` in the query."""
    wanted = {name: list(values) for name, values in parsed.filters.items() if name in FILTER_FIELDS}
    for name in FILTER_FIELDS:
        if getattr(params, name):
            wanted.setdefault(name, []).append(getattr(params, name))
    return wanted


def published_range(params: SearchParams) -> tuple[datetime | None, datetime | None]:
    """The date parameters as aware datetimes covering whole days in Jakarta."""
    start = timezone.make_aware(datetime.combine(params.date_from, dtime.min)) if params.date_from else None
    end = timezone.make_aware(datetime.combine(params.date_to, dtime.max)) if params.date_to else None
    return start, end


def build_filter(params: SearchParams, parsed: ParsedQuery) -> tuple[wq.Query | None, wq.Query | None]:
    """(must-match filter, must-not-match mask) from the form parameters and `field:value` in the query."""
    clauses: list[wq.Query] = [wq.Or([wq.Term(FILTER_FIELDS[name], value) for value in values])
                               for name, values in wanted_filters(params, parsed).items() if values]
    if params.date_from or params.date_to:
        start, end = published_range(params)
        clauses.append(wq.DateRange("published", _naive_utc(start), _naive_utc(end)))
    masked = [wq.Term(FILTER_FIELDS[name], value)
              for name, values in parsed.excluded_filters.items() if name in FILTER_FIELDS for value in values]
    return (wq.And(clauses) if clauses else None), (wq.Or(masked) if masked else None)


def suggest(text: str, searcher) -> str:
    """The query with each word unknown to the index replaced by the closest indexed word, or ""."""
    corrector = searcher.corrector("exact")
    words, changed = [], False
    for match in TOKEN_RE.finditer(text):
        word = match.group()
        key = modern_spelling(normalize(word))
        if len(key) < 3 or key.isdigit() or searcher.doc_frequency("exact", key):
            words.append(word)
            continue
        found = corrector.suggest(key, limit=1, maxdist=1 if len(key) < 6 else 2)
        if found and found[0] != key:
            words.append(found[0].capitalize() if word[:1].isupper() else found[0])
            changed = True
        else:
            words.append(word)
    return " ".join(words) if changed else ""


class _TopStories(collectors.TopCollector):
    """The top `limit` hits, scoring every match on the way (no block skipping, no pruning of matchers that can
    no longer reach the top) and so knowing them all: the total and the facets need no second pass.

    Copies of a story (documents in `stories`) are held apart with their scores: which one stands for its story
    is known only once every match is, and only that one may take a place in the top.
    """

    def __init__(self, limit: int, stories: Mapping[int, Story]) -> None:
        super().__init__(limit=limit, usequality=False, replace=0)
        self.stories = stories
        self.held: dict[int, float] = {}

    def _collect(self, global_docnum, score):
        self.docset.add(global_docnum)
        if global_docnum in self.stories:
            self.held[global_docnum] = score
            return score
        return super()._collect(global_docnum, score)

    def all_ids(self):
        return self.docset


def _filter_docs(searcher: Searcher, query: wq.Query | None) -> set[int] | None:
    """Document numbers of a filter, kept until `_searcher()` opens a new searcher: readers filter by the same
    outlets and date ranges again and again, and a date range alone takes tens of ms to expand (70 at 10,000
    articles)."""
    if query is None:
        return None
    kept, key = _local.filters, repr(query)
    if key not in kept:
        if len(kept) >= MAX_KEPT_FILTERS:
            kept.clear()
        kept[key] = set(searcher.docs_for_query(query))
    return kept[key]


def _stories(searcher: Searcher) -> dict[int, Story]:
    """The story of each document that has copies, by document number, read once per searcher."""
    if _local.stories is None:
        found = {}
        for docnum, keys in enumerate(facet_counts.document_keys(searcher, "story")):
            if keys:
                cluster, _, place = keys[0].partition(":")
                found[docnum] = (int(cluster), int(place))
        _local.stories = found
    return _local.stories


@dataclass
class _Matches:
    """What a Whoosh search found, copies of one story already folded into one hit."""

    docs: set[int]  # every match a reader sees: what the total and the facets count
    ranked: list[tuple[int, float]]  # (document number, score) of the first `limit`, in order


def _whoosh_search(searcher: Searcher, query: wq.Query, *, limit: int, only, mask, sortedby,
                   stories: Mapping[int, Story]) -> _Matches:
    only, mask = _filter_docs(searcher, only), _filter_docs(searcher, mask)
    if only is not None and not only:  # Whoosh reads an empty filter set as no filter at all
        query = wq.NullQuery
    # Sorting reads and sorts every match whatever the limit: taking them all costs nothing more.
    top = collectors.SortingCollector(sortedby, limit=None) if sortedby is not None else _TopStories(limit, stories)
    collector = top if only is None and mask is None else collectors.FilterCollector(top, only, mask)
    searcher.search_with_collector(query, collector)
    matched = set(top.docset)
    copies = {docnum for docnum in matched if docnum in stories} if stories else set()
    hidden = copies - stand_ins(copies, stories)
    if sortedby is not None:
        shown = ((docnum, key or 0.0) for key, docnum in top.results().top_n if docnum not in hidden)
        return _Matches(matched - hidden, list(islice(shown, limit)))
    candidates = [(0 - negated, score) for score, negated in top.items]
    candidates += [(docnum, top.held[docnum]) for docnum in copies - hidden]
    candidates.sort(key=lambda item: (-item[1], item[0]))  # Whoosh's own order: score, then document number
    return _Matches(matched - hidden, candidates[:limit])


def _whoosh_results(params: SearchParams, page: SearchPage) -> tuple[ParsedQuery, list[tuple[int, float]]]:
    searcher = _searcher()
    parsed = parse_user_query(params.q, searcher.schema, synonyms=current_synonyms(),
                              filter_names=tuple(FILTER_FIELDS))
    query = wq.Every() if parsed.is_empty else parsed.query
    newest = params.sort == "newest" or parsed.is_empty
    only, mask = build_filter(params, parsed)
    options = {"limit": params.page * PAGE_SIZE, "only": only, "mask": mask,
               "sortedby": sorting.FieldFacet("published", reverse=True) if newest else None,
               "stories": _stories(searcher) if params.copies == GROUPED else {}}
    found = _whoosh_search(searcher, query, **options)
    if not found.docs and (loose := relaxed(query)) is not None:
        found = _whoosh_search(searcher, loose, **options)
        page.relaxed = bool(found.docs)
    page.count = len(found.docs)
    if page.count == 0 and not parsed.is_empty:
        page.suggestion = suggest(parsed.plain_text, searcher)
    first = (params.page - 1) * PAGE_SIZE
    ranked = [(int(searcher.stored_fields(docnum)["django_id"]), score)
              for docnum, score in found.ranked[first:first + PAGE_SIZE]]
    counts = facet_counts.count(searcher, found.docs, FACET_FIELDS) if page.count else {}
    for name, counter in counts.items():
        page.facets[name] = sorted(((k, n) for k, n in counter.items() if k), key=lambda item: (-item[1], item[0]))
    return parsed, ranked


def _postgres_results(params: SearchParams, page: SearchPage) -> tuple[ParsedQuery, list[tuple[int, float]]]:
    parsed = parse_user_query(params.q, pgsearch.SCHEMA, pgsearch.FIELDS, synonyms=current_synonyms(),
                              filter_names=tuple(FILTER_FIELDS))
    tsquery = None if parsed.is_empty else pgsearch.to_tsquery(parsed.query)

    def run(text: str | None) -> pgsearch.Results:
        return pgsearch.search(text, wanted=wanted_filters(params, parsed), excluded=parsed.excluded_filters,
                               published=published_range(params), newest=params.sort == "newest" or text is None,
                               offset=(params.page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
                               every_copy=params.copies == ALL)

    results = run(tsquery)
    loose = relaxed(parsed.query) if tsquery and not results.count else None
    if loose is not None and (loose_tsquery := pgsearch.to_tsquery(loose)):
        results = run(loose_tsquery)
        page.relaxed = results.count > 0
    page.count = results.count
    if results.count:
        page.facets = results.facets
    return parsed, results.ranked


def _articles(ids: list[int]) -> dict[int, Article]:
    return (Article.objects.select_related("source").defer("raw_text", "minhash", "removed_lines")
            .in_bulk(ids))


def _with_copies(hits: list[Hit]) -> list[Hit]:
    """`hits` with the other copies of their stories attached (one query, none when no hit has copies)."""
    copies = copies_of(hit.article for hit in hits)
    for hit in hits:
        hit.copies = copies.get(hit.article.pk, [])
    return hits


def _run(params: SearchParams, page: SearchPage) -> None:
    """Fill `page` from the backend: count, facets, hits with their snippets, the entity card."""
    retrieve = _postgres_results if settings.SEARCH_BACKEND == "postgres" else _whoosh_results
    parsed, ranked = retrieve(params, page)
    articles = _articles([pk for pk, _ in ranked])
    analyzer = indonesian_analyzer()
    literal = Literal(exact_analyzer(), parsed.literal_phrases_for_highlight, parsed.prefixes_for_highlight)
    page.hits = _with_copies([
        Hit(article=articles[pk], score=score,
            snippet=snippet(articles[pk].body, parsed.terms_for_highlight, analyzer,
                            phrases=parsed.phrases_for_highlight, literal=literal))
        for pk, score in ranked if pk in articles
    ])
    if parsed.plain_text:
        page.entity_card = entity_named(parsed.plain_text)


def search(params: SearchParams) -> SearchPage:
    """Run one search: a page of hits in rank order, facet counts over all hits, and the time taken.

    A repeated search is answered from the cache until the index changes (or RESULT_CACHE_SECONDS pass, for
    synonyms edited meanwhile); only its articles are read again.
    """
    started = time.perf_counter()
    page = SearchPage(params=params)
    version = index_version()
    key = "search:" + hashlib.blake2b(f"{settings.SEARCH_BACKEND}:{version}:{params!r}".encode()).hexdigest()
    found = cache.get(key) if version else None
    if found is None:
        _run(params, page)
        if version:
            cache.set(key, (page.count, page.facets, page.relaxed, page.suggestion, page.entity_card,
                            [(hit.article.pk, hit.score, hit.snippet) for hit in page.hits]), RESULT_CACHE_SECONDS)
    else:
        page.count, page.facets, page.relaxed, page.suggestion, page.entity_card, hits = found
        articles = _articles([pk for pk, _, _ in hits])
        page.hits = _with_copies([Hit(article=articles[pk], score=score, snippet=pieces)
                                  for pk, score, pieces in hits if pk in articles])
    page.took_ms = (time.perf_counter() - started) * 1000
    return page


def warm() -> None:
    """Open this thread's searcher and build the facet maps now, so a new worker's first search is not slow."""
    # Without an index there is nothing to warm: search says "rebuilding" until it is back.
    with contextlib.suppress(SearchUnavailable):
        facet_counts.count(_searcher(), (), FACET_FIELDS)


def index_version() -> str:
    """Names the index's current contents: its generation and segment ids ("" while it is unavailable).

    The generation grows with every write; segment ids are random, so a rebuilt index never repeats a version.
    On PostgreSQL it is the database's oid and the count of document writes, bumped in their transaction.
    """
    if settings.SEARCH_BACKEND == "postgres":
        return f"pg:{pgsearch.generation()}"
    try:
        reader = _searcher().ixreader
    except SearchUnavailable:
        return ""
    segments = ",".join(sorted(leaf.segment().segment_id() for leaf, _ in reader.leaf_readers() if leaf.segment()))
    return f"{reader.generation()}:{hashlib.blake2b(segments.encode(), digest_size=8).hexdigest()}"


def similar_articles(article_id: int, text: str, top: int = 20) -> dict[int, float]:
    """Articles whose wording is closest to `text` (key terms of the body), scores scaled to 0..1.

    Empty while the index is unavailable: article pages must not depend on it.
    """
    try:
        searcher = _searcher()
    except SearchUnavailable:
        return {}
    docnum = searcher.document_number(id=f"articles.article.{article_id}")
    if docnum is None:
        return {}
    results = searcher.more_like(docnum, "text", text=text, top=top, numterms=12)
    scores = {int(hit["django_id"]): hit.score for hit in results}
    best = max(scores.values(), default=0.0)
    return {pk: score / best for pk, score in scores.items()} if best else {}
