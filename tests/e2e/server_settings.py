"""Settings of the browser tests' server process: the test settings, served as a visitor gets
them (DEBUG off, real captcha), with e-mails written to files the tests read back.

The process is started by `tests/e2e/conftest.py` against the test run's own database; photos
are stored on disk because two processes cannot share an in-memory storage.
"""

import os

from echowall.settings.test import *  # noqa: F403

CAPTCHA_TEST_MODE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["ECHOWALL_E2E_MAILDIR"]
SITE_URL = os.environ["ECHOWALL_E2E_SITE_URL"]
WAGTAILADMIN_BASE_URL = SITE_URL
PRIVATE_MEDIA_ROOT = Path(os.environ["ECHOWALL_E2E_MEDIA"]) / "private"  # noqa: F405
MEDIA_ROOT = Path(os.environ["ECHOWALL_E2E_MEDIA"]) / "public"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MIDDLEWARE = ["tests.e2e.server_middleware.FreshStatePerTest", *MIDDLEWARE]  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "WARNING"}},
}
