"""Atom feeds of searches and entities: valid Atom with each entry's outlet and offset, cached per index version,
answering bad parameters and hidden entities as their pages do."""

import re

import feedparser
import pytest

from articles.models import Article, Entity
from articles.search.indexing import index_articles

pytestmark = pytest.mark.django_db

ATOM = "application/atom+xml; charset=utf-8"


def _feed(response) -> feedparser.FeedParserDict:
    assert response.status_code == 200
    assert response["Content-Type"] == ATOM
    parsed = feedparser.parse(response.content, sanitize_html=False)  # keep the <mark> of matched words
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_a_search_feed_is_atom_with_each_matchs_title_link_outlet_time_and_snippet(client, indexed_seeds):
    parsed = _feed(client.get("/search/feed/", {"q": "Stoltenberg"}))
    assert parsed.feed.title == "Pencarian “Stoltenberg” · Telusur"
    assert parsed.feed.language == "id"
    assert len(parsed.entries) == 5
    by_link = {f"http://testserver{article.get_absolute_url()}": article for article in indexed_seeds}
    for entry in parsed.entries:
        article = by_link[entry.link]
        assert entry.title == article.title
        assert entry.id == f"tag:testserver,2026:article:{article.pk}"
        assert entry.source.title == article.source.name
        assert entry.source.link == f"http://testserver{article.source.get_absolute_url()}"
        assert "<mark>Stoltenberg</mark>" in entry.summary
        assert entry.updated  # Atom requires it of every entry
        if article.published:
            # The instant in the offset the outlet printed, and how much of it the outlet gave.
            assert entry.published == article.published_local().isoformat()
            assert entry.published.endswith("+07:00")
            assert entry["telusur_published-precision"] == article.published_precision
        else:
            assert "published" not in entry
    dated = [entry.published_parsed for entry in parsed.entries if "published" in entry]
    assert dated == sorted(dated, reverse=True)


def test_a_feed_shows_a_wita_article_in_wita(client, indexed_seeds):
    article = indexed_seeds[2]
    Article.objects.filter(pk=article.pk).update(published_offset=480)
    index_articles([article.pk])
    entries = _feed(client.get("/search/feed/", {"q": "Stoltenberg"})).entries
    entry = next(entry for entry in entries if entry.link.endswith(article.get_absolute_url()))
    assert entry.published == "2022-03-24T06:56:00+08:00"


def test_a_search_feed_keeps_every_search_parameter(client, indexed_seeds):
    source = indexed_seeds[2].source
    response = client.get("/search/feed/", {"q": "Stoltenberg", "source": source.slug, "page": "3"})
    parsed = _feed(response)
    assert [entry.title for entry in parsed.entries] == [indexed_seeds[2].title]
    self_link = next(link.href for link in parsed.feed.links if link.rel == "self")
    assert self_link == f"http://testserver/search/feed/?q=Stoltenberg&source={source.slug}"


def test_a_search_feed_refuses_bad_parameters_with_400_like_the_page(client, indexed_seeds):
    response = client.get("/search/feed/", {"q": "nato", "from": "kemarin"})
    assert response.status_code == 400
    assert "tidak valid" in response.text


def test_a_search_feed_follows_the_language(client, indexed_seeds):
    parsed = _feed(client.get("/search/feed/", {"q": "Stoltenberg"}, headers={"accept-language": "en"}))
    assert parsed.feed.language == "en"
    assert parsed.feed.title == "Search “Stoltenberg” · Telusur"


def test_an_entity_feed_lists_the_articles_that_mention_it_with_their_leads(client, indexed_seeds):
    parsed = _feed(client.get("/entities/jens-stoltenberg/feed/"))
    assert parsed.feed.title == "Jens Stoltenberg · Telusur"
    assert len(parsed.entries) == 5
    for entry in parsed.entries:
        article = next(a for a in indexed_seeds if entry.link.endswith(a.get_absolute_url()))
        assert entry.summary.removesuffix("…")[:40] == " ".join(article.body.split())[:40]
        assert entry.source.title == article.source.name


def test_an_entity_feed_answers_like_its_page_when_hidden_renamed_or_unknown(client, indexed_seeds):
    entity = Entity.objects.get(slug="jens-stoltenberg")
    entity.slug = "stoltenberg"
    entity.save()
    from articles.models import EntitySlug

    EntitySlug.objects.create(slug="jens-stoltenberg", entity=entity)
    moved = client.get("/entities/jens-stoltenberg/feed/")
    assert moved.status_code == 302
    assert moved["Location"] == "/entities/stoltenberg/feed/"
    Entity.objects.filter(pk=entity.pk).update(hidden=True)
    gone = client.get("/entities/stoltenberg/feed/")
    assert gone.status_code == 410
    assert "no-cache" in gone["Cache-Control"]
    assert client.get("/entities/tidak-ada/feed/").status_code == 404


def test_feeds_are_cached_until_the_index_changes(client, indexed_seeds):
    article = indexed_seeds[2]
    assert article.title in client.get("/search/feed/", {"q": "Stoltenberg"}).text
    assert article.title in client.get("/entities/jens-stoltenberg/feed/").text
    Article.objects.filter(pk=article.pk).update(title="Judul Baru Sekali")
    # Unchanged index, unchanged feeds: served from the cache.
    assert "Judul Baru Sekali" not in client.get("/search/feed/", {"q": "Stoltenberg"}).text
    assert "Judul Baru Sekali" not in client.get("/entities/jens-stoltenberg/feed/").text
    index_articles([article.pk])
    assert "Judul Baru Sekali" in client.get("/search/feed/", {"q": "Stoltenberg"}).text
    assert "Judul Baru Sekali" in client.get("/entities/jens-stoltenberg/feed/").text


def test_the_search_and_entity_pages_link_their_feeds(client, indexed_seeds):
    page = client.get("/search/", {"q": "Stoltenberg", "sort": "newest", "page": "1"}).text
    alternate = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', page)
    assert alternate.group(1) == "/search/feed/?q=Stoltenberg"
    assert 'href="/search/feed/?q=Stoltenberg" type="application/atom+xml">Ikuti (RSS)</a>' in page
    entity_page = client.get("/entities/jens-stoltenberg/").text
    assert 'type="application/atom+xml"' in entity_page
    assert 'href="/entities/jens-stoltenberg/feed/" type="application/atom+xml">Ikuti (RSS)</a>' in entity_page
