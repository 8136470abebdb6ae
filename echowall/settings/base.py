"""Settings shared by every environment; everything site-specific comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from core.conf import DEFAULTS as ECHOWALL_DEFAULTS

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("ECHOWALL_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "home",
    "feedback",
    "polls",
    "reporting",
    "wall",
    "staff",
    "api",
    "search",
    "demo",
    "wagtail.api.v3",  # its APIToken screens (Settings → API tokens); its URLs are not mounted
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "captcha",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",
]

# Widgets render through TEMPLATES, so that templates/ can override third-party widget templates
# (the captcha's untranslated alt text).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but one: every answer, refusals by the middleware below included, carries them.
    "echowall.middleware.SiteCSPMiddleware",
    "echowall.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "echowall.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "echowall.middleware.RequestSizeMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    "home.page_creation.PageCreationRaceMiddleware",
]

ROOT_URLCONF = "echowall.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "search.context_processors.search_backend",
            ],
        },
    },
]

WSGI_APPLICATION = "echowall.wsgi.application"

# DATABASE_URL selects the database (PostgreSQL in production and CI); unset: SQLite under var/.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'echowall.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a few users beside the background worker: write-ahead log
    # (readers never wait for the writer), writers queue for up to 20 s instead of failing with
    # "database is locked", and transactions take the write lock at BEGIN, so that a read that
    # turns into a write cannot deadlock against another writer.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Interface in simplified Chinese by default, English through the language switch.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "echowall" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Citizens' photos live outside MEDIA_ROOT: they are served by a view that checks publication.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Form fields (files do not count) of one request: Django's default, a hundred times the longest
# post and roomy for the admin's page editor; beyond it `413.html` says so (RequestSizeMiddleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

WAGTAIL_SITE_NAME = "民生回音壁"
WAGTAILADMIN_USER_LOGIN_FORM = "staff.login_form.StaffLoginForm"  # a message that reads well
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "xlsx", "zip"]

# Background work survives restarts: tasks are rows in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The process's memory: right for the embedded default (one server process). Production with
# several processes sets REDIS_URL (production.py): rate-limit counters, the figures snapshot and
# the search synonyms are then shared by every worker.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def cache_settings():
    """Django's own Redis cache when REDIS_URL is set (redis://host:6379/0), else process memory."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "echowall",
        }
    }


# Elasticsearch: unset means the database search fallback.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "echowall")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "10"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "民生回音壁 <noreply@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

CAPTCHA_FONT_SIZE = 32
CAPTCHA_IMAGE_SIZE = (120, 44)
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10

LOGIN_URL = "wagtailadmin_login"

# The site's own settings: every key, its default and its meaning in core/conf.py (the one
# definition); here only what comes from the environment.
ECHOWALL = {
    **ECHOWALL_DEFAULTS,
    "CLIENT_ADDRESS_HEADER": os.environ.get("CLIENT_ADDRESS_HEADER", ""),
    "CLIENT_ADDRESS_PROXIES": int(os.environ.get("CLIENT_ADDRESS_PROXIES", "1")),
}

# --- Abuse limits and security headers ------------------------------------------------------

# Rate-limit counts live in the default cache: the process's memory in the embedded default,
# which is right for its single server process; several workers need a shared cache (REDIS_URL,
# production.py). A cache
# outage lets writes through rather than refusing every citizen (the captcha still stands).
RATELIMIT_FAIL_OPEN = True

# Staff log-in: 5 wrong passwords for one account from one address lock that pair out for 15
# minutes (locking by account alone would let anyone lock moderators out). Attempts are rows in
# the database, so every server process sees them; `manage.py axes_reset_username NAME` unlocks.
AUTHENTICATION_BACKENDS = [
    "echowall.login_limits.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.browser.client_address"
AXES_LOCKOUT_CALLABLE = "echowall.login_limits.locked_out"
# Log lines name the account and a masked address (see echowall/login_limits.py).
AXES_CLIENT_STR_CALLABLE = "echowall.login_limits.client_description"
AXES_ENABLE_ADMIN = False

# Content-Security-Policy: scripts and styles only from our own files, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
# Wagtail screens that need inline scripts and styles (see echowall.middleware.SiteCSPMiddleware);
# found by walking the admin in Chromium (tests/e2e/test_abuse.py).
CSP_INLINE_ALLOWED_PREFIXES = ["/admin/pages/", "/admin/users/", "/admin/reports/"]
# Browser features the site never uses (Permissions-Policy: each `feature=()`).
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]
# The admin fetches nothing from other sites: no avatars from gravatar (blocked in China, and
# they leak staff e-mail hashes), no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The account page offers these time zones; the default list is every zone file on the server,
# and Debian's "localtime" among them makes the browser's Intl API throw on that page.
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai", "UTC"]
