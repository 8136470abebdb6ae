"""Helpers for tests that drive the staff screens with the Django test client."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.users.models import UserProfile

from feedback.permissions import DEPARTMENT_STAFF_GROUP, MODERATOR_GROUP


def grant_admin_access(moderators=(), clerks=()):
    """Let these accounts into the Wagtail admin, as the demo's groups do."""
    access_admin = Permission.objects.get(codename="access_admin")
    for group_name, users in ((MODERATOR_GROUP, moderators), (DEPARTMENT_STAFF_GROUP, clerks)):
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(access_admin)
        for user in users:
            user.groups.add(group)


def desk_url(issue):
    return reverse("echowall_admin:issue", args=[issue.pk])


def desk(client, user, issue):
    """The issue desk as `user` sees it (HTML)."""
    client.force_login(user)
    response = client.get(desk_url(issue))
    assert response.status_code == 200
    return response.content.decode()


def prefer_english(user):
    """The admin in English for this account (assertions on wording survive translation)."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
