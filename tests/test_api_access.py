"""The API's rate limit per client address and the API keys that lift it (articles/api_access.py)."""

import hashlib
import multiprocessing
from pathlib import Path

import pytest
from django.core import checks
from django.utils.module_loading import import_string

from articles.api_access import api_key_for_token, api_key_issue
from articles.models import ApiKey
from portal.cache import counter_cache_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit_of_three(settings):
    settings.API_RATE_LIMIT = 3


def test_an_anonymous_client_over_the_limit_gets_429_with_retry_after(client, limit_of_three):
    answers = [client.get("/api/autocomplete", {"q": "jo"}) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["errors"]["__all__"][0]["code"] == "rate_limited"
    assert "no-cache" in refused["Cache-Control"]


def test_every_api_endpoint_counts_towards_one_allowance(client, indexed_seeds, limit_of_three):
    for path in ("/api/search?q=NATO", f"/api/articles/{indexed_seeds[0].pk}", "/api/entities/nato"):
        assert client.get(path).status_code == 200
    assert client.get("/api/search?q=NATO").status_code == 429


def test_each_client_address_has_its_own_allowance(client, limit_of_three):
    for _ in range(3):
        client.get("/api/autocomplete", REMOTE_ADDR="203.0.113.7")
    assert client.get("/api/autocomplete", REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.get("/api/autocomplete", REMOTE_ADDR="203.0.113.8").status_code == 200


def test_reader_pages_are_never_limited(client, indexed_seeds, limit_of_three):
    for _ in range(5):
        assert client.get("/search/", {"q": "NATO"}).status_code == 200
    assert client.get("/api/search", {"q": "NATO"}).status_code == 200


def test_a_limit_of_zero_turns_the_limit_off(client, settings):
    settings.API_RATE_LIMIT = 0
    assert all(client.get("/api/autocomplete").status_code == 200 for _ in range(5))


def test_an_api_key_lifts_the_limit_and_notes_its_last_use(client, limit_of_three):
    key = ApiKey(name="Skrip riset")
    token = api_key_issue(key)
    answers = [client.get("/api/autocomplete", headers={"Authorization": f"Bearer {token}"}) for _ in range(6)]
    assert {answer.status_code for answer in answers} == {200}
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_key_is_stored_only_as_its_hash(db):
    key = ApiKey(name="Mitra")
    token = api_key_issue(key)
    stored = ApiKey.objects.values_list("prefix", "key_hash").get(pk=key.pk)
    assert stored == (token[:12], hashlib.sha256(token.encode()).hexdigest())
    assert not ApiKey.objects.filter(key_hash=token).exists()


@pytest.mark.parametrize("header", ["Bearer tls_not-a-key", "Bearer ", "Basic dXNlcjpwYXNz", "tls_x"])
def test_an_unknown_key_is_refused_with_401_not_served_anonymously(client, header):
    response = client.get("/api/autocomplete", headers={"Authorization": header})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.json()["errors"]["__all__"][0]["code"] == "invalid_key"


def test_a_revoked_key_is_refused(client, editor_client):
    key = ApiKey(name="Lama")
    token = api_key_issue(key)
    response = editor_client.post("/admin/articles/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert api_key_for_token(token) is None
    assert client.get("/api/autocomplete", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_an_editor_creates_a_key_in_the_admin_and_sees_it_once(client, editor_client, editor, limit_of_three):
    response = editor_client.post("/admin/articles/apikey/add/", {"name": "Tim data Harian"})
    assert response.status_code == 200
    key = ApiKey.objects.get(name="Tim data Harian")
    assert key.created_by == editor
    token = response.context["token"]
    assert token.startswith(key.prefix)
    assert token in response.content.decode()
    assert token not in editor_client.get(f"/admin/articles/apikey/{key.pk}/change/").content.decode()
    for _ in range(5):
        assert client.get("/api/autocomplete", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    listing = editor_client.get("/admin/articles/apikey/").content.decode()
    assert "Tim data Harian" in listing and key.prefix in listing and "aktif" in listing


def _counter_cache(location: str):
    """The rate-limit counters' cache as the settings make it, in `location`."""
    config = counter_cache_config("", Path(location))
    return import_string(config["BACKEND"])(config["LOCATION"], config)


def _count(location: str, key: str, times: int) -> None:
    cache = _counter_cache(location)
    for _ in range(times):
        if not cache.add(key, 1):
            cache.incr(key)


def test_the_counter_cache_loses_no_request_across_processes(tmp_path):
    """Four processes counting one client at once, as four gunicorn workers would."""
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_count, args=(str(tmp_path), "client", 100)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert _counter_cache(str(tmp_path)).get("client") == 400


def test_django_ratelimit_accepts_the_configured_counter_cache():
    found = [message.id for message in checks.run_checks()
             if message.id.startswith("django_ratelimit") and not message.is_silenced()]
    assert found == []
