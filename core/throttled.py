"""The answer to a write over a rate limit: HTTP 429, the same page, what was typed kept."""

from django.contrib import messages as flash
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Never put back into a form shown again: secrets and one-time values.
_NOT_KEPT = {"csrfmiddlewaretoken", "captcha_0", "captcha_1", "website"}


def typed(request):
    """What was typed into a POSTed form, as initial values: shown again, not validated."""
    return {name: value for name, value in request.POST.items() if name not in _NOT_KEPT}


def too_many_requests(request, template, context, wait, message):
    """Render `template` with status 429, `message` and when to try again (Retry-After)."""
    if wait >= 90 * 60:
        hours = round(wait / 3600)
        when = ngettext(
            "Please try again in about %(hours)d hour.",
            "Please try again in about %(hours)d hours.",
            hours,
        ) % {"hours": hours}
    else:
        minutes = max(1, round(wait / 60))
        when = ngettext(
            "Please try again in about %(minutes)d minute.",
            "Please try again in about %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    # Translators: a rate-limit notice, what happened then when to try again (no space in Chinese).
    flash.error(request, _("%(message)s %(when)s") % {"message": message, "when": when})
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(int(wait))
    return response
