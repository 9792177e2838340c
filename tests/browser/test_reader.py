"""A reader's afternoon in headless Chromium: search, autocomplete, filters, pages, articles, entities, language.

Every test goes through `reader`, which fails on a console error or a request leaving the live server; each
page is saved at phone and desktop widths in test-artifacts/ (NAME-phone.png, NAME-desktop.png).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_autocomplete_leads_to_an_entity_and_its_articles(reader, live_server, live_seeds):
    reader.goto(live_server.url + "/")
    expect(reader).to_have_title(re.compile("Telusur"))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Telusuri berita Indonesia")
    expect(reader.get_by_role("heading", name="Berita terbaru")).to_be_visible()
    expect(reader.locator(".article-list .article-item")).to_have_count(5)
    expect(reader.get_by_role("heading", name="Paling banyak disebut")).to_be_visible()
    expect(reader.locator(".columns__side .entity-chip", has_text="Jens Stoltenberg")).to_be_visible()
    expect(reader.get_by_role("region", name="Sumber").get_by_role("link", name="Okezone")).to_be_visible()
    screenshots(reader, "home")

    box = reader.get_by_role("combobox", name="Cari berita")
    box.click()
    box.press_sequentially("sto", delay=30)
    option = reader.get_by_role("option", name="Jens Stoltenberg Orang")
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    screenshots(reader, "home-autocomplete")
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")

    reader.wait_for_url("**/entities/jens-stoltenberg/")
    # The skip link is the first stop for a keyboard user, visible when focused, and lands in <main>.
    reader.keyboard.press("Tab")
    skip = reader.get_by_role("link", name="Langsung ke isi")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    skip.press("Enter")
    expect(reader.locator("main")).to_be_focused()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Jens Stoltenberg")
    expect(reader).to_have_title("Jens Stoltenberg (Orang) · Telusur")
    expect(reader.locator(".entity-card__type").first).to_contain_text("Orang")
    expect(reader.get_by_role("img", name=re.compile("Artikel per bulan"))).to_be_visible()
    expect(reader.locator("svg.chart rect.chart__bar")).not_to_have_count(0)
    expect(reader.locator(".article-list .article-item")).to_have_count(5)
    expect(reader.locator(".columns__side .entity-chip", has_text="NATO")).to_be_visible()
    breadcrumbs = reader.get_by_role("navigation", name="Remah roti")
    expect(breadcrumbs.get_by_role("link", name="Beranda")).to_be_visible()
    screenshots(reader, "entity")

    # Medcom's October article, dated by its lead.
    reader.locator(".article-item__title a", has_text="Kalah di Medan Perang").click()
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Kalah di Medan Perang")
    # Only the date was given: no invented 00.00.
    expect(reader.locator(".article__byline time")).to_have_text("Selasa, 11 Oktober 2022")


def test_search_filters_by_source_and_person_and_pages_through(reader, live_server, live_seeds, monkeypatch):
    monkeypatch.setattr("articles.search.service.PAGE_SIZE", 2)  # five seeds make three pages
    reader.goto(live_server.url + "/search/?q=NATO")
    box = reader.get_by_role("combobox", name="Cari berita")
    expect(box).to_have_value("NATO")
    expect(reader).to_have_title("“NATO” · Pencarian · Telusur")
    expect(reader.locator(".result-count")).to_contain_text("5 artikel")
    expect(reader.locator(".entity-card")).to_contain_text("NATO")
    expect(reader.locator(".result")).to_have_count(2)
    expect(reader.locator(".result__snippet mark").first).to_have_text(re.compile("NATO", re.I))
    expect(reader.locator(".result").first.locator(".entity-chip").first).to_be_visible()
    screenshots(reader, "search")

    seen = set(reader.locator(".result__title a").all_inner_texts())
    pages = reader.get_by_role("navigation", name="Halaman hasil")
    pages.get_by_role("link", name="Berikutnya").click()
    reader.wait_for_url(re.compile(r"page=2"))
    expect(pages.locator("[aria-current=page]")).to_have_text(re.compile("2"))
    expect(reader).to_have_title("“NATO” · halaman 2 · Pencarian · Telusur")
    second = set(reader.locator(".result__title a").all_inner_texts())
    assert second and not second & seen
    pages.get_by_role("link", name="Halaman 3").click()
    reader.wait_for_url(re.compile(r"page=3"))
    expect(reader.locator(".result")).to_have_count(1)
    expect(reader.locator("ol.results")).to_have_attribute("start", "5")
    pages.get_by_role("link", name="Sebelumnya").click()
    reader.wait_for_url(re.compile(r"page=2"))

    # A filter starts again from page 1 and shows as a removable pill.
    facets = reader.get_by_role("complementary", name="Saring hasil")
    facets.get_by_role("link", name=re.compile("^Okezone")).click()
    reader.wait_for_url(re.compile(r"source=okezone"))
    assert "page=" not in reader.url
    expect(reader.locator(".result-count")).to_contain_text("1 artikel")
    expect(reader.locator(".result__title")).to_contain_text("NATO Akan Kirim Lebih Banyak Pasukan")
    expect(reader.locator(".filter-pill")).to_contain_text("Okezone")

    facets.get_by_role("link", name=re.compile("^Vladimir Putin")).click()
    reader.wait_for_url(re.compile(r"entity=vladimir-putin"))
    assert "source=okezone" in reader.url
    expect(reader.locator(".filter-pill")).to_have_count(2)
    expect(reader.locator(".result")).to_have_count(1)
    screenshots(reader, "search-filtered")

    # The URL is the whole state: a fresh visit shows the same page.
    shared = reader.url
    reader.goto(shared)
    expect(reader.locator(".filter-pill")).to_have_count(2)
    reader.locator(".filter-pill", has_text="Okezone").click()
    expect(reader.locator(".filter-pill")).to_have_count(1)
    assert "source=" not in reader.url

    # Open a result, read it, follow an entity link in the text.
    reader.locator(".result__title a").first.click()
    expect(reader.locator(".article__body p").first).to_be_visible()
    assert reader.locator(".article__body p").count() > 3
    expect(reader.locator(".entity-sidebar .entity-chip").first).to_be_visible()
    expect(reader.get_by_role("heading", name="Berita terkait")).to_be_visible()
    link = reader.locator(".article__body a.mention--person").first
    name = link.inner_text()
    link.click()
    reader.wait_for_url(re.compile(r"/entities/"))
    expect(reader.get_by_role("heading", level=1)).to_have_text(re.compile(re.escape(name.split()[-1])))


def test_an_article_reads_well_and_switches_language(reader, live_server, live_seeds):
    from articles.models import Article

    article = Article.objects.get(source__slug="okezone")
    reader.goto(live_server.url + article.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(reader).to_have_title(f"{article.title} · Okezone · Telusur")
    expect(reader.locator(".article__byline")).to_contain_text("Oleh Susi Susanti")
    expect(reader.locator(".article__byline time")).to_have_text("Kamis, 24 Maret 2022 05.56 WIB")
    expect(reader.locator(".article__kicker").get_by_role("link", name="Okezone")).to_be_visible()
    expect(reader.get_by_role("heading", name="Disebut dalam berita ini")).to_be_visible()
    expect(reader.locator(".article__body a.mention").first).to_have_attribute("href", re.compile("^/entities/"))
    measure = reader.locator(".article__body").evaluate("el => el.getBoundingClientRect().width")
    font = reader.locator(".article__body").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert font >= 18 and measure / font < 40  # about 65-75 characters a line
    screenshots(reader, "article")

    reader.get_by_role("button", name="English").click()
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    expect(reader.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(reader.locator(".article__byline time")).to_have_text("Thursday, 24 March 2022, 05:56 WIB")
    expect(reader.get_by_role("heading", name="Mentioned in this article")).to_be_visible()
    expect(reader.get_by_role("button", name="Search")).to_be_visible()
    expect(reader.get_by_role("link", name="Skip to content")).to_be_attached()
    screenshots(reader, "article-en")

    reader.goto(live_server.url + "/search/?q=Stoltenberg")
    expect(reader.locator(".result-count")).to_contain_text("5 articles")
    reader.get_by_role("button", name="Bahasa Indonesia").click()
    expect(reader.locator("html")).to_have_attribute("lang", "id")
    expect(reader.locator(".result-count")).to_contain_text("5 artikel")
    assert "q=Stoltenberg" in reader.url


def test_mistyped_and_empty_queries_get_help(reader, live_server, live_seeds):
    reader.goto(live_server.url + "/search/?q=Stoltenburg")
    expect(reader.locator(".no-results h3")).to_contain_text("Tidak ada artikel untuk “Stoltenburg”")
    suggestion = reader.locator(".suggestion a")
    expect(suggestion).to_have_text("Stoltenberg")
    screenshots(reader, "search-no-results")
    suggestion.click()
    expect(reader.locator(".result-count")).to_contain_text("5 artikel")

    reader.goto(live_server.url + "/search/?q=")
    expect(reader.get_by_role("heading", name="Cara mencari")).to_be_visible()
    expect(reader.locator(".search-help kbd").first).to_be_visible()
    screenshots(reader, "search-empty")
    reader.locator(".search-help a", has_text="Rusia -Ukraina").click()
    expect(reader.get_by_role("combobox", name="Cari berita")).to_have_value("Rusia -Ukraina")

    source = reader.goto(live_server.url + "/sources/okezone/")
    assert source.status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text("Okezone")
    expect(reader.locator(".article-item")).to_have_count(1)
    screenshots(reader, "source")
