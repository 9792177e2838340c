"""Feed polling in real task-worker processes (`manage.py db_worker`) against a local site: two workers at once
ingest each item exactly once, and a worker killed mid-poll loses nothing and duplicates nothing."""

import os
import signal
import subprocess
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Feed, FeedItem, Source
from articles.tasks import poll_feeds_task
from tests.feed_site import serve_site
from tests.robustness.conftest import PYTHON, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def feed_site():
    with serve_site() as site:
        yield site


def _worker(env: dict[str, str]) -> subprocess.Popen:
    """A task worker that runs one task (waiting for it if need be), then exits."""
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--backend", "database", "--max-tasks", "1", "--no-startup-delay",
         "--no-reload", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(*workers: subprocess.Popen) -> None:
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, (out, err)
        assert "Traceback" not in err, err


def _items(site, feed: int, pages: list[int], shared: str = "") -> list[dict]:
    items = [{"title": f"Berita {n}", "link": site.page(f"/f{feed}/{n}", 10 * feed + n), "guid": f"f{feed}-{n}",
              "description": "Ringkasan."} for n in pages]
    return items + ([{"title": "Berita bersama", "link": shared, "guid": f"f{feed}-bersama"}] if shared else [])


def test_two_workers_polling_at_once_ingest_each_item_exactly_once(feed_site, subprocess_env):
    source = Source.objects.create(name="Kabar Uji", slug="kabar-uji")
    shared = feed_site.page("/bersama", 99)
    now = timezone.now()
    for number in range(6):
        url = feed_site.rss(f"/f{number}.xml", _items(feed_site, number, [1, 2, 3], shared if number < 2 else ""))
        Feed.objects.create(source=source, url=url, next_poll_at=now - timedelta(minutes=10 - number))
    # The worker that claims feed 0 (due first) waits on its first page until another worker fetches feed 1:
    # the two polls overlap for certain, not by luck of timing.
    feed_site.routes["/f0/1"].hold = feed_site.routes["/f1.xml"].requested
    ticks = [poll_feeds_task.using(backend="database").enqueue() for _ in range(2)]
    _finish(_worker(subprocess_env), _worker(subprocess_env))

    for tick in ticks:
        tick.refresh()
        assert tick.status == TaskResultStatus.SUCCESSFUL
    polled = [int(tick.return_value.split()[1]) for tick in ticks]
    assert sorted(polled)[0] >= 1 and sum(polled) == 6  # both polled, no feed twice
    assert len({tuple(tick.worker_ids) for tick in ticks}) == 2
    assert [feed_site.hits(f"/f{number}.xml") for number in range(6)] == [1] * 6
    assert {feed_site.hits(f"/f{feed}/{n}") for feed in range(6) for n in (1, 2, 3)} == {1}
    assert Article.objects.count() == 6 * 3 + 1
    assert FeedItem.objects.count() == 6 * 3 + 2
    assert FeedItem.objects.filter(guid__endswith="bersama").values("article").distinct().count() == 1
    assert not Feed.objects.filter(failures__gt=0).exists()


def test_a_worker_killed_mid_poll_loses_nothing_and_duplicates_nothing(feed_site, subprocess_env, capsys):
    source = Source.objects.create(name="Kabar Uji", slug="kabar-uji")
    feed = Feed.objects.create(source=source, url=feed_site.rss("/rss.xml", _items(feed_site, 0, [1, 2, 3, 4]),
                                                                etag='"v1"'))
    held = feed_site.routes["/f0/3"]
    held.hold = threading.Event()  # set only after the kill
    env = {**subprocess_env, "FEED_TICK_SECONDS": "1"}
    call_command("poll_feeds", "--schedule", "--backend", "database")
    worker = _worker(env)
    assert held.requested.wait(60), worker.communicate(timeout=5)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    held.hold.set()

    # PostgreSQL rolled the poll back and let go of the feed: lockable, still due, nothing half-stored.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '10s'")
        feed = Feed.objects.select_for_update().get(pk=feed.pk)
    assert feed.next_poll_at <= timezone.now() and feed.failures == 0 and feed.last_polled_at is None
    assert (Article.objects.count(), FeedItem.objects.count()) == (0, 0)
    # The killed tick had queued its successor before polling: the schedule goes on.
    waiting = DBTaskResult.objects.filter(task_path=poll_feeds_task.module_path, status=TaskResultStatus.READY)
    assert waiting.count() == 1

    _finish(_worker(env))
    assert sorted(Article.objects.values_list("url", flat=True)) == sorted(
        feed_site.url(f"/f0/{n}") for n in (1, 2, 3, 4))
    assert FeedItem.objects.filter(feed=feed).count() == 4

    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    capsys.readouterr()
    call_command("poll_feeds")
    assert capsys.readouterr().out.strip() == "polled 1 feed(s): 0 new item(s), 1 unchanged, 0 failed"
    assert Article.objects.count() == 4 and feed_site.hits("/f0/1") == 2  # killed poll, rerun; not the 304
