"""`cache`: the cost of one write and one read of the machine's cache as it fills, against Django's file cache.

Telusur: the cache the settings make without `CACHE_URL` (`portal.cache.cache_config`, DiskCache). Baseline, in
the same run: Django's FileBasedCache with the MAX_ENTRIES it had here (5,000), whose every write lists the cache
directory to decide whether to cull. Each is filled to a size with values shaped like a cached search answer
(pickled, ~20 KB), then times 200 writes of new keys and 200 reads of existing ones; a new empty directory per
size and backend.
Every cold search writes its answer once and every page rendered writes once; every repeated one reads.
"""

import shutil
import tempfile
import time
from pathlib import Path

from django.core.cache.backends.filebased import FileBasedCache
from django.utils.module_loading import import_string

from bench.context import Context
from bench.report import Section, Table
from bench.timing import latency_summary, ratio

SIZES = (500, 2_000, 5_000)
QUICK_SIZES = (200, 1_000)
WRITES = READS = 200
FILE_CACHE_MAX_ENTRIES = 5_000  # what the settings gave Django's file cache before DiskCache
VALUE = {"hits": [(pk, 0.5, [("teks " * 40, False), ("Jakarta", True)]) for pk in range(10)],
         "facets": {"source": [(f"outlet-{n}", n) for n in range(10)],
                    "entity": [(f"entity-{n}", n) for n in range(50)]},
         "text": "x" * 12_000}


def _portal_cache(directory: Path):
    from portal.cache import cache_config

    config = cache_config("", directory, 256)
    return import_string(config["BACKEND"])(config["LOCATION"], config)


def _file_cache(directory: Path):
    return FileBasedCache(str(directory), {"OPTIONS": {"MAX_ENTRIES": FILE_CACHE_MAX_ENTRIES}})


def _time(calls) -> list[float]:
    ms = []
    for call in calls:
        started = time.perf_counter()
        call()
        ms.append((time.perf_counter() - started) * 1000)
    return ms


def _measure(make, size: int) -> dict[str, dict[str, float]]:
    directory = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    try:
        cache = make(directory)
        for n in range(size):
            cache.set(f"filled:{n}", VALUE, None)
        writes = _time(lambda n=n: cache.set(f"new:{n}", VALUE, None) for n in range(WRITES))
        reads = _time(lambda n=n: cache.get(f"filled:{n * size // READS}") for n in range(READS))
        return {"write": latency_summary(writes), "read": latency_summary(reads)}
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(ctx: Context) -> Section:
    table = Table("One cache write / read (ms) as the cache fills",
                  ["entries", "Telusur write p50", "p95", "file cache write p50", "p95", "write ratio p50",
                   "Telusur read p50", "p95", "file cache read p50", "p95"])
    data = {}
    for size in QUICK_SIZES if ctx.quick else SIZES:
        ours, file = _measure(_portal_cache, size), _measure(_file_cache, size)
        data[size] = {"telusur": ours, "file_cache": file}
        table.rows.append([size, ours["write"]["p50"], ours["write"]["p95"], file["write"]["p50"],
                           file["write"]["p95"], ratio(ours["write"]["p50"], file["write"]["p50"]),
                           ours["read"]["p50"], ours["read"]["p95"], file["read"]["p50"], file["read"]["p95"]])
    last = data[max(data)]
    headline = [f"at {max(data):,} entries a write costs {last['telusur']['write']['p50']:.2f} ms p50 "
                f"(p95 {last['telusur']['write']['p95']:.2f}) against Django's file cache "
                f"{last['file_cache']['write']['p50']:.2f} ms (p95 {last['file_cache']['write']['p95']:.2f})"]
    return Section("cache", "The machine's cache: write and read cost as it fills",
                   method=__doc__.split("\n\n", 1)[1].strip(), headline=headline, tables=[table], data=data)
