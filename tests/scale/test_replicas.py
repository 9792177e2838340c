"""DATABASE_REPLICA_URLS against a real streaming replica of the test database's server, behind real gunicorn.

Which server served a read is read off each server's own statistics (index and sequential scans of the tables
in pg_stat_user_tables, which a standby counts for the queries it answers), never off the portal's word.
The tests share one site and run in file order: the last one stops the replica.
"""

import itertools
import threading
import time
import urllib.error
import urllib.request

import psycopg
import pytest
from django.core.management import call_command
from django.test import override_settings

from portal.devservers import Gunicorn, free_port, web_environ
from tests.conftest import INDEX_DIR, SEEDS_DIR, database_url

# django_db: the test database must exist (the module's site commits its data there itself, and flushes it after).
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

MAX_LAG = 2
TABLES = ("articles_article", "articles_articlesearchdocument")


class Site:
    """The seeds on the primary (committed, searchable on PostgreSQL), gunicorn reading from the replica."""

    def __init__(self, replica, server: Gunicorn, primary: dict, dbname: str, paths: list[str], article_id: int):
        self.replica, self.server, self.primary, self.dbname = replica, server, primary, dbname
        self.paths, self.article_id = paths, article_id

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.server.base + path, timeout=20) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def scans(self, conninfo: dict) -> dict[str, int]:
        """Index plus sequential scans per table on one server, as that server counted them."""
        with psycopg.connect(**conninfo, autocommit=True) as conn:
            rows = conn.execute("SELECT relname, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) "
                                "FROM pg_stat_user_tables WHERE relname = ANY(%s)", [list(TABLES)]).fetchall()
        return dict(rows)

    def replica_scans(self) -> dict[str, int]:
        return self.scans(self.replica.conninfo(self.dbname))

    def primary_scans(self) -> dict[str, int]:
        return self.scans(self.primary)

    def until(self, condition, *, timeout: float, poke: str) -> None:
        """Wait for `condition()`, requesting `poke` meanwhile: a server backend reports its statistics at the end
        of a transaction at most once a second, so later requests flush the earlier ones' counts. A `{n}` in
        `poke` is numbered, so that each request is new to the cache."""
        deadline = time.monotonic() + timeout
        for n in itertools.count():
            if condition():
                return
            assert time.monotonic() < deadline, f"not within {timeout} s"
            assert self.get(poke.format(n=n))[0] == 200
            time.sleep(0.3)


def _primary_conninfo(params: dict) -> dict:
    return {key: params[key] for key in ("host", "port", "user", "password", "dbname") if params.get(key)}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, streaming_replica, tmp_path_factory):
    from django.db import connection

    from articles.ingest.pipeline import ingest
    from articles.models import Article, Entity

    with django_db_blocker.unblock():
        assert ingest([str(SEEDS_DIR)]).run.failed == 0
        with override_settings(SEARCH_BACKEND="postgres"):
            call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
        with connection.cursor() as cursor:  # this session's table statistics now, not when it next idles
            cursor.execute("SELECT pg_stat_force_next_flush()")
        article = Article.objects.order_by("pk").first()
        entity = Entity.objects.filter(hidden=False, mentions__isnull=False).first()
        params = connection.get_connection_params()
        dbname = connection.settings_dict["NAME"]
        work = tmp_path_factory.mktemp("replica-site")
        environ = web_environ(
            DATABASE_URL=database_url(params), DATABASE_REPLICA_URLS=streaming_replica.url(dbname),
            REPLICA_MAX_LAG_SECONDS=str(MAX_LAG), REPLICA_CHECK_SECONDS="1", SEARCH_BACKEND="postgres",
            SEARCH_INDEX_DIR=INDEX_DIR, CACHE_DIR=str(work / "cache"), WEB_CONCURRENCY="1", GUNICORN_THREADS="2",
            API_RATE_LIMIT="0")  # hundreds of API reads in a few seconds, from one address
        server = Gunicorn(free_port(), environ, work / "gunicorn.log")
        paths = ["/", "/search/?q=Stoltenberg", article.get_absolute_url(), entity.get_absolute_url(),
                 f"/sources/{article.source.slug}/", "/api/search?q=NATO", f"/api/articles/{article.pk}",
                 f"/api/entities/{entity.slug}"]
        try:
            yield Site(streaming_replica, server, _primary_conninfo(params), dbname, paths, article.pk)
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


def test_reader_pages_search_and_the_api_read_from_the_replica(site):
    before_replica, before_primary = site.replica_scans(), site.primary_scans()
    for path in site.paths:
        status, _ = site.get(path)
        assert status == 200, path
    site.until(lambda: all(site.replica_scans()[table] > before_replica[table] for table in TABLES),
               timeout=20, poke=f"/api/articles/{site.article_id}")
    # Search documents are read by search alone, and every search above went to the replica.
    assert site.primary_scans()["articles_articlesearchdocument"] == before_primary["articles_articlesearchdocument"]


def test_a_replica_lagging_behind_is_skipped_until_it_has_caught_up(site):
    site.replica.set_apply_delay("1h")  # the replica receives the primary's changes but does not apply them
    try:
        with psycopg.connect(**site.primary, autocommit=True) as conn:
            conn.execute("UPDATE articles_article SET title = 'Judul baru dari redaksi' WHERE id = %s",
                         [site.article_id])
        path = f"/api/articles/{site.article_id}"
        # Within the lag limit plus a check interval the primary answers, with the title the replica lacks.
        site.until(lambda: b"Judul baru dari redaksi" in site.get(path)[1], timeout=MAX_LAG + 15, poke=path)
        with psycopg.connect(**site.replica.conninfo(site.dbname), autocommit=True) as conn:
            (title,) = conn.execute("SELECT title FROM articles_article WHERE id = %s", [site.article_id]).fetchone()
        assert title != "Judul baru dari redaksi"
    finally:
        site.replica.set_apply_delay("0")
    # Caught up again, the replica serves reads once more.
    before = site.replica_scans()["articles_article"]
    site.until(lambda: site.replica_scans()["articles_article"] > before, timeout=20, poke=path)


def test_pages_keep_answering_while_the_replica_stops_and_after(site):
    statuses: list[tuple[str, int]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            for path in site.paths:
                statuses.append((path, site.get(path)[0]))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        time.sleep(1.5)
        site.replica.stop(mode="immediate")  # as abrupt as a crash
        time.sleep(2.5)
    finally:
        stop.set()
        reader.join()
    assert len(statuses) > len(site.paths)
    assert [item for item in statuses if item[1] != 200] == []
    before = site.primary_scans()["articles_articlesearchdocument"]
    for path in site.paths:
        assert site.get(path)[0] == 200, path
    # Searches are now served by the primary.
    site.until(lambda: site.primary_scans()["articles_articlesearchdocument"] > before, timeout=20,
               poke="/api/search?q=Stoltenberg+{n}")
