"""Search on haystack's Whoosh index (SEARCH_BACKEND=whoosh, the default).

haystack's Whoosh backend, adjusted for Telusur (`TelusurWhooshEngine`, named in HAYSTACK_CONNECTIONS):
- Text fields use the analyzer their SearchField declares; facet fields are stored verbatim (keyword
  tokens, no stemming), so `source` facets come back as `okezone`, not as stemmed word pieces.
- Text fields are stored only when their SearchField says so, and keep no spelling graph ("did you mean" reads
  the term list).
- Segments are written non-compound: queries were several times faster (figures in bench/README.md).
- Writers wait for the index lock instead of failing, so concurrent updates from one process queue up.

Searches read through one searcher per thread, reopened only when the index changed. Every match is scored (no
block skipping), so the total and the facets need no second pass; facets are counted from per-segment maps
built once per segment (Whoosh's own field facets rebuild a document -> terms map over the whole field on every
search). Figures: bench/README.md.
"""

import math
import threading
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, islice

from django.conf import settings
from django.utils import timezone
from haystack import connections
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.exceptions import SkipDocument
from whoosh import collectors, sorting
from whoosh import fields as whoosh_fields
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.index import EmptyIndexError
from whoosh.searching import Searcher

from articles.forking import writer_processes
from articles.memo import PerObject, PerProcess, changed
from articles.models import Article
from articles.search.analysis import TOKEN_RE, normalize
from articles.search.backends.base import FACET_FIELDS, Found, Request, SearchUnavailable
from articles.search.documents import KEYWORD_FIELD_TYPE
from articles.search.querying import FILTER_NAMES, ParsedQuery, parse_user_query, relaxed
from articles.search.spellings import standard_spelling
from articles.search.stories import Story, stand_ins
from articles.search.synonyms import SynonymMap
from articles.search.vocabulary import current_vocabulary

WRITER_LOCK_TIMEOUT = 30.0
MAX_KEPT_FILTERS = 64
# "Did you mean" corrects words of 3 to SUGGEST_MAX_CHARS characters (a longer one is a code or pasted junk, and the
# index holds such tokens too); a correction is an indexed word within 2 edits, so it is bounded as well.
SUGGEST_MAX_CHARS = 30
# Filter names as the index calls its fields: `type:person` filters on `entity_type`.
FILTER_FIELDS = {"source": "source", "entity": "entity", "type": "entity_type"}


class TelusurWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            if field_class.field_type == KEYWORD_FIELD_TYPE or name.endswith("_exact"):
                schema.remove(name)
                schema.add(name, whoosh_fields.KEYWORD(stored=True, commas=True, lowercase=False, sortable=True))
            elif isinstance(schema[name], whoosh_fields.TEXT):
                # haystack stores every text field whatever the SearchField says; honour `stored=False`.
                schema[name].stored = field_class.stored
                schema[name].spelling = False
        return content_field_name, schema

    def writer(self, **options):
        """A writer that waits for the index lock and writes non-compound segments."""
        return self.index.writer(timeout=WRITER_LOCK_TIMEOUT, compound=False, **options)

    def update(self, index, iterable, commit=True):
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        docs = []
        for obj in iterable:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            doc.pop("boost", None)
            docs.append({key: self._from_python(value) for key, value in doc.items()})
        if not docs:
            return
        current_vocabulary()  # the names to protect, loaded here: forked writers inherit them
        procs = writer_processes(len(docs))
        options = {"multisegment": True} if procs > 1 else {}
        writer = self.writer(limitmb=128, procs=procs, **options)
        try:
            for doc in docs:
                writer.update_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        changed()

    def remove(self, obj_or_string, commit=True):
        super().remove(obj_or_string, commit=commit)
        changed()

    def clear(self, models=None, commit=True):
        super().clear(models=models, commit=commit)
        changed()


class TelusurWhooshEngine(WhooshEngine):
    backend = TelusurWhooshBackend


def _backend() -> TelusurWhooshBackend:
    return connections["default"].get_backend()


# --- the searcher of this thread ----------------------------------------------------------------------------------

_local = threading.local()


def _ensure_usable(searcher: Searcher) -> None:
    """Raise SearchUnavailable when the searcher sees no document although the database holds articles."""
    if searcher.doc_count() == 0 and Article.objects.exists():
        raise SearchUnavailable("the search index is empty while articles exist")


def _searcher() -> Searcher:
    """This thread's searcher, reopened only when the index changed (opening one reads every segment).

    SearchUnavailable when the index is deleted, unreadable or empty while articles exist.
    """
    backend = _backend()
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
            _forget_segments(reader.segment().segment_id()
                             for reader, _ in current.reader().leaf_readers() if reader.segment())
    except (EmptyIndexError, OSError) as exc:
        backend.setup_complete = False  # open (or create) it afresh next time
        _local.searcher = None
        raise SearchUnavailable(str(exc)) from exc
    _ensure_usable(current)
    return current


# --- facet maps, one per segment and field ------------------------------------------------------------------------

Keys = tuple[str, ...]
# Per (segment id, field): segments never change once written, so a map holds until a merge removes its segment.
MAX_SEGMENT_MAPS = 1024
_segment_maps: PerProcess[list[Keys]] = PerProcess(maxsize=MAX_SEGMENT_MAPS, seconds=math.inf)


def _read_segment_map(reader, fieldname: str) -> list[Keys]:
    keys: list[list[str]] = [[] for _ in range(reader.doc_count_all())]
    if fieldname in reader.indexed_field_names():
        for term in reader.lexicon(fieldname):
            text = term.decode("utf-8")
            for docnum in reader.postings(fieldname, term).all_ids():
                keys[docnum].append(text)
    return [tuple(k) for k in keys]


def _segment_map(reader, fieldname: str) -> list[Keys]:
    """Keys of `fieldname` for each document of one segment reader, built once per segment."""
    segment = reader.segment()
    if segment is None:  # an empty index has a reader without segments
        return []
    return _segment_maps.get((segment.segment_id(), fieldname), lambda: _read_segment_map(reader, fieldname))


def _forget_segments(live_ids: Iterable[str]) -> None:
    """Drop maps of segments that no longer exist (after a merge)."""
    live = set(live_ids)
    _segment_maps.discard(lambda key: key[0] not in live)


def _document_keys(searcher: Searcher, fieldname: str) -> list[Keys]:
    """Keys of `fieldname` for every document number of `searcher`."""
    combined: list[Keys] = []
    for reader, _base in searcher.reader().leaf_readers():
        combined.extend(_segment_map(reader, fieldname))
    return combined


def _facet_counts(searcher: Searcher, docnums: Iterable[int], fieldnames: Sequence[str]) -> dict[str, Counter]:
    """For each field, how many of `docnums` carry each key."""
    docnums = list(docnums)
    counters = {}
    for name in fieldnames:
        keys = _document_keys(searcher, name)
        counters[name] = Counter(chain.from_iterable(keys[docnum] for docnum in docnums))
    return counters


# --- searching ----------------------------------------------------------------------------------------------------

def _naive_utc(moment: datetime | None) -> datetime | None:
    """How the Whoosh index stores datetimes (haystack writes them naive, in UTC)."""
    return moment.astimezone(timezone.UTC).replace(tzinfo=None) if moment else None


def _filters(request: Request) -> tuple[wq.Query | None, wq.Query | None]:
    """(must-match filter, must-not-match mask) of a request."""
    clauses: list[wq.Query] = [wq.Or([wq.Term(FILTER_FIELDS[name], value) for value in values])
                               for name, values in request.wanted.items() if name in FILTER_FIELDS and values]
    start, end = request.published
    if start or end:
        clauses.append(wq.DateRange("published", _naive_utc(start), _naive_utc(end)))
    masked = [wq.Term(FILTER_FIELDS[name], value)
              for name, values in request.excluded.items() if name in FILTER_FIELDS for value in values]
    return (wq.And(clauses) if clauses else None), (wq.Or(masked) if masked else None)


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


# Document numbers belong to the searcher that found them: kept per searcher, dropped with it.
_filter_sets: PerObject[Searcher, dict[str, set[int]]] = PerObject(lambda searcher: {})


def _filter_docs(searcher: Searcher, query: wq.Query | None) -> set[int] | None:
    """Document numbers of a filter, kept while `searcher` lives: readers filter by the same outlets and date
    ranges again and again, and expanding a date range is slow (figures: bench/README.md)."""
    if query is None:
        return None
    kept, key = _filter_sets.get(searcher), repr(query)
    if key not in kept:
        if len(kept) >= MAX_KEPT_FILTERS:
            kept.clear()
        kept[key] = set(searcher.docs_for_query(query))
    return kept[key]


def _read_stories(searcher: Searcher) -> dict[int, Story]:
    """The story of each document that has copies, by document number."""
    found = {}
    for docnum, keys in enumerate(_document_keys(searcher, "story")):
        if keys:
            cluster, _, place = keys[0].partition(":")
            found[docnum] = (int(cluster), int(place))
    return found


_stories: PerObject[Searcher, dict[int, Story]] = PerObject(_read_stories)  # read once per searcher


@dataclass
class _Matches:
    """What a Whoosh search found, copies of one story already folded into one hit."""

    docs: set[int]  # every match a reader sees: what the total and the facets count
    ranked: list[tuple[int, float]]  # (document number, score) of the first `limit`, in order


# Whoosh keeps a missing date as the largest column value, so newest-first (a reversed sort) lists it first.
_UNDATED = -(2**64 - 1)


def _search(searcher: Searcher, query: wq.Query, *, limit: int, only, mask, sortedby,
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
        # A sorted list has no relevance score; undated articles go last, after every dated one.
        ordered = [(key, docnum) for key, docnum in top.results().top_n if docnum not in hidden]
        ordered.sort(key=lambda item: item[0] == _UNDATED)
        return _Matches(matched - hidden, [(docnum, 0.0) for _, docnum in islice(ordered, limit)])
    candidates = [(0 - negated, score) for score, negated in top.items]
    candidates += [(docnum, top.held[docnum]) for docnum in copies - hidden]
    candidates.sort(key=lambda item: (-item[1], item[0]))  # Whoosh's own order: score, then document number
    return _Matches(matched - hidden, candidates[:limit])


def parse(text: str, *, synonyms: SynonymMap, filter_names: Collection[str] = FILTER_NAMES) -> ParsedQuery:
    """The reader's text as a query on the index's own fields."""
    return parse_user_query(text, _searcher().schema, synonyms=synonyms, filter_names=filter_names)


def find(request: Request) -> Found:
    searcher = _searcher()
    query = wq.Every() if request.query is None else request.query
    only, mask = _filters(request)
    options = {"limit": request.offset + request.limit, "only": only, "mask": mask,
               "sortedby": sorting.FieldFacet("published", reverse=True) if request.newest else None,
               "stories": {} if request.every_copy else _stories.get(searcher)}
    found = _search(searcher, query, **options)
    result = Found()
    if not found.docs and (loose := relaxed(query)) is not None:
        found = _search(searcher, loose, **options)
        result.relaxed = bool(found.docs)
    result.count = len(found.docs)
    result.ranked = [(int(searcher.stored_fields(docnum)["django_id"]), score)
                     for docnum, score in found.ranked[request.offset:request.offset + request.limit]]
    counts = _facet_counts(searcher, found.docs, FACET_FIELDS) if result.count else {}
    for name, counter in counts.items():
        result.facets[name] = sorted(((k, n) for k, n in counter.items() if k), key=lambda item: (-item[1], item[0]))
    return result


def suggest(text: str) -> str:
    """The query with each word unknown to the index replaced by the closest indexed word, or "".

    Only words of 3 to SUGGEST_MAX_CHARS characters, not numbers, are corrected; the others stay as typed.
    """
    searcher = _searcher()
    corrector = searcher.corrector("exact")
    words, changed = [], False
    for match in TOKEN_RE.finditer(text):
        word = match.group()
        key = standard_spelling(normalize(word))
        if not 3 <= len(key) <= SUGGEST_MAX_CHARS or key.isdigit() or searcher.doc_frequency("exact", key):
            words.append(word)
            continue
        found = corrector.suggest(key, limit=1, maxdist=1 if len(key) < 6 else 2)
        if found and found[0] != key:
            words.append(found[0].capitalize() if word[:1].isupper() else found[0])
            changed = True
        else:
            words.append(word)
    return " ".join(words) if changed else ""


def similar(article_id: int, text: str, top: int = 20) -> dict[int, float]:
    """Articles whose wording is closest to `text` (key terms of the body), scores scaled to 0..1; empty while the
    index is unavailable (article pages must not depend on it)."""
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


def warm() -> None:
    """Open this thread's searcher and build the facet maps now, so a new worker's first search is not slow."""
    try:
        _facet_counts(_searcher(), (), FACET_FIELDS)
    except SearchUnavailable:  # without an index there is nothing to warm: search says "rebuilding" until it is back
        return


def outgrown() -> str | None:
    """Why the index is now too large for Whoosh (more than settings.WHOOSH_MAX_DOCUMENTS documents), else None.

    Reads the index's table of contents only (milliseconds) and creates nothing; None too while there is no index.
    """
    path = _backend().path
    try:
        documents = whoosh_index.open_dir(path).doc_count() if whoosh_index.exists_in(path) else 0
    except (EmptyIndexError, OSError):
        return None
    limit = settings.WHOOSH_MAX_DOCUMENTS
    if not limit or documents <= limit:
        return None
    return (f"the Whoosh index holds {documents:,} articles, more than WHOOSH_MAX_DOCUMENTS ({limit:,}): cold "
            "searches slow down past that size. Switch to SEARCH_BACKEND=postgres and run `manage.py reindex` "
            "(README, When to switch).")


# --- writing ------------------------------------------------------------------------------------------------------

def write(articles: list[Article]) -> int:
    """Write the documents of `articles` (loaded by `documents.indexed_articles`); returns how many."""
    _backend().update(connections["default"].get_unified_index().get_index(Article), articles)
    return len(articles)


def delete(ids: Iterable[int]) -> None:
    backend = _backend()
    for pk in ids:
        backend.remove(f"articles.article.{pk}")


def _segment_count(index) -> int:
    with index.reader() as reader:
        return len(reader.leaf_readers())


def optimise() -> tuple[int, int]:
    """Merge the index into one segment: (segments before, after). Minutes on a large index; searches go on from
    the old segments meanwhile. The caller holds the writer lock."""
    backend = _backend()
    if not backend.setup_complete:
        backend.setup()
    before = _segment_count(backend.index.refresh())
    if before > 1:
        backend.writer(limitmb=256).commit(optimize=True)
    return before, _segment_count(backend.index.refresh())
