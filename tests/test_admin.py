"""The editors' admin: every model is registered and its pages open with real data."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article, Entity, IngestFailure, IngestRun, Source

pytestmark = pytest.mark.django_db


def test_every_telusur_model_is_registered():
    from django.apps import apps

    models = set(apps.get_app_config("articles").get_models())
    unregistered = {m.__name__ for m in models if not admin.site.is_registered(m)}
    # internal, or shown inside the page of the article (its history) or entity (its old addresses)
    assert unregistered <= {"ArticleBand", "ArticleRevision", "ArticleSearchDocument", "EntitySlug", "IndexQueue",
                            "SearchTerm", "DigestItem"}


def test_changelists_and_change_pages_open(admin_client, seeds):
    article = seeds[1]
    pages = [reverse(f"admin:articles_{name}_changelist") for name in
             ["source", "article", "entity", "alias", "mention", "ingestrun", "ingestfailure", "storycluster"]]
    pages += [reverse("admin:articles_article_change", args=[article.pk]),
              reverse("admin:articles_source_change", args=[article.source.pk]),
              reverse("admin:articles_entity_change", args=[Entity.objects.get(slug="jens-stoltenberg").pk]),
              reverse("admin:articles_ingestrun_change", args=[IngestRun.objects.get().pk])]
    for url in pages:
        assert admin_client.get(url).status_code == 200, url


def test_the_article_list_filters_paywalled_articles(admin_client, seeds):
    Article.objects.filter(pk=seeds[1].pk).update(paywalled=True)
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"paywalled__exact": "1"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [Article.objects.get(pk=seeds[1].pk)]


def test_the_article_page_explains_which_lines_cleaning_removed(admin_client, seeds):
    article = Article.objects.get(source__slug="bali-post")
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "baca-juga" in response.text
    assert "Putuskan Sidang Darurat Invasi Rusia" in response.text


def test_the_source_list_shows_extraction_health(admin_client, seeds):
    response = admin_client.get(reverse("admin:articles_source_changelist"))
    # Seed 000 states no date at all (seed 001's "Selasa (18/10)" takes the year 2022 that its text names).
    source = seeds[0].source
    row = next(line for line in response.text.splitlines() if source.name in line and "<th" in line)
    assert row
    assert source.articles.filter(published__isnull=True).count() == source.articles.count() == 1
    assert "100%" in response.text  # its one article has no date


def test_retrying_a_failure_marks_it_resolved_once_the_input_reads(admin_client, seeds, tmp_path):
    from articles.ingest.pipeline import ingest

    path = tmp_path / "nanti.txt"
    ingest([str(path)])
    failure = IngestFailure.objects.get()
    path.write_text("Judul Berita Baru\n\nIsi berita baru yang cukup panjang untuk sebuah artikel.", encoding="utf-8")
    admin_client.post(reverse("admin:articles_ingestfailure_changelist"),
                      {"action": "retry", "_selected_action": [failure.pk]})
    failure.refresh_from_db()
    assert failure.resolved
    assert Article.objects.filter(title="Judul Berita Baru").exists()


def test_an_invalid_source_rule_is_refused_with_its_line(admin_client, seeds):
    source = Source.objects.get(slug="okezone")
    url = reverse("admin:articles_source_change", args=[source.pk])
    data = {"name": source.name, "slug": source.slug, "domain": source.domain, "boilerplate_rules": "ok\n(unclosed"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "baris 2" in response.text
    source.refresh_from_db()
    assert source.boilerplate_rules == ""


def test_a_new_source_rule_recleans_its_articles(admin_client, indexed_seeds, django_capture_on_commit_callbacks):
    from articles.search.service import SearchParams, search

    source = Source.objects.get(slug="okezone")
    url = reverse("admin:articles_source_change", args=[source.pk])
    rule = r"^Saat berada di Eropa, AS diperkirakan"
    # The feeds inline's management form is part of the page: a browser always sends it.
    assert admin_client.post(url, {"name": source.name, "slug": source.slug, "domain": source.domain,
                                   "boilerplate_rules": rule, "feeds-TOTAL_FORMS": "0",
                                   "feeds-INITIAL_FORMS": "0"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:articles_source_changelist"),
                          {"action": "reclean", "_selected_action": [source.pk]})
    article = source.articles.get()
    assert "diperkirakan akan mengumumkan sanksi" not in article.body
    assert {"line": next(i["line"] for i in article.removed_lines if i["rule"].startswith("source:")),
            "rule": f"source:{rule}"} in article.removed_lines
    for mention in article.mentions.all():
        assert article.body[mention.start:mention.end] == mention.text
    assert search(SearchParams(q="oligarki")).count == 0


def test_the_article_page_links_the_same_story_elsewhere(admin_client, seeds):
    from articles.models import StoryCluster

    cluster = StoryCluster.objects.create()
    first, second = seeds[0], seeds[1]
    Article.objects.filter(pk__in=[first.pk, second.pk]).update(cluster=cluster)
    response = admin_client.get(reverse("admin:articles_article_change", args=[first.pk]))
    assert response.status_code == 200
    assert reverse("admin:articles_article_change", args=[second.pk]) in response.text
    assert f"{second.title}</a> ({second.source.name})" in response.text
