"""Merging the Whoosh index into one segment keeps every result and is what `merge_index` does."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from haystack import connections

from articles.models import Article
from articles.search.indexing import merge_segments
from articles.search.service import SearchParams, search

pytestmark = pytest.mark.django_db


def _add_segments(articles) -> None:
    """Re-index each article in a commit of its own that merges nothing: one more segment each."""
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    for article in articles:
        document = {key: backend._from_python(value) for key, value in index.full_prepare(article).items()
                    if key != "boost"}
        writer = backend.index.refresh().writer()
        writer.update_document(**document)
        writer.commit(merge=False)


def _answers(q: str) -> tuple[int, list[int], dict]:
    page = search(SearchParams(q=q))
    return page.count, [hit.article.pk for hit in page.hits], page.facets


def test_merging_leaves_one_segment_and_the_same_results(indexed_seeds):
    _add_segments(indexed_seeds[:2])
    before = {q: _answers(q) for q in ["Stoltenberg", "NATO Ukraina", '"Jens Stoltenberg"']}
    assert merge_segments() == (3, 1)
    cache.clear()  # new segment ids make new cache keys anyway; this makes sure the searches really run
    assert {q: _answers(q) for q in before} == before
    assert merge_segments() == (1, 1)


def test_the_command_reports_the_segments(indexed_seeds, capsys):
    _add_segments(indexed_seeds[:1])
    call_command("merge_index")
    assert "whoosh: 2 segments -> 1 in" in capsys.readouterr().out
