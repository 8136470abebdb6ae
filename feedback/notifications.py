"""E-mail to reporters at each step of their issue, sent in the background after commit."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .signals import issue_status_changed
from .workflow import Status

NOTIFIED_STATUSES = {
    Status.PUBLISHED, Status.REJECTED, Status.ASSIGNED, Status.ANSWERED, Status.RESOLVED,
}


@receiver(issue_status_changed)
def queue_reporter_notification(sender, issue, from_status, to_status, **kwargs):
    if issue.contact_email and to_status in NOTIFIED_STATUSES:
        # robust: a failing callback (e.g. another app's) must not cost the reporter their e-mail.
        transaction.on_commit(
            lambda: notify_reporter.enqueue(issue_id=issue.pk, status=str(to_status)),
            robust=True,
        )


@task()
def notify_reporter(issue_id, status):
    from .models import Issue

    issue = Issue.objects.filter(pk=issue_id).select_related("category").first()
    if issue is None or not issue.contact_email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "issue": issue,
            "status": Status(status),
            "tracking_url": settings.SITE_URL.rstrip("/") + issue.get_tracking_url(),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("feedback/email/status_subject.txt", context).strip()
        body = render_to_string("feedback/email/status_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [issue.contact_email])
