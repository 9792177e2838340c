"""The PostgreSQL baseline: the `indonesian` text search configuration over the same articles, GIN-indexed.

A side table `bench_fts(id, source_id, published, tsv)` in the bench database holds
`to_tsvector('indonesian', title || ' ' || body)`; a query is `websearch_to_tsquery('indonesian', q)`, ranked
by `ts_rank_cd`, top 10, with the total count of matches (as a search page needs it). `statement()` needs no
Django: the HTTP baseline (bench/fts_wsgi.py) runs the very same statement with plain psycopg.
"""

import time
from dataclasses import dataclass
from datetime import datetime

TABLE = "bench_fts"
SEARCH_SQL = f"""
SELECT id, count(*) OVER () AS total
FROM {TABLE}, websearch_to_tsquery('indonesian', %(q)s) AS query
WHERE tsv @@ query {{filters}}
ORDER BY ts_rank_cd(tsv, query) DESC, id
LIMIT %(limit)s
"""


@dataclass
class BuildStats:
    seconds: float
    rows: int
    index_bytes: int


def build() -> BuildStats:
    """(Re)create the side table and its GIN index from articles_article; returns how long it took."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"""
            CREATE TABLE {TABLE} AS
            SELECT id, source_id, published, to_tsvector('indonesian', title || ' ' || body) AS tsv
            FROM articles_article""")
        cursor.execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY (id)")
        cursor.execute(f"CREATE INDEX {TABLE}_tsv ON {TABLE} USING gin (tsv)")
        cursor.execute(f"CREATE INDEX {TABLE}_source ON {TABLE} (source_id, published)")
        cursor.execute(f"ANALYZE {TABLE}")
        cursor.execute(f"SELECT count(*), pg_relation_size('{TABLE}_tsv') FROM {TABLE}")
        rows, index_bytes = cursor.fetchone()
    return BuildStats(time.perf_counter() - started, rows, index_bytes)


def statement(q: str, *, source_id: int | None = None, date_from: datetime | None = None,
              date_to: datetime | None = None, limit: int = 10) -> tuple[str, dict]:
    """(SQL, named parameters) of the search: rows (id, total matches), best first, `limit` at most."""
    filters, params = [], {"q": q, "limit": limit}
    if source_id is not None:
        filters.append("AND source_id = %(source_id)s")
        params["source_id"] = source_id
    if date_from is not None:
        filters.append("AND published >= %(date_from)s")
        params["date_from"] = date_from
    if date_to is not None:
        filters.append("AND published < %(date_to)s")
        params["date_to"] = date_to
    return SEARCH_SQL.format(filters=" ".join(filters)), params


def search(q: str, *, source_id: int | None = None, date_from: datetime | None = None,
           date_to: datetime | None = None, limit: int = 10) -> tuple[list[int], int]:
    """(ids of the top `limit` matches, total number of matches)."""
    from django.db import connection

    sql, params = statement(q, source_id=source_id, date_from=date_from, date_to=date_to, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)
