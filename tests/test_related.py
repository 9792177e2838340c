"""Related coverage: shared entities weighted by rarity plus text similarity, with the reason shown."""

import math
from datetime import UTC, datetime, timedelta

import pytest

from articles.models import Article, StoryCluster
from articles.related import article_related, event_closeness

pytestmark = pytest.mark.django_db


def test_related_articles_share_entities_and_say_which(indexed_seeds):
    article = Article.objects.get(source__slug="okezone")
    related = article_related(article=article)
    assert related and article not in [item.article for item in related]
    scores = [item.score for item in related]
    assert scores == sorted(scores, reverse=True)
    for item in related:
        shared = {entity.pk for entity in item.shared}
        assert shared <= set(article.mentions.values_list("entity_id", flat=True))
        assert shared <= set(item.article.mentions.values_list("entity_id", flat=True))
        assert shared


def test_entities_in_every_article_count_least(indexed_seeds):
    # NATO, Rusia, Ukraina and Stoltenberg are in all five seeds; Bali Post shares nothing rarer with Okezone.
    okezone = Article.objects.get(source__slug="okezone")
    related = article_related(article=okezone)
    ranks = [item.article.source.slug for item in related]
    assert ranks.index("bali-post") > ranks.index("cakapcakap")
    ubiquitous = {"nato", "rusia", "ukraina", "jens-stoltenberg"}
    assert related[0].shared[0].slug not in ubiquitous
    assert {entity.slug for entity in related[ranks.index("bali-post")].shared} <= ubiquitous


def test_coverage_of_the_same_event_comes_first(indexed_seeds):
    # Okezone and CakapCakap both report the NATO summit of 24 March 2022; Bali Post and Medcom write in October.
    first = {slug: article_related(article=Article.objects.get(source__slug=slug))[0].article.source.slug
             for slug in ("okezone", "cakapcakap", "bali-post", "medcom")}
    assert first == {"okezone": "cakapcakap", "cakapcakap": "okezone", "bali-post": "medcom", "medcom": "bali-post"}


def test_event_closeness_falls_with_the_days_apart():
    moment = datetime(2022, 3, 24, 5, 56, tzinfo=UTC)
    assert event_closeness(moment, moment) == 1.0
    assert event_closeness(moment, moment + timedelta(days=7)) == pytest.approx(math.exp(-1))
    assert event_closeness(moment + timedelta(days=7), moment) == event_closeness(moment, moment + timedelta(days=7))


def test_same_story_copies_are_kept_apart_from_related(indexed_seeds):
    first, second = indexed_seeds[0], indexed_seeds[1]
    cluster = StoryCluster.objects.create()
    Article.objects.filter(pk__in=[first.pk, second.pk]).update(cluster=cluster)
    first.refresh_from_db()
    assert second.pk not in [item.article.pk for item in article_related(article=first)]


def test_the_article_page_shows_related_with_reasons(client, indexed_seeds):
    okezone = Article.objects.get(source__slug="okezone")
    response = client.get(okezone.get_absolute_url())
    assert "Sama-sama menyebut" in response.text
