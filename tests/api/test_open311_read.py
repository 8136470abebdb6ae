"""Open311 GeoReport v2, reading: `discovery`, `services`, `services/<code>`, `requests` and
`requests/<id>` give the spec's fields in JSON and XML (parsed back here), W3C dates with the
+08:00 zone, the spec's filters and its 90-day / 1,000-request window, over public threads only:
never a merged, hidden, rejected or unmoderated post, never the reporter's contact, name or case
number; a constant number of queries; the spec's error bodies for wrong arguments."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.open311.filters import MAX_REQUESTS
from feedback.models import Issue
from feedback.workflow import Status
from tests.wall.test_public_visibility import a_photo

BASE = "/open311/v2"
# The spec's fields of a service request (GeoReport v2, GET Service Requests).
SPEC_REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
    "long", "media_url",
}  # fmt: skip
# Those the wall has no data for (no coordinates, no notice on a read).
OMITTED = {"service_notice", "address_id", "zipcode", "lat", "long"}
SPEC_SERVICE_FIELDS = {
    "service_code", "service_name", "description", "metadata", "type", "keywords", "group",
}  # fmt: skip
W3C_WITH_ZONE = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$"


def get_json(client, path, **params):
    response = client.get(f"{BASE}/{path}.json", params)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response, json.loads(response.content)


def get_xml(client, path, **params):
    response = client.get(f"{BASE}/{path}.xml", params)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return response, ET.fromstring(response.content)


def xml_records(root):
    return [{child.tag: child.text for child in record} for record in root]


def ids_listed(client, **params):
    response, body = get_json(client, "requests", **params)
    assert response.status_code == 200, body
    return [request["service_request_id"] for request in body]


@pytest.fixture
def answered(issue_in, department_a):
    issue = issue_in(Status.ANSWERED, photos=[a_photo()], contact_email="wang@example.org")
    return Issue.objects.get(pk=issue.pk)


def test_every_service_field_of_the_spec_is_given_in_json_and_xml(client, category):
    _response, services = get_json(client, "services")
    assert "市住建局" in services[0].pop("description")  # its usual department
    assert services == [
        {
            "service_code": "chengguan",
            "service_name": "城市管理",
            "metadata": True,
            "type": "batch",
            "keywords": "",
            "group": "",
        }
    ]
    _response, root = get_xml(client, "services")
    assert root.tag == "services"
    (record,) = xml_records(root)
    assert set(record) == SPEC_SERVICE_FIELDS
    assert record["metadata"] == "true" and record["type"] == "batch"
    assert record["service_code"] == "chengguan" and record["keywords"] is None


def test_a_service_definition_asks_for_the_district_from_the_list(client, category, district):
    _response, definition = get_json(client, "services/chengguan")
    assert definition["service_code"] == "chengguan"
    district_attribute, title_attribute = definition["attributes"]
    assert district_attribute["code"] == "district"
    assert district_attribute["datatype"] == "singlevaluelist"
    assert district_attribute["required"] is True
    assert district_attribute["values"] == [{"key": "chengdong", "name": "城东街道"}]
    assert (title_attribute["code"], title_attribute["required"]) == ("title", False)
    _response, root = get_xml(client, "services/chengguan")
    assert root.tag == "service_definition"
    values = root.find("attributes/attribute/values")
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [("chengdong", "城东街道")]


def test_an_unknown_service_code_is_a_404_with_the_spec_error_body(client, category):
    response, errors = get_json(client, "services/no-such-thing")
    assert response.status_code == 404
    assert errors[0]["code"] == 404 and "no-such-thing" in errors[0]["description"]
    response, root = get_xml(client, "services/no-such-thing")
    assert root.tag == "errors" and root.findtext("error/code") == "404"


def test_every_request_field_of_the_spec_is_given_from_the_public_thread(client, answered):
    _response, (request,) = get_json(client, "requests")
    assert set(request) == SPEC_REQUEST_FIELDS - OMITTED
    assert request["service_request_id"] == answered.pk
    assert request["status"] == "open"
    assert request["status_notes"] == "已答复（市住建局）"
    assert (request["service_name"], request["service_code"]) == ("城市管理", "chengguan")
    assert request["description"] == f"{answered.title}\n{answered.body}"
    assert request["agency_responsible"] == "市住建局"
    assert request["requested_datetime"] == timezone.localtime(answered.created_at).isoformat(
        timespec="seconds"
    )
    assert request["updated_datetime"] == timezone.localtime(answered.last_activity_at).isoformat(
        timespec="seconds"
    )
    assert request["expected_datetime"] == f"{answered.due_date.isoformat()}T23:59:59+08:00"
    assert request["address"] == "幸福路12号，城东街道"
    photo = answered.photos.get()
    assert request["media_url"] == f"http://testserver/wall/{answered.pk}/photos/{photo.pk}/"
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert re.match(W3C_WITH_ZONE, request[name]), request[name]


def test_the_xml_list_carries_the_same_fields_as_the_json(client, answered):
    _response, (from_json,) = get_json(client, "requests")
    _response, root = get_xml(client, "requests")
    assert root.tag == "service_requests"
    (from_xml,) = xml_records(root)
    assert {**from_json, "service_request_id": str(answered.pk)} == from_xml


def test_a_missing_value_is_null_in_json_and_an_empty_element_in_xml(client, issue_in):
    issue = issue_in(Status.PUBLISHED)  # no department, no due date, no photo
    _response, (request,) = get_json(client, "requests")
    assert request["expected_datetime"] is None and request["media_url"] is None
    assert request["agency_responsible"] == "" and request["status_notes"] == "已公开"
    _response, root = get_xml(client, "requests")
    assert root.find("request/expected_datetime") is not None
    assert root.findtext("request/expected_datetime") == ""
    assert root.findtext("request/service_request_id") == str(issue.pk)


def test_a_resolved_thread_is_closed_with_its_last_reply_as_notes(client, issue_in):
    issue = issue_in(Status.RESOLVED)
    _response, (request,) = get_json(client, "requests")
    issue.refresh_from_db()
    assert request["status"] == "closed"
    assert request["status_notes"] == "路灯已更换。"
    assert request["updated_datetime"] == timezone.localtime(issue.resolved_at).isoformat(
        timespec="seconds"
    )


def test_one_request_is_a_list_of_one_and_a_private_one_is_a_404(client, answered, make_issue):
    _response, body = get_json(client, f"requests/{answered.pk}")
    assert [request["service_request_id"] for request in body] == [answered.pk]
    _response, root = get_xml(client, f"requests/{answered.pk}")
    assert [r.findtext("service_request_id") for r in root] == [str(answered.pk)]
    waiting = make_issue()
    response, errors = get_json(client, f"requests/{waiting.pk}")
    assert response.status_code == 404 and errors[0]["code"] == 404


def test_only_public_threads_are_listed_and_nothing_private_is_in_the_body(
    client, issue_in, make_issue, moderator
):
    public = issue_in(Status.ASSIGNED, contact_email="secret.mail@example.org")
    rejected = issue_in(Status.REJECTED)
    waiting = make_issue()
    hidden = issue_in(Status.PUBLISHED)
    hidden.hide(moderator, "含有他人隐私。")
    merged = issue_in(Status.PUBLISHED)
    Issue.objects.filter(pk=merged.pk).update(status=Status.MERGED, merged_into=public)
    ids = [rejected.pk, waiting.pk, hidden.pk, merged.pk, public.pk]
    for params in ({}, {"service_request_id": ",".join(map(str, ids))}):
        assert ids_listed(client, **params) == [public.pk]
    for fmt in ("json", "xml"):
        body = client.get(f"{BASE}/requests.{fmt}").content.decode()
        for secret in ("secret.mail@example.org", "13812345678", "王先生", public.case_number):
            assert secret not in body
        for other in (rejected, waiting, hidden, merged):
            assert f"/wall/{other.pk}/" not in body


def test_service_request_ids_override_every_other_argument(client, issue_in, other_category):
    issue = issue_in(Status.PUBLISHED)
    Issue.objects.filter(pk=issue.pk).update(created_at=timezone.now() - timedelta(days=200))
    assert ids_listed(client) == []
    listed = ids_listed(
        client, service_request_id=f"{issue.pk},999999", status="closed", service_code="chengguan"
    )
    assert listed == [issue.pk]


def test_the_service_code_and_status_filters(
    client, issue_in, make_issue, other_category, moderator
):
    open_one = issue_in(Status.ASSIGNED)
    closed_one = issue_in(Status.CLOSED)
    other = make_issue(category=other_category)
    other.publish(moderator)
    assert set(ids_listed(client)) == {open_one.pk, closed_one.pk, other.pk}
    assert set(ids_listed(client, service_code="chengguan")) == {open_one.pk, closed_one.pk}
    assert ids_listed(client, service_code="jiaotong-chuxing") == [other.pk]
    assert set(ids_listed(client, status="open")) == {open_one.pk, other.pk}
    assert ids_listed(client, status="closed") == [closed_one.pk]
    assert ids_listed(client, status="closed", service_code="jiaotong-chuxing") == []
    assert set(ids_listed(client, status="open,closed")) == {open_one.pk, closed_one.pk, other.pk}
    response, errors = get_json(client, "requests", service_code="nope")
    assert response.status_code == 404 and "nope" in errors[0]["description"]
    response, errors = get_json(client, "requests", status="pending")
    assert response.status_code == 400


def received(issue, days_ago):
    Issue.objects.filter(pk=issue.pk).update(created_at=timezone.now() - timedelta(days=days_ago))


def test_the_default_window_is_the_last_90_days(client, issue_in):
    recent, old = issue_in(Status.PUBLISHED), issue_in(Status.PUBLISHED)
    received(recent, 89)
    received(old, 91)
    assert ids_listed(client) == [recent.pk]


def test_start_and_end_dates_with_a_zone_select_on_the_received_time(client, issue_in):
    first, second, third = (issue_in(Status.PUBLISHED) for _ in range(3))
    received(first, 100)
    received(second, 50)
    received(third, 10)
    now = timezone.localtime()
    start = (now - timedelta(days=60)).isoformat(timespec="seconds")
    end = (now - timedelta(days=30)).isoformat(timespec="seconds")
    assert ids_listed(client, start_date=start, end_date=end) == [second.pk]
    assert ids_listed(client, start_date=start) == [third.pk, second.pk]
    # Only an end: the 90 days before it.
    utc_end = (timezone.now() - timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids_listed(client, end_date=utc_end) == [second.pk, first.pk]
    # Only a start: at most 90 days from it.
    long_ago = (now - timedelta(days=105)).isoformat(timespec="seconds")
    assert ids_listed(client, start_date=long_ago) == [second.pk, first.pk]


def test_dates_without_a_zone_or_over_90_days_apart_are_a_400_naming_each(client):
    response, errors = get_json(
        client, "requests", start_date="2026-11-01", end_date="2026-11-02T00:00:00"
    )
    assert response.status_code == 400
    assert [error["description"].split(" ")[0] for error in errors] == ["start_date", "end_date"]
    assert {error["code"] for error in errors} == {400}
    response, errors = get_json(
        client,
        "requests",
        start_date="2026-06-01T00:00:00+08:00",
        end_date="2026-09-01T00:00:00+08:00",
    )
    assert response.status_code == 400 and "90" in errors[0]["description"]
    response, root = get_xml(client, "requests", start_date="yesterday")
    assert response.status_code == 400
    assert root.tag == "errors" and root.findtext("error/code") == "400"
    assert "start_date" in root.findtext("error/description")


def test_at_most_1000_requests_newest_first(client, issue_in):
    from tests.api.bulk import public_issues  # noqa: PLC0415 (bulk helper, only this test)

    first = issue_in(Status.PUBLISHED)
    received(first, 30)
    made = public_issues(first, MAX_REQUESTS)
    listed = ids_listed(client)
    assert len(listed) == MAX_REQUESTS
    assert first.pk not in listed  # the 1,001st, the oldest
    assert listed[0] == made[-1].pk


def test_the_list_takes_the_same_queries_for_2_and_60_requests(client, issue_in):
    from tests.api.bulk import public_issues  # noqa: PLC0415 (bulk helper, only this test)

    template = issue_in(Status.ANSWERED, photos=[a_photo()])
    public_issues(template, 1)
    with CaptureQueriesContext(connection) as few:
        assert len(ids_listed(client)) == 2
    public_issues(template, 58)
    with CaptureQueriesContext(connection) as many:
        assert len(ids_listed(client)) == 60
    assert len(many) == len(few) <= 6


def test_a_foreign_jurisdiction_and_another_format_are_404(client, answered):
    response, errors = get_json(client, "requests", jurisdiction_id="elsewhere.gov")
    assert response.status_code == 404
    assert ids_listed(client, jurisdiction_id="echowall") == [answered.pk]
    assert client.get(f"{BASE}/requests.html").status_code == 404
    assert client.get(f"{BASE}/requests.json").headers["Access-Control-Allow-Origin"] == "*"


def test_another_method_is_a_405_with_an_error_body(client, answered):
    response = client.delete(f"{BASE}/requests/{answered.pk}.json")
    assert response.status_code == 405
    assert json.loads(response.content)[0]["code"] == 405


def test_discovery_names_the_endpoint_and_its_formats(client):
    _response, body = get_json(client, "discovery")
    (endpoint,) = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert body["max_requests"] == 1000
    _response, root = get_xml(client, "discovery")
    formats = [f.text for f in root.find("endpoints/endpoint/formats")]
    assert set(formats) == {"text/xml", "application/json"}
