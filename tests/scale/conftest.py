"""Real servers for the scaling tests: a streaming replica of the test database's server, and a Redis."""

import os
import sys

import pytest

from portal.devservers import RedisServer, StreamingReplica


@pytest.fixture(scope="module")
def streaming_replica(django_db_setup, django_db_blocker):
    """A hot standby of the server holding the test database (made after it exists, so it holds it too)."""
    from django.db import connection

    params = connection.get_connection_params()
    try:
        replica = StreamingReplica(host=str(params.get("host") or "localhost"), port=params.get("port") or 5432,
                                   user=params.get("user") or "postgres")
    except (RuntimeError, SystemExit) as error:
        if not os.environ.get("DATABASE_URL"):  # the private cluster always allows it: that is a failure
            raise
        pytest.skip(f"REPLICA TESTS SKIPPED: no streaming replica of DATABASE_URL's server could be made: {error}")
    yield replica
    replica.cleanup()


def _say(message: str) -> None:
    print(f"\n*** {message}", file=sys.stderr)


@pytest.fixture(scope="session")
def redis_url():
    """`REDIS_URL`, or Debian's redis-server started on a free loopback port for this session; else a loud skip."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    try:
        server = RedisServer()
    except (FileNotFoundError, RuntimeError) as error:
        _say(f"REDIS TESTS SKIPPED: no REDIS_URL and no redis-server to start ({error})")
        pytest.skip(f"REDIS TESTS SKIPPED: no REDIS_URL and no redis-server ({error})")
    yield server.url
    server.stop()


@pytest.fixture
def own_redis():
    """A redis-server of this test's own, which the test may stop (a REDIS_URL server is never stopped)."""
    try:
        server = RedisServer()
    except (FileNotFoundError, RuntimeError) as error:
        _say(f"REDIS OUTAGE TEST SKIPPED: no redis-server to start and stop ({error})")
        pytest.skip(f"REDIS OUTAGE TEST SKIPPED: no redis-server ({error})")
    yield server
    server.stop()
