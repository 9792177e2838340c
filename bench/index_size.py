"""`python -m bench.index_size [N]`: the size of both search indexes over the first N IndoSum articles (500).

Whoosh: the index directory merged into one segment; PostgreSQL: the search documents' table with its indexes,
and the mean stored size of one document. Prints one line per backend; uses the bench's own database and index.
"""

import os
import sys
from pathlib import Path

from bench import environment as env


def _directory_bytes(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def measure(count: int) -> dict[str, str]:
    """Ingest `count` IndoSum articles, write both indexes, and describe their sizes."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from articles.search.indexing import merge_index
    from bench.corpus import load_indosum, write_jsonl

    path = env.WORK / f"indosum-{count}.jsonl"
    write_jsonl(load_indosum(env.INDOSUM, count), path)
    from articles.ingest.pipeline import ingest

    ingest([str(path)])
    sizes = {}
    with override_settings(SEARCH_BACKEND="whoosh"):
        call_command("reindex", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
        merge_index()
        sizes["whoosh"] = f"{_directory_bytes(env.INDEX_DIR) / 1024:.0f} KiB (one segment)"
    with override_settings(SEARCH_BACKEND="postgres"):
        call_command("reindex", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE articles_articlesearchdocument")
            cursor.execute("SELECT pg_total_relation_size('articles_articlesearchdocument'), "
                           "avg(pg_column_size(document)), count(*) FROM articles_articlesearchdocument")
            total, mean, documents = cursor.fetchone()
        sizes["postgres"] = (f"{total / 1024:.0f} KiB with indexes, mean document {mean:.0f} bytes "
                             f"({documents} documents)")
    return sizes


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    env.configure()
    import django

    django.setup()
    env.create_database()
    try:
        for backend, size in measure(count).items():
            print(f"{backend}: {size}")
    finally:
        env.drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
