"""Editors curate entities in the admin; mentions, pages and the search index follow at once."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from articles.entities import registry
from articles.models import Alias, Entity, Mention
from articles.search.service import SearchParams, search

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_entity_changelist")


@pytest.fixture(autouse=True)
def fresh_registry():
    registry.invalidate()
    yield
    registry.invalidate()


def _entity_facet(q: str) -> dict[str, int]:
    return dict(search(SearchParams(q=q)).facets["entity"])


def test_merging_moves_mentions_keeps_names_as_aliases_and_reindexes(
        admin_client, indexed_seeds, django_capture_on_commit_callbacks):
    moskwa, rusia = Entity.objects.get(slug="moskwa"), Entity.objects.get(slug="rusia")
    moskwa_mentions = moskwa.mentions.count()
    rusia_mentions = rusia.mentions.count()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(CHANGELIST, {"action": "merge", "_selected_action": [moskwa.pk, rusia.pk],
                                       "target": rusia.pk})
    assert not Entity.objects.filter(slug="moskwa").exists()
    assert rusia.mentions.count() == moskwa_mentions + rusia_mentions
    assert Alias.objects.filter(entity=rusia, name="Moskwa").exists()
    assert "moskwa" not in _entity_facet("Moskow")
    assert LogEntry.objects.filter(object_id=str(rusia.pk), change_message__contains="Moskwa").exists()


def test_the_merge_page_asks_for_the_target_first(admin_client, seeds):
    ids = list(Entity.objects.filter(slug__in=["moskwa", "rusia"]).values_list("pk", flat=True))
    response = admin_client.post(CHANGELIST, {"action": "merge", "_selected_action": ids})
    assert response.status_code == 200
    assert 'name="target"' in response.text
    assert Entity.objects.filter(slug="moskwa").exists()


def test_hiding_removes_mentions_and_it_is_never_recognised_again(
        admin_client, indexed_seeds, django_capture_on_commit_callbacks):
    from articles.entities.extract import article_mentions_refresh

    g7 = Entity.objects.get(slug="g7")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(CHANGELIST, {"action": "hide", "_selected_action": [g7.pk]})
    assert not Mention.objects.filter(entity=g7).exists()
    assert "g7" not in _entity_facet("NATO")
    registry.invalidate()
    for article in indexed_seeds:
        article_mentions_refresh(article=article)
    assert not Mention.objects.filter(text="G7").exists()
    assert admin_client.get("/entities/g7/").status_code == 404


def test_splitting_an_alias_makes_its_own_entity(admin_client, seeds, django_capture_on_commit_callbacks):
    usa = Entity.objects.get(slug="amerika-serikat")
    alias = Alias.objects.create(entity=usa, name="Amerika")
    written_amerika = Mention.objects.filter(entity=usa, text="Amerika").count()
    assert written_amerika
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:articles_alias_changelist"),
                          {"action": "split", "_selected_action": [alias.pk]})
    amerika = Entity.objects.get(slug="amerika")
    assert (amerika.type, amerika.mentions.count()) == ("location", written_amerika)
    assert not Mention.objects.filter(entity=usa, text="Amerika").exists()


def test_renaming_reaches_the_search_index(admin_client, indexed_seeds, django_capture_on_commit_callbacks):
    entity = Entity.objects.get(slug="jake-sullivan")
    url = reverse("admin:articles_entity_change", args=[entity.pk])
    data = {"name": "Jake Sullivan (Penasihat)", "slug": entity.slug, "type": "person",
            "aliases-TOTAL_FORMS": 0, "aliases-INITIAL_FORMS": 0}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.text[:2000]
    assert search(SearchParams(q="Penasihat", entity="jake-sullivan")).count == 1
