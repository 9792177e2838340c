"""The JSON API of the public contract."""

import pytest

from articles.models import Alias, Entity, Mention

pytestmark = pytest.mark.django_db


def test_search_api_returns_the_contract_fields(client, indexed_seeds):
    data = client.get("/api/search", {"q": "Stoltenberg"}).json()
    assert data["count"] == 5
    assert set(data) >= {"count", "results", "facets", "suggestion"}
    first = data["results"][0]
    assert set(first) >= {"id", "title", "url", "source", "published", "snippet", "score"}
    assert {facet["value"] for facet in data["facets"]["source"]} == {a.source.slug for a in indexed_seeds}


def test_search_api_filters_by_source(client, indexed_seeds):
    source = indexed_seeds[2].source.slug
    data = client.get("/api/search", {"q": "Stoltenberg", "source": source}).json()
    assert data["count"] == sum(1 for a in indexed_seeds if a.source.slug == source)
    assert {item["source"] for item in data["results"]} == {source}


def test_search_api_refuses_a_bad_date_with_400(client, db):
    response = client.get("/api/search", {"q": "x", "from": "2022-13-45"})
    assert response.status_code == 400
    assert "from" in response.json()["errors"]


def test_article_api_returns_body_and_entities_with_offsets(client, seeds):
    article = seeds[0]
    entity = Entity.objects.create(name="Jens Stoltenberg", slug="jens-stoltenberg", type="person")
    start = article.body.index("Stoltenberg")
    Mention.objects.create(article=article, entity=entity, start=start, end=start + 11, text="Stoltenberg")
    data = client.get(f"/api/articles/{article.pk}").json()
    assert data["id"] == article.pk
    assert data["body"] == article.body
    assert data["entities"] == [{"name": "Jens Stoltenberg", "type": "person", "slug": "jens-stoltenberg",
                                 "mentions": [[start, start + 11]]}]
    assert data["body"][start:start + 11] == "Stoltenberg"


def test_entity_api_lists_aliases_and_articles(client, seeds):
    entity = Entity.objects.create(name="Volodymyr Zelensky", slug="volodymyr-zelensky", type="person")
    Alias.objects.create(entity=entity, name="Zelenskyy")
    Alias.objects.create(entity=entity, name="Zelenskiy", blocked=True)
    Mention.objects.create(article=seeds[0], entity=entity, start=0, end=4, text="NATO")
    data = client.get("/api/entities/volodymyr-zelensky").json()
    assert data["aliases"] == ["Zelenskyy"]
    assert [item["id"] for item in data["articles"]] == [seeds[0].pk]


def test_api_answers_404_for_unknown_ids(client, db):
    assert client.get("/api/articles/424242").status_code == 404
    assert client.get("/api/entities/nobody").status_code == 404
