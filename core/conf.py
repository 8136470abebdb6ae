"""The site's own settings: every key of ``settings.ECHOWALL``, its default and what it means.

This is the one definition. ``echowall/settings/base.py`` starts from `DEFAULTS` and adds what
comes from the environment; code reads a value with `setting(name)` (read at call time, so
``override_settings`` and a test's ``settings.ECHOWALL = {...}`` apply at once). A key missing
from ``settings.ECHOWALL`` falls back to its default here; an unknown key is an error.
"""

from django.conf import settings

DEFAULTS = {
    # Length limits on citizens' text, in characters (after cleaning, see core.text).
    "TITLE_MAX_LENGTH": 60,
    "BODY_MAX_LENGTH": 3000,
    "NAME_MAX_LENGTH": 30,
    "LOCATION_MAX_LENGTH": 100,
    # A voter's optional comment on a satisfaction poll.
    "POLL_COMMENT_MAX_LENGTH": 500,
    # Photos on a post or a follow-up (core.photos): how many, bytes each.
    "MAX_PHOTOS": 3,
    "MAX_PHOTO_BYTES": 8 * 1024 * 1024,
    # Refused from the file's header, before decoding: 40 MP decode to 120-160 MB.
    "PHOTO_MAX_PIXELS": 40_000_000,
    # The longer side of a stored photo, in pixels (larger ones are scaled down).
    "PHOTO_MAX_EDGE": 1600,
    # A public POST larger than this (three photos and the text) is refused unread (413).
    "MAX_REQUEST_BYTES": 3 * 8 * 1024 * 1024 + 2_621_440,
    # Days a department gets by default to handle an issue (assignment, reopening).
    "DEFAULT_DUE_DAYS": 10,
    # 提级督办: an issue reopened this many times is escalated for supervision (0 turns it off).
    "ESCALATE_AFTER_REOPENS": 3,
    # Days a satisfaction poll round stays open after a resolution.
    "POLL_OPEN_DAYS": 30,
    # Public votes one address may cast in an hour (the captcha is asked from the second).
    "POLL_PUBLIC_VOTES_PER_HOUR": 10,
    # A rate or a time whose sample is smaller than this is shown as "too few" in the figures.
    "MIN_SAMPLE": 5,
    # How long a computed figures table is kept in the cache (0 turns the cache off).
    "FIGURES_CACHE_SECONDS": 600,
    # Issues per page on the wall.
    "WALL_PAGE_SIZE": 20,
    # Wrong case number + phone/e-mail pairs per client address and hour on /track/.
    "TRACKING_LOOKUP_FAILURES_PER_HOUR": 10,
    # Behind a reverse proxy: the request header that carries the citizen's address
    # (e.g. "HTTP_X_REAL_IP" or "HTTP_X_FORWARDED_FOR"); empty, REMOTE_ADDR. Only ever stored as
    # a keyed hash. For a list header, the entry CLIENT_ADDRESS_PROXIES places from the right:
    # the one our own proxies added (1: a single proxy in front of the site). Both come from the
    # environment variables of the same names (echowall/settings/base.py).
    "CLIENT_ADDRESS_HEADER": "",
    "CLIENT_ADDRESS_PROXIES": 1,
    # Anonymous writes, as django-ratelimit rates ("count/period", period s, m, h or d), per
    # client network (IPv4 address or IPv6 /64) or per tracking link (core.limits); public
    # votes: POLL_PUBLIC_VOTES_PER_HOUR. A setting may name only some rules.
    "RATE_LIMITS": {
        "submit": "20/h",  # attempts at a new post (wrong captchas too)
        "follow_up_link": "10/h",  # attempts at a follow-up, per tracking link
        "follow_up_address": "30/h",  # attempts at a follow-up, per network
        "support_issue": "5/d",  # "me too" counted per network and issue
        "support_address": "60/h",  # "me too" counted per network, on any issue
    },
    # The same follow-up text again within this time is the same follow-up (a resent form).
    "FOLLOW_UP_RESEND_SECONDS": 3600,
    # 热点 (reporting.hotspots): the fewest threads a group needs to be shown as a hot topic.
    "HOT_TOPIC_MIN_SIZE": 2,
    # Open311 GeoReport v2 (api/open311): the one jurisdiction_id a client may name (another one
    # is a 404; clients may leave it out), and the posts one API key may make in an hour (429).
    "OPEN311_JURISDICTION": "echowall",
    "OPEN311_POSTS_PER_HOUR": 60,
    # 行风视线, the TV desk (reporting.desk): at most this many threads per selection rule, and
    # the earlier frozen weeks its follow-up (回头看) looks back on.
    "DESK_PER_RULE": 3,
    "DESK_FOLLOW_UP_WEEKS": 12,
    # 并单 on the moderation desk (search.similar): likely duplicates of a post are public threads
    # received up to this many days before it, whose likeness (search.likeness: 0 nothing in
    # common, 1 the same text) reaches the minimum score.
    "DUPLICATE_WINDOW_DAYS": 90,
    "DUPLICATE_MIN_SCORE": 0.3,
}


def setting(name):
    """The value of ``ECHOWALL[name]`` now, or its default; KeyError for a key not listed above."""
    default = DEFAULTS[name]
    return getattr(settings, "ECHOWALL", {}).get(name, default)


def rate_limit(rule):
    """The django-ratelimit rate of one rule of RATE_LIMITS ("10/h")."""
    return {**DEFAULTS["RATE_LIMITS"], **setting("RATE_LIMITS")}[rule]
