"""Streaming read replicas (`DATABASE_REPLICA_URLS`): reader pages, search and the read-only API read from one.

A view marked `@reads_from_replica` picks a healthy replica for the whole request; inside it `ReplicaRouter`
sends reads of the articles app there, and raw SQL asks `read_alias()`. Everything else stays on the primary:
writes, the admin, ingest, sessions and logins, and any read inside a transaction.

Each process looks at a replica at most every REPLICA_CHECK_SECONDS (one query on the primary, one on the
replica), never per query. A replica that does not answer, is no longer a standby, or lags the primary by more
than REPLICA_MAX_LAG_SECONDS is skipped until a later look finds it well. When one fails in the middle of a
request, the request is run again on the primary, so no error reaches the reader.
"""

import contextlib
import functools
import logging
import math
import random
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger("telusur.replicas")

# Apps whose reads may be served by a replica. Sessions, users and login failures stay on the primary: a reader
# who has just logged in must not look logged out because the replica is a moment behind.
REPLICA_APPS = {"articles"}

_reading_from: ContextVar[str | None] = ContextVar("telusur_replica", default=None)


@dataclass
class Health:
    usable: bool = False
    checked_at: float = -math.inf
    reason: str = "not checked yet"


_health: dict[str, Health] = {}
_health_lock = threading.Lock()


def lag_seconds(alias: str) -> float:
    """How far `alias` is behind the primary: 0 when it has replayed all the primary had written when asked.

    Otherwise the age of the last transaction it replayed (infinite when it has replayed none yet). Raises
    DatabaseError when either server cannot answer, ValueError when `alias` is not a standby.
    """
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (primary_lsn,) = cursor.fetchone()
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn, "
                       "extract(epoch FROM now() - pg_last_xact_replay_timestamp())", [primary_lsn])
        standby, caught_up, age = cursor.fetchone()
    if not standby:
        raise ValueError("not a standby (promoted?)")
    if caught_up:
        return 0.0
    return math.inf if age is None else max(0.0, float(age))


def _look_at(alias: str) -> tuple[bool, str]:
    try:
        lag = lag_seconds(alias)
    except (OperationalError, InterfaceError, ValueError) as error:
        with contextlib.suppress(DatabaseError):
            connections[alias].close()  # a broken connection is not reused; the next look connects afresh
        return False, f"unreachable: {error}".strip()
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        return False, f"{lag:.1f} s behind the primary (REPLICA_MAX_LAG_SECONDS={settings.REPLICA_MAX_LAG_SECONDS})"
    return True, f"{lag:.1f} s behind the primary"


def is_usable(alias: str, *, now: bool = False) -> bool:
    """Whether reads may go to `alias`, looking again when the last look is older than REPLICA_CHECK_SECONDS
    (or `now`)."""
    with _health_lock:
        health = _health.setdefault(alias, Health())
        due = now or time.monotonic() - health.checked_at >= settings.REPLICA_CHECK_SECONDS
        if due:
            health.checked_at = time.monotonic()  # the other threads go on with the last answer meanwhile
    if due:
        usable, reason = _look_at(alias)
        if usable != health.usable:
            log = logger.info if usable else logger.warning
            log("replica %s %s: %s", alias, "in use" if usable else "skipped", reason)
        health.usable, health.reason = usable, reason
    return health.usable


def choose() -> str | None:
    """A usable replica's alias (any of them, to spread the load), or None: read from the primary."""
    usable = [alias for alias in settings.DATABASE_REPLICAS if is_usable(alias)]
    return random.choice(usable) if usable else None  # noqa: S311 - load spreading, not security


def read_alias() -> str:
    """The database alias for raw-SQL reads now: this request's replica, or the primary."""
    alias = _reading_from.get()
    if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return alias


def reads_from_replica[V: Callable](view: V) -> V:
    """Serve this read-only view's reads from a usable replica, and from the primary when that replica fails."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        alias = choose()
        if alias is not None:
            token = _reading_from.set(alias)
            try:
                return view(request, *args, **kwargs)
            except (OperationalError, InterfaceError) as error:
                # Down, restarted or a query cancelled by recovery: the reader is answered by the primary.
                is_usable(alias, now=True)
                logger.warning("replica %s failed during %s (%s): answered from the primary", alias, request.path,
                               error)
            finally:
                _reading_from.reset(token)
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]  # same signature as `view`


class ReplicaRouter:
    """Reads of REPLICA_APPS inside `@reads_from_replica` go to its replica; everything else to the primary."""

    def db_for_read(self, model, **hints) -> str:
        return read_alias() if model._meta.app_label in REPLICA_APPS else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS  # replicas follow the primary's schema by replication
