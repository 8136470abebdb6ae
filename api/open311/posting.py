"""`POST requests`: a new post from an Open311 client, entering moderation like the form's.

The API key replaces the captcha: an `APIToken` (Wagtail's, stored as a digest) of an active user
in the group "Open311 clients", not revoked; without one the answer is 403. Posts are counted per
key (`ECHOWALL["OPEN311_POSTS_PER_HOUR"]`, 429 beyond). The post goes through
`feedback.services.submit_issue` with `source = open311`, so it waits for a moderator like any
other (masking, publication, the reporter's confirmation e-mail when an e-mail was given), and the
answer is a token (service type "batch"): `GET tokens/<token>` gives the `service_request_id`
once the post is public. Contact details are kept private as the form keeps them; names, device
and account ids are not stored; `media_url` is not fetched.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from wagtail.models import APIToken

from core.conf import setting
from core.text import cleaned_text
from feedback.models import Category, District
from feedback.services import submit_issue
from feedback.workflow import Source

from ..models import Open311Submission
from .errors import Open311Error
from .schemas import first_sentence

CLIENTS_GROUP = "Open311 clients"
PHONE_PATTERN = re.compile(r"^\+?[\d\s()-]{5,40}$")
COORDINATE = re.compile(r"^-?\d{1,3}(?:\.\d+)?$")


def client_token(api_key):
    """The not-revoked APIToken of an active Open311 client with this key, or None."""
    if not api_key or not APIToken.validate_token_format(api_key):
        return None
    token = (
        APIToken.objects.select_related("user")
        .filter(
            key_hash__in=APIToken.candidate_key_hashes(api_key),
            revoked_at__isnull=True,
            user__groups__name=CLIENTS_GROUP,
        )
        .first()
    )
    return token if token is not None and token.user.is_active else None


def over_rate_limit(request, token):
    """Counts this post against its key; the seconds to wait when over the limit, else None."""
    usage = get_usage(
        request,
        group="echowall.open311_post",
        key=lambda _group, _request: str(token.pk),
        rate=f"{setting('OPEN311_POSTS_PER_HOUR')}/h",
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


def _text(data, name, limit_setting, label, required, errors):
    try:
        return cleaned_text(
            data.get(name, ""),
            setting(limit_setting),
            label,
            multiline=name == "description",
            required=required,
        )
    except ValidationError as error:
        errors.extend(f"{name}: {message}" for message in error.messages)
        return ""


def _location(data, errors):
    address = _text(data, "address_string", "LOCATION_MAX_LENGTH", _("the location"), False, errors)
    lat, long = data.get("lat", "").strip(), data.get("long", "").strip()
    if lat or long:
        if not (COORDINATE.match(lat) and COORDINATE.match(long)):
            errors.append(_("lat and long must both be decimal degrees"))
            return address, ""
        return address, f"{lat},{long}"
    if not address and not data.get("address_id", "").strip():
        errors.append(_("One of lat and long, address_string or address_id is required"))
    return address, address


def clean_post(data):
    """The `submit_issue` data of a POST, or Open311Error (400 wrong arguments, 404 unknown)."""
    errors, unknown = [], []
    code = data.get("service_code", "").strip()
    category = Category.objects.filter(slug=code).first() if code else None
    if not code:
        errors.append(_("service_code is required"))
    elif category is None:
        unknown.append(_("Unknown service_code: %(code)s") % {"code": code})
    slug = data.get("attribute[district]", "").strip()
    district = District.objects.filter(slug=slug).first() if slug else None
    if not slug:
        errors.append(_("attribute[district] is required"))
    elif district is None:
        errors.append(_("Unknown district: %(district)s") % {"district": slug})
    body = _text(data, "description", "BODY_MAX_LENGTH", _("the description"), True, errors)
    title = _text(data, "attribute[title]", "TITLE_MAX_LENGTH", _("the title"), False, errors)
    if not title and body:
        title = first_sentence(body)[: setting("TITLE_MAX_LENGTH")]
    location, submitted_location = _location(data, errors)
    email = data.get("email", "").strip()
    phone = data.get("phone", "").strip()
    try:
        validate_email(email) if email else None
    except ValidationError:
        errors.append(_("email is not a valid e-mail address"))
    if phone and not PHONE_PATTERN.match(phone):
        errors.append(_("phone is not a valid phone number"))
    if errors:
        raise Open311Error(400, *errors)
    if unknown:
        raise Open311Error(404, *unknown)
    return {
        "title": title,
        "body": body,
        "location": location,
        "submitted_location": submitted_location,
        "category": category,
        "district": district,
        "contact_phone": phone,
        "contact_email": email,
        "source": Source.OPEN311,
    }


def submit(data, token):
    """Store the post and its token (one transaction): the Open311Submission."""
    with transaction.atomic():
        issue = submit_issue(data)
        return Open311Submission.objects.create(issue=issue, api_token=token)
