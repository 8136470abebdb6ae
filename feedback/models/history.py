"""What happened to an issue: the audit trail (IssueEvent) and the masks moderators made
(Redaction, written by `log_redactions`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from ..privacy import find_personal_data
from ..workflow import Status


class IssueEvent(models.Model):
    """The audit trail: who did what to an issue, when, from which state to which, and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published after moderation")
        REJECTED = "rejected", _("Not published")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered")
        RESOLVED = "resolved", _("Resolved")
        REOPENED = "reopened", _("Reopened")
        CLOSED = "closed", _("Closed")
        EDITED = "edited", _("Public text edited by a moderator")
        HIDDEN = "hidden", _("Hidden from the public")
        UNHIDDEN = "unhidden", _("Shown again")
        FOLLOW_UP_ADDED = "follow_up_added", _("Follow-up received")
        FOLLOW_UP_PUBLISHED = "follow_up_published", _("Follow-up published")
        FOLLOW_UP_REJECTED = "follow_up_rejected", _("Follow-up not published")
        PHOTO_REMOVED = "photo_removed", _("Photo removed")
        MESSAGE_EDITED = "message_edited", _("Published message edited by a moderator")
        MESSAGE_WITHDRAWN = "message_withdrawn", _("Published message withdrawn by a moderator")
        PERSONAL_DATA_KEPT = "personal_data_kept", _("Personal data published unmasked on purpose")

    # Moves the public may see on the thread's timeline (never who moderated).
    PUBLIC_ACTIONS = frozenset(
        {
            Action.SUBMITTED,
            Action.PUBLISHED,
            Action.ASSIGNED,
            Action.ANSWERED,
            Action.RESOLVED,
            Action.REOPENED,
            Action.CLOSED,
        }
    )

    issue = models.ForeignKey("feedback.Issue", on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    is_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("issue event")
        verbose_name_plural = _("issue events")

    def __str__(self):
        return f"{self.issue_id}: {self.action}"

    @classmethod
    def record(
        cls, issue, action, by, from_status="", to_status="", note="", data=None, public=None
    ):

        event = cls.objects.create(
            issue=issue,
            action=action,
            actor=by if getattr(by, "pk", None) else None,
            from_status=from_status,
            to_status=to_status,
            note=note,
            data=data or {},
            is_public=action in cls.PUBLIC_ACTIONS if public is None else public,
        )
        if getattr(by, "pk", None):
            log(
                instance=issue,
                action=f"feedback.{action}",
                user=by,
                data={"from": from_status, "to": to_status, "note": note, **(data or {})},
            )
        return event


class Redaction(models.Model):
    """A piece of personal data masked by a moderator; the original stays here, private."""

    issue = models.ForeignKey("feedback.Issue", on_delete=models.CASCADE, related_name="redactions")
    message = models.ForeignKey(
        "feedback.Message",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="redactions",
    )
    field = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    original = models.CharField(max_length=200)
    replacement = models.CharField(max_length=200)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")


def log_redactions(issue, by, field, original, public, message=None, whole_field_is_name=False):
    """Record each piece of personal data in `original` that does not reach `public`.

    `by` is whoever vetted the text (a moderator, or the clerk for an official reply). A mask
    already logged for the same text and field is not logged twice.
    """
    already = set(
        Redaction.objects.filter(issue=issue, message=message, field=field).values_list(
            "original", flat=True
        )
    )
    redactions = []
    for finding in find_personal_data(original, whole_field_is_name):
        if finding.text in (public or "") or finding.text in already:
            continue
        already.add(finding.text)
        redactions.append(
            Redaction(
                issue=issue,
                message=message,
                field=field,
                kind=finding.kind,
                original=finding.text,
                replacement=finding.masked,
                moderator=by,
            )
        )
    Redaction.objects.bulk_create(redactions)
    return redactions
