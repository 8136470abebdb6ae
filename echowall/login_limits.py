"""Staff log-in throttling with django-axes: after AXES_FAILURE_LIMIT wrong passwords for one
account from one client address, that pair is locked out for AXES_COOLOFF_TIME; every failure and
every lock-out is logged (logger "axes") and the locked-out person sees a page that says why and
for how long (HTTP 429), even when the password they then type is right.

The log names the account as typed (an administrator unlocks it with `manage.py
axes_reset_username NAME`), never the password, and the address only masked with a keyed hash
(`core.browser.masked_address`: its network and a tag that matches repeated attempts), because
logs travel further and live longer than the database (`client_description`).
"""

import logging

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.shortcuts import render

from core.browser import masked_address

logger = logging.getLogger("echowall.security")


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check on every log-in made through a request (the admin's and any other form).

    `authenticate()` called from code without a request (the test client's `login()`, a shell)
    has no client to throttle: it is passed on to the next backend instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_description(username, ip_address, user_agent, path_info, request):
    """How axes names a client in its log lines (AXES_CLIENT_STR_CALLABLE)."""
    if isinstance(path_info, (tuple, list)):
        path_info = path_info[0]
    return (
        f'{{username: "{username}", address: "{masked_address(ip_address)}", '
        f'path_info: "{path_info}"}}'
    )


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out account sees (AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    username = (credentials or {}).get("username", "")
    logger.warning(
        "Refused a staff log-in during a lock-out (account %r, address %s).",
        username,
        masked_address(getattr(request, "axes_ip_address", "")),
    )
    response = render(
        request,
        "staff/login_locked.html",
        {"minutes": minutes, "username": username},
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
