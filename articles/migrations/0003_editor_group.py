"""The editors' group ("Redaksi"): curation permissions in the admin, no superuser needed for daily work."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# A frozen copy of articles/roles.py as it stood here: migrations must not import code that changes later.
GROUP = "Redaksi"
PERMISSIONS = {
    "source": ("view", "add", "change", "delete"),
    "article": ("view", "change", "delete"),
    "entity": ("view", "add", "change", "delete"),
    "alias": ("view", "add", "change", "delete"),
    "mention": ("view", "change", "delete"),
    "storycluster": ("view", "change"),
    "ingestrun": ("view",),
    "ingestfailure": ("view", "change"),
}


def create_editor_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so the group can hold them.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_near_duplicates"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editor_group, remove_editor_group)]
