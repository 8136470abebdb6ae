"""Headers for every answer that shows, or is reached through, a private tracking code.

Referrer policy: ``same-origin``. The browser then sends the full address only to this site, so
the reporter's own forms carry a real ``Origin`` (``no-referrer`` made Chromium send
``Origin: null``, which Django's CSRF check refuses), while a link to any other site gets no
``Referer`` at all. Links inside citizens' and departments' text carry ``rel="noreferrer"`` too
(`core.text.render_plain_text`).
"""

import functools

REFERRER_POLICY = "same-origin"


def keep_private(response):
    """Headers for every response that shows or is reached through a tracking code."""
    response["Referrer-Policy"] = REFERRER_POLICY
    response["Cache-Control"] = "private, no-store"
    return response


def private_page(view):
    """`keep_private` on every answer of `view`, redirects included (their Location holds the
    code)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return keep_private(view(request, *args, **kwargs))

    return wrapped
