"""A reader narrows a search to a stretch of time by clicking a bar of its histogram."""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import screenshots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clicking_a_bar_narrows_the_date_range_to_it(reader, live_server, live_seeds, search_index):
    from articles.models import Article

    moments = [datetime(2024, 3, 1, 3, tzinfo=UTC), datetime(2024, 3, 1, 5, tzinfo=UTC),
               datetime(2024, 3, 3, 5, tzinfo=UTC), datetime(2024, 3, 5, 5, tzinfo=UTC),
               datetime(2024, 3, 5, 8, tzinfo=UTC)]
    for article, moment in zip(Article.objects.order_by("pk"), moments, strict=True):
        Article.objects.filter(pk=article.pk).update(published=moment)
    search_index.fill()
    reader.goto(live_server.url + "/search/?q=NATO")
    bars = reader.locator(".histogram__chart a")
    assert bars.count() == 5  # 1 to 5 March, one bar a day
    screenshots(reader, "search-histogram")
    bars.first.click()
    reader.wait_for_url("**from=2024-03-01**")
    query = parse_qs(urlsplit(reader.url).query)
    assert (query["from"], query["to"], query["q"]) == (["2024-03-01"], ["2024-03-01"], ["NATO"])
    assert reader.locator(".result-count").inner_text().startswith("2 artikel")
    assert reader.locator(".histogram__chart a[aria-current=true]").get_attribute("aria-label") == (
        "1 Mar 2024: 2 artikel")
