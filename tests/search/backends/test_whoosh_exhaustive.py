"""The Whoosh backend's arrays (matches and scores read a block of postings at a time) give what Whoosh's own search
gives when it scores every match: the same total, facets and top ten, in several segments with deletions and merged
into one. Postings of the common words span several blocks (written 100 to a block here, 1,024 in the portal)."""

import json
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.test import override_settings
from haystack import connections
from whoosh import query as wq
from whoosh import sorting

from articles.ingest.pipeline import ingest
from articles.models import Article
from articles.search import whoosh_codec
from articles.search.backends import whoosh
from articles.search.backends.base import FACET_FIELDS, UNCAPPED_FACETS, Request
from articles.search.indexing import drain, merge_index
from articles.search.querying import relaxed
from articles.search.synonyms import curated_synonyms

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")

WORDS = ("banjir", "gempa", "hujan", "sungai", "jalan", "pasar", "harga", "beras", "cabai", "minyak", "sekolah",
         "guru", "murid", "rumah", "sakit", "dokter", "pasien", "polisi", "kantor", "gubernur", "bupati", "desa",
         "kota", "pantai", "kapal", "pelabuhan", "petani", "sawah", "panen", "pabrik", "buruh", "upah", "listrik",
         "air", "bersih", "sampah", "taman", "warga")
PHRASES = ("Bank Indonesia", "Joko Widodo", "menteri keuangan", "piala dunia")
SOURCES = ("Kantor Timur", "Kantor Barat", "Kantor Utara")
# '"harga beras"': both words in most articles, next to each other in some (a phrase's candidates are rejected).
QUERIES = ["warga", "banjir", "banjir sungai", "harga beras cabai", '"bank indonesia"', '"harga beras"',
           "menteri keuangan", "Joko Widodo pasar", "warga -banjir", "pasa*", "banjir zzzqqq", "gempa OR sungai", ""]
EVERY = 1000  # more than the corpus: a page holding every match
FACET_CUT = 2  # values kept per facet in the capped comparison (`facet_limit`)
FILTERS = [{}, {"wanted": {"source": ["kantor-barat"]}}, {"excluded": {"source": ["kantor-timur"]}},
           {"published": (datetime(2023, 3, 1, tzinfo=JAKARTA), datetime(2023, 6, 30, tzinfo=JAKARTA))}]


def _article(n: int, rng: random.Random) -> dict:
    words = [rng.choice(WORDS) for _ in range(rng.randint(20, 80))]
    for _ in range(rng.randint(0, 3)):
        words.insert(rng.randrange(len(words)), rng.choice(PHRASES))
    # "warga" in nearly every article: its postings fill several blocks.
    text = " ".join(words) + (" warga" * rng.randint(1, 3) if n % 10 else "") + f" nomor {n}."
    # 36 dates shared by several articles (equal dates go by document number), and some articles undated.
    date = {} if n % 11 == 0 else {"date": f"2023-{1 + n % 12:02d}-{1 + n % 9:02d}T08:00:00+07:00"}
    return {"title": f"{rng.choice(WORDS).capitalize()} {rng.choice(PHRASES)} {n}", "text": text,
            "source": SOURCES[n % 3], "url": f"https://uji.example/{n}", **date}


@pytest.fixture
def corpus(search_index, tmp_path, monkeypatch):
    monkeypatch.setattr(whoosh_codec, "BLOCK_POSTINGS", 100)  # several blocks for a few hundred articles
    rng = random.Random(16)  # noqa: S311 - reproducible filler text, not a secret
    for part in range(2):  # two ingests, two commits: several segments
        path = tmp_path / f"part{part}.jsonl"
        path.write_text("\n".join(json.dumps(_article(n, rng)) for n in range(part * 160, part * 160 + 160)),
                        encoding="utf-8")
        assert ingest([str(path)]).run.failed == 0
        drain(wait=True)
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    for article in Article.objects.order_by("pk")[:3]:  # re-indexed in a segment of its own: the old one deleted
        document = {key: backend._from_python(value) for key, value in index.full_prepare(article).items()
                    if key != "boost"}
        writer = backend.index.refresh().writer()
        writer.update_document(**document)
        writer.commit(merge=False)


def _exhaustive(request: Request) -> tuple[int, list[tuple[int, float]], dict, list[int]]:
    """Total, top ten (article id, score), facets and every article id newest first (undated last) from Whoosh's
    own search, every match scored or sorted."""
    searcher = whoosh._searcher()
    only, mask = whoosh._filters(request)
    query = wq.Every() if request.query is None else request.query
    facets = {name: sorting.FieldFacet(name, allow_overlap=True, maptype=sorting.Count) for name in FACET_FIELDS}
    results = searcher.search(query, limit=None, filter=only, mask=mask, groupedby=facets)
    if results.scored_length() == 0 and (loose := relaxed(query)) is not None:
        query = loose
        results = searcher.search(query, limit=None, filter=only, mask=mask, groupedby=facets)
    top = sorted((-hit.score, hit.docnum) for hit in results)[:10]
    by_date = searcher.search(query, limit=None, filter=only, mask=mask,
                              sortedby=sorting.FieldFacet("published", reverse=True))
    undated = set(Article.objects.filter(published__isnull=True).values_list("pk", flat=True))
    newest = sorted((int(hit["django_id"]) for hit in by_date), key=lambda pk: pk in undated)  # stable
    return (results.scored_length(), [(int(searcher.stored_fields(d)["django_id"]), -s) for s, d in top],
            {name: {key: n for key, n in results.groups(name).items() if key} for name in FACET_FIELDS}, newest)


def _compare(queries: list[str]) -> int:
    """Assert find() equals the exhaustive search for each query and filter; returns how many matched."""
    compared = 0
    for text in queries:
        parsed = whoosh.parse(text, synonyms=curated_synonyms())
        query = None if parsed.is_empty else parsed.query
        for filters in FILTERS:
            request = Request(query=query, every_copy=True, **filters)
            count, top, facets, newest = _exhaustive(request)
            found = whoosh.find(request)
            assert found.count == count, (text, filters)
            assert [pk for pk, _ in found.ranked] == [pk for pk, _ in top], (text, filters)
            assert [score for _, score in found.ranked] == pytest.approx([score for _, score in top], rel=1e-12)
            assert {name: dict(pairs) for name, pairs in found.facets.items()} == {
                name: counts for name, counts in facets.items() if count}, (text, filters)
            cut = whoosh.find(Request(query=query, every_copy=True, facet_limit=FACET_CUT, **filters))
            assert cut.facets == {name: sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[
                :None if name in UNCAPPED_FACETS else FACET_CUT] for name, counts in facets.items() if count}
            assert cut.distinct_values == ({name: len(counts) for name, counts in facets.items()} if count else {})
            by_date = whoosh.find(Request(query=query, every_copy=True, newest=True, limit=EVERY, **filters))
            assert [pk for pk, _ in by_date.ranked] == newest, (text, filters)
            compared += bool(count)
    return compared


@override_settings(SEARCH_BACKEND="whoosh")
def test_top_ten_total_and_facets_equal_whooshs_exhaustive_search(corpus):
    searcher = whoosh._searcher()
    assert len(searcher.reader().leaf_readers()) > 1
    assert any(reader.has_deletions() for reader, _ in searcher.reader().leaf_readers())
    assert searcher.doc_frequency("text", "warga") > 2 * whoosh_codec.BLOCK_POSTINGS
    assert _compare(QUERIES) >= len(QUERIES) * 2
    merge_index()
    assert len(whoosh._searcher().reader().leaf_readers()) == 1
    assert _compare(QUERIES) >= len(QUERIES) * 2


@override_settings(SEARCH_BACKEND="whoosh")
def test_postings_are_read_whole_across_blocks_and_without_deleted_documents(corpus):
    searcher = whoosh._searcher()
    for word in ("warga", "banjir", "menteri"):
        query = whoosh.parse(word, synonyms=curated_synonyms()).query
        matches, scores = whoosh._evaluate(searcher, query)
        assert set(matches.nonzero()[0].tolist()) == set(searcher.docs_for_query(query))
        assert not scores[~matches].any()


@override_settings(SEARCH_BACKEND="whoosh")
def test_date_ranges_match_what_whooshs_own_range_query_matches(corpus):
    searcher = whoosh._searcher()
    live = whoosh._live.get(searcher)
    # Ranges starting or ending right on an article's date, and a microsecond after one.
    dates = sorted(set(Article.objects.exclude(published=None).values_list("published", flat=True)))
    moments = [dates[3], dates[10], dates[10] + timedelta(microseconds=1)]
    sizes = set()
    for start, end in [(start, end) for start in [None, *moments] for end in [None, *moments] if start or end]:
        for startexcl, endexcl in [(False, False), (True, False), (False, True), (True, True)]:
            query = wq.DateRange("published", whoosh._naive_utc(start), whoosh._naive_utc(end),
                                 startexcl=startexcl, endexcl=endexcl)
            found = np.flatnonzero(whoosh._filter_matches(searcher, wq.And([query])) & live).tolist()
            assert found == sorted(searcher.docs_for_query(query)), (start, end, startexcl, endexcl)
            sizes.add(len(found))
    assert len(sizes) > 5  # the ranges differ: some hold the articles on their edges, some do not
