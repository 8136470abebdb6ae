"""并单: the audit of each merge of a report into an earlier thread, and what undoing it restores."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..workflow import Status


class IssueMerge(models.Model):
    """One merge of `issue` into `into` (the main thread); undone when `undone_at` is set."""

    issue = models.ForeignKey("feedback.Issue", on_delete=models.CASCADE, related_name="merges")
    into = models.ForeignKey(
        "feedback.Issue", on_delete=models.CASCADE, related_name="merges_received"
    )
    # The status before the merge: what an unmerge restores.
    from_status = models.CharField(max_length=20, choices=Status.choices)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.TextField(_("reason"))
    # Assignment ids the merge ended, and ids of reports that were merged into `issue` and
    # moved on to `into` (groups stay one level deep): both restored by an unmerge.
    ended_assignments = models.JSONField(default=list, blank=True)
    moved_reports = models.JSONField(default=list, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_note = models.TextField(blank=True)

    class Meta:
        ordering = ["merged_at", "pk"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self):
        return f"{self.issue_id} → {self.into_id}"

    @property
    def is_open(self):
        return self.undone_at is None
