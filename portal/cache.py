"""The cache settings: a disk cache on one machine (DiskCache, SQLite), or Django's Redis backend shared by several
(`CACHE_URL`).

On one machine DiskCache (https://grantjenks.com/docs/diskcache/) replaces Django's FileBasedCache, whose every
write lists the whole cache directory to decide whether to cull: 1.0 ms a write at 500 entries, 5.5 ms at 5,000
(`make bench BENCH_ARGS=cache`), paid by every cold search and every page rendered. DiskCache keeps its index in
SQLite (a write 0.1-0.3 ms at either size), evicts the least recently stored entries past a size in bytes, and its
`add()` and `incr()` are atomic across processes, which the API's rate-limit counters need.

A Redis that cannot be reached acts as an empty cache (every read a miss, every write dropped), so readers get
pages rendered afresh instead of an error page; the portal uses Redis again as soon as it answers. The API's
rate-limit counters live in a cache of their own whose counting is exact across processes.
"""

import logging
import threading
import time
from pathlib import Path

from diskcache import DjangoCache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import RedisError

logger = logging.getLogger("telusur.cache")

# Bounds on one Redis call, so that a server that vanished costs a reader at most this long.
CONNECT_TIMEOUT_SECONDS = 0.5
SOCKET_TIMEOUT_SECONDS = 1.0
# After a failure a process leaves Redis alone this long: a dead server costs one timeout, not one per call.
REST_SECONDS = 5.0
# The rate-limit counters' disk cache: a counter takes well under a kilobyte, and each lives a minute.
COUNTER_CACHE_MB = 64


def cache_config(url: str, directory: Path, size_mb: int) -> dict:
    """CACHES["default"]: Redis at `url` (redis://, rediss:// or unix://), or a disk cache in `directory` holding
    about `size_mb` megabytes (least recently stored entries go first past it).

    Raises ImproperlyConfigured for any other kind of URL.
    """
    if not url:
        return {
            "BACKEND": "portal.cache.OpenDiskCache",
            "LOCATION": str(directory),
            "OPTIONS": {"size_limit": size_mb * 1024 * 1024},
        }
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL={url!r} must be a redis://, rediss:// or unix:// URL")
    return {
        "BACKEND": "portal.cache.TolerantRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": CONNECT_TIMEOUT_SECONDS, "socket_timeout": SOCKET_TIMEOUT_SECONDS},
    }


def counter_cache_config(url: str, directory: Path) -> dict:
    """CACHES["ratelimit"]: the same Redis as the pages (its INCR is atomic), or a disk cache of its own (whose
    `add()` and `incr()` are SQLite transactions, atomic across the machine's processes)."""
    return cache_config(url, directory, COUNTER_CACHE_MB)


_rest_lock = threading.Lock()
_resting_until: dict[str, float] = {}  # per server list, shared by the process's threads (caches are per thread)


class TolerantRedisCache(RedisCache):
    """Django's built-in RedisCache that answers like an empty cache while Redis is unreachable."""

    def _resting(self) -> bool:
        return time.monotonic() < _resting_until.get(self._location_key, 0.0)

    @property
    def _location_key(self) -> str:
        return ",".join(self._servers)

    def _failed(self, error: RedisError) -> None:
        with _rest_lock:
            if not self._resting():
                logger.warning("Redis cache unreachable (%s): serving without a cache for %.0f s", error,
                               REST_SECONDS)
            _resting_until[self._location_key] = time.monotonic() + REST_SECONDS

    def _call(self, name: str, fallback, *args, **kwargs):
        if self._resting():
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        # Unreachable: count every request as the first, so a rate limit lets readers through rather than fail.
        return self._call("incr", delta, key, delta, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)


class OpenDiskCache(DjangoCache):
    """DiskCache's Django backend, left open between requests.

    Django closes every cache when a request finishes; DiskCache's `close()` closes its SQLite connections, and
    the next request's first call reopened them (17 statements: pragmas and settings, about 1.3 ms a request
    here). DiskCache's author advises leaving it open (every operation is atomic); its connections are per thread
    and reopened in a forked child, so gunicorn's threads and workers each keep their own few.
    """

    def close(self, **kwargs) -> None:
        """Keep the connections (called by Django at the end of each request)."""
