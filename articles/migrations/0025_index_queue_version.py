from django.db import migrations, models

SEQUENCE = "articles_indexqueue_version"  # as models.INDEX_QUEUE_VERSIONS names it today


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0024_search_document_ranked'),
    ]

    operations = [
        migrations.RunSQL(f"CREATE SEQUENCE {SEQUENCE}", f"DROP SEQUENCE {SEQUENCE}"),
        migrations.AddField(
            model_name='indexqueue',
            name='version',
            field=models.BigIntegerField(db_default=models.Func(models.Value(SEQUENCE), function='nextval')),
        ),
    ]
