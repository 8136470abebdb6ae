"""Search's own data: the editors' synonym list and the outbox of index updates."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import split_terms


class SynonymGroup(models.Model):
    """Words residents and departments use for the same thing (扰民, 噪音, 吵闹).

    Editors change these in the admin; searches expand queries with them at once, without a
    deploy or a re-index (the expansion happens at query time, for both search backends).
    """

    terms = models.CharField(
        _("words that mean the same"),
        max_length=500,
        help_text=_("Separate the words with commas, e.g. 扰民, 噪音, 吵闹."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")

    def __str__(self):
        return "，".join(self.term_list())

    def term_list(self):

        return split_terms(self.terms)

    def save(self, *args, **kwargs):
        self.terms = ", ".join(self.term_list())
        super().save(*args, **kwargs)


class PendingIndexUpdate(models.Model):
    """An outbox row: this object changed; the index has not caught up yet.

    Written in the same transaction as the change, so an update survives an engine that is down
    and a worker restart; removed only once the engine accepted the new state.
    """

    class Model(models.TextChoices):
        ISSUE = "issue", _("Issue thread")
        PAGE = "page", _("CMS page")

    model = models.CharField(max_length=20, choices=Model.choices)
    object_id = models.PositiveBigIntegerField()
    queued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id"], name="one_pending_update")
        ]

    def __str__(self):
        return f"{self.model} #{self.object_id}"
