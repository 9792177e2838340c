"""Boilerplate rules: previewed on the source's recent articles, refused when greedy, then offered a re-clean task."""

import time

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from articles.ingest.clean import RULE_TIMEOUT_SECONDS
from articles.ingest.rules import rule_errors, rules_preview
from articles.models import Article, Source
from articles.tasks import reclean_task

pytestmark = pytest.mark.django_db

RULE = r"^Saat berada di Eropa, AS"
REMOVED = "Saat berada di Eropa, AS diperkirakan akan mengumumkan sanksi lebih lanjut"


def _form(source: Source, rules: str) -> dict[str, str]:
    # The feeds inline's management form comes with every save of a source.
    return {"name": source.name, "slug": source.slug, "domain": source.domain, "boilerplate_rules": rules,
            "feeds-TOTAL_FORMS": "0", "feeds-INITIAL_FORMS": "0"}


def test_the_preview_names_each_rules_lines_in_recent_articles(seeds):
    source = Source.objects.get(slug="okezone")
    preview = rules_preview(source=source, rules=[RULE, "tidak ada di mana pun"])
    assert preview.checked == source.articles.count() == 1
    found, nothing = preview.rules
    assert [hit.line for hit in found.hits] == [next(line for line in source.articles.get().body.split("\n\n")
                                                     if line.startswith(REMOVED))]
    assert found.articles == 1 and not found.greedy
    assert nothing.hits == [] and nothing.worst_share == 0


def test_a_rule_taking_most_of_an_articles_text_is_greedy(seeds):
    source = Source.objects.get(slug="okezone")
    (rule,) = rules_preview(source=source, rules=[r"\w"]).rules
    assert rule.greedy and rule.worst_percent > 90
    assert rule.worst_article == source.articles.get()


def test_a_backtracking_rule_ends_the_preview_early_and_says_so(editor_client, seeds):
    source = Source.objects.get(slug="okezone")
    article = source.articles.get()
    lines = 40  # each costs the rule its whole per-line time limit: the 5 copies take 10 s unbounded
    stalls = "\n".join(["a" * 40 + "!"] * lines)
    for n in range(5):
        Article.objects.create(source=source, title=f"Salinan {n}", url=f"https://okezone.com/{n}",
                               raw_text=article.raw_text + "\n" + stalls, body=article.body, content_hash=f"h{n}")
    started = time.monotonic()
    preview = rules_preview(source=source, rules=[r"^(a|aa)+$"], seconds=0.2)
    assert time.monotonic() - started < 5 * lines * RULE_TIMEOUT_SECONDS / 2  # half of unbounded, under load too
    assert preview.recent == 6 and 1 <= preview.checked < 6 and preview.stopped_early
    shown = render_to_string("admin/articles/source/_rules_preview.html", {"preview": preview})
    assert "Pratinjau dihentikan sebelum selesai memeriksa 6 artikel terbaru" in shown
    assert not rules_preview(source=source, rules=[RULE], seconds=60).stopped_early


def test_rule_errors_are_in_indonesian_with_their_line():
    errors = rule_errors("baik\n\n(tanpa tutup\nx*")
    assert errors[0].startswith("baris 3: aturan (tanpa tutup bukan ekspresi reguler yang sah")
    assert errors[1].startswith("baris 4: aturan x* cocok dengan baris kosong")


def test_the_preview_endpoint_shows_the_lines_before_anything_is_saved(editor_client, seeds):
    source = Source.objects.get(slug="okezone")
    url = reverse("admin:articles_source_rules_preview", args=[source.pk])
    response = editor_client.post(url, {"boilerplate_rules": RULE})
    assert response.status_code == 200
    assert REMOVED in response.text
    assert reverse("admin:articles_article_change", args=[source.articles.get().pk]) in response.text
    assert "bukan ekspresi reguler" in editor_client.post(url, {"boilerplate_rules": "(x"}).text
    source.refresh_from_db()
    assert source.boilerplate_rules == ""
    change = editor_client.get(reverse("admin:articles_source_change", args=[source.pk])).text
    assert url in change and "js/admin_rules.js" in change


def test_saving_a_greedy_rule_is_refused_with_the_article_it_would_empty(editor_client, seeds):
    source = Source.objects.get(slug="okezone")
    response = editor_client.post(reverse("admin:articles_source_change", args=[source.pk]), _form(source, r"\w"))
    assert response.status_code == 200
    assert "akan membuang" in response.text and source.articles.get().title[:30] in response.text
    source.refresh_from_db()
    assert source.boilerplate_rules == ""


def test_saving_new_rules_leads_to_the_reclean_offer_which_runs_the_task(
        editor_client, indexed_seeds, django_capture_on_commit_callbacks):
    from articles.search.service import SearchParams, search

    source = Source.objects.get(slug="okezone")
    response = editor_client.post(reverse("admin:articles_source_change", args=[source.pk]), _form(source, RULE))
    offer = reverse("admin:articles_source_reclean", args=[source.pk])
    assert response.status_code == 302 and response.url == offer
    page = editor_client.get(offer)
    assert "1 artikel yang dibersihkan dengan aturan lama" in page.text
    assert REMOVED in Article.objects.get(source=source).body  # nothing changes before the editor says so

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(offer, follow=True)
    assert "1 artikel dibersihkan ulang, 1 berubah." in response.text
    article = source.articles.get()
    assert REMOVED not in article.body
    assert any(item["rule"] == f"source:{RULE}" for item in article.removed_lines)
    assert search(SearchParams(q="oligarki")).count == 0
    assert REMOVED not in editor_client.get(f"/api/articles/{article.pk}").json()["body"]


@pytest.mark.django_db(transaction=True)  # the worker opens and closes its own connection
def test_a_queued_reclean_shows_where_it_stands_until_a_worker_finishes(editor_client, seeds, settings):
    settings.TASKS = {**settings.TASKS, "default": settings.TASKS["database"]}
    source = Source.objects.get(slug="okezone")
    Source.objects.filter(pk=source.pk).update(boilerplate_rules=RULE)
    response = editor_client.post(reverse("admin:articles_source_reclean", args=[source.pk]))
    status = response.url
    assert status.startswith(reverse("admin:articles_source_changelist") + "reclean/")
    page = editor_client.get(status)
    assert "Menunggu pekerja latar" in page.text and 'http-equiv="refresh"' in page.text
    call_command("db_worker", "--backend", "default", "--batch", "--no-startup-delay")
    assert REMOVED not in source.articles.get().body
    done = editor_client.get(status, follow=True)
    assert "1 artikel dibersihkan ulang, 1 berubah." in done.text


def test_the_reclean_task_returns_its_counts(seeds):
    source = Source.objects.get(slug="okezone")
    Source.objects.filter(pk=source.pk).update(boilerplate_rules=RULE)
    ids = list(Article.objects.values_list("pk", flat=True))
    assert reclean_task.enqueue(ids).return_value == {"checked": len(ids), "changed": 1}
