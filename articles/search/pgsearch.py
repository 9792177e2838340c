"""Search on PostgreSQL's own full-text search (SEARCH_BACKEND=postgres), behind the same service contract.

Documents hold Telusur's analysis, not PostgreSQL's `indonesian` stemmer (which cuts `berita` to `ita`): the
Indonesian analyzer's stems are indexed under the `simple` configuration, so both backends match the same
words. The reader's query goes through the same parser; its Whoosh query tree is translated to a tsquery.
"""

import multiprocessing
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import F
from whoosh import fields as whoosh_fields
from whoosh import query as wq

from articles.models import Article, EntityType, SearchGeneration
from articles.search.analysis import indonesian_analyzer
from articles.search.backend import writer_processes
from articles.search.stories import story_of

# The parser needs a schema; only the `text` field is translated (title and entities share its analyzer).
SCHEMA = whoosh_fields.Schema(text=whoosh_fields.TEXT(analyzer=indonesian_analyzer()))
FIELDS = {"text": 1.0}
# ts_rank_cd weights for D, C, B, A: captions D, body C, entities B, title A (as with Whoosh).
WEIGHTS = [0.05, 0.3, 0.6, 1.0]
FACET_LIMIT = 50


def _stems(text: str) -> str:
    return " ".join(token.text for token in indonesian_analyzer()(text))


def _document_row(item: tuple) -> tuple:
    pk, title, names, body, captions, *copies = item
    return pk, _stems(title), _stems(names), _stems(body), _stems(captions), *copies


def _item(article: Article) -> tuple:
    visible = [m.entity for m in article.mentions.all() if not m.entity.hidden]
    names = " ; ".join(sorted({entity.name for entity in visible}))
    story_id, place = story_of(article) or (None, 0)
    return (article.pk, article.title, names, article.body, "\n\n".join(article.captions), article.source_id,
            article.published, sorted({entity.pk for entity in visible}), sorted({entity.type for entity in visible}),
            story_id, place)


def write_documents(articles: Iterable[Article]) -> int:
    """Write the search documents of `articles` (with their mentions prefetched); returns how many.

    Large batches are analysed by one forked process per core, as the Whoosh writer does.
    """
    items = [_item(article) for article in articles]
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
            "(article_id, document, source_id, published, entity_ids, entity_types, story_id, story_place) VALUES (%s, "
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') || "
            "setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D'), "
            "%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document, source_id = EXCLUDED.source_id, "
            "published = EXCLUDED.published, entity_ids = EXCLUDED.entity_ids, "
            "entity_types = EXCLUDED.entity_types, story_id = EXCLUDED.story_id, "
            "story_place = EXCLUDED.story_place", rows)
    if not SearchGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        SearchGeneration.objects.create(pk=1, value=1)
    return len(rows)


def generation() -> str:
    """`<database oid>:<writes>`: the count of document writes changes exactly when their contents may have;
    the oid tells a database recreated under the same name (its count starts again) from the old one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT oid FROM pg_database WHERE datname = current_database()), "
                       "coalesce((SELECT value FROM articles_searchgeneration WHERE id = 1), 0)")
        oid, writes = cursor.fetchone()
    return f"{oid}:{writes}"


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def to_tsquery(query: wq.Query) -> str | None:
    """The tsquery text of a parsed query (`text` field parts only); None when nothing is left."""
    if isinstance(query, wq.Term):
        return _quote(query.text) if query.fieldname == "text" else None
    if isinstance(query, wq.Phrase):
        return "(" + " <-> ".join(map(_quote, query.words)) + ")" if query.fieldname == "text" else None
    if isinstance(query, wq.Not):
        inner = to_tsquery(query.query)
        return f"!({inner})" if inner else None
    if isinstance(query, wq.And | wq.Or):
        parts = [part for part in (to_tsquery(child) for child in query.subqueries) if part]
        if not parts:
            return None
        return "(" + (" & " if isinstance(query, wq.And) else " | ").join(parts) + ")"
    return None


@dataclass
class Results:
    """One page of ranked article ids with the total count and facet counts over every match."""

    count: int
    ranked: list[tuple[int, float]]
    facets: dict[str, list[tuple[str, int]]]


# Filters read the document's copies; slugs become ids in sub-selects, so a search is one round trip.
FILTERS = {
    "source": "source_id IN (SELECT id FROM articles_source WHERE slug = ANY(%s))",
    "entity": "entity_ids && ARRAY(SELECT id FROM articles_entity WHERE slug = ANY(%s) AND NOT hidden)",
    "type": "entity_types && %s::varchar[]",
}
# Every match is read once (the CTE); the page, the count and each facet are computed from what the reader sees.
SEARCH_SQL = """
WITH matches AS MATERIALIZED (
    SELECT article_id, source_id, published, entity_ids, entity_types, story_id, story_place, {rank} AS rank
    FROM articles_articlesearchdocument WHERE {where}
), hits AS MATERIALIZED ({hits})
SELECT
    (SELECT count(*) FROM hits),
    (SELECT coalesce(json_agg(json_build_array(article_id, rank)), '[]') FROM (
        SELECT article_id, rank FROM hits ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s) page),
    (SELECT coalesce(json_agg(json_build_array(s.slug, f.n) ORDER BY f.n DESC, s.slug), '[]') FROM (
        SELECT source_id, count(*) AS n FROM hits GROUP BY source_id) f JOIN articles_source s ON s.id = f.source_id),
    (SELECT coalesce(json_agg(json_build_array(slug, n) ORDER BY n DESC, slug), '[]') FROM (
        SELECT e.slug, f.n FROM (
            SELECT id, count(*) AS n, rank() OVER (ORDER BY count(*) DESC) AS place
            FROM hits, unnest(entity_ids) AS id GROUP BY id) f
        JOIN articles_entity e ON e.id = f.id
        WHERE f.place <= %(facet_limit)s  -- names are looked up only for the top counts (and their ties)
        ORDER BY f.n DESC, e.slug LIMIT %(facet_limit)s) top),
    (SELECT coalesce(json_agg(json_build_array(type, n) ORDER BY n DESC, type), '[]') FROM (
        SELECT type, n FROM (SELECT {type_counts} FROM hits) f
        CROSS JOIN LATERAL (VALUES {type_pairs}) AS pair(type, n) WHERE n > 0) f),
    (SELECT coalesce(json_agg(json_build_array(month, n) ORDER BY n DESC, month), '[]') FROM (
        SELECT to_char(published AT TIME ZONE %(zone)s, 'YYYY-MM') AS month, count(*) AS n
        FROM hits WHERE published IS NOT NULL GROUP BY 1) f)
"""
# Entity types are few and fixed: counted side by side in one pass (no unnest).
TYPE_COUNTS = ", ".join(f"count(*) FILTER (WHERE entity_types @> ARRAY['{kind}']::varchar[]) AS {kind}"
                        for kind in EntityType.values)
TYPE_PAIRS = ", ".join(f"('{kind}', {kind})" for kind in EntityType.values)
# One hit per story: articles without copies, and per story the matching copy with the lowest place (as in
# articles.search.stories.stand_ins); or every match.
ONE_PER_STORY = """
    SELECT * FROM matches WHERE story_id IS NULL
    UNION ALL
    (SELECT DISTINCT ON (story_id) * FROM matches WHERE story_id IS NOT NULL
     ORDER BY story_id, story_place, article_id)"""
EVERY_COPY = "SELECT * FROM matches"
RELEVANCE = "rank DESC, published DESC NULLS LAST, article_id DESC"
NEWEST_FIRST = "published DESC NULLS LAST, article_id DESC"


def search(tsquery: str | None, *, wanted: dict[str, list[str]], excluded: dict[str, list[str]], published: tuple,
           newest: bool, offset: int, limit: int, every_copy: bool = False) -> Results:
    """Documents matching `tsquery` (all for None) and the filters: a page in rank (or date) order, the count
    and the facets. `wanted`: any of the values per filter; `excluded`: none of them; `published`: (start, end);
    `every_copy`: each copy of a story is its own hit (else one per story).
    """
    where, params = ["true"], {"limit": limit, "offset": offset, "facet_limit": FACET_LIMIT,
                                "zone": settings.TIME_ZONE, "weights": WEIGHTS}
    rank = "0.0::real"
    if tsquery is not None:
        where.append("document @@ to_tsquery('simple', %(q)s)")
        rank = "ts_rank_cd(%(weights)s::real[], document, to_tsquery('simple', %(q)s))"
        params["q"] = tsquery
    for negate, filters in ((False, wanted), (True, excluded)):
        for name, values in filters.items():
            if name in FILTERS and values:
                key = f"filter{len(params)}"
                clause = FILTERS[name].replace("%s", f"%({key})s")
                where.append(f"NOT ({clause})" if negate else clause)
                params[key] = list(values)
    start, end = published
    if start:
        where.append("published >= %(start)s")
        params["start"] = start
    if end:
        where.append("published <= %(end)s")
        params["end"] = end
    sql = SEARCH_SQL.format(rank=rank, where=" AND ".join(where), hits=EVERY_COPY if every_copy else ONE_PER_STORY,
                            order=NEWEST_FIRST if newest else RELEVANCE,
                            type_counts=TYPE_COUNTS, type_pairs=TYPE_PAIRS)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, page, sources, entities, types, months = cursor.fetchone()
    facets = {"source": sources, "entity": entities, "entity_type": types, "month": months}
    return Results(count=count, ranked=[(pk, float(score)) for pk, score in page],
                   facets={name: [tuple(pair) for pair in pairs] for name, pairs in facets.items()})
