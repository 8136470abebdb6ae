"""The TV desk's exports (/api/tv/v1/weeks/<week>.json|.csv|.atom): media staff (or moderators)
only, by personal API token or admin session; without credentials, with an unknown or revoked
token, or with a bad header beside a good session → 401 and `WWW-Authenticate`; credentials
without the group → 403; both before the week is read. A malformed, non-existent or future week
is a 400. The JSON validates against the committed schema (which equals the models' own), the CSV
(UTF-8 with BOM) and the Atom feed parse back to the same threads, and no export carries the
reporter's contact, consent or not. Every answer is private, no-store."""

import csv
import io
import json

import feedparser
import jsonschema
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import APIToken

from api.auth import MEDIA_STAFF_GROUP
from api.tv import SCHEMA_PATH, json_schema
from api.tv_formats import CSV_COLUMNS
from feedback.workflow import Status
from reporting.desk import BAD_WEEK, build_week, current_week, decide
from reporting.models import DeskDecision

FORMATS = ("json", "csv", "atom")


def url(week, fmt):
    return f"/api/tv/v1/weeks/{week}.{fmt}"


@pytest.fixture
def media_user(db):
    user = get_user_model().objects.create_user("tv.chen", "chen@example.org", "pw-tv")
    user.groups.add(Group.objects.get_or_create(name=MEDIA_STAFF_GROUP)[0])
    return user


@pytest.fixture
def media_token(media_user):
    return APIToken.create_token(user=media_user, name="周一脚本")[1]


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def week():
    return current_week().key


@pytest.fixture
def featured(issue_in):
    """A thread sent back for redoing this week (reason `reopened`), whose reporter consented
    to be contacted by the programme: the contact must still be in no export."""
    issue = issue_in(
        Status.REOPENED, contact_phone="13700009999", contact_email="consent@example.org"
    )
    issue.tv_contact_consent, issue.tv_consent_at = True, timezone.now()
    issue.save(update_fields=["tv_contact_consent", "tv_consent_at"])
    return issue


def assert_private(response):
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_credentials_every_format_is_a_401_that_asks_for_a_bearer_token(client, week, fmt):
    response = client.get(url(week, fmt))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="echowall"'
    assert json.loads(response.content) == {"detail": "Authentication required."}
    assert_private(response)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_or_revoked_token_is_a_401(client, week, media_user, fmt):
    token, plaintext = APIToken.create_token(user=media_user, name="old")
    token.revoke()
    for header in (plaintext, "wagtail_" + "x" * 49, "nonsense"):
        response = client.get(url(week, fmt), **bearer(header))
        assert response.status_code == 401, header
        assert response["WWW-Authenticate"] == 'Bearer realm="echowall"'


def test_a_bad_header_makes_a_good_session_anonymous(client, week, media_user):
    client.force_login(media_user)
    assert client.get(url(week, "json")).status_code == 200
    assert client.get(url(week, "json"), **bearer("wagtail_bad")).status_code == 401


@pytest.mark.parametrize("fmt", FORMATS)
def test_credentials_without_the_group_are_a_403(client, week, plain_user, staff_a, fmt):
    plaintext = APIToken.create_token(user=plain_user, name="mine")[1]
    response = client.get(url(week, fmt), **bearer(plaintext))
    assert response.status_code == 403
    assert json.loads(response.content) == {"detail": "Not allowed."}
    assert_private(response)
    client.force_login(staff_a)  # department staff are not media staff
    assert client.get(url(week, fmt)).status_code == 403


def test_who_may_not_pull_learns_nothing_about_the_week(client, plain_user):
    for week in ("2026-W99", "garbage", "2099-W01"):
        assert client.get(url(week, "json")).status_code == 401
    client.force_login(plain_user)
    assert client.get(url("garbage", "json")).status_code == 403


@pytest.mark.parametrize("week", ["2026-W99", "2025-W53", "2026-w48", "2026-W4", "2099-W01"])
def test_a_malformed_missing_or_future_week_is_a_400(client, media_token, week):
    response = client.get(url(week, "json"), **bearer(media_token))
    assert response.status_code == 400
    assert json.loads(response.content) == {"detail": BAD_WEEK}
    assert_private(response)


def test_a_moderator_session_and_a_media_token_both_pull_the_json(
    client, week, moderator, media_token, featured
):
    by_token = client.get(url(week, "json"), **bearer(media_token))
    assert by_token.status_code == 200
    assert by_token["Content-Type"] == "application/json; charset=utf-8"
    assert_private(by_token)
    client.force_login(moderator)
    assert (
        json.loads(client.get(url(week, "json")).content)["threads"]
        == json.loads(by_token.content)["threads"]
    )


def test_the_committed_schema_is_the_models_own_and_is_served(client):
    committed = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: manage.py tv_week_schema"
    served = client.get("/api/tv/v1/schema/week.json")
    assert served.status_code == 200 and json.loads(served.content) == committed


def test_the_json_export_validates_and_names_the_thread_its_reasons_and_dates(
    client, week, media_token, featured
):
    body = json.loads(client.get(url(week, "json"), **bearer(media_token)).content)
    jsonschema.validate(body, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert body["week"] == week and body["frozen_at"] is None  # in progress
    assert body["start"].endswith("T00:00:00+08:00")
    (thread,) = [t for t in body["threads"] if t["id"] == featured.pk]
    assert "reopened" in [reason["code"] for reason in thread["reasons"]]
    assert thread["url"] == f"http://testserver/wall/{featured.pk}/"
    assert thread["published_at"].endswith("+08:00")
    assert thread["departments"] == [{"slug": "zhujian", "name": "市住建局"}]


def test_no_export_carries_the_reporters_contact(client, week, media_token, featured):
    for fmt in FORMATS:
        text = client.get(url(week, fmt), **bearer(media_token)).content.decode("utf-8-sig")
        assert f"/wall/{featured.pk}/" in text
        for secret in ("13700009999", "consent@example.org", featured.case_number, "王先生"):
            assert secret not in text, (fmt, secret)


def test_the_csv_has_a_bom_and_parses_back_to_the_json_threads(client, week, media_token, featured):
    response = client.get(url(week, "csv"), **bearer(media_token))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    threads = json.loads(client.get(url(week, "json"), **bearer(media_token)).content)["threads"]
    assert list(rows[0]) == [name for name, _value in CSV_COLUMNS]
    assert [int(row["id"]) for row in rows] == [t["id"] for t in threads]
    (row,) = [r for r in rows if int(r["id"]) == featured.pk]
    assert "reopened" in row["reasons"].split(";")
    assert row["departments"] == "市住建局" and row["pinned"] == "false"
    assert row["url"] == f"http://testserver/wall/{featured.pk}/"


def test_the_atom_feed_has_one_entry_per_thread_with_a_tag_id(client, week, media_token, featured):
    response = client.get(url(week, "atom"), **bearer(media_token))
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    threads = json.loads(client.get(url(week, "json"), **bearer(media_token)).content)["threads"]
    year = week[:4]
    assert [entry.id for entry in feed.entries] == [
        f"tag:testserver,{year}:tv/{week}/{t['id']}" for t in threads
    ]
    (entry,) = [e for e in feed.entries if e.id.endswith(f"/{featured.pk}")]
    assert entry.link == f"http://testserver/wall/{featured.pk}/"
    assert featured.title in entry.title


def test_the_follow_up_is_typed_in_the_schema_and_names_earlier_featured_threads(
    client, media_user, media_token, published_issue
):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["properties"]["follow_up"] == {"$ref": "#/$defs/FollowUp"}
    last_week = current_week().previous()
    decide(last_week, DeskDecision.Kind.PIN, media_user, issue=published_issue)
    build_week(last_week)  # frozen with the pin
    body = json.loads(client.get(url(current_week().key, "json"), **bearer(media_token)).content)
    jsonschema.validate(body, schema)
    follow_up = body["follow_up"]
    assert follow_up["weeks"] == [last_week.key]
    [thread] = follow_up["threads"]
    assert thread["id"] == published_issue.pk and thread["reasons"] == ["pinned"]
    assert thread["url"] == f"http://testserver/wall/{published_issue.pk}/"
    assert thread["then"]["status"] == thread["now"]["status"] == Status.PUBLISHED
