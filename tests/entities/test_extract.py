"""Entities found in stored articles: linked through the registry, curated by editors."""

import json
import subprocess
import sys

import pytest

from articles.entities import registry
from articles.entities.extract import article_mentions_refresh
from articles.models import Alias, Entity, Mention
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_registry():
    registry.invalidate()
    yield
    registry.invalidate()


def _forms(slug: str) -> set[str]:
    return set(Mention.objects.filter(entity__slug=slug).values_list("text", flat=True))


def test_the_stoltenberg_page_lists_all_five_seeds(client, seeds):
    data = client.get("/api/entities/jens-stoltenberg").json()
    assert data["type"] == "person"
    assert {item["id"] for item in data["articles"]} == {article.pk for article in seeds}


def test_the_forms_of_putin_and_zelensky_resolve_to_one_entity_each(seeds):
    assert {"Putin", "Vladimir Putin"} <= _forms("vladimir-putin")
    assert {"Zelensky", "Volodymyr Zelensky", "Volodymyr Zelenskyy"} <= _forms("volodymyr-zelensky")
    assert not Entity.objects.filter(name__icontains="Zelenskyy").exists()


def test_tiongkok_and_china_are_one_place(seeds):
    assert {"Tiongkok", "China"} <= _forms("tiongkok")


def test_mention_offsets_index_the_body(seeds):
    for mention in Mention.objects.select_related("article"):
        assert mention.article.body[mention.start:mention.end] == mention.text


def test_a_hidden_entity_keeps_its_mentions_but_is_never_shown(seeds):
    from articles import selectors

    article = seeds[0]
    Entity.objects.filter(slug="g7").update(hidden=True)
    registry.invalidate()
    article_mentions_refresh(article=article)
    assert article.mentions.filter(text="G7", entity__slug="g7").exists()  # so un-hiding brings them back
    assert "G7" not in {mention.text for mention in selectors.visible_mentions(article)}


def test_a_search_hits_chips_are_its_most_mentioned_visible_entities_a_hidden_one_taking_no_place(seeds):
    from django.db.models import Count

    from articles import selectors

    ids = [article.pk for article in seeds]
    counted = {pk: list(Entity.objects.filter(mentions__article_id=pk).annotate(n=Count("mentions"))
                        .order_by("-n", "pk").values_list("slug", "n")) for pk in ids}
    top = max(ids, key=lambda pk: len(counted[pk]))
    hidden = counted[top][0][0]  # the article's most-mentioned entity
    Entity.objects.filter(slug=hidden).update(hidden=True)
    chips = selectors.hit_entities(ids, limit=3)
    visible = [(slug, n) for slug, n in counted[top] if slug != hidden]
    assert [entity.slug for entity in chips[top]] != [] and hidden not in {e.slug for e in chips[top]}
    assert len(chips[top]) == min(3, len(visible))
    counts = dict(visible)  # most-mentioned first (ties in any order): each chip outnumbers every left-out entity
    assert min(counts[e.slug] for e in chips[top]) >= max(
        [n for slug, n in visible if slug not in {e.slug for e in chips[top]}], default=0)
    every = selectors.hit_entities(ids, limit=None)
    assert {pk: {e.slug for e in found} for pk, found in every.items()} == {
        pk: {slug for slug, _ in rows if slug != hidden} for pk, rows in counted.items() if rows}


def test_a_blocked_alias_is_no_longer_recognised(seeds):
    article = seeds[3]
    china = Entity.objects.get(slug="tiongkok")
    Alias.objects.create(entity=china, name="China", blocked=True)
    registry.invalidate()
    article_mentions_refresh(article=article)
    assert not article.mentions.filter(text="China").exists()
    assert not Entity.objects.filter(name="China").exists()


def test_a_merge_sticks_when_articles_are_extracted_again(seeds):
    g7 = Entity.objects.get(slug="g7")
    nato = Entity.objects.get(slug="nato")
    Alias.objects.create(entity=nato, name="G7")
    g7.delete()
    registry.invalidate()
    article_mentions_refresh(article=seeds[0])
    assert seeds[0].mentions.filter(text="G7", entity=nato).exists()
    assert not Entity.objects.filter(slug="g7").exists()


def test_the_recognize_command_prints_one_json_object_per_line(subprocess_env):
    text = "Presiden Putin bertemu Sekjen NATO Jens Stoltenberg.\nZelenskyy tiba di Kyiv."
    result = subprocess.run([sys.executable, "manage.py", "recognize", "--lines"], input=text, text=True,
                            capture_output=True, cwd=ROOT, check=True, env=subprocess_env)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    first = {(m["text"], m["type"]) for m in lines[0]["mentions"]}
    assert {("Putin", "person"), ("NATO", "organization"), ("Jens Stoltenberg", "person")} <= first
    for line, document in zip(lines, text.splitlines(), strict=True):
        for mention in line["mentions"]:
            assert document[mention["start"]:mention["end"]] == mention["text"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"], ids=["U+2028", "U+2029", "U+0085"])
def test_the_recognize_command_splits_lines_at_line_feeds_only(subprocess_env, separator):
    text = f"Presiden Putin tiba.{separator}Ia bertemu Jens Stoltenberg.\nZelenskyy tiba di Kyiv.\n"
    env = {**subprocess_env, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "manage.py", "recognize", "--lines"], input=text.encode(),
                            capture_output=True, cwd=ROOT, check=True, env=env)
    lines = [json.loads(line) for line in result.stdout.decode().split("\n") if line]
    assert len(lines) == 2
    assert {"Putin", "Jens Stoltenberg"} <= {mention["text"] for mention in lines[0]["mentions"]}


def test_new_names_of_one_batch_that_slugify_alike_each_get_an_entity(db):
    from articles.entities.extract import entities_for

    found = entities_for([("Oso", "person"), ("OSO", "organization"), ("Oso.", "location")])
    assert set(found) == {"Oso", "OSO", "Oso."}
    assert len({entity.slug for entity in found.values()}) == 3
