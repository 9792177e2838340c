"""Many new rows into one table at once, through PostgreSQL's COPY."""

from collections.abc import Iterable, Sequence

from django.db import connection, models


def rows_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (each a sequence of values for `fields`, model field names, in that order) into `model`'s
    table with COPY (psycopg's `Cursor.copy`); returns how many rows were written.

    For ingest's largest writes (an article's mentions and near-duplicate bands, tens of thousands a chunk),
    where `bulk_create` spent most of its time building model instances and a 30,000-parameter INSERT. Like
    `bulk_create`, it sends no signal, and it also returns no ids and sets no defaults in Python: give every
    column without a database default. Raises django.db.IntegrityError/DataError as an INSERT would (a broken
    row fails the whole COPY), inside the caller's transaction.
    """
    meta, quote = model._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    written = 0
    # COPY lives on the psycopg cursor under Django's; Django's wrapper maps psycopg's errors to its own.
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(
            f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
    return written
