"""SEARCH_BACKEND=postgres: the same service contract on PostgreSQL full-text search."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings
from whoosh import query as wq

from articles.forking import PARALLEL_BATCH, writer_processes
from articles.models import ArticleSearchDocument
from articles.search.backends import postgres
from articles.search.backends.postgres import to_tsquery
from articles.search.documents import indexed_articles
from articles.search.service import SearchParams, search
from articles.search.vocabulary import current_vocabulary
from tests.search.indexes import articles_like

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_postgres(seeds):
    with override_settings(SEARCH_BACKEND="postgres"):
        call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
        yield seeds


def _ids(page) -> set[int]:
    return {hit.article.pk for hit in page.hits}


def test_queries_translate_to_tsquery():
    query = wq.And([wq.Or([wq.Term("title", "kerah"), wq.Term("text", "kerah")]),
                    wq.Phrase("text", ["jens", "stoltenberg"]), wq.Not(wq.Term("text", "o'brien"))])
    assert to_tsquery(query) == "(('kerah') & ('jens' <-> 'stoltenberg') & !('o''brien'))"
    assert to_tsquery(wq.Term("title", "x")) is None


def test_stemming_and_names_work_as_on_whoosh(on_postgres):
    found = _ids(search(SearchParams(q="pengerahan")))
    assert found == {a.pk for a in on_postgres if "dikerahkan" in a.body or "mengerahkan" in a.body}
    assert search(SearchParams(q="Stoltenberg")).count == 5
    assert search(SearchParams(q="Stoltenberg -Biden")).count == 4
    assert search(SearchParams(q="Biden OR Assad")).count == 2
    assert search(SearchParams(q='"Jens Stoltenberg" Swiss')).count == 1


def test_filters_facets_and_dates(on_postgres):
    page = search(SearchParams(q="Stoltenberg"))
    sources = dict(page.facets["source"])
    assert sum(sources.values()) == 5
    assert dict(page.facets["entity"])["jens-stoltenberg"] == 5
    assert search(SearchParams(q="Stoltenberg", source="okezone")).count == sources["okezone"] == 1
    assert search(SearchParams(q="Stoltenberg", entity="joe-biden")).count == 1
    october = search(SearchParams(q="Stoltenberg", date_from=date(2022, 10, 1), date_to=date(2022, 10, 31)))
    # Medcom's 11 October and Bali Post's "Selasa (18/10)" of a text that names 2022.
    assert {hit.article.source.slug for hit in october.hits} == {"medcom", "bali-post"}


def test_relaxed_and_empty_queries(on_postgres):
    loose = search(SearchParams(q="Stoltenberg Swiss Biden"))
    assert loose.relaxed and loose.count >= 2
    assert search(SearchParams(q="")).count == 5
    snippet_words = [text for text, matched in search(SearchParams(q="dikerahkan")).hits[0].snippet if matched]
    assert snippet_words


def test_a_repeated_search_comes_from_the_cache_until_the_documents_change(on_postgres, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.ingest.pipeline import ingest
    from articles.search.indexing import drain
    with CaptureQueriesContext(connection) as first:
        assert search(SearchParams(q="Stoltenberg")).count == 5
    with CaptureQueriesContext(connection) as again:
        assert search(SearchParams(q="Stoltenberg")).count == 5
    assert any("ts_rank_cd" in q["sql"] for q in first.captured_queries)
    assert not any("ts_rank_cd" in q["sql"] for q in again.captured_queries)

    (tmp_path / "baru.txt").write_text("Stoltenberg bertemu menteri pertahanan di Brussel pada Kamis.\n",
                                       encoding="utf-8")
    assert ingest([str(tmp_path / "baru.txt")]).run.ingested == 1
    drain(wait=True)
    assert search(SearchParams(q="Stoltenberg")).count == 6


def test_there_is_nothing_to_merge(on_postgres, capsys):
    call_command("merge_index")
    assert "postgres: nothing to merge" in capsys.readouterr().out


def test_forked_workers_write_what_one_process_writes(seeds):
    articles = list(indexed_articles().filter(pk__in=articles_like(seeds, PARALLEL_BATCH)))
    assert writer_processes(len(articles)) > 1  # else this would be the in-process writer again
    current_vocabulary()  # the protected names, as `write` loads them first
    expected = [postgres._document_row(postgres._item(article))[:2] for article in articles]  # in this process
    postgres.write(articles)
    assert ArticleSearchDocument.objects.count() == len(expected)
    same = ArticleSearchDocument.objects.raw(
        "SELECT d.article_id FROM articles_articlesearchdocument d JOIN unnest(%s::bigint[], %s::tsvector[]) "
        "AS e(id, doc) ON d.article_id = e.id AND d.document = e.doc",
        [[pk for pk, _ in expected], [vector for _, vector in expected]])
    assert len(list(same)) == len(expected)


def test_ranking_reads_the_stems_alone_and_scores_as_the_whole_document(on_postgres):
    from django.db import connection

    from articles.search.backends.postgres import WEIGHTS, parse, search_column
    from articles.search.synonyms import SynonymMap

    with connection.cursor() as cursor:  # what the migration fills existing rows with, for every written one
        cursor.execute("SELECT count(*) FROM articles_articlesearchdocument WHERE ranked <> ts_delete(document, "
                       "ARRAY(SELECT l FROM unnest(tsvector_to_array(document)) l WHERE left(l, 1) = '='))")
        assert cursor.fetchone()[0] == 0
    plain = to_tsquery(parse("Stoltenberg OR pengerahan", synonyms=SynonymMap()).query)
    assert search_column(plain) == "ranked"
    assert search_column(to_tsquery(parse('"menteri dalam negeri"', synonyms=SynonymMap()).query)) == "document"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE ts_rank_cd(%s::real[], ranked, %s::tsquery) "
                       "<> ts_rank_cd(%s::real[], document, %s::tsquery)) FROM articles_articlesearchdocument "
                       "WHERE document @@ %s::tsquery", [WEIGHTS, plain, WEIGHTS, plain, plain])
        matched, differ = cursor.fetchone()
    assert matched >= 5 and differ == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FILTER (WHERE ranked @@ %s::tsquery), count(*) FILTER (WHERE document @@ "
                       "%s::tsquery) FROM articles_articlesearchdocument", [plain, plain])
        assert cursor.fetchone() == (matched, matched)


def test_many_hits_have_their_facets_estimated_from_a_fixed_sample(on_postgres, monkeypatch, client):
    from collections import Counter

    from django.core.cache import cache
    from django.db import connection

    from articles.search.backends import postgres

    exact = search(SearchParams(q="Stoltenberg"))
    assert not exact.facets_approximate
    with connection.cursor() as cursor:  # the sample: ids hashing below FACET_SAMPLE / count of the hash range
        cursor.execute("SELECT d.article_id, s.slug, hashint8(d.article_id) & 65535 "
                       "FROM articles_articlesearchdocument d JOIN articles_source s ON s.id = d.source_id "
                       "WHERE d.article_id = ANY(%s)",
                       [[hit.article.pk for hit in exact.hits]])
        hashed = cursor.fetchall()
    # Ids depend on what ran before: take the smallest sample size that keeps some of the 5 hits but not all.
    size = next(size for size in range(1, 5) if 0 < sum(h < 65536 * size // 5 for *_, h in hashed) < 5)
    monkeypatch.setattr(postgres, "FACET_SAMPLE", size)
    sampled = [(pk, slug) for pk, slug, h in hashed if h < 65536 * size // 5]
    cache.clear()  # the same search again, run anew
    page = search(SearchParams(q="Stoltenberg"))
    assert page.facets_approximate and page.count == exact.count == 5
    assert [(hit.article.pk, hit.score, hit.snippet) for hit in page.hits] == [
        (hit.article.pk, hit.score, hit.snippet) for hit in exact.hits]
    expected = {slug: max(1, round(n * 5 / len(sampled))) for slug, n in Counter(s for _, s in sampled).items()}
    assert dict(page.facets["source"]) == expected
    answer = client.get("/api/search", {"q": "Stoltenberg", "sort": "newest"}).json()
    assert answer["facets_approximate"] is True and answer["count"] == 5
    assert "perkiraan dari sebagian hasil" in client.get("/search/", {"q": "Stoltenberg", "copies": "all"}).text


def test_an_unfiltered_search_statement_is_prepared_once_and_answers_as_bound_in_the_client(on_postgres):
    from django.db import connection

    from articles.search.backends.base import Request
    from articles.search.backends.postgres import _fetch, find, parse
    from articles.search.synonyms import SynonymMap

    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    def executions() -> tuple[int, int]:  # (prepared search statements, how often they ran) on this connection
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0) "
                           "FROM pg_prepared_statements WHERE statement LIKE '%%ts_rank_cd%%'")
            return cursor.fetchone()

    texts = ["Stoltenberg", "Stoltenberg -Biden", '"Jens Stoltenberg" Swiss', "Biden OR Assad", "pengerahan"]
    requests = [Request(query=parse(text, synonyms=SynonymMap()).query) for text in texts]
    prepared, ran = executions()
    with connection.execute_wrapper(capture):
        first = [find(request) for request in requests]
        again = [find(request) for request in requests]  # past PostgreSQL's first five (custom) plans
    assert again == first
    now_prepared, now_ran = executions()
    assert now_prepared <= prepared + 1 and now_ran - ran == len(statements) == 10  # one statement, reused
    with connection.cursor() as cursor:
        for sql, params in statements:  # Django's own cursor binds the parameters in the client
            cursor.execute(sql, params)
            assert cursor.fetchone() == _fetch(sql, params, prepared=True)
    statements.clear()
    before = executions()
    with connection.execute_wrapper(capture):  # a filtered search is planned for its filters every time
        found = [find(Request(query=request.query, wanted={"source": ["okezone"]})) for request in requests * 2]
    assert executions() == before and len(statements) >= 10  # (and relaxed retries)
    assert found[0].count == 1 and found[:5] == found[5:]


EVERY_MATCH_SQL = ("SELECT article_id FROM articles_articlesearchdocument WHERE ranked @@ %(q)s::tsquery AND {shown} "
                   "ORDER BY ts_rank_cd(%(weights)s::real[], ranked, %(q)s::tsquery) DESC, "
                   "published DESC NULLS LAST, article_id DESC")
STAND_INS = """(story_id IS NULL OR article_id IN (
    SELECT DISTINCT ON (story_id) article_id FROM articles_articlesearchdocument
    WHERE ranked @@ %(q)s::tsquery AND story_id IS NOT NULL ORDER BY story_id, story_place, article_id))"""


@pytest.mark.parametrize("text", ["nato", "rusia", "rusia ukraina", "presiden OR menteri", "nomor"])
def test_each_page_is_the_slice_of_every_match_in_rank_order(seeds, text):
    """Pages 1-4 against every match sorted whole, one hit per story or every copy."""
    from django.db import connection

    from articles.search.backends.base import Request
    from articles.search.synonyms import SynonymMap

    articles_like(seeds, 80)
    with override_settings(SEARCH_BACKEND="postgres"):
        call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
        query = postgres.parse(text, synonyms=SynonymMap()).query
        for every_copy in (True, False):
            pages = [[pk for pk, _ in postgres.find(Request(query=query, offset=offset, limit=10,
                                                            every_copy=every_copy)).ranked]
                     for offset in (0, 10, 20, 30)]
            with connection.cursor() as cursor:
                cursor.execute(EVERY_MATCH_SQL.format(shown="true" if every_copy else STAND_INS),
                               {"q": to_tsquery(query), "weights": postgres.WEIGHTS})
                whole = [pk for pk, in cursor.fetchall()]
            assert len(whole) > 10
            assert pages == [whole[offset:offset + 10] for offset in (0, 10, 20, 30)], (text, every_copy)
