"""提级督办 on the staff screens: the responsible department's staff see an escalated issue marked
on their list and on its desk; other issues carry no marker."""

from django.urls import reverse

from feedback.workflow import Status
from tests.feedback.test_escalation import reopen_rounds
from tests.staff.staff_desk import desk, grant_admin_access, prefer_english


def test_the_responsible_department_sees_the_marker_on_its_list_and_desk(
    client, issue_in, moderator, staff_a, department_a
):
    escalated = reopen_rounds(
        issue_in(Status.ASSIGNED, title="三次退回的积水问题"), 3, moderator, staff_a, department_a
    )
    ordinary = issue_in(Status.ASSIGNED, title="第一次交办的积水问题")
    grant_admin_access(clerks=[staff_a])
    prefer_english(staff_a)
    client.force_login(staff_a)

    listing = client.get(reverse("echowall_admin:issues"))
    rows = {
        title: row
        for row in listing.content.decode().split("<tr")
        for title in (escalated.title, ordinary.title)
        if title in row
    }
    assert "Escalated for supervision" in rows[escalated.title]
    assert "Escalated for supervision" not in rows[ordinary.title]

    assert "Escalated for supervision" in desk(client, staff_a, escalated)
    assert "Escalated for supervision" not in desk(client, staff_a, ordinary)
