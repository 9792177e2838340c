"""`export`: rows per second of a CSV export of every match, against the page-at-a-time export it replaced.

IndoSum through the real pipeline; a handful of broad one-word queries (and no words at all: every article,
newest first), each exported up to MAX_ROWS rows as CSV text, the result cache emptied before each run. Telusur:
`export_start` (the ids of the matches from the backend in one pass) and `export_articles` (articles and their
entities in chunks of 500). Baseline, in the same run: the earlier export, which asked the search service for
one page of 10 hits after another (a full search each) and read each page's entities. Both build the same rows
and CSV lines, in-process (no HTTP), on the Whoosh and the PostgreSQL backend.
"""

import io
import time
from dataclasses import replace

from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from bench.context import Context
from bench.report import Section, Table
from bench.timing import ratio

QUERIES = ("indonesia", "pemerintah", "presiden", "jakarta", "")
MAX_ROWS = 10_000


def _absolute(path: str) -> str:
    return "http://localhost" + path


def new_export(q: str, max_rows: int) -> int:
    """Rows of the export as the API streams it now."""
    from articles.export import article_row, csv_lines, export_articles, export_start
    from articles.search.service import SearchParams

    export = export_start(SearchParams(q=q), max_rows=max_rows)
    lines = csv_lines(article_row(article, entities, _absolute) for article, entities in export_articles(export))
    return sum(1 for _ in lines) - 1  # less the header


def page_at_a_time_export(q: str, max_rows: int) -> int:
    """Rows of the earlier export: one search per page of 10, then that page's entities."""
    from articles import selectors
    from articles.export import article_row, csv_lines
    from articles.search import service
    from articles.search.service import SearchParams, search

    def rows():
        params, seen, number = SearchParams(q=q), set(), 1
        page = search(params)
        total = min(page.count, max_rows)
        while True:
            articles = [hit.article for hit in page.hits if hit.article.pk not in seen][:total - len(seen)]
            entities = selectors.hit_entities([article.pk for article in articles], limit=None)
            for article in articles:
                seen.add(article.pk)
                yield article_row(article, entities.get(article.pk, []), _absolute)
            if len(seen) >= total or number * service.PAGE_SIZE >= page.count:
                return
            number += 1
            page = search(replace(params, page=number))

    return sum(1 for _ in csv_lines(rows())) - 1


def _rate(export, q: str, max_rows: int) -> tuple[int, float]:
    cache.clear()
    started = time.perf_counter()
    rows = export(q, max_rows)
    return rows, time.perf_counter() - started


def _measure(backend: str, max_rows: int, table: Table) -> dict:
    figures = {"rows": 0, "new_s": 0.0, "old_s": 0.0}
    new_export(QUERIES[0], 50)  # open the searcher and the facet maps
    for q in QUERIES:
        rows, new_s = _rate(new_export, q, max_rows)
        old_rows, old_s = _rate(page_at_a_time_export, q, max_rows)
        if old_rows != rows:
            raise RuntimeError(f"{backend} {q!r}: the exports differ ({rows} vs {old_rows} rows)")
        table.rows.append([backend, q or "(every article)", rows, rows / new_s, rows / old_s, ratio(old_s, new_s)])
        figures["rows"] += rows
        figures["new_s"] += new_s
        figures["old_s"] += old_s
    return figures


def run(ctx: Context) -> Section:
    ctx.ensure_indosum()
    max_rows = 1_000 if ctx.quick else MAX_ROWS
    table = Table(f"CSV export, up to {max_rows:,} rows a query",
                  ["backend", "query", "rows", "rows/s", "page-at-a-time rows/s", "speed-up"])
    figures = {"whoosh": _measure("whoosh", max_rows, table)}
    with override_settings(SEARCH_BACKEND="postgres"):
        call_command("reindex", stdout=io.StringIO())
        figures["postgres"] = _measure("postgres", max_rows, table)
    headline = [f"{name}: {f['rows'] / f['new_s']:,.0f} rows/s vs page-at-a-time {f['rows'] / f['old_s']:,.0f} "
                f"rows/s ({ratio(f['old_s'], f['new_s']):.1f}x faster; {f['rows']:,} rows over {len(QUERIES)} queries)"
                for name, f in figures.items()]
    return Section("export", "CSV export of every match", method=__doc__.split("\n\n", 1)[1].strip(),
                   headline=headline, tables=[table], data=figures)
