"""A reader searches, opens an article and follows links, in headless Chromium."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_searches_and_opens_an_article(reader, live_server, live_seeds):
    reader.goto(live_server.url + "/")
    reader.get_by_role("searchbox", name="Cari berita").fill("Stoltenberg")
    reader.get_by_role("button", name="Cari").click()
    reader.wait_for_url("**/search/?q=Stoltenberg")
    assert "5 artikel" in reader.locator(".result-count").inner_text()
    screenshot(reader, "search-desktop")
    first = reader.locator(".result__title a").first
    title = first.inner_text()
    first.click()
    assert reader.locator("h1").inner_text() == title
    assert reader.locator(".article__body p").count() > 3
    screenshot(reader, "article-desktop")
