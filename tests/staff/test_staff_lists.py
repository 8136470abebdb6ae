"""The staff list of issues (Wagtail's generic index view) and its export show each account what
it may see, no more: moderators every issue, department staff the issues assigned to their
department now. The export carries no contact data, and the list costs the same number of
queries for few or many issues."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.workflow import Status

from .staff_desk import grant_admin_access

LIST = reverse("echowall_admin:issues")


@pytest.fixture
def staff(moderator, staff_a, staff_b):
    grant_admin_access(moderators=[moderator], clerks=[staff_a, staff_b])


@pytest.fixture
def two_departments(issue_in, department_a, department_b):
    ours = issue_in(Status.ASSIGNED, title="阳光小区路灯不亮", contact_phone="13812345678")
    theirs = issue_in(Status.ASSIGNED, departments=[department_b], title="公交站牌歪了")
    return ours, theirs


def exported_rows(client, user):
    client.force_login(user)
    response = client.get(LIST, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_department_staff_export_only_their_departments_issues(
    client, staff, staff_a, two_departments
):
    ours, theirs = two_departments
    rows = exported_rows(client, staff_a)
    titles = [row[2] for row in rows[1:]]
    assert titles == [ours.title]
    assert ours.case_number in rows[1]
    assert "13812345678" not in "".join(",".join(row) for row in rows)


def test_moderators_export_every_issue(client, staff, moderator, two_departments):
    ours, theirs = two_departments
    titles = {row[2] for row in exported_rows(client, moderator)[1:]}
    assert {ours.title, theirs.title} <= titles


def test_the_export_is_also_a_spreadsheet(client, staff, moderator, two_departments):
    client.force_login(moderator)
    response = client.get(LIST, {"export": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_the_filters_narrow_the_list_and_the_export(client, staff, moderator, two_departments):
    ours, theirs = two_departments
    client.force_login(moderator)
    page = client.get(LIST, {"case": ours.case_number}).content.decode()
    assert ours.title in page and theirs.title not in page
    response = client.get(LIST, {"case": ours.case_number, "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert ours.title in text and theirs.title not in text


def test_people_without_a_department_or_the_moderator_role_get_no_list(client, staff, plain_user):
    client.force_login(plain_user)
    assert client.get(LIST).status_code in (302, 403)


def test_the_list_costs_the_same_queries_for_few_or_many_issues(
    client, staff, moderator, issue_in, department_a, department_b
):
    client.force_login(moderator)
    issue_in(Status.ASSIGNED)
    client.get(LIST)  # warm caches (content types, the account's groups)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for number in range(6):
        issue_in(
            Status.ANSWERED if number % 2 else Status.ASSIGNED,
            departments=[department_a, department_b],
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(few)


def test_overdue_only_lists_the_overdue_issues(client, staff, moderator, two_departments):
    ours, theirs = two_departments
    type(ours).objects.filter(pk=ours.pk).update(due_date=ours.due_date.replace(year=2020))
    client.force_login(moderator)
    page = client.get(LIST, {"overdue": "1"}).content.decode()
    assert ours.title in page and theirs.title not in page
    unticked = client.get(LIST).content.decode()
    assert ours.title in unticked and theirs.title in unticked
