"""The answer to a write over a rate limit: HTTP 429, the same page, what was typed kept."""

from django.contrib import messages as flash
from django.shortcuts import render
from django.utils.translation import gettext as _

# Never put back into a form shown again: secrets and one-time values.
_NOT_KEPT = {"csrfmiddlewaretoken", "captcha_0", "captcha_1", "website"}


def typed(request):
    """What was typed into a POSTed form, as initial values: shown again, not validated."""
    return {name: value for name, value in request.POST.items() if name not in _NOT_KEPT}


def too_many_requests(request, template, context, wait, message):
    """Render `template` with status 429, `message` and when to try again (Retry-After)."""
    if wait >= 90 * 60:
        when = _("Please try again in about %(hours)d hours.") % {"hours": round(wait / 3600)}
    else:
        when = _("Please try again in about %(minutes)d minutes.") % {
            "minutes": max(1, round(wait / 60))
        }
    flash.error(request, f"{message} {when}")
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(int(wait))
    return response
