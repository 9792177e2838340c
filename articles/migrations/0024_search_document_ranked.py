import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

# Every lexeme of a word as written starts with the backend's LITERAL_MARK ("="); the rest is what ranking reads.
FILL = """
UPDATE articles_articlesearchdocument
SET ranked = ts_delete(document, ARRAY(SELECT lexeme FROM unnest(tsvector_to_array(document)) AS lexeme
                                       WHERE left(lexeme, 1) = '='))
"""


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0023_article_dateline_entity'),
    ]

    operations = [
        migrations.AddField(
            model_name='articlesearchdocument',
            name='ranked',
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name='articlesearchdocument',
            name='ranked',
            field=django.contrib.postgres.search.SearchVectorField(),
        ),
        migrations.AddIndex(
            model_name='articlesearchdocument',
            index=django.contrib.postgres.indexes.GinIndex(fields=['ranked'], name='article_search_ranked_gin'),
        ),
    ]
