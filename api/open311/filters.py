"""The arguments of `GET requests` and the spec's window.

- `service_request_id=1,2,3` overrides every other argument (still public threads only; unknown
  ids are simply absent);
- `service_code=a,b` (an unknown code is a 404), `status=open,closed`;
- `start_date`, `end_date`: W3C datetimes with a time zone, compared with `requested_datetime`;
  a span over 90 days is a 400; only `start_date`: [start, min(start + 90 days, now)]; only
  `end_date`: [end - 90 days, end]; neither: the last 90 days;
- at most `MAX_REQUESTS` rows, newest first ("90 days or first 1000 requests, whichever is
  smallest").
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import Category
from feedback.workflow import Status

from .errors import Open311Error
from .schemas import CLOSED

MAX_REQUESTS = 1000
WINDOW = timedelta(days=90)
OPEN = sorted(set(Status) - CLOSED)


def _values(argument):
    return [value.strip() for value in argument.split(",") if value.strip()]


def parse_w3c(value, name):
    """A W3C datetime with a time zone, else None and a message."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or "T" not in value:
        return None, _("%(name)s must be a W3C datetime with a time zone") % {"name": name}
    return moment, None


def window(start, end, now):
    if start and end:
        return start, end
    if start:
        return start, min(start + WINDOW, now)
    if end:
        return end - WINDOW, end
    return now - WINDOW, now


def filter_requests(queryset, params, now=None):
    """`queryset` (public issues) narrowed by the spec's arguments; Open311Error when wrong."""
    ids = params.get("service_request_id")
    if ids is not None:
        try:
            pks = [int(value) for value in _values(ids)]
        except ValueError:
            raise Open311Error(
                400, _("service_request_id must be a comma-separated list of ids")
            ) from None
        return queryset.filter(pk__in=pks).order_by("-created_at", "-pk")[:MAX_REQUESTS]

    errors, not_found = [], []
    codes = _values(params.get("service_code", ""))
    if codes:
        known = set(Category.objects.filter(slug__in=codes).values_list("slug", flat=True))
        not_found += [
            _("Unknown service_code: %(code)s") % {"code": code}
            for code in codes
            if code not in known
        ]
        queryset = queryset.filter(category__slug__in=codes)
    statuses = _values(params.get("status", ""))
    if any(value not in ("open", "closed") for value in statuses):
        errors.append(_("status must be open, closed or both"))
    elif set(statuses) == {"open"}:
        queryset = queryset.filter(status__in=OPEN)
    elif set(statuses) == {"closed"}:
        queryset = queryset.filter(status__in=CLOSED)

    start = end = None
    for name in ("start_date", "end_date"):
        if params.get(name) is not None:
            moment, error = parse_w3c(params[name], name)
            errors += [error] if error else []
            start, end = (moment, end) if name == "start_date" else (start, moment)
    if not errors:
        start, end = window(start, end, now or timezone.now())
        if end < start:
            errors.append(_("end_date must not be before start_date"))
        elif end - start > WINDOW:
            errors.append(_("start_date and end_date must be at most 90 days apart"))
    if errors:
        raise Open311Error(400, *errors)
    if not_found:
        raise Open311Error(404, *not_found)
    queryset = queryset.filter(created_at__gte=start, created_at__lte=end)
    return queryset.order_by("-created_at", "-pk")[:MAX_REQUESTS]
