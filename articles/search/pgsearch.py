"""Search on PostgreSQL's own full-text search (SEARCH_BACKEND=postgres), behind the same service contract.

Documents hold Telusur's analysis, not PostgreSQL's `indonesian` stemmer (which cuts `berita` to `ita`): the
Indonesian analyzer's stems are indexed under the `simple` configuration, so both backends match the same
words. The reader's query goes through the same parser; its Whoosh query tree is translated to a tsquery.
"""

import multiprocessing
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from whoosh import fields as whoosh_fields
from whoosh import query as wq

from articles.models import Article, Mention
from articles.search.analysis import indonesian_analyzer
from articles.search.backend import writer_processes

# The parser needs a schema; only the `text` field is translated (title and entities share its analyzer).
SCHEMA = whoosh_fields.Schema(text=whoosh_fields.TEXT(analyzer=indonesian_analyzer()))
FIELDS = {"text": 1.0}
# ts_rank_cd weights for D, C, B, A: body C, entities B, title A (title > entities > body, as with Whoosh).
WEIGHTS = [0.05, 0.3, 0.6, 1.0]
FACET_LIMIT = 50
NEWEST = F("published").desc(nulls_last=True)


def _stems(text: str) -> str:
    return " ".join(token.text for token in indonesian_analyzer()(text))


def _document_row(item: tuple[int, str, str, str]) -> tuple[int, str, str, str]:
    pk, title, names, body = item
    return pk, _stems(title), _stems(names), _stems(body)


def write_documents(articles: Iterable[Article]) -> int:
    """Write the search documents of `articles` (with their mentions prefetched); returns how many.

    Large batches are analysed by one forked process per core, as the Whoosh writer does.
    """
    items = [(article.pk, article.title,
              " ; ".join(sorted({m.entity.name for m in article.mentions.all() if not m.entity.hidden})),
              article.body) for article in articles]
    processes = writer_processes(len(items))
    if processes > 1:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            rows = pool.map(_document_row, items, chunksize=max(1, len(items) // (4 * processes)))
    else:
        rows = list(map(_document_row, items))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO articles_articlesearchdocument (article_id, document) VALUES (%s, "
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') || "
            "setweight(to_tsvector('simple', %s), 'C')) "
            "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document", rows)
    return len(rows)


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


def matching(tsquery: str | None) -> QuerySet[Article]:
    """Articles matching `tsquery` (all articles for None), annotated with their rank."""
    articles = Article.objects.all()
    if tsquery is None:
        return articles
    search = SearchQuery(tsquery, search_type="raw", config="simple")
    return (articles.filter(search_document__document=search)
            .annotate(rank=SearchRank(F("search_document__document"), search, weights=WEIGHTS, cover_density=True)))


def filtered(articles: QuerySet[Article], wanted: dict[str, list[str]], excluded: dict[str, list[str]],
             published: tuple) -> QuerySet[Article]:
    """Apply the source/entity/type filters (any of the values), exclusions and the published range."""
    lookups = {"source": lambda v: Q(source__slug__in=v),
               "entity": lambda v: Q(Exists(Mention.objects.filter(article=OuterRef("pk"), entity__slug__in=v,
                                                                   entity__hidden=False))),
               "type": lambda v: Q(Exists(Mention.objects.filter(article=OuterRef("pk"), entity__type__in=v,
                                                                 entity__hidden=False)))}
    for name, values in wanted.items():
        if name in lookups and values:
            articles = articles.filter(lookups[name](values))
    for name, values in excluded.items():
        if name in lookups and values:
            articles = articles.exclude(lookups[name](values))
    start, end = published
    if start:
        articles = articles.filter(published__gte=start)
    if end:
        articles = articles.filter(published__lte=end)
    return articles


def facets(articles: QuerySet[Article]) -> dict[str, list[tuple[str, int]]]:
    """Counts over every matching article, as the Whoosh backend gives them."""
    ids = articles.values("pk")
    mentions = Mention.objects.filter(article__in=ids, entity__hidden=False)
    by_entity = (mentions.values_list("entity__slug").annotate(n=Count("article", distinct=True))
                 .order_by("-n", "entity__slug")[:FACET_LIMIT])
    by_type = mentions.values_list("entity__type").annotate(n=Count("article", distinct=True)).order_by("-n")
    by_source = (Article.objects.filter(pk__in=ids).values_list("source__slug").annotate(n=Count("pk"))
                 .order_by("-n", "source__slug"))
    by_month = (Article.objects.filter(pk__in=ids, published__isnull=False)
                .annotate(month=TruncMonth("published")).values_list("month").annotate(n=Count("pk"))
                .order_by("-n", "month"))
    return {
        "source": list(by_source),
        "entity": list(by_entity),
        "entity_type": list(by_type),
        "month": [(month.strftime("%Y-%m"), n) for month, n in by_month],
    }
