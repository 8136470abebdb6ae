"""What happened to an issue: the audit trail (IssueEvent), the masks moderators made
(Redaction, written by `log_redactions`), and the moderators' corrections of public text
(`CorrectableText`: edit or withdraw, for messages, poll comments and public event notes)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .. import permissions
from ..privacy import find_personal_data
from ..signals import issue_public_content_changed
from ..workflow import Status


class CorrectableText(models.Model):
    """Public text a moderator may later correct (`edit_public_text`) or withdraw (`withdraw`).

    Each correction is in the issue's private history and Wagtail's log, masks added by an edit
    are logged, and the public see "edited by the moderators on <date>" (`edited_at`); a
    withdrawn text leaves every public surface while it stays on the staff desk with who
    withdrew it, when and why (internal).

    A subclass has `issue` and `is_published`, names its text field (`text_field`), and says how
    its corrections are recorded: `redaction_field`, `_audit_data`, `_redaction_message`,
    `edit_action`, `withdraw_action`.
    """

    text_field = "body"
    edit_action = "message_edited"
    withdraw_action = "message_withdrawn"

    edited_at = models.DateTimeField(
        _("edited by a moderator"), null=True, blank=True, editable=False
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)

    class Meta:
        abstract = True

    def redaction_field(self):
        """The `Redaction.field` of masks made in this text."""
        raise NotImplementedError

    def _audit_data(self):
        """What the issue's history records to name this text."""
        raise NotImplementedError

    def _redaction_message(self):
        """The `Message` the masks belong to, if any."""
        return None

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def is_public(self):
        return self.is_published and not self.is_withdrawn

    def _require_published(self):
        if not self.is_published or self.is_withdrawn:
            raise ValidationError(_("Only a published message can be edited or withdrawn."))

    def edit_public_text(self, by, body):
        """A moderator corrects the public text (e.g. a mask that was missed)."""
        permissions.require_moderator(by)
        self._require_published()
        if not (body or "").strip():
            raise ValidationError(_("The text cannot be empty; withdraw the message instead."))
        issue = self.issue
        with transaction.atomic():
            log_redactions(
                issue,
                by,
                field=self.redaction_field(),
                original=getattr(self, self.text_field),
                public=body,
                message=self._redaction_message(),
            )
            setattr(self, self.text_field, body)
            self.edited_at = timezone.now()
            self.save(update_fields=[self.text_field, "edited_at"])
            IssueEvent.record(issue, self.edit_action, by, public=False, data=self._audit_data())
            issue_public_content_changed.send(sender=type(issue), issue=issue)

    def withdraw(self, by, reason):
        """A moderator takes the text off every public surface; the reason is internal."""
        permissions.require_moderator(by)
        self._require_published()
        if not (reason or "").strip():
            raise ValidationError(_("Say why the message is withdrawn."))
        issue = self.issue
        with transaction.atomic():
            self.withdrawn_at, self.withdrawn_by, self.withdrawn_reason = timezone.now(), by, reason
            self.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
            IssueEvent.record(
                issue,
                self.withdraw_action,
                by,
                note=reason,
                public=False,
                data=self._audit_data(),
            )
            issue_public_content_changed.send(sender=type(issue), issue=issue)


class IssueEventQuerySet(models.QuerySet):
    def public_notes(self):
        """Events whose public note may be shown: not withdrawn by a moderator."""
        return self.filter(is_public=True, withdrawn_at__isnull=True)

    def for_reporter(self):
        """The reporter's tracking page: the public steps, plus their report's own merge into
        another thread and its undoing (并单: private steps, shown to the reporter without the
        moderator's note). The main thread's record of an undone merge is not the report's."""
        own_merge_moves = models.Q(action=IssueEvent.Action.MERGED) | models.Q(
            action=IssueEvent.Action.UNMERGED, from_status=Status.MERGED
        )
        return self.filter(models.Q(is_public=True) | own_merge_moves)


class IssueEvent(CorrectableText):
    """The audit trail: who did what to an issue, when, from which state to which, and why.

    The note of a public resolution (the department's) or reopening (the moderator's reason)
    is public text: moderators may correct or withdraw it (`CorrectableText`); the step itself
    stays on the timeline.
    """

    text_field = "note"
    edit_action = "public_note_edited"
    withdraw_action = "public_note_withdrawn"

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published after moderation")
        REJECTED = "rejected", _("Not published")
        ASSIGNED = "assigned", _("Assigned")
        REASSIGNED = "reassigned", _("Assigned to other departments")
        DEPARTMENT_ADDED = "department_added", _("Department added")
        HANDED_BACK = "handed_back", _("Handed back by a department for reassignment")
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
        PUBLIC_NOTE_EDITED = "public_note_edited", _("Public note edited by a moderator")
        PUBLIC_NOTE_WITHDRAWN = "public_note_withdrawn", _("Public note withdrawn by a moderator")
        PERSONAL_DATA_KEPT = "personal_data_kept", _("Personal data published unmasked on purpose")
        MERGED = "merged", _("Merged into another thread")
        MERGE_RECEIVED = "merge_received", _("A report of the same problem was merged in")
        UNMERGED = "unmerged", _("Merge undone")
        ESCALATED = "escalated", _("Escalated for supervision")

    # Moves the public may see on the thread's timeline (never who moderated).
    PUBLIC_ACTIONS = frozenset(
        {
            Action.SUBMITTED,
            Action.PUBLISHED,
            Action.ASSIGNED,
            Action.REASSIGNED,
            Action.DEPARTMENT_ADDED,
            Action.HANDED_BACK,
            Action.ANSWERED,
            Action.RESOLVED,
            Action.REOPENED,
            Action.CLOSED,
            # 并单: "a report of the same problem was merged in", without who or which.
            Action.MERGE_RECEIVED,
        }
    )

    # Steps whose note is public text (shown on the timeline, correctable by moderators).
    PUBLIC_NOTE_ACTIONS = frozenset({Action.RESOLVED, Action.REOPENED})

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

    objects = IssueEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("issue event")
        verbose_name_plural = _("issue events")

    def __str__(self):
        return f"{self.issue_id}: {self.action}"

    @property
    def is_published(self):
        """Whether this event carries a public note (the text moderators may correct)."""
        return self.is_public and self.action in self.PUBLIC_NOTE_ACTIONS and bool(self.note)

    def redaction_field(self):
        return "resolution_note" if self.action == self.Action.RESOLVED else "reopen_reason"

    def _audit_data(self):
        return {"event": self.pk, "action": self.action}

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
