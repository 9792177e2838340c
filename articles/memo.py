"""One way to cache, in three named scopes.

- `PerProcess`: values this process computed, bounded (LRU) and each recomputed after `seconds` (by the caller, or
  by a thread of its own while the old value is served), or at once after
  `forget()`. For what is rebuilt from the database on a timer (the entity registry, the search vocabulary).
- `PerGeneration`: values that hold until the data change: pages, search results, aggregates. A *generation* is
  a random stamp kept in the shared Django cache (`CACHES["default"]`: the machine's disk cache or the Redis every
  web machine shares) and replaced by `changed()`, which `articles.apps` calls when a reader-visible model is
  saved or deleted and the index writers call after each write. Each process re-reads the stamp at most every
  `STAMP_READ_SECONDS`, so a value served from this process's memory costs no database round trip and no cache
  read, and a change made anywhere is seen everywhere within that bound. Values live in this process (LRU) and
  in the shared cache, so a page one worker rendered serves them all.
- `PerObject`: values derived from one live object (a registry's alias table, a searcher's filter sets), kept
  as long as that object lives and dropped with it (weakref-keyed: a cache never keeps its key alive).

When the shared cache cannot hold a stamp (a Redis that went away), there is no generation: nothing is cached
and every value is computed afresh, since a change made meanwhile on another machine could not be seen.
A request reading from a streaming replica (`portal.replicas`) may see rows older than the stamp says: what it
computes while the stamp is younger than the longest lag a usable replica may have is served, not kept.
"""

import hashlib
import logging
import os
import secrets
import threading
import time
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from portal.replicas import read_alias

STAMP_KEY = "memo:generation"
# How stale a process's view of the generation may be: a change made in another process shows after this long.
STAMP_READ_SECONDS = 0.25
# Shared-cache entries of one generation outlive it by at most this long (a new stamp orphans them).
GENERATION_SECONDS = 3600


@dataclass(frozen=True)
class _Entry:
    value: Any
    computed_at: float  # time.monotonic()
    pid: int
    stamp: str = ""  # the data generation it was computed in ("": none that may be relied on)


_generational: "weakref.WeakSet[PerGeneration]" = weakref.WeakSet()
_rebuilding = threading.local()  # set in a PerProcess rebuild thread
logger = logging.getLogger("telusur.memo")


def _threaded() -> bool:
    """Whether this process runs other threads than the caller's (a threaded server's workers)."""
    return threading.active_count() > 1


class PerProcess[T]:
    """Values computed in this process, `maxsize` at most (least recently used go first), each recomputed when
    older than `seconds`. With `kept_by_forks`, a forked child keeps its parent's values instead of recomputing
    them (it may have no database connection of its own). With `until_changed`, a value older than `seconds` is
    kept another `seconds` while the data generation it was computed in is still current: a rebuild that costs
    a few hundred milliseconds (the entity registry at 100,000 articles) is not paid by a reader's request every
    `seconds` when nothing changed. With `in_background`, in a process that already runs threads (a threaded
    web server), a value that is due goes on being served while one thread of this process computes its successor
    (stale-while-revalidate), so no request waits for a rebuild; a value never computed, or dropped by `forget()`,
    is still computed by the caller, and so is every value in a single-threaded process (ingest, index writers,
    task workers), which must stay safe to fork (`articles.forking.fork_is_safe`)."""

    def __init__(self, maxsize: int, seconds: float, *, kept_by_forks: bool = False,
                 until_changed: bool = False, in_background: bool = False) -> None:
        self._entries: LRUCache = LRUCache(maxsize)
        self._seconds = seconds
        self._kept_by_forks = kept_by_forks
        self._until_changed = until_changed
        self._in_background = in_background
        self._refreshing: set[Hashable] = set()
        self._forgotten = 0  # bumped by forget() and discard(): a rebuild begun before one is not kept
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value under `key`, computed by `compute()` when missing or too old."""
        with self._lock:
            entry = self._entries.get(key)
        now = time.monotonic()
        if entry is not None and (now - entry.computed_at <= self._seconds
                                  or (self._kept_by_forks and entry.pid != os.getpid())):
            return entry.value
        stamp = generation() if self._until_changed else ""  # read first: a change while computing shows later
        if entry is not None and entry.stamp and entry.stamp == stamp and entry.pid == os.getpid():
            with self._lock:
                self._entries[key] = _Entry(entry.value, now, entry.pid, entry.stamp)
            return entry.value
        if (self._in_background and entry is not None and entry.pid == os.getpid()
                and _threaded() and not getattr(_rebuilding, "active", False)):
            self._rebuild_later(key, compute, stamp)
            return entry.value
        value = compute()
        with self._lock:
            self._entries[key] = _Entry(value, time.monotonic(), os.getpid(), stamp if _keepable(stamp) else "")
        return value

    def _rebuild_later(self, key: Hashable, compute: Callable[[], T], stamp: str) -> None:
        """Start one thread computing `key` anew, unless one already is."""
        with self._lock:
            if key in self._refreshing:
                return
            self._refreshing.add(key)
            forgotten = self._forgotten
        threading.Thread(target=self._rebuild, args=(key, compute, stamp, forgotten), daemon=True,
                         name=f"rebuild {key}").start()

    def _rebuild(self, key: Hashable, compute: Callable[[], T], stamp: str, forgotten: int) -> None:
        _rebuilding.active = True  # what `compute` gets from other scopes is computed here too, not deferred
        try:
            value = compute()
            with self._lock:
                if self._forgotten == forgotten:  # else a newer value may be there, or none is wanted
                    self._entries[key] = _Entry(value, time.monotonic(), os.getpid(),
                                                stamp if _keepable(stamp) else "")
        except Exception:
            logger.exception("Rebuilding %r failed: the previous value is served until the next try", key)
        finally:
            with self._lock:
                self._refreshing.discard(key)
            connections.close_all()  # this thread's own connections: it ends here

    def peek(self, key: Hashable) -> T | None:
        """The value last computed under `key` however old, without computing (None: never computed)."""
        with self._lock:
            entry = self._entries.get(key)
        return entry.value if entry is not None else None

    def forget(self) -> None:
        """Drop every value: the next `get` computes (and a rebuild under way is not kept)."""
        with self._lock:
            self._entries.clear()
            self._forgotten += 1

    def discard(self, stale: Callable[[Hashable], bool]) -> None:
        """Drop the values whose key is `stale`."""
        with self._lock:
            self._forgotten += 1
            for key in [key for key in self._entries if stale(key)]:
                del self._entries[key]


# --- generations ---------------------------------------------------------------------------------------------------

_stamp_lock = threading.Lock()
_stamp: tuple[str, float] = ("", float("-inf"))  # (stamp, when this process read it)
_used_since_bump = True  # a value may have been cached under the current stamp since this process last bumped


def generation() -> str:
    """The current data generation ("" when the shared cache cannot hold one: then nothing may be cached).

    Read from the shared cache at most every STAMP_READ_SECONDS; the first reader after the stamp is lost (a
    cache emptied or culled, a new Redis) makes a new one, which only costs misses.
    """
    global _stamp, _used_since_bump
    stamp, read_at = _stamp
    now = time.monotonic()
    if now - read_at > STAMP_READ_SECONDS:
        stamp = cache.get(STAMP_KEY)
        if stamp is None:
            # Read back rather than trusted: another process may have made one first, and a cache that keeps
            # nothing (unreachable, or Django's dummy cache) must give no stamp at all.
            cache.add(STAMP_KEY, _new_stamp(), None)
            stamp = cache.get(STAMP_KEY)
        stamp = stamp or ""
        with _stamp_lock:
            _stamp = (stamp, now)
    _used_since_bump = True
    return stamp


def _new_stamp() -> str:
    return f"{secrets.token_hex(8)}@{time.time():.0f}"  # random, and when it was made (Unix seconds)


def _keepable(stamp: str) -> bool:
    """Whether what this request reads may be kept under `stamp`: always from the primary; from a replica only
    once the stamp is older than any lag a replica in use may have."""
    if read_alias() == DEFAULT_DB_ALIAS:
        return True
    try:
        made = float(stamp.rpartition("@")[2])
    except ValueError:  # not one of ours: as old as can be
        made = 0.0
    return time.time() - made > settings.REPLICA_MAX_LAG_SECONDS + settings.REPLICA_CHECK_SECONDS


def _bump() -> None:
    global _stamp, _used_since_bump
    stamp = _new_stamp()
    cache.set(STAMP_KEY, stamp, None)
    with _stamp_lock:
        _stamp = (stamp, time.monotonic())
        _used_since_bump = False


def changed() -> None:
    """Start a new generation: now (this process sees its own change at once) and, inside a transaction, again
    when it commits (a process that read the old rows meanwhile must not keep them under the new stamp).

    Within one transaction, a further change writes no new stamp until something has read the current one, so
    a bulk edit costs one shared-cache write, not one per row.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump()
        return
    pending = any(callback is _bump for _, callback, _ in connection.run_on_commit)
    if not pending or _used_since_bump:
        _bump()
    if not pending:
        transaction.on_commit(_bump)


class PerGeneration[T]:
    """Values under `name`, held until the generation changes: the last `maxsize` in this process (0: none kept
    here, for values a caller may change), all of them in the shared cache for up to `seconds`."""

    def __init__(self, name: str, *, maxsize: int, seconds: float = GENERATION_SECONDS) -> None:
        self._name = name
        self._seconds = seconds
        self._local: LRUCache | None = LRUCache(maxsize) if maxsize else None
        self._lock = threading.Lock()
        _generational.add(self)

    def _shared_key(self, key: str, stamp: str) -> str:
        # Hashed: keys hold full paths and query text, and memcached-style limits forbid spaces and long keys.
        return f"{self._name}:" + hashlib.blake2b(f"{key}:{stamp}".encode(), digest_size=16).hexdigest()

    def _held(self, key: str, stamp: str) -> T | None:
        """The value under `key` and `stamp`, if this process or the shared cache holds it."""
        if self._local is not None:
            with self._lock:
                value = self._local.get((key, stamp))
            if value is not None:
                return value
        value = cache.get(self._shared_key(key, stamp))
        if value is not None and self._local is not None:
            with self._lock:
                self._local[(key, stamp)] = value
        return value

    def peek(self, key: str) -> T | None:
        """The value under `key` in the current generation, if this process or the shared cache holds it."""
        stamp = generation()
        return self._held(key, stamp) if stamp else None

    def get(self, key: str, compute: Callable[[], T]) -> T:
        """The value under `key` in the current generation, `compute()`d (and kept) when nobody holds it."""
        stamp = generation()
        if not stamp:
            return compute()
        value = self._held(key, stamp)
        if value is None:
            value = compute()
            if not _keepable(stamp):
                return value
            cache.set(self._shared_key(key, stamp), value, self._seconds)
            if self._local is not None:
                with self._lock:
                    self._local[(key, stamp)] = value
        return value

    def forget(self) -> None:
        """Drop this process's values (the shared cache's go with the generation)."""
        if self._local is not None:
            with self._lock:
                self._local.clear()


_MISSING = object()


class PerObject[K, T]:
    """A value derived from each live object, computed once by `compute(object)` and dropped with the object."""

    def __init__(self, compute: Callable[[K], T]) -> None:
        self._compute = compute
        self._values: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, owner: K) -> T:
        with self._lock:
            value = self._values.get(owner, _MISSING)
        if value is _MISSING:
            value = self._compute(owner)
            with self._lock:
                self._values[owner] = value
        return value


def forget_generations() -> None:
    """Drop this process's values of every generation and its view of the stamp (tests: each starts afresh)."""
    global _stamp
    for scope in list(_generational):
        scope.forget()
    with _stamp_lock:
        _stamp = ("", float("-inf"))
