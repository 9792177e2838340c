"""The reader's pages answer with real data from PostgreSQL and the index."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db


def test_home_lists_the_latest_articles_and_sources(client, seeds):
    response = client.get("/")
    assert response.status_code == 200
    for article in seeds:
        assert article.title in response.text
    for article in seeds:
        assert article.source.name in response.text


def test_search_page_finds_the_seeds(client, indexed_seeds):
    response = client.get("/search/", {"q": "Stoltenberg"})
    assert response.status_code == 200
    assert response.context["results"].count == 5


def test_search_page_refuses_bad_parameters_with_400(client, indexed_seeds):
    response = client.get("/search/", {"q": "nato", "from": "kemarin", "page": "0"})
    assert response.status_code == 400
    assert "tidak valid" in response.text


def test_article_page_shows_title_and_body(client, seeds):
    article = seeds[0]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.title in response.text
    assert "<p>" in response.text


def test_article_page_says_when_the_outlet_showed_only_a_teaser(client, seeds):
    paywalled, free = seeds[0], seeds[1]
    Article.objects.filter(pk=paywalled.pk).update(paywalled=True)
    assert "article__paywalled" in client.get(paywalled.get_absolute_url()).text
    assert "article__paywalled" not in client.get(free.get_absolute_url()).text


def test_article_page_redirects_a_wrong_slug(client, seeds):
    article = seeds[0]
    response = client.get(f"/articles/{article.pk}/salah/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_unknown_article_entity_and_source_are_404(client, db):
    assert client.get("/articles/999999/x/").status_code == 404
    assert client.get("/entities/tidak-ada/").status_code == 404
    assert client.get("/sources/tidak-ada/").status_code == 404


def test_source_page_lists_its_articles(client, seeds):
    source = seeds[0].source
    response = client.get(source.get_absolute_url())
    assert response.status_code == 200
    assert seeds[0].title in response.text


def test_the_search_page_says_when_it_shows_articles_missing_a_word(client, indexed_seeds):
    response = client.get("/search/", {"q": "Stoltenberg Swiss Biden"})
    assert "memuat semua kecuali satu" in response.text
    english = client.get("/search/", {"q": "Stoltenberg Swiss Biden"}, headers={"accept-language": "en"})
    assert "all but one" in english.text


def test_the_home_page_follows_new_articles_at_once(client, indexed_seeds, tmp_path):
    import json

    from articles.ingest.pipeline import ingest
    from articles.search.indexing import drain

    assert "Kantor Baru" not in client.get("/").text
    path = tmp_path / "baru.jsonl"
    path.write_text(json.dumps({"title": "Berita dari Kantor Baru", "source": "Kantor Baru",
                                "text": "Jens Stoltenberg berbicara di Brussel tentang NATO dan Ukraina."}))
    ingest([str(path)])
    drain(wait=True)
    assert "Kantor Baru" in client.get("/").text


def test_a_cached_article_page_follows_an_editors_change(client, indexed_seeds):
    from articles.search.indexing import drain

    article = indexed_seeds[0]
    assert article.title in client.get(article.get_absolute_url()).text
    article.title = "Judul yang diperbaiki redaksi"
    article.save()
    drain(wait=True)
    assert "Judul yang diperbaiki redaksi" in client.get(article.get_absolute_url()).text
