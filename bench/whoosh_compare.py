"""Cold `/api/search` on Whoosh, this tree against an older revision, each on an index it wrote itself, in turns.

    .venv/bin/python -m bench scale --sizes 20000 --keep     # once: the bench database (and pgfts' table)
    .venv/bin/python -m bench.whoosh_compare [--base main] [--rounds 3] [--repeats 3] [--prepare]

`--prepare` (needed once, after `scale --keep`, and again after a change to what is indexed or how) has each tree,
`--base` (a git revision unpacked with `git archive`) and this one, drain every article of `telusur_bench` into an
empty index with its own code, in a fresh process (as `scale` indexes one step: the segments of the writer
processes), copy it to var/bench/whoosh-compare/<tree>/loaded, and merge another copy into one segment
(.../merged); it reports each tree's drain and merge (seconds, CPU seconds of the drain and of its writers), so an
index format is compared on both sides: writing and reading. Then, per round, each tree searches its own two copies,
each in a fresh process (same venv and database): `scale`'s queries (5 per kind, and the 1-word ones filtered
by an outlet and three months), and the 1-word ones newest first, each once to warm up, then `--repeats` times with
the result cache emptied (cold), the same request again (cached), and the PostgreSQL FTS baseline (bench.pgfts)
after each. p50/p95 of all kinds are over `scale`'s kinds (not newest first). Also per process: CPU time of each
`find()` and of each request (time.process_time, less load-bound than wall time; unfiltered relevance searches),
Python function calls of the 20 unfiltered searches (cProfile: of find() alone, and of the whole request), the JSON
size, and the load average.
"""

import argparse
import cProfile
import json
import os
import pstats
import shutil
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

TREE = Path(__file__).resolve().parent.parent
COMPARE = TREE / "var" / "bench" / "whoosh-compare"
COPIES = ("loaded", "merged")


def _scale_kinds() -> list[str]:
    """`scale`'s query kinds (bench.bench_scale.QUERIES, and its filtered one), over which p50 / p95 are taken."""
    from bench.bench_scale import QUERIES

    return [*QUERIES, "filtered"]


def measure(repeats: int) -> dict:
    """Time the queries in this process (Django set up on the tree first on sys.path): that tree's bench.bench_scale
    queries and filter, as bench.search_compare reads them."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from articles.search import service
    from articles.search.backends import whoosh
    from bench import pgfts
    from bench.bench_scale import QUERIES
    from bench.bench_scale import _cases as scale_cases

    client = Client(SERVER_NAME="localhost")
    find_cpu: list[float] = []
    original = whoosh.find

    def timed_find(request):
        started = time.process_time()
        try:
            return original(request)
        finally:
            find_cpu.append((time.process_time() - started) * 1000)

    whoosh.find = timed_find
    started = time.perf_counter()
    service.warm()
    warm_seconds = time.perf_counter() - started
    # scale's own cases (its `_cases` since 486f205, in every tree this is run against), plus newest first.
    cases = scale_cases()
    cases["newest"] = [(q, {"sort": "newest"}, {}) for q in QUERIES["1 word"]]

    def api(q: str, params: dict, *, cached: bool = False) -> tuple[float, float, int]:
        """(wall ms, CPU ms, bytes) of one request."""
        if not cached:
            cache.clear()
        began, cpu = time.perf_counter(), time.process_time()
        response = client.get("/api/search?" + urlencode({"q": q, **params}))
        assert response.status_code == 200, response.content[:300]
        return (time.perf_counter() - began) * 1000, (time.process_time() - cpu) * 1000, len(response.content)

    def pg(q: str, filters: dict) -> float:
        began = time.perf_counter()
        pgfts.search(q, **filters)
        return (time.perf_counter() - began) * 1000

    out: dict = {"kinds": {}, "warm_seconds": warm_seconds, "load": [os.getloadavg()[0]]}
    for kind, items in cases.items():
        ms, cached, fts, cpu, request_cpu, sizes = [], [], [], [], [], []
        for q, params, filters in items:
            api(q, params)
            pg(q, filters)
            for _ in range(repeats):
                find_cpu.clear()
                took, took_cpu, size = api(q, params)
                ms.append(took)
                request_cpu.append(took_cpu)
                sizes.append(size)
                cpu.extend(find_cpu)
                fts.append(pg(q, filters))
                cached.append(api(q, params, cached=True)[0])
        out["kinds"][kind] = {"ms": ms, "cached": cached, "fts": fts, "find_cpu": cpu, "request_cpu": request_cpu,
                              "bytes": sizes}
    out["load"].append(os.getloadavg()[0])
    unfiltered = [q for queries in QUERIES.values() for q in queries]
    request_profile = cProfile.Profile()
    for q in unfiltered:
        cache.clear()
        request_profile.runcall(client.get, "/api/search?" + urlencode({"q": q}))
    find_profile = cProfile.Profile()
    whoosh.find = lambda request: find_profile.runcall(original, request)
    for q in unfiltered:
        api(q, {})
    out["calls_request"] = pstats.Stats(request_profile).total_calls
    out["calls_find"] = pstats.Stats(find_profile).total_calls
    return out


def prepare(into: Path) -> dict:
    """Index every article of the bench database from empty with the tree first on sys.path (as loaded, copied to
    `into`/loaded), then merge it (`into`/merged): the drain's figures and the merge's seconds."""
    from bench import environment as env

    env.configure()
    import django

    django.setup()
    from articles.search.indexing import merge_index
    from bench.drain_compare import drain_from_empty

    drained = drain_from_empty()
    shutil.rmtree(into, ignore_errors=True)
    shutil.copytree(env.INDEX_DIR, into / "loaded")
    started = time.perf_counter()
    drained["merged"] = merge_index()
    drained["merge_seconds"] = time.perf_counter() - started
    shutil.copytree(env.INDEX_DIR, into / "merged")
    return drained


def _summary(runs: list[dict]) -> dict:
    """Figures over every round of one tree on one index copy."""
    from bench.timing import percentile

    kinds, scale_kinds = runs[0]["kinds"], _scale_kinds()
    every = [ms for run in runs for kind in scale_kinds for ms in run["kinds"][kind]["ms"]]
    pick = lambda key, kind=None: [v for run in runs for k in ([kind] if kind else scale_kinds)  # noqa: E731
                                   for v in run["kinds"][k][key]]
    unfiltered = lambda key: [v for run in runs for k in scale_kinds if k != "filtered"  # noqa: E731
                              for v in run["kinds"][k][key]]
    return {
        "p50": statistics.median(every), "p95": percentile(every, 95),
        "kinds": {kind: (statistics.median(pick("ms", kind)), percentile(pick("ms", kind), 95)) for kind in kinds},
        "fts_p50": statistics.median(pick("fts")), "cached_p50": statistics.median(pick("cached")),
        "find_cpu_p50": statistics.median(unfiltered("find_cpu")),
        "request_cpu_p50": statistics.median(unfiltered("request_cpu")), "bytes_p50": statistics.median(pick("bytes")),
        "calls_find": statistics.median(run["calls_find"] for run in runs),
        "calls_request": statistics.median(run["calls_request"] for run in runs),
        "load": [load for run in runs for load in run["load"]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.whoosh_compare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="main", help="git revision to compare with (default main)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--prepare", action="store_true", help="index the bench database again first")
    parser.add_argument("--tree", help=argparse.SUPPRESS)
    parser.add_argument("--prepare-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tree:
        sys.path.insert(0, args.tree)
        print(json.dumps(prepare(args.prepare_into) if args.prepare_into else measure(args.repeats)))
        return
    from bench import environment as env

    env.configure()  # the bench database's address and the secret key, for the measuring processes
    from bench.revisions import step_in, unpacked
    from bench.timing import percentile

    with unpacked(args.base) as base:
        trees = ((args.base, base, COMPARE / "base"), ("this tree", TREE, COMPARE / "tree"))
        if args.prepare:
            for name, tree, into in trees:
                done = step_in(__file__, tree, "--prepare-into", str(into),  # drains into the bench's index
                               environ={"SEARCH_INDEX_DIR": str(env.INDEX_DIR)})
                print(f"{name:9}: indexed {done['drained']:,} in {done['seconds']:.0f} s ({done['rate']:.1f}/s; CPU "
                      f"{done['cpu_drain']:.0f} s + writers {done['cpu_writers']:.0f} s), {done['segments']} "
                      f"segments; merged {done['merged']} in {done['merge_seconds']:.0f} s", flush=True)
        runs: dict[tuple[str, str], list[dict]] = {}
        for number in range(args.rounds):
            for copy in COPIES:
                for name, tree, copies in trees:
                    result = step_in(__file__, tree, "--repeats", str(args.repeats),
                                     environ={"SEARCH_INDEX_DIR": str(copies / copy)})
                    runs.setdefault((copy, name), []).append(result)
                    every = [ms for kind in _scale_kinds() for ms in result["kinds"][kind]["ms"]]
                    print(f"round {number + 1} {copy:6} {name:9}: p50 {statistics.median(every):5.1f} ms, "
                          f"p95 {percentile(every, 95):5.1f} ms; load {result['load'][0]:.1f}-{result['load'][1]:.1f}",
                          flush=True)
        for copy in COPIES:
            old, new = _summary(runs[copy, args.base]), _summary(runs[copy, "this tree"])
            print(f"\n{copy}: {args.base} -> this tree (ratio new/old); load {min(old['load'] + new['load']):.1f}-"
                  f"{max(old['load'] + new['load']):.1f}")
            for key in ("p50", "p95", "fts_p50", "cached_p50", "find_cpu_p50", "request_cpu_p50", "bytes_p50",
                        "calls_find", "calls_request"):
                print(f"  {key:14} {old[key]:12.1f} -> {new[key]:12.1f}  ({new[key] / old[key]:.2f}x)")
            for kind, (p50, p95) in new["kinds"].items():
                print(f"  {kind:14} p50/p95 {old['kinds'][kind][0]:6.1f} / {old['kinds'][kind][1]:6.1f} -> "
                      f"{p50:6.1f} / {p95:6.1f}")
        (COMPARE / "latest.json").write_text(json.dumps({f"{c} {n}": r for (c, n), r in runs.items()}))


if __name__ == "__main__":
    main()
