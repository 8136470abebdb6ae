"""提级督办: an issue sent back (reopened) `ESCALATE_AFTER_REOPENS` times is escalated for
supervision. The stamp is history: it stays when the setting changes later, and the marker ends
when the issue is closed."""

from django.utils import timezone

from core.conf import setting

from .history import IssueEvent


class IssueEscalation:
    @property
    def is_escalated(self):
        """The marker department staff and supervisors see: escalated and not closed since."""
        return self.escalated_at is not None and self.escalation_closed_at is None

    def _escalate_if_due(self, by, reopened_round):
        """Called by `reopen` once `reopen_count` counts this reopen, inside its transaction;
        `reopened_round` is the queryset of the assignments whose work was sent back."""
        limit = setting("ESCALATE_AFTER_REOPENS")
        if not limit or self.escalated_at is not None or self.reopen_count < limit:
            return None
        self.escalated_at = timezone.now()
        self.save(update_fields=["escalated_at"])
        departments = list(reopened_round.values_list("department__name", flat=True))
        reopened_round.update(escalated=True)
        return IssueEvent.record(
            self,
            IssueEvent.Action.ESCALATED,
            by,
            data={"reopens": self.reopen_count, "departments": departments},
            public=False,
        )
