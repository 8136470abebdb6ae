"""回头看: what became of the threads and departments featured on the TV desk in the frozen weeks
before a week (`DESK_FOLLOW_UP_WEEKS`, 12): each thread with then → now (status, days overdue,
replies since, satisfaction, resolved since), each department marked "to be questioned" then
with its overdue threads then → now. "Then" is the frozen selection, "now" the current rows, in
a constant number of queries (the frozen weeks, the threads, their replies, their polls, the
departments' overdue assignments)."""

from django.utils import timezone

from core.conf import setting
from feedback.models import Issue, IssueEvent
from feedback.workflow import OVERDUE_STATUSES

from .desk_cards import satisfaction_at
from .desk_departments import overdue_counts
from .desk_week import parse_week
from .models import DeskWeek


def _days_overdue(issue, today):
    if issue.status in OVERDUE_STATUSES and issue.due_date and issue.due_date < today:
        return (today - issue.due_date).days
    return None


def follow_up(week, now=None):
    """{"weeks": [keys], "threads": [...], "departments": [...]} for the weeks before `week`,
    the most recent airing of each thread or department first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = week.previous(setting("DESK_FOLLOW_UP_WEEKS"))
    frozen = list(
        DeskWeek.objects.filter(
            week__gte=first.key, week__lt=week.key, frozen_at__isnull=False
        ).order_by("-week")
    )
    then_threads, then_departments = {}, {}
    for stored in frozen:  # latest week first: a thread shown twice counts from its last airing
        for thread in stored.selection.get("threads", []):
            then_threads.setdefault(thread["id"], (stored, thread))
        for department in stored.selection.get("departments", []):
            if department.get("marked"):
                then_departments.setdefault(department["id"], (stored, department))
    ids = list(then_threads)
    issues = {issue.pk: issue for issue in Issue.objects.filter(pk__in=ids).for_list()}
    replies = _replies_since(then_threads)
    satisfaction = satisfaction_at(ids, now)
    threads = []
    for pk, (stored, then) in then_threads.items():
        issue = issues.get(pk)
        if issue is None or not issue.is_public:
            continue
        threads.append(
            {
                "id": pk,
                "week": stored.week,
                "title": issue.title,
                "url": issue.get_absolute_url(),
                "reasons": then.get("reason_codes", []),
                "then": {
                    "status": then.get("status_code"),
                    "days_overdue": then.get("days_overdue"),
                    "satisfaction": then.get("satisfaction"),
                },
                "now": {
                    "status": str(issue.shown_status),
                    "days_overdue": _days_overdue(issue, today),
                    "satisfaction": satisfaction.get(pk),
                },
                "replies_since": replies.get(pk, 0),
                "resolved_since": bool(
                    issue.resolved_at and issue.resolved_at >= _week_end(stored)
                ),
            }
        )
    now_counts = overdue_counts(now, today, departments=list(then_departments))
    departments = [
        {
            "id": pk,
            "week": stored.week,
            "slug": then["slug"],
            "name": then["name"],
            "overdue_then": then["overdue"],
            "overdue_now": now_counts.get(pk, 0),
        }
        for pk, (stored, then) in then_departments.items()
    ]
    return {
        "weeks": [stored.week for stored in frozen],
        "threads": threads,
        "departments": departments,
    }


def _replies_since(then_threads):
    """{issue id: department replies since the end of the week it aired}: one query."""
    if not then_threads:
        return {}
    earliest = min(_week_end(stored) for stored, _thread in then_threads.values())
    rows = IssueEvent.objects.filter(
        issue_id__in=list(then_threads),
        action=IssueEvent.Action.ANSWERED,
        created_at__gte=earliest,
    ).values_list("issue_id", "created_at")
    counts = {}
    for issue_id, created_at in rows:
        if created_at >= _week_end(then_threads[issue_id][0]):
            counts[issue_id] = counts.get(issue_id, 0) + 1
    return counts


def _week_end(stored):
    return parse_week(stored.week).end
