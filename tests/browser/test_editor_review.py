"""A Redaksi editor (not a superuser) works the entity review queue and previews boilerplate rules in Chromium;
the public page and the API follow."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, Entity
from tests.browser.conftest import screenshots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RULE = r"^Saat berada di Eropa, AS"
REMOVED = "Saat berada di Eropa, AS diperkirakan akan mengumumkan sanksi"


def test_an_entity_is_decided_from_its_own_page_and_leaves_the_queue(signed_in, live_server, live_seeds):
    page = signed_in
    g7 = Entity.objects.get(slug="g7")
    page.goto(f"{live_server.url}/admin/articles/entity/")
    expect(page.locator("#changelist-filter")).to_contain_text("belum diperiksa")
    page.get_by_role("link", name="G7", exact=True).click()

    context = page.locator(".mentions-in-context li")
    expect(context.first.locator("mark")).to_have_text("G7")
    article = g7.mentions.select_related("article").first().article
    expect(page.locator(f'.mentions-in-context a[href="{article.get_absolute_url()}"]').first).to_be_visible()
    expect(page.locator("body")).to_contain_text("G7 (")  # the spellings seen, with their counts

    page.fill("#id_aliases-0-name", "NATO")
    page.locator("input[name=_continue]").click()
    error = page.locator(".errorlist a")
    expect(error).to_have_text("NATO")
    screenshots(page, "editor-alias-refused")

    page.fill("#id_aliases-0-name", "Kelompok Tujuh")
    page.check("#id_reviewed")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("berhasil")
    expect(page.locator("#result_list").get_by_role("link", name="G7", exact=True)).to_have_count(0)  # queue left

    assert page.request.get(live_server.url + "/api/entities/g7").json()["aliases"] == ["Kelompok Tujuh"]
    page.goto(live_server.url + "/entities/g7/")
    expect(page.get_by_role("heading", level=1)).to_have_text("G7")


def test_a_rule_is_previewed_saved_and_the_articles_cleaned_again(signed_in, live_server, live_seeds):
    page = signed_in
    article = Article.objects.get(source__slug="okezone")
    page.goto(f"{live_server.url}/admin/articles/source/{article.source_id}/change/")
    page.fill("#id_boilerplate_rules", RULE)
    page.get_by_role("button", name="Pratinjau aturan").click()
    preview = page.locator("#rules-preview")
    expect(preview).to_contain_text(REMOVED)
    expect(preview).to_contain_text("1 baris dari 1 artikel")
    screenshots(page, "editor-rules-preview")
    assert REMOVED in Article.objects.get(pk=article.pk).body  # a preview changes nothing

    page.locator("input[name=_save]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bersihkan ulang artikel")
    page.get_by_role("button", name="Bersihkan ulang sekarang").click()
    expect(page.locator(".messagelist")).to_contain_text("1 artikel dibersihkan ulang, 1 berubah.")

    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator(".article__body")).not_to_contain_text("Saat berada di Eropa")
    body = page.request.get(f"{live_server.url}/api/articles/{article.pk}").json()["body"]
    assert "Saat berada di Eropa" not in body
    results = page.request.get(live_server.url + "/api/search?q=oligarki").json()
    assert results["count"] == 0
