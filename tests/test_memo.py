"""articles.memo: the one caching helper, its three scopes, and what it does when the shared cache holds nothing."""

import gc
import os
import threading
import time
import weakref

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from articles import memo
from articles.entities import link
from articles.entities.gazetteer import Entry, Gazetteer
from portal import replicas


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_per_process_values_are_recomputed_when_older_than_their_seconds_or_forgotten(monkeypatch):
    scope, compute = memo.PerProcess(maxsize=2, seconds=0.2), Counter()
    assert scope.get("a", compute) == scope.get("a", compute) == 1
    time.sleep(0.25)
    assert scope.get("a", compute) == 2
    scope.forget()
    assert scope.peek("a") is None
    assert scope.get("a", compute) == 3
    scope.get("b", compute), scope.get("c", compute)
    assert scope.peek("a") is None  # bounded: the least recently used went first


def test_a_forked_child_keeps_its_parents_value_when_asked_to(monkeypatch):
    kept, renewed = memo.PerProcess(maxsize=1, seconds=0), memo.PerProcess(maxsize=1, seconds=0, kept_by_forks=True)
    compute = Counter()
    kept.get("k", compute), renewed.get("k", compute)
    monkeypatch.setattr(os, "getpid", lambda: -1)  # what a forked child sees: another process id
    assert kept.get("k", compute) == 3
    assert renewed.get("k", compute) == 2


@pytest.mark.django_db
def test_per_generation_values_hold_until_a_change_anywhere():
    scope, compute = memo.PerGeneration("test-scope", maxsize=4), Counter()
    assert scope.get("k", compute) == scope.get("k", compute) == 1
    memo.changed()
    assert scope.get("k", compute) == 2
    # Another process's change: only the shared stamp moves; seen here once the stamp is read again.
    cache.set(memo.STAMP_KEY, "from-elsewhere@0", None)
    assert scope.get("k", compute) == 2
    time.sleep(memo.STAMP_READ_SECONDS + 0.05)
    assert scope.get("k", compute) == 3


@pytest.mark.django_db
def test_another_process_finds_a_value_in_the_shared_cache():
    scope, compute = memo.PerGeneration("test-shared", maxsize=4), Counter()
    scope.get("k", compute)
    scope.forget()  # this process's memory gone, as in another worker
    assert scope.get("k", compute) == 1


@pytest.mark.django_db
def test_a_bulk_change_in_one_transaction_writes_one_stamp_until_something_reads_it():
    with transaction.atomic():
        memo.changed()
        first = cache.get(memo.STAMP_KEY)
        memo.changed()
        assert cache.get(memo.STAMP_KEY) == first
        memo.generation()  # something may now be cached under it
        memo.changed()
        assert cache.get(memo.STAMP_KEY) != first


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_without_a_shared_cache_that_holds_the_stamp_nothing_is_cached():
    memo.forget_generations()
    scope, compute = memo.PerGeneration("test-none", maxsize=4), Counter()
    assert memo.generation() == ""
    assert [scope.get("k", compute) for _ in range(3)] == [1, 2, 3]
    assert scope.peek("k") is None


def test_per_object_values_go_with_their_object():
    scope = memo.PerObject(lambda owner: {"built for": id(owner)})
    owner = Gazetteer([Entry("Jens Stoltenberg", "PER", ("Stoltenberg",))])
    assert scope.get(owner) is scope.get(owner)
    gone = weakref.ref(owner)
    del owner
    gc.collect()
    assert gone() is None


def test_fuzzy_linking_keeps_no_registry_alive():
    registry = Gazetteer([Entry("Volodymyr Zelensky", "PER", ())])
    assert link._fuzzy("Volodymyr Zelenskyy", "PER", registry).name == "Volodymyr Zelensky"
    gone = weakref.ref(registry)
    del registry
    gc.collect()
    assert gone() is None


def test_what_a_replica_gave_is_kept_only_once_the_generation_is_older_than_a_replicas_lag():
    memo.forget_generations()
    scope, compute = memo.PerGeneration("test-replica", maxsize=4), Counter()
    reading = replicas._reading_from.set("replica")  # what @reads_from_replica sets for a request
    try:
        assert [scope.get("k", compute) for _ in range(2)] == [1, 2]  # a new stamp: the replica may lag it
        cache.set(memo.STAMP_KEY, "made-long-ago@0", None)
        memo.forget_generations()
        assert [scope.get("k", compute) for _ in range(2)] == [3, 3]
    finally:
        replicas._reading_from.reset(reading)


@pytest.mark.django_db
def test_a_value_kept_until_changed_is_rebuilt_only_after_a_change():
    scope, compute = memo.PerProcess(maxsize=1, seconds=0.05, until_changed=True), Counter()
    assert scope.get("k", compute) == 1
    time.sleep(memo.STAMP_READ_SECONDS + 0.05)
    assert scope.get("k", compute) == 1  # older than `seconds`, but nothing changed: kept, no rebuild
    memo.changed()
    time.sleep(0.06)
    assert scope.get("k", compute) == 2


class HeldInRebuilds(Counter):
    """Counts; a call from a rebuild thread waits until `release` is set (or raises, when `failing`)."""

    def __init__(self) -> None:
        super().__init__()
        self.release, self.failing = threading.Event(), False

    def __call__(self) -> int:
        value = super().__call__()
        if threading.current_thread().name.startswith("rebuild"):
            assert self.release.wait(10)
            if self.failing:
                raise RuntimeError("the database went away")
        return value


def _rebuilt(key: str) -> None:
    """Wait for the rebuild thread of `key` to end."""
    for thread in threading.enumerate():
        if thread.name == f"rebuild {key}":
            thread.join(10)


@pytest.fixture
def threaded(monkeypatch):
    """This process runs threads, as a gunicorn worker with several does."""
    monkeypatch.setattr(memo, "_threaded", lambda: True)


def _due_after_a_change() -> None:
    memo.changed()
    time.sleep(0.06)


@pytest.mark.django_db
def test_a_value_rebuilt_in_the_background_is_served_until_its_successor_is_ready(threaded):
    scope, compute = memo.PerProcess(maxsize=1, seconds=0.05, until_changed=True, in_background=True), HeldInRebuilds()
    assert scope.get("k", compute) == 1  # nothing to serve yet: the caller computes
    _due_after_a_change()
    started = time.monotonic()
    assert scope.get("k", compute) == 1 and scope.get("k", compute) == 1  # the old value, at once
    assert time.monotonic() - started < 1 and compute.calls == 2  # one rebuild under way, not two
    compute.release.set()
    _rebuilt("k")
    assert scope.get("k", compute) == 2 and compute.calls == 2


@pytest.mark.django_db
def test_a_failed_background_rebuild_keeps_the_old_value_and_tries_again(threaded, caplog):
    scope, compute = memo.PerProcess(maxsize=1, seconds=0.05, until_changed=True, in_background=True), HeldInRebuilds()
    scope.get("k", compute)
    compute.release.set()
    compute.failing = True
    _due_after_a_change()
    assert scope.get("k", compute) == 1
    _rebuilt("k")
    assert "Rebuilding 'k' failed" in caplog.text
    compute.failing = False
    assert scope.get("k", compute) == 1  # still due: tried again
    _rebuilt("k")
    assert scope.get("k", compute) == 3


@pytest.mark.django_db
def test_a_background_rebuild_begun_before_forget_is_not_kept(threaded):
    scope, compute = memo.PerProcess(maxsize=1, seconds=0.05, until_changed=True, in_background=True), HeldInRebuilds()
    scope.get("k", compute)
    _due_after_a_change()
    scope.get("k", compute)  # rebuild holds value 2
    scope.forget()  # as curation does: what the rebuild read may predate the edit
    assert scope.get("k", compute) == 3
    compute.release.set()
    _rebuilt("k")
    assert scope.get("k", compute) == 3


@pytest.mark.django_db
def test_a_single_threaded_process_rebuilds_in_place_and_stays_safe_to_fork(monkeypatch):
    monkeypatch.setattr(memo, "_threaded", lambda: False)  # ingest, an index writer: they fork workers
    scope, compute = memo.PerProcess(maxsize=1, seconds=0.05, until_changed=True, in_background=True), HeldInRebuilds()
    assert scope.get("k", compute) == 1
    _due_after_a_change()
    threads = threading.active_count()
    assert scope.get("k", compute) == 2 and threading.active_count() == threads


@pytest.mark.django_db
def test_entities_created_by_ingest_start_a_new_generation():
    from articles.entities.extract import entities_for

    before = memo.generation()
    entities_for([("Kabupaten Uji Coba", "location")])
    assert memo.generation() != before
