"""`python -m bench [NAME...] [--quick] [--full] [--sizes 10000,30000]`: run benchmarks, print and save a report."""

import argparse
import importlib
import signal
import sys
import time
import traceback

from bench import environment as env

BENCHMARKS = {
    "ingest": "bench.bench_ingest",
    "relevance": "bench.bench_relevance",
    "latency": "bench.bench_latency",
    "pages": "bench.bench_pages",
    "scale": "bench.bench_scale",
    "scaleout": "bench.bench_scaleout",
    "fidelity": "bench.bench_fidelity",
    "adversarial": "bench.bench_adversarial",
    "export": "bench.bench_export",
    "cache": "bench.bench_cache",
}
QUICK_SKIPS = {"scale"}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"benchmarks to run: {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="small smoke run (600 articles, fewer queries)")
    parser.add_argument("--full", action="store_true", help="scale also runs at 100,000 articles")
    parser.add_argument("--sizes", help="scale: comma-separated corpus sizes (default 10000,30000)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", action="store_true", help="keep the telusur_bench database afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="scale: measure on the synthetic corpus a --keep run left (migrated, not reloaded)")
    parser.add_argument("--http", action="store_true",
                        help="scale: also time cold searches over HTTP on gunicorn against a bare WSGI FTS endpoint")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)} (choose from {', '.join(BENCHMARKS)})")
    return args


def selected(args: argparse.Namespace) -> list[str]:
    if args.names:
        return [name for name in BENCHMARKS if name in args.names]
    return [name for name in BENCHMARKS if not (args.quick and name in QUICK_SKIPS)]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    env.configure()
    import django

    django.setup()
    from bench.context import Context, DataMissing
    from bench.report import Section, render_text, write

    stamp = time.strftime("%Y%m%d-%H%M%S")

    sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else (
        [10_000, 30_000, 100_000] if args.full else [10_000, 30_000])
    ctx = Context(quick=args.quick, full=args.full, sizes=sizes, seed=args.seed, reuse=args.reuse,
                  http=args.http)
    names = selected(args)
    print(f"Telusur benchmarks ({ctx.mode}): {', '.join(names)}; data from {env.DATA}; "
          f"database {env.BENCH_DB}, index {env.INDEX_DIR}", flush=True)
    if not env.INDOSUM.exists():  # every benchmark reads IndoSum: say so, skip them all, leave the database be
        reason = f"{env.INDOSUM} is missing: put the shared data at ../shared/data (or set BENCH_DATA)"
        print(f"SKIPPED: {reason}", flush=True)
        write([Section(name, "skipped", skipped=reason) for name in names], env.RESULTS, mode=ctx.mode, stamp=stamp)
        return 0
    # `timeout`/Ctrl-C: unwind through `finally`, so the bench database is dropped and finished results kept.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    if args.reuse:
        env.migrate_database()
    else:
        env.create_database()
    sections: list[Section] = []
    try:
        for name in names:
            started = time.perf_counter()
            print(f"\n-- running {name} ...", flush=True)
            try:
                section = importlib.import_module(BENCHMARKS[name]).run(ctx)
            except DataMissing as missing:
                section = Section(name, "skipped", skipped=str(missing))
            except Exception as error:  # one broken benchmark must not hide the others' figures
                traceback.print_exc()
                section = Section(name, "failed", skipped=f"error: {type(error).__name__}: {error}")
            section.seconds = time.perf_counter() - started
            sections.append(section)
            print(render_text(section), flush=True)
            paths = write(sections, env.RESULTS, mode=ctx.mode, stamp=stamp)
    finally:
        if not args.keep:
            env.drop_database()
    if sections:
        print(f"\nReport written to {', '.join(str(p.relative_to(env.ROOT)) for p in paths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
