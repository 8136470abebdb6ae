"""Open311 clients and media staff with Wagtail API tokens, made the way the admin makes them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import APIToken

from api.open311.posting import CLIENTS_GROUP


@pytest.fixture
def open311_client_user(db):
    user = get_user_model().objects.create_user("open311.app", "", "pw-open311")
    user.groups.add(Group.objects.get(name=CLIENTS_GROUP))  # made by api's data migration
    return user


@pytest.fixture
def api_key(open311_client_user):
    """The plaintext key of an Open311 client's token (shown once, stored as a digest)."""
    _token, plaintext = APIToken.create_token(user=open311_client_user, name="城市App")
    return plaintext
