"""Field rows F01–F04 (inputs/README.md): publication dates as real Indonesian pages and scrapes print them."""

from conftest import instant


def test_f01_the_visible_date_line_with_its_zone_beats_the_guess_and_the_link_date(ingest_field):
    run = ingest_field("F01-html-date-line")
    article = run.only()
    assert instant(article["published"]) == instant("2024-11-14T08:40:00+08:00")
    # Answered in the outlet's WITA offset, so the date part is the day the outlet printed.
    assert article["published"] == "2024-11-14T08:40:00+08:00"
    assert article["published_precision"] == "minute"
    [hit] = run.search_json("Lewotobi")["results"]
    assert (hit["published"], hit["published_precision"]) == ("2024-11-14T08:40:00+08:00", "minute")


def test_f02_a_numeric_date_is_day_first_and_keeps_its_time(ingest_field):
    article = ingest_field("F02-numeric-date-with-time").only()
    assert instant(article["published"]) == instant("2023-01-03T10:15:00+07:00")
    assert article["published_precision"] == "minute"


def test_f03_an_old_month_abbreviation_parses_and_its_date_line_leaves_the_body(ingest_field):
    article = ingest_field("F03-old-month-abbreviations").only()
    assert instant(article["published"]) == instant("2019-11-06T14:05:00+07:00")
    assert article["published_precision"] == "minute"
    assert "6 Nop 2019" not in article["body"]


def test_f04_a_date_line_led_by_a_channel_name_parses(ingest_field):
    article = ingest_field("F04-date-line-with-prefix").only()
    assert instant(article["published"]) == instant("2016-10-08T14:54:00+07:00")
    assert article["published_precision"] == "minute"
