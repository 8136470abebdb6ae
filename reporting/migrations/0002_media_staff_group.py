"""The Wagtail group "Media staff" (媒体工作人员) of the TV programme 行风视线: the admin, and their
own API tokens (wagtail.api.v3's screens) for the exports."""

from django.db import migrations

MEDIA_STAFF = "Media staff"
TOKEN_CODENAMES = {"add": "Can add API token", "view": "Can view API token", "delete": "Can delete API token"}


def media_staff(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group, _created = Group.objects.get_or_create(name=MEDIA_STAFF)
    group.permissions.add(access_admin)
    # Permissions are made after migrate on a fresh database: make the token ones now.
    token_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="apitoken"
    )
    for action, name in TOKEN_CODENAMES.items():
        permission, _created = Permission.objects.get_or_create(
            content_type=token_type, codename=f"{action}_apitoken", defaults={"name": name}
        )
        group.permissions.add(permission)


def remove_media_staff(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=MEDIA_STAFF).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_hot_topics_and_tv_desk"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(media_staff, remove_media_staff)]
