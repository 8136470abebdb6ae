"""The domain's own reactions to its signals: e-mail to the reporter, queued after commit.
Connected in `FeedbackConfig.ready`."""

from django.db import transaction
from django.dispatch import receiver

from .notifications import (
    confirm_submission,
    notify_follow_up_rejected,
    notify_reporter,
    worth_telling,
)
from .signals import follow_up_rejected, issue_status_changed, issue_submitted
from .workflow import shown_status


def _after_commit(enqueue):
    # robust: a failing callback (e.g. another app's) must not cost the reporter their e-mail.
    transaction.on_commit(enqueue, robust=True)


@receiver(issue_submitted)
def queue_submission_confirmation(sender, issue, **kwargs):
    if issue.contact_email:
        _after_commit(lambda: confirm_submission.enqueue(issue_id=issue.pk))


@receiver(issue_status_changed)
def queue_reporter_notification(sender, issue, from_status, to_status, **kwargs):
    if issue.contact_email and worth_telling(from_status, to_status):
        # Named as the badge names it at this move (back with its departments after a reopen:
        # "reopened", 重新办理), whatever happens before the e-mail goes.
        shown = str(shown_status(to_status, issue.reopen_count))
        _after_commit(lambda: notify_reporter.enqueue(issue_id=issue.pk, status=shown))


@receiver(follow_up_rejected)
def queue_follow_up_rejection_notice(sender, message, **kwargs):
    if message.issue.contact_email:
        _after_commit(lambda: notify_follow_up_rejected.enqueue(message_id=message.pk))
