"""`ingest`: IndoSum through the real pipeline (read, prepare, store, entities, index), against a bare bulk insert.

Stages are timed by wrapping the functions the pipeline calls (no app code changes): each stage is charged
only the time not spent in a nested stage. A separate cProfile pass over a small slice shows which functions
dominate.
"""

import hashlib
import importlib
import json
import time
from contextlib import contextmanager

from django.conf import settings
from django.utils.text import slugify

from bench import environment as env
from bench.context import Context
from bench.corpus import write_jsonl
from bench.profiling import profile
from bench.report import Section, Table
from bench.timing import StageClock, median

FLOOR_REPEATS = 3
PROFILE_ARTICLES = 150

# (module, attribute, stage, is the function an iterator?) -- patched only where the attribute exists.
STAGES = [
    ("articles.ingest.pipeline", "iter_documents", "read", True),
    ("articles.ingest.pipeline", "known_hashes", "store: duplicate check", False),
    ("articles.ingest.analyse", "prepare", "prepare (clean+describe)", False),
    ("articles.ingest.analyse", "signature", "near duplicates: MinHash signature", False),
    ("articles.entities.extract", "recognise", "entities: recognise", False),
    ("articles.entities.extract", "link", "entities: link", False),
    ("articles.ingest.pipeline", "chunk_store", "store: articles (bulk SQL)", False),
    ("articles.ingest.store", "mentions_store", "entities: store mentions", False),
    ("articles.ingest.store", "clusters_assign", "near duplicates: bands and story clusters", False),
    ("articles.ingest.store", "enqueue", "index: enqueue", False),
    ("articles.search.indexing", "drain", "index: queue, fetch, write", False),
    ("articles.search_indexes", "ArticleIndex.full_prepare", "index: prepare fields", False),
]


def _resolve(module_name: str, attribute: str):
    try:
        owner = importlib.import_module(module_name)
    except ImportError:
        return None, None, None
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part, None)
    if owner is None or not hasattr(owner, name):
        return None, None, None
    return owner, name, getattr(owner, name)


@contextmanager
def timed_stages(clock: StageClock):
    """Wrap each stage function for the duration (in this process: run the pipeline with processes=1)."""
    patches = []
    for module_name, attribute, stage, is_iter in STAGES:
        owner, name, original = _resolve(module_name, attribute)
        if owner is not None:
            patches.append((owner, name, original, (clock.wrap_iter if is_iter else clock.wrap)(original, stage)))
    for owner, name, _, wrapped in patches:
        setattr(owner, name, wrapped)
    try:
        yield
    finally:
        for owner, name, original, _ in reversed(patches):
            setattr(owner, name, original)


def _floor(records: list[dict], path) -> float:
    """Seconds to parse the JSON lines and bulk-insert the same texts as bare Articles."""
    from articles.models import Article, Source

    env.reset()
    started = time.perf_counter()
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    sources = {name: Source.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
               for name in {record["source"] for record in lines}}
    Article.objects.bulk_create([
        Article(source=sources[r["source"]], title=r["title_slug"][:500], slug=slugify(r["title_slug"])[:80],
                url=r["url"], body=r["text"], raw_text=r["text"],
                content_hash=hashlib.sha256(f"{r['url']}\n{r['text']}".encode()).hexdigest())
        for r in lines
    ], batch_size=1000)
    return time.perf_counter() - started


def _profile(records: list[dict], n: int) -> tuple[list[Table], str]:
    from articles.ingest.pipeline import ingest
    from articles.search.indexing import drain

    path = env.WORK / "ingest-profile.jsonl"
    write_jsonl(records[:n], path)
    env.reset()
    return profile(lambda: (ingest([str(path)], processes=1), drain(wait=True)), f"{n} articles in one process")


def run(ctx: Context) -> Section:
    from articles.ingest import pipeline
    from articles.models import Entity, Mention
    from articles.search import indexing

    records, path = ctx.records(), ctx.indosum_file()
    section = Section("ingest", f"{len(records):,} IndoSum articles through the real pipeline")
    section.method = (f"`ingest([{path.name}])` then `drain(wait=True)` into an empty bench database and index; "
                      f"baseline (floor): json.loads + `Article.objects.bulk_create` of the same texts "
                      f"(median of {FLOOR_REPEATS}); ratio = pipeline time / floor time.")

    floor = median([_floor(records, path) for _ in range(FLOOR_REPEATS)])
    profile_tables, profile_text = _profile(records, min(PROFILE_ARTICLES // (3 if ctx.quick else 1), len(records)))

    env.reset()
    processes = settings.INGEST_PROCESSES
    started = time.perf_counter()
    report = pipeline.ingest([str(path)], processes=processes)
    stored = time.perf_counter()
    indexing.drain(wait=True)
    finished = time.perf_counter()

    env.reset()  # again in one process, each stage timed
    clock = StageClock()
    with timed_stages(clock):
        alone_started = time.perf_counter()
        pipeline.ingest([str(path)], processes=1)
        indexing.drain(wait=True)
        alone_total = time.perf_counter() - alone_started
    ctx.loaded = "indosum"

    total = finished - started
    run_ = report.run
    rate, floor_rate = run_.ingested / total, len(records) / floor
    section.headline = [
        f"pipeline with {processes} analysis worker process(es): {run_.ingested:,} articles in {total:.1f} s = "
        f"**{rate:.1f} articles/s** end to end (ingest {stored - started:.1f} s, index {finished - stored:.1f} s); "
        f"{run_.summary()}",
        f"the same in one process (stages timed): {alone_total:.1f} s = {run_.ingested / alone_total:.1f} articles/s",
        f"floor (json.loads + bulk_create): {floor:.2f} s = {floor_rate:,.0f} articles/s",
        f"ratio pipeline / floor: **{total / floor:.0f}×** the time",
        f"entities found: {Entity.objects.count():,} entities, {Mention.objects.count():,} mentions",
    ]
    stages = Table("Time per stage in one process (exclusive wall time)",
                   ["stage", "seconds", "share %", "calls", "median ms/call"])
    for stage, seconds in sorted(clock.seconds.items(), key=lambda item: -item[1]):
        stages.rows.append([stage, seconds, 100 * seconds / alone_total, clock.calls[stage],
                            1000 * median(clock.durations[stage])])
    other = alone_total - sum(clock.seconds.values())
    stages.rows.append(["other (pipeline loop, run records)", other, 100 * other / alone_total, "", ""])
    section.tables = [stages, *profile_tables]
    section.notes.append("With workers, analysis (prepare, recognise, link, signature) runs in the workers while "
                         "this process stores the previous chunk; the stage table is from the one-process run.")
    section.data = {"articles": run_.ingested, "seconds": total, "articles_per_s": rate, "processes": processes,
                    "one_process_seconds": alone_total, "ingest_seconds": stored - started,
                    "index_seconds": finished - stored, "floor_seconds": floor, "floor_articles_per_s": floor_rate,
                    "ratio": total / floor, "stages": dict(clock.seconds), "failed": run_.failed,
                    "profile_cumulative": profile_text}
    return section
