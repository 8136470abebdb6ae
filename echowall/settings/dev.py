from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-echowall"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
