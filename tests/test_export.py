"""Export of every match of a search: `/api/search?format=csv|jsonl` (articles/export.py)."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.export import COLUMNS, csv_lines
from articles.models import Article, Entity, Mention

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def _csv(response) -> list[dict]:
    text = _body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_csv_holds_every_match_in_the_search_order_on_each_backend(each_backend, client, indexed_seeds,
                                                                  monkeypatch):
    monkeypatch.setattr("articles.search.service.PAGE_SIZE", 2)  # five matches are three pages of the search
    monkeypatch.setattr("articles.export.CHUNK_ROWS", 2)  # and three chunks of the export
    response = client.get("/api/search", {"q": "Stoltenberg", "format": "csv", "sort": "newest"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="telusur-stoltenberg-\d{8}\.csv"', response["Content-Disposition"])
    assert (response["X-Result-Count"], response["X-Export-Rows"], response["X-Export-Truncated"]) == (
        "5", "5", "false")
    rows = _csv(response)
    assert list(rows[0]) == list(COLUMNS)
    pages = [client.get("/api/search", {"q": "Stoltenberg", "sort": "newest", "page": n}).json() for n in (1, 2, 3)]
    assert [int(row["id"]) for row in rows] == [item["id"] for page in pages for item in page["results"]]
    assert {int(row["id"]) for row in rows} == {article.pk for article in indexed_seeds}


def test_an_export_reads_articles_a_chunk_at_a_time(client, indexed_seeds, monkeypatch):
    monkeypatch.setattr("articles.export.CHUNK_ROWS", 2)
    response = client.get("/api/search", {"q": "Stoltenberg", "format": "jsonl"})
    lines = iter(response.streaming_content)
    reads = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            next(lines)
        reads.append(len(queries))
    # A chunk's articles and entities are read when its first row is due, never earlier: rows 1, 3 and 5 read.
    assert [count > 0 for count in reads] == [True, False, True, False, True]
    assert next(lines, None) is None


def test_csv_row_names_the_article_its_outlet_and_its_entities(client, indexed_seeds):
    article = indexed_seeds[2]
    rows = _csv(client.get("/api/search", {"q": "Stoltenberg", "format": "csv"}))
    row = next(row for row in rows if int(row["id"]) == article.pk)
    assert row["title"] == article.title
    assert row["url"] == "http://testserver" + article.get_absolute_url()
    assert row["original_url"] == article.url
    assert row["source"] == article.source.slug
    assert row["published"] == article.published_local().isoformat()
    assert row["author"] == "Susi Susanti"
    names = row["entities"].split("; ")
    assert "Jens Stoltenberg (person)" in names
    assert len(names) == Entity.objects.filter(mentions__article=article, hidden=False).distinct().count()


def test_csv_quotes_commas_quotes_and_line_breaks_and_defuses_formulas():
    row = {"id": 1, "title": 'Kata "damai", lalu\nperang', "url": "http://x/a/", "original_url": "",
           "source": "s", "published": None, "author": "=HYPERLINK(\"http://evil\")",
           "entities": [{"name": "Joko, Widodo", "type": "person", "slug": "jokowi"}]}
    text = "".join(csv_lines(iter([row])))
    assert text.endswith("\r\n")
    [back] = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert back["title"] == 'Kata "damai", lalu\nperang'
    assert back["author"] == "'=HYPERLINK(\"http://evil\")"
    assert back["entities"] == "Joko, Widodo (person)"
    assert back["published"] == ""


def test_hidden_entities_stay_out_of_the_export(client, indexed_seeds):
    Entity.objects.filter(slug="jens-stoltenberg").update(hidden=True)
    rows = _csv(client.get("/api/search", {"q": "NATO", "format": "csv"}))
    assert rows
    assert not any("Jens Stoltenberg" in row["entities"] for row in rows)


def test_jsonl_gives_one_object_a_line_with_entities_as_objects(client, indexed_seeds):
    response = client.get("/api/search", {"q": "NATO", "format": "jsonl"})
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    lines = _body(response).split("\n")
    assert lines[-1] == ""
    items = [json.loads(line) for line in lines[:-1]]
    assert len(items) == int(response["X-Result-Count"]) == 5
    assert set(items[0]) == set(COLUMNS)
    mentioned = set(Mention.objects.filter(article_id=items[0]["id"]).values_list("entity__slug", flat=True))
    assert {entity["slug"] for entity in items[0]["entities"]} == mentioned


def test_export_stops_at_the_limit_and_says_so(client, indexed_seeds, settings):
    settings.EXPORT_MAX_ROWS = 3
    response = client.get("/api/search", {"q": "Stoltenberg", "format": "csv"})
    assert (response["X-Result-Count"], response["X-Export-Rows"], response["X-Export-Truncated"]) == (
        "5", "3", "true")
    assert len(_csv(response)) == 3


def test_an_export_of_nothing_is_a_header_line(client, indexed_seeds):
    response = client.get("/api/search", {"q": "zzzqqqxxx", "format": "csv"})
    assert response["X-Result-Count"] == "0"
    assert _body(response) == "\ufeff" + ",".join(COLUMNS) + "\r\n"


def test_an_export_of_a_filter_alone_holds_every_article_of_it(client, indexed_seeds):
    source = indexed_seeds[0].source.slug
    rows = _csv(client.get("/api/search", {"source": source, "format": "csv"}))
    assert {int(row["id"]) for row in rows} == set(
        Article.objects.filter(source__slug=source).values_list("pk", flat=True))


def test_an_unknown_format_is_refused_with_400(client, db):
    response = client.get("/api/search", {"q": "NATO", "format": "xlsx"})
    assert response.status_code == 400
    assert "format" in response.json()["errors"]


def test_the_search_page_links_its_csv_export(client, indexed_seeds):
    html = client.get("/search/", {"q": "NATO", "source": indexed_seeds[0].source.slug, "page": "1"}).content.decode()
    assert (f'href="/api/search?q=NATO&amp;source={indexed_seeds[0].source.slug}&amp;format=csv"'
            in html)
    assert "Unduh CSV" in html
