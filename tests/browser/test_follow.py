"""Following a search in headless Chromium: the search page's feed link leads to the search's Atom feed."""

import feedparser
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_follows_the_feed_link_of_a_search(reader, live_server, live_seeds):
    reader.goto(live_server.url + "/search/")
    box = reader.get_by_role("combobox", name="Cari berita")
    box.fill("Stoltenberg")
    box.press("Enter")
    reader.wait_for_url("**/search/?q=Stoltenberg")
    link = reader.get_by_role("link", name="Ikuti (RSS)")
    expect(link).to_be_visible()
    alternate = reader.locator('link[rel="alternate"][type="application/atom+xml"]')
    assert link.get_attribute("href") == alternate.get_attribute("href") == "/search/feed/?q=Stoltenberg"
    with reader.expect_response("**/search/feed/?q=Stoltenberg") as answer:
        link.click()
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    assert feed.feed.title == "Pencarian “Stoltenberg” · Telusur"
    assert len(feed.entries) == 5
