"""A RUM index on the ranked search vector, where the server has the extension (Debian: postgresql-15-rum).

RUM keeps each lexeme's positions in the index, so the best hits come out of it in rank order instead of every
match being ranked (articles.search.backends.postgres). It indexes an expression equal to the column
(`ts_delete(ranked, '{}')`), so the planner never takes it to match: its bitmap scans of several words were
slower than GIN's. Where the extension is missing or may not be created (not installed, no privilege), the
migration says so and the search ranks on the GIN index as before.
"""

from django.db import DatabaseError, migrations, transaction

INDEX = "article_search_ranked_rum"  # postgres.RUM_INDEX
VECTOR = "ts_delete(ranked, '{}'::text[])"  # postgres.RUM_VECTOR


def create_rum_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            print("\n  RUM is not installed on this PostgreSQL server (Debian: apt-get install postgresql-15-rum): "
                  "search ranks every match on the GIN index")
            return
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        except DatabaseError as error:
            print(f"\n  The RUM extension could not be created ({error}): search ranks every match on the GIN index")
            return
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_articlesearchdocument "
                       f"USING rum (({VECTOR}) rum_tsvector_ops)")


def drop_rum_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0025_index_queue_version'),
    ]

    operations = [
        migrations.RunPython(create_rum_index, drop_rum_index, elidable=False),
    ]
