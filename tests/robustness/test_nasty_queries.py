"""Any query string and any parameter: an answer (200 or 400), never a server error."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

WHOOSH_SYNTAX = '+-&|!(){}[]^"~*?:\\/'
QUERIES = [
    "", " ", "a" * 10_000, "nato " * 2_000, "x\x00y", "\x00", '"', '"""', '"nato', "nato\"", "(", ")", "((nato",
    "[", "]", "{nato}", "[1 TO", "OR", "AND", "NOT", "-", "--", "- -", "OR OR OR", "nato OR", "NOT nato",
    "-nato", "*", "?", "~", "^", "nato^", "nato~2", "nato*", "title:", ":", "source:", "type:", "entity:",
    "type:person", "source:-", "-source:x", "foo:bar:baz", "\\", "\\\\", "'", "`", "%", "%00", "&", "|", "!",
    *WHOOSH_SYNTAX, WHOOSH_SYNTAX, WHOOSH_SYNTAX * 50, "<script>alert(1)</script>", "{{ x }}",
    "\u202e\u200b\ufeff", "🇮🇩" * 100, "ÿ" * 500, "nato\tpasukan\nrusia\rukraina", "a" * 1000 + " nato",
    " ".join(["nato"] * 500), " OR ".join(["nato"] * 300), " ".join(f'"{w} {w}"' for w in ["x"] * 200),
    # prefixes and quoted stopwords
    "***", '"*"', "a*", "*a", "**", "na*", "na**", "-na*", "na* OR *", "n*a*t*o", '"dalam"', '"di"', '"yang di dari"',
    '-"dalam"', '"dalam negeri', '"menteri dalam negeri" -"dari"', "pasca-COVID-19", "-19-", "a-1-" * 300,
    " ".join(f"k{n}*" for n in range(100)), " ".join(['"di dalam"'] * 100), "o'*", "'*'", "\\*", "%*", "_*",
]
PARAMETERS = [
    {"page": "0"}, {"page": "-1"}, {"page": "abc"}, {"page": "1e9"}, {"page": "99999999999999999999"},
    {"page": "1000"}, {"page": "1001"}, {"page": ""}, {"from": "2024-13-45"}, {"from": "0001-01-01"},
    {"to": "9999-12-31"}, {"from": "0001-01-01", "to": "9999-12-31"}, {"from": "2024-05-01", "to": "2024-01-01"},
    {"from": "kemarin"}, {"to": "\x00"}, {"sort": "oldest"}, {"sort": ""}, {"sort": "newest"},
    {"type": "person"}, {"type": "alien"}, {"source": "../../etc"}, {"source": "a" * 300},
    {"entity": "<x>"}, {"entity": "a" * 400}, {"source": "tidak-ada"}, {"q": ["nato", "rusia"]},
]


ENDPOINTS = ["search", "api-search"]


def _unanswered(client, name: str, cases: list[dict]) -> list[tuple[dict, int]]:
    """The cases that got neither 200 nor 400 (or an API answer of the wrong shape)."""
    url = reverse(name)
    bad = []
    for params in cases:
        with override_settings(API_RATE_LIMIT=0):  # more than a minute's allowance: the limit has its own tests
            response = client.get(url, params)
        if response.status_code not in (200, 400):
            bad.append((params, response.status_code))
        elif name == "api-search":
            data = response.json()
            if ("count" if response.status_code == 200 else "errors") not in data:
                bad.append((params, "shape"))
    return bad


# One test per endpoint and list (the seeds are ingested and indexed once per test, not per query).
@pytest.mark.parametrize("name", ENDPOINTS)
def test_any_query_gets_an_answer(client, indexed_seeds, name):
    assert _unanswered(client, name, [{"q": query} for query in QUERIES]) == []


def test_any_query_gets_an_answer_on_postgres(client, seeds):
    # Queries become tsquery literals there: a quote or a prefix must never reach PostgreSQL as syntax.
    with override_settings(SEARCH_BACKEND="postgres"):
        call_command("reindex", stdout=io.StringIO())
        assert _unanswered(client, "api-search", [{"q": query} for query in QUERIES]) == []


@pytest.mark.parametrize("name", ENDPOINTS)
def test_any_parameter_gets_an_answer(client, indexed_seeds, name):
    assert _unanswered(client, name, [{"q": "nato", **params} for params in PARAMETERS]) == []


@pytest.mark.parametrize("name", ENDPOINTS)
def test_undecodable_query_strings_get_an_answer(client, indexed_seeds, name):
    for raw in ("q=%ED%A0%80", "q=%FF%FE", "q=%00", "page=%00", "q=nato&q=%C0%AF", "from=%E2%80%AE"):
        assert client.get(f"{reverse(name)}?{raw}").status_code in (200, 400), raw


def test_bad_parameters_are_refused_with_400_and_errors(client, indexed_seeds):
    for params in ({"page": "0"}, {"page": "abc"}, {"from": "2024-13-45"}, {"sort": "oldest"}, {"type": "alien"},
                   {"from": "2024-05-01", "to": "2024-01-01"}, {"q": "a" * 10_001}):
        response = client.get(reverse("api-search"), params)
        assert response.status_code == 400, params
        assert response.json()["errors"], params


def test_a_plain_query_still_finds_the_seeds(client, indexed_seeds):
    assert client.get(reverse("api-search"), {"q": "NATO"}).json()["count"] > 0


@pytest.mark.parametrize("path", [
    "/articles/99999999999999999999/x/", "/articles/1/%00/", "/entities/%3Cscript%3E/", "/sources/a%00b/",
    "/entities/tidak-ada/?page=-1", "/api/articles/99999999999999999999", "/api/entities/%00",
])
def test_odd_paths_are_404_not_500(client, db, path):
    assert client.get(path).status_code == 404

