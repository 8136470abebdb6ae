"""提级督办: an issue sent back (reopened) `ESCALATE_AFTER_REOPENS` times is escalated once, by
the reporter's "still there" as well as by a moderator; the stamp is history, the marker ends at
closing, and the responsible department's staff see it on their list and desk."""

import pytest

from feedback.models import IssueEvent
from feedback.workflow import Status


def reopen_rounds(issue, times, moderator, staff_a, department_a, by_reporter=False):
    """Resolve and reopen `issue` (assigned to department A) `times` times."""
    for _round in range(times):
        issue.refresh_from_db()
        issue.post_reply(staff_a, department_a, "已安排人员现场处理。")
        issue.resolve(staff_a, department_a, "已处理完毕。")
        if by_reporter:
            issue.reopen(None, by_reporter=True, note="反映人说问题依旧。")
        else:
            issue.reopen(moderator, "回访时群众反映仍未解决。")
    issue.refresh_from_db()
    return issue


def _escalations(issue):
    return IssueEvent.objects.filter(issue=issue, action=IssueEvent.Action.ESCALATED)


@pytest.mark.parametrize("by_reporter", [False, True], ids=["moderator", "reporter"])
def test_an_issue_is_escalated_at_the_third_reopen_and_not_before(
    by_reporter, issue_in, moderator, staff_a, department_a
):
    issue = issue_in(Status.ASSIGNED)
    reopen_rounds(issue, 2, moderator, staff_a, department_a, by_reporter)
    assert issue.escalated_at is None and not issue.is_escalated
    assert not _escalations(issue).exists()

    reopen_rounds(issue, 1, moderator, staff_a, department_a, by_reporter)
    assert issue.is_escalated
    event = _escalations(issue).get()
    assert event.data == {"reopens": 3, "departments": [department_a.name]}
    assert not event.is_public
    # The round whose work was sent back the third time carries the mark; the new one does not.
    assert list(issue.assignments.filter(escalated=True).values_list("round", flat=True)) == [3]


def test_an_issue_is_escalated_once_however_often_it_comes_back(
    issue_in, moderator, staff_a, department_a
):
    issue = reopen_rounds(issue_in(Status.ASSIGNED), 5, moderator, staff_a, department_a)
    assert _escalations(issue).count() == 1
    assert issue.assignments.filter(escalated=True).count() == 1


def test_the_setting_chooses_after_how_many_reopens_and_zero_turns_it_off(
    settings, issue_in, moderator, staff_a, department_a
):
    settings.ECHOWALL = {"ESCALATE_AFTER_REOPENS": 1}
    sooner = reopen_rounds(issue_in(Status.ASSIGNED), 1, moderator, staff_a, department_a)
    assert sooner.is_escalated

    settings.ECHOWALL = {"ESCALATE_AFTER_REOPENS": 0}
    never = reopen_rounds(issue_in(Status.ASSIGNED), 4, moderator, staff_a, department_a)
    assert not never.is_escalated and not _escalations(never).exists()


def test_closing_ends_the_marker_and_keeps_the_stamp(issue_in, moderator, staff_a, department_a):
    issue = reopen_rounds(issue_in(Status.ASSIGNED), 3, moderator, staff_a, department_a)
    issue.post_reply(staff_a, department_a, "已彻底修复。")
    issue.resolve(staff_a, department_a, "彻底修复。")
    issue.close(moderator)
    issue.refresh_from_db()
    assert issue.escalated_at is not None
    assert issue.escalation_closed_at is not None
    assert not issue.is_escalated
