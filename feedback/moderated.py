"""Published text that a moderator may correct or withdraw, whoever wrote it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import permissions
from .signals import issue_public_content_changed


class WithdrawableText(models.Model):
    """Published text a moderator may correct or withdraw: follow-ups, replies, poll comments.

    A withdrawn text leaves every public surface (its `public()` queryset excludes it) and
    stays on the staff desk with who withdrew it, when and why. Each edit and withdrawal is in
    the issue's private history and Wagtail's log; masks added by an edit are logged.
    A subclass has `issue`, `body` and `is_published`.
    """

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
        from .models import IssueEvent  # models import this module (their base class)
        from .privacy import log_redactions  # privacy imports models (log)

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
        from .models import IssueEvent  # models import this module (their base class)

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
