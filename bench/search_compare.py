"""Cold /api/search latency of this tree against an older revision, in one run on one bench database.

    SEARCH_BACKEND=postgres .venv/bin/python -m bench.search_compare [--base REV] [--rounds 4] [--load 20000]

Times `scale`'s queries (5 per kind, and the filtered ones) through /api/search, result cache emptied before each
request, with `--base` (a git revision unpacked with `git archive`, run with the same venv) and with this tree, in
turns, each round in a fresh process per tree; the PostgreSQL FTS baseline (bench.pgfts) is timed after every
request in the same process. Reads the database `python -m bench scale --keep` left (or loads `--load` synthetic
articles first, as `scale` does). Prints per tree, pooled over the queries and rounds: p50 / p95 ms of Telusur
and of the baseline, their ratios, the CPU ms of the process per search and the database server's (mean; both
less load-bound), SQL statements per search, the load average, and which answers (the JSON but `took_ms`)
differ between the trees.
"""

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

TREE = Path(__file__).resolve().parent.parent


def measure(repeats: int) -> dict:
    """Each of `scale`'s queries `repeats` times, cold, with this process's tree (first on sys.path)."""
    from bench import environment as env

    env.configure()
    import django

    django.setup()
    from django.db import connection

    from bench import bench_scale as scale
    from bench.bench_latency import api_client, api_search, pg_search

    client = api_client()
    cases = [(kind, *case) for kind, kind_cases in scale._cases().items() for case in kind_cases]
    statements = []

    def count(execute, sql, params, many, context):
        statements[-1] += 1
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    rows, server_ms = [], 0.0
    for kind, q, params, filters in cases:
        api_search(client, q, **params)  # warm-up, as `scale` does
        pg_search(q, **filters)
        for _ in range(repeats):
            statements.append(0)
            cpu, server = time.process_time(), _server_ms(backend)
            with connection.execute_wrapper(count):
                ms, payload = api_search(client, q, **params)
            cpu, server_ms = (time.process_time() - cpu) * 1000, server_ms + _server_ms(backend) - server
            payload.pop("took_ms")
            answer = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
            rows.append({"kind": kind, "q": q, "ms": ms, "cpu": cpu, "statements": statements[-1],
                         "answer": answer, "fts": pg_search(q, **filters)})
    return {"rows": rows, "load": os.getloadavg()[0], "server_ms": server_ms / len(rows)}


def _server_ms(stat: Path) -> float:
    """CPU ms the database server process has used so far (0 when it runs elsewhere); ticks of 10 ms, so only
    a mean over many searches tells."""
    if not stat.exists():
        return 0.0
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _load(size: int) -> None:
    """A fresh bench database holding `size` synthetic articles, indexed, and the FTS baseline's table, as `scale`
    builds them."""
    from bench import environment as env
    from bench import pgfts
    from bench.bench_scale import _grow
    from bench.context import Context

    env.create_database()
    ctx = Context()
    env.reset()
    _grow(ctx, 0, size)
    pgfts.build()


def _summary(rows: list[dict]) -> str:
    from bench.timing import percentile

    ms, fts = [r["ms"] for r in rows], [r["fts"] for r in rows]
    p50, p95, f50, f95 = percentile(ms, 50), percentile(ms, 95), percentile(fts, 50), percentile(fts, 95)
    return (f"p50 {p50:.1f} / p95 {p95:.1f} ms; FTS {f50:.1f} / {f95:.1f} ms; ratio {p50 / f50:.2f}x / "
            f"{p95 / f95:.2f}x; CPU {percentile([r['cpu'] for r in rows], 50):.1f} ms; "
            f"statements {sum(r['statements'] for r in rows) / len(rows):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search_compare", description=__doc__)
    parser.add_argument("--base", default="main", help="git revision to compare with (default main)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3, help="timed requests per query and round")
    parser.add_argument("--load", type=int, metavar="SIZE", help="load SIZE synthetic articles first")
    parser.add_argument("--measure-only", type=int, metavar="REPEATS", help=argparse.SUPPRESS)
    parser.add_argument("--tree", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        sys.path.insert(0, args.tree)
        print(json.dumps(measure(args.measure_only)))
        return
    from bench import environment as env

    env.configure()
    import django

    django.setup()
    if args.load:
        _load(args.load)
    os.environ["DATABASE_URL"] = env.bench_database_url()  # the measuring processes open this database
    from bench.revisions import step_in, unpacked

    with unpacked(args.base) as base:
        shutil.copy(TREE / "var" / "secret_key", base / "var" / "secret_key")
        runs: dict[str, list[dict]] = {args.base: [], "this tree": []}
        servers: dict[str, list[float]] = {args.base: [], "this tree": []}
        for round_ in range(args.rounds):
            trees = [(args.base, base), ("this tree", TREE)]
            for name, tree in trees if round_ % 2 == 0 else trees[::-1]:
                result = step_in(__file__, tree, "--measure-only", str(args.repeats))
                runs[name] += result["rows"]
                servers[name].append(result["server_ms"])
                print(f"round {round_ + 1} {name}: {_summary(result['rows'])}; server CPU {result['server_ms']:.1f} "
                      f"ms a search; load {result['load']:.1f}", flush=True)
        kinds = dict.fromkeys(r["kind"] for r in runs[args.base])
        for name, rows in runs.items():
            print(f"\n{name}, all kinds: {_summary(rows)}; server CPU {sum(servers[name]) / len(servers[name]):.2f} "
                  "ms a search")
            for kind in kinds:
                print(f"  {kind:9s} {_summary([r for r in rows if r['kind'] == kind])}")
        differ = sorted({a["q"] for a, b in zip(runs[args.base], runs["this tree"], strict=True)
                         if a["answer"] != b["answer"]})
        print(f"\nanswers (JSON but took_ms) that differ between the trees: {differ or 'none'}")


if __name__ == "__main__":
    main()
