"""An anonymous, per-browser identity for "me too" and votes: a signed random id in a cookie.

Only a keyed hash of it is stored, so the database cannot be joined back to a browser.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

COOKIE_NAME = "ew_browser"
COOKIE_SALT = "echowall.browser"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365 * 2


def browser_id(request):
    """The browser's id from its signed cookie, or a new one (then `remember_browser` must run)."""
    existing = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
    if existing:
        return existing, False
    return secrets.token_urlsafe(18), True


def remember_browser(response, identifier):
    response.set_signed_cookie(
        COOKIE_NAME, identifier, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE, httponly=True,
        samesite="Lax", secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
    )


def keyed_hash(value, purpose):
    key = f"{settings.SECRET_KEY}:{purpose}".encode()
    return hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()
