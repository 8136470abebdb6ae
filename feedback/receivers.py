"""The domain's own reactions to its signals: e-mail to the reporter, queued after commit.
Connected in `FeedbackConfig.ready`."""

from django.db import transaction
from django.dispatch import receiver

from .models import Issue
from .notifications import (
    confirm_submission,
    notify_follow_up_rejected,
    notify_merged,
    notify_merged_reporters,
    notify_reporter,
    notify_unmerged,
    worth_telling,
)
from .signals import (
    follow_up_rejected,
    issue_merged,
    issue_status_changed,
    issue_submitted,
    issue_unmerged,
)
from .workflow import Status, shown_status


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


@receiver(issue_status_changed)
def queue_merged_reporters_notification(sender, issue, from_status, to_status, **kwargs):
    """并单: the reporters of reports merged into this thread follow it: the steps its own
    reporter is told of reach them too (one task for the group, a message each)."""
    if not worth_telling(from_status, to_status):
        return
    followers = Issue.objects.filter(merged_into=issue, status=Status.MERGED)
    if followers.exclude(contact_email="").exists():
        shown = str(shown_status(to_status, issue.reopen_count))
        _after_commit(lambda: notify_merged_reporters.enqueue(main_id=issue.pk, status=shown))


@receiver(issue_merged)
def queue_merge_notice(sender, issue, into, moved=(), **kwargs):
    if issue.contact_email:
        _after_commit(lambda: notify_merged.enqueue(issue_id=issue.pk, main_id=into.pk))
    _queue_moved_reports_notices(moved, into)


@receiver(issue_unmerged)
def queue_unmerge_notice(sender, issue, moved=(), **kwargs):
    if issue.contact_email:
        # The status it is back to, as the badge names it at the unmerge.
        shown = str(issue.shown_status)
        _after_commit(lambda: notify_unmerged.enqueue(issue_id=issue.pk, status=shown))
    _queue_moved_reports_notices(moved, issue)


def _queue_moved_reports_notices(moved, main):
    """Reports merged into a report that is merged on (or unmerged) move with it, groups
    staying one level deep: their reporters are told which thread they follow now."""
    if not moved:
        return
    followers = Issue.objects.filter(pk__in=moved, merged_into=main).exclude(contact_email="")
    for report_id in followers.values_list("pk", flat=True):
        _after_commit(
            lambda report_id=report_id: notify_merged.enqueue(issue_id=report_id, main_id=main.pk)
        )


@receiver(follow_up_rejected)
def queue_follow_up_rejection_notice(sender, message, **kwargs):
    if message.issue.contact_email:
        _after_commit(lambda: notify_follow_up_rejected.enqueue(message_id=message.pk))
