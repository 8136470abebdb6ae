"""The Open311 endpoints: one django-ninja API mounted at /open311/v2/ (`api.urls`).

The format is the URL's suffix (`.json` or `.xml`; another one is a 404), `jurisdiction_id` is
optional (one jurisdiction, `ECHOWALL["OPEN311_JURISDICTION"]`; another is a 404). Arguments are
read from the query string or the form as the spec names them (`attribute[district]`), so the
answers to wrong ones are the spec's error bodies (`errors`), not ninja's validation errors.
GETs carry `Access-Control-Allow-Origin: *`; requests come from `Issue.objects.public()` in a
constant number of queries.
"""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from core.conf import setting
from feedback.models import Category, District, Issue
from feedback.workflow import Status

from ..models import Open311Submission
from . import posting
from .errors import Open311Error, error_response
from .filters import MAX_REQUESTS, filter_requests
from .render import CONTENT_TYPES, FORMATS, respond
from .schemas import request_prefetches, service, service_definition, service_request

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-02T00:00:00+08:00"
OTHER_METHODS = ["PUT", "PATCH", "DELETE"]

api = NinjaAPI(
    title="Echo Wall Open311 GeoReport v2",
    version="v2",
    urls_namespace="open311",
    docs_url=None,
)


def _format_of(path):
    suffix = path.rpartition(".")[2]
    return suffix if suffix in FORMATS else "json"


@api.exception_handler(Open311Error)
def open311_error(request, exc):
    return error_response(_format_of(request.path), exc.status, exc.descriptions)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error_response(_format_of(request.path), 404, [_("Not found")])


def _check(request, fmt):
    """404 for another format or another jurisdiction."""
    if fmt not in FORMATS:
        raise Open311Error(404, _("Unknown format: use .json or .xml"))
    params = request.GET if request.method == "GET" else request.POST
    jurisdiction = params.get("jurisdiction_id")
    if jurisdiction is not None and jurisdiction != setting("OPEN311_JURISDICTION"):
        raise Open311Error(404, _("Unknown jurisdiction_id"))


def _not_allowed():
    raise Open311Error(405, _("Method not allowed"))


@api.get("/discovery.{fmt}")
def discovery(request, fmt: str):
    _check(request, fmt)
    endpoint = {
        "specification": SPECIFICATION,
        "url": request.build_absolute_uri(reverse("open311:services", args=["json"])).rpartition(
            "/"
        )[0]
        + "/",
        "changeset": CHANGESET,
        "type": "production",
        "formats": [CONTENT_TYPES["xml"].split(";")[0], CONTENT_TYPES["json"].split(";")[0]],
    }
    body = {
        "changeset": CHANGESET,
        "contact": _("Use the feedback form of the wall: %(url)s")
        % {"url": request.build_absolute_uri("/wall/new/")},
        "key_service": _("API keys are given by the wall's administrators."),
        "max_requests": MAX_REQUESTS,
        "endpoints": [endpoint],
    }
    return respond(fmt, "discovery", body, cors=True)


@api.get("/services.{fmt}", url_name="services")
def services(request, fmt: str):
    _check(request, fmt)
    categories = Category.objects.select_related("default_department")
    return respond(fmt, "services", [service(c) for c in categories], cors=True)


@api.get("/services/{code}.{fmt}")
def service_detail(request, code: str, fmt: str):
    _check(request, fmt)
    category = Category.objects.filter(slug=code).first()
    if category is None:
        raise Open311Error(404, _("Unknown service_code: %(code)s") % {"code": code})
    body = service_definition(category, District.objects.all())
    return respond(fmt, "service_definition", body, cors=True)


def _requests_body(request, issues):
    issues = issues.prefetch_related(*request_prefetches())
    return [service_request(issue, request.build_absolute_uri) for issue in issues]


def _public_requests():
    return Issue.objects.public().for_list()


@api.get("/requests.{fmt}")
def request_list(request, fmt: str):
    _check(request, fmt)
    issues = filter_requests(_public_requests(), request.GET)
    return respond(fmt, "service_requests", _requests_body(request, issues), cors=True)


@api.post("/requests.{fmt}")
def request_create(request, fmt: str):
    _check(request, fmt)
    token = posting.client_token(request.POST.get("api_key", ""))
    if token is None:
        raise Open311Error(403, _("api_key is missing or not valid"))
    wait = posting.over_rate_limit(request, token)
    if wait is not None:
        message = _("Too many requests with this api_key; try again later")
        return error_response(fmt, 429, [message], headers={"Retry-After": str(int(wait))})
    submission = posting.submit(posting.clean_post(request.POST), token)
    notice = _("Published after moderation, usually within one working day")
    body = [{"token": submission.token, "service_notice": notice}]
    return respond(fmt, "service_requests", body)


@api.get("/requests/{service_request_id}.{fmt}")
def request_detail(request, service_request_id: str, fmt: str):
    _check(request, fmt)
    if not service_request_id.isdigit():
        raise Open311Error(404, _("Not found"))
    issues = _public_requests().filter(pk=int(service_request_id))
    body = _requests_body(request, issues)
    if not body:
        raise Open311Error(404, _("Not found"))
    return respond(fmt, "service_requests", body, cors=True)


@api.get("/tokens/{token}.{fmt}")
def token_detail(request, token: str, fmt: str):
    """The request a token became: its id once public, no id while it waits for moderation, 404
    once rejected, merged or hidden (no reason given)."""
    _check(request, fmt)
    submission = Open311Submission.objects.select_related("issue").filter(token=token).first()
    issue = submission.issue if submission else None
    if issue is None or not (issue.is_public or issue.status == Status.SUBMITTED):
        raise Open311Error(404, _("Not found"))
    body = [{"service_request_id": issue.pk if issue.is_public else None, "token": token}]
    return respond(fmt, "service_requests", body, cors=True)


# Any other method on the spec's paths: 405 with an error body (ninja's own 405 has none).
@api.api_operation(OTHER_METHODS, "/discovery.{fmt}")
@api.api_operation(OTHER_METHODS, "/services.{fmt}")
@api.api_operation(OTHER_METHODS, "/requests.{fmt}")
def not_allowed(request, fmt: str):
    _not_allowed()


@api.api_operation(OTHER_METHODS, "/services/{code}.{fmt}")
def service_not_allowed(request, code: str, fmt: str):
    _not_allowed()


@api.api_operation(OTHER_METHODS, "/requests/{service_request_id}.{fmt}")
def request_not_allowed(request, service_request_id: str, fmt: str):
    _not_allowed()


@api.api_operation(OTHER_METHODS, "/tokens/{token}.{fmt}")
def token_not_allowed(request, token: str, fmt: str):
    _not_allowed()
