"""Index updates follow publication events, not every save: the outbox is written in the same
transaction as the change, and the engine is contacted only after the commit."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from feedback.models import Issue, SupportVote
from feedback.signals import issue_public_content_changed, issue_status_changed

from .tasks import queue_update


@receiver(issue_status_changed, sender=Issue)
@receiver(issue_public_content_changed, sender=Issue)
def issue_changed(sender, issue, **kwargs):
    queue_update("issue", issue.pk)


@receiver(post_delete, sender=Issue)
def issue_deleted(sender, instance, **kwargs):
    queue_update("issue", instance.pk)


@receiver(post_save, sender=SupportVote)
def issue_supported(sender, instance, created, raw=False, **kwargs):
    # The "me too" count sorts results; a new vote changes it.
    if created and not raw:
        queue_update("issue", instance.issue_id)


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    queue_update("page", instance.pk)


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        queue_update("page", instance.pk)
