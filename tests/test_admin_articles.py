"""The article list and form for editors: search that reaches the body, bulk actions, dates without a time."""

import pytest
from django.urls import reverse

from articles.models import Article, Mention, Source
from tests.robustness.admin_editor import form_data

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:articles_article_changelist")


def _found(client, q: str) -> set[int]:
    return {a.pk for a in client.get(ARTICLES, {"q": q}).context["cl"].result_list}


def test_search_finds_words_of_the_body_as_well_as_the_title(editor_client, seeds):
    okezone = Article.objects.get(source__slug="okezone")
    assert "oligarki" in okezone.body and "oligarki" not in okezone.title.lower()
    assert _found(editor_client, "oligarki") == {okezone.pk}
    assert _found(editor_client, "oligarki sanksi") == {okezone.pk}
    assert _found(editor_client, '"sanksi lebih lanjut"') == {okezone.pk}
    assert _found(editor_client, "oligarki -sanksi") == set()
    title_word = seeds[4].title.split()[-1]
    assert seeds[4].pk in _found(editor_client, title_word)
    signed = next(article for article in seeds if article.author)
    assert signed.pk in _found(editor_client, signed.author)


def test_the_body_search_uses_its_index(seeds):
    from django.db import connection

    from articles.selectors import articles_with_body_words

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # five rows: PostgreSQL would rightly read them all
        sql, params = articles_with_body_words("oligarki").values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_body_words" in plan


def test_bulk_actions_mark_reviewed_and_reextract_entities(editor_client, seeds):
    chosen = [seeds[0].pk, seeds[2].pk]
    response = editor_client.post(ARTICLES, {"action": "mark_reviewed", "_selected_action": chosen}, follow=True)
    assert "2 artikel ditandai sudah diperiksa." in response.text
    assert set(Article.objects.filter(reviewed=True).values_list("pk", flat=True)) == set(chosen)

    article = Article.objects.get(pk=seeds[0].pk)
    before = list(article.mentions.values_list("entity__name", "start", "end", "text"))
    article.mentions.all().delete()
    response = editor_client.post(ARTICLES, {"action": "reextract_entities", "_selected_action": [article.pk]},
                                  follow=True)
    assert "Entitas 1 artikel dikenali ulang." in response.text
    assert list(article.mentions.values_list("entity__name", "start", "end", "text")) == before


def test_bulk_reclean_applies_the_sources_rules_to_the_chosen_articles(editor_client, seeds):
    Source.objects.filter(slug="okezone").update(boilerplate_rules=r"^Saat berada di Eropa, AS")
    okezone = Article.objects.get(source__slug="okezone")
    response = editor_client.post(ARTICLES, {"action": "reclean", "_selected_action": [okezone.pk]}, follow=True)
    assert "Artikel terpilih: 1 artikel dibersihkan ulang, 1 berubah." in response.text
    okezone.refresh_from_db()
    assert "Saat berada di Eropa" not in okezone.body
    assert all(okezone.body[m.start:m.end] == m.text for m in Mention.objects.filter(article=okezone))


def test_a_date_saved_without_a_time_is_a_date_only_on_the_page_and_in_the_api(editor_client, seeds):
    article = Article.objects.filter(published_precision="minute").first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url).text, "article_form")
    assert data["published_1"][0]  # a time is shown for a minute-precision article
    data["published_0"], data["published_1"] = ["2022-10-11"], [""]
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.published_precision == "date"
    api = editor_client.get(f"/api/articles/{article.pk}").json()
    assert (api["published"][:10], api["published_precision"]) == ("2022-10-11", "date")
    page = editor_client.get(article.get_absolute_url()).text
    assert '<time datetime="2022-10-11">Selasa, 11 Oktober 2022</time>' in page
    assert article.revisions.filter(field="published_precision", old_value="minute", new_value="date").exists()
    # Shown again without a time, and a save without changes keeps it so.
    data = form_data(editor_client.get(url).text, "article_form")
    assert (data["published_0"], data["published_1"]) == (["11-10-2022"], [""])  # Indonesian date format
    assert editor_client.post(url, data).status_code == 302
    assert article.revisions.count() == 2  # published and its precision, once

    data["published_1"] = ["08:15"]
    editor_client.post(url, data)
    article.refresh_from_db()
    assert article.published_precision == "minute"
    assert "Selasa, 11 Oktober 2022 08.15" in editor_client.get(article.get_absolute_url()).text
