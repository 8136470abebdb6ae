from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import signals, synonyms  # noqa: F401, PLC0415 - connects the receivers once apps are loaded
