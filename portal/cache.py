"""A file cache whose counters are exact across processes, for the API's rate limit (django-ratelimit)."""

import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks


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
