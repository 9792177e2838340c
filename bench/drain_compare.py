"""Ingest and index drain at scale, this tree against an older revision in the same run.

    .venv/bin/python -m bench.drain_compare [--size 20000] [--base REV] [--rounds 1] [--ingest-each]

Loads `--size` synthetic articles (bench.corpus.synthetic_records, as `scale` does) once through the real ingest
into the bench database (timed: the ingest alone, no index write), then drains the index queue into an empty index
with `--base` (a git revision, unpacked with `git archive` into a temporary folder, run with the same venv on the
same database) and with this tree, in turns, `--rounds` times, the order swapped every round. Each drain runs in a
fresh process, so neither inherits the other's caches. Prints per drain: seconds, articles/s, CPU seconds of the
draining process and of its writer processes (load-independent), index segments, load average; and end to end
(ingest + drain) per tree.

`--ingest-each`: each tree also ingests (the same JSON lines file, into a fresh database migrated by that tree's
own migrations, in its own process) before its drain, so ingest is compared too.
"""

import argparse
import json
import os
import resource
import statistics
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


def _corpus(size: int, seed: int) -> Path:
    """`size` synthetic articles in a JSON lines file under the bench's work folder."""
    from bench import environment as env
    from bench.context import Context
    from bench.corpus import synthetic_records, write_jsonl

    path = env.WORK / f"synthetic-0-{size}.jsonl"
    write_jsonl(synthetic_records(Context(seed=seed).records(), 0, size, seed=seed), path)
    return path


def load_from(path: Path) -> dict:
    """A fresh bench database holding the articles of `path`, ingested with the analysis workers, not indexed
    (in the tree that is first on sys.path)."""
    from bench import environment as env

    env.configure()
    import django

    django.setup()
    env.create_database()
    from articles.ingest.pipeline import ingest

    cpu_before, started = _cpu_seconds(), time.perf_counter()
    run = ingest([str(path)]).run
    seconds, cpu_after = time.perf_counter() - started, _cpu_seconds()
    return {
        "ingested": run.ingested,
        "failed": run.failed,
        "seconds": seconds,
        "rate": run.ingested / seconds,
        "cpu": sum(cpu_after) - sum(cpu_before),
        "load": os.getloadavg(),
    }


def _print_load(name: str, loaded: dict) -> None:
    print(f"ingest {name} (no index): {loaded['ingested']:,} articles, {loaded['failed']} failed, "
          f"{loaded['seconds']:.0f} s, {loaded['rate']:.1f} articles/s, {loaded['cpu']:.0f} CPU s, "
          f"load {loaded['load'][0]:.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.drain_compare", description=__doc__)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--base", default="main", help="git revision to compare with (default main)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--ingest-each", action="store_true", help="each tree ingests too, before its drains")
    parser.add_argument("--tree", help=argparse.SUPPRESS)
    parser.add_argument("--load-only", metavar="JSONL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tree:
        sys.path.insert(0, args.tree)
        print(json.dumps(load_from(Path(args.load_only)) if args.load_only else drain_from_empty()))
        return
    from bench import environment as env

    env.configure()
    import django

    django.setup()
    os.environ["DATABASE_URL"] = env.bench_database_url()  # the drains open the database loaded here
    from bench.revisions import step_in, unpacked

    try:
        with unpacked(args.base) as base:
            trees = [(args.base, base), ("this tree", TREE)]
            corpus = _corpus(args.size, args.seed)
            loads: dict[str, list[dict]] = {name: [] for name, _ in trees}
            if not args.ingest_each:
                loaded = step_in(__file__, TREE, "--load-only", str(corpus))
                _print_load("(this tree, once)", loaded)
                loads = {name: [loaded] for name, _ in trees}
            runs: dict[str, list[dict]] = {name: [] for name, _ in trees}
            for round_ in range(args.rounds):
                for name, tree in trees[::-1] if round_ % 2 else trees:
                    if args.ingest_each:
                        loads[name].append(step_in(__file__, tree, "--load-only", str(corpus)))
                        _print_load(name, loads[name][-1])
                    result = step_in(__file__, tree)
                    runs[name].append(result)
                    print(
                        f"drain {name}: {result['drained']:,} in {result['seconds']:.0f} s, {result['rate']:.1f} "
                        f"articles/s; CPU s drain {result['cpu_drain']:.0f} + writers {result['cpu_writers']:.0f}; "
                        f"{result['segments']} segments; load {result['load'][0]:.1f}",
                        flush=True,
                    )
            corpus.unlink()
            for name, results in runs.items():
                seconds = statistics.median([r["seconds"] for r in results])
                ingest_seconds = statistics.median([r["seconds"] for r in loads[name]])
                end_to_end = loads[name][0]["ingested"] / (ingest_seconds + seconds)
                print(f"{name}: median ingest {ingest_seconds:.0f} s, median drain {seconds:.0f} s; "
                      f"end to end {end_to_end:.1f} articles/s", flush=True)
    finally:
        env.drop_database()


if __name__ == "__main__":
    main()
