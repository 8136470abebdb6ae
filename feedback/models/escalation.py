"""提级督办: an issue sent back (reopened) `ESCALATE_AFTER_REOPENS` times is escalated for
supervision. The stamp is history: it stays when the setting changes later, and the marker ends
when the issue is closed.

The rule is `_escalation_due` and the stamp `_stamp_escalation`, used both by `reopen` (at the
reopen that reaches the limit) and by `back_fill_escalation` (`manage.py escalate_reopened`, for
issues reopened often enough before the feature existed). The supervisors' list reads each
issue's rounds with `reopen_history` (`ReopenRound`).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.conf import setting

from ..workflow import Status
from .history import IssueEvent


@dataclass(frozen=True)
class ReopenRound:
    """One round of handling: the departments it was assigned to (`Assignment` rows of the
    round, moved-away ones included, marked `transferred_at`) and the reopen that sent the work
    back (`sent_back`, an `IssueEvent` with the reason as its note), None while in progress."""

    number: int
    assignments: list
    sent_back: object

    @property
    def escalated(self):
        """Whether sending this round back escalated the issue."""
        return any(assignment.escalated for assignment in self.assignments)


def reopen_rounds(assignments, reopen_events):
    """The rounds of an issue from its assignments and its REOPENED events: the n-th reopen
    ends round n (a reopen opens round n + 1, `Assignment.round`)."""
    by_round = {}
    for assignment in assignments:
        by_round.setdefault(assignment.round, []).append(assignment)
    reopens = sorted(reopen_events, key=lambda event: (event.created_at, event.pk))
    numbers = sorted(set(by_round) | set(range(1, len(reopens) + 1)))
    return [
        ReopenRound(
            number=number,
            assignments=by_round.get(number, []),
            sent_back=reopens[number - 1] if number <= len(reopens) else None,
        )
        for number in numbers
    ]


class IssueEscalation:
    @property
    def is_escalated(self):
        """The marker department staff and supervisors see: escalated and not closed since."""
        return self.escalated_at is not None and self.escalation_closed_at is None

    def _escalation_due(self):
        """The rule: sent back `ESCALATE_AFTER_REOPENS` times (0: never) and not stamped yet."""
        limit = setting("ESCALATE_AFTER_REOPENS")
        return bool(limit) and self.escalated_at is None and self.reopen_count >= limit

    def _stamp_escalation(self, by, reopened_round, at, reopens):
        """Stamp the issue, mark the round whose work was sent back, write the private event."""
        self.escalated_at = at
        fields = ["escalated_at"]
        if self.status == Status.CLOSED:  # escalated afterwards (back-fill): the marker is over
            self.escalation_closed_at = self.closed_at or at
            fields.append("escalation_closed_at")
        self.save(update_fields=fields)
        departments = list(reopened_round.values_list("department__name", flat=True))
        reopened_round.update(escalated=True)
        return IssueEvent.record(
            self,
            IssueEvent.Action.ESCALATED,
            by,
            data={"reopens": reopens, "departments": departments},
            public=False,
        )

    def _escalate_if_due(self, by, reopened_round):
        """Called by `reopen` once `reopen_count` counts this reopen, inside its transaction;
        `reopened_round` is the queryset of the assignments whose work was sent back."""
        if not self._escalation_due():
            return None
        return self._stamp_escalation(by, reopened_round, timezone.now(), self.reopen_count)

    def is_due_for_back_fill(self):
        """Whether `back_fill_escalation` would escalate the issue now."""
        return self.status != Status.MERGED and self._escalation_due()

    def back_fill_escalation(self, by=None):
        """Escalate an issue that was sent back often enough before escalation existed (or
        while it was off): stamped at the reopen that reached the limit, the round it ended
        marked. Returns the event, or None when the rule does not apply (idempotent). A merged
        report is left alone: its main thread is the one handled."""
        with transaction.atomic():
            issue = type(self).objects.select_for_update().get(pk=self.pk)
            if not issue.is_due_for_back_fill():
                return None
            limit = setting("ESCALATE_AFTER_REOPENS")
            reopened_at = list(
                issue.events.filter(action=IssueEvent.Action.REOPENED)
                .order_by("created_at", "pk")
                .values_list("created_at", flat=True)[limit - 1 : limit]
            )
            event = issue._stamp_escalation(
                by,
                issue.assignments.filter(round=limit, reopened=True),
                reopened_at[0] if reopened_at else timezone.now(),
                limit,
            )
        self.escalated_at, self.escalation_closed_at = (
            issue.escalated_at,
            issue.escalation_closed_at,
        )
        return event

    def reopen_history(self):
        """The issue's rounds (`ReopenRound`), from `assignments` and `reopen_events` when the
        queryset prefetched them (`IssueQuerySet.for_escalation_list`)."""
        events = getattr(self, "reopen_events", None)
        if events is None:
            events = self.events.filter(action=IssueEvent.Action.REOPENED)
        return reopen_rounds(self.assignments.all(), events)

    def days_open(self, now=None):
        """Calendar days from receipt to closing (to today while open), in local dates."""
        end = self.closed_at if self.status == Status.CLOSED and self.closed_at else now
        return (timezone.localdate(end) - timezone.localdate(self.created_at)).days
