"""The selection rules of the TV desk (design §5.2): each gives, from rows stamped before the
week's end, the ids of at most `DESK_PER_RULE` public threads in its order, with fixed tie-breaks
ending on the id; `compute` joins them (a thread once, with every reason it met, placed by its
best rule), skips exclusions (the next one moves up) and adds the pins.

Merge groups (并单) count once: a vote on a merged report counts for the thread it was merged
into, and merged reports are never candidates themselves (they are not public).
"""

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from core.conf import setting
from feedback.models import Assignment, Issue, IssueEvent, SupportVote

from .desk import REASONS, WeekSelection
from .desk_cards import thread_cards
from .desk_departments import departments_to_question
from .desk_topics import week_hot_topics


def _public_ids(ids):
    return set(Issue.objects.public().filter(pk__in=ids).values_list("pk", flat=True))


def _first(ranked, skip, per_rule):
    """The first `per_rule` ids of `ranked` (sorted already) that are public and not skipped."""
    public = _public_ids(ranked)
    return [pk for pk in ranked if pk in public and pk not in skip][:per_rule]


def most_support(week, skip, per_rule):
    """The "me too" cast in the week (distinct browsers per merge group), desc; then the group's
    support as of the end, desc; then id."""
    group = Coalesce(F("issue__merged_into_id"), F("issue_id"))

    def counts(votes):
        rows = (
            votes.annotate(thread=group)
            .values("thread")
            .annotate(n=Count("browser_key", distinct=True))
        )
        return {row["thread"]: row["n"] for row in rows}

    in_week = counts(
        SupportVote.objects.filter(created_at__gte=week.start, created_at__lt=week.end)
    )
    total = counts(
        SupportVote.objects.filter(created_at__lt=week.end).filter(
            Q(issue_id__in=in_week) | Q(issue__merged_into_id__in=in_week)
        )
    )
    ranked = sorted(in_week, key=lambda pk: (-in_week[pk], -total.get(pk, 0), pk))
    return _first(ranked, skip, per_rule)


def _events_in_week(week, action):
    return IssueEvent.objects.filter(
        action=action, created_at__gte=week.start, created_at__lt=week.end
    )


def reopened(week, skip, per_rule):
    """A REOPENED event in the week; reopens up to the end, desc; then id."""
    ids = set(_events_in_week(week, IssueEvent.Action.REOPENED).values_list("issue_id", flat=True))
    reopens = dict(
        IssueEvent.objects.filter(
            issue_id__in=ids, action=IssueEvent.Action.REOPENED, created_at__lt=week.end
        )
        .values("issue_id")
        .annotate(n=Count("pk"))
        .values_list("issue_id", "n")
    )
    ranked = sorted(ids, key=lambda pk: (-reopens.get(pk, 0), pk))
    return _first(ranked, skip, per_rule)


def escalated(week, skip, per_rule):
    """Escalated (提级督办) in the week; earliest first, then id."""
    rows = Issue.objects.filter(escalated_at__gte=week.start, escalated_at__lt=week.end)
    ranked = [
        pk for pk, _at in sorted(rows.values_list("pk", "escalated_at"), key=lambda r: (r[1], r[0]))
    ]
    return _first(ranked, skip, per_rule)


def longest_overdue(week, skip, per_rule):
    """Assigned before the end, due before the week's last day, not answered (first reply) by the
    end, the assignment still standing then: days overdue at the last day, desc; then id."""
    rows = (
        Assignment.objects.filter(
            assigned_at__lt=week.end, due_date__lt=week.last_day, transferred_at__isnull=True
        )
        .filter(Q(first_reply_at__isnull=True) | Q(first_reply_at__gte=week.end))
        .values_list("issue_id", "due_date")
    )
    due = {}
    for issue_id, due_date in rows:
        due[issue_id] = min(due_date, due.get(issue_id, due_date))
    ranked = sorted(due, key=lambda pk: (due[pk], pk))
    return _first(ranked, skip, per_rule)


RULES = {
    "most_support": most_support,
    "longest_overdue": longest_overdue,
    "reopened": reopened,
    "escalated": escalated,
}


def compute(week, decisions=None):
    """The selection of `week`, given the editors' current decisions (read when not given)."""
    from .desk_decisions import current_decisions  # noqa: PLC0415 (desk_decisions imports desk, which imports this lazily)

    decisions = decisions if decisions is not None else current_decisions(week.key)
    per_rule = setting("DESK_PER_RULE")
    reasons = {}
    for code in REASONS:
        if code == "pinned":
            picked = [pk for pk in decisions.pinned if pk in _public_ids(decisions.pinned)]
        elif code in RULES:
            picked = RULES[code](week, decisions.excluded, per_rule)
        else:
            picked = []
        for pk in picked:
            reasons.setdefault(pk, []).append(code)
    selection = WeekSelection(week=week.key, start=week.start, end=week.end, frozen_at=None)
    selection.threads = thread_cards(week, reasons, pinned=decisions.pinned)
    selection.departments = departments_to_question(week, marked=decisions.marked)
    selection.hot_topics = week_hot_topics(week)
    return selection
