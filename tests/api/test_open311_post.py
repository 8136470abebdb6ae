"""Open311 GeoReport v2, posting: `POST requests` with the API key of an "Open311 clients" member
makes a post that waits for moderation like the form's (source open311, private contact, the
reporter's confirmation e-mail), answered with a token (service type batch); `tokens/<token>`
gives the `service_request_id` once a moderator publishes it and a 404 once it is rejected.
A missing, unknown or revoked key, or one of a user outside the group, is a 403; each key may
post `OPEN311_POSTS_PER_HOUR` times an hour (429 beyond); wrong arguments are the spec's 400s
and 404s, named one by one."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from wagtail.models import APIToken

from api.models import Open311Submission
from feedback.models import Issue
from feedback.workflow import RejectionReason, Source, Status

URL = "/open311/v2/requests.json"


def post_data(api_key, **overrides):
    data = {
        "api_key": api_key,
        "service_code": "chengguan",
        "attribute[district]": "chengdong",
        "description": "人民路88号路口的井盖松动，车辆经过时响声很大。已经持续一周了。",
        "address_string": "人民路88号",
        "email": "zhao@example.org",
        "phone": "13900001111",
        "first_name": "赵",
        "last_name": "六",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def post(client, data, fmt="json"):
    response = client.post(f"/open311/v2/requests.{fmt}", data)
    body = json.loads(response.content) if fmt == "json" else ET.fromstring(response.content)
    return response, body


@pytest.fixture
def services(category, district):
    return category, district


def test_a_post_with_a_valid_key_waits_for_moderation_and_gives_a_token(
    client, api_key, services, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response, body = post(client, post_data(api_key))
    assert response.status_code == 200, body
    ((answer),) = body
    assert set(answer) == {"token", "service_notice"}
    submission = Open311Submission.objects.get(token=answer["token"])
    issue = submission.issue
    assert issue in Issue.objects.awaiting_moderation()
    assert issue not in Issue.objects.public()
    assert issue.source == Source.OPEN311
    assert issue.title == "人民路88号路口的井盖松动，车辆经过时响声很大。"
    assert issue.body.startswith("人民路88号路口")
    assert (issue.location, issue.district.slug, issue.category.slug) == (
        "人民路88号",
        "chengdong",
        "chengguan",
    )
    assert (issue.contact_email, issue.contact_phone) == ("zhao@example.org", "13900001111")
    assert issue.display_name == ""  # names are not stored: anonymous in public
    assert submission.api_token.user.username == "open311.app"
    assert [message.to for message in mail.outbox] == [["zhao@example.org"]]
    waiting = client.get(f"/open311/v2/tokens/{answer['token']}.json")
    assert json.loads(waiting.content) == [{"service_request_id": None, "token": answer["token"]}]


def test_a_moderator_publishing_the_post_gives_its_id_through_the_token(
    client, api_key, services, moderator
):
    _response, ((answer),) = post(client, post_data(api_key))
    issue = Open311Submission.objects.get(token=answer["token"]).issue
    issue.publish(moderator)
    for fmt in ("json", "xml"):
        response = client.get(f"/open311/v2/tokens/{answer['token']}.{fmt}")
        if fmt == "json":
            assert json.loads(response.content) == [
                {"service_request_id": issue.pk, "token": answer["token"]}
            ]
        else:
            root = ET.fromstring(response.content)
            assert root.findtext("request/service_request_id") == str(issue.pk)
    listed = json.loads(client.get(f"/open311/v2/requests/{issue.pk}.json").content)
    assert listed[0]["address"] == "人民路88号，城东街道"
    assert "13900001111" not in json.dumps(listed, ensure_ascii=False)


def test_a_rejected_post_s_token_is_a_404(client, api_key, services, moderator):
    _response, ((answer),) = post(client, post_data(api_key))
    issue = Open311Submission.objects.get(token=answer["token"]).issue
    issue.reject(moderator, RejectionReason.INSUFFICIENT, "请补充。")
    assert client.get(f"/open311/v2/tokens/{answer['token']}.json").status_code == 404
    assert client.get("/open311/v2/tokens/no-such-token.json").status_code == 404


def test_the_answer_in_xml_carries_the_token(client, api_key, services):
    response, root = post(client, post_data(api_key), fmt="xml")
    assert response.status_code == 200
    assert root.tag == "service_requests"
    token = root.findtext("request/token")
    assert Open311Submission.objects.filter(token=token).exists()


def test_coordinates_alone_are_a_location_kept_private(client, api_key, services):
    data = post_data(api_key, address_string=None, lat="30.2741", long="120.1551")
    response, ((answer),) = post(client, data)
    assert response.status_code == 200, answer
    issue = Open311Submission.objects.get(token=answer["token"]).issue
    assert (issue.location, issue.submitted_location) == ("", "30.2741,120.1551")


@pytest.mark.parametrize(
    "api_key", ["", "wagtail_not-a-real-token", "revoked", "outside the group"]
)
def test_a_missing_unknown_revoked_or_foreign_key_is_a_403_and_stores_nothing(
    client, services, open311_client_user, plain_user, api_key
):
    if api_key == "revoked":
        token, api_key = APIToken.create_token(user=open311_client_user, name="old")
        token.revoked_at = timezone.now()
        token.save()
    elif api_key == "outside the group":
        _token, api_key = APIToken.create_token(user=plain_user, name="not a client")
    response, errors = post(client, post_data(api_key))
    assert response.status_code == 403
    assert errors[0]["code"] == 403 and "api_key" in errors[0]["description"]
    assert not Issue.objects.exists()


def test_a_client_removed_from_the_group_loses_its_key(client, api_key, services):
    assert post(client, post_data(api_key))[0].status_code == 200
    Group.objects.get(name="Open311 clients").user_set.clear()
    assert post(client, post_data(api_key))[0].status_code == 403


def test_each_key_may_post_the_hourly_limit_then_gets_a_429(
    client, api_key, services, settings, open311_client_user
):
    settings.ECHOWALL = {**settings.ECHOWALL, "OPEN311_POSTS_PER_HOUR": 2}
    assert [post(client, post_data(api_key))[0].status_code for _ in range(3)] == [200, 200, 429]
    response, errors = post(client, post_data(api_key))
    assert response.status_code == 429 and errors[0]["code"] == 429
    assert int(response["Retry-After"]) > 0
    assert Issue.objects.count() == 2
    _token, other_key = APIToken.create_token(user=open311_client_user, name="second app")
    assert post(client, post_data(other_key))[0].status_code == 200


def test_missing_arguments_are_400s_named_one_by_one(client, api_key, services):
    data = post_data(
        api_key, service_code="", description="", address_string=None, **{"attribute[district]": ""}
    )
    response, errors = post(client, data)
    assert response.status_code == 400
    described = " ".join(error["description"] for error in errors)
    for name in ("service_code", "attribute[district]", "description", "address_string"):
        assert name in described
    assert {error["code"] for error in errors} == {400}
    assert not Issue.objects.exists()


def test_an_unknown_service_code_is_a_404_and_a_long_description_a_400(client, api_key, services):
    response, errors = post(client, post_data(api_key, service_code="nope"))
    assert response.status_code == 404 and "nope" in errors[0]["description"]
    response, errors = post(client, post_data(api_key, description="长" * 3001))
    assert response.status_code == 400 and "3000" in errors[0]["description"]
    response, errors = post(client, post_data(api_key, email="not-an-address"))
    assert response.status_code == 400 and "email" in errors[0]["description"]
    assert not Issue.objects.exists()


def test_a_post_needs_no_csrf_token_but_a_get_cannot_create(client, api_key, services):
    from django.test import Client  # noqa: PLC0415 (a client that enforces CSRF, this test only)

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, post_data(api_key)).status_code == 200
    assert client.get(URL, post_data(api_key)).status_code == 200
    assert Issue.objects.filter(status=Status.SUBMITTED).count() == 1
