"""/api/openapi.json: a valid OpenAPI 3.1 document that describes every API endpoint and what each answers.

Live answers of each endpoint are validated against it with openapi-core, and schemathesis probes every
operation against a live server with generated parameters (a bounded number of examples each).
"""

import pytest
import schemathesis
from django.http import HttpResponse
from django.urls import get_resolver
from hypothesis import HealthCheck, given, settings
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate as validate_document
from schemathesis import checks

from articles.api_access import api_key_issue
from articles.models import ApiKey, Entity, EntitySlug
from articles.openapi import openapi_document

pytestmark = pytest.mark.django_db
SCHEMATHESIS_EXAMPLES = 25


@pytest.fixture
def spec(client) -> OpenAPI:
    document = client.get("/api/openapi.json").json()
    validate_document(document)
    return OpenAPI.from_dict(document)


def check(spec: OpenAPI, response) -> None:
    """Validate one test-client answer (and the request that got it) against the document."""
    request = DjangoOpenAPIRequest(response.wsgi_request)
    if response.streaming:  # openapi-core reads `.content`: give it the streamed bytes
        streamed = HttpResponse(b"".join(response.streaming_content), status=response.status_code)
        for name, value in response.items():
            streamed[name] = value
        response = streamed
    spec.validate_response(request, DjangoOpenAPIResponse(response))


def test_the_document_is_valid_openapi_and_names_every_api_route(client):
    document = client.get("/api/openapi.json").json()
    validate_document(document)
    routes = {"/" + str(pattern.pattern).replace("<int:pk>", "{id}").replace("<slug:slug>", "{slug}")
              for pattern in get_resolver().url_patterns[-1].url_patterns if str(pattern.pattern).startswith("api/")}
    assert routes == set(document["paths"])


def test_search_parameters_come_from_the_search_form(client):
    from articles.forms import SearchForm

    parameters = openapi_document()["paths"]["/api/search"]["get"]["parameters"]
    assert [parameter["name"] for parameter in parameters] == list(SearchForm().fields)


def test_search_answers_match_the_document(client, spec, indexed_seeds):
    for query in ({"q": "Stoltenberg"}, {"q": "NATO", "sort": "newest", "type": "person", "page": 2},
                  {"q": "Stoltenbreg"}, {"source": indexed_seeds[0].source.slug},
                  {"q": "NATO", "format": "csv"}, {"q": "NATO", "format": "jsonl"}, {"from": "2022-13-45"}):
        response = client.get("/api/search", query)
        assert response.status_code in (200, 400), query
        check(spec, response)


def test_article_entity_and_autocomplete_answers_match_the_document(client, spec, indexed_seeds):
    paths = [f"/api/articles/{indexed_seeds[2].pk}", "/api/articles/424242", "/api/entities/jens-stoltenberg",
             "/api/entities/nobody", "/api/autocomplete?q=sto", "/api/autocomplete", "/api/openapi.json"]
    for path in paths:
        check(spec, client.get(path))


def test_moved_and_hidden_entities_match_the_document(client, spec, seeds):
    entity = Entity.objects.get(slug="jens-stoltenberg")
    EntitySlug.objects.create(entity=entity, slug="stoltenberg-lama")
    moved = client.get("/api/entities/stoltenberg-lama")
    assert moved.status_code == 302
    check(spec, moved)
    Entity.objects.filter(pk=entity.pk).update(hidden=True)
    hidden = client.get("/api/entities/jens-stoltenberg")
    assert hidden.status_code == 410
    check(spec, hidden)


def test_refusals_match_the_document(client, spec, settings):
    settings.API_RATE_LIMIT = 1
    client.get("/api/autocomplete")
    limited = client.get("/api/autocomplete")
    assert limited.status_code == 429
    check(spec, limited)
    bad_key = client.get("/api/autocomplete", headers={"Authorization": "Bearer tls_nope"})
    assert bad_key.status_code == 401
    check(spec, bad_key)


@pytest.fixture
def live_seeds(transactional_db, search_index):
    """The seeds, committed (the live server's threads read them) and indexed."""
    from articles.ingest.pipeline import ingest
    from tests.conftest import SEEDS_DIR

    assert ingest([str(SEEDS_DIR)]).run.failed == 0
    search_index.fill()


def test_schemathesis_finds_no_server_error_or_schema_violation(live_server, live_seeds):
    """Generated requests to every operation; an API key keeps the rate limit out of the way."""
    token = api_key_issue(ApiKey(name="schemathesis"))
    schema = schemathesis.openapi.from_url(live_server.url + "/api/openapi.json")
    wanted = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
              checks.response_schema_conformance, checks.response_headers_conformance]
    operations = [result.ok() for result in schema.get_all_operations()]
    # The document itself takes no input to vary (its answer is checked above).
    assert {operation.path for operation in operations} == set(openapi_document()["paths"]) - {"/api/openapi.json"}
    for operation in operations:
        @settings(max_examples=SCHEMATHESIS_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def probe(case) -> None:
            case.call_and_validate(base_url=live_server.url, headers={"Authorization": f"Bearer {token}"},
                                   checks=wanted)

        probe()
