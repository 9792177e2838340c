"""The cache settings: Django's file cache on one machine, or its Redis backend shared by several (`CACHE_URL`).

A Redis that cannot be reached acts as an empty cache (every read a miss, every write dropped), so readers get
pages rendered afresh instead of an error page; the portal uses Redis again as soon as it answers. The API's
rate-limit counters live in a cache of their own whose counting is exact across processes.
"""

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.core.files import locks
from redis.exceptions import RedisError

logger = logging.getLogger("telusur.cache")

# Bounds on one Redis call, so that a server that vanished costs a reader at most this long.
CONNECT_TIMEOUT_SECONDS = 0.5
SOCKET_TIMEOUT_SECONDS = 1.0
# After a failure a process leaves Redis alone this long: a dead server costs one timeout, not one per call.
REST_SECONDS = 5.0


def cache_config(url: str, directory: Path, max_entries: int) -> dict:
    """CACHES["default"]: Redis at `url` (redis:// or rediss://), or the file cache in `directory`."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(directory),
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL={url!r} must be a redis://, rediss:// or unix:// URL")
    return {
        "BACKEND": "portal.cache.TolerantRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": CONNECT_TIMEOUT_SECONDS, "socket_timeout": SOCKET_TIMEOUT_SECONDS},
    }


def counter_cache_config(url: str, directory: Path) -> dict:
    """CACHES["ratelimit"]: the same Redis as the pages (its INCR is atomic), or a locked file cache."""
    if url:
        return cache_config(url, directory, 0)
    return {"BACKEND": "portal.cache.CounterFileBasedCache", "LOCATION": str(directory),
            "OPTIONS": {"MAX_ENTRIES": 100_000}}


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


class CounterFileBasedCache(FileBasedCache):
    """Django's FileBasedCache with `add()` and `incr()` under one exclusive lock per cache directory.

    The stock versions read, then write: two gunicorn workers counting the same client at once both read 7 and
    both write 8, and a limit of 60 lets more through. Holding an flock across the read and the write makes every
    request count, for any number of processes on this machine (past one machine: a Redis cache, whose INCR is
    atomic, chosen in settings).
    """

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._createdir()
        with open(os.path.join(self._dir, "counters.lock"), "ab") as lock_file:
            locks.lock(lock_file, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(lock_file)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._locked():
            return super().incr(key, delta, version)
