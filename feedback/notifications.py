"""E-mail to reporters: a confirmation at submission, then one at each step of their issue, sent
in the background after commit. Every e-mail gives the case number (受理编号) in its subject and
body, and the private tracking link. The tasks are here; the receivers that queue them after
commit are in `feedback.receivers`."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .models import Issue, IssueEvent, Message
from .workflow import Status

NOTIFIED_STATUSES = {
    Status.PUBLISHED,
    Status.REJECTED,
    Status.ASSIGNED,
    Status.ANSWERED,
    Status.RESOLVED,
}


def worth_telling(from_status, to_status):
    """Whether the reporter gets an e-mail for this move: each step forward, a reassignment
    (the new departments), not the hand-back to the moderators (the reassignment follows)."""
    if to_status not in NOTIFIED_STATUSES:
        return False
    if from_status == to_status:
        return to_status == Status.ASSIGNED
    return not (to_status == Status.PUBLISHED and from_status != Status.SUBMITTED)


@task()
def confirm_submission(issue_id):
    _send_to_reporter(issue_id, "submitted")


@task()
def notify_reporter(issue_id, status):
    """`status` as the badges show it (`workflow.shown_status`); a reopening gives its public
    reason."""
    status = Status(status)
    reason = public_reopen_reason(issue_id) if status == Status.REOPENED else ""
    _send_to_reporter(issue_id, "status", status=status, reopen_reason=reason)


@task()
def notify_follow_up_rejected(message_id):
    """The reporter's follow-up was not published: say so, with the moderator's reason."""
    message = Message.objects.filter(pk=message_id).first()
    if message is not None:
        _send_to_reporter(message.issue_id, "follow_up_rejected", follow_up=message)


def public_reopen_reason(issue_id):
    """The reason of the latest reopening as the public timeline shows it ("" if none)."""
    event = (
        IssueEvent.objects.filter(issue_id=issue_id, action=IssueEvent.Action.REOPENED)
        .public_notes()
        .last()
    )
    return event.note if event else ""


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _send_to_reporter(issue_id, template, **context):
    """Render feedback/email/<template>_subject.txt and _body.txt in the site's language."""
    issue = Issue.objects.filter(pk=issue_id).select_related("category").first()
    if issue is None or not issue.contact_email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context.update(
            issue=issue,
            tracking_url=_absolute(issue.get_tracking_url()),
            lookup_url=_absolute(reverse("wall:track_lookup")),
            site_name=settings.WAGTAIL_SITE_NAME,
        )
        subject = render_to_string(f"feedback/email/{template}_subject.txt", context)
        body = render_to_string(f"feedback/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [issue.contact_email])
