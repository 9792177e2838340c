"""What facets cost on Telusur's own index: the query alone, Whoosh's FieldFacet per field, and the service's
own per-segment facet maps (`articles.search.backends.whoosh`). Read-only; a fresh searcher per query."""

import time

from bench.report import Table
from bench.timing import median


def facet_ablation(queries: list[str]) -> Table:
    from haystack import connections
    from whoosh import sorting

    from articles.search.backends import whoosh
    from articles.search.backends.base import FACET_FIELDS
    from articles.search.querying import parse_user_query
    from articles.search.vocabulary import current_synonyms

    index = connections["default"].get_backend().index.refresh()
    fields = tuple(FACET_FIELDS)
    parsed = [parse_user_query(q, index.schema, synonyms=current_synonyms()).query for q in queries]

    def whoosh_facets(names):
        def run(searcher, query):
            facets = {name: sorting.FieldFacet(name, allow_overlap=True, maptype=sorting.Count) for name in names}
            return len(searcher.search(query, limit=10, groupedby=facets or None))
        return run

    def service_facets(searcher, query):
        searcher.search(query, limit=10)
        return whoosh._facet_counts(searcher, whoosh._documents(searcher, query), fields)

    variants = {"query only (top 10)": whoosh_facets(()),
                **{f"+ Whoosh FieldFacet {name}": whoosh_facets((name,)) for name in fields},
                "+ Whoosh FieldFacet, all four": whoosh_facets(fields),
                "+ per-segment facet maps, all four (the backend now)": service_facets}
    table = Table(f"Facet cost on Telusur's index, median of {len(queries)} queries (fresh searcher each)",
                  ["variant", "median ms", "× query only"])
    base = None
    for label, fn in [("warm-up", variants["query only (top 10)"]), *variants.items()]:
        timings = []
        for query in parsed:
            started = time.perf_counter()
            with index.searcher() as searcher:
                fn(searcher, query)
            timings.append((time.perf_counter() - started) * 1000)
        if label == "warm-up":
            continue
        ms = median(timings)
        base = base or ms
        table.rows.append([label, ms, ms / base])
    return table
