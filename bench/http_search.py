"""`scale --http`: cold searches over HTTP, as issue 16 measures them.

Telusur: GET /api/search on the project's gunicorn (portal/gunicorn.conf.py, `bench.settings`). Baseline: the
same FTS statement as bench/pgfts.py behind a bare WSGI application (bench/fts_wsgi.py) on a second gunicorn
with the same settings. One keep-alive connection per server (http.client), requests one at a time.

Cold: before each timed Telusur request a new data generation is stamped into the shared cache
(`articles.memo.changed()`) and the bench waits past `STAMP_READ_SECONDS`, after which every worker re-reads the
stamp on its next request; the result cache keeps nothing in a worker's memory, so the search runs. Checked on
every request: its result must then be in the shared cache under the new stamp, which only a worker that ran
the search can have put there (a worker answering from the old entry stores nothing).

Server CPU per request, little affected by the machine's load: CPU time (`/proc/<pid>/task/*/schedstat`, ns) of
the gunicorn workers and of the PostgreSQL backends serving the bench database, before and after each request.
"""

import contextlib
import http.client
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from psycopg.conninfo import make_conninfo

from bench import environment as env
from bench.bench_pages import Gunicorn
from bench.timing import latency_summary, median
from portal import devservers
from portal.devservers import free_port

# (query, /api/search parameters, pgfts.search filters) of one timed search
Case = tuple[str, dict[str, str], dict]


class FtsGunicorn(devservers.Gunicorn):
    """The baseline's gunicorn: bench/fts_wsgi.py with bench/fts_gunicorn.conf.py (the project's settings)."""

    def __init__(self, port: int) -> None:
        environ = {**os.environ, "BENCH_FTS_CONNINFO": make_conninfo(**env.bench_conninfo())}
        super().__init__(port, environ, env.WORK / "gunicorn-fts.log", ready_path="/?q=siap",
                         config="bench/fts_gunicorn.conf.py", app="bench.fts_wsgi:application")


class Connection:
    """One keep-alive HTTP/1.1 connection to a local server; reconnects (and counts it) when the server closed it."""

    def __init__(self, port: int) -> None:
        self.port, self.reconnects = port, 0
        self._conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path: str) -> tuple[float, dict]:
        """(milliseconds from sending the request to the last byte of the answer, the JSON answer)."""
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self._conn.request("GET", path)
                response = self._conn.getresponse()
                body = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                if attempt == 2:
                    raise
                self._conn.close()
                self.reconnects += 1
        ms = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}: {body[:300]!r}")
        return ms, json.loads(body)

    def close(self) -> None:
        self._conn.close()


def _tasks_cpu_ns(pid: int) -> dict[int, int]:
    """CPU nanoseconds of each thread of process `pid`, by thread id."""
    out = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # a thread that just ended
            out[int(task.name)] = int((task / "schedstat").read_text().split()[0])
    return out


class ServerCpu:
    """CPU time of the threads of some servers' gunicorn workers ("web") and of the bench database's client
    backends ("db"), by thread / process id."""

    def __init__(self, *servers: devservers.Gunicorn) -> None:
        self.servers = servers

    def _pids(self) -> dict[str, list[int]]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                           "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
            backends = [row[0] for row in cursor.fetchall()]
        workers = [int(pid) for server in self.servers for pid in
                   Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()]
        return {"web": workers, "db": backends}

    def snapshot(self) -> dict[str, dict[int, int]]:
        snap: dict[str, dict[int, int]] = {}
        for part, pids in self._pids().items():
            snap[part] = {}
            for pid in pids:
                with contextlib.suppress(FileNotFoundError):  # gone meanwhile
                    snap[part].update(_tasks_cpu_ns(pid))
        return snap

    def since(self, before: dict[str, dict[int, int]]) -> tuple[dict[str, float], int]:
        """(milliseconds of CPU each part used since `before`, a thread or process started since counting whole;
        the web thread that used the most: the one that served a request)."""
        after = self.snapshot()
        used = {part: {tid: ns - before[part].get(tid, 0) for tid, ns in after[part].items()} for part in after}
        busiest = max(used["web"], key=used["web"].get, default=0)
        return {part: sum(values.values()) / 1e6 for part, values in used.items()}, busiest


def _result_held(api_params: dict[str, str]) -> bool:
    """Whether the shared cache holds Telusur's answer to these /api/search parameters under the current stamp
    (the key articles.search.service.search gives it)."""
    from articles.forms import SearchForm
    from articles.search import backends, service

    form = SearchForm(api_params)
    if not form.is_valid():
        raise ValueError(f"invalid search {api_params}: {form.errors.as_json()}")
    params = service.SearchParams.from_form(form.cleaned_data)
    return service._results.peek(f"{service.RESULT_CACHE_LAYOUT}:{backends.current().__name__}:{params!r}") is not None


def _new_generation() -> None:
    """A new stamp in the shared cache, then long enough that every worker reads it on its next request."""
    from articles import memo

    memo.changed()
    time.sleep(memo.STAMP_READ_SECONDS + 0.05)


def _fts_path(q: str, filters: dict) -> str:
    args = {"q": q} | {name: value.isoformat() if hasattr(value, "isoformat") else value
                       for name, value in filters.items()}
    return "/?" + urlencode(args)


def _warm_threads(telusur: Gunicorn, fts: FtsGunicorn, cases: list[Case]) -> None:
    """Requests on many connections at once, so that the workers' threads open their searchers (Whoosh: one per
    thread, opened by its first search) before anything is timed."""
    paths = [(telusur.port, "/api/search?" + urlencode({"q": q, **params})) for q, params, _ in cases]
    paths += [(fts.port, _fts_path(q, filters)) for q, _, filters in cases]

    def one(item: tuple[int, str]) -> None:
        conn = Connection(item[0])
        try:
            conn.get(item[1])
        finally:
            conn.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        for _ in range(4):
            list(pool.map(one, paths))


def _summary(samples: dict[str, list]) -> dict:
    """Medians and percentiles of one kind's samples (or of all kinds' together)."""
    counts = sorted(samples["hits"])
    return {"telusur": latency_summary(samples["api_ms"]), "postgres": latency_summary(samples["pg_ms"]),
            "cached": latency_summary(samples["cached_ms"]), "median_hits": counts[len(counts) // 2],
            "took_ms": median(samples["took"]), "cached_took_ms": median(samples["cached_took"]),
            "telusur_cpu_ms": {part: median(samples[f"api_{part}"]) for part in ("web", "db")},
            "postgres_cpu_ms": {part: median(samples[f"pg_{part}"]) for part in ("web", "db")},
            "verified_cold": len(samples["api_ms"]), "first_on_thread": sum(samples["new_thread"]),
            "samples": {"ms": samples["api_ms"], "took_ms": samples["took"], "web_cpu_ms": samples["api_web"],
                        "db_cpu_ms": samples["api_db"],
                        "first_on_thread": samples["new_thread"],
                        "first_of_kind_on_thread": samples["kind_new_on_thread"]}}


def measure(cases: dict[str, list[Case]], repeats: int) -> tuple[dict[str, dict], int]:
    """Per kind of query and for all kinds: cold Telusur /api/search, the FTS baseline and the repeated (cached)
    request over HTTP, each a latency summary (ms), with server CPU ms per request (medians), Telusur's own
    `took_ms` and how many cold requests were verified cold; and how many times a connection was reopened.
    Starts and stops both servers; raises RuntimeError if a request was not cold."""
    telusur = Gunicorn(free_port())
    try:
        fts = FtsGunicorn(free_port())
    except Exception:
        telusur.stop()
        raise
    cpu = ServerCpu(telusur, fts)
    api, base = Connection(telusur.port), Connection(fts.port)
    samples: dict[str, dict[str, list]] = {}
    try:
        before = cpu.snapshot()
        _warm_threads(telusur, fts, [case for items in cases.values() for case in items])
        seen = {tid for tid, ns in cpu.snapshot()["web"].items() if ns > before["web"].get(tid, 0)}
        for name, items in cases.items():
            kind = samples[name] = {key: [] for key in ("api_ms", "pg_ms", "cached_ms", "hits", "took", "cached_took",
                                                        "api_web", "api_db", "pg_web", "pg_db", "new_thread",
                                                        "kind_new_on_thread")}
            threads_of_kind: set[int] = set()
            for q, params, filters in items:
                path, fts_path = "/api/search?" + urlencode({"q": q, **params}), _fts_path(q, filters)
                _new_generation()
                before = cpu.snapshot()
                api.get(path)  # warm: as the in-process bench, the query's first search is not timed
                thread = cpu.since(before)[1]
                seen.add(thread)
                threads_of_kind.add(thread)
                base.get(fts_path)
                for _ in range(repeats):
                    _new_generation()
                    if _result_held({"q": q, **params}):
                        raise RuntimeError(f"{q!r} is cached under a stamp made just now")
                    before = cpu.snapshot()
                    ms, payload = api.get(path)
                    used, thread = cpu.since(before)
                    kind["new_thread"].append(thread not in seen)
                    kind["kind_new_on_thread"].append(thread not in threads_of_kind)
                    seen.add(thread)
                    threads_of_kind.add(thread)
                    if not _result_held({"q": q, **params}):
                        raise RuntimeError(f"{q!r}: no worker ran the search under the new stamp (not cold)")
                    kind["api_ms"].append(ms)
                    kind["took"].append(payload["took_ms"])
                    kind["hits"].append(payload["count"])
                    kind["api_web"].append(used["web"])
                    kind["api_db"].append(used["db"])
                    before = cpu.snapshot()
                    kind["pg_ms"].append(base.get(fts_path)[0])
                    used = cpu.since(before)[0]
                    kind["pg_web"].append(used["web"])
                    kind["pg_db"].append(used["db"])
                    ms, payload = api.get(path)  # the same request again: the result cache answers
                    kind["cached_ms"].append(ms)
                    kind["cached_took"].append(payload["took_ms"])
    finally:
        api.close()
        base.close()
        fts.stop()
        telusur.stop()
    out = {name: _summary(kind) for name, kind in samples.items()}
    out["all kinds"] = _summary({key: [value for kind in samples.values() for value in kind[key]]
                                 for key in next(iter(samples.values()))})
    return out, api.reconnects + base.reconnects
