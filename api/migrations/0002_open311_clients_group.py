"""The group whose members' API tokens may post through Open311 (`api.open311.posting`)."""

from django.db import migrations

CLIENTS_GROUP = "Open311 clients"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=CLIENTS_GROUP)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CLIENTS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_open311_submissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
