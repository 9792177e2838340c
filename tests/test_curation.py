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
            "aliases-TOTAL_FORMS": 0, "aliases-INITIAL_FORMS": 0,
            "old_slugs-TOTAL_FORMS": 0, "old_slugs-INITIAL_FORMS": 0}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.text[:2000]
    entity.refresh_from_db()
    assert entity.slug == "jake-sullivan-penasihat"  # the address follows the name; the old one redirects
    assert search(SearchParams(q="Penasihat", entity=entity.slug)).count == 1


def _hide(client, entity, **extra):
    return client.post(CHANGELIST, {"action": "hide", "_selected_action": [entity.pk], **extra})


def test_hiding_asks_first_and_says_what_will_happen(editor_client, seeds):
    g7 = Entity.objects.get(slug="g7")
    response = _hide(editor_client, g7)
    assert response.status_code == 200
    assert "410" in response.text and "Tampilkan lagi" in response.text and 'name="confirm"' in response.text
    g7.refresh_from_db()
    assert not g7.hidden


def test_hiding_keeps_mentions_unshown_and_unhiding_brings_them_back(
        editor_client, indexed_seeds, django_capture_on_commit_callbacks):
    from articles.entities.extract import article_mentions_refresh

    g7 = Entity.objects.get(slug="g7")
    mentions = sorted(g7.mentions.values_list("article_id", "start", "end"))
    assert mentions
    article = g7.mentions.first().article
    with django_capture_on_commit_callbacks(execute=True):
        _hide(editor_client, g7, confirm="yes")
    assert sorted(g7.mentions.values_list("article_id", "start", "end")) == mentions
    assert "g7" not in _entity_facet("NATO")
    assert "g7" not in {e["slug"] for e in editor_client.get(f"/api/articles/{article.pk}").json()["entities"]}
    assert 'data-entity="g7"' not in editor_client.get(article.get_absolute_url()).text
    gone = editor_client.get("/entities/g7/")
    assert gone.status_code == 410 and "G7" in gone.text and "menyembunyikan" in gone.text
    assert editor_client.get("/api/entities/g7").status_code == 410
    registry.invalidate()
    for seed in indexed_seeds:  # a body edit or re-clean derives mentions again: the hidden ones stay stored
        article_mentions_refresh(article=seed)
    assert sorted(g7.mentions.values_list("article_id", "start", "end")) == mentions

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(CHANGELIST, {"action": "unhide", "_selected_action": [g7.pk]})
    assert editor_client.get("/entities/g7/").status_code == 200
    assert _entity_facet("NATO")["g7"] == len({pk for pk, _, _ in mentions})
    assert "g7" in {e["slug"] for e in editor_client.get(f"/api/articles/{article.pk}").json()["entities"]}


def test_a_merged_entitys_address_redirects_to_the_target(admin_client, seeds):
    moskwa, rusia = Entity.objects.get(slug="moskwa"), Entity.objects.get(slug="rusia")
    admin_client.post(CHANGELIST, {"action": "merge", "_selected_action": [moskwa.pk, rusia.pk], "target": rusia.pk})
    response = admin_client.get("/entities/moskwa/")
    assert (response.status_code, response["Location"]) == (302, "/entities/rusia/")
    assert admin_client.get("/api/entities/moskwa")["Location"] == "/api/entities/rusia"
    assert admin_client.get("/entities/tidak-pernah-ada/").status_code == 404


def _rename(client, entity, name):
    url = reverse("admin:articles_entity_change", args=[entity.pk])
    data = {"name": name, "slug": entity.slug, "type": entity.type,
            "aliases-TOTAL_FORMS": 0, "aliases-INITIAL_FORMS": 0,
            "old_slugs-TOTAL_FORMS": 0, "old_slugs-INITIAL_FORMS": 0}
    response = client.post(url, data)
    assert response.status_code == 302, response.text[:2000]


def test_a_renamed_entity_keeps_its_old_name_and_address_and_ingest_finds_it(editor_client, seeds, tmp_path):
    from articles.ingest.pipeline import ingest

    forum = Entity.objects.get(slug="forum-kebijakan-luar-negeri-berlin")
    _rename(editor_client, forum, "Berlin Foreign Policy Forum")
    registry.invalidate()
    forum.refresh_from_db()
    assert (forum.name, forum.slug) == ("Berlin Foreign Policy Forum", "berlin-foreign-policy-forum")
    assert forum.aliases.filter(name="Forum Kebijakan Luar Negeri Berlin", blocked=False).exists()
    response = editor_client.get("/entities/forum-kebijakan-luar-negeri-berlin/")
    assert (response.status_code, response["Location"]) == (302, "/entities/berlin-foreign-policy-forum/")

    path = tmp_path / "baru.txt"
    path.write_text("Stoltenberg Bicara di Berlin\n\nStoltenberg berbicara di Forum Kebijakan Luar Negeri Berlin. "
                    "Berlin Foreign Policy Forum menerbitkan pidato itu pada hari Minggu.", encoding="utf-8")
    assert ingest([str(path)]).run.failed == 0
    assert list(Entity.objects.filter(name__in=["Forum Kebijakan Luar Negeri Berlin",
                                                "Berlin Foreign Policy Forum"])) == [forum]
    texts = sorted(forum.mentions.filter(article__title__startswith="Stoltenberg Bicara")
                   .values_list("text", flat=True))
    assert texts == ["Berlin Foreign Policy Forum", "Forum Kebijakan Luar Negeri Berlin"]

    _rename(editor_client, forum, "Forum Kebijakan Luar Negeri Berlin")  # and back: the first address is current
    forum.refresh_from_db()
    assert forum.slug == "forum-kebijakan-luar-negeri-berlin"
    assert editor_client.get("/entities/forum-kebijakan-luar-negeri-berlin/").status_code == 200
    assert editor_client.get("/entities/berlin-foreign-policy-forum/")["Location"] == (
        "/entities/forum-kebijakan-luar-negeri-berlin/")


def test_a_new_name_whose_slug_is_taken_gets_its_own_entity(db):
    from articles.entities.extract import entities_for

    Entity.objects.create(name="A.S.", slug="as", type="location")
    found = entities_for([("AS", "organization")])
    assert (found["AS"].name, found["AS"].slug) == ("AS", "as-2")
