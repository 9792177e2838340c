"""`pages`: the project's gunicorn under a bounded loopback load, article/search/entity pages against `/__hello`.

gunicorn runs with portal/gunicorn.conf.py and `DJANGO_SETTINGS_MODULE=bench.settings` (the portal's settings
plus a bare `/__hello` view, the baseline: same workers, middleware and HTTP path, no work), on a free port,
against the bench database and index. The load is wrk (or a threaded Python client) over many URLs per page.
"""

import os
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from django.test import override_settings

from bench import environment as env
from bench.context import Context
from bench.corpus import known_item_queries
from bench.load import run_load
from bench.report import Section, Table
from bench.timing import median, ratio
from portal import devservers
from portal.devservers import free_port

URLS_PER_PAGE = 50
CONNECTIONS = 4


def page_paths(ctx: Context) -> dict[str, list[str]]:
    from django.db.models import Count

    from articles.models import Article, Entity

    ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    step = max(1, len(ids) // URLS_PER_PAGE)
    articles = Article.objects.filter(id__in=ids[::step][:URLS_PER_PAGE])
    queries = known_item_queries(ctx.records(), URLS_PER_PAGE, seed=ctx.seed)
    entities = (Entity.objects.filter(hidden=False).annotate(n=Count("mentions__article", distinct=True))
                .order_by("-n", "name")[:URLS_PER_PAGE])
    paths = {
        "hello (baseline)": ["/__hello"],
        "article page": [article.get_absolute_url() for article in articles],
        "search page": ["/search/?" + urlencode({"q": q.text}) for q in queries],
        "entity page": [entity.get_absolute_url() for entity in entities],
    }
    return {name: urls for name, urls in paths.items() if urls}


class Gunicorn(devservers.Gunicorn):
    """The project's gunicorn on the benchmark's settings (with `/__hello`), and the memory its processes hold."""

    def __init__(self, port: int) -> None:
        environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        super().__init__(port, environ, env.WORK / "gunicorn.log", ready_path="/__hello")

    def worker_rss_mb(self) -> list[float]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [_rss_mb(int(pid)) for pid in children]

    def master_rss_mb(self) -> float:
        return _rss_mb(self.process.pid)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def warm(base: str, urls: list[str], *, seconds: float) -> None:
    """Every URL once (workers share the cache, so each first view is paid once), then `seconds` of load."""
    for url in urls:
        with urllib.request.urlopen(base + url, timeout=60) as response:
            response.read()
    run_load(base, urls, seconds=seconds, connections=CONNECTIONS)


@override_settings(ROOT_URLCONF="bench.hello_urls")
def sql_anatomy(paths: dict[str, list[str]], per_page: int = 10) -> Table:
    """Per page type, in-process (test Client): the first view's time (empty cache), then a repeated view's time,
    SQL queries and SQL time (medians)."""
    from django.core.cache import cache
    from django.db import connection

    from bench.bench_latency import api_client

    client = api_client()
    table = Table(f"In-process anatomy (Django test Client, median of {per_page} URLs)",
                  ["page", "first view ms", "repeated ms", "SQL queries", "SQL ms", "SQL share %"])
    cache.clear()
    for name, urls in paths.items():
        firsts, totals, counts, sql = [], [], [], []
        for url in urls[:per_page]:
            spent = [0, 0.0]

            def timed(execute, query, params, many, context, spent=spent):
                started = time.perf_counter()
                try:
                    return execute(query, params, many, context)
                finally:
                    spent[0] += 1
                    spent[1] += (time.perf_counter() - started) * 1000

            started = time.perf_counter()
            client.get(url)
            firsts.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            with connection.execute_wrapper(timed):
                client.get(url)
            totals.append((time.perf_counter() - started) * 1000)
            counts.append(spent[0])
            sql.append(spent[1])
        total, queries, sql_ms = median(totals), median(counts), median(sql)
        table.rows.append([name, median(firsts), total, queries, sql_ms, 100 * sql_ms / total if total else 0.0])
    return table


def run(ctx: Context) -> Section:
    ctx.ensure_indosum()
    paths = page_paths(ctx)
    anatomy = sql_anatomy(paths)
    seconds, warm_seconds = (3, 1) if ctx.quick else (10, 3)
    server = Gunicorn(free_port())
    try:
        results = {}
        for name, urls in paths.items():
            warm(server.base, urls, seconds=warm_seconds)
            results[name] = run_load(server.base, urls, seconds=seconds, connections=CONNECTIONS)
        # The reader's mix: home, search and article requests interleaved.
        mixed = [path for trio in zip(["/"] * URLS_PER_PAGE, paths["search page"], paths["article page"], strict=False)
                 for path in trio]
        warm(server.base, mixed, seconds=warm_seconds)
        results["mixed (home, search, article)"] = run_load(server.base, mixed, seconds=seconds,
                                                            connections=CONNECTIONS)
        paths["mixed (home, search, article)"] = mixed
        workers, master = server.worker_rss_mb(), server.master_rss_mb()
    finally:
        server.stop()

    hello = results["hello (baseline)"]
    section = Section("pages", f"gunicorn pages under load ({seconds} s each, {CONNECTIONS} connections)")
    section.method = (f"gunicorn -c portal/gunicorn.conf.py portal.wsgi (settings bench.settings = portal's + "
                      f"/__hello) on 127.0.0.1, bench database; load: {hello.tool}, {CONNECTIONS} connections, "
                      f"{seconds} s per page type, cycling through up to {URLS_PER_PAGE} URLs of each; baseline = "
                      "/__hello through the same stack; ratios = page / hello.")
    table = Table("Throughput and latency", ["page", "URLs", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors",
                                             "hello req/s ÷ page", "p95 ÷ hello p95"])
    for name, result in results.items():
        table.rows.append([name, len(paths[name]), result.rps, result.p50_ms, result.p95_ms, result.p99_ms,
                           result.errors, ratio(hello.rps, result.rps), ratio(result.p95_ms, hello.p95_ms)])
    section.tables = [table, anatomy]
    section.headline = [f"{name}: {r.rps:.1f} req/s, p50/p95/p99 {r.p50_ms:.0f}/{r.p95_ms:.0f}/{r.p99_ms:.0f} ms, "
                        f"{r.errors} errors ({ratio(r.rps, hello.rps):.2f}× hello's req/s)"
                        for name, r in results.items() if r is not hello]
    section.headline.append(f"hello baseline: {hello.rps:,.0f} req/s, p95 {hello.p95_ms:.1f} ms")
    section.headline.append("first view, nothing cached (in-process median): " + ", ".join(
        f"{row[0]} {row[1]:.1f} ms" for row in anatomy.rows if row[0] != "hello (baseline)"))
    section.headline.append("worker RSS after warm-up and load: " + ", ".join(f"{mb:.0f} MB" for mb in workers)
                            + f" (master {master:.0f} MB)")
    if "entity page" not in paths:
        section.notes.append("no entities in the bench database: the entity page was not measured")
    section.notes.append(f"steady state: before its timed run each page type's URLs are requested once each, "
                         f"then loaded for {warm_seconds} s, so the figures are cache hits (the cache is shared by "
                         "the workers); a first view (nothing cached) is the anatomy table's 'first view ms'")
    section.notes.append(f"the load generator shares the machine's {os.cpu_count()} CPUs with gunicorn")
    section.data = {name: vars(result) | {"rps": result.rps} for name, result in results.items()}
    section.data["worker_rss_mb"] = workers
    section.data["master_rss_mb"] = master
    return section
