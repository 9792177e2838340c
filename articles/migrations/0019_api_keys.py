"""API keys (hashed, revocable), which editors create, see and revoke in the admin."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# Frozen copy of the editors' new rights (articles/roles.py): migrations must not import code that changes later.
GROUP = "Redaksi"
CODENAMES = ["view_apikey", "add_apikey", "change_apikey"]


def let_editors_manage_keys(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="articles",
                                                        codename__in=CODENAMES))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0018_editor_review'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='Untuk siapa atau untuk apa kunci ini.', max_length=200, verbose_name='nama')),
                ('prefix', models.CharField(editable=False, max_length=16, verbose_name='awalan')),
                ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='dibuat')),
                ('last_used_at', models.DateTimeField(editable=False, null=True, verbose_name='terakhir dipakai')),
                ('revoked_at', models.DateTimeField(editable=False, null=True, verbose_name='dicabut')),
                ('created_by', models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dibuat oleh')),
            ],
            options={
                'verbose_name': 'kunci API',
                'verbose_name_plural': 'kunci API',
                'ordering': ['-created_at'],
            },
        ),
        migrations.RunPython(let_editors_manage_keys, migrations.RunPython.noop),
    ]
