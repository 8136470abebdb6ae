"""The TV desk's exports under /api/tv/v1/ (django-ninja): a week as JSON, CSV or Atom, and the
JSON export's schema.

Media staff only (`api.auth`: token or session, 401/403 decided before the week is read); a
malformed week, one that does not exist or one starting in the future is a 400 {"detail": …}.
Every answer is private and not stored by caches.
"""

import json

from django.http import HttpResponse
from django.urls import reverse
from ninja import NinjaAPI

from feedback.models import Issue
from reporting.desk import BAD_WEEK, build_week, parse_week

from . import auth
from .tv import json_schema, week_export
from .tv_formats import week_atom, week_csv

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}

api = NinjaAPI(
    title="Echo Wall TV desk exports",
    version="tv-v1",
    urls_namespace="tv",
    auth=auth.MediaStaffAuth(),
    docs_url=None,
    openapi_url=None,
)
auth.install(api)


class BadWeek(Exception):
    pass


@api.exception_handler(BadWeek)
def bad_week(request, exc):
    return _answer(json.dumps({"detail": BAD_WEEK}), "json", status=400)


def _answer(content, fmt, status=200):
    return auth.private(HttpResponse(content, status=status, content_type=CONTENT_TYPES[fmt]))


def _last_activity(export):
    ids = [thread.id for thread in export.threads]
    return dict(Issue.objects.filter(pk__in=ids).values_list("pk", "last_activity_at"))


@api.get("/weeks/{week}.{fmt}", url_name="week")
def week(request, week: str, fmt: str):
    if fmt not in CONTENT_TYPES:
        return _answer(json.dumps({"detail": "Not found."}), "json", status=404)
    try:
        parsed = parse_week(week)
    except ValueError:
        raise BadWeek from None
    export = week_export(build_week(parsed), request.build_absolute_uri)
    if fmt == "json":
        return _answer(export.model_dump_json(), fmt)
    if fmt == "csv":
        return _answer(week_csv(export), fmt)
    feed_url = request.build_absolute_uri(reverse("tv:week", args=[week, fmt]))
    return _answer(week_atom(export, request.get_host(), feed_url, _last_activity(export)), fmt)


@api.get("/schema/week.json", auth=None, url_name="week_schema")
def week_schema(request):
    """The JSON Schema of the JSON export: documentation, no data, so no credentials needed."""
    return _answer(json.dumps(json_schema(), ensure_ascii=False, indent=2), "json")
