"""Article and entity pages are cached whole per index version, yet each visitor gets a CSRF token of their own."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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
    assert len(captured) == 1  # from the cache: only the article's version is read
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
