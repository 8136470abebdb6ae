"""Who is asking, without an account: a per-browser identity (a signed random id in a cookie) for
"me too" and votes, and the client's network address for rate limits.

Only keyed hashes of either are stored, so the database cannot be joined back to a browser or an
address.
"""

import hashlib
import hmac
import ipaddress
import secrets

from django.conf import settings

from core.conf import setting

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
        COOKIE_NAME,
        identifier,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
    )


def keyed_hash(value, purpose):
    key = f"{settings.SECRET_KEY}:{purpose}".encode()
    return hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()


def client_address(request):
    """The client's address: REMOTE_ADDR, or what the trusted reverse proxies say.

    With ``ECHOWALL["CLIENT_ADDRESS_HEADER"]`` set (e.g. "HTTP_X_REAL_IP" or
    "HTTP_X_FORWARDED_FOR"), the header is read as a list to which each proxy appends the address
    it saw: the entry ``CLIENT_ADDRESS_PROXIES`` places from the right is the one our own nearest
    proxies added. Entries further left come from the client and are never trusted.
    """
    header = setting("CLIENT_ADDRESS_HEADER")
    entries = [entry.strip() for entry in request.META.get(header, "").split(",")] if header else []
    entries = [entry for entry in entries if entry]
    if entries:
        proxies = max(1, int(setting("CLIENT_ADDRESS_PROXIES")))
        candidate = entries[-proxies] if len(entries) >= proxies else entries[0]
        if _is_address(candidate):
            return candidate
    return request.META.get("REMOTE_ADDR", "")


def _is_address(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_network(request):
    """The address for limits: IPv4 as is, IPv6 as its /64 (one household or phone holds a /64)."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def address_key(request):
    """A keyed hash of the client's network (stored with public votes, keys the rate limits)."""
    return keyed_hash(client_network(request), "poll-address")


def masked_address(address):
    """An address for logs: its network part and a keyed hash, never the whole address.

    IPv4 keeps its first two numbers (203.0.*.*), IPv6 its first three groups (2001:db8:1::*);
    the hash (12 hex digits, keyed with the site's secret) tells repeated attempts from one
    address apart without writing the address itself.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return f"? #{keyed_hash(address, 'log-address')[:12]}"
    if parsed.version == 6 and parsed.ipv4_mapped:
        parsed = parsed.ipv4_mapped
    if parsed.version == 4:
        network = ".".join(str(parsed).split(".")[:2]) + ".*.*"
    else:
        network = ":".join(parsed.exploded.split(":")[:3]) + "::*"
    return f"{network} #{keyed_hash(str(parsed), 'log-address')[:12]}"
