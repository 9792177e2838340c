"""Ingest and index drain at scale, this tree against an older revision in the same run.

    .venv/bin/python -m bench.drain_compare [--size 20000] [--base REV] [--rounds 1]

Loads `--size` synthetic articles (bench.corpus.synthetic_records, as `scale` does) once through the real ingest
into the bench database (timed: the ingest alone, no index write), then drains the index queue into an empty index
with `--base` (a git revision, unpacked with `git archive` into a temporary folder, run with the same venv on the
same database) and with this tree, in turns, `--rounds` times. Each drain runs in a fresh process, so neither
inherits the other's caches. Prints per drain: seconds, articles/s, CPU seconds of the draining process and of its
writer processes (load-independent), index segments, load average; and end to end (ingest + drain) per tree.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

TREE = Path(__file__).resolve().parent.parent


def _cpu_seconds() -> tuple[float, float]:
    """(this process, its finished child processes) user + system CPU seconds so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def drain_from_empty() -> dict:
    """Empty the index (Whoosh's directory, or PostgreSQL's document and term tables), queue every article and
    drain the queue (in the tree that is first on sys.path)."""
    from bench import environment as env

    env.configure()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from articles.models import Article, IndexQueue
    from articles.search.indexing import drain, enqueue

    env.clear_index()
    if settings.SEARCH_BACKEND == "postgres":  # its documents live in the database the drains share
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE articles_articlesearchdocument, articles_searchterm")
    IndexQueue.objects.all().delete()
    enqueue(Article.objects.values_list("pk", flat=True))
    cpu_before, started = _cpu_seconds(), time.perf_counter()
    drained = drain(wait=True)
    seconds, cpu_after = time.perf_counter() - started, _cpu_seconds()
    return {
        "drained": drained,
        "seconds": seconds,
        "rate": drained / seconds,
        "cpu_drain": cpu_after[0] - cpu_before[0],
        "cpu_writers": cpu_after[1] - cpu_before[1],
        "segments": _segments(),
        "load": os.getloadavg(),
    }


def _segments() -> int | None:
    """Segments of the Whoosh index; None on another backend."""
    from django.conf import settings
    from haystack import connections

    if settings.SEARCH_BACKEND != "whoosh":
        return None
    with connections["default"].get_backend().index.refresh().reader() as reader:
        return len(reader.leaf_readers())


def _load(size: int, seed: int) -> dict:
    """A fresh bench database holding `size` synthetic articles, ingested with the analysis workers, not indexed."""
    from bench import environment as env
    from bench.context import Context
    from bench.corpus import synthetic_records, write_jsonl

    env.create_database()
    ctx = Context(seed=seed)
    path = env.WORK / f"synthetic-0-{size}.jsonl"
    write_jsonl(synthetic_records(ctx.records(), 0, size, seed=seed), path)
    from articles.ingest.pipeline import ingest

    cpu_before, started = _cpu_seconds(), time.perf_counter()
    run = ingest([str(path)]).run
    seconds, cpu_after = time.perf_counter() - started, _cpu_seconds()
    path.unlink()
    return {
        "ingested": run.ingested,
        "failed": run.failed,
        "seconds": seconds,
        "rate": run.ingested / seconds,
        "cpu": sum(cpu_after) - sum(cpu_before),
        "load": os.getloadavg(),
    }


def _drain_in(tree: Path) -> dict:
    """`drain_from_empty` in a fresh process with `tree`'s code."""
    command = [sys.executable, str(Path(__file__).resolve()), "--drain-only", str(tree)]
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=os.environ | {"PYTHONPATH": ""})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.drain_compare", description=__doc__)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--base", default="main", help="git revision to compare with (default main)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--drain-only", metavar="TREE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drain_only:
        sys.path.insert(0, args.drain_only)
        print(json.dumps(drain_from_empty()))
        return
    from bench import environment as env

    env.configure()
    import django

    django.setup()
    os.environ["DATABASE_URL"] = env.bench_database_url()  # the drains open the database loaded here
    from bench.revisions import unpacked

    try:
        with unpacked(args.base) as base:
            loaded = _load(args.size, args.seed)
            print(
                f"ingest (no index): {loaded['ingested']:,} articles, {loaded['failed']} failed, "
                f"{loaded['seconds']:.0f} s, {loaded['rate']:.1f} articles/s, {loaded['cpu']:.0f} CPU s, "
                f"load {loaded['load'][0]:.1f}",
                flush=True,
            )
            runs: dict[str, list[dict]] = {args.base: [], "this tree": []}
            for _ in range(args.rounds):
                for name, tree in ((args.base, base), ("this tree", TREE)):
                    result = _drain_in(tree)
                    runs[name].append(result)
                    print(
                        f"drain {name}: {result['drained']:,} in {result['seconds']:.0f} s, {result['rate']:.1f} "
                        f"articles/s; CPU s drain {result['cpu_drain']:.0f} + writers {result['cpu_writers']:.0f}; "
                        f"{result['segments']} segments; load {result['load'][0]:.1f}",
                        flush=True,
                    )
            for name, results in runs.items():
                seconds = sorted(r["seconds"] for r in results)[len(results) // 2]
                end_to_end = loaded["ingested"] / (loaded["seconds"] + seconds)
                print(f"{name}: median drain {seconds:.0f} s; end to end {end_to_end:.1f} articles/s", flush=True)
    finally:
        env.drop_database()


if __name__ == "__main__":
    main()
