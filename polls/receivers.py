"""A poll round follows its issue's life cycle: opened by a resolution, frozen by a reopening or
a closing. Connected in `PollsConfig.ready`."""

from datetime import timedelta

from django.db import models
from django.dispatch import receiver
from django.utils import timezone

from core.conf import setting
from feedback.models import Issue
from feedback.signals import issue_status_changed
from feedback.workflow import Status

from .models import Poll


@receiver(issue_status_changed, dispatch_uid="polls.receivers.follow_issue_status")
def follow_issue_status(sender, issue, from_status, to_status, **kwargs):
    """Resolved: open a round. Reopened or closed: freeze the open round."""
    now = timezone.now()
    if to_status == Status.RESOLVED:
        # From the row, not the instance: a stale instance must not reuse a closed round.
        reopen_count = Issue.objects.values_list("reopen_count", flat=True).get(pk=issue.pk)
        Poll.objects.get_or_create(
            issue=issue,
            round=reopen_count + 1,
            defaults={
                "opened_at": now,
                "closes_at": now + timedelta(days=setting("POLL_OPEN_DAYS")),
            },
        )
    elif to_status in (Status.REOPENED, Status.CLOSED):
        Poll.objects.filter(issue=issue, closed_at__isnull=True, closes_at__gt=now).update(
            closed_at=now
        )
        # A round already past its time keeps its own closing time as its end.
        Poll.objects.filter(issue=issue, closed_at__isnull=True).update(
            closed_at=models.F("closes_at")
        )
