import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-echowall"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# `bin/dev` serves on PORT, runserver's "[addr:]port" (8001, 0.0.0.0:8001, [::1]:8001; default
# 127.0.0.1:8000). Links in e-mails and the admin, and the printed login hint, point there unless
# SITE_URL says otherwise (e.g. the address other machines reach).
ADDRPORT = re.compile(r"(?:(?P<host>\[[0-9a-fA-F:.]+\]|[^:\[\]]+):)?(?P<port>\d+)")
# runserver's "listen everywhere" addresses; a browser on this machine opens the loopback one.
LOOPBACK_FOR = {"0": "127.0.0.1", "0.0.0.0": "127.0.0.1", "[::]": "[::1]"}


def served_host_and_port(addrport):
    match = ADDRPORT.fullmatch(addrport.strip())
    if match is None:
        raise ImproperlyConfigured(
            f"PORT={addrport!r}: expected runserver's [addr:]port, e.g. 8001 or 0.0.0.0:8001."
        )
    host = match["host"] or "127.0.0.1"
    return LOOPBACK_FOR.get(host, host), match["port"]


SERVED_HOST, SERVED_PORT = served_host_and_port(os.environ.get("PORT") or "127.0.0.1:8000")  # noqa: F405
SITE_URL = os.environ.get("SITE_URL") or f"http://{SERVED_HOST}:{SERVED_PORT}"  # noqa: F405
WAGTAILADMIN_BASE_URL = SITE_URL
# The development server answers to the names it is reached by.
_site_host = urlsplit(SITE_URL).hostname or SERVED_HOST
for _host in (SERVED_HOST, f"[{_site_host}]" if ":" in _site_host else _site_host):
    if _host not in ALLOWED_HOSTS:  # noqa: F405
        ALLOWED_HOSTS = [*ALLOWED_HOSTS, _host]  # noqa: F405
