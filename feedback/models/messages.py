"""The messages of a thread (follow-ups, official replies, internal notes) and citizens' photos."""

import secrets

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage

from .. import permissions
from ..moderated import ModeratedText
from ..privacy import mask_text
from ..signals import follow_up_rejected
from .departments import Department
from .history import IssueEvent


class MessageQuerySet(models.QuerySet):
    def public(self):
        return self.filter(
            kind__in=[Message.Kind.FOLLOW_UP, Message.Kind.REPLY],
            moderation=Message.Moderation.PUBLISHED,
            withdrawn_at__isnull=True,
        )

    def for_reporter(self):
        """The reporter's tracking page: public replies and every follow-up of theirs, also
        pending, not published or withdrawn (the page says which), never internal notes."""
        public_reply = models.Q(kind=Message.Kind.REPLY, withdrawn_at__isnull=True)
        return self.filter(public_reply | models.Q(kind=Message.Kind.FOLLOW_UP))

    def awaiting_moderation(self):
        return self.filter(
            kind=Message.Kind.FOLLOW_UP, moderation=Message.Moderation.PENDING
        ).order_by("created_at")


class Message(ModeratedText):
    """A reporter's follow-up, an official reply or a private internal note.

    `body` is the public text (masked); `submitted_body` what was typed, private. Follow-ups are
    moderated (`approve`, alias `publish`; `reject`); replies and notes are published as written
    (replies vetted by their clerk, see `Issue.post_reply`).
    """

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", _("Follow-up from the reporter")
        REPLY = "reply", _("Official reply")
        NOTE = "note", _("Internal note")

    issue = models.ForeignKey("feedback.Issue", on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_published(self):
        return self.kind != self.Kind.NOTE and self.moderation == self.Moderation.PUBLISHED

    def redaction_field(self):
        return self.kind

    def _audit_data(self):
        return {"message": self.pk, "kind": self.kind}

    def _redaction_message(self):
        return self

    def _approved_body(self, body):
        # Without an approved text, every detected piece of personal data is masked.
        return mask_text(self.submitted_body) if body is None else body

    def _moderation_stamps(self, by, now):
        return {"published_at": now} if self.moderation == self.Moderation.PUBLISHED else {}

    def _record_moderation(self, by, approved, note):
        action = (
            IssueEvent.Action.FOLLOW_UP_PUBLISHED
            if approved
            else IssueEvent.Action.FOLLOW_UP_REJECTED
        )
        IssueEvent.record(self.issue, action, by, note=note, public=False, data=self._audit_data())
        if not approved and self.kind == self.Kind.FOLLOW_UP:
            follow_up_rejected.send(sender=type(self), message=self)

    def publish(self, by, body=None):
        """Publish a follow-up with the text the moderator approved (all masks by default)."""
        self.approve(by, body)


def photo_path(instance, filename):
    return f"photos/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{filename.rsplit('.', 1)[-1]}"


class PhotoQuerySet(models.QuerySet):
    def not_removed(self):
        return self.filter(removed_at__isnull=True)

    def public(self):
        """Photos anyone may see (on a public thread): those of the post itself, and those of a
        follow-up only while it is published and not withdrawn (`Photo.is_public`)."""
        return self.not_removed().filter(
            models.Q(message__isnull=True)
            | models.Q(
                message__moderation=Message.Moderation.PUBLISHED,
                message__withdrawn_at__isnull=True,
            )
        )


class Photo(models.Model):
    """A citizen's photo, stored re-encoded without metadata, shown only on public threads.

    A photo sent with a follow-up (`message`) shares its fate: public only while that
    follow-up is; the reporter and staff see it whatever the moderator decided.
    """

    issue = models.ForeignKey("feedback.Issue", on_delete=models.CASCADE, related_name="photos")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(storage=private_storage, upload_to=photo_path)
    content_type = models.CharField(max_length=30)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def get_absolute_url(self):
        return reverse("wall:photo", args=[self.issue_id, self.pk])

    @property
    def is_public(self):
        """The one per-photo form of `PhotoQuerySet.public` plus the thread's own visibility."""
        if self.removed_at is not None or not self.issue.is_public:
            return False
        return self.message_id is None or self.message.is_public

    def remove(self, by):
        permissions.require_moderator(by)
        with transaction.atomic():
            self.removed_at = timezone.now()
            self.save(update_fields=["removed_at"])
            IssueEvent.record(
                self.issue,
                IssueEvent.Action.PHOTO_REMOVED,
                by,
                data={"photo": self.pk},
                public=False,
            )
