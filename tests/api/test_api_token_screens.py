"""Personal API tokens through Wagtail's own screens (Settings → API tokens): a member of "Media
staff", no superuser, creates a token for themselves only, sees it once, and it is stored as a
digest; revoking it keeps the row and stops it working."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import APIToken

from api.auth import MEDIA_STAFF_GROUP

SELF_SERVICE = ["access_admin", "add_apitoken", "view_apitoken", "delete_apitoken"]


@pytest.fixture
def media_staff_group(db):
    group, _created = Group.objects.get_or_create(name=MEDIA_STAFF_GROUP)
    group.permissions.add(*Permission.objects.filter(codename__in=SELF_SERVICE))
    return group


@pytest.fixture
def reporter_of_the_programme(media_staff_group):
    user = get_user_model().objects.create_user("tv.liu", "liu@example.org", "pw-tv")
    user.groups.add(media_staff_group)
    return user


def create_token(client, user, name="每周一拉取"):
    return client.post(reverse("wagtailusers_api_tokens:add"), {"name": name, "user": user.pk})


def test_media_staff_create_their_own_token_shown_once_and_stored_as_a_digest(
    client, reporter_of_the_programme
):
    client.force_login(reporter_of_the_programme)
    assert client.get(reverse("wagtailusers_api_tokens:index")).status_code == 200
    response = create_token(client, reporter_of_the_programme)
    assert response.status_code == 200
    token = APIToken.objects.get(user=reporter_of_the_programme)
    page = response.content.decode()
    plaintext = next(word for word in page.split('"') if word.startswith("wagtail_"))
    assert APIToken.validate_token_format(plaintext)
    assert token.key_hash in APIToken.candidate_key_hashes(plaintext)
    assert plaintext not in (token.key_hash, token.prefix)
    listing = client.get(reverse("wagtailusers_api_tokens:index")).content.decode()
    assert token.name in listing and plaintext not in listing


def test_media_staff_cannot_make_a_token_for_someone_else(
    client, reporter_of_the_programme, moderator
):
    client.force_login(reporter_of_the_programme)
    response = create_token(client, moderator)
    assert not APIToken.objects.filter(user=moderator).exists()
    assert response.status_code == 200  # the form again, with its error


def test_revoking_a_token_keeps_the_row_and_marks_it(client, reporter_of_the_programme):
    token, _plaintext = APIToken.create_token(user=reporter_of_the_programme, name="旧脚本")
    client.force_login(reporter_of_the_programme)
    response = client.post(reverse("wagtailusers_api_tokens:delete", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_without_the_group_the_screens_are_refused(client, plain_user):
    plain_user.is_staff = True
    plain_user.save()
    client.force_login(plain_user)
    response = client.get(reverse("wagtailusers_api_tokens:index"))
    assert response.status_code in (302, 403)
    assert not APIToken.objects.exists()
