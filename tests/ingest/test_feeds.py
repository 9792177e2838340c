"""Feeds and sitemaps as the poller reads them, and the schedule arithmetic: plain functions, no HTTP."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from articles.ingest.document import ReadError
from articles.ingest.feeds import (
    NOT_A_SITEMAP,
    UNSAFE_SITEMAP,
    backoff_delay,
    canonical_url,
    is_silent,
    normalise_url,
    read_feed,
    read_sitemap,
    retry_after_seconds,
    usual_gap,
)
from articles.ingest.read import NO_ENTRIES

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def test_urls_are_normalised_into_one_identity():
    assert normalise_url("HTTPS://Kabar.Example:443/berita/1?utm_source=rss&id=7&fbclid=x#komentar") == \
        "https://kabar.example/berita/1?id=7"
    assert normalise_url("http://kabar.example:8080") == "http://kabar.example:8080/"
    assert normalise_url("mailto:redaksi@kabar.example") == "mailto:redaksi@kabar.example"


def test_the_canonical_url_of_a_page_is_read_and_resolved():
    html = '<html><head><link rel="amphtml" href="/amp"><link rel="canonical" href="/berita/1?utm_medium=x">'
    assert canonical_url(html, "https://kabar.example/amp/berita/1") == "https://kabar.example/berita/1"
    assert canonical_url("<p>tanpa</p>", "https://kabar.example/a#b") == "https://kabar.example/a"


def test_retry_after_is_read_as_seconds_or_an_http_date():
    assert retry_after_seconds("120", NOW) == 120
    assert retry_after_seconds("Mon, 30 Nov 2026 13:00:00 GMT", NOW) == 3600
    assert retry_after_seconds("Mon, 30 Nov 2026 11:00:00 GMT", NOW) == 0
    assert retry_after_seconds("besok", NOW) is None


def test_back_off_doubles_and_stops_at_the_cap():
    delays = [backoff_delay(timedelta(minutes=30), n, timedelta(hours=4)) for n in (1, 2, 3, 4, 99)]
    assert delays == [timedelta(hours=1), timedelta(hours=2), timedelta(hours=4), timedelta(hours=4),
                      timedelta(hours=4)]
    # A feed polled daily is never polled more often because of a smaller cap.
    assert backoff_delay(timedelta(days=1), 1, timedelta(hours=4)) == timedelta(days=1)


def test_a_feed_is_silent_after_three_usual_gaps_never_sooner_than_three_intervals():
    times = [NOW - timedelta(hours=hours) for hours in (10, 8, 6, 5)]
    assert usual_gap(times) == timedelta(hours=2)
    assert usual_gap(times[:2]) is None
    last = NOW - timedelta(hours=5)
    assert not is_silent(last_item_at=last, gap=timedelta(hours=2), interval=timedelta(minutes=30), now=NOW)
    assert is_silent(last_item_at=last, gap=timedelta(hours=1), interval=timedelta(minutes=30), now=NOW)
    assert not is_silent(last_item_at=last, gap=timedelta(hours=1), interval=timedelta(hours=2), now=NOW)
    assert not is_silent(last_item_at=None, gap=None, interval=timedelta(hours=1), now=NOW)


def _rss(items: str) -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>Kabar</title>{items}</channel></rss>").encode()


def test_feed_entries_know_their_identity_and_whether_they_carry_the_article():
    long_text = " ".join(["kata"] * 200)
    listing = read_feed("https://kabar.example/rss", _rss(
        "<item><title>Teaser</title><link>https://kabar.example/a?utm_source=rss</link>"
        "<description>Ringkas saja.</description><pubDate>Mon, 30 Nov 2026 08:00:00 +0700</pubDate></item>"
        "<item><title>Lengkap</title><guid>id-2</guid><link>https://kabar.example/b</link>"
        "<content:encoded><![CDATA[<p>Isi lengkap.</p>]]></content:encoded></item>"
        f"<item><title>Panjang</title><link>https://kabar.example/c</link><description>{long_text}</description>"
        "</item>"))
    first, second, third = listing.entries
    # No GUID: the normalised link stands in.
    assert (first.guid, first.url, first.full) == ("https://kabar.example/a", "https://kabar.example/a", False)
    assert first.published == datetime(2026, 11, 30, 1, tzinfo=UTC)
    assert (second.guid, second.full) == ("id-2", True)
    assert third.full  # a description that long is the article, not a teaser


def test_a_feed_without_entries_is_an_error():
    with pytest.raises(ReadError, match=NO_ENTRIES):
        read_feed("https://kabar.example/rss", _rss(""))


def test_a_news_sitemap_lists_its_pages_newest_first():
    listing = read_sitemap("https://kabar.example/sitemap.xml", (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        b"<url><loc>https://kabar.example/lama</loc><lastmod>2026-11-01</lastmod></url>"
        b"<url><loc>/baru</loc><news:news><news:publication_date>2026-11-29T10:00:00+07:00"
        b"</news:publication_date></news:news></url></urlset>"))
    assert [entry.url for entry in listing.entries] == ["https://kabar.example/baru", "https://kabar.example/lama"]
    assert listing.entries[0].published == datetime(2026, 11, 29, 3, tzinfo=UTC)


def test_a_sitemap_index_lists_its_children_newest_first():
    listing = read_sitemap("https://kabar.example/index.xml", (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://kabar.example/s-1.xml</loc><lastmod>2026-10-01</lastmod></sitemap>"
        b"<sitemap><loc>https://kabar.example/s-2.xml</loc><lastmod>2026-11-01</lastmod></sitemap>"
        b"</sitemapindex>"))
    assert listing.children == ["https://kabar.example/s-2.xml", "https://kabar.example/s-1.xml"]


@pytest.mark.parametrize(("data", "reason"), [
    (b"<html><body>bukan</body></html>", NOT_A_SITEMAP),
    (b"tidak ada xml", NOT_A_SITEMAP),
    (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc></url></urlset>', UNSAFE_SITEMAP),
])
def test_what_is_not_a_safe_sitemap_is_refused(data, reason):
    with pytest.raises(ReadError, match=re.escape(reason)):
        read_sitemap("https://kabar.example/sitemap.xml", data)
