"""CACHE_URL: Django's Redis cache backend against a real redis-server, and what readers get when it goes away."""

import uuid

import pytest
import redis
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from articles import memo
from portal import cache as portal_cache
from portal.cache import cache_config, counter_cache_config
from portal.devservers import RedisServer

pytestmark = pytest.mark.django_db


def _use_redis(url: str):
    """The portal's cache settings for `url`, under a key prefix of this test's own (REDIS_URL may be shared)."""
    prefix = f"telusur-test-{uuid.uuid4().hex[:12]}"
    return prefix, override_settings(CACHES={"default": {**cache_config(url, None, 0), "KEY_PREFIX": prefix},
                                             "ratelimit": {**counter_cache_config(url, None), "KEY_PREFIX": prefix}})


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_pages_searches_and_aggregates_are_kept_in_redis_for_every_web_machine(indexed_seeds, client, redis_url):
    article = indexed_seeds[0]
    paths = ["/", "/search/?q=Stoltenberg", article.get_absolute_url()]
    prefix, settings = _use_redis(redis_url)
    with settings:
        # The stamp this process read last came from the disk cache the fixtures wrote to (within the last
        # STAMP_READ_SECONDS); kept, the first pages would be stored under it and the next ones looked up under Redis's.
        memo.forget_generations()
        first = [_queries(client, path) for path in paths]
        again = [_queries(client, path) for path in paths]
    assert all(b < a for a, b in zip(first, again, strict=True)), (first, again)
    # Another web machine is another client of the same server: it finds the entries there.
    other = redis.Redis.from_url(redis_url)
    keys = [key.decode() for key in other.scan_iter(f"{prefix}:*")]
    try:
        assert any(":generation:" in key for key in keys)  # pages and aggregates
        assert any(":search:" in key for key in keys)  # search results
    finally:
        if keys:
            other.delete(*keys)


def test_a_redis_that_goes_away_means_no_cache_never_an_error_page(indexed_seeds, client, own_redis, monkeypatch):
    monkeypatch.setattr(portal_cache, "REST_SECONDS", 0.0)  # look for Redis again at once in this test
    # Each request reads the generation from Redis (in service it is re-read every memo.STAMP_READ_SECONDS, which
    # bounds how long a page kept in a worker's memory outlives the Redis that said it was fresh).
    monkeypatch.setattr(memo, "STAMP_READ_SECONDS", 0.0)
    article = indexed_seeds[0]
    paths = ["/", "/search/?q=Stoltenberg", article.get_absolute_url(), f"/api/articles/{article.pk}",
             "/api/search?q=NATO"]
    _, settings = _use_redis(own_redis.url)
    with settings:
        cached = [_queries(client, path) for path in paths[:3] * 2][3:]
        own_redis.stop()
        for path in paths:
            assert client.get(path).status_code == 200, path
        uncached = [_queries(client, path) for path in paths[:3]]
        assert all(b > a for a, b in zip(cached, uncached, strict=True)), (cached, uncached)
        # Back on the same address, it is used again without a restart of the portal.
        back = RedisServer(port=own_redis.port)
        try:
            _queries(client, "/")
            assert _queries(client, "/") == cached[0]
        finally:
            back.stop()
