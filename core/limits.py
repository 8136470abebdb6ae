"""Rate limits on anonymous writes, counted in the cache with django-ratelimit.

Each rule counts per client network (a keyed hash, see `core.browser.address_key`) or per tracking
link, over the window of its rate in ``ECHOWALL["RATE_LIMITS"]`` ("10/h", "5/d", …). Every function
returns None when the request may go on, or the seconds to wait when it is over a limit. Public
votes keep their own limit, counted in the database (`polls.models.PollVote.recent_from_address`).

The cache is the process's memory in the embedded default (one server process); production needs a
shared cache (`REDIS_URL`) so that every worker sees the same counts.
"""

from django_ratelimit.core import get_usage

from core.browser import address_key, keyed_hash
from core.conf import rate_limit


def _check(request, rule, key, count):
    usage = get_usage(
        request,
        group=f"echowall.{rule}",
        key=lambda _group, _request: key,
        rate=rate_limit(rule),
        increment=count,
    )
    if usage is None:  # limits switched off, or the cache is down (RATELIMIT_FAIL_OPEN)
        return None
    # Counting this attempt: refused beyond the limit; only asking: refused at the limit.
    over = usage["should_limit"] if count else usage["count"] >= usage["limit"]
    return max(usage["time_left"], 1) if over else None


def _first_refusal(*waits):
    refused = [wait for wait in waits if wait is not None]
    return max(refused) if refused else None


def new_post(request):
    """Counts this attempt at posting a new issue (refused ones too: each costs a captcha check)."""
    return _check(request, "submit", address_key(request), count=True)


def follow_up(request, issue):
    """Counts this attempt at a follow-up, per tracking link and per client network."""
    return _first_refusal(
        _check(request, "follow_up_link", keyed_hash(issue.tracking_code, "follow-up"), True),
        _check(request, "follow_up_address", address_key(request), count=True),
    )


def _support_keys(request, issue):
    address = address_key(request)
    return (("support_issue", f"{address}:{issue.pk}"), ("support_address", address))


def support(request, issue):
    """Whether this client network may add a "me too" to this issue now (counts nothing)."""
    return _first_refusal(
        *(_check(request, rule, key, count=False) for rule, key in _support_keys(request, issue))
    )


def count_support(request, issue):
    """Counts a "me too" that was added (clicks on one already given cost nothing)."""
    for rule, key in _support_keys(request, issue):
        _check(request, rule, key, count=True)
