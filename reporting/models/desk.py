"""行风视线: the TV programme's weekly desk: the frozen selection, editors' decisions, and the
log of every look at a consenting reporter's contact."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeskWeek(models.Model):
    """One ISO week's selection; frozen the first time it is built after the week ended."""

    week = models.CharField(max_length=8, unique=True)  # "2026-W48"
    built_at = models.DateTimeField(default=timezone.now)
    frozen_at = models.DateTimeField(null=True, blank=True)
    selection = models.JSONField(default=dict)
    # Earlier frozen selections replaced by a later decision: [{"at", "by", "selection"}].
    history = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-week"]

    def __str__(self):
        return self.week


class DeskDecision(models.Model):
    """A media editor's pin, exclusion or "to be questioned" mark for a week; the current state
    is the latest unrevoked row per (week, kind, target), the table itself is the history."""

    class Kind(models.TextChoices):
        PIN = "pin", _("Pinned")
        EXCLUDE = "exclude", _("Excluded")
        QUESTION = "question", _("Department to be questioned")

    week = models.CharField(max_length=8, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    issue = models.ForeignKey(
        "feedback.Issue", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "feedback.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["week", "at", "pk"]


class ContactView(models.Model):
    """Who saw a consenting reporter's contact, when, for which week (written before it shows)."""

    issue = models.ForeignKey("feedback.Issue", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    week = models.CharField(max_length=8)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    address_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at"]
