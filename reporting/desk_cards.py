"""What the TV desk shows of each selected thread, as of the week's end (design §5.4), in a
constant number of queries whatever the number of threads."""

from django.db.models import Count, Prefetch, Q

from feedback.models import Assignment, Issue, IssueEvent, Photo
from polls.choices import SATISFIED_CHOICES
from polls.models import Poll, PollVote

from .desk_week import REASONS, DeskThread

SUMMARY_LENGTH = 120


def summary(body):
    """The public body with whitespace folded, at most 120 characters and "…"."""
    text = " ".join((body or "").split())
    return text if len(text) <= SUMMARY_LENGTH else text[:SUMMARY_LENGTH] + "…"


def _status_at(ids, end):
    """Each issue's status as of `end`: the last move recorded before it."""
    status = {}
    events = IssueEvent.objects.filter(issue_id__in=ids, created_at__lt=end).exclude(to_status="")
    for issue_id, to_status in events.order_by("created_at", "pk").values_list(
        "issue_id", "to_status"
    ):
        status[issue_id] = to_status
    return status


def satisfaction_at(ids, end):
    """{issue id: {"public_pct", "public_votes", "reporter_verdict"}} of the latest round opened
    before `end`, open or closed (as the thread's page shows it), with the votes cast before
    `end`; issues without one are missing."""
    polls = (
        Poll.objects.filter(issue_id__in=ids, opened_at__lt=end)
        .annotate(
            public_votes=Count(
                "votes", filter=Q(votes__source=PollVote.Source.PUBLIC, votes__created_at__lt=end)
            ),
            public_satisfied_votes=Count(
                "votes",
                filter=Q(
                    votes__source=PollVote.Source.PUBLIC,
                    votes__created_at__lt=end,
                    votes__choice__in=SATISFIED_CHOICES,
                ),
            ),
        )
        .order_by("issue_id", "round")
    )
    verdicts = dict(
        PollVote.objects.filter(
            poll__in=[poll.pk for poll in polls],
            source=PollVote.Source.REPORTER,
            created_at__lt=end,
        ).values_list("poll_id", "choice")
    )
    result = {}
    for poll in polls:  # rounds in order: the latest wins
        votes = poll.public_votes
        result[poll.issue_id] = {
            "public_pct": round(100 * poll.public_satisfied_votes / votes) if votes else None,
            "public_votes": votes,
            "reporter_verdict": verdicts.get(poll.pk),
        }
    return result


def _reply_hours(issue, end):
    if not issue.first_assigned_at or not issue.first_answered_at:
        return None
    if issue.first_answered_at >= end:
        return None
    return round((issue.first_answered_at - issue.first_assigned_at).total_seconds() / 3600, 1)


def _before(moment, end):
    return moment if moment and moment < end else None


def thread_cards(week, reasons, pinned=()):
    """`DeskThread`s of the ids in `reasons` ({id: [codes]}), placed by their best reason (the
    order of `REASONS`), then in the order the rules gave them."""
    ids = list(reasons)
    if not ids:
        return []
    issues = (
        Issue.objects.filter(pk__in=ids)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(assigned_at__lt=week.end)
                .exclude(transferred_at__lt=week.end)
                .select_related("department")
                .order_by("round", "pk"),
                to_attr="desk_assignments",
            ),
            Prefetch("photos", queryset=Photo.objects.public(), to_attr="desk_photos"),
        )
        .annotate(
            merged_count=Count("merged_reports", filter=Q(merged_reports__merged_at__lt=week.end))
        )
    )
    issues = {issue.pk: issue for issue in issues}
    status = _status_at(ids, week.end)
    satisfaction = satisfaction_at(ids, week.end)
    order = {pk: position for position, pk in enumerate(ids)}

    def place(pk):
        return (min(REASONS.index(code) for code in reasons[pk]), order[pk])

    cards = []
    for pk in sorted(ids, key=place):
        issue = issues.get(pk)
        if issue is None:
            continue
        last_round = max((a.round for a in issue.desk_assignments), default=None)
        round_assignments = [a for a in issue.desk_assignments if a.round == last_round]
        departments = {}
        for assignment in round_assignments:
            departments[assignment.department.slug] = assignment.department.name
        due_dates = [a.due_date for a in round_assignments if a.due_date]
        owed = status.get(pk, issue.status) in ("assigned", "reopened")
        days_overdue = (
            (week.last_day - min(due_dates)).days
            if owed and due_dates and min(due_dates) < week.last_day
            else None
        )
        cards.append(
            DeskThread(
                id=pk,
                rank=len(cards) + 1,
                title=issue.title,
                summary=summary(issue.body),
                departments=[{"slug": s, "name": n} for s, n in departments.items()],
                status_code=status.get(pk, issue.status),
                published_at=_before(issue.published_at, week.end),
                first_reply_at=_before(issue.first_answered_at, week.end),
                resolved_at=_before(issue.resolved_at, week.end),
                reply_hours=_reply_hours(issue, week.end),
                satisfaction=satisfaction.get(
                    pk, {"public_pct": None, "public_votes": 0, "reporter_verdict": None}
                ),
                url=issue.get_absolute_url(),
                photos=[photo.get_absolute_url() for photo in issue.desk_photos],
                reason_codes=list(reasons[pk]),
                merged_reports=issue.merged_count,
                pinned=pk in pinned,
                days_overdue=days_overdue,
            )
        )
    return cards
