"""The fields of Open311 services and service requests, from the wall's public data only.

A request is `Issue.pk` (the public id of /wall/<id>/, never the case number), its public
(masked, moderated) text, its category, its current departments and public dates. Never:
contact details, the reporter's name, the case number, the tracking code, internal notes, what
was typed before moderation. The issues given here come from `Issue.objects.public()`.
"""

import re
from datetime import datetime, time

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from feedback.models import IssueEvent, Message, Photo
from feedback.workflow import Status

from .render import w3c

CLOSED = frozenset({Status.RESOLVED, Status.CLOSED})
DESCRIPTION_MAX_LENGTH = 4000
SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n")


def first_sentence(text):
    text = text.strip()
    return SENTENCE_END.split(text, maxsplit=1)[0].strip() if text else ""


def service(category):
    department = category.default_department
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": _("Handled by %(department)s") % {"department": department.name}
        if department
        else "",
        "metadata": True,
        "type": "batch",
        "keywords": "",
        "group": "",
    }


def service_definition(category, districts):
    return {
        "service_code": category.slug,
        "attributes": [
            {
                "variable": True,
                "code": "district",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": _("The district (街道) of the problem"),
                "order": 1,
                "description": _("District"),
                "values": [{"key": d.slug, "name": d.name} for d in districts],
            },
            {
                "variable": True,
                "code": "title",
                "datatype": "string",
                "required": False,
                "datatype_description": _("At most 60 characters"),
                "order": 2,
                "description": _("Title"),
            },
        ],
    }


def request_prefetches():
    """What `service_request` reads beyond `Issue.objects.for_list()`: visible photos, the
    public resolution notes and the public replies, in three queries whatever the number."""
    return (
        Prefetch("photos", queryset=Photo.objects.public(), to_attr="visible_photos"),
        Prefetch(
            "events",
            queryset=IssueEvent.objects.public_notes()
            .filter(action=IssueEvent.Action.RESOLVED)
            .order_by("created_at", "pk"),
            to_attr="resolution_notes",
        ),
        Prefetch(
            "messages",
            queryset=Message.objects.public().filter(kind=Message.Kind.REPLY),
            to_attr="public_replies",
        ),
    )


def _end_of_day(day):
    if day is None:
        return None
    return w3c(timezone.make_aware(datetime.combine(day, time(23, 59, 59))))


def _status_notes(issue, departments):
    """Closed: the first sentence of the resolution note (else of the last public reply); open:
    the status with its departments, "已答复（市住建局）"."""
    closing = [e.note for e in issue.resolution_notes if e.note] or [
        m.body for m in issue.public_replies
    ]
    if issue.status in CLOSED and closing:
        return first_sentence(closing[-1])
    label = str(issue.shown_status.label)
    return f"{label}（{'、'.join(departments)}）" if departments else label


def service_request(issue, build_url):
    """One request's fields, in the spec's order; `build_url` makes a path absolute."""
    departments = [a.department.name for a in issue.active_assignments]
    closed = issue.status in CLOSED
    updated = (issue.closed_at or issue.resolved_at) if closed else None
    photos = issue.visible_photos
    description = f"{issue.title}\n{issue.body}"[:DESCRIPTION_MAX_LENGTH]
    address = "，".join(part for part in (issue.location, issue.district.name) if part)
    with translation.override(settings.LANGUAGE_CODE):  # status labels in the city's language
        notes = _status_notes(issue, departments)
    return {
        "service_request_id": issue.pk,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": issue.category.name,
        "service_code": issue.category.slug,
        "description": description,
        "agency_responsible": "、".join(departments),
        "requested_datetime": w3c(issue.created_at),
        "updated_datetime": w3c(updated or issue.last_activity_at),
        "expected_datetime": _end_of_day(issue.due_date),
        "address": address,
        "media_url": build_url(photos[0].get_absolute_url()) if photos else None,
    }
