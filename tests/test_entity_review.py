"""The entity review queue: new entities first, a reviewed state, and a change page that is enough to decide."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.entities.review import alias_conflict, entity_mentions_in_context, entity_spellings
from articles.models import Alias, Entity

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:articles_entity_changelist")


def test_the_queue_lists_unreviewed_entities_newest_first(editor_client, seeds):
    old = Entity.objects.get(slug="jens-stoltenberg")
    Entity.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    Entity.objects.filter(slug="g7").update(reviewed=True)
    listed = list(editor_client.get(QUEUE).context["cl"].result_list)
    assert listed and all(not entity.reviewed for entity in listed)
    assert [e.created_at for e in listed] == sorted((e.created_at for e in listed), reverse=True)
    assert listed[-1] == old
    assert "g7" not in {e.slug for e in listed}
    reviewed = editor_client.get(QUEUE, {"diperiksa": "sudah"}).context["cl"].result_list
    assert [e.slug for e in reviewed] == ["g7"]
    everything = editor_client.get(QUEUE, {"diperiksa": "semua"}).context["cl"].result_count
    assert everything == Entity.objects.count()


def test_the_bulk_action_marks_entities_reviewed_and_they_leave_the_queue(editor_client, seeds):
    chosen = list(Entity.objects.order_by("pk").values_list("pk", flat=True)[:3])
    response = editor_client.post(QUEUE, {"action": "mark_reviewed", "_selected_action": chosen}, follow=True)
    assert "3 entitas ditandai sudah diperiksa." in response.text
    assert Entity.objects.filter(pk__in=chosen, reviewed=True).count() == 3
    assert not set(chosen) & {e.pk for e in editor_client.get(QUEUE).context["cl"].result_list}
    # From the list of reviewed ones: an action applies to what the filtered list shows.
    editor_client.post(QUEUE + "?diperiksa=sudah", {"action": "mark_unreviewed", "_selected_action": chosen[:1]})
    assert not Entity.objects.get(pk=chosen[0]).reviewed


def test_the_change_page_shows_mentions_in_context_spellings_and_articles(editor_client, seeds):
    entity = Entity.objects.get(slug="jens-stoltenberg")
    in_context = entity_mentions_in_context(entity=entity)
    articles = {m.article_id for m in entity.mentions.all()}
    assert len(in_context) == len(articles)
    for item in in_context:
        assert item.text in {m.text for m in entity.mentions.all()}
        assert 0 < len(item.before.split()) <= 7 or item.before == ""
        assert f"{item.before.removeprefix('… ')} {item.text}".strip() in " ".join(item.article.body.split())
    spellings = entity_spellings(entity=entity)
    assert sum(count for _text, count in spellings) == entity.mentions.count()

    page = editor_client.get(reverse("admin:articles_entity_change", args=[entity.pk])).text
    for item in in_context:
        assert item.article.get_absolute_url() in page
    for text, count in spellings:
        assert f"{text} ({count})" in page
    assert f'{entity.get_absolute_url()}">{len(articles)}</a>' in page


def test_an_alias_that_is_another_entitys_name_or_alias_is_refused_with_a_link(editor_client, seeds):
    nato = Entity.objects.get(slug="nato")
    g7 = Entity.objects.get(slug="g7")
    Alias.objects.create(entity=g7, name="Kelompok Tujuh")
    assert alias_conflict(name="g7", entity=nato) == g7
    assert alias_conflict(name="kelompok tujuh", entity=nato) == g7
    assert alias_conflict(name="Kelompok Tujuh", entity=g7) is None
    assert alias_conflict(name="Pakta Atlantik", entity=nato) is None

    response = editor_client.post(reverse("admin:articles_alias_add"), {"entity": nato.pk, "name": "G7"})
    assert response.status_code == 200
    link = reverse("admin:articles_entity_change", args=[g7.pk])
    assert f'<a href="{link}">G7</a>' in response.text
    assert not nato.aliases.filter(name="G7").exists()
    # A blocked form names nothing, so it may repeat another entity's name.
    editor_client.post(reverse("admin:articles_alias_add"), {"entity": nato.pk, "name": "G7", "blocked": "on"})
    assert nato.aliases.filter(name="G7", blocked=True).exists()


def test_the_entity_forms_alias_inline_refuses_a_taken_name(editor_client, seeds):
    from tests.robustness.admin_editor import form_data

    nato = Entity.objects.get(slug="nato")
    url = reverse("admin:articles_entity_change", args=[nato.pk])
    data = form_data(editor_client.get(url).text, "entity_form")
    data["aliases-0-name"] = ["Jens Stoltenberg"]
    response = editor_client.post(url, data)
    assert response.status_code == 200
    owner = Entity.objects.get(slug="jens-stoltenberg")
    assert reverse("admin:articles_entity_change", args=[owner.pk]) in response.text
    assert not nato.aliases.filter(name="Jens Stoltenberg").exists()
