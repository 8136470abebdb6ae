"""`manage.py escalate_reopened` back-fills 提级督办 for issues sent back often enough before
escalation existed: the same stamp as a live reopen (the round it ended marked, a private event),
dated at the reopen that reached the limit; a closed issue is escalated with its marker already
over; `--dry-run` only counts; a second run changes nothing."""

from io import StringIO

from django.core.management import call_command

from feedback.models import IssueEvent
from feedback.workflow import Status
from tests.feedback.test_escalation import reopen_rounds


def run(*args):
    out = StringIO()
    call_command("escalate_reopened", *args, stdout=out)
    return out.getvalue().strip()


def test_the_back_fill_escalates_issues_reopened_often_enough_once(
    settings, issue_in, moderator, staff_a, department_a
):
    settings.ECHOWALL = {"ESCALATE_AFTER_REOPENS": 0}  # before the feature: nothing stamped
    three = reopen_rounds(issue_in(Status.ASSIGNED), 3, moderator, staff_a, department_a)
    two = reopen_rounds(issue_in(Status.ASSIGNED), 2, moderator, staff_a, department_a)
    closed = reopen_rounds(issue_in(Status.ASSIGNED), 4, moderator, staff_a, department_a)
    closed.post_reply(staff_a, department_a, "已彻底修复。")
    closed.resolve(staff_a, department_a, "彻底修复。")
    closed.close(moderator)
    settings.ECHOWALL = {}  # the default: 3

    assert run("--dry-run") == "2 issue(s) would be escalated."
    three.refresh_from_db()
    assert three.escalated_at is None

    assert run() == "Escalated 2 issue(s)."
    for issue in (three, two, closed):
        issue.refresh_from_db()
    third_reopen = IssueEvent.objects.filter(issue=three, action=IssueEvent.Action.REOPENED)[2]
    assert three.escalated_at == third_reopen.created_at
    assert three.is_escalated
    assert list(three.assignments.filter(escalated=True).values_list("round", flat=True)) == [3]
    event = IssueEvent.objects.get(issue=three, action=IssueEvent.Action.ESCALATED)
    assert event.data == {"reopens": 3, "departments": [department_a.name]}
    assert not event.is_public
    assert two.escalated_at is None
    assert closed.escalated_at is not None and not closed.is_escalated
    assert closed.escalation_closed_at == closed.closed_at

    assert run("--dry-run") == "0 issue(s) would be escalated."
    assert run() == "Escalated 0 issue(s)."
    assert IssueEvent.objects.filter(action=IssueEvent.Action.ESCALATED).count() == 2


def test_the_back_fill_does_nothing_while_escalation_is_off(
    settings, issue_in, moderator, staff_a, department_a
):
    settings.ECHOWALL = {"ESCALATE_AFTER_REOPENS": 0}
    issue = reopen_rounds(issue_in(Status.ASSIGNED), 3, moderator, staff_a, department_a)
    assert run() == "Escalated 0 issue(s)."
    issue.refresh_from_db()
    assert issue.escalated_at is None
