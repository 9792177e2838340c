"""The bench's own PostgreSQL database and Whoosh index, set up before Django starts.

The database server is the one `DATABASE_URL` names (or the private cluster under var/postgres); the bench
creates, migrates and drops its own database `telusur_bench` there and never opens the portal's `telusur`.
"""

import os
import secrets
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("BENCH_DATA") or ROOT.parent / "shared" / "data")  # ../shared/data
INDOSUM = DATA / "news" / "indosum-dev" / "articles.jsonl"
STOPWORDS = DATA / "stopwords" / "stopwords-id.txt"
WORK = ROOT / "var" / "bench"
INDEX_DIR = WORK / "whoosh"
RESULTS = Path(__file__).resolve().parent / "results"
BENCH_DB = "telusur_bench"
PRIVATE_SOCKET = ROOT / "var" / "postgres" / "run"


def bench_database_url() -> str:
    """`DATABASE_URL` (or the private cluster) with the database name replaced by `telusur_bench`."""
    url = os.environ.get("BENCH_SERVER_URL") or os.environ.get("DATABASE_URL")
    if not url:
        return f"postgres://postgres@/{BENCH_DB}?host={PRIVATE_SOCKET}"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def configure() -> None:
    """Point Django at the bench database and index; must run before `django.setup()`."""
    url = bench_database_url()
    os.environ["BENCH_SERVER_URL"] = os.environ.get("BENCH_SERVER_URL") or os.environ.get("DATABASE_URL", "") or url
    os.environ["DATABASE_URL"] = url
    os.environ["SEARCH_INDEX_DIR"] = str(INDEX_DIR)
    # The bench is one client sending thousands of API requests: the per-address limit would answer 429.
    os.environ.setdefault("API_RATE_LIMIT", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if not os.environ.get("SECRET_KEY") and not os.environ.get("SECRET_KEY_FILE"):
        key_file = ROOT / "var" / "secret_key"
        if key_file.exists():
            os.environ["SECRET_KEY_FILE"] = str(key_file)
        else:
            os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    WORK.mkdir(parents=True, exist_ok=True)


def bench_conninfo() -> dict:
    """libpq parameters of the bench database (host: socket dir or address)."""
    parts = urlsplit(bench_database_url())
    query = dict(item.split("=", 1) for item in parts.query.split("&") if "=" in item)
    info = {"dbname": BENCH_DB, "user": parts.username or "postgres"}
    host = parts.hostname or query.get("host")
    if host:
        info["host"] = host
    if parts.port or query.get("port"):
        info["port"] = int(parts.port or query["port"])
    if parts.password:
        info["password"] = parts.password
    return info


def _maintenance_conninfo() -> dict:
    return bench_conninfo() | {"dbname": "postgres", "autocommit": True}


def _admin(sql: str) -> None:
    assert BENCH_DB != "telusur"
    with psycopg.connect(**_maintenance_conninfo()) as conn:
        conn.execute(sql)


def create_database() -> None:
    """A fresh, migrated `telusur_bench`, and an empty index directory."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{BENCH_DB}"')
    call_command("migrate", verbosity=0, interactive=False)
    clear_index()


def migrate_database() -> None:
    """Keep what `telusur_bench` holds (a `--keep` run's corpus and index) and bring its schema up to date."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def drop_database() -> None:
    from django.db import connections

    connections.close_all()
    _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    shutil.rmtree(INDEX_DIR, ignore_errors=True)


def clear_index() -> None:
    """Empty the bench index through haystack (it deletes the directory and recreates the schema)."""
    from haystack import connections

    connections["default"].reset_sessions()
    connections["default"].get_backend().clear()


def reset() -> None:
    """Empty every table of the app (articles, entities, queue, runs) and the index."""
    from django.apps import apps
    from django.db import connection

    tables = [model._meta.db_table for model in apps.get_app_config("articles").get_models()]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    clear_index()
    _forget_registry()
    from django.core.cache import cache

    cache.clear()  # cached pages, aggregates and searches: TRUNCATE changed the rows behind the models' backs
    _new_generation()


def _new_generation() -> None:
    """A new data generation, so that values this process keeps in memory are not served either."""
    try:
        from articles import memo
    except ImportError:  # a tree from before articles/memo.py
        return
    memo.changed()


def _forget_registry() -> None:
    """The entity registry caches the Entity table per process; truncating it must drop that cache."""
    try:
        from articles.entities import registry
    except ImportError:
        return
    invalidate = getattr(registry, "invalidate", None)
    if invalidate:
        invalidate()
