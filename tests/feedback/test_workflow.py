"""The status machine: every legal move stamps, audits and logs; every illegal one changes nothing."""

from datetime import timedelta
from itertools import product

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from feedback.models import Assignment, Issue, IssueEvent, Message
from feedback.workflow import (
    OPEN_FOR_DEPARTMENT,
    TRANSITIONS,
    IllegalTransition,
    RejectionReason,
    Status,
)

LEGAL = sorted((source, target) for source, targets in TRANSITIONS.items() for target in targets)
ILLEGAL = sorted(
    (source, target)
    for source, target in product(Status, Status)
    if target not in TRANSITIONS[source]
)
# Out of "merged", each legal move is an unmerge back to the status the report had.
UNMERGES = {(s, t) for s, t in LEGAL if s == Status.MERGED}

# Moves between departments while they handle an issue (`feedback.models.transfers`).
TRANSFERS = {
    (s, t)
    for s, t in LEGAL
    if s in OPEN_FOR_DEPARTMENT and t in {Status.ASSIGNED, Status.PUBLISHED, Status.REOPENED}
}


def reopened_and_handled(issue_in, source, moderator, staff, department):
    """An issue in `source` in its second round (handed back, it goes to "reopened")."""
    issue = issue_in(Status.RESOLVED)
    issue.reopen(moderator, "群众反映问题依旧")
    if source == Status.ANSWERED:
        issue.post_reply(staff, department, "我局再次派人核实。")
    return issue


# The time each move stamps on the issue.
STAMP_OF = {
    Status.PUBLISHED: "published_at",
    Status.REJECTED: "rejected_at",
    Status.ASSIGNED: "first_assigned_at",
    Status.ANSWERED: "first_answered_at",
    Status.RESOLVED: "resolved_at",
    Status.CLOSED: "closed_at",
    Status.REOPENED: "last_activity_at",
}


def snapshot(issue):
    """Everything a move could touch: the row, its events, log entries, assignments, messages."""
    return {
        "issue": Issue.objects.filter(pk=issue.pk).values().get(),
        "events": list(IssueEvent.objects.filter(issue=issue).values_list("pk", "action")),
        "log_entries": ModelLogEntry.objects.filter(object_id=str(issue.pk)).count(),
        "assignments": list(
            Assignment.objects.filter(issue=issue).values_list(
                "pk", "is_active", "reopened", "resolved_at", "first_reply_at"
            )
        ),
        "messages": Message.objects.filter(issue=issue).count(),
    }


def attempt_move(issue, target, moderator, staff, department):
    """The public method that leads to `target`, called by someone allowed to call it."""
    due = timezone.localdate() + timedelta(days=7)
    if target == Status.PUBLISHED:
        return issue.publish(moderator)
    if target == Status.REJECTED:
        return issue.reject(moderator, RejectionReason.DUPLICATE, "重复")
    if target == Status.ASSIGNED:
        return issue.assign(moderator, [department], due)
    if target == Status.RESOLVED:
        return issue.resolve(staff, department, "已处理")
    if target == Status.CLOSED:
        return issue.close(moderator)
    if target == Status.REOPENED:
        return issue.reopen(moderator, "仍未解决")
    if target == Status.SUBMITTED:
        return issue._move(Status.SUBMITTED, moderator)
    if target == Status.MERGED:
        return issue.merge_into(moderator, an_earlier_thread(issue), "同一问题")
    # "answered" is reached only by a first reply on an assigned issue: the move itself.
    return issue._move(Status.ANSWERED, moderator)


def an_earlier_thread(issue):
    """A public thread of the same district received before `issue` (a merge target)."""
    earlier = issue.created_at - timedelta(days=1)
    return Issue.objects.create(
        title="更早的同类诉求",
        body="同一问题",
        category=issue.category,
        district=issue.district,
        status=Status.PUBLISHED,
        created_at=earlier,
        published_at=earlier,
    )


def _department_a_still_assigned(issue, department):
    return issue.assignments.filter(department=department, is_active=True).exists()


@pytest.mark.parametrize(("source", "target"), ILLEGAL, ids=[f"{s}->{t}" for s, t in ILLEGAL])
def test_illegal_move_is_refused_with_a_clear_message_and_changes_nothing(
    source, target, issue_in, moderator, staff_a, department_a
):
    issue = issue_in(source)
    before = snapshot(issue)

    if target == Status.RESOLVED and not _department_a_still_assigned(issue, department_a):
        # Without an active assignment the department is not even allowed to try.
        with pytest.raises(PermissionDenied):
            attempt_move(issue, target, moderator, staff_a, department_a)
    else:
        with pytest.raises(IllegalTransition) as refused:
            attempt_move(issue, target, moderator, staff_a, department_a)
        message = str(refused.value)
        assert f"'{source}'" in message and f"'{target}'" in message
        assert "reachable only from" in message
        assert refused.value.current == source and refused.value.target == target

    assert snapshot(issue) == before


@pytest.mark.parametrize(("source", "target"), ILLEGAL, ids=[f"{s}->{t}" for s, t in ILLEGAL])
def test_the_single_move_gate_refuses_every_illegal_pair(source, target, issue_in, moderator):
    issue = issue_in(source)
    before = snapshot(issue)
    with pytest.raises(IllegalTransition):
        issue._move(target, moderator)
    assert snapshot(issue) == before


def test_every_pair_of_states_is_either_legal_or_illegal():
    assert len(LEGAL) + len(ILLEGAL) == len(Status) ** 2
    # 8 steps forward, 6 transfers between departments, 6 merges and 6 unmerges (并单)
    assert len(LEGAL) == 26


def perform_legal_move(issue, source, target, moderator, staff, department):
    """The move, its actor, its note and the action it is logged as."""
    due = timezone.localdate() + timedelta(days=5)
    if target == Status.MERGED:
        issue.merge_into(moderator, an_earlier_thread(issue), "同一问题、同一地点")
        return moderator, "同一问题、同一地点", "merged"
    if source == Status.MERGED:
        issue.unmerge(moderator, "并错了")
        return moderator, "并错了", "unmerged"
    if (source, target) in TRANSFERS and target == Status.ASSIGNED:
        issue.reassign(moderator, [department], due)
        return moderator, "", "reassigned"
    if (source, target) in TRANSFERS:  # the last department's "not ours"
        issue.hand_back(staff, department, "不属于本局职责")
        return staff, "不属于本局职责", "handed_back"
    return (*_step_forward(issue, target, moderator, staff, department, due), target)


def _step_forward(issue, target, moderator, staff, department, due):
    if target == Status.PUBLISHED:
        issue.publish(moderator)
        return moderator, ""
    if target == Status.REJECTED:
        issue.reject(moderator, RejectionReason.ADVERTISING, "广告内容")
        return moderator, "广告内容"
    if target == Status.ASSIGNED:
        issue.assign(moderator, [department], due)
        return moderator, ""
    if target == Status.ANSWERED:
        issue.post_reply(staff, department, "我局已派人核实。")
        return staff, ""
    if target == Status.RESOLVED:
        issue.resolve(staff, department, "已修复")
        return staff, "已修复"
    if target == Status.CLOSED:
        issue.close(moderator, "测评结束")
        return moderator, "测评结束"
    if target == Status.REOPENED:
        issue.reopen(moderator, "群众反映问题依旧")
        return moderator, "群众反映问题依旧"
    raise AssertionError(target)


@pytest.mark.parametrize(("source", "target"), LEGAL, ids=[f"{s}->{t}" for s, t in LEGAL])
def test_legal_move_stamps_its_time_and_writes_an_event_and_a_wagtail_log_entry(
    source, target, issue_in, moderator, staff_a, department_a
):
    if source == Status.MERGED:
        # A report in `target` merged into an earlier thread: the unmerge gives `target` back.
        issue = issue_in(target)
        issue.merge_into(moderator, an_earlier_thread(issue), "同一问题")
    else:
        issue = issue_in(source)
    if (source, target) in TRANSFERS and target == Status.REOPENED:
        issue = reopened_and_handled(issue_in, source, moderator, staff_a, department_a)
    events_before = set(IssueEvent.objects.filter(issue=issue).values_list("pk", flat=True))
    started = timezone.now()

    actor, why, action = perform_legal_move(issue, source, target, moderator, staff_a, department_a)

    issue.refresh_from_db()
    if target == Status.MERGED:
        assert issue.merged_at >= started and issue.merged_into is not None
    elif source == Status.MERGED:
        assert issue.merged_at is None and issue.merged_into is None
    elif (source, target) in TRANSFERS:
        # A transfer keeps the first assignment's time and the publication's.
        assert issue.first_assigned_at < started and issue.published_at < started
    elif (source, target) == (Status.REOPENED, Status.ASSIGNED):
        # first_assigned_at keeps the first round; the new round carries its own time.
        assert issue.first_assigned_at < started
        assert issue.assignments.get(is_active=True).assigned_at >= started
    else:
        stamp = getattr(issue, STAMP_OF[target])
        assert stamp is not None and stamp >= started
    assert issue.last_activity_at >= started
    event = (
        IssueEvent.objects.filter(issue=issue, to_status=target).exclude(pk__in=events_before).get()
    )
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        actor,
        source,
        target,
        why,
    )
    log_entry = ModelLogEntry.objects.filter(
        object_id=str(issue.pk), action=f"feedback.{action}"
    ).latest("timestamp")
    assert log_entry.user == actor
    assert log_entry.data["from"] == source and log_entry.data["to"] == target
    if target == Status.REOPENED and (source, target) not in TRANSFERS | UNMERGES:
        # Reopening hands the issue straight back to the departments that resolved it.
        assert issue.status == Status.ASSIGNED
        assert issue.reopen_count == 1
    else:
        assert issue.status == target


def test_reopen_sends_the_issue_back_to_the_same_departments_in_a_new_round(
    issue_in, moderator, department_a
):
    issue = issue_in(Status.RESOLVED)

    issue.reopen(moderator, "问题依旧")

    issue.refresh_from_db()
    assert issue.status == Status.ASSIGNED
    assert issue.due_date >= timezone.localdate()
    first, second = issue.assignments.order_by("round")
    assert (first.round, first.is_active, first.reopened) == (1, False, True)
    assert (second.round, second.is_active, second.department) == (2, True, department_a)
    moves = list(issue.events.exclude(to_status="").values_list("from_status", "to_status"))
    assert moves[-2:] == [("resolved", "reopened"), ("reopened", "assigned")]


def test_reporter_can_reopen_without_an_account(issue_in):
    issue = issue_in(Status.RESOLVED)
    issue.reopen(None, "还是没修好", by_reporter=True)
    issue.refresh_from_db()
    assert issue.status == Status.ASSIGNED
    event = issue.events.get(to_status=Status.REOPENED)
    assert event.actor is None and event.data == {"by_reporter": True}


def test_first_reply_answers_the_issue_and_later_replies_keep_its_status(
    issue_in, staff_a, department_a
):
    issue = issue_in(Status.ASSIGNED)
    issue.post_reply(staff_a, department_a, "第一次答复")
    issue.refresh_from_db()
    first_answered = issue.first_answered_at

    issue.post_reply(staff_a, department_a, "补充答复")

    issue.refresh_from_db()
    assert issue.status == Status.ANSWERED
    assert issue.first_answered_at == first_answered
    assert issue.last_answered_at > first_answered
    assert issue.events.filter(to_status=Status.ANSWERED).count() == 1


def test_a_stale_copy_of_the_issue_cannot_make_an_illegal_move(make_issue, moderator):
    """The move re-reads the status under a row lock instead of trusting the instance."""
    issue = make_issue()
    stale = Issue.objects.get(pk=issue.pk)
    issue.publish(moderator)

    assert stale.status == Status.SUBMITTED  # what the stale copy believes
    with pytest.raises(IllegalTransition, match="'published' to 'rejected'"):
        stale.reject(moderator, RejectionReason.DUPLICATE)

    issue.refresh_from_db()
    assert issue.status == Status.PUBLISHED and issue.rejected_at is None


def test_moves_lock_the_row_while_checking_the_status(make_issue, moderator):
    issue = make_issue()
    with CaptureQueriesContext(connection) as queries:
        issue.publish(moderator)
    reads = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith("SELECT")
        and '"status"' in q["sql"]
        and "feedback_issue" in q["sql"]
    ]
    assert reads, "the move must re-read the status from the database"
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in sql.upper() for sql in reads)


def test_rejection_needs_a_reason_from_the_list(make_issue, moderator):
    issue = make_issue()
    with pytest.raises(ValidationError):
        issue.reject(moderator, "because", "")
    issue.refresh_from_db()
    assert issue.status == Status.SUBMITTED and issue.rejection_reason == ""


def test_assignment_needs_a_department_and_a_due_date_not_in_the_past(
    published_issue, moderator, department_a
):
    with pytest.raises(ValidationError):
        published_issue.assign(moderator, [], timezone.localdate())
    with pytest.raises(ValidationError):
        published_issue.assign(moderator, [department_a], timezone.localdate() - timedelta(days=1))
    published_issue.refresh_from_db()
    assert published_issue.status == Status.PUBLISHED
    assert not published_issue.assignments.exists()


def test_assignment_to_several_departments_opens_one_assignment_each(
    published_issue, moderator, department_a, department_b
):
    due = timezone.localdate() + timedelta(days=3)
    published_issue.assign(moderator, [department_a, department_b], due)
    assert set(
        published_issue.assignments.filter(is_active=True).values_list(
            "department__slug", "due_date"
        )
    ) == {("zhujian", due), ("jiaotong", due)}


def test_submission_is_recorded_without_an_actor(make_issue):
    issue = make_issue()
    event = issue.events.get()
    assert (event.action, event.actor, event.to_status, event.is_public) == (
        "submitted",
        None,
        "submitted",
        True,
    )
    assert issue.status == Status.SUBMITTED and issue.published_at is None
    assert len(issue.tracking_code) >= 32


def test_moderator_can_reopen_for_other_departments(issue_in, moderator, department_b):
    issue = issue_in(Status.RESOLVED)
    issue.reopen(moderator, "应由交通部门处理", reassign=False)
    issue.refresh_from_db()
    assert issue.status == Status.REOPENED
    assert not issue.assignments.filter(is_active=True).exists()
    assert issue.assignments.filter(
        reopened=True
    ).exists()  # still counts against the first department
    issue.assign(moderator, [department_b], timezone.localdate() + timedelta(days=5))
    assert list(issue.assignments.filter(is_active=True).values_list("department", flat=True)) == [
        department_b.pk
    ]
