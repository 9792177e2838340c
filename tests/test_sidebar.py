"""The search sidebar: facet slugs become names, each option knows the link that toggles it."""

from datetime import date

import pytest
from django.http import QueryDict

from articles.search.service import SearchParams
from articles.sidebar import active_filters, clean_query, facet_groups, group_by_type, month_bounds, page_window


def test_page_window_shows_neighbours_and_the_ends_with_gaps():
    assert page_window(1, 1) == [1]
    assert page_window(1, 3) == [1, 2, 3]
    assert page_window(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]


def test_clean_query_drops_empty_parameters():
    assert clean_query(QueryDict("q=nato&source=&to=&page=2")).urlencode() == "q=nato&page=2"


def test_month_bounds_know_february():
    assert month_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert month_bounds("bukan") is None


def test_group_by_type_keeps_a_fixed_order_and_skips_empty_types():
    class Item:
        def __init__(self, type):
            self.type = type

    groups = group_by_type([Item("location"), Item("person"), Item("location")])
    assert [(code, len(items)) for code, _title, items in groups] == [("person", 1), ("location", 2)]


@pytest.mark.django_db
def test_facet_groups_name_sources_and_entities_in_two_queries(seeds, django_assert_num_queries):
    facets = {"source": [("okezone", 1), ("medcom", 1)], "entity": [("jens-stoltenberg", 5), ("nato", 5)],
              "entity_type": [("person", 5)], "month": [("2022-03", 2), ("2022-10", 1)]}
    params = SearchParams(q="nato", source="okezone", date_from=date(2022, 3, 1), date_to=date(2022, 3, 31))
    with django_assert_num_queries(2):
        groups = facet_groups(facets, params)
    by_key = {(group.key, group.type): group for group in groups}
    sources = by_key[("source", "")].options
    assert [(o.label, o.selected) for o in sources] == [("Okezone", True), ("Medcom", False)]
    assert sources[0].toggle == {"source": None, "page": None}
    assert sources[1].toggle == {"source": "medcom", "page": None}
    assert [o.label for o in by_key[("entity", "person")].options] == ["Jens Stoltenberg"]
    assert [o.label for o in by_key[("entity", "organization")].options] == ["NATO"]
    months = by_key[("month", "")].options
    assert [o.value for o in months] == ["2022-10", "2022-03"] and months[1].selected
    assert months[0].toggle == {"from": "2022-10-01", "to": "2022-10-31", "page": None}
    pills = active_filters(params, groups)
    assert [(p.label, p.remove) for p in pills] == [
        ("Okezone", {"source": None, "page": None}), ("Maret 2022", {"from": None, "to": None, "page": None})]


@pytest.mark.parametrize(("given", "kept"), [
    ("q=nato&source=antara&source=kompas", "q=nato&source=kompas"),
    ("q=nato&source=antara&source=", "q=nato"),
    ("q=&q=nato&page=2&page=", "q=nato"),
])
def test_a_repeated_parameter_is_kept_as_the_search_reads_it(given, kept):
    from articles.follow import followed_query
    from articles.forms import SearchForm

    query = QueryDict(given)
    form = SearchForm(query)
    assert form.is_valid()
    assert clean_query(query).urlencode() == kept
    searched = {name: str(value) for name, value in form.cleaned_data.items() if value and name in ("q", "source")}
    assert dict(QueryDict(followed_query(query)).items()) == searched
