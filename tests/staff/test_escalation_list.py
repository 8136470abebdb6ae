"""提级督办: the supervisors' list at /admin/escalations/ shows every escalated issue (the open
escalations first, then the closed ones) with each round of handling: the department, when it
was assigned and resolved, and why the work was sent back. Supervisors and moderators see it
(and its count in the menu); department staff and other staff are refused. Moderators' rows
link to the issue desk, a supervisor's to the public thread (the desk is not theirs). Its number of
queries does not grow with the number of issues and rounds."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.permissions import SUPERVISOR_GROUP, is_supervisor
from feedback.workflow import Status
from tests.feedback.test_escalation import reopen_rounds
from tests.staff.staff_desk import grant_admin_access, prefer_english

LIST_URL = "/admin/escalations/"


@pytest.fixture
def supervisor(db):
    user = get_user_model().objects.create_user("du.ban", "duban@example.org", "pw-duban")
    # Made by the migration; a transactional test elsewhere may have flushed it.
    group, _created = Group.objects.get_or_create(name=SUPERVISOR_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    prefer_english(user)
    return user


@pytest.fixture
def escalated(issue_in, moderator, staff_a, department_a):
    return reopen_rounds(
        issue_in(Status.ASSIGNED, title="三次退回的积水问题"), 3, moderator, staff_a, department_a
    )


def rows(html):
    """{issue pk: its table row} of the list."""
    body = html.split('id="escalations"', 1)[1]
    return {int(row.split('"', 1)[0]): row for row in body.split('<tr data-issue="')[1:]}


def test_the_supervisors_group_exists_with_access_to_the_admin(db):
    group = Group.objects.get(name=SUPERVISOR_GROUP)
    assert group.permissions.filter(codename="access_admin").exists()


def test_a_supervisor_sees_each_round_with_its_department_and_why_it_was_sent_back(
    client, supervisor, escalated, issue_in, department_a
):
    ordinary = issue_in(Status.ASSIGNED, title="第一次交办的积水问题")
    client.force_login(supervisor)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    listed = rows(html)
    assert set(listed) == {escalated.pk}
    assert ordinary.title not in html
    row = listed[escalated.pk]
    assert 'data-escalation="open"' in row
    # A supervisor may not open the issue desk: the row links to the public thread.
    assert f'href="{escalated.get_absolute_url()}"' in row
    assert reverse("echowall_admin:issue", args=[escalated.pk]) not in row
    rounds = row.split('<li data-round="')[1:]
    assert [r.split('"', 1)[0] for r in rounds] == ["1", "2", "3", "4"]
    for sent_back in rounds[:3]:
        assert department_a.name in sent_back
        assert "resolved" in sent_back
        assert "Sent back" in sent_back and "回访时群众反映仍未解决。" in sent_back
    assert "Escalated for supervision" in rounds[2]
    assert "Escalated for supervision" not in rounds[1]
    assert "Sent back" not in rounds[3] and "in progress" in rounds[3]
    assert department_a.name in row.split("<td>")[3]  # the department responsible now
    assert "<td data-days-open>0</td>" in row


def test_open_escalations_come_before_closed_ones_and_the_filter_keeps_either(
    client, supervisor, escalated, issue_in, moderator, staff_a, department_a
):
    finished = reopen_rounds(
        issue_in(Status.ASSIGNED, title="已彻底解决的老问题"), 3, moderator, staff_a, department_a
    )
    finished.post_reply(staff_a, department_a, "已彻底修复。")
    finished.resolve(staff_a, department_a, "彻底修复。")
    finished.close(moderator)
    later = reopen_rounds(
        issue_in(Status.ASSIGNED, title="后来的积水问题"), 3, moderator, staff_a, department_a
    )
    client.force_login(supervisor)

    everything = rows(client.get(LIST_URL).content.decode())
    assert list(everything) == [later.pk, escalated.pk, finished.pk]
    assert 'data-escalation="closed"' in everything[finished.pk]
    assert list(rows(client.get(LIST_URL, {"state": "open"}).content.decode())) == [
        later.pk,
        escalated.pk,
    ]
    assert list(rows(client.get(LIST_URL, {"state": "closed"}).content.decode())) == [finished.pk]


def test_the_department_filter_keeps_the_issues_it_handled_in_any_round(
    client, supervisor, escalated, department_a, department_b
):
    client.force_login(supervisor)
    mine = client.get(LIST_URL, {"department": department_a.pk}).content.decode()
    assert list(rows(mine)) == [escalated.pk]
    other = client.get(LIST_URL, {"department": department_b.pk}).content.decode()
    assert 'id="escalations"' not in other
    nonsense = client.get(LIST_URL, {"department": "x", "state": "maybe"})
    assert nonsense.status_code == 200  # an invalid filter filters nothing, never a 500
    assert list(rows(nonsense.content.decode())) == [escalated.pk]


def test_moderators_see_the_list_and_department_staff_are_refused(
    client, moderator, staff_a, escalated
):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    client.force_login(moderator)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    desk = reverse("echowall_admin:issue", args=[escalated.pk])
    assert f'href="{desk}"' in rows(response.content.decode())[escalated.pk]
    client.force_login(staff_a)
    assert client.get(LIST_URL).status_code == 403


def test_other_staff_are_refused_and_visitors_sent_to_log_in(client, db):
    editor = get_user_model().objects.create_user("bian.ji", "", "pw-editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert not is_supervisor(editor)
    assert client.get(LIST_URL).status_code == 302
    client.force_login(editor)
    assert client.get(LIST_URL).status_code == 403


def test_the_menu_shows_the_open_escalations_to_supervisors_and_moderators_only(
    client, supervisor, moderator, staff_a, escalated
):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    for user in (supervisor, moderator):
        client.force_login(user)
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (
            LIST_URL in home
            and "(1)" in home.split(LIST_URL)[0][-200:] + home.split(LIST_URL)[1][:200]
        )
    client.force_login(staff_a)
    assert LIST_URL not in client.get(reverse("wagtailadmin_home")).content.decode()


def _count_queries(client):
    client.get(LIST_URL)  # warm up: session, Wagtail's menu caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST_URL).status_code == 200
    return len(captured)


def test_the_list_runs_a_constant_number_of_queries(
    client, supervisor, issue_in, moderator, staff_a, department_a
):
    def escalate(count):
        for n in range(count):
            issue = issue_in(Status.ASSIGNED, title=f"积水问题{n}")
            reopen_rounds(issue, 3 + n % 2, moderator, staff_a, department_a)

    client.force_login(supervisor)
    escalate(2)
    few = _count_queries(client)
    escalate(6)
    many = _count_queries(client)
    assert few == many
