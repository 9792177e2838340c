"""`scale`: search latency and ingest speed as a synthetic corpus grows (10k, 30k, and 100k with --full).

The corpus recombines IndoSum paragraphs into new articles (bench.corpus.synthetic_records): fresh URLs and
titles, 3-7 paragraphs from different source articles, dates spread over 2023, ten outlets. Each size is reached
by ingesting the missing articles through the real pipeline (JSON lines written to var/bench/), then fixed
queries go through /api/search and through the PostgreSQL FTS baseline (GIN, ts_rank_cd, top 10 + count).
"""

import os
import shutil
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from bench import environment as env
from bench import http_search, pgfts
from bench.bench_latency import api_client, api_search, pg_search
from bench.context import Context
from bench.corpus import SYNTHETIC_SOURCES, synthetic_records, write_jsonl
from bench.plot import line_chart
from bench.report import Section, Table
from bench.timing import latency_summary, ratio

QUERIES = {
    "1 word": ["jakarta", "pemerintah", "teknologi", "korupsi", "banjir"],
    "2 words": ["harga saham", "timnas indonesia", "presiden jokowi", "polisi jakarta", "teknologi startup"],
    "3 words": ["menteri keuangan indonesia", "pemerintah harga rupiah", "polisi korupsi jakarta",
                "timnas sepak bola", "startup teknologi indonesia"],
    "phrase": ['"joko widodo"', '"bank indonesia"', '"piala dunia"', '"menteri keuangan"', '"polda metro jaya"'],
}
FILTER_WORDS = QUERIES["1 word"]
FILTER_SOURCE = slugify(SYNTHETIC_SOURCES[0][0])
FILTER_FROM, FILTER_TO = "2023-03-01", "2023-05-31"
JAKARTA = ZoneInfo("Asia/Jakarta")
QUICK_SIZES = [1_000, 2_000]


def _index_mb() -> float:
    """Size of Telusur's search index: the Whoosh directory, or the search-document table with its GIN index."""
    from django.conf import settings
    from django.db import connection

    if settings.SEARCH_BACKEND == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('articles_articlesearchdocument')")
            return cursor.fetchone()[0] / 1e6
    return sum(f.stat().st_size for f in env.INDEX_DIR.rglob("*") if f.is_file()) / 1e6


def _kept_articles() -> int:
    """Articles a `--keep` run left in the bench database (`--reuse`): the synthetic corpus grows from there."""
    from articles.models import Article

    return Article.objects.count()


def _grow(ctx: Context, have: int, size: int) -> tuple[float, int]:
    """Ingest synthetic articles have..size-1 and index them; (seconds, articles ingested)."""
    from django.db import connection

    from articles.ingest.pipeline import ingest
    from articles.search.indexing import drain

    path = env.WORK / f"synthetic-{have}-{size}.jsonl"
    write_jsonl(synthetic_records(ctx.records(), have, size, seed=ctx.seed), path)
    started = time.perf_counter()
    report = ingest([str(path)])
    drain(wait=True)
    seconds = time.perf_counter() - started
    path.unlink()
    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give a live portal
        cursor.execute("VACUUM ANALYZE")
    return seconds, report.run.ingested


def _cases() -> dict[str, list[http_search.Case]]:
    """Per kind: (query, /api/search parameters, the same filters for pgfts.search)."""
    from articles.models import Source

    source_id = Source.objects.get(slug=FILTER_SOURCE).pk
    start = datetime.fromisoformat(FILTER_FROM).replace(tzinfo=JAKARTA)
    end = datetime.fromisoformat(FILTER_TO).replace(tzinfo=JAKARTA) + timedelta(days=1)  # the whole last day
    cases = {name: [(q, {}, {}) for q in queries] for name, queries in QUERIES.items()}
    cases["filtered"] = [(q, {"source": FILTER_SOURCE, "from": FILTER_FROM, "to": FILTER_TO},
                          {"source_id": source_id, "date_from": start, "date_to": end}) for q in FILTER_WORDS]
    return cases


def _measure(repeats: int) -> dict[str, dict]:
    client = api_client()
    out, every = {}, {"api": [], "pg": [], "cached": []}
    for name, items in _cases().items():
        api_ms, cached_ms, pg_ms, counts = [], [], [], []
        for q, params, filters in items:
            api_search(client, q, **params)  # warm: first search after an index change reopens segments
            pg_search(q, **filters)
            for _ in range(repeats):
                ms, payload = api_search(client, q, **params)  # result cache emptied first: the search runs
                api_ms.append(ms)
                counts.append(payload["count"])
                pg_ms.append(pg_search(q, **filters))
                cached_ms.append(api_search(client, q, cached=True, **params)[0])  # the same search again
        out[name] = {"telusur": latency_summary(api_ms), "postgres": latency_summary(pg_ms),
                     "cached": latency_summary(cached_ms), "median_hits": sorted(counts)[len(counts) // 2]}
        every["api"] += api_ms
        every["pg"] += pg_ms
        every["cached"] += cached_ms
    out["all kinds"] = {"telusur": latency_summary(every["api"]), "postgres": latency_summary(every["pg"]),
                        "cached": latency_summary(every["cached"]), "median_hits": ""}
    return out


def _measure_http(repeats: int, in_process: dict[str, dict], table: Table, size: int, label: str) -> dict:
    """`--http`: the same cases over HTTP (bench.http_search), as rows of `table` beside the in-process p50."""
    results, reconnects = http_search.measure(_cases(), repeats)
    load = os.getloadavg()[0]
    for name, r in results.items():
        t, p = r["telusur"], r["postgres"]
        table.rows.append([size, f"{name}{label}", t["p50"], t["p95"], p["p50"], p["p95"], ratio(t["p50"], p["p50"]),
                           ratio(t["p95"], p["p95"]), in_process[name]["telusur"]["p50"],
                           in_process[name]["postgres"]["p50"], r["cached"]["p50"], r["took_ms"],
                           r["telusur_cpu_ms"]["web"], r["telusur_cpu_ms"]["db"], r["postgres_cpu_ms"]["web"],
                           r["postgres_cpu_ms"]["db"], r["verified_cold"], r["first_on_thread"], load])
    return {"queries": results, "reconnects": reconnects, "load_average": load}


def run(ctx: Context) -> Section:
    sizes = sorted(QUICK_SIZES if ctx.quick else ctx.sizes)
    ctx.records()
    have = _kept_articles() if ctx.reuse else 0
    if not have:
        env.reset()
    sizes = [size for size in sizes if size >= have]  # a kept corpus cannot shrink
    ctx.loaded = "synthetic"
    repeats = 1 if ctx.quick else 3
    from django.conf import settings

    from articles.search.indexing import merge_index

    backend = settings.SEARCH_BACKEND
    section = Section("scale", f"synthetic corpus at {', '.join(f'{s:,}' for s in sizes)} articles, "
                               f"SEARCH_BACKEND={backend}")
    section.method = (
        "Corpus: new articles recombining 3-7 random IndoSum paragraphs each (fresh URL and title, date in 2023, "
        "10 outlets), ingested through the real pipeline in steps. Queries: 5 fixed per kind ("
        + "; ".join(f"{kind}: {', '.join(qs[:2])}, ..." for kind, qs in QUERIES.items())
        + f"; filtered: 1 word + source={FILTER_SOURCE} + {FILTER_FROM}..{FILTER_TO}), {repeats}× each after one "
        "warm-up, through /api/search (Django test Client, result cache emptied before each timed request) vs "
        "PostgreSQL FTS (GIN, websearch_to_tsquery, ts_rank_cd, top 10 + count); 'repeated' is the same request "
        "again, answered by Telusur's result cache. VACUUM ANALYZE after each load step, as autovacuum would. "
        "On Whoosh every size is measured as loaded, then again ('merged') after `merge_index` made it one segment."
        + (" --http: the same cases again over HTTP (bench/http_search.py): /api/search on the project's gunicorn "
           "(portal/gunicorn.conf.py, bench.settings) against the same FTS statement in a bare WSGI app "
           "(bench/fts_wsgi.py, plain psycopg) on a second gunicorn with the same settings; one keep-alive "
           "connection each, cold by a new data generation before each timed request (verified: the worker "
           "stored its answer under it); server CPU = gunicorn workers ('web') and PostgreSQL backends ('db'), "
           "median ms per request; 'first on a thread': timed requests served by a worker thread that had not "
           "searched before (Whoosh opens a searcher per thread)" if ctx.http else ""))
    latency = Table("p50 / p95 latency (ms) by corpus size", [
        "articles", "query", "Telusur p50", "Telusur p95", "PostgreSQL p50", "PostgreSQL p95", "ratio p50",
        "ratio p95", "repeated (cached) p50", "median hits"])
    growth = Table("Ingest and index size", ["articles", "step articles", "step s", "articles/s",
                                             f"Telusur index MB ({backend})", "Whoosh segments", "merge s",
                                             "baseline GIN build s", "baseline GIN MB"])
    over_http = Table("Cold over HTTP (--http): p50 / p95 latency (ms), server CPU ms per request", [
        "articles", "query", "Telusur p50", "Telusur p95", "FTS p50", "FTS p95", "ratio p50", "ratio p95",
        "in-process Telusur p50", "in-process FTS p50", "repeated (cached) p50", "Telusur took_ms p50",
        "Telusur CPU web", "Telusur CPU db", "FTS CPU web", "FTS CPU db", "verified cold", "first on a thread",
        "load average"])
    points = {}
    for size in sizes:
        seconds, added = _grow(ctx, have, size) if size > have else (0.0, 0)
        have = size
        fts = pgfts.build()
        measured = _measure(repeats)
        http = {"as loaded": _measure_http(repeats, measured, over_http, size, "")} if ctx.http else {}
        segments, merge_seconds, merged = "", "", {}
        if backend == "whoosh":  # as loaded, then merged into one segment (`manage.py merge_index`)
            started = time.perf_counter()
            segments = merge_index()[0]
            merge_seconds = time.perf_counter() - started
            merged_in_process = _measure(repeats)
            merged = {f"{name}, merged": result for name, result in merged_in_process.items()}
            if ctx.http:
                http["merged"] = _measure_http(repeats, merged_in_process, over_http, size, ", merged")
        rate = added / seconds if seconds else ""  # "": measured on a kept corpus (--reuse), nothing ingested
        growth.rows.append([size, added, seconds, rate, _index_mb(), segments, merge_seconds, fts.seconds,
                            fts.index_bytes / 1e6])
        for name, result in (measured | merged).items():
            t, p = result["telusur"], result["postgres"]
            latency.rows.append([size, name, t["p50"], t["p95"], p["p50"], p["p95"], ratio(t["p50"], p["p50"]),
                                 ratio(t["p95"], p["p95"]), result["cached"]["p50"], result["median_hits"]])
            if name.startswith("all kinds"):
                continue
            points.setdefault(f"Telusur {name}", []).append((size, t["p50"]))
            if name in measured:
                points.setdefault(f"PostgreSQL {name}", []).append((size, p["p50"]))
        section.data[str(size)] = {"ingest_seconds": seconds, "ingested": added, "queries": measured,
                                   "merged": merged, "segments": segments, "merge_seconds": merge_seconds,
                                   "fts_build_seconds": fts.seconds, "index_mb": _index_mb(), "backend": backend,
                                   "http": http}
        print(f"   scale: {size:,} articles measured", flush=True)
    env.RESULTS.mkdir(parents=True, exist_ok=True)
    svg = env.RESULTS / f"scale-{backend}-latest.svg"
    svg.write_text(line_chart("Search p50 vs corpus size (solid Telusur /api/search, dashed PostgreSQL FTS)",
                              "articles", "p50 ms", points,
                              dashed=frozenset(name for name in points if name.startswith("PostgreSQL"))),
                   encoding="utf-8")
    shutil.copy(svg, env.RESULTS / f"scale-{backend}-{time.strftime('%Y%m%d-%H%M%S')}.svg")
    last = str(sizes[-1])
    worst = max(section.data[last]["queries"].items(), key=lambda item: item[1]["telusur"]["p50"])
    section.headline = [
        f"at {sizes[-1]:,} articles: Telusur ({backend}) p50 " + ", ".join(
            f"{name} {r['telusur']['p50']:.0f} ms" for name, r in section.data[last]["queries"].items()),
        "PostgreSQL p50 " + ", ".join(
            f"{name} {r['postgres']['p50']:.1f} ms" for name, r in section.data[last]["queries"].items()),
        f"slowest kind: {worst[0]} ({ratio(worst[1]['telusur']['p50'], worst[1]['postgres']['p50']):.0f}× "
        "PostgreSQL)",
        "ingest: " + (", ".join(f"{row[3]:.1f} articles/s up to {row[0]:,}" for row in growth.rows if row[1])
                      or "none (a kept corpus)"),
        *([f"merged into one segment (from {section.data[last]['segments']}, "
           f"{section.data[last]['merge_seconds']:.0f} s): p50 " + ", ".join(
               f"{name} {r['telusur']['p50']:.0f} ms" for name, r in section.data[last]["merged"].items())]
          if section.data[last]["merged"] else []),
        *([f"over HTTP ({copy}), cold p50 / p95: " + ", ".join(
            f"{name} {r['telusur']['p50']:.0f} / {r['telusur']['p95']:.0f} ms "
            f"({ratio(r['telusur']['p50'], r['postgres']['p50']):.1f}× FTS's {r['postgres']['p50']:.1f})"
            for name, r in result["queries"].items()) + f"; load average {result['load_average']:.1f}"
           for copy, result in section.data[last]["http"].items()]),
        f"plot: {svg.relative_to(env.ROOT)}",
    ]
    section.tables = [latency, growth, *([over_http] if ctx.http else [])]
    return section
