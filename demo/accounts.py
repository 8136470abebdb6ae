"""Demo accounts that are a group's member and nothing else (the supervisor, the TV programme's
media editor), listed with the demo logins; an existing one keeps its password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission


def build_group_account(username, group_name, first_name, password, logins, login_class):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@example.org",
            "password": make_password(password),
            "first_name": first_name,
        },
    )
    # Made by a data migration; made again here should it have been deleted since.
    group, _created = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    logins.append(login_class(username, group_name, password if created else ""))
    return user
