"""A wrongly assigned issue can be moved: a moderator assigns it to other departments with a new
due date, or adds a department, while it is being handled (also after a reporter's "not fixed");
a department says "not ours" with a reason, which hands the issue back to the moderators (it
waits in their queue, badged "published" or, in a reopened round, "reopened", and the reason is
theirs alone). Every move is audited; an assignment moved away counts for no department."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback.models import IssueEvent
from feedback.workflow import Status
from reporting.figures import department_figures
from reporting.periods import Period
from tests.staff.staff_desk import desk, desk_url, grant_admin_access

REASON = "该路段属交通局管辖，请改派交通局。"


@pytest.fixture
def assigned(issue_in, moderator, staff_a, staff_b):
    grant_admin_access(moderators=[moderator], clerks=[staff_a, staff_b])
    return issue_in(Status.ASSIGNED)


def due(days=5):
    return timezone.localdate() + timedelta(days=days)


def active(issue):
    return set(issue.assignments.current().values_list("department__slug", flat=True))


def test_a_moderator_moves_an_assigned_issue_to_another_department(
    client, assigned, moderator, department_b, staff_a, staff_b
):
    client.force_login(moderator)
    client.post(
        desk_url(assigned),
        {
            "action": "reassign",
            "reassign-departments": [department_b.pk],
            "reassign-due_date": due(3).isoformat(),
        },
    )
    assigned.refresh_from_db()
    assert (assigned.status, assigned.due_date, active(assigned)) == (
        Status.ASSIGNED,
        due(3),
        {"jiaotong"},
    )
    assert Client().get(assigned.get_absolute_url()).status_code == 200
    assert assigned.events.filter(action="reassigned", actor=moderator, is_public=True).exists()
    assert not assigned.is_assigned_now(staff_a.department_staff.department)
    desk(client, staff_b, assigned)  # the new department sees it
    client.force_login(staff_a)
    assert client.get(desk_url(assigned)).status_code == 404


def test_an_answered_issue_goes_to_the_new_department_as_assigned(
    issue_in, moderator, department_b
):
    issue = issue_in(Status.ANSWERED)
    issue.reassign(moderator, [department_b], due())
    issue.refresh_from_db()
    assert issue.status == Status.ASSIGNED and active(issue) == {"jiaotong"}


def test_a_moderator_adds_a_department_and_the_state_stays(
    client, issue_in, moderator, department_b
):
    grant_admin_access(moderators=[moderator])
    issue = issue_in(Status.ANSWERED)
    client.force_login(moderator)
    client.post(
        desk_url(issue),
        {"action": "add_department", "department": department_b.pk, "due_date": due(4)},
    )
    issue.refresh_from_db()
    assert issue.status == Status.ANSWERED
    assert active(issue) == {"zhujian", "jiaotong"}
    assert issue.assignments.get(department=department_b).due_date == due(4)


def test_after_a_reporters_not_fixed_the_moderator_can_still_reassign(
    client, issue_in, moderator, department_b
):
    grant_admin_access(moderators=[moderator])
    issue = issue_in(Status.RESOLVED)
    issue.reopen(None, by_reporter=True)  # automatically back with the same department
    page = desk(client, moderator, issue)
    assert 'class="reassign-form"' in page and 'class="add-department-form"' in page
    issue.reassign(moderator, [department_b], due())
    issue.refresh_from_db()
    assert issue.shown_status == Status.REOPENED and active(issue) == {"jiaotong"}


def test_a_clerk_hands_back_an_issue_that_is_not_theirs(client, assigned, staff_a, moderator):
    assert 'class="hand-back-form"' in desk(client, staff_a, assigned)
    response = client.post(desk_url(assigned), {"action": "hand_back", "reason": REASON})
    assert response.status_code == 302 and response["Location"] == reverse("echowall_admin:issues")
    assigned.refresh_from_db()
    assert assigned.status == Status.PUBLISHED and active(assigned) == set()
    event = assigned.events.get(action=IssueEvent.Action.HANDED_BACK)
    assert (event.actor, event.note, event.from_status) == (staff_a, REASON, Status.ASSIGNED)

    queue = desk_queue(client, moderator)
    assert assigned.title in queue and REASON in queue
    assert REASON in desk(client, moderator, assigned)
    public = Client().get(assigned.get_absolute_url()).content.decode()
    assert REASON not in public
    assert REASON not in Client().get(assigned.get_tracking_url()).content.decode()


def desk_queue(client, moderator):
    client.force_login(moderator)
    page = client.get(reverse("echowall_admin:queue")).content.decode()
    return page[page.index('id="awaiting-assignment"') :]


def test_a_hand_back_needs_a_reason_and_keeps_the_issue(client, assigned, staff_a):
    client.force_login(staff_a)
    response = client.post(desk_url(assigned), {"action": "hand_back", "reason": "  "})
    assert response.status_code == 200
    assigned.refresh_from_db()
    assert assigned.status == Status.ASSIGNED and active(assigned) == {"zhujian"}
    with pytest.raises(ValidationError):
        assigned.hand_back(staff_a, staff_a.department_staff.department, "")


def test_in_a_reopened_round_a_hand_back_leaves_the_issue_reopened(issue_in, staff_a):
    issue = issue_in(Status.RESOLVED)
    issue.reopen(None, by_reporter=True)
    issue.hand_back(staff_a, staff_a.department_staff.department, REASON)
    issue.refresh_from_db()
    assert issue.status == Status.REOPENED and active(issue) == set()


def test_with_another_department_left_the_hand_back_changes_no_state(
    issue_in, moderator, staff_a, department_a, department_b
):
    issue = issue_in(Status.ASSIGNED, departments=[department_a, department_b])
    issue.hand_back(staff_a, department_a, REASON)
    issue.refresh_from_db()
    assert issue.status == Status.ASSIGNED and active(issue) == {"jiaotong"}


def test_only_the_right_people_move_an_issue(assigned, staff_a, staff_b, department_b):
    with pytest.raises(PermissionDenied):
        assigned.reassign(staff_a, [department_b], due())
    with pytest.raises(PermissionDenied):
        assigned.add_departments(staff_a, [department_b], due())
    with pytest.raises(PermissionDenied):  # not assigned to department B
        assigned.hand_back(staff_b, department_b, REASON)


def test_an_assignment_moved_away_counts_for_no_department(assigned, moderator, department_b):
    assigned.reassign(moderator, [department_b], due())
    figures = {
        row.department.slug: row for row in department_figures(Period.month(timezone.localdate()))
    }
    assert figures["zhujian"].received == 0
    assert figures["jiaotong"].received == 1
