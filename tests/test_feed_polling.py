"""Feed polling end to end against a local site: conditional GET, Retry-After, robots.txt, back-off, each item once,
health in the admin, and the schedule the task workers run."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.feed_health import feed_is_silent, feed_items_per_day, feeds_silent, feeds_with_health
from articles.ingest.polling import ROBOTS_DISALLOWED, feeds_poll_due
from articles.models import Article, Feed, FeedItem, FeedKind, Source
from articles.tasks import feeds_schedule, poll_feeds_task
from tests.feed_site import TOPICS, Route, serve_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_site():
    with serve_site() as site:
        yield site


def _source() -> Source:
    return Source.objects.get_or_create(slug="kabar-uji", defaults={"name": "Kabar Uji"})[0]


def _feed(url: str, **fields) -> Feed:
    return Feed.objects.create(source=_source(), url=url, **fields)


def _due(*feeds: Feed) -> None:
    Feed.objects.filter(pk__in=[feed.pk for feed in feeds]).update(next_poll_at=timezone.now())


def _summary_items(site, numbers, prefix="/berita") -> list[dict]:
    """Feed items with a teaser only, each pointing at an article page the site serves."""
    return [{"title": f"Berita {n}", "link": site.page(f"{prefix}/{n}", n), "guid": f"berita-{n}",
             "description": f"Ringkasan berita {n}.", "published": timezone.now() - timedelta(days=10 - n)}
            for n in numbers]


def _full_text(n: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    return (f"<p>Jakarta — Berita lengkap nomor {n} tentang {topic}. Pemerintah menyampaikan rencana baru soal "
            f"{topic} pada rapat hari ini.</p><p>Warga menanggapi rencana {topic} itu dengan beragam pendapat, "
            f"kata laporan nomor {n}.</p>")


def test_a_feed_with_the_whole_article_is_ingested_without_fetching_pages(feed_site):
    items = [{"title": f"Berita {n}", "link": feed_site.url(f"/lengkap/{n}"), "guid": f"g{n}",
              "content": _full_text(n)} for n in range(3)]
    feed = _feed(feed_site.rss("/rss.xml", items))
    summary = feeds_poll_due()
    assert summary.line() == "polled 1 feed(s): 3 new item(s), 0 unchanged, 0 failed"
    assert [feed_site.hits(f"/lengkap/{n}") for n in range(3)] == [0, 0, 0]
    assert set(Article.objects.values_list("source__slug", flat=True)) == {"kabar-uji"}
    assert FeedItem.objects.filter(feed=feed, article__isnull=False).count() == 3


def test_an_entry_with_only_a_summary_brings_in_its_page(feed_site):
    feed = _feed(feed_site.rss("/rss.xml", _summary_items(feed_site, [1, 2])))
    feeds_poll_due()
    assert [feed_site.hits(f"/berita/{n}") for n in (1, 2)] == [1, 1]
    article = Article.objects.get(url=feed_site.url("/berita/1"))
    assert "rapat nomor 1" in article.body and "Ringkasan" not in article.body
    assert article.author == "Rina Wulandari"
    feed.refresh_from_db()
    assert feed.failures == 0 and feed.last_success_at is not None
    assert feed.next_poll_at > timezone.now() + timedelta(minutes=29)


def test_the_next_poll_is_conditional_and_a_304_changes_nothing(feed_site):
    feed = _feed(feed_site.rss("/rss.xml", _summary_items(feed_site, [1, 2]), etag='"v1"'))
    feeds_poll_due()
    feed.refresh_from_db()
    assert feed.etag == '"v1"'
    _due(feed)
    summary = feeds_poll_due()
    assert feed_site.headers_of_last("/rss.xml")["if-none-match"] == '"v1"'
    assert summary.outcomes[0].unchanged and summary.outcomes[0].new == 0
    assert [feed_site.hits(f"/berita/{n}") for n in (1, 2)] == [1, 1]
    assert Article.objects.count() == 2


def test_a_seen_item_is_never_fetched_again(feed_site):
    feed = _feed(feed_site.rss("/rss.xml", _summary_items(feed_site, [1, 2]), etag='"v1"'))
    feeds_poll_due()
    feed_site.rss("/rss.xml", _summary_items(feed_site, [1, 2, 3]), etag='"v2"')
    _due(feed)
    assert feeds_poll_due().outcomes[0].new == 1
    assert [feed_site.hits(f"/berita/{n}") for n in (1, 2, 3)] == [1, 1, 1]
    assert Article.objects.count() == 3 and FeedItem.objects.filter(feed=feed).count() == 3


def test_an_item_known_by_url_canonical_url_or_content_is_not_ingested_twice(feed_site):
    first = _feed(feed_site.rss("/rss.xml", _summary_items(feed_site, [1, 2])))
    feeds_poll_due()
    # Another feed of the outlet lists the same story under a tracking URL, an AMP page naming the original as
    # canonical, and the same full text under a new GUID.
    amp = feed_site.page("/amp/2", 2, canonical=feed_site.url("/berita/2"))
    second = _feed(feed_site.rss("/terpopuler.xml", [
        {"title": "Berita 1", "link": feed_site.url("/berita/1?utm_source=rss#atas"), "guid": "x1"},
        {"title": "Berita 2", "link": amp, "guid": "x2"},
    ]))
    summary = feeds_poll_due()
    assert summary.outcomes[0].feed == second and summary.outcomes[0].new == 0
    assert summary.outcomes[0].known == 2
    assert feed_site.hits("/berita/1") == 1  # the tracking URL is the known URL: not fetched
    assert Article.objects.count() == 2
    assert feed_site.hits("/amp/2") == 1  # fetched to learn its canonical URL, then not ingested
    firsts = dict(FeedItem.objects.filter(feed=first).values_list("guid", "article"))
    seconds = dict(FeedItem.objects.filter(feed=second).values_list("guid", "article"))
    assert seconds == {"x1": firsts["berita-1"], "x2": firsts["berita-2"]}


def test_retry_after_is_respected(feed_site):
    feed_site.routes["/rss.xml"] = Route(status=503, body=b"sibuk", headers={"Retry-After": "7200"})
    feed = _feed(feed_site.url("/rss.xml"))
    feeds_poll_due()
    feed.refresh_from_db()
    assert feed.next_poll_at >= timezone.now() + timedelta(seconds=7190)
    assert feed.failures == 1
    assert feed.last_error == "HTTP 503 Service Unavailable (Retry-After: 7200)"
    assert feeds_poll_due().outcomes == []  # not due again before the server said


@override_settings(FEED_MAX_BACKOFF_HOURS=8)
def test_a_failing_feed_backs_off_exponentially_up_to_the_cap_and_recovers(feed_site):
    feed_site.routes["/rss.xml"] = Route(status=500, body=b"rusak")
    feed = _feed(feed_site.url("/rss.xml"), interval_minutes=30)
    delays = []
    for _ in range(6):
        _due(feed)
        before = timezone.now()
        feeds_poll_due()
        feed.refresh_from_db()
        delays.append(round((feed.next_poll_at - before).total_seconds() / 60))
    assert delays == [60, 120, 240, 480, 480, 480]
    assert feed.failures == 6 and feed.last_error.startswith("HTTP 500")
    feed_site.rss("/rss.xml", _summary_items(feed_site, [1]))
    _due(feed)
    feeds_poll_due()
    feed.refresh_from_db()
    assert (feed.failures, feed.backoff_seconds) == (0, 0)
    assert feed.last_success_at > feed.last_error_at


def test_robots_txt_is_obeyed_for_feeds_and_pages(feed_site):
    feed_site.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /tertutup/\n",
                                            content_type="text/plain")
    closed = _feed(feed_site.rss("/tertutup/rss.xml", _summary_items(feed_site, [1])))
    open_items = [*_summary_items(feed_site, [2]), {
        "title": "Berita rahasia", "link": feed_site.page("/tertutup/3", 3), "guid": "rahasia",
        "description": "Ringkasan berita tiga yang halamannya tertutup bagi mesin."}]
    open_feed = _feed(feed_site.rss("/rss.xml", open_items))
    feeds_poll_due()
    closed.refresh_from_db()
    assert feed_site.hits("/tertutup/rss.xml") == 0 and feed_site.hits("/tertutup/3") == 0
    assert closed.last_error == ROBOTS_DISALLOWED.format(url=closed.url) and closed.failures == 1
    assert feed_site.hits("/robots.txt") == 1  # once per run and host
    # The disallowed page is not fetched; the summary the feed syndicated stands in.
    assert Article.objects.get(url=feed_site.url("/tertutup/3")).body.startswith("Ringkasan berita tiga")
    assert FeedItem.objects.filter(feed=open_feed).count() == 2


def test_a_sitemap_is_polled_like_a_feed(feed_site):
    urls = [feed_site.page(f"/berita/{n}", n) for n in (1, 2)]
    xml = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
           + "".join(f"<url><loc>{url}</loc><news:news><news:publication_date>2026-11-2{n}T08:00:00+07:00"
                     "</news:publication_date></news:news></url>" for n, url in enumerate(urls))
           + "</urlset>")
    feed_site.routes["/sitemap.xml"] = Route(body=xml.encode(), content_type="application/xml")
    index = ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>'
             f'{feed_site.url("/sitemap.xml")}</loc></sitemap></sitemapindex>')
    feed_site.routes["/sitemap-index.xml"] = Route(body=index.encode(), content_type="application/xml")
    feed = _feed(feed_site.url("/sitemap-index.xml"), kind=FeedKind.SITEMAP)
    assert feeds_poll_due().outcomes[0].new == 2
    assert set(FeedItem.objects.filter(feed=feed).values_list("url", flat=True)) == set(urls)
    assert Article.objects.count() == 2


def test_an_item_whose_page_fails_is_tried_again_on_the_next_poll(feed_site):
    feed = _feed(feed_site.rss("/rss.xml", _summary_items(feed_site, [1, 2]), etag='"v1"'))
    feed_site.routes["/berita/2"] = Route(status=500, body=b"rusak")
    outcome = feeds_poll_due().outcomes[0]
    assert outcome.new == 1 and outcome.errors and not outcome.error
    feed.refresh_from_db()
    assert feed.etag == ""  # a 304 next time would hide the item left to do
    feed_site.page("/berita/2", 2)
    _due(feed)
    assert feeds_poll_due().outcomes[0].new == 1
    assert Article.objects.count() == 2


def test_feed_health_counts_items_and_flags_a_silent_feed(feed_site):
    feed_site.page("/berita/2", 2, author="", dated=False)
    items = [*_summary_items(feed_site, [1, 3]),
             {"title": "Berita 2", "link": feed_site.url("/berita/2"), "guid": "berita-2", "description": "x",
              "published": timezone.now() - timedelta(days=8)}]
    feed = _feed(feed_site.rss("/rss.xml", items))
    feeds_poll_due()
    feed = feeds_with_health(Feed.objects.filter(pk=feed.pk), now=timezone.now()).get()
    assert (feed.n_week, feed.n_articles, feed.n_undated, feed.n_no_author) == (3, 3, 1, 1)
    assert feed_items_per_day(feed)[-1][1] == 3 and len(feed_items_per_day(feed)) == 7
    # Items came a day apart: three days and a minute after the newest the feed is silent, a day after it is not.
    assert feed.usual_gap == timedelta(days=1)
    assert feed_is_silent(feed, now=feed.last_item_at + timedelta(days=3, minutes=1))
    assert not feed_is_silent(feed, now=feed.last_item_at + timedelta(days=1))
    assert list(feeds_silent(Feed.objects.all(), now=timezone.now())) == [feed]


def test_editors_see_feed_health_and_edit_feeds_of_a_source(feed_site, editor_client):
    feed = _feed(feed_site.rss("/rss.xml", _summary_items(feed_site, [1])))
    feed_site.routes["/rusak.xml"] = Route(status=500, body=b"rusak")
    _feed(feed_site.url("/rusak.xml"))
    feeds_poll_due()
    page = editor_client.get("/admin/articles/feed/").content.decode()
    assert feed.url in page and "HTTP 500 Internal Server Error" in page
    page = editor_client.get(f"/admin/articles/source/{feed.source_id}/change/").content.decode()
    assert feed.url in page and "feeds-TOTAL_FORMS" in page
    assert feed_site.url("/berita/1") not in page  # items are not listed on the source page
    page = editor_client.get(f"/admin/articles/feed/{feed.pk}/change/").content.decode()
    assert "<b>1</b></td></tr>" in page  # today's column of the week's items per day
    assert editor_client.get("/admin/articles/feeditem/").status_code == 403  # the seen items are for admins
    response = editor_client.post("/admin/articles/feed/", {"action": "poll_now", "_selected_action": [feed.pk]})
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.next_poll_at <= timezone.now()


def test_the_schedule_is_queued_once_and_refused_without_a_deferring_backend():
    with pytest.raises(ValueError, match="TASKS_BACKEND=database"):
        feeds_schedule(backend="default")
    assert feeds_schedule(backend="database", delay=timedelta(0))
    assert not feeds_schedule(backend="database")
    ticks = DBTaskResult.objects.filter(task_path=poll_feeds_task.module_path)
    assert ticks.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_database_worker_runs_a_tick_that_polls_and_queues_the_next(feed_site):
    _feed(feed_site.rss("/rss.xml", _summary_items(feed_site, [1, 2])))
    call_command("poll_feeds", "--schedule", "--backend", "database")
    call_command("db_worker", "--backend", "database", "--batch", "--no-startup-delay")
    assert Article.objects.count() == 2
    done, waiting = (DBTaskResult.objects.filter(task_path=poll_feeds_task.module_path, status=status)
                     for status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.READY))
    assert [result.return_value for result in done] == ["polled 1 feed(s): 2 new item(s), 0 unchanged, 0 failed"]
    assert waiting.count() == 1 and waiting.get().run_after > timezone.now()


def test_an_editor_adds_a_feed_on_the_source_page_and_it_is_due_at_once(editor_client):
    source = _source()
    response = editor_client.post(f"/admin/articles/source/{source.pk}/change/", {
        "name": source.name, "slug": source.slug, "domain": "", "boilerplate_rules": "",
        "feeds-TOTAL_FORMS": "1", "feeds-INITIAL_FORMS": "0",
        "feeds-0-url": "https://kabar.example/rss", "feeds-0-kind": "feed", "feeds-0-interval_minutes": "15",
        "feeds-0-active": "on",
    })
    assert response.status_code == 302
    feed = source.feeds.get()
    assert (feed.url, feed.interval_minutes) == ("https://kabar.example/rss", 15)
    assert Feed.objects.filter(pk=feed.pk, next_poll_at__lte=timezone.now()).exists()
