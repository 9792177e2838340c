import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.database import database_config
from portal.env import env_bool, env_int, env_list, env_str


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG", False)


def test_env_bool_defaults_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", False) is False


def test_env_int_refuses_non_numbers_and_out_of_range(monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        env_int("PORT", 8000)
    monkeypatch.setenv("PORT", "70000")
    with pytest.raises(ImproperlyConfigured, match="outside"):
        env_int("PORT", 8000, minimum=1, maximum=65535)


def test_env_list_refuses_a_wildcard_host(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org, *")
    with pytest.raises(ImproperlyConfigured, match="'\\*' is not accepted"):
        env_list("ALLOWED_HOSTS", [])
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org, www.example.org")
    assert env_list("ALLOWED_HOSTS", []) == ["example.org", "www.example.org"]


def test_env_str_requires_a_value_without_default(monkeypatch):
    monkeypatch.delenv("SECRET_KEY_TEST", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_TEST must be set"):
        env_str("SECRET_KEY_TEST")


def test_env_str_reads_secrets_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert env_str("TOKEN") == "s3cret"


def test_database_url_must_be_postgresql(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="must point at PostgreSQL"):
        database_config("sqlite:///db.sqlite3", tmp_path)
    config = database_config("postgres://u:p@db.example:5433/news", tmp_path)
    assert (config["ENGINE"], config["NAME"], config["PORT"]) == ("django.db.backends.postgresql", "news", 5433)


def test_without_database_url_the_private_cluster_socket_is_used(tmp_path):
    assert database_config("", tmp_path)["HOST"] == str(tmp_path)
    with pytest.raises(ImproperlyConfigured, match="make db-start"):
        database_config("", tmp_path / "missing")


def test_tests_run_on_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"


def test_replica_urls_become_mirrored_aliases_with_a_short_connect_timeout():
    from portal.database import replica_configs

    replicas = replica_configs(["postgres://reader@db-a:5432/telusur", "postgres://reader@db-b/telusur"])
    assert list(replicas) == ["replica1", "replica2"]
    assert replicas["replica2"]["HOST"] == "db-b"
    assert replicas["replica1"]["TEST"] == {"MIRROR": "default"}
    assert replicas["replica1"]["OPTIONS"]["connect_timeout"] <= 5


def test_a_replica_url_that_is_not_postgresql_is_refused():
    from portal.database import replica_configs

    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URLS, entry 2"):
        replica_configs(["postgres://db-a/telusur", "mysql://db-b/telusur"])


def test_cache_url_chooses_redis_and_unset_keeps_the_disk_cache(tmp_path):
    from portal.cache import cache_config

    assert cache_config("", tmp_path, 100)["BACKEND"] == "portal.cache.OpenDiskCache"
    assert cache_config("", tmp_path, 100)["OPTIONS"] == {"size_limit": 100 * 1024 * 1024}
    assert cache_config("redis://cache:6379/0", tmp_path, 100)["BACKEND"] == "portal.cache.TolerantRedisCache"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_config("memcached://cache:11211", tmp_path, 100)
