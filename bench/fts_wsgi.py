"""The FTS baseline over HTTP: a bare WSGI application, plain psycopg and no Django, for `scale --http`.

GET /?q=...[&source_id=N&date_from=ISO&date_to=ISO] runs bench/pgfts.py's statement (GIN, websearch_to_tsquery,
ts_rank_cd, top 10 + count) on the bench database (`BENCH_FTS_CONNINFO`, a libpq string) and answers
{"count": total, "ids": [...]}. Each thread keeps one connection, as Django's CONN_MAX_AGE keeps the portal's.
Served by bench/fts_gunicorn.conf.py: the project's gunicorn settings.
"""

import json
import os
import threading
from datetime import datetime
from urllib.parse import parse_qs

import psycopg

from bench.pgfts import statement

_local = threading.local()


def _connection() -> psycopg.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = _local.conn = psycopg.connect(os.environ["BENCH_FTS_CONNINFO"], autocommit=True)
    return conn


def application(environ, start_response):
    """WSGI entry point: the search's JSON, or 400 without `q`."""
    args = {name: values[0] for name, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
    if not args.get("q"):
        start_response("400 Bad Request", [("Content-Type", "text/plain"), ("Content-Length", "9")])
        return [b"q missing"]
    sql, params = statement(
        args["q"], source_id=int(args["source_id"]) if "source_id" in args else None,
        date_from=datetime.fromisoformat(args["date_from"]) if "date_from" in args else None,
        date_to=datetime.fromisoformat(args["date_to"]) if "date_to" in args else None)
    rows = _connection().execute(sql, params).fetchall()
    body = json.dumps({"count": rows[0][1] if rows else 0, "ids": [row[0] for row in rows]}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
