"""提级督办: the "Supervisors" group (督办), with access to the Wagtail admin, where it sees the
list of escalated issues (`feedback.permissions.is_supervisor`)."""

from django.db import migrations

SUPERVISORS = "Supervisors"


def supervisors_group(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group, _created = Group.objects.get_or_create(name=SUPERVISORS)
    group.permissions.add(access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0012_merging_escalation_tv_consent"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(supervisors_group, migrations.RunPython.noop)]
