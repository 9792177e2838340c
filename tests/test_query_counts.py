"""No N+1: each page runs the same number of queries whether it lists a few items or many."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import memo
from articles.ingest.pipeline import ingest
from articles.models import Article
from articles.search.indexing import drain

pytestmark = pytest.mark.django_db

PEOPLE = ["Joe Biden", "Vladimir Putin", "Antony Blinken", "Volodymyr Zelensky"]


def _queries(client, url: str) -> int:
    client.get(url)  # loads what every process keeps for a while (entity registry, synonyms)
    cache.clear()  # cold: cached aggregates and searches would hide the queries they save
    memo.forget_generations()  # and so would the pages this process keeps in memory
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _more_coverage(tmp_path, count: int) -> None:
    """`count` more articles naming Stoltenberg, NATO and other people, so every list on the pages grows."""
    lines = []
    for n in range(count):
        person = PEOPLE[n % len(PEOPLE)]
        lines.append(json.dumps({
            "title": f"Stoltenberg dan {person} bahas NATO, bagian {n}", "source": f"Kantor {n % 4}",
            "date": f"2022-0{1 + n % 9}-0{1 + n % 9}T09:00:00+07:00", "url": f"https://kantor.example/{n}",
            "text": f"Sekjen NATO Jens Stoltenberg bertemu {person} di Brussel, bagian {n}. "
                    f"Stoltenberg dan {person} membahas Ukraina, Rusia dan NATO.\n\nPertemuan ke-{n} berlangsung "
                    "tertutup, kata juru bicara NATO."}))
    path = tmp_path / "more.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert ingest([str(path)]).run.failed == 0
    drain(wait=True)


def test_pages_query_the_same_whether_they_list_few_items_or_many(client, indexed_seeds, tmp_path):
    article = indexed_seeds[1]
    urls = ["/", article.get_absolute_url(), "/search/?q=Stoltenberg", "/search/?q=NATO&page=2",
            "/entities/jens-stoltenberg/", f"/sources/{article.source.slug}/", "/api/search?q=Stoltenberg"]
    few = {url: _queries(client, url) for url in urls if url != "/search/?q=NATO&page=2"}
    _more_coverage(tmp_path, 30)
    assert Article.objects.count() == 35
    many = {url: _queries(client, url) for url in urls}
    assert {url: many[url] for url in few} == few
    assert many["/search/?q=NATO&page=2"] == many["/search/?q=Stoltenberg"]
