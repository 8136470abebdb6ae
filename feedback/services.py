"""What citizens do: submit an issue, add a follow-up, give or withdraw the TV programme's
consent, and the public timeline of a thread."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from core.conf import setting

from .models import Issue, IssueEvent, Message, Photo
from .privacy import mask_text
from .signals import issue_submitted
from .workflow import Source


def submit_issue(data):
    """Create an issue from a cleaned `wall.forms.IssueSubmitForm` (or an Open311 post, with
    `source` and `submitted_location`); it stays private until moderated.

    The TV programme's consent (`tv_contact_consent`) is taken from the wall's own form only:
    an Open311 client cannot tick a box for the citizen, so its posts never carry consent."""
    source = data.get("source", Source.WEB)
    consent = bool(data.get("tv_contact_consent")) and source == Source.WEB
    now = timezone.now()
    with transaction.atomic():
        issue = Issue.objects.create(
            created_at=now,
            title=data["title"],
            body=data["body"],
            location=data.get("location", ""),
            submitted_title=data["title"],
            submitted_body=data["body"],
            # An Open311 post may give coordinates only: kept as typed, private like the rest.
            submitted_location=data.get("submitted_location", data.get("location", "")),
            category=data["category"],
            district=data["district"],
            display_name=data.get("display_name", ""),
            submitted_display_name=data.get("display_name", ""),
            contact_phone=data.get("contact_phone", ""),
            contact_email=data.get("contact_email", ""),
            source=source,
            tv_contact_consent=consent,
            tv_consent_at=now if consent else None,
        )
        _attach_photos(issue, data.get("photos") or [])
        IssueEvent.record(issue, IssueEvent.Action.SUBMITTED, None, to_status=issue.status)
        issue_submitted.send(sender=Issue, issue=issue)
    return issue


# The history entries of the reporter's consent (Wagtail's log of the issue; the staff hooks
# register their labels). No IssueEvent action: the consent is no step of the workflow.
TV_CONSENT_LOG_ACTIONS = {
    "feedback.tv_consent_given": _("The reporter agreed to be contacted by the TV programme"),
    "feedback.tv_consent_withdrawn": _("The reporter withdrew the TV programme's consent"),
}


def set_tv_contact_consent(issue, consent):
    """The reporter gives (`consent=True`) or withdraws the TV programme's consent, through the
    tracking link. Giving stamps `tv_consent_at`; withdrawing clears it, and from then on no media
    staff can see the contact. Each change is a history entry; repeating the current choice (a
    form sent twice) changes nothing. Returns whether anything changed."""
    consent = bool(consent)
    with transaction.atomic():
        locked = Issue.objects.select_for_update().only("tv_contact_consent").get(pk=issue.pk)
        if locked.tv_contact_consent == consent:
            return False
        issue.tv_contact_consent = consent
        issue.tv_consent_at = timezone.now() if consent else None
        issue.save(update_fields=["tv_contact_consent", "tv_consent_at"])
        action = "feedback.tv_consent_given" if consent else "feedback.tv_consent_withdrawn"
        log(instance=issue, action=action, user=None, data={"consent": consent})
    return True


def add_follow_up(issue, data):
    """A reporter's follow-up through the tracking link, moderated like the first post.

    Its `body` holds the masked text from the start: what staff other than moderators and the
    reporter see before moderation, and what the moderator is offered to publish.

    The same text again within FOLLOW_UP_RESEND_SECONDS is the same follow-up (a form sent twice,
    a reload that resends the POST, a double click): the first one is returned, nothing is stored.
    """
    since = timezone.now() - timedelta(seconds=setting("FOLLOW_UP_RESEND_SECONDS"))
    with transaction.atomic():
        # The issue's row lock makes two copies sent at the same moment wait for each other.
        Issue.objects.select_for_update().values_list("pk", flat=True).get(pk=issue.pk)
        already = issue.messages.filter(
            kind=Message.Kind.FOLLOW_UP, submitted_body=data["body"], created_at__gte=since
        ).first()
        if already is not None:
            return already
        message = Message.objects.create(
            issue=issue,
            kind=Message.Kind.FOLLOW_UP,
            body=mask_text(data["body"]),
            submitted_body=data["body"],
        )
        _attach_photos(issue, data.get("photos") or [], message=message)
        IssueEvent.record(issue, IssueEvent.Action.FOLLOW_UP_ADDED, None, public=False)
    return message


def _attach_photos(issue, photos, message=None):
    for photo in photos:
        Photo.objects.create(
            issue=issue,
            message=message,
            image=photo.content,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
        )


@dataclass
class TimelineEntry:
    at: datetime
    kind: str  # "event" or "message"
    event: IssueEvent | None = None
    message: Message | None = None


def thread_prefetches(include_private=False):
    """Prefetches for everything a thread page shows, in a fixed number of queries.

    `include_private` is for the reporter's tracking page: it adds the reporter's own pending
    follow-ups, never internal notes nor withdrawn messages, every photo the reporter sent
    (the public see a follow-up's photos only while the follow-up is public), and the merge of
    their report into another thread and its undoing (`IssueEvent.objects.for_reporter`).
    """

    messages = Message.objects.select_related("department")
    messages = messages.for_reporter() if include_private else messages.public()
    photos = Photo.objects.not_removed() if include_private else Photo.objects.public()
    events = IssueEvent.objects
    events = events.for_reporter() if include_private else events.filter(is_public=True)
    return (
        Prefetch("messages", queryset=messages, to_attr="thread_messages"),
        Prefetch("events", queryset=events, to_attr="public_events"),
        Prefetch("photos", queryset=photos, to_attr="visible_photos"),
    )


def build_timeline(issue):
    """Merge public events and messages into one list ordered by time."""
    entries = [
        TimelineEntry(event.created_at, "event", event=event) for event in issue.public_events
    ]
    entries += [
        TimelineEntry(message.published_at or message.created_at, "message", message=message)
        for message in issue.thread_messages
    ]
    return sorted(entries, key=lambda entry: entry.at)
