"""`relevance`: known-item search over IndoSum, Telusur against PostgreSQL FTS and haystack's English defaults.

Each query is 3-4 content words of one article's gold summary (rarer words more likely, seeded); the target is
that article. All three systems search the same stored articles (title + body) with the same words and their
own default semantics (all words required in each), top 10.
"""

import io
import time

from django.core.management import call_command
from django.test import override_settings

from bench import pgfts
from bench.context import Context, article_ids_by_url
from bench.corpus import KnownItem, known_item_queries, words
from bench.report import Section, Table
from bench.timing import median, ratio
from bench.whooshraw import EnglishWhoosh

TOP = 10


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


def _timed(fn, q: str) -> tuple[list[int], float]:
    started = time.perf_counter()
    ids = fn(q)
    return ids, (time.perf_counter() - started) * 1000


def run(ctx: Context) -> Section:
    from articles.models import Article
    from articles.search.service import SearchParams, search

    records = ctx.records()
    load_seconds = ctx.ensure_indosum()
    by_url = article_ids_by_url()
    wanted = 100 if ctx.quick else 500
    queries: list[KnownItem] = [q for q in known_item_queries(records, wanted, seed=ctx.seed) if q.url in by_url]
    section = Section("relevance", f"known-item search, {len(queries)} queries over {len(by_url):,} articles")
    section.method = ("Query = 3-4 content words of an article's gold summary (stopwords-iso removed, drawn with "
                      f"weight idf, seed {ctx.seed}); target = that article. (a) Telusur's `search(SearchParams(q))`; "
                      "(b) PostgreSQL `indonesian` FTS (GIN, websearch_to_tsquery, ts_rank_cd); (c) raw Whoosh with "
                      "haystack's English StemmingAnalyzer, QueryParser AND group; (d) Telusur's search with "
                      "SEARCH_BACKEND=postgres. Same words, all required, top 10; each query runs once, so "
                      "Telusur's result cache plays no part.")

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
        "Telusur (Sastrawi, haystack+Whoosh)": lambda q: [hit.article.pk for hit in search(SearchParams(q=q)).hits],
        "PostgreSQL indonesian FTS": lambda q: pgfts.search(q)[0],
        "Whoosh English StemmingAnalyzer": english.search,
        "Telusur, SEARCH_BACKEND=postgres": on_postgres,
    }
    scores = {name: Scores(name) for name in systems}
    for fn in systems.values():  # warm caches (analyzers, stemmer dictionary, index readers)
        fn(queries[0].text)
    literal = 0
    for query in queries:
        target = by_url[query.url]
        literal += all(word in texts[target] for word in query.words)
        for name, fn in systems.items():
            ids, ms = _timed(fn, query.text)
            scores[name].add(target, ids, ms)
    english.close()

    telusur, postgres, whoosh_en, telusur_pg = scores.values()
    table = Table("Known-item retrieval (top 10)", ["system", "MRR@10", "recall@10", "hit@1", "no results %",
                                                    "median ms"])
    for s in scores.values():
        table.rows.append([s.name, s.mrr, s.recall, s.at1, 100 * s.empty / len(queries), median(s.ms)])
    section.headline = [
        f"Telusur MRR@10 **{telusur.mrr:.3f}**, recall@10 {telusur.recall:.3f}",
        f"vs PostgreSQL FTS: MRR {postgres.mrr:.3f} (ratio **{ratio(telusur.mrr, postgres.mrr):.2f}**), "
        f"recall {postgres.recall:.3f} (ratio {ratio(telusur.recall, postgres.recall):.2f})",
        f"vs haystack English defaults: MRR {whoosh_en.mrr:.3f} (ratio **{ratio(telusur.mrr, whoosh_en.mrr):.2f}**), "
        f"recall {whoosh_en.recall:.3f} (ratio {ratio(telusur.recall, whoosh_en.recall):.2f})",
        f"Telusur on its PostgreSQL backend (same analysis, ts_rank_cd weights): MRR {telusur_pg.mrr:.3f}, "
        f"recall {telusur_pg.recall:.3f} (ratio to PostgreSQL FTS {ratio(telusur_pg.mrr, postgres.mrr):.2f})",
        f"{100 * literal / len(queries):.0f}% of queries have every word literally in the target's title+body",
    ]
    section.tables = [table]
    section.notes = [
        f"PostgreSQL side table + GIN built in {fts.seconds:.1f} s ({fts.index_bytes / 1e6:.1f} MB GIN); English "
        f"Whoosh index built in {english_build:.1f} s" + (f"; IndoSum loaded in {load_seconds:.0f} s" if load_seconds
                                                          else ""),
        "Examples: " + "; ".join(f"`{q.text}`" for q in queries[:5]),
    ]
    section.data = {"queries": len(queries), "articles": len(by_url), "literal_share": literal / len(queries),
                    "systems": {s.name: {"mrr": s.mrr, "recall": s.recall, "hit1": s.at1, "empty": s.empty,
                                         "median_ms": median(s.ms)} for s in scores.values()},
                    "queries_sample": [q.text for q in queries[:20]]}
    return section
