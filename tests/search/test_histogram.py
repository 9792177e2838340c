"""Attention over time: the date histogram of every match (articles/search/histogram.py), on both backends."""

import re
from datetime import UTC, date, datetime
from itertools import pairwise

import pytest
from django.utils import timezone

from articles.models import Article
from articles.search.histogram import DAY, MONTH, WEEK, Bin, bin_size, histogram


def test_the_bin_size_follows_the_span_of_the_matches():
    assert bin_size(date(2024, 3, 1), date(2024, 3, 1)) == DAY
    assert bin_size(date(2024, 1, 1), date(2024, 3, 2)) == DAY  # 62 days
    assert bin_size(date(2024, 1, 1), date(2024, 3, 3)) == WEEK
    assert bin_size(date(2024, 1, 1), date(2025, 1, 5)) == WEEK  # 371 days: 53 weeks
    assert bin_size(date(2024, 1, 1), date(2025, 1, 6)) == MONTH


def test_day_bins_fill_the_gaps_with_zero():
    assert histogram([("2024-03-03", 2), ("2024-03-01", 1)]) == (DAY, [
        Bin(date(2024, 3, 1), date(2024, 3, 1), 1), Bin(date(2024, 3, 2), date(2024, 3, 2), 0),
        Bin(date(2024, 3, 3), date(2024, 3, 3), 2)])


def test_week_bins_run_monday_to_sunday():
    size, bins = histogram([("2024-01-03", 1), ("2024-01-07", 2), ("2024-01-08", 4), ("2024-03-20", 1)])
    assert size == WEEK
    assert bins[0] == Bin(date(2024, 1, 1), date(2024, 1, 7), 3)
    assert bins[1] == Bin(date(2024, 1, 8), date(2024, 1, 14), 4)
    assert bins[-1] == Bin(date(2024, 3, 18), date(2024, 3, 24), 1)
    assert sum(item.count for item in bins) == 8
    assert all((b.start - a.start).days == 7 for a, b in pairwise(bins))


def test_month_bins_cover_whole_months_across_a_new_year():
    size, bins = histogram([("2023-11-30", 1), ("2024-12-01", 2), ("2024-12-31", 3)])
    assert size == MONTH
    assert bins[0] == Bin(date(2023, 11, 1), date(2023, 11, 30), 1)
    assert bins[3] == Bin(date(2024, 2, 1), date(2024, 2, 29), 0)  # leap year
    assert bins[-1] == Bin(date(2024, 12, 1), date(2024, 12, 31), 5)
    assert len(bins) == 14


def test_no_dated_match_is_no_histogram():
    assert histogram([]) == ("", [])
    assert histogram([("", 3)]) == ("", [])


# --- from the index, on each backend ------------------------------------------------------------------------------

def _date(seeds, moments):
    """Give the seed articles these published moments (UTC); None leaves one undated."""
    for article, moment in zip(seeds, moments, strict=True):
        Article.objects.filter(pk=article.pk).update(published=moment)


@pytest.mark.django_db
def test_the_api_counts_every_match_per_jakarta_day(each_backend, client, seeds, search_index, monkeypatch):
    monkeypatch.setattr("articles.search.service.PAGE_SIZE", 2)  # the histogram counts past the page
    # 2024-03-01 17:30 UTC is already 2 March in Jakarta (UTC+7); 16:59 UTC is still 1 March.
    _date(seeds, [datetime(2024, 3, 1, 16, 59, tzinfo=UTC), datetime(2024, 3, 1, 17, 30, tzinfo=UTC),
                  datetime(2024, 3, 2, 3, 0, tzinfo=UTC), datetime(2024, 3, 4, 9, 0, tzinfo=UTC), None])
    search_index.fill()
    data = client.get("/api/search", {"q": "Stoltenberg"}).json()
    assert data["count"] == 5 and len(data["results"]) == 2
    assert data["histogram_interval"] == "day"
    assert data["facets"]["published_histogram"] == [
        {"start": "2024-03-01", "end": "2024-03-01", "count": 1},
        {"start": "2024-03-02", "end": "2024-03-02", "count": 2},
        {"start": "2024-03-03", "end": "2024-03-03", "count": 0},
        {"start": "2024-03-04", "end": "2024-03-04", "count": 1},
    ]


@pytest.mark.django_db
def test_the_histogram_follows_the_filters(each_backend, client, seeds, search_index):
    _date(seeds, [datetime(2023, 1, 5, tzinfo=UTC), datetime(2023, 6, 5, tzinfo=UTC),
                  datetime(2024, 2, 5, tzinfo=UTC), datetime(2024, 2, 6, tzinfo=UTC),
                  datetime(2024, 2, 20, tzinfo=UTC)])
    search_index.fill()
    whole = client.get("/api/search", {"q": "Stoltenberg"}).json()
    assert whole["histogram_interval"] == "month"
    assert sum(item["count"] for item in whole["facets"]["published_histogram"]) == 5
    narrowed = client.get("/api/search", {"q": "Stoltenberg", "from": "2024-02-01", "to": "2024-02-29"}).json()
    assert narrowed["count"] == 3
    assert narrowed["histogram_interval"] == "day"
    bins = narrowed["facets"]["published_histogram"]
    assert (bins[0]["start"], bins[-1]["start"], len(bins)) == ("2024-02-05", "2024-02-20", 16)
    assert [item["count"] for item in bins if item["count"]] == [1, 1, 1]


@pytest.mark.django_db
def test_nothing_found_is_an_empty_histogram(each_backend, client, indexed_seeds):
    data = client.get("/api/search", {"q": "zzzqqqxxx"}).json()
    assert data["facets"]["published_histogram"] == [] and data["histogram_interval"] is None


# --- on the search page -------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_search_page_draws_each_bin_as_a_link_narrowing_the_range(client, seeds, search_index):
    _date(seeds, [datetime(2024, 3, 1, 3, tzinfo=UTC), datetime(2024, 3, 1, 4, tzinfo=UTC),
                  datetime(2024, 3, 3, 5, tzinfo=UTC), datetime(2024, 3, 4, 9, tzinfo=UTC), None])
    search_index.fill()
    response = client.get("/search/", {"q": "Stoltenberg", "sort": "newest", "page": "1"})
    html = response.content.decode()
    chart = html[html.index('<section class="histogram"'):html.index("</section>", html.index('class="histogram"'))]
    bars = re.findall(r'<a class="histogram__bar[^"]*" href="([^"]+)" aria-label="([^"]+)"', chart)
    assert len(bars) == 4  # 1 to 4 March, the empty 2nd included
    assert bars[0] == ("?q=Stoltenberg&amp;sort=newest&amp;from=2024-03-01&amp;to=2024-03-01", "1 Mar 2024: 2 artikel")
    assert bars[1][1] == "2 Mar 2024: 0 artikel"
    assert "style=" not in chart and "<script" not in chart
    assert "<table>" in chart and chart.count("from=2024-03-04&amp;to=2024-03-04") == 2  # the bar and its row


@pytest.mark.django_db
def test_the_bar_of_the_range_searched_is_marked_current(client, indexed_seeds):
    dated = next(article for article in indexed_seeds if article.published)
    day = timezone.localdate(dated.published).isoformat()
    html = client.get("/search/", {"q": "Stoltenberg", "from": day, "to": day}).content.decode()
    [current] = re.findall(r'class="histogram__bar is-selected" href="([^"]+)"[^>]*aria-current="true"', html)
    assert current.endswith(f"from={day}&amp;to={day}")


@pytest.mark.django_db
def test_the_histogram_speaks_english_to_an_english_reader(client, seeds, search_index):
    _date(seeds, [datetime(2024, 3, 1, 3, tzinfo=UTC)] * 4 + [datetime(2024, 3, 2, 3, tzinfo=UTC)])
    search_index.fill()
    html = client.get("/search/", {"q": "Stoltenberg"}, headers={"accept-language": "en"}).content.decode()
    assert "Articles per day" in html and "View as a table" in html
    assert 'aria-label="1 Mar 2024: 4 articles"' in html
