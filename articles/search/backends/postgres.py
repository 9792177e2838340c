"""Search on PostgreSQL's own full-text search (SEARCH_BACKEND=postgres).

Documents hold Telusur's analysis, not PostgreSQL's `indonesian` stemmer (which cuts `berita` to `ita`): the
Indonesian analyzer's tokens are written as a tsvector literal with the analyzer's own positions (PostgreSQL's
parser never sees the text), so both backends match the same words, and a hyphenated word's parts and codes
share its position as on Whoosh. The reader's query goes through the same parser; its Whoosh query tree is
translated to a tsquery literal.

As Whoosh's `exact` field, the document also holds title and body as written with their stopwords in place, as
lexemes marked with LITERAL_MARK: quoted phrases with stopwords and `banj*` prefixes are matched on those
(prefixes expand from the SearchTerm list, as Whoosh expands them from its term list).
"""

import multiprocessing
import sys
from collections.abc import Collection, Iterable

import psycopg
from django.conf import settings
from django.db import connection, connections
from whoosh import fields as whoosh_fields
from whoosh import query as wq

from articles.forking import writer_processes
from articles.memo import changed
from articles.models import Article, EntityType, SearchTerm
from articles.search.analysis import exact_analyzer, indonesian_analyzer
from articles.search.backends.base import UNCAPPED_FACETS, Found, Request
from articles.search.documents import visible_entities
from articles.search.querying import (
    FILTER_NAMES,
    LITERAL_FIELD,
    MAX_PREFIX_TERMS,
    ParsedQuery,
    parse_user_query,
    relaxed,
)
from articles.search.stories import story_of
from articles.search.synonyms import SynonymMap
from articles.search.vocabulary import current_vocabulary
from portal.replicas import read_alias

# The parser needs a schema; `text` (title and entities share its analyzer) and the literal field are translated.
SCHEMA = whoosh_fields.Schema(text=whoosh_fields.TEXT(analyzer=indonesian_analyzer()),
                              **{LITERAL_FIELD: whoosh_fields.TEXT(analyzer=exact_analyzer())})
FIELDS = {"text": 1.0}
# ts_rank_cd weights for D, C, B, A: captions D, body C, entities B, title A (as with Whoosh).
WEIGHTS = [0.05, 0.3, 0.6, 1.0]
# What a request without a facet limit asks for: every value (PostgreSQL's LIMIT takes no "all" parameter).
ALL_VALUES = 2**31 - 1
# Past this many hits the facets are counted on a sample of about this many and scaled to the total (marked
# approximate): counting every hit of a common word (7,271 hits at 20,000 articles) took longer than ranking them.
FACET_SAMPLE = 1000
# Lexemes of words as written start with a character the tokenizer never keeps, so they never meet a stem.
LITERAL_MARK = "="
# PostgreSQL refuses longer lexemes (to_tsvector skipped them); the term list keeps words a reader could type.
MAX_LEXEME_BYTES = 2046
MAX_TERM_LENGTH = SearchTerm._meta.get_field("term").max_length


def _sections(title: str, names: str, body: str, captions: str) -> list[tuple[str, object, str, str]]:
    """(text, analyzer, weight, lexeme mark) of each part of a document, in order."""
    stems, literal = indonesian_analyzer(), exact_analyzer()
    return [(title, stems, "A", ""), (names, stems, "B", ""), (body, stems, "C", ""), (captions, stems, "D", ""),
            (f"{title}\n\n{body}", literal, "C", LITERAL_MARK)]


def _document_row(item: tuple) -> tuple:
    """(pk, tsvector literal, the same without the words as written (what ranking reads), words as written for the
    term list, *copies) of one article."""
    pk, title, names, body, captions, *copies = item
    positions: dict[str, list[str]] = {}
    words: set[str] = set()
    start = 1  # tsvector positions start at 1; each section starts past the last, so no phrase spans two
    for text, analyzer, weight, mark in _sections(title, names, body, captions):
        last = start - 1
        for token in analyzer(text, positions=True, mode="index"):
            lexeme = mark + token.text
            if len(lexeme.encode()) <= MAX_LEXEME_BYTES:
                last = start + token.pos
                positions.setdefault(lexeme, []).append(f"{last}{weight}")
                if mark and len(token.text) <= MAX_TERM_LENGTH:
                    words.add(token.text)
        start = last + 2
    lexemes = [f"{_quote(lexeme)}:{','.join(places)}" for lexeme, places in positions.items()]
    stems = [text for lexeme, text in zip(positions, lexemes, strict=True) if not lexeme.startswith(LITERAL_MARK)]
    return pk, " ".join(lexemes), " ".join(stems), sorted(words), *copies


def _item(article: Article) -> tuple:
    visible = visible_entities(article)
    names = " ; ".join(sorted({entity.name for entity in visible}))
    story_id, place = story_of(article) or (None, 0)
    return (article.pk, article.title, names, article.body, "\n\n".join(article.captions), article.source_id,
            article.published, sorted({entity.pk for entity in visible}), sorted({entity.type for entity in visible}),
            story_id, place)


def write(articles: list[Article]) -> int:
    """Write the search documents of `articles` (loaded by `documents.indexed_articles`); returns how many.

    Large batches are analysed by one forked process per core, as the Whoosh writer does.
    """
    items = [_item(article) for article in articles]
    current_vocabulary()  # the names to protect, loaded here: forked workers inherit them
    processes = writer_processes(len(items))
    if processes > 1:
        pool = multiprocessing.get_context("fork").Pool(processes)
        try:
            rows = pool.map(_document_row, items, chunksize=max(1, len(items) // (4 * processes)))
        finally:  # workers leave on their own (terminating them would signal whatever handlers they inherited)
            pool.close()
            pool.join()
    else:
        rows = list(map(_document_row, items))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO articles_articlesearchdocument "
            "(article_id, document, ranked, source_id, published, entity_ids, entity_types, story_id, story_place) "
            "VALUES (%s, %s::tsvector, %s::tsvector, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document, ranked = EXCLUDED.ranked, "
            "source_id = EXCLUDED.source_id, "
            "published = EXCLUDED.published, entity_ids = EXCLUDED.entity_ids, "
            "entity_types = EXCLUDED.entity_types, story_id = EXCLUDED.story_id, "
            "story_place = EXCLUDED.story_place", [(pk, vector, ranked, *copies)
                                                    for pk, vector, ranked, _, *copies in rows])
        # Sorted, so two writers of overlapping terms take their row locks in one order.
        cursor.execute("INSERT INTO articles_searchterm (term) SELECT unnest(%s::varchar[]) ON CONFLICT DO NOTHING",
                       [sorted({word for _, _, _, words, *_ in rows for word in words})])
    changed()
    return len(rows)


def delete(ids: Iterable[int]) -> None:
    """Nothing to do: a deleted article takes its document with it (ON DELETE CASCADE)."""


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _lexeme(fieldname: str, word: str) -> str | None:
    """The quoted lexeme of a word searched in a field; None for fields the document does not hold."""
    mark = {"text": "", LITERAL_FIELD: LITERAL_MARK}.get(fieldname)
    return None if mark is None else _quote(mark + word)


def expand_prefix(prefix: str) -> list[str]:
    """The first MAX_PREFIX_TERMS words as written that start with `prefix`, from the term list."""
    return list(SearchTerm.objects.filter(term__startswith=prefix).order_by("term")
                .values_list("term", flat=True)[:MAX_PREFIX_TERMS])


def to_tsquery(query: wq.Query) -> str | None:
    """The tsquery text of a parsed query (parts on `text` and the literal field); None when nothing is left.

    A prefix expands from the term list (a word of its own when nothing starts with it, so it matches nothing).
    """
    if isinstance(query, wq.Prefix):
        if query.fieldname != LITERAL_FIELD:
            return None
        return "(" + " | ".join(_lexeme(LITERAL_FIELD, word) for word in expand_prefix(query.text) or
                                [query.text]) + ")"
    if isinstance(query, wq.Term):
        return _lexeme(query.fieldname, query.text)
    if isinstance(query, wq.Phrase):
        lexemes = [_lexeme(query.fieldname, word) for word in query.words]
        return None if None in lexemes else "(" + " <-> ".join(lexemes) + ")"
    if isinstance(query, wq.Not):
        inner = to_tsquery(query.query)
        return f"!({inner})" if inner else None
    if isinstance(query, wq.And | wq.Or):
        parts = [part for part in (to_tsquery(child) for child in query.subqueries) if part]
        if not parts:
            return None
        return "(" + (" & " if isinstance(query, wq.And) else " | ").join(parts) + ")"
    return None


# Filters read the document's copies; slugs become ids in sub-selects, so a search is one round trip.
FILTERS = {
    "source": "source_id IN (SELECT id FROM articles_source WHERE slug = ANY(%s))",
    "entity": "entity_ids && ARRAY(SELECT id FROM articles_entity WHERE slug = ANY(%s) AND NOT hidden)",
    "type": "entity_types && %s::varchar[]",
}
# Every match is read once (the CTE); the page and the count are computed from what the reader sees, the facets
# from all of it or, past FACET_SAMPLE hits, from the hits whose id hashes below FACET_SAMPLE / count (a fixed
# sample, unrelated to source, date or id order), each count scaled by count / sampled (exact, x1, without one).
# Hits are counted per day once, and months are summed from the days (formatting dates per hit cost ~2 ms a
# thousand hits); the entity ids are unnested in the select list (a lateral unnest per hit cost a third more).
MATCHES_SQL = """
WITH matches AS MATERIALIZED (
    SELECT article_id, source_id, published, entity_ids, entity_types, story_id, story_place, {rank} AS rank
    FROM articles_articlesearchdocument WHERE {where}
), stand_ins AS MATERIALIZED (  -- per story, its matching copy with the lowest place (stories.stand_ins)
    SELECT DISTINCT ON (story_id) article_id FROM matches WHERE story_id IS NOT NULL
    ORDER BY story_id, story_place, article_id
), hits AS NOT MATERIALIZED ({hits}
), total AS MATERIALIZED (SELECT count(*) AS n FROM hits)"""
# The page of hits, as a JSON array of [id, rank].
PAGE_SQL = """(SELECT coalesce(json_agg(json_build_array(article_id, rank)), '[]') FROM (
        SELECT article_id, rank FROM hits ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s) page)"""
# What an export asks (Request.facets false): the count and the page, no facet.
IDS_SQL = """{matches}
SELECT (SELECT n FROM total), false, {page}"""
SEARCH_SQL = """{matches}, sample AS MATERIALIZED (
    SELECT * FROM hits WHERE (SELECT n FROM total) <= %(facet_sample)s
        OR (hashint8(article_id) & 65535) < 65536 * %(facet_sample)s / (SELECT n FROM total)
), scale AS MATERIALIZED (SELECT (SELECT n FROM total)::float8 / greatest(count(*), 1) AS factor FROM sample
), days AS MATERIALIZED (
    SELECT (published AT TIME ZONE %(zone)s)::date AS day, count(*) AS n
    FROM sample WHERE published IS NOT NULL GROUP BY 1
), entities AS MATERIALIZED (
    SELECT id, count(*) AS n FROM (SELECT unnest(entity_ids) AS id FROM sample) pairs GROUP BY id
), cut AS MATERIALIZED (  -- the facet_limit-th largest count (none when fewer): a bounded heap, no full sort
    SELECT n FROM entities ORDER BY n DESC OFFSET %(facet_limit)s - 1 LIMIT 1
)
SELECT
    (SELECT n FROM total),
    (SELECT n > %(facet_sample)s FROM total),
    {page},
    (SELECT coalesce(json_agg(json_build_array(s.slug, {scaled}) ORDER BY f.n DESC, s.slug COLLATE "C"), '[]')
     FROM (SELECT source_id, count(*) AS n FROM sample GROUP BY source_id) f
     JOIN articles_source s ON s.id = f.source_id),
    (SELECT count(*) FROM entities),
    (SELECT coalesce(json_agg(json_build_array(slug, {scaled}) ORDER BY n DESC, slug COLLATE "C"), '[]') FROM (
        SELECT e.slug, f.n FROM entities f JOIN articles_entity e ON e.id = f.id
        WHERE f.n >= coalesce((SELECT n FROM cut), 0)  -- names looked up only for the top counts and their ties
        ORDER BY f.n DESC, e.slug COLLATE "C" LIMIT %(facet_limit)s) top),
    (SELECT coalesce(json_agg(json_build_array(type, {scaled}) ORDER BY n DESC, type), '[]') FROM (
        SELECT type, n FROM (SELECT {type_counts} FROM sample) f
        CROSS JOIN LATERAL (VALUES {type_pairs}) AS pair(type, n) WHERE n > 0) f),
    (SELECT coalesce(json_agg(json_build_array(month, {scaled}) ORDER BY n DESC, month), '[]') FROM (
        SELECT to_char(day, 'YYYY-MM') AS month, sum(n)::bigint AS n FROM days GROUP BY 1) f),
    (SELECT coalesce(json_agg(json_build_array(to_char(day, 'YYYY-MM-DD'), {scaled}) ORDER BY day), '[]') FROM days)
"""
# A sampled count n stands for about n x factor hits (at least the one seen).
SCALED = "greatest(round(n * (SELECT factor FROM scale)), 1)::bigint"
# Entity types are few and fixed: counted side by side in one pass (no unnest).
TYPE_COUNTS = ", ".join(f"count(*) FILTER (WHERE entity_types @> ARRAY['{kind}']::varchar[]) AS {kind}"
                        for kind in EntityType.values)
TYPE_PAIRS = ", ".join(f"('{kind}', {kind})" for kind in EntityType.values)
# One hit per story: articles without copies and the stand-ins of stories; or every match. Not a copy of the
# matches: filtered as each reader scans them (copying the 7,271 matches of 'jakarta' at 20,000 articles cost
# about a fifth of the statement's CPU time, see bench/README.md).
ONE_PER_STORY = "SELECT * FROM matches WHERE story_id IS NULL OR article_id IN (SELECT article_id FROM stand_ins)"
EVERY_COPY = "SELECT * FROM matches"
RELEVANCE = "rank DESC, published DESC NULLS LAST, article_id DESC"
NEWEST_FIRST = "published DESC NULLS LAST, article_id DESC"


def search_column(tsquery: str) -> str:
    """The column `tsquery` is matched and ranked on: `ranked` (the stems alone) unless it asks for words as
    written, then `document`.

    Both give the same matches and, as ts_rank_cd (without length normalisation) reads only the positions of
    the query's lexemes, the same rank when the query has none of the words as written. Each has its GIN index;
    where the planner scans the table instead (a word in half the articles), `ranked` is read in the row
    (`document`, TOASTed, was decompressed for every article: 147 ms against 46 ms for `indonesia` at 20,000).
    """
    return "document" if f"'{LITERAL_MARK}" in tsquery else "ranked"  # lexemes are quoted (_lexeme)


class _PreparingCursor(psycopg.Cursor):
    """A cursor that binds parameters on the server and prepares every statement it runs (psycopg keeps them per
    connection, the least used dropped past `prepared_max`)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)


def _fetch(sql: str, params: dict, *, prepared: bool) -> tuple:
    """The one row `sql` returns on the read database; run as a prepared statement when `prepared`.

    Django's cursors bind parameters in the client, so the statement's text changes with every query and
    PostgreSQL parses and plans SEARCH_SQL on every search. Prepared (parameters sent apart), its text repeats:
    it is parsed once per connection and, after five searches, planned once (PostgreSQL's generic plan), which
    saved 0.75-1.3 ms of server CPU a search at 20,000 articles. Only for searches without filters: the generic
    plan of a filtered one, blind to how many rows a source or a date range keeps, joined the sources per row
    (9.0 ms against 2.5 ms for 'jakarta' in one outlet and three months). Named prepared statements need a
    session of their own (no transaction-pooling PgBouncer in between). Through Django's cursor wrapper either
    way, so query logging and `execute_wrapper` see it.
    """
    connection = connections[read_alias()]
    if not prepared:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    if connection.connection.prepare_threshold is None:  # Django's default turns preparing off altogether;
        connection.connection.prepare_threshold = sys.maxsize  # allowed again, but only where asked for
    raw = _PreparingCursor(connection.connection)
    with (connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _search(tsquery: str | None, request: Request) -> Found:
    """Documents matching `tsquery` (all for None) and the request's filters: a page in rank (or date) order, the
    count and the facets."""
    where, params = ["true"], {"limit": request.limit, "offset": request.offset,
                                "facet_limit": request.facet_limit or ALL_VALUES, "facet_sample": FACET_SAMPLE,
                                "zone": settings.TIME_ZONE, "weights": WEIGHTS}
    rank = "0.0::real"
    if tsquery is not None:
        column = search_column(tsquery)
        where.append(f"{column} @@ %(q)s::tsquery")
        rank = f"ts_rank_cd(%(weights)s::real[], {column}, %(q)s::tsquery)"
        params["q"] = tsquery
    matching = len(where)  # the conditions before the filters
    for negate, filters in ((False, request.wanted), (True, request.excluded)):
        for name, values in filters.items():
            if name in FILTERS and values:
                key = f"filter{len(params)}"
                clause = FILTERS[name].replace("%s", f"%({key})s")
                where.append(f"NOT ({clause})" if negate else clause)
                params[key] = list(values)
    start, end = request.published
    if start:
        where.append("published >= %(start)s")
        params["start"] = start
    if end:
        where.append("published <= %(end)s")
        params["end"] = end
    newest = request.newest or tsquery is None
    matches = MATCHES_SQL.format(rank=rank, where=" AND ".join(where),
                                 hits=EVERY_COPY if request.every_copy else ONE_PER_STORY)
    sql = (SEARCH_SQL if request.facets else IDS_SQL).format(
        matches=matches, page=PAGE_SQL.format(order=NEWEST_FIRST if newest else RELEVANCE),
        type_counts=TYPE_COUNTS, type_pairs=TYPE_PAIRS, scaled=SCALED)
    count, approximate, page, *facet_values = _fetch(sql, params, prepared=len(where) == matching)
    if not count or not request.facets:
        return Found(count=count, ranked=[(pk, float(score)) for pk, score in page],
                     facets_approximate=approximate)
    sources, entity_values, entities, types, months, days = facet_values
    facets = {"source": sources, "entity": entities, "entity_type": types, "month": months, "day": days}
    distinct = {name: len(pairs) for name, pairs in facets.items()} | {"entity": entity_values}
    return Found(count=count, ranked=[(pk, float(score)) for pk, score in page],
                 facets={name: [tuple(pair) for pair in (pairs if name in UNCAPPED_FACETS else
                                                         pairs[:request.facet_limit])]
                         for name, pairs in facets.items()},
                 facets_approximate=approximate, distinct_values=distinct)


def parse(text: str, *, synonyms: SynonymMap, filter_names: Collection[str] = FILTER_NAMES) -> ParsedQuery:
    """The reader's text as a query on `text` and the literal field (see SCHEMA)."""
    return parse_user_query(text, SCHEMA, FIELDS, synonyms=synonyms, filter_names=filter_names)


def find(request: Request) -> Found:
    tsquery = None if request.query is None else to_tsquery(request.query)
    found = _search(tsquery, request)
    loose = relaxed(request.query) if tsquery and not found.count else None
    if loose is not None and (loose_tsquery := to_tsquery(loose)):
        found = _search(loose_tsquery, request)
        found.relaxed = found.count > 0
    return found


def suggest(text: str) -> str:
    """No "did you mean" on PostgreSQL yet."""
    return ""


def similar(article_id: int, text: str, top: int = 20) -> dict[int, float]:
    """No text similarity on PostgreSQL yet: related coverage ranks by shared entities alone."""
    return {}


def optimise() -> None:
    """Nothing to merge: PostgreSQL maintains its GIN index itself."""


def warm() -> None:
    """Nothing to open ahead of the first search: every search is one SQL statement."""


def outgrown() -> None:
    """PostgreSQL's search is the backend to grow into: no size limit of its own."""
    return None
