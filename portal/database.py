"""Database settings: `DATABASE_URL`, or the private cluster the Makefile starts under var/postgres."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def database_config(url: str | None, private_socket_dir: Path) -> dict:
    """The DATABASES["default"] entry; only PostgreSQL is accepted."""
    if not url:
        if not private_socket_dir.exists():
            raise ImproperlyConfigured(
                "DATABASE_URL is unset and no private cluster runs: start one with `make db-start` "
                "(make run and make test do it for you)"
            )
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "telusur",
            "USER": "postgres",
            "HOST": str(private_socket_dir),
            "PORT": "",
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...)")
    return config


# A replica that does not answer within this many seconds counts as down (the reader is served by the primary).
REPLICA_CONNECT_TIMEOUT = 2


def replica_configs(urls: list[str]) -> dict[str, dict]:
    """DATABASES entries `replica1`, `replica2`, ... for `DATABASE_REPLICA_URLS`, read by `portal.replicas`."""
    replicas = {}
    for number, url in enumerate(urls, start=1):
        try:
            config = database_config(url, Path())
        except ImproperlyConfigured as exc:
            raise ImproperlyConfigured(f"DATABASE_REPLICA_URLS, entry {number}: {exc}") from exc
        config.setdefault("OPTIONS", {})["connect_timeout"] = REPLICA_CONNECT_TIMEOUT
        # A test run needs no database of its own there: the replica mirrors the primary's.
        config["TEST"] = {"MIRROR": "default"}
        replicas[f"replica{number}"] = config
    return replicas
