"""Facets cut to the most frequent values (`facet_limit`, settings.FACET_LIMIT), alike on both backends: the values
shown are the first of the whole list with the same counts, each facet tells how many values it had, the date
facets stay whole, and the API refuses a limit out of range."""

from dataclasses import replace

import pytest

from articles.search import backends
from articles.search.backends.base import FACET_FIELDS, Request
from articles.search.service import SearchParams, search
from articles.search.vocabulary import current_synonyms

pytestmark = pytest.mark.django_db

QUERIES = ["Stoltenberg", "NATO", "presiden"]


def _by_count(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))


def test_a_facet_limit_keeps_the_first_values_of_the_whole_list(each_backend, indexed_seeds):
    cut_somewhere = False
    for q in QUERIES:
        whole = search(SearchParams(q=q, facet_limit=500))
        for limit in (1, 2, 3):
            page = search(SearchParams(q=q, facet_limit=limit))
            assert page.count == whole.count > 0
            assert page.histogram == whole.histogram  # the day facet behind it is never cut
            assert page.facets["month"] == whole.facets["month"]
            for name, pairs in whole.facets.items():
                assert pairs == _by_count(pairs), (q, name)
                assert page.distinct_values[name] == whole.distinct_values[name] == len(pairs), (q, name)
                if name != "month":
                    assert page.facets[name] == pairs[:limit], (q, name, limit)
                    cut_somewhere |= len(pairs) > limit
    assert cut_somewhere


def test_without_a_limit_the_settings_choose_it(each_backend, indexed_seeds, settings):
    settings.FACET_LIMIT = 2
    page = search(SearchParams.from_form({"q": "Stoltenberg"}))
    assert page.params.facet_limit == 2
    assert len(page.facets["entity"]) == 2 < page.distinct_values["entity"]


def test_the_backends_keep_every_day_and_count_the_values_of_each_facet(each_backend, indexed_seeds):
    backend = backends.current()
    query = backend.parse("Stoltenberg", synonyms=current_synonyms()).query
    whole = backend.find(Request(query=query))
    cut = backend.find(Request(query=query, facet_limit=1))
    assert cut.facets["day"] == whole.facets["day"] and len(whole.facets["day"]) > 1
    assert set(cut.distinct_values) == set(FACET_FIELDS)
    assert cut.distinct_values == {name: len(pairs) for name, pairs in whole.facets.items()}
    assert len(cut.facets["entity"]) == 1 and cut.facets["entity"][0] == whole.facets["entity"][0]


def test_the_api_takes_a_facet_limit_and_tells_how_many_values_there_were(each_backend, client, indexed_seeds):
    whole = client.get("/api/search", {"q": "Stoltenberg", "facet_limit": 500}).json()
    data = client.get("/api/search", {"q": "Stoltenberg", "facet_limit": 2}).json()
    assert data["facet_limit"] == 2
    assert data["facets"]["entity"] == whole["facets"]["entity"][:2]
    assert data["facets"]["month"] == whole["facets"]["month"]
    assert data["facets"]["published_histogram"] == whole["facets"]["published_histogram"]
    assert data["facets_total_values"] == {name: len(items) for name, items in whole["facets"].items()
                                           if name != "published_histogram"}
    assert data["facets_total_values"]["entity"] > 2


@pytest.mark.parametrize("value", ["0", "501", "-3", "lima", "2.5"])
def test_the_api_refuses_a_facet_limit_out_of_range(client, db, value):
    response = client.get("/api/search", {"q": "banjir", "facet_limit": value})
    assert response.status_code == 400
    assert "facet_limit" in response.json()["errors"]


@pytest.mark.parametrize("q", ["NATO", "", "nato -source:cakapcakap", "Stoltenberg Kremlin Zelensky Brussel"])
def test_an_export_counts_no_facet_and_gets_the_searchs_matches(each_backend, indexed_seeds, q):
    from articles.search.service import _request, match_ids

    for params in (SearchParams(q=q), SearchParams(q=q, sort="newest"), SearchParams(q=q, copies="all")):
        backend = backends.current()
        parsed = backend.parse(params.q, synonyms=current_synonyms())
        request = _request(params, parsed, offset=0, limit=50)  # as the search page asks
        with_facets = backend.find(request)
        assert with_facets.count and with_facets.facets
        count, ids = match_ids(params, 50)
        assert (count, ids) == (with_facets.count, [pk for pk, _ in with_facets.ranked])
        without = backend.find(replace(request, facets=False))
        assert without.facets == {} and without.distinct_values == {}
        assert (without.count, without.ranked, without.relaxed) == (
            with_facets.count, with_facets.ranked, with_facets.relaxed)
