"""The issue life cycle as data: states, which are public, and the allowed moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting moderation")
    REJECTED = "rejected", _("Not published")
    PUBLISHED = "published", _("Published")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")
    # 并单: a report merged into an earlier thread of the same problem; not public, its
    # reporter follows the main thread (`Issue.merged_into`, `IssueMerge`).
    MERGED = "merged", _("Merged into another thread")


class Source(models.TextChoices):
    """How a post reached the wall."""

    WEB = "web", _("Website form")
    OPEN311 = "open311", _("Open311 API")


# Every allowed move: from-state -> the states it may go to.
# While departments handle an issue (assigned, answered), a moderator may move it to other
# departments (-> assigned; `Issue.reassign`), and when the last department says "not ours"
# (`Issue.hand_back`) it goes back to the moderators, awaiting assignment (`return_status`).
# Each method narrows the states it starts from (`_move(sources=...)`).
TRANSITIONS = {
    Status.SUBMITTED: {Status.PUBLISHED, Status.REJECTED},
    Status.PUBLISHED: {Status.ASSIGNED},
    Status.ASSIGNED: {Status.ANSWERED, Status.ASSIGNED, Status.PUBLISHED, Status.REOPENED},
    Status.ANSWERED: {Status.RESOLVED, Status.ASSIGNED, Status.PUBLISHED, Status.REOPENED},
    Status.RESOLVED: {Status.CLOSED, Status.REOPENED},
    Status.REOPENED: {Status.ASSIGNED},
    Status.REJECTED: set(),
    Status.CLOSED: set(),
}

# 并单: a report not yet closed may be merged into an earlier thread (a closed one is history);
# undoing the merge restores the status it had (`IssueMerge.from_status`), one of these.
MERGEABLE = frozenset(
    {
        Status.SUBMITTED,
        Status.PUBLISHED,
        Status.ASSIGNED,
        Status.ANSWERED,
        Status.RESOLVED,
        Status.REOPENED,
    }
)
for _source in MERGEABLE:
    TRANSITIONS[_source] = TRANSITIONS[_source] | {Status.MERGED}
# Out of "merged" only by an unmerge, back to the status recorded in the open `IssueMerge`
# (`Issue.unmerge` checks the target; `_move` refuses every other move out of "merged").
TRANSITIONS[Status.MERGED] = set(MERGEABLE)

PUBLIC_STATUSES = frozenset(
    {
        Status.PUBLISHED,
        Status.ASSIGNED,
        Status.ANSWERED,
        Status.RESOLVED,
        Status.REOPENED,
        Status.CLOSED,
    }
)


def counted_lookup():
    """What the figures count as an issue of its own: not a merged report (并单), which counts
    within its main thread (`IssueQuerySet.counted`, `Assignment.objects.counted`)."""
    return ~models.Q(status=Status.MERGED)


# States in which an issue waits for a moderator to assign it (`Issue.assign`).
AWAITING_ASSIGNMENT = frozenset({Status.PUBLISHED, Status.REOPENED})


def public_lookup():
    """What anyone may see: published, not hidden by a moderator (`IssueQuerySet.public`).

    A callable so that a `limit_choices_to` refers to it by name: a migration then keeps the
    path, not today's list of statuses."""
    return models.Q(status__in=PUBLIC_STATUSES, hidden_at__isnull=True)


# States in which the assigned departments still owe an answer or a resolution.
OPEN_FOR_DEPARTMENT = frozenset({Status.ASSIGNED, Status.ANSWERED})

# Overdue: the due date has passed while the issue waits for its departments' first answer
# (assigned, or reopened and not yet sent back). The queryset filter (`overdue_lookup`) and the
# per-issue test (`is_overdue`) are this one definition.
OVERDUE_STATUSES = frozenset({Status.ASSIGNED, Status.REOPENED})


def overdue_lookup(today):
    """Filter arguments for issues overdue on `today` (a local date)."""
    return {"status__in": OVERDUE_STATUSES, "due_date__lt": today}


def is_overdue(status, due_date, today):
    return due_date is not None and status in OVERDUE_STATUSES and due_date < today


class RejectionReason(models.TextChoices):
    NOT_LIVELIHOOD = "not_livelihood", _("Not a public-service matter")
    DUPLICATE = "duplicate", _("Duplicate of an existing thread")
    INSUFFICIENT = "insufficient", _("Not enough detail to act on")
    ABUSIVE = "abusive", _("Abusive or defamatory content")
    ADVERTISING = "advertising", _("Advertising or spam")
    LEGAL_CHANNEL = "legal_channel", _("Belongs to litigation, arbitration or petition channels")
    OTHER = "other", _("Other")


# Reasons that say nothing by themselves: the reporter must be told why in words.
REASONS_NEEDING_EXPLANATION = frozenset({RejectionReason.OTHER})


class IllegalTransition(Exception):
    """A move that the workflow does not allow from the issue's current state."""

    def __init__(self, current, target):
        allowed_sources = sorted(s.label for s, targets in TRANSITIONS.items() if target in targets)
        self.current, self.target = current, target
        super().__init__(
            f"Cannot move an issue from '{current}' to '{target}'; "
            f"'{target}' is reachable only from: {', '.join(map(str, allowed_sources)) or 'nowhere'}."
        )


def return_status(reopen_count):
    """Where an issue goes when its last department hands it back: awaiting assignment,
    "published" in its first round, "reopened" (重新办理) after a reopening."""
    return Status.REOPENED if reopen_count else Status.PUBLISHED


def can_move(current, target):
    return target in TRANSITIONS.get(current, set())


def shown_status(status, reopen_count):
    """The status that badges show: an issue sent back to its departments after a reopen is
    "reopened" (重新办理) until they answer again, although its workflow state is "assigned"
    (which every rule and figure keeps using). In the database: `HANDLED_AGAIN_LOOKUP`."""
    if status == Status.ASSIGNED and reopen_count > 0:
        return Status.REOPENED
    return Status(status)


# Filter arguments for the issues `shown_status` calls "reopened" although they are "assigned"
# (`IssueQuerySet.shown_as` and `with_shown_status`, used by the status filters and facets).
HANDLED_AGAIN_LOOKUP = {"status": Status.ASSIGNED, "reopen_count__gt": 0}
