"""Article and entity pages are cached whole per data generation, served without a database round trip, and each
visitor gets a CSRF token of their own."""

import re
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles import memo
from articles.models import Entity

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _token(html: str) -> str:
    return TOKEN.search(html).group(1)


def test_a_cached_page_gives_each_visitor_a_working_token_of_their_own(indexed_seeds):
    url = indexed_seeds[0].get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(url)
    with CaptureQueriesContext(connection) as captured:
        page = second.get(url)
    assert len(captured) == 0  # from the cache, not even a query to learn that it is fresh
    assert "csrf-slot" not in page.text
    assert _token(page.text) != _token(first_page.text)
    switched = second.post("/i18n/setlang/", {"language": "en", "next": url,
                                               "csrfmiddlewaretoken": _token(page.text)})
    assert switched.status_code == 302
    assert ">Home</a>" in second.get(url).text  # the English page, not the cached Indonesian one
    assert ">Beranda</a>" in first.get(url).text


def test_a_cached_entity_page_follows_a_rename_at_once(client, indexed_seeds):
    entity = Entity.objects.get(slug="jens-stoltenberg")
    assert "Jens Stoltenberg" in client.get(entity.get_absolute_url()).text
    entity.name = "Jens Stoltenberg (NATO)"
    entity.save()
    assert "Jens Stoltenberg (NATO)" in client.get(entity.get_absolute_url()).text


def test_a_cached_article_page_follows_its_outlets_rename(client, indexed_seeds):
    article = indexed_seeds[0]
    client.get(article.get_absolute_url())
    article.source.name = "Kantor Berita Baru"
    article.source.save()
    assert "Kantor Berita Baru" in client.get(article.get_absolute_url()).text


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.text


def test_cached_article_and_entity_pages_need_no_database_and_an_edit_shows_at_once(client, indexed_seeds):
    article = indexed_seeds[0]
    entity = Entity.objects.get(slug="jens-stoltenberg")
    for url in (article.get_absolute_url(), entity.get_absolute_url()):
        first, _ = _queries(client, url)
        again, _ = _queries(client, url)
        assert first > 0 and again == 0, (url, first, again)
    article.title = "Judul yang disunting redaksi"
    article.save()
    entity.name = "Jens Stoltenberg (Sekjen)"
    entity.save()
    edited, text = _queries(client, article.get_absolute_url())
    assert edited > 0 and "Judul yang disunting redaksi" in text
    edited, text = _queries(client, entity.get_absolute_url())
    assert edited > 0 and "Jens Stoltenberg (Sekjen)" in text


def test_a_change_made_in_another_process_reaches_a_cached_page_within_the_stamp_bound(client, indexed_seeds):
    article = indexed_seeds[0]
    url = article.get_absolute_url()
    client.get(url)
    assert _queries(client, url)[0] == 0
    # What another process's edit leaves behind: a new stamp in the shared cache (this process's memory is
    # untouched), and rows this process did not write through its own models.
    type(article).objects.filter(pk=article.pk).update(title="Diubah di proses lain")
    cache.set(memo.STAMP_KEY, "another-process@0", None)
    time.sleep(memo.STAMP_READ_SECONDS + 0.05)
    queries, text = _queries(client, url)
    assert queries > 0 and "Diubah di proses lain" in text


def test_a_wrong_slug_still_redirects_once_the_page_is_cached(client, indexed_seeds):
    article = indexed_seeds[0]
    client.get(article.get_absolute_url())
    response = client.get(f"/articles/{article.pk}/judul-lama/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
