"""Moderated text: what citizens write after the first post (follow-ups, satisfaction comments,
later Open311 posts) and what officials publish on a thread.

One abstraction for all of them: the moderation choices, the pair of texts (`submitted_body`,
what was typed, private; `body`, the public text, masked), and the moderator's moves:

- `approve(by, body)`: publish with the text the moderator approved; every mask it adds is
  logged (`log_redactions`);
- `reject(by, note)`: never public; the note (`rejection_note`) is for the writer alone;
- `edit_public_text(by, body)` and `withdraw(by, reason)` on published text, from
  `models.history.CorrectableText` (shared with the public notes of issue events): each is in
  the issue's private history and Wagtail's log, masks added by an edit are logged, an edited
  text says so in public, and a withdrawn text leaves every public surface (its `public()`
  queryset excludes it) while it stays on the staff desk with who withdrew it, when and why.

A subclass has `issue` and `is_published`, and says how its moves are recorded:
`redaction_field`, `_audit_data`, `_redaction_message` (see `CorrectableText`),
`_approved_body`, `_moderation_stamps` and `_record_moderation`.
"""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models.history import CorrectableText, log_redactions
from .signals import issue_public_content_changed


class ModeratedText(CorrectableText):
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
    rejection_note = models.TextField(_("reason for not publishing"), blank=True, editable=False)

    class Meta:
        abstract = True

    # --- what a subclass says -----------------------------------------------------------------

    def _approved_body(self, body):
        """The public text to publish, from the moderator's `body` (or a ValidationError)."""
        return body

    def _moderation_stamps(self, by, now):
        """{field: value} to save with a moderation decision (who and when)."""
        return {}

    def _record_moderation(self, by, approved, note):
        """Write the issue's history entry of a moderation decision, if this kind has one."""

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
            if moderation == self.Moderation.REJECTED:
                self.rejection_note = note
                fields.append("rejection_note")
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
        """Never public; `note`, if given, tells the writer why (their tracking page, e-mail)."""
        permissions.require_moderator(by)
        self._decide(by, self.Moderation.REJECTED, note=note)
