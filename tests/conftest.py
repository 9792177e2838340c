"""Shared fixtures: a real PostgreSQL test database (pytest-django), a private Whoosh index, the seeds."""

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import settings as hypothesis_settings

# `make test` keeps Hypothesis's default bound; `make fuzz` runs the property tests with `--hypothesis-profile=long`.
hypothesis_settings.register_profile("long", max_examples=2_000, deadline=None)

# The index of a test session lives in its own directory, never in var/whoosh.
INDEX_DIR = tempfile.mkdtemp(prefix="telusur-test-index-")
os.environ["SEARCH_INDEX_DIR"] = INDEX_DIR


def _use_test_index() -> None:
    # pytest-django imports the settings before this module runs, so the environment alone comes too late
    # (the suite then cleared var/whoosh, and parallel sessions broke each other's index).
    from django.conf import settings

    settings.SEARCH_INDEX_DIR = Path(INDEX_DIR)
    settings.HAYSTACK_CONNECTIONS["default"]["PATH"] = INDEX_DIR


_use_test_index()

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "fixtures" / "seeds"
SAMPLES_DIR = ROOT / "fixtures" / "samples"


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(INDEX_DIR, ignore_errors=True)


@pytest.fixture
def search_index():
    """An empty search index, rebuilt from whatever the test stored when `fill()` is called."""
    from haystack import connections

    from articles.models import Article
    from articles.search.indexing import index_articles

    backend = connections["default"].get_backend()
    backend.clear()

    class Index:
        @staticmethod
        def fill() -> int:
            return index_articles(Article.objects.values_list("pk", flat=True))

    yield Index
    backend.clear()


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """The disk caches in directories of the test run's own, never the portal's, and never a CACHE_URL's Redis
    (each test empties the cache: on a shared Redis that would flush other users' entries). The Redis backend is
    tested in tests/scale/test_shared_cache.py, against a Redis of its own."""
    from django.test import override_settings

    from portal.cache import cache_config, counter_cache_config

    location = tmp_path_factory.mktemp("cache")
    with override_settings(CACHES={"default": cache_config("", location / "default", 256),
                                   "ratelimit": counter_cache_config("", location / "ratelimit")}):
        yield


@pytest.fixture(autouse=True)
def _empty_cache(_private_cache):
    """Each test starts with empty caches, none of this process's values of a data generation (the stamp lives in
    the cache: a rolled-back test left rows the next one does not have) and no search vocabulary loaded (it is
    read from the test's own database), nor an entity registry (a registry kept past REFRESH_SECONDS would be
    rebuilt in a thread of its own, outside the test's transaction)."""
    from django.core.cache import caches

    from articles import memo
    from articles.entities import registry
    from articles.search import vocabulary

    for cache in caches.all():  # the API's request counters too: each test starts with a fresh allowance
        cache.clear()
    memo.forget_generations()
    vocabulary.forget()
    registry.invalidate()


@pytest.fixture
def seeds(db):
    """The five seed articles, ingested through the real pipeline."""
    from articles.ingest.pipeline import ingest
    from articles.models import Article

    report = ingest([str(SEEDS_DIR)])
    assert report.run.failed == 0, report.errors
    return list(Article.objects.order_by("pk"))


@pytest.fixture
def indexed_seeds(seeds, search_index):
    search_index.fill()
    return seeds


EDITOR_PASSWORD = "kata-sandi-redaksi-yang-panjang"


@pytest.fixture
def editor(db):
    """A Redaksi editor: staff in the editors' group, not a superuser."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    from articles.roles import EDITOR_GROUP, editor_codenames

    # The migration made the group; a transactional test (the browser's) flushed it: make it again then.
    group, created = Group.objects.get_or_create(name=EDITOR_GROUP)
    if created:
        group.permissions.set(Permission.objects.filter(content_type__app_label="articles",
                                                        codename__in=editor_codenames()))
    user = get_user_model().objects.create_user("redaksi", password=EDITOR_PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def database_url(params: dict) -> str:
    """A DATABASE_URL for the connection parameters of the database pytest-django created."""
    user = params.get("user") or "postgres"
    password = f":{quote(params['password'])}" if params.get("password") else ""
    host, port = str(params.get("host") or ""), params.get("port") or ""
    if host.startswith("/"):
        return f"postgres://{user}{password}@/{params['dbname']}?host={host}" + (f"&port={port}" if port else "")
    return f"postgres://{user}{password}@{host or 'localhost'}{f':{port}' if port else ''}/{params['dbname']}"


@pytest.fixture
def subprocess_env(transactional_db) -> dict[str, str]:
    """Environment for a `manage.py` child that uses this test's database and search index."""
    from django.db import connection

    env = dict(os.environ)
    env["DATABASE_URL"] = database_url(connection.get_connection_params())
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture(params=["whoosh", "postgres"])
def each_backend(request, settings) -> str:
    """Runs a test once per search backend (SEARCH_BACKEND); `search_index.fill()` then writes that backend."""
    settings.SEARCH_BACKEND = request.param
    return request.param
