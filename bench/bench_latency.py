"""`latency`: `/api/search` through Django's test Client on IndoSum, against the PostgreSQL FTS query (with count).

The queries are the known-item queries of `relevance` (same seed). Every request goes through the full
Django stack (middleware, form, search service, JSON); the baseline is the PostgreSQL query alone.
"""

import io
import json
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings

from bench import pgfts
from bench.ablation import facet_ablation
from bench.context import Context
from bench.corpus import known_item_queries
from bench.profiling import profile
from bench.reader_queries import read_queries
from bench.report import Section, Table
from bench.suggestions import suggestion_table
from bench.timing import latency_summary, median, ratio

WARM_UP = 5
PROFILED = 10
ABLATION_QUERIES = 10


def api_client() -> Client:
    # Not the test runner, so "testserver" is not an allowed host: use one the settings allow.
    return Client(SERVER_NAME="localhost")


def api_search(client: Client, q: str, *, cached: bool = False, **params) -> tuple[float, dict]:
    """(milliseconds, JSON) of one /api/search request; unless `cached`, the result cache is emptied first, so
    the search really runs (cold is what a reader's new query costs)."""
    url = "/api/search?" + urlencode({"q": q, **params})
    if not cached:
        cache.clear()
    started = time.perf_counter()
    response = client.get(url)
    ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return ms, json.loads(response.content)


def pg_search(q: str, **filters) -> float:
    started = time.perf_counter()
    pgfts.search(q, **filters)
    return (time.perf_counter() - started) * 1000


def postgres_backend_ms(client: Client, queries: list[str]) -> list[float]:
    """The same requests with Telusur's PostgreSQL search backend (its documents written first)."""
    with override_settings(SEARCH_BACKEND="postgres"):
        call_command("reindex", stdout=io.StringIO())
        for q in queries[:WARM_UP]:
            api_search(client, q)
        return [api_search(client, q)[0] for q in queries]


def run(ctx: Context) -> Section:
    records = ctx.records()
    ctx.ensure_indosum()
    queries = [q.text for q in known_item_queries(records, 50 if ctx.quick else 100, seed=ctx.seed)]
    client = api_client()
    fts = pgfts.build()
    for q in queries[:WARM_UP]:
        api_search(client, q)
        pg_search(q)
    api_ms, took_ms, pg_ms = [], [], []
    for q in queries:
        ms, payload = api_search(client, q)
        api_ms.append(ms)
        took_ms.append(payload["took_ms"])
        pg_ms.append(pg_search(q))
    # Hand-written queries in root forms on real text, each seen once (both halves: timing tunes nothing).
    roots = [query.text for query in read_queries() if query.set == "roots"]
    roots_api = [api_search(client, q)[0] for q in roots]
    roots_pg = [pg_search(q) for q in roots]
    # Whoosh only (PostgreSQL has no "did you mean"); before the reindex below writes the other backend.
    corrections, correction_figures = suggestion_table(ctx.seed) if settings.SEARCH_BACKEND == "whoosh" else (None, {})
    on_backend = postgres_backend_ms(client, queries + roots)
    api, service, pg = latency_summary(api_ms), latency_summary(took_ms), latency_summary(pg_ms)
    on_postgres = latency_summary(on_backend[:len(queries)])
    roots_summaries = (latency_summary(roots_api), latency_summary(on_backend[len(queries):]),
                       latency_summary(roots_pg))

    section = Section("latency", f"/api/search on {fts.rows:,} IndoSum articles, {len(queries)} queries")
    section.method = ("Django test Client GET /api/search?q=... (full stack, one process, warm connections, result "
                      "cache emptied before each request) vs the PostgreSQL "
                      "baseline query (indonesian FTS, GIN, ts_rank_cd, top 10 + count(*) OVER ()) in the same "
                      "run; queries = the relevance benchmark's known-item queries.")
    section.headline = [
        f"/api/search p50 **{api['p50']:.1f} ms**, p95 {api['p95']:.1f} ms "
        f"(search service alone, `took_ms`: p50 {service['p50']:.1f} ms)",
        f"PostgreSQL FTS p50 {pg['p50']:.2f} ms, p95 {pg['p95']:.2f} ms",
        f"ratio Telusur / PostgreSQL: p50 **{ratio(api['p50'], pg['p50']):.0f}×**, "
        f"p95 {ratio(api['p95'], pg['p95']):.0f}×",
        f"/api/search with SEARCH_BACKEND=postgres: p50 {on_postgres['p50']:.1f} ms, p95 {on_postgres['p95']:.1f} ms "
        f"(ratio to the baseline query p50 {ratio(on_postgres['p50'], pg['p50']):.0f}×)",
    ]
    table = Table("Latency (ms)", ["what", "p50", "p95", "mean", "n"])
    rows = (("/api/search (Django test Client)", api), ("search service took_ms", service),
            ("/api/search, SEARCH_BACKEND=postgres", on_postgres), ("PostgreSQL FTS + count", pg))
    for name, summary in rows:
        table.rows.append([name, summary["p50"], summary["p95"], summary["mean"], summary["n"]])
    roots_table = Table(f"Reader queries in root forms, each seen once ({len(roots)}, bench/data/reader-queries.tsv)",
                        ["what", "p50", "p95", "mean", "n", "p50 ÷ FTS", "p95 ÷ FTS"])
    for name, summary in zip(("/api/search (default backend)", "/api/search, SEARCH_BACKEND=postgres",
                              "PostgreSQL FTS + count"), roots_summaries, strict=True):
        roots_table.rows.append([name, summary["p50"], summary["p95"], summary["mean"], summary["n"],
                                 ratio(summary["p50"], roots_summaries[2]["p50"]),
                                 ratio(summary["p95"], roots_summaries[2]["p95"])])
    profile_tables, profile_text = profile(
        lambda: [api_search(client, q) for q in queries[:PROFILED]], f"{PROFILED} /api/search requests")
    try:
        anatomy = [facet_ablation(queries[:ABLATION_QUERIES])]
    except Exception as error:  # reads service internals, which may move; the rest of the figures stand
        anatomy = []
        section.notes.append(f"facet ablation unavailable: {type(error).__name__}: {error}")
    section.tables = [table, roots_table, *([corrections] if corrections else []), *anatomy, *profile_tables]
    section.notes += [f"median hits per query: {median([api_search(client, q)[1]['count'] for q in queries[:10]])}"]
    section.data = {"api": api, "service": service, "postgres": pg, "api_postgres_backend": on_postgres,
                    "ratio_p50": ratio(api["p50"], pg["p50"]), "ratio_p95": ratio(api["p95"], pg["p95"]),
                    "reader_roots": dict(zip(("api", "api_postgres_backend", "postgres"), roots_summaries,
                                             strict=True)),
                    "did_you_mean": correction_figures, "profile_cumulative": profile_text}
    return section
