"""A reader downloads the matches of a search as CSV from the search page."""

import csv
import io
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_csv_link_downloads_every_match_of_the_search(reader, live_server, live_seeds, monkeypatch):
    monkeypatch.setattr("articles.search.service.PAGE_SIZE", 2)  # the page shows two, the file holds all five
    reader.goto(live_server.url + "/search/?q=NATO")
    with reader.expect_download() as started:
        reader.get_by_role("link", name="Unduh CSV").click()
    download = started.value
    assert download.suggested_filename.startswith("telusur-nato-")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert len(rows) == 5
    assert all(row["url"].startswith(live_server.url + "/articles/") for row in rows)
