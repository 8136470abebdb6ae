"""Who may pull the TV desk's exports: media staff (or moderators), by personal API token or by
their admin session.

- `Authorization: Bearer <token>`: a Wagtail `APIToken` (stored as a digest, revocable, created
  under Settings → API tokens), through Wagtail's own `BearerTokenAuth`. A header that does not
  name a live token makes the request anonymous, even with a session cookie beside it.
- Without the header: the logged-in session (GETs only, so CSRF is not involved).
- No credentials, an unknown or revoked token → 401 {"detail": "Authentication required."} with
  `WWW-Authenticate: Bearer realm="echowall"`; credentials of someone outside the group → 403
  {"detail": "Not allowed."}. Both are decided before the week is read, so neither says whether a
  week has data. Every answer is `Cache-Control: private, no-store`.
"""

from django.http import JsonResponse
from ninja.errors import AuthenticationError
from wagtail.api.v3.auth import BearerTokenAuth

from feedback.permissions import MODERATOR_GROUP
from reporting.desk_access import MEDIA_STAFF_GROUP

ALLOWED_GROUPS = (MEDIA_STAFF_GROUP, MODERATOR_GROUP)
REALM = 'Bearer realm="echowall"'


class NotAllowed(Exception):
    """Authenticated, but not media staff."""


def private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def may_pull_exports(user):
    return user.is_active and user.groups.filter(name__in=ALLOWED_GROUPS).exists()


class MediaStaffAuth:
    """A django-ninja auth callable: the user, None (→ 401) or NotAllowed (→ 403)."""

    bearer = BearerTokenAuth()

    def __call__(self, request):
        # The bearer check sets request.user, anonymous when the header names no live token.
        if "Authorization" in request.headers and self.bearer(request) is None:
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        if not may_pull_exports(user):
            raise NotAllowed
        return user


def unauthenticated(request, exc):
    response = JsonResponse({"detail": "Authentication required."}, status=401)
    response["WWW-Authenticate"] = REALM
    return private(response)


def not_allowed(request, exc):
    return private(JsonResponse({"detail": "Not allowed."}, status=403))


def install(api):
    """The 401 and 403 answers on a ninja API protected by `MediaStaffAuth`."""
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(NotAllowed, not_allowed)
