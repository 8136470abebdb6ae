"""E-mail to reporters: a confirmation at submission, then one at each step of their issue, sent
in the background after commit. Every e-mail gives the case number (受理编号) in its subject and
body, and the private tracking link. The tasks are here; the receivers that queue them after
commit are in `feedback.receivers`.

并单: a reporter whose report is merged into an earlier thread is told so, with the main
thread's public link; from then on they follow the main thread, so its steps reach them as they
reach its own reporter (the same `worth_telling` moves), each reporter in a message of their own
with their own case number and link; an unmerge tells them their report is handled on its own
again (instead of a status e-mail for the move back)."""

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
    (the new departments), not the hand-back to the moderators (the reassignment follows), not
    the move back of an unmerge (`notify_unmerged` says it)."""
    if to_status not in NOTIFIED_STATUSES or from_status == Status.MERGED:
        return False  # out of "merged" only by an unmerge, which has its own notice
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


@task()
def notify_merged(issue_id, main_id):
    """并单: the report was merged into `main_id`; the reporter follows that thread now."""
    main = Issue.objects.filter(pk=main_id).first()
    if main is not None:
        _send_to_reporter(issue_id, "merged", **_main_context(main))


@task()
def notify_unmerged(issue_id, status):
    """The merge was undone: the report is handled on its own again, in `status` (as the badges
    show it at the unmerge)."""
    _send_to_reporter(issue_id, "unmerged", status=Status(status))


@task()
def notify_merged_reporters(main_id, status):
    """A step of a main thread, told to each reporter who left an e-mail on a report merged
    into it: one message each, with their own case number and link and nobody else's."""
    main = Issue.objects.filter(pk=main_id).first()
    if main is None or not main.is_public:
        # Hidden by a moderator: no public page to send them to (their tracking page says
        # the thread is not public at the moment).
        return
    status = Status(status)
    reason = public_reopen_reason(main_id) if status == Status.REOPENED else ""
    reports = Issue.objects.filter(merged_into=main, status=Status.MERGED).exclude(contact_email="")
    for report in reports.select_related("category"):
        _send(report, "main_status", status=status, reopen_reason=reason, **_main_context(main))


def _main_context(main):
    """The main thread as the public see it: its number, public title and page ("" while it is
    not public)."""
    return {"main": main, "main_url": _absolute(main.get_absolute_url()) if main.is_public else ""}


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
    issue = Issue.objects.filter(pk=issue_id).select_related("category").first()
    if issue is not None:
        _send(issue, template, **context)


def _send(issue, template, **context):
    """Render feedback/email/<template>_subject.txt and _body.txt in the site's language."""
    if not issue.contact_email:
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
