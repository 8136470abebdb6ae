"""A reporter who consented to be contacted by the TV programme, on a thread featured this week,
and whose contact a media editor has seen on the desk: the contact is still in none of the TV
desk's exports (JSON, CSV, Atom) nor in Open311, and an Open311 post never carries consent."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import APIToken

from feedback.models import Issue
from feedback.workflow import Source, Status
from reporting.desk import build_week, current_week
from reporting.desk_access import MEDIA_STAFF_GROUP
from reporting.desk_contact import reveal_contact

PHONE, EMAIL, NAME = "13700009999", "consent@example.org", "王先生"


@pytest.fixture
def media_user(db):
    user = get_user_model().objects.create_user("tv.chen", "chen@example.org", "pw-tv")
    user.groups.add(Group.objects.get(name=MEDIA_STAFF_GROUP))
    return user


@pytest.fixture
def featured(issue_in, media_user):
    issue = issue_in(
        Status.REOPENED,
        contact_phone=PHONE,
        contact_email=EMAIL,
        display_name=NAME,
        tv_contact_consent=True,
    )
    assert issue.pk in build_week(current_week()).thread_ids()
    assert reveal_contact(media_user, issue, current_week()).phone == PHONE
    return issue


def assert_no_contact(text, issue):
    for secret in (PHONE, EMAIL, issue.case_number, issue.tracking_code, NAME):
        assert secret not in text, secret


@pytest.mark.parametrize("fmt", ["json", "csv", "atom"])
def test_no_tv_export_carries_a_consenting_featured_reporters_contact(
    client, media_user, featured, fmt
):
    token = APIToken.create_token(user=media_user, name="脚本")[1]
    response = client.get(
        f"/api/tv/v1/weeks/{current_week().key}.{fmt}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert f"/wall/{featured.pk}/" in text
    assert_no_contact(text, featured)
    assert "consent" not in text.lower()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_never_carries_a_consenting_featured_reporters_contact(client, featured, fmt):
    listing = client.get(f"/open311/v2/requests.{fmt}").content.decode()
    single = client.get(f"/open311/v2/requests/{featured.pk}.{fmt}").content.decode()
    assert featured.title in single
    for text in (listing, single):
        assert_no_contact(text, featured)
        assert "consent" not in text.lower()


def test_an_open311_post_never_carries_consent(client, api_key, category, district):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": api_key,
            "service_code": category.slug,
            "attribute[district]": district.slug,
            "description": "人民路88号路口的井盖松动，车辆经过时响声很大。已经持续一周了。",
            "address_string": "人民路88号",
            "phone": "13900001111",
            "tv_contact_consent": "on",
        },
    )
    assert response.status_code == 200, response.content
    issue = Issue.objects.get()
    assert issue.source == Source.OPEN311
    assert (issue.tv_contact_consent, issue.tv_consent_at) == (False, None)
