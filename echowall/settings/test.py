import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-echowall"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One prefix per test run, so that runs sharing a node never see each other's documents.
ELASTICSEARCH_INDEX_PREFIX = os.environ.get(  # noqa: F405
    "ELASTICSEARCH_INDEX_PREFIX",
    f"echowall-test-{os.getpid()}",  # noqa: F405
)
CAPTCHA_TEST_MODE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than memory, so that the browser tests' server process shares the test
    # database; one per test run, so that parallel runs never meet.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"echowall-test-{os.getpid()}.sqlite3")  # noqa: F405
    }
