"""`scaleout`: two gunicorn servers on different ports sharing one primary, one streaming replica and one Redis.

Both servers run the portal's own settings with `SEARCH_BACKEND=postgres` (an index every web machine shares)
and `CACHE_URL` on one Redis: Debian's redis-server, a fresh one per configuration, so that neither starts
with the other's cached pages. The replica is made from the bench
database's server with `pg_basebackup -R`. Mixed reader traffic (home, search, article and entity pages) goes
to both servers at once from two wrk processes, first without the replica, then with it
(`DATABASE_REPLICA_URLS`). Which server answered the reads is read off each server's own statistics
(`pg_stat_database.tup_returned` of the bench database), taken after gunicorn stopped, so every count is in.
"""

import shutil
import threading
import urllib.request

import psycopg
from django.core.management import call_command
from django.test import override_settings

from bench import environment as env
from bench.bench_pages import page_paths
from bench.context import Context, DataMissing
from bench.load import LoadResult, run_load
from bench.report import Section, Table
from portal.devservers import Gunicorn, RedisServer, StreamingReplica, free_port, web_environ

SERVERS = 2
CONNECTIONS = 4  # per server


def _tuples_returned(conninfo: dict) -> int:
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        (count,) = conn.execute("SELECT tup_returned FROM pg_stat_database WHERE datname = %s",
                                [env.BENCH_DB]).fetchone()
    return count


def _mix(paths: dict[str, list[str]]) -> list[str]:
    """Home, search, article and entity pages interleaved, each URL once."""
    kinds = [["/"] * len(paths["search page"]), paths["search page"], paths["article page"],
             paths.get("entity page", [])]
    return [path for group in zip(*[kind for kind in kinds if kind], strict=False) for path in group]


def _load_both(servers: list[Gunicorn], paths: list[str], seconds: float) -> list[LoadResult]:
    """The same mix against every server at once, one wrk each."""
    results: list[LoadResult | None] = [None] * len(servers)

    def drive(i: int) -> None:
        results[i] = run_load(servers[i].base, paths, seconds=seconds, connections=CONNECTIONS, threads=1)

    threads = [threading.Thread(target=drive, args=(i,)) for i in range(len(servers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [result for result in results if result is not None]


def _phase(name: str, environ: dict[str, str], paths: list[str], *, seconds: float, warm_seconds: float,
           primary: dict, replica: StreamingReplica) -> dict:
    """Start Redis and the servers, warm them (each URL once through each, then a short load), load them, stop."""
    before = _tuples_returned(primary), _tuples_returned(replica.conninfo(env.BENCH_DB))
    servers: list[Gunicorn] = []
    redis = RedisServer()
    environ = environ | {"CACHE_URL": redis.url}
    try:
        for number in range(SERVERS):
            servers.append(Gunicorn(free_port(), environ, env.WORK / f"scaleout-{name}-{number}.log"))
        for server in servers:
            for path in paths:
                with urllib.request.urlopen(server.base + path, timeout=60) as response:
                    response.read()
        _load_both(servers, paths, warm_seconds)
        results = _load_both(servers, paths, seconds)
    finally:
        for server in servers:
            server.stop()
        redis.stop()
    after = _tuples_returned(primary), _tuples_returned(replica.conninfo(env.BENCH_DB))
    return {"results": results, "primary_tuples": after[0] - before[0], "replica_tuples": after[1] - before[1]}


def run(ctx: Context) -> Section:
    if shutil.which("redis-server") is None:
        raise DataMissing("redis-server is not installed (make bench installs it: apt-get install redis-server)")
    ctx.ensure_indosum()
    with override_settings(SEARCH_BACKEND="postgres"):
        call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
    paths = page_paths(ctx)
    mix = _mix(paths)
    seconds, warm_seconds = (3, 1) if ctx.quick else (10, 3)
    primary = env.bench_conninfo()
    replica = StreamingReplica(host=str(primary.get("host", "localhost")), port=primary.get("port", 5432),
                               user=primary["user"])
    try:
        base = web_environ(DATABASE_URL=env.bench_database_url(), SEARCH_BACKEND="postgres",
                           SEARCH_INDEX_DIR=str(env.INDEX_DIR), WEB_CONCURRENCY="1",
                           API_RATE_LIMIT="0")  # the load comes from one address
        phases = {
            "primary only": _phase("primary", base, mix, seconds=seconds, warm_seconds=warm_seconds,
                                   primary=primary, replica=replica),
            "primary + replica": _phase("replica", base | {"DATABASE_REPLICA_URLS": replica.url(env.BENCH_DB)},
                                        mix, seconds=seconds, warm_seconds=warm_seconds, primary=primary,
                                        replica=replica),
        }
    finally:
        replica.cleanup()

    section = Section("scaleout", f"{SERVERS} gunicorn servers, one primary, one streaming replica, one Redis "
                                  f"({seconds} s per configuration)")
    section.method = (f"{SERVERS} x gunicorn -c portal/gunicorn.conf.py (1 worker, 4 threads each) on 127.0.0.1, "
                      "SEARCH_BACKEND=postgres, CACHE_URL on one Redis; a pg_basebackup -R streaming replica on "
                      f"its own socket; load: one {phases['primary only']['results'][0].tool} per server, "
                      f"{CONNECTIONS} connections each, {seconds} s, cycling through {len(mix)} home/search/"
                      "article/entity URLs; baseline = the same servers and load without the replica. Reads per "
                      "server = rows returned (pg_stat_database.tup_returned) in the bench database.")
    table = Table("Mixed reader traffic on both servers at once",
                  ["configuration", "req/s (sum)", "p50 ms (worst server)", "p95 ms (worst server)",
                   "p99 ms (worst server)", "errors", "rows read on primary", "rows read on replica"])
    for name, phase in phases.items():
        results = phase["results"]
        table.rows.append([name, sum(r.rps for r in results), max(r.p50_ms for r in results),
                           max(r.p95_ms for r in results), max(r.p99_ms for r in results),
                           sum(r.errors for r in results), phase["primary_tuples"], phase["replica_tuples"]])
    section.tables = [table]
    section.headline = [f"{row[0]}: {row[1]:.0f} req/s over {SERVERS} servers, p95 {row[3]:.0f} ms, {row[5]} errors, "
                        f"rows read primary/replica {row[6]:,}/{row[7]:,}" for row in table.rows]
    section.notes.append("all servers, both databases, Redis and the load generators share this machine's CPUs: "
                         "the replica spreads reads, it cannot add cores here. Steady state is mostly Redis hits "
                         "(pages and searches are cached per index version), so the databases see little of it.")
    section.data = {name: {"results": [vars(r) | {"rps": r.rps} for r in phase["results"]],
                           "primary_tuples": phase["primary_tuples"], "replica_tuples": phase["replica_tuples"]}
                    for name, phase in phases.items()}
    return section
