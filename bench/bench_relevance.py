"""`relevance`: known-item search over IndoSum, Telusur against PostgreSQL FTS and haystack's English defaults.

Four query sets, each query aimed at one article: "roots", "plain" and "hard" are written the way readers type them
(`bench/reader_queries.py`; the report half only, unless `BENCH_READER_HALF=tune` while trying a change), and
"summary words" draws 3-4 content words of an article's gold summary (rarer words more likely, seeded). All
systems search the same stored articles (title + body) with the same words and their own default semantics
(all words required in each), top 10.
"""

import io
import os
import time
from dataclasses import dataclass

from django.core.management import call_command
from django.test import override_settings

from bench import pgfts
from bench.context import Context, article_ids_by_url
from bench.corpus import known_item_queries, words
from bench.reader_queries import SETS, read_queries
from bench.report import Section, Table
from bench.timing import median, ratio
from bench.whooshraw import EnglishWhoosh

TOP = 10
READER_HALF = os.environ.get("BENCH_READER_HALF", "report")


def _rank(target: int, ids: list[int]) -> int | None:
    return ids.index(target) + 1 if target in ids[:TOP] else None


class Scores:
    def __init__(self, name: str) -> None:
        self.name = name
        self.ranks: list[int | None] = []
        self.empty = 0
        self.ms: list[float] = []

    def add(self, target: int, ids: list[int], ms: float) -> None:
        self.ranks.append(_rank(target, ids))
        self.empty += not ids
        self.ms.append(ms)

    @property
    def mrr(self) -> float:
        return sum(1 / rank for rank in self.ranks if rank) / len(self.ranks)

    @property
    def recall(self) -> float:
        return sum(1 for rank in self.ranks if rank) / len(self.ranks)

    @property
    def at1(self) -> float:
        return sum(1 for rank in self.ranks if rank == 1) / len(self.ranks)

    @property
    def zero_hits(self) -> float:
        return self.empty / len(self.ranks)


@dataclass(frozen=True)
class Query:
    text: str
    target: int  # article id


def _timed(fn, q: str) -> tuple[list[int], float]:
    started = time.perf_counter()
    ids = fn(q)
    return ids, (time.perf_counter() - started) * 1000


def _query_sets(ctx: Context, records: list[dict], by_url: dict[str, int]) -> tuple[dict[str, list[Query]], int]:
    """{set name: queries whose target is loaded}, and how many reader queries had no loaded target (--quick)."""
    url_of = {record["id"]: record["url"] for record in records}
    sets: dict[str, list[Query]] = {name: [] for name in SETS}
    missing = 0
    for query in read_queries(half=READER_HALF):
        target = by_url.get(url_of.get(query.indosum_id, ""))
        if target is None:
            missing += 1
        else:
            sets[query.set].append(Query(query.text, target))
    drawn = known_item_queries(records, 100 if ctx.quick else 500, seed=ctx.seed)
    sets["summary words"] = [Query(q.text, by_url[q.url]) for q in drawn if q.url in by_url]
    return sets, missing


def run(ctx: Context) -> Section:
    from articles.models import Article
    from articles.search.service import SearchParams, search

    records = ctx.records()
    load_seconds = ctx.ensure_indosum()
    by_url = article_ids_by_url()
    sets, missing = _query_sets(ctx, records, by_url)
    section = Section("relevance", f"known-item search over {len(by_url):,} articles: "
                      + ", ".join(f"{name} {len(queries)}" for name, queries in sets.items()) + " queries")
    section.method = (f"Sets 'roots', 'plain' and 'hard': hand-written reader queries (bench/data/reader-queries.tsv, "
                      f"{READER_HALF} half by SHA-256 of the query); 'summary words': 3-4 content words of an "
                      f"article's gold summary (stopwords-iso removed, drawn with weight idf, seed {ctx.seed}). "
                      "Target = that article. (a) Telusur's `search(SearchParams(q))` on Whoosh; (b) the same with "
                      "SEARCH_BACKEND=postgres; (c) PostgreSQL `indonesian` FTS (GIN, websearch_to_tsquery, "
                      "ts_rank_cd); (d) raw Whoosh with haystack's English StemmingAnalyzer, QueryParser AND group. "
                      "Same words, each system's own semantics, top 10; each query runs once, so Telusur's result "
                      "cache plays no part. Zero hits: share of queries with no result at all.")

    fts = pgfts.build()
    articles = list(Article.objects.values_list("id", "title", "body"))
    started = time.perf_counter()
    english = EnglishWhoosh(articles)
    english_build = time.perf_counter() - started
    texts = {pk: set(words(f"{title} {body}")) for pk, title, body in articles}

    with override_settings(SEARCH_BACKEND="postgres"):
        call_command("reindex", stdout=io.StringIO())

    def on_postgres(q: str) -> list[int]:
        with override_settings(SEARCH_BACKEND="postgres"):
            return [hit.article.pk for hit in search(SearchParams(q=q)).hits]

    systems = {
        "Telusur, Whoosh": lambda q: [hit.article.pk for hit in search(SearchParams(q=q)).hits],
        "Telusur, SEARCH_BACKEND=postgres": on_postgres,
        "PostgreSQL indonesian FTS": lambda q: pgfts.search(q)[0],
        "Whoosh English StemmingAnalyzer": english.search,
    }
    for fn in systems.values():  # warm caches (analyzers, lemma table, index readers)
        fn(sets["summary words"][0].text)
    section.data = {"articles": len(by_url), "reader_half": READER_HALF, "reader_missing": missing, "sets": {}}
    for set_name, queries in sets.items():
        if not queries:
            continue
        scores = {name: Scores(name) for name in systems}
        literal = 0
        for query in queries:
            literal += all(word in texts[query.target] for word in words(query.text))
            for name, fn in systems.items():
                ids, ms = _timed(fn, query.text)
                scores[name].add(query.target, ids, ms)
        table = Table(f"'{set_name}' ({len(queries)} queries): known-item retrieval, top 10",
                      ["system", "MRR@10", "recall@10", "hit@1", "zero hits %", "median ms"])
        for s in scores.values():
            table.rows.append([s.name, s.mrr, s.recall, s.at1, 100 * s.zero_hits, median(s.ms)])
        section.tables.append(table)
        telusur, telusur_pg, postgres, english_scores = scores.values()
        section.headline.append(
            f"{set_name} ({len(queries)}): Telusur MRR@10 **{telusur.mrr:.3f}** / postgres backend "
            f"**{telusur_pg.mrr:.3f}** vs PostgreSQL FTS {postgres.mrr:.3f} "
            f"(ratio {ratio(telusur.mrr, postgres.mrr):.2f} / {ratio(telusur_pg.mrr, postgres.mrr):.2f}), "
            f"English Whoosh {english_scores.mrr:.3f}; recall@10 "
            f"{telusur.recall:.3f} / {telusur_pg.recall:.3f} vs {postgres.recall:.3f}; zero hits "
            f"{100 * telusur.zero_hits:.0f}% / {100 * telusur_pg.zero_hits:.0f}% vs {100 * postgres.zero_hits:.0f}%; "
            f"{100 * literal / len(queries):.0f}% of queries have every word literally in the target")
        section.data["sets"][set_name] = {
            "queries": len(queries), "literal_share": literal / len(queries),
            "systems": {s.name: {"mrr": s.mrr, "recall": s.recall, "hit1": s.at1, "zero_hits": s.zero_hits,
                                 "median_ms": median(s.ms)} for s in scores.values()},
            "queries_sample": [q.text for q in queries[:10]]}
    english.close()
    section.notes = [
        f"PostgreSQL side table + GIN built in {fts.seconds:.1f} s ({fts.index_bytes / 1e6:.1f} MB GIN); English "
        f"Whoosh index built in {english_build:.1f} s" + (f"; IndoSum loaded in {load_seconds:.0f} s" if load_seconds
                                                          else ""),
    ]
    if missing:
        section.notes.append(f"{missing} reader queries skipped: their article is not loaded (--quick loads 600)")
    return section
