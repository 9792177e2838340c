"""A Redaksi editor (not a superuser) curates in headless Chromium; the public page and the API follow.

Pages that answer 410 log a console error in Chromium by design, so these tests drive `page`, not `reader`.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, Entity
from tests.browser.conftest import screenshots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENTION_TEXTS = ".article__body .mention"


def _api(page, live_server, path: str):
    return page.request.get(live_server.url + path, max_redirects=0)


def test_saving_an_article_from_the_browser_keeps_every_highlight_on_its_word(signed_in, live_server, live_seeds):
    page = signed_in
    article = Article.objects.get(source__slug="okezone")
    mentions = list(article.mentions.filter(entity__hidden=False).order_by("start").values_list("text", flat=True))
    assert len(mentions) > 3 and "\n" in article.body
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_title", "Judul yang dikoreksi redaksi")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("berhasil")

    article.refresh_from_db()
    assert "\r" not in article.body
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Judul yang dikoreksi redaksi")
    assert page.locator(MENTION_TEXTS).all_inner_texts() == mentions
    screenshots(page, "editor-article-saved")
    data = _api(page, live_server, f"/api/articles/{article.pk}").json()
    assert data["title"] == "Judul yang dikoreksi redaksi"
    for entity in data["entities"]:
        for start, end in entity["mentions"]:
            assert data["body"][start:end] in mentions
    history = f"{live_server.url}/admin/articles/article/{article.pk}/history/"
    page.goto(history)
    expect(page.locator("#change-history")).to_contain_text("Judul berubah")
    expect(page.locator("#change-history")).not_to_contain_text(re.compile(r"\bisi\b", re.I))


def _run_action(page, live_server, query: str, action: str) -> None:
    page.goto(f"{live_server.url}/admin/articles/entity/?q={query}")
    page.locator("input.action-select").first.check()
    page.select_option("select[name=action]", action)
    page.locator("button[name=index]").click()


def test_hiding_an_entity_asks_first_keeps_its_mentions_and_unhiding_restores_it(signed_in, live_server, live_seeds):
    page = signed_in
    g7 = Entity.objects.get(slug="g7")
    article = g7.mentions.select_related("article").first().article
    mentions = g7.mentions.count()

    _run_action(page, live_server, "G7", "hide")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sembunyikan entitas?")
    expect(page.locator("#content")).to_contain_text("410")
    expect(page.locator("#content")).to_contain_text("Tampilkan lagi kepada pembaca")
    screenshots(page, "editor-hide-confirm")
    page.get_by_role("button", name="Ya, sembunyikan").click()
    expect(page.locator(".messagelist")).to_contain_text("1 entitas disembunyikan")
    assert g7.mentions.count() == mentions

    response = page.goto(live_server.url + "/entities/g7/")
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("Entitas tidak ditampilkan lagi")
    expect(page.locator("main")).to_contain_text("G7")
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator('.article__body [data-entity="g7"]')).to_have_count(0)
    assert _api(page, live_server, "/api/entities/g7").status == 410
    slugs = {e["slug"] for e in _api(page, live_server, f"/api/articles/{article.pk}").json()["entities"]}
    assert "g7" not in slugs

    _run_action(page, live_server, "G7", "unhide")
    expect(page.locator(".messagelist")).to_contain_text("1 entitas ditampilkan lagi")
    response = page.goto(live_server.url + "/entities/g7/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("G7")
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator('.article__body [data-entity="g7"]').first).to_be_visible()
    slugs = {e["slug"] for e in _api(page, live_server, f"/api/articles/{article.pk}").json()["entities"]}
    assert "g7" in slugs
    assert _api(page, live_server, "/api/entities/g7").json()["articles"]
    assert re.search(r"/entities/g7/", page.content())
