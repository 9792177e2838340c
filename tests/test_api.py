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
    article = seeds[2]
    data = client.get(f"/api/articles/{article.pk}").json()
    assert (data["id"], data["title"], data["body"], data["author"]) == (
        article.pk, article.title, article.body, "Susi Susanti")
    entities = {entity["slug"]: entity for entity in data["entities"]}
    stoltenberg = entities["jens-stoltenberg"]
    assert stoltenberg["type"] == "person"
    assert {data["body"][start:end] for start, end in stoltenberg["mentions"]} == {"Jens Stoltenberg", "Stoltenberg"}
    assert {item["id"] for item in data["related"]} <= {a.pk for a in seeds} - {article.pk}
    assert data["related"]


def test_article_api_names_the_outlet_agency_and_paywall(client, seeds):
    article = seeds[1]
    data = client.get(f"/api/articles/{article.pk}").json()
    assert (data["source"], data["outlet"], data["agency"], data["paywalled"]) == (
        "bali-post", "Bali Post", "Antara", False)


def test_entity_api_lists_unblocked_aliases_and_articles(client, seeds):
    entity = Entity.objects.get(slug="volodymyr-zelensky")
    Alias.objects.create(entity=entity, name="Zelenskyy")
    Alias.objects.create(entity=entity, name="Zelenskiy", blocked=True)
    data = client.get("/api/entities/volodymyr-zelensky").json()
    assert data["aliases"] == ["Zelenskyy"]
    expected = set(Mention.objects.filter(entity=entity).values_list("article_id", flat=True))
    assert {item["id"] for item in data["articles"]} == expected
    assert len(expected) >= 3


def test_api_answers_404_for_unknown_ids(client, db):
    assert client.get("/api/articles/424242").status_code == 404
    assert client.get("/api/entities/nobody").status_code == 404
