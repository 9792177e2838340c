"""The mentions-over-time chart: plain data in, accessible inline SVG out (no script, no style attribute)."""

import re
from datetime import date

import pytest
from django.utils import translation

from articles.charts import entity_month_counts, mentions_chart, month_series


def test_month_series_fills_the_gaps_between_the_first_and_last_month():
    series = month_series([(date(2022, 3, 24), 2), (date(2022, 3, 1), 1), (date(2022, 6, 10), 4)])
    assert series == [(date(2022, 3, 1), 3), (date(2022, 4, 1), 0), (date(2022, 5, 1), 0), (date(2022, 6, 1), 4)]


def test_month_series_crosses_a_year_and_keeps_only_the_latest_months():
    series = month_series([(date(2021, 11, 1), 1), (date(2022, 2, 1), 1)], limit=3)
    assert [month for month, _ in series] == [date(2021, 12, 1), date(2022, 1, 1), date(2022, 2, 1)]


def test_month_series_of_nothing_is_empty_and_draws_nothing():
    assert month_series([]) == []
    assert mentions_chart([], title="x") == ""


def test_the_chart_is_an_accessible_svg_with_one_bar_per_month():
    series = month_series([(date(2022, 3, 1), 2), (date(2022, 10, 1), 1)])
    with translation.override("id"):
        svg = str(mentions_chart(series, title="Artikel per bulan yang menyebut Jens Stoltenberg"))
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert svg.count("<rect") == 8
    assert "<title>Maret 2022: 2 artikel</title>" in svg
    assert "3 artikel dari Maret 2022 sampai Oktober 2022" in svg
    assert "style=" not in svg and "<script" not in svg  # the CSP allows neither


def test_the_chart_escapes_its_title_and_speaks_english_when_asked():
    with translation.override("en"):
        svg = str(mentions_chart([(date(2022, 3, 1), 1)], title="<b>Tom & Jerry</b>"))
    assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in svg
    assert "<title>March 2022: 1 article</title>" in svg


def test_month_labels_never_crowd():
    series = month_series([(date(2018, 1, 1), 1), (date(2022, 12, 1), 1)])
    labels = re.findall(r'<text class="chart__label[^"]*" x="[\d.]+" y="172"', str(mentions_chart(series, title="t")))
    assert len(series) == 60 and 2 <= len(labels) <= 10


@pytest.mark.django_db
def test_entity_month_counts_counts_articles_per_month_in_jakarta_time(seeds):
    from articles.models import Entity

    counts = dict(entity_month_counts(Entity.objects.get(slug="jens-stoltenberg")))
    # Medcom's article was published 2022-10-10 17:00 UTC, already 11 October in Jakarta; Bali Post's on 18 October.
    assert counts == {date(2022, 3, 1): 2, date(2022, 10, 1): 2}
