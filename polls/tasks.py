"""Closing rounds whose time is up: the `close_due_polls` command and background task."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from feedback.workflow import Status

from .models import Poll


def close_due_polls(now=None):
    """Close every round past its time and close its (still resolved) issue. Returns the count."""
    now = now or timezone.now()
    closed = 0
    for poll in Poll.objects.due(now).select_related("issue").order_by("closes_at", "pk"):
        with transaction.atomic():
            if poll.issue.status == Status.RESOLVED:
                poll.issue.close(None, note=gettext("The satisfaction poll has ended."))
            poll.close(now)
        closed += 1
    return closed


@task()
def close_due_polls_task():
    """The same as the `close_due_polls` command, for a django-tasks scheduler."""
    return close_due_polls()
