"""A department's responsibility for an issue, round by round."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..workflow import Status
from .departments import Department


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        """The assignments that give responsibility now: the latest round's, not withdrawn.

        The one definition of "assigned to a department now" (`Issue.is_assigned_now`,
        `IssueQuerySet.assigned_now`, the permission checks and `feedback.queries` use it)."""
        return self.filter(is_active=True)

    def counted(self):
        """The assignments the figures count: not moved away from the issue (a wrong
        assignment counts for no department, see `transfers`) and not of a merged report
        (并单: the group counts once, through its main thread's own assignments)."""
        return self.filter(transferred_at__isnull=True).exclude(issue__status=Status.MERGED)


class Assignment(models.Model):
    """One department's responsibility for one issue, per round (a reopen starts a new round)."""

    issue = models.ForeignKey(
        "feedback.Issue", on_delete=models.CASCADE, related_name="assignments"
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="assignments")
    round = models.PositiveSmallIntegerField(default=1)
    assigned_at = models.DateTimeField(default=timezone.now, db_index=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    first_reply_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    reopened = models.BooleanField(default=False)
    # The round whose reopen reached `ESCALATE_AFTER_REOPENS` (提级督办): counted like `reopened`.
    escalated = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    # Moved away from the issue (a moderator's reassignment, or the department's "not ours"):
    # a wrong assignment, which no figure counts against the department.
    transferred_at = models.DateTimeField(null=True, blank=True)
    transfer_reason = models.TextField(blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["department", "assigned_at"])]

    def __str__(self):
        return f"{self.issue_id} → {self.department}"
