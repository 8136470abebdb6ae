"""Moderated text: what citizens write after the first post (follow-ups, satisfaction comments,
later Open311 posts) and what officials publish on a thread.

One abstraction for all of them: the moderation choices, the pair of texts (`submitted_body`,
what was typed, private; `body`, the public text, masked), and the moderator's moves:

- `approve(by, body)`: publish with the text the moderator approved; every mask it adds is
  logged (`log_redactions`);
- `reject(by, note)`: never public;
- `edit_public_text(by, body)` and `withdraw(by, reason)` on published text: each is in the
  issue's private history and Wagtail's log, masks added by an edit are logged, and a withdrawn
  text leaves every public surface (its `public()` queryset excludes it) while it stays on the
  staff desk with who withdrew it, when and why.

A subclass has `issue` and `is_published`, and says how its moves are recorded:
`redaction_field`, `_audit_data`, `_redaction_message`, `_approved_body`, `_moderation_stamps`
and `_record_moderation`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models.history import IssueEvent, log_redactions
from .signals import issue_public_content_changed


class ModeratedText(models.Model):
    """Text a moderator approves or rejects, and may later correct or withdraw."""

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")

    body = models.TextField(_("text"))
    submitted_body = models.TextField(editable=False)
    moderation = models.CharField(
        max_length=20, choices=Moderation.choices, default=Moderation.PENDING, db_index=True
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

    # --- what a subclass says -----------------------------------------------------------------

    def redaction_field(self):
        """The `Redaction.field` of masks made in this text."""
        raise NotImplementedError

    def _audit_data(self):
        """What the issue's history records to name this text."""
        raise NotImplementedError

    def _redaction_message(self):
        """The `Message` the masks belong to, if any."""
        return None

    def _approved_body(self, body):
        """The public text to publish, from the moderator's `body` (or a ValidationError)."""
        return body

    def _moderation_stamps(self, by, now):
        """{field: value} to save with a moderation decision (who and when)."""
        return {}

    def _record_moderation(self, by, approved, note):
        """Write the issue's history entry of a moderation decision, if this kind has one."""

    # --- state ------------------------------------------------------------------------------

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def is_public(self):
        return self.is_published and not self.is_withdrawn

    # --- moves ------------------------------------------------------------------------------

    def _decide(self, by, moderation, body=None, note=""):
        with transaction.atomic():
            fields = ["moderation"]
            if moderation == self.Moderation.PUBLISHED:
                log_redactions(
                    self.issue,
                    by,
                    field=self.redaction_field(),
                    original=self.submitted_body,
                    public=body,
                    message=self._redaction_message(),
                )
                self.body = body
                fields.append("body")
            self.moderation = moderation
            for field, value in self._moderation_stamps(by, timezone.now()).items():
                setattr(self, field, value)
                fields.append(field)
            self.save(update_fields=fields)
            approved = moderation == self.Moderation.PUBLISHED
            self._record_moderation(by, approved=approved, note=note)
            if approved:
                issue = self.issue
                issue_public_content_changed.send(sender=type(issue), issue=issue)

    def approve(self, by, body=None):
        """Publish with the text the moderator approved (see `_approved_body` for the default)."""
        permissions.require_moderator(by)
        self._decide(by, self.Moderation.PUBLISHED, body=self._approved_body(body))

    def reject(self, by, note=""):
        permissions.require_moderator(by)
        self._decide(by, self.Moderation.REJECTED, note=note)

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
                original=self.body,
                public=body,
                message=self._redaction_message(),
            )
            self.body = body
            self.save(update_fields=["body"])
            IssueEvent.record(
                issue, IssueEvent.Action.MESSAGE_EDITED, by, public=False, data=self._audit_data()
            )
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
                IssueEvent.Action.MESSAGE_WITHDRAWN,
                by,
                note=reason,
                public=False,
                data=self._audit_data(),
            )
            issue_public_content_changed.send(sender=type(issue), issue=issue)
